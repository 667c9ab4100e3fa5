/*
 * Memory, string and number helpers (string.c, number.c) and formatted
 * output (format.c).  The formats understand %s %d %u %x %c %p and %%,
 * with an optional '-' (left-justify), '0' (zero-pad) and width; an 'l'
 * is accepted and ignored (long is int-sized here).
 */
#ifndef USERLAND_TEXT_H
#define USERLAND_TEXT_H

#include <stdarg.h>
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Parse a decimal (or 0x-prefixed hex) number; 0 on success, -1 if s is not one. */
int parse_uint(const char *s, unsigned *value);

#define PRINTF_LIKE(fmt_index) __attribute__((format(printf, fmt_index, fmt_index + 1)))

/* snprintf: always NUL-terminates; returns the length written. */
int format_string(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3);
int vformat_string(char *buf, size_t size, const char *fmt, va_list ap);

/* Formatted output to a file descriptor, one write() per 512 bytes. */
int fdprintf(int fd, const char *fmt, ...) PRINTF_LIKE(2);
int vfdprintf(int fd, const char *fmt, va_list ap);
#define printf(...) fdprintf(1, __VA_ARGS__)

#endif
