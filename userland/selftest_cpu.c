/*
 * Selftests of the CPU as a process sees it: every exception a user
 * program can raise must reach it as the signal Linux sends (and never
 * let it touch ports, privileged state, the kernel or the hypervisor),
 * the x87 and SSE registers must survive context switches, and the
 * vDSO's system call entry (__kernel_vsyscall: sysenter or int $0x80)
 * must work.
 */
#include "selftest.h"

#define KERNEL_ADDRESS 0xc0100000u /* the kernel's text at PAGE_OFFSET 0xC0000000 */
#define WEDGE_ADDRESS  0xf4800000u /* where the VMI wedge lives in every address space */
#define SWITCH_YIELDS  200

static void read_null(void)
{
	(void)*(volatile int *)0;
}

static void run_ud2(void)
{
	asm volatile("ud2");
}

static void run_int3(void)
{
	asm volatile("int3");
}

static void divide_by_zero(void)
{
	asm volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n\tdivl %%ecx"
	             :
	             :
	             : "eax", "ecx", "edx");
}

static void overflow_then_into(void)
{
	asm volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tinto" : : : "eax", "cc");
}

static void set_trap_flag(void)
{
	asm volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\tnop\n\tnop" : : : "cc", "memory");
}

static void run_hlt(void)
{
	asm volatile("hlt");
}

static void run_cli(void)
{
	asm volatile("cli");
}

static void read_port_0x80(void)
{
	asm volatile("inb $0x80, %%al" : : : "eax");
}

static void run_int_0x81(void)
{
	asm volatile("int $0x81");
}

static void read_kernel(void)
{
	(void)*(volatile int *)KERNEL_ADDRESS;
}

static void write_kernel(void)
{
	*(volatile int *)KERNEL_ADDRESS = 0;
}

static void read_wedge(void)
{
	(void)*(volatile int *)WEDGE_ADDRESS;
}

const char *test_trap_null_read(void)
{
	return expect_child_killed_by(read_null, SIGSEGV);
}

const char *test_trap_ud2(void)
{
	return expect_child_killed_by(run_ud2, SIGILL);
}

const char *test_trap_int3(void)
{
	return expect_child_killed_by(run_int3, SIGTRAP);
}

const char *test_trap_divide_error(void)
{
	return expect_child_killed_by(divide_by_zero, SIGFPE);
}

const char *test_trap_into(void)
{
	return expect_child_killed_by(overflow_then_into, SIGSEGV);
}

const char *test_trap_single_step(void)
{
	return expect_child_killed_by(set_trap_flag, SIGTRAP);
}

const char *test_trap_hlt(void)
{
	return expect_child_killed_by(run_hlt, SIGSEGV);
}

const char *test_trap_cli(void)
{
	return expect_child_killed_by(run_cli, SIGSEGV);
}

const char *test_trap_port_in(void)
{
	return expect_child_killed_by(read_port_0x80, SIGSEGV);
}

const char *test_trap_int_0x81(void)
{
	return expect_child_killed_by(run_int_0x81, SIGSEGV);
}

const char *test_trap_kernel_read(void)
{
	return expect_child_killed_by(read_kernel, SIGSEGV);
}

const char *test_trap_kernel_write(void)
{
	return expect_child_killed_by(write_kernel, SIGSEGV);
}

const char *test_trap_wedge_read(void)
{
	return expect_child_killed_by(read_wedge, SIGSEGV);
}

/*
 * Parent and child each hold their own value in a register of the unit
 * and yield to each other; both must get their value back.
 */
static const char *hold_across_switches(int (*hold)(int value, int yields))
{
	const int parent_value = 1234567, child_value = 7654321;
	long pid = sys_fork();
	CHECK(pid >= 0, "fork: %s", error_name(pid));
	if (pid == 0)
		sys_exit(hold(child_value, SWITCH_YIELDS) == child_value ? 0 : 1);
	int got = hold(parent_value, SWITCH_YIELDS);
	int status;
	CHECK(wait_child(pid, &status) == pid, "wait4 failed");
	CHECK(got == parent_value, "parent got %d back, expected %d", got, parent_value);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: %s (1: its value changed)",
	      status_text(status));
	return 0;
}

const char *test_x87_across_switches(void)
{
	return hold_across_switches(x87_hold_across_yields);
}

static int cpu_has_sse2(void)
{
	unsigned eax = 1, ebx, ecx = 0, edx;
	asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return (edx >> 26) & 1;
}

const char *test_sse_across_switches(void)
{
	if (!cpu_has_sse2())
		return 0; /* nothing to test */
	return hold_across_switches(sse_hold_across_yields);
}

/* The kernel picks one of its vDSOs: sysenter, or int $0x80 where SEP is off. */
static const char *vsyscall_instruction(const unsigned char *code)
{
	for (int i = 0; i < 32; i++) {
		if (code[i] == 0x0f && code[i + 1] == 0x34)
			return "sysenter";
		if (code[i] == 0xcd && code[i + 1] == 0x80)
			return "int $0x80";
		if (code[i] == 0x0f && code[i + 1] == 0x05)
			return "syscall";
	}
	return "an unknown instruction";
}

const char *test_vdso_vsyscall(void)
{
	unsigned long entry = auxv_value(AT_SYSINFO);
	if (!entry)
		return 0; /* no vDSO: nothing to test */
	printf("selftest: info vdso-vsyscall: __kernel_vsyscall uses %s\n",
	       vsyscall_instruction((const unsigned char *)entry));
	long pid = vsyscall_call(entry, NR_getpid, 0, 0, 0);
	CHECK(pid == sys_getpid(), "getpid through the vDSO: %d, expected %d", (int)pid,
	      (int)sys_getpid());
	int fds[2];
	CHECK(sys_pipe(fds) == 0, "pipe failed");
	long n = vsyscall_call(entry, NR_write, fds[1], (long)"vdso!", 5);
	CHECK(n == 5, "write through the vDSO: %d", (int)n);
	char buf[8] = {0};
	n = sys_read(fds[0], buf, sizeof(buf));
	CHECK(n == 5 && !memcmp(buf, "vdso!", 5), "read back %d bytes '%s'", (int)n, buf);
	return 0;
}
