/*
 * /bin/ls [-l] [PATH...]: lists each directory (default ".") through
 * getdents, one name per line, directories marked with '/'.  -l adds the
 * type and permissions and the size, from stat64.  A PATH that is not a
 * directory is listed by itself.
 */
#include "lib/sys.h"
#include "lib/text.h"

static int long_format;

static void mode_string(unsigned mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	switch (mode & S_IFMT) {
	case S_IFDIR:
		out[0] = 'd';
		break;
	case S_IFCHR:
		out[0] = 'c';
		break;
	case S_IFLNK:
		out[0] = 'l';
		break;
	case S_IFREG:
		out[0] = '-';
		break;
	default:
		out[0] = '?';
	}
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	out[10] = 0;
}

/* One line for `name`; full_path is what stat64 needs for -l. */
static void show_entry(const char *name, const char *full_path, int is_dir)
{
	if (!long_format) {
		printf("%s%s\n", name, is_dir ? "/" : "");
		return;
	}
	struct stat64 st;
	long r = sys_stat64(full_path, &st);
	if (r < 0) {
		printf("?????????? %8s %s\n", "?", name);
		return;
	}
	char mode[11];
	mode_string(st.mode, mode);
	if ((st.mode & S_IFMT) == S_IFCHR)
		printf("%s %3u, %3u %s\n", mode, (st.rdev_low >> 8) & 0xfff,
		       (st.rdev_low & 0xff) | ((st.rdev_low >> 12) & ~0xffu), name);
	else
		printf("%s %8u %s\n", mode, st.size_low, name);
}

static int list_directory(const char *path)
{
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY, 0);
	if (fd == -ENOTDIR) {
		show_entry(path, path, 0);
		return 0;
	}
	if (fd < 0) {
		fdprintf(2, "ls: %s: %s\n", path, error_name(fd));
		return 1;
	}
	char buf[4096];
	for (;;) {
		long n = sys_getdents(fd, buf, sizeof(buf));
		if (n < 0) {
			fdprintf(2, "ls: %s: %s\n", path, error_name(n));
			sys_close(fd);
			return 1;
		}
		if (n == 0)
			break;
		for (long at = 0; at < n;) {
			struct linux_dirent *d = (struct linux_dirent *)(buf + at);
			int type = buf[at + d->reclen - 1];
			at += d->reclen;
			if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
				continue;
			char full[512];
			format_string(full, sizeof(full), "%s/%s", path, d->name);
			show_entry(d->name, full, type == DT_DIR);
		}
	}
	sys_close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		long_format = 1;
		first = 2;
	}
	if (first >= argc)
		return list_directory(".");
	int failed = 0;
	for (int i = first; i < argc; i++) {
		if (argc - first > 1)
			printf("%s:\n", argv[i]);
		failed |= list_directory(argv[i]);
	}
	return failed;
}
