/*
 * Ending the run: print the counters and a final status line, then carry
 * the exit code to the host.  Under QEMU that is a byte to isa-debug-exit
 * (port 0xf4); I/O privilege is raised only for that last write, once the
 * guest can no longer run.  Without that device (e.g. under xl) the write
 * does nothing and SCHEDOP_shutdown ends the domain instead.
 */
#define LOG_SUBSYS "wedge"
#include <stdarg.h>

#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"

static const char *exit_code_name(enum wedge_exit_code code)
{
	switch (code) {
	case EXIT_PASS:
		return "pass";
	case EXIT_FAIL:
		return "fail";
	case EXIT_GUEST_FAULT:
		return "guest-fault";
	case EXIT_WEDGE_BUG:
		return "wedge-bug";
	case EXIT_BAD_INPUT:
		return "bad-input";
	case EXIT_POWEROFF:
		return "poweroff";
	case EXIT_REBOOT:
		return "reboot";
	}
	return "unknown";
}

static void mask_events(void)
{
	extern shared_info_t *xen_shared_info;
	if (xen_shared_info)
		xen_shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
}

_Noreturn void wedge_exit(enum wedge_exit_code code)
{
	static int exiting;

	mask_events();
	if (!exiting++) {
		counters_print();
		console_printf("wedge: exit %s (status 0x%x)\n", exit_code_name(code), code);
	}

	struct physdev_set_iopl iopl = {.iopl = 1};
	if (HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl) == 0)
		asm volatile("outb %b0, %w1" : : "a"((unsigned char)code), "Nd"(DEBUG_EXIT_PORT));

	struct sched_shutdown reason = {.reason = SHUTDOWN_poweroff};
	if (code == EXIT_REBOOT)
		reason.reason = SHUTDOWN_reboot;
	else if (code != EXIT_PASS && code != EXIT_POWEROFF)
		reason.reason = SHUTDOWN_crash;
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
}

static _Noreturn void report_and_exit(enum wedge_exit_code code, const char *what, const char *fmt,
                                      va_list ap)
{
	mask_events();
	console_printf("%s: ", what);
	console_vprintf(fmt, ap);
	console_write("\n", 1);
	wedge_exit(code);
}

_Noreturn void wedge_bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_and_exit(EXIT_WEDGE_BUG, "wedge bug", fmt, ap);
}

_Noreturn void guest_fault(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_and_exit(EXIT_GUEST_FAULT, "guest fault", fmt, ap);
}

_Noreturn void bad_input(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_and_exit(EXIT_BAD_INPUT, "bad input", fmt, ap);
}

_Noreturn void wedge_main_returned(void)
{
	wedge_bug("wedge_main returned");
}
