/*
 * Storage for the values head.S records before paging (boot_state.h).
 * Plain .bss: head.S clears .bss before it writes any of them.
 */
#include "tests/guest/boot_state.h"

uint32_t boot_params_phys;
uint32_t boot_cpuid_max_leaf;
char boot_cpuid_vendor[12];
uint32_t boot_cpuid_1_eax;
uint32_t boot_cpuid_1_edx;
uint32_t boot_cpu_has_nx;
uint32_t boot_efer_written;
uint32_t boot_cr0;
uint32_t boot_cr4;
uint32_t boot_page_table_root;
