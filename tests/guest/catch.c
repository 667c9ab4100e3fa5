/*
 * The catcher's state and its gates (catch.h).
 */
#include "include/x86_traps.h"
#include "tests/guest/catch.h"
#include "tests/guest/layout.h"
#include "tests/guest/string.h"
#include "tests/guest/vmi_calls.h"

volatile struct caught_trap caught;
volatile uint32_t catch_resume_eip;
volatile uint32_t probe_fault_eip, probe_next_eip, probe_esp;

extern uint64_t idt_table[IDT_ENTRIES];

void catch_install(void)
{
	for (uint32_t v = 0; v < X86_NR_EXCEPTIONS; v++) {
		/* Linux's int3 and into gates may be used from user mode. */
		unsigned int dpl = (v == X86_TRAP_BP || v == X86_TRAP_OF) ? 3 : 0;
		vmi_write_idt_entry(idt_table, v,
		                    idt_gate(KERNEL_CS, (uint32_t)catch_stubs + v * CATCH_STUB_SIZE,
		                             GATE_TYPE_INTR32, dpl));
	}
}

void catch_reset(void)
{
	memset((void *)&caught, 0, sizeof(caught));
	catch_resume_eip = 0;
	probe_fault_eip = probe_next_eip = probe_esp = 0;
}
