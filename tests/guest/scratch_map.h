/*
 * A stretch of virtual addresses the guest maps itself, with native
 * page-table writes, for the MMU and user-mode cases: one page table of
 * its own (scratch_pt) behind the directory entry for SCRATCH_BASE (below
 * PAGE_OFFSET, beyond the 16 MiB identity map), and a pool of data frames
 * from the guest's own memory.  Addresses are physical = virtual -
 * PAGE_OFFSET, as for every page the guest image holds.
 */
#ifndef GUEST_SCRATCH_MAP_H
#define GUEST_SCRATCH_MAP_H

#include <stdint.h>

#include "tests/guest/page_tables.h"

#define SCRATCH_BASE     0x20000000u
#define SCRATCH_VA(page) (SCRATCH_BASE + (uint32_t)(page)*GUEST_PAGE_SIZE)
#define SCRATCH_PAGES    PTRS_PER_TABLE

#define PTE_P  0x001u
#define PTE_RW 0x002u
#define PTE_US 0x004u
#define PTE_A  0x020u
#define PTE_D  0x040u
/* Linux's _PAGE_TABLE: present, writable, user, accessed, dirty. */
#define PDE_TABLE 0x067u

#define SCRATCH_FRAMES 12

/* Install scratch_pt (all entries clear) in the live directory. */
void scratch_init(void);

/* The guest's entry for va in scratch_pt. */
volatile guest_pte_t *scratch_pte(uint32_t va);
/* Entries are written and read through their low 32 bits (the high half
 * of a PAE entry, written first, is always 0 here). */
void pte_write(volatile guest_pte_t *p, uint32_t v);
uint32_t pte_read(const volatile guest_pte_t *p);

/* Pool frame n: its kernel virtual address, its physical address, and
 * the signature scratch_init wrote in every word of it. */
uint32_t *frame_virt(unsigned int n);
uint32_t frame_phys(unsigned int n);
uint32_t frame_signature(unsigned int n);

static inline uint32_t virt_to_phys(const void *p)
{
	return (uint32_t)p - GUEST_PAGE_OFFSET;
}

/* Index of va's entry in its page table, and of its directory entry in
 * the directory that covers it (PAE: the one for va's 1 GiB slot). */
static inline uint32_t pte_index(uint32_t va)
{
	return (va >> 12) & (PTRS_PER_TABLE - 1);
}
static inline uint32_t pde_index(uint32_t va)
{
#if GUEST_PAE
	return (va >> 21) & (PTRS_PER_TABLE - 1);
#else
	return va >> 22;
#endif
}

#endif
