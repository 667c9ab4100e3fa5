/*
 * The counter table's header and its printer.  Counters themselves are
 * defined where they are bumped (BURN_COUNTER); the linker collects them
 * between the header and burn_counters_end.
 */
#include <string.h>

#include "wedge/counters.h"
#include "wedge/log.h"

extern struct burn_counter burn_counters_entries[];
extern char burn_counters_end[];

static struct burn_counters_header counters_header
    __attribute__((section(".burn_counters.header"), used, aligned(8)));

static struct burn_counter *counters_first(void)
{
	return burn_counters_entries;
}

static unsigned int counters_count(void)
{
	return (unsigned int)((burn_counters_end - (char *)counters_first()) /
	                      sizeof(struct burn_counter));
}

/* The magic goes in at boot, not at link time, so that a stale copy of the
 * image on disk is never mistaken for a live table. */
void counters_init(void)
{
	memcpy(counters_header.magic, BURN_COUNTERS_MAGIC, BURN_COUNTERS_MAGIC_LEN);
	counters_header.version = BURN_COUNTERS_VERSION;
	counters_header.entry_size = sizeof(struct burn_counter);
	counters_header.entry_count = counters_count();
}

struct burn_counter *counters_find(const char *name)
{
	struct burn_counter *c = counters_first();
	for (unsigned int i = 0; i < counters_count(); i++)
		if (strncmp(c[i].name, name, BURN_COUNTER_NAME_LEN) == 0)
			return &c[i];
	return NULL;
}

/* newlib's nano formatter has no %llu; counters overflow 32 bits quickly. */
static const char *u64_to_decimal(uint64_t v, char buf[21])
{
	char *p = buf + 20;
	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

void counters_print(void)
{
	struct burn_counter *c = counters_first();
	unsigned int n = counters_count();
	console_printf("counters: begin %u\n", n);
	for (unsigned int i = 0; i < n; i++) {
		if (c[i].count == 0)
			continue;
		char count[21], cycles[21];
		console_printf("counter %.*s %s %s\n", BURN_COUNTER_NAME_LEN, c[i].name,
		               u64_to_decimal(c[i].count, count),
		               u64_to_decimal(c[i].cycles, cycles));
	}
	console_printf("counters: end\n");
}
