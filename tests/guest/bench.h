/*
 * Bench mode of the conformance guest (tests/bench/README.md).  With the
 * word `bench` on the boot command line, guest_main() runs the boot,
 * VMI_Init and ROM-call set-up as usual and then the benchmarks instead of
 * the phases that follow (bench_main.c), which print one line each:
 *
 *   bench: NAME key=value ...
 *
 * and end the run with the usual summary and exit code.  The timed loops,
 * the handlers they use and the ring-3 programs are in bench_loops.S.
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

/* EAX of the user program's last int $0x80: back to the kernel. */
#define BENCH_SYS_EXIT 0xbe0c0de0
/* Bytes of the faulting load in the #PF loops (movl (%ebx), %eax). */
#define BENCH_PF_INSN_LEN 2

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* `bench` is a word of the boot command line (boot_params.cmd_line_ptr). */
bool bench_requested(void);

/* The benchmarks; ends the run.  not_run_why: as for the ROM-call phases. */
_Noreturn void run_benchmarks(const char *not_run_why);

/*
 * A timed loop: n iterations (n >= 1) of one body, with a and b handed to
 * it (in EBX and EBP); returns the TSC cycles, read with native rdtsc just
 * before and after the loop (including its set-up and tear-down, if any).
 */
typedef uint32_t bench_loop_fn(uint32_t n, uint32_t a, uint32_t b);

bench_loop_fn bench_empty;             /* decl; jnz: the loop overhead */
bench_loop_fn bench_nop10;             /* 10 x nop: the calibration */
bench_loop_fn bench_irq_disable;       /* call DisableInterrupts */
bench_loop_fn bench_irq_enable;        /* call EnableInterrupts */
bench_loop_fn bench_get_mask;          /* call GetInterruptMask */
bench_loop_fn bench_set_mask;          /* EAX = a; call SetInterruptMask */
bench_loop_fn bench_irq_save_restore;  /* Get, Disable, Set(flags): local_irq_save/restore */
bench_loop_fn bench_native_pushf_popf; /* pushfl; popfl */
bench_loop_fn bench_native_get_flags;  /* pushfl; popl %eax */
bench_loop_fn bench_native_set_flags;  /* pushl %eax; popfl */
bench_loop_fn bench_trapped_cli;       /* cli at ring 1: trap and emulate */
bench_loop_fn bench_trapped_sti;       /* sti at ring 1: trap and emulate */
bench_loop_fn bench_pf_load;           /* movl (a), %eax: faults each time */
bench_loop_fn bench_pf_map_cycle;      /* the load (faults, handler maps), unmap, InvalPage(a) */
bench_loop_fn bench_invalpage;         /* InvalPage(a) */
bench_loop_fn bench_pxe_set;           /* SetPxE(Long)(b, a + i * entry size, VMI_PAGE_PT) */
bench_loop_fn bench_pxe_set_lazy;      /* the same between SetLazyMode(1) and SetLazyMode(0) */
bench_loop_fn bench_pxe_empty;         /* the same argument set-up, no call */
bench_loop_fn bench_pxe_native;        /* the native store of entry b at a + i * size */
bench_loop_fn bench_pxe_native_empty;  /* its address step alone */
bench_loop_fn bench_cr3_switch;        /* SetCR3(a); SetCR3(b) */
bench_loop_fn bench_cr3_trapped;       /* movl a, %cr3; movl b, %cr3 at ring 1 */
bench_loop_fn bench_mov2_empty;        /* the two register moves of those */

/* The #PF handlers (interrupt gates for vector 14): skip the load, return
 * through the ROM's IRET or a native iret; or map the page with SetPxE(Long)
 * (bench_pf_map_pte at bench_pf_map_ptep) and return through the ROM's IRET. */
void bench_pf_skip_rom(void);
void bench_pf_skip_native(void);
void bench_pf_map_rom(void);
extern volatile uint32_t bench_pf_faults;
extern volatile uint32_t bench_pf_map_pte, bench_pf_map_ptep;

/* Ring 3: enter user code at eip (stack esp, EBX = count) through the ROM's
 * IRET; returns when the user program's exit int $0x80 arrives. */
void bench_user_run(uint32_t eip, uint32_t esp, uint32_t count);
/* The int $0x80 gates: return through the ROM's IRET or a native iret. */
void bench_sys_rom(void);
void bench_sys_native(void);

/* The user programs, copied to a user page (position-independent):
 * count x int $0x80, or the same loop without it; then the exit. */
extern char bench_user_start[], bench_user_end[];
extern char bench_uprog_int80[], bench_uprog_empty[];
#endif

#endif
