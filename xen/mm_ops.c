/*
 * Single machine-level page operations: clear a frame, pin and unpin a page
 * table, update one entry by machine address.  Kept apart from mm.c so the
 * shadow MMU's host model (tests/unit/shadow_model) links these very
 * wrappers against its model of Xen instead of keeping a copy.  A refusal by
 * Xen here means the wedge's own bookkeeping is wrong, hence wedge_bug.
 */
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"

static void mmuext(struct mmuext_op *op, const char *what)
{
	unsigned int done = 0;
	long rc = HYPERVISOR_mmuext_op(op, 1, &done, DOMID_SELF);
	if (rc != 0 || done != 1)
		wedge_bug("mmuext %s (cmd %u, mfn 0x%lx) failed: %ld", what, op->cmd,
		          (unsigned long)op->arg1.mfn, rc);
}

void mm_clear_frame(mfn_t mfn)
{
	struct mmuext_op op = {.cmd = MMUEXT_CLEAR_PAGE, .arg1.mfn = mfn.v};
	mmuext(&op, "clear_page");
}

void mm_pin(unsigned int level_cmd, mfn_t mfn)
{
	struct mmuext_op op = {.cmd = level_cmd, .arg1.mfn = mfn.v};
	mmuext(&op, "pin");
}

void mm_unpin(mfn_t mfn)
{
	struct mmuext_op op = {.cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = mfn.v};
	mmuext(&op, "unpin");
}

void mm_update_pte(uint64_t pte_machine_addr, uint64_t val)
{
	mmu_update_t req = {.ptr = pte_machine_addr | MMU_NORMAL_PT_UPDATE, .val = val};
	unsigned int done = 0;
	long rc = HYPERVISOR_mmu_update(&req, 1, &done, DOMID_SELF);
	if (rc != 0 || done != 1)
		wedge_bug("mmu_update of PTE at machine 0x%lx%08lx to 0x%08lx%08lx failed: %ld",
		          (unsigned long)(pte_machine_addr >> 32), (unsigned long)pte_machine_addr,
		          (unsigned long)(val >> 32), (unsigned long)val, rc);
}
