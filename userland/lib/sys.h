/*
 * System call wrappers, one per call the programs use.  Each returns what
 * the kernel returned: a negative errno on failure (there is no errno
 * variable), so `if (r < 0)` is the test everywhere except for addresses
 * (sys_mmap, sys_brk), which use syscall_failed().
 */
#ifndef USERLAND_SYS_H
#define USERLAND_SYS_H

#include <stddef.h>
#include <stdint.h>
#include "lib/linux_abi.h"

long raw_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

static inline int syscall_failed(long result)
{
	return (unsigned long)result >= -4095ul;
}

extern char **environ;

/*
 * The restorers set_signal_handler() installs (raw_syscall.S): the kernel
 * builds an rt frame for SA_SIGINFO handlers, a plain one otherwise, and
 * each needs its own sigreturn.
 */
void signal_return(void);
void signal_return_rt(void);

__attribute__((noreturn)) void sys_exit(int status);
long sys_fork(void);
long sys_read(int fd, void *buf, size_t len);
long sys_write(int fd, const void *buf, size_t len);
long sys_open(const char *path, int flags, int mode);
long sys_close(int fd);
long sys_wait4(int pid, int *status, int options);
long sys_execve(const char *path, char *const argv[], char *const envp[]);
long sys_chdir(const char *path);
long sys_getcwd(char *buf, size_t len);
long sys_getpid(void);
long sys_getppid(void);
long sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
               const void *data);
long sys_mkdir(const char *path, int mode);
long sys_alarm(unsigned seconds);
long sys_sync(void);
long sys_kill(int pid, int sig);
long sys_pipe(int fds[2]);
long sys_brk(unsigned long addr);
long sys_ioctl(int fd, unsigned long request, unsigned long arg);
long sys_dup2(int old_fd, int new_fd);
long sys_setsid(void);
long sys_gettimeofday(struct kernel_timeval *tv);
long sys_reboot(unsigned cmd);
long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, unsigned long offset);
long sys_munmap(void *addr, size_t len);
long sys_mprotect(void *addr, size_t len, int prot);
long sys_uname(struct utsname *name);
long sys_getdents(int fd, void *buf, size_t len);
long sys_sched_yield(void);
long sys_nanosleep(const struct kernel_timespec *request, struct kernel_timespec *remaining);
long sys_rt_sigaction(int sig, const struct kernel_sigaction *act, struct kernel_sigaction *old);
long sys_stat64(const char *path, struct stat64 *st);
long sys_fstat64(int fd, struct stat64 *st);

/* Write all of buf (retrying short writes); negative errno on failure. */
long write_all(int fd, const void *buf, size_t len);

/* Sleep for ms milliseconds. */
long sleep_ms(unsigned ms);

/*
 * Install handler for sig through rt_sigaction with our own restorer
 * (signal_return or signal_return_rt, to match the frame).  flags:
 * SA_SIGINFO and friends; handler may also be SIG_DFL or SIG_IGN.
 */
long set_signal_handler(int sig, void *handler, uint32_t flags);

/* The value of auxiliary vector entry `type`, or 0 if absent. */
unsigned long auxv_value(unsigned type);

/* "ENOENT" for -2 or 2, "error 123" (static buffer) for unknown ones. */
const char *error_name(long err);

#endif
