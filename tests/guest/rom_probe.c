/*
 * Finding the VMI ROM exactly as Linux's probe_vmi_rom()/check_vmi_rom()
 * do (VMI-ABI.md section 1): every 2 KiB from physical 0xC0000 up to
 * 0xE0000, read through the PAGE_OFFSET mapping; 0xAA55 and "cVmi" or the
 * slot is skipped silently; then API major 3, a PCI header offset, and a
 * license string of exactly "GPL" or "GPL v2".  The first slot passing all
 * of them is the ROM.  Cases rom-found and rom-license-gpl.
 */
#include <stdbool.h>

#include "include/vmi_abi.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_rom.h"

#define LINUX_VMI_PCI_VENDOR 0x15AD /* VMware: Linux only warns about others */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t phys_of(const uint8_t *rom)
{
	return (uint32_t)rom - GUEST_PAGE_OFFSET;
}

/* Linux takes "unspecified" when the offset is 0, and rejects it. */
static const char *license_of(const uint8_t *rom)
{
	uint16_t off = get16(rom + VROM_OFF_LICENSE);
	return off ? (const char *)rom + off : "unspecified";
}

static bool license_is_gpl(const char *license)
{
	return strcmp(license, "GPL") == 0 || strcmp(license, "GPL v2") == 0;
}

/* check_vmi_rom()'s tests after the two signatures, in its order; NULL if
 * Linux accepts the slot, else why not. */
static const char *linux_rejects(const uint8_t *rom)
{
	if (rom[VROM_OFF_API_MAJOR] != VROM_API_MAJOR)
		return "API major version is not 3 (Linux: mismatched rom version)";
	if (get16(rom + VROM_OFF_PCI_HEADER) == 0)
		return "PCI header offset is 0 (Linux: ROM does not contain PCI header)";
	if (!license_is_gpl(license_of(rom)))
		return "license is neither \"GPL\" nor \"GPL v2\" (Linux: Non GPL license)";
	return NULL;
}

static void report_found(const uint8_t *rom)
{
	const uint8_t *pci = rom + get16(rom + VROM_OFF_PCI_HEADER);
	const struct vrom_pci_header *h = (const struct vrom_pci_header *)pci;
	report_info("VMI ROM at 0x%08x (phys 0x%05x): API %u.%u, ROM version %u.%u, "
	            "%u bytes, PCI %04x:%04x%s",
	            (uint32_t)rom, phys_of(rom), rom[VROM_OFF_API_MAJOR], rom[VROM_OFF_API_MINOR],
	            h->rom_version_maj, h->rom_version_min, (uint32_t)vmi_rom_size(rom),
	            h->vendor_id, h->device_id,
	            h->vendor_id == LINUX_VMI_PCI_VENDOR ? "" : " (Linux: unknown manufacturer)");
	uint16_t pnp_off = get16(rom + VROM_OFF_PNP_HEADER);
	if (pnp_off) {
		const struct vrom_pnp_header *pnp = (const struct vrom_pnp_header *)(rom + pnp_off);
		report_info("PnP: manufacturer '%s', product '%s'",
		            (const char *)rom + pnp->manufacturer_offset,
		            (const char *)rom + pnp->product_offset);
	}
}

const uint8_t *run_rom_probe_cases(void)
{
	const uint8_t *found = NULL, *first_signed = NULL;
	const char *first_rejection = NULL;

	for (uint32_t phys = VMI_ROM_SCAN_START; phys < VMI_ROM_SCAN_END;
	     phys += VMI_ROM_SCAN_STEP) {
		const uint8_t *rom = (const uint8_t *)(GUEST_PAGE_OFFSET + phys);
		if (get16(rom + VROM_OFF_ROM_SIGNATURE) != VROM_SIGNATURE ||
		    get32(rom + VROM_OFF_VMI_SIGNATURE) != VROM_VMI_SIGNATURE)
			continue;
		const char *why = linux_rejects(rom);
		if (!first_signed) {
			first_signed = rom;
			first_rejection = why;
		}
		if (why) {
			report_info("signed slot at phys 0x%05x skipped: %s", phys, why);
			continue;
		}
		found = rom;
		break;
	}

	if (found) {
		report_found(found);
		case_pass("rom-found");
	} else if (first_signed) {
		case_fail("rom-found",
		          "the only signed slot(s) fail Linux's checks; first at "
		          "phys 0x%05x: %s",
		          phys_of(first_signed), first_rejection);
	} else {
		case_fail("rom-found", "no slot in phys 0x%05x-0x%05x has 0xAA55 and \"cVmi\"",
		          VMI_ROM_SCAN_START, VMI_ROM_SCAN_END);
	}

	/* Judge the license of the ROM Linux took, else of the first signed
	 * slot, so a license problem is named even when it hid the ROM. */
	const uint8_t *subject = found ? found : first_signed;
	if (!subject) {
		case_not_run("rom-license-gpl", "no signed ROM slot");
	} else {
		const char *license = license_of(subject);
		case_check("rom-license-gpl", license_is_gpl(license),
		           "license at offset 0x%x is '%s', Linux wants \"GPL\" or \"GPL v2\"",
		           get16(subject + VROM_OFF_LICENSE), license);
	}
	return found;
}
