/*
 * Extracting the ROM from the wedge ELF into a self-describing file, reading
 * such a file back, and verifying it: Linux's probe checks, the checksum,
 * each stub inside its slot, the calls Linux must be able to patch, and
 * every relocation landing inside the wedge.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchup-tool/elf32.h"
#include "include/byteorder.h"
#include "patchup-tool/rom_file.h"
#include "rom/rom_image.h"

#define TRAILER_SIZE sizeof(struct vmi_rom_trailer)

const char *rom_reloc_type_name(uint32_t type)
{
	switch (type) {
	case VMI_RELOCATION_NONE:
		return "NONE";
	case VMI_RELOCATION_CALL_REL:
		return "CALL_REL";
	case VMI_RELOCATION_JUMP_REL:
		return "JUMP_REL";
	case VMI_RELOCATION_NOP:
		return "NOP";
	}
	return "INVALID";
}

int rom_extract(const uint8_t *elf_data, size_t elf_len, uint8_t **out, size_t *out_len, char *err,
                size_t err_len)
{
	struct elf32_file elf;
	struct elf32_section rom, patchups, slots, text;
	if (elf32_open(&elf, elf_data, elf_len, err, err_len) != 0 ||
	    elf32_find_section(&elf, ".vmi_rom", &rom, err, err_len) != 0 ||
	    elf32_find_section(&elf, ".vmi_patchups", &patchups, err, err_len) != 0 ||
	    elf32_find_section(&elf, ".vmi_slots", &slots, err, err_len) != 0 ||
	    elf32_find_section(&elf, ".text", &text, err, err_len) != 0)
		return -1;
	if (!rom.data || rom.size < VROM_HEADER_SIZE || rom.size % VROM_BLOCK != 0) {
		snprintf(err, err_len,
		         ".vmi_rom is %u bytes, not a whole number of 512-byte blocks", rom.size);
		return -1;
	}
	if (patchups.size % 4 != 0 || slots.size % VMI_SLOT_DESC_SIZE != 0 ||
	    (!patchups.data && patchups.size) || (!slots.data && slots.size)) {
		snprintf(err, err_len, ".vmi_patchups or .vmi_slots has a partial entry");
		return -1;
	}
	uint32_t nr_relocs = patchups.size / 4, nr_slots = slots.size / VMI_SLOT_DESC_SIZE;
	size_t len = rom.size + TRAILER_SIZE + (size_t)patchups.size + slots.size;
	uint8_t *buf = calloc(1, len);
	if (!buf) {
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	memcpy(buf, rom.data, rom.size);
	rom_fix_checksum(buf, rom.size);

	struct vmi_rom_trailer t = {.version = VMI_ROM_TRAILER_VERSION,
	                            .link_base = rom.addr,
	                            .wedge_start = text.addr,
	                            .wedge_end = text.addr + text.size,
	                            .nr_relocs = nr_relocs,
	                            .nr_slots = nr_slots};
	memcpy(t.magic, VMI_ROM_TRAILER_MAGIC, sizeof(t.magic));
	memcpy(buf + rom.size, &t, TRAILER_SIZE);
	uint8_t *p = buf + rom.size + TRAILER_SIZE;
	for (uint32_t i = 0; i < nr_relocs; i++) {
		uint32_t addr = le32(patchups.data + 4 * i);
		if (addr < rom.addr || addr - rom.addr >= rom.size) {
			snprintf(err, err_len, "patchup %u at 0x%08x is outside .vmi_rom", i, addr);
			free(buf);
			return -1;
		}
		put_le32(p + 4 * i, addr - rom.addr);
	}
	memcpy(p + 4 * nr_relocs, slots.data, slots.size);
	*out = buf;
	*out_len = len;
	return 0;
}

int rom_file_parse(const uint8_t *data, size_t len, struct rom_file *rf, char *err, size_t err_len)
{
	memset(rf, 0, sizeof(*rf));
	if (len < VROM_HEADER_SIZE) {
		snprintf(err, err_len, "truncated: %zu bytes, the ROM header alone is 144", len);
		return -1;
	}
	size_t rom_size = (size_t)data[VROM_OFF_ROM_LENGTH] * VROM_BLOCK;
	if (rom_size < VROM_HEADER_SIZE) {
		snprintf(err, err_len, "rom_length %u is too small for the header",
		         data[VROM_OFF_ROM_LENGTH]);
		return -1;
	}
	if (len < rom_size) {
		snprintf(err, err_len, "truncated: rom_length says %zu bytes, the file has %zu",
		         rom_size, len);
		return -1;
	}
	if (len - rom_size < TRAILER_SIZE) {
		snprintf(err, err_len,
		         "no relocation trailer after the %zu-byte image "
		         "(make it with 'patchup-tool extract')",
		         rom_size);
		return -1;
	}
	memcpy(&rf->trailer, data + rom_size, TRAILER_SIZE);
	const struct vmi_rom_trailer *t = &rf->trailer;
	if (memcmp(t->magic, VMI_ROM_TRAILER_MAGIC, sizeof(t->magic)) != 0) {
		snprintf(err, err_len, "bad trailer magic after the image (corrupt or not ours)");
		return -1;
	}
	if (t->version != VMI_ROM_TRAILER_VERSION) {
		snprintf(err, err_len, "trailer version %u, this tool reads %u", t->version,
		         VMI_ROM_TRAILER_VERSION);
		return -1;
	}
	size_t rest = len - rom_size - TRAILER_SIZE;
	if (t->nr_relocs > rest / 4 ||
	    t->nr_slots > (rest - 4 * (size_t)t->nr_relocs) / VMI_SLOT_DESC_SIZE) {
		snprintf(err, err_len, "trailer counts (%u relocations, %u slots) exceed the file",
		         t->nr_relocs, t->nr_slots);
		return -1;
	}
	if (rest != 4 * (size_t)t->nr_relocs + (size_t)t->nr_slots * VMI_SLOT_DESC_SIZE) {
		snprintf(err, err_len, "oversized: %zu stray bytes after the slot table",
		         rest - 4 * (size_t)t->nr_relocs -
		             (size_t)t->nr_slots * VMI_SLOT_DESC_SIZE);
		return -1;
	}
	rf->rom = data;
	rf->rom_size = rom_size;
	rf->relocs = data + rom_size + TRAILER_SIZE;
	rf->slots = calloc(t->nr_slots ? t->nr_slots : 1, sizeof(*rf->slots));
	if (!rf->slots) {
		snprintf(err, err_len, "out of memory");
		return -1;
	}
	memcpy(rf->slots, rf->relocs + 4 * (size_t)t->nr_relocs,
	       (size_t)t->nr_slots * VMI_SLOT_DESC_SIZE);
	return 0;
}

void rom_file_free(struct rom_file *rf)
{
	free(rf->slots);
	rf->slots = NULL;
}

static int failures;

static void fail(rom_report_fn report, void *ctx, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(ctx, 1, msg);
	failures++;
}

/* Linux can only patch these inline; NOP would silently drop them (ABI §3.3). */
static int must_not_be_nop(uint32_t call)
{
	return call == VMI_CALL_IRET || call == VMI_CALL_SYSEXIT ||
	       call == VMI_CALL_EnableInterrupts || call == VMI_CALL_DisableInterrupts;
}

static int linux_defines(uint32_t call)
{
	return call <= VMI_CALL_SetLinearMapping ||
	       (call >= VMI_CALL_SetIOPLMask && call <= VMI_CALL_WallclockUpdated) ||
	       call == VMI_CALL_SetLazyMode;
}

static void verify_entry_jump(const struct rom_file *rf, uint32_t off, const char *what,
                              rom_report_fn report, void *ctx)
{
	const uint8_t *p = rf->rom + off;
	uint32_t target;
	if (p[0] == 0xE9)
		target = off + 5 + le32(p + 1);
	else if (p[0] == 0xEB)
		target = off + 2 + (uint32_t)(int32_t)(int8_t)p[1];
	else {
		fail(report, ctx, "%s at 0x%x is not a jump (0x%02x)", what, off, p[0]);
		return;
	}
	if (target >= rf->rom_size)
		fail(report, ctx, "%s at 0x%x jumps outside the ROM (offset 0x%x)", what, off,
		     target);
}

static void verify_slots(const struct rom_file *rf, rom_report_fn report, void *ctx)
{
	uint8_t seen[VMI_CALL_LIMIT] = {0};
	for (uint32_t i = 0; i < rf->trailer.nr_slots; i++) {
		const struct vmi_slot_desc *s = &rf->slots[i];
		char name[VMI_SLOT_NAME_LEN + 1];
		memcpy(name, s->name, VMI_SLOT_NAME_LEN);
		name[VMI_SLOT_NAME_LEN] = '\0';
		if (s->call >= VMI_CALL_LIMIT || !linux_defines(s->call)) {
			fail(report, ctx, "slot %s has call number %u, which Linux does not define",
			     name, s->call);
			continue;
		}
		if (seen[s->call]++)
			fail(report, ctx, "call %u has two slots", s->call);
		uint32_t expected = VMI_SLOT_BASE + s->call * VMI_SLOT_SIZE;
		if (s->start != expected)
			fail(report, ctx, "stub %s starts at 0x%x, its slot is at 0x%x", name,
			     s->start, expected);
		if (s->end < s->start || s->end > expected + VMI_SLOT_SIZE || s->end > rf->rom_size)
			fail(report, ctx, "stub %s (0x%x-0x%x) overflows its slot 0x%x-0x%x", name,
			     s->start, s->end, expected, expected + VMI_SLOT_SIZE);
		if (s->reloc_type > VMI_RELOCATION_NOP)
			fail(report, ctx, "stub %s has relocation type %u", name, s->reloc_type);
		else if (must_not_be_nop(s->call) && s->reloc_type == VMI_RELOCATION_NOP)
			fail(report, ctx,
			     "%s answered NOP: Linux needs CALL_REL or JUMP_REL (or NONE)", name);
	}
	for (uint32_t call = 0; call < VMI_CALL_LIMIT; call++)
		if (linux_defines(call) && !seen[call])
			fail(report, ctx, "no stub for call number %u", call);
}

int rom_verify(const struct rom_file *rf, rom_report_fn report, void *ctx)
{
	char why[200];
	int unknown_vendor;
	failures = 0;

	if (rom_check_linux_probe(rf->rom, rf->rom_size, &unknown_vendor, why, sizeof(why)) != 0)
		fail(report, ctx, "Linux would reject it: %s", why);
	else if (unknown_vendor)
		report(ctx, 0,
		       "PCI vendor/device is not VMware's: Linux prints "
		       "'ROM from unknown manufacturer' and carries on");
	if (rom_sum8(rf->rom, rf->rom_size) != 0)
		fail(report, ctx, "checksum: the %zu bytes sum to 0x%02x, not 0", rf->rom_size,
		     rom_sum8(rf->rom, rf->rom_size));
	if (rf->rom_size >= VROM_HEADER_SIZE) {
		verify_entry_jump(rf, VROM_OFF_VMI_INIT, "VMI_Init (ROM+0x80)", report, ctx);
		verify_entry_jump(rf, VROM_OFF_GET_RELOC, "GetRelocationInfo (ROM+0x88)", report,
		                  ctx);
		uint32_t top = le32(rf->rom + VROM_OFF_VIRTUAL_TOP);
		if (top == 0 || top % 4096 != 0)
			fail(report, ctx, "virtual_top 0x%08x is not a page-aligned address", top);
	}
	verify_slots(rf, report, ctx);

	const struct vmi_rom_trailer *t = &rf->trailer;
	for (uint32_t i = 0; i < t->nr_relocs; i++) {
		uint32_t off = le32(rf->relocs + 4 * i);
		if (off >= rf->rom_size || rf->rom_size - off < 5) {
			fail(report, ctx, "relocation %u at 0x%x is outside the ROM", i, off);
			continue;
		}
		uint8_t op = rf->rom[off];
		if (op != 0xE8 && op != 0xE9) {
			fail(report, ctx, "relocation %u at 0x%x is not a rel32 call/jmp (0x%02x)",
			     i, off, op);
			continue;
		}
		uint32_t target = rom_reloc_target(rf->rom, off, t->link_base);
		if (target < t->wedge_start || target >= t->wedge_end)
			fail(
			    report, ctx,
			    "relocation %u at 0x%x targets 0x%08x, outside the wedge 0x%08x-0x%08x",
			    i, off, target, t->wedge_start, t->wedge_end);
	}
	return failures;
}
