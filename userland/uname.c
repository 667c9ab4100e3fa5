/*
 * /bin/uname: prints "sysname release machine" (e.g. "Linux 2.6.32 i686");
 * with -a: sysname, nodename, release, version and machine.
 */
#include "lib/sys.h"
#include "lib/text.h"

int main(int argc, char **argv)
{
	struct utsname name;
	long r = sys_uname(&name);
	if (r < 0) {
		fdprintf(2, "uname: %s\n", error_name(r));
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "-a"))
		printf("%s %s %s %s %s\n", name.sysname, name.nodename, name.release, name.version,
		       name.machine);
	else
		printf("%s %s %s\n", name.sysname, name.release, name.machine);
	return 0;
}
