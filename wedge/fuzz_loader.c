/*
 * libFuzzer target for the guest loader: each input is taken as the Xen
 * module (a newc cpio archive) and its kernel, initrd and cmdline members go
 * through load_guest, as guest_boot does; then the raw input is loaded as a
 * kernel image by itself.  Guest RAM is a 64 MiB buffer behind a writer
 * that aborts on any write the loader should have refused before making it:
 * outside RAM, or below 1 MiB other than the zero page and command line.
 * A load that succeeds must leave the kernel, entry and initrd in RAM
 * without overlapping.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     wedge/fuzz_loader.c wedge/loader.c wedge/loader_elf.c \
 *     wedge/loader_bzimage.c wedge/boot_params.c wedge/cpio.c -o /tmp/fuzz_loader
 *   /tmp/fuzz_loader -max_total_time=90 CORPUS_DIR
 *
 * Seeds: python3 tests/harness/guestpack.py -o seed.cpio --kernel
 * build/vmiwedge.elf --cmdline console=ttyS0, and a small bzImage.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wedge/cpio.h"
#include "wedge/loader.h"

#define FUZZ_RAM_BYTES  (64u << 20)
#define SMALL_RAM_BYTES ((2u << 20) + 0x1800) /* odd-sized, just above the minimum */

struct fuzz_ram {
	uint8_t *mem;
	uint32_t size;
};

static void check_range(const struct fuzz_ram *r, uint32_t gpa, uint32_t len)
{
	if (len > r->size || gpa > r->size - len) {
		fprintf(stderr, "loader wrote 0x%x bytes at 0x%x, outside %u bytes of RAM\n", len,
		        gpa, r->size);
		abort();
	}
	/* Below 1 MiB only the zero page and the command line are written. */
	if (gpa < GUEST_KERNEL_MIN_GPA &&
	    (gpa < GUEST_BOOT_PARAMS_GPA || gpa + len > GUEST_CMDLINE_GPA + GUEST_CMDLINE_MAX)) {
		fprintf(stderr, "loader wrote 0x%x bytes at 0x%x, below 1 MiB\n", len, gpa);
		abort();
	}
}

static int ram_write(void *ctx, uint32_t gpa, const void *src, uint32_t len)
{
	struct fuzz_ram *r = ctx;
	check_range(r, gpa, len);
	memcpy(r->mem + gpa, src, len);
	return 0;
}

/* Checked, not done: an ELF's bss can be most of RAM, and memset of 64 MiB
 * on every input would slow the fuzzer to a crawl for nothing. */
static int ram_zero(void *ctx, uint32_t gpa, uint32_t len)
{
	check_range(ctx, gpa, len);
	return 0;
}

static int mem_read(const struct blob *b, uint32_t off, void *dst, uint32_t len)
{
	memcpy(dst, (const uint8_t *)b->ctx + off, len);
	return 0;
}

static void check_result(const struct guest_phys *gp, const struct loaded_kernel *k, int rc,
                         const char *err)
{
	if (rc != 0) {
		if (rc != -1 || err[0] == '\0' || strnlen(err, 256) == 256)
			abort();
		return;
	}
	if (k->kind != KERNEL_ELF && k->kind != KERNEL_BZIMAGE)
		abort();
	if (k->load_start < GUEST_KERNEL_MIN_GPA || k->load_start >= k->load_end ||
	    k->load_end > gp->ram_bytes)
		abort();
	if (k->entry < k->load_start || k->entry >= k->load_end)
		abort();
	if (k->initrd_size) {
		if (k->initrd_gpa & 0xfff || k->initrd_gpa < k->load_end ||
		    k->initrd_size > gp->ram_bytes - k->initrd_gpa ||
		    k->initrd_gpa + k->initrd_size > GUEST_LOWMEM_LIMIT)
			abort();
	} else if (k->initrd_gpa) {
		abort();
	}
}

static void load(struct fuzz_ram *r, const struct blob *kernel, const struct blob *initrd,
                 const char *cmdline)
{
	struct guest_phys gp = {
	    .ram_bytes = r->size, .write = ram_write, .zero = ram_zero, .ctx = r};
	struct load_request req = {.kernel = kernel, .initrd = initrd, .cmdline = cmdline};
	struct loaded_kernel k;
	char err[256];
	err[0] = '\0';
	int rc = load_guest(&gp, &req, &k, err, sizeof(err));
	check_result(&gp, &k, rc, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_ram ram;
	static char cmdline[GUEST_CMDLINE_MAX + 64];
	if (!ram.mem) {
		ram.mem = calloc(1, FUZZ_RAM_BYTES);
		if (!ram.mem)
			abort();
	}
	if (size > UINT32_MAX)
		return 0;

	struct blob input = {.size = (uint32_t)size, .read = mem_read, .ctx = data, .base = 0};
	char err[256];

	/* As a module archive. */
	struct blob kernel, initrd, cmd;
	int have_kernel = cpio_find(&input, "kernel", &kernel, err, sizeof(err));
	int have_initrd = cpio_find(&input, "initrd", &initrd, err, sizeof(err));
	int have_cmd = cpio_find(&input, "cmdline", &cmd, err, sizeof(err));
	if (have_kernel == 1) {
		const char *line = NULL;
		if (have_cmd == 1) {
			/* Longer than the loader takes, so that its limit is hit. */
			uint32_t n =
			    cmd.size < sizeof(cmdline) - 1 ? cmd.size : sizeof(cmdline) - 1;
			if (blob_read(&cmd, 0, cmdline, n) != 0)
				abort();
			cmdline[n] = '\0';
			line = cmdline;
		}
		ram.size = FUZZ_RAM_BYTES;
		load(&ram, &kernel, have_initrd == 1 ? &initrd : NULL, line);
	}

	/* As a kernel image, with the archive's initrd if there was one. */
	ram.size = FUZZ_RAM_BYTES;
	load(&ram, &input, have_initrd == 1 ? &initrd : NULL, "console=ttyS0");
	ram.size = SMALL_RAM_BYTES;
	load(&ram, &input, NULL, NULL);
	return 0;
}
