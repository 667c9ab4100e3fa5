/*
 * More of the ROM's contract after VMI_Init: nested exceptions, exactly
 * where a pending interrupt is delivered, interrupts that arrive during a
 * ROM call, the ACPI tables, the wedge's counters hot key, XSAVE and the
 * CPUID policy.  The handlers and probes whose addresses the cases check
 * are in more_probes.S.  The alarm is IRQ 0 of the 8259 (irq.h) as in
 * cases_time.c; period = freq/100 (10 ms).
 *
 *   trap-nested-fault: an int3 whose #BP handler (an interrupt gate of
 *     this file's) runs ud2; the catcher's #UD gate records the inner
 *     frame and returns into the #BP handler, which finishes and returns.
 *     The outer frame's EIP is after the int3, the inner one's the ud2's
 *     address in the outer handler, both with CS RPL 1, the inner one
 *     right under the handler's ESP; the handler and then its caller run
 *     on in order.
 *   irq-at-enable: with IRQ 0 latched while interrupts were off (a
 *     one-shot alarm whose expiry had passed, then 20 ms more), the
 *     handler runs at EnableInterrupts: before the instruction after the
 *     call, whose address is the interrupt frame's EIP.
 *   irq-at-iret: the same at an IRET whose EFLAGS image has IF set (an
 *     int3 handler sets it): not before, and the interrupt frame's EIP is
 *     the IRET's target.
 *   irq-during-rom-call: interrupts on, a loop of GetCycleCounter alone
 *     (no EnableInterrupts in it): a 10 ms one-shot alarm is delivered in
 *     the loop, no earlier than its expiry and within 1 s, with the frame
 *     inside the loop's code.
 *   acpi-tables: the RSDP on a 16-byte boundary in 0xE0000-0xFFFFF with a
 *     good checksum, its RSDT, the FADT in it, PM1a_CNT_BLK non-zero, the
 *     DSDT holding _S5_, and PM1a_CNT reading SCI_EN.  SLP_EN is never
 *     written: that would power off.
 *   uart-counters-hotkey: `guest: info press the counters hot key now`,
 *     then 1 s of Halt woken by a one-shot alarm.  The harness types
 *     Ctrl-] then; the wedge prints its counters and the guest goes on.
 *     The guest cannot see the key: it checks that the idle completes;
 *     the integration test checks the counter tables in the log.
 *   xsave-enable: if the ROM's CPUID shows XSAVE, SetCR4 with OSXSAVE and
 *     then native xgetbv/xsetbv work without a fault: XCR0 = x87 alone,
 *     then x87|SSE (3), each read back; CR4 is put back afterwards.
 *     Without XSAVE, a pass with an info line saying it was skipped.
 *   cpuid-native-vs-rom: native cpuid leaf 1 shows at least every bit the
 *     ROM's CPUID shows (the ROM only removes), with an info line naming
 *     the bits it removes.
 */
#include <stddef.h>

#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/irq.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

/* What the routines of more_probes.S saw (MR_* there). */
struct more_record {
	uint32_t outer_eip, outer_cs, outer_eflags, outer_esp;
	uint32_t caller_esp;
	uint32_t resume_addr;   /* the address after the probe's int3 or call */
	uint32_t handler_steps; /* nested #BP handler: 1 entered, 2 resumed after ud2 */
	uint32_t steps_at_ret;  /* handler_steps seen by the caller after int3 */
	uint32_t irqs_before, irqs_in_handler, mask_in_handler, irqs_after;
	uint32_t loop_start, loop_end, loop_calls;
};
_Static_assert(offsetof(struct more_record, caller_esp) == 16, "MR_CALLER_ESP");
_Static_assert(offsetof(struct more_record, steps_at_ret) == 28, "MR_STEPS_AT_RET");
_Static_assert(offsetof(struct more_record, irqs_after) == 44, "MR_IRQS_AFTER");
_Static_assert(offsetof(struct more_record, loop_calls) == 56, "MR_LOOP_CALLS");

volatile struct more_record more_rec;

void more_nested_bp_handler(void);
void more_nested_probe(void);
void more_enable_probe(void);
void more_iret_bp_handler(void);
void more_iret_probe(void);
uint32_t more_rom_loop(uint32_t deadline_lo, uint32_t deadline_hi);
uint64_t more_probe_xgetbv(uint32_t xcr);
void more_probe_xsetbv(uint32_t xcr, uint32_t lo, uint32_t hi);

extern uint64_t idt_table[IDT_ENTRIES];

#define MASK_ONLY(line) ((uint16_t) ~(1u << (line)))
#define MASK_ALL        0xffff
#define OCW3_READ_IRR   0x0a

static uint64_t freq, period;

static uint64_t now(void)
{
	return vmi_get_cycle_counter(VMI_CYCLES_REAL);
}

static uint32_t cycles_to_us(uint64_t c)
{
	return (uint32_t)(c * 1000000ull / freq);
}

static void reset_record(void)
{
	memset((void *)&more_rec, 0, sizeof(more_rec));
}

/* Vector 3's gate: this file's handler, or the catcher's again (as
 * catch_install() writes it: DPL 3, so int3 works from user mode). */
static void set_bp_gate(void (*handler)(void))
{
	uint32_t target =
	    handler ? (uint32_t)handler : (uint32_t)catch_stubs + X86_TRAP_BP * CATCH_STUB_SIZE;
	vmi_write_idt_entry(idt_table, X86_TRAP_BP,
	                    idt_gate(KERNEL_CS, target, GATE_TYPE_INTR32, 3));
}

/* ---- trap-nested-fault --------------------------------------------------- */

static void check_nested_fault(void)
{
	const char *name = "trap-nested-fault";
	uint16_t cs = read_cs();
	reset_record();
	catch_reset();
	vmi_disable_interrupts();
	set_bp_gate(more_nested_bp_handler);
	more_nested_probe();
	set_bp_gate(NULL);

	if (more_rec.handler_steps != 2 || more_rec.steps_at_ret != 2) {
		case_fail(name,
		          "the #BP handler got to step %u (want 2: entered, then resumed after its "
		          "ud2); its caller saw step %u after the int3 (want 2)",
		          more_rec.handler_steps, more_rec.steps_at_ret);
		return;
	}
	if (more_rec.outer_eip != more_rec.resume_addr || (more_rec.outer_cs & 0xffff) != cs ||
	    (cs & 3) != 1 || (more_rec.outer_eflags & X86_EFLAGS_IF) ||
	    more_rec.outer_esp != more_rec.caller_esp) {
		case_fail(name,
		          "outer (#BP) frame: EIP 0x%08x (want 0x%08x, after the int3), CS 0x%04x "
		          "(want 0x%04x, RPL 1), EFLAGS 0x%08x (want IF clear), ends at 0x%08x "
		          "(want the caller's ESP 0x%08x)",
		          more_rec.outer_eip, more_rec.resume_addr, more_rec.outer_cs, cs,
		          more_rec.outer_eflags, more_rec.outer_esp, more_rec.caller_esp);
		return;
	}
	if (caught.count != 1 || caught.vector != X86_TRAP_UD) {
		case_fail(name,
		          "%u exception(s) caught inside the #BP handler, the last vector %u: "
		          "want one #UD",
		          caught.count, caught.vector);
		return;
	}
	uint32_t handler = (uint32_t)more_nested_bp_handler;
	case_check(name,
	           caught.eip == probe_fault_eip && caught.eip > handler &&
	               caught.eip < more_rec.resume_addr && (caught.cs & 0xffff) == cs &&
	               !(caught.eflags & X86_EFLAGS_IF) && caught.esp == probe_esp &&
	               caught.handler_mask == 0,
	           "inner (#UD) frame: EIP 0x%08x (want 0x%08x, the ud2 in the #BP handler at "
	           "0x%08x), CS 0x%04x (want 0x%04x), EFLAGS 0x%08x (want IF clear), ends at "
	           "0x%08x (want the handler's ESP 0x%08x), GetInterruptMask inside 0x%x (want 0)",
	           caught.eip, probe_fault_eip, handler, caught.cs, cs, caught.eflags, caught.esp,
	           probe_esp, caught.handler_mask);
}

/* ---- interrupts already pending ------------------------------------------ */

static uint8_t read_master_irr(void)
{
	outb(OCW3_READ_IRR, PIC_MASTER_CMD);
	return inb(PIC_MASTER_CMD);
}

/* Interrupts off, IRQ 0 alone unmasked, a one-shot alarm whose expiry has
 * already passed, then 20 ms with interrupts off, so that IRQ 0 is latched
 * (or its event waits) and nothing was delivered.  Returns the IRR read
 * then (shown, not checked: the wedge may hold the alarm's Xen event
 * outside the 8259 until interrupts are enabled). */
static uint8_t latch_irq0(const char *name)
{
	vmi_disable_interrupts();
	pic_init(MASK_ONLY(0));
	irq_reset_counts();
	reset_record();
	uint64_t start = now();
	vmi_set_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL, start, 0);
	while (now() < start + 2 * period)
		;
	uint8_t irr = read_master_irr();
	report_info("%s: master IRR 0x%02x with interrupts off, 20 ms after the alarm's expiry",
	            name, irr);
	return irr;
}

/* The interrupt frame irq_entry.S recorded, as an interrupt from the
 * kernel with interrupts on: CS RPL 1, IF set; the gate's handler ran with
 * interrupts off. */
static bool irq_frame_ok(uint32_t want_eip)
{
	return irq_last_frame[0] == want_eip && (irq_last_frame[1] & 0xffff) == read_cs() &&
	       (irq_last_frame[2] & X86_EFLAGS_IF) && irq_last_mask == 0;
}

static void check_irq_at_enable(void)
{
	const char *name = "irq-at-enable";
	uint8_t irr = latch_irq0(name);
	uint32_t before = irq_count[0];
	more_enable_probe();
	vmi_disable_interrupts();
	uint32_t total = irq_count[0];
	pic_set_mask(MASK_ALL);
	case_check(name,
	           before == 0 && more_rec.irqs_before == 0 && more_rec.irqs_after == 1 &&
	               total == 1 && irq_frame_ok(more_rec.resume_addr),
	           "IRR 0x%02x with interrupts off; IRQ 0 taken %u time(s) before the call (want "
	           "0), %u by the instruction after it (want 1), %u in all; interrupt frame EIP "
	           "0x%08x (want 0x%08x, the call's return address), CS 0x%04x, EFLAGS 0x%08x "
	           "(want IF), GetInterruptMask in the handler 0x%x (want 0)",
	           irr, more_rec.irqs_before, more_rec.irqs_after, total, irq_last_frame[0],
	           more_rec.resume_addr, irq_last_frame[1], irq_last_frame[2], irq_last_mask);
}

static void check_irq_at_iret(void)
{
	const char *name = "irq-at-iret";
	catch_reset();
	uint8_t irr = latch_irq0(name);
	set_bp_gate(more_iret_bp_handler);
	more_iret_probe();
	uint32_t mask_after = vmi_get_interrupt_mask();
	vmi_disable_interrupts();
	set_bp_gate(NULL);
	uint32_t total = irq_count[0];
	pic_set_mask(MASK_ALL);
	case_check(
	    name,
	    more_rec.irqs_before == 0 && more_rec.irqs_in_handler == 0 &&
	        more_rec.mask_in_handler == 0 && more_rec.outer_eip == more_rec.resume_addr &&
	        more_rec.irqs_after == 1 && total == 1 && irq_frame_ok(more_rec.resume_addr) &&
	        mask_after == X86_EFLAGS_IF,
	    "IRR 0x%02x with interrupts off; IRQ 0 taken %u time(s) before the int3, %u in "
	    "its handler (mask 0x%x there), %u by the IRET's target (want 0, 0, 0, 1), %u "
	    "in all; #BP frame EIP 0x%08x; interrupt frame EIP 0x%08x (want 0x%08x, the "
	    "IRET's target), CS 0x%04x, EFLAGS 0x%08x (want IF), GetInterruptMask in the "
	    "handler 0x%x (want 0), after 0x%x (want 0x200)",
	    irr, more_rec.irqs_before, more_rec.irqs_in_handler, more_rec.mask_in_handler,
	    more_rec.irqs_after, total, more_rec.outer_eip, irq_last_frame[0], more_rec.resume_addr,
	    irq_last_frame[1], irq_last_frame[2], irq_last_mask, mask_after);
}

/* ---- irq-during-rom-call -------------------------------------------------- */

static void check_irq_during_rom_call(void)
{
	const char *name = "irq-during-rom-call";
	vmi_disable_interrupts();
	pic_init(MASK_ONLY(0));
	irq_reset_counts();
	reset_record();
	uint64_t start = now(), expiry = start + period, deadline = start + freq;
	vmi_set_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL, expiry, 0);
	vmi_enable_interrupts(); /* nothing pending yet: the expiry is 10 ms away */
	uint32_t at_enable = irq_count[0];
	uint32_t calls = more_rom_loop((uint32_t)deadline, (uint32_t)(deadline >> 32));
	vmi_disable_interrupts();
	uint32_t total = irq_count[0];
	uint64_t at = irq_stamp(0);
	uint32_t eip = irq_last_frame[0];
	pic_set_mask(MASK_ALL);
	vmi_cancel_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL);

	if (at_enable != 0 || total != 1) {
		case_fail(
		    name,
		    "IRQ 0 came %u time(s) at EnableInterrupts (want 0) and %u in all (want 1) "
		    "in %u GetCycleCounter calls",
		    at_enable, total, calls);
		return;
	}
	if (at < expiry || at - expiry > freq) {
		case_fail(name,
		          "the handler ran %u us %s the expiry: want no earlier and within 1 s",
		          cycles_to_us(at < expiry ? expiry - at : at - expiry),
		          at < expiry ? "before" : "after");
		return;
	}
	report_info("alarm during a GetCycleCounter loop: interrupt %u us after the expiry, call "
	            "%u, frame EIP 0x%08x (%s)",
	            cycles_to_us(at - expiry), calls, eip,
	            eip == more_rec.resume_addr ? "as the ROM call returned"
	                                        : "elsewhere in the loop");
	case_check(name,
	           eip >= more_rec.loop_start && eip < more_rec.loop_end &&
	               (irq_last_frame[1] & 0xffff) == read_cs() &&
	               (irq_last_frame[2] & X86_EFLAGS_IF),
	           "interrupt frame EIP 0x%08x, want inside the loop 0x%08x-0x%08x; CS 0x%04x "
	           "(want 0x%04x), EFLAGS 0x%08x (want IF)",
	           eip, more_rec.loop_start, more_rec.loop_end, irq_last_frame[1], read_cs(),
	           irq_last_frame[2]);
}

/* ---- acpi-tables ------------------------------------------------------------ */

#define ACPI_SCAN_START 0xE0000u
#define ACPI_SCAN_END   0x100000u
#define SDT_HEADER_LEN  36
#define FADT_DSDT       40
#define FADT_PM1A_CNT   64
#define PM1_CNT_SCI_EN  0x0001u

static const uint8_t *phys(uint32_t pa)
{
	return (const uint8_t *)(GUEST_PAGE_OFFSET + pa);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t sum8(const uint8_t *p, uint32_t n)
{
	uint8_t s = 0;
	for (uint32_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A table at pa with this signature, a sane length inside the mapped
 * memory and an 8-bit sum of 0 over that length; NULL otherwise, with why
 * and the value that was wrong (*val). */
static const uint8_t *sdt(uint32_t pa, const char *sig, const char **why, uint32_t *val)
{
	*val = pa;
	if (pa == 0 || pa > GUEST_MAPPED_BYTES - SDT_HEADER_LEN) {
		*why = "address outside the mapped memory";
		return NULL;
	}
	const uint8_t *t = phys(pa);
	uint32_t len = le32(t + 4);
	*val = le32(t);
	if (memcmp(t, sig, 4) != 0) {
		*why = "signature (as a little-endian word) not the one wanted";
		return NULL;
	}
	*val = len;
	if (len < SDT_HEADER_LEN || len > 0x10000 || pa + len > GUEST_MAPPED_BYTES) {
		*why = "implausible length";
		return NULL;
	}
	*val = sum8(t, len);
	if (*val != 0) {
		*why = "checksum: the bytes of its length do not sum to 0";
		return NULL;
	}
	return t;
}

static void check_acpi(void)
{
	const char *name = "acpi-tables";
	const uint8_t *rsdp = NULL;
	uint32_t rsdp_pa = 0;
	for (uint32_t pa = ACPI_SCAN_START; pa < ACPI_SCAN_END; pa += 16) {
		if (memcmp(phys(pa), "RSD PTR ", 8) == 0) {
			rsdp = phys(pa);
			rsdp_pa = pa;
			break;
		}
	}
	if (!rsdp) {
		case_fail(name, "no \"RSD PTR \" on a 16-byte boundary in 0x%x-0x%x",
		          ACPI_SCAN_START, ACPI_SCAN_END - 1);
		return;
	}
	if (sum8(rsdp, 20) != 0) {
		case_fail(name, "RSDP at 0x%x: its 20 bytes sum to 0x%02x, want 0", rsdp_pa,
		          sum8(rsdp, 20));
		return;
	}
	const char *why = "";
	uint32_t val = 0;
	uint32_t rsdt_pa = le32(rsdp + 16);
	const uint8_t *rsdt = sdt(rsdt_pa, "RSDT", &why, &val);
	if (!rsdt) {
		case_fail(name,
		          "RSDP at 0x%x (revision %u) points at 0x%x for the RSDT: %s "
		          "(0x%x)",
		          rsdp_pa, rsdp[15], rsdt_pa, why, val);
		return;
	}
	uint32_t entries = (le32(rsdt + 4) - SDT_HEADER_LEN) / 4;
	const uint8_t *fadt = NULL;
	uint32_t fadt_pa = 0;
	for (uint32_t i = 0; i < entries && !fadt; i++) {
		uint32_t pa = le32(rsdt + SDT_HEADER_LEN + 4 * i);
		if (pa && pa < GUEST_MAPPED_BYTES - 4 && memcmp(phys(pa), "FACP", 4) == 0) {
			fadt_pa = pa;
			fadt = sdt(pa, "FACP", &why, &val);
			if (!fadt) {
				case_fail(name, "FADT at 0x%x: %s (0x%x)", pa, why, val);
				return;
			}
		}
	}
	if (!fadt) {
		case_fail(name, "the RSDT at 0x%x lists %u table(s), none of them a FADT (FACP)",
		          rsdt_pa, entries);
		return;
	}
	if (le32(fadt + 4) < FADT_PM1A_CNT + 4) {
		case_fail(name, "FADT at 0x%x is %u bytes, too short for PM1a_CNT_BLK", fadt_pa,
		          le32(fadt + 4));
		return;
	}
	uint32_t pm1a_cnt = le32(fadt + FADT_PM1A_CNT);
	uint32_t dsdt_pa = le32(fadt + FADT_DSDT);
	const uint8_t *dsdt = sdt(dsdt_pa, "DSDT", &why, &val);
	if (!dsdt) {
		case_fail(name, "FADT at 0x%x points at 0x%x for the DSDT: %s (0x%x)", fadt_pa,
		          dsdt_pa, why, val);
		return;
	}
	bool has_s5 = false;
	uint32_t dsdt_len = le32(dsdt + 4);
	for (uint32_t i = SDT_HEADER_LEN; i + 4 <= dsdt_len && !has_s5; i++)
		has_s5 = memcmp(dsdt + i, "_S5_", 4) == 0;
	if (pm1a_cnt == 0 || pm1a_cnt > 0xffff || !has_s5) {
		case_fail(name,
		          "FADT at 0x%x: PM1a_CNT_BLK 0x%x (want a port), DSDT at 0x%x (%u "
		          "bytes) %s _S5_",
		          fadt_pa, pm1a_cnt, dsdt_pa, dsdt_len, has_s5 ? "holds" : "lacks");
		return;
	}
	uint16_t cnt = inw((uint16_t)pm1a_cnt);
	report_info("ACPI: RSDP at 0x%x, RSDT 0x%x (%u entries), FADT 0x%x, DSDT 0x%x (%u bytes), "
	            "PM1a_CNT port 0x%x reads 0x%04x",
	            rsdp_pa, rsdt_pa, entries, fadt_pa, dsdt_pa, dsdt_len, pm1a_cnt, cnt);
	case_check(name, cnt & PM1_CNT_SCI_EN,
	           "PM1a_CNT (port 0x%x) reads 0x%04x: SCI_EN clear, the platform is not in ACPI "
	           "mode",
	           pm1a_cnt, cnt);
}

/* ---- uart-counters-hotkey ------------------------------------------------ */

static void check_counters_hotkey(void)
{
	const char *name = "uart-counters-hotkey";
	vmi_disable_interrupts();
	pic_init(MASK_ONLY(0));
	irq_reset_counts();
	/* The harness types the hot key when it sees this line. */
	report_info("press the counters hot key now");
	uint64_t start = now(), expiry = start + freq;
	vmi_set_alarm(VMI_ALARM_IS_ONESHOT | VMI_CYCLES_REAL, expiry, 0);
	uint32_t halts = 0;
	while (irq_count[0] == 0 && now() < start + 3 * freq) {
		vmi_halt();
		halts++;
		vmi_disable_interrupts();
	}
	uint64_t end = now();
	uint32_t ticks = irq_count[0];
	pic_set_mask(MASK_ALL);
	report_info("idle: %u Halt return(s) in %u us", halts, cycles_to_us(end - start));
	case_check(name, ticks == 1 && end >= expiry,
	           "IRQ 0 came %u time(s) (want 1) and the idle ended %u us after its start "
	           "(want at least 1 s)",
	           ticks, cycles_to_us(end - start));
}

/* ---- xsave-enable -------------------------------------------------------- */

#define CPUID_1_ECX_XSAVE   (1u << 26)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CR4_OSXSAVE         (1u << 18)
#define XCR0_X87            1u
#define XCR0_X87_SSE        3u

static void check_xsave(void)
{
	const char *name = "xsave-enable";
	struct vmi_cpuid_regs r = vmi_cpuid(1, 0);
	if (!(r.ecx & CPUID_1_ECX_XSAVE)) {
		report_info("xsave-enable skipped: the ROM's CPUID leaf 1 ECX 0x%08x has no XSAVE "
		            "(bit 26)",
		            r.ecx);
		case_pass(name);
		return;
	}
	uint32_t cr4 = vmi_get_cr4();
	vmi_set_cr4(cr4 | CR4_OSXSAVE);
	uint32_t cr4_set = vmi_get_cr4();
	uint32_t osxsave_seen = vmi_cpuid(1, 0).ecx & CPUID_1_ECX_OSXSAVE;

	catch_reset();
	uint64_t before = more_probe_xgetbv(0);
	uint32_t faults_get = caught.count, vector_get = caught.vector, eip_get = caught.eip;
	/* x87 alone first, so that the value read back at the end was
	 * written, not just left as it was. */
	catch_reset();
	more_probe_xsetbv(0, XCR0_X87, 0);
	uint64_t x87_only = more_probe_xgetbv(0);
	uint32_t faults_x87 = caught.count;
	catch_reset();
	more_probe_xsetbv(0, XCR0_X87_SSE, 0);
	uint32_t faults_set = caught.count, vector_set = caught.vector,
	         error_set = caught.error_code;
	catch_reset();
	uint64_t after = more_probe_xgetbv(0);
	uint32_t faults_again = caught.count;
	vmi_set_cr4(cr4);
	uint32_t cr4_back = vmi_get_cr4();

	report_info("XSAVE: CR4 0x%08x, after SetCR4(|OSXSAVE) 0x%08x (CPUID OSXSAVE %s); XCR0 "
	            "0x%x at first, 0x%x after xsetbv(1), 0x%x after xsetbv(3); CR4 put back "
	            "0x%08x",
	            cr4, cr4_set, osxsave_seen ? "set" : "clear", (uint32_t)before,
	            (uint32_t)x87_only, (uint32_t)after, cr4_back);
	if (!(cr4_set & CR4_OSXSAVE) || cr4_back != cr4) {
		case_fail(name,
		          "GetCR4 0x%08x after SetCR4(0x%08x), 0x%08x after putting 0x%08x "
		          "back",
		          cr4_set, cr4 | CR4_OSXSAVE, cr4_back, cr4);
		return;
	}
	if (faults_get || faults_x87 || faults_set || faults_again) {
		case_fail(name,
		          "faults: xgetbv %u (vector %u at 0x%08x), xsetbv(1) and xgetbv %u, "
		          "xsetbv(3) %u (vector %u error 0x%x), xgetbv again %u: want none",
		          faults_get, vector_get, eip_get, faults_x87, faults_set, vector_set,
		          error_set, faults_again);
		return;
	}
	case_check(name, x87_only == XCR0_X87 && after == XCR0_X87_SSE,
	           "xgetbv(0) reads 0x%08x%08x after xsetbv(0, 1) (want 1), 0x%08x%08x after "
	           "xsetbv(0, 3) (want 3)",
	           (uint32_t)(x87_only >> 32), (uint32_t)x87_only, (uint32_t)(after >> 32),
	           (uint32_t)after);
}

/* ---- cpuid-native-vs-rom ------------------------------------------------- */

static const char *const edx_bit_names[32] = {
    "FPU",  "VME",  "DE",   "PSE", "TSC",  "MSR", "PAE",   "MCE", "CX8",   "APIC", "10",
    "SEP",  "MTRR", "PGE",  "MCA", "CMOV", "PAT", "PSE36", "PSN", "CLFSH", "20",   "DS",
    "ACPI", "MMX",  "FXSR", "SSE", "SSE2", "SS",  "HTT",   "TM",  "30",    "PBE",
};

static const char *const ecx_bit_names[32] = {
    "SSE3",  "PCLMUL", "DTES64", "MONITOR", "DSCPL",  "VMX",    "SMX",    "EST",
    "TM2",   "SSSE3",  "CID",    "SDBG",    "FMA",    "CX16",   "XTPR",   "PDCM",
    "16",    "PCID",   "DCA",    "SSE4.1",  "SSE4.2", "x2APIC", "MOVBE",  "POPCNT",
    "TSCDL", "AES",    "XSAVE",  "OSXSAVE", "AVX",    "F16C",   "RDRAND", "HYPERVISOR",
};

/* Names of the bits set in `bits`, space-separated, into buf. */
static const char *bit_names(uint32_t bits, const char *const names[32], char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned int i = 0; i < 32; i++) {
		if (!(bits & (1u << i)))
			continue;
		size_t len = strlen(names[i]);
		if (n + len + 2 > size)
			break;
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, names[i], len);
		n += len;
		buf[n] = '\0';
	}
	return n ? buf : "none";
}

static void check_cpuid_native_vs_rom(void)
{
	const char *name = "cpuid-native-vs-rom";
	struct cpuid_regs native = cpuid(1);
	struct vmi_cpuid_regs rom = vmi_cpuid(1, 0);
	uint32_t removed_edx = native.edx & ~rom.edx, extra_edx = rom.edx & ~native.edx;
	uint32_t removed_ecx = native.ecx & ~rom.ecx, extra_ecx = rom.ecx & ~native.ecx;
	char edx_names[160], ecx_names[160];
	report_info("CPUID leaf 1: native EDX 0x%08x ECX 0x%08x, the ROM's EDX 0x%08x ECX 0x%08x",
	            native.edx, native.ecx, rom.edx, rom.ecx);
	report_info("the ROM's CPUID removes EDX 0x%08x (%s), ECX 0x%08x (%s)", removed_edx,
	            bit_names(removed_edx, edx_bit_names, edx_names, sizeof(edx_names)),
	            removed_ecx,
	            bit_names(removed_ecx, ecx_bit_names, ecx_names, sizeof(ecx_names)));
	case_check(name, extra_edx == 0 && extra_ecx == 0,
	           "the ROM shows bits the CPU does not: EDX 0x%08x (%s), ECX 0x%08x (%s)",
	           extra_edx, bit_names(extra_edx, edx_bit_names, edx_names, sizeof(edx_names)),
	           extra_ecx, bit_names(extra_ecx, ecx_bit_names, ecx_names, sizeof(ecx_names)));
}

/* ---- the phase ------------------------------------------------------------ */

void run_more_cases(const char *not_run_why)
{
	static const char *const names[] = {
	    "trap-nested-fault", "irq-at-enable",        "irq-at-iret",  "irq-during-rom-call",
	    "acpi-tables",       "uart-counters-hotkey", "xsave-enable", "cpuid-native-vs-rom",
	};
	const unsigned int nr = sizeof(names) / sizeof(names[0]);
	if (not_run_why) {
		for (unsigned int i = 0; i < nr; i++)
			case_not_run(names[i], not_run_why);
		return;
	}
	check_nested_fault();
	freq = vmi_get_cycle_frequency();
	period = freq / 100;
	irq_install();
	if (freq) {
		check_irq_at_enable();
		check_irq_at_iret();
		check_irq_during_rom_call();
	} else {
		for (unsigned int i = 1; i <= 3; i++)
			case_not_run(names[i], "no cycle frequency");
	}
	check_acpi();
	if (freq)
		check_counters_hotkey();
	else
		case_not_run("uart-counters-hotkey", "no cycle frequency");
	check_xsave();
	check_cpuid_native_vs_rom();
}
