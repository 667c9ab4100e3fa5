/*
 * Hypercalls through the hypercall page Xen fills at boot.  Each call is an
 * inline `call hypercall_page + nr*32`; arguments travel in ebx, ecx, edx,
 * esi, edi and Xen may clobber all of them.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include "include/xen_public.h"

#include "include/burn_counters.h"

extern char hypercall_page[];

/* One counter per hypercall number (xen/hypercall_counts.c). */
#define NR_HYPERCALL_COUNTERS 64
extern struct burn_counter hypercall_counters[NR_HYPERCALL_COUNTERS];
void hypercall_counters_init(void);

static inline long hypercall5(const unsigned int nr_times_32, unsigned long a1, unsigned long a2,
                              unsigned long a3, unsigned long a4, unsigned long a5)
{
	long ret;
	hypercall_counters[(nr_times_32 / 32) % NR_HYPERCALL_COUNTERS].count++;
	asm volatile("call hypercall_page + %c[off]"
	             : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
	             : [off] "i"(nr_times_32)
	             : "memory");
	return ret;
}

#define HYPERCALL(name, a1, a2, a3, a4, a5)                                                        \
	hypercall5(__HYPERVISOR_##name * 32, (unsigned long)(a1), (unsigned long)(a2),             \
	           (unsigned long)(a3), (unsigned long)(a4), (unsigned long)(a5))

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return HYPERCALL(console_io, cmd, count, buf, 0, 0);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return HYPERCALL(sched_op, cmd, arg, 0, 0, 0);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return HYPERCALL(event_channel_op, cmd, arg, 0, 0, 0);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return HYPERCALL(physdev_op, cmd, arg, 0, 0, 0);
}

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return HYPERCALL(set_trap_table, table, 0, 0, 0, 0);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
	return HYPERCALL(callback_op, cmd, arg, 0, 0, 0);
}

static inline long HYPERVISOR_vcpu_op(int cmd, int vcpu, void *arg)
{
	return HYPERCALL(vcpu_op, cmd, vcpu, arg, 0, 0);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return HYPERCALL(xen_version, cmd, arg, 0, 0, 0);
}

static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{
	return HYPERCALL(memory_op, cmd, arg, 0, 0, 0);
}

/* PAE: the new PTE is 64 bits wide and goes in two registers, low first. */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
	return HYPERCALL(update_va_mapping, va, (uint32_t)pte, (uint32_t)(pte >> 32), flags, 0);
}

static inline long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count, unsigned int *done,
                                         domid_t dom)
{
	return HYPERCALL(mmu_update, req, count, done, dom, 0);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count,
                                        unsigned int *done, domid_t dom)
{
	return HYPERCALL(mmuext_op, op, count, done, dom, 0);
}

/* Absolute Xen system time in ns; 0 cancels. */
static inline long HYPERVISOR_set_timer_op(uint64_t when)
{
	return HYPERCALL(set_timer_op, (uint32_t)when, (uint32_t)(when >> 32), 0, 0, 0);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long esp)
{
	return HYPERCALL(stack_switch, ss, esp, 0, 0, 0);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return HYPERCALL(fpu_taskswitch, set, 0, 0, 0, 0);
}

static inline long HYPERVISOR_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return HYPERCALL(set_gdt, frames, entries, 0, 0, 0);
}

/* The compat ABI passes both 64-bit values as two words each. */
static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return HYPERCALL(update_descriptor, (uint32_t)maddr, (uint32_t)(maddr >> 32),
	                 (uint32_t)desc, (uint32_t)(desc >> 32), 0);
}

#endif
