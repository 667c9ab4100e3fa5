/*
 * Exceptions after VMI_Init, delivered to the guest's IDT (gates written
 * with WriteIDTEntry, catch.h) with the hardware frame on the interrupted
 * ring-1 stack, and left through the ROM's IRET:
 *
 *   trap-de-frame, trap-bp-frame, trap-ud-frame, trap-gp-frame,
 *   trap-pf-frame, trap-nm-when-ts: one exception each (divide by zero,
 *     int3, ud2, a null-descriptor selector loaded into SS, a read and a
 *     write of an unmapped address, an x87 instruction with CR0.TS set by
 *     SetCR0).  The #GP comes from SS, whose loads the wedge emulates: the
 *     same selector loaded into DS at ring 1 currently stops the run in
 *     the wedge ("cannot emulate ... mov to sreg") instead of raising #GP.
 *     The frame must carry the vector's error code (the selector for #GP;
 *     0 and 2 for the supervisor read and write #PF, with GetCR2 the
 *     address), EIP of the faulting instruction (after it for int3), CS as
 *     the kernel runs (RPL 1), EFLAGS with the virtual IF (clear), and sit
 *     right under the interrupted ESP.
 *   trap-frame-virtual-if: with interrupts enabled, the frame's EFLAGS has
 *     IF set, the interrupt gate's handler runs with GetInterruptMask 0,
 *     and IRET with IF in the image enables them again.
 */
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

/* Unmapped in both builds: beyond the 16 MiB identity map, in a page
 * directory slot nothing fills. */
#define UNMAPPED_VA         0x30000000u
#define NULL_DESCRIPTOR_SEL 0xA9 /* GDT entry 21, never written; RPL 1 */
#define CR0_TS              0x00000008u
#define EFLAGS_FIXED        0x2u

/* Checks the catcher's record against one expected exception; on a
 * mismatch fails the case with the difference and returns false. */
static bool frame_ok(const char *name, uint32_t vector, uint32_t error, uint32_t eip,
                     uint32_t eflags_if)
{
	uint16_t cs = read_cs();
	if (caught.count != 1) {
		case_fail(name, "%u exception(s) caught, want one (vector %u)", caught.count,
		          vector);
		return false;
	}
	if (caught.vector != vector || caught.error_code != error) {
		case_fail(name, "vector %u error 0x%x, want vector %u error 0x%x", caught.vector,
		          caught.error_code, vector, error);
		return false;
	}
	if (caught.eip != eip) {
		case_fail(name,
		          "frame EIP 0x%08x, want 0x%08x (the faulting instruction at 0x%08x)",
		          caught.eip, eip, probe_fault_eip);
		return false;
	}
	if ((caught.cs & 0xffff) != cs || (cs & 3) != 1) {
		case_fail(name, "frame CS 0x%04x, want 0x%04x (the kernel's, RPL 1)", caught.cs,
		          cs);
		return false;
	}
	if ((caught.eflags & X86_EFLAGS_IF) != eflags_if || !(caught.eflags & EFLAGS_FIXED)) {
		case_fail(name, "frame EFLAGS 0x%08x: want IF %s (the virtual flag) and bit 1 set",
		          caught.eflags, eflags_if ? "set" : "clear");
		return false;
	}
	if (caught.esp != probe_esp) {
		case_fail(name,
		          "the frame ends at 0x%08x, want right under the interrupted ESP "
		          "0x%08x",
		          caught.esp, probe_esp);
		return false;
	}
	return true;
}

static void check_simple(const char *name, void (*probe)(void), uint32_t vector, bool after)
{
	catch_reset();
	probe();
	if (frame_ok(name, vector, 0, after ? probe_next_eip : probe_fault_eip, 0))
		case_pass(name);
}

static void check_gp(void)
{
	const char *name = "trap-gp-frame";
	catch_reset();
	probe_load_ss(NULL_DESCRIPTOR_SEL);
	if (frame_ok(name, X86_TRAP_GP, NULL_DESCRIPTOR_SEL & ~3u, probe_fault_eip, 0))
		case_pass(name);
}

static void check_pf(void)
{
	const char *name = "trap-pf-frame";
	catch_reset();
	(void)probe_read(UNMAPPED_VA + 0x10);
	uint32_t cr2_read = vmi_get_cr2();
	if (!frame_ok(name, X86_TRAP_PF, 0, probe_fault_eip, 0))
		return;
	if (cr2_read != UNMAPPED_VA + 0x10) {
		case_fail(name, "GetCR2 0x%08x after the read fault, want 0x%08x", cr2_read,
		          UNMAPPED_VA + 0x10);
		return;
	}
	catch_reset();
	probe_write(UNMAPPED_VA + 0x24, 0xdeadbeef);
	uint32_t cr2_write = vmi_get_cr2();
	if (!frame_ok(name, X86_TRAP_PF, 2, probe_fault_eip, 0))
		return;
	case_check(name, cr2_write == UNMAPPED_VA + 0x24,
	           "GetCR2 0x%08x after the write fault, want 0x%08x", cr2_write,
	           UNMAPPED_VA + 0x24);
}

static void check_nm(void)
{
	const char *name = "trap-nm-when-ts";
	uint32_t cr0 = vmi_get_cr0();
	vmi_set_cr0(cr0 | CR0_TS);
	catch_reset();
	probe_fpu();
	vmi_clts();
	if (frame_ok(name, X86_TRAP_NM, 0, probe_fault_eip, 0))
		case_pass(name);
}

static void check_virtual_if(void)
{
	const char *name = "trap-frame-virtual-if";
	catch_reset();
	vmi_enable_interrupts();
	probe_breakpoint();
	uint32_t mask_after = vmi_get_interrupt_mask();
	vmi_disable_interrupts();
	if (!frame_ok(name, X86_TRAP_BP, 0, probe_next_eip, X86_EFLAGS_IF))
		return;
	case_check(name, caught.handler_mask == 0 && mask_after == X86_EFLAGS_IF,
	           "GetInterruptMask 0x%x in the interrupt gate's handler (want 0), 0x%x after its "
	           "IRET (want 0x200)",
	           caught.handler_mask, mask_after);
}

void run_trap_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "trap-de-frame", "trap-bp-frame",   "trap-ud-frame",         "trap-gp-frame",
	    "trap-pf-frame", "trap-nm-when-ts", "trap-frame-virtual-if",
	};
	if (not_run_why) {
		for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	check_simple("trap-de-frame", probe_divide_error, X86_TRAP_DE, false);
	check_simple("trap-bp-frame", probe_breakpoint, X86_TRAP_BP, true);
	check_simple("trap-ud-frame", probe_invalid_opcode, X86_TRAP_UD, false);
	check_gp();
	check_pf();
	check_nm();
	check_virtual_if();
}
