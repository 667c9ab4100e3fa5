/*
 * The ROM front-ends for the virtual CPU (VMI-ABI.md §3.5): descriptor
 * tables, control and debug registers, kernel stack, halt, TLB.  Each takes
 * the stub's burn_clobbers_frame_t: arguments in eax/edx/ecx and params[],
 * results written back to eax (and edx).
 */
#define LOG_SUBSYS "vmi"
#include <string.h>

#include "cpu/cpuid.h"
#include "cpu/cregs.h"
#include "cpu/gdt.h"
#include "cpu/vcpu.h"
#include "include/vmi_abi.h"
#include "include/x86_traps.h"
#include "wedge/irq_window.h"
#include "wedge/uart.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/shadow.h"
#include "xen/trap_probe.h"

#define FRONT_END(name) void name(burn_clobbers_frame_t *f)

/* Guest memory the kernel passed us: kernel virtual, current address space. */
static void guest_read(uint32_t addr, void *buf, uint32_t n, const char *call)
{
	if (addr >= WEDGE_VIRT_BASE || probe_copy(buf, (const void *)addr, n) != 0)
		guest_fault("%s: cannot read %lu bytes at 0x%08lx", call, (unsigned long)n,
		            (unsigned long)addr);
}

static void guest_write(uint32_t addr, const void *buf, uint32_t n, const char *call)
{
	if (addr >= WEDGE_VIRT_BASE || probe_copy((void *)addr, buf, n) != 0)
		guest_fault("%s: cannot write %lu bytes at 0x%08lx", call, (unsigned long)n,
		            (unsigned long)addr);
}

static struct descriptor_register read_dtr(uint32_t addr, const char *call)
{
	uint8_t raw[6];
	guest_read(addr, raw, sizeof(raw), call);
	struct descriptor_register d;
	d.limit = (uint16_t)(raw[0] | raw[1] << 8);
	memcpy(&d.base, raw + 2, 4);
	return d;
}

static void write_dtr(uint32_t addr, struct descriptor_register d, const char *call)
{
	uint8_t raw[6] = {(uint8_t)d.limit, (uint8_t)(d.limit >> 8)};
	memcpy(raw + 2, &d.base, 4);
	guest_write(addr, raw, sizeof(raw), call);
}

void vmi_cpuid_ext(struct cpuid_regs *r);
void vmi_cpuid_ext(struct cpuid_regs *r)
{
	cpuid_filtered(r);
}

FRONT_END(vmi_set_gdt_ext);
FRONT_END(vmi_set_gdt_ext)
{
	vcpu.gdtr = read_dtr(f->eax, "SetGDT");
	/* A ROM call runs on the guest's own CS and SS (near calls from the
	 * ROM): those are the live selectors to keep usable. */
	uint16_t cs, ss;
	asm volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
	gdt_load(vcpu.gdtr.base, vcpu.gdtr.limit, cs, ss);
}

#define SYSCALL_VECTOR   0x80
#define GATE_PRESENT     0x8000u
#define GATE_TYPE_INTR32 0xE
#define GATE_TYPE_TRAP32 0xF

BURN_COUNTER(syscall_gate_direct);

/*
 * Linux's system-call gate goes straight into Xen's trap table: a system
 * call then never enters the wedge (the ROM's IRET stub on the way back is
 * all it costs).  Any other shape of gate 0x80 stays with the wedge.
 */
static void sync_direct_gates(uint32_t idt_base)
{
	uint32_t gate[2];
	if (SYSCALL_VECTOR * 8 + 7 > vcpu.idtr.limit ||
	    probe_copy(gate, (const void *)(idt_base + SYSCALL_VECTOR * 8), sizeof(gate)) != 0) {
		trap_direct_to_wedge(SYSCALL_VECTOR);
		return;
	}
	unsigned int type = (gate[1] >> 8) & 0x1f, dpl = (gate[1] >> 13) & 3;
	if (!(gate[1] & GATE_PRESENT) || (type != GATE_TYPE_INTR32 && type != GATE_TYPE_TRAP32)) {
		trap_direct_to_wedge(SYSCALL_VECTOR);
		return;
	}
	burn_counter_inc(&burn_counter_syscall_gate_direct);
	trap_direct_to_guest(SYSCALL_VECTOR, selector_to_real((uint16_t)(gate[0] >> 16)),
	                     (gate[0] & 0xffff) | (gate[1] & 0xffff0000u), dpl,
	                     type == GATE_TYPE_INTR32);
}

FRONT_END(vmi_set_idt_ext);
FRONT_END(vmi_set_idt_ext)
{
	vcpu.idtr = read_dtr(f->eax, "SetIDT");
	sync_direct_gates(vcpu.idtr.base);
}

FRONT_END(vmi_get_gdt_ext);
FRONT_END(vmi_get_gdt_ext)
{
	write_dtr(f->eax, vcpu.gdtr, "GetGDT");
}

FRONT_END(vmi_get_idt_ext);
FRONT_END(vmi_get_idt_ext)
{
	write_dtr(f->eax, vcpu.idtr, "GetIDT");
}

FRONT_END(vmi_get_tr_ext);
FRONT_END(vmi_get_tr_ext)
{
	f->eax = vcpu.tr;
}

FRONT_END(vmi_set_tr_ext);
FRONT_END(vmi_set_tr_ext)
{
	vcpu.tr = (uint16_t)f->eax; /* Xen owns the TSS; esp0 comes by UpdateKernelStack */
}

FRONT_END(vmi_get_ldt_ext);
FRONT_END(vmi_get_ldt_ext)
{
	f->eax = vcpu.ldtr;
}

FRONT_END(vmi_set_ldt_ext);
FRONT_END(vmi_set_ldt_ext)
{
	uint16_t sel = (uint16_t)f->eax;
	vcpu.ldtr = sel;
	if (sel == 0) {
		struct mmuext_op op = {
		    .cmd = MMUEXT_SET_LDT, .arg1.linear_addr = 0, .arg2.nr_ents = 0};
		unsigned int done;
		HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
		return;
	}
	/* A non-empty LDT needs its pages read-only to Xen, which the shadow
	 * does not arrange yet: stop clearly instead of running without it. */
	guest_fault("SetLDT 0x%x: non-empty LDTs are not supported yet", sel);
}

static void write_table_entry(burn_clobbers_frame_t *f, const char *call)
{
	uint32_t desc[2] = {f->ecx, f->params[0]};
	guest_write(f->eax + f->edx * 8, desc, sizeof(desc), call);
}

FRONT_END(vmi_write_gdt_entry_ext);
FRONT_END(vmi_write_gdt_entry_ext)
{
	write_table_entry(f, "WriteGDTEntry");
	if (f->eax == vcpu.gdtr.base)
		gdt_write_entry(f->edx, (uint64_t)f->params[0] << 32 | f->ecx);
}

FRONT_END(vmi_write_ldt_entry_ext);
FRONT_END(vmi_write_ldt_entry_ext)
{
	write_table_entry(f, "WriteLDTEntry");
}

FRONT_END(vmi_write_idt_entry_ext);
FRONT_END(vmi_write_idt_entry_ext)
{
	/* Delivery reads gates from guest memory: the write is all it takes,
	 * but for the gates Xen calls directly. */
	write_table_entry(f, "WriteIDTEntry");
	if (f->eax == vcpu.idtr.base && f->edx == SYSCALL_VECTOR)
		sync_direct_gates(vcpu.idtr.base);
}

BURN_COUNTER(stack_switch);

FRONT_END(vmi_update_kernel_stack_ext);
FRONT_END(vmi_update_kernel_stack_ext)
{
	burn_counter_inc(&burn_counter_stack_switch);
	uint16_t ss = selector_to_real((uint16_t)f->eax);
	if (HYPERVISOR_stack_switch(ss, f->edx) != 0)
		guest_fault("UpdateKernelStack: Xen refused %04x:%08lx", ss, (unsigned long)f->edx);
}

FRONT_END(vmi_set_iopl_mask_ext);
FRONT_END(vmi_set_iopl_mask_ext)
{
	/* Recorded, not applied: a real IOPL would open every port to the guest
	 * (XEN-NOTES).  Port I/O keeps trapping to the wedge. */
	vcpu.iopl = f->eax & X86_EFLAGS_IOPL_MASK;
}

FRONT_END(vmi_set_cr0_ext);
FRONT_END(vmi_set_cr0_ext)
{
	cr0_write(f->eax);
}

FRONT_END(vmi_set_cr2_ext);
FRONT_END(vmi_set_cr2_ext)
{
	vcpu.cr2 = f->eax;
}

FRONT_END(vmi_set_cr3_ext);
FRONT_END(vmi_set_cr3_ext)
{
	cr3_write(f->eax);
}

FRONT_END(vmi_set_cr4_ext);
FRONT_END(vmi_set_cr4_ext)
{
	cr4_write(f->eax);
}

FRONT_END(vmi_get_cr0_ext);
FRONT_END(vmi_get_cr0_ext)
{
	f->eax = vcpu.cr0;
}

FRONT_END(vmi_get_cr2_ext);
FRONT_END(vmi_get_cr2_ext)
{
	f->eax = vcpu.cr2;
}

FRONT_END(vmi_get_cr3_ext);
FRONT_END(vmi_get_cr3_ext)
{
	f->eax = vcpu.cr3;
}

FRONT_END(vmi_get_cr4_ext);
FRONT_END(vmi_get_cr4_ext)
{
	f->eax = vcpu.cr4;
}

FRONT_END(vmi_clts_ext);
FRONT_END(vmi_clts_ext)
{
	(void)f;
	cr0_write(vcpu.cr0 & ~X86_CR0_TS);
}

FRONT_END(vmi_set_dr_ext);
FRONT_END(vmi_set_dr_ext)
{
	unsigned int reg = f->eax & 7;
	vcpu.dr[reg] = f->edx;
	/* Arming a breakpoint is Xen's to accept; a refusal leaves it stored. */
	HYPERCALL(set_debugreg, reg, f->edx, 0, 0, 0);
}

FRONT_END(vmi_get_dr_ext);
FRONT_END(vmi_get_dr_ext)
{
	unsigned int reg = f->eax & 7;
	if (reg == 6) /* the CPU reports debug events here */
		vcpu.dr[6] = (uint32_t)HYPERCALL(get_debugreg, 6, 0, 0, 0, 0);
	f->eax = vcpu.dr[reg];
}

/* No performance counters are virtualized (CPUID leaf 0xA is the host's,
 * but Xen gives a PV guest none): every counter reads 0. */
FRONT_END(vmi_rdpmc_ext);
FRONT_END(vmi_rdpmc_ext)
{
	f->eax = 0;
	f->edx = 0;
}

BURN_COUNTER(halt_block);

/* Enable and wait, atomically: SCHEDOP_block unmasks and checks for pending
 * events in one step, so no wakeup falls in between. */
FRONT_END(vmi_halt_ext);
FRONT_END(vmi_halt_ext)
{
	(void)f;
	burn_counter_inc(&burn_counter_halt_block);
	uart_flush_output(); /* an idle guest has said all it will for now */
	/* Like sti; hlt, return only for an interrupt the guest will take:
	 * events only the wedge consumes (the console hot key) block again.
	 * An interrupt the 8259 already holds returns at once. */
	for (;;) {
		vcpu0()->evtchn_upcall_mask = 1;
		if (vmi_irq_pending)
			break;
		if (!vcpu0()->evtchn_upcall_pending)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		vcpu0()->evtchn_upcall_mask = 1;
		events_dispatch();
		if (vmi_irq_pending)
			break;
	}
	events_unmask_and_drain();
}

FRONT_END(vmi_inval_page_ext);
FRONT_END(vmi_inval_page_ext)
{
	shadow_invalidate_page(f->eax);
}

FRONT_END(vmi_flush_tlb_ext);
FRONT_END(vmi_flush_tlb_ext)
{
	if (f->eax & VMI_FLUSH_GLOBAL)
		shadow_flush_global();
	else
		shadow_flush_user();
}
