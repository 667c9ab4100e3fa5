/*
 * 8259 programming and the interrupt gates (irq.h).
 */
#include "tests/guest/irq.h"
#include "tests/guest/layout.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

extern uint64_t idt_table[IDT_ENTRIES];

void irq_install(void)
{
	for (uint32_t line = 0; line < IRQ_LINES; line++)
		vmi_write_idt_entry(idt_table, PIC_MASTER_BASE + line,
		                    idt_gate(KERNEL_CS, (uint32_t)irq_stubs + line * IRQ_STUB_SIZE,
		                             GATE_TYPE_INTR32, 0));
}

void irq_reset_counts(void)
{
	for (unsigned int i = 0; i < IRQ_LINES; i++)
		irq_count[i] = irq_stamp_lo[i] = irq_stamp_hi[i] = 0;
	irq0_log_count = 0;
	irq_last_mask = 0;
	irq4_iir = 0;
}

void pic_set_mask(uint16_t mask)
{
	outb((uint8_t)mask, PIC_MASTER_DATA);
	outb((uint8_t)(mask >> 8), PIC_SLAVE_DATA);
}

void pic_init(uint16_t mask)
{
	outb(0x11, PIC_MASTER_CMD);             /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC_MASTER_BASE, PIC_MASTER_DATA); /* ICW2: vector base */
	outb(0x04, PIC_MASTER_DATA);            /* ICW3: slave on line 2 */
	outb(0x01, PIC_MASTER_DATA);            /* ICW4: 8086 mode */
	outb(0x11, PIC_SLAVE_CMD);
	outb(PIC_SLAVE_BASE, PIC_SLAVE_DATA);
	outb(0x02, PIC_SLAVE_DATA); /* ICW3: cascade identity 2 */
	outb(0x01, PIC_SLAVE_DATA);
	pic_set_mask(mask);
}

uint64_t irq_stamp(unsigned int line)
{
	return (uint64_t)irq_stamp_hi[line] << 32 | irq_stamp_lo[line];
}
