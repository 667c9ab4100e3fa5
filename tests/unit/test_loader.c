/*
 * Host unit tests of the guest loader: newc cpio member lookup
 * (wedge/cpio.c), ELF and bzImage kernels (wedge/loader_elf.c,
 * wedge/loader_bzimage.c), and load_guest with its initrd, command line and
 * zero page (wedge/loader.c, wedge/boot_params.c).
 *
 * Kernels and archives are made here by hand; guest RAM is a malloc'd
 * buffer behind a bounds-checked writer that records what was written.
 * Zero-page offsets are written as literals from Linux's boot protocol
 * (Documentation/x86/boot.rst, "THE REAL-MODE KERNEL HEADER", and
 * Documentation/x86/zero-page.rst), never from wedge/boot_params.h, so that
 * a wrong constant cannot pass on both sides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wedge/blob.h"
#include "wedge/cpio.h"
#include "wedge/loader.h"

/* Linux boot protocol / zero page, as literals. */
#define ZP_EXT_MEM_K        0x002 /* screen_info.ext_mem_k, u16 */
#define ZP_ALT_MEM_K        0x1E0 /* u32 */
#define ZP_E820_ENTRIES     0x1E8 /* u8 */
#define ZP_SETUP_SECTS      0x1F1 /* u8 */
#define ZP_BOOT_FLAG        0x1FE /* u16, 0xAA55 */
#define ZP_JUMP             0x200 /* u16, 0xEB + header length - 2 */
#define ZP_HEADER           0x202 /* "HdrS" */
#define ZP_VERSION          0x206 /* u16 */
#define ZP_TYPE_OF_LOADER   0x210 /* u8 */
#define ZP_LOADFLAGS        0x211 /* u8, bit 0 LOADED_HIGH */
#define ZP_CODE32_START     0x214 /* u32 */
#define ZP_RAMDISK_IMAGE    0x218 /* u32 */
#define ZP_RAMDISK_SIZE     0x21C /* u32 */
#define ZP_CMD_LINE_PTR     0x228 /* u32 */
#define ZP_INITRD_ADDR_MAX  0x22C /* u32 */
#define ZP_CMDLINE_SIZE     0x238 /* u32, protocol 2.06+ */
#define ZP_HARDWARE_SUBARCH 0x23C /* u32 */
#define ZP_E820_TABLE       0x2D0 /* 20-byte entries: u64 addr, u64 size, u32 type */

#define ZERO_PAGE_GPA 0x10000u
#define CMDLINE_GPA   0x11000u
#define KERNEL_GPA    0x100000u
#define MiB           0x100000u

#define RAM_SIZE (64u * MiB)
#define RAM_FILL 0xCC /* what untouched guest RAM holds */

/* ---- byte helpers -------------------------------------------------------- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 7u + (i >> 8) * 13u + 1u);
}

static int all_bytes_are(const uint8_t *p, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* ---- blobs ----------------------------------------------------------------- */

/* A blob over a memory buffer; the reader checks the absolute range too. */
struct membuf {
	const uint8_t *data;
	uint32_t len;
};

static int membuf_read(const struct blob *b, uint32_t off, void *dst, uint32_t len)
{
	const struct membuf *m = b->ctx;
	/* blob_read checked the view; a view must lie inside the buffer. */
	assert_true(off <= m->len && len <= m->len - off);
	memcpy(dst, m->data + off, len);
	return 0;
}

static struct membuf membufs[64];
static unsigned int nmembufs;

static struct blob mem_blob(const void *data, uint32_t len)
{
	assert_true(nmembufs < sizeof(membufs) / sizeof(membufs[0]));
	struct membuf *m = &membufs[nmembufs++];
	m->data = data;
	m->len = len;
	return (struct blob){.size = len, .read = membuf_read, .ctx = m, .base = 0};
}

/*
 * A large blob without the memory: its first head_len bytes come from a
 * buffer, the rest is pattern(offset).
 */
struct genbuf {
	const uint8_t *head;
	uint32_t head_len;
};

static int genbuf_read(const struct blob *b, uint32_t off, void *dst, uint32_t len)
{
	const struct genbuf *g = b->ctx;
	uint8_t *d = dst;
	for (uint32_t i = 0; i < len; i++)
		d[i] = off + i < g->head_len ? g->head[off + i] : pattern(off + i);
	return 0;
}

static struct genbuf genbuf;

static struct blob gen_blob(const void *head, uint32_t head_len, uint32_t size)
{
	genbuf.head = head;
	genbuf.head_len = head_len;
	return (struct blob){.size = size, .read = genbuf_read, .ctx = &genbuf, .base = 0};
}

/* ---- fake guest RAM -------------------------------------------------------- */

struct fake_ram {
	uint8_t *mem;
	uint32_t size;
	unsigned int writes, zeros, refused;
	uint32_t lowest, highest_end; /* of everything written or zeroed */
	uint32_t fail_lo, fail_hi;    /* writes touching [fail_lo, fail_hi) fail */
};

static struct fake_ram ram;

static int ram_check(struct fake_ram *r, uint32_t gpa, uint32_t len)
{
	if (len && gpa < r->fail_hi && gpa + len > r->fail_lo)
		return -1;
	if (len > r->size || gpa > r->size - len) {
		r->refused++;
		return -1;
	}
	if (gpa < r->lowest)
		r->lowest = gpa;
	if (gpa + len > r->highest_end)
		r->highest_end = gpa + len;
	return 0;
}

static int ram_write(void *ctx, uint32_t gpa, const void *src, uint32_t len)
{
	struct fake_ram *r = ctx;
	if (ram_check(r, gpa, len) != 0)
		return -1;
	memcpy(r->mem + gpa, src, len);
	r->writes++;
	return 0;
}

static int ram_zero(void *ctx, uint32_t gpa, uint32_t len)
{
	struct fake_ram *r = ctx;
	if (ram_check(r, gpa, len) != 0)
		return -1;
	memset(r->mem + gpa, 0, len);
	r->zeros++;
	return 0;
}

static struct guest_phys gp;

static int ram_alloc(void **state)
{
	(void)state;
	ram.mem = malloc(RAM_SIZE);
	return ram.mem ? 0 : -1;
}

static int ram_free(void **state)
{
	(void)state;
	free(ram.mem);
	ram.mem = NULL;
	return 0;
}

static void ram_set_size(uint32_t size)
{
	assert_true(size <= RAM_SIZE);
	ram.size = size;
	gp.ram_bytes = size;
}

/* Before each test: RAM full of RAM_FILL, nothing recorded. */
static int ram_reset(void **state)
{
	(void)state;
	memset(ram.mem, RAM_FILL, RAM_SIZE);
	ram.writes = ram.zeros = ram.refused = 0;
	ram.lowest = UINT32_MAX;
	ram.highest_end = 0;
	ram.fail_lo = ram.fail_hi = 0;
	gp = (struct guest_phys){
	    .ram_bytes = RAM_SIZE, .write = ram_write, .zero = ram_zero, .ctx = &ram};
	ram.size = RAM_SIZE;
	nmembufs = 0;
	return 0;
}

static int nothing_written(void)
{
	return ram.writes == 0 && ram.zeros == 0 && ram.refused == 0;
}

static char err[256];
static struct loaded_kernel k;

#define assert_err_has(s)                                                                          \
	do {                                                                                       \
		if (!strstr(err, (s)))                                                             \
			fail_msg("error \"%s\" does not mention \"%s\"", err, (s));                \
	} while (0)

/* ---- a newc cpio builder (the format tests/harness/guestpack.py writes) -- */

#define ARCHIVE_MAX 0x4000
static uint8_t archive[ARCHIVE_MAX];
static size_t archive_len;

static void arc_bytes(const void *p, size_t n)
{
	assert_true(archive_len + n <= sizeof(archive));
	memcpy(archive + archive_len, p, n);
	archive_len += n;
}

static void arc_align4(void)
{
	static const uint8_t zeros[4];
	arc_bytes(zeros, -archive_len & 3);
}

/*
 * One member, name_bytes of name (the NUL included when name_bytes says
 * so) and namesize / filesize as given, so that tests can lie in them.
 * Returns the member's header offset.
 */
static size_t arc_member_raw(const char *name, uint32_t name_bytes, uint32_t namesize,
                             const void *data, uint32_t data_bytes, uint32_t filesize)
{
	static uint32_t ino = 1;
	size_t at = archive_len;
	uint32_t fields[13] = {ino++, 0100644, 0, 0, 1, 0, filesize, 0, 0, 0, 0, namesize, 0};
	char hdr[6 + 13 * 8 + 1];
	int n = snprintf(hdr, sizeof(hdr), "070701");
	for (int i = 0; i < 13; i++)
		n += snprintf(hdr + n, sizeof(hdr) - (size_t)n, "%08X", fields[i]);
	assert_int_equal(n, 110);
	arc_bytes(hdr, 110);
	arc_bytes(name, name_bytes);
	arc_align4();
	arc_bytes(data, data_bytes);
	arc_align4();
	return at;
}

static size_t arc_member(const char *name, const void *data, uint32_t len)
{
	uint32_t nz = (uint32_t)strlen(name) + 1;
	return arc_member_raw(name, nz, nz, data, len, len);
}

static void arc_trailer(void)
{
	arc_member("TRAILER!!!", "", 0);
	/* guestpack.py pads the archive to 512 bytes, as cpio does. */
	static const uint8_t zeros[512];
	arc_bytes(zeros, -archive_len & 511);
}

static void arc_reset(void)
{
	archive_len = 0;
	memset(archive, 0, sizeof(archive));
}

/* Field i (0 = ino ... 12 = check) of the header at hdr_off. */
static char *arc_field(size_t hdr_off, int i)
{
	return (char *)archive + hdr_off + 6 + 8 * i;
}

#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11

static int find(const char *name, struct blob *member)
{
	struct blob a = mem_blob(archive, (uint32_t)archive_len);
	memset(err, 0, sizeof(err));
	return cpio_find(&a, name, member, err, sizeof(err));
}

static void assert_member(const struct blob *m, const void *data, uint32_t len)
{
	assert_int_equal(m->size, len);
	uint8_t buf[64];
	assert_true(len <= sizeof(buf));
	assert_int_equal(blob_read(m, 0, buf, len), 0);
	assert_memory_equal(buf, data, len);
	/* The view stops at the member's end. */
	assert_int_equal(blob_read(m, 0, buf, len + 1), -1);
	assert_int_equal(blob_read(m, len, buf, 1), -1);
}

/* ---- cpio ------------------------------------------------------------------ */

static void cpio_finds_members(void **state)
{
	(void)state;
	arc_reset();
	/* Sizes 5, 0, 13: every alignment case after the data. */
	arc_member("kernel", "KERNL", 5);
	arc_member("initrd", "", 0);
	arc_member("cmdline", "console=ttyS0", 13);
	arc_trailer();
	assert_int_equal(archive_len % 512, 0);

	struct blob m;
	assert_int_equal(find("kernel", &m), 1);
	assert_member(&m, "KERNL", 5);
	assert_int_equal(find("initrd", &m), 1);
	assert_int_equal(m.size, 0);
	assert_int_equal(find("cmdline", &m), 1);
	assert_member(&m, "console=ttyS0", 13);
}

static void cpio_name_alignment(void **state)
{
	(void)state;
	/* Names of 1 to 8 bytes with their NUL: header + name = 110 + n, all
	 * four residues mod 4. */
	const char *names[] = {"a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg"};
	const char *datas[] = {"1", "22", "333", "4444", "55555", "666666", "7777777"};
	arc_reset();
	for (unsigned int i = 0; i < 7; i++)
		arc_member(names[i], datas[i], i + 1);
	arc_trailer();
	struct blob m;
	for (unsigned int i = 0; i < 7; i++) {
		assert_int_equal(find(names[i], &m), 1);
		assert_member(&m, datas[i], i + 1);
	}
}

static void cpio_absent_member(void **state)
{
	(void)state;
	arc_reset();
	arc_member("kernel", "K", 1);
	arc_trailer();
	struct blob m = {0};
	assert_int_equal(find("initrd", &m), 0);
	/* Not a prefix match either way. */
	assert_int_equal(find("kern", &m), 0);
	assert_int_equal(find("kernel2", &m), 0);
	/* The trailer is not a member. */
	assert_int_equal(find("TRAILER!!!", &m), 0);

	arc_reset();
	arc_trailer();
	assert_int_equal(find("kernel", &m), 0);
}

static void cpio_hex_fields_any_case(void **state)
{
	(void)state;
	arc_reset();
	uint8_t data[0x1b];
	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	size_t h = arc_member("kernel", data, sizeof(data));
	arc_trailer();
	memcpy(arc_field(h, FIELD_FILESIZE), "0000001b", 8);
	struct blob m;
	assert_int_equal(find("kernel", &m), 1);
	assert_int_equal(m.size, 0x1b);
	memcpy(arc_field(h, FIELD_FILESIZE), "0000001B", 8);
	assert_int_equal(find("kernel", &m), 1);
	assert_int_equal(m.size, 0x1b);
}

static void cpio_refuses_other_formats(void **state)
{
	(void)state;
	arc_reset();
	arc_member("kernel", "K", 1);
	arc_trailer();
	struct blob m;
	/* "070707" is the old portable (odc) format, "070702" newc with CRC:
	 * only 070701 is what guestpack.py makes. */
	memcpy(archive, "070707", 6);
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("not a newc cpio archive");
	assert_err_has("070707");

	/* A bzImage given where the archive should be. */
	memset(archive, 0, 512);
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("not a newc cpio archive");
}

static void cpio_refuses_bad_magic_of_a_later_member(void **state)
{
	(void)state;
	arc_reset();
	arc_member("kernel", "K", 1);
	size_t h = arc_member("initrd", "I", 1);
	arc_trailer();
	memcpy(archive + h, "07070X", 6);
	struct blob m;
	assert_int_equal(find("kernel", &m), 1);
	assert_int_equal(find("initrd", &m), -1);
	assert_err_has("not a newc cpio archive");
	char at[32];
	snprintf(at, sizeof(at), "offset %zu", h);
	assert_err_has(at);
}

static void cpio_truncated_header(void **state)
{
	(void)state;
	arc_reset();
	arc_member("kernel", "K", 1);
	arc_trailer();
	struct blob m;
	struct blob a = mem_blob(archive, 50);
	assert_int_equal(cpio_find(&a, "kernel", &m, err, sizeof(err)), -1);
	assert_err_has("truncated");

	struct blob empty = mem_blob(archive, 0);
	assert_int_equal(cpio_find(&empty, "kernel", &m, err, sizeof(err)), -1);
	assert_err_has("truncated");

	/* One byte short of a header. */
	struct blob a109 = mem_blob(archive, 109);
	assert_int_equal(cpio_find(&a109, "kernel", &m, err, sizeof(err)), -1);
	assert_err_has("truncated");
}

static void cpio_non_hex_field(void **state)
{
	(void)state;
	struct blob m;
	const int fields[] = {FIELD_FILESIZE, FIELD_NAMESIZE};
	const char *bad[] = {"0000000G", "-0000001", " 0000001", "0x000001"};
	for (unsigned int f = 0; f < 2; f++) {
		for (unsigned int b = 0; b < 4; b++) {
			arc_reset();
			size_t h = arc_member("kernel", "K", 1);
			arc_trailer();
			memcpy(arc_field(h, fields[f]), bad[b], 8);
			assert_int_equal(find("kernel", &m), -1);
			assert_err_has("corrupt cpio header");
		}
	}
}

static void cpio_name_without_nul(void **state)
{
	(void)state;
	arc_reset();
	/* namesize 6 for "kernel": the NUL is missing. */
	arc_member_raw("kernel", 6, 6, "K", 1, 1);
	arc_trailer();
	struct blob m;
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("bad member name");

	/* namesize 0. */
	arc_reset();
	arc_member_raw("", 0, 0, "K", 1, 1);
	arc_trailer();
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("bad member name");
}

static void cpio_name_too_long(void **state)
{
	(void)state;
	char name[301];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	struct blob m;

	/* 256 bytes with the NUL is the most the parser takes. */
	arc_reset();
	name[255] = '\0';
	arc_member(name, "L", 1);
	arc_trailer();
	assert_int_equal(find(name, &m), 1);
	assert_member(&m, "L", 1);

	name[255] = 'n';
	name[256] = '\0';
	arc_reset();
	arc_member(name, "L", 1);
	arc_trailer();
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("bad member name");

	name[256] = 'n';
	arc_reset();
	arc_member(name, "L", 1);
	arc_trailer();
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("bad member name");
}

static void cpio_name_past_the_end(void **state)
{
	(void)state;
	/* The header is whole but the name it announces is cut off. */
	arc_reset();
	arc_member_raw("kernel", 7, 7, "", 0, 0);
	struct blob m;
	struct blob a = mem_blob(archive, 110 + 3);
	assert_int_equal(cpio_find(&a, "kernel", &m, err, sizeof(err)), -1);
	assert_err_has("bad member name");
}

static void cpio_filesize_past_the_end(void **state)
{
	(void)state;
	arc_reset();
	size_t h = arc_member("kernel", "KERNL", 5);
	arc_trailer();
	struct blob m;
	memcpy(arc_field(h, FIELD_FILESIZE), "00010000", 8);
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("runs past the end");
	assert_err_has("'kernel'");

	/* The largest size the field can say: no wrap-around. */
	memcpy(arc_field(h, FIELD_FILESIZE), "FFFFFFFF", 8);
	assert_int_equal(find("kernel", &m), -1);
	assert_err_has("runs past the end");

	/* Exactly to the end is fine: a member as the archive's last bytes. */
	arc_reset();
	arc_member("kernel", "KERNL", 5);
	struct blob a = mem_blob(archive, (uint32_t)(archive_len - 3));
	assert_int_equal(cpio_find(&a, "kernel", &m, err, sizeof(err)), 1);
	assert_int_equal(m.size, 5);
	/* One byte fewer is not. */
	a = mem_blob(archive, (uint32_t)(archive_len - 4));
	assert_int_equal(cpio_find(&a, "kernel", &m, err, sizeof(err)), -1);
	assert_err_has("runs past the end");
}

static void cpio_without_trailer(void **state)
{
	(void)state;
	arc_reset();
	arc_member("kernel", "KERNL", 5);
	arc_member("cmdline", "quiet", 5);
	struct blob m;
	/* What comes before the cut is still found... */
	assert_int_equal(find("kernel", &m), 1);
	assert_int_equal(find("cmdline", &m), 1);
	/* ...but an absent member cannot be told from a truncated archive. */
	assert_int_equal(find("initrd", &m), -1);
	assert_err_has("truncated");
	assert_err_has("TRAILER!!!");
}

static void cpio_member_is_a_view(void **state)
{
	(void)state;
	/* A member's blob reads relative to its data, also through a slice
	 * of a slice: the initrd inside an archive inside a module. */
	arc_reset();
	arc_member("kernel", "0123456789", 10);
	arc_trailer();
	uint8_t outer[ARCHIVE_MAX + 16];
	memset(outer, 0xEE, 16);
	memcpy(outer + 16, archive, archive_len);
	struct blob whole = mem_blob(outer, (uint32_t)(archive_len + 16));
	struct blob a = blob_slice(&whole, 16, (uint32_t)archive_len);
	struct blob m;
	assert_int_equal(cpio_find(&a, "kernel", &m, err, sizeof(err)), 1);
	char buf[4];
	assert_int_equal(blob_read(&m, 6, buf, 4), 0);
	assert_memory_equal(buf, "6789", 4);
	assert_int_equal(blob_read(&m, 7, buf, 4), -1);
}

/* ---- ELF images ------------------------------------------------------------ */

#define IMG_MAX 0x24000 /* room for 255 setup sectors */
static uint8_t img[IMG_MAX];

struct ph {
	uint32_t type, offset, vaddr, paddr, filesz, memsz;
};

#define PT_LOAD_ 1
#define PT_NOTE_ 4

/* An ELF32 i386 ET_EXEC header at 0 and n program headers at 52. */
static void make_elf(uint32_t entry, const struct ph *ph, unsigned int n)
{
	memset(img, 0, sizeof(img));
	memcpy(img,
	       "\x7f"
	       "ELF",
	       4);
	img[4] = 1;         /* ELFCLASS32 */
	img[5] = 1;         /* ELFDATA2LSB */
	img[6] = 1;         /* EV_CURRENT */
	put16(img + 16, 2); /* ET_EXEC */
	put16(img + 18, 3); /* EM_386 */
	put32(img + 20, 1);
	put32(img + 24, entry);
	put32(img + 28, 52); /* e_phoff */
	put32(img + 32, 0);  /* e_shoff */
	put16(img + 40, 52); /* e_ehsize */
	put16(img + 42, 32); /* e_phentsize */
	put16(img + 44, (uint16_t)n);
	put16(img + 46, 40); /* e_shentsize */
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *p = img + 52 + 32 * i;
		put32(p, ph[i].type);
		put32(p + 4, ph[i].offset);
		put32(p + 8, ph[i].vaddr);
		put32(p + 12, ph[i].paddr);
		put32(p + 16, ph[i].filesz);
		put32(p + 20, ph[i].memsz);
		put32(p + 24, 7);      /* RWX */
		put32(p + 28, 0x1000); /* p_align */
	}
}

static void fill_pattern(uint32_t off, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		img[off + i] = pattern(seed + i);
}

static int ram_has_pattern(uint32_t gpa, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		if (ram.mem[gpa + i] != pattern(seed + i))
			return 0;
	return 1;
}

static int elf(uint32_t size)
{
	struct blob b = mem_blob(img, size);
	memset(err, 0, sizeof(err));
	memset(&k, 0, sizeof(k));
	return load_elf(&gp, &b, &k, err, sizeof(err));
}

static void elf_segment_copied_bss_zeroed(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x1234, 0x3000};
	make_elf(0x100000, &ph, 1);
	fill_pattern(0x1000, 0x1234, 0);
	assert_int_equal(elf(0x1000 + 0x1234), 0);
	assert_int_equal(k.kind, KERNEL_ELF);
	assert_int_equal(k.entry, 0x100000);
	assert_int_equal(k.load_start, 0x100000);
	assert_int_equal(k.load_end, 0x103000);
	assert_int_equal(k.boot_protocol, 0);
	assert_true(ram_has_pattern(0x100000, 0x1234, 0));
	assert_true(all_bytes_are(ram.mem + 0x101234, 0x3000 - 0x1234, 0));
	/* Nothing around it touched. */
	assert_true(all_bytes_are(ram.mem + 0xFF000, 0x1000, RAM_FILL));
	assert_true(all_bytes_are(ram.mem + 0x103000, 0x1000, RAM_FILL));
	assert_int_equal(ram.lowest, 0x100000);
	assert_int_equal(ram.highest_end, 0x103000);
	assert_int_equal(ram.refused, 0);
}

static void elf_several_segments(void **state)
{
	(void)state;
	/* text at 1 MiB, data at 4 MiB with bss, a note and an empty PT_LOAD
	 * in between that are skipped; entry in the second segment. */
	struct ph ph[4] = {
	    {PT_LOAD_, 0x1000, 0xC0100000, 0x100000, 0x2000, 0x2000},
	    {PT_NOTE_, 0x1000, 0, 0x50, 0x10, 0x10},
	    {PT_LOAD_, 0x3000, 0xC0200000, 0x8000, 0, 0}, /* memsz 0: ignored */
	    {PT_LOAD_, 0x3000, 0xC0400000, 0x400000, 0x1800, 0x5000},
	};
	make_elf(0x400100, ph, 4);
	fill_pattern(0x1000, 0x2000, 100);
	fill_pattern(0x3000, 0x1800, 200);
	assert_int_equal(elf(0x4800), 0);
	assert_int_equal(k.entry, 0x400100);
	assert_int_equal(k.load_start, 0x100000);
	assert_int_equal(k.load_end, 0x405000);
	assert_true(ram_has_pattern(0x100000, 0x2000, 100));
	assert_true(ram_has_pattern(0x400000, 0x1800, 200));
	assert_true(all_bytes_are(ram.mem + 0x401800, 0x5000 - 0x1800, 0));
	assert_true(all_bytes_are(ram.mem + 0x102000, 0x400000 - 0x102000, RAM_FILL));
	assert_true(all_bytes_are(ram.mem, 0x100000, RAM_FILL));
}

static void elf_entry_physical(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0xC0100000, 0x100000, 0x100, 0x1000};
	make_elf(0x100010, &ph, 1);
	assert_int_equal(elf(0x1100), 0);
	assert_int_equal(k.entry, 0x100010);
}

static void elf_entry_virtual_translated(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0xC0100000, 0x100000, 0x100, 0x1000};
	make_elf(0xC0100000, &ph, 1);
	assert_int_equal(elf(0x1100), 0);
	assert_int_equal(k.entry, 0x100000);

	/* In the bss part of the segment, too. */
	make_elf(0xC0100ABC, &ph, 1);
	assert_int_equal(elf(0x1100), 0);
	assert_int_equal(k.entry, 0x100ABC);

	/* One past the segment is in no segment. */
	make_elf(0xC0101000, &ph, 1);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("no loadable segment");
}

static void elf_64bit_refused(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x100};
	make_elf(0x100000, &ph, 1);
	img[4] = 2;          /* ELFCLASS64 */
	put16(img + 18, 62); /* EM_X86_64 */
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("64-bit");
	assert_true(nothing_written());

	/* Also when the file is too short for a 32-bit header. */
	assert_int_equal(elf(20), -1);
	assert_err_has("64-bit");
}

static void elf_wrong_machine_refused(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x100};
	const uint16_t machines[] = {0, 62 /* x86-64 */, 40 /* ARM */, 6 /* 486 */};
	for (unsigned int i = 0; i < 4; i++) {
		make_elf(0x100000, &ph, 1);
		put16(img + 18, machines[i]);
		assert_int_equal(elf(0x1100), -1);
		assert_err_has("i386");
	}
	/* Big-endian, a shared object, an unknown class: refused the same way. */
	make_elf(0x100000, &ph, 1);
	img[5] = 2;
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("little-endian i386 executable");
	make_elf(0x100000, &ph, 1);
	put16(img + 16, 3); /* ET_DYN */
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("executable");
	make_elf(0x100000, &ph, 1);
	img[4] = 0;
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("32-bit");
	assert_true(nothing_written());
}

static void elf_truncated_header(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x100};
	make_elf(0x100000, &ph, 1);
	assert_int_equal(elf(40), -1);
	assert_err_has("ELF header truncated");
	assert_int_equal(elf(51), -1);
	assert_err_has("ELF header truncated");
	/* Shorter than e_ident: refused, whatever it is called. */
	assert_int_equal(elf(8), -1);
	assert_true(err[0] != '\0');
	assert_true(nothing_written());
}

static void elf_truncated_program_headers(void **state)
{
	(void)state;
	struct ph ph[2] = {
	    {PT_NOTE_, 0x1000, 0, 0, 0x10, 0x10},
	    {PT_LOAD_, 0x1100, 0x200000, 0x200000, 0x100, 0x100},
	};
	make_elf(0x200000, ph, 2);
	/* The second program header is cut in half. */
	assert_int_equal(elf(52 + 32 + 16), -1);
	assert_err_has("program headers truncated");
	assert_true(nothing_written());

	/* e_phoff beyond the file, and wrapping around 4 GiB. */
	make_elf(0x100000, ph, 1);
	put32(img + 28, 0x20000);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("program headers truncated");
	put32(img + 28, 0xFFFFFFF0);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("program headers truncated");
}

static void elf_malformed_program_header_table(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x100};
	make_elf(0x100000, &ph, 1);
	put16(img + 42, 56); /* an ELF64 phentsize */
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("malformed");
	make_elf(0x100000, &ph, 0);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("malformed");
	make_elf(0x100000, &ph, 1);
	put16(img + 44, 0xFFFF);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("malformed");
	assert_true(nothing_written());
}

static void elf_segment_beyond_image(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x10000, 0x10000};
	make_elf(0x100000, &ph, 1);
	assert_int_equal(elf(0x2000), -1);
	assert_err_has("truncated");
	assert_err_has("segment 0");

	/* Offset beyond the file; offset + filesz wrapping around 4 GiB. */
	ph = (struct ph){PT_LOAD_, 0x3000, 0x100000, 0x100000, 0x10, 0x10};
	make_elf(0x100000, &ph, 1);
	assert_int_equal(elf(0x2000), -1);
	assert_err_has("truncated");
	ph = (struct ph){PT_LOAD_, 0x1000, 0x100000, 0x100000, 0xFFFFF800, 0xFFFFF800};
	make_elf(0x100000, &ph, 1);
	assert_int_equal(elf(0x2000), -1);
	assert_err_has("truncated");

	/* filesz larger than memsz. */
	ph = (struct ph){PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x200, 0x100};
	make_elf(0x100000, &ph, 1);
	assert_int_equal(elf(0x2000), -1);
	assert_err_has("segment 0");

	/* A bad second segment stops the load before the first is written. */
	struct ph two[2] = {
	    {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x100},
	    {PT_LOAD_, 0x1800, 0x200000, 0x200000, 0x1000, 0x1000},
	};
	make_elf(0x100000, two, 2);
	assert_int_equal(elf(0x2000), -1);
	assert_err_has("segment 1");
	assert_true(nothing_written());
}

static void elf_segment_outside_ram(void **state)
{
	(void)state;
	struct ph cases[] = {
	    {PT_LOAD_, 0x1000, 0x80000, 0x80000, 0x100, 0x100},       /* below 1 MiB */
	    {PT_LOAD_, 0x1000, 0xFFF00, 0xFFF00, 0x100, 0x200},       /* straddles 1 MiB */
	    {PT_LOAD_, 0x1000, 0, 0, 0x100, 0x100},                   /* at 0 */
	    {PT_LOAD_, 0x1000, 0xC0100000, 0xC0100000, 0x100, 0x100}, /* vaddr as paddr */
	    {PT_LOAD_, 0x1000, 0, RAM_SIZE - 0x1000, 0x100, 0x2000},  /* past the top */
	    {PT_LOAD_, 0x1000, 0, RAM_SIZE, 0x100, 0x100},            /* at the top */
	    {PT_LOAD_, 0x1000, 0, 0x100000, 0x100, 0xFFFFFFFF},       /* wraps */
	    {PT_LOAD_, 0x1000, 0, 0xFFFFF000, 0x100, 0x2000},         /* wraps */
	};
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_elf(cases[i].paddr, &cases[i], 1);
		if (elf(0x1100) != -1)
			fail_msg("case %u loaded", i);
		assert_err_has("outside guest RAM");
	}
	assert_true(nothing_written());

	/* Ending exactly at the top of RAM is inside. */
	struct ph top = {PT_LOAD_, 0x1000, 0, RAM_SIZE - 0x2000, 0x100, 0x2000};
	make_elf(RAM_SIZE - 0x2000, &top, 1);
	assert_int_equal(elf(0x1100), 0);
	assert_int_equal(k.load_end, RAM_SIZE);
	assert_int_equal(ram.refused, 0);
}

static void elf_no_loadable_segment(void **state)
{
	(void)state;
	struct ph ph[2] = {
	    {PT_NOTE_, 0x1000, 0, 0x100000, 0x10, 0x10},
	    {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0, 0},
	};
	make_elf(0x100000, ph, 2);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("no loadable segment");
	assert_true(nothing_written());
}

static void elf_entry_outside_segments(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0xC0100000, 0x100000, 0x100, 0x1000};
	make_elf(0x500000, &ph, 1);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("0x500000");
	assert_err_has("no loadable segment");
	make_elf(0, &ph, 1);
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("no loadable segment");
}

static void elf_write_failure_reported(void **state)
{
	(void)state;
	struct ph ph = {PT_LOAD_, 0x1000, 0x100000, 0x100000, 0x100, 0x1000};
	make_elf(0x100000, &ph, 1);
	ram.fail_lo = 0;
	ram.fail_hi = UINT32_MAX;
	assert_int_equal(elf(0x1100), -1);
	assert_err_has("could not be written");
}

/* ---- bzImage images -------------------------------------------------------- */

/*
 * A bzImage as Linux's arch/x86/boot/header.S lays it out: setup_sects,
 * boot flag 55 AA, a short jump at 0x200 whose displacement gives the
 * header's end, "HdrS", the version, loadflags; then the protected-mode
 * payload at (setup_sects + 1) * 512, or 5 * 512 when setup_sects is 0.
 */
#define HDR_LEN_BYTE 0x46 /* header ends at 0x202 + 0x46 = 0x248 (protocol 2.07) */

static uint32_t make_bzimage(uint8_t setup_sects, uint16_t version, uint8_t loadflags,
                             uint32_t initrd_addr_max, uint32_t payload_len)
{
	memset(img, 0, sizeof(img));
	uint32_t pm = ((setup_sects ? setup_sects : 4u) + 1) * 512;
	assert_true(pm + payload_len <= sizeof(img));
	/* Real-mode bytes the loader must not copy (the boot sector). */
	memset(img, 0x5A, 0x1F1);
	img[ZP_SETUP_SECTS] = setup_sects;
	put16(img + 0x1F2, 1);      /* root_flags */
	put32(img + 0x1F4, 0x1234); /* syssize */
	put16(img + ZP_BOOT_FLAG, 0xAA55);
	img[ZP_JUMP] = 0xEB;
	img[ZP_JUMP + 1] = HDR_LEN_BYTE;
	memcpy(img + ZP_HEADER, "HdrS", 4);
	put16(img + ZP_VERSION, version);
	img[ZP_TYPE_OF_LOADER] = 0;
	img[ZP_LOADFLAGS] = loadflags;
	put32(img + ZP_CODE32_START, 0x12345678); /* the loader sets its own */
	put32(img + ZP_RAMDISK_IMAGE, 0xDEAD0000);
	put32(img + ZP_RAMDISK_SIZE, 0xDEAD);
	put32(img + ZP_CMD_LINE_PTR, 0xDEADBEEF);
	put32(img + ZP_INITRD_ADDR_MAX, initrd_addr_max);
	img[0x234] = 1; /* relocatable_kernel */
	put32(img + ZP_CMDLINE_SIZE, 2047);
	put32(img + ZP_HARDWARE_SUBARCH, 0x77);
	/* Past the header's end: setup code, not to be copied. */
	memset(img + 0x202 + HDR_LEN_BYTE, 0xA5, 0x400 - (0x202 + HDR_LEN_BYTE));
	fill_pattern(pm, payload_len, 300);
	return pm + payload_len;
}

static uint8_t zp[4096];

static int bz(uint32_t size)
{
	struct blob b = mem_blob(img, size);
	memset(err, 0, sizeof(err));
	memset(&k, 0, sizeof(k));
	memset(zp, 0, sizeof(zp));
	return load_bzimage(&gp, &b, zp, &k, err, sizeof(err));
}

static void bzimage_payload_and_header(void **state)
{
	(void)state;
	uint32_t size = make_bzimage(3, 0x0207, 0x01, 0x37FFFFFF, 9000);
	assert_int_equal(bz(size), 0);
	assert_int_equal(k.kind, KERNEL_BZIMAGE);
	assert_int_equal(k.entry, 0x100000);
	assert_int_equal(k.load_start, 0x100000);
	assert_int_equal(k.load_end, 0x100000 + 9000);
	assert_int_equal(k.boot_protocol, 0x0207);
	/* The payload from 4 * 512 on, at 1 MiB, in more than one chunk. */
	assert_true(ram_has_pattern(0x100000, 9000, 300));
	assert_true(all_bytes_are(ram.mem + 0x100000 + 9000, 0x1000, RAM_FILL));
	assert_true(all_bytes_are(ram.mem, 0x100000, RAM_FILL));

	/* The header, 0x1F1 up to its end, in the zero page... */
	assert_memory_equal(zp + 0x1F1, img + 0x1F1, 0x214 - 0x1F1);
	assert_memory_equal(zp + 0x218, img + 0x218, 0x248 - 0x218);
	assert_int_equal(zp[ZP_SETUP_SECTS], 3);
	assert_int_equal(get16(zp + ZP_BOOT_FLAG), 0xAA55);
	assert_memory_equal(zp + ZP_HEADER, "HdrS", 4);
	assert_int_equal(get16(zp + ZP_VERSION), 0x0207);
	assert_int_equal(get32(zp + ZP_INITRD_ADDR_MAX), 0x37FFFFFF);
	assert_int_equal(get32(zp + ZP_CMDLINE_SIZE), 2047);
	/* ...with code32_start where the payload went... */
	assert_int_equal(get32(zp + ZP_CODE32_START), 0x100000);
	/* ...and nothing before it or after its end. */
	assert_true(all_bytes_are(zp, 0x1F1, 0));
	assert_true(all_bytes_are(zp + 0x248, sizeof(zp) - 0x248, 0));
	assert_int_equal(ram.refused, 0);
}

static void bzimage_header_length(void **state)
{
	(void)state;
	/* A 2.05 header ending at 0x202 + 0x34 = 0x236 (up to
	 * relocatable_kernel's padding): the bytes after are not copied. */
	uint32_t size = make_bzimage(2, 0x0205, 0x01, 0x37FFFFFF, 100);
	img[ZP_JUMP + 1] = 0x34;
	assert_int_equal(bz(size), 0);
	assert_int_equal(zp[0x235], img[0x235]);
	assert_true(all_bytes_are(zp + 0x236, sizeof(zp) - 0x236, 0));

	/* The largest the byte can say, 0x202 + 0xFF: still inside the
	 * 1024-byte setup read. */
	size = make_bzimage(2, 0x0205, 0x01, 0x37FFFFFF, 100);
	img[ZP_JUMP + 1] = 0xFF;
	assert_int_equal(bz(size), 0);
	assert_memory_equal(zp + 0x1F1, img + 0x1F1, 0x214 - 0x1F1);
	assert_memory_equal(zp + 0x218, img + 0x218, 0x301 - 0x218);
	assert_true(all_bytes_are(zp + 0x301, sizeof(zp) - 0x301, 0));
}

static void bzimage_old_protocol_refused(void **state)
{
	(void)state;
	uint32_t size = make_bzimage(4, 0x0204, 0x01, 0x37FFFFFF, 100);
	assert_int_equal(bz(size), -1);
	assert_err_has("older than 2.05");
	assert_err_has("2.04");
	assert_true(nothing_written());

	size = make_bzimage(4, 0x0200, 0x01, 0, 100);
	assert_int_equal(bz(size), -1);
	assert_err_has("older than 2.05");

	size = make_bzimage(4, 0x0205, 0x01, 0x37FFFFFF, 100);
	assert_int_equal(bz(size), 0);
	assert_int_equal(k.boot_protocol, 0x0205);
	size = make_bzimage(4, 0x020F, 0x01, 0x7FFFFFFF, 100);
	assert_int_equal(bz(size), 0);
	assert_int_equal(k.boot_protocol, 0x020F);
}

static void bzimage_without_hdrs_refused(void **state)
{
	(void)state;
	uint32_t size = make_bzimage(4, 0x0207, 0x01, 0x37FFFFFF, 100);
	memcpy(img + ZP_HEADER, "HdrT", 4);
	assert_int_equal(bz(size), -1);
	assert_err_has("not a bzImage");
	assert_true(nothing_written());

	/* "HdrS" but no 55 AA boot flag. */
	size = make_bzimage(4, 0x0207, 0x01, 0x37FFFFFF, 100);
	put16(img + ZP_BOOT_FLAG, 0x55AA);
	assert_int_equal(bz(size), -1);
	assert_err_has("not a bzImage");
}

static void bzimage_zimage_refused(void **state)
{
	(void)state;
	/* loadflags without LOADED_HIGH, even with the other bits set. */
	uint32_t size = make_bzimage(4, 0x0207, 0xC0, 0x37FFFFFF, 100);
	assert_int_equal(bz(size), -1);
	assert_err_has("zImage");
	assert_true(nothing_written());
}

static void bzimage_truncated_setup(void **state)
{
	(void)state;
	/* Shorter than the 1024 bytes the header is read from. */
	make_bzimage(4, 0x0207, 0x01, 0x37FFFFFF, 100);
	assert_int_equal(bz(0x300), -1);
	assert_err_has("truncated");
	assert_int_equal(bz(0), -1);
	assert_err_has("truncated");

	/* setup_sects 8: the payload would start at 4608. */
	make_bzimage(8, 0x0207, 0x01, 0x37FFFFFF, 100);
	assert_int_equal(bz(2048), -1);
	assert_err_has("truncated");
	assert_err_has("4608");
	/* Setup complete but no payload at all. */
	assert_int_equal(bz(4608), -1);
	assert_err_has("truncated");
	/* One payload byte is enough. */
	assert_int_equal(bz(4609), 0);
	assert_int_equal(k.load_end, 0x100001);
	assert_int_equal(ram.mem[0x100000], pattern(300));

	/* setup_sects 255, the most there can be. */
	make_bzimage(255, 0x0207, 0x01, 0x37FFFFFF, 0);
	assert_int_equal(bz(256 * 512), -1);
	assert_err_has("131072");
}

static void bzimage_setup_sects_zero_means_four(void **state)
{
	(void)state;
	uint32_t size = make_bzimage(0, 0x0207, 0x01, 0x37FFFFFF, 5000);
	assert_int_equal(size, 5 * 512 + 5000);
	assert_int_equal(bz(size), 0);
	assert_true(ram_has_pattern(0x100000, 5000, 300));
	assert_int_equal(k.load_end, 0x100000 + 5000);
	assert_int_equal(zp[ZP_SETUP_SECTS], 0);

	/* 2000 bytes: cut inside the 4 (not 0) setup sectors. */
	assert_int_equal(bz(2000), -1);
	assert_err_has("truncated");
	assert_err_has("2560");
}

static void bzimage_too_big_for_ram(void **state)
{
	(void)state;
	make_bzimage(4, 0x0207, 0x01, 0x37FFFFFF, 0);
	/* A payload of RAM - 1 MiB fits exactly; one byte more does not. */
	struct blob b = gen_blob(img, 5 * 512, 5 * 512 + RAM_SIZE - MiB + 1);
	assert_int_equal(load_bzimage(&gp, &b, zp, &k, err, sizeof(err)), -1);
	assert_err_has("does not fit");
	assert_true(nothing_written());
	b = gen_blob(img, 5 * 512, 5 * 512 + RAM_SIZE - MiB);
	assert_int_equal(load_bzimage(&gp, &b, zp, &k, err, sizeof(err)), 0);
	assert_int_equal(k.load_end, RAM_SIZE);
	assert_int_equal(ram.mem[RAM_SIZE - 1], pattern(5 * 512 + RAM_SIZE - MiB - 1));
	assert_int_equal(ram.refused, 0);
}

/* ---- load_guest -------------------------------------------------------------- */

static struct blob kernel_blob, initrd_blob;
static uint8_t initrd_data[0x6000];

static int load(const struct blob *kernel, const struct blob *initrd, const char *cmdline)
{
	struct load_request req = {.kernel = kernel, .initrd = initrd, .cmdline = cmdline};
	memset(err, 0, sizeof(err));
	memset(&k, 0xEE, sizeof(k));
	return load_guest(&gp, &req, &k, err, sizeof(err));
}

static const uint8_t *zero_page(void)
{
	return ram.mem + ZERO_PAGE_GPA;
}

/* A small ELF vmlinux: text at 1 MiB (virtual 0xC0100000), bss to 3 MiB. */
static void make_elf_kernel(void)
{
	struct ph ph = {PT_LOAD_, 0x1000, 0xC0100000, 0x100000, 0x800, 0x200000};
	make_elf(0xC0100000, &ph, 1);
	fill_pattern(0x1000, 0x800, 400);
	kernel_blob = mem_blob(img, 0x1800);
}

static void make_bz_kernel(uint32_t initrd_addr_max)
{
	kernel_blob = mem_blob(img, make_bzimage(4, 0x0206, 0x01, initrd_addr_max, 0x3000));
}

static void make_initrd(uint32_t len)
{
	assert_true(len <= sizeof(initrd_data));
	for (uint32_t i = 0; i < len; i++)
		initrd_data[i] = pattern(500 + i);
	initrd_blob = mem_blob(initrd_data, len);
}

static void assert_e820(const uint8_t *page, uint32_t ram_size)
{
	assert_int_equal(page[ZP_E820_ENTRIES], 3);
	const uint8_t *e = page + ZP_E820_TABLE;
	assert_int_equal(get64(e), 0);
	assert_int_equal(get64(e + 8), 0xA0000);
	assert_int_equal(get32(e + 16), 1);
	e += 20;
	assert_int_equal(get64(e), 0xA0000);
	assert_int_equal(get64(e + 8), 0x60000);
	assert_int_equal(get32(e + 16), 2);
	e += 20;
	assert_int_equal(get64(e), 0x100000);
	assert_int_equal(get64(e + 8), ram_size - 0x100000);
	assert_int_equal(get32(e + 16), 1);
	/* No fourth entry. */
	assert_true(all_bytes_are(e + 20, 20, 0));
}

static void guest_elf_zero_page(void **state)
{
	(void)state;
	make_elf_kernel();
	assert_int_equal(load(&kernel_blob, NULL, "console=ttyS0 root=/dev/ram0"), 0);
	assert_int_equal(k.kind, KERNEL_ELF);
	assert_int_equal(k.entry, 0x100000);
	assert_int_equal(k.initrd_gpa, 0);
	assert_int_equal(k.initrd_size, 0);
	assert_true(ram_has_pattern(0x100000, 0x800, 400));
	assert_true(all_bytes_are(ram.mem + 0x100800, 0x200000 - 0x800, 0));

	const uint8_t *z = zero_page();
	assert_e820(z, RAM_SIZE);
	/* A setup header made up for head_32.S. */
	assert_memory_equal(z + ZP_HEADER, "HdrS", 4);
	assert_int_equal(get16(z + ZP_VERSION), 0x0207);
	assert_int_equal(get16(z + ZP_BOOT_FLAG), 0xAA55);
	assert_int_equal(get32(z + ZP_CODE32_START), 0x100000);
	assert_int_equal(get32(z + ZP_CMDLINE_SIZE), 4095);
	assert_int_equal(z[ZP_TYPE_OF_LOADER], 0xFF);
	assert_true(z[ZP_LOADFLAGS] & 0x01);
	assert_false(z[ZP_LOADFLAGS] & 0x40); /* KEEP_SEGMENTS off */
	assert_int_equal(get32(z + ZP_HARDWARE_SUBARCH), 0);
	assert_int_equal(get32(z + ZP_CMD_LINE_PTR), 0x11000);
	assert_int_equal(get32(z + ZP_RAMDISK_IMAGE), 0);
	assert_int_equal(get32(z + ZP_RAMDISK_SIZE), 0);
	/* Memory above 1 MiB in KiB, for kernels that read the old fields. */
	assert_int_equal(get16(z + ZP_EXT_MEM_K), 63 * 1024);
	assert_int_equal(get32(z + ZP_ALT_MEM_K), 63 * 1024);

	/* Only the zero page, the command line and the kernel were written. */
	assert_true(all_bytes_are(ram.mem, ZERO_PAGE_GPA, RAM_FILL));
	assert_true(all_bytes_are(ram.mem + 0x12000, 0x100000 - 0x12000, RAM_FILL));
	assert_true(all_bytes_are(ram.mem + 0x300000, RAM_SIZE - 0x300000, RAM_FILL));
	assert_int_equal(ram.refused, 0);
}

static void guest_bzimage_zero_page(void **state)
{
	(void)state;
	make_bz_kernel(0x37FFFFFF);
	make_initrd(0x1234);
	assert_int_equal(load(&kernel_blob, &initrd_blob, "quiet"), 0);
	assert_int_equal(k.kind, KERNEL_BZIMAGE);
	assert_int_equal(k.boot_protocol, 0x0206);
	assert_true(ram_has_pattern(0x100000, 0x3000, 300));

	const uint8_t *z = zero_page();
	assert_e820(z, RAM_SIZE);
	/* The kernel's own header, not a made-up one... */
	assert_memory_equal(z + ZP_HEADER, "HdrS", 4);
	assert_int_equal(get16(z + ZP_VERSION), 0x0206);
	assert_int_equal(z[ZP_SETUP_SECTS], 4);
	assert_int_equal(get32(z + ZP_CMDLINE_SIZE), 2047);
	assert_int_equal(z[0x234], 1);
	assert_int_equal(get32(z + ZP_INITRD_ADDR_MAX), 0x37FFFFFF);
	/* ...with what a boot loader fills in. */
	assert_int_equal(get32(z + ZP_CODE32_START), 0x100000);
	assert_int_equal(z[ZP_TYPE_OF_LOADER], 0xFF);
	assert_true(z[ZP_LOADFLAGS] & 0x01);
	assert_int_equal(get32(z + ZP_HARDWARE_SUBARCH), 0);
	assert_int_equal(get32(z + ZP_CMD_LINE_PTR), 0x11000);
	assert_int_equal(get32(z + ZP_RAMDISK_IMAGE), k.initrd_gpa);
	assert_int_equal(get32(z + ZP_RAMDISK_SIZE), 0x1234);
	/* Neither the boot sector before the header nor the setup code after
	 * it is there: only the memory sizes and the E820 count below 0x1F1. */
	assert_true(all_bytes_are(z, ZP_EXT_MEM_K, 0));
	assert_true(all_bytes_are(z + 4, ZP_ALT_MEM_K - 4, 0));
	assert_true(all_bytes_are(z + ZP_ALT_MEM_K + 4, ZP_E820_ENTRIES - ZP_ALT_MEM_K - 4, 0));
	assert_true(
	    all_bytes_are(z + ZP_E820_ENTRIES + 1, ZP_SETUP_SECTS - ZP_E820_ENTRIES - 1, 0));
	assert_true(all_bytes_are(z + 0x248, ZP_E820_TABLE - 0x248, 0));
	assert_int_equal(ram.refused, 0);
}

static void guest_keep_segments_cleared(void **state)
{
	(void)state;
	/* A bzImage whose header asks for KEEP_SEGMENTS and CAN_USE_HEAP:
	 * the wedge loads flat selectors and runs no real-mode setup. */
	kernel_blob = mem_blob(img, make_bzimage(4, 0x0207, 0xC1, 0x37FFFFFF, 0x100));
	assert_int_equal(load(&kernel_blob, NULL, NULL), 0);
	assert_int_equal(zero_page()[ZP_LOADFLAGS] & 0x41, 0x01);
}

static void guest_initrd_at_top_of_ram(void **state)
{
	(void)state;
	make_bz_kernel(0x37FFFFFF); /* above RAM: RAM's top is the limit */
	make_initrd(0x1234);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	uint32_t expect = (RAM_SIZE - 0x1234) & ~0xFFFu;
	assert_int_equal(k.initrd_gpa, expect);
	assert_int_equal(k.initrd_gpa & 0xFFF, 0);
	assert_int_equal(k.initrd_size, 0x1234);
	assert_true(k.initrd_gpa + k.initrd_size <= RAM_SIZE);
	assert_true(k.initrd_gpa >= k.load_end);
	assert_true(ram_has_pattern(k.initrd_gpa, 0x1234, 500));
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_IMAGE), expect);
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_SIZE), 0x1234);

	/* A whole number of pages ends at the very top. */
	ram_reset(NULL);
	make_bz_kernel(0xFFFFFFFF);
	make_initrd(0x3000);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.initrd_gpa, RAM_SIZE - 0x3000);

	/* ELF kernels have no initrd_addr_max: the top of RAM too. */
	ram_reset(NULL);
	make_elf_kernel();
	make_initrd(0x1234);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.initrd_gpa, expect);
	assert_true(ram_has_pattern(expect, 0x1234, 500));
	assert_int_equal(ram.refused, 0);
}

static void guest_initrd_below_initrd_addr_max(void **state)
{
	(void)state;
	/* initrd_addr_max is the highest address the initrd may occupy. */
	make_bz_kernel(0x01FFFFFF);
	make_initrd(0x1234);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.initrd_gpa, (0x2000000 - 0x1234) & ~0xFFFu);
	assert_true(k.initrd_gpa + k.initrd_size - 1 <= 0x01FFFFFF);
	assert_true(ram_has_pattern(k.initrd_gpa, 0x1234, 500));

	/* Not page-aligned: the initrd still ends at or below it. */
	ram_reset(NULL);
	make_bz_kernel(0x01234567);
	make_initrd(0x3000);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.initrd_gpa, 0x01231000);
	assert_true(k.initrd_gpa + k.initrd_size - 1 <= 0x01234567);

	/* Exactly one byte below the top of RAM: the whole of RAM. */
	ram_reset(NULL);
	make_bz_kernel(RAM_SIZE - 1);
	make_initrd(0x3000);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.initrd_gpa, RAM_SIZE - 0x3000);
}

static void guest_initrd_above_kernel(void **state)
{
	(void)state;
	/* initrd_addr_max just high enough: the initrd goes in the first
	 * page after the kernel's end (1 MiB + 0x2345, rounded up). */
	kernel_blob = mem_blob(img, make_bzimage(4, 0x0207, 0x01, 0x103000 + 0x3000 - 1, 0x2345));
	make_initrd(0x3000);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), 0);
	assert_int_equal(k.load_end, 0x102345);
	assert_int_equal(k.initrd_gpa, 0x103000);
	/* And the kernel is intact: the initrd did not land on it. */
	assert_true(ram_has_pattern(0x100000, 0x2345, 300));
	assert_true(ram_has_pattern(0x103000, 0x3000, 500));

	/* One byte lower and the page below would overlap the kernel. */
	ram_reset(NULL);
	kernel_blob = mem_blob(img, make_bzimage(4, 0x0207, 0x01, 0x103000 + 0x3000 - 2, 0x2345));
	make_initrd(0x3000);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), -1);
	assert_err_has("does not fit");
	assert_err_has("0x103000");

	/* An initrd_addr_max inside the kernel: no room. */
	ram_reset(NULL);
	make_bz_kernel(0x101FFF);
	make_initrd(0x10);
	assert_int_equal(load(&kernel_blob, &initrd_blob, NULL), -1);
	assert_err_has("does not fit");
	assert_true(all_bytes_are(ram.mem + ZERO_PAGE_GPA, 0x2000, RAM_FILL));
}

static void guest_initrd_too_large(void **state)
{
	(void)state;
	/* ELF kernel up to 3 MiB: 61 MiB above it for the initrd. */
	make_elf_kernel();
	uint32_t room = RAM_SIZE - 0x300000;
	struct blob big = gen_blob(NULL, 0, room + 1);
	assert_int_equal(load(&kernel_blob, &big, NULL), -1);
	assert_err_has("does not fit");
	assert_err_has("initrd");
	/* No zero page, no command line for a guest that cannot boot. */
	assert_true(all_bytes_are(ram.mem + ZERO_PAGE_GPA, 0x2000, RAM_FILL));

	/* Larger than RAM, and than 4 GiB - 1. */
	big = gen_blob(NULL, 0, RAM_SIZE + 0x1000);
	assert_int_equal(load(&kernel_blob, &big, NULL), -1);
	assert_err_has("does not fit");
	big = gen_blob(NULL, 0, 0xFFFFFFFF);
	assert_int_equal(load(&kernel_blob, &big, NULL), -1);
	assert_err_has("does not fit");

	/* Exactly the room there is. */
	ram_reset(NULL);
	make_elf_kernel();
	big = gen_blob(NULL, 0, room);
	assert_int_equal(load(&kernel_blob, &big, NULL), 0);
	assert_int_equal(k.initrd_gpa, 0x300000);
	assert_int_equal(ram.mem[0x300000], pattern(0));
	assert_int_equal(ram.mem[RAM_SIZE - 1], pattern(room - 1));
	assert_true(ram_has_pattern(0x100000, 0x800, 400));
	assert_int_equal(ram.refused, 0);
}

static void guest_empty_initrd_is_none(void **state)
{
	(void)state;
	make_elf_kernel();
	struct blob empty = mem_blob(initrd_data, 0);
	assert_int_equal(load(&kernel_blob, &empty, NULL), 0);
	assert_int_equal(k.initrd_size, 0);
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_IMAGE), 0);
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_SIZE), 0);
}

static void guest_cmdline(void **state)
{
	(void)state;
	make_elf_kernel();
	const char *line = "console=ttyS0 earlyprintk=serial";
	size_t n = strlen(line);
	assert_int_equal(load(&kernel_blob, NULL, line), 0);
	assert_memory_equal(ram.mem + CMDLINE_GPA, line, n);
	/* NUL-terminated, and the rest of its page cleared. */
	assert_true(all_bytes_are(ram.mem + CMDLINE_GPA + n, 4096 - n, 0));
	assert_int_equal(get32(zero_page() + ZP_CMD_LINE_PTR), 0x11000);
}

static void guest_no_cmdline(void **state)
{
	(void)state;
	make_elf_kernel();
	assert_int_equal(load(&kernel_blob, NULL, NULL), 0);
	assert_int_equal(get32(zero_page() + ZP_CMD_LINE_PTR), 0);
	ram_reset(NULL);
	make_elf_kernel();
	assert_int_equal(load(&kernel_blob, NULL, ""), 0);
	assert_int_equal(get32(zero_page() + ZP_CMD_LINE_PTR), 0);

	/* A bzImage's own cmd_line_ptr (0xDEADBEEF in it) is not kept. */
	ram_reset(NULL);
	make_bz_kernel(0x37FFFFFF);
	assert_int_equal(load(&kernel_blob, NULL, NULL), 0);
	assert_int_equal(get32(zero_page() + ZP_CMD_LINE_PTR), 0);
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_IMAGE), 0);
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_SIZE), 0);
}

static void guest_cmdline_too_long(void **state)
{
	(void)state;
	static char line[4097];
	memset(line, 'x', 4095);
	line[4095] = '\0';
	make_elf_kernel();
	assert_int_equal(load(&kernel_blob, NULL, line), 0);
	assert_memory_equal(ram.mem + CMDLINE_GPA, line, 4095);
	assert_int_equal(ram.mem[CMDLINE_GPA + 4095], 0);
	assert_int_equal(ram.mem[CMDLINE_GPA + 4096], RAM_FILL);

	ram_reset(NULL);
	make_elf_kernel();
	memset(line, 'x', 4096);
	line[4096] = '\0';
	assert_int_equal(load(&kernel_blob, NULL, line), -1);
	assert_err_has("4096");
	assert_err_has("command line");
	assert_true(all_bytes_are(ram.mem + ZERO_PAGE_GPA, 0x2000, RAM_FILL));
}

static void guest_bad_kernels(void **state)
{
	(void)state;
	struct blob empty = mem_blob(img, 0);
	assert_int_equal(load(&empty, NULL, NULL), -1);
	assert_err_has("empty");
	struct blob three = mem_blob("\x7f"
	                             "EL",
	                             3);
	assert_int_equal(load(&three, NULL, NULL), -1);
	assert_err_has("empty or truncated");

	/* Neither ELF nor bzImage: text, and zeros. */
	memset(img, 0, sizeof(img));
	for (unsigned int i = 0; i < 0x2000; i++)
		img[i] = (uint8_t) "#!/bin/sh\necho not a kernel\n"[i % 28];
	struct blob text = mem_blob(img, 0x2000);
	assert_int_equal(load(&text, NULL, "x"), -1);
	assert_err_has("not a bzImage");
	memset(img, 0, 0x2000);
	assert_int_equal(load(&text, NULL, "x"), -1);
	assert_err_has("not a bzImage");
	/* A short non-kernel is refused too. */
	struct blob short_text = mem_blob(img, 100);
	assert_int_equal(load(&short_text, NULL, NULL), -1);
	assert_true(err[0] != '\0');

	/* An ELF that is refused goes no further. */
	make_elf_kernel();
	img[4] = 2;
	assert_int_equal(load(&kernel_blob, NULL, "x"), -1);
	assert_err_has("64-bit");
	assert_true(nothing_written());
}

static void guest_write_failures_reported(void **state)
{
	(void)state;
	static const struct {
		uint32_t lo, hi;
		const char *what;
	} cases[] = {
	    {0x100000, 0x101000, "bzImage could not be written"},
	    {RAM_SIZE - 0x1000, RAM_SIZE, "initrd could not be written"},
	    {0x11800, 0x11801, "command line could not be written"},
	    {0x10000, 0x10001, "zero page could not be written"},
	};
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ram_reset(NULL);
		make_bz_kernel(0x37FFFFFF);
		make_initrd(0x100);
		ram.fail_lo = cases[i].lo;
		ram.fail_hi = cases[i].hi;
		assert_int_equal(load(&kernel_blob, &initrd_blob, "quiet"), -1);
		assert_err_has(cases[i].what);
	}
}

static void guest_ram_too_small(void **state)
{
	(void)state;
	make_elf_kernel();
	ram_set_size(MiB);
	assert_int_equal(load(&kernel_blob, NULL, NULL), -1);
	assert_err_has("too small");
	assert_true(nothing_written());

	/* 2 MiB is the least; the E820 map follows the size. */
	ram_set_size(2 * MiB);
	kernel_blob = mem_blob(img, make_bzimage(4, 0x0207, 0x01, 0x37FFFFFF, 0x100));
	assert_int_equal(load(&kernel_blob, NULL, NULL), 0);
	assert_e820(zero_page(), 2 * MiB);
	assert_int_equal(get16(zero_page() + ZP_EXT_MEM_K), 1024);
	assert_int_equal(ram.refused, 0);
}

static void guest_from_archive(void **state)
{
	(void)state;
	/* What guest_boot does: the members of one newc module. */
	uint32_t ksize = make_bzimage(2, 0x0207, 0x01, 0x37FFFFFF, 700);
	arc_reset();
	arc_member("kernel", img, ksize);
	arc_member("initrd", "INITRAMFS!", 10);
	arc_member("cmdline", "console=ttyS0", 13);
	arc_trailer();

	struct blob kern, initrd, cmd;
	assert_int_equal(find("kernel", &kern), 1);
	assert_int_equal(find("initrd", &initrd), 1);
	assert_int_equal(find("cmdline", &cmd), 1);
	char line[64] = {0};
	assert_int_equal(blob_read(&cmd, 0, line, cmd.size), 0);
	assert_int_equal(load(&kern, &initrd, line), 0);
	assert_int_equal(k.kind, KERNEL_BZIMAGE);
	assert_true(ram_has_pattern(0x100000, 700, 300));
	assert_int_equal(k.initrd_gpa, RAM_SIZE - 0x1000);
	assert_memory_equal(ram.mem + RAM_SIZE - 0x1000, "INITRAMFS!", 10);
	assert_string_equal((const char *)ram.mem + CMDLINE_GPA, "console=ttyS0");
	assert_int_equal(get32(zero_page() + ZP_RAMDISK_SIZE), 10);
	assert_int_equal(ram.refused, 0);
}

static void guest_reload_starts_clean(void **state)
{
	(void)state;
	/* load_guest's zero page is static: a second load must not inherit
	 * the first one's bzImage header or initrd. */
	make_bz_kernel(0x37FFFFFF);
	make_initrd(0x100);
	assert_int_equal(load(&kernel_blob, &initrd_blob, "a"), 0);
	ram_reset(NULL);
	make_elf_kernel();
	assert_int_equal(load(&kernel_blob, NULL, NULL), 0);
	const uint8_t *z = zero_page();
	assert_int_equal(get32(z + ZP_INITRD_ADDR_MAX), 0);
	assert_int_equal(get32(z + ZP_RAMDISK_IMAGE), 0);
	assert_int_equal(get32(z + ZP_CMD_LINE_PTR), 0);
	assert_int_equal(z[ZP_SETUP_SECTS], 0);
	assert_int_equal(k.initrd_size, 0);
}

#define T(f) cmocka_unit_test_setup(f, ram_reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(cpio_finds_members),
	    T(cpio_name_alignment),
	    T(cpio_absent_member),
	    T(cpio_hex_fields_any_case),
	    T(cpio_refuses_other_formats),
	    T(cpio_refuses_bad_magic_of_a_later_member),
	    T(cpio_truncated_header),
	    T(cpio_non_hex_field),
	    T(cpio_name_without_nul),
	    T(cpio_name_too_long),
	    T(cpio_name_past_the_end),
	    T(cpio_filesize_past_the_end),
	    T(cpio_without_trailer),
	    T(cpio_member_is_a_view),
	    T(elf_segment_copied_bss_zeroed),
	    T(elf_several_segments),
	    T(elf_entry_physical),
	    T(elf_entry_virtual_translated),
	    T(elf_64bit_refused),
	    T(elf_wrong_machine_refused),
	    T(elf_truncated_header),
	    T(elf_truncated_program_headers),
	    T(elf_malformed_program_header_table),
	    T(elf_segment_beyond_image),
	    T(elf_segment_outside_ram),
	    T(elf_no_loadable_segment),
	    T(elf_entry_outside_segments),
	    T(elf_write_failure_reported),
	    T(bzimage_payload_and_header),
	    T(bzimage_header_length),
	    T(bzimage_old_protocol_refused),
	    T(bzimage_without_hdrs_refused),
	    T(bzimage_zimage_refused),
	    T(bzimage_truncated_setup),
	    T(bzimage_setup_sects_zero_means_four),
	    T(bzimage_too_big_for_ram),
	    T(guest_elf_zero_page),
	    T(guest_bzimage_zero_page),
	    T(guest_keep_segments_cleared),
	    T(guest_initrd_at_top_of_ram),
	    T(guest_initrd_below_initrd_addr_max),
	    T(guest_initrd_above_kernel),
	    T(guest_initrd_too_large),
	    T(guest_empty_initrd_is_none),
	    T(guest_cmdline),
	    T(guest_no_cmdline),
	    T(guest_cmdline_too_long),
	    T(guest_bad_kernels),
	    T(guest_write_failures_reported),
	    T(guest_ram_too_small),
	    T(guest_from_archive),
	    T(guest_reload_starts_clean),
	};
	return cmocka_run_group_tests(tests, ram_alloc, ram_free);
}
