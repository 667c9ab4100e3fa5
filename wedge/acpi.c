/*
 * ACPI tables and PM1 registers.  ACPI 1.0 layouts; SMI_CMD is 0, so the
 * platform is already in ACPI mode (PM1 control reads back SCI_EN).  The
 * only sleep state is S5: a write of SLP_EN with SLP_TYP 5 to PM1a control
 * ends the run as a poweroff.  The PM timer (required by ACPI 1.0) counts
 * Xen system time at 3.579545 MHz.  No GPEs, no APIC tables.
 */
#define LOG_SUBSYS "acpi"
#include <string.h>

#include "include/byteorder.h"
#include "include/exit_codes.h"
#include "wedge/acpi.h"
#include "wedge/counters.h"
#include "wedge/guest_mem.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/xen_state.h"

#define ACPI_BASE_GPA 0xe0000u /* RSDP must lie in 0xE0000-0xFFFFF, 16-aligned */
#define RSDP_OFF      0x000
#define RSDT_OFF      0x040
#define FADT_OFF      0x080
#define FACS_OFF      0x100 /* 64-byte aligned */
#define DSDT_OFF      0x140
#define ACPI_AREA     0x200

#define SDT_HEADER_LEN        36
#define FADT_LEN              116
#define FACS_LEN              64
#define SCI_IRQ               9
#define SLP_TYP_S5            5
#define PM1_CNT_SCI_EN        0x0001u
#define PM1_CNT_SLP_TYP_SHIFT 10
#define PM1_CNT_SLP_EN        0x2000u

/* DefName(_S5_, Package(4){5, 5, 0, 0}) */
static const uint8_t dsdt_aml[] = {0x08, '_',  'S',        '5',  '_',        0x12, 0x08,
                                   0x04, 0x0a, SLP_TYP_S5, 0x0a, SLP_TYP_S5, 0x00, 0x00};

static uint16_t pm1_enable;

BURN_COUNTER(port_acpi);

static uint8_t checksum(const uint8_t *p, unsigned int n)
{
	uint8_t sum = 0;
	for (unsigned int i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)(0x100 - sum);
}

static void sdt_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put_le32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "VMIWDG", 6);
	memcpy(t + 16, "VMIWEDGE", 8);
	put_le32(t + 24, 1);
	memcpy(t + 28, "VMIW", 4);
	put_le32(t + 32, 1);
}

void acpi_install(void)
{
	static uint8_t a[ACPI_AREA];
	memset(a, 0, sizeof(a));

	uint8_t *rsdp = a + RSDP_OFF;
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "VMIWDG", 6);
	put_le32(rsdp + 16, ACPI_BASE_GPA + RSDT_OFF);
	rsdp[8] = checksum(rsdp, 20);

	uint8_t *rsdt = a + RSDT_OFF;
	sdt_header(rsdt, "RSDT", SDT_HEADER_LEN + 4, 1);
	put_le32(rsdt + SDT_HEADER_LEN, ACPI_BASE_GPA + FADT_OFF);
	rsdt[9] = checksum(rsdt, SDT_HEADER_LEN + 4);

	uint8_t *fadt = a + FADT_OFF;
	sdt_header(fadt, "FACP", FADT_LEN, 1);
	put_le32(fadt + 36, ACPI_BASE_GPA + FACS_OFF);
	put_le32(fadt + 40, ACPI_BASE_GPA + DSDT_OFF);
	put_le16(fadt + 46, SCI_IRQ);
	put_le32(fadt + 56, ACPI_PM1A_EVT_PORT);
	put_le32(fadt + 64, ACPI_PM1A_CNT_PORT);
	put_le32(fadt + 76, ACPI_PM_TMR_PORT);
	fadt[88] = ACPI_PM1A_EVT_LEN;
	fadt[89] = ACPI_PM1_CNT_LEN;
	fadt[91] = ACPI_PM_TMR_LEN;
	put_le16(fadt + 96, 101);        /* C2 latency over 100: no C2 */
	put_le16(fadt + 98, 1001);       /* C3 latency over 1000: no C3 */
	fadt[108] = 0x32;                /* RTC century register */
	put_le32(fadt + 112, 0x1 | 0x4); /* WBINVD works, C1 supported */
	fadt[9] = checksum(fadt, FADT_LEN);

	uint8_t *facs = a + FACS_OFF;
	memcpy(facs, "FACS", 4);
	put_le32(facs + 4, FACS_LEN);

	uint8_t *dsdt = a + DSDT_OFF;
	sdt_header(dsdt, "DSDT", SDT_HEADER_LEN + sizeof(dsdt_aml), 1);
	memcpy(dsdt + SDT_HEADER_LEN, dsdt_aml, sizeof(dsdt_aml));
	dsdt[9] = checksum(dsdt, SDT_HEADER_LEN + sizeof(dsdt_aml));

	if (guest_phys_write(ACPI_BASE_GPA, a, sizeof(a)) != 0)
		wedge_bug("acpi_install: guest RAM does not reach 0x%x", ACPI_BASE_GPA);
	log_debug("tables at guest-physical 0x%x", ACPI_BASE_GPA);
}

int acpi_port(uint16_t port)
{
	return (port >= ACPI_PM1A_EVT_PORT && port < ACPI_PM1A_EVT_PORT + ACPI_PM1A_EVT_LEN) ||
	       (port >= ACPI_PM1A_CNT_PORT && port < ACPI_PM1A_CNT_PORT + ACPI_PM1_CNT_LEN) ||
	       (port >= ACPI_PM_TMR_PORT && port < ACPI_PM_TMR_PORT + ACPI_PM_TMR_LEN);
}

uint32_t acpi_port_read(uint16_t port, unsigned int size)
{
	burn_counter_inc(&burn_counter_port_acpi);
	(void)size;
	if (port == ACPI_PM1A_EVT_PORT + 2)
		return pm1_enable;
	if (port == ACPI_PM1A_CNT_PORT)
		return PM1_CNT_SCI_EN;
	if (port == ACPI_PM_TMR_PORT) /* 24 bits at 3.579545 MHz */
		return (uint32_t)(xen_system_time_ns() / 1000 * 3579545 / 1000000) & 0xffffffu;
	return 0; /* no status bits ever set */
}

void acpi_port_write(uint16_t port, unsigned int size, uint32_t value)
{
	burn_counter_inc(&burn_counter_port_acpi);
	(void)size;
	if (port == ACPI_PM1A_EVT_PORT + 2) {
		pm1_enable = (uint16_t)value;
		return;
	}
	if (port != ACPI_PM1A_CNT_PORT || !(value & PM1_CNT_SLP_EN))
		return;
	unsigned int slp_typ = (value >> PM1_CNT_SLP_TYP_SHIFT) & 7;
	if (slp_typ == SLP_TYP_S5) {
		log_info("the guest entered ACPI S5: power off");
		wedge_exit(EXIT_POWEROFF);
	}
	log_warn("the guest asked for sleep type %u, which does not exist here", slp_typ);
}
