/*
 * Guest page-table walks.  Large pages (PSE) are honoured even though the
 * CPUID policy hides PSE, so a guest that uses them anyway still works.
 */
#include "wedge/guest_mem.h"
#include "xen/guest_pt.h"
#include "xen/mm.h"

#define GPTE_P  0x1u
#define GPTE_RW 0x2u
#define GPTE_US 0x4u
#define GPTE_PS 0x80u

static int read_entry(uint32_t gpa, int is64, uint64_t *out)
{
	if (is64)
		return guest_phys_read(gpa, out, 8);
	uint32_t v;
	if (guest_phys_read(gpa, &v, 4) != 0)
		return -1;
	*out = v;
	return 0;
}

static void combine(struct guest_walk *w, uint64_t e)
{
	w->writable &= (e & GPTE_RW) != 0;
	w->user &= (e & GPTE_US) != 0;
	w->nx |= (e & PTE_NX) != 0;
}

int guest_pt_walk(enum guest_pt_format fmt, uint32_t root_gpa, uint32_t va, struct guest_walk *w)
{
	*w = (struct guest_walk){.writable = 1, .user = 1};
	uint64_t e;
	if (fmt == GUEST_PT_IDENTITY) {
		w->gpa = va;
		return va < guest_phys.ram_bytes ? 0 : -1;
	}
	if (fmt == GUEST_PT_PAE) {
		w->pte_is_64bit = 1;
		/* PDPT entries carry no rights in PAE. */
		if (read_entry((root_gpa & ~0x1fu) + (va >> 30) * 8, 1, &e) != 0 || !(e & GPTE_P))
			return -1;
		uint32_t pd = pae_entry_gpa(e);
		uint32_t pde_gpa = pd + ((va >> 21) & 511) * 8;
		if (read_entry(pde_gpa, 1, &e) != 0 || !(e & GPTE_P))
			return -1;
		combine(w, e);
		if (e & GPTE_PS) {
			w->pte_gpa = pde_gpa;
			w->pte = e;
			w->gpa = (pae_entry_gpa(e) & ~0x1fffffu) + (va & 0x1fffff);
			return 0;
		}
		uint32_t pte_gpa = pae_entry_gpa(e) + ((va >> 12) & 511) * 8;
		if (read_entry(pte_gpa, 1, &e) != 0 || !(e & GPTE_P))
			return -1;
		combine(w, e);
		w->pte_gpa = pte_gpa;
		w->pte = e;
		w->gpa = pae_entry_gpa(e) + (va & 0xfff);
		return 0;
	}
	uint32_t pde_gpa = (root_gpa & ~0xfffu) + (va >> 22) * 4;
	if (read_entry(pde_gpa, 0, &e) != 0 || !(e & GPTE_P))
		return -1;
	combine(w, e);
	if (e & GPTE_PS) {
		w->pte_gpa = pde_gpa;
		w->pte = e;
		w->gpa = ((uint32_t)e & 0xffc00000u) + (va & 0x3fffff);
		return 0;
	}
	uint32_t pte_gpa = ((uint32_t)e & 0xfffff000u) + ((va >> 12) & 1023) * 4;
	if (read_entry(pte_gpa, 0, &e) != 0 || !(e & GPTE_P))
		return -1;
	combine(w, e);
	w->pte_gpa = pte_gpa;
	w->pte = e;
	w->gpa = ((uint32_t)e & 0xfffff000u) + (va & 0xfff);
	return 0;
}
