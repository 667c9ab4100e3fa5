/*
 * Promotion at VMI_Init.  The frame comes from ring 3 (the guest's native
 * boot); it goes back to ring 1, which a plain iret from the wedge's stack
 * cannot do (same-privilege iret takes no stack), so the iret frame is
 * built on the guest's own stack.  Pages of that stack are shadowed before
 * the return: Xen pushes every later trap frame there and must not fault.
 */
#define LOG_SUBSYS "vmi"
#include "cpu/activate.h"
#include "cpu/gdt.h"
#include "cpu/vcpu.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/shadow.h"
#include "xen/trap_probe.h"

#define STACK_PREFILL_PAGES 2

static uint32_t with_rpl(uint32_t sel, unsigned int rpl)
{
	return (sel & 0xfffcu) ? (sel & 0xfffcu) | rpl : sel & 0xffffu;
}

void frame_return_on_own_stack(struct trap_frame *f)
{
	uint32_t sp = f->esp - 12;
	for (unsigned int i = 0; i < STACK_PREFILL_PAGES; i++) {
		uint32_t page = (sp & ~0xfffu) - i * 0x1000u;
		uint8_t probe;
		/* A read through the shadow fills it (or fails if unmapped). */
		if (probe_copy(&probe, (const void *)page, 1) != 0 && i == 0)
			guest_fault("ring-1 stack at 0x%08lx is not mapped", (unsigned long)sp);
	}
	uint32_t words[3] = {f->eip, f->cs & 0xffffu, f->eflags};
	if (probe_copy((void *)sp, words, sizeof(words)) != 0)
		guest_fault("ring-1 stack at 0x%08lx is not writable", (unsigned long)sp);
	f->esp = sp;
	f->vector |= TF_RETURN_SWITCH_STACK;
}

int vcpu_activated(void)
{
	return vcpu.activated;
}

void vcpu_activate(struct trap_frame *f)
{
	vcpu.activated = 1;
	vcpu.kernel_ring = 1;
	gdt_reload();
	f->cs = (f->cs & 0xffff0000u) | with_rpl(f->cs, 1);
	f->ss = with_rpl(f->ss, 1);
	/* Data selectors: RPL 3 would now exceed the descriptors' DPL. */
	f->ds = with_rpl(f->ds, 0);
	f->es = with_rpl(f->es, 0);
	f->fs = with_rpl(f->fs, 0);
	f->gs = with_rpl(f->gs, 0);
	shadow_switch(shadow_current_format(), shadow_current_root(), 0);
	frame_return_on_own_stack(f);
	log_info("VMI_Init: the guest kernel now runs at ring 1 (CS 0x%04lx, SS 0x%04lx)",
	         (unsigned long)(f->cs & 0xffff), (unsigned long)f->ss);
}
