/*
 * wedge_main: the start-up sequence, one call per step, in the order the
 * steps depend on each other.
 */
#define LOG_SUBSYS "wedge"
#include "include/wedge_layout.h"
#include "wedge/cmdline.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/guest_boot.h"
#include "wedge/selftest.h"
#include "xen/mm.h"
#include "xen/timer.h"
#include "xen/hypercall.h"
#include "xen/xen_state.h"

#ifndef VMIWEDGE_VERSION
#define VMIWEDGE_VERSION "dev"
#endif

extern char boot_stack_top[], wedge_image_start[], wedge_image_end[];

_Noreturn void wedge_main(start_info_t *si);

_Noreturn void wedge_main(start_info_t *si)
{
	/* First: everything after this may bump a counter or print. */
	counters_init();
	hypercall_counters_init();
	console_printf("vmiwedge %s: VMI option ROM and afterburner wedge for Xen\n",
	               VMIWEDGE_VERSION);
	log_info("image 0x%08lx-0x%08lx (%lu KiB of %lu KiB), guest space below 0x%08lx",
	         (unsigned long)wedge_image_start, (unsigned long)wedge_image_end,
	         (unsigned long)(wedge_image_end - wedge_image_start) >> 10,
	         (unsigned long)WEDGE_IMAGE_MAX >> 10, (unsigned long)WEDGE_VIRT_BASE);

	/* Maps shared_info, which the trap and event code read. */
	start_info_init(si);

	char err[128];
	if (cmdline_parse((const char *)si->cmd_line, &wedge_options, err, sizeof(err)) != 0)
		bad_input("wedge command line: %s", err);

	trap_init();
	events_init();
	/* Traps from ring 3 land on this stack. */
	HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)boot_stack_top);

	mm_init(si);
	timer_init();
	selftest_timer_event();
	selftest_run(wedge_options.selftest);

	guest_boot(si);
	log_info("no guest module: nothing to boot; stopping");
	wedge_exit(EXIT_PASS);
}
