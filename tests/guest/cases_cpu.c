/*
 * The virtual CPU through the ROM's calls, after VMI_Init (VMI-ABI.md
 * §3.4-§3.5, §7.1):
 *
 *   irq-flag-preserves-registers: DisableInterrupts, EnableInterrupts,
 *     GetInterruptMask and SetInterruptMask, each called with all seven
 *     general registers set to distinct patterns, keep every one of them
 *     but GetInterruptMask's EAX, and ESP.
 *   irq-mask-follows-enable-disable: GetInterruptMask answers 0x200 or 0
 *     as the last Enable/Disable/SetInterruptMask left it (SetInterruptMask
 *     honours bit 9 alone).
 *   gdt-set-get-round-trip: SetGDT to a copy of the table, GetGDT gives its
 *     base and limit back, the copy's selectors load; and back again.
 *   gdt-write-entry-load-fs: WriteGDTEntry of a byte-granular data
 *     descriptor (its own base) writes the table in memory; its selector
 *     with RPL 1 loads into FS and reads through FS see that base.  (Not
 *     the limit: QEMU's TCG, under Xen here, does not enforce data segment
 *     limits, so a read beyond it proves nothing either way.)
 *   idt-set-get-round-trip: SetIDT to a copy, GetIDT gives it back, and an
 *     int3 is delivered through the copy's gate; back again, likewise.
 *   tr-set-get: WriteGDTEntry of a TSS descriptor, SetTR, GetTR answers it.
 *   ldt-null-set-get: SetLDT(0), GetLDT answers 0.
 *   cr0-ts-set-clts: SetCR0 with TS, GetCR0 shows it; CLTS clears it and
 *     the rest of CR0 (PE and PG on) stays.
 *   cr2-set-get, dr-set-get: the value written comes back.
 *   cr3-returns-guest-root: GetCR3 is the guest-physical root head.S
 *     loaded, not a machine address.
 *   cr4-pae-matches-build: GetCR4.PAE is set exactly in the PAE build.
 *   cpuid-rom-hides-features: the ROM's CPUID leaf 1 clears APIC, SEP,
 *     MTRR, PGE and PSE36 in EDX.
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
extern uint64_t idt_table[IDT_ENTRIES];

void regs_probe_call(uint32_t target, uint32_t eax_in);
extern const uint32_t regs_probe_patterns[6];
extern volatile uint32_t regs_probe_out[8];

/* ---- interrupt flag ------------------------------------------------------ */

struct irq_step {
	const char *name;
	uint32_t call;
	uint32_t eax_in;
	uint32_t mask_after; /* GetInterruptMask afterwards */
};

static const struct irq_step irq_steps[] = {
    {"DisableInterrupts", VMI_CALL_DisableInterrupts, 0x13579bdf, 0},
    {"EnableInterrupts", VMI_CALL_EnableInterrupts, 0x2468ace0, X86_EFLAGS_IF},
    {"GetInterruptMask", VMI_CALL_GetInterruptMask, 0xa5a5a5a5, X86_EFLAGS_IF},
    {"SetInterruptMask(0xfffffdff)", VMI_CALL_SetInterruptMask, 0xfffffdff, 0},
    {"GetInterruptMask", VMI_CALL_GetInterruptMask, 0x5a5a5a5a, 0},
    {"SetInterruptMask(0x00000246)", VMI_CALL_SetInterruptMask, 0x00000246, X86_EFLAGS_IF},
    {"DisableInterrupts", VMI_CALL_DisableInterrupts, 0x0f0f0f0f, 0},
};
#define NR_IRQ_STEPS (sizeof(irq_steps) / sizeof(irq_steps[0]))

static void check_irq_flag(void)
{
	static const char *const reg_names[7] = {"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"};
	bool regs_ok = true, mask_ok = true;
	const char *regs_step = "", *bad_reg = "";
	uint32_t bad_have = 0, bad_want = 0;
	const char *mask_step = "";
	uint32_t mask_have = 0, mask_want = 0;

	for (unsigned int i = 0; i < NR_IRQ_STEPS; i++) {
		const struct irq_step *s = &irq_steps[i];
		regs_probe_call(vmi_call_target[s->call], s->eax_in);
		uint32_t out[8];
		for (unsigned int r = 0; r < 8; r++)
			out[r] = regs_probe_out[r];
		bool is_get = s->call == VMI_CALL_GetInterruptMask;
		for (unsigned int r = 0; r < 8 && regs_ok; r++) {
			uint32_t want = r == 0   ? s->eax_in
			                : r == 7 ? 0
			                         : regs_probe_patterns[r - 1];
			if (r == 0 && is_get)
				continue;
			if (out[r] != want) {
				regs_ok = false;
				regs_step = s->name;
				bad_reg = r == 7 ? "esp (moved by)" : reg_names[r];
				bad_have = out[r];
				bad_want = want;
			}
		}
		uint32_t mask = is_get ? out[0] : vmi_get_interrupt_mask();
		if (mask != s->mask_after && mask_ok) {
			mask_ok = false;
			mask_step = s->name;
			mask_have = mask;
			mask_want = s->mask_after;
		}
	}
	vmi_disable_interrupts();
	case_check("irq-flag-preserves-registers", regs_ok, "after %s: %s is 0x%08x, want 0x%08x",
	           regs_step, bad_reg, bad_have, bad_want);
	case_check("irq-mask-follows-enable-disable", mask_ok,
	           "after %s: GetInterruptMask 0x%08x, want 0x%08x", mask_step, mask_have,
	           mask_want);
}

/* ---- descriptor tables --------------------------------------------------- */

static uint64_t gdt_copy[GDT_ENTRIES] __attribute__((aligned(8)));
static uint64_t idt_copy[IDT_ENTRIES] __attribute__((aligned(8)));
static uint32_t fs_buffer[64] __attribute__((aligned(16)));
static uint32_t tss[26] __attribute__((aligned(8)));

#define TEST_DATA_ENTRY 20 /* free in Linux's layout: a TLS slot */
#define TEST_DATA_SEL   (TEST_DATA_ENTRY * 8 + 1)
#define TSS_ENTRY       16 /* Linux's GDT_ENTRY_TSS */
#define TSS_SEL         (TSS_ENTRY * 8)

static bool dtr_equal(const struct dt_register *a, const struct dt_register *b)
{
	return a->limit == b->limit && a->base == b->base;
}

static void reload_data_segments(void)
{
	uint16_t ds = read_ds(), es = read_es();
	asm volatile("movl %0, %%ds\n\tmovl %1, %%es"
	             :
	             : "r"((uint32_t)ds), "r"((uint32_t)es)
	             : "memory");
}

static void check_gdt_round_trip(void)
{
	const char *name = "gdt-set-get-round-trip";
	struct dt_register orig, got_copy, got_back;
	struct dt_register want_orig = {GDT_ENTRIES * 8 - 1, (uint32_t)gdt_table};
	struct dt_register want_copy = {GDT_ENTRIES * 8 - 1, (uint32_t)gdt_copy};

	vmi_get_gdt(&orig);
	memcpy(gdt_copy, gdt_table, sizeof(gdt_copy));
	vmi_set_gdt(&want_copy);
	vmi_get_gdt(&got_copy);
	reload_data_segments(); /* through the copy's descriptors */
	vmi_set_gdt(&orig);
	vmi_get_gdt(&got_back);
	reload_data_segments();

	if (!dtr_equal(&orig, &want_orig))
		case_fail(name,
		          "GetGDT before: limit 0x%x base 0x%08x, want limit 0x%x base 0x%08x",
		          orig.limit, orig.base, want_orig.limit, want_orig.base);
	else if (!dtr_equal(&got_copy, &want_copy))
		case_fail(name,
		          "after SetGDT(copy) GetGDT: limit 0x%x base 0x%08x, want 0x%x 0x%08x",
		          got_copy.limit, got_copy.base, want_copy.limit, want_copy.base);
	else
		case_check(
		    name, dtr_equal(&got_back, &want_orig),
		    "after SetGDT(original) GetGDT: limit 0x%x base 0x%08x, want 0x%x 0x%08x",
		    got_back.limit, got_back.base, want_orig.limit, want_orig.base);
}

static void check_gdt_write_entry(void)
{
	const char *name = "gdt-write-entry-load-fs";
	for (unsigned int i = 0; i < 64; i++)
		fs_buffer[i] = 0xf5000000u + i * 0x00010101u;
	/* present, DPL 0, read/write data; 32-bit, byte-granular limit */
	uint64_t desc = segment_descriptor((uint32_t)fs_buffer, sizeof(fs_buffer) - 1, 0x92, 0x4);
	vmi_write_gdt_entry(gdt_table, TEST_DATA_ENTRY, desc);
	uint64_t in_table = gdt_table[TEST_DATA_ENTRY];

	uint16_t old_fs = read_fs();
	catch_reset();
	asm volatile("movl %0, %%fs" : : "r"((uint32_t)TEST_DATA_SEL) : "memory");
	uint16_t fs = read_fs();
	uint32_t first = probe_read_fs(0);
	uint32_t last = probe_read_fs(sizeof(fs_buffer) - 4);
	asm volatile("movl %0, %%fs" : : "r"((uint32_t)old_fs) : "memory");

	if (in_table != desc)
		case_fail(name, "GDT entry %u in memory is %08x%08x, WriteGDTEntry wrote %08x%08x",
		          TEST_DATA_ENTRY, (uint32_t)(in_table >> 32), (uint32_t)in_table,
		          (uint32_t)(desc >> 32), (uint32_t)desc);
	else if (caught.count)
		case_fail(name, "reading through FS raised vector %u (error 0x%x) at 0x%08x",
		          caught.vector, caught.error_code, caught.eip);
	else
		case_check(
		    name, fs == TEST_DATA_SEL && first == fs_buffer[0] && last == fs_buffer[63],
		    "FS 0x%04x (want 0x%04x); %%fs:0 read 0x%08x (want 0x%08x), %%fs:%u read "
		    "0x%08x (want 0x%08x)",
		    fs, TEST_DATA_SEL, first, fs_buffer[0], (unsigned int)sizeof(fs_buffer) - 4,
		    last, fs_buffer[63]);
}

static void check_idt_round_trip(void)
{
	const char *name = "idt-set-get-round-trip";
	struct dt_register orig, got_copy, got_back;
	struct dt_register want_orig = {IDT_ENTRIES * 8 - 1, (uint32_t)idt_table};
	struct dt_register want_copy = {IDT_ENTRIES * 8 - 1, (uint32_t)idt_copy};

	vmi_get_idt(&orig);
	memcpy(idt_copy, idt_table, sizeof(idt_copy));
	/* In the copy, int3 lands on the stub of vector 4: the catcher then
	 * tells which table delivered it. */
	idt_copy[X86_TRAP_BP] = idt_gate(
	    KERNEL_CS, (uint32_t)catch_stubs + X86_TRAP_OF * CATCH_STUB_SIZE, GATE_TYPE_INTR32, 3);
	vmi_set_idt(&want_copy);
	vmi_get_idt(&got_copy);
	catch_reset();
	probe_breakpoint();
	uint32_t via_copy = caught.count ? caught.vector : 0xffffffffu;
	vmi_set_idt(&orig);
	vmi_get_idt(&got_back);
	catch_reset();
	probe_breakpoint();
	uint32_t via_orig = caught.count ? caught.vector : 0xffffffffu;

	if (!dtr_equal(&orig, &want_orig))
		case_fail(name,
		          "GetIDT before: limit 0x%x base 0x%08x, want limit 0x%x base 0x%08x",
		          orig.limit, orig.base, want_orig.limit, want_orig.base);
	else if (!dtr_equal(&got_copy, &want_copy))
		case_fail(name,
		          "after SetIDT(copy) GetIDT: limit 0x%x base 0x%08x, want 0x%x 0x%08x",
		          got_copy.limit, got_copy.base, want_copy.limit, want_copy.base);
	else if (!dtr_equal(&got_back, &want_orig))
		case_fail(name,
		          "after SetIDT(original) GetIDT: limit 0x%x base 0x%08x, want 0x%x "
		          "0x%08x",
		          got_back.limit, got_back.base, want_orig.limit, want_orig.base);
	else
		case_check(name, via_copy == X86_TRAP_OF && via_orig == X86_TRAP_BP,
		           "int3 reached the stub of vector 0x%x with the copy loaded (want 4, its "
		           "gate) and 0x%x with the original (want 3)",
		           via_copy, via_orig);
}

static void check_tr(void)
{
	/* present, DPL 0, 32-bit TSS (available), byte-granular */
	uint64_t desc = segment_descriptor((uint32_t)tss, sizeof(tss) - 1, 0x89, 0);
	vmi_write_gdt_entry(gdt_table, TSS_ENTRY, desc);
	uint32_t before = vmi_get_tr();
	vmi_set_tr(TSS_SEL);
	uint32_t after = vmi_get_tr();
	report_info("GetTR before SetTR: 0x%04x", before);
	case_check("tr-set-get", (after & 0xffff) == TSS_SEL && gdt_table[TSS_ENTRY] == desc,
	           "GetTR 0x%08x after SetTR(0x%x); GDT entry %u %08x%08x (want %08x%08x)", after,
	           TSS_SEL, TSS_ENTRY, (uint32_t)(gdt_table[TSS_ENTRY] >> 32),
	           (uint32_t)gdt_table[TSS_ENTRY], (uint32_t)(desc >> 32), (uint32_t)desc);
}

static void check_ldt(void)
{
	vmi_set_ldt(0);
	uint32_t ldt = vmi_get_ldt();
	case_check("ldt-null-set-get", (ldt & 0xffff) == 0, "GetLDT 0x%08x after SetLDT(0)", ldt);
}

/* ---- control and debug registers ----------------------------------------- */

#define CR0_PE 0x00000001u
#define CR0_TS 0x00000008u
#define CR0_PG 0x80000000u

static void check_cr0(void)
{
	uint32_t c0 = vmi_get_cr0();
	vmi_set_cr0(c0 | CR0_TS);
	uint32_t c1 = vmi_get_cr0();
	vmi_clts();
	uint32_t c2 = vmi_get_cr0();
	case_check("cr0-ts-set-clts",
	           (c0 & (CR0_PE | CR0_PG)) == (CR0_PE | CR0_PG) && c1 == (c0 | CR0_TS) &&
	               c2 == (c0 & ~CR0_TS),
	           "GetCR0 0x%08x (want PE and PG), after SetCR0(|TS) 0x%08x, after CLTS 0x%08x",
	           c0, c1, c2);
}

static void check_cr2(void)
{
	uint32_t before = vmi_get_cr2();
	vmi_set_cr2(0x12345678);
	uint32_t a = vmi_get_cr2();
	vmi_set_cr2(0xfedcb000);
	uint32_t b = vmi_get_cr2();
	vmi_set_cr2(before);
	case_check("cr2-set-get", a == 0x12345678 && b == 0xfedcb000,
	           "GetCR2 0x%08x after SetCR2(0x12345678), 0x%08x after SetCR2(0xfedcb000)", a, b);
}

static void check_cr3(void)
{
	uint32_t cr3 = vmi_get_cr3();
	case_check("cr3-returns-guest-root", cr3 == boot_page_table_root,
	           "GetCR3 0x%08x, head.S loaded 0x%08x", cr3, boot_page_table_root);
}

static void check_cr4(void)
{
	uint32_t cr4 = vmi_get_cr4();
	uint32_t want = GUEST_PAE ? X86_CR4_PAE : 0;
	case_check("cr4-pae-matches-build", (cr4 & X86_CR4_PAE) == want,
	           "GetCR4 0x%08x: PAE %s in the %s build", cr4,
	           (cr4 & X86_CR4_PAE) ? "set" : "clear", GUEST_PAE ? "PAE" : "non-PAE");
}

static void check_dr(void)
{
	uint32_t addr0 = (uint32_t)&fs_buffer[0], addr3 = (uint32_t)&fs_buffer[8];
	vmi_set_dr(0, addr0);
	vmi_set_dr(3, addr3);
	uint32_t d0 = vmi_get_dr(0), d3 = vmi_get_dr(3), d7 = vmi_get_dr(7);
	vmi_set_dr(0, 0);
	vmi_set_dr(3, 0);
	uint32_t z0 = vmi_get_dr(0);
	case_check("dr-set-get", d0 == addr0 && d3 == addr3 && z0 == 0 && (d7 & 0xff) == 0,
	           "GetDR0 0x%08x (want 0x%08x), GetDR3 0x%08x (want 0x%08x), GetDR0 after "
	           "clearing 0x%08x, GetDR7 0x%08x (want no breakpoint enabled)",
	           d0, addr0, d3, addr3, z0, d7);
}

/* ---- CPUID ---------------------------------------------------------------- */

#define CPUID_1_EDX_APIC  (1u << 9)
#define CPUID_1_EDX_SEP   (1u << 11)
#define CPUID_1_EDX_MTRR  (1u << 12)
#define CPUID_1_EDX_PGE   (1u << 13)
#define CPUID_1_EDX_PSE36 (1u << 17)

static void check_cpuid(void)
{
	uint32_t hide = CPUID_1_EDX_APIC | CPUID_1_EDX_SEP | CPUID_1_EDX_MTRR | CPUID_1_EDX_PGE |
	                CPUID_1_EDX_PSE36;
	struct vmi_cpuid_regs r = vmi_cpuid(1, 0);
	report_info("CPUID leaf 1 EDX: native 0x%08x, through the ROM 0x%08x", boot_cpuid_1_edx,
	            r.edx);
	case_check("cpuid-rom-hides-features", (r.edx & hide) == 0,
	           "leaf 1 EDX 0x%08x still shows 0x%08x of APIC|SEP|MTRR|PGE|PSE36 (0x%08x)",
	           r.edx, r.edx & hide, hide);
}

static const char *const cpu_case_names[] = {
    "irq-flag-preserves-registers",
    "irq-mask-follows-enable-disable",
    "gdt-set-get-round-trip",
    "gdt-write-entry-load-fs",
    "idt-set-get-round-trip",
    "tr-set-get",
    "ldt-null-set-get",
    "cr0-ts-set-clts",
    "cr2-set-get",
    "cr3-returns-guest-root",
    "cr4-pae-matches-build",
    "dr-set-get",
    "cpuid-rom-hides-features",
};

void run_cpu_cases(const char *not_run_why)
{
	if (not_run_why) {
		for (unsigned int i = 0; i < sizeof(cpu_case_names) / sizeof(cpu_case_names[0]);
		     i++)
			case_not_run(cpu_case_names[i], not_run_why);
		return;
	}
	check_irq_flag();
	check_gdt_round_trip();
	check_gdt_write_entry();
	check_idt_round_trip();
	check_tr();
	check_ldt();
	check_cr0();
	check_cr2();
	check_cr3();
	check_cr4();
	check_dr();
	check_cpuid();
}
