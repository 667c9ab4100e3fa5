/*
 * /init, PID 1 of the test userland: mounts proc, sysfs and devtmpfs
 * (carrying on if one fails), announces itself, then keeps a shell on
 * /dev/console: starts /bin/sh as a session leader with the console as
 * its controlling terminal, reaps every orphan that is handed to it, and
 * starts a new shell when the old one exits (announced on the console;
 * what was typed ahead is gone: the kernel hangs up the console when a
 * session leader exits).  It never exits itself.
 */
#include "lib/sys.h"
#include "lib/text.h"

static void mount_or_warn(const char *type, const char *target)
{
	sys_mkdir(target, 0755);
	long r = sys_mount(type, target, type, 0, 0);
	if (r < 0)
		fdprintf(2, "init: mount %s on %s: %s (continuing)\n", type, target, error_name(r));
}

/*
 * Makes /dev/console our standard input, output and error; with
 * controlling, also our controlling terminal (we must lead a session).
 * Keeps the old descriptors if the console cannot be opened.
 */
static void use_console(int controlling)
{
	long fd = sys_open("/dev/console", O_RDWR | (controlling ? 0 : O_NOCTTY), 0);
	if (fd < 0)
		return;
	if (controlling)
		sys_ioctl(fd, TIOCSCTTY, 0);
	for (int i = 0; i < 3; i++)
		if (fd != i)
			sys_dup2(fd, i);
	if (fd > 2)
		sys_close(fd);
}

static long start_shell(void)
{
	long pid = sys_fork();
	if (pid != 0)
		return pid;
	sys_setsid();
	use_console(1);
	char *argv[] = {"sh", 0};
	long r = sys_execve("/bin/sh", argv, environ);
	fdprintf(2, "init: cannot run /bin/sh: %s\n", error_name(r));
	sys_exit(127);
}

static unsigned long now_seconds(void)
{
	struct kernel_timeval tv = {0, 0};
	sys_gettimeofday(&tv);
	return tv.sec;
}

int main(void)
{
	mount_or_warn("proc", "/proc");
	mount_or_warn("sysfs", "/sys");
	mount_or_warn("devtmpfs", "/dev");
	printf("init: vmiwedge test userland\n");
	for (;;) {
		unsigned long started = now_seconds();
		long shell = start_shell();
		if (shell < 0) {
			fdprintf(2, "init: fork: %s\n", error_name(shell));
			sleep_ms(1000);
			continue;
		}
		int status = 0;
		for (;;) {
			long pid = sys_wait4(-1, &status, 0);
			if (pid == shell || pid == -ECHILD)
				break;
		}
		/* The shell led the console's session: its exit hung the console up. */
		use_console(0);
		if (now_seconds() - started < 1)
			sleep_ms(1000); /* a shell that dies at once: do not spin */
		if (WIFSIGNALED(status))
			printf("init: the shell was killed by signal %d, starting a new one\n",
			       WTERMSIG(status));
		else
			printf("init: the shell exited (status %d), starting a new one\n",
			       WEXITSTATUS(status));
	}
}
