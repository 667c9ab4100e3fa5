/*
 * The extracted ROM file: rom_length * 512 bytes of image, then a trailer
 * (include/vmi_rom_image.h) with the relocation list and the slot table.
 * Made from the wedge ELF, parsed back, and verified.
 */
#ifndef PATCHUP_ROM_FILE_H
#define PATCHUP_ROM_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "include/vmi_rom_image.h"

struct rom_file {
	const uint8_t *rom;
	size_t rom_size;
	struct vmi_rom_trailer trailer;
	const uint8_t *relocs; /* nr_relocs little-endian uint32_t */
	struct vmi_slot_desc *slots;
};

/* Build the file image from a wedge ELF; *out is malloc'd. */
int rom_extract(const uint8_t *elf, size_t elf_len, uint8_t **out, size_t *out_len, char *err,
                size_t err_len);

/* Structural parse: sizes and counts.  Semantic checks are rom_verify's. */
int rom_file_parse(const uint8_t *data, size_t len, struct rom_file *rf, char *err, size_t err_len);
void rom_file_free(struct rom_file *rf);

typedef void (*rom_report_fn)(void *ctx, int fatal, const char *msg);

/* Every check; returns the number of failures, each reported. */
int rom_verify(const struct rom_file *rf, rom_report_fn report, void *ctx);

const char *rom_reloc_type_name(uint32_t type);

#endif
