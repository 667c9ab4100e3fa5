/*
 * Calling into the VMI ROM the way Linux does (vmi_32.c): VMI_Init at
 * ROM+0x80 as `u32 regparm(1) (void)`, GetRelocationInfo at ROM+0x88 as
 * `u64 regparm(2) (int call)` whose EAX is the target and DL the type.
 * Plus names for call numbers and relocation types, for the reports.
 */
#ifndef GUEST_VMI_ROM_H
#define GUEST_VMI_ROM_H

#include <stddef.h>
#include <stdint.h>

#include "include/vmi_abi.h"

struct vmi_reloc_answer {
	uint32_t target; /* EAX */
	uint8_t type;    /* DL: VMI_RELOCATION_* (anything else is a ROM bug) */
};

uint32_t vmi_rom_init(const uint8_t *rom);
struct vmi_reloc_answer vmi_rom_get_reloc(const uint8_t *rom, uint32_t call);

/* rom_length * 512: the image size the header claims. */
size_t vmi_rom_size(const uint8_t *rom);

/* The name Linux gives a call number, or NULL where Linux defines none. */
const char *vmi_call_name(uint32_t call);
const char *vmi_reloc_type_name(uint8_t type);

#endif
