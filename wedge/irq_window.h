/*
 * Getting virtual interrupts into the guest: at the end of a trap that
 * returns to guest code with interrupts enabled, and at the ROM's interrupt
 * windows (EnableInterrupts, SetInterruptMask, IRET, Halt).
 */
#ifndef WEDGE_IRQ_WINDOW_H
#define WEDGE_IRQ_WINDOW_H

#include <stdint.h>

#include "xen/trap_frame.h"

/* Read by the ROM's hot stubs: the virtual 8259 has an interrupt to give. */
extern uint8_t vmi_irq_pending;
/* Set at VMI_Init when the guest's interrupts were off (see irq_window.c). */
extern uint8_t vmi_irq_restore_after_init;

/* From the ROM: handle pending events; the handler address of an interrupt
 * the guest must take now (events left masked), or 0 (events unmasked). */
uint32_t vmi_irq_window(void);

/* trap()'s tail: deliver a pending interrupt if f returns to guest code with
 * interrupts on.  Returns 1 if it did. */
int irq_deliver_at_trap(struct trap_frame *f);

#endif
