/*
 * Decoding the 32-bit protected-mode x86 instructions that the wedge has to
 * emulate for its guest: descriptor tables, control and debug registers,
 * segment loads, far transfers, port I/O, MSRs and the like.  The decoder
 * only says what an instruction is and how long it is; executing it is the
 * caller's business.  No global state, no libc: it runs in the wedge.
 */
#ifndef CPU_DECODE_H
#define CPU_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hardware raises #GP for anything longer, prefixes included. */
#define X86_MAX_INSN_LEN 15

/* In the hardware's own numbering, so a ModRM reg field indexes it directly. */
enum x86_seg {
	X86_SEG_ES,
	X86_SEG_CS,
	X86_SEG_SS,
	X86_SEG_DS,
	X86_SEG_FS,
	X86_SEG_GS,
	X86_SEG_NONE
};

/* In the hardware's numbering, which is also the pusha order. */
enum x86_gpr {
	X86_REG_EAX,
	X86_REG_ECX,
	X86_REG_EDX,
	X86_REG_EBX,
	X86_REG_ESP,
	X86_REG_EBP,
	X86_REG_ESI,
	X86_REG_EDI,
	X86_NR_GPRS
};

enum x86_op {
	X86_OP_UNKNOWN,
	X86_OP_LGDT,
	X86_OP_LIDT,
	X86_OP_LLDT,
	X86_OP_LTR,
	X86_OP_SGDT,
	X86_OP_SIDT,
	X86_OP_SLDT,
	X86_OP_STR,
	X86_OP_SMSW,
	X86_OP_LMSW,
	X86_OP_INVLPG,
	X86_OP_MOV_FROM_CR, /* reg = CR number, rm = GPR */
	X86_OP_MOV_TO_CR,
	X86_OP_MOV_FROM_DR, /* reg = DR number (4 and 5 left to the caller: CR4.DE), rm = GPR */
	X86_OP_MOV_TO_DR,
	X86_OP_CLTS,
	X86_OP_WBINVD,
	X86_OP_INVD,
	X86_OP_CLI,
	X86_OP_STI,
	X86_OP_HLT,
	X86_OP_LJMP_PTR,  /* EA ptr16:32 */
	X86_OP_LJMP_MEM,  /* FF /5 m16:32 */
	X86_OP_LCALL_PTR, /* 9A ptr16:32 */
	X86_OP_LCALL_MEM, /* FF /3 m16:32 */
	X86_OP_LRET,      /* CB, CA iw */
	X86_OP_IRET,
	X86_OP_LSS,
	X86_OP_LDS,
	X86_OP_LES,
	X86_OP_LFS,
	X86_OP_LGS,
	X86_OP_MOV_TO_SREG,   /* 8E */
	X86_OP_MOV_FROM_SREG, /* 8C */
	X86_OP_POP_SREG,      /* 07 17 1F, 0F A1, 0F A9 */
	X86_OP_PUSH_SREG,     /* 06 0E 16 1E, 0F A0, 0F A8 */
	X86_OP_RDMSR,
	X86_OP_WRMSR,
	X86_OP_CPUID,
	X86_OP_RDTSC,
	X86_OP_RDPMC,
	X86_OP_IN,   /* E4 E5 ib, EC ED */
	X86_OP_OUT,  /* E6 E7 ib, EE EF */
	X86_OP_INS,  /* 6C 6D */
	X86_OP_OUTS, /* 6E 6F */
	X86_OP_PUSHF,
	X86_OP_POPF,
	X86_OP_INT, /* CD ib */
	X86_OP_INT3,
	X86_OP_INTO,
	X86_OP_UD2,
	X86_NR_OPS
};

struct x86_insn {
	uint8_t len;      /* bytes consumed, prefixes included */
	uint8_t opsize;   /* 16 or 32 (16 after 0x66) */
	uint8_t addrsize; /* 16 or 32 (16 after 0x67) */
	uint8_t rep;      /* 0, 0xF3 or 0xF2: the last one given */
	bool lock;
	enum x86_seg seg_override; /* the last one given, or X86_SEG_NONE */
	bool twobyte;              /* opcode is in the 0F map */
	uint8_t opcode;

	/* MOV CR/DR report mod 3 whatever was encoded: the CPU ignores it. */
	bool has_modrm;
	uint8_t mod, reg, rm;

	/* base 5 with mod 0: no base, disp32 instead; index 4: no index. */
	bool has_sib;
	uint8_t scale; /* 1, 2, 4 or 8 */
	uint8_t index, base;

	int32_t disp; /* sign-extended from 8 or 16 bits where encoded so */

	uint32_t imm; /* port for E4-E7, vector for CD, pop count for CA */
	uint8_t imm_size;

	uint16_t far_sel; /* EA / 9A ptr16:32 (ptr16:16 after 0x66) */
	uint32_t far_off;

	uint8_t access_size; /* bytes per transfer for IN/OUT/INS/OUTS: 1, 2 or 4 */

	/* The segment register MOV/PUSH/POP Sreg and LDS..LSS name, else
	 * X86_SEG_NONE. */
	enum x86_seg sreg;

	enum x86_op op;
};

enum x86_decode_result {
	X86_DECODE_OK,
	X86_DECODE_TRUNCATED,   /* ran out of bytes: fetch more and try again */
	X86_DECODE_UNSUPPORTED, /* not in enum x86_op, so its length is unknown (VEX, RDTSCP, ...)
	                         */
	X86_DECODE_INVALID,     /* hardware would fault: #UD, or #GP for more than 15 bytes */
};

/*
 * Decodes one instruction from at most avail bytes.  Every field of *out is
 * written.  Unless the result is X86_DECODE_OK, len is meaningless and the
 * other fields hold what was decoded before the decoder stopped: op is set
 * once the opcode names one of ours, even if its operands then turn out
 * invalid (LSS with a register operand, a LOCK prefix, ...).
 */
enum x86_decode_result x86_decode(const uint8_t *bytes, size_t avail, struct x86_insn *out);

struct x86_gprs {
	uint32_t r[X86_NR_GPRS]; /* indexed by enum x86_gpr */
};

/*
 * The offset within its segment of a decoded memory operand, and that
 * segment: the override if there is one, else SS for an EBP or ESP base (BP
 * in 16-bit forms), else DS.  16-bit forms wrap to 16 bits.
 * Only meaningful when insn->has_modrm && insn->mod != 3; otherwise returns
 * 0 and X86_SEG_NONE.
 */
uint32_t x86_effective_address(const struct x86_insn *insn, const struct x86_gprs *regs,
                               enum x86_seg *seg);

/* Lower-case mnemonic for logs; never NULL. */
const char *x86_op_name(enum x86_op op);

#endif
