/*
 * Byte output to COM1: wait for the transmit holding register to be empty
 * (LSR bit 5), then write the byte.  Both are native port accesses; before
 * VMI_Init the wedge emulates each one.
 */
#include <stdint.h>

#include "tests/guest/console.h"
#include "tests/guest/layout.h"
#include "tests/guest/x86.h"

void console_putc(char c)
{
	while (!(inb(SERIAL_LSR) & SERIAL_LSR_THRE))
		;
	outb((uint8_t)c, SERIAL_THR);
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(s[i]);
}
