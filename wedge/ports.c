/*
 * Port dispatch.  Devices so far: the COM1 transmit path (so the guest's
 * early console shows), the test exit port, and the ports Linux's early
 * boot touches that need no behaviour (delay port, PIC masks, PIT).  Every
 * other port reads as all-ones and drops writes, and is counted.
 */
#define LOG_SUBSYS "ports"
#include "include/exit_codes.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/ports.h"
#include "wedge/vpic.h"

#define COM1_BASE 0x3f8
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE_TEMT 0x60
#define PORT_DELAY 0x80
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ELCR1 0x4d0
#define ELCR2 0x4d1
#define PIT_FIRST 0x40
#define PIT_LAST 0x43

BURN_COUNTER(port_uart);
BURN_COUNTER(port_delay);
BURN_COUNTER(port_pic);
BURN_COUNTER(port_pit);
BURN_COUNTER(port_unhandled);

static char uart_line[160];
static unsigned int uart_len;

/* Line-buffered so that guest output and wedge messages do not interleave
 * mid-line on the console. */
static void uart_transmit(uint8_t c)
{
	if (c == '\r')
		return;
	uart_line[uart_len++] = (char)c;
	if (c == '\n' || uart_len == sizeof(uart_line)) {
		console_write(uart_line, uart_len);
		uart_len = 0;
	}
}

static uint32_t all_ones(unsigned int size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t port_read(uint16_t port, unsigned int size)
{
	if (port >= COM1_BASE && port < COM1_BASE + 8) {
		burn_counter_inc(&burn_counter_port_uart);
		return port == COM1_BASE + UART_LSR ? UART_LSR_THRE_TEMT : 0;
	}
	switch (port) {
	case PIC1_CMD:
	case PIC1_DATA:
	case PIC2_CMD:
	case PIC2_DATA:
	case ELCR1:
	case ELCR2:
		burn_counter_inc(&burn_counter_port_pic);
		return vpic_port_read(port);
	case PORT_DELAY:
		burn_counter_inc(&burn_counter_port_delay);
		return all_ones(size);
	}
	burn_counter_inc(&burn_counter_port_unhandled);
	log_debug("read of unhandled port 0x%x", port);
	return all_ones(size);
}

void port_write(uint16_t port, unsigned int size, uint32_t value)
{
	if (port >= COM1_BASE && port < COM1_BASE + 8) {
		burn_counter_inc(&burn_counter_port_uart);
		if (port == COM1_BASE + UART_THR)
			uart_transmit((uint8_t)value);
		return;
	}
	switch (port) {
	case DEBUG_EXIT_PORT:
		if (uart_len)
			console_write(uart_line, uart_len);
		if (value == EXIT_PASS || value == EXIT_FAIL)
			wedge_exit((enum wedge_exit_code)value);
		guest_fault("exit port written with 0x%lx (0x%x = pass, 0x%x = fail)",
			    (unsigned long)value, EXIT_PASS, EXIT_FAIL);
	case PIC1_DATA:
	case PIC2_DATA:
	case PIC1_CMD:
	case PIC2_CMD:
	case ELCR1:
	case ELCR2:
		burn_counter_inc(&burn_counter_port_pic);
		vpic_port_write(port, (uint8_t)value);
		return;
	case PORT_DELAY:
		burn_counter_inc(&burn_counter_port_delay);
		return;
	}
	if (port >= PIT_FIRST && port <= PIT_LAST) {
		burn_counter_inc(&burn_counter_port_pit);
		return;
	}
	(void)size;
	burn_counter_inc(&burn_counter_port_unhandled);
	log_debug("write 0x%lx to unhandled port 0x%x", (unsigned long)value, port);
}
