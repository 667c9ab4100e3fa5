/*
 * The x86 instruction decoder behind cpu/decode.h: legacy prefixes, the one-
 * and two-byte opcodes the wedge emulates, ModRM/SIB in both address sizes,
 * and effective addresses.  Freestanding: it includes nothing but the
 * compiler's own headers, and never reads a byte past what it was given.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/decode.h"

#define PREFIX_OPSIZE   0x66
#define PREFIX_ADDRSIZE 0x67
#define PREFIX_LOCK     0xF0
#define PREFIX_REPNE    0xF2
#define PREFIX_REP      0xF3
#define PREFIX_ES       0x26
#define PREFIX_CS       0x2E
#define PREFIX_SS       0x36
#define PREFIX_DS       0x3E
#define PREFIX_FS       0x64
#define PREFIX_GS       0x65
#define TWOBYTE_ESCAPE  0x0F

#define DEFAULT_SIZE_BITS 32
#define SHORT_SIZE_BITS   16
#define BITS_PER_BYTE     8
#define SELECTOR_BYTES    2
#define ADDRESS16_MASK    0xFFFFu

#define MODRM_MOD_SHIFT  6
#define MODRM_REG_SHIFT  3
#define MODRM_FIELD_MASK 7
#define SIB_SCALE_SHIFT  6
#define SIB_INDEX_SHIFT  3

/* ModRM mod values. */
#define MOD_NO_DISP   0
#define MOD_DISP8     1
#define MOD_DISP_FULL 2 /* disp32, or disp16 with 16-bit addressing */
#define MOD_REGISTER  3

/* Special rm/SIB values of 32-bit addressing. */
#define RM32_SIB       4 /* a SIB byte follows */
#define RM32_DISP_ONLY 5 /* with mod 0: disp32 and no base */
#define SIB_NO_INDEX   4
#define SIB_NO_BASE    5 /* with mod 0: disp32 instead of a base */

/* With mod 0 this rm of 16-bit addressing is disp16 alone, not BP. */
#define RM16_DISP_ONLY 6

/* Control registers that exist in 32-bit mode: CR0, CR2, CR3, CR4. */
#define VALID_CR_MASK ((1u << 0) | (1u << 2) | (1u << 3) | (1u << 4))

/* In place of a base or index register: there is none. */
#define NO_REG X86_NR_GPRS

#define TRY(expr)                                                                                  \
	do {                                                                                       \
		enum x86_decode_result result_ = (expr);                                           \
		if (result_ != X86_DECODE_OK)                                                      \
			return result_;                                                            \
	} while (0)

struct cursor {
	const uint8_t *bytes;
	size_t avail;
	size_t pos;
};

/* Reads a little-endian value of 1, 2 or 4 bytes. */
static enum x86_decode_result fetch(struct cursor *c, size_t size, uint32_t *value)
{
	*value = 0;
	for (size_t i = 0; i < size; i++) {
		/* Past 15 bytes the instruction faults whatever follows, so the
		 * length limit outranks running out of input. */
		if (c->pos >= X86_MAX_INSN_LEN)
			return X86_DECODE_INVALID;
		if (c->pos >= c->avail)
			return X86_DECODE_TRUNCATED;
		*value |= (uint32_t)c->bytes[c->pos++] << (i * BITS_PER_BYTE);
	}
	return X86_DECODE_OK;
}

static int32_t sign_extend(uint32_t raw, size_t size)
{
	switch (size) {
	case sizeof(uint8_t):
		return (int8_t)raw;
	case sizeof(uint16_t):
		return (int16_t)raw;
	default:
		return (int32_t)raw;
	}
}

/* Returns false when the byte is not a prefix. */
static bool take_prefix(struct x86_insn *insn, uint8_t byte)
{
	switch (byte) {
	case PREFIX_OPSIZE:
		insn->opsize = SHORT_SIZE_BITS;
		return true;
	case PREFIX_ADDRSIZE:
		insn->addrsize = SHORT_SIZE_BITS;
		return true;
	case PREFIX_LOCK:
		insn->lock = true;
		return true;
	case PREFIX_REPNE:
	case PREFIX_REP:
		insn->rep = byte;
		return true;
	case PREFIX_ES:
		insn->seg_override = X86_SEG_ES;
		return true;
	case PREFIX_CS:
		insn->seg_override = X86_SEG_CS;
		return true;
	case PREFIX_SS:
		insn->seg_override = X86_SEG_SS;
		return true;
	case PREFIX_DS:
		insn->seg_override = X86_SEG_DS;
		return true;
	case PREFIX_FS:
		insn->seg_override = X86_SEG_FS;
		return true;
	case PREFIX_GS:
		insn->seg_override = X86_SEG_GS;
		return true;
	default:
		return false;
	}
}

/* Only the ModRM byte itself, so that callers can refuse an encoding
 * before asking for bytes that may not exist. */
static enum x86_decode_result fetch_modrm(struct cursor *c, struct x86_insn *insn)
{
	uint32_t modrm;
	TRY(fetch(c, sizeof(uint8_t), &modrm));
	insn->has_modrm = true;
	insn->mod = modrm >> MODRM_MOD_SHIFT;
	insn->reg = (modrm >> MODRM_REG_SHIFT) & MODRM_FIELD_MASK;
	insn->rm = modrm & MODRM_FIELD_MASK;
	return X86_DECODE_OK;
}

static enum x86_decode_result fetch_displacement(struct cursor *c, struct x86_insn *insn,
                                                 size_t size)
{
	uint32_t raw;
	if (size == 0)
		return X86_DECODE_OK;
	TRY(fetch(c, size, &raw));
	insn->disp = sign_extend(raw, size);
	return X86_DECODE_OK;
}

static enum x86_decode_result fetch_address32(struct cursor *c, struct x86_insn *insn)
{
	size_t disp_size = 0;

	if (insn->mod == MOD_DISP8)
		disp_size = sizeof(uint8_t);
	else if (insn->mod == MOD_DISP_FULL)
		disp_size = sizeof(uint32_t);

	if (insn->rm == RM32_SIB) {
		uint32_t sib;
		TRY(fetch(c, sizeof(uint8_t), &sib));
		insn->has_sib = true;
		insn->scale = 1u << (sib >> SIB_SCALE_SHIFT);
		insn->index = (sib >> SIB_INDEX_SHIFT) & MODRM_FIELD_MASK;
		insn->base = sib & MODRM_FIELD_MASK;
		if (insn->mod == MOD_NO_DISP && insn->base == SIB_NO_BASE)
			disp_size = sizeof(uint32_t);
	} else if (insn->mod == MOD_NO_DISP && insn->rm == RM32_DISP_ONLY) {
		disp_size = sizeof(uint32_t);
	}
	return fetch_displacement(c, insn, disp_size);
}

static enum x86_decode_result fetch_address16(struct cursor *c, struct x86_insn *insn)
{
	size_t disp_size = 0;

	if (insn->mod == MOD_DISP8)
		disp_size = sizeof(uint8_t);
	else if (insn->mod == MOD_DISP_FULL ||
	         (insn->mod == MOD_NO_DISP && insn->rm == RM16_DISP_ONLY))
		disp_size = sizeof(uint16_t);
	return fetch_displacement(c, insn, disp_size);
}

/* The SIB byte and displacement that the ModRM byte announced. */
static enum x86_decode_result fetch_address(struct cursor *c, struct x86_insn *insn)
{
	if (insn->mod == MOD_REGISTER)
		return X86_DECODE_OK;
	if (insn->addrsize == SHORT_SIZE_BITS)
		return fetch_address16(c, insn);
	return fetch_address32(c, insn);
}

static enum x86_decode_result modrm_any(struct cursor *c, struct x86_insn *insn, enum x86_op op)
{
	insn->op = op;
	return fetch_address(c, insn);
}

/* For an operand that can only be in memory: the register form raises #UD. */
static enum x86_decode_result modrm_memory(struct cursor *c, struct x86_insn *insn, enum x86_op op)
{
	insn->op = op;
	if (insn->mod == MOD_REGISTER)
		return X86_DECODE_INVALID;
	return fetch_address(c, insn);
}

static enum x86_decode_result far_load(struct cursor *c, struct x86_insn *insn, enum x86_op op,
                                       enum x86_seg sreg)
{
	TRY(fetch_modrm(c, insn));
	insn->sreg = sreg;
	return modrm_memory(c, insn, op);
}

static enum x86_decode_result immediate(struct cursor *c, struct x86_insn *insn, enum x86_op op,
                                        size_t size)
{
	insn->op = op;
	insn->imm_size = size;
	return fetch(c, size, &insn->imm);
}

static enum x86_decode_result far_pointer(struct cursor *c, struct x86_insn *insn, enum x86_op op)
{
	uint32_t selector;
	insn->op = op;
	TRY(fetch(c, insn->opsize / BITS_PER_BYTE, &insn->far_off));
	TRY(fetch(c, SELECTOR_BYTES, &selector));
	insn->far_sel = selector;
	return X86_DECODE_OK;
}

static enum x86_decode_result port_io(struct cursor *c, struct x86_insn *insn, enum x86_op op,
                                      bool byte_form, bool port_immediate)
{
	insn->access_size = byte_form ? sizeof(uint8_t) : insn->opsize / BITS_PER_BYTE;
	if (port_immediate)
		return immediate(c, insn, op, sizeof(uint8_t));
	insn->op = op;
	return X86_DECODE_OK;
}

static enum x86_decode_result segment_stack(struct x86_insn *insn, enum x86_op op,
                                            enum x86_seg sreg)
{
	insn->op = op;
	insn->sreg = sreg;
	return X86_DECODE_OK;
}

static enum x86_decode_result no_operands(struct x86_insn *insn, enum x86_op op)
{
	insn->op = op;
	return X86_DECODE_OK;
}

static enum x86_decode_result mov_sreg(struct cursor *c, struct x86_insn *insn, enum x86_op op)
{
	TRY(fetch_modrm(c, insn));
	insn->op = op;
	/* Only six segment registers, and loading CS this way is #UD. */
	if (insn->reg >= X86_SEG_NONE || (op == X86_OP_MOV_TO_SREG && insn->reg == X86_SEG_CS))
		return X86_DECODE_INVALID;
	insn->sreg = insn->reg;
	return fetch_address(c, insn);
}

/* FF: only the far forms are ours; they take an m16:32 operand. */
static enum x86_decode_result group5(struct cursor *c, struct x86_insn *insn)
{
	enum { GROUP5_LCALL = 3, GROUP5_LJMP = 5 };

	TRY(fetch_modrm(c, insn));
	switch (insn->reg) {
	case GROUP5_LCALL:
		return modrm_memory(c, insn, X86_OP_LCALL_MEM);
	case GROUP5_LJMP:
		return modrm_memory(c, insn, X86_OP_LJMP_MEM);
	default:
		return X86_DECODE_UNSUPPORTED;
	}
}

/* C4/C5: with a register ModRM they are VEX prefixes, not LES/LDS. */
static enum x86_decode_result les_lds(struct cursor *c, struct x86_insn *insn, enum x86_op op,
                                      enum x86_seg sreg)
{
	TRY(fetch_modrm(c, insn));
	if (insn->mod == MOD_REGISTER)
		return X86_DECODE_UNSUPPORTED;
	insn->sreg = sreg;
	return modrm_any(c, insn, op);
}

static enum x86_decode_result decode_onebyte(struct cursor *c, struct x86_insn *insn)
{
	switch (insn->opcode) {
	case 0x06:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_ES);
	case 0x07:
		return segment_stack(insn, X86_OP_POP_SREG, X86_SEG_ES);
	case 0x0E:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_CS);
	case 0x16:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_SS);
	case 0x17:
		return segment_stack(insn, X86_OP_POP_SREG, X86_SEG_SS);
	case 0x1E:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_DS);
	case 0x1F:
		return segment_stack(insn, X86_OP_POP_SREG, X86_SEG_DS);
	case 0x6C:
		return port_io(c, insn, X86_OP_INS, true, false);
	case 0x6D:
		return port_io(c, insn, X86_OP_INS, false, false);
	case 0x6E:
		return port_io(c, insn, X86_OP_OUTS, true, false);
	case 0x6F:
		return port_io(c, insn, X86_OP_OUTS, false, false);
	case 0x8C:
		return mov_sreg(c, insn, X86_OP_MOV_FROM_SREG);
	case 0x8E:
		return mov_sreg(c, insn, X86_OP_MOV_TO_SREG);
	case 0x9A:
		return far_pointer(c, insn, X86_OP_LCALL_PTR);
	case 0x9C:
		return no_operands(insn, X86_OP_PUSHF);
	case 0x9D:
		return no_operands(insn, X86_OP_POPF);
	case 0xC4:
		return les_lds(c, insn, X86_OP_LES, X86_SEG_ES);
	case 0xC5:
		return les_lds(c, insn, X86_OP_LDS, X86_SEG_DS);
	case 0xCA:
		return immediate(c, insn, X86_OP_LRET, sizeof(uint16_t));
	case 0xCB:
		return no_operands(insn, X86_OP_LRET);
	case 0xCC:
		return no_operands(insn, X86_OP_INT3);
	case 0xCD:
		return immediate(c, insn, X86_OP_INT, sizeof(uint8_t));
	case 0xCE:
		return no_operands(insn, X86_OP_INTO);
	case 0xCF:
		return no_operands(insn, X86_OP_IRET);
	case 0xE4:
		return port_io(c, insn, X86_OP_IN, true, true);
	case 0xE5:
		return port_io(c, insn, X86_OP_IN, false, true);
	case 0xE6:
		return port_io(c, insn, X86_OP_OUT, true, true);
	case 0xE7:
		return port_io(c, insn, X86_OP_OUT, false, true);
	case 0xEA:
		return far_pointer(c, insn, X86_OP_LJMP_PTR);
	case 0xEC:
		return port_io(c, insn, X86_OP_IN, true, false);
	case 0xED:
		return port_io(c, insn, X86_OP_IN, false, false);
	case 0xEE:
		return port_io(c, insn, X86_OP_OUT, true, false);
	case 0xEF:
		return port_io(c, insn, X86_OP_OUT, false, false);
	case 0xF4:
		return no_operands(insn, X86_OP_HLT);
	case 0xFA:
		return no_operands(insn, X86_OP_CLI);
	case 0xFB:
		return no_operands(insn, X86_OP_STI);
	case 0xFF:
		return group5(c, insn);
	default:
		return X86_DECODE_UNSUPPORTED;
	}
}

/* 0F 00: the LDT and task register. */
static enum x86_decode_result group6(struct cursor *c, struct x86_insn *insn)
{
	static const enum x86_op ops[] = {X86_OP_SLDT, X86_OP_STR, X86_OP_LLDT, X86_OP_LTR};

	TRY(fetch_modrm(c, insn));
	if (insn->reg >= sizeof(ops) / sizeof(ops[0]))
		return X86_DECODE_UNSUPPORTED; /* VERR, VERW, or #UD */
	return modrm_any(c, insn, ops[insn->reg]);
}

/*
 * 0F 01: descriptor tables, MSW and INVLPG.  The register forms of the
 * memory-only members are not errors but other instructions (VMCALL,
 * MONITOR, XGETBV, RDTSCP, ...), so they are left to the caller.
 */
static enum x86_decode_result group7(struct cursor *c, struct x86_insn *insn)
{
	enum {
		GROUP7_SGDT,
		GROUP7_SIDT,
		GROUP7_LGDT,
		GROUP7_LIDT,
		GROUP7_SMSW,
		GROUP7_RSTORSSP,
		GROUP7_LMSW,
		GROUP7_INVLPG
	};

	TRY(fetch_modrm(c, insn));
	switch (insn->reg) {
	case GROUP7_SMSW:
		return modrm_any(c, insn, X86_OP_SMSW);
	case GROUP7_LMSW:
		return modrm_any(c, insn, X86_OP_LMSW);
	case GROUP7_RSTORSSP:
		return X86_DECODE_UNSUPPORTED;
	default:
		break;
	}
	if (insn->mod == MOD_REGISTER)
		return X86_DECODE_UNSUPPORTED;
	switch (insn->reg) {
	case GROUP7_SGDT:
		return modrm_any(c, insn, X86_OP_SGDT);
	case GROUP7_SIDT:
		return modrm_any(c, insn, X86_OP_SIDT);
	case GROUP7_LGDT:
		return modrm_any(c, insn, X86_OP_LGDT);
	case GROUP7_LIDT:
		return modrm_any(c, insn, X86_OP_LIDT);
	default:
		return modrm_any(c, insn, X86_OP_INVLPG);
	}
}

/*
 * 0F 20-23: the hardware ignores mod and always takes rm as a register,
 * so no SIB or displacement follows whatever mod says; mod is reported as
 * the register form to keep callers from computing an address.
 */
static enum x86_decode_result mov_cr_dr(struct cursor *c, struct x86_insn *insn, enum x86_op op)
{
	TRY(fetch_modrm(c, insn));
	insn->mod = MOD_REGISTER;
	insn->op = op;
	if ((op == X86_OP_MOV_FROM_CR || op == X86_OP_MOV_TO_CR) &&
	    !((VALID_CR_MASK >> insn->reg) & 1))
		return X86_DECODE_INVALID;
	return X86_DECODE_OK;
}

static enum x86_decode_result decode_twobyte(struct cursor *c, struct x86_insn *insn)
{
	switch (insn->opcode) {
	case 0x00:
		return group6(c, insn);
	case 0x01:
		return group7(c, insn);
	case 0x06:
		return no_operands(insn, X86_OP_CLTS);
	case 0x08:
		return no_operands(insn, X86_OP_INVD);
	case 0x09:
		return no_operands(insn, X86_OP_WBINVD);
	case 0x0B:
		return no_operands(insn, X86_OP_UD2);
	case 0x20:
		return mov_cr_dr(c, insn, X86_OP_MOV_FROM_CR);
	case 0x21:
		return mov_cr_dr(c, insn, X86_OP_MOV_FROM_DR);
	case 0x22:
		return mov_cr_dr(c, insn, X86_OP_MOV_TO_CR);
	case 0x23:
		return mov_cr_dr(c, insn, X86_OP_MOV_TO_DR);
	case 0x30:
		return no_operands(insn, X86_OP_WRMSR);
	case 0x31:
		return no_operands(insn, X86_OP_RDTSC);
	case 0x32:
		return no_operands(insn, X86_OP_RDMSR);
	case 0x33:
		return no_operands(insn, X86_OP_RDPMC);
	case 0xA0:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_FS);
	case 0xA1:
		return segment_stack(insn, X86_OP_POP_SREG, X86_SEG_FS);
	case 0xA2:
		return no_operands(insn, X86_OP_CPUID);
	case 0xA8:
		return segment_stack(insn, X86_OP_PUSH_SREG, X86_SEG_GS);
	case 0xA9:
		return segment_stack(insn, X86_OP_POP_SREG, X86_SEG_GS);
	case 0xB2:
		return far_load(c, insn, X86_OP_LSS, X86_SEG_SS);
	case 0xB4:
		return far_load(c, insn, X86_OP_LFS, X86_SEG_FS);
	case 0xB5:
		return far_load(c, insn, X86_OP_LGS, X86_SEG_GS);
	default:
		return X86_DECODE_UNSUPPORTED;
	}
}

static enum x86_decode_result decode(struct cursor *c, struct x86_insn *insn)
{
	uint32_t byte;

	for (;;) {
		TRY(fetch(c, sizeof(uint8_t), &byte));
		if (!take_prefix(insn, byte))
			break;
	}
	if (byte == TWOBYTE_ESCAPE) {
		insn->twobyte = true;
		TRY(fetch(c, sizeof(uint8_t), &byte));
	}
	insn->opcode = byte;
	TRY(insn->twobyte ? decode_twobyte(c, insn) : decode_onebyte(c, insn));
	/* None of these instructions may be locked: the CPU raises #UD. */
	if (insn->lock)
		return X86_DECODE_INVALID;
	return X86_DECODE_OK;
}

enum x86_decode_result x86_decode(const uint8_t *bytes, size_t avail, struct x86_insn *out)
{
	struct cursor c = {.bytes = bytes, .avail = avail, .pos = 0};

	*out = (struct x86_insn){
	    .opsize = DEFAULT_SIZE_BITS,
	    .addrsize = DEFAULT_SIZE_BITS,
	    .seg_override = X86_SEG_NONE,
	    .sreg = X86_SEG_NONE,
	    .op = X86_OP_UNKNOWN,
	};
	enum x86_decode_result result = decode(&c, out);
	out->len = c.pos;
	return result;
}

static uint32_t address32(const struct x86_insn *insn, const struct x86_gprs *regs,
                          enum x86_seg *seg)
{
	uint32_t ea = (uint32_t)insn->disp;
	unsigned int base = NO_REG;

	if (insn->has_sib) {
		if (insn->index != SIB_NO_INDEX)
			ea += regs->r[insn->index] * insn->scale;
		if (!(insn->mod == MOD_NO_DISP && insn->base == SIB_NO_BASE))
			base = insn->base;
	} else if (!(insn->mod == MOD_NO_DISP && insn->rm == RM32_DISP_ONLY)) {
		base = insn->rm;
	}
	*seg = X86_SEG_DS;
	if (base != NO_REG) {
		ea += regs->r[base];
		if (base == X86_REG_ESP || base == X86_REG_EBP)
			*seg = X86_SEG_SS;
	}
	return ea;
}

static uint32_t address16(const struct x86_insn *insn, const struct x86_gprs *regs,
                          enum x86_seg *seg)
{
	static const struct {
		uint8_t base, index;
	} forms[] = {
	    {X86_REG_EBX, X86_REG_ESI}, {X86_REG_EBX, X86_REG_EDI}, {X86_REG_EBP, X86_REG_ESI},
	    {X86_REG_EBP, X86_REG_EDI}, {X86_REG_ESI, NO_REG},      {X86_REG_EDI, NO_REG},
	    {X86_REG_EBP, NO_REG},      {X86_REG_EBX, NO_REG},
	};
	uint32_t ea = (uint32_t)insn->disp;

	*seg = X86_SEG_DS;
	if (!(insn->mod == MOD_NO_DISP && insn->rm == RM16_DISP_ONLY)) {
		ea += regs->r[forms[insn->rm].base] & ADDRESS16_MASK;
		if (forms[insn->rm].index != NO_REG)
			ea += regs->r[forms[insn->rm].index] & ADDRESS16_MASK;
		if (forms[insn->rm].base == X86_REG_EBP)
			*seg = X86_SEG_SS;
	}
	return ea & ADDRESS16_MASK;
}

uint32_t x86_effective_address(const struct x86_insn *insn, const struct x86_gprs *regs,
                               enum x86_seg *seg)
{
	if (!insn->has_modrm || insn->mod == MOD_REGISTER) {
		*seg = X86_SEG_NONE;
		return 0;
	}
	uint32_t ea = insn->addrsize == SHORT_SIZE_BITS ? address16(insn, regs, seg)
	                                                : address32(insn, regs, seg);
	if (insn->seg_override != X86_SEG_NONE)
		*seg = insn->seg_override;
	return ea;
}

const char *x86_op_name(enum x86_op op)
{
	static const char *const names[X86_NR_OPS] = {
	    [X86_OP_UNKNOWN] = "unknown",
	    [X86_OP_LGDT] = "lgdt",
	    [X86_OP_LIDT] = "lidt",
	    [X86_OP_LLDT] = "lldt",
	    [X86_OP_LTR] = "ltr",
	    [X86_OP_SGDT] = "sgdt",
	    [X86_OP_SIDT] = "sidt",
	    [X86_OP_SLDT] = "sldt",
	    [X86_OP_STR] = "str",
	    [X86_OP_SMSW] = "smsw",
	    [X86_OP_LMSW] = "lmsw",
	    [X86_OP_INVLPG] = "invlpg",
	    [X86_OP_MOV_FROM_CR] = "mov from cr",
	    [X86_OP_MOV_TO_CR] = "mov to cr",
	    [X86_OP_MOV_FROM_DR] = "mov from dr",
	    [X86_OP_MOV_TO_DR] = "mov to dr",
	    [X86_OP_CLTS] = "clts",
	    [X86_OP_WBINVD] = "wbinvd",
	    [X86_OP_INVD] = "invd",
	    [X86_OP_CLI] = "cli",
	    [X86_OP_STI] = "sti",
	    [X86_OP_HLT] = "hlt",
	    [X86_OP_LJMP_PTR] = "ljmp ptr",
	    [X86_OP_LJMP_MEM] = "ljmp mem",
	    [X86_OP_LCALL_PTR] = "lcall ptr",
	    [X86_OP_LCALL_MEM] = "lcall mem",
	    [X86_OP_LRET] = "lret",
	    [X86_OP_IRET] = "iret",
	    [X86_OP_LSS] = "lss",
	    [X86_OP_LDS] = "lds",
	    [X86_OP_LES] = "les",
	    [X86_OP_LFS] = "lfs",
	    [X86_OP_LGS] = "lgs",
	    [X86_OP_MOV_TO_SREG] = "mov to sreg",
	    [X86_OP_MOV_FROM_SREG] = "mov from sreg",
	    [X86_OP_POP_SREG] = "pop sreg",
	    [X86_OP_PUSH_SREG] = "push sreg",
	    [X86_OP_RDMSR] = "rdmsr",
	    [X86_OP_WRMSR] = "wrmsr",
	    [X86_OP_CPUID] = "cpuid",
	    [X86_OP_RDTSC] = "rdtsc",
	    [X86_OP_RDPMC] = "rdpmc",
	    [X86_OP_IN] = "in",
	    [X86_OP_OUT] = "out",
	    [X86_OP_INS] = "ins",
	    [X86_OP_OUTS] = "outs",
	    [X86_OP_PUSHF] = "pushf",
	    [X86_OP_POPF] = "popf",
	    [X86_OP_INT] = "int",
	    [X86_OP_INT3] = "int3",
	    [X86_OP_INTO] = "into",
	    [X86_OP_UD2] = "ud2",
	};

	if ((unsigned int)op >= X86_NR_OPS || !names[op])
		return "unknown";
	return names[op];
}
