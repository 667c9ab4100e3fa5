/*
 * Reading the guest's own page tables (guest-physical frames, in the
 * guest's format: 2-level or PAE), or the identity map while its paging is
 * off.  A walk gives the guest-physical address and the effective rights.
 */
#ifndef XEN_GUEST_PT_H
#define XEN_GUEST_PT_H

#include <stdint.h>

enum guest_pt_format { GUEST_PT_IDENTITY, GUEST_PT_2LEVEL, GUEST_PT_PAE };

/* The address a PAE entry holds, as a 32-bit guest-physical address; one
 * at or above 4 GiB (never guest RAM here) becomes the last page, which is
 * outside RAM too, so every RAM check refuses it. */
#define GPA_BEYOND_4GIB 0xfffff000u
static inline uint32_t pae_entry_gpa(uint64_t e)
{
	uint64_t a = e & 0x000ffffffffff000ULL;
	return (a >> 32) ? GPA_BEYOND_4GIB : (uint32_t)a;
}

struct guest_walk {
	uint32_t gpa;     /* guest-physical address of the byte */
	int writable;     /* RW on every level */
	int user;         /* U/S on every level */
	int nx;           /* NX on any level (PAE) */
	uint32_t pte_gpa; /* where the last-level entry lives (0 for identity) */
	int pte_is_64bit;
	uint64_t pte; /* its value */
};

/* 0 mapped, -1 not present (or the walk hit memory outside guest RAM). */
int guest_pt_walk(enum guest_pt_format fmt, uint32_t root_gpa, uint32_t va, struct guest_walk *out);

#endif
