/*
 * The trap table Xen uses for us and trap(), the one C dispatcher every
 * entry reaches (xen/trap_entry.S).  Each case either handles the event and
 * resumes, or breaks to the tail, which for now reports the trap as
 * unexpected: registers, CR2, the instruction bytes and a backtrace, then a
 * clean stop whose exit code says whose fault it was.
 */
#define LOG_SUBSYS "trap"
#include <stdio.h>
#include <string.h>

#include "include/wedge_layout.h"
#include "include/x86_traps.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/irq_window.h"
#include "wedge/rom_install.h"
#include "cpu/deliver.h"
#include "cpu/gdt.h"
#include "cpu/emulate.h"
#include "cpu/vcpu.h"
#include "include/vmi_rom_image.h"
#include "xen/shadow.h"
#include "xen/hypercall.h"
#include "xen/trap_frame.h"
#include "xen/trap_probe.h"
#include "xen/xen_state.h"

#define TRAP_ENTRY_SIZE 16 /* must match xen/trap_entry.S */
extern char trap_entries[];

/* One counter per exception vector, then software interrupts, upcalls and
 * failsafe callbacks; named at boot by trap_init(). */
enum {
	TRAP_COUNTER_SOFTINT = X86_NR_EXCEPTIONS,
	TRAP_COUNTER_UPCALL,
	TRAP_COUNTER_FAILSAFE,
	NR_TRAP_COUNTERS
};
static struct burn_counter trap_counters[NR_TRAP_COUNTERS] BURN_COUNTER_SECTION;

static struct trap_info trap_table[X86_NR_VECTORS + 1]; /* zero entry ends it */

/* Set by a self-test that executes int3 on purpose. */
int trap_expect_breakpoint;

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    [X86_TRAP_DE] = "DE", [X86_TRAP_DB] = "DB", [X86_TRAP_NMI] = "NMI", [X86_TRAP_BP] = "BP",
    [X86_TRAP_OF] = "OF", [X86_TRAP_BR] = "BR", [X86_TRAP_UD] = "UD",   [X86_TRAP_NM] = "NM",
    [X86_TRAP_DF] = "DF", [X86_TRAP_TS] = "TS", [X86_TRAP_NP] = "NP",   [X86_TRAP_SS] = "SS",
    [X86_TRAP_GP] = "GP", [X86_TRAP_PF] = "PF", [X86_TRAP_MF] = "MF",   [X86_TRAP_AC] = "AC",
    [X86_TRAP_MC] = "MC", [X86_TRAP_XM] = "XM", [X86_TRAP_CP] = "CP",
};

static const char *vector_name(unsigned int vector)
{
	if (vector < X86_NR_EXCEPTIONS && exception_names[vector])
		return exception_names[vector];
	if (vector == WEDGE_VECTOR_EVENT_UPCALL)
		return "event-upcall";
	if (vector == WEDGE_VECTOR_FAILSAFE)
		return "failsafe";
	return vector < X86_NR_EXCEPTIONS ? "reserved" : "int";
}

void trap_init(void)
{
	for (unsigned int i = 0; i < NR_TRAP_COUNTERS; i++) {
		char *name = trap_counters[i].name;
		if (i < X86_NR_EXCEPTIONS)
			snprintf(name, BURN_COUNTER_NAME_LEN, "trap_%02u_%s", i, vector_name(i));
		else if (i == TRAP_COUNTER_SOFTINT)
			strcpy(name, "trap_softint");
		else if (i == TRAP_COUNTER_UPCALL)
			strcpy(name, "event_upcall");
		else
			strcpy(name, "failsafe_callback");
	}

	for (unsigned int v = 0; v < X86_NR_VECTORS; v++) {
		struct trap_info *t = &trap_table[v];
		t->vector = (uint8_t)v;
		/* Only int3 and into may be raised from ring 3 by software. */
		t->flags = (v == X86_TRAP_BP || v == X86_TRAP_OF) ? 3 : 0;
		/* Enter with events masked: trap() must not be interrupted by an
		 * upcall halfway through a frame. */
		TI_SET_IF(t, 1);
		t->cs = FLAT_KERNEL_CS;
		t->address = (unsigned long)(trap_entries + v * TRAP_ENTRY_SIZE);
	}
	long rc = HYPERVISOR_set_trap_table(trap_table);
	if (rc != 0)
		wedge_bug("trap_init: set_trap_table refused: %ld", rc);
}

/*
 * The fast path: Xen bounces `vector` straight to the guest's own handler,
 * never through the wedge (Linux's int 0x80).  Its frame is the hardware's:
 * EFLAGS carries the virtual IF, and an interrupt gate masks events.
 */
void trap_direct_to_guest(unsigned int vector, uint16_t cs, uint32_t handler, unsigned int dpl,
                          int interrupt_gate)
{
	struct trap_info t[2] = {
	    {.vector = (uint8_t)vector, .flags = (uint8_t)dpl, .cs = cs, .address = handler}};
	if (interrupt_gate)
		TI_SET_IF(&t[0], 1);
	if (HYPERVISOR_set_trap_table(t) != 0)
		guest_fault("vector 0x%x: Xen refused the guest's gate %04x:%08lx", vector, cs,
		            (unsigned long)handler);
}

/* Back to the wedge's own wrapper for `vector`. */
void trap_direct_to_wedge(unsigned int vector)
{
	struct trap_info t[2] = {trap_table[vector]};
	if (HYPERVISOR_set_trap_table(t) != 0)
		wedge_bug("trap_direct_to_wedge: vector 0x%x refused", vector);
}

static void count_trap(unsigned int vector)
{
	unsigned int slot;
	if (vector < X86_NR_EXCEPTIONS)
		slot = vector;
	else if (vector == WEDGE_VECTOR_EVENT_UPCALL)
		slot = TRAP_COUNTER_UPCALL;
	else if (vector == WEDGE_VECTOR_FAILSAFE)
		slot = TRAP_COUNTER_FAILSAFE;
	else
		slot = TRAP_COUNTER_SOFTINT;
	burn_counter_inc(&trap_counters[slot]);
}

static void dump_code_bytes(uint32_t eip)
{
	uint8_t bytes[16];
	char line[3 * sizeof(bytes) + 1];
	if (probe_copy(bytes, (const void *)eip, sizeof(bytes)) != 0) {
		console_printf("  code: unreadable at 0x%08lx\n", (unsigned long)eip);
		return;
	}
	for (unsigned int i = 0; i < sizeof(bytes); i++)
		snprintf(line + 3 * i, 4, " %02x", bytes[i]);
	console_printf("  code:%s\n", line);
}

extern char trap_call_return[];

/*
 * Walk saved frame pointers (every read through probe_copy).  A return into
 * trap_entry.S means the caller was a trap: its frame (trap()'s argument)
 * names the interrupted EIP and EBP, and the walk goes on from there, across
 * the wedge's stack and the guest's.
 */
static void dump_backtrace(uint32_t eip, uint32_t ebp)
{
	console_printf("  backtrace: 0x%08lx", (unsigned long)eip);
	for (int depth = 0; depth < 24 && ebp; depth++) {
		uint32_t pair[3];
		if (probe_copy(pair, (const void *)ebp, sizeof(pair)) != 0 || pair[1] == 0)
			break;
		if (pair[1] == (uint32_t)trap_call_return) {
			struct trap_frame inner;
			if (probe_copy(&inner, (const void *)pair[2], sizeof(inner)) != 0)
				break;
			console_printf(" <%s trap at 0x%08lx>",
			               vector_name(trap_frame_vector(&inner)),
			               (unsigned long)inner.eip);
			ebp = inner.ebp;
			continue;
		}
		console_printf(" 0x%08lx", (unsigned long)pair[1]);
		if (pair[0] <= ebp)
			break;
		ebp = pair[0];
	}
	console_printf("\n");
}

void trap_dump(const struct trap_frame *f)
{
	console_printf("trap: vector %lu (%s) error 0x%lx at %04lx:%08lx eflags %08lx cr2 %08lx\n",
	               (unsigned long)trap_frame_vector(f), vector_name(trap_frame_vector(f)),
	               (unsigned long)f->error_code, (unsigned long)(f->cs & 0xffff),
	               (unsigned long)f->eip, (unsigned long)f->eflags, (unsigned long)f->cr2);
	console_printf("  eax %08lx ebx %08lx ecx %08lx edx %08lx\n", (unsigned long)f->eax,
	               (unsigned long)f->ebx, (unsigned long)f->ecx, (unsigned long)f->edx);
	console_printf("  esi %08lx edi %08lx ebp %08lx\n", (unsigned long)f->esi,
	               (unsigned long)f->edi, (unsigned long)f->ebp);
	console_printf("  ds %04lx es %04lx fs %04lx gs %04lx", (unsigned long)(f->ds & 0xffff),
	               (unsigned long)(f->es & 0xffff), (unsigned long)(f->fs & 0xffff),
	               (unsigned long)(f->gs & 0xffff));
	if (trap_frame_from_user(f))
		console_printf(" ss:esp %04lx:%08lx (from ring 3)\n",
		               (unsigned long)(f->ss & 0xffff), (unsigned long)f->esp);
	else
		console_printf(" (from ring %lu)\n", (unsigned long)(f->cs & 3));
	dump_code_bytes(f->eip);
	dump_backtrace(f->eip, f->ebp);
}

static _Noreturn void trap_unexpected(struct trap_frame *f)
{
	static int reporting;
	if (reporting++) {
		/* A fault while reporting one: say the least and stop. */
		console_printf("trap: vector %lu at %08lx while reporting a fault\n",
		               (unsigned long)trap_frame_vector(f), (unsigned long)f->eip);
		wedge_exit(EXIT_WEDGE_BUG);
	}
	trap_dump(f);
	if (trap_frame_vector(f) == WEDGE_VECTOR_FAILSAFE)
		wedge_bug("Xen could not restore a segment register (failsafe callback)");
	if (f->eip >= WEDGE_VIRT_BASE)
		wedge_bug("unexpected %s fault inside the wedge at 0x%08lx",
		          vector_name(trap_frame_vector(f)), (unsigned long)f->eip);
	guest_fault("unexpected %s trap from the guest at 0x%08lx",
	            vector_name(trap_frame_vector(f)), (unsigned long)f->eip);
}

/* Set once the guest has been entered: before that, every trap is ours. */
int trap_guest_running;

/* Guest code, as opposed to the wedge or the ROM (whose faults are ours). */
static int from_guest(const struct trap_frame *f)
{
	if (!trap_guest_running || f->eip >= WEDGE_VIRT_BASE)
		return 0;
	return !rom_run_base || f->eip - rom_run_base >= VMI_ROM_SIZE;
}

static int guest_user_mode(const struct trap_frame *f)
{
	return vcpu.activated && (f->cs & 3) == 3;
}

static void guest_page_fault(struct trap_frame *f)
{
	uint32_t error = f->error_code;
	if (!guest_user_mode(f))
		error &= ~4u; /* the guest's kernel believes it runs at CPL 0 */
	vcpu.cr2 = f->cr2;
	deliver_to_guest(f, X86_TRAP_PF, error);
}

/*
 * After lgdt, hardware keeps using a data segment's cached descriptor until
 * it is reloaded; Xen cannot: the return path reloads every selector.  One
 * that no longer names a descriptor becomes null, which any ring may load;
 * the guest reloads its segments right after a new GDT anyway.
 */
static void drop_stale_data_selectors(struct trap_frame *f)
{
	uint32_t *segs[] = {&f->ds, &f->es, &f->fs, &f->gs};
	for (unsigned int i = 0; i < 4; i++)
		if (!gdt_selector_loadable((uint16_t)*segs[i]))
			*segs[i] = 0;
}

/* The interrupted context of the trap in progress, for the counters hot key. */
const struct trap_frame *trap_current_frame;

void trap(struct trap_frame *f)
{
	const struct trap_frame *outer = trap_current_frame;
	trap_current_frame = f;
	count_trap(f->vector);
	/* Deferred shadow updates must be in place before anything looks. */
	shadow_flush_queue();
	/* Xen keeps CR2 in the vcpu; the frame's slot would hold pusha's esp. */
	f->cr2 = vcpu0()->arch.cr2;

	switch (f->vector) {
	case WEDGE_VECTOR_EVENT_UPCALL:
		events_dispatch();
		goto resume;
	case X86_TRAP_GP:
		if (probe_fixup(f) || rom_handle_init_trap(f))
			goto resume;
		if (from_guest(f)) {
			if (!emulate_privileged(f))
				deliver_to_guest(f, X86_TRAP_GP, f->error_code);
			goto resume;
		}
		break;
	case X86_TRAP_PF:
		if (f->cr2 < WEDGE_VIRT_BASE &&
		    shadow_fault(f->cr2, f->error_code, guest_user_mode(f)))
			goto resume;
		if (probe_fixup(f))
			goto resume;
		if (from_guest(f)) {
			guest_page_fault(f);
			goto resume;
		}
		break;
	case X86_TRAP_BP:
		if (trap_expect_breakpoint && f->eip >= WEDGE_VIRT_BASE) {
			trap_expect_breakpoint = 0;
			log_info("breakpoint at 0x%08lx handled, resuming", (unsigned long)f->eip);
			goto resume;
		}
		if (from_guest(f)) {
			deliver_to_guest(f, X86_TRAP_BP, DELIVER_NO_ERROR_CODE);
			goto resume;
		}
		break;
	default:
		if (from_guest(f) && f->vector < X86_NR_VECTORS) {
			deliver_to_guest(f, f->vector,
			                 x86_trap_has_error_code(f->vector)
			                     ? (long)f->error_code
			                     : DELIVER_NO_ERROR_CODE);
			goto resume;
		}
		break;
	}
	trap_unexpected(f);

resume:
	trap_current_frame = outer;
	if (trap_guest_running && (f->eip < WEDGE_VIRT_BASE))
		drop_stale_data_selectors(f);
	/*
	 * Put back the event mask the code we return to should have: the
	 * interrupted code's (saved by Xen in the CS slot), or for a delivery
	 * in place the handler's.  Before unmasking, give guest code the
	 * interrupt it is owed; unmasking runs what became pending meanwhile.
	 */
	for (;;) {
		int irqs = (f->vector & TF_RETURN_DELIVER_IN_PLACE)
		               ? !((f->deliver_cs >> 16) & 1)
		               : trap_frame_saved_upcall_mask(f) == 0;
		if (!irqs)
			return;
		if (from_guest(f) && irq_deliver_at_trap(f))
			continue;
		if (events_try_unmask())
			return;
	}
}
