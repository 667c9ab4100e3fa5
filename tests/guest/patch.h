/*
 * Call-site patching the way Linux's apply_paravirt() + vmi_patch() do it.
 * A site is an indirect call through a pointer (`call *ptr`, padded with
 * NOPs to PATCH_SITE_LEN bytes), recorded in .guest_patch_sites with its
 * VMI call number, like Linux's .parainstructions.  Per GetRelocationInfo's
 * answer: CALL_REL -> `E8 rel32` + NOPs, JUMP_REL -> `E9 rel32` + NOPs,
 * NOP -> all NOPs, NONE -> left alone.  rel32 = target - (site + 5).
 */
#ifndef GUEST_PATCH_H
#define GUEST_PATCH_H

#define PATCH_SITE_LEN          7 /* `call *ptr` is 6 bytes; 7 like Linux's `jmp *%cs:ptr` */
#define NONE_SITE_NATIVE_RESULT 0x4e4f4e45 /* what the native target of the NONE site returns */
/* A number Linux leaves undefined: the ABI says the ROM answers NONE for
 * it, so the NONE site keeps testing the patcher's NONE path whatever
 * calls the ROM implements later. */
#define NONE_SITE_CALL 72

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "tests/guest/vmi_rom.h"

/* One row of .guest_patch_sites, as patch_sites.S emits it. */
struct patch_site {
	uint32_t addr;
	uint32_t call; /* VMI call number */
	uint32_t len;
};

extern const struct patch_site guest_patch_sites_start[], guest_patch_sites_end[];

struct patch_outcome {
	struct vmi_reloc_answer answer;
	bool refused; /* CALL_REL/JUMP_REL on a site shorter than 5 bytes */
};

/* Ask the ROM about site->call and rewrite the site accordingly. */
struct patch_outcome patch_site_apply(const uint8_t *rom, const struct patch_site *site);
#endif

#endif
