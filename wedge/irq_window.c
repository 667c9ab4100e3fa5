/*
 * Interrupt windows.  A virtual interrupt can be given to the guest only
 * where its virtual IF is set and it runs its own code: at the end of a
 * trap from guest code, or at a ROM call that enables interrupts.  An event
 * that arrives while the wedge or the ROM runs leaves its interrupt in the
 * virtual 8259 until one of those points.
 *
 * vmi_irq_restore_after_init: Linux brackets VMI_Init with a native
 * local_irq_save (pushf; cli) and restores through the ROM afterwards.  At
 * ring 3 pushf reads the real IF, which is always 1 for a PV guest, so the
 * restore would switch interrupts on in the middle of setup_arch.  When the
 * virtual IF was off at Init, the first SetInterruptMask that enables is
 * taken as the restore it is and keeps interrupts off.
 */
#define LOG_SUBSYS "irq"
#include "cpu/deliver.h"
#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/irq_window.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/vpic.h"
#include "xen/trap_probe.h"
#include "xen/xen_state.h"

uint8_t vmi_irq_restore_after_init;
uint32_t vmi_irq_handler; /* the ROM's scratch for the handler it jumps to */

BURN_COUNTER(irq_delivered_at_trap);
BURN_COUNTER(irq_delivered_at_window);

static void refresh_pending(void)
{
	vmi_irq_pending = vpic_pending_vector() != VPIC_NO_VECTOR;
}

/* The guest's IDT entry for an interrupt vector: handler offset. */
static uint32_t idt_handler(unsigned int vector)
{
	uint32_t gate[2];
	if ((uint32_t)vector * 8 + 7 > vcpu.idtr.limit ||
	    probe_copy(gate, (const void *)(vcpu.idtr.base + vector * 8), sizeof(gate)) != 0 ||
	    !(gate[1] & 0x8000u))
		guest_fault("interrupt vector 0x%x: no present IDT gate (IDT 0x%08lx)", vector,
		            (unsigned long)vcpu.idtr.base);
	return (gate[0] & 0xffff) | (gate[1] & 0xffff0000u);
}

uint32_t vmi_irq_window(void)
{
	struct vcpu_info *v = vcpu0();
	v->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
	events_dispatch();
	for (;;) {
		int vector = vpic_pending_vector();
		if (vector != VPIC_NO_VECTOR) {
			uint32_t handler = idt_handler((unsigned int)vector);
			vpic_acknowledge();
			refresh_pending();
			burn_counter_inc(&burn_counter_irq_delivered_at_window);
			return handler; /* entered with interrupts off: an interrupt gate */
		}
		refresh_pending();
		if (events_try_unmask())
			return 0;
	}
}

int irq_deliver_at_trap(struct trap_frame *f)
{
	refresh_pending();
	int vector = vpic_pending_vector();
	if (vector == VPIC_NO_VECTOR || !vcpu.activated)
		return 0;
	vpic_acknowledge();
	refresh_pending();
	deliver_to_guest(f, (unsigned int)vector, DELIVER_NO_ERROR_CODE);
	burn_counter_inc(&burn_counter_irq_delivered_at_trap);
	return 1;
}
