/*
 * The 16550 at COM1 (0x3F8) that also carries this console.  Nothing is
 * printed while a case has the chip in a state where output would be lost
 * (loopback) or would raise interrupts.
 *
 *   uart-scratch-round-trip: the scratch register keeps what was written.
 *   uart-loopback: with MCR bit 4 a byte written to THR comes back in RBR
 *     with LSR.DR set (and DR clears once it is read); MSR's top nibble
 *     mirrors MCR's RTS, DTR, OUT1 and OUT2.
 *   uart-iir-thre: enabling the THRE interrupt (IER bit 1) makes IIR say
 *     "transmitter empty" (2); reading IIR acknowledges it ("none", 1).
 *   uart-thre-irq4: the same with OUT2 set and IRQ 4 unmasked: the
 *     interrupt arrives once at vector 0x20 + 4 when interrupts are
 *     enabled, and its handler's IIR read says THRE.
 */
#include "tests/guest/irq.h"
#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

#define UART_RBR (COM1_BASE + 0)
#define UART_THR (COM1_BASE + 0)
#define UART_IER (COM1_BASE + 1)
#define UART_IIR (COM1_BASE + 2)
#define UART_MCR (COM1_BASE + 4)
#define UART_LSR (COM1_BASE + 5)
#define UART_MSR (COM1_BASE + 6)
#define UART_SCR (COM1_BASE + 7)

#define IER_THRE   0x02
#define IIR_SOURCE 0x0f
#define IIR_NONE   0x01
#define IIR_THRE   0x02
#define LSR_DR     0x01
#define MCR_DTR    0x01
#define MCR_RTS    0x02
#define MCR_OUT1   0x04
#define MCR_OUT2   0x08
#define MCR_LOOP   0x10
#define MSR_CTS    0x10
#define MSR_DSR    0x20
#define MSR_RI     0x40
#define MSR_DCD    0x80

static void check_scratch(void)
{
	outb(0x5a, UART_SCR);
	uint8_t a = inb(UART_SCR);
	outb(0xa5, UART_SCR);
	uint8_t b = inb(UART_SCR);
	case_check("uart-scratch-round-trip", a == 0x5a && b == 0xa5,
	           "SCR read 0x%02x after 0x5a, 0x%02x after 0xa5", a, b);
}

static void check_loopback(void)
{
	uint8_t mcr = inb(UART_MCR);
	/* Anything typed on the console so far is not ours. */
	for (unsigned int i = 0; i < 512 && (inb(UART_LSR) & LSR_DR); i++)
		(void)inb(UART_RBR);
	outb(MCR_LOOP | MCR_DTR | MCR_RTS | MCR_OUT1, UART_MCR);
	outb(0xc3, UART_THR);
	uint8_t lsr_full = inb(UART_LSR);
	uint8_t rbr = inb(UART_RBR);
	uint8_t lsr_empty = inb(UART_LSR);
	uint8_t msr = inb(UART_MSR);
	outb(mcr, UART_MCR);
	uint8_t want_msr = MSR_CTS | MSR_DSR | MSR_RI; /* RTS, DTR, OUT1; not OUT2 (DCD) */
	case_check("uart-loopback",
	           (lsr_full & LSR_DR) && rbr == 0xc3 && !(lsr_empty & LSR_DR) &&
	               (msr & 0xf0) == want_msr,
	           "LSR 0x%02x after the write (want DR), RBR 0x%02x (want 0xc3), LSR 0x%02x after "
	           "the read (want no DR), MSR 0x%02x (want top nibble 0x%02x)",
	           lsr_full, rbr, lsr_empty, msr, want_msr);
}

static void check_iir_thre(void)
{
	uint8_t before = inb(UART_IIR);
	outb(IER_THRE, UART_IER);
	uint8_t pending = inb(UART_IIR);
	uint8_t acked = inb(UART_IIR);
	outb(0, UART_IER);
	uint8_t off = inb(UART_IIR);
	case_check("uart-iir-thre",
	           (before & IIR_SOURCE) == IIR_NONE && (pending & IIR_SOURCE) == IIR_THRE &&
	               (acked & IIR_SOURCE) == IIR_NONE && (off & IIR_SOURCE) == IIR_NONE,
	           "IIR 0x%02x with IER 0 (want 1), 0x%02x after IER=THRE (want 2), 0x%02x read "
	           "again (want 1), 0x%02x after IER=0 (want 1)",
	           before, pending, acked, off);
}

static void check_thre_irq4(void)
{
	uint8_t mcr = inb(UART_MCR);
	irq_install();
	pic_init((uint16_t) ~(1u << COM1_IRQ));
	irq_reset_counts();
	vmi_disable_interrupts();
	outb(MCR_OUT2 | MCR_DTR | MCR_RTS, UART_MCR);
	outb(IER_THRE, UART_IER); /* the line rises: IRQ 4 pending in the 8259 */
	uint32_t before_enable = irq_count[COM1_IRQ];
	vmi_enable_interrupts(); /* a window: taken here */
	uint32_t at_enable = irq_count[COM1_IRQ];
	for (unsigned int i = 0; i < 1000; i++)
		vmi_enable_interrupts();
	vmi_disable_interrupts();
	uint32_t total = irq_count[COM1_IRQ], others = 0;
	for (unsigned int i = 0; i < IRQ_LINES; i++)
		if (i != COM1_IRQ)
			others += irq_count[i];
	uint8_t ier_after = inb(UART_IER);
	outb(0, UART_IER);
	outb(mcr, UART_MCR);
	pic_set_mask(0xffff);
	case_check("uart-thre-irq4",
	           before_enable == 0 && at_enable == 1 && total == 1 && others == 0 &&
	               (irq4_iir & IIR_SOURCE) == IIR_THRE && ier_after == 0,
	           "vector 0x%x: %u interrupt(s) before enabling (want 0), %u at EnableInterrupts "
	           "(want 1), %u in all (want 1), %u on other lines; IIR in the handler 0x%02x "
	           "(want source 2), IER after 0x%02x (want 0)",
	           PIC_MASTER_BASE + COM1_IRQ, before_enable, at_enable, total, others, irq4_iir,
	           ier_after);
}

void run_uart_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "uart-scratch-round-trip",
	    "uart-loopback",
	    "uart-iir-thre",
	    "uart-thre-irq4",
	};
	if (not_run_why) {
		for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	check_scratch();
	check_loopback();
	check_iir_thre();
	check_thre_irq4();
}
