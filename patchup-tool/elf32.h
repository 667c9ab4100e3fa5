/*
 * Just enough of ELF32 to find the wedge's sections by name, with every
 * offset and size checked against the file before it is used.
 */
#ifndef PATCHUP_ELF32_H
#define PATCHUP_ELF32_H

#include <stddef.h>
#include <stdint.h>

struct elf32_section {
	const char *name;
	uint32_t addr;
	uint32_t size;
	const uint8_t *data; /* NULL for NOBITS */
};

struct elf32_file {
	const uint8_t *data;
	size_t len;
	uint32_t shoff;
	uint16_t shnum;
	uint16_t shentsize;
	const uint8_t *shstrtab;
	uint32_t shstrtab_size;
};

int elf32_open(struct elf32_file *elf, const uint8_t *data, size_t len, char *err, size_t err_len);
/* 0 found, -1 absent or malformed (err says which). */
int elf32_find_section(const struct elf32_file *elf, const char *name, struct elf32_section *out,
                       char *err, size_t err_len);

#endif
