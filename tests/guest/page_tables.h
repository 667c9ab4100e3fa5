/*
 * The guest's own boot page tables, in the format the build selects
 * (GUEST_PAE=1: PDPT + page directories + page tables with 64-bit entries;
 * GUEST_PAE=0: 2-level with 32-bit entries).  4 KiB pages only.  Both
 * physical 0..16 MiB at identity and at PAGE_OFFSET share one set of page
 * tables, as in Linux's head_32.S.
 */
#ifndef GUEST_PAGE_TABLES_H
#define GUEST_PAGE_TABLES_H

#include <stdint.h>

#include "tests/guest/layout.h"

#ifndef GUEST_PAE
#error "build with -DGUEST_PAE=1 (PAE page tables) or -DGUEST_PAE=0 (2-level)"
#endif

#if GUEST_PAE
typedef uint64_t guest_pte_t;
#define PTRS_PER_TABLE 512 /* PT and PD alike */
#define PDPT_ENTRIES   4
#else
typedef uint32_t guest_pte_t;
#define PTRS_PER_TABLE 1024
#endif

/* Bytes one page table maps, and how many tables cover the mapped range. */
#define BYTES_PER_PAGE_TABLE (PTRS_PER_TABLE * GUEST_PAGE_SIZE)
#define NR_PAGE_TABLES       (GUEST_MAPPED_BYTES / BYTES_PER_PAGE_TABLE)

/* Linux's PTE_IDENT_ATTR, PDE_IDENT_ATTR and (PAE) PGD_IDENT_ATTR: in
 * legacy PAE mode a PDPT entry may carry only Present (RW/US/A/D are
 * reserved there and would make the CR3 load fault). */
#define PTE_ATTR   0x003 /* present, writable */
#define PDE_ATTR   0x063 /* present, writable, accessed, dirty */
#define PDPTE_ATTR 0x001 /* present */

struct guest_page_tables {
	guest_pte_t pt[NR_PAGE_TABLES][PTRS_PER_TABLE];
#if GUEST_PAE
	guest_pte_t pd_identity[PTRS_PER_TABLE]; /* for PDPT slot 0: 0..1 GiB */
	guest_pte_t pd_kernel[PTRS_PER_TABLE];   /* for PDPT slot 3: PAGE_OFFSET.. */
	uint64_t pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));
#else
	guest_pte_t pd[PTRS_PER_TABLE];
#endif
} __attribute__((aligned(GUEST_PAGE_SIZE)));

extern struct guest_page_tables guest_page_tables;

/* Called by head.S with paging off: fill the tables, return the physical
 * address for CR3. */
uint32_t early_page_tables_build(void);

#endif
