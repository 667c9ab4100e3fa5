/*
 * Case bookkeeping and the run's end (report.h).
 */
#include <stdarg.h>

#include "include/exit_codes.h"
#include "tests/guest/console.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/x86.h"

_Static_assert(ASM_DEBUG_EXIT_PORT == DEBUG_EXIT_PORT, "layout.h's copy of the exit port");
_Static_assert(ASM_EXIT_FAIL == EXIT_FAIL, "layout.h's copy of EXIT_FAIL");

static unsigned int passed, failed;

void case_pass(const char *name)
{
	passed++;
	guest_printf("guest: pass %s\n", name);
}

static void case_vfail(const char *name, const char *fmt, va_list ap)
{
	failed++;
	guest_printf("guest: FAIL %s: ", name);
	guest_vprintf(fmt, ap);
	console_putc('\n');
}

void case_fail(const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	case_vfail(name, fmt, ap);
	va_end(ap);
}

bool case_check(const char *name, bool ok, const char *fmt, ...)
{
	if (ok) {
		case_pass(name);
		return true;
	}
	va_list ap;
	va_start(ap, fmt);
	case_vfail(name, fmt, ap);
	va_end(ap);
	return false;
}

void case_not_run(const char *name, const char *why)
{
	case_fail(name, "not run: %s", why);
}

void report_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_write("guest: info ", 12);
	guest_vprintf(fmt, ap);
	va_end(ap);
	console_putc('\n');
}

unsigned int cases_failed(void)
{
	return failed;
}

static void print_summary(void)
{
	guest_printf("guest: %u passed, %u failed\n", passed, failed);
}

_Noreturn void report_summary_and_exit(void)
{
	print_summary();
	guest_exit(failed ? EXIT_FAIL : EXIT_PASS);
}

_Noreturn void report_summary_and_exit_fail(void)
{
	print_summary();
	guest_exit(EXIT_FAIL);
}

_Noreturn void guest_exit(uint8_t code)
{
	outb(code, DEBUG_EXIT_PORT);
	halt_forever();
}
