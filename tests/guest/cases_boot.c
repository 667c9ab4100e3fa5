/*
 * What the Linux-style boot in head.S should have left behind, checked from
 * C once paging is on: the segment selectors, running at the high virtual
 * address with both mappings in place, and a usable CPUID.  Also reports
 * what head.S recorded on the way (boot_state.h).
 */
#include <stdbool.h>

#include "tests/guest/boot_state.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/x86.h"

#define SELECTOR_INDEX(sel) ((sel) & ~3u)
#define PAGING_PROBE_VALUE  0x600dc0deu

/* In .data so the loader, not our code, gives it its value: reading it
 * through both mappings shows they reach the same frame. */
static uint32_t paging_probe_word = PAGING_PROBE_VALUE;

static void report_boot_state(void)
{
	report_info("entered with boot_params at phys 0x%08x", boot_params_phys);
	report_info("at entry: cr0 0x%08x cr4 0x%08x; page-table root (cr3) 0x%08x", boot_cr0,
	            boot_cr4, boot_page_table_root);
	report_info("cpuid: max leaf %u, leaf 1 eax 0x%08x edx 0x%08x", boot_cpuid_max_leaf,
	            boot_cpuid_1_eax, boot_cpuid_1_edx);
	if (boot_cpu_has_nx)
		report_info("NX offered: wrote EFER low half 0x%08x", boot_efer_written);
	else
		report_info("NX not offered by cpuid 0x80000001: EFER left alone");
}

static void check_selectors(void)
{
	uint16_t cs = read_cs(), ss = read_ss();
	uint16_t ds = read_ds(), es = read_es(), fs = read_fs(), gs = read_gs();
	bool ok = SELECTOR_INDEX(cs) == KERNEL_CS && SELECTOR_INDEX(ss) == KERNEL_DS &&
	          SELECTOR_INDEX(ds) == KERNEL_DS && SELECTOR_INDEX(es) == KERNEL_DS &&
	          SELECTOR_INDEX(fs) == KERNEL_DS && SELECTOR_INDEX(gs) == KERNEL_DS;
	case_check("boot-gdt-ljmp-lss", ok,
	           "cs 0x%04x ss 0x%04x ds 0x%04x es 0x%04x fs 0x%04x gs 0x%04x "
	           "(want cs 0x%02x and the rest 0x%02x, any RPL)",
	           cs, ss, ds, es, fs, gs, KERNEL_CS, KERNEL_DS);
}

static void check_paging_on_high(void)
{
	uint32_t eip = read_eip(), esp = read_esp();
	volatile uint32_t *high = &paging_probe_word;
	volatile uint32_t *identity = (volatile uint32_t *)((uint32_t)high - GUEST_PAGE_OFFSET);

	uint32_t via_high = *high, via_identity = *identity;
	/* Write through one view, read through the other. */
	*high = ~PAGING_PROBE_VALUE;
	uint32_t identity_after_write = *identity;
	*high = PAGING_PROBE_VALUE;

	bool ok = eip >= GUEST_PAGE_OFFSET && esp >= GUEST_PAGE_OFFSET &&
	          via_high == PAGING_PROBE_VALUE && via_identity == PAGING_PROBE_VALUE &&
	          identity_after_write == ~PAGING_PROBE_VALUE;
	case_check("paging-on-high", ok,
	           "eip 0x%08x esp 0x%08x; word at 0x%08x reads 0x%08x, at 0x%08x reads 0x%08x "
	           "(want 0x%08x), after a write through the high view 0x%08x (want 0x%08x)",
	           eip, esp, (uint32_t)high, via_high, (uint32_t)identity, via_identity,
	           PAGING_PROBE_VALUE, identity_after_write, ~PAGING_PROBE_VALUE);
}

static void check_cpuid_vendor(void)
{
	struct cpuid_regs r = cpuid(0);
	char vendor[13];
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';

	bool printable = true;
	for (int i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			printable = false;
	bool same_as_boot = memcmp(vendor, boot_cpuid_vendor, 12) == 0;
	if (printable)
		report_info("cpuid vendor '%s'", vendor);
	case_check("cpuid-vendor", printable && same_as_boot,
	           "leaf 0 vendor bytes %08x %08x %08x %s; before paging it was %s", r.ebx, r.edx,
	           r.ecx, printable ? "(printable)" : "(not 12 printable characters)",
	           same_as_boot ? "the same" : "different");
}

void run_boot_cases(void)
{
	report_boot_state();
	check_selectors();
	check_paging_on_high();
	check_cpuid_vendor();
}
