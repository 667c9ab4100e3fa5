/*
 * /bin/ps: one line per process from /proc/PID/stat: pid, parent pid,
 * state and command name.  Needs /proc mounted (init does that).
 */
#include "lib/sys.h"
#include "lib/text.h"

static int is_number(const char *s)
{
	unsigned ignored;
	return parse_uint(s, &ignored) == 0 && s[0] != '0';
}

/* "PID (COMM) S PPID ...": the name may hold spaces and parentheses. */
static void show_process(const char *pid)
{
	char path[64], stat[512];
	format_string(path, sizeof(path), "/proc/%s/stat", pid);
	long fd = sys_open(path, O_RDONLY, 0);
	if (fd < 0)
		return; /* it exited meanwhile */
	long n = sys_read(fd, stat, sizeof(stat) - 1);
	sys_close(fd);
	if (n <= 0)
		return;
	stat[n] = 0;
	char *open_paren = strchr(stat, '(');
	char *close_paren = 0;
	for (char *p = stat; *p; p++)
		if (*p == ')')
			close_paren = p;
	if (!open_paren || !close_paren || close_paren[1] != ' ' || !close_paren[2])
		return;
	*close_paren = 0;
	char state = close_paren[2];
	char *ppid = close_paren + 4;
	char *end = strchr(ppid, ' ');
	if (end)
		*end = 0;
	printf("%5s %5s %c %s\n", pid, ppid, state, open_paren + 1);
}

int main(void)
{
	long fd = sys_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0) {
		fdprintf(2, "ps: /proc: %s\n", error_name(fd));
		return 1;
	}
	printf("%5s %5s S COMMAND\n", "PID", "PPID");
	char buf[4096];
	long n;
	while ((n = sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct linux_dirent *d = (struct linux_dirent *)(buf + at);
			at += d->reclen;
			if (is_number(d->name))
				show_process(d->name);
		}
	}
	sys_close(fd);
	return 0;
}
