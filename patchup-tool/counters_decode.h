/*
 * Reading counter tables back: from a console log (the "counters: begin"
 * block the wedge prints; the last complete one wins) or from a raw memory
 * dump (found by the magic header, include/burn_counters.h).
 */
#ifndef PATCHUP_COUNTERS_DECODE_H
#define PATCHUP_COUNTERS_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "include/burn_counters.h"

struct counter_row {
	char name[BURN_COUNTER_NAME_LEN + 1];
	uint64_t count;
	uint64_t cycles;
};

struct counter_table {
	struct counter_row *rows;
	size_t n;
};

/* 0 on success; the table is malloc'd (counter_table_free). */
int counters_decode(const uint8_t *data, size_t len, struct counter_table *out, char *err,
                    size_t err_len);
void counter_table_free(struct counter_table *t);

/* Sort by count, highest first, then by name. */
void counter_table_sort(struct counter_table *t);

/* The row named `name`, or NULL. */
const struct counter_row *counter_table_find(const struct counter_table *t, const char *name);

#endif
