/*
 * The guest writes its own page tables natively after VMI_Init and
 * flushes with InvalPage, FlushTLB and SetCR3 (the ROM answers NONE for
 * the page-table calls); the wedge's shadow has to follow (scratch_map.h
 * for the mappings; every access goes through a probe, so a wrong fault
 * fails the case instead of ending the run):
 *
 *   mmu-map-new-page: a PTE written into an empty slot maps its frame at
 *     once, without a flush (as Linux's set_pte for a new mapping).
 *   mmu-alias-write-read: a write through the new mapping shows through
 *     the kernel's mapping of the same frame, and the other way round.
 *   mmu-unmap-faults: PTE cleared + InvalPage: the next read faults, #PF
 *     error 0 (supervisor read, not present), GetCR2 the address.
 *   mmu-remap-invalpage: PTE pointed at another frame + InvalPage: the
 *     next read sees the new frame.
 *   mmu-flush-tlb-user: the same with FlushTLB(VMI_FLUSH_TLB).
 *   mmu-accessed-dirty: a fresh user PTE (U set) without A and D gets A
 *     (only) from a read and D from a write, in the guest's own entry.
 *     (User pages: Linux reads A and D of those alone, and the wedge sets
 *     them eagerly on kernel pages, VMI-ABI.md §5.4.)
 *   mmu-accessed-dirty-rearm: A and D cleared + InvalPage stay clear until
 *     the next read (A) and write (D) set them again.
 *   mmu-second-address-space: a copy of the top-level table (PAE: PDPT
 *     and the low page directory; 2-level: the directory) with another
 *     table behind the scratch slot, loaded by SetCR3: each address space
 *     sees its own frame at the same address, there and back twice, and
 *     GetCR3 follows.
 */
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/report.h"
#include "tests/guest/scratch_map.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"

#define VA_MAP   SCRATCH_VA(0x10)
#define VA_FLUSH SCRATCH_VA(0x11)
#define VA_AD    SCRATCH_VA(0x12)
#define VA_AS    SCRATCH_VA(0x13)

/* A probed read: the value, or a failure of the case if it faulted. */
static bool read_ok(const char *name, uint32_t va, uint32_t *value)
{
	catch_reset();
	*value = probe_read(va);
	if (caught.count) {
		case_fail(name, "reading 0x%08x raised vector %u error 0x%x (GetCR2 0x%08x)", va,
		          caught.vector, caught.error_code, vmi_get_cr2());
		return false;
	}
	return true;
}

static bool write_ok(const char *name, uint32_t va, uint32_t value)
{
	catch_reset();
	probe_write(va, value);
	if (caught.count) {
		case_fail(name, "writing 0x%08x raised vector %u error 0x%x (GetCR2 0x%08x)", va,
		          caught.vector, caught.error_code, vmi_get_cr2());
		return false;
	}
	return true;
}

static bool map_new_page(void)
{
	const char *name = "mmu-map-new-page";
	uint32_t v;
	pte_write(scratch_pte(VA_MAP), frame_phys(0) | PTE_P | PTE_RW);
	if (!read_ok(name, VA_MAP + 0x40, &v))
		return false;
	return case_check(name, v == frame_signature(0),
	                  "read 0x%08x through the new mapping of frame 0x%08x, want 0x%08x", v,
	                  frame_phys(0), frame_signature(0));
}

static void alias_write_read(void)
{
	const char *name = "mmu-alias-write-read";
	volatile uint32_t *kernel_view = frame_virt(0);
	uint32_t v;
	if (!write_ok(name, VA_MAP + 8, 0x11112222))
		return;
	uint32_t seen = kernel_view[2];
	kernel_view[3] = 0x33334444;
	if (!read_ok(name, VA_MAP + 12, &v))
		return;
	case_check(name, seen == 0x11112222 && v == 0x33334444,
	           "wrote 0x11112222 at 0x%08x, the kernel alias 0x%08x read 0x%08x; wrote "
	           "0x33334444 through the alias, 0x%08x read 0x%08x",
	           VA_MAP + 8, (uint32_t)&kernel_view[2], seen, VA_MAP + 12, v);
}

static void unmap_faults(void)
{
	const char *name = "mmu-unmap-faults";
	pte_write(scratch_pte(VA_MAP), 0);
	vmi_inval_page(VA_MAP);
	catch_reset();
	uint32_t v = probe_read(VA_MAP + 0x20);
	uint32_t cr2 = vmi_get_cr2();
	if (caught.count != 1) {
		case_fail(name, "reading 0x%08x after the unmap returned 0x%08x without a fault",
		          VA_MAP + 0x20, v);
		return;
	}
	case_check(name,
	           caught.vector == X86_TRAP_PF && caught.error_code == 0 && cr2 == VA_MAP + 0x20 &&
	               caught.eip == probe_fault_eip,
	           "vector %u error 0x%x at 0x%08x, GetCR2 0x%08x: want #PF error 0 at 0x%08x, "
	           "CR2 0x%08x",
	           caught.vector, caught.error_code, caught.eip, cr2, probe_fault_eip,
	           VA_MAP + 0x20);
}

static void remap_invalpage(void)
{
	const char *name = "mmu-remap-invalpage";
	volatile guest_pte_t *pte = scratch_pte(VA_MAP);
	uint32_t before, after;
	pte_write(pte, frame_phys(1) | PTE_P | PTE_RW);
	if (!read_ok(name, VA_MAP, &before))
		return;
	pte_write(pte, frame_phys(2) | PTE_P | PTE_RW);
	vmi_inval_page(VA_MAP);
	if (!read_ok(name, VA_MAP, &after))
		return;
	case_check(name, before == frame_signature(1) && after == frame_signature(2),
	           "read 0x%08x (want 0x%08x), after the remap + InvalPage 0x%08x (want 0x%08x)",
	           before, frame_signature(1), after, frame_signature(2));
}

static void flush_tlb_user(void)
{
	const char *name = "mmu-flush-tlb-user";
	volatile guest_pte_t *pte = scratch_pte(VA_FLUSH);
	uint32_t before, after;
	pte_write(pte, frame_phys(3) | PTE_P | PTE_RW);
	if (!read_ok(name, VA_FLUSH + 4, &before))
		return;
	pte_write(pte, frame_phys(4) | PTE_P | PTE_RW);
	vmi_flush_tlb(VMI_FLUSH_TLB);
	if (!read_ok(name, VA_FLUSH + 4, &after))
		return;
	case_check(name, before == frame_signature(3) && after == frame_signature(4),
	           "read 0x%08x (want 0x%08x), after the remap + FlushTLB(1) 0x%08x (want 0x%08x)",
	           before, frame_signature(3), after, frame_signature(4));
}

/* Read then write VA_AD; the entry's A and D after each. */
static bool touch_ad(const char *name, uint32_t *after_read, uint32_t *after_write)
{
	volatile guest_pte_t *pte = scratch_pte(VA_AD);
	uint32_t v;
	if (!read_ok(name, VA_AD + 16, &v))
		return false;
	*after_read = pte_read(pte);
	if (!write_ok(name, VA_AD + 16, v))
		return false;
	*after_write = pte_read(pte);
	return true;
}

static void accessed_dirty(void)
{
	const char *name = "mmu-accessed-dirty";
	volatile guest_pte_t *pte = scratch_pte(VA_AD);
	uint32_t fresh = frame_phys(5) | PTE_P | PTE_RW | PTE_US, r, w;
	pte_write(pte, fresh);
	if (!touch_ad(name, &r, &w))
		return;
	case_check(name, (r & (PTE_A | PTE_D)) == PTE_A && (w & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
	           "PTE 0x%08x, after a read 0x%08x (want A only), after a write 0x%08x (want A "
	           "and D)",
	           fresh, r, w);
}

static void accessed_dirty_rearm(void)
{
	const char *name = "mmu-accessed-dirty-rearm";
	volatile guest_pte_t *pte = scratch_pte(VA_AD);
	pte_write(pte, pte_read(pte) & ~(PTE_A | PTE_D));
	vmi_inval_page(VA_AD);
	uint32_t cleared = pte_read(pte), r, w;
	if (!touch_ad(name, &r, &w))
		return;
	case_check(name,
	           !(cleared & (PTE_A | PTE_D)) && (r & (PTE_A | PTE_D)) == PTE_A &&
	               (w & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
	           "PTE cleared 0x%08x, after a read 0x%08x (want A only), after a write 0x%08x "
	           "(want A and D)",
	           cleared, r, w);
}

/* The second address space: its own table behind the scratch slot. */
static guest_pte_t as2_pt[PTRS_PER_TABLE] __attribute__((aligned(GUEST_PAGE_SIZE)));
static guest_pte_t as2_dir[PTRS_PER_TABLE] __attribute__((aligned(GUEST_PAGE_SIZE)));
#if GUEST_PAE
static uint64_t as2_pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));
#endif

static uint32_t build_second_address_space(void)
{
	pte_write(&as2_pt[pte_index(VA_AS)], frame_phys(7) | PTE_P | PTE_RW);
#if GUEST_PAE
	memcpy(as2_dir, guest_page_tables.pd_identity, sizeof(as2_dir));
	pte_write(&as2_dir[pde_index(VA_AS)], virt_to_phys(as2_pt) | PDE_TABLE);
	memcpy(as2_pdpt, guest_page_tables.pdpt, sizeof(as2_pdpt));
	as2_pdpt[0] = virt_to_phys(as2_dir) | PDPTE_ATTR;
	return virt_to_phys(as2_pdpt);
#else
	memcpy(as2_dir, guest_page_tables.pd, sizeof(as2_dir));
	pte_write(&as2_dir[pde_index(VA_AS)], virt_to_phys(as2_pt) | PDE_TABLE);
	return virt_to_phys(as2_dir);
#endif
}

static void second_address_space(void)
{
	const char *name = "mmu-second-address-space";
	pte_write(scratch_pte(VA_AS), frame_phys(6) | PTE_P | PTE_RW);
	uint32_t root1 = vmi_get_cr3(), root2 = build_second_address_space();
	uint32_t seen1[2], seen2[2], cr3_in2[2], cr3_back = 0;
	for (unsigned int round = 0; round < 2; round++) {
		if (!read_ok(name, VA_AS, &seen1[round]))
			return;
		vmi_set_cr3(root2);
		cr3_in2[round] = vmi_get_cr3();
		bool ok = read_ok(name, VA_AS, &seen2[round]);
		vmi_set_cr3(root1);
		cr3_back = vmi_get_cr3();
		if (!ok)
			return;
	}
	bool ok = cr3_back == root1;
	for (unsigned int round = 0; round < 2; round++)
		ok = ok && seen1[round] == frame_signature(6) &&
		     seen2[round] == frame_signature(7) && cr3_in2[round] == root2;
	case_check(
	    name, ok,
	    "root 0x%08x reads 0x%08x then 0x%08x (want 0x%08x); root 0x%08x (GetCR3 0x%08x, "
	    "0x%08x) reads 0x%08x then 0x%08x (want 0x%08x); GetCR3 back 0x%08x",
	    root1, seen1[0], seen1[1], frame_signature(6), root2, cr3_in2[0], cr3_in2[1], seen2[0],
	    seen2[1], frame_signature(7), cr3_back);
}

void run_mmu_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "mmu-map-new-page",         "mmu-alias-write-read",     "mmu-unmap-faults",
	    "mmu-remap-invalpage",      "mmu-flush-tlb-user",       "mmu-accessed-dirty",
	    "mmu-accessed-dirty-rearm", "mmu-second-address-space",
	};
	if (not_run_why) {
		for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	scratch_init();
	if (map_new_page()) {
		alias_write_read();
		unmap_faults();
	} else {
		case_not_run("mmu-alias-write-read", "mmu-map-new-page failed");
		case_not_run("mmu-unmap-faults", "mmu-map-new-page failed");
	}
	remap_invalpage();
	flush_tlb_user();
	accessed_dirty();
	accessed_dirty_rearm();
	second_address_space();
}
