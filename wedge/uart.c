/*
 * 16550A emulation.  Transmit is instantaneous (the holding register is
 * always empty again at once); receive is a small FIFO fed from Xen's
 * console ring on VIRQ_CONSOLE.  Interrupts follow the chip: sources are
 * received data (IER bit 0) and an empty transmitter (IER bit 1), the line
 * reaches IRQ 4 only with MCR.OUT2 set, and the virtual 8259 sees an edge
 * when it rises.  Loopback (MCR bit 4) turns transmitted bytes into received
 * ones.  Divisor, FIFO control, line control and scratch are stored.
 */
#define LOG_SUBSYS "uart"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/uart.h"
#include "wedge/vpic.h"
#include "xen/hypercall.h"
#include "xen/trap_frame.h"
#include "xen/xen_state.h"

#define REG_DATA    0
#define REG_IER     1
#define REG_IIR_FCR 2
#define REG_LCR     3
#define REG_MCR     4
#define REG_LSR     5
#define REG_MSR     6
#define REG_SCR     7

#define IER_RX        0x01
#define IER_TX        0x02
#define IIR_NONE      0x01
#define IIR_TX_EMPTY  0x02
#define IIR_RX_DATA   0x04
#define IIR_FIFO_ON   0xc0
#define FCR_ENABLE    0x01
#define LCR_DLAB      0x80
#define MCR_DTR       0x01
#define MCR_RTS       0x02
#define MCR_OUT1      0x04
#define MCR_OUT2      0x08
#define MCR_LOOP      0x10
#define LSR_DR        0x01
#define LSR_THRE_TEMT 0x60
#define MSR_CTS       0x10
#define MSR_DSR       0x20
#define MSR_RI        0x40
#define MSR_DCD       0x80

#define RX_SIZE 256
#define TX_LINE 160

struct uart {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	uint8_t tx_irq_pending; /* THRE interrupt, cleared by an IIR read or a write */
	uint8_t line_up;        /* IRQ line level last seen by the 8259 */
	uint8_t rx[RX_SIZE];
	unsigned int rx_head, rx_count;
	char line[TX_LINE];
	unsigned int line_len;
};

static struct uart com1;

BURN_COUNTER(uart_tx);
BURN_COUNTER(uart_rx);
BURN_COUNTER(uart_irq);
BURN_COUNTER(console_hotkey);

static unsigned int pending_source(void)
{
	if ((com1.ier & IER_RX) && com1.rx_count)
		return IIR_RX_DATA;
	if ((com1.ier & IER_TX) && com1.tx_irq_pending)
		return IIR_TX_EMPTY;
	return 0;
}

static void update_line(void)
{
	int up = (com1.mcr & MCR_OUT2) && pending_source();
	if (up && !com1.line_up) {
		burn_counter_inc(&burn_counter_uart_irq);
		vpic_raise(UART_IRQ);
	}
	com1.line_up = (uint8_t)up;
}

static void rx_push(uint8_t c)
{
	if (com1.rx_count == RX_SIZE)
		return; /* overrun: the byte is lost, as on the chip */
	com1.rx[(com1.rx_head + com1.rx_count++) % RX_SIZE] = c;
	burn_counter_inc(&burn_counter_uart_rx);
}

void uart_flush_output(void)
{
	if (com1.line_len)
		console_write(com1.line, com1.line_len);
	com1.line_len = 0;
}

/* Line-buffered so that the guest's output and the wedge's messages do not
 * interleave mid-line. */
static void transmit(uint8_t c)
{
	burn_counter_inc(&burn_counter_uart_tx);
	if (com1.mcr & MCR_LOOP) {
		rx_push(c);
		return;
	}
	if (c == '\r')
		return;
	com1.line[com1.line_len++] = (char)c;
	if (c == '\n' || com1.line_len == TX_LINE)
		uart_flush_output();
}

static void console_input(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	char buf[64];
	long n;
	while ((n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf)) > 0) {
		for (long i = 0; i < n; i++) {
			if ((uint8_t)buf[i] == UART_COUNTERS_HOTKEY) {
				burn_counter_inc(&burn_counter_console_hotkey);
				uart_flush_output();
				if (trap_current_frame)
					console_printf(
					    "uart: hot key: guest at %04lx:%08lx\n",
					    (unsigned long)(trap_current_frame->cs & 0xffff),
					    (unsigned long)trap_current_frame->eip);
				counters_print();
				continue;
			}
			rx_push((uint8_t)buf[i]);
		}
	}
	update_line();
}

void uart_init(void)
{
	com1 = (struct uart){.lcr = 0x03};
	events_bind_virq(VIRQ_CONSOLE, console_input, NULL);
}

uint8_t uart_read(unsigned int reg)
{
	uint8_t v = 0;
	switch (reg) {
	case REG_DATA:
		if (com1.lcr & LCR_DLAB)
			return com1.dll;
		uart_flush_output(); /* the guest waits for input: show what it said */
		if (com1.rx_count) {
			v = com1.rx[com1.rx_head];
			com1.rx_head = (com1.rx_head + 1) % RX_SIZE;
			com1.rx_count--;
		}
		break;
	case REG_IER:
		return (com1.lcr & LCR_DLAB) ? com1.dlm : com1.ier;
	case REG_IIR_FCR: {
		unsigned int src = pending_source();
		v = (uint8_t)((src ? src : IIR_NONE) | ((com1.fcr & FCR_ENABLE) ? IIR_FIFO_ON : 0));
		if (src == IIR_TX_EMPTY)
			com1.tx_irq_pending = 0; /* reading IIR acknowledges THRE */
		break;
	}
	case REG_LCR:
		return com1.lcr;
	case REG_MCR:
		return com1.mcr;
	case REG_LSR:
		return (uint8_t)(LSR_THRE_TEMT | (com1.rx_count ? LSR_DR : 0));
	case REG_MSR:
		if (com1.mcr & MCR_LOOP)
			return (uint8_t)(((com1.mcr & MCR_RTS) ? MSR_CTS : 0) |
			                 ((com1.mcr & MCR_DTR) ? MSR_DSR : 0) |
			                 ((com1.mcr & MCR_OUT1) ? MSR_RI : 0) |
			                 ((com1.mcr & MCR_OUT2) ? MSR_DCD : 0));
		return MSR_CTS | MSR_DSR | MSR_DCD;
	default:
		return com1.scr;
	}
	update_line();
	return v;
}

void uart_write(unsigned int reg, uint8_t value)
{
	switch (reg) {
	case REG_DATA:
		if (com1.lcr & LCR_DLAB) {
			com1.dll = value;
			return;
		}
		transmit(value);
		com1.tx_irq_pending = 1; /* empty again at once */
		break;
	case REG_IER:
		if (com1.lcr & LCR_DLAB) {
			com1.dlm = value;
			return;
		}
		/* The driver stops the transmitter when it has nothing more to
		 * send: a prompt without a newline must show now. */
		if ((com1.ier & IER_TX) && !(value & IER_TX))
			uart_flush_output();
		/* Enabling THRE with the holder empty raises it right away. */
		if ((value & IER_TX) && !(com1.ier & IER_TX))
			com1.tx_irq_pending = 1;
		com1.ier = value & 0x0f;
		break;
	case REG_IIR_FCR:
		com1.fcr = value;
		break;
	case REG_LCR:
		com1.lcr = value;
		break;
	case REG_MCR:
		com1.mcr = value & 0x1f;
		break;
	case REG_SCR:
		com1.scr = value;
		break;
	default:
		break;
	}
	update_line();
}
