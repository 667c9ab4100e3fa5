/*
 * Reading memory that may not be mapped: probe_copy() returns -1 instead of
 * faulting, because trap() moves a fault at its copy instruction to the
 * failure return.  Used by fault reports and, later, guest memory access.
 */
#ifndef XEN_TRAP_PROBE_H
#define XEN_TRAP_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "xen/trap_frame.h"

int probe_copy(void *dst, const void *src, size_t n);
extern char probe_copy_insn[], probe_copy_fault[];

static inline int probe_fixup(struct trap_frame *f)
{
	if (f->eip != (uint32_t)probe_copy_insn)
		return 0;
	f->eip = (uint32_t)probe_copy_fault;
	return 1;
}

#endif
