/*
 * Pure operations on a VMI ROM image, shared by the wedge (install and
 * activate), patchup-tool (extract and verify) and the host unit tests:
 * the checksum, the checks Linux's probe makes, and moving the rel32 calls
 * into the wedge to a new run-time address.
 */
#ifndef ROM_ROM_IMAGE_H
#define ROM_ROM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

uint8_t rom_sum8(const uint8_t *bytes, size_t n);

/* Set the last byte of the first size bytes so that they sum to zero. */
void rom_fix_checksum(uint8_t *rom, size_t size);

/*
 * The checks probe_vmi_rom()/check_vmi_rom() make, in their order.
 * Returns 0 if Linux would accept the image, else -1 with the reason.
 * *unknown_vendor is set when Linux would only warn about the PCI IDs.
 */
int rom_check_linux_probe(const uint8_t *rom, size_t avail, int *unknown_vendor, char *why,
                          size_t why_len);

/*
 * Move every recorded rel32 call/jump (E8/E9 at ROM offset relocs[i]) from
 * a ROM image currently valid at cur_base to one valid at new_base.  Each
 * target must lie in [target_lo, target_hi).  All relocations are checked
 * before any is written, so a failure leaves the image untouched.
 */
int rom_relocate(uint8_t *rom, size_t rom_size, const uint32_t *relocs, size_t nr_relocs,
                 uint32_t cur_base, uint32_t new_base, uint32_t target_lo, uint32_t target_hi,
                 char *why, size_t why_len);

/* Where the rel32 at relocs offset `off` currently lands, for an image
 * valid at base. */
uint32_t rom_reloc_target(const uint8_t *rom, uint32_t off, uint32_t base);

#endif
