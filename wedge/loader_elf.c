/*
 * Loading an ELF vmlinux: each PT_LOAD segment at its physical address,
 * the bss zeroed, and the entry point turned into a physical address when
 * the file gives a virtual one.
 */
#include <stdio.h>
#include <string.h>

#include "include/byteorder.h"
#include "wedge/loader.h"

#define EHDR_SIZE 52
#define PHDR_SIZE 32
#define PT_LOAD   1
#define EM_386    3
#define ET_EXEC   2
#define MAX_PHDRS 64

struct segment {
	uint32_t offset, vaddr, paddr, filesz, memsz;
};

static int check_segment(const struct guest_phys *gp, const struct blob *image,
                         const struct segment *s, unsigned int i, char *err, size_t err_len)
{
	if (s->filesz > s->memsz || s->offset > image->size ||
	    s->filesz > image->size - s->offset) {
		snprintf(err, err_len,
		         "ELF segment %u: file range 0x%lx+0x%lx lies outside the "
		         "%lu-byte image (truncated?)",
		         i, (unsigned long)s->offset, (unsigned long)s->filesz,
		         (unsigned long)image->size);
		return -1;
	}
	if (s->paddr < GUEST_KERNEL_MIN_GPA || s->memsz > gp->ram_bytes ||
	    s->paddr > gp->ram_bytes - s->memsz) {
		snprintf(err, err_len,
		         "ELF segment %u: physical 0x%lx-0x%lx is outside guest RAM "
		         "(1 MiB to %lu MiB)",
		         i, (unsigned long)s->paddr, (unsigned long)(s->paddr + s->memsz),
		         (unsigned long)(gp->ram_bytes >> 20));
		return -1;
	}
	return 0;
}

int load_elf(const struct guest_phys *gp, const struct blob *image, struct loaded_kernel *out,
             char *err, size_t err_len)
{
	uint8_t eh[EHDR_SIZE];
	if (blob_read(image, 0, eh, 16) != 0 || memcmp(eh,
	                                               "\x7f"
	                                               "ELF",
	                                               4) != 0) {
		snprintf(err, err_len, "kernel is not an ELF file");
		return -1;
	}
	if (eh[4] == 2) {
		snprintf(err, err_len, "kernel is a 64-bit ELF: vmiwedge runs 32-bit i386 kernels");
		return -1;
	}
	if (blob_read(image, 0, eh, sizeof(eh)) != 0) {
		snprintf(err, err_len, "ELF header truncated (%lu bytes)",
		         (unsigned long)image->size);
		return -1;
	}
	if (eh[4] != 1 || eh[5] != 1 || le16(eh + 18) != EM_386 || le16(eh + 16) != ET_EXEC) {
		snprintf(err, err_len, "kernel is not a 32-bit little-endian i386 executable ELF");
		return -1;
	}
	uint32_t phoff = le32(eh + 28), entry = le32(eh + 24);
	uint16_t phentsize = le16(eh + 42), phnum = le16(eh + 44);
	if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHDRS) {
		snprintf(err, err_len,
		         "ELF program header table is malformed (%u entries of %u bytes)", phnum,
		         phentsize);
		return -1;
	}

	struct segment segs[MAX_PHDRS];
	unsigned int nsegs = 0;
	for (unsigned int i = 0; i < phnum; i++) {
		uint8_t ph[PHDR_SIZE];
		if (blob_read(image, phoff + i * PHDR_SIZE, ph, sizeof(ph)) != 0) {
			snprintf(err, err_len, "ELF program headers truncated");
			return -1;
		}
		if (le32(ph) != PT_LOAD || le32(ph + 20) == 0)
			continue;
		struct segment s = {le32(ph + 4), le32(ph + 8), le32(ph + 12), le32(ph + 16),
		                    le32(ph + 20)};
		if (check_segment(gp, image, &s, i, err, err_len) != 0)
			return -1;
		segs[nsegs++] = s;
	}
	if (nsegs == 0) {
		snprintf(err, err_len, "ELF kernel has no loadable segment");
		return -1;
	}

	out->kind = KERNEL_ELF;
	out->load_start = UINT32_MAX;
	out->load_end = 0;
	out->entry = 0;
	for (unsigned int i = 0; i < nsegs; i++) {
		const struct segment *s = &segs[i];
		if (copy_blob_to_guest(gp, s->paddr, image, s->offset, s->filesz) != 0 ||
		    gp->zero(gp->ctx, s->paddr + s->filesz, s->memsz - s->filesz) != 0) {
			snprintf(err, err_len,
			         "ELF segment %u could not be written to guest memory", i);
			return -1;
		}
		if (s->paddr < out->load_start)
			out->load_start = s->paddr;
		if (s->paddr + s->memsz > out->load_end)
			out->load_end = s->paddr + s->memsz;
		if (entry - s->paddr < s->memsz)
			out->entry = entry;
		else if (entry - s->vaddr < s->memsz)
			out->entry = s->paddr + (entry - s->vaddr);
	}
	if (!out->entry) {
		snprintf(err, err_len, "ELF entry point 0x%lx lies in no loadable segment",
		         (unsigned long)entry);
		return -1;
	}
	return 0;
}
