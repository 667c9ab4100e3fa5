/*
 * The VMI page-table calls (VMI-ABI.md §5).  The guest's tables stay the
 * guest's: SetPxE writes the entry into guest memory for Linux (whose set_pte
 * now calls us instead of storing) and the shadow follows, at once or, in a
 * SetLazyMode batch or with VMI_PAGE_DEFER, in one mmu_update when the batch
 * ends.  UpdatePxE says Linux edited an entry itself.  Allocate/ReleasePage
 * tell the shadow when a page starts or stops being a table.
 * SetLinearMapping gives the translation from ptep to guest-physical.
 */
#define LOG_SUBSYS "vmi-mmu"
#include "cpu/vcpu.h"
#include "include/vmi_abi.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/guest_pt.h"
#include "xen/shadow.h"
#include "xen/trap_probe.h"

#define FRONT_END(name)     void name(burn_clobbers_frame_t *f)
#define LINEAR_SLOTS        4
#define VMI_PAGE_LEVEL_MASK (VMI_PAGE_PT | VMI_PAGE_PD | VMI_PAGE_PDP)

struct linear_mapping {
	uint32_t va, pages, first_pfn;
};

static struct linear_mapping linear[LINEAR_SLOTS];

BURN_COUNTER(mmu_linear_translate);
BURN_COUNTER(mmu_walk_translate);

/* Where the entry at ptep lives in guest-physical memory. */
static uint32_t ptep_to_gpa(uint32_t ptep, const char *call)
{
	for (unsigned int i = 0; i < LINEAR_SLOTS; i++) {
		const struct linear_mapping *m = &linear[i];
		if (m->pages && ptep - m->va < m->pages * PAGE_SIZE) {
			burn_counter_inc(&burn_counter_mmu_linear_translate);
			return m->first_pfn * PAGE_SIZE + (ptep - m->va);
		}
	}
	struct guest_walk w;
	if (guest_pt_walk(shadow_current_format(), shadow_current_root(), ptep, &w) != 0)
		guest_fault("%s: the entry address 0x%08lx is not mapped", call,
		            (unsigned long)ptep);
	burn_counter_inc(&burn_counter_mmu_walk_translate);
	return w.gpa;
}

static void store_entry(uint32_t ptep, uint64_t value, int is64, const char *call)
{
	if (ptep >= WEDGE_VIRT_BASE || (ptep & (is64 ? 7u : 3u)))
		guest_fault("%s: bad entry address 0x%08lx", call, (unsigned long)ptep);
	/* High half first, as Linux's own PAE set_pte does. */
	uint32_t halves[2] = {(uint32_t)value, (uint32_t)(value >> 32)};
	if ((is64 && probe_copy((void *)(ptep + 4), &halves[1], 4) != 0) ||
	    probe_copy((void *)ptep, &halves[0], 4) != 0)
		guest_fault("%s: cannot write the entry at 0x%08lx", call, (unsigned long)ptep);
}

static void entry_written(uint32_t ptep, uint64_t value, uint32_t flags, const char *call)
{
	/* Directory entries need nothing now: the roots re-read directories
	 * at flushes and faults, as the TLB would. */
	if ((flags & VMI_PAGE_LEVEL_MASK) != VMI_PAGE_PT)
		return;
	shadow_pte_written(ptep_to_gpa(ptep, call), value, (flags & VMI_PAGE_DEFER) != 0);
}

#define PTE_BIT_PRESENT  0x1u
#define PTE_BIT_RW       0x2u
#define PTE_BIT_USER     0x4u
#define PTE_BIT_ACCESSED 0x20u
#define PTE_BIT_DIRTY    0x40u

/* A kernel page's accessed and dirty bits are set as soon as it is
 * shadowed (xen/shadow_l1.c): set them in the value before it is stored,
 * so that the entry is written once. */
static uint64_t with_kernel_ad(uint64_t value, uint32_t flags)
{
	if ((flags & VMI_PAGE_LEVEL_MASK) != VMI_PAGE_PT ||
	    (value & (PTE_BIT_PRESENT | PTE_BIT_USER)) != PTE_BIT_PRESENT)
		return value;
	return value | PTE_BIT_ACCESSED | ((value & PTE_BIT_RW) ? PTE_BIT_DIRTY : 0);
}

FRONT_END(vmi_set_pxe_ext);
FRONT_END(vmi_set_pxe_ext)
{
	uint32_t value = (uint32_t)with_kernel_ad(f->eax, f->ecx);
	store_entry(f->edx, value, 0, "SetPxE");
	entry_written(f->edx, value, f->ecx, "SetPxE");
}

FRONT_END(vmi_set_pxe_long_ext);
FRONT_END(vmi_set_pxe_long_ext)
{
	uint64_t value = with_kernel_ad((uint64_t)f->edx << 32 | f->eax, f->params[0]);
	store_entry(f->ecx, value, 1, "SetPxELong");
	entry_written(f->ecx, value, f->params[0], "SetPxELong");
}

static void update_entry(uint32_t ptep, uint32_t flags, int is64, const char *call)
{
	uint64_t value = 0;
	if (ptep >= WEDGE_VIRT_BASE || probe_copy(&value, (const void *)ptep, is64 ? 8 : 4) != 0)
		guest_fault("%s: cannot read the entry at 0x%08lx", call, (unsigned long)ptep);
	entry_written(ptep, value, flags, call);
}

FRONT_END(vmi_update_pxe_ext);
FRONT_END(vmi_update_pxe_ext)
{
	update_entry(f->eax, f->edx, 0, "UpdatePxE");
}

FRONT_END(vmi_update_pxe_long_ext);
FRONT_END(vmi_update_pxe_long_ext)
{
	update_entry(f->eax, f->edx, 1, "UpdatePxELong");
}

/* A fresh table (its old shadows, if the page was one before, are stale);
 * CLONE copies are the guest's own memcpy, which the shadow reads. */
FRONT_END(vmi_allocate_page_ext);
FRONT_END(vmi_allocate_page_ext)
{
	shadow_table_changed(f->eax * PAGE_SIZE, (f->edx & VMI_PAGE_PT) == 0);
}

FRONT_END(vmi_release_page_ext);
FRONT_END(vmi_release_page_ext)
{
	shadow_table_changed(f->eax * PAGE_SIZE, (f->edx & VMI_PAGE_PT) == 0);
}

FRONT_END(vmi_set_linear_mapping_ext);
FRONT_END(vmi_set_linear_mapping_ext)
{
	uint32_t slot = f->eax;
	if (slot >= LINEAR_SLOTS)
		guest_fault("SetLinearMapping: slot %lu (there are %u)", (unsigned long)slot,
		            LINEAR_SLOTS);
	linear[slot] =
	    (struct linear_mapping){.va = f->edx, .pages = f->ecx, .first_pfn = f->params[0]};
}

FRONT_END(vmi_set_lazy_mode_ext);
FRONT_END(vmi_set_lazy_mode_ext)
{
	/* 1 batches MMU updates; 0 ends any batch; 2 (context switch) has
	 * nothing to batch here but ends an MMU batch. */
	shadow_set_lazy(f->eax == 1);
}
