/*
 * Builds the boot page tables (page_tables.h) before paging is on.
 *
 * This code runs at its physical address while linked at its virtual one,
 * so it follows the rules that make non-PIC i386 code position-independent:
 * memory is reached only through pointers made by phys_ptr() (the link-time
 * address of a symbol is just a number; subtracting PAGE_OFFSET makes it
 * physical), no string literals, no switch (jump tables hold absolute
 * addresses), no globals read or written by name.  Direct calls are
 * PC-relative and would be fine.  Modern Linux builds its early tables in
 * C the same way (mk_early_pgtbl_32).
 */
#include <stdint.h>

#include "tests/guest/layout.h"
#include "tests/guest/page_tables.h"

struct guest_page_tables guest_page_tables __attribute__((section(".bss.page_aligned")));

static inline uint32_t phys_of(const void *virt)
{
	return (uint32_t)virt - GUEST_PAGE_OFFSET;
}

static inline guest_pte_t *phys_ptr(const void *virt)
{
	return (guest_pte_t *)phys_of(virt);
}

/* Index of the first directory entry covering `va` in its directory. */
static inline uint32_t directory_index(uint32_t va)
{
#if GUEST_PAE
	return (va >> 21) & (PTRS_PER_TABLE - 1);
#else
	return va >> 22;
#endif
}

uint32_t early_page_tables_build(void)
{
	struct guest_page_tables *t = &guest_page_tables;

	/* Every page table maps its share of physical 0..16 MiB, 4 KiB pages. */
	for (uint32_t i = 0; i < NR_PAGE_TABLES; i++) {
		guest_pte_t *pt = phys_ptr(t->pt[i]);
		for (uint32_t j = 0; j < PTRS_PER_TABLE; j++) {
			uint32_t frame = i * BYTES_PER_PAGE_TABLE + j * GUEST_PAGE_SIZE;
			pt[j] = (guest_pte_t)(frame | PTE_ATTR);
		}
	}

#if GUEST_PAE
	guest_pte_t *identity_dir = phys_ptr(t->pd_identity);
	guest_pte_t *kernel_dir = phys_ptr(t->pd_kernel);
#else
	guest_pte_t *identity_dir = phys_ptr(t->pd);
	guest_pte_t *kernel_dir = identity_dir;
#endif
	/* The same tables behind both ranges, so the two views alias. */
	for (uint32_t i = 0; i < NR_PAGE_TABLES; i++) {
		guest_pte_t pde = (guest_pte_t)(phys_of(t->pt[i]) | PDE_ATTR);
		identity_dir[directory_index(0) + i] = pde;
		kernel_dir[directory_index(GUEST_PAGE_OFFSET) + i] = pde;
	}

#if GUEST_PAE
	uint64_t *pdpt = (uint64_t *)phys_of(t->pdpt);
	pdpt[0] = phys_of(t->pd_identity) | PDPTE_ATTR;
	pdpt[GUEST_PAGE_OFFSET >> 30] = phys_of(t->pd_kernel) | PDPTE_ATTR;
	return phys_of(t->pdpt);
#else
	return phys_of(t->pd);
#endif
}
