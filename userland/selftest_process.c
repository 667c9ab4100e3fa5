/*
 * Selftests of processes: fork and wait statuses, getppid, execve, a pipe
 * between two processes, copy-on-write after fork, and many processes in
 * a row and at once (each a fresh address space for the kernel to build
 * and tear down).
 */
#include "selftest.h"

#define PIPE_BYTES        (200 * 1024) /* more than a pipe holds: the writer blocks */
#define COW_BYTES         (64 * 1024)
#define SEQUENTIAL_FORKS  50
#define PARALLEL_CHILDREN 10

static unsigned char cow_buffer[COW_BYTES];
static volatile int fork_marker = 7;

static unsigned char pipe_pattern(unsigned i)
{
	return (unsigned char)(i * 7 + i / 4096 + 3);
}

const char *test_fork_exit_status(void)
{
	long self = sys_getpid();
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0)
		sys_exit(sys_getpid() != self ? 42 : 43);
	CHECK(pid != self, "fork returned our own pid %d", (int)pid);
	int status;
	long r = wait_child(pid, &status);
	CHECK(r == pid, "wait4 returned %d, not the child %d", (int)r, (int)pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "child: %s (expected exit 42)",
	      status_text(status));
	r = sys_wait4(-1, &status, WNOHANG);
	CHECK(r == -ECHILD, "second wait4: %d (expected ECHILD)", (int)r);
	return 0;
}

const char *test_getppid_in_child(void)
{
	long parent = sys_getpid();
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0)
		sys_exit(sys_getppid() == parent ? 0 : 1);
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child's getppid() != %d: %s",
	      (int)parent, status_text(status));
	return 0;
}

const char *test_execve_true(void)
{
	char *argv[] = {"true", 0};
	long r = sys_execve("/bin/no-such-program", argv, environ);
	CHECK(r == -ENOENT, "execve of a missing file: %d (expected ENOENT)", (int)r);
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0) {
		r = sys_execve("/bin/true", argv, environ);
		sys_exit(100 + (int)-r);
	}
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "/bin/true: %s", status_text(status));
	return 0;
}

static void write_pattern_and_exit(int fd)
{
	unsigned char chunk[1000];
	for (unsigned sent = 0; sent < PIPE_BYTES;) {
		unsigned n = PIPE_BYTES - sent < sizeof(chunk) ? PIPE_BYTES - sent : sizeof(chunk);
		for (unsigned i = 0; i < n; i++)
			chunk[i] = pipe_pattern(sent + i);
		if (write_all(fd, chunk, n) < 0)
			sys_exit(2);
		sent += n;
	}
	sys_exit(0);
}

const char *test_pipe_across_fork(void)
{
	int fds[2];
	long r = sys_pipe(fds);
	CHECK(r == 0, "pipe: %s", error_name(r));
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0) {
		sys_close(fds[0]);
		write_pattern_and_exit(fds[1]);
	}
	sys_close(fds[1]);
	unsigned char buf[3000];
	unsigned received = 0;
	for (;;) {
		long n = sys_read(fds[0], buf, sizeof(buf));
		if (n == -EINTR)
			continue;
		CHECK(n >= 0, "read: %s after %u bytes", error_name(n), received);
		if (n == 0)
			break;
		for (long i = 0; i < n; i++)
			CHECK(buf[i] == pipe_pattern(received + i), "byte %u: 0x%x, expected 0x%x",
			      received + (unsigned)i, buf[i], pipe_pattern(received + i));
		received += n;
	}
	CHECK(received == PIPE_BYTES, "got %u bytes, expected %u", received, PIPE_BYTES);
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer: %s", status_text(status));
	return 0;
}

/* The child sees the parent's data, changes its copy; the parent's stays. */
const char *test_fork_copy_on_write(void)
{
	for (unsigned i = 0; i < COW_BYTES; i++)
		cow_buffer[i] = (unsigned char)(i ^ 0x5a);
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0) {
		for (unsigned i = 0; i < COW_BYTES; i++)
			if (cow_buffer[i] != (unsigned char)(i ^ 0x5a))
				sys_exit(2);
		for (unsigned i = 0; i < COW_BYTES; i++)
			cow_buffer[i] = (unsigned char)~i;
		for (unsigned i = 0; i < COW_BYTES; i++)
			if (cow_buffer[i] != (unsigned char)~i)
				sys_exit(3);
		sys_exit(0);
	}
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child: %s (2: did not see the parent's data, 3: its own writes did not stick)",
	      status_text(status));
	for (unsigned i = 0; i < COW_BYTES; i++)
		CHECK(cow_buffer[i] == (unsigned char)(i ^ 0x5a),
		      "parent's byte %u changed to 0x%x by the child's write", i, cow_buffer[i]);
	return 0;
}

const char *test_many_forks(void)
{
	for (int i = 0; i < SEQUENTIAL_FORKS; i++) {
		long pid = sys_fork();
		CHECK(pid >= 0, "fork %d: %s", i, error_name(pid));
		if (pid == 0) {
			fork_marker = i; /* a copy-on-write fault in every child */
			volatile char stack_page[2048];
			stack_page[0] = stack_page[2047] = (char)i;
			sys_exit(fork_marker + stack_page[2047] - i);
		}
		int status;
		long r = wait_child(pid, &status);
		CHECK(r == pid, "fork %d: wait4: %s", i, error_name(r));
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == i, "fork %d: child %s", i,
		      status_text(status));
	}
	CHECK(fork_marker == 7, "the children's writes reached the parent (%d)", fork_marker);
	return 0;
}

const char *test_parallel_children(void)
{
	long pids[PARALLEL_CHILDREN];
	for (int i = 0; i < PARALLEL_CHILDREN; i++) {
		pids[i] = sys_fork();
		CHECK(pids[i] >= 0, "fork %d: %s", i, error_name(pids[i]));
		if (pids[i] == 0) {
			for (int round = 0; round < 3; round++) {
				sleep_ms(5 + i);
				sys_sched_yield();
			}
			sys_exit(10 + i);
		}
	}
	int reaped = 0;
	while (reaped < PARALLEL_CHILDREN) {
		int status;
		long pid = wait_child(-1, &status);
		CHECK(pid > 0, "wait4 after %d children: %s", reaped, error_name(pid));
		int index = -1;
		for (int i = 0; i < PARALLEL_CHILDREN; i++)
			if (pids[i] == pid)
				index = i;
		CHECK(index >= 0, "wait4 returned a stranger, pid %d", (int)pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 10 + index, "child %d: %s", index,
		      status_text(status));
		pids[index] = 0;
		reaped++;
	}
	return 0;
}
