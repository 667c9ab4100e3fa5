/*
 * The virtual CPU the guest believes it runs on: control registers,
 * descriptor-table registers, MSRs, and which ring its kernel really runs
 * in (3 during the native boot, 1 once VMI_Init has promoted it).  The
 * virtual IF is not here: it is Xen's event-upcall mask (DESIGN.md).
 */
#ifndef CPU_VCPU_H
#define CPU_VCPU_H

#include <stdint.h>

#include "xen/trap_frame.h"
#include "xen/xen_state.h"

#define X86_CR0_PE      0x00000001u
#define X86_CR0_MP      0x00000002u
#define X86_CR0_TS      0x00000008u
#define X86_CR0_ET      0x00000010u
#define X86_CR0_WP      0x00010000u
#define X86_CR0_PG      0x80000000u
#define X86_CR4_PSE     0x00000010u
#define X86_CR4_PAE     0x00000020u
#define X86_CR4_PGE     0x00000080u
#define X86_CR4_OSXSAVE 0x00040000u
#define X86_EFER_NX     (1u << 11)

#define MSR_EFER         0xC0000080u
#define MSR_SYSENTER_CS  0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u

struct descriptor_register {
	uint32_t base;
	uint16_t limit;
};

struct vcpu {
	uint32_t cr0, cr2, cr3, cr4;
	uint64_t efer;
	uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
	struct descriptor_register gdtr, idtr;
	uint16_t ldtr, tr;
	uint32_t dr[8];
	uint32_t iopl;            /* SetIOPLMask: recorded, never given to Xen */
	int activated;            /* VMI_Init has run */
	unsigned int kernel_ring; /* where "ring 0" really is: 3, then 1 */
};

extern struct vcpu vcpu;

void vcpu_init(void);

static inline int vcpu_paging(void)
{
	return (vcpu.cr0 & X86_CR0_PG) != 0;
}

/*
 * Virtual interrupt flag = !upcall mask.  Inside trap() the interrupted
 * context's mask lives in the frame (Xen saved it in the CS slot, bits
 * 16-23) and trap()'s tail puts it back, so that is where cli/sti/iret
 * emulation changes it.
 */
static inline int frame_irqs_enabled(const struct trap_frame *f)
{
	return trap_frame_saved_upcall_mask(f) == 0;
}
static inline void frame_set_irqs(struct trap_frame *f, int enabled)
{
	f->cs = (f->cs & 0xff00ffffu) | (enabled ? 0u : 1u << 16);
}

/* Selectors: the guest's RPL 0 is really kernel_ring. */
static inline uint16_t selector_to_real(uint16_t sel)
{
	if ((sel & ~3u) == 0)
		return sel;
	return (sel & 3) < vcpu.kernel_ring ? (uint16_t)((sel & ~3u) | vcpu.kernel_ring) : sel;
}
/* Before VMI_Init the guest must not see that it runs at ring 3; after it,
 * it knows its kernel is at ring 1 and sees real selectors. */
static inline uint16_t selector_to_guest(uint16_t sel)
{
	if (vcpu.activated)
		return sel;
	return (sel & 3) == vcpu.kernel_ring && (sel & ~3u) ? (uint16_t)(sel & ~3u) : sel;
}

#endif
