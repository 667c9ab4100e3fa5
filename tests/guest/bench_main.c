/*
 * Bench mode (bench.h, tests/bench/README.md): the cost of the ROM's hot
 * calls, of user-mode round trips and page faults, and of the MMU calls,
 * measured in TSC cycles with native rdtsc.  Under QEMU's -icount shift=0
 * virtual time follows executed instructions (1 ns each), so cycles * 1e9 /
 * GetCycleFrequency is the number of instructions executed by everyone
 * (guest, ROM, wedge and Xen); the calibration row checks that.
 *
 * Each row runs its loop (n iterations; one warm-up run, then REPS timed
 * runs, the least kept), the loop's empty twin, and where there is one the
 * native form of the same guest code, and brackets each set of REPS timed
 * runs with a counters snapshot (port 0xf5, tags `snap`, `base` and
 * `nsnap`): the host side (tests/bench/bench.py) turns the counter
 * differences into hypercalls and traps per operation,
 * ((snap pair) - (base pair)) / (ops * reps).  One line per row:
 *
 *   bench: NAME n=N ops=OPS reps=R cycles=MIN max=MAX empty=MIN
 *          instructions=I.II runs=C0/C1/... [native=M.MM ncycles=C nmax=X nempty=E |
 *          native=K native_kind=const] snap=A,B base=C,D [nsnap=E,F]
 *
 * (on one line), where OPS is operations per run, cycles and empty are the
 * least TSC cycles of a run of the loop and of its empty twin, runs every
 * timed run's cycles, and instructions / native are per operation, the
 * empty twin subtracted.  A row without a ROM loop (a native reference)
 * has no cycles, instructions or snap.
 */
#include "include/exit_codes.h"
#include "include/x86_traps.h"
#include "tests/guest/bench.h"
#include "tests/guest/boot_state.h"
#include "tests/guest/catch.h"
#include "tests/guest/console.h"
#include "tests/guest/layout.h"
#include "tests/guest/report.h"
#include "tests/guest/scratch_map.h"
#include "tests/guest/string.h"
#include "tests/guest/vmi_calls.h"
#include "tests/guest/x86.h"

#define REPS                     5
#define N_FAST                   1000
#define N_PXE                    256 /* one batch: SetLazyMode(1), 256 x SetPxE(Long), SetLazyMode(0) */
#define N_CR3                    100
#define BOOT_PARAMS_CMD_LINE_PTR 0x228

/* Scratch pages (scratch_map.h) the rows use; entries 0..N_PXE-1 are the
 * SetPxE rows'. */
#define VA_TOUCH     SCRATCH_VA(0x100)
#define VA_UCODE     SCRATCH_VA(0x180)
#define VA_USTACK    SCRATCH_VA(0x181)
#define VA_PF        SCRATCH_VA(0x1f0) /* never mapped */
#define VA_PFMAP     SCRATCH_VA(0x1f1) /* mapped by the #PF handler */
#define VA_AS        SCRATCH_VA(0x1f8) /* a different frame in each address space */
#define FRAME_UCODE  8
#define FRAME_USTACK 9
/* Linux's PAGE_KERNEL without G: present, writable, accessed, dirty. */
#define PTE_KERNEL (PTE_P | PTE_RW | PTE_A | PTE_D)

extern uint64_t idt_table[IDT_ENTRIES];

static uint64_t freq_hz;
static unsigned int next_tag = 1;

/* ---- the command line ----------------------------------------------------- */

bool bench_requested(void)
{
	if (boot_params_phys == 0 || boot_params_phys >= GUEST_MAPPED_BYTES - GUEST_PAGE_SIZE)
		return false;
	uint32_t ptr = *(const volatile uint32_t *)(GUEST_PAGE_OFFSET + boot_params_phys +
	                                            BOOT_PARAMS_CMD_LINE_PTR);
	if (ptr == 0 || ptr >= GUEST_MAPPED_BYTES - GUEST_PAGE_SIZE)
		return false;
	const char *s = (const char *)(GUEST_PAGE_OFFSET + ptr);
	static const char word[] = "bench";
	for (unsigned int i = 0; i < GUEST_PAGE_SIZE && s[i]; i++) {
		if (i > 0 && s[i - 1] != ' ')
			continue;
		unsigned int k = 0;
		while (k < sizeof(word) - 1 && s[i + k] == word[k])
			k++;
		if (k == sizeof(word) - 1 && (s[i + k] == ' ' || s[i + k] == '\0'))
			return true;
	}
	return false;
}

/* ---- snapshots and conversion --------------------------------------------- */

/* Let the console output of a snapshot drain (Xen sends it to the UART
 * behind our back) before anything is timed: spin for 2 ms. */
static void settle(void)
{
	uint64_t end = rdtsc() + freq_hz / 500;
	while (rdtsc() < end)
		;
}

static unsigned int snapshot(void)
{
	unsigned int tag = next_tag++;
	if (tag > 255) {
		case_fail("bench-snapshot-tags", "more than 255 snapshots");
		report_summary_and_exit_fail();
	}
	outb((uint8_t)tag, COUNTERS_SNAPSHOT_PORT);
	settle();
	return tag;
}

/* Instructions per operation, x100, from a net cycle count. */
static int32_t per_op_x100(int64_t cycles, uint32_t ops)
{
	int64_t instructions = cycles * 1000000000ll / (int64_t)freq_hz;
	return (int32_t)(instructions * 100 / (int64_t)ops);
}

static void print_x100(const char *key, int32_t v)
{
	const char *sign = v < 0 ? "-" : "";
	uint32_t a = (uint32_t)(v < 0 ? -v : v);
	guest_printf(" %s=%s%u.%02u", key, sign, a / 100, a % 100);
}

/* ---- one row --------------------------------------------------------------- */

struct loop {
	bench_loop_fn *fn;
	uint32_t a, b;
	/* XORed into b on timed runs 0, 2, 4: each run changes what the last left */
	uint32_t b_alt;
};

struct row {
	const char *name;
	uint32_t n;            /* iterations per run */
	uint32_t ops_per_iter; /* operations per iteration */
	struct loop rom;       /* fn NULL: a native reference row */
	struct loop empty;
	struct loop native;       /* fn NULL: no native form measured */
	struct loop native_empty; /* fn NULL: the same as empty */
	const char *native_const; /* no native run: what native code takes */
	void (*before_rom)(void);
	void (*before_native)(void);
	void (*after)(void);
};

struct timing {
	uint32_t min, max;
	uint32_t runs[REPS];
};

/* One untimed, uncounted run first: first-time work (a shadow filled, a
 * counter's first use, an entry's first mapping) is not what a row
 * measures, and every timed run then starts from the same state (the
 * SetPxE rows: each run replaces the present entries the run before left). */
static void warm(const struct loop *l, uint32_t n)
{
	l->fn(n, l->a, l->b);
}

static struct timing run_loop(const struct loop *l, uint32_t n)
{
	struct timing t = {.min = 0xffffffffu};
	for (unsigned int r = 0; r < REPS; r++) {
		uint32_t c = l->fn(n, l->a, (r & 1) ? l->b : l->b ^ l->b_alt);
		t.runs[r] = c;
		if (c < t.min)
			t.min = c;
		if (c > t.max)
			t.max = c;
	}
	return t;
}

/* The runs between two snapshots; returns the tags. */
static struct timing run_between_snapshots(const struct loop *l, uint32_t n, unsigned int tags[2])
{
	warm(l, n);
	tags[0] = snapshot();
	struct timing t = run_loop(l, n);
	tags[1] = snapshot();
	return t;
}

static void run_row(const struct row *row)
{
	uint32_t ops = row->n * row->ops_per_iter;
	unsigned int snap[2] = {0, 0}, base[2], nsnap[2] = {0, 0};
	struct timing rom = {0}, native = {0}, nempty = {0};

	if (row->before_rom)
		row->before_rom();
	if (row->rom.fn)
		rom = run_between_snapshots(&row->rom, row->n, snap);
	struct timing empty = run_between_snapshots(&row->empty, row->n, base);
	if (row->native.fn) {
		if (row->before_native)
			row->before_native();
		native = run_between_snapshots(&row->native, row->n, nsnap);
		if (row->native_empty.fn) {
			warm(&row->native_empty, row->n);
			nempty = run_loop(&row->native_empty, row->n);
		} else {
			nempty = empty;
		}
	}
	if (row->after)
		row->after();

	guest_printf("bench: %s n=%u ops=%u reps=%u", row->name, row->n, ops, REPS);
	if (row->rom.fn) {
		guest_printf(" cycles=%u max=%u empty=%u", rom.min, rom.max, empty.min);
		print_x100("instructions", per_op_x100((int64_t)rom.min - empty.min, ops));
		guest_printf(" runs=%u", rom.runs[0]);
		for (unsigned int r = 1; r < REPS; r++)
			guest_printf("/%u", rom.runs[r]);
	} else {
		guest_printf(" empty=%u", empty.min);
	}
	if (row->native.fn) {
		print_x100("native", per_op_x100((int64_t)native.min - nempty.min, ops));
		guest_printf(" ncycles=%u nmax=%u nempty=%u", native.min, native.max, nempty.min);
	} else if (row->native_const) {
		guest_printf(" native=%s native_kind=const", row->native_const);
	}
	if (row->rom.fn)
		guest_printf(" snap=%u,%u", snap[0], snap[1]);
	guest_printf(" base=%u,%u", base[0], base[1]);
	if (row->native.fn)
		guest_printf(" nsnap=%u,%u", nsnap[0], nsnap[1]);
	console_putc('\n');
}

/* ---- the interrupt flag ---------------------------------------------------- */

static void irq_off(void)
{
	vmi_disable_interrupts();
}

static void irq_on(void)
{
	vmi_enable_interrupts();
}

/* ---- ring 3 ----------------------------------------------------------------- */

static uint8_t bench_kstack[16384] __attribute__((aligned(16)));

static uint32_t user_va(const char *sym)
{
	return VA_UCODE + (uint32_t)(sym - bench_user_start);
}

static void set_syscall_gate(void (*handler)(void))
{
	vmi_write_idt_entry(idt_table, 0x80,
	                    idt_gate(KERNEL_CS, (uint32_t)handler, GATE_TYPE_TRAP32, 3));
	struct dt_register idtr;
	vmi_get_idt(&idtr);
	vmi_set_idt(&idtr);
}

static void user_setup(void)
{
	memcpy(frame_virt(FRAME_UCODE), bench_user_start,
	       (uint32_t)(bench_user_end - bench_user_start));
	pte_write(scratch_pte(VA_UCODE), frame_phys(FRAME_UCODE) | PTE_P | PTE_RW | PTE_US);
	pte_write(scratch_pte(VA_USTACK), frame_phys(FRAME_USTACK) | PTE_P | PTE_RW | PTE_US);
	vmi_update_kernel_stack(KERNEL_DS, (uint32_t)bench_kstack + sizeof(bench_kstack));
}

/* A run of the user program a (EBX = n) entered through the ROM's IRET. */
static uint32_t user_loop(uint32_t n, uint32_t a, uint32_t b)
{
	(void)b;
	uint64_t t0 = rdtsc();
	bench_user_run(a, VA_USTACK + GUEST_PAGE_SIZE - 16, n);
	return (uint32_t)(rdtsc() - t0);
}

static void gate_rom(void)
{
	set_syscall_gate(bench_sys_rom);
}

static void gate_native(void)
{
	set_syscall_gate(bench_sys_native);
}

/* ---- page faults ----------------------------------------------------------- */

static void set_pf_gate(void (*handler)(void))
{
	vmi_write_idt_entry(idt_table, X86_TRAP_PF,
	                    idt_gate(KERNEL_CS, (uint32_t)handler, GATE_TYPE_INTR32, 0));
}

static bool pf_count_ok = true;

/* The loop, then a check that every iteration took its one fault. */
static uint32_t pf_checked(bench_loop_fn *fn, uint32_t n, uint32_t a, uint32_t b)
{
	bench_pf_faults = 0;
	uint32_t c = fn(n, a, b);
	if (bench_pf_faults != n) {
		if (pf_count_ok)
			case_fail("bench-pf-count", "%u faults in %u iterations at 0x%08x",
			          bench_pf_faults, n, a);
		pf_count_ok = false;
	}
	return c;
}

static uint32_t pf_load_checked(uint32_t n, uint32_t a, uint32_t b)
{
	return pf_checked(bench_pf_load, n, a, b);
}

static uint32_t pf_map_checked(uint32_t n, uint32_t a, uint32_t b)
{
	return pf_checked(bench_pf_map_cycle, n, a, b);
}

static void pf_gate_skip_rom(void)
{
	set_pf_gate(bench_pf_skip_rom);
}

static void pf_gate_skip_native(void)
{
	set_pf_gate(bench_pf_skip_native);
}

static void pf_gate_map(void)
{
	set_pf_gate(bench_pf_map_rom);
}

/* The exception catcher's gates again. */
static void pf_gate_restore(void)
{
	catch_install();
}

/* ---- page tables ------------------------------------------------------------ */

/* After native entry stores the shadow has to catch up: a flush. */
static void pxe_resync(void)
{
	vmi_flush_tlb(VMI_FLUSH_TLB);
}

/* The second address space: its own table behind the scratch slot. */
static guest_pte_t as2_pt[PTRS_PER_TABLE] __attribute__((aligned(GUEST_PAGE_SIZE)));
static guest_pte_t as2_dir[PTRS_PER_TABLE] __attribute__((aligned(GUEST_PAGE_SIZE)));
#if GUEST_PAE
static uint64_t as2_pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));
#endif

static uint32_t build_second_address_space(void)
{
	memcpy(as2_pt, (const void *)scratch_pte(SCRATCH_BASE), sizeof(as2_pt));
	pte_write(&as2_pt[pte_index(VA_AS)], frame_phys(7) | PTE_KERNEL);
#if GUEST_PAE
	memcpy(as2_dir, guest_page_tables.pd_identity, sizeof(as2_dir));
	pte_write(&as2_dir[pde_index(SCRATCH_BASE)], virt_to_phys(as2_pt) | PDE_TABLE);
	memcpy(as2_pdpt, guest_page_tables.pdpt, sizeof(as2_pdpt));
	as2_pdpt[0] = virt_to_phys(as2_dir) | PDPTE_ATTR;
	return virt_to_phys(as2_pdpt);
#else
	memcpy(as2_dir, guest_page_tables.pd, sizeof(as2_dir));
	pte_write(&as2_dir[pde_index(SCRATCH_BASE)], virt_to_phys(as2_pt) | PDE_TABLE);
	return virt_to_phys(as2_dir);
#endif
}

typedef VMI_REGPARM void (*vmi_fn_linear)(uint32_t slot, uint32_t va, uint32_t pages,
                                          uint32_t first_pfn);

/* ---- the rows ----------------------------------------------------------------- */

static bool setup(void)
{
	freq_hz = vmi_get_cycle_frequency();
	if (freq_hz == 0 || freq_hz > (1ull << 40)) {
		case_fail("bench-cycle-frequency", "GetCycleFrequency 0x%08x%08x",
		          (uint32_t)(freq_hz >> 32), (uint32_t)freq_hz);
		return false;
	}
	guest_printf("bench: setup freq_hz=%u pae=%u reps=%u\n", (uint32_t)freq_hz, GUEST_PAE,
	             REPS);

	/* Linux's vmi_init: the kernel's linear map, for the ROM to translate
	 * entry addresses by. */
	VMI_FN(SetLinearMapping, vmi_fn_linear)
	(0, GUEST_PAGE_OFFSET, GUEST_MAPPED_BYTES / GUEST_PAGE_SIZE, 0);
	scratch_init();
	/* The scratch table shadowed: touch a page it maps. */
	pte_write(scratch_pte(VA_TOUCH), frame_phys(0) | PTE_KERNEL);
	(void)*(volatile uint32_t *)VA_TOUCH;
	pte_write(scratch_pte(VA_AS), frame_phys(6) | PTE_KERNEL);
	(void)*(volatile uint32_t *)VA_AS;
	user_setup();
	return true;
}

static void run_all(void)
{
	const uint32_t pte_a = frame_phys(0) | PTE_KERNEL, pte_b = frame_phys(1) | PTE_KERNEL;
	const uint32_t pxe_first = (uint32_t)scratch_pte(SCRATCH_VA(0));
	const struct loop empty = {bench_empty, 0, 0, 0};
	const struct loop pxe_empty = {bench_pxe_empty, pxe_first, pte_a, 0};
	const struct loop mov2_empty = {bench_mov2_empty, 0, 0, 0};
	uint32_t root1 = vmi_get_cr3(), root2 = build_second_address_space();

	/* Both roots shadowed, each having seen its own page. */
	for (unsigned int i = 0; i < 2; i++) {
		vmi_set_cr3(root2);
		(void)*(volatile uint32_t *)VA_AS;
		vmi_set_cr3(root1);
		(void)*(volatile uint32_t *)VA_AS;
	}
	bench_pf_map_ptep = (uint32_t)scratch_pte(VA_PFMAP);
	bench_pf_map_pte = frame_phys(2) | PTE_KERNEL;

	/* clang-format off */
	const struct row rows[] = {
		{.name = "calibration-nop10", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_nop10, 0, 0, 0}, .empty = empty, .native_const = "10"},
		{.name = "irq-disable", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_irq_disable, 0, 0, 0}, .empty = empty, .native_const = "1"},
		{.name = "irq-enable", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_irq_enable, 0, 0, 0}, .empty = empty, .native_const = "1",
		 .after = irq_off},
		{.name = "native-pushf-popf", .n = N_FAST, .ops_per_iter = 1,
		 .empty = empty, .native = {bench_native_pushf_popf, 0, 0, 0}},
		{.name = "get-mask", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_get_mask, 0, 0, 0}, .empty = empty,
		 .native = {bench_native_get_flags, 0, 0, 0}},
		{.name = "set-mask-off", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_set_mask, 0, 0, 0}, .empty = empty,
		 .native = {bench_native_set_flags, 0, 0, 0}},
		{.name = "set-mask-on", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_set_mask, X86_EFLAGS_IF, 0, 0}, .empty = empty,
		 .native = {bench_native_set_flags, 0, 0, 0}, .after = irq_off},
		{.name = "irq-save-restore", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_irq_save_restore, 0, 0, 0}, .empty = empty, .before_rom = irq_on,
		 .after = irq_off},
		{.name = "irq-disable-trapped", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_trapped_cli, 0, 0, 0}, .empty = empty, .native_const = "1"},
		{.name = "irq-enable-trapped", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_trapped_sti, 0, 0, 0}, .empty = empty, .native_const = "1",
		 .after = irq_off},
		{.name = "iret-user-roundtrip", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {user_loop, user_va(bench_uprog_int80), 0, 0},
		 .empty = {user_loop, user_va(bench_uprog_empty), 0, 0},
		 .native = {user_loop, user_va(bench_uprog_int80), 0, 0},
		 .before_rom = gate_rom, .before_native = gate_native, .after = gate_rom},
		{.name = "pf-skip", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {pf_load_checked, VA_PF, 0, 0}, .empty = empty,
		 .native = {pf_load_checked, VA_PF, 0, 0},
		 .before_rom = pf_gate_skip_rom, .before_native = pf_gate_skip_native,
		 .after = pf_gate_restore},
		{.name = "pf-map-unmap", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {pf_map_checked, VA_PFMAP, 0, 0}, .empty = empty,
		 .before_rom = pf_gate_map, .after = pf_gate_restore},
		{.name = "invalpage", .n = N_FAST, .ops_per_iter = 1,
		 .rom = {bench_invalpage, VA_TOUCH, 0, 0}, .empty = empty},
		{.name = "pxe-single", .n = N_PXE, .ops_per_iter = 1,
		 .rom = {bench_pxe_set, pxe_first, pte_a, pte_a ^ pte_b}, .empty = pxe_empty,
		 .native = {bench_pxe_native, pxe_first, pte_a, pte_a ^ pte_b},
		 .native_empty = {bench_pxe_native_empty, pxe_first, 0, 0}, .after = pxe_resync},
		{.name = "pxe-batch", .n = N_PXE, .ops_per_iter = 1,
		 .rom = {bench_pxe_set_lazy, pxe_first, pte_a, pte_a ^ pte_b}, .empty = pxe_empty,
		 .native = {bench_pxe_native, pxe_first, pte_a, pte_a ^ pte_b},
		 .native_empty = {bench_pxe_native_empty, pxe_first, 0, 0}, .after = pxe_resync},
		{.name = "pxe-batch-no-ad", .n = N_PXE, .ops_per_iter = 1,
		 .rom = {bench_pxe_set_lazy, pxe_first, pte_a & ~(PTE_A | PTE_D),
			 pte_a ^ pte_b},
		 .empty = pxe_empty},
		{.name = "cr3-switch", .n = N_CR3, .ops_per_iter = 2,
		 .rom = {bench_cr3_switch, root2, root1, 0}, .empty = mov2_empty},
		{.name = "cr3-switch-trapped", .n = N_CR3, .ops_per_iter = 2,
		 .rom = {bench_cr3_trapped, root2, root1, 0}, .empty = mov2_empty},
	};
	/* clang-format on */
	for (unsigned int i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run_row(&rows[i]);

	if (vmi_get_cr3() != root1)
		case_fail("bench-cr3", "GetCR3 0x%08x after the CR3 rows, want 0x%08x",
		          vmi_get_cr3(), root1);
	if (vmi_get_interrupt_mask() != 0)
		case_fail("bench-irq-state", "interrupts left enabled after the rows");
}

_Noreturn void run_benchmarks(const char *not_run_why)
{
	guest_printf("bench: begin\n");
	if (not_run_why) {
		case_not_run("bench", not_run_why);
		report_summary_and_exit();
	}
	if (setup())
		run_all();
	guest_printf("bench: end\n");
	report_summary_and_exit();
}
