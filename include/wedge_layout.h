/*
 * The wedge's place in the 32-bit virtual address space.  Shared by C,
 * assembler and the linker script, so it holds only plain #defines.
 *
 * Xen's hole for a 32-on-64 PV guest starts at 0xF5800000 (XEN-NOTES).  The
 * wedge takes the 16 MiB just under it; everything below WEDGE_VIRT_BASE is
 * the guest's, and the ROM header's virtual_top says so to Linux.
 *
 * Budget inside the 16 MiB: the wedge image (text, data, bss, stacks) may use
 * at most WEDGE_IMAGE_MAX; the rest holds what Xen builds after the image at
 * boot (start_info, the p2m list, the bootstrap page tables) and, later, the
 * wedge's own mapping windows.  The linker script enforces the image limit.
 */
#ifndef WEDGE_LAYOUT_H
#define WEDGE_LAYOUT_H

/* == virtual_top: the guest owns [0, WEDGE_VIRT_BASE) */
#define WEDGE_VIRT_BASE 0xF4800000
/* start of Xen's compat hole */
#define WEDGE_VIRT_END 0xF5800000
/* 4 MiB for the image itself */
#define WEDGE_IMAGE_MAX 0x00400000

/* Inside the 16 MiB: the image and Xen's boot structures take the first
 * 4 MiB; then a heap of permanently mapped wedge pages; then a 2 MiB area
 * of transient mapping windows (one L1 page's worth). */
#define WEDGE_HEAP_START   0xF4C00000
#define WEDGE_HEAP_END     0xF5600000
#define WEDGE_WINDOW_START 0xF5600000
#define WEDGE_WINDOW_END   0xF5800000

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096

#define WEDGE_STACK_SIZE 16384

#endif
