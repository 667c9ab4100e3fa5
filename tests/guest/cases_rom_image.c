/*
 * rom-image-matches: the ROM installed in guest memory is the image the
 * project built (the embedded build/vmi.rom), relocated.  Every byte must
 * be equal, the checksum byte included (it is fixed at install, before
 * relocation, just as patchup-tool fixes it at extraction), except the rel32
 * field after each relocation offset in the trailer's list.  Those must
 * instead land on the same place: for an offset off,
 *   installed: run address + off + 5 + rel32 in guest memory
 *   image:     trailer.link_base + off + 5 + rel32 in the file.
 */
#include <stdbool.h>

#include "include/vmi_rom_image.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_rom.h"

extern const uint8_t vmi_rom_blob[], vmi_rom_blob_end[];

#define NAME           "rom-image-matches"
#define MAX_IMAGE_SIZE (255 * VROM_BLOCK) /* rom_length is one byte */
#define MAX_REPORTED   4                  /* differences shown by offset */

/* One bit per image byte: set where a rel32 field may differ. */
static uint8_t rel32_field[MAX_IMAGE_SIZE / 8];

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool is_rel32_field(uint32_t off)
{
	return rel32_field[off / 8] & (1u << (off % 8));
}

/* The embedded file's parts, once its framing is checked. */
struct rom_file_view {
	uint32_t image_size;
	struct vmi_rom_trailer trailer;
	const uint8_t *relocs; /* trailer.nr_relocs little-endian u32 offsets */
};

static const char *parse_blob(struct rom_file_view *v)
{
	uint32_t len = (uint32_t)(vmi_rom_blob_end - vmi_rom_blob);
	if (len < VROM_HEADER_SIZE)
		return "embedded vmi.rom is shorter than a ROM header";
	v->image_size = vmi_rom_blob[VROM_OFF_ROM_LENGTH] * VROM_BLOCK;
	if (v->image_size < VROM_HEADER_SIZE || len - v->image_size < sizeof(v->trailer))
		return "embedded vmi.rom has no room for its trailer after rom_length * 512";
	memcpy(&v->trailer, vmi_rom_blob + v->image_size, sizeof(v->trailer));
	if (memcmp(v->trailer.magic, VMI_ROM_TRAILER_MAGIC, sizeof(v->trailer.magic)) != 0 ||
	    v->trailer.version != VMI_ROM_TRAILER_VERSION)
		return "embedded vmi.rom has no version-1 \"vmiwRELO\" trailer";
	uint32_t rest = len - v->image_size - (uint32_t)sizeof(v->trailer);
	if (v->trailer.nr_relocs > rest / 4)
		return "embedded vmi.rom's relocation list runs past the file";
	v->relocs = vmi_rom_blob + v->image_size + sizeof(v->trailer);
	return NULL;
}

void run_rom_image_cases(const uint8_t *rom, const char *not_run_why)
{
	if (not_run_why) {
		case_not_run(NAME, not_run_why);
		return;
	}
	struct rom_file_view v;
	const char *bad = parse_blob(&v);
	if (bad) {
		case_fail(NAME, "%s", bad);
		return;
	}
	const uint8_t *image = vmi_rom_blob;
	uint32_t installed_size = (uint32_t)vmi_rom_size(rom);
	if (installed_size != v.image_size) {
		case_fail(NAME, "installed ROM is %u bytes, the built image %u", installed_size,
		          v.image_size);
		return;
	}

	for (uint32_t i = 0; i < v.trailer.nr_relocs; i++) {
		uint32_t off = get32(v.relocs + 4 * i);
		if (off >= v.image_size || v.image_size - off < 5 ||
		    (image[off] != 0xE8 && image[off] != 0xE9)) {
			case_fail(NAME,
			          "trailer relocation %u at offset 0x%x is not a rel32 "
			          "call/jump inside the image",
			          i, off);
			return;
		}
		for (uint32_t b = off + 1; b < off + 5; b++)
			rel32_field[b / 8] |= (uint8_t)(1u << (b % 8));
	}

	unsigned int byte_diffs = 0;
	for (uint32_t off = 0; off < v.image_size; off++) {
		if (is_rel32_field(off) || rom[off] == image[off])
			continue;
		if (byte_diffs++ < MAX_REPORTED)
			report_info("ROM byte 0x%04x: installed 0x%02x, built 0x%02x", off,
			            rom[off], image[off]);
	}

	unsigned int target_diffs = 0;
	uint32_t run_base = (uint32_t)rom;
	for (uint32_t i = 0; i < v.trailer.nr_relocs; i++) {
		uint32_t off = get32(v.relocs + 4 * i);
		uint32_t installed = run_base + off + 5 + get32(rom + off + 1);
		uint32_t built = v.trailer.link_base + off + 5 + get32(image + off + 1);
		if (installed != built && target_diffs++ < MAX_REPORTED)
			report_info("ROM relocation at 0x%04x: installed lands on 0x%08x, built on "
			            "0x%08x",
			            off, installed, built);
	}

	report_info("compared %u bytes and %u relocations; built for 0x%08x, running at 0x%08x",
	            v.image_size, v.trailer.nr_relocs, v.trailer.link_base, run_base);
	case_check(NAME, byte_diffs == 0 && target_diffs == 0,
	           "%u byte(s) differ outside relocations, %u relocation(s) land elsewhere",
	           byte_diffs, target_diffs);
}
