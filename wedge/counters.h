/*
 * Declaring, bumping and printing the wedge's counters (the table format is
 * include/burn_counters.h).
 */
#ifndef WEDGE_COUNTERS_H
#define WEDGE_COUNTERS_H

#include "include/burn_counters.h"

#define BURN_COUNTER_SECTION __attribute__((section(".burn_counters"), used, aligned(8)))

/* A named counter in the table: BURN_COUNTER(hypercall_console_io); */
#define BURN_COUNTER(ident)                                                                        \
	struct burn_counter burn_counter_##ident BURN_COUNTER_SECTION = {.name = #ident}

static inline void burn_counter_inc(struct burn_counter *c)
{
	c->count++;
}

void counters_init(void);
void counters_print(void);
struct burn_counter *counters_find(const char *name);

#endif
