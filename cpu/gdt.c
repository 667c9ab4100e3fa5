/*
 * Translating the guest's descriptors for Xen.  During the native boot the
 * guest kernel is really at ring 3, so its code and data descriptors get
 * DPL 3 (its RPL-0 selectors then load natively); from VMI_Init on they keep
 * their own DPL, which Xen raises from 0 to 1.  Xen refuses TSS, LDT and
 * gate descriptors in a GDT: those stay out of the shadow (the wedge keeps
 * the guest's copy for ltr and lldt).
 */
#define LOG_SUBSYS "gdt"
#include <string.h>

#include "cpu/gdt.h"
#include "cpu/vcpu.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/mm.h"
#include "xen/trap_probe.h"

#define DESC_S         (1ULL << 44) /* code/data, not system */
#define DESC_P         (1ULL << 47)
#define DESC_DPL_SHIFT 45
#define DESC_DPL_MASK  (3ULL << DESC_DPL_SHIFT)
#define DESC_ACCESSED  (1ULL << 40)
#define FLAT_CODE      0x00cf9a000000ffffULL
#define FLAT_DATA      0x00cf92000000ffffULL

static uint64_t guest_gdt[GDT_SHADOW_ENTRIES];
static uint64_t shadow_gdt[GDT_SHADOW_ENTRIES]; /* what Xen holds: write only changes */
static unsigned int guest_gdt_entries;
static mfn_t shadow_frame;

BURN_COUNTER(gdt_load);

static uint64_t translate(uint64_t d)
{
	if (!(d & DESC_P))
		return 0;
	if (!(d & DESC_S))
		return 0; /* system descriptor: Xen's business, not the GDT's */
	/* The CPU cannot set Accessed in a read-only shadow: set it now. */
	d |= DESC_ACCESSED;
	unsigned int dpl = (unsigned int)((d & DESC_DPL_MASK) >> DESC_DPL_SHIFT);
	if (dpl < vcpu.kernel_ring)
		d = (d & ~DESC_DPL_MASK) | ((uint64_t)vcpu.kernel_ring << DESC_DPL_SHIFT);
	return d;
}

static void write_entry(unsigned int i, uint64_t desc)
{
	if (shadow_gdt[i] == desc)
		return;
	shadow_gdt[i] = desc;
	long rc = HYPERVISOR_update_descriptor(((uint64_t)shadow_frame.v << 12) + i * 8, desc);
	if (rc != 0)
		guest_fault("GDT entry %u (0x%08lx%08lx) refused by Xen: %ld", i,
		            (unsigned long)(desc >> 32), (unsigned long)desc, rc);
}

void gdt_reload(void)
{
	for (unsigned int i = 1; i < GDT_SHADOW_ENTRIES; i++)
		write_entry(i, i < guest_gdt_entries ? translate(guest_gdt[i]) : 0);
}

void gdt_init_boot(void)
{
	shadow_frame = dpfn_to_mfn(frame_alloc());
	mm_clear_frame(shadow_frame);
	memset(shadow_gdt, 0, sizeof(shadow_gdt));
	unsigned long frames[1] = {shadow_frame.v};
	if (HYPERVISOR_set_gdt(frames, GDT_SHADOW_ENTRIES) != 0)
		wedge_bug("gdt_init_boot: set_gdt refused the shadow frame");
	memset(guest_gdt, 0, sizeof(guest_gdt));
	guest_gdt[BOOT_CS >> 3] = FLAT_CODE;
	guest_gdt[BOOT_DS >> 3] = FLAT_DATA;
	guest_gdt_entries = (BOOT_DS >> 3) + 1;
	gdt_reload();
}

/* Hardware keeps a segment's cached descriptor after lgdt until the guest
 * reloads it (Linux: lgdt, then ljmp and segment loads).  Xen reloads CS
 * and SS on every return (a SetGDT from the ROM even returns from its own
 * hypercalls on the guest's CS), so the entries in use are never emptied,
 * not even for a moment: they keep their old descriptor until the guest's
 * own table gives the slot a usable one. */
static int live_entry(unsigned int i, uint16_t sel)
{
	return (sel & ~3u) && !(sel & 4) && i == (unsigned int)(sel >> 3);
}

void gdt_load(uint32_t base, uint16_t limit, uint16_t live_cs, uint16_t live_ss)
{
	unsigned int entries = ((unsigned int)limit + 1) / 8;
	if (entries > GDT_SHADOW_ENTRIES) {
		log_warn("guest GDT of %u entries: only the first %u are shadowed", entries,
		         GDT_SHADOW_ENTRIES);
		entries = GDT_SHADOW_ENTRIES;
	}
	/* Static: this can run on a guest kernel stack of 4 KiB. */
	static uint64_t table[GDT_SHADOW_ENTRIES];
	if (probe_copy(table, (const void *)base, entries * 8) != 0)
		guest_fault("lgdt: the guest's GDT at 0x%08lx (%u entries) is not readable",
		            (unsigned long)base, entries);
	memcpy(guest_gdt, table, entries * 8);
	guest_gdt_entries = entries;
	burn_counter_inc(&burn_counter_gdt_load);
	for (unsigned int i = 1; i < GDT_SHADOW_ENTRIES; i++) {
		uint64_t d = i < guest_gdt_entries ? translate(guest_gdt[i]) : 0;
		if (!(d & DESC_P) && (shadow_gdt[i] & DESC_P) &&
		    (live_entry(i, live_cs) || live_entry(i, live_ss)))
			continue;
		write_entry(i, d);
	}
}

void gdt_write_entry(unsigned int index, uint64_t desc)
{
	if (index >= GDT_SHADOW_ENTRIES)
		guest_fault("WriteGDTEntry: entry %u is beyond the %u the wedge shadows", index,
		            GDT_SHADOW_ENTRIES);
	guest_gdt[index] = desc;
	if (index >= guest_gdt_entries)
		guest_gdt_entries = index + 1;
	write_entry(index, translate(desc));
}

int gdt_selector_loadable(uint16_t sel)
{
	unsigned int i = sel >> 3;
	if ((sel & ~3u) == 0 || (sel & 4))
		return 1; /* null, or an LDT selector: not ours to judge */
	if (i >= FIRST_RESERVED_GDT_ENTRY)
		return 1; /* Xen's own flat selectors */
	return i < GDT_SHADOW_ENTRIES && (shadow_gdt[i] & DESC_P);
}

uint64_t gdt_guest_descriptor(uint16_t sel)
{
	unsigned int i = sel >> 3;
	return (sel & 4) || i >= guest_gdt_entries ? 0 : guest_gdt[i];
}
