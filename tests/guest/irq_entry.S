/*
 * The 8259 interrupt handlers (irq.h).
 */
#include "include/vmi_abi.h"
#include "tests/guest/irq.h"
#include "tests/guest/vmi_calls.h"

/* Stack in irq_common: pusha, the line, then EIP, CS, EFLAGS. */
#define F_LINE 32
#define F_EIP 36

	.text
	.balign IRQ_STUB_SIZE
	.globl irq_stubs
irq_stubs:
	line = 0
	.rept IRQ_LINES
	pushl $line
	jmp irq_common
	line = line + 1
	.org irq_stubs + line * IRQ_STUB_SIZE, 0xcc
	.endr

irq_common:
	pushal
	cld
	movl F_LINE(%esp), %ebx
	incl irq_count(, %ebx, 4)
	movl $VMI_CYCLES_REAL, %eax
	call *VMI_TARGET(GetCycleCounter)	/* regparm: eax, ecx, edx only */
	movl %eax, irq_stamp_lo(, %ebx, 4)
	movl %edx, irq_stamp_hi(, %ebx, 4)
	testl %ebx, %ebx
	jnz 1f
	movl irq0_log_count, %ecx
	cmpl $IRQ_LOG_SIZE, %ecx
	jae 1f
	movl %eax, irq0_log(, %ecx, 8)
	movl %edx, irq0_log + 4(, %ecx, 8)
	incl irq0_log_count
1:	leal F_EIP(%esp), %esi
	movl $irq_last_frame, %edi
	movl $3, %ecx
	rep movsl
	call *VMI_TARGET(GetInterruptMask)
	movl %eax, irq_last_mask
	cmpl $COM1_IRQ, %ebx
	jne 2f
	movw $(COM1_BASE + 2), %dx	/* IIR: which source, and acknowledge THRE */
	inb %dx, %al
	movb %al, irq4_iir
	movw $(COM1_BASE + 1), %dx	/* IER = 0: no further UART interrupts */
	xorl %eax, %eax
	outb %al, %dx
2:	movb $PIC_EOI, %al
	cmpl $8, %ebx
	jb 3f
	outb %al, $PIC_SLAVE_CMD
3:	outb %al, $PIC_MASTER_CMD
	popal
	addl $4, %esp			/* the line */
	call *VMI_TARGET(IRET)		/* never returns */
	ud2

	.bss
	.balign 8
	.globl irq_count, irq_stamp_lo, irq_stamp_hi, irq0_log_count, irq0_log
	.globl irq_last_frame, irq_last_mask, irq4_iir
irq0_log:
	.skip IRQ_LOG_SIZE * 8
irq_count:
	.skip IRQ_LINES * 4
irq_stamp_lo:
	.skip IRQ_LINES * 4
irq_stamp_hi:
	.skip IRQ_LINES * 4
irq0_log_count:
	.skip 4
irq_last_frame:
	.skip 12
irq_last_mask:
	.skip 4
irq4_iir:
	.skip 4

	.section .note.GNU-stack, "", @progbits
