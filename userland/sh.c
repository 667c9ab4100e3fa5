/*
 * /bin/sh: a tiny interactive shell.  Prints "# ", reads a line from
 * standard input and runs it; no quoting, variables or globbing.
 *
 *   cmd arg...         runs /bin/cmd (or cmd itself if it holds a '/')
 *   a | b              one pipe between two commands
 *   cmd > file         standard output of the (last) command to file
 *   cd [dir], exit [n], echo args..., poweroff, reboot, halt: builtins
 *
 * A command that ends with a nonzero status is reported as
 * "sh: cmd: exit N" (or "sh: cmd: killed by signal N").
 */
#include "lib/sys.h"
#include "lib/text.h"

#define LINE_MAX     512
#define MAX_WORDS    32
#define MAX_COMMANDS 2

struct pipeline {
	char *argv[MAX_COMMANDS][MAX_WORDS + 1];
	int commands;
	const char *output_file; /* of the last command, or 0 */
};

/* Reads one line without its newline; -1 at end of input with nothing read. */
static int read_line(char *line, int size)
{
	int len = 0;
	for (;;) {
		char c;
		long n = sys_read(0, &c, 1);
		if (n == -EINTR)
			continue;
		if (n <= 0)
			return len ? len : -1;
		if (c == '\n')
			break;
		if (len < size - 1)
			line[len++] = c;
	}
	line[len] = 0;
	return len;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Splits line into words; '|' and '>' always form words of their own.
 * The words point into `storage` (3 * LINE_MAX: room for a space on each
 * side of every operator).  Returns the number of words, -1 if too many.
 */
static int split_words(const char *line, char *storage, char **words, int max_words)
{
	char *out = storage;
	for (const char *s = line; *s; s++) {
		if (*s == '|' || *s == '>') {
			*out++ = ' ';
			*out++ = *s;
			*out++ = ' ';
		} else {
			*out++ = is_blank(*s) ? ' ' : *s;
		}
	}
	*out = 0;
	int count = 0;
	for (char *s = storage; *s;) {
		if (*s == ' ') {
			*s++ = 0;
			continue;
		}
		if (count == max_words)
			return -1;
		words[count++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return count;
}

/* Returns an error message, or 0 on success (commands == 0: empty line). */
static const char *parse_line(const char *line, struct pipeline *p)
{
	static char storage[3 * LINE_MAX];
	char *words[MAX_COMMANDS * (MAX_WORDS + 2)];
	int count = split_words(line, storage, words, sizeof(words) / sizeof(words[0]));
	if (count < 0)
		return "too many words";
	p->commands = 0;
	p->output_file = 0;
	int argc = 0;
	for (int i = 0; i < count; i++) {
		if (!strcmp(words[i], "|")) {
			if (!argc || p->output_file)
				return "syntax error near '|'";
			if (p->commands + 1 == MAX_COMMANDS)
				return "only one '|' is supported";
			p->argv[p->commands++][argc] = 0;
			argc = 0;
		} else if (!strcmp(words[i], ">")) {
			if (!argc || p->output_file)
				return "syntax error near '>'";
			if (i + 1 == count || !strcmp(words[i + 1], "|") ||
			    !strcmp(words[i + 1], ">"))
				return "'>' needs a file name";
			p->output_file = words[++i];
		} else if (p->output_file) {
			return "words after '> file' are not supported";
		} else if (argc == MAX_WORDS) {
			return "too many words";
		} else {
			p->argv[p->commands][argc++] = words[i];
		}
	}
	if (!argc)
		return p->commands ? "'|' needs a command after it" : 0;
	p->argv[p->commands++][argc] = 0;
	return 0;
}

static void echo(char **argv)
{
	char line[LINE_MAX + 2];
	int len = 0;
	for (int i = 1; argv[i]; i++)
		len += format_string(line + len, sizeof(line) - len, "%s%s", i > 1 ? " " : "",
		                     argv[i]);
	line[len++] = '\n';
	write_all(1, line, len);
}

static void power_builtin(const char *name)
{
	unsigned cmd = !strcmp(name, "poweroff") ? REBOOT_CMD_POWER_OFF
	               : !strcmp(name, "reboot") ? REBOOT_CMD_RESTART
	                                         : REBOOT_CMD_HALT;
	sys_sync();
	long r = sys_reboot(cmd);
	fdprintf(2, "sh: %s: %s\n", name, error_name(r));
}

/* Builtins that must run in the shell itself; returns 1 if argv was one. */
static int run_shell_builtin(char **argv)
{
	if (!strcmp(argv[0], "cd")) {
		const char *dir = argv[1] ? argv[1] : "/";
		long r = sys_chdir(dir);
		if (r < 0)
			fdprintf(2, "sh: cd: %s: %s\n", dir, error_name(r));
		return 1;
	}
	if (!strcmp(argv[0], "exit")) {
		unsigned code = 0;
		if (argv[1] && parse_uint(argv[1], &code) < 0)
			code = 2;
		sys_exit(code);
	}
	if (!strcmp(argv[0], "poweroff") || !strcmp(argv[0], "reboot") ||
	    !strcmp(argv[0], "halt")) {
		power_builtin(argv[0]);
		return 1;
	}
	return 0;
}

/* In a child: runs argv and never returns. */
static void exec_command(char **argv)
{
	if (!strcmp(argv[0], "echo")) {
		echo(argv);
		sys_exit(0);
	}
	char path[LINE_MAX + 8];
	if (strchr(argv[0], '/'))
		format_string(path, sizeof(path), "%s", argv[0]);
	else
		format_string(path, sizeof(path), "/bin/%s", argv[0]);
	long r = sys_execve(path, argv, environ);
	if (r == -ENOENT)
		fdprintf(2, "sh: %s: not found\n", argv[0]);
	else
		fdprintf(2, "sh: %s: %s\n", argv[0], error_name(r));
	sys_exit(127);
}

static void report_status(const char *name, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status))
		fdprintf(2, "sh: %s: exit %d\n", name, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fdprintf(2, "sh: %s: killed by signal %d\n", name, WTERMSIG(status));
}

/* Child side: stdin from in_fd, stdout to out_fd (-1: leave as is), run. */
static void start_child(struct pipeline *p, int index, int in_fd, int out_fd, int spare_fd)
{
	set_signal_handler(SIGINT, SIG_DFL, 0);
	if (in_fd >= 0) {
		sys_dup2(in_fd, 0);
		sys_close(in_fd);
	}
	if (spare_fd >= 0)
		sys_close(spare_fd);
	if (index == p->commands - 1 && p->output_file) {
		long fd = sys_open(p->output_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0) {
			fdprintf(2, "sh: %s: %s\n", p->output_file, error_name(fd));
			sys_exit(1);
		}
		out_fd = fd;
	}
	if (out_fd >= 0) {
		sys_dup2(out_fd, 1);
		sys_close(out_fd);
	}
	exec_command(p->argv[index]);
}

static void run_pipeline(struct pipeline *p)
{
	char **first = p->argv[0];
	if (p->commands == 1 && run_shell_builtin(first))
		return;
	if (p->commands == 1 && !p->output_file && !strcmp(first[0], "echo")) {
		echo(first);
		return;
	}
	int pipe_fds[2] = {-1, -1};
	if (p->commands == 2) {
		long r = sys_pipe(pipe_fds);
		if (r < 0) {
			fdprintf(2, "sh: pipe: %s\n", error_name(r));
			return;
		}
	}
	long pids[MAX_COMMANDS];
	for (int i = 0; i < p->commands; i++) {
		pids[i] = sys_fork();
		if (pids[i] == 0) {
			if (p->commands == 1)
				start_child(p, i, -1, -1, -1);
			else if (i == 0)
				start_child(p, i, -1, pipe_fds[1], pipe_fds[0]);
			else
				start_child(p, i, pipe_fds[0], -1, pipe_fds[1]);
		}
		if (pids[i] < 0)
			fdprintf(2, "sh: fork: %s\n", error_name(pids[i]));
	}
	if (p->commands == 2) {
		sys_close(pipe_fds[0]);
		sys_close(pipe_fds[1]);
	}
	for (int i = 0; i < p->commands; i++) {
		if (pids[i] < 0)
			continue;
		int status = 0;
		long r;
		do
			r = sys_wait4(pids[i], &status, 0);
		while (r == -EINTR);
		if (r == pids[i])
			report_status(p->argv[i][0], status);
	}
}

int main(void)
{
	set_signal_handler(SIGINT, SIG_IGN, 0);
	char line[LINE_MAX];
	for (;;) {
		write_all(1, "# ", 2);
		if (read_line(line, sizeof(line)) < 0)
			return 0;
		struct pipeline p;
		const char *error = parse_line(line, &p);
		if (error)
			fdprintf(2, "sh: %s\n", error);
		else if (p.commands)
			run_pipeline(&p);
	}
}
