/*
 * The assembler half of cases_segments.c: a read through %gs with the
 * catcher armed (the %gs twin of probe_read_fs, catch.h's conventions:
 * label 8 the instruction, label 9 the resume address), and a far jump
 * to a code selector given at run time.  cdecl: eax, ecx, edx are scratch.
 */
#include "tests/guest/catch.h"

	.text

/* uint32_t seg_probe_read_gs(uint32_t offset): movl %gs:(offset), %eax;
 * 0 if it faulted (the catcher records it). */
	.globl seg_probe_read_gs
	.type seg_probe_read_gs, @function
seg_probe_read_gs:
	movl $9f, catch_resume_eip
	movl $8f, probe_fault_eip
	movl $9f, probe_next_eip
	movl 4(%esp), %ecx
	xorl %eax, %eax
	movl %esp, probe_esp
8:	movl %gs:(%ecx), %eax
9:	movl $0, catch_resume_eip
	ret
	.size seg_probe_read_gs, . - seg_probe_read_gs

/*
 * uint32_t seg_ljmp(uint32_t sel): ljmp through a far pointer (m16:32) to
 * the next instruction with CS = sel, then a near ret on the same flat
 * stack.  Returns the CS the code after the jump runs on.  Not armed: a
 * far jump that faults is a failure the unexpected-exception report
 * should show.
 */
	.globl seg_ljmp
	.type seg_ljmp, @function
seg_ljmp:
	movl 4(%esp), %eax
	movl $1f, seg_far_pointer
	movw %ax, seg_far_pointer + 4
	ljmp *seg_far_pointer
1:	xorl %eax, %eax
	movw %cs, %ax
	ret
	.size seg_ljmp, . - seg_ljmp

	.data
	.balign 8
seg_far_pointer:
	.long 0		/* offset */
	.word 0		/* selector */
	.word 0

	.section .note.GNU-stack, "", @progbits
