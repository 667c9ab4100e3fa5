/*
 * The phases of the conformance run, in the order guest_main() runs them.
 * A phase given a not_run_why reports each of its cases as not run (failed)
 * with that reason, so a missing prerequisite never hides a case.
 */
#ifndef GUEST_SUITE_H
#define GUEST_SUITE_H

#include <stdbool.h>
#include <stdint.h>

/* boot-gdt-ljmp-lss, paging-on-high, cpuid-vendor (cases_boot.c) */
void run_boot_cases(void);

/* rom-found, rom-license-gpl (rom_probe.c): the ROM Linux would use, or NULL */
const uint8_t *run_rom_probe_cases(void);

/* cs-rpl-before-init, vmi-init-returns-0, cs-rpl-after-init (cases_init.c):
 * true if VMI_Init returned 0 */
bool run_vmi_init_cases(const uint8_t *rom, const char *not_run_why);

/* reloc-every-call-answered, reloc-targets-inside-rom, reloc-stable (cases_reloc.c) */
void run_reloc_cases(const uint8_t *rom, const char *not_run_why);

/* patch-rdtsc-call, patch-iodelay-nop, patch-none-left-native (cases_patch.c) */
void run_patch_cases(const uint8_t *rom, const char *not_run_why);

/* rom-image-matches (cases_rom_image.c) */
void run_rom_image_cases(const uint8_t *rom, const char *not_run_why);

/*
 * The phases after VMI_Init that use the ROM's calls (vmi_calls.h), with
 * the exception catcher (catch.h) installed.  Each file's head comment
 * lists its cases.
 */
/* irq-flag-*, gdt-*, idt-*, tr-*, ldt-*, cr*-, dr-*, cpuid-rom-* (cases_cpu.c) */
void run_cpu_cases(const char *not_run_why);
/* trap-* (cases_traps.c) */
void run_trap_cases(const char *not_run_why);
/* mmu-* (cases_mmu.c) */
void run_mmu_cases(const char *not_run_why);
/* user-* (cases_user.c) */
void run_user_cases(const char *not_run_why);
/* time-*, pic-* (cases_time.c) */
void run_time_cases(const char *not_run_why);
/* uart-* (cases_uart.c) */
void run_uart_cases(const char *not_run_why);
/* trap-nested-fault, irq-at-*, acpi-tables, uart-counters-hotkey,
 * xsave-enable, cpuid-native-vs-rom (cases_more.c, more_probes.S) */
void run_more_cases(const char *not_run_why);
/* gdt-stale-data-selector, gdt-live-cs-kept (cases_segments.c, segment_probes.S) */
void run_segment_cases(const char *not_run_why);

#endif
