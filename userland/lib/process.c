/*
 * Process-level helpers built on the wrappers: the environment and
 * auxiliary vector _start found, full writes, millisecond sleeps, signal
 * handler installation, and names for error numbers.
 */
#include "lib/sys.h"
#include "lib/text.h"

char **environ;

unsigned long auxv_value(unsigned type)
{
	char **p = environ;
	if (!p)
		return 0;
	while (*p)
		p++;
	for (unsigned long *aux = (unsigned long *)(p + 1); aux[0] != AT_NULL; aux += 2)
		if (aux[0] == type)
			return aux[1];
	return 0;
}

long write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		long n = sys_write(fd, p, len);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

long sleep_ms(unsigned ms)
{
	struct kernel_timespec t = {.sec = ms / 1000, .nsec = (ms % 1000) * 1000000};
	return sys_nanosleep(&t, 0);
}

long set_signal_handler(int sig, void *handler, uint32_t flags)
{
	struct kernel_sigaction act = {
	    .handler = handler,
	    .flags = flags | SA_RESTORER,
	    .restorer = flags & SA_SIGINFO ? signal_return_rt : signal_return,
	};
	return sys_rt_sigaction(sig, &act, 0);
}

static const char *const error_names[] = {
    [EPERM] = "EPERM",   [ENOENT] = "ENOENT",   [ESRCH] = "ESRCH",   [EINTR] = "EINTR",
    [EIO] = "EIO",       [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",   [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",   [EACCES] = "EACCES", [EFAULT] = "EFAULT",
    [EBUSY] = "EBUSY",   [EEXIST] = "EEXIST",   [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR",
    [EISDIR] = "EISDIR", [EINVAL] = "EINVAL",   [ENOTTY] = "ENOTTY", [ENOSPC] = "ENOSPC",
    [EPIPE] = "EPIPE",   [ENOSYS] = "ENOSYS",
};

const char *error_name(long err)
{
	static char unknown[24];
	if (err < 0)
		err = -err;
	if (err < (long)(sizeof(error_names) / sizeof(error_names[0])) && error_names[err])
		return error_names[err];
	format_string(unknown, sizeof(unknown), "error %d", (int)err);
	return unknown;
}
