/*
 * vmiwedge's own ROM layout: where the stubs sit, the slot table the stub
 * macros emit (one row per stub, read by GetRelocationInfo, patchup-tool and
 * the tests), and the relocation trailer patchup-tool appends to an
 * extracted ROM image.  Usable from C and assembler.
 *
 * Slots: call number N lives at ROM offset VMI_SLOT_BASE + N * VMI_SLOT_SIZE,
 * for every N below VMI_CALL_LIMIT (numbers Linux never defines keep an empty
 * slot, so offsets never move).  64 bytes fits the generic frame-building
 * stub (about 34 bytes) with room; a stub that needs more jumps to code past
 * the slots.  An oversized stub fails the build (.org cannot go backwards).
 */
#ifndef VMI_ROM_IMAGE_H
#define VMI_ROM_IMAGE_H

#include "include/vmi_abi.h"

#define VMI_SLOT_BASE 0x200
#define VMI_SLOT_SIZE 64
#define VMI_SLOTS_END (VMI_SLOT_BASE + VMI_CALL_LIMIT * VMI_SLOT_SIZE)
/* The whole image: the slots rounded up to 512-byte blocks (11 of them). */
#define VMI_ROM_SIZE 0x1600

/* Offsets of the ROM's identification data, after the 0x90-byte header. */
#define VMI_ROM_PCI_OFF     0x90
#define VMI_ROM_PNP_OFF     0xA8
#define VMI_ROM_STRINGS_OFF 0xC0

#define VMI_ROM_PCI_VENDOR 0xFFFE /* not a PCI-SIG vendor: ours alone */
#define VMI_ROM_PCI_DEVICE 0x0001
#define VMI_ROM_LICENSE    "GPL v2"

/* Where the ROM's interrupt-flag stubs find vcpu 0's event flags: Xen's
 * vcpu_info is the first thing in the shared-info page. */
#define VCPU_INFO_UPCALL_PENDING 0
#define VCPU_INFO_UPCALL_MASK    1

#define VMI_SLOT_NAME_LEN  24
#define VMI_SLOT_DESC_SIZE 40

/* A ROM-relative offset recorded in .vmi_patchups is the address of a
 * `call rel32` (E8) or `jmp rel32` (E9) into the wedge. */
#define VMI_ROM_TRAILER_MAGIC   "vmiwRELO"
#define VMI_ROM_TRAILER_VERSION 1

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vmi_slot_desc {
	uint32_t call;       /* VMI call number */
	uint32_t start;      /* ROM offset of the stub */
	uint32_t end;        /* ROM offset just past it */
	uint32_t reloc_type; /* VMI_RELOCATION_*, what GetRelocationInfo answers */
	char name[VMI_SLOT_NAME_LEN];
};
_Static_assert(sizeof(struct vmi_slot_desc) == VMI_SLOT_DESC_SIZE, "slot row layout");

/* Appended after rom_length * 512 bytes of an extracted image. */
struct vmi_rom_trailer {
	char magic[8];
	uint32_t version;
	uint32_t link_base;   /* where the ROM was linked inside the wedge */
	uint32_t wedge_start; /* wedge code range: every relocation targets it */
	uint32_t wedge_end;
	uint32_t nr_relocs; /* followed by nr_relocs uint32_t ROM offsets */
	uint32_t nr_slots;  /* then nr_slots struct vmi_slot_desc */
};
_Static_assert(sizeof(struct vmi_rom_trailer) == 32, "trailer layout");
#endif

#endif
