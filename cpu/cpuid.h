/*
 * The CPUID the guest sees through the ROM: the host's, minus what the
 * wedge does not virtualize.
 */
#ifndef CPU_CPUID_H
#define CPU_CPUID_H

#include <stdint.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* In: eax leaf, ecx sub-leaf.  Out: the four registers, policy applied. */
void cpuid_filtered(struct cpuid_regs *r);

#endif
