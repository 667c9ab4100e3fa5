/*
 * The Linux i386 user ABI this userland relies on, written out by hand:
 * system call numbers, flag values, and the layouts of the structures the
 * kernel reads or writes (stat64, the directory records of getdents, the
 * rt signal frame's ucontext, utsname).  Only what the programs use.
 */
#ifndef USERLAND_LINUX_ABI_H
#define USERLAND_LINUX_ABI_H

#include <stdint.h>

/* System call numbers (int $0x80, number in %eax). */
#define NR_exit         1
#define NR_fork         2
#define NR_read         3
#define NR_write        4
#define NR_open         5
#define NR_close        6
#define NR_waitpid      7
#define NR_execve       11
#define NR_chdir        12
#define NR_getpid       20
#define NR_mount        21
#define NR_alarm        27
#define NR_sync         36
#define NR_kill         37
#define NR_mkdir        39
#define NR_pipe         42
#define NR_brk          45
#define NR_ioctl        54
#define NR_dup2         63
#define NR_getppid      64
#define NR_setsid       66
#define NR_gettimeofday 78
#define NR_reboot       88
#define NR_munmap       91
#define NR_wait4        114
#define NR_uname        122
#define NR_mprotect     125
#define NR_getdents     141
#define NR_sigreturn    119
#define NR_sched_yield  158
#define NR_nanosleep    162
#define NR_rt_sigreturn 173
#define NR_rt_sigaction 174
#define NR_getcwd       183
#define NR_mmap2        192
#define NR_stat64       195
#define NR_fstat64      197

/* Error numbers (system calls return them negated). */
#define EPERM   1
#define ENOENT  2
#define ESRCH   3
#define EINTR   4
#define EIO     5
#define ENOEXEC 8
#define EBADF   9
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define ENOTTY  25
#define ENOSPC  28
#define EPIPE   32
#define ENOSYS  38

/* open() */
#define O_RDONLY    0
#define O_WRONLY    1
#define O_RDWR      2
#define O_CREAT     0100
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NOCTTY    0400
#define O_DIRECTORY 0200000

/* st_mode */
#define S_IFMT  0170000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define S_IFLNK 0120000

/* mmap2() and mprotect() */
#define PROT_NONE     0
#define PROT_READ     1
#define PROT_WRITE    2
#define PROT_EXEC     4
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define PAGE_SIZE     4096

/* Signals */
#define SIGHUP  1
#define SIGINT  2
#define SIGQUIT 3
#define SIGILL  4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS  7
#define SIGFPE  8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17

#define SIG_DFL ((void *)0)
#define SIG_IGN ((void *)1)

#define SA_SIGINFO  0x00000004
#define SA_RESTORER 0x04000000
#define SA_RESTART  0x10000000

/* si_code values for SIGSEGV */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2

/* wait status */
#define WIFEXITED(s)   (((s)&0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s)&0x7f) != 0 && ((s)&0x7f) != 0x7f)
#define WTERMSIG(s)    ((s)&0x7f)
#define WNOHANG        1

/* reboot() */
#define REBOOT_MAGIC1        0xfee1deadu
#define REBOOT_MAGIC2        672274793u
#define REBOOT_CMD_RESTART   0x01234567u
#define REBOOT_CMD_HALT      0xcdef0123u
#define REBOOT_CMD_POWER_OFF 0x4321fedcu

/* ioctl() on a terminal: make it the controlling terminal. */
#define TIOCSCTTY 0x540e

/* Auxiliary vector entries (after envp's NULL). */
#define AT_NULL         0
#define AT_PAGESZ       6
#define AT_SYSINFO      32
#define AT_SYSINFO_EHDR 33

/* rt_sigaction()'s structure; the mask is 64 bits (sigsetsize 8). */
struct kernel_sigaction {
	void *handler;
	uint32_t flags;
	void (*restorer)(void);
	uint32_t mask[2];
};

/* The second half of what an SA_SIGINFO handler receives. */
struct siginfo {
	int32_t signo;
	int32_t errno_value;
	int32_t code;
	union {
		void *fault_address; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
		struct {
			int32_t pid;
			uint32_t uid;
		} sender; /* kill() */
		uint32_t pad[29];
	};
};

/* The machine state saved in the signal frame; sigreturn restores it. */
struct sigcontext {
	uint16_t gs, gs_high, fs, fs_high, es, es_high, ds, ds_high;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, cs_high;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, ss_high;
	uint32_t fpstate, oldmask, cr2;
};

/* The third argument of an SA_SIGINFO handler. */
struct ucontext {
	uint32_t flags;
	struct ucontext *link;
	struct {
		void *sp;
		int32_t flags;
		uint32_t size;
	} stack;
	struct sigcontext mcontext;
	uint32_t sigmask[2];
};

struct kernel_timespec {
	int32_t sec;
	int32_t nsec;
};

struct kernel_timeval {
	int32_t sec;
	int32_t usec;
};

/* stat64() and fstat64(); 64-bit fields split to keep 4-byte alignment. */
struct stat64 {
	uint32_t dev_low, dev_high;
	uint32_t pad0;
	uint32_t ino_low32;
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t rdev_low, rdev_high;
	uint32_t pad3;
	uint32_t size_low, size_high;
	uint32_t blksize;
	uint32_t blocks_low, blocks_high;
	uint32_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
	uint32_t ino_low, ino_high;
};

/* One record of getdents(); the file type is the record's last byte. */
struct linux_dirent {
	uint32_t ino;
	uint32_t offset;
	uint16_t reclen;
	char name[];
};

#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

#define UTSNAME_FIELD 65
struct utsname {
	char sysname[UTSNAME_FIELD];
	char nodename[UTSNAME_FIELD];
	char release[UTSNAME_FIELD];
	char version[UTSNAME_FIELD];
	char machine[UTSNAME_FIELD];
	char domainname[UTSNAME_FIELD];
};

_Static_assert(sizeof(struct kernel_sigaction) == 20, "rt_sigaction layout");
_Static_assert(sizeof(struct siginfo) == 128, "siginfo layout");
_Static_assert(sizeof(struct sigcontext) == 88, "sigcontext layout");
_Static_assert(__builtin_offsetof(struct ucontext, mcontext) == 20, "ucontext layout");
_Static_assert(sizeof(struct stat64) == 96, "stat64 layout");

#endif
