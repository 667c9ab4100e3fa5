/*
 * Time through the ROM (VMI-ABI.md §6) and the alarm as IRQ 0 of the
 * virtual 8259 (irq.h).  Cycles are REAL cycles; the alarm period is
 * freq/100 (10 ms).  Tolerances are generous: an interrupt must come no
 * earlier than its expiry (the ABI's absolute expiry) and within 1 s of
 * it; waiting loops give up after 2 s.  Busy waits with interrupts on
 * call EnableInterrupts every round, which is an interrupt window: an
 * interrupt whose Xen event arrives while the ROM or the wedge runs is
 * taken when the ROM call returns (irq-during-rom-call checks that), and
 * the explicit window keeps these cases independent of it.
 *
 *   time-cycle-frequency: GetCycleFrequency > 0.
 *   time-cycle-counter-increases: REAL strictly increases; AVAILABLE and
 *     STOLEN do not exceed a later REAL.
 *   time-wallclock-after-2020: GetWallclockTime (ns since 1970) is after
 *     2020-01-01 and before 2100.
 *   pic-program-imr-readback: ICW1-4 on both 8259s (bases 0x20/0x28), then
 *     the mask registers read back what was written.
 *   time-alarm-oneshot: SetAlarm one-shot REAL at now + 10 ms with only
 *     IRQ 0 unmasked, Halt: the handler at vector 0x20 runs once, no
 *     earlier than the expiry and within 1 s, on an interrupt gate (mask 0
 *     inside) with the virtual IF set in its frame and CS RPL 1; no second
 *     interrupt in 30 ms more.
 *   time-alarm-periodic: a periodic alarm at 10 ms gives 5 interrupts, the
 *     k-th no earlier than start + k * period.
 *   time-alarm-cancel: after CancelAlarm no interrupt comes in 60 ms.
 *   time-pic-mask-delays: with IRQ 0 masked the expired alarm stays in IRR
 *     and nothing is delivered for 40 ms; unmasking delivers it at once.
 */
#include "include/x86_traps.h"
#include "tests/guest/irq.h"
#include "tests/guest/report.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

#define NS_PER_SEC      1000000000ull
#define EPOCH_2020      1577836800ull
#define EPOCH_2100      4102444800ull
#define PERIODIC_TICKS  5
#define MASK_ONLY(line) ((uint16_t) ~(1u << (line)))
#define MASK_ALL        0xffff
#define OCW3_READ_IRR   0x0a

static uint64_t freq, period;

static uint64_t now(void)
{
	return vmi_get_cycle_counter(VMI_CYCLES_REAL);
}

/* Interrupts on; returns when REAL reaches t (windows all along). */
static void spin_enabled_until(uint64_t t)
{
	while (now() < t)
		vmi_enable_interrupts();
}

static uint32_t cycles_to_us(uint64_t c)
{
	return (uint32_t)(c * 1000000ull / freq);
}

/* Lines other than `line` that counted interrupts. */
static uint32_t other_lines(unsigned int line)
{
	uint32_t n = 0;
	for (unsigned int i = 0; i < IRQ_LINES; i++)
		if (i != line)
			n += irq_count[i];
	return n;
}

static bool check_frequency(void)
{
	freq = vmi_get_cycle_frequency();
	period = freq / 100;
	report_info("GetCycleFrequency: %u kHz", (uint32_t)(freq / 1000));
	return case_check("time-cycle-frequency", freq > 0 && freq < (1ull << 40),
	                  "GetCycleFrequency 0x%08x%08x", (uint32_t)(freq >> 32), (uint32_t)freq);
}

static void check_counter(void)
{
	uint64_t a = now();
	for (volatile int i = 0; i < 1000; i++)
		;
	uint64_t avail = vmi_get_cycle_counter(VMI_CYCLES_AVAILABLE);
	uint64_t stolen = vmi_get_cycle_counter(VMI_CYCLES_STOLEN);
	uint64_t b = now();
	case_check("time-cycle-counter-increases", a < b && avail <= b && stolen <= b,
	           "REAL 0x%08x%08x then 0x%08x%08x; AVAILABLE 0x%08x%08x, STOLEN 0x%08x%08x",
	           (uint32_t)(a >> 32), (uint32_t)a, (uint32_t)(b >> 32), (uint32_t)b,
	           (uint32_t)(avail >> 32), (uint32_t)avail, (uint32_t)(stolen >> 32),
	           (uint32_t)stolen);
}

static void check_wallclock(void)
{
	uint64_t ns = vmi_get_wallclock();
	uint64_t sec = ns / NS_PER_SEC;
	report_info("GetWallclockTime: %u s since 1970", (uint32_t)sec);
	case_check("time-wallclock-after-2020", sec >= EPOCH_2020 && sec < EPOCH_2100,
	           "%u s since 1970, want between %u (2020) and %u (2100)", (uint32_t)sec,
	           (uint32_t)EPOCH_2020, (uint32_t)EPOCH_2100);
}

static void check_pic_program(void)
{
	pic_init(MASK_ONLY(0));
	uint8_t master = inb(PIC_MASTER_DATA), slave = inb(PIC_SLAVE_DATA);
	pic_init(MASK_ALL);
	uint8_t master_all = inb(PIC_MASTER_DATA), slave_all = inb(PIC_SLAVE_DATA);
	case_check("pic-program-imr-readback",
	           master == 0xfe && slave == 0xff && master_all == 0xff && slave_all == 0xff,
	           "IMR read back 0x%02x/0x%02x after writing 0xfe/0xff, 0x%02x/0x%02x after "
	           "0xff/0xff",
	           master, slave, master_all, slave_all);
}

/* Halt until IRQ 0 has come `count` times or 2 s passed; interrupts off
 * around each check, so none slips in between the check and the Halt. */
static void halt_until_irq0(uint32_t count, uint64_t start)
{
	vmi_disable_interrupts();
	while (irq_count[0] < count && now() < start + 2 * freq) {
		vmi_halt();
		vmi_disable_interrupts();
	}
}

static void check_oneshot(void)
{
	const char *name = "time-alarm-oneshot";
	pic_init(MASK_ONLY(0));
	irq_reset_counts();
	vmi_disable_interrupts();
	uint64_t start = now(), expiry = start + period;
	vmi_set_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL, expiry, 0);
	halt_until_irq0(1, start);
	uint32_t first = irq_count[0];
	uint32_t frame_cs = irq_last_frame[1] & 0xffff, frame_eflags = irq_last_frame[2];
	uint32_t mask_inside = irq_last_mask;
	vmi_enable_interrupts();
	spin_enabled_until(now() + 3 * period);
	vmi_disable_interrupts();
	uint32_t total = irq_count[0];
	uint64_t at = irq_stamp(0);
	pic_set_mask(MASK_ALL);

	if (first != 1 || total != 1 || other_lines(0)) {
		case_fail(name,
		          "IRQ 0 came %u time(s) by the first wake-up, %u in all, other "
		          "lines %u: want exactly one",
		          first, total, other_lines(0));
		return;
	}
	report_info("one-shot alarm: interrupt %u us after the expiry", cycles_to_us(at - expiry));
	if (at < expiry || at - expiry > freq) {
		case_fail(name,
		          "the handler ran at 0x%08x%08x, expiry 0x%08x%08x: want no earlier "
		          "and within 1 s",
		          (uint32_t)(at >> 32), (uint32_t)at, (uint32_t)(expiry >> 32),
		          (uint32_t)expiry);
		return;
	}
	case_check(name,
	           frame_cs == read_cs() && (frame_eflags & X86_EFLAGS_IF) && mask_inside == 0,
	           "frame CS 0x%04x (want 0x%04x), EFLAGS 0x%08x (want IF set), GetInterruptMask "
	           "in the handler 0x%x (want 0)",
	           frame_cs, read_cs(), frame_eflags, mask_inside);
}

/* Leaves the periodic alarm armed for check_cancel. */
static bool check_periodic(void)
{
	const char *name = "time-alarm-periodic";
	pic_init(MASK_ONLY(0));
	irq_reset_counts();
	vmi_disable_interrupts();
	uint64_t start = now();
	vmi_set_alarm(VMI_ALARM_IS_PERIODIC | VMI_CYCLES_REAL, start + period, period);
	halt_until_irq0(PERIODIC_TICKS, start);
	uint32_t ticks = irq0_log_count;
	if (ticks < PERIODIC_TICKS || other_lines(0)) {
		case_fail(name, "%u interrupt(s) on IRQ 0 in 2 s (other lines %u), want %u", ticks,
		          other_lines(0), PERIODIC_TICKS);
		return false;
	}
	for (unsigned int k = 0; k < PERIODIC_TICKS; k++) {
		uint64_t at = (uint64_t)irq0_log[k][1] << 32 | irq0_log[k][0];
		if (at < start + (k + 1) * period) {
			case_fail(name,
			          "interrupt %u came %u us after the start, before its expiry "
			          "at %u us",
			          k + 1, cycles_to_us(at - start), cycles_to_us((k + 1) * period));
			return false;
		}
	}
	uint64_t last =
	    (uint64_t)irq0_log[PERIODIC_TICKS - 1][1] << 32 | irq0_log[PERIODIC_TICKS - 1][0];
	report_info("periodic alarm: %u interrupts by %u us (period %u us)", PERIODIC_TICKS,
	            cycles_to_us(last - start), cycles_to_us(period));
	case_pass(name);
	return true;
}

static void check_cancel(void)
{
	const char *name = "time-alarm-cancel";
	vmi_disable_interrupts();
	vmi_cancel_alarm(VMI_ALARM_IS_PERIODIC | VMI_CYCLES_REAL);
	vmi_enable_interrupts(); /* takes a tick that was already on its way */
	uint32_t base = irq_count[0];
	spin_enabled_until(now() + 6 * period);
	vmi_disable_interrupts();
	uint32_t after = irq_count[0];
	pic_set_mask(MASK_ALL);
	case_check(name, after == base, "%u interrupt(s) in 60 ms after CancelAlarm, want none",
	           after - base);
}

static uint8_t read_master_irr(void)
{
	outb(OCW3_READ_IRR, PIC_MASTER_CMD);
	return inb(PIC_MASTER_CMD);
}

static void check_mask_delays(void)
{
	const char *name = "time-pic-mask-delays";
	pic_init(MASK_ALL);
	irq_reset_counts();
	vmi_disable_interrupts();
	uint64_t start = now();
	vmi_set_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL, start + period, 0);
	vmi_enable_interrupts();
	spin_enabled_until(start + 4 * period);
	uint32_t while_masked = irq_count[0];
	uint8_t irr = read_master_irr();
	uint64_t unmask_at = now();
	pic_set_mask(MASK_ONLY(0)); /* the outb traps: delivered as it returns */
	uint32_t right_after = irq_count[0];
	spin_enabled_until(now() + period);
	vmi_disable_interrupts();
	uint32_t total = irq_count[0];
	uint64_t at = irq_stamp(0);
	pic_set_mask(MASK_ALL);
	if (while_masked || !(irr & 1)) {
		case_fail(name,
		          "while IRQ 0 was masked: %u interrupt(s) (want none), IRR 0x%02x "
		          "(want bit 0: the alarm expired)",
		          while_masked, irr);
		return;
	}
	case_check(name, right_after == 1 && total == 1 && at >= unmask_at,
	           "after unmasking: %u interrupt(s) at once, %u after 10 ms more (want 1 and 1), "
	           "at 0x%08x%08x (unmasked at 0x%08x%08x)",
	           right_after, total, (uint32_t)(at >> 32), (uint32_t)at,
	           (uint32_t)(unmask_at >> 32), (uint32_t)unmask_at);
}

void run_time_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "time-cycle-frequency",     "time-cycle-counter-increases", "time-wallclock-after-2020",
	    "pic-program-imr-readback", "time-alarm-oneshot",           "time-alarm-periodic",
	    "time-alarm-cancel",        "time-pic-mask-delays",
	};
	const unsigned int nr = sizeof(names) / sizeof(names[0]);
	if (not_run_why) {
		for (unsigned int i = 0; i < nr; i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	bool have_freq = check_frequency();
	check_counter();
	check_wallclock();
	irq_install();
	check_pic_program();
	if (!have_freq) {
		for (unsigned int i = 4; i < nr; i++)
			case_not_run(names[i], "no cycle frequency");
		return;
	}
	check_oneshot();
	if (check_periodic())
		check_cancel();
	else
		case_not_run("time-alarm-cancel", "time-alarm-periodic failed");
	vmi_cancel_alarm(VMI_ALARM_IS_PERIODIC | VMI_CYCLES_REAL);
	check_mask_delays();
}
