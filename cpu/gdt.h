/*
 * The guest's GDT as Xen sees it: a shadow in one wedge frame registered
 * with set_gdt, rebuilt from the guest's table on lgdt/SetGDT and kept
 * in step entry by entry.
 */
#ifndef CPU_GDT_H
#define CPU_GDT_H

#include <stdint.h>

#define GDT_SHADOW_ENTRIES 512 /* one page */

/* The flat boot selectors a boot loader leaves: 0x10 code, 0x18 data. */
#define BOOT_CS 0x10
#define BOOT_DS 0x18

void gdt_init_boot(void);
/* Reload every entry from the guest's table (linear base, byte limit),
 * keeping the descriptors behind the live CS and SS usable. */
void gdt_load(uint32_t base, uint16_t limit, uint16_t live_cs, uint16_t live_ss);
/* One entry of the live GDT changed. */
void gdt_write_entry(unsigned int index, uint64_t desc);
/* Rewrite every shadow entry: the guest's kernel ring changed. */
void gdt_reload(void);
/* Would loading sel into a data segment register work with the shadow as
 * it is now? */
int gdt_selector_loadable(uint16_t sel);

/* The guest's own descriptor for a selector (for checks), 0 if none. */
uint64_t gdt_guest_descriptor(uint16_t sel);

#endif
