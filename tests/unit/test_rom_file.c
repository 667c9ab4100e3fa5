/*
 * Host unit tests of the extracted ROM file (patchup-tool/rom_file.c):
 * rom_file_parse, rom_verify and rom_extract, using the real build outputs
 * build/vmi.rom and build/vmiwedge.elf as fixtures (run from the repository
 * root after make).  Each damaged copy must give either a parse error or a
 * verify failure whose message names the problem.
 *
 * File layout (include/vmi_rom_image.h), written here as literals: the
 * 5632-byte image, the 32-byte trailer at 0x1600 (magic, version,
 * link_base, wedge_start, wedge_end, nr_relocs, nr_slots), nr_relocs u32
 * ROM offsets, then nr_slots 40-byte rows {call, start, end, reloc_type,
 * name[24]}.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "patchup-tool/rom_file.h"
#include "rom/rom_image.h"

#define GOOD_ROM "build/vmi.rom"
#define GOOD_ELF "build/vmiwedge.elf"

#define IMAGE_SIZE    5632 /* 11 blocks of 512 */
#define TRAILER       0x1600
#define T_MAGIC       (TRAILER + 0)
#define T_VERSION     (TRAILER + 8)
#define T_LINK_BASE   (TRAILER + 12)
#define T_WEDGE_START (TRAILER + 16)
#define T_WEDGE_END   (TRAILER + 20)
#define T_NR_RELOCS   (TRAILER + 24)
#define T_NR_SLOTS    (TRAILER + 28)
#define RELOCS        (TRAILER + 32)
#define SLOT_SIZE     40

#define CALL_IRET 33 /* VMI-ABI.md §3.1 */

static uint8_t *good_rom, *good_elf;
static size_t good_rom_len, good_elf_len;

static char err[256];

/* ---- helpers ------------------------------------------------------------ */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s (run from the repository root after make)\n", path);
		return NULL;
	}
	size_t cap = 1 << 22;
	uint8_t *buf = malloc(cap);
	*len = buf ? fread(buf, 1, cap, f) : 0;
	fclose(f);
	if (buf && (*len == 0 || *len == cap)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int load_fixtures(void **state)
{
	(void)state;
	good_rom = read_whole(GOOD_ROM, &good_rom_len);
	good_elf = read_whole(GOOD_ELF, &good_elf_len);
	return good_rom && good_elf ? 0 : -1;
}

static int free_fixtures(void **state)
{
	(void)state;
	free(good_rom);
	free(good_elf);
	good_rom = good_elf = NULL;
	return 0;
}

static uint32_t nr_relocs(const uint8_t *f)
{
	return get32(f + T_NR_RELOCS);
}

static uint32_t nr_slots(const uint8_t *f)
{
	return get32(f + T_NR_SLOTS);
}

static uint8_t *slot_row(uint8_t *f, uint32_t i)
{
	return f + RELOCS + 4 * nr_relocs(f) + (size_t)i * SLOT_SIZE;
}

/* A private copy of the good ROM file with `extra` zero bytes of room. */
static uint8_t *copy_good(size_t extra)
{
	uint8_t *c = calloc(1, good_rom_len + extra);
	assert_non_null(c);
	memcpy(c, good_rom, good_rom_len);
	return c;
}

/* The row of the slot for `call`, in the copy. */
static uint8_t *slot_for_call(uint8_t *f, uint32_t call)
{
	for (uint32_t i = 0; i < nr_slots(f); i++)
		if (get32(slot_row(f, i)) == call)
			return slot_row(f, i);
	fail_msg("the good ROM has no slot for call %u", call);
	return NULL;
}

struct collected {
	int fatal, warnings;
	char text[4096];
};

static void collect(void *ctx, int fatal, const char *msg)
{
	struct collected *c = ctx;
	if (fatal)
		c->fatal++;
	else
		c->warnings++;
	size_t used = strlen(c->text);
	snprintf(c->text + used, sizeof(c->text) - used, "%s%s\n", fatal ? "FAIL " : "warn ", msg);
}

static void expect_parse_error(const uint8_t *data, size_t len, const char *word)
{
	struct rom_file rf;
	err[0] = '\0';
	assert_int_equal(rom_file_parse(data, len, &rf, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	if (!strstr(err, word))
		fail_msg("parse error '%s' does not mention '%s'", err, word);
	assert_null(rf.slots);
	rom_file_free(&rf);
}

/* Parses, then verifies: `failures` fatal reports (or any number > 0 when
 * failures is -1), one of which contains `word`. */
static void expect_verify_failure(const uint8_t *data, size_t len, int failures, const char *word)
{
	struct rom_file rf;
	struct collected c = {0};
	err[0] = '\0';
	if (rom_file_parse(data, len, &rf, err, sizeof(err)) != 0)
		fail_msg("expected a verify failure, got the parse error '%s'", err);
	int n = rom_verify(&rf, collect, &c);
	rom_file_free(&rf);
	assert_int_equal(n, c.fatal);
	if (failures < 0 ? n <= 0 : n != failures)
		fail_msg("expected %d failures, got %d:\n%s", failures, n, c.text);
	if (!strstr(c.text, word))
		fail_msg("no report mentions '%s':\n%s", word, c.text);
}

/* ---- the good file ------------------------------------------------------ */

static void good_rom_parses_and_verifies_with_no_failures(void **state)
{
	(void)state;
	struct rom_file rf;
	struct collected c = {0};
	assert_int_equal(rom_file_parse(good_rom, good_rom_len, &rf, err, sizeof(err)), 0);
	assert_int_equal(rf.rom_size, IMAGE_SIZE);
	assert_ptr_equal(rf.rom, good_rom);
	assert_memory_equal(rf.trailer.magic, "vmiwRELO", 8);
	assert_int_equal(rf.trailer.version, 1);
	/* 0-48, 61-71 and 73: the 61 calls Linux defines (VMI-ABI.md §3.1). */
	assert_int_equal(rf.trailer.nr_slots, 61);
	assert_true(rf.trailer.nr_relocs > 0);
	assert_int_equal(good_rom_len, IMAGE_SIZE + 32 + 4 * rf.trailer.nr_relocs +
	                                   SLOT_SIZE * rf.trailer.nr_slots);
	assert_true(rf.trailer.wedge_start < rf.trailer.wedge_end);

	int n = rom_verify(&rf, collect, &c);
	if (n != 0)
		fail_msg("%d failures:\n%s", n, c.text);
	assert_int_equal(c.fatal, 0);
	/* The only acceptable remark is the non-fatal PCI vendor one. */
	if (c.warnings)
		assert_non_null(strstr(c.text, "PCI vendor"));
	rom_file_free(&rf);
	assert_null(rf.slots);
}

static void good_rom_has_one_slot_per_defined_call_at_its_fixed_offset(void **state)
{
	(void)state;
	struct rom_file rf;
	uint8_t seen[74] = {0};
	assert_int_equal(rom_file_parse(good_rom, good_rom_len, &rf, err, sizeof(err)), 0);
	for (uint32_t i = 0; i < rf.trailer.nr_slots; i++) {
		const struct vmi_slot_desc *s = &rf.slots[i];
		assert_true(s->call < 74);
		assert_int_equal(seen[s->call]++, 0);
		assert_int_equal(s->start, 0x200 + s->call * 64);
		assert_in_range(s->end, s->start, s->start + 64);
	}
	for (uint32_t call = 0; call < 74; call++)
		assert_int_equal(seen[call],
		                 (call <= 48 || (call >= 61 && call <= 71) || call == 73));
	rom_file_free(&rf);
}

static void extracting_the_wedge_elf_reproduces_the_rom_file(void **state)
{
	(void)state;
	uint8_t *out = NULL;
	size_t out_len = 0;
	err[0] = '\0';
	if (rom_extract(good_elf, good_elf_len, &out, &out_len, err, sizeof(err)) != 0)
		fail_msg("extract failed: %s", err);
	assert_int_equal(out_len, good_rom_len);
	assert_memory_equal(out, good_rom, good_rom_len);
	free(out);
}

/* ---- truncated and oversized -------------------------------------------- */

static void empty_and_100_byte_inputs_are_truncated(void **state)
{
	(void)state;
	expect_parse_error(good_rom, 0, "truncated");
	expect_parse_error(good_rom, 100, "truncated");
	expect_parse_error(good_rom, 143, "truncated");
}

static void half_a_rom_is_truncated(void **state)
{
	(void)state;
	expect_parse_error(good_rom, IMAGE_SIZE / 2, "truncated");
	expect_parse_error(good_rom, IMAGE_SIZE - 1, "truncated");
}

static void rom_without_trailer_is_refused(void **state)
{
	(void)state;
	expect_parse_error(good_rom, IMAGE_SIZE, "no relocation trailer");
}

static void trailer_cut_short_is_refused(void **state)
{
	(void)state;
	expect_parse_error(good_rom, IMAGE_SIZE + 16, "no relocation trailer");
	expect_parse_error(good_rom, IMAGE_SIZE + 31, "no relocation trailer");
}

static void relocation_list_or_slot_table_cut_short_is_refused(void **state)
{
	(void)state;
	/* The trailer is whole but its counts promise more than follows. */
	expect_parse_error(good_rom, IMAGE_SIZE + 32, "exceed the file");
	expect_parse_error(good_rom, IMAGE_SIZE + 32 + 4 * nr_relocs(good_rom), "exceed the file");
	expect_parse_error(good_rom, good_rom_len - 1, "exceed the file");
}

static void stray_bytes_after_the_slot_table_are_refused(void **state)
{
	(void)state;
	uint8_t *f = copy_good(SLOT_SIZE);
	expect_parse_error(f, good_rom_len + 1, "stray");
	expect_parse_error(f, good_rom_len + 4, "stray");
	expect_parse_error(f, good_rom_len + SLOT_SIZE, "stray"); /* even a whole row */
	free(f);
}

static void rom_length_too_small_for_the_header_is_refused(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x02] = 0;
	expect_parse_error(f, good_rom_len, "rom_length");
	free(f);
}

/* ---- header damage: parse succeeds, verify fails ----------------------- */

static void wrong_rom_signature_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x00] = 0x00;
	/* Unfixed, the checksum is wrong as well. */
	expect_verify_failure(f, good_rom_len, 2, "0xAA55");
	expect_verify_failure(f, good_rom_len, 2, "checksum");
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "Linux would reject it");
	free(f);
}

static void wrong_cvmi_signature_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x08] = 'C';
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "cVmi");
	free(f);
}

static void major_version_2_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x0D] = 2;
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "major version 3");
	free(f);
}

static void corrupt_checksum_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x40] ^= 0x01; /* reserved header byte: only the sum changes */
	expect_verify_failure(f, good_rom_len, 1, "checksum");
	f[0x40] ^= 0x01;
	f[IMAGE_SIZE - 1]++;
	expect_verify_failure(f, good_rom_len, 1, "checksum");
	free(f);
}

static void entry_point_that_is_not_a_jump_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	memset(f + 0x88, 0x90, 8);
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1,
	                      "GetRelocationInfo (ROM+0x88) at 0x88 is not a jump");
	free(f);
}

static void unaligned_virtual_top_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	put32(f + 0x10, 0xF4800800);
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "virtual_top");
	free(f);
}

/* ---- trailer damage ------------------------------------------------------ */

static void bad_trailer_magic_is_refused(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	memcpy(f + T_MAGIC, "vmiwRELP", 8);
	expect_parse_error(f, good_rom_len, "magic");
	free(f);
}

static void trailer_version_2_is_refused(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	put32(f + T_VERSION, 2);
	expect_parse_error(f, good_rom_len, "trailer version 2");
	free(f);
}

static void huge_relocation_or_slot_count_is_refused(void **state)
{
	(void)state;
	const uint32_t huge[] = {0xFFFFFFFF, 0x80000000, 0x40000000, 0x40000001};
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		uint8_t *f = copy_good(0);
		put32(f + T_NR_RELOCS, huge[i]);
		expect_parse_error(f, good_rom_len, "exceed the file");
		free(f);
		f = copy_good(0);
		put32(f + T_NR_SLOTS, huge[i]);
		expect_parse_error(f, good_rom_len, "exceed the file");
		free(f);
	}
}

static void relocation_offset_outside_the_rom_is_a_verify_failure(void **state)
{
	(void)state;
	const uint32_t bad[] = {IMAGE_SIZE, IMAGE_SIZE - 4, IMAGE_SIZE - 1, 0xFFFFFFFF};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *f = copy_good(0);
		put32(f + RELOCS, bad[i]);
		expect_verify_failure(f, good_rom_len, 1, "outside the ROM");
		free(f);
	}
}

static void relocation_at_a_non_call_opcode_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	put32(f + RELOCS, 0x20); /* reserved header bytes: 00 */
	expect_verify_failure(f, good_rom_len, 1, "not a rel32 call/jmp (0x00)");
	free(f);

	f = copy_good(0);
	uint32_t off = get32(f + RELOCS);
	f[off] = 0xEB; /* the instruction the relocation points at becomes a short jmp */
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "not a rel32 call/jmp (0xeb)");
	free(f);
}

static void relocation_target_outside_the_wedge_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	uint32_t off = get32(f + RELOCS);
	uint32_t link_base = get32(f + T_LINK_BASE);
	uint32_t wedge_start = get32(f + T_WEDGE_START), wedge_end = get32(f + T_WEDGE_END);
	assert_true(f[off] == 0xE8 || f[off] == 0xE9);
	/* Aim it at wedge_end: one past the last byte of the wedge. */
	put32(f + off + 1, wedge_end - (link_base + off + 5));
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "outside the wedge");
	/* And just below wedge_start. */
	put32(f + off + 1, wedge_start - 1 - (link_base + off + 5));
	rom_fix_checksum(f, IMAGE_SIZE);
	expect_verify_failure(f, good_rom_len, 1, "outside the wedge");
	free(f);

	/* Or the trailer's wedge range shrunk to nothing: every one fails. */
	f = copy_good(0);
	put32(f + T_WEDGE_END, wedge_start);
	expect_verify_failure(f, good_rom_len, (int)nr_relocs(f), "outside the wedge");
	free(f);
}

/* ---- slot table damage ------------------------------------------------- */

static void stub_overflowing_its_64_byte_slot_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	uint8_t *row = slot_for_call(f, 5);
	put32(row + 8, 0x200 + 5 * 64 + 65); /* end one byte into slot 6 */
	expect_verify_failure(f, good_rom_len, 1, "overflows its slot");
	free(f);

	f = copy_good(0);
	row = slot_for_call(f, 5);
	put32(row + 8, get32(row + 4) - 1); /* end before start */
	expect_verify_failure(f, good_rom_len, 1, "overflows its slot");
	free(f);
}

static void stub_not_at_its_slot_offset_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	uint8_t *row = slot_for_call(f, 7);
	put32(row + 4, 0x200 + 7 * 64 + 1);
	expect_verify_failure(f, good_rom_len, 1, "its slot is at 0x3c0");
	free(f);
}

static void missing_call_number_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	uint32_t n = nr_slots(f);
	uint32_t dropped = get32(slot_row(f, n - 1));
	put32(f + T_NR_SLOTS, n - 1);
	char word[64];
	snprintf(word, sizeof(word), "no stub for call number %u\n", dropped);
	expect_verify_failure(f, good_rom_len - SLOT_SIZE, 1, word);
	free(f);
}

static void slot_for_an_undefined_call_number_is_a_verify_failure(void **state)
{
	(void)state;
	const uint32_t undefined[] = {49, 60, 72, 74, 0xFFFFFFFF};
	for (size_t i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++) {
		uint8_t *f = copy_good(0);
		uint8_t *row = slot_for_call(f, 48);
		put32(row, undefined[i]);
		/* ... which also leaves call 48 without a stub. */
		expect_verify_failure(f, good_rom_len, 2, "which Linux does not define");
		expect_verify_failure(f, good_rom_len, 2, "no stub for call number 48");
		free(f);
	}
}

static void two_slots_for_one_call_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	put32(slot_for_call(f, 9), 8);
	expect_verify_failure(f, good_rom_len, -1, "call 8 has two slots");
	free(f);
}

static void iret_answered_nop_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	uint8_t *row = slot_for_call(f, CALL_IRET);
	put32(row + 12, 3); /* VMI_RELOCATION_NOP */
	expect_verify_failure(f, good_rom_len, 1, "IRET answered NOP");
	free(f);
}

static void invalid_relocation_type_is_a_verify_failure(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	put32(slot_for_call(f, 0) + 12, 4);
	expect_verify_failure(f, good_rom_len, 1, "relocation type 4");
	free(f);
}

static void verify_failure_count_does_not_accumulate_across_calls(void **state)
{
	(void)state;
	uint8_t *f = copy_good(0);
	f[0x40] ^= 0xFF;
	expect_verify_failure(f, good_rom_len, 1, "checksum");
	expect_verify_failure(f, good_rom_len, 1, "checksum");
	free(f);
	struct rom_file rf;
	struct collected c = {0};
	assert_int_equal(rom_file_parse(good_rom, good_rom_len, &rf, err, sizeof(err)), 0);
	assert_int_equal(rom_verify(&rf, collect, &c), 0);
	rom_file_free(&rf);
}

/* ---- extract ------------------------------------------------------------ */

static void expect_extract_error(const uint8_t *data, size_t len, const char *word)
{
	uint8_t *out = NULL;
	size_t out_len = 0;
	err[0] = '\0';
	assert_int_equal(rom_extract(data, len, &out, &out_len, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	if (!strstr(err, word))
		fail_msg("extract error '%s' does not mention '%s'", err, word);
	assert_null(out);
}

static void extract_refuses_garbage(void **state)
{
	(void)state;
	uint8_t junk[1000];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (uint8_t)(x >> 16);
	}
	expect_extract_error(junk, sizeof(junk), "not an ELF file");
	expect_extract_error(junk, 0, "not an ELF file");
}

static void extract_refuses_a_rom_file_as_input(void **state)
{
	(void)state;
	expect_extract_error(good_rom, good_rom_len, "not an ELF file");
}

static void extract_refuses_a_truncated_elf(void **state)
{
	(void)state;
	expect_extract_error(good_elf, 60, "section header table is missing or truncated");
	expect_extract_error(good_elf, 51, "not an ELF file");
	expect_extract_error(good_elf, good_elf_len - 1, "truncated");
	expect_extract_error(good_elf, good_elf_len / 2, "truncated");
}

static void extract_refuses_a_64_bit_or_non_i386_elf(void **state)
{
	(void)state;
	uint8_t *e = malloc(good_elf_len);
	assert_non_null(e);
	memcpy(e, good_elf, good_elf_len);
	e[4] = 2; /* ELFCLASS64 */
	expect_extract_error(e, good_elf_len, "32-bit");
	e[4] = 1;
	e[5] = 2; /* big-endian */
	expect_extract_error(e, good_elf_len, "little-endian");
	e[5] = 1;
	e[18] = 62; /* EM_X86_64 */
	expect_extract_error(e, good_elf_len, "not i386");
	free(e);
}

static void extract_refuses_an_elf_without_the_rom_section(void **state)
{
	(void)state;
	uint8_t *e = malloc(good_elf_len);
	assert_non_null(e);
	memcpy(e, good_elf, good_elf_len);
	uint8_t *name = memmem(e, good_elf_len, ".vmi_rom", 9); /* with its NUL */
	assert_non_null(name);
	name[1] = 'V';
	expect_extract_error(e, good_elf_len, "no section .vmi_rom");
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_rom_parses_and_verifies_with_no_failures),
	    cmocka_unit_test(good_rom_has_one_slot_per_defined_call_at_its_fixed_offset),
	    cmocka_unit_test(extracting_the_wedge_elf_reproduces_the_rom_file),
	    cmocka_unit_test(empty_and_100_byte_inputs_are_truncated),
	    cmocka_unit_test(half_a_rom_is_truncated),
	    cmocka_unit_test(rom_without_trailer_is_refused),
	    cmocka_unit_test(trailer_cut_short_is_refused),
	    cmocka_unit_test(relocation_list_or_slot_table_cut_short_is_refused),
	    cmocka_unit_test(stray_bytes_after_the_slot_table_are_refused),
	    cmocka_unit_test(rom_length_too_small_for_the_header_is_refused),
	    cmocka_unit_test(wrong_rom_signature_is_a_verify_failure),
	    cmocka_unit_test(wrong_cvmi_signature_is_a_verify_failure),
	    cmocka_unit_test(major_version_2_is_a_verify_failure),
	    cmocka_unit_test(corrupt_checksum_is_a_verify_failure),
	    cmocka_unit_test(entry_point_that_is_not_a_jump_is_a_verify_failure),
	    cmocka_unit_test(unaligned_virtual_top_is_a_verify_failure),
	    cmocka_unit_test(bad_trailer_magic_is_refused),
	    cmocka_unit_test(trailer_version_2_is_refused),
	    cmocka_unit_test(huge_relocation_or_slot_count_is_refused),
	    cmocka_unit_test(relocation_offset_outside_the_rom_is_a_verify_failure),
	    cmocka_unit_test(relocation_at_a_non_call_opcode_is_a_verify_failure),
	    cmocka_unit_test(relocation_target_outside_the_wedge_is_a_verify_failure),
	    cmocka_unit_test(stub_overflowing_its_64_byte_slot_is_a_verify_failure),
	    cmocka_unit_test(stub_not_at_its_slot_offset_is_a_verify_failure),
	    cmocka_unit_test(missing_call_number_is_a_verify_failure),
	    cmocka_unit_test(slot_for_an_undefined_call_number_is_a_verify_failure),
	    cmocka_unit_test(two_slots_for_one_call_is_a_verify_failure),
	    cmocka_unit_test(iret_answered_nop_is_a_verify_failure),
	    cmocka_unit_test(invalid_relocation_type_is_a_verify_failure),
	    cmocka_unit_test(verify_failure_count_does_not_accumulate_across_calls),
	    cmocka_unit_test(extract_refuses_garbage),
	    cmocka_unit_test(extract_refuses_a_rom_file_as_input),
	    cmocka_unit_test(extract_refuses_a_truncated_elf),
	    cmocka_unit_test(extract_refuses_a_64_bit_or_non_i386_elf),
	    cmocka_unit_test(extract_refuses_an_elf_without_the_rom_section),
	};
	return cmocka_run_group_tests(tests, load_fixtures, free_fixtures);
}
