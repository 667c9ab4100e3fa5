/*
 * What the entry code (head.S) saw and did before paging was on, kept for
 * the C side to report.  head.S writes these through their physical
 * addresses; C reads them through the PAGE_OFFSET mapping.
 */
#ifndef GUEST_BOOT_STATE_H
#define GUEST_BOOT_STATE_H

#include <stdint.h>

extern uint32_t boot_params_phys;    /* %esi at entry: the zero page */
extern uint32_t boot_cpuid_max_leaf; /* cpuid(0).eax */
extern char boot_cpuid_vendor[12];   /* cpuid(0) ebx, edx, ecx */
extern uint32_t boot_cpuid_1_eax;    /* family, model, stepping */
extern uint32_t boot_cpuid_1_edx;    /* feature flags */
extern uint32_t boot_cpu_has_nx;     /* cpuid 0x80000001 EDX bit 20 */
extern uint32_t boot_efer_written;   /* EFER value written with NX set, if any */
extern uint32_t boot_cr0;            /* CR0 and CR4 as read at entry */
extern uint32_t boot_cr4;
extern uint32_t boot_page_table_root; /* what was loaded into CR3 */

#endif
