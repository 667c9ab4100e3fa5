/*
 * The CPUID policy.  Hidden from the guest, with the reason:
 *   leaf 1 EDX: PSE, PSE36 (Xen's PV MMU has no large pages), PGE (global
 *     pages would outlive our shadow switches), SEP (no SYSEXIT: the ROM
 *     answers NONE), MTRR, PAT, MCE, MCA (no such MSRs), APIC (no local
 *     APIC is emulated), ACPI, DS, TM, PBE (host power and debug features);
 *   leaf 1 ECX: MONITOR, VMX, SMX, EST, TM2, x2APIC, TSC deadline.
 *   leaf 0x80000001 EDX: SYSCALL, RDTSCP; leaf 0x80000001 ECX: SVM.
 * XSAVE stays: Linux detects features with native cpuid before VMI_Init
 * (early_cpu_init), which nobody can filter (XEN-NOTES), and Xen emulates
 * xsetbv for a PV kernel; hiding XSAVE only later makes Linux BUG in
 * xsave_cntxt_init.  The same early detection sees PSE and PGE: the shadow
 * honours large guest pages and ignores the global bit, so that is safe.
 */
#include "cpu/cpuid.h"

#define B(n) (1u << (n))
#define HIDE_1_EDX                                                                                 \
	(B(3) | B(7) | B(9) | B(11) | B(12) | B(13) | B(14) | B(16) | B(17) | B(21) | B(22) |      \
	 B(29) | B(31))
#define HIDE_1_ECX   (B(3) | B(5) | B(6) | B(7) | B(8) | B(21) | B(24))
#define HIDE_EXT_EDX (B(11) | B(27))
#define HIDE_EXT_ECX (B(2))

void cpuid_filtered(struct cpuid_regs *r)
{
	uint32_t leaf = r->eax;
	asm volatile("cpuid"
	             : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
	             : "a"(leaf), "c"(r->ecx));
	switch (leaf) {
	case 1:
		r->edx &= ~HIDE_1_EDX;
		r->ecx &= ~HIDE_1_ECX;
		break;
	case 0x80000001:
		r->edx &= ~HIDE_EXT_EDX;
		r->ecx &= ~HIDE_EXT_ECX;
		break;
	}
}
