/*
 * selftest=rom: the ROM end to end on the real Xen, before any guest exists.
 * Install a copy inside the wedge, check it the way Linux's probe does, call
 * its VMI_Init (which traps and relocates it), ask GetRelocationInfo for
 * every number, and call an implemented stub through the answer.
 */
#define LOG_SUBSYS "selftest"
#include <string.h>

#include "include/vmi_rom_image.h"
#include "rom/rom_image.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/rom_install.h"
#include "wedge/selftest.h"

static uint8_t rom_copy[VMI_ROM_SIZE] __attribute__((aligned(4096)));

typedef uint32_t (*vmi_init_fn)(void) __attribute__((regparm(1)));
typedef uint64_t (*vmi_get_reloc_fn)(uint32_t call) __attribute__((regparm(2)));
typedef uint64_t (*vmi_rdtsc_fn)(void) __attribute__((regparm(3)));

static int failures;

static void check(int ok, const char *what)
{
	log_info("rom %s: %s", ok ? "ok" : "FAILED", what);
	failures += !ok;
}

static uint64_t native_rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

void selftest_rom(void)
{
	char why[160];
	int unknown_vendor;

	rom_install(rom_copy);
	check(rom_sum8(rom_copy, VMI_ROM_SIZE) == 0, "installed image sums to zero");
	int probe =
	    rom_check_linux_probe(rom_copy, VMI_ROM_SIZE, &unknown_vendor, why, sizeof(why));
	check(probe == 0 && unknown_vendor,
	      "Linux's probe accepts it (unknown vendor warning only)");

	uint32_t base = (uint32_t)rom_copy;
	rom_expect_init(rom_copy, base);
	uint32_t init_result = ((vmi_init_fn)(base + VROM_OFF_VMI_INIT))();
	check(init_result == 0 && rom_run_base == base, "VMI_Init returns 0 and activates");

	vmi_get_reloc_fn get_reloc = (vmi_get_reloc_fn)(base + VROM_OFF_GET_RELOC);
	unsigned int answered = 0, outside = 0;
	uint32_t rdtsc_target = 0;
	for (uint32_t call = 0; call < VMI_CALL_LIMIT + 8; call++) {
		uint64_t r = get_reloc(call);
		uint32_t target = (uint32_t)r, type = (uint32_t)(r >> 32) & 0xff;
		if (type == VMI_RELOCATION_CALL_REL || type == VMI_RELOCATION_JUMP_REL) {
			if (target < base + VMI_SLOT_BASE || target >= base + VMI_SLOTS_END)
				outside++;
			if (call == VMI_CALL_RDTSC)
				rdtsc_target = target;
		}
		answered++;
	}
	check(answered == VMI_CALL_LIMIT + 8 && outside == 0,
	      "GetRelocationInfo answers every number, targets inside the ROM");
	check(rdtsc_target == base + VMI_SLOT_BASE + VMI_CALL_RDTSC * VMI_SLOT_SIZE,
	      "RDTSC answered CALL_REL at its slot");

	struct burn_counter *rdtsc_count = counters_find("vmi_RDTSC");
	uint64_t before = native_rdtsc();
	uint64_t via_rom = rdtsc_target ? ((vmi_rdtsc_fn)rdtsc_target)() : 0;
	uint64_t after = native_rdtsc();
	check(before <= via_rom && via_rom <= after, "RDTSC through the relocated stub");
	check(rdtsc_count && rdtsc_count->count == 1, "the RDTSC stub counted its call");

	if (failures)
		wedge_exit(EXIT_FAIL);
}
