/*
 * Emulating the privileged instructions the guest kernel executes natively
 * (its whole boot before VMI_Init runs at ring 3; afterwards port I/O, hlt
 * and invlpg still trap).
 */
#ifndef CPU_EMULATE_H
#define CPU_EMULATE_H

#include "xen/trap_frame.h"

/* A #GP from guest code: 1 if emulated (f updated to resume after it, or
 * a guest exception delivered), 0 if it is no instruction we emulate. */
int emulate_privileged(struct trap_frame *f);

#endif
