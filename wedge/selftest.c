/*
 * Self-tests of the wedge's own machinery on the real Xen.  Each one either
 * returns (and the boot carries on) or ends the run through the very path it
 * tests; tests/integration.py checks the console lines and exit codes.
 */
#define LOG_SUBSYS "selftest"
#include <string.h>

#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/selftest.h"
#include "xen/hypercall.h"
#include "xen/timer.h"
#include "xen/xen_state.h"

#define TIMER_DELAY_NS   1000000ULL /* 1 ms */
#define TIMER_GIVE_UP_NS 2000000000ULL

void selftest_timer_event(void)
{
	uint64_t start = xen_system_time_ns();
	uint64_t seen = timer_virq_count();
	timer_program(start + TIMER_DELAY_NS);
	while (timer_virq_count() == seen) {
		if (xen_system_time_ns() - start > TIMER_GIVE_UP_NS)
			wedge_bug("selftest_timer_event: no timer event within 2 s");
		events_block();
	}
	uint64_t waited = xen_system_time_ns() - start;
	log_info("timer event received after %lu us (TSC %lu kHz)", (unsigned long)(waited / 1000),
	         (unsigned long)xen_tsc_khz());
}

static void selftest_breakpoint(void)
{
	trap_expect_breakpoint = 1;
	asm volatile("int3");
	if (trap_expect_breakpoint)
		wedge_bug("selftest_breakpoint: int3 did not reach trap()");
	log_info("int3 trapped and resumed");
}

void selftest_run(const char *name)
{
	if (!name)
		return;
	log_info("running '%s'", name);
	if (strcmp(name, "int3") == 0) {
		selftest_breakpoint();
	} else if (strcmp(name, "ud2") == 0) {
		asm volatile("ud2");
		wedge_bug("selftest ud2: execution continued past ud2");
	} else if (strcmp(name, "pagefault") == 0) {
		volatile uint32_t *unmapped = (volatile uint32_t *)0x1000;
		(void)*unmapped;
		wedge_bug("selftest pagefault: read of 0x1000 did not fault");
	} else if (strcmp(name, "hang") == 0) {
		/* For the harness's own timeout test: spin with events masked. */
		vcpu0()->evtchn_upcall_mask = 1;
		for (;;)
			asm volatile("pause");
	} else if (strcmp(name, "rom") == 0) {
		selftest_rom();
	} else if (strcmp(name, "bug") == 0) {
		BUG_ON(name[0] == 'b');
	} else {
		bad_input("selftest=%s: unknown (known: int3, ud2, pagefault, rom, bug, hang)",
		          name);
	}
}
