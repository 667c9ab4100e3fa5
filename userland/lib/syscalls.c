/*
 * The system call wrappers declared in sys.h: each passes its arguments to
 * raw_syscall() unchanged, except sys_mmap (mmap2 counts its offset in
 * pages) and sys_reboot (adds the magic numbers).
 */
#include "lib/sys.h"

#define CALL0(nr)             raw_syscall(nr, 0, 0, 0, 0, 0, 0)
#define CALL1(nr, a)          raw_syscall(nr, (long)(a), 0, 0, 0, 0, 0)
#define CALL2(nr, a, b)       raw_syscall(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define CALL3(nr, a, b, c)    raw_syscall(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define CALL4(nr, a, b, c, d) raw_syscall(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

void sys_exit(int status)
{
	for (;;)
		CALL1(NR_exit, status);
}

long sys_fork(void)
{
	return CALL0(NR_fork);
}

long sys_read(int fd, void *buf, size_t len)
{
	return CALL3(NR_read, fd, buf, len);
}

long sys_write(int fd, const void *buf, size_t len)
{
	return CALL3(NR_write, fd, buf, len);
}

long sys_open(const char *path, int flags, int mode)
{
	return CALL3(NR_open, path, flags, mode);
}

long sys_close(int fd)
{
	return CALL1(NR_close, fd);
}

long sys_wait4(int pid, int *status, int options)
{
	return CALL4(NR_wait4, pid, status, options, 0);
}

long sys_execve(const char *path, char *const argv[], char *const envp[])
{
	return CALL3(NR_execve, path, argv, envp);
}

long sys_chdir(const char *path)
{
	return CALL1(NR_chdir, path);
}

long sys_getcwd(char *buf, size_t len)
{
	return CALL2(NR_getcwd, buf, len);
}

long sys_getpid(void)
{
	return CALL0(NR_getpid);
}

long sys_getppid(void)
{
	return CALL0(NR_getppid);
}

long sys_mount(const char *source, const char *target, const char *fstype, unsigned long flags,
               const void *data)
{
	return raw_syscall(NR_mount, (long)source, (long)target, (long)fstype, (long)flags,
	                   (long)data, 0);
}

long sys_mkdir(const char *path, int mode)
{
	return CALL2(NR_mkdir, path, mode);
}

long sys_alarm(unsigned seconds)
{
	return CALL1(NR_alarm, seconds);
}

long sys_sync(void)
{
	return CALL0(NR_sync);
}

long sys_kill(int pid, int sig)
{
	return CALL2(NR_kill, pid, sig);
}

long sys_pipe(int fds[2])
{
	return CALL1(NR_pipe, fds);
}

long sys_brk(unsigned long addr)
{
	return CALL1(NR_brk, addr);
}

long sys_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return CALL3(NR_ioctl, fd, request, arg);
}

long sys_dup2(int old_fd, int new_fd)
{
	return CALL2(NR_dup2, old_fd, new_fd);
}

long sys_setsid(void)
{
	return CALL0(NR_setsid);
}

long sys_gettimeofday(struct kernel_timeval *tv)
{
	return CALL2(NR_gettimeofday, tv, 0);
}

long sys_reboot(unsigned cmd)
{
	return CALL4(NR_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, cmd, 0);
}

long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, unsigned long offset)
{
	return raw_syscall(NR_mmap2, (long)addr, (long)len, prot, flags, fd,
	                   (long)(offset / PAGE_SIZE));
}

long sys_munmap(void *addr, size_t len)
{
	return CALL2(NR_munmap, addr, len);
}

long sys_mprotect(void *addr, size_t len, int prot)
{
	return CALL3(NR_mprotect, addr, len, prot);
}

long sys_uname(struct utsname *name)
{
	return CALL1(NR_uname, name);
}

long sys_getdents(int fd, void *buf, size_t len)
{
	return CALL3(NR_getdents, fd, buf, len);
}

long sys_sched_yield(void)
{
	return CALL0(NR_sched_yield);
}

long sys_nanosleep(const struct kernel_timespec *request, struct kernel_timespec *remaining)
{
	return CALL2(NR_nanosleep, request, remaining);
}

long sys_rt_sigaction(int sig, const struct kernel_sigaction *act, struct kernel_sigaction *old)
{
	return CALL4(NR_rt_sigaction, sig, act, old, 8);
}

long sys_stat64(const char *path, struct stat64 *st)
{
	return CALL2(NR_stat64, path, st);
}

long sys_fstat64(int fd, struct stat64 *st)
{
	return CALL2(NR_fstat64, fd, st);
}
