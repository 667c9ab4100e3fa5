/*
 * How a run ends, as seen by the host.  The wedge writes one of these bytes
 * to QEMU's isa-debug-exit port; QEMU then exits with (code << 1) | 1.  The
 * harness (tests/harness/xenrun.py) knows the same table.
 */
#ifndef EXIT_CODES_H
#define EXIT_CODES_H

#define DEBUG_EXIT_PORT 0xf4
/* A test or benchmark guest writes a tag byte here to have the wedge print
 * its counters ("counters: snapshot <tag>" and a table) and carry on. */
#define COUNTERS_SNAPSHOT_PORT 0xf5

enum wedge_exit_code {
	EXIT_PASS = 0x10,        /* everything asked of the run passed: QEMU exits 33 */
	EXIT_FAIL = 0x11,        /* a test reported failure: 35 */
	EXIT_GUEST_FAULT = 0x12, /* the guest did something the wedge cannot allow: 37 */
	EXIT_WEDGE_BUG = 0x13,   /* an invariant of the wedge broke: 39 */
	EXIT_BAD_INPUT = 0x14,   /* bad image, module or command line: 41 */
	EXIT_POWEROFF = 0x15,    /* the guest powered off: 43 */
	EXIT_REBOOT = 0x16,      /* the guest asked for a reboot: 45 */
};

#endif
