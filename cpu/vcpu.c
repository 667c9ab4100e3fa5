/*
 * The virtual CPU's reset state, and the virtual interrupt flag.
 */
#include "cpu/vcpu.h"

struct vcpu vcpu;

void vcpu_init(void)
{
	vcpu.cr0 = X86_CR0_PE | X86_CR0_ET; /* protected mode, paging off: after a boot loader */
	vcpu.kernel_ring = 3;
	vcpu.activated = 0;
}
