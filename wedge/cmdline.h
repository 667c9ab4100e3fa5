/*
 * The wedge's own command line (start_info.cmd_line): space-separated
 * key=value words.  Unknown keys are refused with a clear message, so a
 * typo never goes unnoticed.
 */
#ifndef WEDGE_CMDLINE_H
#define WEDGE_CMDLINE_H

#include <stddef.h>

struct wedge_options {
	const char *selftest;  /* NULL, or a self-test name (see wedge/selftest.c) */
	unsigned long mem_kib; /* mem=: guest RAM limit, 0 = all the domain has */
};

extern struct wedge_options wedge_options;

/* Returns 0, or -1 with a message in err. */
int cmdline_parse(const char *line, struct wedge_options *out, char *err, size_t err_len);

#endif
