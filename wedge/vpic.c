/*
 * 8259A emulation, master and slave cascaded on line 2: initialisation
 * words (vector base, single/cascade, AEOI), the mask register, specific
 * and non-specific EOI, IRR/ISR reads through OCW3, and the edge/level
 * control registers Linux reads at 0x4d0/0x4d1.  Fixed priority, line 0
 * highest; special mask and rotation modes are accepted and ignored.
 */
#include "wedge/counters.h"
#include "wedge/vpic.h"

#define ICW1_INIT     0x10
#define ICW1_ICW4     0x01
#define ICW1_SINGLE   0x02
#define OCW3_SELECT   0x08
#define OCW3_READ_ISR 0x03
#define OCW3_READ_IRR 0x02
#define OCW2_EOI      0x20
#define OCW2_SPECIFIC 0x40
#define ICW4_AEOI     0x02
#define CASCADE_LINE  2

struct i8259 {
	uint8_t irr, isr, imr;
	uint8_t vector_base;
	uint8_t init_step; /* 0 = ready, else the next ICW expected */
	uint8_t needs_icw4, single, aeoi;
	uint8_t read_isr;
	uint8_t elcr;
};

static struct i8259 pics[2];

/* Read by the ROM's interrupt windows: is there a vector to give? */
uint8_t vmi_irq_pending;

BURN_COUNTER(vpic_raise);
BURN_COUNTER(vpic_eoi);

void vpic_reset(void)
{
	for (unsigned int i = 0; i < 2; i++)
		pics[i] = (struct i8259){.imr = 0xff, .vector_base = (uint8_t)(i ? 0x70 : 0x08)};
}

static int highest_bit(uint8_t v)
{
	for (int i = 0; i < 8; i++)
		if (v & (1u << i))
			return i;
	return -1;
}

/* The line this chip would raise, respecting in-service priority. */
static int chip_pending(const struct i8259 *p)
{
	int req = highest_bit(p->irr & ~p->imr);
	int serving = highest_bit(p->isr);
	if (req < 0 || (serving >= 0 && serving <= req))
		return -1;
	return req;
}

static void update_cascade(void)
{
	if (chip_pending(&pics[1]) >= 0)
		pics[0].irr |= 1u << CASCADE_LINE;
	else
		pics[0].irr &= (uint8_t) ~(1u << CASCADE_LINE);
	int line = chip_pending(&pics[0]);
	vmi_irq_pending =
	    line >= 0 && (line != CASCADE_LINE || pics[0].single || chip_pending(&pics[1]) >= 0);
}

void vpic_raise(unsigned int irq)
{
	burn_counter_inc(&burn_counter_vpic_raise);
	pics[irq >> 3].irr |= (uint8_t)(1u << (irq & 7));
	update_cascade();
}

int vpic_pending_vector(void)
{
	update_cascade();
	int line = chip_pending(&pics[0]);
	if (line < 0)
		return VPIC_NO_VECTOR;
	if (line == CASCADE_LINE && !pics[0].single) {
		int sline = chip_pending(&pics[1]);
		return sline < 0 ? VPIC_NO_VECTOR : pics[1].vector_base + sline;
	}
	return pics[0].vector_base + line;
}

static void take(struct i8259 *p, int line)
{
	p->irr &= (uint8_t) ~(1u << line);
	if (!p->aeoi)
		p->isr |= (uint8_t)(1u << line);
}

void vpic_acknowledge(void)
{
	int line = chip_pending(&pics[0]);
	if (line < 0)
		return;
	if (line == CASCADE_LINE && !pics[0].single) {
		int sline = chip_pending(&pics[1]);
		if (sline >= 0)
			take(&pics[1], sline);
	}
	take(&pics[0], line);
	update_cascade();
}

static void command_write(struct i8259 *p, uint8_t v)
{
	if (v & ICW1_INIT) {
		p->init_step = 2;
		p->needs_icw4 = v & ICW1_ICW4;
		p->single = (v & ICW1_SINGLE) != 0;
		p->imr = 0;
		p->isr = p->irr = 0;
		p->read_isr = 0;
		return;
	}
	if (v & OCW3_SELECT) {
		if ((v & 0x3) == OCW3_READ_ISR)
			p->read_isr = 1;
		else if ((v & 0x3) == OCW3_READ_IRR)
			p->read_isr = 0;
		return;
	}
	if (v & OCW2_EOI) {
		burn_counter_inc(&burn_counter_vpic_eoi);
		int line = (v & OCW2_SPECIFIC) ? (v & 7) : highest_bit(p->isr);
		if (line >= 0)
			p->isr &= (uint8_t) ~(1u << line);
	}
}

static void data_write(struct i8259 *p, uint8_t v)
{
	switch (p->init_step) {
	case 2:
		p->vector_base = v & 0xf8;
		p->init_step = p->single ? (p->needs_icw4 ? 4 : 0) : 3;
		return;
	case 3:
		p->init_step = p->needs_icw4 ? 4 : 0;
		return;
	case 4:
		p->aeoi = (v & ICW4_AEOI) != 0;
		p->init_step = 0;
		return;
	default:
		p->imr = v;
	}
}

uint8_t vpic_port_read(uint16_t port)
{
	if (port == 0x4d0 || port == 0x4d1)
		return pics[port & 1].elcr;
	struct i8259 *p = &pics[(port & 0x80) != 0];
	if (port & 1)
		return p->imr;
	return p->read_isr ? p->isr : p->irr;
}

void vpic_port_write(uint16_t port, uint8_t value)
{
	if (port == 0x4d0 || port == 0x4d1) {
		pics[port & 1].elcr = value;
		return;
	}
	struct i8259 *p = &pics[(port & 0x80) != 0];
	if (port & 1)
		data_write(p, value);
	else
		command_write(p, value);
	update_cascade();
}
