/*
 * Booting the guest from the Xen module: load, install the ROM, and enter
 * it at its 32-bit entry point, deprivileged.
 */
#ifndef WEDGE_GUEST_BOOT_H
#define WEDGE_GUEST_BOOT_H

#include "include/xen_public.h"

/* Returns only if there is no module; otherwise the guest runs. */
void guest_boot(start_info_t *si);

#endif
