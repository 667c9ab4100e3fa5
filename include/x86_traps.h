/*
 * x86 exception vectors by name, and the one definition of which of them
 * push an error code.  Usable from C and assembler.
 */
#ifndef X86_TRAPS_H
#define X86_TRAPS_H

#define X86_TRAP_DE  0  /* divide error */
#define X86_TRAP_DB  1  /* debug */
#define X86_TRAP_NMI 2  /* non-maskable interrupt */
#define X86_TRAP_BP  3  /* int3 */
#define X86_TRAP_OF  4  /* into */
#define X86_TRAP_BR  5  /* bound */
#define X86_TRAP_UD  6  /* invalid opcode */
#define X86_TRAP_NM  7  /* device not available */
#define X86_TRAP_DF  8  /* double fault */
#define X86_TRAP_TS  10 /* invalid TSS */
#define X86_TRAP_NP  11 /* segment not present */
#define X86_TRAP_SS  12 /* stack fault */
#define X86_TRAP_GP  13 /* general protection */
#define X86_TRAP_PF  14 /* page fault */
#define X86_TRAP_MF  16 /* x87 error */
#define X86_TRAP_AC  17 /* alignment check */
#define X86_TRAP_MC  18 /* machine check */
#define X86_TRAP_XM  19 /* SIMD error */
#define X86_TRAP_CP  21 /* control protection */

#define X86_NR_EXCEPTIONS 32
#define X86_NR_VECTORS    256

/* Bit n set: vector n pushes an error code. */
#define X86_TRAP_ERRCODE_MASK                                                                      \
	((1 << X86_TRAP_DF) | (1 << X86_TRAP_TS) | (1 << X86_TRAP_NP) | (1 << X86_TRAP_SS) |       \
	 (1 << X86_TRAP_GP) | (1 << X86_TRAP_PF) | (1 << X86_TRAP_AC) | (1 << X86_TRAP_CP))

/* Pseudo-vectors: entries from Xen that are not x86 vectors but share the
 * trap frame and the trap() dispatcher. */
#define WEDGE_VECTOR_EVENT_UPCALL 256
#define WEDGE_VECTOR_FAILSAFE     257

#define X86_EFLAGS_TF        0x00000100
#define X86_EFLAGS_IF        0x00000200
#define X86_EFLAGS_DF        0x00000400
#define X86_EFLAGS_NT        0x00004000
#define X86_EFLAGS_RF        0x00010000
#define X86_EFLAGS_IOPL      0x00003000
#define X86_EFLAGS_IOPL_MASK X86_EFLAGS_IOPL
#define X86_EFLAGS_VM        0x00020000

#ifndef __ASSEMBLER__
static inline int x86_trap_has_error_code(unsigned int vector)
{
	return vector < 32 && ((X86_TRAP_ERRCODE_MASK >> vector) & 1);
}
#endif

#endif
