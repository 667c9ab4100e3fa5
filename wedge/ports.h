/*
 * The guest's port I/O, which always traps to the wedge (virtual IOPL 0):
 * one dispatcher to the emulated devices.
 */
#ifndef WEDGE_PORTS_H
#define WEDGE_PORTS_H

#include <stdint.h>

/* size is 1, 2 or 4 bytes. */
uint32_t port_read(uint16_t port, unsigned int size);
void port_write(uint16_t port, unsigned int size, uint32_t value);

#endif
