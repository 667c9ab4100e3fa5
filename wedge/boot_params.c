/*
 * The Linux zero page the wedge hands the guest in %esi: an E820 map (RAM
 * below 640 KiB, the ISA hole with the ROM, RAM above 1 MiB), the memory
 * sizes old kernels read, the command line pointer and the initrd.
 */
#include <string.h>

#include "include/byteorder.h"
#include "wedge/boot_params.h"
#include "wedge/loader.h"

static void add_e820(uint8_t *zp, uint64_t addr, uint64_t size, uint32_t type)
{
	uint8_t n = zp[BP_E820_ENTRIES];
	uint8_t *e = zp + BP_E820_MAP + n * BP_E820_ENTRY_SIZE;
	put_le64(e, addr);
	put_le64(e + 8, size);
	put_le32(e + 16, type);
	zp[BP_E820_ENTRIES] = (uint8_t)(n + 1);
}

void boot_params_build(uint8_t *zp, const struct guest_phys *gp, const struct loaded_kernel *k,
                       int have_cmdline)
{
	zp[BP_E820_ENTRIES] = 0;
	add_e820(zp, 0, GUEST_ISA_HOLE_START, E820_RAM);
	add_e820(zp, GUEST_ISA_HOLE_START, GUEST_ISA_HOLE_END - GUEST_ISA_HOLE_START,
	         E820_RESERVED);
	add_e820(zp, GUEST_ISA_HOLE_END, gp->ram_bytes - GUEST_ISA_HOLE_END, E820_RAM);

	uint32_t above_1m_kib = (gp->ram_bytes - GUEST_ISA_HOLE_END) >> 10;
	put_le16(zp + BP_EXT_MEM_K, (uint16_t)(above_1m_kib > 0xffff ? 0xffff : above_1m_kib));
	put_le32(zp + BP_ALT_MEM_K, above_1m_kib);

	if (k->kind == KERNEL_ELF) {
		/* No real setup header: make a plausible one for head_32.S. */
		memcpy(zp + BP_HEADER_MAGIC, "HdrS", 4);
		put_le16(zp + BP_BOOT_FLAG, BP_BOOT_FLAG_VALUE);
		put_le16(zp + BP_VERSION, 0x0207);
		put_le32(zp + BP_CODE32_START, k->entry);
		put_le32(zp + BP_CMDLINE_SIZE, GUEST_CMDLINE_MAX - 1);
	}
	zp[BP_TYPE_OF_LOADER] = BP_LOADER_UNDEFINED;
	zp[BP_LOADFLAGS] |= BP_LOADFLAG_LOADED_HIGH;
	zp[BP_LOADFLAGS] &= (uint8_t)~BP_LOADFLAG_KEEP_SEGMENTS;
	put_le32(zp + BP_HARDWARE_SUBARCH, 0); /* a normal PC */
	put_le32(zp + BP_CMD_LINE_PTR, have_cmdline ? GUEST_CMDLINE_GPA : 0);
	put_le32(zp + BP_RAMDISK_IMAGE, k->initrd_size ? k->initrd_gpa : 0);
	put_le32(zp + BP_RAMDISK_SIZE, k->initrd_size);
}
