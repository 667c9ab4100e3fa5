/*
 * The ROM image the project built (build/vmi.rom: the image, then the
 * relocation trailer, see include/vmi_rom_image.h), embedded so the guest
 * can compare the installed ROM with it.  GUEST_ROM_FILE comes from
 * guest.mk, which also makes this object depend on the file.
 */
	.section .rodata
	.balign 4
	.globl vmi_rom_blob, vmi_rom_blob_end
vmi_rom_blob:
	.incbin GUEST_ROM_FILE
vmi_rom_blob_end:

	.section .note.GNU-stack, "", @progbits
