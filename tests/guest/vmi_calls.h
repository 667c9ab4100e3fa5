/*
 * The ROM's calls as the kernel uses them after VMI_Init: every call's
 * CALL_REL target, asked from GetRelocationInfo once (vmi_calls_resolve),
 * and thin wrappers that call the target the way Linux does (VMI-ABI.md
 * §3.4-§3.5): regparm(3) C functions, except CPUID and the four
 * interrupt-flag calls, which keep every register but their output, and
 * IRET, which is entered by a call and never returns (assembler only).
 *
 * A call is made through `call *vmi_call_target[n]`: the same transfer
 * as the `call rel32` Linux patches in, with the same return address on
 * the stack.
 */
#ifndef GUEST_VMI_CALLS_H
#define GUEST_VMI_CALLS_H

#include "include/vmi_abi.h"

#ifdef __ASSEMBLER__
/* vmi_nr_<Name> for every call, and the slot that holds its target. */
#define VMI_SET_NR(name, nr) .set vmi_nr_##name, nr;
VMI_CALL_LIST(VMI_SET_NR)
#undef VMI_SET_NR
#define VMI_TARGET(name) (vmi_call_target + 4 * vmi_nr_##name)
#else
#include <stdbool.h>
#include <stdint.h>

/* The CALL_REL target of each call number, 0 where the answer was not
 * CALL_REL.  Read by the assembler too. */
extern uint32_t vmi_call_target[VMI_CALL_LIMIT];

/* Ask GetRelocationInfo for every call.  NULL if every call the extended
 * phases use is CALL_REL, else why not (a not-run reason). */
const char *vmi_calls_resolve(const uint8_t *rom);

/* 6-byte descriptor-table register image, as SetGDT/GetGDT take it. */
struct dt_register {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

#define VMI_FN(call, type) ((type)vmi_call_target[VMI_CALL_##call])
#define VMI_REGPARM        __attribute__((regparm(3)))

typedef VMI_REGPARM void (*vmi_fn_v_v)(void);
typedef VMI_REGPARM void (*vmi_fn_v_u)(uint32_t);
typedef VMI_REGPARM void (*vmi_fn_v_uu)(uint32_t, uint32_t);
typedef VMI_REGPARM void (*vmi_fn_v_p)(void *);
typedef VMI_REGPARM void (*vmi_fn_v_cp)(const void *);
typedef VMI_REGPARM uint32_t (*vmi_fn_u_v)(void);
typedef VMI_REGPARM uint32_t (*vmi_fn_u_u)(uint32_t);
typedef VMI_REGPARM uint64_t (*vmi_fn_q_v)(void);
typedef VMI_REGPARM uint64_t (*vmi_fn_q_u)(uint32_t);
typedef VMI_REGPARM void (*vmi_fn_write_entry)(void *table, uint32_t index, uint32_t lo,
                                               uint32_t hi);
typedef VMI_REGPARM void (*vmi_fn_set_alarm)(uint32_t flags, uint32_t expiry_lo, uint32_t expiry_hi,
                                             uint32_t period_lo, uint32_t period_hi);

/* ---- the interrupt flag: every register kept but the output ---- */
static inline void vmi_disable_interrupts(void)
{
	asm volatile("call *%0"
	             :
	             : "m"(vmi_call_target[VMI_CALL_DisableInterrupts])
	             : "memory", "cc");
}

/* May enter an interrupt handler (a window): memory may change. */
static inline void vmi_enable_interrupts(void)
{
	asm volatile("call *%0"
	             :
	             : "m"(vmi_call_target[VMI_CALL_EnableInterrupts])
	             : "memory", "cc");
}

static inline uint32_t vmi_get_interrupt_mask(void)
{
	uint32_t flags;
	asm volatile("call *%1"
	             : "=a"(flags)
	             : "m"(vmi_call_target[VMI_CALL_GetInterruptMask])
	             : "memory", "cc");
	return flags;
}

static inline void vmi_set_interrupt_mask(uint32_t flags)
{
	asm volatile("call *%0"
	             :
	             : "m"(vmi_call_target[VMI_CALL_SetInterruptMask]), "a"(flags)
	             : "memory", "cc");
}

/* Halt: enables, waits for an interrupt, returns after its handler ran. */
static inline void vmi_halt(void)
{
	VMI_FN(Halt, vmi_fn_v_v)();
	asm volatile("" ::: "memory");
}

/* ---- CPUID: EAX leaf, ECX sub-leaf in; EAX..EDX out ---- */
struct vmi_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct vmi_cpuid_regs vmi_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct vmi_cpuid_regs r;
	asm volatile("call *%4"
	             : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
	             : "m"(vmi_call_target[VMI_CALL_CPUID]), "a"(leaf), "c"(subleaf)
	             : "memory", "cc");
	return r;
}

/* ---- descriptor tables ---- */
static inline void vmi_set_gdt(const struct dt_register *d)
{
	VMI_FN(SetGDT, vmi_fn_v_cp)(d);
}
static inline void vmi_get_gdt(struct dt_register *d)
{
	VMI_FN(GetGDT, vmi_fn_v_p)(d);
}
static inline void vmi_set_idt(const struct dt_register *d)
{
	VMI_FN(SetIDT, vmi_fn_v_cp)(d);
}
static inline void vmi_get_idt(struct dt_register *d)
{
	VMI_FN(GetIDT, vmi_fn_v_p)(d);
}
static inline void vmi_set_tr(uint32_t sel)
{
	VMI_FN(SetTR, vmi_fn_v_u)(sel);
}
static inline uint32_t vmi_get_tr(void)
{
	return VMI_FN(GetTR, vmi_fn_u_v)();
}
static inline void vmi_set_ldt(uint32_t sel)
{
	VMI_FN(SetLDT, vmi_fn_v_u)(sel);
}
static inline uint32_t vmi_get_ldt(void)
{
	return VMI_FN(GetLDT, vmi_fn_u_v)();
}
static inline void vmi_write_gdt_entry(void *gdt, uint32_t index, uint64_t desc)
{
	VMI_FN(WriteGDTEntry, vmi_fn_write_entry)
	(gdt, index, (uint32_t)desc, (uint32_t)(desc >> 32));
}
static inline void vmi_write_idt_entry(void *idt, uint32_t index, uint64_t gate)
{
	VMI_FN(WriteIDTEntry, vmi_fn_write_entry)
	(idt, index, (uint32_t)gate, (uint32_t)(gate >> 32));
}
static inline void vmi_update_kernel_stack(uint32_t kernel_ds, uint32_t esp0)
{
	VMI_FN(UpdateKernelStack, vmi_fn_v_uu)(kernel_ds, esp0);
}

/* ---- control and debug registers ---- */
#define VMI_SET_CR(n, call)                                                                        \
	static inline void vmi_set_cr##n(uint32_t v)                                               \
	{                                                                                          \
		VMI_FN(call, vmi_fn_v_u)(v);                                                       \
	}
#define VMI_GET_CR(n, call)                                                                        \
	static inline uint32_t vmi_get_cr##n(void)                                                 \
	{                                                                                          \
		return VMI_FN(call, vmi_fn_u_v)();                                                 \
	}
VMI_SET_CR(0, SetCR0)
VMI_SET_CR(2, SetCR2)
VMI_SET_CR(3, SetCR3)
VMI_SET_CR(4, SetCR4)
VMI_GET_CR(0, GetCR0)
VMI_GET_CR(2, GetCR2)
VMI_GET_CR(3, GetCR3)
VMI_GET_CR(4, GetCR4)
#undef VMI_SET_CR
#undef VMI_GET_CR

static inline void vmi_clts(void)
{
	VMI_FN(CLTS, vmi_fn_v_v)();
}
static inline void vmi_set_dr(uint32_t reg, uint32_t value)
{
	VMI_FN(SetDR, vmi_fn_v_uu)(reg, value);
}
static inline uint32_t vmi_get_dr(uint32_t reg)
{
	return VMI_FN(GetDR, vmi_fn_u_u)(reg);
}

/* ---- TLB ---- */
static inline void vmi_inval_page(uint32_t va)
{
	VMI_FN(InvalPage, vmi_fn_v_u)(va);
	asm volatile("" ::: "memory");
}
static inline void vmi_flush_tlb(uint32_t flags)
{
	VMI_FN(FlushTLB, vmi_fn_v_u)(flags);
	asm volatile("" ::: "memory");
}

/* ---- time ---- */
static inline uint64_t vmi_get_cycle_frequency(void)
{
	return VMI_FN(GetCycleFrequency, vmi_fn_q_v)();
}
static inline uint64_t vmi_get_cycle_counter(uint32_t counter)
{
	return VMI_FN(GetCycleCounter, vmi_fn_q_u)(counter);
}
static inline uint64_t vmi_get_wallclock(void)
{
	return VMI_FN(GetWallclockTime, vmi_fn_q_v)();
}
static inline void vmi_set_alarm(uint32_t flags, uint64_t expiry, uint64_t period)
{
	VMI_FN(SetAlarm, vmi_fn_set_alarm)
	(flags, (uint32_t)expiry, (uint32_t)(expiry >> 32), (uint32_t)period,
	 (uint32_t)(period >> 32));
}
static inline void vmi_cancel_alarm(uint32_t flags)
{
	(void)VMI_FN(CancelAlarm, vmi_fn_u_u)(flags);
}

/* ---- descriptors, built the way the CPU reads them ---- */
/* A 32-bit interrupt (0xE) or trap (0xF) gate, present, with the DPL given. */
static inline uint64_t idt_gate(uint16_t sel, uint32_t handler, unsigned int type, unsigned int dpl)
{
	uint32_t lo = (uint32_t)sel << 16 | (handler & 0xffff);
	uint32_t hi = (handler & 0xffff0000u) | 0x8000u | (dpl & 3) << 13 | (type & 0x1f) << 8;
	return (uint64_t)hi << 32 | lo;
}
#define GATE_TYPE_INTR32 0xE
#define GATE_TYPE_TRAP32 0xF

/* A segment descriptor: base, 20-bit limit, access byte, flags nibble
 * (G, D/B, L, AVL). */
static inline uint64_t segment_descriptor(uint32_t base, uint32_t limit, uint8_t access,
                                          uint8_t flags)
{
	uint32_t lo = (base & 0xffff) << 16 | (limit & 0xffff);
	uint32_t hi = (base & 0xff000000u) | (uint32_t)(flags & 0xf) << 20 | (limit & 0xf0000u) |
	              (uint32_t)access << 8 | ((base >> 16) & 0xff);
	return (uint64_t)hi << 32 | lo;
}
#endif

#endif
