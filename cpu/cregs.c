/*
 * Control-register writes and their effects.
 */
#define LOG_SUBSYS "cpu"
#include "cpu/cregs.h"
#include "cpu/vcpu.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "xen/hypercall.h"
#include "xen/shadow.h"

BURN_COUNTER(fpu_taskswitch);

static enum guest_pt_format paging_format(void)
{
	return (vcpu.cr4 & X86_CR4_PAE) ? GUEST_PT_PAE : GUEST_PT_2LEVEL;
}

/* The guest kernel's pages are reachable from ring 3 only while it runs
 * there (its native boot). */
static void follow_paging(void)
{
	int user_view = !vcpu.activated;
	if (vcpu_paging())
		shadow_switch(paging_format(), vcpu.cr3, user_view);
	else
		shadow_switch(GUEST_PT_IDENTITY, 0, user_view);
}

void cr0_write(uint32_t value)
{
	uint32_t old = vcpu.cr0;
	vcpu.cr0 = value | X86_CR0_ET;
	if ((old ^ vcpu.cr0) & X86_CR0_TS) {
		burn_counter_inc(&burn_counter_fpu_taskswitch);
		HYPERVISOR_fpu_taskswitch((vcpu.cr0 & X86_CR0_TS) != 0);
	}
	if ((old ^ vcpu.cr0) & X86_CR0_PG) {
		log_info("guest paging %s (CR3 0x%08lx, %s)", vcpu_paging() ? "on" : "off",
		         (unsigned long)vcpu.cr3, (vcpu.cr4 & X86_CR4_PAE) ? "PAE" : "2-level");
		follow_paging();
	}
}

void cr3_write(uint32_t value)
{
	vcpu.cr3 = value;
	if (vcpu_paging())
		follow_paging();
}

/*
 * CR4.OSXSAVE must reach Xen, which then lets the guest's own xsetbv,
 * xsave and xrstor work.  The wedge at ring 1 writes CR4 natively for that;
 * Xen's emulation accepts only the bits a PV kernel may own.
 */
static void pass_osxsave_to_xen(uint32_t value)
{
	uint32_t real;
	asm volatile("mov %%cr4, %0" : "=r"(real));
	real = (real & ~X86_CR4_OSXSAVE) | (value & X86_CR4_OSXSAVE);
	asm volatile("mov %0, %%cr4" : : "r"(real));
}

void cr4_write(uint32_t value)
{
	uint32_t old = vcpu.cr4;
	vcpu.cr4 = value;
	if ((old ^ value) & X86_CR4_OSXSAVE)
		pass_osxsave_to_xen(value);
	if (vcpu_paging() && ((old ^ vcpu.cr4) & X86_CR4_PAE))
		follow_paging();
}
