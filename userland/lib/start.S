/*
 * _start, the entry point of every program: the kernel leaves argc, then
 * argv[], NULL, envp[], NULL and the auxiliary vector on the stack and no
 * frame.  Saves envp in `environ`, calls main(argc, argv, envp) on a 16-byte
 * aligned stack and exits with its return value.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	movl	(%esp), %eax		/* argc */
	leal	4(%esp), %ecx		/* argv */
	leal	8(%esp,%eax,4), %edx	/* envp = argv + argc + 1 */
	movl	%edx, environ
	andl	$-16, %esp
	subl	$4, %esp		/* three pushes: aligned at the call */
	pushl	%edx
	pushl	%ecx
	pushl	%eax
	call	main
	movl	%eax, (%esp)
	call	sys_exit
	hlt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
