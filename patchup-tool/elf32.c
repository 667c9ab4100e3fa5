/*
 * A bounds-checked reader for the section table of a 32-bit little-endian
 * ELF file (the wedge image).  Malformed input gets an error, never a read
 * outside the buffer.
 */
#include <stdio.h>
#include <string.h>

#include "patchup-tool/elf32.h"
#include "include/byteorder.h"

#define EHDR_SIZE  52
#define SHDR_SIZE  40
#define SHT_NOBITS 8

int elf32_open(struct elf32_file *elf, const uint8_t *data, size_t len, char *err, size_t err_len)
{
	memset(elf, 0, sizeof(*elf));
	if (len < EHDR_SIZE || memcmp(data,
	                              "\x7f"
	                              "ELF",
	                              4) != 0) {
		snprintf(err, err_len, "not an ELF file");
		return -1;
	}
	if (data[4] != 1 || data[5] != 1) {
		snprintf(err, err_len, "not a 32-bit little-endian ELF file");
		return -1;
	}
	if (le16(data + 18) != 3) {
		snprintf(err, err_len, "ELF machine %u is not i386", le16(data + 18));
		return -1;
	}
	elf->data = data;
	elf->len = len;
	elf->shoff = le32(data + 32);
	elf->shentsize = le16(data + 46);
	elf->shnum = le16(data + 48);
	uint16_t shstrndx = le16(data + 50);
	if (elf->shentsize != SHDR_SIZE || elf->shnum == 0 || shstrndx >= elf->shnum ||
	    elf->shoff > len || (len - elf->shoff) / SHDR_SIZE < elf->shnum) {
		snprintf(err, err_len, "ELF section header table is missing or truncated");
		return -1;
	}
	const uint8_t *sh = data + elf->shoff + (size_t)shstrndx * SHDR_SIZE;
	uint32_t off = le32(sh + 16), size = le32(sh + 20);
	if (off > len || size > len - off || size == 0 || data[off + size - 1] != '\0') {
		snprintf(err, err_len, "ELF section name table is truncated");
		return -1;
	}
	elf->shstrtab = data + off;
	elf->shstrtab_size = size;
	return 0;
}

int elf32_find_section(const struct elf32_file *elf, const char *name, struct elf32_section *out,
                       char *err, size_t err_len)
{
	for (unsigned int i = 0; i < elf->shnum; i++) {
		const uint8_t *sh = elf->data + elf->shoff + (size_t)i * SHDR_SIZE;
		uint32_t name_off = le32(sh);
		if (name_off >= elf->shstrtab_size)
			continue;
		const char *sname = (const char *)elf->shstrtab + name_off;
		if (strcmp(sname, name) != 0)
			continue;
		out->name = sname;
		out->addr = le32(sh + 12);
		out->size = le32(sh + 20);
		out->data = NULL;
		if (le32(sh + 4) != SHT_NOBITS) {
			uint32_t off = le32(sh + 16);
			if (off > elf->len || out->size > elf->len - off) {
				snprintf(err, err_len, "section %s runs past the end of the file",
				         name);
				return -1;
			}
			out->data = elf->data + off;
		}
		return 0;
	}
	snprintf(err, err_len, "no section %s in the ELF file", name);
	return -1;
}
