/*
 * The printf engine (text.h): one formatter writing characters into a
 * sink, which is either a caller's buffer (format_string) or a 512-byte
 * buffer flushed to a file descriptor (fdprintf).  Short messages thus
 * reach the console in one write() each.
 */
#include "lib/sys.h"
#include "lib/text.h"

struct sink {
	char *buf;
	size_t size;  /* usable bytes in buf */
	size_t used;  /* bytes in buf now */
	size_t total; /* characters produced so far */
	int fd;       /* flush target, or -1 for a string sink */
};

static void sink_flush(struct sink *s)
{
	if (s->fd >= 0 && s->used)
		write_all(s->fd, s->buf, s->used);
	s->used = 0;
}

static void put_char(struct sink *s, char c)
{
	s->total++;
	if (s->used == s->size) {
		if (s->fd < 0)
			return; /* string sink full: truncate */
		sink_flush(s);
	}
	s->buf[s->used++] = c;
}

static void put_padded(struct sink *s, const char *text, size_t len, unsigned width,
                       int left_justify, char pad)
{
	size_t fill = width > len ? width - len : 0;
	if (!left_justify && pad == '0' && len && (text[0] == '-')) {
		put_char(s, '-'); /* zero padding goes after the sign */
		text++, len--;
	}
	if (!left_justify)
		while (fill--)
			put_char(s, pad);
	while (len--)
		put_char(s, *text++);
	if (left_justify)
		while (fill--)
			put_char(s, ' ');
}

/* Writes v's digits and a NUL so that the NUL is just before end; returns the first digit. */
static char *unsigned_digits(char *end, unsigned v, unsigned base)
{
	*--end = 0;
	do {
		*--end = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	return end;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	char digits[16];
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put_char(s, *fmt);
			continue;
		}
		int left = 0;
		char pad = ' ';
		unsigned width = 0;
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = 1;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		while (*fmt == 'l')
			fmt++;
		const char *text;
		char *end = digits + sizeof(digits);
		switch (*fmt) {
		case 's':
			text = va_arg(ap, const char *);
			if (!text)
				text = "(null)";
			put_padded(s, text, strlen(text), width, left, ' ');
			continue;
		case 'c':
			digits[0] = (char)va_arg(ap, int);
			put_padded(s, digits, 1, width, left, ' ');
			continue;
		case 'd': {
			int v = va_arg(ap, int);
			char *first = unsigned_digits(end, v < 0 ? -(unsigned)v : (unsigned)v, 10);
			if (v < 0)
				*--first = '-';
			text = first;
			break;
		}
		case 'u':
			text = unsigned_digits(end, va_arg(ap, unsigned), 10);
			break;
		case 'x':
			text = unsigned_digits(end, va_arg(ap, unsigned), 16);
			break;
		case 'p':
			text = unsigned_digits(end, (unsigned)va_arg(ap, void *), 16);
			put_char(s, '0');
			put_char(s, 'x');
			break;
		case '%':
			put_char(s, '%');
			continue;
		case 0:
			return;
		default:
			put_char(s, '%');
			put_char(s, *fmt);
			continue;
		}
		put_padded(s, text, strlen(text), width, left, pad);
	}
}

int vformat_string(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = {.buf = buf, .size = size ? size - 1 : 0, .fd = -1};
	format(&s, fmt, ap);
	if (size)
		buf[s.used] = 0;
	return s.used;
}

int format_string(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vformat_string(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vfdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[512];
	struct sink s = {.buf = buf, .size = sizeof(buf), .fd = fd};
	format(&s, fmt, ap);
	sink_flush(&s);
	return s.total;
}

int fdprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}
