/*
 * Guest-physical memory: a contiguous run of the domain's frames, guest
 * frame g backed by domain frame first + g.  The p2m the shadow MMU uses
 * (guest frame -> machine frame) and byte access for the loader and the
 * emulator.
 */
#ifndef WEDGE_GUEST_MEM_H
#define WEDGE_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "wedge/loader.h"
#include "xen/mm.h"

extern uint32_t guest_nr_pages;
extern struct guest_phys guest_phys;

/* Claim guest RAM: everything left but the wedge's own pool, capped by
 * limit_kib when non-zero. */
void guest_mem_init(unsigned long limit_kib);

static inline int gpfn_valid(uint32_t gpfn)
{
	return gpfn < guest_nr_pages;
}
mfn_t gpfn_to_mfn(uint32_t gpfn);

int guest_phys_read(uint32_t gpa, void *dst, uint32_t len);
int guest_phys_write(uint32_t gpa, const void *src, uint32_t len);

#endif
