/*
 * The wedge's memory on Xen: domain frames (allocation, pfn -> mfn), and
 * mapping them into the wedge's own range, either for good (the heap) or
 * for a moment (windows).  Typed frame numbers keep machine frames, domain
 * pseudo-physical frames and guest-physical frames apart.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <stdint.h>

#include "include/xen_public.h"

typedef struct {
	uint32_t v;
} mfn_t; /* machine frame, what Xen's page tables hold */
typedef struct {
	uint32_t v;
} dpfn_t; /* the domain's pseudo-physical frame (index into Xen's p2m list) */

#define PTE_PRESENT       0x001ULL
#define PTE_RW            0x002ULL
#define PTE_USER          0x004ULL
#define PTE_PWT           0x008ULL
#define PTE_PCD           0x010ULL
#define PTE_ACCESSED      0x020ULL
#define PTE_DIRTY         0x040ULL
#define PTE_PSE           0x080ULL
#define PTE_GLOBAL        0x100ULL
#define PTE_NX            (1ULL << 63)
#define PTE_PAE_ADDR_MASK 0x000ffffffffff000ULL

static inline uint64_t pte_for_mfn(mfn_t mfn, uint64_t flags)
{
	return ((uint64_t)mfn.v << 12) | flags;
}

void mm_init(start_info_t *si);

mfn_t dpfn_to_mfn(dpfn_t pfn);
/* The machine frame behind a wedge virtual address (image or heap). */
mfn_t wedge_va_to_mfn(const void *va);

/* Domain frames not used by the wedge's image, Xen's boot structures or
 * the module.  frames_take_top() hands out the highest ones for guest RAM. */
unsigned long frames_free_count(void);
dpfn_t frame_alloc(void);
void frame_free(dpfn_t pfn);
dpfn_t frames_take_top(unsigned long count); /* first of `count` contiguous frames */

/* Machine-level page operations. */
void mm_clear_frame(mfn_t mfn);
void mm_update_pte(uint64_t pte_machine_addr, uint64_t val);
void mm_pin(unsigned int level_cmd, mfn_t mfn);
void mm_unpin(mfn_t mfn);

/* Permanently mapped, zeroed, writable wedge pages. */
void *heap_alloc_pages(unsigned int count);
/* Change the mapping of one heap or image page to read-only (Xen requires
 * that for frames used as page tables or descriptor tables). */
void mm_set_readonly(void *va);

/* Copy the L2 entries that map the wedge's range (the slot-3 L2 of every
 * address space must carry them). */
void mm_copy_wedge_l2_entries(uint64_t *l2);

/* A transient mapping of any frame of ours: flags 0 = read-only,
 * WINDOW_RW = writable, WINDOW_RW | WINDOW_KEEP = writable and cacheable
 * (only for frames that never become page tables: guest RAM). */
#define WINDOW_RW   1
#define WINDOW_KEEP 2
void *window_map(mfn_t mfn, int flags);
void window_unmap(void *va);
void window_forget(mfn_t mfn);

#endif
