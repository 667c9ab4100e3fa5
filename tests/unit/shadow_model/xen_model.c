/*
 * The Xen side of the shadow MMU's host model (model.h): machine frames with
 * page types, the wedge's frame pool, mapping windows, and the hypercalls the
 * shadow makes, checked the way Xen checks a 32-on-64 PV guest:
 *
 *   - a frame has a type (none, L1, L2, L3) and a type count: pins, the base
 *     pointer and entries of validated higher-level tables that point at it;
 *     a frame of count 0 gets a type by validation of all its entries;
 *   - an L1 entry may map only the domain's frames (guest RAM, the pool, the
 *     wedge's own); a writable one, only a frame that is not a page table
 *     (each counts as a writable mapping, as does a writable window); a
 *     frame with writable mappings cannot become a page table;
 *   - an L2 entry must point at a frame that is, or validates as, an L1;
 *     the L2 in L3 slot 3 belongs to that L3 alone (PGT_pae_xen_l2) and its
 *     entries from 0xF5800000 up are Xen's;
 *   - an L3 has four entries, slot 3 present; PIN_L3_TABLE validates the
 *     tree; UNPIN_TABLE and a base pointer switch drop references, which
 *     devalidates what nothing else holds;
 *   - mmu_update on a frame of count 0 is a plain write; on a table, a
 *     checked entry update; an L2 or L3 update flushes the TLB (as Xen's
 *     flush_linear_pt does), an L1 update does not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "include/wedge_layout.h"
#include "model.h"
#include "wedge/guest_mem.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"

void model_guest_reset(void);

struct mframe {
	uint8_t *data;
	uint8_t type; /* enum model_ptype */
	uint8_t pinned;
	uint8_t xen_l2; /* validated as the slot-3 L2 of an L3 */
	uint32_t type_count;
	uint32_t writable; /* writable windows + writable L1 entries mapping it */
};

#define WEDGE_FRAMES (MODEL_WEDGE_L1S + 1)
#define NR_WINDOWS   512u
#define TLB_SIZE     64u

static uint8_t guest_ram[MODEL_GUEST_PAGES * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct mframe guest_meta[MODEL_GUEST_PAGES];
static uint8_t *pool_data;
static struct mframe pool_meta[MODEL_POOL_MAX];
static uint32_t pool_n;
static uint8_t wedge_data[WEDGE_FRAMES * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct mframe wedge_meta[WEDGE_FRAMES];

static uint32_t free_stack[MODEL_POOL_MAX];
static uint32_t free_top, bump_next;
static uint8_t allocated[MODEL_POOL_MAX];

static uint32_t base_l3;

struct window {
	int used;
	int writable;
	uint32_t mfn;
	uint8_t *ptr;
};
static struct window windows[NR_WINDOWS];
static uint8_t window_copy[NR_WINDOWS][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static struct {
	int valid;
	uint32_t page;
	struct model_xlate x;
} tlb[TLB_SIZE];
static unsigned int tlb_next;

char model_refusal[256];
static char violation[512];
struct model_stats model_stats;
struct model_event model_log[MODEL_LOG_EVENTS];
unsigned int model_log_len;
struct model_log_entry model_log_entries[MODEL_LOG_ENTRIES];
static unsigned int log_entries_len;

/* ---- frames -------------------------------------------------------------- */

static struct mframe *meta(uint64_t mfn)
{
	if (mfn >= MODEL_GUEST_MFN_BASE && mfn - MODEL_GUEST_MFN_BASE < guest_nr_pages)
		return &guest_meta[mfn - MODEL_GUEST_MFN_BASE];
	if (mfn >= MODEL_POOL_MFN_BASE && mfn - MODEL_POOL_MFN_BASE < pool_n)
		return &pool_meta[mfn - MODEL_POOL_MFN_BASE];
	if (mfn >= MODEL_WEDGE_MFN_BASE && mfn - MODEL_WEDGE_MFN_BASE < WEDGE_FRAMES)
		return &wedge_meta[mfn - MODEL_WEDGE_MFN_BASE];
	return NULL;
}

int model_pool_dpfn(uint32_t mfn)
{
	if (mfn >= MODEL_POOL_MFN_BASE && mfn - MODEL_POOL_MFN_BASE < pool_n)
		return (int)(pool_n - 1 - (mfn - MODEL_POOL_MFN_BASE));
	return -1;
}

static void note_violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note_violation(const char *fmt, ...)
{
	if (violation[0])
		return; /* keep the first */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(violation, sizeof(violation), fmt, ap);
	va_end(ap);
}

static long refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long refuse(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(model_refusal, sizeof(model_refusal), fmt, ap);
	va_end(ap);
	model_stats.refused++;
	return -EINVAL;
}

void model_reset(unsigned int pool_frames)
{
	if (pool_frames > MODEL_POOL_MAX)
		pool_frames = MODEL_POOL_MAX;
	model_guest_reset();
	memset(guest_ram, 0, sizeof(guest_ram));
	memset(guest_meta, 0, sizeof(guest_meta));
	for (uint32_t i = 0; i < MODEL_GUEST_PAGES; i++)
		guest_meta[i].data = guest_ram + (size_t)i * PAGE_SIZE;
	free(pool_data);
	pool_n = pool_frames;
	pool_data = aligned_alloc(PAGE_SIZE, (size_t)(pool_n ? pool_n : 1) * PAGE_SIZE);
	if (!pool_data)
		abort();
	/* Garbage, so that a frame used without clearing shows. */
	memset(pool_data, 0xa5, (size_t)pool_n * PAGE_SIZE);
	memset(pool_meta, 0, sizeof(pool_meta));
	for (uint32_t i = 0; i < pool_n; i++)
		pool_meta[i].data = pool_data + (size_t)i * PAGE_SIZE;
	memset(wedge_data, 0, sizeof(wedge_data));
	memset(wedge_meta, 0, sizeof(wedge_meta));
	for (uint32_t i = 0; i < WEDGE_FRAMES; i++)
		wedge_meta[i].data = wedge_data + (size_t)i * PAGE_SIZE;
	/* The wedge's first L1 maps its image page at WEDGE_VIRT_BASE. */
	((uint64_t *)wedge_meta[0].data)[0] = pte_for_mfn(
	    (mfn_t){MODEL_WEDGE_IMAGE_MFN}, PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY);
	free_top = bump_next = 0;
	memset(allocated, 0, sizeof(allocated));
	base_l3 = 0;
	memset(windows, 0, sizeof(windows));
	model_tlb_flush();
	model_refusal[0] = 0;
	violation[0] = 0;
	model_stats_reset();
	model_log_reset();
}

uint8_t *model_guest_ram(void)
{
	return guest_ram;
}

uint8_t *model_frame(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	return m ? m->data : NULL;
}

uint32_t model_pool_size(void)
{
	return pool_n;
}

uint32_t model_pool_allocated(void)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < pool_n; i++)
		n += allocated[i];
	return n;
}

int model_dpfn_allocated(uint32_t dpfn)
{
	return dpfn < pool_n && allocated[dpfn];
}

enum model_ptype model_type(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	return m && m->type_count ? (enum model_ptype)m->type : PT_NONE;
}

uint32_t model_type_count(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	return m ? m->type_count : 0;
}

uint32_t model_writable_count(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	return m ? m->writable : 0;
}

int model_pinned(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	return m ? m->pinned : 0;
}

uint32_t model_pinned_count(void)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < pool_n; i++)
		n += pool_meta[i].pinned;
	return n;
}

uint32_t model_baseptr(void)
{
	return base_l3;
}

void model_stats_reset(void)
{
	memset(&model_stats, 0, sizeof(model_stats));
}

void model_log_reset(void)
{
	model_log_len = 0;
	log_entries_len = 0;
}

unsigned int model_log_count(enum model_event_kind kind, int cmd)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < model_log_len; i++)
		n +=
		    model_log[i].kind == kind && (cmd < 0 || model_log[i].cmd == (unsigned int)cmd);
	return n;
}

static struct model_event *log_event(enum model_event_kind kind)
{
	static struct model_event spare;
	if (model_log_len == MODEL_LOG_EVENTS)
		return &spare;
	struct model_event *e = &model_log[model_log_len++];
	*e = (struct model_event){.kind = kind, .first = log_entries_len};
	return e;
}

/* ---- the wedge's frame pool (xen/mm.h) -------------------------------------- */

mfn_t dpfn_to_mfn(dpfn_t pfn)
{
	if (pfn.v >= pool_n)
		wedge_bug("dpfn_to_mfn: pfn 0x%lx beyond the domain's %lu pages",
		          (unsigned long)pfn.v, (unsigned long)pool_n);
	return (mfn_t){MODEL_POOL_MFN_BASE + (pool_n - 1 - pfn.v)};
}

unsigned long frames_free_count(void)
{
	return free_top + (pool_n - bump_next);
}

dpfn_t frame_alloc(void)
{
	uint32_t d;
	if (free_top)
		d = free_stack[--free_top];
	else if (bump_next < pool_n)
		d = bump_next++;
	else
		wedge_bug("frame_alloc: the domain's memory is exhausted (%lu pages in all)",
		          (unsigned long)pool_n);
	allocated[d] = 1;
	return (dpfn_t){d};
}

void frame_free(dpfn_t pfn)
{
	if (pfn.v >= pool_n) {
		note_violation("frame_free: dpfn 0x%x is not a pool frame", pfn.v);
		return;
	}
	if (!allocated[pfn.v]) {
		note_violation("frame_free: dpfn 0x%x freed twice", pfn.v);
		return;
	}
	struct mframe *m = meta(dpfn_to_mfn(pfn).v);
	if (m->type_count)
		note_violation("frame_free: dpfn 0x%x (mfn 0x%x) is still an L%u page table "
		               "(type count %u)",
		               pfn.v, dpfn_to_mfn(pfn).v, m->type, m->type_count);
	allocated[pfn.v] = 0;
	free_stack[free_top++] = pfn.v;
}

static void check_allocated(uint32_t mfn, const char *what)
{
	int d = model_pool_dpfn(mfn);
	if (d >= 0 && !allocated[d])
		note_violation("%s of mfn 0x%x, a free pool frame (dpfn 0x%x)", what, mfn, d);
}

/* ---- page types ------------------------------------------------------------ */

#define AVAIL_LOW  0xe00ULL
#define AVAIL_HIGH 0x7ff0000000000000ULL
#define FLAGS_OK_L2                                                                                \
	(PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY | AVAIL_LOW | AVAIL_HIGH |     \
	 PTE_NX)
#define FLAGS_OK_L1 (FLAGS_OK_L2 | PTE_GLOBAL)
#define FLAGS_OK_L3 (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY | AVAIL_LOW)

static uint32_t entry_mfn(uint64_t e)
{
	return (uint32_t)((e & PTE_PAE_ADDR_MASK) >> PAGE_SHIFT);
}

static long get_type(uint32_t mfn, unsigned int type, int xen_l2);
static void put_type(uint32_t mfn);

static long l1e_get(uint64_t e)
{
	if (!(e & PTE_PRESENT))
		return 0;
	if (e & ~PTE_PAE_ADDR_MASK & ~FLAGS_OK_L1)
		return refuse("L1 entry 0x%llx has disallowed flags", (unsigned long long)e);
	struct mframe *t = meta(entry_mfn(e));
	if (!t)
		return refuse("L1 entry 0x%llx maps mfn 0x%x, not a frame of the domain",
		              (unsigned long long)e, entry_mfn(e));
	if (e & PTE_RW) {
		if (t->type_count)
			return refuse("L1 entry 0x%llx maps mfn 0x%x writable, but it is an L%u "
			              "page table",
			              (unsigned long long)e, entry_mfn(e), t->type);
		t->writable++;
	}
	return 0;
}

static void l1e_put(uint64_t e)
{
	if ((e & PTE_PRESENT) && (e & PTE_RW)) {
		struct mframe *t = meta(entry_mfn(e));
		if (t && t->writable)
			t->writable--;
	}
}

static long l2e_get(uint64_t e)
{
	if (!(e & PTE_PRESENT))
		return 0;
	if (e & ~PTE_PAE_ADDR_MASK & ~FLAGS_OK_L2)
		return refuse("L2 entry 0x%llx has disallowed flags (superpages are not allowed)",
		              (unsigned long long)e);
	return get_type(entry_mfn(e), PT_L1, 0);
}

static void l2e_put(uint64_t e)
{
	if (e & PTE_PRESENT)
		put_type(entry_mfn(e));
}

static long l3e_get(uint64_t e, unsigned int slot)
{
	if (!(e & PTE_PRESENT)) {
		if (slot == 3)
			return refuse("L3 slot 3 must be present for a 32-bit PV guest");
		return 0;
	}
	if (slot >= 4)
		return refuse("L3 entry %u present; a 32-bit guest has four", slot);
	if (e & ~PTE_PAE_ADDR_MASK & ~FLAGS_OK_L3)
		return refuse("L3 entry 0x%llx has disallowed flags", (unsigned long long)e);
	return get_type(entry_mfn(e), PT_L2, slot == 3);
}

static void l3e_put(uint64_t e)
{
	if (e & PTE_PRESENT)
		put_type(entry_mfn(e));
}

static long entry_get(unsigned int type, uint64_t e, unsigned int idx, int xen_l2)
{
	switch (type) {
	case PT_L1:
		return l1e_get(e);
	case PT_L2:
		if (xen_l2 && idx >= MODEL_XEN_L2_FIRST)
			return 0;
		return l2e_get(e);
	default:
		return l3e_get(e, idx);
	}
}

static void entry_put(unsigned int type, uint64_t e, unsigned int idx, int xen_l2)
{
	switch (type) {
	case PT_L1:
		l1e_put(e);
		break;
	case PT_L2:
		if (!(xen_l2 && idx >= MODEL_XEN_L2_FIRST))
			l2e_put(e);
		break;
	default:
		l3e_put(e);
		break;
	}
}

static long get_type(uint32_t mfn, unsigned int type, int xen_l2)
{
	struct mframe *m = meta(mfn);
	if (!m)
		return refuse("mfn 0x%x is not a frame of the domain", mfn);
	if (m->type_count) {
		if (m->type != type)
			return refuse("mfn 0x%x is an L%u page table, wanted as an L%u", mfn,
			              m->type, type);
		if (type == PT_L2 && (xen_l2 || m->xen_l2))
			return refuse("mfn 0x%x: the L2 of L3 slot 3 cannot be shared", mfn);
		m->type_count++;
		return 0;
	}
	if (m->writable)
		return refuse("mfn 0x%x has %u writable mappings and cannot become an L%u", mfn,
		              m->writable, type);
	check_allocated(mfn, "validation");
	m->type = (uint8_t)type;
	m->xen_l2 = (uint8_t)xen_l2;
	m->type_count = 1;
	const uint64_t *e = (const uint64_t *)m->data;
	for (unsigned int i = 0; i < 512; i++) {
		if (entry_get(type, e[i], i, xen_l2) != 0) {
			while (i--)
				entry_put(type, e[i], i, xen_l2);
			m->type = PT_NONE;
			m->xen_l2 = 0;
			m->type_count = 0;
			return -EINVAL;
		}
	}
	return 0;
}

static void put_type(uint32_t mfn)
{
	struct mframe *m = meta(mfn);
	if (!m || !m->type_count) {
		note_violation("model: type reference dropped on mfn 0x%x that has none", mfn);
		return;
	}
	if (--m->type_count)
		return;
	const uint64_t *e = (const uint64_t *)m->data;
	for (unsigned int i = 0; i < 512; i++)
		entry_put(m->type, e[i], i, m->xen_l2);
	m->type = PT_NONE;
	m->xen_l2 = 0;
}

/* ---- TLB ----------------------------------------------------------------- */

void model_tlb_flush(void)
{
	memset(tlb, 0, sizeof(tlb));
}

static void tlb_flush_page(uint32_t va)
{
	for (unsigned int i = 0; i < TLB_SIZE; i++)
		if (tlb[i].valid && tlb[i].page == (va & ~0xfffu))
			tlb[i].valid = 0;
}

int model_translate_in(uint32_t l3_mfn, uint32_t va, struct model_xlate *x)
{
	memset(x, 0, sizeof(*x));
	struct mframe *l3 = meta(l3_mfn);
	if (!l3)
		return -1;
	uint64_t e3 = ((const uint64_t *)l3->data)[va >> 30];
	if (!(e3 & PTE_PRESENT))
		return -1;
	struct mframe *l2 = meta(entry_mfn(e3));
	if (!l2)
		return -1;
	uint64_t e2 = ((const uint64_t *)l2->data)[(va >> 21) & 511];
	if (!(e2 & PTE_PRESENT))
		return -1;
	struct mframe *l1 = meta(entry_mfn(e2));
	if (!l1)
		return -1;
	uint64_t e1 = ((const uint64_t *)l1->data)[(va >> 12) & 511];
	if (!(e1 & PTE_PRESENT))
		return -1;
	x->present = 1;
	x->mfn = entry_mfn(e1);
	x->rw = (e2 & PTE_RW) && (e1 & PTE_RW);
	x->user = (e2 & PTE_USER) && (e1 & PTE_USER);
	x->nx = ((e2 | e1) & PTE_NX) != 0;
	return 0;
}

int model_translate(uint32_t va, struct model_xlate *x)
{
	if (!base_l3) {
		memset(x, 0, sizeof(*x));
		return -1;
	}
	return model_translate_in(base_l3, va, x);
}

uint64_t model_l2_entry(uint32_t l3_mfn, uint32_t va)
{
	struct mframe *l3 = meta(l3_mfn);
	if (!l3)
		return 0;
	uint64_t e3 = ((const uint64_t *)l3->data)[va >> 30];
	if (!(e3 & PTE_PRESENT))
		return 0;
	struct mframe *l2 = meta(entry_mfn(e3));
	return l2 ? ((const uint64_t *)l2->data)[(va >> 21) & 511] : 0;
}

int model_tlb_translate(uint32_t va, struct model_xlate *x)
{
	for (unsigned int i = 0; i < TLB_SIZE; i++)
		if (tlb[i].valid && tlb[i].page == (va & ~0xfffu)) {
			*x = tlb[i].x;
			return 0;
		}
	if (model_translate(va, x) != 0)
		return -1;
	tlb[tlb_next].valid = 1;
	tlb[tlb_next].page = va & ~0xfffu;
	tlb[tlb_next].x = *x;
	tlb_next = (tlb_next + 1) % TLB_SIZE;
	return 0;
}

/* ---- windows --------------------------------------------------------------- */

/* A read-only window is a copy of the frame, compared with the frame before
 * every hypercall and at unmap: a difference is a write through it. */
static void check_ro_windows(void)
{
	for (unsigned int i = 0; i < NR_WINDOWS; i++)
		if (windows[i].used && !windows[i].writable &&
		    memcmp(windows[i].ptr, meta(windows[i].mfn)->data, PAGE_SIZE) != 0)
			note_violation("a write through a read-only window of mfn 0x%x",
			               windows[i].mfn);
}

static void refresh_ro_windows(void)
{
	for (unsigned int i = 0; i < NR_WINDOWS; i++)
		if (windows[i].used && !windows[i].writable)
			memcpy(windows[i].ptr, meta(windows[i].mfn)->data, PAGE_SIZE);
}

void *window_map(mfn_t mfn, int writable)
{
	struct mframe *m = meta(mfn.v);
	if (!m || (writable && m->type_count)) {
		if (!m)
			refuse("window on mfn 0x%x, not a frame of the domain", mfn.v);
		else
			refuse("writable window on mfn 0x%x, an L%u page table", mfn.v, m->type);
		wedge_bug("map_page: 0x%08lx -> mfn 0x%lx (%s) refused: %ld",
		          (unsigned long)WEDGE_WINDOW_START, (unsigned long)mfn.v,
		          writable ? "rw" : "ro", (long)-EINVAL);
	}
	check_allocated(mfn.v, "window");
	for (unsigned int i = 0; i < NR_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (w->used)
			continue;
		*w = (struct window){.used = 1, .writable = writable, .mfn = mfn.v};
		if (writable) {
			m->writable++;
			w->ptr = m->data;
		} else {
			w->ptr = window_copy[i];
			memcpy(w->ptr, m->data, PAGE_SIZE);
		}
		return w->ptr;
	}
	wedge_bug("window_map: all %lu mapping windows are in use", (unsigned long)NR_WINDOWS);
}

void window_unmap(void *va)
{
	uint8_t *p = (uint8_t *)((uintptr_t)va & ~(uintptr_t)(PAGE_SIZE - 1));
	for (unsigned int i = 0; i < NR_WINDOWS; i++) {
		struct window *w = &windows[i];
		if (!w->used || w->ptr != p)
			continue;
		struct mframe *m = meta(w->mfn);
		if (w->writable) {
			m->writable--;
		} else if (memcmp(w->ptr, m->data, PAGE_SIZE) != 0) {
			note_violation("a write through a read-only window of mfn 0x%x", w->mfn);
		}
		w->used = 0;
		return;
	}
	wedge_bug("window_unmap: %p is not a window", va);
}

unsigned int model_open_windows(void)
{
	unsigned int n = 0;
	for (unsigned int i = 0; i < NR_WINDOWS; i++)
		n += windows[i].used;
	return n;
}

/* ---- hypercalls -------------------------------------------------------------- */

/* One checked entry write; *flush set for an L2/L3 update. */
static long update_entry(uint64_t maddr, uint64_t val, int *flush)
{
	if (maddr & 7)
		return refuse("mmu_update: misaligned machine address 0x%llx",
		              (unsigned long long)maddr);
	uint64_t mfn = maddr >> PAGE_SHIFT;
	struct mframe *m = meta(mfn);
	if (!m)
		return refuse("mmu_update: mfn 0x%llx is not a frame of the domain",
		              (unsigned long long)mfn);
	check_allocated((uint32_t)mfn, "mmu_update");
	unsigned int idx = (unsigned int)(maddr & 0xfff) / 8;
	uint64_t *slot = (uint64_t *)(m->data + (maddr & 0xfff));
	uint64_t old = *slot;
	if (!m->type_count) {
		/* A frame that is not a page table: a plain, checked write. */
		*slot = val;
		return 0;
	}
	if (m->type == PT_L2 && m->xen_l2 && idx >= MODEL_XEN_L2_FIRST)
		return refuse("mmu_update: L2 slot %u of mfn 0x%llx is Xen's", idx,
		              (unsigned long long)mfn);
	long rc = entry_get(m->type, val, idx, m->xen_l2);
	if (rc)
		return rc;
	*slot = val;
	entry_put(m->type, old, idx, m->xen_l2);
	if (m->type != PT_L1)
		*flush = 1;
	return 0;
}

long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count, unsigned int *done, domid_t dom)
{
	check_ro_windows();
	model_stats.mmu_update_calls++;
	struct model_event *ev = log_event(EV_MMU_UPDATE);
	ev->count = count;
	int flush = 0;
	long rc = 0;
	unsigned int i;
	if (dom != DOMID_SELF) {
		rc = refuse("mmu_update: foreign domain %u", dom);
		i = 0;
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (log_entries_len < MODEL_LOG_ENTRIES)
			model_log_entries[log_entries_len++] =
			    (struct model_log_entry){req[i].ptr, req[i].val};
		if ((req[i].ptr & 7) != MMU_NORMAL_PT_UPDATE) {
			rc = refuse("mmu_update: command %u", (unsigned int)(req[i].ptr & 7));
			break;
		}
		rc = update_entry(req[i].ptr & ~7ULL, req[i].val, &flush);
		if (rc)
			break;
		model_stats.mmu_update_entries++;
	}
out:
	if (done)
		*done = i;
	if (flush)
		model_tlb_flush();
	refresh_ro_windows();
	return rc;
}

long HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count, unsigned int *done, domid_t dom)
{
	check_ro_windows();
	unsigned int i;
	long rc = 0;
	for (i = 0; i < count && rc == 0; i++) {
		model_stats.mmuext_calls++;
		struct model_event *ev = log_event(EV_MMUEXT);
		ev->cmd = op[i].cmd;
		ev->arg = op[i].arg1.mfn;
		uint32_t mfn = (uint32_t)op[i].arg1.mfn;
		struct mframe *m = meta(op[i].arg1.mfn);
		if (dom != DOMID_SELF) {
			rc = refuse("mmuext_op: foreign domain %u", dom);
			break;
		}
		switch (op[i].cmd) {
		case MMUEXT_PIN_L3_TABLE:
			model_stats.pin++;
			if (!m)
				rc = refuse("pin: mfn 0x%x is not the domain's", mfn);
			else if (m->pinned)
				rc = refuse("pin: mfn 0x%x is already pinned", mfn);
			else if ((rc = get_type(mfn, PT_L3, 0)) == 0)
				m->pinned = 1;
			break;
		case MMUEXT_UNPIN_TABLE:
			model_stats.unpin++;
			if (!m || !m->pinned) {
				rc = refuse("unpin: mfn 0x%x is not pinned", mfn);
			} else {
				m->pinned = 0;
				put_type(mfn);
			}
			break;
		case MMUEXT_NEW_BASEPTR:
			model_stats.new_baseptr++;
			if ((rc = get_type(mfn, PT_L3, 0)) == 0) {
				if (base_l3)
					put_type(base_l3);
				base_l3 = mfn;
				model_tlb_flush();
			}
			break;
		case MMUEXT_TLB_FLUSH_LOCAL:
			model_stats.tlb_flush_local++;
			model_tlb_flush();
			break;
		case MMUEXT_INVLPG_LOCAL:
			model_stats.invlpg_local++;
			tlb_flush_page((uint32_t)op[i].arg1.linear_addr);
			break;
		case MMUEXT_CLEAR_PAGE:
			model_stats.clear_page++;
			if (!m)
				rc = refuse("clear_page: mfn 0x%x is not the domain's", mfn);
			else if (m->type_count)
				rc = refuse("clear_page: mfn 0x%x is an L%u page table", mfn,
				            m->type);
			else {
				check_allocated(mfn, "clear_page");
				memset(m->data, 0, PAGE_SIZE);
			}
			break;
		default:
			rc = refuse("mmuext_op: command %u is not modelled", op[i].cmd);
			break;
		}
		if (rc)
			break;
	}
	if (done)
		*done = i;
	refresh_ro_windows();
	return rc;
}

long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	check_ro_windows();
	model_stats.update_va_mapping++;
	struct model_event *ev = log_event(EV_UPDATE_VA);
	ev->arg = va;
	uint64_t e2 = base_l3 ? model_l2_entry(base_l3, (uint32_t)va) : 0;
	if (!(e2 & PTE_PRESENT))
		return refuse("update_va_mapping: no L1 for 0x%lx", va);
	int flush = 0;
	long rc = update_entry(((uint64_t)entry_mfn(e2) << PAGE_SHIFT) + ((va >> 12) & 511) * 8,
	                       pte, &flush);
	if (rc)
		return rc;
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
		model_tlb_flush();
	else if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
		tlb_flush_page((uint32_t)va);
	refresh_ro_windows();
	return 0;
}

/* ---- xen/mm.h's machine-level operations (the wrappers are xen/mm_ops.c) --- */

void mm_copy_wedge_l2_entries(uint64_t *l2)
{
	for (unsigned int i = 0; i < MODEL_WEDGE_L1S; i++)
		l2[MODEL_WEDGE_L2_FIRST + i] = pte_for_mfn((mfn_t){MODEL_WEDGE_MFN_BASE + i},
		                                           PTE_PRESENT | PTE_RW | PTE_ACCESSED);
}

/* ---- consistency ------------------------------------------------------------- */

#define ALL_FRAMES (MODEL_GUEST_PAGES + MODEL_POOL_MAX + WEDGE_FRAMES)

static struct mframe *frame_by_index(uint32_t i, uint32_t *mfn)
{
	if (i < MODEL_GUEST_PAGES) {
		if (i >= guest_nr_pages)
			return NULL;
		*mfn = MODEL_GUEST_MFN_BASE + i;
		return &guest_meta[i];
	}
	i -= MODEL_GUEST_PAGES;
	if (i < MODEL_POOL_MAX) {
		if (i >= pool_n)
			return NULL;
		*mfn = MODEL_POOL_MFN_BASE + i;
		return &pool_meta[i];
	}
	i -= MODEL_POOL_MAX;
	if (i < WEDGE_FRAMES) {
		*mfn = MODEL_WEDGE_MFN_BASE + i;
		return &wedge_meta[i];
	}
	return NULL;
}

static uint32_t index_of(struct mframe *m)
{
	if (m >= guest_meta && m < guest_meta + MODEL_GUEST_PAGES)
		return (uint32_t)(m - guest_meta);
	if (m >= pool_meta && m < pool_meta + MODEL_POOL_MAX)
		return MODEL_GUEST_PAGES + (uint32_t)(m - pool_meta);
	return MODEL_GUEST_PAGES + MODEL_POOL_MAX + (uint32_t)(m - wedge_meta);
}

const char *model_check(void)
{
	static char msg[512];
	static uint32_t want_count[ALL_FRAMES], want_writable[ALL_FRAMES];
	if (violation[0]) {
		snprintf(msg, sizeof(msg), "%s", violation);
		return msg;
	}
	memset(want_count, 0, sizeof(want_count));
	memset(want_writable, 0, sizeof(want_writable));
	for (uint32_t i = 0; i < ALL_FRAMES; i++) {
		uint32_t mfn;
		struct mframe *m = frame_by_index(i, &mfn);
		if (!m)
			continue;
		want_count[i] += m->pinned;
		if (mfn == base_l3)
			want_count[i]++;
		if (!m->type_count)
			continue;
		const uint64_t *e = (const uint64_t *)m->data;
		for (unsigned int j = 0; j < 512; j++) {
			if (!(e[j] & PTE_PRESENT))
				continue;
			if (m->type == PT_L2 && m->xen_l2 && j >= MODEL_XEN_L2_FIRST)
				continue;
			struct mframe *t = meta(entry_mfn(e[j]));
			if (!t) {
				snprintf(msg, sizeof(msg),
				         "L%u mfn 0x%x entry %u maps mfn 0x%x, not ours", m->type,
				         mfn, j, entry_mfn(e[j]));
				return msg;
			}
			if (m->type == PT_L1) {
				if (e[j] & PTE_RW)
					want_writable[index_of(t)]++;
			} else {
				want_count[index_of(t)]++;
			}
		}
	}
	for (unsigned int i = 0; i < NR_WINDOWS; i++)
		if (windows[i].used && windows[i].writable)
			want_writable[index_of(meta(windows[i].mfn))]++;
	for (uint32_t i = 0; i < ALL_FRAMES; i++) {
		uint32_t mfn;
		struct mframe *m = frame_by_index(i, &mfn);
		if (!m)
			continue;
		if (m->type_count != want_count[i]) {
			snprintf(msg, sizeof(msg), "mfn 0x%x: type count %u, but %u references",
			         mfn, m->type_count, want_count[i]);
			return msg;
		}
		if (m->writable != want_writable[i]) {
			snprintf(msg, sizeof(msg),
			         "mfn 0x%x: %u writable mappings counted, %u exist", mfn,
			         m->writable, want_writable[i]);
			return msg;
		}
		if (m->type_count && m->writable) {
			snprintf(msg, sizeof(msg),
			         "mfn 0x%x is an L%u page table with a writable mapping", mfn,
			         m->type);
			return msg;
		}
		int d = model_pool_dpfn(mfn);
		if (d >= 0 && m->type_count && !allocated[d]) {
			snprintf(msg, sizeof(msg),
			         "mfn 0x%x (dpfn 0x%x) is free but still an L%u table", mfn, d,
			         m->type);
			return msg;
		}
	}
	if (model_open_windows()) {
		snprintf(msg, sizeof(msg), "%u mapping windows left open", model_open_windows());
		return msg;
	}
	return NULL;
}
