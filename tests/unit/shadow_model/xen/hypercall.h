/*
 * Host stand-in for xen/hypercall.h (tests/unit/test_shadow.c).  The real
 * header calls into Xen's hypercall page with inline assembly; here the
 * hypercalls the shadow MMU makes are functions of the Xen model
 * (tests/unit/shadow_model/xen_model.c), with the same signatures.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include "include/xen_public.h"

long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags);
long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count, unsigned int *done, domid_t dom);
long HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count, unsigned int *done,
                          domid_t dom);

#endif
