/*
 * Hardware interrupts through the virtual 8259 pair (irq_entry.S): a
 * handler per line for vectors PIC_MASTER_BASE..+15, installed with
 * WriteIDTEntry as interrupt gates.  Each one counts, stamps the time
 * (GetCycleCounter REAL), keeps the first IRQ_LOG_SIZE stamps of IRQ 0,
 * records the frame and the interrupt mask it saw; for IRQ 4 (COM1) it
 * also reads IIR into irq4_iir and clears IER; then it sends the EOI
 * (to the slave too for lines 8-15) and returns through the ROM's IRET.
 */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#define PIC_MASTER_CMD  0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD   0xA0
#define PIC_SLAVE_DATA  0xA1
#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE  0x28
#define PIC_EOI         0x20
#define IRQ_LINES       16
#define IRQ_STUB_SIZE   8
#define IRQ_LOG_SIZE    16

#define COM1_BASE 0x3F8
#define COM1_IRQ  4

#ifndef __ASSEMBLER__
#include <stdint.h>

extern char irq_stubs[];
extern volatile uint32_t irq_count[IRQ_LINES];
extern volatile uint32_t irq_stamp_lo[IRQ_LINES], irq_stamp_hi[IRQ_LINES];
extern volatile uint32_t irq0_log_count, irq0_log[IRQ_LOG_SIZE][2]; /* lo, hi */
extern volatile uint32_t irq_last_frame[3];                         /* EIP, CS, EFLAGS */
extern volatile uint32_t irq_last_mask;
extern volatile uint8_t irq4_iir;

/* Gates for the 16 vectors (WriteIDTEntry). */
void irq_install(void);
void irq_reset_counts(void);
/* ICW1-4 on both chips (bases 0x20/0x28, cascade on 2, 8086 mode), then
 * the masks: bit n set = line n masked (master low byte, slave high). */
void pic_init(uint16_t mask);
void pic_set_mask(uint16_t mask);
uint64_t irq_stamp(unsigned int line);
#endif

#endif
