/*
 * The selftest's assembly probes (declared in selftest.h): a store whose
 * fault a signal handler can skip, a spin loop that watches its registers
 * while signals come and go, x87 and SSE registers held across context
 * switches, and a call through the vDSO's system call entry.
 */
#define NR_SCHED_YIELD 158

	.text

/* int probe_store(volatile int *p, int value) */
	.globl probe_store, probe_store_insn, probe_store_recovered
	.type probe_store, @function
probe_store:
	movl	4(%esp), %eax
	movl	8(%esp), %edx
probe_store_insn:
	movl	%edx, (%eax)
	xorl	%eax, %eax
	ret
probe_store_recovered:
	movl	$1, %eax
	ret
	.size probe_store, . - probe_store

/* int spin_until_counter(volatile int *counter, int target) */
	.globl spin_until_counter
	.type spin_until_counter, @function
spin_until_counter:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	pushl	%ds			/* 4(%esp) */
	pushl	%es			/* 0(%esp); counter at 28(%esp), target at 32(%esp) */
	movl	32(%esp), %ecx
	movl	$0x11111111, %ebx
	movl	$0x22222222, %esi
	movl	$0x33333333, %edi
	movl	$0x44444444, %ebp
	movl	$0x55555555, %edx
	std
1:	movl	$1, %eax
	cmpl	$0x11111111, %ebx
	jne	3f
	movl	$2, %eax
	cmpl	$0x22222222, %esi
	jne	3f
	movl	$3, %eax
	cmpl	$0x33333333, %edi
	jne	3f
	movl	$4, %eax
	cmpl	$0x44444444, %ebp
	jne	3f
	movl	$5, %eax
	cmpl	$0x55555555, %edx
	jne	3f
	movw	%ds, %ax
	cmpw	4(%esp), %ax
	movl	$6, %eax
	jne	3f
	movw	%es, %ax
	cmpw	(%esp), %ax
	movl	$7, %eax
	jne	3f
	pushfl
	popl	%eax
	testl	$0x400, %eax
	movl	$8, %eax
	jz	3f
	movl	28(%esp), %eax
	cmpl	(%eax), %ecx
	jg	1b
	xorl	%eax, %eax
3:	cld
	addl	$8, %esp
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size spin_until_counter, . - spin_until_counter

/* int x87_hold_across_yields(int value, int yields) */
	.globl x87_hold_across_yields
	.type x87_hold_across_yields, @function
x87_hold_across_yields:
	pushl	%ebx
	fildl	8(%esp)
	movl	12(%esp), %ebx
1:	movl	$NR_SCHED_YIELD, %eax
	int	$0x80
	decl	%ebx
	jnz	1b
	fistpl	8(%esp)
	movl	8(%esp), %eax
	popl	%ebx
	ret
	.size x87_hold_across_yields, . - x87_hold_across_yields

/* int sse_hold_across_yields(int value, int yields): in %xmm0 and %xmm7 */
	.globl sse_hold_across_yields
	.type sse_hold_across_yields, @function
sse_hold_across_yields:
	pushl	%ebx
	movd	8(%esp), %xmm0
	pshufd	$0, %xmm0, %xmm7
	movl	12(%esp), %ebx
1:	movl	$NR_SCHED_YIELD, %eax
	int	$0x80
	decl	%ebx
	jnz	1b
	pshufd	$0x39, %xmm7, %xmm0	/* rotate: lane 1 into lane 0 */
	movd	%xmm0, %eax
	popl	%ebx
	ret
	.size sse_hold_across_yields, . - sse_hold_across_yields

/* long vsyscall_call(unsigned long entry, long nr, long a1, long a2, long a3) */
	.globl vsyscall_call
	.type vsyscall_call, @function
vsyscall_call:
	pushl	%ebx
	movl	12(%esp), %eax
	movl	16(%esp), %ebx
	movl	20(%esp), %ecx
	movl	24(%esp), %edx
	call	*8(%esp)
	popl	%ebx
	ret
	.size vsyscall_call, . - vsyscall_call

	.section .note.GNU-stack, "", @progbits
