/*
 * Where the conformance guest lives and which selectors and ports it uses.
 * Plain #defines only: shared by C, assembler and the linker script.
 *
 * The guest is linked like Linux's vmlinux: code and data at PAGE_OFFSET +
 * 1 MiB, loaded at physical 1 MiB, entered at the physical address of
 * startup_32 with paging off.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/* Linux's 3G/1G split: the kernel sees physical memory at PAGE_OFFSET. */
#define GUEST_PAGE_OFFSET 0xC0000000
/* Physical load address (Linux's CONFIG_PHYSICAL_START). */
#define GUEST_LOAD_PHYS 0x00100000
/* Both the identity and the PAGE_OFFSET mapping cover physical 0..16 MiB. */
#define GUEST_MAPPED_BYTES 0x01000000

#define GUEST_PAGE_SIZE  4096
#define GUEST_STACK_SIZE 16384

/* GDT in Linux's layout (asm/segment.h, 32-bit). */
#define GDT_ENTRIES         32
#define GDT_ENTRY_BOOT_CS   2
#define GDT_ENTRY_KERNEL_CS 12
#define GDT_ENTRY_KERNEL_DS 13
#define GDT_ENTRY_USER_CS   14
#define GDT_ENTRY_USER_DS   15
#define BOOT_CS             0x10 /* the boot loader's flat code selector */
#define BOOT_DS             0x18 /* and data selector */
#define KERNEL_CS           0x60 /* entry 12, RPL 0 */
#define KERNEL_DS           0x68 /* entry 13, RPL 0 */
#define USER_CS             0x73 /* entry 14, RPL 3 */
#define USER_DS             0x7b /* entry 15, RPL 3 */

#define IDT_ENTRIES 256

/* Where Linux's probe_vmi_rom() looks for the ROM (physical, end exclusive). */
#define VMI_ROM_SCAN_START 0xC0000
#define VMI_ROM_SCAN_END   0xE0000
#define VMI_ROM_SCAN_STEP  2048

/* 16550 on COM1. */
#define SERIAL_THR      0x3F8
#define SERIAL_LSR      0x3FD
#define SERIAL_LSR_THRE 0x20 /* transmit holding register empty */

/* 8259 interrupt-mask registers and the POST port Linux uses as a delay. */
#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_IMR  0xA1
#define IO_DELAY_PORT  0x80

/* include/exit_codes.h is C-only (an enum), so the assembler gets its own
 * copies of the two values it needs; report.c asserts that they agree. */
#define ASM_DEBUG_EXIT_PORT 0xf4
#define ASM_EXIT_FAIL       0x11

#endif
