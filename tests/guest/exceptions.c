/*
 * The report for an unexpected exception once paging is on (the stubs and
 * the paging-off report are in exception_entry.S).  Nothing in the suite
 * expects an exception yet, so any one of them ends the run with EXIT_FAIL.
 */
#include <stdint.h>

#include "include/exit_codes.h"
#include "include/x86_traps.h"
#include "tests/guest/console.h"
#include "tests/guest/report.h"

/* Laid out by exception_entry.S: pusha, vector, error code, CPU frame. */
struct exception_frame {
	uint32_t edi, esi, ebp, esp_before_pusha, ebx, edx, ecx, eax;
	uint32_t vector;
	uint32_t error_code; /* 0 pushed by the stub where the CPU pushes none */
	uint32_t eip, cs, eflags;
};

_Noreturn void report_unexpected_exception(const struct exception_frame *f);

static const char *const vector_names[X86_NR_EXCEPTIONS] = {
    [X86_TRAP_DE] = "DE", [X86_TRAP_DB] = "DB", [X86_TRAP_NMI] = "NMI", [X86_TRAP_BP] = "BP",
    [X86_TRAP_OF] = "OF", [X86_TRAP_BR] = "BR", [X86_TRAP_UD] = "UD",   [X86_TRAP_NM] = "NM",
    [X86_TRAP_DF] = "DF", [X86_TRAP_TS] = "TS", [X86_TRAP_NP] = "NP",   [X86_TRAP_SS] = "SS",
    [X86_TRAP_GP] = "GP", [X86_TRAP_PF] = "PF", [X86_TRAP_MF] = "MF",   [X86_TRAP_AC] = "AC",
    [X86_TRAP_MC] = "MC", [X86_TRAP_XM] = "XM", [X86_TRAP_CP] = "CP",
};

_Noreturn void report_unexpected_exception(const struct exception_frame *f)
{
	static int nesting;

	/* A fault inside this report would recurse: the second time, stop. */
	if (nesting++)
		guest_exit(EXIT_FAIL);

	const char *name = f->vector < X86_NR_EXCEPTIONS ? vector_names[f->vector] : NULL;
	if (!name)
		name = "reserved";
	if (x86_trap_has_error_code(f->vector))
		case_fail("unexpected-exception", "vector %u (%s) error 0x%x eip 0x%08x cs 0x%04x",
		          f->vector, name, f->error_code, f->eip, f->cs);
	else
		case_fail("unexpected-exception", "vector %u (%s) eip 0x%08x cs 0x%04x", f->vector,
		          name, f->eip, f->cs);
	guest_printf("guest:   eflags %08x eax %08x ebx %08x ecx %08x edx %08x\n", f->eflags,
	             f->eax, f->ebx, f->ecx, f->edx);
	guest_printf("guest:   esi %08x edi %08x ebp %08x\n", f->esi, f->edi, f->ebp);
	report_summary_and_exit_fail();
}
