/*
 * The assembler half of cases_more.c: handlers and probes whose exact
 * instruction addresses the cases check.  Each records what it saw in
 * `more_rec` (struct more_record in cases_more.c; offsets MR_* below).
 * Every routine keeps the registers cdecl asks it to keep; the handlers
 * keep all of them.
 */
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/vmi_calls.h"

/* struct more_record offsets (cases_more.c asserts them). */
#define MR_OUTER_EIP      0
#define MR_OUTER_CS       4
#define MR_OUTER_EFLAGS   8
#define MR_OUTER_ESP      12
#define MR_CALLER_ESP     16
#define MR_RESUME_ADDR    20
#define MR_HANDLER_STEPS  24
#define MR_STEPS_AT_RET   28
#define MR_IRQS_BEFORE    32
#define MR_IRQS_IN_HANDLER 36
#define MR_MASK_IN_HANDLER 40
#define MR_IRQS_AFTER     44
#define MR_LOOP_START     48
#define MR_LOOP_END       52
#define MR_LOOP_CALLS     56

	.text

/*
 * trap-nested-fault: the #BP handler (an interrupt gate at vector 3).
 * It records its own frame, then runs ud2 with the catcher armed to
 * resume right after it (the catcher's #UD gate records the inner frame
 * and returns through the ROM's IRET), notes that it got back, and leaves
 * through the ROM's IRET itself.
 */
	.globl more_nested_bp_handler
	.type more_nested_bp_handler, @function
more_nested_bp_handler:
	pushal				/* frame at 32(%esp): EIP, CS, EFLAGS */
	cld
	movl 32(%esp), %eax
	movl %eax, more_rec + MR_OUTER_EIP
	movl 36(%esp), %eax
	movl %eax, more_rec + MR_OUTER_CS
	movl 40(%esp), %eax
	movl %eax, more_rec + MR_OUTER_EFLAGS
	leal 44(%esp), %eax		/* same ring: the ESP above the frame */
	movl %eax, more_rec + MR_OUTER_ESP
	movl $1, more_rec + MR_HANDLER_STEPS	/* 1: the outer handler runs */
	movl $9f, catch_resume_eip
	movl $8f, probe_fault_eip
	movl $9f, probe_next_eip
	movl %esp, probe_esp
8:	ud2
9:	movl $0, catch_resume_eip
	incl more_rec + MR_HANDLER_STEPS	/* 2: back in it after the inner fault */
	popal
	call *VMI_TARGET(IRET)		/* never returns */
	ud2
	.size more_nested_bp_handler, . - more_nested_bp_handler

/* void more_nested_probe(void): int3 into the handler above. */
	.globl more_nested_probe
	.type more_nested_probe, @function
more_nested_probe:
	movl $9f, more_rec + MR_RESUME_ADDR
	movl %esp, more_rec + MR_CALLER_ESP
	int3
9:	movl more_rec + MR_HANDLER_STEPS, %eax
	movl %eax, more_rec + MR_STEPS_AT_RET
	ret
	.size more_nested_probe, . - more_nested_probe

/*
 * irq-at-enable: EnableInterrupts with IRQ 0 already pending.  The count
 * of IRQ 0 is read by the first instruction after the call, whose address
 * the interrupt frame must carry.
 */
	.globl more_enable_probe
	.type more_enable_probe, @function
more_enable_probe:
	movl $9f, more_rec + MR_RESUME_ADDR
	movl irq_count, %eax
	movl %eax, more_rec + MR_IRQS_BEFORE
	call *VMI_TARGET(EnableInterrupts)
9:	movl irq_count, %eax
	movl %eax, more_rec + MR_IRQS_AFTER
	ret
	.size more_enable_probe, . - more_enable_probe

/*
 * irq-at-iret: the #BP handler sets IF in its frame's EFLAGS image and
 * returns through the ROM's IRET, with IRQ 0 pending all along.  It notes
 * what it saw first: IRQ 0 not yet taken, interrupts off.
 */
	.globl more_iret_bp_handler
	.type more_iret_bp_handler, @function
more_iret_bp_handler:
	pushl %eax
	movl irq_count, %eax
	movl %eax, more_rec + MR_IRQS_IN_HANDLER
	call *VMI_TARGET(GetInterruptMask)
	movl %eax, more_rec + MR_MASK_IN_HANDLER
	movl 4(%esp), %eax
	movl %eax, more_rec + MR_OUTER_EIP
	popl %eax
	orl $X86_EFLAGS_IF, 8(%esp)	/* EFLAGS of the frame: EIP, CS, EFLAGS */
	call *VMI_TARGET(IRET)		/* never returns */
	ud2
	.size more_iret_bp_handler, . - more_iret_bp_handler

/* void more_iret_probe(void): int3 into the handler above; returns with
 * interrupts enabled (the IRET's image said so). */
	.globl more_iret_probe
	.type more_iret_probe, @function
more_iret_probe:
	movl $9f, more_rec + MR_RESUME_ADDR
	movl irq_count, %eax
	movl %eax, more_rec + MR_IRQS_BEFORE
	int3
9:	movl irq_count, %eax
	movl %eax, more_rec + MR_IRQS_AFTER
	ret
	.size more_iret_probe, . - more_iret_probe

/*
 * irq-during-rom-call: uint32_t more_rom_loop(uint32_t deadline_lo,
 * uint32_t deadline_hi).  Calls GetCycleCounter(REAL) until IRQ 0 has
 * counted or REAL reaches the deadline; nothing else in the loop calls
 * the ROM.  Returns the number of calls made; the loop's bounds (the
 * interrupt frame's EIP must lie in [start, end)) and the return address
 * of the call go to more_rec.
 */
	.globl more_rom_loop
	.type more_rom_loop, @function
more_rom_loop:
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 16(%esp), %esi		/* deadline low */
	movl 20(%esp), %edi		/* deadline high */
	xorl %ebx, %ebx
	movl $1f, more_rec + MR_LOOP_START
	movl $3f, more_rec + MR_LOOP_END
	movl $2f, more_rec + MR_RESUME_ADDR
1:	incl %ebx
	movl $VMI_CYCLES_REAL, %eax
	call *VMI_TARGET(GetCycleCounter)	/* regparm: eax, ecx, edx */
2:	cmpl $0, irq_count
	jne 3f
	cmpl %edi, %edx
	jb 1b
	ja 3f
	cmpl %esi, %eax
	jb 1b
3:	movl %ebx, %eax
	movl %ebx, more_rec + MR_LOOP_CALLS
	popl %edi
	popl %esi
	popl %ebx
	ret
	.size more_rom_loop, . - more_rom_loop

/* ---- xsave-enable: one instruction each, under the catcher (catch.h) ---- */

/* uint64_t more_probe_xgetbv(uint32_t xcr): 0 after a fault. */
	.globl more_probe_xgetbv
	.type more_probe_xgetbv, @function
more_probe_xgetbv:
	movl $9f, catch_resume_eip
	movl $8f, probe_fault_eip
	movl $9f, probe_next_eip
	movl 4(%esp), %ecx
	xorl %eax, %eax
	xorl %edx, %edx
	movl %esp, probe_esp
8:	xgetbv
9:	movl $0, catch_resume_eip
	ret
	.size more_probe_xgetbv, . - more_probe_xgetbv

/* void more_probe_xsetbv(uint32_t xcr, uint32_t lo, uint32_t hi) */
	.globl more_probe_xsetbv
	.type more_probe_xsetbv, @function
more_probe_xsetbv:
	movl $9f, catch_resume_eip
	movl $8f, probe_fault_eip
	movl $9f, probe_next_eip
	movl 4(%esp), %ecx
	movl 8(%esp), %eax
	movl 12(%esp), %edx
	movl %esp, probe_esp
8:	xsetbv
9:	movl $0, catch_resume_eip
	ret
	.size more_probe_xsetbv, . - more_probe_xsetbv

	.section .note.GNU-stack, "", @progbits
