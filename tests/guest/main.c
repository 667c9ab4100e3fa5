/*
 * guest_main(): head.S calls it once paging is on, running at the virtual
 * address, still deprivileged and before VMI_Init.  It runs the phases in
 * order (suite.h) and ends the run with the summary and the exit code.
 */
#include "include/x86_traps.h"
#include "tests/guest/bench.h"
#include "tests/guest/catch.h"
#include "tests/guest/console.h"
#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"

_Noreturn void guest_main(void);

/*
 * Before the phases that use the ROM's calls: their targets, then what
 * Linux does right after VMI_Init (local_irq_restore of the flags saved
 * around it, through the patched SetInterruptMask; the wedge keeps
 * interrupts off here, as the flags were saved with them off), and the
 * exception catcher.  Returns why those phases cannot run, or NULL.
 */
static const char *prepare_rom_call_phases(const uint8_t *rom, const char *not_run_why)
{
	if (not_run_why)
		return not_run_why;
	const char *why = vmi_calls_resolve(rom);
	if (why)
		return why;
	vmi_set_interrupt_mask(X86_EFLAGS_IF);
	report_info("Linux's restore after VMI_Init, SetInterruptMask(0x200): GetInterruptMask "
	            "now 0x%x",
	            vmi_get_interrupt_mask());
	vmi_disable_interrupts();
	catch_install();
	return NULL;
}

_Noreturn void guest_main(void)
{
	guest_printf("guest: VMI conformance guest, %s page tables\n",
	             GUEST_PAE ? "PAE" : "2-level (non-PAE)");

	run_boot_cases();

	const uint8_t *rom = run_rom_probe_cases();
	const char *not_run_why = rom ? NULL : "no VMI ROM found";

	bool init_ok = run_vmi_init_cases(rom, not_run_why);
	if (!not_run_why && !init_ok)
		not_run_why = "VMI_Init failed (Linux would not use the ROM)";

	run_reloc_cases(rom, not_run_why);
	run_patch_cases(rom, not_run_why);
	run_rom_image_cases(rom, not_run_why);

	const char *calls_why = prepare_rom_call_phases(rom, not_run_why);

	/* Bench mode (`bench` on the command line, bench.h): the benchmarks
	 * instead of the phases below; they end the run. */
	if (bench_requested())
		run_benchmarks(calls_why);

	run_cpu_cases(calls_why);
	run_trap_cases(calls_why);
	run_mmu_cases(calls_why);
	run_user_cases(calls_why);
	run_time_cases(calls_why);
	run_uart_cases(calls_why);
	run_more_cases(calls_why);
	run_segment_cases(calls_why);

	report_summary_and_exit();
}
