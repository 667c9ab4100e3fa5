/*
 * What the selftest's parts share: the test functions (one file per
 * area: selftest_process.c, selftest_memory.c, selftest_signals.c,
 * selftest_cpu.c), the helpers they use to report and to watch children
 * (selftest.c), and the assembly probes (selftest_probes.S).
 *
 * A test returns 0 when it passes, or a reason made by fail().  Each test
 * runs in its own child process (selftest.c), so it may crash, leave
 * signal handlers or mappings behind, and need not clean up.
 */
#ifndef USERLAND_SELFTEST_H
#define USERLAND_SELFTEST_H

#include "lib/sys.h"
#include "lib/text.h"

typedef const char *(*test_fn)(void);

/* A reason for failing, formatted into a static buffer. */
const char *fail(const char *fmt, ...) PRINTF_LIKE(1);

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return fail(__VA_ARGS__);                                                  \
	} while (0)

/* wait4 for pid, retrying on EINTR; returns what wait4 returned. */
long wait_child(long pid, int *status);

/* "exit 3", "killed by signal 11" (static buffer). */
const char *status_text(int status);

/*
 * Runs action() in a child and checks the child is killed by signal sig
 * (an action that returns makes the child exit 0: "survived").
 */
const char *expect_child_killed_by(void (*action)(void), int sig);

/* selftest_process.c */
const char *test_fork_exit_status(void);
const char *test_getppid_in_child(void);
const char *test_execve_true(void);
const char *test_pipe_across_fork(void);
const char *test_fork_copy_on_write(void);
const char *test_many_forks(void);
const char *test_parallel_children(void);

/* selftest_memory.c */
const char *test_mmap_anonymous(void);
const char *test_brk_growth(void);
const char *test_nanosleep(void);
const char *test_mprotect_kills_child(void);
const char *test_mprotect_fault_recovered(void);
const char *test_munmap_kills_child(void);

/* selftest_signals.c */
const char *test_kill_self_sigusr1(void);
const char *test_siginfo_from_kill(void);
const char *test_signals_preserve_registers(void);
const char *test_vdso_sigreturn(void);
const char *test_vdso_rt_sigreturn(void);

/* selftest_cpu.c */
const char *test_trap_null_read(void);
const char *test_trap_ud2(void);
const char *test_trap_int3(void);
const char *test_trap_divide_error(void);
const char *test_trap_into(void);
const char *test_trap_single_step(void);
const char *test_trap_hlt(void);
const char *test_trap_cli(void);
const char *test_trap_port_in(void);
const char *test_trap_int_0x81(void);
const char *test_trap_kernel_read(void);
const char *test_trap_kernel_write(void);
const char *test_trap_wedge_read(void);
const char *test_x87_across_switches(void);
const char *test_sse_across_switches(void);
const char *test_vdso_vsyscall(void);

/* selftest_probes.S */

/*
 * Stores value at p with the instruction at probe_store_insn; returns 0,
 * or 1 if a signal handler moved the saved EIP to probe_store_recovered.
 */
int probe_store(volatile int *p, int value);
extern const char probe_store_insn[], probe_store_recovered[];

/*
 * Spins with known values in %ebx %esi %edi %ebp %edx, %ds, %es and
 * EFLAGS.DF set until *counter >= target; returns 0, or which of them
 * changed: 1 ebx, 2 esi, 3 edi, 4 ebp, 5 edx, 6 ds, 7 es, 8 DF.
 */
int spin_until_counter(volatile int *counter, int target);

/* Keep value in an x87 / SSE register across `yields` sched_yield calls; return it. */
int x87_hold_across_yields(int value, int yields);
int sse_hold_across_yields(int value, int yields);

/* Call the vDSO's __kernel_vsyscall at entry with %eax=nr, %ebx, %ecx, %edx = a1..a3. */
long vsyscall_call(unsigned long entry, long nr, long a1, long a2, long a3);

#endif
