/*
 * Reading numbers from text (text.h).  Writing them is format.c's job.
 */
#include "lib/text.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int parse_uint(const char *s, unsigned *value)
{
	unsigned base = 10, v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d = digit_value(*s);
		if (d >= base || v > (0xffffffffu - d) / base)
			return -1;
		v = v * base + d;
	}
	*value = v;
	return 0;
}
