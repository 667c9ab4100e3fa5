/*
 * VMI_Init and the privilege change it brings.  Before it the guest really
 * runs in ring 3 (CS RPL 3); it calls ROM+0x80 as Linux's activate_vmi()
 * does, with interrupts disabled by the native local_irq_save() (a cli the
 * wedge has to emulate), and afterwards must be in ring 1, which Linux
 * learns by reading CS & 3 (and SS must agree).
 */
#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_rom.h"
#include "tests/guest/x86.h"

#define RPL(sel) ((sel)&3u)

bool run_vmi_init_cases(const uint8_t *rom, const char *not_run_why)
{
	uint16_t cs = read_cs();
	case_check("cs-rpl-before-init", RPL(cs) == 3,
	           "CS is 0x%04x, RPL %u: want 3 (deprivileged until VMI_Init)", cs, RPL(cs));

	if (not_run_why) {
		case_not_run("vmi-init-returns-0", not_run_why);
		case_not_run("cs-rpl-after-init", not_run_why);
		return false;
	}

	/* Linux restores these flags through the freshly patched
	 * SetInterruptMask; we stay with interrupts off for the whole run
	 * (no interrupt handlers here), so the flags are not needed. */
	(void)native_irq_save();
	uint32_t result = vmi_rom_init(rom);
	case_check("vmi-init-returns-0", result == 0, "VMI_Init returned 0x%08x", result);

	cs = read_cs();
	uint16_t ss = read_ss();
	case_check(
	    "cs-rpl-after-init", RPL(cs) == 1 && RPL(ss) == 1,
	    "after VMI_Init CS is 0x%04x (RPL %u) and SS 0x%04x (RPL %u): want RPL 1 for both", cs,
	    RPL(cs), ss, RPL(ss));
	return result == 0;
}
