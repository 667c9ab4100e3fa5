/*
 * Console output on the 16550 at COM1 (polled, native port I/O), and a
 * printf with just what the suite needs: %s %c %d %u %x %p and %%, with an
 * optional 0 flag and width (%08x).
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_putc(char c);
void console_write(const char *s, size_t len);

__attribute__((format(printf, 1, 0))) void guest_vprintf(const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) void guest_printf(const char *fmt, ...);

#endif
