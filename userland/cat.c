/*
 * /bin/cat [FILE...]: copies each FILE (or standard input, also for "-")
 * to standard output.
 */
#include "lib/sys.h"
#include "lib/text.h"

static int copy_fd(int fd, const char *name)
{
	char buf[4096];
	for (;;) {
		long n = sys_read(fd, buf, sizeof(buf));
		if (n == -EINTR)
			continue;
		if (n < 0) {
			fdprintf(2, "cat: %s: %s\n", name, error_name(n));
			return 1;
		}
		if (n == 0)
			return 0;
		long w = write_all(1, buf, n);
		if (w < 0) {
			fdprintf(2, "cat: write: %s\n", error_name(w));
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return copy_fd(0, "stdin");
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			failed |= copy_fd(0, "stdin");
			continue;
		}
		long fd = sys_open(argv[i], O_RDONLY, 0);
		if (fd < 0) {
			fdprintf(2, "cat: %s: %s\n", argv[i], error_name(fd));
			failed = 1;
			continue;
		}
		failed |= copy_fd(fd, argv[i]);
		sys_close(fd);
	}
	return failed;
}
