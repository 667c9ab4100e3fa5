/*
 * Selftests of memory and time: anonymous mmap, brk, nanosleep, and the
 * protection faults a process must get after mprotect or munmap, both as
 * a fatal SIGSEGV in a child and as a SIGSEGV handled in place (the
 * handler moves the saved EIP past the faulting store).
 */
#include "selftest.h"

#define MMAP_BYTES (1024 * 1024)
#define BRK_BYTES  (256 * 1024)

const char *test_mmap_anonymous(void)
{
	long addr =
	    sys_mmap(0, MMAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(!syscall_failed(addr), "mmap: %s", error_name(addr));
	CHECK(addr % PAGE_SIZE == 0, "mmap returned unaligned 0x%x", (unsigned)addr);
	volatile unsigned *words = (volatile unsigned *)addr;
	const unsigned per_page = PAGE_SIZE / sizeof(unsigned);
	for (unsigned page = 0; page < MMAP_BYTES / PAGE_SIZE; page++) {
		volatile unsigned *p = words + page * per_page;
		CHECK(p[0] == 0 && p[per_page - 1] == 0, "page %u is not zero-filled", page);
		p[0] = 0xa5000000 | page;
		p[per_page - 1] = ~page;
	}
	for (unsigned page = 0; page < MMAP_BYTES / PAGE_SIZE; page++) {
		volatile unsigned *p = words + page * per_page;
		CHECK(p[0] == (0xa5000000 | page) && p[per_page - 1] == ~page,
		      "page %u at 0x%x lost its contents (0x%x)", page, (unsigned)(uintptr_t)p,
		      p[0]);
	}
	long r = sys_munmap((void *)addr, MMAP_BYTES);
	CHECK(r == 0, "munmap: %s", error_name(r));
	return 0;
}

const char *test_brk_growth(void)
{
	long start = sys_brk(0);
	CHECK(start > 0, "brk(0): %d", (int)start);
	long grown = sys_brk(start + BRK_BYTES);
	CHECK(grown == start + BRK_BYTES, "brk(0x%x) returned 0x%x", (unsigned)(start + BRK_BYTES),
	      (unsigned)grown);
	volatile unsigned char *heap = (volatile unsigned char *)start;
	for (unsigned i = 0; i < BRK_BYTES; i += PAGE_SIZE / 2)
		heap[i] = (unsigned char)(i >> 11);
	for (unsigned i = 0; i < BRK_BYTES; i += PAGE_SIZE / 2)
		CHECK(heap[i] == (unsigned char)(i >> 11), "heap byte 0x%x lost",
		      (unsigned)start + i);
	long shrunk = sys_brk(start);
	CHECK(shrunk == start, "shrinking brk returned 0x%x, not 0x%x", (unsigned)shrunk,
	      (unsigned)start);
	return 0;
}

static long microseconds_between(const struct kernel_timeval *a, const struct kernel_timeval *b)
{
	return (b->sec - a->sec) * 1000000L + (b->usec - a->usec);
}

const char *test_nanosleep(void)
{
	struct kernel_timeval before, after;
	CHECK(sys_gettimeofday(&before) == 0, "gettimeofday failed");
	long r = sleep_ms(10);
	CHECK(r == 0, "nanosleep: %s", error_name(r));
	CHECK(sys_gettimeofday(&after) == 0, "gettimeofday failed");
	long elapsed = microseconds_between(&before, &after);
	CHECK(elapsed >= 9000, "slept only %d us", (int)elapsed);
	CHECK(elapsed < 5000000, "slept %d us for a 10 ms request", (int)elapsed);
	return 0;
}

/* A mapped page, written once, then made read-only. */
static volatile int *read_only_page(void)
{
	long addr =
	    sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (syscall_failed(addr))
		sys_exit(2);
	volatile int *p = (volatile int *)addr;
	*p = 1;
	if (sys_mprotect((void *)addr, PAGE_SIZE, PROT_READ) != 0)
		sys_exit(3);
	if (*p != 1)
		sys_exit(4);
	return p;
}

static void write_read_only_page(void)
{
	volatile int *p = read_only_page();
	*p = 2;
}

const char *test_mprotect_kills_child(void)
{
	return expect_child_killed_by(write_read_only_page, SIGSEGV);
}

static void touch_unmapped_page(void)
{
	long addr =
	    sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (syscall_failed(addr))
		sys_exit(2);
	volatile int *p = (volatile int *)addr;
	*p = 1;
	if (sys_munmap((void *)addr, PAGE_SIZE) != 0)
		sys_exit(3);
	*p = 2;
}

const char *test_munmap_kills_child(void)
{
	return expect_child_killed_by(touch_unmapped_page, SIGSEGV);
}

static struct {
	int count;
	unsigned address, code, trapno, error_code;
} segv_seen;

static void on_segv_skip_probe(int sig, struct siginfo *info, void *context)
{
	struct ucontext *uc = context;
	(void)sig;
	segv_seen.count++;
	segv_seen.address = (unsigned)(uintptr_t)info->fault_address;
	segv_seen.code = info->code;
	segv_seen.trapno = uc->mcontext.trapno;
	segv_seen.error_code = uc->mcontext.err;
	if (uc->mcontext.eip == (uintptr_t)probe_store_insn)
		uc->mcontext.eip = (uintptr_t)probe_store_recovered;
	else
		set_signal_handler(SIGSEGV, SIG_DFL, 0); /* unexpected: die on return */
}

const char *test_mprotect_fault_recovered(void)
{
	long r = set_signal_handler(SIGSEGV, on_segv_skip_probe, SA_SIGINFO);
	CHECK(r == 0, "rt_sigaction: %s", error_name(r));
	volatile int *p = read_only_page();
	unsigned page = (unsigned)(uintptr_t)p;
	for (int round = 1; round <= 2; round++) {
		CHECK(probe_store(p, 5) == 1, "round %d: the store to a read-only page succeeded",
		      round);
		CHECK(segv_seen.count == round, "round %d: %d SIGSEGVs seen", round,
		      segv_seen.count);
		CHECK(segv_seen.address == page, "si_addr 0x%x, expected 0x%x", segv_seen.address,
		      page);
		CHECK(segv_seen.code == SEGV_ACCERR, "si_code %u, expected SEGV_ACCERR",
		      segv_seen.code);
		CHECK(segv_seen.trapno == 14, "trapno %u, expected 14", segv_seen.trapno);
		CHECK((segv_seen.error_code & 7) == 7, "page fault error code 0x%x, expected 7",
		      segv_seen.error_code);
		CHECK(*p == 1, "the faulting store changed the page (%d)", *p);
	}
	r = sys_mprotect((void *)p, PAGE_SIZE, PROT_READ | PROT_WRITE);
	CHECK(r == 0, "mprotect back to read-write: %s", error_name(r));
	CHECK(probe_store(p, 6) == 0, "store after mprotect read-write faulted");
	CHECK(*p == 6, "store after mprotect read-write lost (%d)", *p);
	return 0;
}
