/*
 * The counter table: one header with a magic, then fixed-size entries with
 * the name stored inline, so that a raw memory dump can be decoded without
 * the wedge's symbols (patchup-tool counters).  The table lives in the
 * wedge's .burn_counters section; the linker gathers every counter.
 *
 * Console form, printed by the wedge at shutdown and decoded by the same tool:
 *   counters: begin <n>
 *   counter <name> <count> <cycles>
 *   counters: end
 */
#ifndef BURN_COUNTERS_H
#define BURN_COUNTERS_H

#define BURN_COUNTERS_MAGIC     "vmiwCNT1" /* 8 bytes, no NUL */
#define BURN_COUNTERS_MAGIC_LEN 8
#define BURN_COUNTERS_VERSION   1
#define BURN_COUNTER_NAME_LEN   32

/* Offsets for assembler stubs that bump a counter in place. */
#define BURN_COUNTER_COUNT_OFF  0
#define BURN_COUNTER_CYCLES_OFF 8

#ifndef __ASSEMBLER__
#include <stdint.h>

struct burn_counters_header {
	char magic[BURN_COUNTERS_MAGIC_LEN];
	uint32_t version;
	uint32_t entry_size; /* sizeof(struct burn_counter) */
	uint32_t entry_count;
	uint32_t reserved;
};

struct burn_counter {
	uint64_t count;
	uint64_t cycles; /* TSC cycles spent, where measured; else 0 */
	char name[BURN_COUNTER_NAME_LEN];
};

_Static_assert(sizeof(struct burn_counters_header) == 24, "counter header layout");
_Static_assert(sizeof(struct burn_counter) == 48, "counter entry layout");
#endif

#endif
