/*
 * /bin/selftest: checks the kernel services a userland needs, under
 * whatever runs the kernel.  Each test runs in a child process with a
 * 30-second alarm and prints "selftest: ok NAME" or "selftest: FAIL NAME:
 * why" (a few add "selftest: info NAME: ..." about what they found); the
 * last line is "selftest: N passed, N failed", and the exit status is 0
 * only if nothing failed.
 *
 * The tests run in the order of the table below: the ordinary services
 * first, then the risky ones (faults, traps, FPU, vDSO), which are the
 * likeliest to upset a hypervisor, so that a guest crash still leaves the
 * others' results on the console.
 *
 * usage: selftest [-l] [-v] [-s] [-x NAME]... [NAME...]
 *   -l  list the tests        -v  print "selftest: run NAME" before each
 *   -s  skip the risky tests  -x  skip NAME (a trailing '*' matches a prefix)
 *   NAME...  run only these (same matching)
 */
#include "selftest.h"

#define TEST_TIMEOUT_SECONDS 30
#define MAX_PATTERNS         16

struct test {
	const char *name;
	test_fn run;
	int risky;
};

static const struct test tests[] = {
    {"fork-exit-status", test_fork_exit_status, 0},
    {"getppid-in-child", test_getppid_in_child, 0},
    {"execve-true", test_execve_true, 0},
    {"pipe-across-fork", test_pipe_across_fork, 0},
    {"fork-copy-on-write", test_fork_copy_on_write, 0},
    {"many-forks", test_many_forks, 0},
    {"parallel-children", test_parallel_children, 0},
    {"mmap-anonymous-1mib", test_mmap_anonymous, 0},
    {"brk-growth", test_brk_growth, 0},
    {"nanosleep-10ms", test_nanosleep, 0},
    {"kill-self-sigusr1", test_kill_self_sigusr1, 0},
    {"siginfo-from-kill", test_siginfo_from_kill, 0},
    {"signals-preserve-registers", test_signals_preserve_registers, 0},
    {"mprotect-kills-child", test_mprotect_kills_child, 1},
    {"munmap-kills-child", test_munmap_kills_child, 1},
    {"mprotect-fault-recovered", test_mprotect_fault_recovered, 1},
    {"trap-null-read", test_trap_null_read, 1},
    {"trap-ud2", test_trap_ud2, 1},
    {"trap-int3", test_trap_int3, 1},
    {"trap-divide-error", test_trap_divide_error, 1},
    {"trap-into", test_trap_into, 1},
    {"trap-single-step", test_trap_single_step, 1},
    {"trap-hlt", test_trap_hlt, 1},
    {"trap-cli", test_trap_cli, 1},
    {"trap-port-in", test_trap_port_in, 1},
    {"trap-int-0x81", test_trap_int_0x81, 1},
    {"trap-kernel-read", test_trap_kernel_read, 1},
    {"trap-kernel-write", test_trap_kernel_write, 1},
    {"x87-across-switches", test_x87_across_switches, 1},
    {"sse-across-switches", test_sse_across_switches, 1},
    {"vdso-sigreturn", test_vdso_sigreturn, 1},
    {"vdso-rt-sigreturn", test_vdso_rt_sigreturn, 1},
    {"vdso-vsyscall", test_vdso_vsyscall, 1},
    {"trap-wedge-read", test_trap_wedge_read, 1},
};
#define TEST_COUNT ((int)(sizeof(tests) / sizeof(tests[0])))

const char *fail(const char *fmt, ...)
{
	static char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vformat_string(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

long wait_child(long pid, int *status)
{
	long r;
	do
		r = sys_wait4(pid, status, 0);
	while (r == -EINTR);
	return r;
}

const char *status_text(int status)
{
	static char text[48];
	if (WIFEXITED(status))
		format_string(text, sizeof(text), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		format_string(text, sizeof(text), "killed by signal %d", WTERMSIG(status));
	else
		format_string(text, sizeof(text), "status 0x%x", status);
	return text;
}

const char *expect_child_killed_by(void (*action)(void), int sig)
{
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0) {
		action();
		sys_exit(0);
	}
	int status;
	long r = wait_child(pid, &status);
	CHECK(r == pid, "wait4: %s", error_name(r));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return fail("survived (expected signal %d)", sig);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig, "%s (expected signal %d)",
	      status_text(status), sig);
	return 0;
}

static int name_matches(const char *pattern, const char *name)
{
	size_t len = strlen(pattern);
	if (len && pattern[len - 1] == '*')
		return !strncmp(pattern, name, len - 1);
	return !strcmp(pattern, name);
}

static int matches_any(const char *const *patterns, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (name_matches(patterns[i], name))
			return 1;
	return 0;
}

/* Runs one test in a child; returns 1 if it passed. */
static int run_test(const struct test *t)
{
	long pid = sys_fork();
	if (pid < 0) {
		printf("selftest: FAIL %s: fork: %s\n", t->name, error_name(pid));
		return 0;
	}
	if (pid == 0) {
		sys_alarm(TEST_TIMEOUT_SECONDS);
		const char *why = t->run();
		if (why) {
			printf("selftest: FAIL %s: %s\n", t->name, why);
			sys_exit(1);
		}
		sys_exit(0);
	}
	int status;
	long r = wait_child(pid, &status);
	if (r != pid) {
		printf("selftest: FAIL %s: wait4: %s\n", t->name, error_name(r));
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("selftest: ok %s\n", t->name);
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		return 0; /* the child said why */
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		printf("selftest: FAIL %s: no result after %d s\n", t->name, TEST_TIMEOUT_SECONDS);
	else
		printf("selftest: FAIL %s: test process %s\n", t->name, status_text(status));
	return 0;
}

static int usage(void)
{
	fdprintf(2, "usage: selftest [-l] [-v] [-s] [-x NAME]... [NAME...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *only[MAX_PATTERNS], *skip[MAX_PATTERNS];
	int only_count = 0, skip_count = 0, list = 0, verbose = 0, safe_only = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l"))
			list = 1;
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-s"))
			safe_only = 1;
		else if (!strcmp(argv[i], "-x") && i + 1 < argc && skip_count < MAX_PATTERNS)
			skip[skip_count++] = argv[++i];
		else if (argv[i][0] != '-' && only_count < MAX_PATTERNS)
			only[only_count++] = argv[i];
		else
			return usage();
	}
	int passed = 0, failed = 0, skipped = 0;
	for (int i = 0; i < TEST_COUNT; i++) {
		const struct test *t = &tests[i];
		if (list) {
			printf("%s%s\n", t->name, t->risky ? " (risky)" : "");
			continue;
		}
		if (only_count && !matches_any(only, only_count, t->name))
			continue;
		if ((safe_only && t->risky) || matches_any(skip, skip_count, t->name)) {
			printf("selftest: skip %s\n", t->name);
			skipped++;
			continue;
		}
		if (verbose)
			printf("selftest: run %s\n", t->name);
		if (run_test(t))
			passed++;
		else
			failed++;
	}
	if (list)
		return 0;
	if (skipped)
		printf("selftest: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
	else
		printf("selftest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
