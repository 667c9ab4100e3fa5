/*
 * Offsets in Linux's x86 boot_params ("zero page") and its setup header,
 * from Documentation/x86/boot.txt and asm/bootparam.h.
 */
#ifndef WEDGE_BOOT_PARAMS_H
#define WEDGE_BOOT_PARAMS_H

#define BP_EXT_MEM_K        0x002
#define BP_ALT_MEM_K        0x1E0
#define BP_E820_ENTRIES     0x1E8
#define BP_SETUP_SECTS      0x1F1
#define BP_BOOT_FLAG        0x1FE
#define BP_HEADER_MAGIC     0x202 /* "HdrS" */
#define BP_VERSION          0x206
#define BP_TYPE_OF_LOADER   0x210
#define BP_LOADFLAGS        0x211
#define BP_CODE32_START     0x214
#define BP_RAMDISK_IMAGE    0x218
#define BP_RAMDISK_SIZE     0x21C
#define BP_HEAP_END_PTR     0x224
#define BP_CMD_LINE_PTR     0x228
#define BP_INITRD_ADDR_MAX  0x22C
#define BP_CMDLINE_SIZE     0x238
#define BP_HARDWARE_SUBARCH 0x23C
#define BP_E820_MAP         0x2D0
#define BP_E820_ENTRY_SIZE  20
#define BP_E820_MAX         128
#define BP_ZERO_PAGE_SIZE   4096

#define BP_LOADFLAG_LOADED_HIGH   0x01
#define BP_LOADFLAG_KEEP_SEGMENTS 0x40
#define BP_LOADFLAG_CAN_USE_HEAP  0x80
#define BP_LOADER_UNDEFINED       0xFF
#define BP_BOOT_FLAG_VALUE        0xAA55
#define BP_MIN_PROTOCOL           0x0205 /* VMI kernels (2.6.21+) speak 2.05 or later */

#define E820_RAM      1
#define E820_RESERVED 2

#endif
