/*
 * Writes to the virtual control registers, shared by the emulator (native
 * mov to CRn) and the ROM's SetCRn calls: CR0.TS goes to Xen's FPU switch,
 * CR0.PG, CR3 and CR4.PAE choose the shadow the guest runs on.
 */
#ifndef CPU_CREGS_H
#define CPU_CREGS_H

#include <stdint.h>

void cr0_write(uint32_t value);
void cr3_write(uint32_t value);
void cr4_write(uint32_t value);

#endif
