/*
 * Xen's one-shot timer for this vcpu (VIRQ_TIMER), owned here: the VMI
 * alarm and the wedge's self-test both run on it.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <stdint.h>

typedef void (*timer_hook_t)(void);

/* Bind VIRQ_TIMER, stop Xen's periodic tick, register stolen-time area. */
void timer_init(void);
/* Called from the VIRQ handler, in registration order. */
void timer_add_hook(timer_hook_t hook);
/* Fire at Xen system time `when` (ns); 0 cancels. */
void timer_program(uint64_t when);
uint64_t timer_virq_count(void);

/* Time this vcpu was ready but not running, in ns (Xen runstate). */
uint64_t stolen_ns(void);

uint64_t tsc_read(void);

#endif
