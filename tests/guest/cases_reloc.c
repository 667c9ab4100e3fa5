/*
 * GetRelocationInfo for every call number 0..80 (Linux asks for the
 * defined ones many times, and again at every module load; the ROM must
 * answer anything sensibly and always the same).
 *
 *   reloc-every-call-answered: every type is one of NONE, CALL_REL,
 *     JUMP_REL, NOP, and every number Linux does not define (49-60, 72,
 *     74 and up) is answered NONE.
 *   reloc-targets-inside-rom: every CALL_REL/JUMP_REL target lies inside
 *     [rom, rom + rom_length * 512), where Linux will call or jump.
 *   reloc-stable: a second round gives the same types, and the same
 *     targets where a target means something (CALL_REL, JUMP_REL).
 */
#include <stdbool.h>

#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_rom.h"

#define RELOC_PROBE_COUNT 81 /* numbers 0..80: all of Linux's and then some */

static struct vmi_reloc_answer first[RELOC_PROBE_COUNT], second[RELOC_PROBE_COUNT];

static bool has_target(uint8_t type)
{
	return type == VMI_RELOCATION_CALL_REL || type == VMI_RELOCATION_JUMP_REL;
}

static const char *name_or_undefined(uint32_t call)
{
	const char *name = vmi_call_name(call);
	return name ? name : "undefined";
}

static void check_every_call_answered(void)
{
	unsigned int bad = 0;
	uint32_t first_bad = 0;
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++) {
		uint8_t type = first[call].type;
		bool type_ok = type <= VMI_RELOCATION_NOP;
		bool undefined_ok = vmi_call_name(call) || type == VMI_RELOCATION_NONE;
		if (!type_ok || !undefined_ok) {
			if (!bad++)
				first_bad = call;
		}
	}
	case_check("reloc-every-call-answered", bad == 0,
	           "%u bad answer(s); first: call %u (%s) answered type %u (%s)", bad, first_bad,
	           name_or_undefined(first_bad), first[first_bad].type,
	           vmi_reloc_type_name(first[first_bad].type));
}

static void check_targets_inside(const uint8_t *rom)
{
	uint32_t lo = (uint32_t)rom, hi = lo + (uint32_t)vmi_rom_size(rom);
	unsigned int outside = 0;
	uint32_t first_outside = 0;
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++) {
		const struct vmi_reloc_answer *a = &first[call];
		if (has_target(a->type) && (a->target < lo || a->target >= hi)) {
			if (!outside++)
				first_outside = call;
		}
	}
	case_check("reloc-targets-inside-rom", outside == 0,
	           "%u target(s) outside the ROM 0x%08x-0x%08x; first: call %u (%s) %s 0x%08x",
	           outside, lo, hi, first_outside, name_or_undefined(first_outside),
	           vmi_reloc_type_name(first[first_outside].type), first[first_outside].target);
}

static void check_stable(void)
{
	unsigned int changed = 0;
	uint32_t first_changed = 0;
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++) {
		const struct vmi_reloc_answer *a = &first[call], *b = &second[call];
		bool same = a->type == b->type && (!has_target(a->type) || a->target == b->target);
		if (!same) {
			if (!changed++)
				first_changed = call;
		}
	}
	const struct vmi_reloc_answer *a = &first[first_changed], *b = &second[first_changed];
	case_check("reloc-stable", changed == 0,
	           "%u answer(s) changed; first: call %u (%s) %s 0x%08x, then %s 0x%08x", changed,
	           first_changed, name_or_undefined(first_changed), vmi_reloc_type_name(a->type),
	           a->target, vmi_reloc_type_name(b->type), b->target);
}

static void report_answers(void)
{
	unsigned int counts[4] = {0};
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++) {
		const struct vmi_reloc_answer *a = &first[call];
		if (a->type < 4)
			counts[a->type]++;
		if (a->type == VMI_RELOCATION_NONE)
			continue;
		if (has_target(a->type))
			report_info("reloc %u %s: %s 0x%08x", call, name_or_undefined(call),
			            vmi_reloc_type_name(a->type), a->target);
		else
			report_info("reloc %u %s: %s", call, name_or_undefined(call),
			            vmi_reloc_type_name(a->type));
	}
	report_info("reloc answers for 0..%u: %u NONE, %u CALL_REL, %u JUMP_REL, %u NOP",
	            RELOC_PROBE_COUNT - 1, counts[VMI_RELOCATION_NONE],
	            counts[VMI_RELOCATION_CALL_REL], counts[VMI_RELOCATION_JUMP_REL],
	            counts[VMI_RELOCATION_NOP]);
}

void run_reloc_cases(const uint8_t *rom, const char *not_run_why)
{
	if (not_run_why) {
		case_not_run("reloc-every-call-answered", not_run_why);
		case_not_run("reloc-targets-inside-rom", not_run_why);
		case_not_run("reloc-stable", not_run_why);
		return;
	}
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++)
		first[call] = vmi_rom_get_reloc(rom, call);
	for (uint32_t call = 0; call < RELOC_PROBE_COUNT; call++)
		second[call] = vmi_rom_get_reloc(rom, call);

	report_answers();
	check_every_call_answered();
	check_targets_inside(rom);
	check_stable();
}
