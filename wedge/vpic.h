/*
 * The virtual 8259A pair: the interrupt controller a VMI Linux without a
 * local APIC programs with native port I/O, and through which the VMI
 * alarm arrives as IRQ 0.
 */
#ifndef WEDGE_VPIC_H
#define WEDGE_VPIC_H

#include <stdint.h>

#define VPIC_NO_VECTOR (-1)

void vpic_reset(void);
uint8_t vpic_port_read(uint16_t port);
void vpic_port_write(uint16_t port, uint8_t value);

/* An edge on an interrupt line (0-15). */
void vpic_raise(unsigned int irq);
/* The vector the CPU would take now, or VPIC_NO_VECTOR. */
int vpic_pending_vector(void);
/* The CPU takes it: IRR -> ISR (the INTA cycle). */
void vpic_acknowledge(void);

#endif
