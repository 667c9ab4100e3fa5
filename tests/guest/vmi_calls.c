/*
 * The CALL_REL targets of the ROM's calls (vmi_calls.h).
 */
#include "tests/guest/string.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/vmi_rom.h"

uint32_t vmi_call_target[VMI_CALL_LIMIT];

/* The calls the phases after VMI_Init use: each must be CALL_REL, or
 * those phases do not run (each of their cases fails with the reason). */
/* clang-format off */
static const uint8_t required[] = {
	VMI_CALL_CPUID, VMI_CALL_SetGDT, VMI_CALL_SetLDT, VMI_CALL_SetIDT, VMI_CALL_SetTR,
	VMI_CALL_GetGDT, VMI_CALL_GetLDT, VMI_CALL_GetIDT, VMI_CALL_GetTR,
	VMI_CALL_WriteGDTEntry, VMI_CALL_WriteIDTEntry, VMI_CALL_UpdateKernelStack,
	VMI_CALL_SetCR0, VMI_CALL_SetCR2, VMI_CALL_SetCR3, VMI_CALL_SetCR4,
	VMI_CALL_GetCR0, VMI_CALL_GetCR2, VMI_CALL_GetCR3, VMI_CALL_GetCR4,
	VMI_CALL_SetDR, VMI_CALL_GetDR, VMI_CALL_CLTS,
	VMI_CALL_EnableInterrupts, VMI_CALL_DisableInterrupts,
	VMI_CALL_GetInterruptMask, VMI_CALL_SetInterruptMask, VMI_CALL_IRET, VMI_CALL_Halt,
	VMI_CALL_InvalPage, VMI_CALL_FlushTLB,
	VMI_CALL_GetCycleFrequency, VMI_CALL_GetCycleCounter, VMI_CALL_SetAlarm,
	VMI_CALL_CancelAlarm, VMI_CALL_GetWallclockTime,
};
/* clang-format on */

const char *vmi_calls_resolve(const uint8_t *rom)
{
	static const char prefix[] = "the ROM does not answer CALL_REL for ";
	static char why[sizeof(prefix) + 32];
	for (uint32_t call = 0; call < VMI_CALL_LIMIT; call++) {
		struct vmi_reloc_answer a = vmi_rom_get_reloc(rom, call);
		vmi_call_target[call] = a.type == VMI_RELOCATION_CALL_REL ? a.target : 0;
	}
	for (unsigned int i = 0; i < sizeof(required); i++) {
		if (vmi_call_target[required[i]])
			continue;
		const char *name = vmi_call_name(required[i]);
		size_t n = strlen(name);
		if (n > sizeof(why) - sizeof(prefix))
			n = sizeof(why) - sizeof(prefix);
		memcpy(why, prefix, sizeof(prefix) - 1);
		memcpy(why + sizeof(prefix) - 1, name, n);
		why[sizeof(prefix) - 1 + n] = '\0';
		return why;
	}
	return NULL;
}
