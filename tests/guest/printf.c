/*
 * The guest's printf: formats straight to the console, no buffer, so it
 * works from any context including the exception report.  Supports
 * %s %c %d %i %u %x %p %%, a '0' flag, a field width and an ignored 'l'.
 */
#include <stdbool.h>
#include <stdint.h>

#include "tests/guest/console.h"
#include "tests/guest/string.h"

static void put_padded(const char *digits, size_t len, unsigned int width, char pad)
{
	for (; width > len; width--)
		console_putc(pad);
	console_write(digits, len);
}

/* Unsigned value in base 10 or 16 into the end of buf; returns the start. */
static char *format_unsigned(uint32_t v, unsigned int base, char *end)
{
	char *p = end;
	do {
		unsigned int digit = v % base;
		*--p = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
		v /= base;
	} while (v);
	return p;
}

void guest_vprintf(const char *fmt, va_list ap)
{
	char buf[12];
	char *end = buf + sizeof(buf);

	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			console_putc(*f);
			continue;
		}
		f++;
		char pad = ' ';
		unsigned int width = 0;
		if (*f == '0') {
			pad = '0';
			f++;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned int)(*f++ - '0');
		if (*f == 'l')
			f++; /* long is int here */

		char *p;
		switch (*f) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_padded(s, strlen(s), width, ' ');
			break;
		}
		case 'c':
			console_putc((char)va_arg(ap, int));
			break;
		case 'd':
		case 'i': {
			int v = va_arg(ap, int);
			bool negative = v < 0;
			p = format_unsigned(negative ? 0u - (uint32_t)v : (uint32_t)v, 10, end);
			if (negative)
				*--p = '-';
			put_padded(p, (size_t)(end - p), width, pad);
			break;
		}
		case 'u':
			p = format_unsigned(va_arg(ap, uint32_t), 10, end);
			put_padded(p, (size_t)(end - p), width, pad);
			break;
		case 'x':
			p = format_unsigned(va_arg(ap, uint32_t), 16, end);
			put_padded(p, (size_t)(end - p), width, pad);
			break;
		case 'p':
			console_write("0x", 2);
			p = format_unsigned((uint32_t)va_arg(ap, void *), 16, end);
			put_padded(p, (size_t)(end - p), 8, '0');
			break;
		case '%':
			console_putc('%');
			break;
		case '\0':
			return; /* a lone '%' at the end */
		default:
			/* Unknown conversion: show it rather than guess its argument. */
			console_putc('%');
			console_putc(*f);
			break;
		}
	}
}

void guest_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
}
