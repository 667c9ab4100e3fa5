/*
 * Shared between the two halves of the shadow MMU: xen/shadow_l1.c (shadow
 * L1 pages, one per guest page table, cached and shared by every address
 * space that uses that table) and xen/shadow.c (roots and the VMI-facing
 * operations).
 */
#ifndef XEN_SHADOW_INTERNAL_H
#define XEN_SHADOW_INTERNAL_H

#include <stdint.h>

#include "xen/guest_pt.h"
#include "xen/mm.h"

#define SL1_ENTRIES  512
#define REGION_SHIFT 21 /* one shadow L1 maps 2 MiB */

enum sl1_kind { SL1_NONE, SL1_TABLE, SL1_LARGE, SL1_IDENTITY };

/* What a 2 MiB region of guest address space is mapped through, in the
 * guest's tables: the identity of the shadow L1 that can serve it. */
struct sl1_key {
	uint8_t kind;
	uint8_t half;        /* 2-level: which half of the 4 MiB table */
	uint8_t user_view;   /* guest kernel pages reachable from ring 3 */
	uint8_t is64;        /* PAE entries */
	uint32_t gpa;        /* TABLE: the guest page table; LARGE: first byte mapped;
	                        IDENTITY: the region's own base */
	uint32_t pde_rights; /* RW/US/NX of the directory entry above it */
};

struct sl1 {
	struct sl1_key key;
	dpfn_t frame;
	mfn_t mfn;
	uint16_t refs; /* roots whose L2 points here */
	uint8_t used;
	uint8_t orphan; /* its guest table was released: no longer in the cache */
	/* The shadow matches the guest table as it was when it summed to
	 * synced_sum (and EFER.NX was synced_nx): a resync finding the same
	 * sum has nothing to do. */
	uint8_t synced, synced_nx;
	uint64_t synced_sum;
	uint32_t last_use;
	struct sl1 *hash_next;
};

/* The key for `base` in the guest tables rooted at root_gpa. */
void sl1_key_for(enum guest_pt_format fmt, uint32_t root_gpa, int user_view, uint32_t base,
                 struct sl1_key *key);

/* The cached shadow L1 for key, made and filled if there is none; its
 * reference count is raised for the caller.  resync: bring a cached one up
 * to date with the guest's table first. */
struct sl1 *sl1_get(const struct sl1_key *key, int resync);
void sl1_put(struct sl1 *s);

/* Bring every entry (or the one for va) in line with the guest's table. */
void sl1_resync(struct sl1 *s);
/* 1 if the entry for va changed. */
int sl1_resync_entry(struct sl1 *s, uint32_t va, uint32_t error_code, int guest_user_mode);

void sl1_init(void);

/* The cached shadow for key, without taking a reference; NULL if none. */
struct sl1 *sl1_find(const struct sl1_key *key);
/* Does the shadow entry for va already permit this access? */
int sl1_entry_allows(struct sl1 *s, uint32_t va, uint32_t error_code, int guest_user_mode);
/* Resync every cached shadow (a global flush). */
void sl1_resync_all(void);

/* The guest wrote one entry of a page table (pte_gpa): update its shadows,
 * now or, with defer, at the next sl1_flush_queue(). */
void sl1_guest_entry_written(uint32_t pte_gpa, uint64_t value, int defer);
void sl1_flush_queue(void);
void sl1_forget_table(uint32_t table_gpa);

#endif
