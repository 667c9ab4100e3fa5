/*
 * Port dispatch: the 16550 (wedge/uart.c), the 8259 pair (wedge/vpic.c),
 * the test exit port, and the ports Linux touches that need little or no
 * behaviour (delay port, PIT).  Every
 * other port reads as all-ones and drops writes, and is counted.
 */
#define LOG_SUBSYS "ports"
#include "include/exit_codes.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/platform_ports.h"
#include "wedge/acpi.h"
#include "wedge/ports.h"
#include "wedge/uart.h"
#include "wedge/vpic.h"
#include "xen/xen_state.h"

#define PORT_DELAY 0x80
#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xa0
#define PIC2_DATA  0xa1
#define ELCR1      0x4d0
#define ELCR2      0x4d1
#define PIT_FIRST  0x40
#define PIT_LAST   0x43

BURN_COUNTER(port_delay);
BURN_COUNTER(port_pic);
BURN_COUNTER(port_pit);
BURN_COUNTER(port_unhandled);

static uint32_t all_ones(unsigned int size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t port_read(uint16_t port, unsigned int size)
{
	if (acpi_port(port))
		return acpi_port_read(port, size);
	if (port >= UART_COM1_BASE && port < UART_COM1_BASE + 8)
		return uart_read(port - UART_COM1_BASE);
	switch (port) {
	case PIC1_CMD:
	case PIC1_DATA:
	case PIC2_CMD:
	case PIC2_DATA:
	case ELCR1:
	case ELCR2:
		burn_counter_inc(&burn_counter_port_pic);
		/* Lines latch in IRR whatever the CPU's IF: take the events the
		 * guest's masked state held back before it reads them. */
		if (vcpu0()->evtchn_upcall_pending)
			events_dispatch();
		return vpic_port_read(port);
	case PORT_DELAY:
		burn_counter_inc(&burn_counter_port_delay);
		return all_ones(size);
	case PORT_CMOS_DATA:
		return cmos_read();
	case PORT_I8042_DATA:
	case PORT_I8042_CMD:
		return i8042_read(port);
	}
	burn_counter_inc(&burn_counter_port_unhandled);
	log_debug("read of unhandled port 0x%x", port);
	return all_ones(size);
}

void port_write(uint16_t port, unsigned int size, uint32_t value)
{
	if (acpi_port(port)) {
		acpi_port_write(port, size, value);
		return;
	}
	if (port >= UART_COM1_BASE && port < UART_COM1_BASE + 8) {
		uart_write(port - UART_COM1_BASE, (uint8_t)value);
		return;
	}
	switch (port) {
	case COUNTERS_SNAPSHOT_PORT:
		uart_flush_output();
		console_printf("counters: snapshot %lu\n", (unsigned long)(value & 0xff));
		counters_print();
		return;
	case DEBUG_EXIT_PORT:
		uart_flush_output();
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
	case PORT_CMOS_INDEX:
		cmos_select((uint8_t)value);
		return;
	case PORT_I8042_DATA:
	case PORT_I8042_CMD:
		i8042_write(port, (uint8_t)value);
		return;
	case PORT_SYSTEM_CONTROL_A:
		system_control_write((uint8_t)value);
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
