/*
 * Entering and leaving ring 3, the `int $0x80` handler, and the user
 * programs (user_mode.h).
 */
#include "include/x86_traps.h"
#include "tests/guest/layout.h"
#include "tests/guest/user_mode.h"
#include "tests/guest/vmi_calls.h"

	.text
/* uint32_t user_mode_run(uint32_t eip, uint32_t esp, uint32_t ebx) */
	.globl user_mode_run
	.type user_mode_run, @function
user_mode_run:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl %esp, user_saved_esp
	movl 36(%esp), %eax		/* eip */
	movl 40(%esp), %ecx		/* esp */
	movl 44(%esp), %ebx		/* the argument, in EBX */
	movl $1, user_mode_active
	pushl $USER_DS
	pushl %ecx
	pushl $(X86_EFLAGS_IF | 0x2)	/* user mode runs with interrupts on */
	pushl $USER_CS
	pushl %eax
	xorl %eax, %eax
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	call *VMI_TARGET(IRET)		/* never returns */
	ud2
	.size user_mode_run, . - user_mode_run

/* Back to user_mode_run's caller, from any stack at ring 1; EAX = the
 * reason.  Interrupts are disabled again, as the kernel cases run. */
	.globl user_mode_leave
user_mode_leave:
	movl $KERNEL_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	movl user_saved_esp, %esp
	movl $0, user_mode_active
	call *VMI_TARGET(DisableInterrupts)
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/*
 * The gate for vector 0x80: a DPL-3 trap gate, which Xen calls directly.
 * On the kernel stack UpdateKernelStack named: EIP, CS, EFLAGS, ESP, SS.
 * DS is still the user's (flat, DPL 3: usable at ring 1 too).
 */
	.globl user_syscall_entry
	.type user_syscall_entry, @function
user_syscall_entry:
	cmpl $USER_SYS_EXIT, %eax
	je 2f
	pushal
	cld
	incl user_sys_count
	movl %eax, user_sys_eax
	leal 32(%esp), %esi
	movl %esi, user_sys_frame_addr
	movl $user_sys_frame, %edi
	movl $5, %ecx
	rep movsl
	call *VMI_TARGET(GetInterruptMask)
	movl %eax, user_sys_mask
	notl 28(%esp)			/* the answer: EAX = ~EAX */
	popal
	call *VMI_TARGET(IRET)		/* back to ring 3 */
	ud2
2:	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %ebx, user_exit_value
	movl $USER_EXIT_SYSCALL, %eax
	jmp user_mode_leave
	.size user_syscall_entry, . - user_syscall_entry

/* ---- the user programs: copied to a user page, position-independent ---- */
	.balign 16
	.globl user_code_start, user_code_end
	.globl user_prog_echo, user_prog_read, user_prog_ud2
	.globl user_prog_echo_after_int, user_prog_read_load, user_prog_cli
user_code_start:

/* int $0x80 with USER_SYS_ECHO_VALUE, then exit with the answer. */
user_prog_echo:
	movl $USER_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	movl $USER_SYS_ECHO_VALUE, %eax
	int $SYSCALL_VECTOR
user_prog_echo_after_int:
	movl %eax, %ebx
	movl $USER_SYS_EXIT, %eax
	int $SYSCALL_VECTOR
	ud2

/* Read the word at EBX, exit with it (if the read does not fault). */
user_prog_read:
	movl $USER_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
user_prog_read_load:
	movl (%ebx), %ebx
	movl $USER_SYS_EXIT, %eax
	int $SYSCALL_VECTOR
	ud2

user_prog_ud2:
	ud2
	ud2

/* A privileged instruction at CPL 3, IOPL 0. */
user_prog_cli:
	cli
	ud2

user_code_end:

	.bss
	.balign 4
	.globl user_mode_active, user_exit_value
	.globl user_sys_count, user_sys_eax, user_sys_frame, user_sys_frame_addr, user_sys_mask
user_saved_esp:
	.skip 4
user_mode_active:
	.skip 4
user_exit_value:
	.skip 4
user_sys_count:
	.skip 4
user_sys_eax:
	.skip 4
user_sys_frame:
	.skip 20
user_sys_frame_addr:
	.skip 4
user_sys_mask:
	.skip 4

	.section .note.GNU-stack, "", @progbits
