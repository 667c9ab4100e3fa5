/*
 * Event channels for the wedge itself: callback registration, binding a
 * VIRQ to a handler, and the two-level pending-bitmap scan.  The upcall
 * arrives as pseudo-vector WEDGE_VECTOR_EVENT_UPCALL in trap(), with events
 * masked; events_unmask_and_drain() is how every path puts the mask back.
 */
#define LOG_SUBSYS "events"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/xen_state.h"

#define NR_EVENT_PORTS 1024 /* plenty for the wedge's own few */
#define BITS_PER_WORD  32

struct event_binding {
	event_handler_t handler;
	void *arg;
};

static struct event_binding event_bindings[NR_EVENT_PORTS];

BURN_COUNTER(event_unbound_port);

extern char hypervisor_callback[], failsafe_callback[];

static void register_callback(unsigned int type, void *entry, unsigned int flags)
{
	struct callback_register cb = {
	    .type = type,
	    .flags = flags,
	    .address = {.cs = FLAT_KERNEL_CS, .eip = (unsigned long)entry},
	};
	long rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
	if (rc != 0)
		wedge_bug("register_callback: type %u refused: %ld", type, rc);
}

void events_init(void)
{
	/* Xen masks events on entry to the upcall: interrupt-gate semantics. */
	register_callback(CALLBACKTYPE_event, hypervisor_callback, CALLBACKF_mask_events);
	register_callback(CALLBACKTYPE_failsafe, failsafe_callback, 0);
}

evtchn_port_t events_bind_virq(unsigned int virq, event_handler_t handler, void *arg)
{
	struct evtchn_bind_virq bind = {.virq = virq, .vcpu = 0};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (rc != 0)
		wedge_bug("events_bind_virq: VIRQ %u refused: %ld", virq, rc);
	if (bind.port >= NR_EVENT_PORTS)
		wedge_bug("events_bind_virq: port %u beyond the wedge's table", bind.port);
	event_bindings[bind.port] = (struct event_binding){handler, arg};
	asm volatile("lock btrl %1, %0"
	             : "+m"(xen_shared_info->evtchn_mask[0])
	             : "r"(bind.port)
	             : "memory");
	log_debug("VIRQ %u bound to port %u", virq, bind.port);
	return bind.port;
}

static void dispatch_port(evtchn_port_t port)
{
	if (port < NR_EVENT_PORTS && event_bindings[port].handler)
		event_bindings[port].handler(port, event_bindings[port].arg);
	else
		burn_counter_inc(&burn_counter_event_unbound_port);
}

/* Called with events masked. */
void events_dispatch(void)
{
	struct vcpu_info *v = vcpu0();
	shared_info_t *s = xen_shared_info;

	v->evtchn_upcall_pending = 0;
	unsigned long selectors = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (selectors) {
		unsigned int word = (unsigned int)__builtin_ctzl(selectors);
		selectors &= selectors - 1;
		unsigned long ready;
		while ((ready = s->evtchn_pending[word] & ~s->evtchn_mask[word]) != 0) {
			unsigned int bit = (unsigned int)__builtin_ctzl(ready);
			evtchn_port_t port = word * BITS_PER_WORD + bit;
			__atomic_fetch_and(&s->evtchn_pending[word], ~(1UL << bit),
			                   __ATOMIC_SEQ_CST);
			dispatch_port(port);
		}
	}
}

/*
 * Clear the upcall mask and return 1; or, if an event slipped in while it
 * was set, take it with the mask set again and return 0 (the caller looks
 * again).  An event arriving after the check enters a fresh upcall, nested
 * on this stack: bounded, because each upcall drains everything pending
 * before it unmasks.
 */
int events_try_unmask(void)
{
	struct vcpu_info *v = vcpu0();
	v->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
	if (!v->evtchn_upcall_pending)
		return 1;
	v->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
	events_dispatch();
	return 0;
}

void events_unmask_and_drain(void)
{
	while (!events_try_unmask())
		;
}

/* Wait for the next event: SCHEDOP_block unmasks atomically with the
 * check for pending work, so a wakeup cannot be lost.  Returns with events
 * masked, having run the handlers. */
void events_block(void)
{
	struct vcpu_info *v = vcpu0();
	v->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
	if (!v->evtchn_upcall_pending)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	v->evtchn_upcall_mask = 1;
	events_dispatch();
}
