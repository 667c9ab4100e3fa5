/*
 * The VMI 3.0 ABI as mainline Linux 2.6.21-2.6.36 consumes it
 * (docs: VMI-ABI.md): call numbers, relocation types, page and alarm flags,
 * the ROM header, and the frame the ROM's C front-ends receive.  Usable from
 * C and assembler.
 */
#ifndef VMI_ABI_H
#define VMI_ABI_H

/* ---- call numbers (arguments to GetRelocationInfo, not ROM offsets) ---- */
/* X(name, number) for every call number 3.0 Linux defines; 49-60 and 72
 * are not defined (49-60 were the rev-13 port I/O calls).  The one list
 * from which C enums and the ROM's assembler symbols are both made. */
#define VMI_CALL_LIST(X)                                                                           \
	X(CPUID, 0)                                                                                \
	X(WRMSR, 1)                                                                                \
	X(RDMSR, 2)                                                                                \
	X(SetGDT, 3)                                                                               \
	X(SetLDT, 4)                                                                               \
	X(SetIDT, 5)                                                                               \
	X(SetTR, 6)                                                                                \
	X(GetGDT, 7)                                                                               \
	X(GetLDT, 8)                                                                               \
	X(GetIDT, 9)                                                                               \
	X(GetTR, 10)                                                                               \
	X(WriteGDTEntry, 11)                                                                       \
	X(WriteLDTEntry, 12)                                                                       \
	X(WriteIDTEntry, 13)                                                                       \
	X(UpdateKernelStack, 14)                                                                   \
	X(SetCR0, 15)                                                                              \
	X(SetCR2, 16)                                                                              \
	X(SetCR3, 17)                                                                              \
	X(SetCR4, 18)                                                                              \
	X(GetCR0, 19)                                                                              \
	X(GetCR2, 20)                                                                              \
	X(GetCR3, 21)                                                                              \
	X(GetCR4, 22)                                                                              \
	X(WBINVD, 23)                                                                              \
	X(SetDR, 24)                                                                               \
	X(GetDR, 25)                                                                               \
	X(RDPMC, 26)                                                                               \
	X(RDTSC, 27)                                                                               \
	X(CLTS, 28)                                                                                \
	X(EnableInterrupts, 29)                                                                    \
	X(DisableInterrupts, 30)                                                                   \
	X(GetInterruptMask, 31)                                                                    \
	X(SetInterruptMask, 32)                                                                    \
	X(IRET, 33)                                                                                \
	X(SYSEXIT, 34)                                                                             \
	X(Halt, 35)                                                                                \
	X(Reboot, 36)                                                                              \
	X(Shutdown, 37)                                                                            \
	X(SetPxE, 38)                                                                              \
	X(SetPxELong, 39)                                                                          \
	X(UpdatePxE, 40)                                                                           \
	X(UpdatePxELong, 41)                                                                       \
	X(MachineToPhysical, 42)                                                                   \
	X(PhysicalToMachine, 43)                                                                   \
	X(AllocatePage, 44)                                                                        \
	X(ReleasePage, 45)                                                                         \
	X(InvalPage, 46)                                                                           \
	X(FlushTLB, 47)                                                                            \
	X(SetLinearMapping, 48)                                                                    \
	X(SetIOPLMask, 61)                                                                         \
	X(SetInitialAPState, 62)                                                                   \
	X(APICWrite, 63)                                                                           \
	X(APICRead, 64)                                                                            \
	X(IODelay, 65)                                                                             \
	X(GetCycleFrequency, 66)                                                                   \
	X(GetCycleCounter, 67)                                                                     \
	X(SetAlarm, 68)                                                                            \
	X(CancelAlarm, 69)                                                                         \
	X(GetWallclockTime, 70)                                                                    \
	X(WallclockUpdated, 71)                                                                    \
	X(SetLazyMode, 73)

#define VMI_CALL_LIMIT       74 /* one past the highest number */
#define VMI_NR_DEFINED_CALLS 61

/* ---- relocation types (DL of GetRelocationInfo's answer) ---- */
#define VMI_RELOCATION_NONE     0
#define VMI_RELOCATION_CALL_REL 1
#define VMI_RELOCATION_JUMP_REL 2
#define VMI_RELOCATION_NOP      3

/* ---- AllocatePage / ReleasePage flags ---- */
#define VMI_PAGE_PT     0x01
#define VMI_PAGE_PD     0x02
#define VMI_PAGE_PDP    0x04
#define VMI_PAGE_PML4   0x08
#define VMI_PAGE_PAE    0x10
#define VMI_PAGE_CLONE  0x20
#define VMI_PAGE_ZEROED 0x40

/* ---- SetPxE / UpdatePxE flags (same bits, other meaning) ---- */
#define VMI_PAGE_CURRENT_AS 0x10
#define VMI_PAGE_DEFER      0x20
#define VMI_PAGE_VA_MASK    0xfffff000

/* ---- FlushTLB ---- */
#define VMI_FLUSH_TLB    0x01
#define VMI_FLUSH_GLOBAL 0x02

/* ---- time: counters and alarm flags ---- */
#define VMI_CYCLES_REAL        0
#define VMI_CYCLES_AVAILABLE   1
#define VMI_CYCLES_STOLEN      2
#define VMI_ALARM_COUNTER_MASK 0x000000ff
#define VMI_ALARM_IS_ONESHOT   0x00000000
#define VMI_ALARM_IS_PERIODIC  0x00000100
#define VMI_ALARM_WIRED_IRQ0   0x00000000
#define VMI_ALARM_WIRED_LVTT   0x00010000

/* ---- ROM header (struct vrom_header, packed, 0x90 bytes) ---- */
#define VROM_SIGNATURE         0xAA55
#define VROM_VMI_SIGNATURE     0x696d5663 /* "cVmi" */
#define VROM_API_MAJOR         3
#define VROM_API_MINOR         0
#define VROM_OFF_ROM_SIGNATURE 0x00
#define VROM_OFF_ROM_LENGTH    0x02
#define VROM_OFF_VMI_SIGNATURE 0x08
#define VROM_OFF_API_MINOR     0x0C
#define VROM_OFF_API_MAJOR     0x0D
#define VROM_OFF_JUMP_SLOTS    0x0E
#define VROM_OFF_VIRTUAL_TOP   0x10
#define VROM_OFF_LICENSE       0x16
#define VROM_OFF_PCI_HEADER    0x18
#define VROM_OFF_PNP_HEADER    0x1A
#define VROM_OFF_VMI_INIT      0x80
#define VROM_OFF_GET_RELOC     0x88
#define VROM_HEADER_SIZE       0x90
#define VROM_BLOCK             512 /* rom_length unit */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#define VMI_CALL_ENUM_ENTRY(name, nr) VMI_CALL_##name = nr,
enum vmi_call { VMI_CALL_LIST(VMI_CALL_ENUM_ENTRY) };
#undef VMI_CALL_ENUM_ENTRY

struct vrom_header {
	uint16_t rom_signature;
	uint8_t rom_length;
	uint8_t rom_entry[4];
	uint8_t rom_pad0;
	uint32_t vrom_signature;
	uint8_t api_version_min;
	uint8_t api_version_maj;
	uint8_t jump_slots;
	uint8_t reserved1;
	uint32_t virtual_top;
	uint16_t reserved2;
	uint16_t license_offs;
	uint16_t pci_header_offs;
	uint16_t pnp_header_offs;
	uint32_t rom_pad3;
	uint8_t reserved[96];
	uint8_t vmi_init[8];
	uint8_t get_reloc[8];
} __attribute__((packed));

_Static_assert(sizeof(struct vrom_header) == VROM_HEADER_SIZE, "vrom_header size");
_Static_assert(offsetof(struct vrom_header, vrom_signature) == VROM_OFF_VMI_SIGNATURE, "cVmi");
_Static_assert(offsetof(struct vrom_header, api_version_maj) == VROM_OFF_API_MAJOR, "major");
_Static_assert(offsetof(struct vrom_header, virtual_top) == VROM_OFF_VIRTUAL_TOP, "top");
_Static_assert(offsetof(struct vrom_header, license_offs) == VROM_OFF_LICENSE, "license");
_Static_assert(offsetof(struct vrom_header, pci_header_offs) == VROM_OFF_PCI_HEADER, "pci");
_Static_assert(offsetof(struct vrom_header, pnp_header_offs) == VROM_OFF_PNP_HEADER, "pnp");
_Static_assert(offsetof(struct vrom_header, vmi_init) == VROM_OFF_VMI_INIT, "init");
_Static_assert(offsetof(struct vrom_header, get_reloc) == VROM_OFF_GET_RELOC, "reloc");

/* The PCI data structure (24 bytes) and PnP header (18 bytes) Linux reads. */
struct vrom_pci_header {
	char sig[4];
	uint16_t vendor_id;
	uint16_t device_id;
	uint16_t vpd_data;
	uint16_t size;
	uint8_t rev;
	uint8_t class_code;
	uint8_t subclass;
	uint8_t interface;
	uint16_t chunks;
	uint8_t rom_version_min;
	uint8_t rom_version_maj;
	uint8_t codetype;
	uint8_t last_rom;
	uint16_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct vrom_pci_header) == 24, "pci header size");

struct vrom_pnp_header {
	char sig[4];
	uint8_t rev;
	uint8_t size;
	uint16_t next;
	uint16_t res;
	uint32_t dev_id;
	uint16_t manufacturer_offset;
	uint16_t product_offset;
} __attribute__((packed));
_Static_assert(sizeof(struct vrom_pnp_header) == 18, "pnp header size");

/*
 * What a ROM stub pushes before calling its C front-end *_ext(frame):
 * the return address into the ROM, this frame's own address, the guest's
 * edx/ecx/eax (written back on return, so a front-end returns values by
 * storing into them), the guest's return address and its stack arguments.
 */
typedef struct burn_clobbers_frame {
	uint32_t burn_ret_address;
	uint32_t frame_pointer;
	uint32_t edx;
	uint32_t ecx;
	uint32_t eax;
	uint32_t guest_ret_address;
	uint32_t params[];
} burn_clobbers_frame_t;

_Static_assert(offsetof(burn_clobbers_frame_t, edx) == 8, "frame edx");
_Static_assert(offsetof(burn_clobbers_frame_t, eax) == 16, "frame eax");
_Static_assert(offsetof(burn_clobbers_frame_t, guest_ret_address) == 20, "frame ret");
_Static_assert(offsetof(burn_clobbers_frame_t, params) == 24, "frame params");
#endif

#endif
