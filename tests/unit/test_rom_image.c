/*
 * Host unit tests of the ROM image operations (rom/rom_image.c): the 8-bit
 * checksum, the checks Linux's probe_vmi_rom()/check_vmi_rom() make, and
 * all-or-nothing relocation of rel32 calls; then the real build/vmi.rom.
 *
 * Header offsets and values are written here as literals taken from
 * VMI-ABI.md sections 1-2, never from include/vmi_abi.h, so that a wrong
 * constant cannot pass on both sides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rom/rom_image.h"

#define IMG_SIZE 0x200 /* one 512-byte block: enough for a hand-made header */

static uint8_t img[IMG_SIZE];
static char why[256];
static int unknown_vendor;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * A header Linux accepts, laid out per VMI-ABI.md §1-2: 55 AA, rom_length,
 * "cVmi" at 8, minor 0 at 0x0C, major 3 at 0x0D, license offset at 0x16,
 * PCI header offset at 0x18; a VMware PCI header at 0x90 and "GPL v2" at
 * 0xC0.
 */
static void make_good_header(void)
{
	memset(img, 0, sizeof(img));
	img[0x00] = 0x55;
	img[0x01] = 0xAA;
	img[0x02] = IMG_SIZE / 512;
	memcpy(img + 0x08, "cVmi", 4);
	img[0x0C] = 0;
	img[0x0D] = 3;
	put16(img + 0x16, 0xC0);
	put16(img + 0x18, 0x90);
	memcpy(img + 0x90, "PCIR", 4);
	put16(img + 0x94, 0x15AD);
	put16(img + 0x96, 0x0801);
	strcpy((char *)img + 0xC0, "GPL v2");
}

static int probe(size_t avail)
{
	why[0] = '\0';
	unknown_vendor = -1;
	return rom_check_linux_probe(img, avail, &unknown_vendor, why, sizeof(why));
}

static void expect_rejected(size_t avail, const char *word)
{
	assert_int_equal(probe(avail), -1);
	assert_true(why[0] != '\0');
	if (!strstr(why, word))
		fail_msg("reason '%s' does not mention '%s'", why, word);
}

/* ---- checksum ---------------------------------------------------------- */

static void fill_pattern(uint8_t *buf, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
}

static void sum8_adds_bytes_modulo_256(void **state)
{
	(void)state;
	const uint8_t bytes[] = {0x01, 0x02, 0xFF, 0x80, 0x80};
	assert_int_equal(rom_sum8(bytes, 0), 0);
	assert_int_equal(rom_sum8(bytes, 2), 0x03);
	assert_int_equal(rom_sum8(bytes, 3), 0x02);
	assert_int_equal(rom_sum8(bytes, 5), 0x02);
}

static void fixed_checksum_sums_to_zero_for_several_sizes(void **state)
{
	(void)state;
	const size_t sizes[] = {1, 2, 3, 144, 511, 512, 1024, 5632};
	static uint8_t buf[5632];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill_pattern(buf, sizes[i], (uint32_t)i + 1);
		rom_fix_checksum(buf, sizes[i]);
		assert_int_equal(rom_sum8(buf, sizes[i]), 0);
	}
	/* An all-zero image already sums to zero and is left so. */
	memset(buf, 0, sizeof(buf));
	rom_fix_checksum(buf, 5632);
	assert_int_equal(buf[5631], 0);
}

static void fixing_checksum_twice_is_idempotent(void **state)
{
	(void)state;
	static uint8_t once[5632], twice[5632];
	const size_t sizes[] = {512, 5632};
	for (size_t i = 0; i < 2; i++) {
		fill_pattern(once, sizes[i], 0xC0FFEE + (uint32_t)i);
		rom_fix_checksum(once, sizes[i]);
		memcpy(twice, once, sizes[i]);
		rom_fix_checksum(twice, sizes[i]);
		assert_memory_equal(once, twice, sizes[i]);
	}
}

static void fixing_checksum_touches_only_the_last_byte(void **state)
{
	(void)state;
	static uint8_t buf[512], orig[512];
	fill_pattern(buf, sizeof(buf), 7);
	memcpy(orig, buf, sizeof(buf));
	rom_fix_checksum(buf, sizeof(buf));
	assert_memory_equal(buf, orig, sizeof(buf) - 1);
	/* A zero-length image is left alone (and nothing before it written). */
	rom_fix_checksum(buf, 0);
	assert_memory_equal(buf, orig, sizeof(buf) - 1);
}

/* ---- Linux probe checks ------------------------------------------------- */

static void hand_made_vmware_header_is_accepted(void **state)
{
	(void)state;
	make_good_header();
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 0);
}

static void header_alone_of_0x90_bytes_is_long_enough_to_be_read(void **state)
{
	(void)state;
	/* 0x90 bytes pass the length check; the PCI header at 0x90 then lies
	 * past the image, which is the next refusal. */
	make_good_header();
	expect_rejected(0x90, "PCI");
}

static void image_shorter_than_0x90_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	expect_rejected(0x8F, "shorter");
	expect_rejected(0, "shorter");
	expect_rejected(2, "shorter");
}

static void wrong_aa55_signature_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	img[0x00] = 0xAA; /* bytes AA 55: the u16 is 0x55AA */
	img[0x01] = 0x55;
	expect_rejected(IMG_SIZE, "0xAA55");
	make_good_header();
	img[0x01] = 0x00;
	expect_rejected(IMG_SIZE, "0xAA55");
}

static void wrong_cvmi_signature_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	memcpy(img + 0x08, "CVmi", 4);
	expect_rejected(IMG_SIZE, "cVmi");
	make_good_header();
	memcpy(img + 0x08, "imVc", 4); /* byte-swapped */
	expect_rejected(IMG_SIZE, "cVmi");
	make_good_header();
	memcpy(img + 0x07, "cVmi", 4); /* one byte early */
	img[0x0B] = 0;
	expect_rejected(IMG_SIZE, "cVmi");
}

static void major_version_other_than_3_is_rejected(void **state)
{
	(void)state;
	const uint8_t majors[] = {0, 2, 4, 13, 0xFF};
	for (size_t i = 0; i < sizeof(majors); i++) {
		make_good_header();
		img[0x0D] = majors[i];
		expect_rejected(IMG_SIZE, "major");
	}
	/* Version 3 in the minor byte does not count. */
	make_good_header();
	img[0x0D] = 0;
	img[0x0C] = 3;
	expect_rejected(IMG_SIZE, "major");
}

static void any_minor_version_is_accepted(void **state)
{
	(void)state;
	const uint8_t minors[] = {0, 1, 2, 0x7F, 0xFF};
	for (size_t i = 0; i < sizeof(minors); i++) {
		make_good_header();
		img[0x0C] = minors[i];
		assert_int_equal(probe(IMG_SIZE), 0);
	}
}

static void pci_header_offset_zero_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	put16(img + 0x18, 0);
	expect_rejected(IMG_SIZE, "PCI header offset is 0");
}

static void pci_header_beyond_image_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	put16(img + 0x18, IMG_SIZE - 23); /* 24-byte header, one byte short */
	expect_rejected(IMG_SIZE, "PCI header");
	make_good_header();
	put16(img + 0x18, 0xFFFF);
	expect_rejected(IMG_SIZE, "PCI header");
	/* The last 24 bytes are still inside. */
	make_good_header();
	put16(img + 0x18, IMG_SIZE - 24);
	memcpy(img + IMG_SIZE - 24, "PCIR", 4);
	assert_int_equal(probe(IMG_SIZE), 0);
}

static void vmware_vendor_and_device_clear_unknown_vendor(void **state)
{
	(void)state;
	make_good_header();
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 0);
}

static void other_vendor_or_device_warns_but_is_accepted(void **state)
{
	(void)state;
	make_good_header();
	put16(img + 0x94, 0xFFFE);
	put16(img + 0x96, 0x0001);
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 1);

	make_good_header();
	put16(img + 0x96, 0x0800); /* right vendor, wrong device */
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 1);

	make_good_header();
	put16(img + 0x94, 0xAD15); /* vendor byte-swapped */
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 1);
}

static void unknown_vendor_flag_is_reset_on_each_call(void **state)
{
	(void)state;
	make_good_header();
	put16(img + 0x94, 0x1234);
	assert_int_equal(probe(IMG_SIZE), 0);
	assert_int_equal(unknown_vendor, 1);
	make_good_header();
	/* unknown_vendor is still 1 from the call above. */
	assert_int_equal(rom_check_linux_probe(img, IMG_SIZE, &unknown_vendor, why, sizeof(why)),
	                 0);
	assert_int_equal(unknown_vendor, 0);
}

static void license_offset_zero_is_rejected(void **state)
{
	(void)state;
	make_good_header();
	put16(img + 0x16, 0);
	expect_rejected(IMG_SIZE, "license offset is 0");
}

static void license_gpl_and_gpl_v2_are_accepted(void **state)
{
	(void)state;
	make_good_header();
	strcpy((char *)img + 0xC0, "GPL");
	assert_int_equal(probe(IMG_SIZE), 0);
	make_good_header();
	strcpy((char *)img + 0xC0, "GPL v2");
	assert_int_equal(probe(IMG_SIZE), 0);
}

static void license_other_than_exact_gpl_is_rejected(void **state)
{
	(void)state;
	const char *bad[] = {"GPLv2", "GPL v3", "gpl", "GPL v2 ",     " GPL",
	                     "GPL2",  "BSD",    "",    "Dual BSD/GPL"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_good_header();
		memset(img + 0xC0, 0, 0x20);
		strcpy((char *)img + 0xC0, bad[i]);
		expect_rejected(IMG_SIZE, "license");
	}
}

static void license_not_nul_terminated_within_image_is_rejected(void **state)
{
	(void)state;
	/* "GPL" in the last three bytes with no room for the NUL. */
	make_good_header();
	memcpy(img + IMG_SIZE - 3, "GPL", 3);
	put16(img + 0x16, IMG_SIZE - 3);
	expect_rejected(IMG_SIZE, "NUL");
	/* Same bytes, but the caller's image ends before the string's NUL. */
	make_good_header();
	expect_rejected(0xC6, "NUL"); /* "GPL v2" without its terminator */
	/* The offset itself beyond the image. */
	make_good_header();
	put16(img + 0x16, IMG_SIZE);
	expect_rejected(IMG_SIZE, "NUL");
	make_good_header();
	put16(img + 0x16, 0xFFFF);
	expect_rejected(IMG_SIZE, "NUL");
}

static void license_ending_exactly_at_image_end_is_accepted(void **state)
{
	(void)state;
	make_good_header();
	memcpy(img + IMG_SIZE - 4, "GPL", 4); /* with its NUL as the last byte */
	put16(img + 0x16, IMG_SIZE - 4);
	assert_int_equal(probe(IMG_SIZE), 0);
}

/* ---- relocation --------------------------------------------------------- */

#define CUR_BASE 0xF480A000u /* where the ROM is linked inside the wedge */
#define NEW_BASE 0xC00C0000u /* where Linux would see it */
#define WEDGE_LO 0xF4800000u
#define WEDGE_HI 0xF4808000u

/* Put a rel32 call/jump at `off` that, for an image valid at CUR_BASE,
 * lands on `target`. */
static void put_rel32(uint8_t op, uint32_t off, uint32_t target)
{
	img[off] = op;
	put32(img + off + 1, target - (CUR_BASE + off + 5));
}

static void make_reloc_image(void)
{
	fill_pattern(img, sizeof(img), 42);
	put_rel32(0xE8, 0x100, 0xF4801234);
	put_rel32(0xE9, 0x120, 0xF4800000); /* WEDGE_LO itself */
	put_rel32(0xE8, 0x1FB, 0xF4807FFF); /* last 5 bytes; last wedge byte */
}

static void call_and_jump_are_moved_and_keep_their_targets(void **state)
{
	(void)state;
	const uint32_t relocs[] = {0x100, 0x120, 0x1FB};
	const uint32_t targets[] = {0xF4801234, 0xF4800000, 0xF4807FFF};
	static uint8_t before[IMG_SIZE];
	make_reloc_image();
	memcpy(before, img, sizeof(img));
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(rom_reloc_target(img, relocs[i], CUR_BASE), targets[i]);

	assert_int_equal(rom_relocate(img, IMG_SIZE, relocs, 3, CUR_BASE, NEW_BASE, WEDGE_LO,
	                              WEDGE_HI, why, sizeof(why)),
	                 0);
	for (size_t i = 0; i < 3; i++) {
		uint32_t off = relocs[i];
		assert_int_equal(rom_reloc_target(img, off, NEW_BASE), targets[i]);
		/* The displacement, by hand: target - (address of the next insn). */
		assert_int_equal(get32(img + off + 1),
		                 (uint32_t)(targets[i] - (NEW_BASE + off + 5)));
		assert_int_equal(img[off], before[off]); /* opcode kept */
	}
	assert_int_equal(img[0x100], 0xE8);
	assert_int_equal(img[0x120], 0xE9);
	/* Nothing but the three displacements changed. */
	for (size_t i = 0; i < IMG_SIZE; i++) {
		int in_disp = (i > 0x100 && i <= 0x104) || (i > 0x120 && i <= 0x124) ||
		              (i > 0x1FB && i <= 0x1FF);
		if (!in_disp)
			assert_int_equal(img[i], before[i]);
	}

	/* And back again restores the original image exactly. */
	assert_int_equal(rom_relocate(img, IMG_SIZE, relocs, 3, NEW_BASE, CUR_BASE, WEDGE_LO,
	                              WEDGE_HI, why, sizeof(why)),
	                 0);
	assert_memory_equal(img, before, IMG_SIZE);
}

static void relocating_to_the_same_base_changes_nothing(void **state)
{
	(void)state;
	const uint32_t relocs[] = {0x100, 0x120};
	static uint8_t before[IMG_SIZE];
	make_reloc_image();
	memcpy(before, img, sizeof(img));
	assert_int_equal(rom_relocate(img, IMG_SIZE, relocs, 2, CUR_BASE, CUR_BASE, WEDGE_LO,
	                              WEDGE_HI, why, sizeof(why)),
	                 0);
	assert_memory_equal(img, before, IMG_SIZE);
}

static void zero_relocations_succeed_and_change_nothing(void **state)
{
	(void)state;
	static uint8_t before[IMG_SIZE];
	make_reloc_image();
	memcpy(before, img, sizeof(img));
	assert_int_equal(rom_relocate(img, IMG_SIZE, NULL, 0, CUR_BASE, NEW_BASE, WEDGE_LO,
	                              WEDGE_HI, why, sizeof(why)),
	                 0);
	assert_memory_equal(img, before, IMG_SIZE);
}

/* The first relocation is always valid, so a non-atomic implementation
 * would already have rewritten it when the bad one is found. */
static void expect_relocation_refused(uint32_t bad_off, const char *word)
{
	const uint32_t relocs[] = {0x100, 0x120, bad_off};
	static uint8_t before[IMG_SIZE];
	memcpy(before, img, sizeof(img));
	why[0] = '\0';
	assert_int_equal(rom_relocate(img, IMG_SIZE, relocs, 3, CUR_BASE, NEW_BASE, WEDGE_LO,
	                              WEDGE_HI, why, sizeof(why)),
	                 -1);
	assert_true(why[0] != '\0');
	if (!strstr(why, word))
		fail_msg("reason '%s' does not mention '%s'", why, word);
	assert_memory_equal(img, before, IMG_SIZE);
}

static void relocation_offset_outside_rom_fails_and_leaves_image_intact(void **state)
{
	(void)state;
	make_reloc_image();
	expect_relocation_refused(IMG_SIZE, "outside the ROM");
	expect_relocation_refused(0xFFFFFFFF, "outside the ROM");
	expect_relocation_refused(0x80000000, "outside the ROM");
}

static void relocation_with_fewer_than_5_bytes_left_fails(void **state)
{
	(void)state;
	for (uint32_t off = IMG_SIZE - 4; off < IMG_SIZE; off++) {
		make_reloc_image();
		img[off] = 0xE8;
		expect_relocation_refused(off, "outside the ROM");
	}
}

static void relocation_at_non_call_opcode_fails(void **state)
{
	(void)state;
	const uint8_t ops[] = {0x00, 0x90, 0xEB, 0xE7, 0xEA, 0xFF, 0xCC};
	for (size_t i = 0; i < sizeof(ops); i++) {
		make_reloc_image();
		put_rel32(ops[i], 0x140, 0xF4801000); /* target fine, opcode not */
		expect_relocation_refused(0x140, "not a rel32");
	}
}

static void relocation_target_outside_wedge_fails(void **state)
{
	(void)state;
	const uint32_t bad_targets[] = {WEDGE_LO - 1, WEDGE_HI,        WEDGE_HI + 0x1000, 0,
	                                0xFFFFFFFF,   CUR_BASE + 0x145};
	for (size_t i = 0; i < sizeof(bad_targets) / sizeof(bad_targets[0]); i++) {
		make_reloc_image();
		put_rel32(0xE9, 0x140, bad_targets[i]);
		expect_relocation_refused(0x140, "outside the wedge");
	}
}

/* ---- the real ROM ------------------------------------------------------- */

#define REAL_ROM "build/vmi.rom"

static uint8_t *real;
static size_t real_len;

static int load_real_rom(void **state)
{
	(void)state;
	FILE *f = fopen(REAL_ROM, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s (run from the repository root after make)\n",
		        REAL_ROM);
		return -1;
	}
	real = malloc(1 << 20);
	real_len = real ? fread(real, 1, 1 << 20, f) : 0;
	fclose(f);
	return real && real_len > 0 ? 0 : -1;
}

static int free_real_rom(void **state)
{
	(void)state;
	free(real);
	real = NULL;
	return 0;
}

static void real_rom_has_the_signatures_and_major_version_3(void **state)
{
	(void)state;
	assert_true(real_len >= 0x90);
	assert_int_equal(real[0x00], 0x55);
	assert_int_equal(real[0x01], 0xAA);
	assert_memory_equal(real + 0x08, "cVmi", 4);
	assert_int_equal(real[0x0D], 3);
}

static void real_rom_is_5632_bytes_summing_to_zero(void **state)
{
	(void)state;
	size_t size = (size_t)real[0x02] * 512;
	assert_int_equal(size, 5632);
	assert_true(real_len >= size);
	assert_int_equal(rom_sum8(real, size), 0);
}

static void real_rom_license_is_gpl_v2(void **state)
{
	(void)state;
	uint16_t lic = get16(real + 0x16);
	assert_int_not_equal(lic, 0);
	assert_true(lic < 5632);
	assert_non_null(memchr(real + lic, '\0', 5632 - lic));
	assert_string_equal((const char *)real + lic, "GPL v2");
}

static void real_rom_pci_offset_points_at_pcir(void **state)
{
	(void)state;
	uint16_t pci = get16(real + 0x18);
	assert_int_not_equal(pci, 0);
	assert_true(pci + 24 <= 5632);
	assert_memory_equal(real + pci, "PCIR", 4);
}

static void real_rom_virtual_top_is_0xf4800000(void **state)
{
	(void)state;
	assert_int_equal(get32(real + 0x10), 0xF4800000u);
}

static void real_rom_entry_points_at_0x80_and_0x88_are_jumps_into_the_rom(void **state)
{
	(void)state;
	const uint32_t entries[] = {0x80, 0x88};
	for (size_t i = 0; i < 2; i++) {
		uint32_t off = entries[i], target = 0;
		const uint8_t *p = real + off;
		if (p[0] == 0xE9)
			target = off + 5 + get32(p + 1);
		else if (p[0] == 0xEB)
			target = off + 2 + (uint32_t)(int32_t)(int8_t)p[1];
		else
			fail_msg("byte at 0x%x is 0x%02x, not a jump (E9 or EB)", off, p[0]);
		assert_true(target >= 0x90 && target < 5632);
	}
}

static void real_rom_passes_the_linux_probe(void **state)
{
	(void)state;
	unknown_vendor = -1;
	int rc = rom_check_linux_probe(real, 5632, &unknown_vendor, why, sizeof(why));
	if (rc != 0)
		fail_msg("Linux would reject build/vmi.rom: %s", why);
	uint16_t pci = get16(real + 0x18);
	int vmware = get16(real + pci + 4) == 0x15AD && get16(real + pci + 6) == 0x0801;
	assert_int_equal(unknown_vendor, !vmware);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(sum8_adds_bytes_modulo_256),
	    cmocka_unit_test(fixed_checksum_sums_to_zero_for_several_sizes),
	    cmocka_unit_test(fixing_checksum_twice_is_idempotent),
	    cmocka_unit_test(fixing_checksum_touches_only_the_last_byte),
	    cmocka_unit_test(hand_made_vmware_header_is_accepted),
	    cmocka_unit_test(header_alone_of_0x90_bytes_is_long_enough_to_be_read),
	    cmocka_unit_test(image_shorter_than_0x90_is_rejected),
	    cmocka_unit_test(wrong_aa55_signature_is_rejected),
	    cmocka_unit_test(wrong_cvmi_signature_is_rejected),
	    cmocka_unit_test(major_version_other_than_3_is_rejected),
	    cmocka_unit_test(any_minor_version_is_accepted),
	    cmocka_unit_test(pci_header_offset_zero_is_rejected),
	    cmocka_unit_test(pci_header_beyond_image_is_rejected),
	    cmocka_unit_test(vmware_vendor_and_device_clear_unknown_vendor),
	    cmocka_unit_test(other_vendor_or_device_warns_but_is_accepted),
	    cmocka_unit_test(unknown_vendor_flag_is_reset_on_each_call),
	    cmocka_unit_test(license_offset_zero_is_rejected),
	    cmocka_unit_test(license_gpl_and_gpl_v2_are_accepted),
	    cmocka_unit_test(license_other_than_exact_gpl_is_rejected),
	    cmocka_unit_test(license_not_nul_terminated_within_image_is_rejected),
	    cmocka_unit_test(license_ending_exactly_at_image_end_is_accepted),
	    cmocka_unit_test(call_and_jump_are_moved_and_keep_their_targets),
	    cmocka_unit_test(relocating_to_the_same_base_changes_nothing),
	    cmocka_unit_test(zero_relocations_succeed_and_change_nothing),
	    cmocka_unit_test(relocation_offset_outside_rom_fails_and_leaves_image_intact),
	    cmocka_unit_test(relocation_with_fewer_than_5_bytes_left_fails),
	    cmocka_unit_test(relocation_at_non_call_opcode_fails),
	    cmocka_unit_test(relocation_target_outside_wedge_fails),
	};
	const struct CMUnitTest real_rom[] = {
	    cmocka_unit_test(real_rom_has_the_signatures_and_major_version_3),
	    cmocka_unit_test(real_rom_is_5632_bytes_summing_to_zero),
	    cmocka_unit_test(real_rom_license_is_gpl_v2),
	    cmocka_unit_test(real_rom_pci_offset_points_at_pcir),
	    cmocka_unit_test(real_rom_virtual_top_is_0xf4800000),
	    cmocka_unit_test(real_rom_entry_points_at_0x80_and_0x88_are_jumps_into_the_rom),
	    cmocka_unit_test(real_rom_passes_the_linux_probe),
	};
	int failed = cmocka_run_group_tests(pure, NULL, NULL);
	failed += cmocka_run_group_tests(real_rom, load_real_rom, free_real_rom);
	return failed;
}
