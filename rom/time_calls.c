/*
 * The VMI timer calls (VMI-ABI.md §6) on Xen time.  Cycles are TSC cycles:
 * REAL is the TSC, STOLEN is Xen's runnable+offline time converted, and
 * AVAILABLE is their difference.  One alarm (REAL or AVAILABLE, one-shot or
 * periodic, absolute expiry in cycles) is carried by Xen's one-shot timer;
 * it fires as IRQ 0 on the virtual 8259.
 */
#define LOG_SUBSYS "vmi-time"
#include "include/vmi_abi.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/vpic.h"
#include "xen/timer.h"
#include "xen/xen_state.h"

#define FRONT_END(name) void name(burn_clobbers_frame_t *f)
#define NS_PER_SEC      1000000000ULL

struct alarm {
	int armed;
	uint64_t expiry; /* REAL cycles */
	uint64_t period; /* 0: one-shot */
};

static struct alarm alarm;

BURN_COUNTER(alarm_fired);
BURN_COUNTER(alarm_early_wakeup);

static uint64_t cycles_per_sec(void)
{
	return xen_tsc_khz() * 1000;
}

static uint64_t ns_to_cycles(uint64_t ns)
{
	return ns / 1000 * xen_tsc_khz() / 1000;
}

/* Xen system time at which the TSC will read `cycles`. */
static uint64_t cycles_to_system_time(uint64_t cycles)
{
	uint64_t now_tsc = tsc_read(), now_ns = xen_system_time_ns();
	if (cycles <= now_tsc)
		return now_ns;
	uint64_t delta = cycles - now_tsc;
	return now_ns + delta / xen_tsc_khz() * 1000000 +
	       delta % xen_tsc_khz() * 1000000 / xen_tsc_khz();
}

static void alarm_program(void)
{
	timer_program(alarm.armed ? cycles_to_system_time(alarm.expiry) : 0);
}

static void alarm_check(void)
{
	if (!alarm.armed)
		return;
	uint64_t now = tsc_read();
	if (now < alarm.expiry) {
		burn_counter_inc(&burn_counter_alarm_early_wakeup);
		alarm_program();
		return;
	}
	burn_counter_inc(&burn_counter_alarm_fired);
	vpic_raise(0);
	if (alarm.period) {
		/* Missed expiries are skipped, not queued (the spec's e0 + k*p). */
		uint64_t missed = (now - alarm.expiry) / alarm.period;
		alarm.expiry += (missed + 1) * alarm.period;
	} else {
		alarm.armed = 0;
	}
	alarm_program();
}

void vmi_time_init(void)
{
	timer_add_hook(alarm_check);
}

FRONT_END(vmi_get_cycle_frequency_ext);
FRONT_END(vmi_get_cycle_frequency_ext)
{
	uint64_t hz = cycles_per_sec();
	f->eax = (uint32_t)hz;
	f->edx = (uint32_t)(hz >> 32);
}

FRONT_END(vmi_get_cycle_counter_ext);
FRONT_END(vmi_get_cycle_counter_ext)
{
	uint64_t stolen = ns_to_cycles(stolen_ns()), v;
	switch (f->eax) {
	case VMI_CYCLES_REAL:
		v = tsc_read();
		break;
	case VMI_CYCLES_AVAILABLE:
		v = tsc_read() - stolen;
		break;
	default:
		v = stolen;
	}
	f->eax = (uint32_t)v;
	f->edx = (uint32_t)(v >> 32);
}

FRONT_END(vmi_get_wallclock_ext);
FRONT_END(vmi_get_wallclock_ext)
{
	volatile shared_info_t *s = xen_shared_info;
	uint32_t version, sec, sec_hi, nsec;
	do {
		version = s->wc_version;
		asm volatile("" ::: "memory");
		sec = s->wc_sec;
		sec_hi = s->arch.wc_sec_hi;
		nsec = s->wc_nsec;
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != s->wc_version);
	uint64_t ns = ((uint64_t)sec_hi << 32 | sec) * NS_PER_SEC + nsec + xen_system_time_ns();
	f->eax = (uint32_t)ns;
	f->edx = (uint32_t)(ns >> 32);
}

FRONT_END(vmi_wallclock_updated_ext);
FRONT_END(vmi_wallclock_updated_ext)
{
	f->eax = 0; /* the guest's clock never needs resetting from ours */
}

BURN_COUNTER(alarm_set);

FRONT_END(vmi_set_alarm_ext);
FRONT_END(vmi_set_alarm_ext)
{
	uint32_t flags = f->eax;
	burn_counter_inc(&burn_counter_alarm_set);
	if ((flags & VMI_ALARM_COUNTER_MASK) == VMI_CYCLES_STOLEN)
		return; /* alarms on stolen time are no-ops (spec) */
	alarm.expiry = (uint64_t)f->ecx << 32 | f->edx;
	alarm.period =
	    (flags & VMI_ALARM_IS_PERIODIC) ? ((uint64_t)f->params[1] << 32 | f->params[0]) : 0;
	alarm.armed = 1;
	alarm_program();
}

FRONT_END(vmi_cancel_alarm_ext);
FRONT_END(vmi_cancel_alarm_ext)
{
	alarm.armed = 0;
	alarm_program();
	f->eax = 1;
}
