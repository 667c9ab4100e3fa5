/*
 * How the suite reports: one line per case, `guest: pass NAME` or
 * `guest: FAIL NAME: detail`, informational lines `guest: info ...`, and at
 * the end `guest: N passed, N failed` followed by the exit code on the
 * debug-exit port (EXIT_PASS only if nothing failed).
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>
#include <stdint.h>

void case_pass(const char *name);
__attribute__((format(printf, 2, 3))) void case_fail(const char *name, const char *fmt, ...);

/* pass if ok, else fail with the formatted detail.  Returns ok. */
__attribute__((format(printf, 3, 4))) bool case_check(const char *name, bool ok, const char *fmt,
                                                      ...);

/* A case that could not run counts as failed: nothing was shown to work. */
void case_not_run(const char *name, const char *why);

__attribute__((format(printf, 1, 2))) void report_info(const char *fmt, ...);

unsigned int cases_failed(void);

_Noreturn void report_summary_and_exit(void);
/* After an unexpected event: the summary so far, and EXIT_FAIL regardless. */
_Noreturn void report_summary_and_exit_fail(void);

/* Write the code to the debug-exit port; if that returns, halt for ever. */
_Noreturn void guest_exit(uint8_t code);

#endif
