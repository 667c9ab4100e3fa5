/*
 * The guest side of the shadow MMU's host model (model.h): guest RAM and its
 * p2m (wedge/guest_mem.h), the virtual CPU (cpu/vcpu.h), the console
 * (wedge/log.h) and the ways a run ends (wedge/panic.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "model.h"
#include "wedge/guest_mem.h"
#include "wedge/log.h"
#include "wedge/panic.h"

void model_guest_reset(void);

uint32_t guest_nr_pages;
struct guest_phys guest_phys;
struct vcpu vcpu;

struct model_catch *model_catcher;
enum model_stop model_stop_kind;
char model_stop_msg[1024];

void model_guest_reset(void)
{
	guest_nr_pages = MODEL_GUEST_PAGES;
	guest_phys = (struct guest_phys){.ram_bytes = MODEL_GUEST_PAGES << PAGE_SHIFT};
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_WP | X86_CR0_PG;
	vcpu.kernel_ring = 1;
	vcpu.activated = 1;
}

mfn_t gpfn_to_mfn(uint32_t gpfn)
{
	if (!gpfn_valid(gpfn))
		wedge_bug("gpfn_to_mfn: guest frame 0x%lx beyond guest RAM (%lu frames)",
		          (unsigned long)gpfn, (unsigned long)guest_nr_pages);
	return (mfn_t){MODEL_GUEST_MFN_BASE + gpfn};
}

/* Guest frame g is machine frame MODEL_GUEST_MFN_BASE + g, whose contents
 * are bytes g * 4096 on of model_guest_ram(). */
int guest_phys_read(uint32_t gpa, void *dst, uint32_t len)
{
	if (len > guest_phys.ram_bytes || gpa > guest_phys.ram_bytes - len)
		return -1;
	memcpy(dst, model_guest_ram() + gpa, len);
	return 0;
}

int guest_phys_write(uint32_t gpa, const void *src, uint32_t len)
{
	if (len > guest_phys.ram_bytes || gpa > guest_phys.ram_bytes - len)
		return -1;
	memcpy(model_guest_ram() + gpa, src, len);
	return 0;
}

/* ---- console --------------------------------------------------------------- */

void console_write(const char *buf, size_t len)
{
	if (getenv("SHADOW_TEST_VERBOSE"))
		fwrite(buf, 1, len, stderr);
}

void console_vprintf(const char *fmt, va_list ap)
{
	if (getenv("SHADOW_TEST_VERBOSE"))
		vfprintf(stderr, fmt, ap);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}

/* ---- the ends of a run ------------------------------------------------------- */

static const char *const stop_names[] = {"nothing", "wedge_bug", "guest_fault", "bad_input",
                                         "wedge_exit"};

static _Noreturn void stop(enum model_stop kind, const char *fmt, va_list ap)
{
	vsnprintf(model_stop_msg, sizeof(model_stop_msg), fmt, ap);
	model_stop_kind = kind;
	struct model_catch *c = model_catcher;
	if (c) {
		model_catcher = NULL;
		longjmp(c->env, 1);
	}
	print_error("unexpected %s: %s%s%s\n", stop_names[kind], model_stop_msg,
	            model_refusal[0] ? "\n  (Xen model's last refusal: " : "",
	            model_refusal[0] ? model_refusal : "");
	fail();
	abort();
}

void wedge_bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stop(STOP_WEDGE_BUG, fmt, ap);
}

void guest_fault(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stop(STOP_GUEST_FAULT, fmt, ap);
}

void bad_input(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stop(STOP_BAD_INPUT, fmt, ap);
}

static _Noreturn void stop_exit(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stop(STOP_EXIT, fmt, ap);
}

void wedge_exit(enum wedge_exit_code code)
{
	stop_exit("wedge_exit(0x%x)", (unsigned int)code);
}

void wedge_main_returned(void)
{
	stop_exit("wedge_main returned");
}
