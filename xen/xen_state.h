/*
 * What the wedge knows about its Xen domain: start_info, the mapped
 * shared_info page, vcpu 0, event channels and time.  One declaration list
 * for the xen/ files; each says where it is defined.
 */
#ifndef XEN_STATE_H
#define XEN_STATE_H

#include "include/xen_public.h"

/* xen/start_info.c */
extern start_info_t *xen_start_info;
extern shared_info_t *xen_shared_info;
void start_info_init(start_info_t *si);
static inline struct vcpu_info *vcpu0(void)
{
	return &xen_shared_info->vcpu_info[0];
}

/* xen/events.c */
typedef void (*event_handler_t)(evtchn_port_t port, void *arg);
void events_init(void);
evtchn_port_t events_bind_virq(unsigned int virq, event_handler_t handler, void *arg);
void events_dispatch(void);
void events_unmask_and_drain(void);
int events_try_unmask(void);
void events_block(void);

/* xen/time.c */
uint64_t xen_system_time_ns(void);
uint64_t xen_tsc_khz(void);

/* xen/trap.c */
struct trap_frame;
void trap_init(void);
void trap(struct trap_frame *f);
void trap_dump(const struct trap_frame *f);
void trap_direct_to_guest(unsigned int vector, uint16_t cs, uint32_t handler, unsigned int dpl,
                          int interrupt_gate);
void trap_direct_to_wedge(unsigned int vector);
extern int trap_expect_breakpoint;
extern int trap_guest_running;
extern const struct trap_frame *trap_current_frame;

#endif
