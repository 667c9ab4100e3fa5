/*
 * Patching call sites with GetRelocationInfo's answers (patch.h), every
 * site in the table as Linux's apply_paravirt() does, then running them:
 *
 *   patch-rdtsc-call: RDTSC is answered CALL_REL; the site becomes
 *     `E8 rel32` + NOP to the answered target, and running it returns a
 *     TSC value between two native readings without touching the native
 *     target.
 *   patch-iodelay-nop: IODelay is answered NOP; the site becomes all NOPs
 *     and runs without reaching the native target.
 *   patch-none-left-native: a NONE call's site keeps its bytes and still
 *     reaches its native target.
 */
#include <stdbool.h>

#include "tests/guest/patch.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/x86.h"

extern uint8_t rdtsc_patch_site[], iodelay_patch_site[], none_patch_site[];
uint64_t rdtsc_via_patch_site(void);
void iodelay_via_patch_site(void);
uint32_t none_via_patch_site(void);
extern volatile uint32_t native_rdtsc_calls, native_io_delay_calls, native_none_calls;

#define MAX_SITES 16

struct applied_site {
	const struct patch_site *site;
	struct patch_outcome outcome;
	uint8_t before[PATCH_SITE_LEN];
};

static struct applied_site applied[MAX_SITES];
static unsigned int nr_applied;

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void apply_all_sites(const uint8_t *rom)
{
	for (const struct patch_site *s = guest_patch_sites_start;
	     s < guest_patch_sites_end && nr_applied < MAX_SITES; s++) {
		struct applied_site *a = &applied[nr_applied++];
		a->site = s;
		memcpy(a->before, (const void *)s->addr, PATCH_SITE_LEN);
		a->outcome = patch_site_apply(rom, s);
		const char *name = vmi_call_name(s->call);
		report_info("patched site 0x%08x (%u bytes) for call %u (%s): %s%s", s->addr,
		            s->len, s->call, name ? name : "undefined",
		            vmi_reloc_type_name(a->outcome.answer.type),
		            a->outcome.refused ? ", refused: site too short" : "");
	}
}

static const struct applied_site *applied_at(const void *addr)
{
	for (unsigned int i = 0; i < nr_applied; i++)
		if (applied[i].site->addr == (uint32_t)addr)
			return &applied[i];
	return NULL;
}

static bool all_nops(const uint8_t *p, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != 0x90)
			return false;
	return true;
}

static void check_rdtsc_call(void)
{
	const char *name = "patch-rdtsc-call";
	const struct applied_site *a = applied_at(rdtsc_patch_site);
	if (!a) {
		case_fail(name, "the RDTSC site is missing from .guest_patch_sites");
		return;
	}
	if (a->outcome.answer.type != VMI_RELOCATION_CALL_REL) {
		case_fail(name, "RDTSC answered %s, want CALL_REL",
		          vmi_reloc_type_name(a->outcome.answer.type));
		return;
	}
	const uint8_t *site = rdtsc_patch_site;
	uint32_t landing = (uint32_t)site + 5 + get32(site + 1);
	if (site[0] != 0xE8 || landing != a->outcome.answer.target ||
	    !all_nops(site + 5, PATCH_SITE_LEN - 5)) {
		case_fail(name,
		          "site bytes %02x %02x %02x %02x %02x %02x %02x: want E8 rel32 "
		          "to 0x%08x then NOPs",
		          site[0], site[1], site[2], site[3], site[4], site[5], site[6],
		          a->outcome.answer.target);
		return;
	}

	uint32_t native_before = native_rdtsc_calls;
	uint64_t t0 = rdtsc();
	uint64_t via_site = rdtsc_via_patch_site();
	uint64_t t1 = rdtsc();
	bool in_range = t0 <= via_site && via_site <= t1;
	bool went_native = native_rdtsc_calls != native_before;
	case_check(name, in_range && !went_native,
	           "native %08x%08x, via the patched site %08x%08x, native %08x%08x%s",
	           (uint32_t)(t0 >> 32), (uint32_t)t0, (uint32_t)(via_site >> 32),
	           (uint32_t)via_site, (uint32_t)(t1 >> 32), (uint32_t)t1,
	           went_native ? "; the native target ran" : "");
}

static void check_iodelay_nop(void)
{
	const char *name = "patch-iodelay-nop";
	const struct applied_site *a = applied_at(iodelay_patch_site);
	if (!a) {
		case_fail(name, "the IODelay site is missing from .guest_patch_sites");
		return;
	}
	if (a->outcome.answer.type != VMI_RELOCATION_NOP) {
		case_fail(name, "IODelay answered %s, want NOP",
		          vmi_reloc_type_name(a->outcome.answer.type));
		return;
	}
	const uint8_t *site = iodelay_patch_site;
	if (!all_nops(site, PATCH_SITE_LEN)) {
		case_fail(name, "site bytes %02x %02x %02x %02x %02x %02x %02x: want all NOPs",
		          site[0], site[1], site[2], site[3], site[4], site[5], site[6]);
		return;
	}
	uint32_t native_before = native_io_delay_calls;
	iodelay_via_patch_site();
	case_check(name, native_io_delay_calls == native_before,
	           "the NOPed site still reached the native io_delay");
}

static void check_none_left_native(void)
{
	const char *name = "patch-none-left-native";
	const struct applied_site *a = applied_at(none_patch_site);
	if (!a) {
		case_fail(name, "the NONE site is missing from .guest_patch_sites");
		return;
	}
	if (a->outcome.answer.type != VMI_RELOCATION_NONE) {
		case_fail(name, "call %u answered %s, want NONE", a->site->call,
		          vmi_reloc_type_name(a->outcome.answer.type));
		return;
	}
	if (memcmp(none_patch_site, a->before, PATCH_SITE_LEN) != 0) {
		case_fail(name, "the site's bytes changed although the answer was NONE");
		return;
	}
	uint32_t native_before = native_none_calls;
	uint32_t result = none_via_patch_site();
	case_check(name,
	           result == NONE_SITE_NATIVE_RESULT && native_none_calls == native_before + 1,
	           "running the site returned 0x%08x (want 0x%08x), native target ran %u time(s) "
	           "(want 1)",
	           result, NONE_SITE_NATIVE_RESULT, native_none_calls - native_before);
}

void run_patch_cases(const uint8_t *rom, const char *not_run_why)
{
	if (not_run_why) {
		case_not_run("patch-rdtsc-call", not_run_why);
		case_not_run("patch-iodelay-nop", not_run_why);
		case_not_run("patch-none-left-native", not_run_why);
		return;
	}
	apply_all_sites(rom);
	check_rdtsc_call();
	check_iodelay_nop();
	check_none_left_native();
}
