/*
 * The C front-ends the ROM stubs call (*_ext(burn_clobbers_frame_t *)) and
 * GetRelocationInfo.  Front-ends return values by writing the frame's
 * eax/edx, which the stub restores into the guest's registers.
 */
#define LOG_SUBSYS "vmi"
#include "include/vmi_rom_image.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/rom_install.h"

extern const struct vmi_slot_desc vmi_slots_start[], vmi_slots_end[];

void vmi_rdtsc_ext(burn_clobbers_frame_t *f);
void vmi_unimplemented_ext(burn_clobbers_frame_t *f);
__attribute__((regparm(1))) uint64_t vmi_get_relocation_info(uint32_t call);

BURN_COUNTER(vmi_reloc_unknown_call);
BURN_COUNTER(vmi_reloc_before_init);

static const struct vmi_slot_desc *slot_for_call(uint32_t call)
{
	for (const struct vmi_slot_desc *s = vmi_slots_start; s < vmi_slots_end; s++)
		if (s->call == call)
			return s;
	return NULL;
}

void vmi_rdtsc_ext(burn_clobbers_frame_t *f)
{
	asm volatile("rdtsc" : "=a"(f->eax), "=d"(f->edx));
}

void vmi_unimplemented_ext(burn_clobbers_frame_t *f)
{
	uint32_t off = f->burn_ret_address - rom_run_base;
	uint32_t call = (off - VMI_SLOT_BASE) / VMI_SLOT_SIZE;
	const struct vmi_slot_desc *s = slot_for_call(call);
	guest_fault("VMI call %s (%lu) was called, but it is not implemented "
	            "(GetRelocationInfo answers NONE); guest return address 0x%08lx",
	            s ? s->name : "?", (unsigned long)call, (unsigned long)f->guest_ret_address);
}

/* EAX = call number -> EDX:EAX = {target, relocation type in DL}. */
__attribute__((regparm(1))) uint64_t vmi_get_relocation_info(uint32_t call)
{
	if (!rom_run_base) {
		burn_counter_inc(&burn_counter_vmi_reloc_before_init);
		return (uint64_t)VMI_RELOCATION_NONE << 32;
	}
	const struct vmi_slot_desc *s = call < VMI_CALL_LIMIT ? slot_for_call(call) : NULL;
	if (!s) {
		burn_counter_inc(&burn_counter_vmi_reloc_unknown_call);
		return (uint64_t)VMI_RELOCATION_NONE << 32;
	}
	uint32_t target = 0;
	if (s->reloc_type == VMI_RELOCATION_CALL_REL || s->reloc_type == VMI_RELOCATION_JUMP_REL)
		target = rom_run_base + s->start;
	return (uint64_t)s->reloc_type << 32 | target;
}
