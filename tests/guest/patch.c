/*
 * Rewriting one call site from GetRelocationInfo's answer (patch.h).  As in
 * Linux, the new bytes are built in a buffer, padded with NOPs, copied over
 * the site, and the CPU is serialized before the site can run.  The text
 * is writable: our own page tables map it so, and after VMI_Init we run in
 * ring 1, which counts as supervisor for paging.
 */
#include "tests/guest/patch.h"
#include "tests/guest/string.h"
#include "tests/guest/x86.h"

#define OPCODE_CALL_REL32 0xE8
#define OPCODE_JMP_REL32  0xE9
#define OPCODE_NOP        0x90
#define REL32_INSN_LEN    5
#define PATCH_SITE_MAX    32

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

struct patch_outcome patch_site_apply(const uint8_t *rom, const struct patch_site *site)
{
	struct patch_outcome out = {.answer = vmi_rom_get_reloc(rom, site->call)};
	uint8_t *text = (uint8_t *)site->addr;
	uint8_t buf[PATCH_SITE_MAX];
	uint32_t len = site->len < PATCH_SITE_MAX ? site->len : PATCH_SITE_MAX;

	memcpy(buf, text, len);
	switch (out.answer.type) {
	case VMI_RELOCATION_CALL_REL:
	case VMI_RELOCATION_JUMP_REL:
		if (len < REL32_INSN_LEN) {
			out.refused = true; /* Linux BUG()s here */
			return out;
		}
		buf[0] = out.answer.type == VMI_RELOCATION_CALL_REL ? OPCODE_CALL_REL32
		                                                    : OPCODE_JMP_REL32;
		put32(buf + 1, out.answer.target - (site->addr + REL32_INSN_LEN));
		memset(buf + REL32_INSN_LEN, OPCODE_NOP, len - REL32_INSN_LEN);
		break;
	case VMI_RELOCATION_NOP:
		memset(buf, OPCODE_NOP, len);
		break;
	default:
		return out; /* NONE (or nonsense): the native indirect call stays */
	}
	memcpy(text, buf, len);
	sync_core();
	return out;
}
