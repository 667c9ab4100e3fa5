/*
 * Installing and activating the VMI ROM.  The image is linked inside the
 * wedge; its stubs call the wedge with rel32 calls valid only at the link
 * address.  At VMI_Init the guest's copy is moved to its run-time address
 * (every .vmi_patchups entry fixed by the distance), and from then on
 * GetRelocationInfo answers with run-time addresses.
 */
#define LOG_SUBSYS "rom"
#include <string.h>

#include "include/vmi_rom_image.h"
#include "rom/rom_image.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "cpu/activate.h"
#include "wedge/guest_mem.h"
#include "wedge/irq_window.h"
#include "wedge/loader.h"
#include "wedge/rom_install.h"
#include "xen/guest_pt.h"
#include "xen/shadow.h"

extern uint8_t vmi_rom_image[], vmi_init_trap[];
extern uint32_t vmi_patchups_start[], vmi_patchups_end[];
extern char wedge_image_start[], wedge_image_end[];

uint32_t rom_run_base;

static uint8_t *pending_copy;
static uint32_t pending_run_base;

#define MAX_PATCHUPS 256

void rom_install(uint8_t *dst)
{
	memcpy(dst, vmi_rom_image, VMI_ROM_SIZE);
	rom_fix_checksum(dst, VMI_ROM_SIZE);
}

void rom_expect_init(uint8_t *copy, uint32_t run_base)
{
	pending_copy = copy;
	pending_run_base = run_base;
}

static int guest_rom_installed;
static uint8_t rom_buffer[VMI_ROM_SIZE];

void rom_install_guest(void)
{
	rom_install(rom_buffer);
	if (guest_phys_write(GUEST_ROM_GPA, rom_buffer, VMI_ROM_SIZE) != 0)
		wedge_bug("rom_install_guest: guest RAM does not reach 0x%x", GUEST_ROM_GPA);
	guest_rom_installed = 1;
	log_info("ROM installed at guest-physical 0x%x (%u bytes, checksum 0x%02x)", GUEST_ROM_GPA,
	         VMI_ROM_SIZE, rom_buffer[VMI_ROM_SIZE - 1]);
}

static void rom_activate(uint8_t *copy, uint32_t run_base)
{
	static uint32_t offsets[MAX_PATCHUPS];
	size_t n = (size_t)(vmi_patchups_end - vmi_patchups_start);
	if (n > MAX_PATCHUPS)
		wedge_bug("rom_activate: %u patchups, room for %d", (unsigned)n, MAX_PATCHUPS);
	for (size_t i = 0; i < n; i++)
		offsets[i] = vmi_patchups_start[i] - (uint32_t)vmi_rom_image;

	char why[160];
	if (rom_relocate(copy, VMI_ROM_SIZE, offsets, n, (uint32_t)vmi_rom_image, run_base,
	                 (uint32_t)wedge_image_start, (uint32_t)wedge_image_end, why,
	                 sizeof(why)) != 0)
		wedge_bug("rom_activate: %s", why);
	rom_run_base = run_base;
	log_info("VMI_Init: ROM activated at 0x%08lx, %u relocations fixed by %+ld",
	         (unsigned long)run_base, (unsigned)n, (long)(run_base - (uint32_t)vmi_rom_image));
}

/* Is eip the guest's view of the ROM's Init trap?  Its PAGE_OFFSET is its
 * own choice, so ask its page tables where eip leads. */
static int guest_init_trap(uint32_t eip, uint32_t trap_offset)
{
	struct guest_walk w;
	/* Once the ROM runs somewhere, only that address can be its Init: a
	 * compare, not a page walk, on every #GP the guest takes. */
	if (rom_run_base)
		return guest_rom_installed && eip == rom_run_base + trap_offset;
	return guest_rom_installed &&
	       guest_pt_walk(shadow_current_format(), shadow_current_root(), eip, &w) == 0 &&
	       w.gpa == GUEST_ROM_GPA + trap_offset;
}

static void guest_vmi_init(struct trap_frame *f, uint32_t run_base)
{
	if (!rom_run_base) {
		if (guest_phys_read(GUEST_ROM_GPA, rom_buffer, VMI_ROM_SIZE) != 0)
			wedge_bug("guest_vmi_init: cannot read the installed ROM");
		rom_activate(rom_buffer, run_base);
		guest_phys_write(GUEST_ROM_GPA, rom_buffer, VMI_ROM_SIZE);
	} else if (rom_run_base != run_base) {
		guest_fault("VMI_Init called again at a different address 0x%08lx",
		            (unsigned long)run_base);
	}
	f->eax = 0;
	f->eip += 1; /* past the hlt */
	if (!vcpu_activated()) {
		vmi_irq_restore_after_init = trap_frame_saved_upcall_mask(f) != 0;
		vcpu_activate(f);
	}
}

int rom_handle_init_trap(struct trap_frame *f)
{
	uint32_t trap_offset = (uint32_t)(vmi_init_trap - vmi_rom_image);
	if (guest_init_trap(f->eip, trap_offset)) {
		guest_vmi_init(f, f->eip - trap_offset);
		return 1;
	}
	if (!pending_copy || f->eip != pending_run_base + trap_offset)
		return 0;
	if (rom_run_base && rom_run_base != pending_run_base)
		guest_fault("VMI_Init called again from a different address 0x%08lx",
		            (unsigned long)f->eip);
	if (!rom_run_base)
		rom_activate(pending_copy, pending_run_base);
	f->eax = 0;
	f->eip += 1; /* past the hlt */
	return 1;
}
