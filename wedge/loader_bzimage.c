/*
 * Loading a bzImage by the 32-bit boot protocol: check the setup header,
 * put the protected-mode part at 1 MiB (code32_start) and copy the header
 * into the zero page, as a boot loader would after running the real-mode
 * setup.
 */
#include <stdio.h>
#include <string.h>

#include "wedge/boot_params.h"
#include "wedge/loader.h"

#define SECTOR              512
#define DEFAULT_SETUP_SECTS 4
#define HEADER_END_BYTE     0x201 /* header length is 0x202 + this byte */

int load_bzimage(const struct guest_phys *gp, const struct blob *image, uint8_t *zero_page,
                 struct loaded_kernel *out, char *err, size_t err_len)
{
	uint8_t hdr[SECTOR * 2];
	if (blob_read(image, 0, hdr, sizeof(hdr)) != 0) {
		snprintf(err, err_len, "bzImage truncated: %lu bytes, not even a setup header",
		         (unsigned long)image->size);
		return -1;
	}
	if (memcmp(hdr + BP_HEADER_MAGIC, "HdrS", 4) != 0 ||
	    (hdr[BP_BOOT_FLAG] | hdr[BP_BOOT_FLAG + 1] << 8) != BP_BOOT_FLAG_VALUE) {
		snprintf(err, err_len, "not a bzImage: no 'HdrS' setup header or boot flag");
		return -1;
	}
	uint16_t version = (uint16_t)(hdr[BP_VERSION] | hdr[BP_VERSION + 1] << 8);
	if (version < BP_MIN_PROTOCOL) {
		snprintf(err, err_len,
		         "bzImage boot protocol %u.%02u is older than 2.05, which VMI "
		         "kernels (2.6.21 and later) use",
		         version >> 8, version & 0xff);
		return -1;
	}
	if (!(hdr[BP_LOADFLAGS] & BP_LOADFLAG_LOADED_HIGH)) {
		snprintf(err, err_len, "zImage (loaded low) is not supported: use a bzImage");
		return -1;
	}
	unsigned int setup_sects = hdr[BP_SETUP_SECTS] ? hdr[BP_SETUP_SECTS] : DEFAULT_SETUP_SECTS;
	uint32_t pm_offset = (setup_sects + 1) * SECTOR;
	if (image->size <= pm_offset) {
		snprintf(err, err_len, "bzImage truncated: %lu bytes, setup alone needs %lu",
		         (unsigned long)image->size, (unsigned long)pm_offset);
		return -1;
	}
	uint32_t pm_size = image->size - pm_offset;
	uint32_t load = GUEST_KERNEL_MIN_GPA;
	if (pm_size > gp->ram_bytes - load) {
		snprintf(err, err_len,
		         "bzImage's %lu-byte kernel does not fit in %lu MiB of guest RAM",
		         (unsigned long)pm_size, (unsigned long)(gp->ram_bytes >> 20));
		return -1;
	}
	if (copy_blob_to_guest(gp, load, image, pm_offset, pm_size) != 0) {
		snprintf(err, err_len, "bzImage could not be written to guest memory");
		return -1;
	}
	/* The setup header, as long as the kernel says it is. */
	uint32_t hdr_end = 0x202u + hdr[HEADER_END_BYTE];
	if (hdr_end > sizeof(hdr))
		hdr_end = sizeof(hdr);
	memcpy(zero_page + BP_SETUP_SECTS, hdr + BP_SETUP_SECTS, hdr_end - BP_SETUP_SECTS);
	zero_page[BP_CODE32_START] = (uint8_t)load;
	zero_page[BP_CODE32_START + 1] = (uint8_t)(load >> 8);
	zero_page[BP_CODE32_START + 2] = (uint8_t)(load >> 16);
	zero_page[BP_CODE32_START + 3] = (uint8_t)(load >> 24);

	out->kind = KERNEL_BZIMAGE;
	out->entry = load;
	out->load_start = load;
	out->load_end = load + pm_size;
	out->boot_protocol = version;
	return 0;
}
