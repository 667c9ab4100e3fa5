/*
 * Selftests of signal delivery: a plain handler and an SA_SIGINFO one for
 * kill() to ourselves, registers and flags surviving signals that arrive
 * while we spin, and handlers that return through the vDSO's sigreturn
 * trampolines (no SA_RESTORER) instead of our own.
 */
#include "selftest.h"

#define SIGNALS_TO_SPIN_THROUGH 5

static volatile int handled_signal;
static volatile int handled_count;
static struct {
	int signo, code, sender;
} siginfo_seen;

static void on_signal_note_it(int sig)
{
	handled_signal = sig;
	handled_count++;
}

static void on_signal_note_siginfo(int sig, struct siginfo *info, void *context)
{
	(void)context;
	handled_signal = sig;
	handled_count++;
	siginfo_seen.signo = info->signo;
	siginfo_seen.code = info->code;
	siginfo_seen.sender = info->sender.pid;
}

const char *test_kill_self_sigusr1(void)
{
	long r = set_signal_handler(SIGUSR1, on_signal_note_it, 0);
	CHECK(r == 0, "rt_sigaction: %s", error_name(r));
	r = sys_kill(sys_getpid(), SIGUSR1);
	CHECK(r == 0, "kill: %s", error_name(r));
	CHECK(handled_count == 1, "handler ran %d times", handled_count);
	CHECK(handled_signal == SIGUSR1, "handler got signal %d", handled_signal);
	return 0;
}

const char *test_siginfo_from_kill(void)
{
	long r = set_signal_handler(SIGUSR2, on_signal_note_siginfo, SA_SIGINFO);
	CHECK(r == 0, "rt_sigaction: %s", error_name(r));
	long self = sys_getpid();
	r = sys_kill(self, SIGUSR2);
	CHECK(r == 0, "kill: %s", error_name(r));
	CHECK(handled_count == 1, "handler ran %d times", handled_count);
	CHECK(siginfo_seen.signo == SIGUSR2, "si_signo %d", siginfo_seen.signo);
	CHECK(siginfo_seen.code == 0, "si_code %d, expected SI_USER (0)", siginfo_seen.code);
	CHECK(siginfo_seen.sender == self, "si_pid %d, expected %d", siginfo_seen.sender,
	      (int)self);
	return 0;
}

static int acknowledge_fd = -1;

static void on_signal_acknowledge(int sig)
{
	on_signal_note_it(sig);
	char byte = 1;
	sys_write(acknowledge_fd, &byte, 1);
}

/*
 * A child sends SIGUSR1 now and then while we spin with known register
 * values.  It waits for each signal's handler to answer through a pipe
 * before it sends the next: a second SIGUSR1 still pending would merge
 * with the first.
 */
const char *test_signals_preserve_registers(void)
{
	int ack[2];
	long r = sys_pipe(ack);
	CHECK(r == 0, "pipe: %s", error_name(r));
	r = set_signal_handler(SIGUSR1, on_signal_acknowledge, 0);
	CHECK(r == 0, "rt_sigaction: %s", error_name(r));
	long parent = sys_getpid();
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0) {
		sys_close(ack[1]);
		for (int i = 0; i < SIGNALS_TO_SPIN_THROUGH; i++) {
			sleep_ms(3);
			sys_kill(parent, SIGUSR1);
			char byte;
			long n;
			do
				n = sys_read(ack[0], &byte, 1);
			while (n == -EINTR);
			if (n != 1)
				sys_exit(2);
		}
		sys_exit(0);
	}
	sys_close(ack[0]);
	acknowledge_fd = ack[1];
	static const char *const names[] = {"none", "ebx", "esi", "edi",      "ebp",
	                                    "edx",  "ds",  "es",  "EFLAGS.DF"};
	int changed = spin_until_counter(&handled_count, SIGNALS_TO_SPIN_THROUGH);
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(changed == 0, "%s changed while signals were handled",
	      changed > 0 && changed <= 8 ? names[changed] : "?");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "sender: %s", status_text(status));
	return 0;
}

static int has_vdso(void)
{
	return auxv_value(AT_SYSINFO_EHDR) != 0;
}

/* Handler with no restorer: the kernel returns it through the vDSO. */
static const char *kill_self_with_vdso_return(void *handler, uint32_t flags)
{
	if (!has_vdso())
		return 0; /* nothing to test: the kernel then needs SA_RESTORER */
	struct kernel_sigaction act = {.handler = handler, .flags = flags};
	long r = sys_rt_sigaction(SIGUSR1, &act, 0);
	CHECK(r == 0, "rt_sigaction: %s", error_name(r));
	r = sys_kill(sys_getpid(), SIGUSR1);
	CHECK(r == 0, "kill: %s", error_name(r));
	CHECK(handled_count == 1 && handled_signal == SIGUSR1, "handler ran %d times",
	      handled_count);
	r = sys_kill(sys_getpid(), SIGUSR1);
	CHECK(handled_count == 2, "second signal: handler ran %d times", handled_count);
	return 0;
}

const char *test_vdso_sigreturn(void)
{
	return kill_self_with_vdso_return(on_signal_note_it, 0);
}

const char *test_vdso_rt_sigreturn(void)
{
	return kill_self_with_vdso_return(on_signal_note_siginfo, SA_SIGINFO);
}
