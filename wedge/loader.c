/*
 * load_guest: kernel (ELF or bzImage, told apart by their magic), initrd at
 * the top of low memory, command line and zero page at fixed low addresses.
 */
#include <stdio.h>
#include <string.h>

#include "include/byteorder.h"
#include "wedge/boot_params.h"
#include "wedge/loader.h"

#define COPY_CHUNK    4096
#define PAGE_MASK_LOW 0xfffu

int copy_blob_to_guest(const struct guest_phys *gp, uint32_t gpa, const struct blob *src,
                       uint32_t off, uint32_t len)
{
	uint8_t buf[COPY_CHUNK];
	while (len) {
		uint32_t n = len < COPY_CHUNK ? len : COPY_CHUNK;
		if (blob_read(src, off, buf, n) != 0 || gp->write(gp->ctx, gpa, buf, n) != 0)
			return -1;
		gpa += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int place_initrd(const struct guest_phys *gp, const struct blob *initrd, uint32_t addr_max,
                        struct loaded_kernel *k, char *err, size_t err_len)
{
	uint32_t top = gp->ram_bytes < GUEST_LOWMEM_LIMIT ? gp->ram_bytes : GUEST_LOWMEM_LIMIT;
	if (addr_max && addr_max < top - 1)
		top = addr_max + 1;
	uint32_t floor = (k->load_end + PAGE_MASK_LOW) & ~PAGE_MASK_LOW;
	if (initrd->size > top || ((top - initrd->size) & ~PAGE_MASK_LOW) < floor) {
		snprintf(err, err_len,
		         "initrd of %lu bytes does not fit between the kernel's end "
		         "(0x%lx) and 0x%lx; give the guest more memory (MEM=)",
		         (unsigned long)initrd->size, (unsigned long)floor, (unsigned long)top);
		return -1;
	}
	k->initrd_gpa = (top - initrd->size) & ~PAGE_MASK_LOW;
	k->initrd_size = initrd->size;
	if (copy_blob_to_guest(gp, k->initrd_gpa, initrd, 0, initrd->size) != 0) {
		snprintf(err, err_len, "initrd could not be written to guest memory");
		return -1;
	}
	return 0;
}

int load_guest(const struct guest_phys *gp, const struct load_request *req,
               struct loaded_kernel *out, char *err, size_t err_len)
{
	static uint8_t zero_page[BP_ZERO_PAGE_SIZE];
	uint8_t magic[4];
	memset(zero_page, 0, sizeof(zero_page));
	memset(out, 0, sizeof(*out));

	if (gp->ram_bytes < 2 * GUEST_KERNEL_MIN_GPA) {
		snprintf(err, err_len, "guest RAM of %lu KiB is too small",
		         (unsigned long)(gp->ram_bytes >> 10));
		return -1;
	}
	if (blob_read(req->kernel, 0, magic, sizeof(magic)) != 0) {
		snprintf(err, err_len, "kernel image is empty or truncated (%lu bytes)",
		         (unsigned long)req->kernel->size);
		return -1;
	}
	int rc;
	if (memcmp(magic,
	           "\x7f"
	           "ELF",
	           4) == 0)
		rc = load_elf(gp, req->kernel, out, err, err_len);
	else
		rc = load_bzimage(gp, req->kernel, zero_page, out, err, err_len);
	if (rc != 0)
		return -1;

	uint32_t addr_max = out->kind == KERNEL_BZIMAGE ? le32(zero_page + BP_INITRD_ADDR_MAX) : 0;
	if (req->initrd && req->initrd->size &&
	    place_initrd(gp, req->initrd, addr_max, out, err, err_len) != 0)
		return -1;

	size_t cmdlen = req->cmdline ? strlen(req->cmdline) : 0;
	if (cmdlen >= GUEST_CMDLINE_MAX) {
		snprintf(err, err_len, "kernel command line of %lu bytes exceeds %u",
		         (unsigned long)cmdlen, GUEST_CMDLINE_MAX - 1);
		return -1;
	}
	if (gp->zero(gp->ctx, GUEST_CMDLINE_GPA, GUEST_CMDLINE_MAX) != 0 ||
	    (cmdlen &&
	     gp->write(gp->ctx, GUEST_CMDLINE_GPA, req->cmdline, (uint32_t)cmdlen) != 0)) {
		snprintf(err, err_len, "command line could not be written to guest memory");
		return -1;
	}
	boot_params_build(zero_page, gp, out, cmdlen > 0);
	if (gp->write(gp->ctx, GUEST_BOOT_PARAMS_GPA, zero_page, sizeof(zero_page)) != 0) {
		snprintf(err, err_len, "zero page could not be written to guest memory");
		return -1;
	}
	return 0;
}
