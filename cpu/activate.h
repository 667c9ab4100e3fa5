/*
 * VMI_Init's effect on the virtual CPU: the guest kernel leaves ring 3 for
 * ring 1 with its real descriptors and page protections.
 */
#ifndef CPU_ACTIVATE_H
#define CPU_ACTIVATE_H

#include "xen/trap_frame.h"

void vcpu_activate(struct trap_frame *f);
int vcpu_activated(void);

/* Make f return to a ring-1 context on the stack f->ss:f->esp. */
void frame_return_on_own_stack(struct trap_frame *f);

#endif
