/*
 * CMOS/RTC, i8042 and port 0x92.  The RTC shows Xen's wallclock in BCD,
 * 24-hour mode, never mid-update.  The i8042 answers "no controller: the
 * bus empty", and its pulse-reset command (0xFE) ends the run as a
 * reboot, as does setting bit 0 of port 0x92 (fast reset).
 */
#define LOG_SUBSYS "platform"
#include "include/exit_codes.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/platform_ports.h"
#include "xen/xen_state.h"

#define RTC_SECONDS          0x00
#define RTC_MINUTES          0x02
#define RTC_HOURS            0x04
#define RTC_DAY_OF_WEEK      0x06
#define RTC_DAY              0x07
#define RTC_MONTH            0x08
#define RTC_YEAR             0x09
#define RTC_STATUS_A         0x0a
#define RTC_STATUS_B         0x0b
#define RTC_STATUS_C         0x0c
#define RTC_STATUS_D         0x0d
#define RTC_CENTURY          0x32
#define RTC_B_24H            0x02
#define RTC_D_VALID          0x80
#define I8042_CMD_RESET      0xfe
#define SYSTEM_CONTROL_RESET 0x01

BURN_COUNTER(port_cmos);
BURN_COUNTER(port_i8042);

static uint8_t cmos_index;

void cmos_select(uint8_t index)
{
	cmos_index = index & 0x7f; /* bit 7 is the NMI mask */
}

static uint8_t bcd(unsigned int v)
{
	return (uint8_t)((v / 10) << 4 | (v % 10));
}

struct civil_time {
	unsigned int year, month, day, hour, minute, second, weekday;
};

/* Days since 1970-01-01 to a calendar date (proleptic Gregorian). */
static void civil_from_seconds(uint64_t secs, struct civil_time *t)
{
	uint32_t days = (uint32_t)(secs / 86400), rem = (uint32_t)(secs % 86400);
	t->hour = rem / 3600;
	t->minute = rem / 60 % 60;
	t->second = rem % 60;
	t->weekday = (days + 4) % 7 + 1; /* 1970-01-01 was a Thursday; Sunday = 1 */
	uint32_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	t->day = doy - (153 * mp + 2) / 5 + 1;
	t->month = mp < 10 ? mp + 3 : mp - 9;
	t->year = yoe + era * 400 + (t->month <= 2);
}

uint8_t cmos_read(void)
{
	burn_counter_inc(&burn_counter_port_cmos);
	volatile shared_info_t *s = xen_shared_info;
	uint64_t secs =
	    ((uint64_t)s->arch.wc_sec_hi << 32 | s->wc_sec) + xen_system_time_ns() / 1000000000ULL;
	struct civil_time t;
	civil_from_seconds(secs, &t);
	switch (cmos_index) {
	case RTC_SECONDS:
		return bcd(t.second);
	case RTC_MINUTES:
		return bcd(t.minute);
	case RTC_HOURS:
		return bcd(t.hour);
	case RTC_DAY_OF_WEEK:
		return bcd(t.weekday);
	case RTC_DAY:
		return bcd(t.day);
	case RTC_MONTH:
		return bcd(t.month);
	case RTC_YEAR:
		return bcd(t.year % 100);
	case RTC_CENTURY:
		return bcd(t.year / 100);
	case RTC_STATUS_A:
		return 0x26; /* 32.768 kHz base, 1024 Hz rate, no update in progress */
	case RTC_STATUS_B:
		return RTC_B_24H;
	case RTC_STATUS_C:
		return 0;
	case RTC_STATUS_D:
		return RTC_D_VALID;
	default:
		return 0;
	}
}

uint8_t i8042_read(uint16_t port)
{
	burn_counter_inc(&burn_counter_port_i8042);
	/* No controller: a status of all ones (what an empty bus reads) makes
	 * Linux's probe give up at once instead of timing out for half a
	 * second; the input-buffer-full bit alone reads 0, so the reset
	 * command below is still written without waiting. */
	return port == PORT_I8042_CMD ? 0xfd : 0xff;
}

void i8042_write(uint16_t port, uint8_t value)
{
	burn_counter_inc(&burn_counter_port_i8042);
	if (port == PORT_I8042_CMD && value == I8042_CMD_RESET) {
		log_info("the guest reset the machine through the keyboard controller");
		wedge_exit(EXIT_REBOOT);
	}
}

void system_control_write(uint8_t value)
{
	if (value & SYSTEM_CONTROL_RESET) {
		log_info("the guest reset the machine through port 0x92");
		wedge_exit(EXIT_REBOOT);
	}
}
