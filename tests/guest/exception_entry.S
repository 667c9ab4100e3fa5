/*
 * Entry for every exception vector 0-31: one fixed-size stub per vector
 * (so a gate's handler is exception_stubs + vector * STUB_SIZE), the gate
 * writer head.S uses, and the common path.  No exception is expected: each
 * one is reported with vector, error code, EIP and CS, and the run ends
 * with EXIT_FAIL.
 *
 * The same stubs serve before and after paging: head.S first writes the
 * gates with their physical addresses, later with their virtual ones.  So
 * the address the common path runs at tells the phase: below PAGE_OFFSET
 * nothing linked at a virtual address (the C side) may be touched, and
 * the report is printed from here, through physical addresses.
 */
#include "include/x86_traps.h"
#include "tests/guest/layout.h"

#define pa(x) ((x) - GUEST_PAGE_OFFSET)
#define STUB_SIZE 16
#define GATE_INTERRUPT_32 0x8e00 /* present, DPL 0, 32-bit interrupt gate */

	.text
	.balign STUB_SIZE
	.globl exception_stubs
exception_stubs:
	vector = 0
	.rept X86_NR_EXCEPTIONS
	.if ((X86_TRAP_ERRCODE_MASK >> vector) & 1) == 0
	pushl $0		/* a dummy error code keeps one frame layout */
	.endif
	pushl $vector
	jmp exception_common
	vector = vector + 1
	.org exception_stubs + vector * STUB_SIZE, 0xcc	/* fails if a stub outgrows */
	.endr

/*
 * Write X86_NR_EXCEPTIONS interrupt gates (selector KERNEL_CS) to the IDT
 * at %edi for the stubs starting at %eax.  Registers only, so it runs the
 * same at the physical and the virtual address.  Clobbers eax, ecx, edx, edi.
 */
	.globl fill_idt_gates
fill_idt_gates:
	movl $X86_NR_EXCEPTIONS, %ecx
1:	movl %eax, %edx
	andl $0x0000ffff, %edx
	orl $(KERNEL_CS << 16), %edx
	movl %edx, (%edi)		/* selector : offset 15..0 */
	movl %eax, %edx
	andl $0xffff0000, %edx
	orl $GATE_INTERRUPT_32, %edx
	movl %edx, 4(%edi)		/* offset 31..16 : type */
	addl $STUB_SIZE, %eax
	addl $8, %edi
	loop 1b
	ret

/*
 * Stack here, from %esp up: pusha's edi esi ebp esp ebx edx ecx eax, then
 * vector, error code, and the CPU's eip, cs, eflags (struct exception_frame).
 */
exception_common:
	pushal
	cld
	call 2f
2:	popl %eax
	cmpl $GUEST_PAGE_OFFSET, %eax
	jb early_exception
	pushl %esp
	call report_unexpected_exception	/* never returns */
3:	hlt
	jmp 3b

/* ---- before paging: report with position-independent code ---------------- */
#define FRAME_VECTOR 32
#define FRAME_ERROR 36
#define FRAME_EIP 40
#define FRAME_CS 44

early_exception:
	movl %esp, %ebp
	/* A fault while reporting would loop; the second time, just stop. */
	btsl $0, pa(early_exception_nesting)
	jc early_exit
	movl $pa(msg_early_vector), %esi
	call early_puts
	movl FRAME_VECTOR(%ebp), %eax
	call early_put_decimal
	movl FRAME_VECTOR(%ebp), %ecx
	movl $X86_TRAP_ERRCODE_MASK, %eax
	btl %ecx, %eax			/* does the CPU push an error code? */
	jnc 5f
	movl $pa(msg_early_error), %esi
	call early_puts
	movl FRAME_ERROR(%ebp), %ebx
	movl $8, %ecx
	call early_put_hex
5:
	movl $pa(msg_early_eip), %esi
	call early_puts
	movl FRAME_EIP(%ebp), %ebx
	movl $8, %ecx
	call early_put_hex
	movl $pa(msg_early_cs), %esi
	call early_puts
	movl FRAME_CS(%ebp), %ebx
	movl $4, %ecx
	call early_put_hex
	movl $pa(msg_early_end), %esi
	call early_puts
early_exit:
	movb $ASM_EXIT_FAIL, %al
	outb %al, $ASM_DEBUG_EXIT_PORT
4:	hlt
	jmp 4b

/* %bl: one byte to COM1, once the transmitter is free.  Clobbers eax, edx. */
early_putc:
	movw $SERIAL_LSR, %dx
1:	inb %dx, %al
	testb $SERIAL_LSR_THRE, %al
	jz 1b
	movw $SERIAL_THR, %dx
	movb %bl, %al
	outb %al, %dx
	ret

/* %esi: physical address of a NUL-terminated string.  Clobbers eax, ebx, edx, esi. */
early_puts:
1:	movb (%esi), %bl
	testb %bl, %bl
	jz 2f
	call early_putc
	incl %esi
	jmp 1b
2:	ret

/* %ebx: value, %ecx: number of hex digits (from the top).  Clobbers eax, ebx, ecx, edx, edi. */
early_put_hex:
	movl %ebx, %edi
	movl $8, %eax
	subl %ecx, %eax
	shll $2, %eax
	xchgl %eax, %ecx
	shll %cl, %edi			/* drop the digits not asked for */
	movl %eax, %ecx
1:	roll $4, %edi
	movl %edi, %ebx
	andl $0xf, %ebx
	addb $'0', %bl
	cmpb $'9', %bl
	jbe 2f
	addb $('a' - '9' - 1), %bl
2:	pushl %ecx
	call early_putc
	popl %ecx
	loop 1b
	ret

/* %eax: a vector number below 100, in decimal.  Clobbers eax, ebx, ecx, edx. */
early_put_decimal:
	movb $10, %cl
	divb %cl			/* al = tens, ah = units */
	movb %ah, %ch
	testb %al, %al
	jz 1f
	movb %al, %bl
	addb $'0', %bl
	call early_putc
1:	movb %ch, %bl
	addb $'0', %bl
	call early_putc
	ret

	.section .rodata
msg_early_vector:
	.asciz "guest: FAIL unexpected-exception: vector "
msg_early_error:
	.asciz " error 0x"
msg_early_eip:
	.asciz " eip 0x"
msg_early_cs:
	.asciz " cs 0x"
msg_early_end:
	.asciz " (paging off)\n"

	.section .bss
	.balign 4
early_exception_nesting:
	.skip 4

	.section .note.GNU-stack, "", @progbits
