/*
 * Guest RAM on the domain's frames, and byte access to it through transient
 * windows.  The guest gets the highest frames; everything below stays the
 * wedge's pool (shadow page tables, descriptor tables, heap).
 */
#define LOG_SUBSYS "guest"
#include <string.h>

#include "include/wedge_layout.h"
#include "wedge/guest_mem.h"
#include "wedge/log.h"
#include "wedge/panic.h"

/* The wedge keeps at least this many frames, or an eighth of the domain. */
#define POOL_MIN_PAGES 4096u

uint32_t guest_nr_pages;
static dpfn_t guest_first;

static int gp_write(void *ctx, uint32_t gpa, const void *src, uint32_t len);
static int gp_zero(void *ctx, uint32_t gpa, uint32_t len);

struct guest_phys guest_phys = {.write = gp_write, .zero = gp_zero};

mfn_t gpfn_to_mfn(uint32_t gpfn)
{
	if (!gpfn_valid(gpfn))
		wedge_bug("gpfn_to_mfn: guest frame 0x%lx beyond guest RAM (%lu frames)",
		          (unsigned long)gpfn, (unsigned long)guest_nr_pages);
	return dpfn_to_mfn((dpfn_t){guest_first.v + gpfn});
}

void guest_mem_init(unsigned long limit_kib)
{
	unsigned long free = frames_free_count();
	unsigned long pool = free / 8 > POOL_MIN_PAGES ? free / 8 : POOL_MIN_PAGES;
	if (free <= pool + 4096)
		bad_input("the domain has %lu free frames; the guest needs at least 16 MiB beyond "
		          "the wedge's %lu",
		          free, pool);
	unsigned long pages = free - pool;
	if (limit_kib && limit_kib / 4 < pages)
		pages = limit_kib / 4;
	if (pages > (WEDGE_VIRT_BASE >> PAGE_SHIFT))
		pages = WEDGE_VIRT_BASE >> PAGE_SHIFT;
	guest_first = frames_take_top(pages);
	guest_nr_pages = (uint32_t)pages;
	guest_phys.ram_bytes = guest_nr_pages << PAGE_SHIFT;
	log_info("guest RAM: %lu MiB (domain frames 0x%lx-0x%lx), wedge pool %lu frames",
	         pages >> 8, (unsigned long)guest_first.v,
	         (unsigned long)(guest_first.v + pages - 1), frames_free_count());
}

/* Walk [gpa, gpa + len) page by page through a window. */
static int guest_phys_access(uint32_t gpa, void *buf, uint32_t len, int write, int zero)
{
	if (len > guest_phys.ram_bytes || gpa > guest_phys.ram_bytes - len)
		return -1;
	uint8_t *p = buf;
	while (len) {
		uint32_t in_page = PAGE_SIZE - (gpa & (PAGE_SIZE - 1));
		uint32_t n = len < in_page ? len : in_page;
		uint8_t *w =
		    window_map(gpfn_to_mfn(gpa >> PAGE_SHIFT), write ? WINDOW_RW | WINDOW_KEEP : 0);
		uint8_t *at = w + (gpa & (PAGE_SIZE - 1));
		if (zero)
			memset(at, 0, n);
		else if (write)
			memcpy(at, p, n);
		else
			memcpy(p, at, n);
		window_unmap(w);
		gpa += n;
		len -= n;
		if (!zero)
			p += n;
	}
	return 0;
}

int guest_phys_read(uint32_t gpa, void *dst, uint32_t len)
{
	return guest_phys_access(gpa, dst, len, 0, 0);
}

int guest_phys_write(uint32_t gpa, const void *src, uint32_t len)
{
	return guest_phys_access(gpa, (void *)src, len, 1, 0);
}

static int gp_write(void *ctx, uint32_t gpa, const void *src, uint32_t len)
{
	(void)ctx;
	return guest_phys_write(gpa, src, len);
}

static int gp_zero(void *ctx, uint32_t gpa, uint32_t len)
{
	(void)ctx;
	return guest_phys_access(gpa, NULL, len, 1, 1);
}
