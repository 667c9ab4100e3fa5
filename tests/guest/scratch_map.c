/*
 * The scratch mapping (scratch_map.h).
 */
#include "tests/guest/scratch_map.h"

static guest_pte_t scratch_pt[PTRS_PER_TABLE] __attribute__((aligned(GUEST_PAGE_SIZE)));
static uint32_t frame_pool[SCRATCH_FRAMES][GUEST_PAGE_SIZE / 4]
    __attribute__((aligned(GUEST_PAGE_SIZE)));

uint32_t frame_signature(unsigned int n)
{
	return 0xf4a30000u | n;
}

uint32_t *frame_virt(unsigned int n)
{
	return frame_pool[n];
}

uint32_t frame_phys(unsigned int n)
{
	return virt_to_phys(frame_pool[n]);
}

void pte_write(volatile guest_pte_t *p, uint32_t v)
{
	volatile uint32_t *w = (volatile uint32_t *)p;
#if GUEST_PAE
	w[1] = 0;
#endif
	w[0] = v;
}

uint32_t pte_read(const volatile guest_pte_t *p)
{
	return *(const volatile uint32_t *)p;
}

volatile guest_pte_t *scratch_pte(uint32_t va)
{
	return &scratch_pt[pte_index(va)];
}

void scratch_init(void)
{
	static int done;
	if (done++)
		return;
	for (unsigned int n = 0; n < SCRATCH_FRAMES; n++)
		for (unsigned int i = 0; i < GUEST_PAGE_SIZE / 4; i++)
			frame_pool[n][i] = frame_signature(n);
#if GUEST_PAE
	volatile guest_pte_t *dir = guest_page_tables.pd_identity;
#else
	volatile guest_pte_t *dir = guest_page_tables.pd;
#endif
	/* A new table behind an empty directory entry: nothing to flush. */
	pte_write(&dir[pde_index(SCRATCH_BASE)], virt_to_phys(scratch_pt) | PDE_TABLE);
}
