/*
 * Shadow roots: the address spaces Xen really runs the guest in.  A root
 * is an L3 with four L2s (the fourth a private copy carrying the wedge's
 * entries and, once pinned, Xen's own).  Its L2 entries point at shared
 * shadow L1s (xen/shadow_l1.c), so the guest kernel's half, the same in
 * every Linux process, is shadowed once.
 *
 * Consistency follows the TLB rules the guest already obeys:
 *   - a new root maps the whole kernel half (L3 slot 3) at once, so the
 *     guest's kernel stacks are always there before Xen pushes a frame;
 *     the rest fills on faults;
 *   - InvalPage resyncs one entry; FlushTLB resyncs the user half (slots
 *     0-2) or, when global, everything; switching CR3 resyncs the user half
 *     of the root switched to, as a CR3 load flushes non-global entries;
 *   - a global flush also marks every other cached root's kernel half for a
 *     directory re-check when it is next used.
 * Up to ROOT_CACHE roots stay built, keyed by the guest's CR3.
 */
#define LOG_SUBSYS "shadow"
#include <string.h>

#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/guest_mem.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/shadow.h"
#include "xen/shadow_internal.h"

#define L3_SLOTS    4
#define L2_ENTRIES  512
#define KERNEL_SLOT 3
#define ROOT_CACHE  8
#define REGION_SIZE (1u << REGION_SHIFT)
/* Slot 3's guest part ends where the wedge begins. */
#define KERNEL_REGIONS ((WEDGE_VIRT_BASE - 0xC0000000u) >> REGION_SHIFT)

struct shadow_root {
	int used;
	enum guest_pt_format fmt;
	uint32_t guest_root;
	int user_view;
	dpfn_t l3_frame, l2_frame[L3_SLOTS];
	mfn_t l3, l2[L3_SLOTS];
	struct sl1 *l1[L3_SLOTS][L2_ENTRIES];
	uint32_t kernel_generation;
	uint32_t last_use;
};

static struct shadow_root roots[ROOT_CACHE];
static struct shadow_root *current;
static uint32_t kernel_generation, use_clock;
static int lazy_mmu; /* SetLazyMode(1): shadow updates wait for the batch's end */

BURN_COUNTER(shadow_switch);
BURN_COUNTER(shadow_root_built);
BURN_COUNTER(shadow_root_reused);
BURN_COUNTER(shadow_root_evicted);
BURN_COUNTER(shadow_fill);
BURN_COUNTER(shadow_guest_fault);
BURN_COUNTER(shadow_invlpg);
BURN_COUNTER(shadow_flush_user);
BURN_COUNTER(shadow_flush_global);

void shadow_init(void)
{
	sl1_init();
	memset(roots, 0, sizeof(roots));
	current = NULL;
	lazy_mmu = 0;
	kernel_generation = use_clock = 0;
}

enum guest_pt_format shadow_current_format(void)
{
	return current ? current->fmt : GUEST_PT_IDENTITY;
}

uint32_t shadow_current_root(void)
{
	return current ? current->guest_root : 0;
}

static uint32_t region_base(unsigned int slot, unsigned int idx)
{
	return (uint32_t)slot << 30 | (uint32_t)idx << REGION_SHIFT;
}

static uint64_t l2_maddr(const struct shadow_root *r, unsigned int slot, unsigned int idx)
{
	return ((uint64_t)r->l2[slot].v << PAGE_SHIFT) + idx * sizeof(uint64_t);
}

static uint64_t l2_entry_for(const struct sl1 *s)
{
	/* Rights are decided per page in the L1. */
	return s ? pte_for_mfn(s->mfn, PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED) : 0;
}

/* s arrives with a reference for this root (or is NULL). */
static void set_region(struct shadow_root *r, unsigned int slot, unsigned int idx, struct sl1 *s)
{
	struct sl1 *old = r->l1[slot][idx];
	mm_update_pte(l2_maddr(r, slot, idx), l2_entry_for(s));
	r->l1[slot][idx] = s;
	if (old)
		sl1_put(old);
}

/* Point the region at the shadow L1 the guest's directory now names. */
static struct sl1 *rekey_region(struct shadow_root *r, unsigned int slot, unsigned int idx,
                                int resync)
{
	struct sl1_key key;
	sl1_key_for(r->fmt, r->guest_root, r->user_view, region_base(slot, idx), &key);
	struct sl1 *cur = r->l1[slot][idx];
	if (key.kind == SL1_NONE) {
		set_region(r, slot, idx, NULL);
		return NULL;
	}
	if (cur && !cur->orphan && memcmp(&cur->key, &key, sizeof(key)) == 0) {
		if (resync)
			sl1_resync(cur);
		return cur;
	}
	struct sl1 *s = sl1_get(&key, 1); /* its reference becomes the root's */
	set_region(r, slot, idx, s);
	return s;
}

static void release_root(struct shadow_root *r)
{
	BUG_ON(r == current);
	mm_unpin(r->l3);
	for (unsigned int slot = 0; slot < L3_SLOTS; slot++)
		for (unsigned int idx = 0; idx < L2_ENTRIES; idx++)
			if (r->l1[slot][idx]) {
				sl1_put(r->l1[slot][idx]);
				r->l1[slot][idx] = NULL;
			}
	frame_free(r->l3_frame);
	for (unsigned int i = 0; i < L3_SLOTS; i++)
		frame_free(r->l2_frame[i]);
	r->used = 0;
	burn_counter_inc(&burn_counter_shadow_root_evicted);
}

static struct shadow_root *free_root_slot(void)
{
	struct shadow_root *victim = NULL;
	for (unsigned int i = 0; i < ROOT_CACHE; i++) {
		if (!roots[i].used)
			return &roots[i];
		if (&roots[i] != current && (!victim || roots[i].last_use < victim->last_use))
			victim = &roots[i];
	}
	release_root(victim);
	return victim;
}

static void new_frame(dpfn_t *frame, mfn_t *mfn)
{
	*frame = frame_alloc();
	*mfn = dpfn_to_mfn(*frame);
	mm_clear_frame(*mfn);
}

/* Build and pin a root; the kernel half is shadowed right away. */
static void build_root(struct shadow_root *r)
{
	for (unsigned int i = 0; i < L3_SLOTS; i++)
		new_frame(&r->l2_frame[i], &r->l2[i]);
	memset(r->l1, 0, sizeof(r->l1));

	uint64_t *l2 = window_map(r->l2[KERNEL_SLOT], 1);
	mm_copy_wedge_l2_entries(l2);
	if (r->fmt != GUEST_PT_IDENTITY) {
		for (unsigned int idx = 0; idx < KERNEL_REGIONS; idx++) {
			struct sl1_key key;
			sl1_key_for(r->fmt, r->guest_root, r->user_view,
			            region_base(KERNEL_SLOT, idx), &key);
			if (key.kind == SL1_NONE)
				continue;
			struct sl1 *s = sl1_get(&key, 1);
			r->l1[KERNEL_SLOT][idx] = s;
			l2[idx] = l2_entry_for(s);
		}
	}
	window_unmap(l2);

	new_frame(&r->l3_frame, &r->l3);
	uint64_t *l3 = window_map(r->l3, 1);
	for (unsigned int i = 0; i < L3_SLOTS; i++)
		l3[i] = pte_for_mfn(r->l2[i], PTE_PRESENT);
	window_unmap(l3);
	mm_pin(MMUEXT_PIN_L3_TABLE, r->l3);
	r->kernel_generation = kernel_generation;
	r->used = 1;
	burn_counter_inc(&burn_counter_shadow_root_built);
}

static void resync_slots(struct shadow_root *r, unsigned int first, unsigned int last, int resync)
{
	for (unsigned int slot = first; slot <= last; slot++) {
		unsigned int n = slot == KERNEL_SLOT ? KERNEL_REGIONS : L2_ENTRIES;
		for (unsigned int idx = 0; idx < n; idx++)
			if (r->l1[slot][idx])
				rekey_region(r, slot, idx, resync);
	}
}

static void tlb_flush_local(void)
{
	struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};
	unsigned int done;
	HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/*
 * When the wedge was entered from the guest's ring 1 it runs on the guest's
 * stack; Xen pushes every trap frame there, so the root must map that stack
 * before it becomes current.
 */
static void map_running_stack(struct shadow_root *r)
{
	uint32_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	if (esp >= WEDGE_VIRT_BASE)
		return;
	uint32_t first = esp >= PAGE_SIZE ? (esp & ~0xfffu) - PAGE_SIZE : 0;
	for (uint32_t page = first; page <= (esp | 0xfffu) + 1; page += PAGE_SIZE) {
		if (page >= WEDGE_VIRT_BASE)
			break; /* never let a guest stack reach the wedge's entries */
		unsigned int slot = page >> 30, idx = (page >> REGION_SHIFT) & (L2_ENTRIES - 1);
		struct sl1 *s = r->l1[slot][idx] ? r->l1[slot][idx] : rekey_region(r, slot, idx, 0);
		if (s)
			sl1_resync_entry(s, page, 2, 0);
	}
}

void shadow_switch(enum guest_pt_format fmt, uint32_t guest_root, int user_view)
{
	sl1_flush_queue();
	struct shadow_root *r = NULL;
	for (unsigned int i = 0; i < ROOT_CACHE; i++)
		if (roots[i].used && roots[i].fmt == fmt && roots[i].guest_root == guest_root &&
		    roots[i].user_view == user_view)
			r = &roots[i];
	if (r) {
		/* A CR3 load flushes the user half; a global flush since this root
		 * was last used may have moved kernel tables. */
		resync_slots(r, 0, KERNEL_SLOT - 1, 1);
		if (r->kernel_generation != kernel_generation) {
			resync_slots(r, KERNEL_SLOT, KERNEL_SLOT, 0);
			r->kernel_generation = kernel_generation;
		}
		burn_counter_inc(&burn_counter_shadow_root_reused);
	} else {
		r = free_root_slot();
		r->fmt = fmt;
		r->guest_root = guest_root;
		r->user_view = user_view;
		build_root(r);
	}
	map_running_stack(r);
	r->last_use = ++use_clock;
	if (r != current) {
		struct mmuext_op op = {.cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = r->l3.v};
		unsigned int done = 0;
		if (HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF) != 0)
			wedge_bug("shadow_switch: Xen refused the new base pointer");
		current = r;
	} else {
		tlb_flush_local();
	}
	burn_counter_inc(&burn_counter_shadow_switch);
}

/* The guest changed paging mode or format: roots of the old kind are
 * useless; they age out of the cache. */
void shadow_flush(void)
{
	shadow_flush_user();
}

void shadow_flush_user(void)
{
	if (!current)
		return;
	burn_counter_inc(&burn_counter_shadow_flush_user);
	resync_slots(current, 0, KERNEL_SLOT - 1, 1);
	tlb_flush_local();
}

void shadow_flush_global(void)
{
	if (!current)
		return;
	burn_counter_inc(&burn_counter_shadow_flush_global);
	kernel_generation++;
	resync_slots(current, 0, KERNEL_SLOT, 0);
	/* Every shadow of every table, including kernel tables only other
	 * roots use: a global flush reaches them all. */
	sl1_resync_all();
	current->kernel_generation = kernel_generation;
	tlb_flush_local();
}

int shadow_fault(uint32_t va, uint32_t error_code, int guest_user_mode)
{
	struct shadow_root *r = current;
	if (!r || va >= WEDGE_VIRT_BASE)
		goto guest;
	unsigned int slot = va >> 30, idx = (va >> REGION_SHIFT) & (L2_ENTRIES - 1);
	struct sl1 *s = r->l1[slot][idx];
	int fresh = 0;
	if (!s) {
		s = rekey_region(r, slot, idx, 1);
		fresh = s != NULL;
	}
	if (!s)
		goto guest;
	/* A fresh L1 already holds what the guest allows: retry only if that
	 * includes this access. */
	if (sl1_resync_entry(s, va, error_code, guest_user_mode) ||
	    (fresh && sl1_entry_allows(s, va, error_code, guest_user_mode))) {
		struct mmuext_op op = {.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va};
		unsigned int done;
		HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
		burn_counter_inc(&burn_counter_shadow_fill);
		return 1;
	}
guest:
	burn_counter_inc(&burn_counter_shadow_guest_fault);
	return 0;
}

void shadow_pte_written(uint32_t pte_gpa, uint64_t value, int defer)
{
	sl1_guest_entry_written(pte_gpa, value, defer || lazy_mmu);
}

void shadow_set_lazy(int on)
{
	lazy_mmu = on;
	if (!on)
		sl1_flush_queue();
}

void shadow_flush_queue(void)
{
	sl1_flush_queue();
}

/* A page stops (or starts afresh) being one of the guest's page tables. */
void shadow_table_changed(uint32_t gpa, int directory)
{
	gpa &= ~0xfffu;
	if (!directory) {
		sl1_flush_queue();
		sl1_forget_table(gpa);
		return;
	}
	/* A released top-level table: roots built from it are stale. */
	for (unsigned int i = 0; i < ROOT_CACHE; i++)
		if (roots[i].used && &roots[i] != current && (roots[i].guest_root & ~0xfffu) == gpa)
			release_root(&roots[i]);
}

void shadow_invalidate_page(uint32_t va)
{
	struct shadow_root *r = current;
	burn_counter_inc(&burn_counter_shadow_invlpg);
	sl1_flush_queue();
	if (!r || va >= WEDGE_VIRT_BASE)
		return;
	unsigned int slot = va >> 30, idx = (va >> REGION_SHIFT) & (L2_ENTRIES - 1);
	struct sl1 *s = NULL;
	if (r->l1[slot][idx]) {
		s = rekey_region(r, slot, idx, 0);
	} else {
		/* Not shadowed here, but other roots may share the table. */
		struct sl1_key key;
		sl1_key_for(r->fmt, r->guest_root, r->user_view, va & ~(REGION_SIZE - 1), &key);
		if (key.kind != SL1_NONE)
			s = sl1_find(&key);
	}
	if (s)
		sl1_resync_entry(s, va, (uint32_t)-1, 0);
	struct mmuext_op op = {.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = va};
	unsigned int done;
	HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}
