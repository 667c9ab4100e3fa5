/*
 * Segment registers across a new GDT, after VMI_Init.  Hardware keeps a
 * segment register's cached descriptor after lgdt until the register is
 * reloaded, and Linux relies on that between loading a GDT and reloading
 * its segments.  Under Xen every selector is reloaded on each return from
 * a trap, so the wedge has to make up for it (cpu/gdt.c keep_live_selector,
 * xen/trap.c drop_stale_data_selectors).  The far jumps are in
 * segment_probes.S.
 *
 *   gdt-stale-data-selector: a data selector with RPL 1 (entry 21, a
 *     descriptor of this file's own, based at a buffer) in %gs, then in
 *     %fs; SetGDT to a copy of the GDT in which that entry is zeroed.
 *     Until a trap, the register still holds the selector and reads
 *     through it still see the buffer (the cached descriptor).  Then a
 *     trap that returns through the wedge: for %gs an int3 delivered to
 *     the catcher's #BP gate and back through the ROM's IRET, for %fs an
 *     `inb` from the delay port 0x80, a #GP the wedge emulates and
 *     resumes in place.  The guest goes on without a fault, the register
 *     now reads 0 and the other segment registers are unchanged.  On
 *     hardware it would still read the old selector: the null selector is
 *     the wedge's deliberate difference (Xen cannot keep a cached
 *     descriptor, and any ring may load null).  The original GDT is put
 *     back with SetGDT and the registers reloaded.
 *   gdt-live-cs-kept: SetGDT to a copy of the GDT whose entry for the
 *     current CS (entry 12, CS 0x61) is zeroed and which has a second
 *     flat kernel code descriptor at entry 22; an `inb` from port 0x80
 *     (emulated by the wedge, which returns with an iret to the live CS)
 *     comes back at ring 1 with CS 0x61 unchanged; an ljmp to entry 22
 *     (RPL 1) runs on with CS 0xb1, another emulated `inb` keeps it;
 *     SetGDT back to the original table while on 0xb1, which the
 *     original lacks; and an ljmp back to 0x61.  GetGDT then answers the
 *     original table.
 *
 *     Before the wedge kept live entries filled through the whole update,
 *     this stopped the run: SetGDT's front-end runs on the guest's CS, and
 *     the return from an update_descriptor hypercall reloaded CS 0x61 from
 *     an entry written empty for a moment.
 */
#include "include/x86_traps.h"
#include "tests/guest/boot_state.h"
#include "tests/guest/catch.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/string.h"
#include "tests/guest/suite.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

extern uint64_t gdt_table[GDT_ENTRIES];

uint32_t seg_probe_read_gs(uint32_t offset);
uint32_t seg_ljmp(uint32_t sel);

#define STALE_DATA_ENTRY 21 /* unused by the guest's layout and the other cases */
#define STALE_DATA_SEL   (STALE_DATA_ENTRY * 8 + 1)
#define ALT_CODE_ENTRY   22 /* likewise */
#define ALT_CODE_SEL     (ALT_CODE_ENTRY * 8 + 1)
#define LIVE_CS          (KERNEL_CS | 1)

static uint64_t gdt_with_entry[GDT_ENTRIES] __attribute__((aligned(8)));
static uint64_t gdt_without_entry[GDT_ENTRIES] __attribute__((aligned(8)));
static uint64_t gdt_without_cs[GDT_ENTRIES] __attribute__((aligned(8)));
static uint32_t seg_buffer[16] __attribute__((aligned(16)));

static bool dtr_equal(const struct dt_register *a, const struct dt_register *b)
{
	return a->limit == b->limit && a->base == b->base;
}

/* ---- gdt-stale-data-selector ---------------------------------------------- */

struct segs {
	uint16_t ds, es, fs, gs, ss;
};

static struct segs read_segs(void)
{
	return (struct segs){read_ds(), read_es(), read_fs(), read_gs(), read_ss()};
}

static void load_fs(uint32_t sel)
{
	asm volatile("movl %0, %%fs" : : "r"(sel) : "memory");
}

static void load_gs(uint32_t sel)
{
	asm volatile("movl %0, %%gs" : : "r"(sel) : "memory");
}

/* What one round saw: one register (%gs with an int3, or %fs with an
 * emulated inb) through the whole sequence. */
struct stale_round {
	const char *reg, *trap;
	bool use_gs;
	uint16_t held;      /* the register after SetGDT(without), before the trap */
	uint32_t via_cache; /* a read through it then */
	uint32_t faults_before, fault_vector; /* exceptions that read raised, the last one */
	struct segs before, after;
	uint32_t trap_count, trap_vector, trap_eip, want_eip; /* int3: what the catcher saw */
	uint32_t faults_after; /* inb: exceptions the catcher saw (none expected) */
	uint8_t port_value;
};

static void stale_round(struct stale_round *r, const struct dt_register *orig)
{
	const struct dt_register with = {GDT_ENTRIES * 8 - 1, (uint32_t)gdt_with_entry};
	const struct dt_register without = {GDT_ENTRIES * 8 - 1, (uint32_t)gdt_without_entry};
	struct segs saved = read_segs();

	vmi_set_gdt(&with);
	if (r->use_gs)
		load_gs(STALE_DATA_SEL);
	else
		load_fs(STALE_DATA_SEL);
	vmi_set_gdt(&without);

	/* No trap yet: the selector and its cached descriptor are still there. */
	catch_reset();
	r->held = r->use_gs ? read_gs() : read_fs();
	r->via_cache = r->use_gs ? seg_probe_read_gs(4) : probe_read_fs(4);
	r->faults_before = caught.count;
	r->fault_vector = caught.vector;
	r->before = read_segs();

	/* A trap that returns through the wedge. */
	catch_reset();
	if (r->use_gs) {
		probe_breakpoint();
		r->trap_count = caught.count;
		r->trap_vector = caught.vector;
		r->trap_eip = caught.eip;
		r->want_eip = probe_next_eip;
	} else {
		r->port_value = inb(IO_DELAY_PORT);
		r->faults_after = caught.count;
	}
	r->after = read_segs();

	vmi_set_gdt(orig);
	load_fs(saved.fs);
	load_gs(saved.gs);

	report_info("%s: 0x%04x after SetGDT without entry %u, a read through it 0x%08x; "
	            "after the %s 0x%04x (hardware would still hold 0x%04x)",
	            r->reg, r->held, STALE_DATA_ENTRY, r->via_cache, r->trap,
	            r->use_gs ? r->after.gs : r->after.fs, STALE_DATA_SEL);
	if (!r->use_gs)
		report_info("%s: the inb from port 0x%x read 0x%02x", r->reg, IO_DELAY_PORT,
		            r->port_value);
}

/* True if the round passed; else the case's FAIL line says what went wrong. */
static bool stale_round_check(const char *name, const struct stale_round *r)
{
	uint16_t now = r->use_gs ? r->after.gs : r->after.fs;
	struct segs want = r->before;
	if (r->use_gs)
		want.gs = 0;
	else
		want.fs = 0;

	if (r->held != STALE_DATA_SEL) {
		case_fail(name, "%s: 0x%04x right after SetGDT, want 0x%04x still (no trap yet)",
		          r->reg, r->held, STALE_DATA_SEL);
	} else if (r->faults_before || r->via_cache != seg_buffer[1]) {
		case_fail(name,
		          "%s: a read through the cached descriptor before any trap gave 0x%08x "
		          "(want 0x%08x) and raised %u exception(s), last vector %u",
		          r->reg, r->via_cache, seg_buffer[1], r->faults_before, r->fault_vector);
	} else if (r->use_gs && (r->trap_count != 1 || r->trap_vector != X86_TRAP_BP ||
	                         r->trap_eip != r->want_eip)) {
		case_fail(name,
		          "%s: the int3 reached the catcher %u time(s), vector %u at 0x%08x (want "
		          "once, vector 3 at 0x%08x)",
		          r->reg, r->trap_count, r->trap_vector, r->trap_eip, r->want_eip);
	} else if (!r->use_gs && r->faults_after) {
		case_fail(name, "%s: the inb from port 0x%x raised %u exception(s) in the guest",
		          r->reg, IO_DELAY_PORT, r->faults_after);
	} else if (now != 0) {
		case_fail(name,
		          "%s: 0x%04x after the %s, want the null selector (the wedge drops a "
		          "selector the GDT no longer has)",
		          r->reg, now, r->trap);
	} else if (r->after.ds != want.ds || r->after.es != want.es || r->after.ss != want.ss ||
	           r->after.fs != want.fs || r->after.gs != want.gs) {
		case_fail(name,
		          "%s round: after the %s ds %04x es %04x fs %04x gs %04x ss %04x, want "
		          "ds %04x es %04x fs %04x gs %04x ss %04x",
		          r->reg, r->trap, r->after.ds, r->after.es, r->after.fs, r->after.gs,
		          r->after.ss, want.ds, want.es, want.fs, want.gs, want.ss);
	} else {
		return true;
	}
	return false;
}

static void check_stale_data_selector(void)
{
	const char *name = "gdt-stale-data-selector";
	for (unsigned int i = 0; i < 16; i++)
		seg_buffer[i] = 0x5e900000u + i * 0x00010101u;
	struct dt_register orig;
	vmi_get_gdt(&orig);
	memcpy(gdt_with_entry, gdt_table, sizeof(gdt_with_entry));
	/* present, DPL 0, read/write data; 32-bit, byte-granular limit */
	gdt_with_entry[STALE_DATA_ENTRY] =
	    segment_descriptor((uint32_t)seg_buffer, sizeof(seg_buffer) - 1, 0x92, 0x4);
	memcpy(gdt_without_entry, gdt_with_entry, sizeof(gdt_without_entry));
	gdt_without_entry[STALE_DATA_ENTRY] = 0;

	struct stale_round gs_round = {.reg = "gs", .trap = "int3", .use_gs = true};
	struct stale_round fs_round = {.reg = "fs", .trap = "emulated inb", .use_gs = false};
	stale_round(&gs_round, &orig);
	stale_round(&fs_round, &orig);

	struct dt_register back;
	vmi_get_gdt(&back);
	if (!stale_round_check(name, &gs_round) || !stale_round_check(name, &fs_round))
		return;
	case_check(name, dtr_equal(&back, &orig),
	           "after SetGDT(original) GetGDT: limit 0x%x base 0x%08x, want 0x%x 0x%08x",
	           back.limit, back.base, orig.limit, orig.base);
}

/* ---- gdt-live-cs-kept ------------------------------------------------------ */

static void check_live_cs_kept(void)
{
	const char *name = "gdt-live-cs-kept";
	uint16_t cs0 = read_cs();
	if (cs0 != LIVE_CS) {
		case_fail(name, "CS 0x%04x before the case, want 0x%04x", cs0, LIVE_CS);
		return;
	}
	struct dt_register orig, back;
	const struct dt_register without = {GDT_ENTRIES * 8 - 1, (uint32_t)gdt_without_cs};
	vmi_get_gdt(&orig);
	memcpy(gdt_without_cs, gdt_table, sizeof(gdt_without_cs));
	gdt_without_cs[GDT_ENTRY_KERNEL_CS] = 0;
	/* present, DPL 0, execute/read; flat, 32-bit, page-granular */
	gdt_without_cs[ALT_CODE_ENTRY] = segment_descriptor(0, 0xfffff, 0x9a, 0xc);

	catch_reset();
	report_info("gdt-live-cs-kept: SetGDT to a copy without entry %u (CS 0x%04x)",
	            GDT_ENTRY_KERNEL_CS, cs0);
	vmi_set_gdt(&without);
	uint16_t cs1 = read_cs();
	uint8_t port1 = inb(IO_DELAY_PORT); /* #GP, emulated, iret to the live CS */
	uint16_t cs2 = read_cs();
	uint32_t cs3 = seg_ljmp(ALT_CODE_SEL);
	uint8_t port2 = inb(IO_DELAY_PORT);
	uint16_t cs4 = read_cs();
	vmi_set_gdt(&orig); /* on entry 22, which the original table lacks */
	uint16_t cs5 = read_cs();
	uint32_t cs6 = seg_ljmp(LIVE_CS);
	vmi_get_gdt(&back);
	uint32_t faults = caught.count;

	report_info("gdt-live-cs-kept: CS 0x%04x after SetGDT, 0x%04x after an emulated inb "
	            "(read 0x%02x), 0x%04x after ljmp 0x%04x, 0x%04x after another inb (read "
	            "0x%02x), 0x%04x after SetGDT(original), 0x%04x after ljmp 0x%04x",
	            cs1, cs2, port1, cs3, ALT_CODE_SEL, cs4, port2, cs5, cs6, LIVE_CS);
	if (faults)
		case_fail(name, "%u exception(s) reached the catcher, last vector %u at 0x%08x",
		          faults, caught.vector, caught.eip);
	else if (cs1 != LIVE_CS || cs2 != LIVE_CS)
		case_fail(name,
		          "CS 0x%04x after SetGDT, 0x%04x after the trap, want 0x%04x (ring 1, "
		          "unchanged)",
		          cs1, cs2, LIVE_CS);
	else if (cs3 != ALT_CODE_SEL || cs4 != ALT_CODE_SEL || cs5 != ALT_CODE_SEL)
		case_fail(name,
		          "CS 0x%04x after the ljmp, 0x%04x after the trap, 0x%04x after "
		          "SetGDT(original), want 0x%04x",
		          cs3, cs4, cs5, ALT_CODE_SEL);
	else if (cs6 != LIVE_CS)
		case_fail(name, "CS 0x%04x after the ljmp back, want 0x%04x", cs6, LIVE_CS);
	else
		case_check(name, dtr_equal(&back, &orig),
		           "after SetGDT(original) GetGDT: limit 0x%x base 0x%08x, want 0x%x "
		           "0x%08x",
		           back.limit, back.base, orig.limit, orig.base);
}

/* ---- the phase ------------------------------------------------------------ */

void run_segment_cases(const char *not_run_why)
{
	if (not_run_why) {
		case_not_run("gdt-stale-data-selector", not_run_why);
		case_not_run("gdt-live-cs-kept", not_run_why);
		return;
	}
	check_stale_data_selector();
	check_live_cs_kept();
}
