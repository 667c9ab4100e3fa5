/*
 * Trap delivery into the guest's IDT.  Read the gate, push EFLAGS (with the
 * virtual IF), CS (as the guest sees it), EIP and the error code on the
 * guest's stack, and continue at the handler; an interrupt gate clears the
 * virtual IF.  During the native boot the guest "kernel" is at ring 3 and
 * so is the handler: no stack switch, as for a CPL-0 trap on hardware.
 */
#define LOG_SUBSYS "deliver"
#include "cpu/deliver.h"
#include "cpu/vcpu.h"
#include "include/x86_traps.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/trap_probe.h"

#define GATE_TYPE_INTR32 0xE
#define GATE_TYPE_TRAP32 0xF
#define GATE_PRESENT     0x8000u

BURN_COUNTER(deliver_guest_trap);

/*
 * After VMI_Init the guest kernel is at ring 1 and Xen's bounce frame is
 * already where the hardware frame belongs: on the guest's kernel stack
 * (the interrupted stack for a ring-1 trap, the one UpdateKernelStack
 * named for a ring-3 one).  Fix its CS and EFLAGS to what the guest must
 * see, and let trap_return_in_place enter the handler right under it.
 */
static void deliver_in_place(struct trap_frame *f, uint16_t handler_sel, uint32_t handler,
                             int interrupt_gate, long error_code)
{
	int irqs = frame_irqs_enabled(f);
	unsigned int guest_frame = error_code != DELIVER_NO_ERROR_CODE ? TF_ERROR : TF_EIP;
	if (error_code != DELIVER_NO_ERROR_CODE)
		f->error_code = (uint32_t)error_code;
	f->cs &= 0xffffu;
	f->eflags = (f->eflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) | (irqs ? X86_EFLAGS_IF : 0);
	f->deliver_eip = handler;
	/* Bits 16-23 of the CS slot carry the handler's event mask, as in Xen's
	 * own frames; iret ignores them. */
	f->deliver_cs = selector_to_real(handler_sel) | ((interrupt_gate || !irqs) ? 1u << 16 : 0);
	f->deliver_eflags =
	    (f->eflags & ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF)) | X86_EFLAGS_IF;
	f->deliver_shift = TF_GS + TF_REGS_SIZE + 12 - guest_frame;
	f->vector |= TF_RETURN_DELIVER_IN_PLACE;
}

void deliver_to_guest(struct trap_frame *f, unsigned int vector, long error_code)
{
	uint32_t gate[2];
	if ((uint32_t)vector * 8 + 7 > vcpu.idtr.limit ||
	    probe_copy(gate, (const void *)(vcpu.idtr.base + vector * 8), sizeof(gate)) != 0) {
		/* A triple fault resets a PC; Linux's last-resort reboot relies on it. */
		console_printf("deliver: vector %u at eip 0x%08lx: no readable IDT entry (IDT "
		               "0x%08lx limit 0x%x): triple fault, the machine resets\n",
		               vector, (unsigned long)f->eip, (unsigned long)vcpu.idtr.base,
		               vcpu.idtr.limit);
		wedge_exit(EXIT_REBOOT);
	}
	unsigned int type = (gate[1] >> 8) & 0x1f;
	if (!(gate[1] & GATE_PRESENT) || (type != GATE_TYPE_INTR32 && type != GATE_TYPE_TRAP32))
		guest_fault(
		    "vector %u at eip 0x%08lx: IDT gate %08lx:%08lx is not a present 32-bit "
		    "interrupt or trap gate",
		    vector, (unsigned long)f->eip, (unsigned long)gate[1], (unsigned long)gate[0]);
	uint16_t handler_sel = (uint16_t)(gate[0] >> 16);
	uint32_t handler = (gate[0] & 0xffff) | (gate[1] & 0xffff0000u);

	if (vcpu.activated) {
		deliver_in_place(f, handler_sel, handler, type == GATE_TYPE_INTR32, error_code);
		burn_counter_inc(&burn_counter_deliver_guest_trap);
		return;
	}

	uint32_t eflags = (f->eflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
	                  (frame_irqs_enabled(f) ? X86_EFLAGS_IF : 0);
	uint32_t words[4];
	unsigned int n = 0;
	if (error_code != DELIVER_NO_ERROR_CODE)
		words[n++] = (uint32_t)error_code;
	words[n++] = f->eip;
	words[n++] = selector_to_guest((uint16_t)f->cs);
	words[n++] = eflags;
	uint32_t sp = f->esp - n * 4;
	if (probe_copy((void *)sp, words, n * 4) != 0)
		guest_fault("vector %u at eip 0x%08lx: the guest stack at 0x%08lx is not writable; "
		            "on hardware this would double-fault",
		            vector, (unsigned long)f->eip, (unsigned long)sp);
	f->esp = sp;
	f->eflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF);
	f->eip = handler;
	f->cs = (f->cs & 0xffff0000u) | selector_to_real(handler_sel);
	if (type == GATE_TYPE_INTR32)
		frame_set_irqs(f, 0);
	burn_counter_inc(&burn_counter_deliver_guest_trap);
}
