/*
 * Host unit tests of the shadow MMU (xen/shadow.c, xen/shadow_l1.c,
 * xen/guest_pt.c) against a model of Xen, the wedge's frame pool and guest
 * RAM (tests/unit/shadow_model/).  Guest page tables are built in the model's
 * guest RAM in both formats (PAE and 2-level); the shadow the wedge builds is
 * read back through the model's walk of the current root.
 *
 * Build (the model's xen/hypercall.h must win over the real one):
 *   gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
 *       -Itests/unit/shadow_model -I. -fsanitize=address,undefined \
 *       tests/unit/test_shadow.c tests/unit/shadow_model/xen_model.c \
 *       tests/unit/shadow_model/guest_model.c \
 *       xen/shadow.c xen/shadow_l1.c xen/guest_pt.c -lcmocka
 *
 * The tests run on a stack whose addresses' low 32 bits lie above
 * WEDGE_VIRT_BASE: shadow_switch() reads %esp (map_running_stack) and must
 * see "the wedge's own stack" unless a test puts it elsewhere on purpose.
 * SHADOW_TEST_FILTER / SHADOW_TEST_SKIP (cmocka glob patterns) select tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "shadow_model/model.h"
#include "wedge/counters.h"
#include "wedge/guest_mem.h"
#include "wedge/loader.h"
#include "xen/hypercall.h" /* the model's (tests/unit/shadow_model/xen/hypercall.h) */
#include "xen/guest_pt.h"
#include "xen/mm.h"
#include "xen/shadow.h"

extern struct burn_counter burn_counter_shadow_l1_made, burn_counter_shadow_l1_evicted,
    burn_counter_shadow_l1_shared, burn_counter_shadow_root_built, burn_counter_shadow_root_evicted;

/* ---- guest page-table entries ------------------------------------------- */

#define G_P       0x1ull
#define G_RW      0x2ull
#define G_US      0x4ull
#define G_A       0x20ull
#define G_D       0x40ull
#define G_PS      0x80ull
#define G_NX      (1ull << 63)
#define G_ADDR    0x000ffffffffff000ull
#define KPTE      (G_P | G_RW | G_A | G_D)        /* kernel page, used and dirty */
#define UPTE      (G_P | G_RW | G_US | G_A | G_D) /* user page, used and dirty */
#define PDE_FLAGS (G_P | G_RW | G_US | G_A)       /* directory entries */

#define ERR_W 2u
#define ERR_U 4u

#define DEFAULT_POOL     512u
#define TABLE_GPFN_FIRST 0x100u /* guest page tables from 1 MiB */
#define DATA_GPFN_FIRST  0x800u /* data frames from 8 MiB */
#define DATA(n)          ((DATA_GPFN_FIRST + (uint32_t)(n)) << PAGE_SHIFT)
#define KVA(n)           (0xC0000000u + ((uint32_t)(n) << 21)) /* kernel region n (2 MiB each) */
#define UVA(n)           (0x08000000u + ((uint32_t)(n) << 21)) /* user region n */
#define KERNEL_REGIONS   ((WEDGE_VIRT_BASE - 0xC0000000u) >> 21)

static const enum guest_pt_format fmt_pae = GUEST_PT_PAE, fmt_2level = GUEST_PT_2LEVEL;

static enum guest_pt_format F(void **state)
{
	return *(const enum guest_pt_format *)*state;
}

static uint32_t next_table_gpfn;
static int world_dirty; /* a test ended in an expected stop: skip the end checks */

static uint8_t *ram(void)
{
	return model_guest_ram();
}

static uint32_t new_table(void)
{
	uint32_t gpa = next_table_gpfn++ << PAGE_SHIFT;
	assert_true(next_table_gpfn <= DATA_GPFN_FIRST);
	memset(ram() + gpa, 0, PAGE_SIZE);
	return gpa;
}

static uint64_t rd(enum guest_pt_format f, uint32_t gpa)
{
	if (f == GUEST_PT_PAE) {
		uint64_t v;
		memcpy(&v, ram() + gpa, 8);
		return v;
	}
	uint32_t v;
	memcpy(&v, ram() + gpa, 4);
	return v;
}

static void wr(enum guest_pt_format f, uint32_t gpa, uint64_t v)
{
	if (f == GUEST_PT_PAE) {
		memcpy(ram() + gpa, &v, 8);
	} else {
		uint32_t w = (uint32_t)v;
		memcpy(ram() + gpa, &w, 4);
	}
}

/* A guest address space: its format and its CR3. */
struct as {
	enum guest_pt_format fmt;
	uint32_t root;
};

static struct as as_new(enum guest_pt_format f)
{
	return (struct as){f, new_table()};
}

/* Where the directory entry for va lives (a PAE PD is made if missing). */
static uint32_t pde_addr(struct as a, uint32_t va)
{
	if (a.fmt == GUEST_PT_PAE) {
		uint32_t pdpte = (a.root & ~0x1fu) + (va >> 30) * 8;
		uint64_t e = rd(a.fmt, pdpte);
		if (!(e & G_P)) {
			e = new_table() | G_P;
			wr(a.fmt, pdpte, e);
		}
		return (uint32_t)(e & G_ADDR) + ((va >> 21) & 511) * 8;
	}
	return (a.root & ~0xfffu) + (va >> 22) * 4;
}

static uint64_t get_pde(struct as a, uint32_t va)
{
	return rd(a.fmt, pde_addr(a, va));
}

static void set_pde(struct as a, uint32_t va, uint64_t v)
{
	wr(a.fmt, pde_addr(a, va), v);
}

/* The page table serving va, made (with PDE_FLAGS) if there is none. */
static uint32_t pt_for(struct as a, uint32_t va)
{
	uint64_t pde = get_pde(a, va);
	if (!(pde & G_P) || (pde & G_PS)) {
		uint32_t t = new_table();
		set_pde(a, va, t | PDE_FLAGS);
		return t;
	}
	return (uint32_t)(pde & G_ADDR) & ~0xfffu;
}

static uint32_t pte_addr(struct as a, uint32_t va)
{
	return pt_for(a, va) +
	       (a.fmt == GUEST_PT_PAE ? ((va >> 12) & 511) * 8 : ((va >> 12) & 1023) * 4);
}

static void set_pte(struct as a, uint32_t va, uint64_t v)
{
	wr(a.fmt, pte_addr(a, va), v);
}

static uint64_t get_pte(struct as a, uint32_t va)
{
	return rd(a.fmt, pte_addr(a, va));
}

static void map(struct as a, uint32_t va, uint32_t gpa, uint64_t flags)
{
	set_pte(a, va, gpa | flags);
}

/* SetPxE: the guest's entry is written and the wedge told. */
static void setpxe(struct as a, uint32_t va, uint64_t v, int defer)
{
	uint32_t g = pte_addr(a, va);
	wr(a.fmt, g, v);
	shadow_pte_written(g, v, defer);
}

/* b's kernel half uses a's kernel page tables (Linux's pgd_alloc: a shared
 * kernel PMD with PAE, copied kernel PDEs with 2-level). */
static void share_kernel(struct as b, struct as a)
{
	if (a.fmt == GUEST_PT_PAE) {
		pde_addr(a, 0xC0000000u);
		wr(a.fmt, (b.root & ~0x1fu) + 24, rd(a.fmt, (a.root & ~0x1fu) + 24));
	} else {
		memcpy(ram() + b.root + 768 * 4, ram() + a.root + 768 * 4, 256 * 4);
	}
}

/* ---- the guest's own view, for the checks (independent of guest_pt.c) ----- */

struct gwalk {
	int present, large;
	uint64_t gpa; /* full width: PAE entries can name memory above 4 GiB */
	int rw, us, accessed, dirty;
};

static void gwalk(struct as a, uint32_t va, struct gwalk *w)
{
	memset(w, 0, sizeof(*w));
	uint64_t pde, pte;
	if (a.fmt == GUEST_PT_IDENTITY) {
		w->present = va < guest_phys.ram_bytes;
		w->gpa = va;
		w->rw = w->us = w->large = w->accessed = w->dirty = 1;
		return;
	}
	if (a.fmt == GUEST_PT_PAE) {
		uint64_t pdpte = rd(a.fmt, (a.root & ~0x1fu) + (va >> 30) * 8);
		if (!(pdpte & G_P) || (pdpte & G_ADDR) >= guest_phys.ram_bytes)
			return;
		pde = rd(a.fmt, (uint32_t)(pdpte & G_ADDR) + ((va >> 21) & 511) * 8);
	} else {
		pde = rd(a.fmt, (a.root & ~0xfffu) + (va >> 22) * 4);
	}
	if (!(pde & G_P))
		return;
	w->rw = (pde & G_RW) != 0;
	w->us = (pde & G_US) != 0;
	if (pde & G_PS) {
		w->present = w->large = 1;
		w->gpa = a.fmt == GUEST_PT_PAE ? (pde & G_ADDR & ~0x1fffffull) + (va & 0x1fffff)
		                               : (pde & 0xffc00000u) + (va & 0x3fffff);
		w->accessed = w->dirty = 1;
		return;
	}
	uint64_t pt = pde & G_ADDR;
	if (pt >= guest_phys.ram_bytes)
		return;
	if (a.fmt == GUEST_PT_PAE)
		pte = rd(a.fmt, (uint32_t)pt + ((va >> 12) & 511) * 8);
	else
		pte = rd(a.fmt, (uint32_t)pt + ((va >> 12) & 1023) * 4);
	if (!(pte & G_P))
		return;
	w->present = 1;
	w->gpa = (pte & G_ADDR) + (va & 0xfff);
	w->rw &= (pte & G_RW) != 0;
	w->us &= (pte & G_US) != 0;
	w->accessed = (pte & G_A) != 0;
	w->dirty = (pte & G_D) != 0;
}

static int is_rom(uint64_t gpa)
{
	return gpa >= GUEST_ROM_GPA && gpa < GUEST_ROM_GPA + 2 * PAGE_SIZE;
}

/*
 * Soundness of the current shadow against the guest's tables: every page the
 * shadow maps below the wedge is one the guest maps, accessed, to the same
 * frame, with no more rights (writable only if dirty, never a ROM frame),
 * through a shadow L1 that is a pool frame.  Holds whenever the guest has
 * flushed after its last change.
 */
static const char *shadow_unsound(struct as a, int user_view)
{
	static char msg[256];
	uint32_t l3 = model_baseptr();
	for (uint32_t base = 0; base < WEDGE_VIRT_BASE; base += 1u << 21) {
		uint64_t l2e = model_l2_entry(l3, base);
		if (!(l2e & PTE_PRESENT))
			continue;
		uint32_t l1 = (uint32_t)((l2e & PTE_PAE_ADDR_MASK) >> 12);
		if (model_pool_dpfn(l1) < 0 ||
		    !model_dpfn_allocated((uint32_t)model_pool_dpfn(l1))) {
			snprintf(msg, sizeof(msg),
			         "the L2 entry for 0x%08x points at mfn 0x%x, "
			         "not an allocated pool frame",
			         base, l1);
			return msg;
		}
		const uint64_t *e = (const uint64_t *)model_frame(l1);
		for (uint32_t i = 0; i < 512; i++) {
			if (!(e[i] & PTE_PRESENT))
				continue;
			uint32_t va = base + i * PAGE_SIZE;
			struct gwalk w;
			gwalk(a, va, &w);
			uint32_t mfn = (uint32_t)((e[i] & PTE_PAE_ADDR_MASK) >> 12);
			if (!w.present)
				snprintf(msg, sizeof(msg),
				         "0x%08x is shadowed (mfn 0x%x) but the guest "
				         "maps nothing there",
				         va, mfn);
			else if (!w.accessed)
				snprintf(msg, sizeof(msg),
				         "0x%08x is shadowed though its guest entry "
				         "has A clear",
				         va);
			else if (w.gpa >= guest_phys.ram_bytes ||
			         mfn != MODEL_GUEST_MFN_BASE + (uint32_t)(w.gpa >> 12))
				snprintf(msg, sizeof(msg),
				         "0x%08x is shadowed to mfn 0x%x, the guest "
				         "maps it to guest-physical 0x%llx",
				         va, mfn, (unsigned long long)w.gpa);
			else if ((e[i] & PTE_RW) && !(w.rw && w.dirty && !is_rom(w.gpa)))
				snprintf(msg, sizeof(msg),
				         "0x%08x is shadowed writable beyond the "
				         "guest's entry",
				         va);
			else if ((e[i] & PTE_USER) && !(w.us || user_view))
				snprintf(msg, sizeof(msg),
				         "0x%08x is shadowed user-accessible, the "
				         "guest's entry is supervisor",
				         va);
			else
				continue;
			return msg;
		}
	}
	return NULL;
}

#define assert_sound(a, user_view)                                                                 \
	do {                                                                                       \
		const char *why_ = shadow_unsound((a), (user_view));                               \
		if (why_)                                                                          \
			fail_msg("shadow out of step with the guest: %s", why_);                   \
	} while (0)

/* ---- the shadow as Xen runs it -------------------------------------------- */

static void sw(struct as a, int user_view)
{
	shadow_switch(a.fmt, a.root, user_view);
}

static int fault(uint32_t va, int write, int user)
{
	return shadow_fault(va, (write ? ERR_W : 0) | (user ? ERR_U : 0), user);
}

static void assert_maps_at(int line, uint32_t va, uint32_t gpa, int rw, int user)
{
	struct model_xlate x;
	if (model_translate(va, &x) != 0)
		fail_msg("line %d: 0x%08x is not mapped; expected guest-physical 0x%08x", line, va,
		         gpa);
	if (x.mfn != MODEL_GUEST_MFN_BASE + (gpa >> 12))
		fail_msg("line %d: 0x%08x maps mfn 0x%x; expected 0x%x (guest-physical 0x%08x)",
		         line, va, x.mfn, MODEL_GUEST_MFN_BASE + (gpa >> 12), gpa);
	if (x.rw != rw || x.user != user)
		fail_msg("line %d: 0x%08x maps with rw=%d user=%d; expected rw=%d user=%d", line,
		         va, x.rw, x.user, rw, user);
}
#define assert_maps(va, gpa, rw, user) assert_maps_at(__LINE__, (va), (gpa), (rw), (user))

static void assert_unmapped_at(int line, uint32_t va)
{
	struct model_xlate x;
	if (model_translate(va, &x) == 0)
		fail_msg("line %d: 0x%08x is mapped (mfn 0x%x, rw=%d); expected nothing", line, va,
		         x.mfn, x.rw);
}
#define assert_unmapped(va) assert_unmapped_at(__LINE__, (va))

/* What the wedge's first L2 entry of its own range must be. */
static uint64_t wedge_l2e(unsigned int k)
{
	return pte_for_mfn((mfn_t){MODEL_WEDGE_MFN_BASE + k}, PTE_PRESENT | PTE_RW | PTE_ACCESSED);
}

static void assert_wedge_range_intact(void)
{
	for (unsigned int k = 0; k < MODEL_WEDGE_L1S; k++) {
		uint64_t e = model_l2_entry(model_baseptr(), WEDGE_VIRT_BASE + (k << 21));
		if (e != wedge_l2e(k))
			fail_msg("the L2 entry for 0x%08x is 0x%llx, not the wedge's 0x%llx",
			         WEDGE_VIRT_BASE + (k << 21), (unsigned long long)e,
			         (unsigned long long)wedge_l2e(k));
	}
	struct model_xlate x;
	assert_int_equal(model_translate(WEDGE_VIRT_BASE, &x), 0);
	assert_int_equal(x.mfn, MODEL_WEDGE_IMAGE_MFN);
}

/* The number of entries in the idx-th mmu_update since the log was reset. */
static int mmu_update_size(unsigned int nth)
{
	for (unsigned int i = 0; i < model_log_len; i++)
		if (model_log[i].kind == EV_MMU_UPDATE && nth-- == 0)
			return (int)model_log[i].count;
	return -1;
}

/* A run that must end: expected stop kind, message checked by the caller. */
#define EXPECT_STOP(kind, stmt)                                                                    \
	do {                                                                                       \
		struct model_catch c_;                                                             \
		if (setjmp(c_.env) == 0) {                                                         \
			model_catcher = &c_;                                                       \
			stmt;                                                                      \
			model_catcher = NULL;                                                      \
			fail_msg("`%s` returned; expected it to end the run", #stmt);              \
		}                                                                                  \
		world_dirty = 1;                                                                   \
		if (model_stop_kind != (kind))                                                     \
			fail_msg("expected stop kind %d, got %d: %s", (int)(kind),                 \
			         (int)model_stop_kind, model_stop_msg);                            \
	} while (0)

#define assert_msg_has(s)                                                                          \
	do {                                                                                       \
		if (!strstr(model_stop_msg, (s)))                                                  \
			fail_msg("message \"%s\" does not mention \"%s\"", model_stop_msg, (s));   \
	} while (0)

/* ---- a fresh world per test ------------------------------------------------- */

/*
 * shadow_init() clears the root cache but not the current-root pointer, so a
 * second init (the wedge does only one) would leave it dangling into the
 * cleared cache.  Two identity switches make the current root deterministic
 * (cache slot 1) whatever the previous test left; the first is released
 * again.  The wedge's boot does the same identity switch.
 */
static void world_reset(unsigned int pool_frames)
{
	struct model_catch c;
	if (setjmp(c.env) == 0) {
		model_catcher = &c;
		shadow_set_lazy(0); /* drop a batch a failed test left behind */
	}
	model_catcher = NULL;
	model_reset(pool_frames);
	next_table_gpfn = TABLE_GPFN_FIRST;
	shadow_init();
	shadow_switch(GUEST_PT_IDENTITY, 0, 1);
	shadow_switch(GUEST_PT_IDENTITY, 0, 0);
	shadow_table_changed(0, 1);
	model_stats_reset();
	model_log_reset();
	world_dirty = 0;
}

static int setup(void **state)
{
	(void)state;
	world_reset(DEFAULT_POOL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (world_dirty)
		return 0;
	const char *err = model_check();
	if (err) {
		print_error("Xen model check after the test: %s\n", err);
		return -1;
	}
	return 0;
}

/* ---- running the wedge on a chosen stack ------------------------------------- */

/*
 * shadow_switch() maps the pages around the wedge's %esp when that is below
 * WEDGE_VIRT_BASE (the wedge entered from the guest's ring 1 runs on the
 * guest's stack).  On the host only the low 32 bits of %rsp count, so a stack
 * mapped at 0x7c00_0000_0000 + x runs the wedge "at" x.
 */
static struct {
	enum guest_pt_format fmt;
	uint32_t root;
	uint32_t esp;
	int stopped;
} on_stack;

static void *switch_on_stack(void *arg)
{
	(void)arg;
	uint32_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	on_stack.esp = esp;
	struct model_catch c;
	on_stack.stopped = 0;
	if (setjmp(c.env) == 0) {
		model_catcher = &c;
		shadow_switch(on_stack.fmt, on_stack.root, 0);
		model_catcher = NULL;
	} else {
		on_stack.stopped = 1;
	}
	return NULL;
}

/* Run fn in a thread whose stack ends at `end` (mapped with one page above). */
static void thread_on_stack(uint64_t end, size_t size, void *(*fn)(void *))
{
	uint64_t map_base = (end - size) & ~(uint64_t)(PAGE_SIZE - 1);
	size_t map_len = (size_t)(((end + 2 * PAGE_SIZE) & ~(uint64_t)(PAGE_SIZE - 1)) - map_base);
	void *got = mmap((void *)(uintptr_t)map_base, map_len, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
	if (got != (void *)(uintptr_t)map_base) {
		perror("test_shadow: mmap of a stack");
		abort();
	}
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr) ||
	    pthread_attr_setstack(&attr, (void *)(uintptr_t)(end - size), size) ||
	    pthread_create(&t, &attr, fn, NULL) || pthread_join(t, NULL)) {
		perror("test_shadow: a thread on a chosen stack");
		abort();
	}
	pthread_attr_destroy(&attr);
	munmap(got, map_len);
}

static uint32_t probed_esp;

static void *probe_esp(void *arg)
{
	(void)arg;
	uint32_t esp;
	asm volatile("movl %%esp, %0" : "=r"(esp));
	probed_esp = esp;
	return NULL;
}

/*
 * Run fn in a thread whose %esp, at fn's start, has low 32 bits near (just
 * below) want_esp.  glibc keeps a thread's descriptor and static TLS at the
 * top of a stack it is given, so a probe thread measures how far below the
 * top a thread starts.
 */
static void run_on_stack(uint64_t high, uint32_t want_esp, size_t size, void *(*fn)(void *))
{
	uint64_t probe_end = high | ((want_esp & ~0xfffu) + 0x100000u);
	thread_on_stack(probe_end, size, probe_esp);
	uint32_t depth = (uint32_t)probe_end - probed_esp;
	thread_on_stack(high | ((want_esp + depth + 15u) & ~15u), size, fn);
}

/* shadow_switch to a's tables, the wedge running with %esp near stack_top. */
static void run_switch_on_stack(struct as a, uint32_t stack_top)
{
	on_stack.fmt = a.fmt;
	on_stack.root = a.root;
	run_on_stack(0x7c0000000000ull, stack_top, 256u << 10, switch_on_stack);
	if ((on_stack.esp ^ stack_top) & ~0xfffu)
		fail_msg("the test ran at 0x%08x, wanted 0x%08x", on_stack.esp, stack_top);
	if (on_stack.stopped)
		fail_msg("shadow_switch on the stack at 0x%08x stopped: %s", on_stack.esp,
		         model_stop_msg);
}

/* ======================================================================== */
/* 1. Translation                                                          */
/* ======================================================================== */

static void kernel_half_is_mapped_at_switch(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, KVA(0) + 0x1000, DATA(2), G_P | G_A);
	map(a, KVA(5) + 0x3000, DATA(3), KPTE | G_US);
	map(a, KVA(KERNEL_REGIONS - 1) + 0x1ff000, DATA(4), KPTE); /* last page below the wedge */
	sw(a, 0);
	assert_maps(KVA(0), DATA(1), 1, 0);
	assert_maps(KVA(0) + 0x1000, DATA(2), 0, 0);
	assert_maps(KVA(5) + 0x3000, DATA(3), 1, 1);
	assert_maps(KVA(KERNEL_REGIONS - 1) + 0x1ff000, DATA(4), 1, 0);
	assert_unmapped(KVA(0) + 0x2000);
	assert_int_equal(model_stats.new_baseptr, 1);
	assert_true(model_pinned(model_baseptr()));
	assert_int_equal(shadow_current_root(), a.root);
	assert_int_equal(shadow_current_format(), F(state));
	/* Building the shadow leaves the guest's entries alone. */
	assert_true(get_pte(a, KVA(0)) == (DATA(1) | KPTE));
	assert_true(get_pte(a, KVA(0) + 0x1000) == (DATA(2) | G_P | G_A));
	assert_wedge_range_intact();
	assert_sound(a, 0);
}

static void user_view_makes_kernel_pages_user(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	sw(a, 1);
	assert_maps(KVA(0), DATA(1), 1, 1);
	/* A different root from the same tables without the user view. */
	uint32_t l3 = model_baseptr();
	sw(a, 0);
	assert_true(model_baseptr() != l3);
	assert_maps(KVA(0), DATA(1), 1, 0);
}

static void user_half_fills_on_fault(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(4), UPTE);
	map(a, UVA(0) + 0x1000, DATA(5), G_P | G_US | G_A);
	sw(a, 0);
	assert_unmapped(UVA(0));
	model_log_reset();
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(4), 1, 1);
	/* The whole region's shadow came with it. */
	assert_maps(UVA(0) + 0x1000, DATA(5), 0, 1);
	assert_int_equal(model_log_count(EV_MMUEXT, MMUEXT_INVLPG_LOCAL), 1);
	assert_sound(a, 0);
}

static void absent_entry_in_shadowed_region_faults_to_guest(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(4), UPTE);
	map(a, KVA(0), DATA(5), KPTE);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_int_equal(fault(UVA(0) + 0x5000, 0, 1), 0);
	assert_int_equal(fault(UVA(0) + 0x5000, 1, 0), 0);
	assert_int_equal(fault(KVA(0) + 0x5000, 0, 0), 0);
	/* No directory entry at all. */
	assert_int_equal(fault(UVA(100), 0, 1), 0);
	assert_int_equal(fault(KVA(100), 0, 0), 0);
	assert_unmapped(UVA(0) + 0x5000);
	assert_sound(a, 0);
}

/*
 * shadow.h: shadow_fault returns "0 if the guest itself would fault", also on
 * the first fault in a region that has no shadow L1 yet.  (Fails while
 * shadow_fault answers 1 whenever it attached a fresh shadow L1, whatever the
 * entry says: the retry then faults again and gets 0.)
 */
static void absent_entry_in_fresh_region_faults_to_guest(void **state)
{
	struct as a = as_new(F(state));
	vcpu.cr0 |= X86_CR0_WP;
	map(a, UVA(0), DATA(4), UPTE); /* the region's table exists; its page 5 is absent */
	map(a, UVA(8), DATA(5), G_P | G_RW | G_A | G_D); /* a supervisor page */
	map(a, UVA(16), DATA(6), G_P | G_US | G_A);      /* a read-only page */
	sw(a, 0);
	assert_int_equal(fault(UVA(0) + 0x5000, 0, 1), 0);
	assert_int_equal(fault(UVA(8), 0, 1), 0);
	assert_int_equal(fault(UVA(16), 1, 1), 0);
}

static void user_access_to_supervisor_page_faults_to_guest(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, UVA(0), DATA(2), KPTE); /* user half, supervisor page */
	map(a, UVA(0) + 0x1000, DATA(3), UPTE);
	/* A region whose directory entry is supervisor-only. */
	map(a, UVA(8), DATA(4), UPTE);
	set_pde(a, UVA(8), (get_pde(a, UVA(8)) & ~G_US));
	sw(a, 0);
	assert_int_equal(fault(UVA(0) + 0x1000, 0, 1), 1); /* shadows the region */
	assert_int_equal(fault(KVA(0), 0, 1), 0);
	assert_int_equal(fault(UVA(0), 0, 1), 0);
	assert_int_equal(fault(UVA(0), 1, 1), 0);
	assert_maps(UVA(0), DATA(2), 1, 0);
	assert_int_equal(fault(UVA(8), 0, 0), 1); /* the kernel may: shadows the region */
	assert_maps(UVA(8), DATA(4), 1, 0);
	assert_int_equal(fault(UVA(8), 0, 1), 0);
	assert_sound(a, 0);
}

static void write_to_read_only_page_faults_to_guest(void **state)
{
	struct as a = as_new(F(state));
	vcpu.cr0 |= X86_CR0_WP;
	map(a, KVA(0), DATA(1), G_P | G_A);
	map(a, UVA(0), DATA(2), G_P | G_US | G_A);
	map(a, UVA(8), DATA(3), UPTE);
	set_pde(a, UVA(8), get_pde(a, UVA(8)) & ~G_RW); /* read-only directory entry */
	sw(a, 0);
	assert_int_equal(fault(KVA(0), 1, 0), 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_int_equal(fault(UVA(0), 1, 1), 0);
	assert_int_equal(fault(UVA(0), 1, 0), 0);
	assert_int_equal(fault(UVA(8), 0, 1), 1);
	assert_maps(UVA(8), DATA(3), 0, 1);
	assert_int_equal(fault(UVA(8), 1, 1), 0);
	/* No dirty bit for a refused write. */
	assert_false(get_pte(a, KVA(0)) & G_D);
	assert_false(get_pte(a, UVA(0)) & G_D);
	assert_sound(a, 0);
}

static void large_pages_are_mapped(void **state)
{
	struct as a = as_new(F(state));
	if (a.fmt == GUEST_PT_PAE) {
		set_pde(a, KVA(2), 0x00400000u | G_P | G_RW | G_A | G_D | G_PS);
		set_pde(a, UVA(0), 0x00600000u | G_P | G_US | G_A | G_PS);
	} else {
		set_pde(a, KVA(2), 0x00400000u | G_P | G_RW | G_A | G_D | G_PS); /* 4 MiB */
		set_pde(a, UVA(0), 0x00800000u | G_P | G_US | G_A | G_PS);
	}
	sw(a, 0);
	assert_maps(KVA(2) + 0x3000, 0x00403000u, 1, 0);
	if (a.fmt == GUEST_PT_2LEVEL)
		assert_maps(KVA(3) + 0x5000, 0x00605000u, 1, 0); /* the upper half of 4 MiB */
	assert_int_equal(fault(UVA(0) + 0x7000, 0, 1), 1);
	uint32_t base = a.fmt == GUEST_PT_PAE ? 0x00600000u : 0x00800000u;
	assert_maps(UVA(0) + 0x7000, base + 0x7000, 0, 1);
	assert_int_equal(fault(UVA(0) + 0x7000, 1, 1), 0);
	assert_sound(a, 0);
}

static void nx_follows_efer(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	map(a, KVA(0), DATA(1), KPTE | G_NX);
	map(a, KVA(0) + 0x1000, DATA(2), KPTE);
	map(a, KVA(8), DATA(3), KPTE);
	set_pde(a, KVA(8), get_pde(a, KVA(8)) | G_NX);
	vcpu.efer |= X86_EFER_NX;
	sw(a, 0);
	struct model_xlate x;
	assert_int_equal(model_translate(KVA(0), &x), 0);
	assert_true(x.nx);
	assert_int_equal(model_translate(KVA(0) + 0x1000, &x), 0);
	assert_false(x.nx);
	assert_int_equal(model_translate(KVA(8), &x), 0);
	assert_true(x.nx);
	/* Without EFER.NX the bit means nothing; a resync follows EFER. */
	vcpu.efer &= ~(uint64_t)X86_EFER_NX;
	shadow_flush_global();
	assert_int_equal(model_translate(KVA(0), &x), 0);
	assert_false(x.nx);
	assert_int_equal(model_translate(KVA(8), &x), 0);
	assert_false(x.nx);
}

static void rom_frames_stay_read_only(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), GUEST_ROM_GPA, KPTE);
	map(a, KVA(0) + 0x1000, GUEST_ROM_GPA + 0x1000, KPTE);
	map(a, KVA(0) + 0x2000, GUEST_ROM_GPA + 0x2000, KPTE);
	sw(a, 0);
	assert_maps(KVA(0), GUEST_ROM_GPA, 0, 0);
	assert_maps(KVA(0) + 0x1000, GUEST_ROM_GPA + 0x1000, 0, 0);
	assert_maps(KVA(0) + 0x2000, GUEST_ROM_GPA + 0x2000, 1, 0);
	assert_sound(a, 0);
}

static void identity_map_while_paging_is_off(void **state)
{
	(void)state;
	shadow_switch(GUEST_PT_IDENTITY, 0, 1);
	assert_int_equal(shadow_current_format(), GUEST_PT_IDENTITY);
	assert_int_equal(fault(0x5000, 1, 1), 1);
	assert_maps(0x5000, 0x5000, 1, 1);
	assert_maps(0x1ff000, 0x1ff000, 1, 1);           /* the region came whole */
	assert_maps(GUEST_ROM_GPA, GUEST_ROM_GPA, 0, 1); /* the ROM: read-only */
	assert_int_equal(fault(GUEST_ROM_GPA, 1, 1), 0);
	assert_int_equal(fault(guest_phys.ram_bytes + 0x1000, 0, 1), 0);
	assert_int_equal(fault(KVA(0), 0, 1), 0);
	assert_sound(((struct as){GUEST_PT_IDENTITY, 0}), 1);
}

static void pae_pdpt_need_not_be_page_aligned(void **state)
{
	(void)state;
	uint32_t page = new_table();
	struct as a = {GUEST_PT_PAE, page + 0x20}, b = {GUEST_PT_PAE, page + 0x40};
	map(a, KVA(0), DATA(1), KPTE);
	map(b, KVA(0), DATA(2), KPTE);
	map(a, UVA(0), DATA(3), UPTE);
	assert_true(rd(GUEST_PT_PAE, page) == 0); /* the first PDPT in the page is unused */
	sw(a, 0);
	assert_maps(KVA(0), DATA(1), 1, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(3), 1, 1);
	sw(b, 0);
	assert_maps(KVA(0), DATA(2), 1, 0);
	assert_unmapped(UVA(0));
	/* Releasing the page as a directory drops the cached root of a. */
	uint32_t l3b = model_baseptr();
	uint64_t evicted = burn_counter_shadow_root_evicted.count;
	shadow_table_changed(page, 1);
	assert_int_equal(burn_counter_shadow_root_evicted.count, evicted + 1);
	assert_true(model_pinned(l3b));
}

/* ======================================================================== */
/* 2. Accessed and dirty bits                                              */
/* ======================================================================== */

/* User pages (U/S in the entry and the directory entry): precise A/D. */
static void accessed_and_dirty_are_set_on_first_use(void **state)
{
	struct as a = as_new(F(state));
	vcpu.cr0 |= X86_CR0_WP;
	map(a, UVA(0), DATA(1), G_P | G_RW | G_US);
	map(a, UVA(0) + 0x1000, DATA(2), G_P | G_RW | G_US);
	sw(a, 0);
	assert_unmapped(UVA(0));
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_true(get_pte(a, UVA(0)) == (DATA(1) | G_P | G_RW | G_US | G_A));
	assert_maps(UVA(0), DATA(1), 0, 1);
	assert_unmapped(UVA(0) + 0x1000); /* its neighbour, unused, stays out */
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	assert_true(get_pte(a, UVA(0)) == (DATA(1) | G_P | G_RW | G_US | G_A | G_D));
	assert_maps(UVA(0), DATA(1), 1, 1);
	assert_int_equal(model_stats.invlpg_local, 2);
	/* A write as the first access sets both at once; the kernel's access
	 * to a user page counts the same. */
	assert_int_equal(fault(UVA(0) + 0x1000, 1, 0), 1);
	assert_true(get_pte(a, UVA(0) + 0x1000) == (DATA(2) | G_P | G_RW | G_US | G_A | G_D));
	assert_maps(UVA(0) + 0x1000, DATA(2), 1, 1);
	assert_sound(a, 0);
}

/* Kernel pages (supervisor at either level) get A, and D where writable, as
 * soon as they are shadowed (xen/shadow_l1.c, eager_bits). */
static void kernel_pages_get_accessed_and_dirty_at_once(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), G_P | G_RW);
	map(a, KVA(0) + 0x1000, DATA(2), G_P);
	map(a, UVA(0), DATA(3), G_P | G_RW | G_US | G_A);
	map(a, UVA(0) + 0x1000, DATA(4), G_P | G_RW); /* supervisor, in the user half */
	sw(a, 0);
	assert_true(get_pte(a, KVA(0)) == (DATA(1) | G_P | G_RW | G_A | G_D));
	assert_maps(KVA(0), DATA(1), 1, 0);
	assert_true(get_pte(a, KVA(0) + 0x1000) == (DATA(2) | G_P | G_A));
	assert_maps(KVA(0) + 0x1000, DATA(2), 0, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_true(get_pte(a, UVA(0) + 0x1000) == (DATA(4) | G_P | G_RW | G_A | G_D));
	assert_maps(UVA(0) + 0x1000, DATA(4), 1, 0);
	/* SetPxE of a kernel entry: the guest's entry gets the bits too. */
	setpxe(a, KVA(0) + 0x2000, DATA(5) | G_P | G_RW, 0);
	assert_true(get_pte(a, KVA(0) + 0x2000) == (DATA(5) | G_P | G_RW | G_A | G_D));
	assert_maps(KVA(0) + 0x2000, DATA(5), 1, 0);
	assert_sound(a, 0);
}

static void clean_writable_user_page_is_read_only_until_written(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), G_P | G_RW | G_US | G_A);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(1), 0, 1);
	assert_false(get_pte(a, UVA(0)) & G_D);
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	assert_true(get_pte(a, UVA(0)) & G_D);
	assert_maps(UVA(0), DATA(1), 1, 1);
	assert_sound(a, 0);
}

static void cleared_accessed_and_dirty_rearm_after_invlpg(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, UVA(0), DATA(2), UPTE);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	struct model_xlate x;
	assert_int_equal(model_tlb_translate(UVA(0), &x), 0); /* now in the TLB */
	assert_true(x.rw);

	/* Linux cleans the page (D off), then invalidates it. */
	set_pte(a, UVA(0), DATA(2) | G_P | G_RW | G_US | G_A);
	model_log_reset();
	shadow_invalidate_page(UVA(0));
	assert_maps(UVA(0), DATA(2), 0, 1);
	assert_int_equal(model_log_count(EV_MMUEXT, MMUEXT_INVLPG_LOCAL), 1);
	assert_int_equal(model_log[model_log_len - 1].arg, UVA(0));
	assert_int_equal(model_tlb_translate(UVA(0), &x), 0);
	assert_false(x.rw);
	/* The next write is seen. */
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	assert_true(get_pte(a, UVA(0)) & G_D);

	/* Then ages it (A off): gone until the next access, which sets A. */
	set_pte(a, UVA(0), DATA(2) | G_P | G_RW | G_US);
	shadow_invalidate_page(UVA(0));
	assert_unmapped(UVA(0));
	assert_int_equal(model_tlb_translate(UVA(0), &x), -1);
	assert_false(get_pte(a, UVA(0)) & G_A); /* an invalidation is no access */
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_true(get_pte(a, UVA(0)) & G_A);

	/* A kernel page's bits come straight back. */
	set_pte(a, KVA(0), DATA(1) | G_P | G_RW);
	shadow_invalidate_page(KVA(0));
	assert_true(get_pte(a, KVA(0)) == (DATA(1) | KPTE));
	assert_maps(KVA(0), DATA(1), 1, 0);
	assert_sound(a, 0);
}

static void cleared_bits_rearm_after_flushes(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, UVA(0), DATA(2), UPTE);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	set_pte(a, UVA(0), DATA(2) | G_P | G_RW | G_US | G_A);
	model_stats_reset();
	shadow_flush_user();
	assert_maps(UVA(0), DATA(2), 0, 1);
	assert_int_equal(model_stats.tlb_flush_local, 1);
	set_pte(a, UVA(0), DATA(2) | G_P | G_RW | G_US);
	set_pte(a, KVA(0), DATA(1) | G_P | G_RW);
	shadow_flush_global();
	assert_unmapped(UVA(0));
	assert_maps(KVA(0), DATA(1), 1, 0);
	assert_true(get_pte(a, KVA(0)) == (DATA(1) | KPTE));
	assert_sound(a, 0);
	/* A CR3 reload flushes the user half too. */
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	set_pte(a, UVA(0), DATA(2) | G_P | G_RW | G_US);
	sw(a, 0);
	assert_unmapped(UVA(0));
	assert_sound(a, 0);
}

static void same_cr3_reload_flushes_the_tlb(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	struct model_xlate x;
	assert_int_equal(model_tlb_translate(UVA(0), &x), 0);
	set_pte(a, UVA(0), DATA(2) | UPTE);
	model_stats_reset();
	sw(a, 0);
	assert_int_equal(model_stats.new_baseptr, 0);
	assert_int_equal(model_stats.tlb_flush_local, 1);
	assert_int_equal(model_tlb_translate(UVA(0), &x), 0);
	assert_int_equal(x.mfn, MODEL_GUEST_MFN_BASE + (DATA(2) >> 12));
}

static void refused_access_leaves_guest_entry_alone(void **state)
{
	struct as a = as_new(F(state));
	vcpu.cr0 |= X86_CR0_WP;
	map(a, UVA(0), DATA(1), UPTE);
	map(a, UVA(0) + 0x1000, DATA(2), G_P | G_US); /* read-only, never used */
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_int_equal(fault(UVA(0) + 0x1000, 1, 1), 0);
	assert_true(get_pte(a, UVA(0) + 0x1000) == (DATA(2) | G_P | G_US));
	assert_unmapped(UVA(0) + 0x1000);
}

static void pae_accessed_update_keeps_high_half(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	vcpu.efer |= X86_EFER_NX;
	uint64_t high = G_NX | (0x5ull << 52);
	map(a, UVA(0), DATA(1), G_P | G_RW | G_US | high);
	map(a, KVA(0), DATA(2), G_P | G_RW | high);
	sw(a, 0);
	assert_true(get_pte(a, KVA(0)) == (DATA(2) | G_P | G_RW | G_A | G_D | high));
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	assert_true(get_pte(a, UVA(0)) == (DATA(1) | G_P | G_RW | G_US | G_A | G_D | high));
	struct model_xlate x;
	assert_int_equal(model_translate(UVA(0), &x), 0);
	assert_true(x.nx && x.rw);
}

static void two_level_upper_half_entry_is_marked(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_2LEVEL);
	/* UVA(1) is the upper 2 MiB of the 4 MiB table: entries 512-1023. */
	map(a, UVA(1) + 0x3000, DATA(1), G_P | G_RW | G_US);
	map(a, UVA(0) + 0x3000, DATA(2), G_P | G_RW | G_US);
	sw(a, 0);
	assert_int_equal(fault(UVA(1) + 0x3000, 1, 1), 1);
	assert_true(get_pte(a, UVA(1) + 0x3000) & G_D);
	assert_false(get_pte(a, UVA(0) + 0x3000) & G_A);
	assert_maps(UVA(1) + 0x3000, DATA(1), 1, 1);
	assert_unmapped(UVA(0) + 0x3000);
	assert_true(pte_addr(a, UVA(1) + 0x3000) == pte_addr(a, UVA(0) + 0x3000) + 512 * 4);
}

/* ======================================================================== */
/* 3. Shared kernel tables                                                 */
/* ======================================================================== */

struct pair {
	struct as a, b;
	uint32_t l3a, l3b;
};

static struct pair two_processes(enum guest_pt_format f)
{
	struct pair p = {.a = as_new(f), .b = as_new(f)};
	map(p.a, KVA(0), DATA(1), KPTE);
	map(p.a, KVA(0) + 0x1000, DATA(2), KPTE);
	map(p.a, KVA(9), DATA(3), KPTE);
	share_kernel(p.b, p.a);
	map(p.a, UVA(0), DATA(10), UPTE);
	map(p.b, UVA(0), DATA(11), UPTE);
	sw(p.a, 0);
	p.l3a = model_baseptr();
	sw(p.b, 0);
	p.l3b = model_baseptr();
	return p;
}

static void roots_share_kernel_shadow_l1s(void **state)
{
	unsigned long free0 = frames_free_count();
	uint64_t made0 = burn_counter_shadow_l1_made.count;
	struct pair p = two_processes(F(state));
	assert_true(p.l3a != p.l3b);
	uint64_t ea = model_l2_entry(p.l3a, KVA(0)), eb = model_l2_entry(p.l3b, KVA(0));
	assert_true(ea & PTE_PRESENT);
	assert_true(ea == eb);
	assert_true(model_l2_entry(p.l3a, KVA(9)) == model_l2_entry(p.l3b, KVA(9)));
	/* Two kernel tables, shadowed once for both roots (2-level: both halves
	 * of each 4 MiB table), plus 5 frames per root. */
	unsigned long kernel_l1s = F(state) == GUEST_PT_PAE ? 2 : 4;
	assert_int_equal(burn_counter_shadow_l1_made.count - made0, kernel_l1s);
	assert_int_equal(free0 - frames_free_count(), 2 * 5 + kernel_l1s);
	assert_int_equal(model_type_count((uint32_t)((ea & PTE_PAE_ADDR_MASK) >> 12)), 2);
}

static void user_halves_stay_private(void **state)
{
	struct pair p = two_processes(F(state));
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(11), 1, 1);
	sw(p.a, 0);
	assert_int_equal(model_baseptr(), p.l3a);
	assert_unmapped(UVA(0));
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(10), 1, 1);
	sw(p.b, 0);
	assert_maps(UVA(0), DATA(11), 1, 1);
	assert_true(model_l2_entry(p.l3a, UVA(0)) != model_l2_entry(p.l3b, UVA(0)));
	assert_sound(p.b, 0);
}

static void kernel_change_and_global_flush_reach_every_root(void **state)
{
	struct pair p = two_processes(F(state));
	/* In b: the kernel remaps a page, then flushes globally. */
	set_pte(p.a, KVA(0), DATA(20) | KPTE);
	set_pte(p.a, KVA(0) + 0x1000, 0);
	shadow_flush_global();
	assert_maps(KVA(0), DATA(20), 1, 0);
	assert_unmapped(KVA(0) + 0x1000);
	assert_sound(p.b, 0);
	sw(p.a, 0);
	assert_maps(KVA(0), DATA(20), 1, 0);
	assert_unmapped(KVA(0) + 0x1000);
	assert_sound(p.a, 0);
}

static void set_pxe_on_kernel_table_reaches_every_root(void **state)
{
	struct pair p = two_processes(F(state));
	setpxe(p.a, KVA(0) + 0x5000, DATA(21) | KPTE, 0);
	struct model_xlate x;
	assert_int_equal(model_translate_in(p.l3a, KVA(0) + 0x5000, &x), 0);
	assert_int_equal(x.mfn, MODEL_GUEST_MFN_BASE + (DATA(21) >> 12));
	assert_int_equal(model_translate_in(p.l3b, KVA(0) + 0x5000, &x), 0);
	assert_int_equal(x.mfn, MODEL_GUEST_MFN_BASE + (DATA(21) >> 12));
	setpxe(p.a, KVA(0), 0, 0);
	shadow_invalidate_page(KVA(0));
	assert_int_equal(model_translate_in(p.l3a, KVA(0), &x), -1);
	assert_int_equal(model_translate_in(p.l3b, KVA(0), &x), -1);
}

static void cached_root_resyncs_user_half_on_switch(void **state)
{
	struct pair p = two_processes(F(state));
	sw(p.a, 0);
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	sw(p.b, 0);
	/* While b runs, a's tables change (another CPU would have flushed a's
	 * TLB; here a's CR3 load does). */
	set_pte(p.a, UVA(0), DATA(12) | UPTE);
	sw(p.a, 0);
	assert_maps(UVA(0), DATA(12), 1, 1);
	assert_int_equal(burn_counter_shadow_root_built.count >= 2, 1);
	assert_sound(p.a, 0);
}

static void kernel_directory_change_reaches_cached_roots(void **state)
{
	struct pair p = two_processes(F(state)); /* b is current */
	/* The kernel moves region 0 to a new table, in every directory. */
	uint32_t t = new_table();
	wr(p.a.fmt, t + 3 * (p.a.fmt == GUEST_PT_PAE ? 8 : 4), DATA(40) | KPTE);
	set_pde(p.a, KVA(0), t | PDE_FLAGS);
	if (p.a.fmt == GUEST_PT_2LEVEL)
		set_pde(p.b, KVA(0), t | PDE_FLAGS);
	shadow_flush_global();
	assert_maps(KVA(0) + 0x3000, DATA(40), 1, 0);
	assert_unmapped(KVA(0));
	sw(p.a, 0);
	assert_int_equal(model_baseptr(), p.l3a);
	assert_maps(KVA(0) + 0x3000, DATA(40), 1, 0);
	assert_unmapped(KVA(0));
	assert_true(model_l2_entry(p.l3a, KVA(0)) == model_l2_entry(p.l3b, KVA(0)));
	assert_sound(p.a, 0);
}

/*
 * A kernel table that only a non-current root has shadowed: a's root was
 * built before the table was hooked into the (shared) kernel directory, c's
 * after.  The guest changes an entry by a plain write and flushes globally
 * while a runs; no TLB entry of any address space may survive that, so c
 * must see the change when it runs next.  (Fails while a global flush
 * resyncs only the current root's shadow L1s and marks the other roots for
 * a directory re-check only, shadow.c resync_slots(r, KERNEL_SLOT, .., 0).)
 */
static void global_flush_reaches_kernel_tables_only_other_roots_use(void **state)
{
	struct pair p = two_processes(F(state));
	/* A new kernel table (vmalloc), in the shared kernel directory. */
	map(p.a, KVA(20), DATA(30), KPTE);
	if (p.a.fmt == GUEST_PT_2LEVEL)
		set_pde(p.b, KVA(20), get_pde(p.a, KVA(20)));
	struct as c = as_new(p.a.fmt); /* a third process, built after it */
	share_kernel(c, p.a);
	sw(c, 0);
	uint32_t l3c = model_baseptr();
	assert_maps(KVA(20), DATA(30), 1, 0);
	sw(p.a, 0); /* a: never touched KVA(20) */
	set_pte(p.a, KVA(20), DATA(31) | KPTE);
	shadow_flush_global();
	sw(c, 0);
	assert_int_equal(model_baseptr(), l3c);
	assert_maps(KVA(20), DATA(31), 1, 0);
}

/* The same with invlpg (vunmap: clear the entry, invalidate the page); the
 * kernel's pages are global, so the invalidation must reach c's view.
 * (Fails while shadow_invalidate_page returns early when the current root
 * has no shadow L1 for the region.) */
static void invlpg_reaches_kernel_tables_only_other_roots_use(void **state)
{
	struct pair p = two_processes(F(state));
	map(p.a, KVA(20), DATA(30), KPTE);
	if (p.a.fmt == GUEST_PT_2LEVEL)
		set_pde(p.b, KVA(20), get_pde(p.a, KVA(20)));
	struct as c = as_new(p.a.fmt);
	share_kernel(c, p.a);
	sw(c, 0);
	assert_maps(KVA(20), DATA(30), 1, 0);
	sw(p.a, 0);
	set_pte(p.a, KVA(20), 0); /* vunmap: clear, then invlpg */
	shadow_invalidate_page(KVA(20));
	sw(c, 0);
	assert_unmapped(KVA(20));
}

/* ======================================================================== */
/* 4. Release and reuse of guest page tables                               */
/* ======================================================================== */

static void released_table_is_rebuilt_from_new_contents(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	map(a, UVA(0) + 0x1000, DATA(2), UPTE);
	uint32_t t = pt_for(a, UVA(0));
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0) + 0x1000, DATA(2), 1, 1);
	unsigned long free0 = frames_free_count();

	/* munmap: the directory entry goes, the TLB is flushed, the table is
	 * released (ReleasePage). */
	set_pde(a, UVA(0), 0);
	shadow_flush_user();
	assert_unmapped(UVA(0));
	shadow_table_changed(t, 0);
	assert_int_equal(frames_free_count(), free0 + 1);

	/* The page comes back as a table with other contents (AllocatePage),
	 * for the same region. */
	memset(ram() + t, 0, PAGE_SIZE);
	shadow_table_changed(t, 0);
	set_pde(a, UVA(0), t | PDE_FLAGS);
	map(a, UVA(0), DATA(3), UPTE);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(3), 1, 1);
	assert_unmapped(UVA(0) + 0x1000);
	assert_int_equal(fault(UVA(0) + 0x1000, 0, 1), 0);
	assert_sound(a, 0);
}

static void released_table_still_in_use_is_freed_when_let_go(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	map(a, UVA(0) + 0x1000, DATA(2), UPTE);
	uint32_t t = pt_for(a, UVA(0));
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	unsigned long free0 = frames_free_count();

	/* ReleasePage while the root still points at it. */
	shadow_table_changed(t, 0);
	assert_int_equal(frames_free_count(), free0);
	/* New contents, then the flush Linux does before the page is reused:
	 * nothing of the old contents may survive it. */
	memset(ram() + t, 0, PAGE_SIZE);
	map(a, UVA(0), DATA(4), UPTE);
	shadow_table_changed(t, 0);
	shadow_flush_user();
	assert_maps(UVA(0), DATA(4), 1, 1);
	assert_unmapped(UVA(0) + 0x1000);
	assert_sound(a, 0);

	/* The flush above already replaced the released shadow with a fresh
	 * one (its frame went back, the new one came out of the pool).  The
	 * directory lets go: the fresh shadow stays cached for reuse, so the
	 * pool is where it was, and nothing leaked. */
	set_pde(a, UVA(0), 0);
	shadow_flush_user();
	assert_unmapped(UVA(0));
	assert_int_equal(frames_free_count(), free0);
}

static void other_root_sees_reused_table_contents(void **state)
{
	struct as a = as_new(F(state)), b = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	uint32_t t = pt_for(a, UVA(0));
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	/* a's process exits: its table is released and reused by b. */
	set_pde(a, UVA(0), 0);
	shadow_flush_user();
	shadow_table_changed(t, 0);
	memset(ram() + t, 0, PAGE_SIZE);
	shadow_table_changed(t, 0);
	set_pde(b, UVA(4), t | PDE_FLAGS);
	map(b, UVA(4) + 0x2000, DATA(2), UPTE);
	sw(b, 0);
	assert_int_equal(fault(UVA(4) + 0x2000, 0, 1), 1);
	assert_maps(UVA(4) + 0x2000, DATA(2), 1, 1);
	assert_unmapped(UVA(4));
	assert_sound(b, 0);
}

static void frames_return_when_no_root_uses_them(void **state)
{
	unsigned long free0 = frames_free_count();
	struct pair p = two_processes(F(state));
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	sw(p.a, 0);
	assert_int_equal(fault(UVA(0), 1, 1), 1);
	assert_true(frames_free_count() < free0);
	/* Paging off again, both directories released, every table released. */
	shadow_switch(GUEST_PT_IDENTITY, 0, 0);
	shadow_table_changed(p.a.root, 1);
	shadow_table_changed(p.b.root, 1);
	assert_false(model_pinned(p.l3a));
	assert_false(model_pinned(p.l3b));
	for (uint32_t g = TABLE_GPFN_FIRST; g < next_table_gpfn; g++)
		shadow_table_changed(g << PAGE_SHIFT, 0);
	assert_int_equal(frames_free_count(), free0);
	assert_int_equal(model_pinned_count(), 1);
}

static void current_root_survives_release_of_its_directory(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	sw(a, 0);
	uint32_t l3 = model_baseptr();
	shadow_table_changed(a.root, 1);
	assert_true(model_pinned(l3));
	assert_maps(KVA(0), DATA(1), 1, 0);
	uint64_t built = burn_counter_shadow_root_built.count;
	sw(a, 0);
	assert_int_equal(burn_counter_shadow_root_built.count, built);
}

static void root_cache_evicts_least_recently_used(void **state)
{
	enum guest_pt_format f = F(state);
	struct as kernel = as_new(f);
	map(kernel, KVA(0), DATA(1), KPTE);
	struct as as[10];
	uint32_t l3[10];
	uint64_t evicted0 = burn_counter_shadow_root_evicted.count;
	for (int i = 0; i < 10; i++) {
		as[i] = as_new(f);
		share_kernel(as[i], kernel);
		map(as[i], UVA(0), DATA(10 + i), UPTE);
		sw(as[i], 0);
		l3[i] = model_baseptr();
		assert_int_equal(fault(UVA(0), 0, 1), 1);
		assert_maps(UVA(0), DATA(10 + i), 1, 1);
	}
	/* Eight roots at most: the identity root and as[0..1] went first (their
	 * frames went to as[7..9]). */
	assert_int_equal(model_pinned_count(), 8);
	for (int i = 2; i < 10; i++)
		assert_true(model_pinned(l3[i]));
	assert_int_equal(burn_counter_shadow_root_evicted.count - evicted0, 3);
	uint64_t built = burn_counter_shadow_root_built.count;
	sw(as[0], 0); /* rebuilt */
	assert_int_equal(burn_counter_shadow_root_built.count, built + 1);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_maps(UVA(0), DATA(10), 1, 1);
	sw(as[9], 0); /* still cached */
	assert_int_equal(burn_counter_shadow_root_built.count, built + 1);
	assert_maps(UVA(0), DATA(19), 1, 1);
	assert_maps(KVA(0), DATA(1), 1, 0);
}

/* ======================================================================== */
/* 5. Deferred updates                                                     */
/* ======================================================================== */

static void lazy_mode_batches_into_one_mmu_update(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	sw(a, 0);
	model_stats_reset();
	model_log_reset();
	shadow_set_lazy(1);
	for (uint32_t i = 0; i < 64; i++)
		setpxe(a, KVA(0) + 0x10000 + i * PAGE_SIZE, DATA(100 + i) | KPTE, 0);
	assert_int_equal(model_stats.mmu_update_calls, 0);
	assert_unmapped(KVA(0) + 0x10000);
	shadow_set_lazy(0);
	assert_int_equal(model_stats.mmu_update_calls, 1);
	assert_int_equal(mmu_update_size(0), 64);
	assert_true(model_stats.mmu_update_calls * 32 <= 64);
	for (uint32_t i = 0; i < 64; i++)
		assert_maps(KVA(0) + 0x10000 + i * PAGE_SIZE, DATA(100 + i), 1, 0);
	assert_sound(a, 0);
}

static void full_queue_goes_out_in_512s(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, KVA(1), DATA(2), KPTE);
	sw(a, 0);
	model_stats_reset();
	model_log_reset();
	shadow_set_lazy(1);
	for (uint32_t i = 0; i < 600; i++)
		setpxe(a, KVA(0) + i * PAGE_SIZE, DATA(200 + i) | KPTE, 0);
	assert_int_equal(model_stats.mmu_update_calls, 1);
	assert_int_equal(mmu_update_size(0), 512);
	shadow_set_lazy(0);
	assert_int_equal(model_stats.mmu_update_calls, 2);
	assert_int_equal(mmu_update_size(1), 88);
	for (uint32_t i = 0; i < 600; i += 37)
		assert_maps(KVA(0) + i * PAGE_SIZE, DATA(200 + i), 1, 0);
	assert_sound(a, 0);
}

static void without_lazy_mode_each_update_goes_at_once(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	sw(a, 0);
	model_stats_reset();
	for (uint32_t i = 0; i < 8; i++) {
		setpxe(a, KVA(0) + 0x10000 + i * PAGE_SIZE, DATA(100 + i) | KPTE, 0);
		assert_int_equal(model_stats.mmu_update_calls, i + 1);
		assert_maps(KVA(0) + 0x10000 + i * PAGE_SIZE, DATA(100 + i), 1, 0);
	}
	/* A user page's A and D as the guest wrote them. */
	map(a, UVA(0), DATA(119), UPTE);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	setpxe(a, UVA(0) + 0x20000, DATA(120) | G_P | G_RW | G_US, 0);
	assert_unmapped(UVA(0) + 0x20000);
	setpxe(a, UVA(0) + 0x21000, DATA(121) | G_P | G_RW | G_US | G_A, 0);
	assert_maps(UVA(0) + 0x21000, DATA(121), 0, 1);
	setpxe(a, UVA(0) + 0x21000, 0, 0);
	assert_unmapped(UVA(0) + 0x21000);
	/* A table nobody shadows costs nothing. */
	model_stats_reset();
	setpxe(a, UVA(30), DATA(122) | UPTE, 0);
	assert_int_equal(model_stats.mmu_update_calls, 0);
	assert_sound(a, 0);
}

static void deferred_updates_go_before_anything_looks(void **state)
{
	struct as a = as_new(F(state)), b = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, UVA(0), DATA(2), UPTE);
	share_kernel(b, a);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);

	/* DEFER without lazy mode, ended by shadow_flush_queue. */
	model_log_reset();
	for (uint32_t i = 0; i < 4; i++)
		setpxe(a, KVA(0) + 0x10000 + i * PAGE_SIZE, DATA(100 + i) | KPTE, 1);
	assert_int_equal(model_log_count(EV_MMU_UPDATE, -1), 0);
	shadow_flush_queue();
	assert_int_equal(mmu_update_size(0), 4);
	assert_maps(KVA(0) + 0x13000, DATA(103), 1, 0);

	/* Ended by invlpg: the batch first, then the invalidation. */
	shadow_set_lazy(1);
	setpxe(a, KVA(0) + 0x20000, DATA(110) | KPTE, 0);
	setpxe(a, UVA(0) + 0x1000, DATA(111) | UPTE, 0);
	model_log_reset();
	shadow_invalidate_page(KVA(0) + 0x30000);
	assert_int_equal(model_log[0].kind, EV_MMU_UPDATE);
	assert_int_equal(model_log[0].count, 2);
	assert_maps(UVA(0) + 0x1000, DATA(111), 1, 1);

	/* Ended by a fault (the trap path flushes too). */
	setpxe(a, KVA(0) + 0x21000, DATA(112) | KPTE, 0);
	model_log_reset();
	assert_int_equal(fault(UVA(0) + 0x7000, 0, 1), 0);
	assert_int_equal(model_log[0].kind, EV_MMU_UPDATE);
	assert_int_equal(model_log[0].count, 1);

	/* Ended by a CR3 switch: the batch goes before the new base pointer. */
	setpxe(a, KVA(0) + 0x22000, DATA(113) | KPTE, 0);
	setpxe(a, KVA(0) + 0x23000, DATA(114) | KPTE, 0);
	model_log_reset();
	sw(b, 0);
	assert_int_equal(model_log[0].kind, EV_MMU_UPDATE);
	assert_int_equal(model_log[0].count, 2);
	assert_maps(KVA(0) + 0x23000, DATA(114), 1, 0);
	shadow_set_lazy(0);
	assert_sound(b, 0);
}

static void one_table_shadowed_twice_gets_both_updates(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	uint32_t t = pt_for(a, UVA(0));
	/* The same table under a read-only directory entry elsewhere. */
	uint32_t other = UVA(8);
	set_pde(a, other, t | G_P | G_US | G_A);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_int_equal(fault(other, 0, 1), 1);
	assert_maps(other, DATA(1), 0, 1);
	model_stats_reset();
	model_log_reset();
	shadow_set_lazy(1);
	setpxe(a, UVA(0) + 0x1000, DATA(2) | UPTE, 0);
	shadow_set_lazy(0);
	assert_int_equal(model_stats.mmu_update_calls, 1);
	assert_int_equal(mmu_update_size(0), 2);
	assert_maps(UVA(0) + 0x1000, DATA(2), 1, 1);
	assert_maps(other + 0x1000, DATA(2), 0, 1);
	assert_sound(a, 0);
}

static void two_level_update_reaches_only_its_half(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_2LEVEL);
	map(a, KVA(0), DATA(1), KPTE);
	map(a, KVA(1), DATA(2), KPTE);
	sw(a, 0);
	model_log_reset();
	setpxe(a, KVA(1) + 0x4000, DATA(3) | KPTE, 0);
	assert_int_equal(model_log_count(EV_MMU_UPDATE, -1), 1);
	assert_int_equal(mmu_update_size(0), 1);
	assert_maps(KVA(1) + 0x4000, DATA(3), 1, 0);
	assert_unmapped(KVA(0) + 0x4000);
	/* The update went to the upper half's shadow L1, entry 4. */
	uint64_t l2e = model_l2_entry(model_baseptr(), KVA(1));
	assert_true(model_log_entries[model_log[0].first].ptr ==
	            ((l2e & PTE_PAE_ADDR_MASK) + 4 * 8));
}

/*
 * A queued update addressed to a cached shadow L1 must not outlive that
 * shadow's frame.  Here a FlushTLB during a batch needs a new shadow L1 while
 * no frame is free: evict_one() frees the cached shadow's frame, the new
 * shadow gets it, and the batch, sent at the end, writes the old table's
 * entry into the new table's shadow.  (Fails while neither evict_one() nor
 * shadow_flush_user()/shadow_flush_global() send the queue first.)
 */
static void deferred_update_does_not_land_in_a_recycled_frame(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	uint32_t t1 = pt_for(a, UVA(0));
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	/* The region moves to table t2: t1's shadow stays cached, unused. */
	uint32_t t2 = new_table();
	wr(a.fmt, t2, DATA(2) | UPTE);
	set_pde(a, UVA(0), t2 | PDE_FLAGS);
	shadow_flush_user();
	assert_maps(UVA(0), DATA(2), 1, 1);
	/* No frame left but the cached shadow's. */
	while (frames_free_count())
		frame_alloc();
	/* In a batch: an update of t1 (queued for its cached shadow) ... */
	shadow_set_lazy(1);
	wr(a.fmt, t1 + (a.fmt == GUEST_PT_PAE ? 8 * 5 : 4 * 5), DATA(5) | UPTE);
	shadow_pte_written(t1 + (a.fmt == GUEST_PT_PAE ? 8 * 5 : 4 * 5), DATA(5) | UPTE, 0);
	/* ... then the region moves to a fresh table t3 and the TLB is flushed:
	 * t3's shadow takes the evicted frame of t1's. */
	uint32_t t3 = new_table();
	wr(a.fmt, t3, DATA(3) | UPTE);
	set_pde(a, UVA(0), t3 | PDE_FLAGS);
	shadow_flush_user();
	shadow_set_lazy(0);
	assert_maps(UVA(0), DATA(3), 1, 1);
	assert_unmapped(UVA(0) + 5 * PAGE_SIZE);
	assert_sound(a, 0);
}

/* ======================================================================== */
/* 6. Running out of frames                                                */
/* ======================================================================== */

static void no_frame_for_a_shadow_l1_stops_the_wedge(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, UVA(0), DATA(2), UPTE);
	sw(a, 0);
	while (frames_free_count())
		frame_alloc();
	EXPECT_STOP(STOP_WEDGE_BUG, fault(UVA(0), 0, 1));
	assert_msg_has("shadow pool exhausted");
	assert_msg_has("no free frame");
}

static void idle_cached_shadow_is_evicted_for_a_new_one(void **state)
{
	struct as a = as_new(F(state));
	map(a, UVA(0), DATA(1), UPTE);
	map(a, UVA(8), DATA(2), UPTE);
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	set_pde(a, UVA(0), 0);
	shadow_flush_user(); /* UVA(0)'s shadow: cached, unused */
	while (frames_free_count())
		frame_alloc();
	uint64_t evicted = burn_counter_shadow_l1_evicted.count;
	assert_int_equal(fault(UVA(8), 0, 1), 1);
	assert_maps(UVA(8), DATA(2), 1, 1);
	assert_int_equal(burn_counter_shadow_l1_evicted.count, evicted + 1);
	assert_sound(a, 0);
}

static void no_frame_for_a_root_stops_the_wedge(void **state)
{
	struct as a = as_new(F(state));
	while (frames_free_count())
		frame_alloc();
	EXPECT_STOP(STOP_WEDGE_BUG, sw(a, 0));
	assert_msg_has("exhausted");
}

static void every_shadow_l1_in_use_stops_the_wedge(void **state)
{
	(void)state;
	world_reset(3400);
	/* Eight PAE address spaces, each with 420 large kernel pages of its
	 * own: 3360 live shadow L1s, more than the wedge's 3072. */
	struct as as[8];
	for (uint32_t r = 0; r < 8; r++) {
		as[r] = as_new(GUEST_PT_PAE);
		for (uint32_t i = 0; i < KERNEL_REGIONS; i++) {
			uint32_t n = r * KERNEL_REGIONS + i;
			uint64_t pde =
			    (0x01000000ull + (uint64_t)(n % 2040) * 0x200000) | G_P | G_A | G_PS;
			pde |= n / 2040 ? G_RW : 0; /* rights are part of a shadow's identity */
			set_pde(as[r], KVA(i), pde);
		}
	}
	for (uint32_t r = 0; r < 7; r++)
		sw(as[r], 0);
	EXPECT_STOP(STOP_WEDGE_BUG, sw(as[7], 0));
	assert_msg_has("shadow pool exhausted");
	assert_msg_has("3072");
}

/* ======================================================================== */
/* 7. The wedge's own range and guest RAM's end                            */
/* ======================================================================== */

static void map_above_the_wedge_base(struct as a)
{
	for (uint32_t va = WEDGE_VIRT_BASE; va != 0; va += 1u << 21)
		map(a, va, DATA(50), KPTE | G_US);
}

static void wedge_range_is_never_mapped_from_guest_entries(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map_above_the_wedge_base(a);
	sw(a, 0);
	assert_wedge_range_intact();
	assert_int_equal(fault(WEDGE_VIRT_BASE, 0, 0), 0);
	assert_int_equal(fault(WEDGE_VIRT_BASE + 0x200000, 1, 1), 0);
	assert_int_equal(fault(0xFFFFF000u, 0, 0), 0);
	shadow_invalidate_page(WEDGE_VIRT_BASE);
	shadow_flush_global();
	shadow_flush_user();
	setpxe(a, WEDGE_VIRT_BASE + 0x1000, DATA(51) | KPTE, 0);
	sw(a, 0);
	assert_wedge_range_intact();
	struct model_xlate x;
	assert_int_equal(model_translate(WEDGE_VIRT_BASE + 0x200000, &x), -1);
	assert_sound(a, 0);
}

/*
 * map_running_stack() maps the pages around the wedge's %esp, including the
 * page above it; with %esp in the last page below WEDGE_VIRT_BASE that page
 * is the wedge's own first 2 MiB region.  (Fails while the loop in
 * map_running_stack is not bounded by WEDGE_VIRT_BASE: rekey_region() on
 * slot 3 index 420 overwrites the wedge's L2 entry, with 0 here, so the new
 * root no longer maps the wedge ...)
 */
static void stack_below_the_wedge_does_not_touch_the_wedge_range(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	/* The wedge's %esp in the last page below its own range. */
	run_switch_on_stack(a, WEDGE_VIRT_BASE - 0x200);
	assert_int_equal(shadow_current_root(), a.root);
	assert_wedge_range_intact();
}

/* ... or with a shadow of the guest's own table for that range, when the
 * guest has one: guest entries mapped over the wedge. */
static void stack_below_the_wedge_does_not_map_guest_entries_there(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map_above_the_wedge_base(a);
	run_switch_on_stack(a, WEDGE_VIRT_BASE - 0x200);
	assert_wedge_range_intact();
}

static void running_stack_is_mapped_before_the_switch(void **state)
{
	struct as a = as_new(F(state));
	/* A kernel stack whose pages the guest has not used yet (A clear). */
	for (uint32_t va = KVA(10) - 0x8000; va < KVA(10) + 0x2000; va += PAGE_SIZE)
		map(a, va, DATA(60) + (va - KVA(10) + 0x8000), G_P | G_RW);
	run_switch_on_stack(a, KVA(10) - 0x200);
	uint32_t page = on_stack.esp & ~0xfffu;
	assert_maps(page, DATA(60) + (page - KVA(10) + 0x8000), 1, 0);
	assert_true((get_pte(a, page) & (G_A | G_D)) == (G_A | G_D));
	assert_sound(a, 0);
}

static void entry_beyond_guest_ram_stops_with_its_address(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), 0x02000000u, KPTE); /* 32 MiB: past the 16 MiB of RAM */
	map(a, UVA(0), DATA(1), UPTE);
	map(a, UVA(0) + 0x1000, 0x03fff000u, UPTE);
	sw(a, 0);
	assert_unmapped(KVA(0));
	EXPECT_STOP(STOP_GUEST_FAULT, fault(KVA(0), 0, 0));
	assert_msg_has("0xc0000000");
	assert_msg_has("0x02000000");
	world_dirty = 0;
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	assert_unmapped(UVA(0) + 0x1000);
	EXPECT_STOP(STOP_GUEST_FAULT, fault(UVA(0) + 0x1000, 1, 1));
	assert_msg_has("0x08001000");
	assert_msg_has("0x03fff000");
}

/* A PAE entry naming memory above 4 GiB is outside guest RAM too.  (Fails
 * while shadow_l1.c truncates entry addresses to 32 bits: 0x100005000 is
 * shadowed as guest frame 5.) */
static void pae_entry_above_4gib_stops_with_its_address(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	map(a, UVA(0), DATA(1), UPTE);
	set_pte(a, UVA(0) + 0x1000, 0x100005000ull | UPTE); /* 4 GiB + 20 KiB */
	sw(a, 0);
	assert_int_equal(fault(UVA(0), 0, 1), 1);
	struct model_xlate x;
	if (model_translate(UVA(0) + 0x1000, &x) == 0)
		fail_msg("0x%08x (guest entry -> 0x100005000) is shadowed to mfn 0x%x, guest frame "
		         "0x%x",
		         UVA(0) + 0x1000, x.mfn, x.mfn - MODEL_GUEST_MFN_BASE);
	EXPECT_STOP(STOP_GUEST_FAULT, fault(UVA(0) + 0x1000, 0, 1));
	assert_msg_has("0x08001000");
}

/* A large page past the end of RAM is refused as a 4 KiB one is.  (Fails
 * while SL1_LARGE shadows leave such pages silently unmapped: the guest gets
 * its page fault back, again and again.) */
static void large_page_beyond_guest_ram_stops_with_its_address(void **state)
{
	struct as a = as_new(F(state));
	set_pde(a, UVA(0), 0x02000000u | G_P | G_RW | G_US | G_A | G_D | G_PS);
	sw(a, 0);
	EXPECT_STOP(STOP_GUEST_FAULT, fault(UVA(0) + 0x3000, 0, 1));
	assert_msg_has("0x08003000");
}

/* ======================================================================== */
/* xen/guest_pt.c: the guest's own walk                                    */
/* ======================================================================== */

static void check_walk_at(int line, struct as a, uint32_t va)
{
	struct guest_walk w;
	struct gwalk want;
	gwalk(a, va, &want);
	int rc = guest_pt_walk(a.fmt, a.root, va, &w);
	if (!want.present) {
		if (rc != -1)
			fail_msg(
			    "line %d: walk of 0x%08x gave 0x%08x; the guest maps nothing there",
			    line, va, w.gpa);
		return;
	}
	if (rc != 0)
		fail_msg("line %d: walk of 0x%08x failed; the guest maps it to 0x%llx", line, va,
		         (unsigned long long)want.gpa);
	if (w.gpa != want.gpa || w.writable != want.rw || w.user != want.us)
		fail_msg("line %d: walk of 0x%08x: 0x%08x rw=%d us=%d; expected 0x%llx rw=%d us=%d",
		         line, va, w.gpa, w.writable, w.user, (unsigned long long)want.gpa, want.rw,
		         want.us);
	if (a.fmt != GUEST_PT_IDENTITY &&
	    (rd(a.fmt, w.pte_gpa) != w.pte || w.pte_is_64bit != (a.fmt == GUEST_PT_PAE)))
		fail_msg("line %d: walk of 0x%08x: entry at 0x%08x is 0x%llx, walk says 0x%llx",
		         line, va, w.pte_gpa, (unsigned long long)rd(a.fmt, w.pte_gpa),
		         (unsigned long long)w.pte);
}
#define check_walk(a, va) check_walk_at(__LINE__, (a), (va))

static void guest_walk_follows_the_guest_tables(void **state)
{
	struct as a = as_new(F(state));
	map(a, KVA(0), DATA(1), KPTE);
	map(a, KVA(0) + 0x1000, DATA(2), G_P | G_A);
	map(a, UVA(0), DATA(3), UPTE);
	map(a, UVA(0) + 0x1000, DATA(4), G_P | G_US);
	map(a, UVA(8), DATA(5), UPTE);
	set_pde(a, UVA(8), get_pde(a, UVA(8)) & ~(G_RW | G_US));
	set_pde(a, KVA(4), 0x00400000u | G_P | G_RW | G_PS);
	set_pde(a, UVA(16), 0x00800000u | G_P | G_US | G_PS);
	uint32_t vas[] = {KVA(0),          KVA(0) + 0x1abc, KVA(0) + 0x2000,  UVA(0) + 0x123,
	                  UVA(0) + 0x1fff, UVA(8) + 0x10,   UVA(8) + 0x1000,  KVA(4) + 0x12345,
	                  KVA(5) + 0x5000, UVA(16) + 0x7,   UVA(17) + 0x3000, 0x00001000u,
	                  0xFFFFF000u,     KVA(300)};
	for (unsigned int i = 0; i < sizeof(vas) / sizeof(vas[0]); i++)
		check_walk(a, vas[i]);
	/* Paging off. */
	struct as id = {GUEST_PT_IDENTITY, 0};
	check_walk(id, 0x12345);
	check_walk(id, guest_phys.ram_bytes);
}

static void guest_walk_reports_nx(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	map(a, KVA(0), DATA(1), KPTE | G_NX);
	map(a, KVA(8), DATA(2), KPTE);
	set_pde(a, KVA(8), get_pde(a, KVA(8)) | G_NX);
	map(a, KVA(9), DATA(3), KPTE);
	struct guest_walk w;
	assert_int_equal(guest_pt_walk(a.fmt, a.root, KVA(0), &w), 0);
	assert_true(w.nx);
	assert_int_equal(guest_pt_walk(a.fmt, a.root, KVA(8), &w), 0);
	assert_true(w.nx);
	assert_int_equal(guest_pt_walk(a.fmt, a.root, KVA(9), &w), 0);
	assert_false(w.nx);
}

static void guest_walk_outside_ram_fails(void **state)
{
	struct as a = as_new(F(state));
	set_pde(a, UVA(0), 0x02000000u | PDE_FLAGS); /* a page table past the end of RAM */
	struct guest_walk w;
	assert_int_equal(guest_pt_walk(a.fmt, a.root, UVA(0), &w), -1);
	if (a.fmt == GUEST_PT_PAE) {
		wr(a.fmt, a.root, 0x03000000u | G_P); /* a PD past the end */
		assert_int_equal(guest_pt_walk(a.fmt, a.root, 0x1000, &w), -1);
	}
}

/* A PAE entry names a 52-bit address; guest RAM ends below 4 GiB.  (Fails
 * while guest_pt.c truncates entry addresses to 32 bits.) */
static void guest_walk_of_pae_entry_above_4gib_is_not_in_ram(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	set_pte(a, UVA(0), 0x100005000ull | UPTE);
	struct guest_walk w;
	int rc = guest_pt_walk(a.fmt, a.root, UVA(0), &w);
	if (rc == 0 && w.gpa < guest_phys.ram_bytes)
		fail_msg("the walk of 0x%08x (entry -> 0x100005000) gives guest RAM at 0x%08x",
		         UVA(0), w.gpa);
}

/* ======================================================================== */
/* The model itself                                                        */
/* ======================================================================== */

static void model_refuses_what_xen_refuses(void **state)
{
	(void)state;
	struct as a = as_new(GUEST_PT_PAE);
	map(a, KVA(0), DATA(1), KPTE);
	sw(a, 0);
	uint32_t l3 = model_baseptr();
	uint64_t l2e = model_l2_entry(l3, KVA(0));
	uint32_t l1 = (uint32_t)((l2e & PTE_PAE_ADDR_MASK) >> 12);
	assert_int_equal(model_type(l1), PT_L1);
	assert_int_equal(model_type(l3), PT_L3);
	/* A writable mapping of a page table. */
	mmu_update_t u = {.ptr = ((uint64_t)l1 << 12) + 8, .val = ((uint64_t)l1 << 12) | 3};
	unsigned int done = 9;
	assert_int_not_equal(HYPERVISOR_mmu_update(&u, 1, &done, DOMID_SELF), 0);
	assert_int_equal(done, 0);
	/* A frame that is not the domain's. */
	u.val = (0x123456ull << 12) | 1;
	assert_int_not_equal(HYPERVISOR_mmu_update(&u, 1, &done, DOMID_SELF), 0);
	/* An L2 entry to a frame with a writable mapping. */
	dpfn_t d = frame_alloc();
	mfn_t m = dpfn_to_mfn(d);
	mm_clear_frame(m);
	void *w = window_map(m, 1);
	uint64_t l3e = ((const uint64_t *)model_frame(l3))[3];
	uint64_t slot3_l2 = l3e & PTE_PAE_ADDR_MASK;
	mmu_update_t u3 = {.ptr = slot3_l2 + 100 * 8, .val = ((uint64_t)m.v << 12) | 7};
	assert_int_not_equal(HYPERVISOR_mmu_update(&u3, 1, &done, DOMID_SELF), 0);
	window_unmap(w);
	assert_int_equal(HYPERVISOR_mmu_update(&u3, 1, &done, DOMID_SELF), 0);
	assert_int_equal(model_type(m.v), PT_L1);
	/* Xen's own L2 slots. */
	mmu_update_t u4 = {.ptr = slot3_l2 + MODEL_XEN_L2_FIRST * 8, .val = 0};
	assert_int_not_equal(HYPERVISOR_mmu_update(&u4, 1, &done, DOMID_SELF), 0);
	/* The slot-3 L2 cannot be shared by a second L3. */
	dpfn_t d3 = frame_alloc();
	mfn_t m3 = dpfn_to_mfn(d3);
	mm_clear_frame(m3);
	uint64_t *l3copy = window_map(m3, 1);
	memcpy(l3copy, model_frame(l3), 32);
	window_unmap(l3copy);
	struct mmuext_op pin = {.cmd = MMUEXT_PIN_L3_TABLE, .arg1.mfn = m3.v};
	assert_int_not_equal(HYPERVISOR_mmuext_op(&pin, 1, &done, DOMID_SELF), 0);
	/* update_va_mapping walks the current root. */
	uint64_t pte7 = pte_for_mfn(gpfn_to_mfn(DATA(7) >> 12), KPTE);
	if (HYPERVISOR_update_va_mapping(KVA(0) + 0x7000, pte7, UVMF_INVLPG) != 0)
		fail_msg("update_va_mapping refused: %s", model_refusal);
	assert_maps(KVA(0) + 0x7000, DATA(7), 1, 0);
	assert_int_not_equal(HYPERVISOR_update_va_mapping(UVA(50), pte7, UVMF_INVLPG), 0);
	/* A guest frame number is no machine frame. */
	assert_int_not_equal(HYPERVISOR_update_va_mapping(KVA(0) + 0x7000, DATA(7) | KPTE, 0), 0);
	/* Undo, so that the end-of-test check holds. */
	u3.val = 0;
	assert_int_equal(HYPERVISOR_mmu_update(&u3, 1, &done, DOMID_SELF), 0);
	assert_int_equal(model_type(m.v), PT_NONE);
	assert_int_equal(HYPERVISOR_update_va_mapping(KVA(0) + 0x7000, 0, UVMF_INVLPG), 0);
	frame_free(d);
	frame_free(d3);
	assert_null(model_check());
}

/* ======================================================================== */

#define BOTH(fn)                                                                                   \
	{#fn " (PAE)", fn, setup, teardown, (void *)&fmt_pae},                                     \
	{                                                                                          \
#fn " (2-level)", fn, setup, teardown, (void *)&fmt_2level                         \
	}
#define ONE(fn)                                                                                    \
	{                                                                                          \
#fn, fn, setup, teardown, (void *)&fmt_pae                                         \
	}

static const struct CMUnitTest tests[] = {
    /* 1. translation */
    BOTH(kernel_half_is_mapped_at_switch),
    BOTH(user_view_makes_kernel_pages_user),
    BOTH(user_half_fills_on_fault),
    BOTH(absent_entry_in_shadowed_region_faults_to_guest),
    BOTH(absent_entry_in_fresh_region_faults_to_guest),
    BOTH(user_access_to_supervisor_page_faults_to_guest),
    BOTH(write_to_read_only_page_faults_to_guest),
    BOTH(large_pages_are_mapped),
    ONE(nx_follows_efer),
    BOTH(rom_frames_stay_read_only),
    ONE(identity_map_while_paging_is_off),
    ONE(pae_pdpt_need_not_be_page_aligned),
    /* 2. accessed and dirty */
    BOTH(accessed_and_dirty_are_set_on_first_use),
    BOTH(kernel_pages_get_accessed_and_dirty_at_once),
    BOTH(clean_writable_user_page_is_read_only_until_written),
    BOTH(cleared_accessed_and_dirty_rearm_after_invlpg),
    BOTH(cleared_bits_rearm_after_flushes),
    BOTH(same_cr3_reload_flushes_the_tlb),
    BOTH(refused_access_leaves_guest_entry_alone),
    ONE(pae_accessed_update_keeps_high_half),
    ONE(two_level_upper_half_entry_is_marked),
    /* 3. sharing */
    BOTH(roots_share_kernel_shadow_l1s),
    BOTH(user_halves_stay_private),
    BOTH(kernel_change_and_global_flush_reach_every_root),
    BOTH(set_pxe_on_kernel_table_reaches_every_root),
    BOTH(cached_root_resyncs_user_half_on_switch),
    BOTH(kernel_directory_change_reaches_cached_roots),
    BOTH(global_flush_reaches_kernel_tables_only_other_roots_use),
    BOTH(invlpg_reaches_kernel_tables_only_other_roots_use),
    /* 4. release */
    BOTH(released_table_is_rebuilt_from_new_contents),
    BOTH(released_table_still_in_use_is_freed_when_let_go),
    BOTH(other_root_sees_reused_table_contents),
    BOTH(frames_return_when_no_root_uses_them),
    BOTH(current_root_survives_release_of_its_directory),
    BOTH(root_cache_evicts_least_recently_used),
    /* 5. deferral */
    BOTH(lazy_mode_batches_into_one_mmu_update),
    BOTH(full_queue_goes_out_in_512s),
    BOTH(without_lazy_mode_each_update_goes_at_once),
    BOTH(deferred_updates_go_before_anything_looks),
    BOTH(one_table_shadowed_twice_gets_both_updates),
    ONE(two_level_update_reaches_only_its_half),
    BOTH(deferred_update_does_not_land_in_a_recycled_frame),
    /* 6. exhaustion */
    BOTH(no_frame_for_a_shadow_l1_stops_the_wedge),
    BOTH(idle_cached_shadow_is_evicted_for_a_new_one),
    BOTH(no_frame_for_a_root_stops_the_wedge),
    ONE(every_shadow_l1_in_use_stops_the_wedge),
    /* 7. the wedge's range, RAM's end */
    BOTH(wedge_range_is_never_mapped_from_guest_entries),
    BOTH(stack_below_the_wedge_does_not_touch_the_wedge_range),
    BOTH(stack_below_the_wedge_does_not_map_guest_entries_there),
    BOTH(running_stack_is_mapped_before_the_switch),
    BOTH(entry_beyond_guest_ram_stops_with_its_address),
    ONE(pae_entry_above_4gib_stops_with_its_address),
    BOTH(large_page_beyond_guest_ram_stops_with_its_address),
    /* guest_pt.c */
    BOTH(guest_walk_follows_the_guest_tables),
    ONE(guest_walk_reports_nx),
    BOTH(guest_walk_outside_ram_fails),
    ONE(guest_walk_of_pae_entry_above_4gib_is_not_in_ram),
    /* the model */
    ONE(model_refuses_what_xen_refuses),
};

static int run_status;

static void *run_all(void *arg)
{
	(void)arg;
	const char *filter = getenv("SHADOW_TEST_FILTER");
	const char *skip = getenv("SHADOW_TEST_SKIP");
	if (filter)
		cmocka_set_test_filter(filter);
	if (skip)
		cmocka_set_skip_filter(skip);
	run_status = cmocka_run_group_tests_name("shadow MMU", tests, NULL, NULL);
	return NULL;
}

int main(void)
{
	/* The tests run in a thread whose stack addresses end in 0xf6xxxxxx,
	 * above WEDGE_VIRT_BASE: for shadow_switch, the wedge's own stack. */
	run_on_stack(0x7e0000000000ull, 0xf6800000u, 8u << 20, run_all);
	return run_status;
}
