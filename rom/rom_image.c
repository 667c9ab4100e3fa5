/*
 * Checksum, Linux-probe checks and relocation of a VMI ROM image.  No
 * dependency on the wedge or on Xen: compiled into the wedge, into
 * patchup-tool and into the unit tests alike.
 */
#include <stdio.h>
#include <string.h>

#include "include/byteorder.h"
#include "include/vmi_abi.h"
#include "rom/rom_image.h"

#define LINUX_VMWARE_VENDOR 0x15AD
#define LINUX_VMWARE_DEVICE 0x0801

uint8_t rom_sum8(const uint8_t *bytes, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + bytes[i]);
	return sum;
}

void rom_fix_checksum(uint8_t *rom, size_t size)
{
	if (size == 0)
		return;
	rom[size - 1] = 0;
	rom[size - 1] = (uint8_t)(0x100 - rom_sum8(rom, size));
}

int rom_check_linux_probe(const uint8_t *rom, size_t avail, int *unknown_vendor, char *why,
                          size_t why_len)
{
	*unknown_vendor = 0;
	if (avail < VROM_HEADER_SIZE) {
		snprintf(why, why_len, "image of %lu bytes is shorter than the 0x90-byte header",
		         (unsigned long)avail);
		return -1;
	}
	if (le16(rom + VROM_OFF_ROM_SIGNATURE) != VROM_SIGNATURE) {
		snprintf(why, why_len, "no 0xAA55 signature at offset 0 (found 0x%04x)",
		         le16(rom + VROM_OFF_ROM_SIGNATURE));
		return -1;
	}
	if (le32(rom + VROM_OFF_VMI_SIGNATURE) != VROM_VMI_SIGNATURE) {
		snprintf(why, why_len, "no \"cVmi\" signature at offset 8");
		return -1;
	}
	if (rom[VROM_OFF_API_MAJOR] != VROM_API_MAJOR) {
		snprintf(why, why_len, "API version %u.%u: Linux needs major version 3",
		         rom[VROM_OFF_API_MAJOR], rom[VROM_OFF_API_MINOR]);
		return -1;
	}
	uint16_t pci = le16(rom + VROM_OFF_PCI_HEADER);
	if (pci == 0) {
		snprintf(why, why_len,
		         "PCI header offset is 0 (Linux: ROM does not contain PCI header)");
		return -1;
	}
	if ((size_t)pci + sizeof(struct vrom_pci_header) > avail) {
		snprintf(why, why_len, "PCI header at 0x%x runs past the image", pci);
		return -1;
	}
	if (le16(rom + pci + 4) != LINUX_VMWARE_VENDOR ||
	    le16(rom + pci + 6) != LINUX_VMWARE_DEVICE)
		*unknown_vendor = 1;

	uint16_t lic = le16(rom + VROM_OFF_LICENSE);
	if (lic == 0) {
		snprintf(why, why_len,
		         "license offset is 0 (Linux reads 'unspecified' and refuses)");
		return -1;
	}
	if (lic >= avail || !memchr(rom + lic, '\0', avail - lic)) {
		snprintf(why, why_len,
		         "license string at 0x%x is not NUL-terminated inside the image", lic);
		return -1;
	}
	const char *license = (const char *)rom + lic;
	if (strcmp(license, "GPL") != 0 && strcmp(license, "GPL v2") != 0) {
		snprintf(why, why_len, "license '%.40s' is neither \"GPL\" nor \"GPL v2\"",
		         license);
		return -1;
	}
	return 0;
}

uint32_t rom_reloc_target(const uint8_t *rom, uint32_t off, uint32_t base)
{
	return base + off + 5 + le32(rom + off + 1);
}

int rom_relocate(uint8_t *rom, size_t rom_size, const uint32_t *relocs, size_t nr_relocs,
                 uint32_t cur_base, uint32_t new_base, uint32_t target_lo, uint32_t target_hi,
                 char *why, size_t why_len)
{
	for (size_t i = 0; i < nr_relocs; i++) {
		uint32_t off = relocs[i];
		if (off >= rom_size || rom_size - off < 5) {
			snprintf(why, why_len,
			         "relocation %lu at ROM offset 0x%x lies outside the ROM",
			         (unsigned long)i, off);
			return -1;
		}
		if (rom[off] != 0xE8 && rom[off] != 0xE9) {
			snprintf(why, why_len,
			         "relocation %lu at ROM offset 0x%x is not a rel32 call or jump "
			         "(0x%02x)",
			         (unsigned long)i, off, rom[off]);
			return -1;
		}
		uint32_t target = rom_reloc_target(rom, off, cur_base);
		if (target < target_lo || target >= target_hi) {
			snprintf(
			    why, why_len,
			    "relocation %lu at ROM offset 0x%x targets 0x%08x, outside the wedge "
			    "0x%08x-0x%08x",
			    (unsigned long)i, off, target, target_lo, target_hi);
			return -1;
		}
	}
	for (size_t i = 0; i < nr_relocs; i++) {
		uint32_t off = relocs[i];
		uint32_t target = rom_reloc_target(rom, off, cur_base);
		put_le32(rom + off + 1, target - (new_base + off + 5));
	}
	return 0;
}
