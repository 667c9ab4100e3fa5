/*
 * The smallest ACPI a Linux guest needs to power off: RSDP, RSDT, FADT,
 * FACS and a DSDT holding only \_S5, in the BIOS area of guest memory, and
 * the PM1 event and control registers they point at.
 */
#ifndef WEDGE_ACPI_H
#define WEDGE_ACPI_H

#include <stdint.h>

#define ACPI_PM1A_EVT_PORT 0xb000
#define ACPI_PM1A_EVT_LEN  4
#define ACPI_PM1A_CNT_PORT 0xb004
#define ACPI_PM1_CNT_LEN   2
#define ACPI_PM_TMR_PORT   0xb008
#define ACPI_PM_TMR_LEN    4

/* Write the tables into guest-physical memory (the ISA hole, reserved in
 * the E820 map). */
void acpi_install(void);

int acpi_port(uint16_t port);
uint32_t acpi_port_read(uint16_t port, unsigned int size);
void acpi_port_write(uint16_t port, unsigned int size, uint32_t value);

#endif
