/*
 * Console output on HYPERVISOR_console_io, which Xen copies to its serial
 * line unprefixed.  Formatting is newlib's vsnprintf into a stack buffer, so
 * a print from an event upcall cannot clobber one in progress.
 */
#include <stdio.h>
#include <string.h>

#include "wedge/log.h"
#include "xen/hypercall.h"

void console_write(const char *buf, size_t len)
{
	while (len > 0) {
		long done = HYPERVISOR_console_io(CONSOLEIO_write, (int)len, buf);
		if (done <= 0)
			return; /* nowhere else to report it */
		buf += done;
		len -= (size_t)done;
	}
}

void console_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		/* Too long for one line: say so rather than drop it silently. */
		n = sizeof(buf) - 1;
		memcpy(buf + n - 4, "...\n", 4);
	}
	console_write(buf, (size_t)n);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}
