/*
 * The rest of the PC a VMI Linux pokes at: CMOS/RTC (read back from Xen's
 * wallclock), the i8042 keyboard controller (present only to reset the
 * machine) and port 0x92.
 */
#ifndef WEDGE_PLATFORM_PORTS_H
#define WEDGE_PLATFORM_PORTS_H

#include <stdint.h>

#define PORT_CMOS_INDEX       0x70
#define PORT_CMOS_DATA        0x71
#define PORT_I8042_DATA       0x60
#define PORT_I8042_CMD        0x64
#define PORT_SYSTEM_CONTROL_A 0x92

uint8_t cmos_read(void);
void cmos_select(uint8_t index);
uint8_t i8042_read(uint16_t port);
void i8042_write(uint16_t port, uint8_t value);
void system_control_write(uint8_t value);

#endif
