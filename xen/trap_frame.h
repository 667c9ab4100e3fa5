/*
 * The register frame every trap wrapper saves (xen/trap_entry.S) and trap()
 * receives.  Modelled on OSKit's trap_state: segment registers, a pusha
 * block whose useless esp slot carries CR2, the vector, the error code (0
 * when the CPU pushes none), then the frame Xen bounced to us.  esp/ss are
 * present only when the trap came from ring 3.  The assembler offsets below
 * are pinned to the struct by static asserts.
 */
#ifndef XEN_TRAP_FRAME_H
#define XEN_TRAP_FRAME_H

#define TF_DELIVER_EIP    0
#define TF_DELIVER_CS     4
#define TF_DELIVER_EFLAGS 8
#define TF_DELIVER_SHIFT  12
#define TF_GS             16
#define TF_FS             20
#define TF_ES             24
#define TF_DS             28
#define TF_EDI            32
#define TF_ESI            36
#define TF_EBP            40
#define TF_CR2            44
#define TF_EBX            48
#define TF_EDX            52
#define TF_ECX            56
#define TF_EAX            60
#define TF_VECTOR         64
#define TF_ERROR          68
#define TF_EIP            72
#define TF_CS             76
#define TF_EFLAGS         80
#define TF_ESP            84
#define TF_SS             88

/* Set in the vector slot by trap(): return to a ring-1 context whose iret
 * frame trap() has put on that context's own stack (TF_ESP/TF_SS). */
#define TF_RETURN_SWITCH_STACK 0x80000000
/* Set in the vector slot by trap(): leave the frame Xen bounced in place as
 * the guest's hardware frame and enter the guest handler described by the
 * deliver_* fields below it (xen/trap_entry.S). */
#define TF_RETURN_DELIVER_IN_PLACE 0x40000000
#define TF_RETURN_FLAGS            (TF_RETURN_SWITCH_STACK | TF_RETURN_DELIVER_IN_PLACE)
/* Size of the register block restored by the return paths (gs..eax). */
#define TF_REGS_SIZE 48

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
	/* Filled only for a delivery in place: the guest handler to enter, and
	 * how far the register block moves down to make room for its frame. */
	uint32_t deliver_eip, deliver_cs, deliver_eflags, deliver_shift;
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, cr2, ebx, edx, ecx, eax;
	uint32_t vector;
	uint32_t error_code;
	uint32_t eip;
	uint32_t cs; /* bits 16-23: Xen's saved event-upcall mask */
	uint32_t eflags;
	uint32_t esp, ss; /* only when (cs & 3) == 3 */
};

_Static_assert(offsetof(struct trap_frame, deliver_eip) == TF_DELIVER_EIP, "TF_DELIVER_EIP");
_Static_assert(offsetof(struct trap_frame, deliver_shift) == TF_DELIVER_SHIFT, "TF_DELIVER_SHIFT");
_Static_assert(offsetof(struct trap_frame, gs) == TF_GS, "TF_GS");
_Static_assert(offsetof(struct trap_frame, ds) == TF_DS, "TF_DS");
_Static_assert(offsetof(struct trap_frame, edi) == TF_EDI, "TF_EDI");
_Static_assert(offsetof(struct trap_frame, cr2) == TF_CR2, "TF_CR2");
_Static_assert(offsetof(struct trap_frame, eax) == TF_EAX, "TF_EAX");
_Static_assert(offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(offsetof(struct trap_frame, error_code) == TF_ERROR, "TF_ERROR");
_Static_assert(offsetof(struct trap_frame, eip) == TF_EIP, "TF_EIP");
_Static_assert(offsetof(struct trap_frame, cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trap_frame, eflags) == TF_EFLAGS, "TF_EFLAGS");
_Static_assert(offsetof(struct trap_frame, esp) == TF_ESP, "TF_ESP");
_Static_assert(offsetof(struct trap_frame, ss) == TF_SS, "TF_SS");

static inline unsigned int trap_frame_vector(const struct trap_frame *f)
{
	return f->vector & ~(uint32_t)TF_RETURN_FLAGS;
}

static inline int trap_frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) == 3;
}

static inline unsigned int trap_frame_saved_upcall_mask(const struct trap_frame *f)
{
	return (f->cs >> 16) & 0xff;
}
#endif

#endif
