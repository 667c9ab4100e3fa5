/*
 * The ROM's life in the wedge: copied into place with a valid checksum,
 * then activated at VMI_Init, when its run-time address becomes known.
 */
#ifndef WEDGE_ROM_INSTALL_H
#define WEDGE_ROM_INSTALL_H

#include <stdint.h>

#include "xen/trap_frame.h"

/* Where the guest runs the ROM; 0 until VMI_Init. */
extern uint32_t rom_run_base;

/* Copy the ROM image to dst (VMI_ROM_SIZE bytes) and fix its checksum. */
void rom_install(uint8_t *dst);

/* Put the ROM at guest-physical 0xC0000, checksum valid, not yet relocated. */
void rom_install_guest(void);

/* An installed copy the wedge can write through `copy`, which the guest will
 * run at `run_base`: remembered so the Init trap can be recognised. */
void rom_expect_init(uint8_t *copy, uint32_t run_base);

/* trap(): is this #GP the ROM's VMI_Init?  If so, activate and resume. */
int rom_handle_init_trap(struct trap_frame *f);

#endif
