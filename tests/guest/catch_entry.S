/*
 * The catcher (catch.h): one fixed-size stub per exception vector, then a
 * common path that records the frame and resumes where the case asked, or
 * leaves user mode, or reports the exception as unexpected.
 */
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/layout.h"
#include "tests/guest/user_mode.h"
#include "tests/guest/vmi_calls.h"

/* Stack in catch_common, from %esp up: pusha (edi esi ebp esp ebx edx ecx
 * eax), vector, error code, then the frame: EIP, CS, EFLAGS and, from
 * ring 3, ESP and SS.  The first part is struct exception_frame. */
#define F_EAX 28
#define F_VECTOR 32
#define F_ERROR 36
#define F_EIP 40
#define F_CS 44
#define F_EFLAGS 48
#define F_ESP 52
#define F_SS 56

	.text
	.balign CATCH_STUB_SIZE
	.globl catch_stubs
catch_stubs:
	vector = 0
	.rept X86_NR_EXCEPTIONS
	.if ((X86_TRAP_ERRCODE_MASK >> vector) & 1) == 0
	pushl $0
	.endif
	pushl $vector
	jmp catch_common
	vector = vector + 1
	.org catch_stubs + vector * CATCH_STUB_SIZE, 0xcc
	.endr

/* Everything but the stack words of a ring-3 frame. */
.macro record_frame
	call *VMI_TARGET(GetInterruptMask)
	movl %eax, caught + CAUGHT_HANDLER_MASK
	movl F_VECTOR(%esp), %eax
	movl %eax, caught + CAUGHT_VECTOR
	movl F_ERROR(%esp), %eax
	movl %eax, caught + CAUGHT_ERROR
	movl F_EIP(%esp), %eax
	movl %eax, caught + CAUGHT_EIP
	movl F_CS(%esp), %eax
	movl %eax, caught + CAUGHT_CS
	movl F_EFLAGS(%esp), %eax
	movl %eax, caught + CAUGHT_EFLAGS
	leal F_EIP(%esp), %eax
	movl %eax, caught + CAUGHT_FRAME
	incl caught + CAUGHT_COUNT
.endm

catch_common:
	pushal
	cld
	movl F_CS(%esp), %eax
	andl $3, %eax
	cmpl $3, %eax
	je catch_from_user
	cmpl $0, catch_resume_eip
	je catch_unexpected
	record_frame
	leal F_ESP(%esp), %eax		/* same ring: the frame sat right under ESP */
	movl %eax, caught + CAUGHT_ESP
	movl %ss, %eax
	movl %eax, caught + CAUGHT_SS
	movl catch_resume_eip, %eax
	movl %eax, F_EIP(%esp)
	movl $0, catch_resume_eip
	popal
	addl $8, %esp			/* vector, error code */
	call *VMI_TARGET(IRET)		/* never returns */
	ud2

/* From user mode DS may be anything the user loaded: take the kernel's. */
catch_from_user:
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	cmpl $0, user_mode_active
	je catch_unexpected
	record_frame
	movl F_ESP(%esp), %eax
	movl %eax, caught + CAUGHT_ESP
	movl F_SS(%esp), %eax
	movl %eax, caught + CAUGHT_SS
	movl $USER_EXIT_TRAP, %eax
	jmp user_mode_leave

catch_unexpected:
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl %esp
	call report_unexpected_exception	/* never returns */
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
