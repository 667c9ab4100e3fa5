/*
 * A ring-3 task (user_mode.h): user code and stack on pages the guest maps
 * with the user bit (scratch_map.h), the kernel stack named by
 * UpdateKernelStack, the `int $0x80` gate a DPL-3 trap gate written with
 * WriteIDTEntry and loaded with SetIDT (so Xen calls it directly), and
 * user mode entered through the ROM's IRET with a 5-word frame.
 *
 *   user-int80-round-trip: user code's int $0x80 reaches the gate with its
 *     EAX; the answer (EAX = ~EAX) comes back in user mode through IRET,
 *     and a second int $0x80 hands it back to the kernel.
 *   user-int80-frame: that gate's frame is EIP after the int, CS 0x73 (RPL
 *     3), EFLAGS with IF, the user ESP and SS 0x7b, at the top of the
 *     kernel stack UpdateKernelStack named; the trap gate left interrupts
 *     enabled.
 *   user-ud2-traps-to-kernel: ud2 in user mode reaches the #UD gate with a
 *     ring-3 frame (EIP of the ud2, CS 0x73, user ESP and SS) on the
 *     kernel stack.
 *   user-cli-gp: cli in user mode (IOPL 0) is #GP(0) at the cli, to the
 *     kernel's gate, not something the wedge emulates.
 *   user-page-read-kernel-page-pf: user code reads its own user page, but
 *     reading a present page without the user bit faults: #PF error 5
 *     (present, user, read), GetCR2 the address.
 *   user-wedge-range-pf: user code reading the wedge's range (0xF4800000,
 *     above the ROM's virtual_top) faults with #PF, user bit set.
 */
#include "include/wedge_layout.h"
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/scratch_map.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/user_mode.h"
#include "tests/guest/vmi_calls.h"

#define VA_UCODE     SCRATCH_VA(0x100)
#define VA_USTACK    SCRATCH_VA(0x101)
#define VA_KONLY     SCRATCH_VA(0x102)
#define FRAME_UCODE  8
#define FRAME_USTACK 9
#define FRAME_KONLY  10
#define USER_ESP     (VA_USTACK + GUEST_PAGE_SIZE - 16)
#define KSTACK_SIZE  16384

extern uint64_t idt_table[IDT_ENTRIES];

static uint8_t user_kstack[KSTACK_SIZE] __attribute__((aligned(16)));
#define KSTACK_TOP ((uint32_t)user_kstack + KSTACK_SIZE)

/* Where a symbol of the user programs lands in the user code page. */
static uint32_t user_va(const char *sym)
{
	return VA_UCODE + (uint32_t)(sym - user_code_start);
}

static void user_setup(void)
{
	scratch_init();
	uint32_t code_len = (uint32_t)(user_code_end - user_code_start);
	memcpy(frame_virt(FRAME_UCODE), user_code_start, code_len);
	pte_write(scratch_pte(VA_UCODE), frame_phys(FRAME_UCODE) | PTE_P | PTE_RW | PTE_US);
	pte_write(scratch_pte(VA_USTACK), frame_phys(FRAME_USTACK) | PTE_P | PTE_RW | PTE_US);
	pte_write(scratch_pte(VA_KONLY), frame_phys(FRAME_KONLY) | PTE_P | PTE_RW);

	vmi_update_kernel_stack(KERNEL_DS, KSTACK_TOP);
	vmi_write_idt_entry(idt_table, SYSCALL_VECTOR,
	                    idt_gate(KERNEL_CS, (uint32_t)user_syscall_entry, GATE_TYPE_TRAP32, 3));
	struct dt_register idtr;
	vmi_get_idt(&idtr);
	vmi_set_idt(&idtr);
}

static const char *reason_name(uint32_t reason)
{
	return reason == USER_EXIT_SYSCALL ? "the exit int $0x80"
	       : reason == USER_EXIT_TRAP  ? "an exception"
	                                   : "?";
}

static void check_int80(void)
{
	user_sys_count = 0;
	catch_reset();
	uint32_t reason = user_mode_run(user_va(user_prog_echo), USER_ESP, 0);
	if (reason != USER_EXIT_SYSCALL) {
		case_fail("user-int80-round-trip",
		          "user mode ended by %s (vector %u error 0x%x at "
		          "0x%08x), want the exit int $0x80",
		          reason_name(reason), caught.vector, caught.error_code, caught.eip);
		case_not_run("user-int80-frame", "user-int80-round-trip failed");
		return;
	}
	case_check("user-int80-round-trip",
	           user_sys_count == 1 && user_sys_eax == USER_SYS_ECHO_VALUE &&
	               user_exit_value == ~(uint32_t)USER_SYS_ECHO_VALUE,
	           "%u int $0x80 (want 1) with EAX 0x%08x (want 0x%08x); user mode got back "
	           "0x%08x (want 0x%08x)",
	           user_sys_count, user_sys_eax, USER_SYS_ECHO_VALUE, user_exit_value,
	           ~(uint32_t)USER_SYS_ECHO_VALUE);

	const char *name = "user-int80-frame";
	uint32_t eip = user_sys_frame[0], cs = user_sys_frame[1] & 0xffff,
	         eflags = user_sys_frame[2], esp = user_sys_frame[3],
	         ss = user_sys_frame[4] & 0xffff;
	uint32_t want_eip = user_va(user_prog_echo_after_int);
	if (eip != want_eip || cs != USER_CS || esp != USER_ESP || ss != USER_DS)
		case_fail(name,
		          "frame EIP 0x%08x CS 0x%04x ESP 0x%08x SS 0x%04x, want 0x%08x 0x%04x "
		          "0x%08x 0x%04x",
		          eip, cs, esp, ss, want_eip, USER_CS, USER_ESP, USER_DS);
	else if (!(eflags & X86_EFLAGS_IF))
		case_fail(name, "frame EFLAGS 0x%08x: user mode ran with IF clear", eflags);
	else if (user_sys_frame_addr != KSTACK_TOP - 20)
		case_fail(name,
		          "the frame is at 0x%08x, want 0x%08x: the top of the kernel stack "
		          "UpdateKernelStack named (0x%08x)",
		          user_sys_frame_addr, KSTACK_TOP - 20, KSTACK_TOP);
	else
		case_check(name, user_sys_mask == X86_EFLAGS_IF,
		           "GetInterruptMask 0x%x in the trap gate's handler, want 0x200",
		           user_sys_mask);
}

/* The frame of an exception from user mode, on the kernel stack. */
static bool user_trap_ok(const char *name, uint32_t reason, uint32_t vector, uint32_t eip)
{
	if (reason != USER_EXIT_TRAP) {
		case_fail(name, "user mode ended by %s (exit value 0x%08x), want an exception",
		          reason_name(reason), user_exit_value);
		return false;
	}
	if (caught.count != 1 || caught.vector != vector) {
		case_fail(name, "%u exception(s), vector %u: want one, vector %u", caught.count,
		          caught.vector, vector);
		return false;
	}
	uint32_t want_frame = KSTACK_TOP - 20; /* EIP CS EFLAGS ESP SS (error code below) */
	if (caught.eip != eip || (caught.cs & 0xffff) != USER_CS || caught.esp != USER_ESP ||
	    (caught.ss & 0xffff) != USER_DS || caught.frame != want_frame) {
		case_fail(name,
		          "frame EIP 0x%08x CS 0x%04x ESP 0x%08x SS 0x%04x at 0x%08x, want "
		          "0x%08x 0x%04x 0x%08x 0x%04x at 0x%08x (kernel stack top 0x%08x)",
		          caught.eip, caught.cs & 0xffff, caught.esp, caught.ss & 0xffff,
		          caught.frame, eip, USER_CS, USER_ESP, USER_DS, want_frame, KSTACK_TOP);
		return false;
	}
	return true;
}

static void check_ud2(void)
{
	const char *name = "user-ud2-traps-to-kernel";
	catch_reset();
	uint32_t reason = user_mode_run(user_va(user_prog_ud2), USER_ESP, 0);
	if (user_trap_ok(name, reason, X86_TRAP_UD, user_va(user_prog_ud2)))
		case_check(name, caught.eflags & X86_EFLAGS_IF,
		           "frame EFLAGS 0x%08x: user mode ran with IF clear", caught.eflags);
}

static void check_cli(void)
{
	const char *name = "user-cli-gp";
	catch_reset();
	uint32_t reason = user_mode_run(user_va(user_prog_cli), USER_ESP, 0);
	if (user_trap_ok(name, reason, X86_TRAP_GP, user_va(user_prog_cli)))
		case_check(name, caught.error_code == 0, "error 0x%x, want 0", caught.error_code);
}

static void check_kernel_page(void)
{
	const char *name = "user-page-read-kernel-page-pf";
	catch_reset();
	uint32_t reason = user_mode_run(user_va(user_prog_read), USER_ESP, VA_USTACK);
	if (reason != USER_EXIT_SYSCALL || user_exit_value != frame_signature(FRAME_USTACK)) {
		case_fail(name,
		          "reading its own page 0x%08x, user mode ended by %s (vector %u "
		          "error 0x%x) with 0x%08x, want the exit with 0x%08x",
		          VA_USTACK, reason_name(reason), caught.vector, caught.error_code,
		          user_exit_value, frame_signature(FRAME_USTACK));
		return;
	}
	catch_reset();
	reason = user_mode_run(user_va(user_prog_read), USER_ESP, VA_KONLY);
	uint32_t cr2 = vmi_get_cr2();
	if (!user_trap_ok(name, reason, X86_TRAP_PF, user_va(user_prog_read_load)))
		return;
	case_check(name, caught.error_code == 5 && cr2 == VA_KONLY,
	           "error 0x%x (want 5: present, user, read), GetCR2 0x%08x (want 0x%08x)",
	           caught.error_code, cr2, VA_KONLY);
}

static void check_wedge_range(void)
{
	const char *name = "user-wedge-range-pf";
	catch_reset();
	uint32_t reason = user_mode_run(user_va(user_prog_read), USER_ESP, WEDGE_VIRT_BASE);
	uint32_t cr2 = vmi_get_cr2();
	if (!user_trap_ok(name, reason, X86_TRAP_PF, user_va(user_prog_read_load)))
		return;
	case_check(name, (caught.error_code & 6) == 4 && cr2 == WEDGE_VIRT_BASE,
	           "error 0x%x (want user bit, read), GetCR2 0x%08x (want 0x%08x)",
	           caught.error_code, cr2, WEDGE_VIRT_BASE);
}

void run_user_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "user-int80-round-trip",         "user-int80-frame",
	    "user-ud2-traps-to-kernel",      "user-cli-gp",
	    "user-page-read-kernel-page-pf", "user-wedge-range-pf",
	};
	if (not_run_why) {
		for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	user_setup();
	check_int80();
	check_ud2();
	check_cli();
	check_kernel_page();
	check_wedge_range();
}
