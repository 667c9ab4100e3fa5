/*
 * Loading a guest kernel (ELF vmlinux or bzImage) plus initrd and command
 * line into guest-physical memory, and building its Linux zero page.  The
 * loader only sees blobs and a guest-physical writer, so the host unit tests
 * run it against plain buffers.
 */
#ifndef WEDGE_LOADER_H
#define WEDGE_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "wedge/blob.h"

/* Guest-physical layout the loader and the wedge agree on. */
#define GUEST_BOOT_PARAMS_GPA 0x10000u
#define GUEST_CMDLINE_GPA     0x11000u
#define GUEST_CMDLINE_MAX     4096u
#define GUEST_ISA_HOLE_START  0xA0000u
#define GUEST_ISA_HOLE_END    0x100000u
#define GUEST_ROM_GPA         0xC0000u
#define GUEST_KERNEL_MIN_GPA  0x100000u
#define GUEST_LOWMEM_LIMIT    0x38000000u /* 896 MiB: where Linux's direct map ends */

struct guest_phys {
	uint32_t ram_bytes; /* guest RAM, from 0, hole included */
	int (*write)(void *ctx, uint32_t gpa, const void *src, uint32_t len);
	int (*zero)(void *ctx, uint32_t gpa, uint32_t len);
	void *ctx;
};

enum kernel_kind { KERNEL_ELF = 1, KERNEL_BZIMAGE = 2 };

struct loaded_kernel {
	enum kernel_kind kind;
	uint32_t entry;         /* guest-physical 32-bit entry point */
	uint32_t load_start;    /* lowest guest-physical byte written */
	uint32_t load_end;      /* one past the highest */
	uint16_t boot_protocol; /* bzImage header version, 0 for ELF */
	uint32_t initrd_gpa;
	uint32_t initrd_size;
};

struct load_request {
	const struct blob *kernel;
	const struct blob *initrd; /* NULL: none */
	const char *cmdline;       /* NULL or empty: none */
};

/* 0, or -1 with a message naming what is wrong with the input. */
int load_guest(const struct guest_phys *gp, const struct load_request *req,
               struct loaded_kernel *out, char *err, size_t err_len);

/* The parts, for load_guest and the tests. */
int load_elf(const struct guest_phys *gp, const struct blob *image, struct loaded_kernel *out,
             char *err, size_t err_len);
int load_bzimage(const struct guest_phys *gp, const struct blob *image, uint8_t *zero_page,
                 struct loaded_kernel *out, char *err, size_t err_len);
int copy_blob_to_guest(const struct guest_phys *gp, uint32_t gpa, const struct blob *src,
                       uint32_t off, uint32_t len);

/* Fill a 4096-byte zero page: E820, command line pointer, initrd, loader
 * identity.  A bzImage's own setup header must already be copied in. */
void boot_params_build(uint8_t *zero_page, const struct guest_phys *gp,
                       const struct loaded_kernel *k, int have_cmdline);

#endif
