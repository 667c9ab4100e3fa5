/*
 * Domain frames and the wedge's own mappings.  Frames: everything Xen gave
 * the domain past the image, its boot structures and the module.  Mappings:
 * L1 pages for the heap and window areas are created on demand in the L2
 * that Xen built for the wedge's 1 GiB slot (machine-address updates,
 * validated by Xen).
 */
#define LOG_SUBSYS "mm"
#include <string.h>

#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"

#define L2_ENTRIES      512
#define L1_SPAN         (1UL << 21) /* bytes mapped by one PAE L1 page */
#define NR_WINDOWS      ((WEDGE_WINDOW_END - WEDGE_WINDOW_START) / PAGE_SIZE)
#define FREE_STACK_SIZE 8192

static const uint32_t *p2m_list;
static unsigned long nr_domain_pages;

static dpfn_t bump_next;                /* lowest never-used frame */
static dpfn_t bump_end;                 /* one past the highest frame still free */
static dpfn_t module_first, module_end; /* frames the module occupies */
static uint32_t free_stack[FREE_STACK_SIZE];
static unsigned int free_top;

static const uint64_t *wedge_l2; /* read-only view of the L2 for 0xC0000000-0xFFFFFFFF */
static uint64_t wedge_l2_maddr;
static uintptr_t heap_next = WEDGE_HEAP_START;
/*
 * Mapping windows double as a cache: a read-only view, or a writable view
 * of a frame that can never become a page table (WINDOW_KEEP: guest RAM),
 * stays mapped after use and is found again by its frame, which saves the
 * two hypercalls of mapping and unmapping.  A writable view of a frame that
 * may become a page table is always unmapped at once: Xen refuses to type a
 * frame that is mapped writable anywhere.
 */
struct window {
	mfn_t mfn;
	uint8_t mapped, writable, in_use;
	uint32_t last_use;
};

static struct window windows[NR_WINDOWS];
static uint32_t window_clock;

mfn_t dpfn_to_mfn(dpfn_t pfn)
{
	if (pfn.v >= nr_domain_pages)
		wedge_bug("dpfn_to_mfn: pfn 0x%lx beyond the domain's %lu pages",
		          (unsigned long)pfn.v, nr_domain_pages);
	return (mfn_t){p2m_list[pfn.v]};
}

mfn_t wedge_va_to_mfn(const void *va)
{
	uintptr_t a = (uintptr_t)va;
	if (a < WEDGE_VIRT_BASE || a >= WEDGE_WINDOW_END)
		wedge_bug("wedge_va_to_mfn: 0x%08lx is not a wedge address", (unsigned long)a);
	if (a < WEDGE_HEAP_START)
		return dpfn_to_mfn((dpfn_t){(a - WEDGE_VIRT_BASE) >> PAGE_SHIFT});
	/* Heap and windows: read the L1 entry through Xen's linear view is not
	 * available to a PV guest, so walk our own L2 -> L1. */
	uint64_t l2e = wedge_l2[(a >> 21) & (L2_ENTRIES - 1)];
	if (!(l2e & PTE_PRESENT))
		wedge_bug("wedge_va_to_mfn: no L1 for 0x%08lx", (unsigned long)a);
	const uint64_t *l1 = window_map((mfn_t){(uint32_t)((l2e & PTE_PAE_ADDR_MASK) >> 12)}, 0);
	uint64_t pte = l1[(a >> PAGE_SHIFT) & 511];
	window_unmap((void *)l1);
	return (mfn_t){(uint32_t)((pte & PTE_PAE_ADDR_MASK) >> 12)};
}

static int in_module(dpfn_t pfn)
{
	return pfn.v >= module_first.v && pfn.v < module_end.v;
}

unsigned long frames_free_count(void)
{
	unsigned long n = free_top;
	for (uint32_t p = bump_next.v; p < bump_end.v; p++)
		n += !in_module((dpfn_t){p});
	return n;
}

dpfn_t frame_alloc(void)
{
	if (free_top)
		return (dpfn_t){free_stack[--free_top]};
	while (bump_next.v < bump_end.v && in_module(bump_next))
		bump_next.v = module_end.v;
	if (bump_next.v >= bump_end.v)
		wedge_bug("frame_alloc: the domain's memory is exhausted (%lu pages in all)",
		          nr_domain_pages);
	return (dpfn_t){bump_next.v++};
}

void frame_free(dpfn_t pfn)
{
	if (free_top == FREE_STACK_SIZE)
		return; /* leak rather than lose track; the stack is sized for churn */
	free_stack[free_top++] = pfn.v;
}

dpfn_t frames_take_top(unsigned long count)
{
	if (count > bump_end.v - bump_next.v || bump_end.v - count < module_end.v)
		wedge_bug("frames_take_top: %lu frames do not fit above the module", count);
	bump_end.v -= (uint32_t)count;
	return bump_end;
}

/* Give [va, va + 2 MiB) an L1 page in the wedge's L2, if it has none. */
static void ensure_l1(uintptr_t va)
{
	unsigned int idx = (va >> 21) & (L2_ENTRIES - 1);
	if (wedge_l2[idx] & PTE_PRESENT)
		return;
	mfn_t l1 = dpfn_to_mfn(frame_alloc());
	mm_clear_frame(l1);
	mm_update_pte(wedge_l2_maddr + idx * sizeof(uint64_t),
	              pte_for_mfn(l1, PTE_PRESENT | PTE_RW | PTE_ACCESSED));
}

static void map_page(uintptr_t va, mfn_t mfn, int writable)
{
	uint64_t flags = PTE_PRESENT | PTE_ACCESSED | (writable ? PTE_RW | PTE_DIRTY : 0);
	long rc = HYPERVISOR_update_va_mapping(va, pte_for_mfn(mfn, flags), UVMF_INVLPG);
	if (rc != 0)
		wedge_bug("map_page: 0x%08lx -> mfn 0x%lx (%s) refused: %ld", (unsigned long)va,
		          (unsigned long)mfn.v, writable ? "rw" : "ro", rc);
}

void *heap_alloc_pages(unsigned int count)
{
	if (count > (WEDGE_HEAP_END - heap_next) / PAGE_SIZE)
		wedge_bug("heap_alloc_pages: %u pages do not fit the wedge heap", count);
	uintptr_t start = heap_next;
	for (unsigned int i = 0; i < count; i++, heap_next += PAGE_SIZE) {
		ensure_l1(heap_next);
		mfn_t mfn = dpfn_to_mfn(frame_alloc());
		mm_clear_frame(mfn);
		map_page(heap_next, mfn, 1);
	}
	return (void *)start;
}

void mm_set_readonly(void *va)
{
	map_page((uintptr_t)va, wedge_va_to_mfn(va), 0);
}

BURN_COUNTER(window_hit);
BURN_COUNTER(window_map);

void *window_map(mfn_t mfn, int flags)
{
	int writable = (flags & WINDOW_RW) != 0;
	struct window *free_slot = NULL, *victim = NULL;
	for (unsigned int i = 0; i < NR_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (w->mapped && w->mfn.v == mfn.v && (w->writable || !writable)) {
			w->in_use++;
			w->last_use = ++window_clock;
			burn_counter_inc(&burn_counter_window_hit);
			return (void *)(WEDGE_WINDOW_START + i * PAGE_SIZE);
		}
		if (!w->mapped && !free_slot)
			free_slot = w;
		else if (w->mapped && !w->in_use && (!victim || w->last_use < victim->last_use))
			victim = w;
	}
	struct window *w = free_slot ? free_slot : victim;
	if (!w)
		wedge_bug("window_map: all %lu mapping windows are in use",
		          (unsigned long)NR_WINDOWS);
	uintptr_t va = WEDGE_WINDOW_START + (uintptr_t)(w - windows) * PAGE_SIZE;
	map_page(va, mfn, writable);
	*w = (struct window){.mfn = mfn,
	                     .mapped = 1,
	                     .writable = (uint8_t)writable,
	                     .in_use = 1,
	                     .last_use = ++window_clock};
	/* Only a view that may outlive its use keeps this flag. */
	if (writable && !(flags & WINDOW_KEEP))
		w->writable = 2;
	burn_counter_inc(&burn_counter_window_map);
	return (void *)va;
}

void window_unmap(void *va)
{
	uintptr_t a = (uintptr_t)va & ~(uintptr_t)(PAGE_SIZE - 1);
	if (a < WEDGE_WINDOW_START || a >= WEDGE_WINDOW_END)
		wedge_bug("window_unmap: 0x%08lx is not a window", (unsigned long)a);
	struct window *w = &windows[(a - WEDGE_WINDOW_START) / PAGE_SIZE];
	if (!w->in_use)
		wedge_bug("window_unmap: window 0x%08lx is not in use", (unsigned long)a);
	if (--w->in_use == 0 && w->writable == 2) {
		HYPERVISOR_update_va_mapping(a, 0, UVMF_INVLPG);
		w->mapped = 0;
	}
}

/* A frame is about to become a page table or descriptor table: no cached
 * writable view of it may remain. */
void window_forget(mfn_t mfn)
{
	for (unsigned int i = 0; i < NR_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (w->mapped && w->mfn.v == mfn.v && w->writable && !w->in_use) {
			HYPERVISOR_update_va_mapping(WEDGE_WINDOW_START + i * PAGE_SIZE, 0,
			                             UVMF_INVLPG);
			w->mapped = 0;
		}
	}
}

/* Find the read-only mapping Xen gave the page-table frame `mfn`. */
static const void *boot_pt_va(start_info_t *si, uint64_t maddr)
{
	for (unsigned long i = 0; i < si->nr_pt_frames; i++) {
		uintptr_t va = si->pt_base + i * PAGE_SIZE;
		if ((uint64_t)wedge_va_to_mfn((void *)va).v << 12 == (maddr & PTE_PAE_ADDR_MASK))
			return (const void *)va;
	}
	return NULL;
}

void mm_copy_wedge_l2_entries(uint64_t *l2)
{
	for (uintptr_t va = WEDGE_VIRT_BASE; va < WEDGE_VIRT_END; va += L1_SPAN) {
		unsigned int idx = (va >> 21) & (L2_ENTRIES - 1);
		l2[idx] = wedge_l2[idx];
	}
}

void mm_init(start_info_t *si)
{
	p2m_list = (const uint32_t *)si->mfn_list;
	nr_domain_pages = si->nr_pages;

	/* Xen lays out image, p2m list, start_info, page tables and a boot stack
	 * in that order, and maps all of it and some padding writable, up to a
	 * 4 MiB boundary at least 512 KiB past the stack (dom0_build.c).  Frames
	 * mapped writable cannot become page tables: start after them. */
	uintptr_t stack_end = si->pt_base + (si->nr_pt_frames + 1) * PAGE_SIZE;
	uintptr_t map_end = (stack_end + (1u << 22) - 1) & ~((1u << 22) - 1);
	if (map_end - stack_end < (512u << 10))
		map_end += 1u << 22;
	bump_next = (dpfn_t){(uint32_t)((map_end - WEDGE_VIRT_BASE) >> PAGE_SHIFT)};
	bump_end = (dpfn_t){(uint32_t)si->nr_pages};
	if ((si->flags & SIF_MOD_START_PFN) && si->mod_len) {
		module_first = (dpfn_t){(uint32_t)si->mod_start};
		module_end = (dpfn_t){module_first.v +
		                      (uint32_t)((si->mod_len + PAGE_SIZE - 1) >> PAGE_SHIFT)};
	}

	const uint64_t *l3 = (const uint64_t *)si->pt_base;
	wedge_l2_maddr = l3[3] & PTE_PAE_ADDR_MASK;
	wedge_l2 = boot_pt_va(si, wedge_l2_maddr);
	if (!wedge_l2)
		wedge_bug("mm_init: the L2 for the wedge's range is not among Xen's boot tables");
	/* Every L1 of the wedge's range exists from the start, so each shadow
	 * root can copy the eight L2 entries once and never hear of the wedge
	 * mapping anything new. */
	for (uintptr_t va = WEDGE_VIRT_BASE; va < WEDGE_VIRT_END; va += L1_SPAN)
		ensure_l1(va);
	log_info("domain frames: %lu, free from pfn 0x%lx, module pfns 0x%lx-0x%lx",
	         nr_domain_pages, (unsigned long)bump_next.v, (unsigned long)module_first.v,
	         (unsigned long)module_end.v);
}
