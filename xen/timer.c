/*
 * VIRQ_TIMER and Xen's runstate area.  Xen's periodic 100 Hz tick is
 * stopped: every timer event the wedge gets is one it asked for.
 */
#define LOG_SUBSYS "timer"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/timer.h"
#include "xen/xen_state.h"

#define MAX_HOOKS 4

static timer_hook_t hooks[MAX_HOOKS];
static unsigned int nr_hooks;
static struct vcpu_runstate_info runstate;

BURN_COUNTER(timer_virq);

static void timer_virq(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	burn_counter_inc(&burn_counter_timer_virq);
	for (unsigned int i = 0; i < nr_hooks; i++)
		hooks[i]();
}

void timer_add_hook(timer_hook_t hook)
{
	BUG_ON(nr_hooks == MAX_HOOKS);
	hooks[nr_hooks++] = hook;
}

uint64_t timer_virq_count(void)
{
	return burn_counter_timer_virq.count;
}

void timer_init(void)
{
	events_bind_virq(VIRQ_TIMER, timer_virq, NULL);
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	struct vcpu_register_runstate_memory_area area = {.addr.v = &runstate};
	if (HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area) != 0)
		log_warn("Xen refused the runstate area: stolen time reads 0");
}

void timer_program(uint64_t when)
{
	if (HYPERVISOR_set_timer_op(when) != 0)
		wedge_bug("timer_program: set_timer_op refused");
}

uint64_t stolen_ns(void)
{
	volatile struct vcpu_runstate_info *r = &runstate;
	uint64_t entry, stolen;
	do {
		entry = r->state_entry_time;
		stolen = r->time[RUNSTATE_runnable] + r->time[RUNSTATE_offline];
	} while (entry != r->state_entry_time);
	return stolen;
}

uint64_t tsc_read(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}
