/*
 * The x86 bits the guest touches directly: control-register and EFER bits,
 * and (for C) thin inline wrappers around the instructions.  Each wrapper is
 * the native instruction, never a ROM call: which of them trap, and when, is
 * what the wedge is being tested on.
 */
#ifndef GUEST_X86_H
#define GUEST_X86_H

#define X86_CR0_PG                0x80000000
#define X86_CR4_PAE               0x00000020
#define MSR_EFER                  0xC0000080
#define EFER_NX_BIT               11
#define CPUID_80000001_EDX_NX_BIT 20

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void outb(uint8_t value, uint16_t port)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;
	asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r;
	asm volatile("cpuid"
	             : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
	             : "a"(leaf), "c"(0));
	return r;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The 16-bit forms: the upper half of a 32-bit segment read is undefined
 * on older CPUs. */
static inline uint16_t read_cs(void)
{
	uint16_t v;
	asm volatile("mov %%cs, %0" : "=r"(v));
	return v;
}

static inline uint16_t read_ss(void)
{
	uint16_t v;
	asm volatile("mov %%ss, %0" : "=r"(v));
	return v;
}

static inline uint16_t read_ds(void)
{
	uint16_t v;
	asm volatile("mov %%ds, %0" : "=r"(v));
	return v;
}

static inline uint16_t read_es(void)
{
	uint16_t v;
	asm volatile("mov %%es, %0" : "=r"(v));
	return v;
}

static inline uint16_t read_fs(void)
{
	uint16_t v;
	asm volatile("mov %%fs, %0" : "=r"(v));
	return v;
}

static inline uint16_t read_gs(void)
{
	uint16_t v;
	asm volatile("mov %%gs, %0" : "=r"(v));
	return v;
}

static inline uint32_t read_esp(void)
{
	uint32_t v;
	asm volatile("movl %%esp, %0" : "=r"(v));
	return v;
}

/* Where this code is running: the address right after the call. */
static inline uint32_t read_eip(void)
{
	uint32_t v;
	asm volatile("call 1f\n1:\tpopl %0" : "=r"(v));
	return v;
}

/* Linux's native local_irq_save(): what it runs before VMI_Init, when no
 * pv-op is patched yet.  cli is privileged, so deprivileged it traps. */
static inline uint32_t native_irq_save(void)
{
	uint32_t flags;
	asm volatile("pushfl\n\tpopl %0\n\tcli" : "=r"(flags) : : "memory");
	return flags;
}

/* Linux's sync_core() after text_poke_early(): cpuid serializes, so the
 * CPU cannot run stale bytes of a site it just rewrote. */
static inline void sync_core(void)
{
	(void)cpuid(0);
}

__attribute__((noreturn)) static inline void halt_forever(void)
{
	for (;;)
		asm volatile("hlt");
}
#endif

#endif
