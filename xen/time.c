/*
 * Xen system time (ns since the domain's boot) from vcpu_time_info: the TSC
 * scaled by Xen's multiplier and shift, read under the version protocol
 * (odd version = update in progress; a changed version = read again).
 */
#include "xen/xen_state.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* (delta << shift) * mul_frac >> 32, without losing the top bits. */
static uint64_t scale_tsc_delta(uint64_t delta, uint32_t mul_frac, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	uint64_t lo = (uint64_t)(uint32_t)delta * mul_frac;
	uint64_t hi = (delta >> 32) * mul_frac;
	return hi + (lo >> 32);
}

uint64_t xen_system_time_ns(void)
{
	volatile struct vcpu_time_info *t = &vcpu0()->time;
	uint32_t version;
	uint64_t ns;
	do {
		version = t->version;
		asm volatile("" ::: "memory");
		ns = t->system_time + scale_tsc_delta(rdtsc() - t->tsc_timestamp,
		                                      t->tsc_to_system_mul, t->tsc_shift);
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

/* TSC rate: the inverse of Xen's ns-per-tick scale. */
uint64_t xen_tsc_khz(void)
{
	volatile struct vcpu_time_info *t = &vcpu0()->time;
	uint64_t khz = (1000000ULL << 32) / t->tsc_to_system_mul;
	if (t->tsc_shift < 0)
		khz <<= -t->tsc_shift;
	else
		khz >>= t->tsc_shift;
	return khz;
}
