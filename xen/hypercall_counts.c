/*
 * The hypercall counters: every hypercall the wedge makes is counted by
 * number (xen/hypercall.h), named here at boot.
 */
#include <stdio.h>
#include <string.h>

#include "wedge/counters.h"
#include "xen/hypercall.h"

struct burn_counter hypercall_counters[NR_HYPERCALL_COUNTERS] BURN_COUNTER_SECTION;

static const char *const names[NR_HYPERCALL_COUNTERS] = {
    [__HYPERVISOR_set_trap_table] = "set_trap_table",
    [__HYPERVISOR_mmu_update] = "mmu_update",
    [__HYPERVISOR_set_gdt] = "set_gdt",
    [__HYPERVISOR_stack_switch] = "stack_switch",
    [__HYPERVISOR_set_callbacks] = "set_callbacks",
    [__HYPERVISOR_fpu_taskswitch] = "fpu_taskswitch",
    [__HYPERVISOR_set_debugreg] = "set_debugreg",
    [__HYPERVISOR_get_debugreg] = "get_debugreg",
    [__HYPERVISOR_update_descriptor] = "update_descriptor",
    [__HYPERVISOR_memory_op] = "memory_op",
    [__HYPERVISOR_multicall] = "multicall",
    [__HYPERVISOR_update_va_mapping] = "update_va_mapping",
    [__HYPERVISOR_set_timer_op] = "set_timer_op",
    [__HYPERVISOR_xen_version] = "xen_version",
    [__HYPERVISOR_console_io] = "console_io",
    [__HYPERVISOR_vcpu_op] = "vcpu_op",
    [__HYPERVISOR_mmuext_op] = "mmuext_op",
    [__HYPERVISOR_sched_op] = "sched_op",
    [__HYPERVISOR_callback_op] = "callback_op",
    [__HYPERVISOR_event_channel_op] = "event_channel_op",
    [__HYPERVISOR_physdev_op] = "physdev_op",
};

void hypercall_counters_init(void)
{
	for (unsigned int i = 0; i < NR_HYPERCALL_COUNTERS; i++)
		snprintf(hypercall_counters[i].name, BURN_COUNTER_NAME_LEN, "hypercall_%s",
		         names[i] ? names[i] : "other");
}
