/*
 * Delivering a vector to the guest through its own IDT, with the frame the
 * hardware would have built for it.
 */
#ifndef CPU_DELIVER_H
#define CPU_DELIVER_H

#include <stdint.h>

#include "xen/trap_frame.h"

#define DELIVER_NO_ERROR_CODE (-1L)

/* Rewrite f so that returning from trap() enters the guest's handler. */
void deliver_to_guest(struct trap_frame *f, unsigned int vector, long error_code);

#endif
