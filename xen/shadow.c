/*
 * Demand-filled shadow page tables on Xen's PAE format.  A shadow root is
 * an L3 with four L2s; the fourth is a private copy that carries the
 * wedge's entries (and, once pinned, Xen's own).  L1s appear when the
 * first page of their 2 MiB is touched.  Guest PTEs get true A/D bits the
 * simple way: set when the shadow entry is made (eager).
 */
#define LOG_SUBSYS "shadow"
#include <string.h>

#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/guest_mem.h"
#include "wedge/loader.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/shadow.h"

#define L3_SLOTS 4
#define L2_ENTRIES 512
#define ROM_FIRST_GPFN (GUEST_ROM_GPA >> PAGE_SHIFT)
#define ROM_PAGES 2

struct shadow_root {
	enum guest_pt_format fmt;
	uint32_t guest_root;
	int user_view;
	int live;
	mfn_t l3;
	mfn_t l2[L3_SLOTS];
	mfn_t (*l1)[L2_ENTRIES]; /* [L3 slot][L2 index], 0 = none yet */
};

static struct shadow_root roots[2];
static struct shadow_root *current;

BURN_COUNTER(shadow_fill);
BURN_COUNTER(shadow_l1_alloc);
BURN_COUNTER(shadow_switch);
BURN_COUNTER(shadow_guest_fault);
BURN_COUNTER(shadow_invlpg);

void shadow_init(void)
{
	for (unsigned int i = 0; i < 2; i++)
		roots[i].l1 = heap_alloc_pages(L3_SLOTS * L2_ENTRIES * sizeof(mfn_t) / PAGE_SIZE);
}

enum guest_pt_format shadow_current_format(void)
{
	return current ? current->fmt : GUEST_PT_IDENTITY;
}

uint32_t shadow_current_root(void)
{
	return current ? current->guest_root : 0;
}

static mfn_t new_table_frame(void)
{
	mfn_t m = dpfn_to_mfn(frame_alloc());
	mm_clear_frame(m);
	return m;
}

static void build_root(struct shadow_root *r)
{
	for (unsigned int i = 0; i < L3_SLOTS; i++)
		r->l2[i] = new_table_frame();
	memset(r->l1, 0, L3_SLOTS * L2_ENTRIES * sizeof(mfn_t));

	uint64_t *l2 = window_map(r->l2[3], 1);
	mm_copy_wedge_l2_entries(l2);
	window_unmap(l2);

	r->l3 = new_table_frame();
	uint64_t *l3 = window_map(r->l3, 1);
	for (unsigned int i = 0; i < L3_SLOTS; i++)
		l3[i] = pte_for_mfn(r->l2[i], PTE_PRESENT);
	window_unmap(l3);
	mm_pin(MMUEXT_PIN_L3_TABLE, r->l3);
}

/* Called once nothing runs on r any more: unpinning drops Xen's type
 * references all the way down, so every frame is plain memory again. */
static void release_root(struct shadow_root *r)
{
	if (!r->live)
		return;
	mm_unpin(r->l3);
	/* Frame numbers are machine frames here; the allocator wants domain
	 * frames, so the pool simply keeps these for later roots. */
	r->live = 0;
}

static int ensure_l1(struct shadow_root *r, uint32_t va);
static int shadow_fill(struct shadow_root *r, uint32_t va, uint32_t error_code,
		       int guest_user_mode);

/*
 * When the wedge was entered from the guest's ring 1 it runs on the guest's
 * stack.  Xen pushes every trap frame there, so the new root must map that
 * stack before it becomes current: a fault on it could not be delivered.
 */
static void prefill_running_stack(struct shadow_root *r)
{
	uint32_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	if (esp >= WEDGE_VIRT_BASE)
		return;
	for (uint32_t page = (esp & ~0xfffu) - PAGE_SIZE; page <= (esp | 0xfffu) + 1;
	     page += PAGE_SIZE)
		shadow_fill(r, page, 2, 0);
}

void shadow_switch(enum guest_pt_format fmt, uint32_t guest_root, int user_view)
{
	struct shadow_root *next = current == &roots[0] ? &roots[1] : &roots[0];
	release_root(next);
	next->fmt = fmt;
	next->guest_root = guest_root;
	next->user_view = user_view;
	build_root(next);
	next->live = 1;
	prefill_running_stack(next);

	struct mmuext_op op = {.cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = next->l3.v};
	unsigned int done = 0;
	if (HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF) != 0)
		wedge_bug("shadow_switch: Xen refused the new base pointer");
	struct shadow_root *old = current;
	current = next;
	if (old)
		release_root(old);
	burn_counter_inc(&burn_counter_shadow_switch);
	log_debug("switched to a %s shadow of 0x%08lx%s",
		  fmt == GUEST_PT_IDENTITY ? "paging-off" : fmt == GUEST_PT_PAE ? "PAE" : "2-level",
		  (unsigned long)guest_root, user_view ? " (user view)" : "");
}

void shadow_flush(void)
{
	if (current)
		shadow_switch(current->fmt, current->guest_root, current->user_view);
}

static int is_rom_frame(uint32_t gpfn);

static uint64_t shadow_flags(const struct shadow_root *r, uint32_t gpfn, int writable, int user,
			     int nx)
{
	uint64_t flags = PTE_PRESENT | PTE_ACCESSED;
	if (writable && !is_rom_frame(gpfn))
		flags |= PTE_RW | PTE_DIRTY;
	if (r->user_view || user)
		flags |= PTE_USER;
	if (nx && (vcpu.efer & X86_EFER_NX))
		flags |= PTE_NX;
	return flags;
}

/*
 * A new L1 starts with every page the guest maps in its 2 MiB, not just
 * the one that faulted: one read of the guest's table instead of 512
 * faults, and the guest's kernel stack is mapped before Xen ever needs to
 * push a frame on it.  The guest PTEs get A (and D where writable) here,
 * the eager scheme.
 */
static void fill_new_l1(struct shadow_root *r, uint32_t base, mfn_t l1)
{
	static struct guest_region g;
	guest_pt_region(r->fmt, r->guest_root, base, &g);
	uint64_t *t = window_map(l1, 1);
	int touched = 0;
	static uint8_t table[4096];
	if (g.table_gpa && guest_phys_read(g.table_gpa, table, sizeof(table)) != 0)
		g.table_gpa = 0;
	for (unsigned int i = 0; i < 512; i++) {
		uint32_t gpfn = g.gpa[i] >> PAGE_SHIFT;
		if (!g.present[i] || !gpfn_valid(gpfn) || base + i * PAGE_SIZE >= WEDGE_VIRT_BASE)
			continue;
		int writable = g.writable[i] && !is_rom_frame(gpfn);
		t[i] = pte_for_mfn(gpfn_to_mfn(gpfn),
				   shadow_flags(r, gpfn, g.writable[i], g.user[i], g.nx[i]));
		if (g.table_gpa) {
			uint32_t *low = (uint32_t *)(table + (g.first_index + i) * g.entry_size);
			uint32_t bits = 0x20u | (writable ? 0x40u : 0);
			if ((*low & bits) != bits) {
				*low |= bits;
				touched = 1;
			}
		}
	}
	window_unmap(t);
	if (touched)
		guest_phys_write(g.table_gpa, table, sizeof(table));
}

/* Returns 1 if it made (and filled) the L1. */
static int ensure_l1(struct shadow_root *r, uint32_t va)
{
	unsigned int slot = va >> 30, idx = (va >> 21) & (L2_ENTRIES - 1);
	if (r->l1[slot][idx].v)
		return 0;
	mfn_t l1 = dpfn_to_mfn(frame_alloc());
	mm_clear_frame(l1);
	fill_new_l1(r, va & ~0x1fffffu, l1);
	/* Rights are decided per page in the L1. */
	mm_update_pte(((uint64_t)r->l2[slot].v << PAGE_SHIFT) + idx * sizeof(uint64_t),
		      pte_for_mfn(l1, PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED));
	r->l1[slot][idx] = l1;
	burn_counter_inc(&burn_counter_shadow_l1_alloc);
	return 1;
}

static uint64_t shadow_pte_maddr(struct shadow_root *r, uint32_t va)
{
	mfn_t l1 = r->l1[va >> 30][(va >> 21) & (L2_ENTRIES - 1)];
	return ((uint64_t)l1.v << PAGE_SHIFT) + ((va >> PAGE_SHIFT) & 511) * sizeof(uint64_t);
}

static uint64_t read_shadow_pte(struct shadow_root *r, uint32_t va)
{
	mfn_t l1 = r->l1[va >> 30][(va >> 21) & (L2_ENTRIES - 1)];
	const uint64_t *t = window_map(l1, 0);
	uint64_t pte = t[(va >> 12) & 511];
	window_unmap((void *)t);
	return pte;
}

/* Eager accessed/dirty: what Linux reads back from its PTEs stays true. */
static void set_guest_accessed_dirty(const struct guest_walk *w, int dirty)
{
	uint32_t bits = 0x20u | (dirty ? 0x40u : 0);
	if (!w->pte_gpa || ((uint32_t)w->pte & bits) == bits)
		return;
	uint32_t low = (uint32_t)w->pte | bits;
	guest_phys_write(w->pte_gpa, &low, sizeof(low));
}

static int is_rom_frame(uint32_t gpfn)
{
	return gpfn >= ROM_FIRST_GPFN && gpfn < ROM_FIRST_GPFN + ROM_PAGES;
}

/* Make r map va as the guest's tables say, if they allow the access.
 * Returns 1 if the shadow entry changed, 0 if the guest itself would fault. */
static int shadow_fill(struct shadow_root *r, uint32_t va, uint32_t error_code,
		       int guest_user_mode)
{
	struct guest_walk w;
	if (va >= WEDGE_VIRT_BASE || guest_pt_walk(r->fmt, r->guest_root, va, &w) != 0)
		return 0;
	int write = (error_code & 2) != 0;
	if (guest_user_mode && !w.user)
		return 0;
	if (write && !w.writable && (guest_user_mode || (vcpu.cr0 & X86_CR0_WP)))
		return 0;
	uint32_t gpfn = w.gpa >> PAGE_SHIFT;
	if (!gpfn_valid(gpfn))
		guest_fault("the guest maps 0x%08lx to guest-physical 0x%08lx, outside its %lu MiB "
			    "of RAM",
			    (unsigned long)va, (unsigned long)w.gpa,
			    (unsigned long)(guest_phys.ram_bytes >> 20));

	int writable = w.writable && !is_rom_frame(gpfn);
	uint64_t pte = pte_for_mfn(gpfn_to_mfn(gpfn), shadow_flags(r, gpfn, w.writable, w.user, w.nx));

	int fresh = ensure_l1(r, va);
	if (read_shadow_pte(r, va) == pte)
		return fresh; /* mapped so before this fault: the access is not allowed */
	set_guest_accessed_dirty(&w, writable);
	if (r == current) {
		if (HYPERVISOR_update_va_mapping(va & ~0xfffu, pte, UVMF_INVLPG) != 0)
			wedge_bug("shadow_fill: Xen refused 0x%08lx -> mfn 0x%lx", (unsigned long)va,
				  (unsigned long)gpfn_to_mfn(gpfn).v);
	} else {
		mm_update_pte(shadow_pte_maddr(r, va), pte);
	}
	burn_counter_inc(&burn_counter_shadow_fill);
	return 1;
}

int shadow_fault(uint32_t va, uint32_t error_code, int guest_user_mode)
{
	if (current && shadow_fill(current, va, error_code, guest_user_mode))
		return 1;
	burn_counter_inc(&burn_counter_shadow_guest_fault);
	return 0;
}

void shadow_invalidate_page(uint32_t va)
{
	struct shadow_root *r = current;
	burn_counter_inc(&burn_counter_shadow_invlpg);
	if (!r || va >= WEDGE_VIRT_BASE || !r->l1[va >> 30][(va >> 21) & (L2_ENTRIES - 1)].v)
		return;
	HYPERVISOR_update_va_mapping(va & ~0xfffu, 0, UVMF_INVLPG);
}
