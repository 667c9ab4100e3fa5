/*
 * Checks the wedge runs on itself at boot (the timer event) or on request
 * (selftest= on its command line), so the harness can see the trap, fault
 * report and exit paths work on the real Xen.
 */
#ifndef WEDGE_SELFTEST_H
#define WEDGE_SELFTEST_H

void selftest_timer_event(void);
void selftest_run(const char *name);

/* wedge/selftest_rom.c */
void selftest_rom(void);

#endif
