/*
 * Expected exceptions after VMI_Init.  catch_install() points IDT vectors
 * 0-31 at the catcher (catch_entry.S) through WriteIDTEntry.  The catcher
 * records the hardware frame in `caught`, then:
 *   - from ring 1, if a resume address is armed (catch_resume_eip): the
 *     frame's EIP is replaced by it, the arm is cleared, and the catcher
 *     returns through the ROM's IRET, on the interrupted stack;
 *   - from ring 3 while user_mode_run() is active (user_mode.h): back to
 *     the kernel context that started user mode, reason USER_EXIT_TRAP;
 *   - otherwise: the unexpected-exception report, and the run ends.
 *
 * The probes (trap_probes.S) each arm the catcher with the instruction
 * right after one faulting instruction, note that instruction's address
 * and the ESP it runs with, and run it.
 */
#ifndef GUEST_CATCH_H
#define GUEST_CATCH_H

#define CATCH_STUB_SIZE 16

/* struct caught_trap offsets, for the assembler */
#define CAUGHT_COUNT        0
#define CAUGHT_VECTOR       4
#define CAUGHT_ERROR        8
#define CAUGHT_EIP          12
#define CAUGHT_CS           16
#define CAUGHT_EFLAGS       20
#define CAUGHT_ESP          24
#define CAUGHT_SS           28
#define CAUGHT_FRAME        32
#define CAUGHT_HANDLER_MASK 36
#define CAUGHT_SIZE         40

#ifndef __ASSEMBLER__
#include <stdint.h>

struct caught_trap {
	uint32_t count;           /* exceptions caught since catch_reset() */
	uint32_t vector;          /* the last one's vector, */
	uint32_t error_code;      /* error code (0 where the CPU pushes none), */
	uint32_t eip, cs, eflags; /* frame, */
	uint32_t esp, ss;         /* interrupted stack: ring 1, the ESP just above the
	                           * frame and the handler's SS; ring 3, the frame's words */
	uint32_t frame;           /* address of the frame's EIP word */
	uint32_t handler_mask;    /* GetInterruptMask on entry to the handler */
};
_Static_assert(sizeof(struct caught_trap) == CAUGHT_SIZE, "caught_trap layout");

extern volatile struct caught_trap caught;
extern volatile uint32_t catch_resume_eip;

/* What the last probe ran: the faulting instruction, the one after it,
 * and ESP at the faulting instruction. */
extern volatile uint32_t probe_fault_eip, probe_next_eip, probe_esp;

extern char catch_stubs[];

/* Gates for vectors 0-31 through WriteIDTEntry (the call under test). */
void catch_install(void);
void catch_reset(void);

/* Each runs one instruction that is expected to fault (or trap). */
void probe_divide_error(void);    /* divl by zero */
void probe_breakpoint(void);      /* int3 */
void probe_invalid_opcode(void);  /* ud2 */
void probe_load_ds(uint32_t sel); /* mov sel, %ds (DS restored after) */
void probe_load_ss(uint32_t sel); /* mov sel, %ss (SS restored after) */
void probe_fpu(void);             /* fnop */
/* These return what they read (or 0 after a fault). */
uint32_t probe_read(uint32_t addr);          /* movl (addr), %eax */
void probe_write(uint32_t addr, uint32_t v); /* movl v, (addr) */
uint32_t probe_read_fs(uint32_t offset);     /* movl %fs:(offset), %eax */
#endif

#endif
