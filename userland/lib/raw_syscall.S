/*
 * raw_syscall(nr, a1..a6): one Linux i386 system call through int $0x80.
 * Arguments go in %ebx, %ecx, %edx, %esi, %edi, %ebp, the number in %eax;
 * the kernel's result (a negative errno on failure) comes back in %eax.
 * Written in assembly because C cannot hand %ebp to an asm statement.
 */
	.text
	.globl raw_syscall
	.type raw_syscall, @function
raw_syscall:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	36(%esp), %esi
	movl	40(%esp), %edi
	movl	44(%esp), %ebp
	int	$0x80
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size raw_syscall, . - raw_syscall

/*
 * The sa_restorer of handlers installed through set_signal_handler(): the
 * handler returns here and the kernel puts back the state saved in the
 * signal frame.  signal_return_rt is for SA_SIGINFO handlers (rt frame);
 * signal_return for the others: their frame begins with the signal number
 * above the return address, which sigreturn expects popped.
 */
	.globl signal_return_rt
	.type signal_return_rt, @function
signal_return_rt:
	movl	$173, %eax		/* NR_rt_sigreturn */
	int	$0x80
	hlt				/* not reached */
	.size signal_return_rt, . - signal_return_rt

	.globl signal_return
	.type signal_return, @function
signal_return:
	popl	%eax
	movl	$119, %eax		/* NR_sigreturn */
	int	$0x80
	hlt				/* not reached */
	.size signal_return, . - signal_return

	.section .note.GNU-stack, "", @progbits
