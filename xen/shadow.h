/*
 * Shadow page tables: the address space Xen really runs the guest in,
 * built from the guest's own tables (which hold guest-physical frames).
 * Shadow L1s are shared between roots and kept in step with the guest's
 * tables at the points where hardware would refill its TLB.
 */
#ifndef XEN_SHADOW_H
#define XEN_SHADOW_H

#include <stdint.h>

#include "xen/guest_pt.h"

void shadow_init(void);

/* Run the guest on a fresh shadow of the tables at guest_root.  With
 * user_view, the guest kernel's pages are reachable from ring 3 (its
 * native boot runs there); without, the guest's own U/S bits rule. */
void shadow_switch(enum guest_pt_format fmt, uint32_t guest_root, int user_view);

/* A page fault at va: 1 if the guest's tables allow the access and the
 * shadow now maps it (retry), 0 if the guest itself would fault. */
int shadow_fault(uint32_t va, uint32_t error_code, int guest_user_mode);

/* The guest invalidated one page (invlpg), its non-global entries
 * (FlushTLB user) or everything (FlushTLB global). */
void shadow_invalidate_page(uint32_t va);
void shadow_flush(void);
void shadow_flush_user(void);
void shadow_flush_global(void);

/* The VMI page-table calls: the guest wrote the entry at pte_gpa (now
 * holding value); SetLazyMode(1) batches; a page stops or starts being a
 * page table (an L1 if !directory). */
void shadow_pte_written(uint32_t pte_gpa, uint64_t value, int defer);
void shadow_set_lazy(int on);
void shadow_flush_queue(void);
void shadow_table_changed(uint32_t gpa, int directory);

/* The guest format and root the current shadow follows. */
enum guest_pt_format shadow_current_format(void);
uint32_t shadow_current_root(void);

#endif
