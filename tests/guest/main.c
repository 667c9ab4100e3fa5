/*
 * guest_main(): head.S calls it once paging is on, running at the virtual
 * address, still deprivileged and before VMI_Init.  It runs the phases in
 * order (suite.h) and ends the run with the summary and the exit code.
 */
#include "tests/guest/console.h"
#include "tests/guest/report.h"
#include "tests/guest/suite.h"

_Noreturn void guest_main(void);

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

	report_summary_and_exit();
}
