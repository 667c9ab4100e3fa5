/*
 * The two bootstrap entry points of the ROM and the names used in reports
 * (vmi_rom.h).
 */
#include "tests/guest/vmi_rom.h"

typedef uint32_t __attribute__((regparm(1))) (*vmi_init_fn)(void);
typedef uint64_t __attribute__((regparm(2))) (*vmi_get_reloc_fn)(int call);

uint32_t vmi_rom_init(const uint8_t *rom)
{
	return ((vmi_init_fn)(rom + VROM_OFF_VMI_INIT))();
}

struct vmi_reloc_answer vmi_rom_get_reloc(const uint8_t *rom, uint32_t call)
{
	uint64_t r = ((vmi_get_reloc_fn)(rom + VROM_OFF_GET_RELOC))((int)call);
	return (struct vmi_reloc_answer){.target = (uint32_t)r, .type = (uint8_t)(r >> 32)};
}

size_t vmi_rom_size(const uint8_t *rom)
{
	return (size_t)rom[VROM_OFF_ROM_LENGTH] * VROM_BLOCK;
}

#define VMI_CALL_NAME_ENTRY(name, nr) [nr] = #name,
static const char *const call_names[VMI_CALL_LIMIT] = {VMI_CALL_LIST(VMI_CALL_NAME_ENTRY)};
#undef VMI_CALL_NAME_ENTRY

const char *vmi_call_name(uint32_t call)
{
	return call < VMI_CALL_LIMIT ? call_names[call] : NULL;
}

const char *vmi_reloc_type_name(uint8_t type)
{
	static const char *const names[] = {
	    [VMI_RELOCATION_NONE] = "NONE",
	    [VMI_RELOCATION_CALL_REL] = "CALL_REL",
	    [VMI_RELOCATION_JUMP_REL] = "JUMP_REL",
	    [VMI_RELOCATION_NOP] = "NOP",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "INVALID";
}
