/*
 * A host model of what the shadow MMU (xen/shadow.c, xen/shadow_l1.c) runs
 * on, for tests/unit/test_shadow.c:
 *
 *   - guest RAM: MODEL_GUEST_PAGES frames of bytes; guest frame g is machine
 *     frame MODEL_GUEST_MFN_BASE + g (wedge/guest_mem.h's interface);
 *   - the wedge's frame pool (xen/mm.h's frame_alloc/frame_free/dpfn_to_mfn),
 *     dpfn d being machine frame MODEL_POOL_MFN_BASE + (pool size - 1 - d);
 *   - the wedge's own range: eight L1 pages (the L2 entries every slot-3 L2
 *     must carry, mm_copy_wedge_l2_entries) and one image page they map;
 *   - Xen: machine frames with page types and type counts, pinning, the
 *     current base pointer, mmu_update / mmuext_op / update_va_mapping with
 *     the checks of a 32-on-64 PV guest that matter here (Xen refuses an
 *     update the way it would: the call fails with -EINVAL and the reason is
 *     kept in model_refusal), mapping windows, and a small TLB.
 *
 * Ending a run: wedge_bug(), guest_fault(), bad_input() and wedge_exit()
 * record a kind and message and longjmp to model_catcher when a test armed
 * one; otherwise the cmocka test fails with the message.
 */
#ifndef SHADOW_MODEL_H
#define SHADOW_MODEL_H

#include <setjmp.h>
#include <stdint.h>

#define MODEL_GUEST_PAGES     4096u /* 16 MiB of guest RAM */
#define MODEL_GUEST_MFN_BASE  0x10000u
#define MODEL_POOL_MFN_BASE   0x40000u
#define MODEL_POOL_MAX        8192u
#define MODEL_WEDGE_MFN_BASE  0x7f000u
#define MODEL_WEDGE_L1S       8u
#define MODEL_WEDGE_IMAGE_MFN (MODEL_WEDGE_MFN_BASE + MODEL_WEDGE_L1S)
#define MODEL_WEDGE_L2_FIRST  420u /* (0xF4800000 >> 21) & 511 */
#define MODEL_XEN_L2_FIRST    428u /* (0xF5800000 >> 21) & 511: Xen's compat area */

/* ---- the world --------------------------------------------------------- */

/* Forget every frame, type, pin, window and count; a pool of pool_frames. */
void model_reset(unsigned int pool_frames);

/* Guest RAM as bytes (guest-physical address = offset). */
uint8_t *model_guest_ram(void);
/* The contents of a machine frame of the domain, NULL if not one. */
uint8_t *model_frame(uint32_t mfn);
uint32_t model_pool_size(void);
/* Frames currently handed out by frame_alloc. */
uint32_t model_pool_allocated(void);
/* 1 if dpfn is currently allocated. */
int model_dpfn_allocated(uint32_t dpfn);
/* The dpfn of a pool mfn, -1 if mfn is not a pool frame. */
int model_pool_dpfn(uint32_t mfn);

/* ---- Xen's view -------------------------------------------------------- */

enum model_ptype { PT_NONE, PT_L1, PT_L2, PT_L3 };
enum model_ptype model_type(uint32_t mfn);
uint32_t model_type_count(uint32_t mfn);
uint32_t model_writable_count(uint32_t mfn);
int model_pinned(uint32_t mfn);
uint32_t model_pinned_count(void);
uint32_t model_baseptr(void); /* L3 mfn of the current root, 0 if none */

/* Why Xen refused the last refused operation ("" if none yet). */
extern char model_refusal[256];

/* Recompute every type count and writable count from scratch (pins, base
 * pointer, validated tables, windows) and compare with the running counts;
 * also: no allocated-but-typed mismatch (a typed pool frame must be
 * allocated), no open window.  NULL if all is well, else what is wrong. */
const char *model_check(void);

/* Open mapping windows. */
unsigned int model_open_windows(void);

/* ---- hypercall accounting ---------------------------------------------- */

struct model_stats {
	unsigned int mmu_update_calls;
	unsigned int mmu_update_entries;
	unsigned int mmuext_calls;
	unsigned int new_baseptr;
	unsigned int tlb_flush_local;
	unsigned int invlpg_local;
	unsigned int pin;
	unsigned int unpin;
	unsigned int clear_page;
	unsigned int update_va_mapping;
	unsigned int refused;
};
extern struct model_stats model_stats;
void model_stats_reset(void);

/* Every hypercall since model_log_reset, in order. */
enum model_event_kind { EV_MMU_UPDATE, EV_MMUEXT, EV_UPDATE_VA };
struct model_event {
	enum model_event_kind kind;
	unsigned int cmd;   /* mmuext: the command */
	uint64_t arg;       /* mmuext: mfn or linear address; update_va: va */
	unsigned int count; /* mmu_update: entries */
	unsigned int first; /* mmu_update: index of its first entry in model_log_entries */
};
#define MODEL_LOG_EVENTS  8192u
#define MODEL_LOG_ENTRIES 65536u
extern struct model_event model_log[MODEL_LOG_EVENTS];
extern unsigned int model_log_len;
extern struct model_log_entry {
	uint64_t ptr, val;
} model_log_entries[MODEL_LOG_ENTRIES];
void model_log_reset(void);
/* Number of logged events of a kind (mmuext: of command cmd; -1 any). */
unsigned int model_log_count(enum model_event_kind kind, int cmd);

/* ---- translation ------------------------------------------------------- */

struct model_xlate {
	int present;
	uint32_t mfn;
	int rw, user, nx;
};
/* Walk the current root (L3 -> L2 -> L1) for va; 0 if mapped, -1 if not. */
int model_translate(uint32_t va, struct model_xlate *out);
/* The same in the tree rooted at l3_mfn. */
int model_translate_in(uint32_t l3_mfn, uint32_t va, struct model_xlate *out);
/* The L2 entry that serves va in the tree rooted at l3_mfn (0 if none). */
uint64_t model_l2_entry(uint32_t l3_mfn, uint32_t va);
/* What an access through the TLB would use: a cached translation if the
 * TLB holds one for va's page, else a walk (which fills the TLB). */
int model_tlb_translate(uint32_t va, struct model_xlate *out);
void model_tlb_flush(void);

/* ---- stopping ---------------------------------------------------------- */

enum model_stop { STOP_NONE, STOP_WEDGE_BUG, STOP_GUEST_FAULT, STOP_BAD_INPUT, STOP_EXIT };
struct model_catch {
	jmp_buf env;
};
/* Armed by a test; disarmed (set to NULL) when a stop jumps to it. */
extern struct model_catch *model_catcher;
extern enum model_stop model_stop_kind;
extern char model_stop_msg[1024];

#endif
