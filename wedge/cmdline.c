/*
 * Parsing the wedge command line into struct wedge_options.  Pure logic
 * with no Xen dependency, so the host unit tests exercise it directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wedge/cmdline.h"

struct wedge_options wedge_options;

#define MAX_WORD 64

static char selftest_storage[MAX_WORD];

/* mem=64M / mem=65536K / mem=1G */
static int parse_size_kib(const char *value, unsigned long *out)
{
	char *end;
	unsigned long n = strtoul(value, &end, 10);
	if (end == value)
		return -1;
	unsigned long shift_kib;
	switch (*end) {
	case 'K':
	case 'k':
		shift_kib = 0;
		end++;
		break;
	case 'M':
	case 'm':
		shift_kib = 10;
		end++;
		break;
	case 'G':
	case 'g':
		shift_kib = 20;
		end++;
		break;
	default:
		return -1; /* a unit is required: bytes would be a trap */
	}
	if (*end != '\0' || n == 0 || n > (4UL << 20) >> shift_kib)
		return -1;
	*out = n << shift_kib;
	return 0;
}

int cmdline_parse(const char *line, struct wedge_options *out, char *err, size_t err_len)
{
	memset(out, 0, sizeof(*out));
	while (line && *line) {
		while (*line == ' ')
			line++;
		if (!*line)
			break;
		size_t len = strcspn(line, " ");
		char word[MAX_WORD];
		if (len >= sizeof(word)) {
			snprintf(err, err_len, "option too long: '%.20s...'", line);
			return -1;
		}
		memcpy(word, line, len);
		word[len] = '\0';
		line += len;

		char *value = strchr(word, '=');
		if (!value) {
			snprintf(err, err_len, "option '%s' needs a value (key=value)", word);
			return -1;
		}
		*value++ = '\0';
		if (strcmp(word, "selftest") == 0) {
			strcpy(selftest_storage, value);
			out->selftest = selftest_storage;
		} else if (strcmp(word, "mem") == 0) {
			if (parse_size_kib(value, &out->mem_kib) != 0) {
				snprintf(err, err_len,
				         "mem=%s: expected a size with a unit, like 64M or 1G",
				         value);
				return -1;
			}
		} else {
			snprintf(err, err_len, "unknown option '%s' (known: selftest=, mem=)",
			         word);
			return -1;
		}
	}
	return 0;
}
