/*
 * The ways a run ends.  wedge_exit() is the only exit; the others say why
 * first.  Keep the distinction: guest_fault() is the guest doing something
 * the wedge must refuse, wedge_bug() is an invariant of ours that broke,
 * bad_input() is a malformed image, module or command line.
 */
#ifndef WEDGE_PANIC_H
#define WEDGE_PANIC_H

#include "include/exit_codes.h"

_Noreturn void wedge_exit(enum wedge_exit_code code);
_Noreturn void wedge_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void guest_fault(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bad_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void wedge_main_returned(void);

#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (__builtin_expect(!!(cond), 0))                                                 \
			wedge_bug("%s:%d: BUG_ON(%s)", __FILE__, __LINE__, #cond);                 \
	} while (0)

#endif
