/*
 * Host unit tests of the x86 instruction decoder (cpu/decode.c): every
 * addressing form, prefix, opcode and error it knows, and effective
 * addresses with concrete register values.  The encodings come from GNU as
 * (i686-linux-gnu-as --32); the disassembly is beside each one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/decode.h"

/* Encodings are also decoded followed by these, so that a decoder taking
 * "all it was given" as the length fails. */
#define FILLER_BYTE 0x90
#define PADDED_SIZE 32

#define PREFIX_OPSIZE   0x66
#define PREFIX_ADDRSIZE 0x67
#define PREFIX_LOCK     0xF0
#define PREFIX_REPNE    0xF2
#define PREFIX_REP      0xF3
#define PREFIX_DS       0x3E
#define PREFIX_ES       0x26
#define OPCODE_CLI      0xFA

#define MOD_REGISTER 3
#define SIB_NO_INDEX 4
#define SIB_NO_BASE  5

/* Two arguments: a byte array and its size. */
#define BYTES(...)    ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct x86_insn insn;

/* Sums of these name the registers that took part. */
static const struct x86_gprs regs32 = {.r = {
                                           [X86_REG_EAX] = 0x00000010,
                                           [X86_REG_ECX] = 0x00000200,
                                           [X86_REG_EDX] = 0x00003000,
                                           [X86_REG_EBX] = 0x00040000,
                                           [X86_REG_ESP] = 0x00500000,
                                           [X86_REG_EBP] = 0x06000000,
                                           [X86_REG_ESI] = 0x70000000,
                                           [X86_REG_EDI] = 0x80000001,
                                       }};

/* High halves set, which 16-bit addressing must ignore. */
static const struct x86_gprs regs16 = {.r = {
                                           [X86_REG_EAX] = 0x11110001,
                                           [X86_REG_ECX] = 0x22220002,
                                           [X86_REG_EDX] = 0x33330003,
                                           [X86_REG_EBX] = 0xaaaa1000,
                                           [X86_REG_ESP] = 0x55550005,
                                           [X86_REG_EBP] = 0xbbbb2000,
                                           [X86_REG_ESI] = 0xcccc0300,
                                           [X86_REG_EDI] = 0xdddd0040,
                                       }};

static bool same_insn(const struct x86_insn *a, const struct x86_insn *b)
{
	return a->len == b->len && a->opsize == b->opsize && a->addrsize == b->addrsize &&
	       a->rep == b->rep && a->lock == b->lock && a->seg_override == b->seg_override &&
	       a->twobyte == b->twobyte && a->opcode == b->opcode && a->has_modrm == b->has_modrm &&
	       a->mod == b->mod && a->reg == b->reg && a->rm == b->rm && a->has_sib == b->has_sib &&
	       a->scale == b->scale && a->index == b->index && a->base == b->base &&
	       a->disp == b->disp && a->imm == b->imm && a->imm_size == b->imm_size &&
	       a->far_sel == b->far_sel && a->far_off == b->far_off &&
	       a->access_size == b->access_size && a->sreg == b->sreg && a->op == b->op;
}

/* From a heap copy of exactly avail bytes, so ASan catches a read past avail. */
static enum x86_decode_result decode_exactly(const uint8_t *bytes, size_t avail,
                                             struct x86_insn *out)
{
	uint8_t *copy = malloc(avail);
	if (avail)
		assert_non_null(copy);
	if (avail)
		memcpy(copy, bytes, avail);
	enum x86_decode_result result = x86_decode(copy, avail, out);
	free(copy);
	return result;
}

/* A complete instruction of exactly size bytes, decoded alike alone and
 * followed by more bytes; leaves it in insn. */
static void expect_insn(const uint8_t *bytes, size_t size, enum x86_op op)
{
	uint8_t padded[PADDED_SIZE];
	struct x86_insn alone;

	assert_in_range(size, 1, sizeof(padded));
	memset(padded, FILLER_BYTE, sizeof(padded));
	memcpy(padded, bytes, size);
	assert_int_equal(decode_exactly(bytes, size, &alone), X86_DECODE_OK);
	assert_int_equal(x86_decode(padded, sizeof(padded), &insn), X86_DECODE_OK);
	assert_int_equal(insn.len, size);
	assert_int_equal(insn.op, op);
	assert_true(same_insn(&alone, &insn));
}

static void expect_result(const uint8_t *bytes, size_t size, enum x86_decode_result result)
{
	assert_int_equal(decode_exactly(bytes, size, &insn), result);
}

static void expect_address(const struct x86_gprs *regs, uint32_t ea, enum x86_seg seg)
{
	enum x86_seg got_seg;

	assert_true(insn.has_modrm);
	assert_int_not_equal(insn.mod, MOD_REGISTER);
	assert_int_equal(x86_effective_address(&insn, regs, &got_seg), ea);
	assert_int_equal(got_seg, seg);
}

struct address_case {
	uint8_t bytes[X86_MAX_INSN_LEN];
	size_t len;
	int32_t disp;
	uint32_t ea; /* with regs32, or regs16 after 0x67 */
	enum x86_seg seg;
};

/* Every mod (0-2) with every rm, 32-bit addressing. */
static const struct address_case modrm32_cases[] = {
    /* lgdt (%eax) */
    {{0x0f, 0x01, 0x10}, 3, 0, 0x00000010, X86_SEG_DS},
    /* lgdt (%ecx) */
    {{0x0f, 0x01, 0x11}, 3, 0, 0x00000200, X86_SEG_DS},
    /* lgdt (%edx) */
    {{0x0f, 0x01, 0x12}, 3, 0, 0x00003000, X86_SEG_DS},
    /* lgdt (%ebx) */
    {{0x0f, 0x01, 0x13}, 3, 0, 0x00040000, X86_SEG_DS},
    /* lgdt (%edi,%esi,1) */
    {{0x0f, 0x01, 0x14, 0x37}, 4, 0, 0xf0000001, X86_SEG_DS},
    /* lgdt 0x12345678 */
    {{0x0f, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12}, 7, 0x12345678, 0x12345678, X86_SEG_DS},
    /* lgdt (%esi) */
    {{0x0f, 0x01, 0x16}, 3, 0, 0x70000000, X86_SEG_DS},
    /* lgdt (%edi) */
    {{0x0f, 0x01, 0x17}, 3, 0, 0x80000001, X86_SEG_DS},
    /* lgdt 0x7f(%eax) */
    {{0x0f, 0x01, 0x50, 0x7f}, 4, 0x7f, 0x0000008f, X86_SEG_DS},
    /* lgdt -0x80(%ecx) */
    {{0x0f, 0x01, 0x51, 0x80}, 4, -0x80, 0x00000180, X86_SEG_DS},
    /* lgdt 0x1(%edx) */
    {{0x0f, 0x01, 0x52, 0x01}, 4, 0x1, 0x00003001, X86_SEG_DS},
    /* lgdt -0x1(%ebx) */
    {{0x0f, 0x01, 0x53, 0xff}, 4, -0x1, 0x0003ffff, X86_SEG_DS},
    /* lgdt 0x8(%eax,%ecx,2) */
    {{0x0f, 0x01, 0x54, 0x48, 0x08}, 5, 0x8, 0x00000418, X86_SEG_DS},
    /* lgdt -0x8(%ebp) */
    {{0x0f, 0x01, 0x55, 0xf8}, 4, -0x8, 0x05fffff8, X86_SEG_SS},
    /* lgdt 0x10(%esi) */
    {{0x0f, 0x01, 0x56, 0x10}, 4, 0x10, 0x70000010, X86_SEG_DS},
    /* lgdt -0x10(%edi) */
    {{0x0f, 0x01, 0x57, 0xf0}, 4, -0x10, 0x7ffffff1, X86_SEG_DS},
    /* lgdt 0x12345678(%eax) */
    {{0x0f, 0x01, 0x90, 0x78, 0x56, 0x34, 0x12}, 7, 0x12345678, 0x12345688, X86_SEG_DS},
    /* lgdt -0x100(%ecx) */
    {{0x0f, 0x01, 0x91, 0x00, 0xff, 0xff, 0xff}, 7, -0x100, 0x00000100, X86_SEG_DS},
    /* lgdt 0x4(%edx) */
    {{0x0f, 0x01, 0x92, 0x04, 0x00, 0x00, 0x00}, 7, 0x4, 0x00003004, X86_SEG_DS},
    /* lgdt -0x80000000(%ebx) */
    {{0x0f, 0x01, 0x93, 0x00, 0x00, 0x00, 0x80}, 7, INT32_MIN, 0x80040000, X86_SEG_DS},
    /* lgdt 0x1000(%edx,%ebx,8) */
    {{0x0f, 0x01, 0x94, 0xda, 0x00, 0x10, 0x00, 0x00}, 8, 0x1000, 0x00204000, X86_SEG_DS},
    /* lgdt 0x7fffffff(%ebp) */
    {{0x0f, 0x01, 0x95, 0xff, 0xff, 0xff, 0x7f}, 7, 0x7fffffff, 0x85ffffff, X86_SEG_SS},
    /* lgdt 0x200(%esi) */
    {{0x0f, 0x01, 0x96, 0x00, 0x02, 0x00, 0x00}, 7, 0x200, 0x70000200, X86_SEG_DS},
    /* lgdt -0x200(%edi) */
    {{0x0f, 0x01, 0x97, 0x00, 0xfe, 0xff, 0xff}, 7, -0x200, 0x7ffffe01, X86_SEG_DS},
};
/* SIB: every scale, no index, ESP and EBP bases with each mod, no base. */
static const struct address_case sib_cases[] = {
    /* lgdt (%eax,%ecx,1) */
    {{0x0f, 0x01, 0x14, 0x08}, 4, 0, 0x00000210, X86_SEG_DS},
    /* lgdt (%eax,%ecx,2) */
    {{0x0f, 0x01, 0x14, 0x48}, 4, 0, 0x00000410, X86_SEG_DS},
    /* lgdt (%eax,%ecx,4) */
    {{0x0f, 0x01, 0x14, 0x88}, 4, 0, 0x00000810, X86_SEG_DS},
    /* lgdt (%eax,%ecx,8) */
    {{0x0f, 0x01, 0x14, 0xc8}, 4, 0, 0x00001010, X86_SEG_DS},
    /* lgdt (%esp) */
    {{0x0f, 0x01, 0x14, 0x24}, 4, 0, 0x00500000, X86_SEG_SS},
    /* lgdt 0x4(%esp) */
    {{0x0f, 0x01, 0x54, 0x24, 0x04}, 5, 0x4, 0x00500004, X86_SEG_SS},
    /* lgdt 0x1000(%esp) */
    {{0x0f, 0x01, 0x94, 0x24, 0x00, 0x10, 0x00, 0x00}, 8, 0x1000, 0x00501000, X86_SEG_SS},
    /* lgdt (%esp,%ebp,2) */
    {{0x0f, 0x01, 0x14, 0x6c}, 4, 0, 0x0c500000, X86_SEG_SS},
    /* lgdt (%ebx,%ebp,1) */
    {{0x0f, 0x01, 0x14, 0x2b}, 4, 0, 0x06040000, X86_SEG_DS},
    /* lgdt (%ebx,%edi,4) */
    {{0x0f, 0x01, 0x14, 0xbb}, 4, 0, 0x00040004, X86_SEG_DS},
    /* lgdt 0x10(,%ecx,4) */
    {{0x0f, 0x01, 0x14, 0x8d, 0x10, 0x00, 0x00, 0x00}, 8, 0x10, 0x00000810, X86_SEG_DS},
    /* lgdt -0x10(,%ebp,8) */
    {{0x0f, 0x01, 0x14, 0xed, 0xf0, 0xff, 0xff, 0xff}, 8, -0x10, 0x2ffffff0, X86_SEG_DS},
    /* lgdt 0x12345678(,%eiz,1) */
    {{0x0f, 0x01, 0x14, 0x25, 0x78, 0x56, 0x34, 0x12}, 8, 0x12345678, 0x12345678, X86_SEG_DS},
    /* lgdt 0x0(%ebp,%ecx,2) */
    {{0x0f, 0x01, 0x54, 0x4d, 0x00}, 5, 0, 0x06000400, X86_SEG_SS},
    /* lgdt 0x10(%ebp,%ecx,2) */
    {{0x0f, 0x01, 0x54, 0x4d, 0x10}, 5, 0x10, 0x06000410, X86_SEG_SS},
    /* lgdt -0x10(%ebp,%edx,8) */
    {{0x0f, 0x01, 0x54, 0xd5, 0xf0}, 5, -0x10, 0x06017ff0, X86_SEG_SS},
    /* lgdt 0x12345678(%ebp,%esi,1) */
    {{0x0f, 0x01, 0x94, 0x35, 0x78, 0x56, 0x34, 0x12}, 8, 0x12345678, 0x88345678, X86_SEG_SS},
    /* lgdt -0x10(%ebp,%eiz,1) */
    {{0x0f, 0x01, 0x54, 0x25, 0xf0}, 5, -0x10, 0x05fffff0, X86_SEG_SS},
    /* lgdt 0x100(%ebp,%eiz,2) */
    {{0x0f, 0x01, 0x94, 0x65, 0x00, 0x01, 0x00, 0x00}, 8, 0x100, 0x06000100, X86_SEG_SS},
    /* lgdt 0x12345678(%eax,%ebx,4) */
    {{0x0f, 0x01, 0x94, 0x98, 0x78, 0x56, 0x34, 0x12}, 8, 0x12345678, 0x12445688, X86_SEG_DS},
};
/* After 0x67: every mod (0-2) with every rm, including the disp16 form. */
static const struct address_case modrm16_cases[] = {
    /* lgdt (%bx,%si) */
    {{0x67, 0x0f, 0x01, 0x10}, 4, 0, 0x1300, X86_SEG_DS},
    /* lgdt (%bx,%di) */
    {{0x67, 0x0f, 0x01, 0x11}, 4, 0, 0x1040, X86_SEG_DS},
    /* lgdt (%bp,%si) */
    {{0x67, 0x0f, 0x01, 0x12}, 4, 0, 0x2300, X86_SEG_SS},
    /* lgdt (%bp,%di) */
    {{0x67, 0x0f, 0x01, 0x13}, 4, 0, 0x2040, X86_SEG_SS},
    /* lgdt (%si) */
    {{0x67, 0x0f, 0x01, 0x14}, 4, 0, 0x0300, X86_SEG_DS},
    /* lgdt (%di) */
    {{0x67, 0x0f, 0x01, 0x15}, 4, 0, 0x0040, X86_SEG_DS},
    /* lgdt 0x1234 */
    {{0x67, 0x0f, 0x01, 0x16, 0x34, 0x12}, 6, 0x1234, 0x1234, X86_SEG_DS},
    /* lgdt (%bx) */
    {{0x67, 0x0f, 0x01, 0x17}, 4, 0, 0x1000, X86_SEG_DS},
    /* lgdt 0x7f(%bx,%si) */
    {{0x67, 0x0f, 0x01, 0x50, 0x7f}, 5, 0x7f, 0x137f, X86_SEG_DS},
    /* lgdt -0x80(%bx,%di) */
    {{0x67, 0x0f, 0x01, 0x51, 0x80}, 5, -0x80, 0x0fc0, X86_SEG_DS},
    /* lgdt 0x1(%bp,%si) */
    {{0x67, 0x0f, 0x01, 0x52, 0x01}, 5, 0x1, 0x2301, X86_SEG_SS},
    /* lgdt -0x1(%bp,%di) */
    {{0x67, 0x0f, 0x01, 0x53, 0xff}, 5, -0x1, 0x203f, X86_SEG_SS},
    /* lgdt 0x2(%si) */
    {{0x67, 0x0f, 0x01, 0x54, 0x02}, 5, 0x2, 0x0302, X86_SEG_DS},
    /* lgdt -0x2(%di) */
    {{0x67, 0x0f, 0x01, 0x55, 0xfe}, 5, -0x2, 0x003e, X86_SEG_DS},
    /* lgdt -0x2(%bp) */
    {{0x67, 0x0f, 0x01, 0x56, 0xfe}, 5, -0x2, 0x1ffe, X86_SEG_SS},
    /* lgdt 0x10(%bx) */
    {{0x67, 0x0f, 0x01, 0x57, 0x10}, 5, 0x10, 0x1010, X86_SEG_DS},
    /* lgdt 0x7fff(%bx,%si) */
    {{0x67, 0x0f, 0x01, 0x90, 0xff, 0x7f}, 6, 0x7fff, 0x92ff, X86_SEG_DS},
    /* lgdt -0x8000(%bx,%di) */
    {{0x67, 0x0f, 0x01, 0x91, 0x00, 0x80}, 6, -0x8000, 0x9040, X86_SEG_DS},
    /* lgdt 0x1234(%bp,%si) */
    {{0x67, 0x0f, 0x01, 0x92, 0x34, 0x12}, 6, 0x1234, 0x3534, X86_SEG_SS},
    /* lgdt -0x1234(%bp,%di) */
    {{0x67, 0x0f, 0x01, 0x93, 0xcc, 0xed}, 6, -0x1234, 0x0e0c, X86_SEG_SS},
    /* lgdt 0x100(%si) */
    {{0x67, 0x0f, 0x01, 0x94, 0x00, 0x01}, 6, 0x100, 0x0400, X86_SEG_DS},
    /* lgdt -0x100(%di) */
    {{0x67, 0x0f, 0x01, 0x95, 0x00, 0xff}, 6, -0x100, 0xff40, X86_SEG_DS},
    /* lgdt 0x4000(%bp) */
    {{0x67, 0x0f, 0x01, 0x96, 0x00, 0x40}, 6, 0x4000, 0x6000, X86_SEG_SS},
    /* lgdt -0x8000(%bx) */
    {{0x67, 0x0f, 0x01, 0x97, 0x00, 0x80}, 6, -0x8000, 0x9000, X86_SEG_DS},
};

static void run_address_cases(const struct address_case *cases, size_t count,
                              const struct x86_gprs *regs, unsigned int addrsize)
{
	for (size_t i = 0; i < count; i++) {
		expect_insn(cases[i].bytes, cases[i].len, X86_OP_LGDT);
		assert_int_equal(insn.addrsize, addrsize);
		assert_int_equal(insn.disp, cases[i].disp);
		expect_address(regs, cases[i].ea, cases[i].seg);
	}
}

static void every_32bit_modrm_form(void **state)
{
	(void)state;
	run_address_cases(modrm32_cases, ARRAY_SIZE(modrm32_cases), &regs32, 32);
}

static void every_sib_form(void **state)
{
	(void)state;
	run_address_cases(sib_cases, ARRAY_SIZE(sib_cases), &regs32, 32);
	for (size_t i = 0; i < ARRAY_SIZE(sib_cases); i++) {
		expect_insn(sib_cases[i].bytes, sib_cases[i].len, X86_OP_LGDT);
		assert_true(insn.has_sib);
	}
}

static void every_16bit_modrm_form(void **state)
{
	(void)state;
	run_address_cases(modrm16_cases, ARRAY_SIZE(modrm16_cases), &regs16, 16);
	for (size_t i = 0; i < ARRAY_SIZE(modrm16_cases); i++) {
		expect_insn(modrm16_cases[i].bytes, modrm16_cases[i].len, X86_OP_LGDT);
		assert_false(insn.has_sib);
	}
}

static void modrm_and_sib_fields(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x01, 0x54, 0xd5, 0xf0), X86_OP_LGDT); /* lgdt -0x10(%ebp,%edx,8) */
	assert_true(insn.twobyte);
	assert_int_equal(insn.opcode, 0x01);
	assert_true(insn.has_modrm);
	assert_int_equal(insn.mod, 1);
	assert_int_equal(insn.reg, 2);
	assert_int_equal(insn.rm, 4);
	assert_true(insn.has_sib);
	assert_int_equal(insn.scale, 8);
	assert_int_equal(insn.index, X86_REG_EDX);
	assert_int_equal(insn.base, X86_REG_EBP);

	expect_insn(BYTES(0x0f, 0x01, 0x14, 0x24), X86_OP_LGDT); /* lgdt (%esp) */
	assert_int_equal(insn.scale, 1);
	assert_int_equal(insn.index, SIB_NO_INDEX);
	assert_int_equal(insn.base, X86_REG_ESP);

	/* lgdt 0x10(,%ecx,4): no base, so a disp32 even with mod 0 */
	expect_insn(BYTES(0x0f, 0x01, 0x14, 0x8d, 0x10, 0x00, 0x00, 0x00), X86_OP_LGDT);
	assert_int_equal(insn.mod, 0);
	assert_int_equal(insn.scale, 4);
	assert_int_equal(insn.index, X86_REG_ECX);
	assert_int_equal(insn.base, SIB_NO_BASE);
	assert_int_equal(insn.disp, 0x10);

	/* An index of ESP means none, whatever ESP holds. */
	expect_insn(BYTES(0x0f, 0x01, 0x14, 0xe0), X86_OP_LGDT); /* lgdt (%eax,%eiz,8) */
	assert_int_equal(insn.index, SIB_NO_INDEX);
	expect_address(&regs32, 0x10, X86_SEG_DS);
}

static void addresses_wrap_at_32_bits(void **state)
{
	(void)state;
	struct x86_gprs regs = {
	    .r = {[X86_REG_EAX] = 0xfffffff0, [X86_REG_EBX] = 0x10, [X86_REG_ECX] = 0x40000000}};

	expect_insn(BYTES(0x0f, 0x01, 0x50, 0x20), X86_OP_LGDT); /* lgdt 0x20(%eax) */
	expect_address(&regs, 0x10, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x01, 0x53, 0xe0), X86_OP_LGDT); /* lgdt -0x20(%ebx) */
	expect_address(&regs, 0xfffffff0, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x01, 0x14, 0x8b), X86_OP_LGDT); /* lgdt (%ebx,%ecx,4) */
	expect_address(&regs, 0x10, X86_SEG_DS);
}

static void addresses_wrap_at_16_bits(void **state)
{
	(void)state;
	struct x86_gprs regs = {.r = {[X86_REG_EBX] = 0x1234ffff,
	                              [X86_REG_ESI] = 0x00010002,
	                              [X86_REG_EBP] = 0,
	                              [X86_REG_EDI] = 0x8000}};

	expect_insn(BYTES(0x67, 0x0f, 0x01, 0x10), X86_OP_LGDT); /* lgdt (%bx,%si) */
	expect_address(&regs, 0x0001, X86_SEG_DS);
	expect_insn(BYTES(0x67, 0x0f, 0x01, 0x56, 0xfe), X86_OP_LGDT); /* lgdt -0x2(%bp) */
	expect_address(&regs, 0xfffe, X86_SEG_SS);
	expect_insn(BYTES(0x67, 0x0f, 0x01, 0x93, 0x00, 0x80), X86_OP_LGDT); /* -0x8000(%bp,%di) */
	expect_address(&regs, 0x0000, X86_SEG_SS);
	expect_insn(BYTES(0x67, 0x0f, 0x01, 0x97, 0x02, 0x00), X86_OP_LGDT); /* lgdt 0x2(%bx) */
	expect_address(&regs, 0x0001, X86_SEG_DS);
}

static void segment_override_replaces_default_segment(void **state)
{
	(void)state;
	static const struct {
		uint8_t prefix;
		enum x86_seg seg;
	} overrides[] = {
	    {0x26, X86_SEG_ES}, {0x2e, X86_SEG_CS}, {0x36, X86_SEG_SS},
	    {0x3e, X86_SEG_DS}, {0x64, X86_SEG_FS}, {0x65, X86_SEG_GS},
	};

	for (size_t i = 0; i < ARRAY_SIZE(overrides); i++) {
		uint8_t prefix = overrides[i].prefix;

		/* lgdt 0x0(%ebp): SS by default */
		expect_insn(BYTES(prefix, 0x0f, 0x01, 0x55, 0x00), X86_OP_LGDT);
		assert_int_equal(insn.seg_override, overrides[i].seg);
		expect_address(&regs32, 0x06000000, overrides[i].seg);
		/* lgdt 0x12345678: DS by default */
		expect_insn(BYTES(prefix, 0x0f, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12), X86_OP_LGDT);
		expect_address(&regs32, 0x12345678, overrides[i].seg);
		/* lgdt (%bp,%si): SS by default; prefix order does not matter */
		expect_insn(BYTES(PREFIX_ADDRSIZE, prefix, 0x0f, 0x01, 0x12), X86_OP_LGDT);
		expect_address(&regs16, 0x2300, overrides[i].seg);
		expect_insn(BYTES(prefix, PREFIX_ADDRSIZE, 0x0f, 0x01, 0x12), X86_OP_LGDT);
		expect_address(&regs16, 0x2300, overrides[i].seg);
	}
}

static void last_segment_override_wins(void **state)
{
	(void)state;
	expect_insn(BYTES(0x26, 0x64, 0x65, 0x0f, 0x01, 0x10), X86_OP_LGDT);
	assert_int_equal(insn.seg_override, X86_SEG_GS);
	expect_address(&regs32, 0x10, X86_SEG_GS);
	expect_insn(BYTES(0x2e, 0x65, 0x36, 0x0f, 0x01, 0x10), X86_OP_LGDT);
	expect_address(&regs32, 0x10, X86_SEG_SS);
	/* An explicit DS overrides the SS that EBP implies. */
	expect_insn(BYTES(0x36, 0x3e, 0x0f, 0x01, 0x55, 0x00), X86_OP_LGDT);
	expect_address(&regs32, 0x06000000, X86_SEG_DS);
}

static void register_operand_has_no_address(void **state)
{
	(void)state;
	enum x86_seg seg = X86_SEG_DS;

	expect_insn(BYTES(0x0f, 0x00, 0xc0), X86_OP_SLDT); /* sldt %eax */
	assert_int_equal(insn.mod, MOD_REGISTER);
	assert_int_equal(x86_effective_address(&insn, &regs32, &seg), 0);
	assert_int_equal(seg, X86_SEG_NONE);
	expect_insn(BYTES(0xfa), X86_OP_CLI);
	assert_false(insn.has_modrm);
	assert_int_equal(x86_effective_address(&insn, &regs32, &seg), 0);
	assert_int_equal(seg, X86_SEG_NONE);
}

static void defaults_without_prefixes(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x01, 0x10), X86_OP_LGDT);
	assert_int_equal(insn.opsize, 32);
	assert_int_equal(insn.addrsize, 32);
	assert_int_equal(insn.rep, 0);
	assert_false(insn.lock);
	assert_int_equal(insn.seg_override, X86_SEG_NONE);
	assert_int_equal(insn.sreg, X86_SEG_NONE);
	assert_int_equal(insn.imm_size, 0);
	assert_int_equal(insn.access_size, 0);
}

static void operand_and_address_size_prefixes(void **state)
{
	(void)state;
	expect_insn(BYTES(0x66, 0xed), X86_OP_IN); /* in (%dx),%ax */
	assert_int_equal(insn.opsize, 16);
	assert_int_equal(insn.addrsize, 32);
	assert_int_equal(insn.access_size, 2);
	expect_insn(BYTES(0x67, 0xf3, 0x6e), X86_OP_OUTS); /* rep outsb %ds:(%si),(%dx) */
	assert_int_equal(insn.opsize, 32);
	assert_int_equal(insn.addrsize, 16);
	assert_int_equal(insn.rep, PREFIX_REP);
	assert_int_equal(insn.access_size, 1);
	/* Repeating a prefix changes nothing. */
	expect_insn(BYTES(0x66, 0x66, 0x67, 0x66, 0x67, 0x6d), X86_OP_INS);
	assert_int_equal(insn.opsize, 16);
	assert_int_equal(insn.addrsize, 16);
	assert_int_equal(insn.access_size, 2);
	/* lgdt 0x12345678 is 16-bit operand size but still 32-bit addressing */
	expect_insn(BYTES(0x66, 0x0f, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12), X86_OP_LGDT);
	assert_int_equal(insn.opsize, 16);
	assert_int_equal(insn.disp, 0x12345678);
}

static void rep_prefixes(void **state)
{
	(void)state;
	expect_insn(BYTES(0xf3, 0x6d), X86_OP_INS); /* rep insl */
	assert_int_equal(insn.rep, PREFIX_REP);
	expect_insn(BYTES(0xf2, 0x6c), X86_OP_INS);
	assert_int_equal(insn.rep, PREFIX_REPNE);
	expect_insn(BYTES(0xf2, 0xf3, 0x6c), X86_OP_INS);
	assert_int_equal(insn.rep, PREFIX_REP);
	expect_insn(BYTES(0xf3, 0xf2, 0x6c), X86_OP_INS);
	assert_int_equal(insn.rep, PREFIX_REPNE);
	/* The hardware ignores REP where it means nothing. */
	expect_insn(BYTES(0xf3, 0x0f, 0xa2), X86_OP_CPUID);
	assert_int_equal(insn.rep, PREFIX_REP);
}

static void lock_prefix_makes_our_instructions_invalid(void **state)
{
	(void)state;
	expect_result(BYTES(0xf0, 0xfa), X86_DECODE_INVALID);
	assert_true(insn.lock);
	assert_int_equal(insn.op, X86_OP_CLI);
	expect_result(BYTES(0xf0, 0x0f, 0x01, 0x10), X86_DECODE_INVALID);
	assert_int_equal(insn.op, X86_OP_LGDT);
	expect_result(BYTES(0xf0, 0x0f, 0x22, 0xc0), X86_DECODE_INVALID); /* not CR8 */
	assert_int_equal(insn.op, X86_OP_MOV_TO_CR);
	/* lock addl $0,(%esp) is not ours, so not for us to refuse */
	expect_result(BYTES(0xf0, 0x83, 0x04, 0x24, 0x00), X86_DECODE_UNSUPPORTED);
	assert_true(insn.lock);
	assert_int_equal(insn.op, X86_OP_UNKNOWN);
}

static void prefixes_in_any_order(void **state)
{
	(void)state;
	struct x86_insn first;

	/* rep outsw %fs:(%si),(%dx) */
	expect_insn(BYTES(0x64, 0x66, 0x67, 0xf3, 0x6f), X86_OP_OUTS);
	first = insn;
	expect_insn(BYTES(0xf3, 0x67, 0x66, 0x64, 0x6f), X86_OP_OUTS);
	assert_true(same_insn(&first, &insn));
	assert_int_equal(insn.seg_override, X86_SEG_FS);
	assert_int_equal(insn.opsize, 16);
	assert_int_equal(insn.addrsize, 16);
	assert_int_equal(insn.rep, PREFIX_REP);
	assert_int_equal(insn.access_size, 2);
}

static void fifteen_byte_limit(void **state)
{
	(void)state;
	uint8_t bytes[PADDED_SIZE];
	const uint8_t lgdt_sib_disp32[] = {0x0f, 0x01, 0x94, 0x98, 0x78, 0x56, 0x34, 0x12};

	/* 14 prefixes and a one-byte opcode: exactly 15 bytes, fine */
	memset(bytes, PREFIX_DS, sizeof(bytes));
	bytes[14] = OPCODE_CLI;
	expect_insn(bytes, 15, X86_OP_CLI);
	assert_int_equal(insn.seg_override, X86_SEG_DS);

	/* 15 prefixes: the opcode would be the 16th byte */
	bytes[14] = PREFIX_DS;
	bytes[15] = OPCODE_CLI;
	expect_result(bytes, 16, X86_DECODE_INVALID);
	/* ...and that holds whether or not the 16th byte was given */
	expect_result(bytes, 15, X86_DECODE_INVALID);
	expect_result(bytes, 14, X86_DECODE_TRUNCATED);

	/* 7 prefixes and an 8-byte lgdt: 15 */
	memset(bytes, PREFIX_OPSIZE, sizeof(bytes));
	memcpy(bytes + 7, lgdt_sib_disp32, sizeof(lgdt_sib_disp32));
	expect_insn(bytes, 15, X86_OP_LGDT);
	/* 8 prefixes: the last displacement byte is the 16th */
	memset(bytes, PREFIX_OPSIZE, sizeof(bytes));
	memcpy(bytes + 8, lgdt_sib_disp32, sizeof(lgdt_sib_disp32));
	expect_result(bytes, 16, X86_DECODE_INVALID);
	assert_int_equal(insn.op, X86_OP_LGDT);
	expect_result(bytes, sizeof(bytes), X86_DECODE_INVALID);

	/* 13 prefixes and a two-byte opcode fit; 14 do not */
	memset(bytes, PREFIX_ES, sizeof(bytes));
	bytes[13] = 0x0f;
	bytes[14] = 0x06;
	expect_insn(bytes, 15, X86_OP_CLTS);
	bytes[13] = PREFIX_ES;
	bytes[14] = 0x0f;
	bytes[15] = 0x06;
	expect_result(bytes, sizeof(bytes), X86_DECODE_INVALID);
}

static void descriptor_table_ops(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x01, 0x10), X86_OP_LGDT); /* lgdt (%eax) */
	assert_int_equal(insn.reg, 2);
	expect_insn(BYTES(0x0f, 0x01, 0x5b, 0x08), X86_OP_LIDT); /* lidt 0x8(%ebx) */
	assert_int_equal(insn.disp, 8);
	expect_address(&regs32, 0x00040008, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x01, 0x07), X86_OP_SGDT); /* sgdt (%edi) */
	expect_address(&regs32, 0x80000001, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x01, 0x4d, 0xfc), X86_OP_SIDT); /* sidt -0x4(%ebp) */
	expect_address(&regs32, 0x05fffffc, X86_SEG_SS);
}

static void ldt_and_task_register_ops(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x00, 0xd0), X86_OP_LLDT); /* lldt %ax */
	assert_int_equal(insn.mod, MOD_REGISTER);
	assert_int_equal(insn.rm, X86_REG_EAX);
	expect_insn(BYTES(0x0f, 0x00, 0x11), X86_OP_LLDT); /* lldt (%ecx) */
	expect_address(&regs32, 0x200, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x00, 0xda), X86_OP_LTR); /* ltr %dx */
	assert_int_equal(insn.rm, X86_REG_EDX);
	expect_insn(BYTES(0x0f, 0x00, 0x5e, 0x02), X86_OP_LTR); /* ltr 0x2(%esi) */
	expect_address(&regs32, 0x70000002, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x00, 0xc0), X86_OP_SLDT); /* sldt %eax */
	expect_insn(BYTES(0x0f, 0x00, 0x00), X86_OP_SLDT); /* sldt (%eax) */
	expect_insn(BYTES(0x0f, 0x00, 0xc9), X86_OP_STR);  /* str %ecx */
	assert_int_equal(insn.rm, X86_REG_ECX);
	expect_insn(BYTES(0x0f, 0x00, 0x0b), X86_OP_STR); /* str (%ebx) */
	expect_address(&regs32, 0x40000, X86_SEG_DS);
}

static void machine_status_word_ops(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x01, 0xe0), X86_OP_SMSW); /* smsw %eax */
	assert_int_equal(insn.mod, MOD_REGISTER);
	expect_insn(BYTES(0x0f, 0x01, 0x22), X86_OP_SMSW); /* smsw (%edx) */
	expect_address(&regs32, 0x3000, X86_SEG_DS);
	expect_insn(BYTES(0x0f, 0x01, 0xf6), X86_OP_LMSW); /* lmsw %si */
	assert_int_equal(insn.rm, X86_REG_ESI);
	expect_insn(BYTES(0x0f, 0x01, 0x31), X86_OP_LMSW); /* lmsw (%ecx) */
	expect_address(&regs32, 0x200, X86_SEG_DS);
}

static void invlpg_op(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x01, 0x38), X86_OP_INVLPG); /* invlpg (%eax) */
	expect_address(&regs32, 0x10, X86_SEG_DS);
	/* invlpg 0x1000(%ebx) */
	expect_insn(BYTES(0x0f, 0x01, 0xbb, 0x00, 0x10, 0x00, 0x00), X86_OP_INVLPG);
	expect_address(&regs32, 0x41000, X86_SEG_DS);
	/* invlpg %fs:(%esp) */
	expect_insn(BYTES(0x64, 0x0f, 0x01, 0x3c, 0x24), X86_OP_INVLPG);
	expect_address(&regs32, 0x500000, X86_SEG_FS);
}

static void control_register_moves(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[3];
		enum x86_op op;
		uint8_t cr, gpr;
	} moves[] = {
	    {{0x0f, 0x20, 0xc0}, X86_OP_MOV_FROM_CR, 0, X86_REG_EAX}, /* mov %cr0,%eax */
	    {{0x0f, 0x20, 0xd2}, X86_OP_MOV_FROM_CR, 2, X86_REG_EDX}, /* mov %cr2,%edx */
	    {{0x0f, 0x20, 0xdb}, X86_OP_MOV_FROM_CR, 3, X86_REG_EBX}, /* mov %cr3,%ebx */
	    {{0x0f, 0x20, 0xe7}, X86_OP_MOV_FROM_CR, 4, X86_REG_EDI}, /* mov %cr4,%edi */
	    {{0x0f, 0x22, 0xc0}, X86_OP_MOV_TO_CR, 0, X86_REG_EAX},   /* mov %eax,%cr0 */
	    {{0x0f, 0x22, 0xd4}, X86_OP_MOV_TO_CR, 2, X86_REG_ESP},   /* mov %esp,%cr2 */
	    {{0x0f, 0x22, 0xd9}, X86_OP_MOV_TO_CR, 3, X86_REG_ECX},   /* mov %ecx,%cr3 */
	    {{0x0f, 0x22, 0xe6}, X86_OP_MOV_TO_CR, 4, X86_REG_ESI},   /* mov %esi,%cr4 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(moves); i++) {
		expect_insn(moves[i].bytes, sizeof(moves[i].bytes), moves[i].op);
		assert_int_equal(insn.reg, moves[i].cr);
		assert_int_equal(insn.rm, moves[i].gpr);
		assert_int_equal(insn.mod, MOD_REGISTER);
	}
}

static void control_register_moves_ignore_mod(void **state)
{
	(void)state;
	/* As a memory operand these would want a SIB or displacement; the CPU
	 * takes no more bytes. */
	expect_insn(BYTES(0x0f, 0x22, 0x00), X86_OP_MOV_TO_CR); /* mod 0: still %eax,%cr0 */
	assert_int_equal(insn.mod, MOD_REGISTER);
	assert_int_equal(insn.reg, 0);
	assert_int_equal(insn.rm, X86_REG_EAX);
	expect_insn(BYTES(0x0f, 0x20, 0x1c), X86_OP_MOV_FROM_CR); /* rm 4 would be SIB */
	assert_int_equal(insn.reg, 3);
	assert_int_equal(insn.rm, X86_REG_ESP);
	assert_false(insn.has_sib);
	expect_insn(BYTES(0x0f, 0x22, 0x65), X86_OP_MOV_TO_CR); /* mod 1 rm 5: disp8 */
	assert_int_equal(insn.reg, 4);
	assert_int_equal(insn.rm, X86_REG_EBP);
	expect_insn(BYTES(0x0f, 0x23, 0x85), X86_OP_MOV_TO_DR); /* mod 2: disp32 */
	assert_int_equal(insn.reg, 0);
	expect_insn(BYTES(0x0f, 0x21, 0x3d), X86_OP_MOV_FROM_DR); /* mod 0 rm 5: disp32 */
	assert_int_equal(insn.reg, 7);
	assert_int_equal(insn.rm, X86_REG_EBP);
	assert_int_equal(insn.disp, 0);
	/* 0x66 does not shrink them either */
	expect_insn(BYTES(0x66, 0x0f, 0x20, 0xc0), X86_OP_MOV_FROM_CR);
}

static void nonexistent_control_registers_are_invalid(void **state)
{
	(void)state;
	static const uint8_t missing_crs[] = {1, 5, 6, 7};

	for (size_t i = 0; i < ARRAY_SIZE(missing_crs); i++) {
		uint8_t modrm = 0xc0 | missing_crs[i] << 3;

		expect_result(BYTES(0x0f, 0x22, modrm), X86_DECODE_INVALID);
		assert_int_equal(insn.op, X86_OP_MOV_TO_CR);
		assert_int_equal(insn.reg, missing_crs[i]);
		expect_result(BYTES(0x0f, 0x20, modrm), X86_DECODE_INVALID);
		assert_int_equal(insn.op, X86_OP_MOV_FROM_CR);
	}
}

static void debug_register_moves(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x21, 0xf8), X86_OP_MOV_FROM_DR); /* mov %db7,%eax */
	assert_int_equal(insn.reg, 7);
	assert_int_equal(insn.rm, X86_REG_EAX);
	expect_insn(BYTES(0x0f, 0x21, 0xf1), X86_OP_MOV_FROM_DR); /* mov %db6,%ecx */
	assert_int_equal(insn.reg, 6);
	assert_int_equal(insn.rm, X86_REG_ECX);
	expect_insn(BYTES(0x0f, 0x23, 0xc0), X86_OP_MOV_TO_DR); /* mov %eax,%db0 */
	assert_int_equal(insn.reg, 0);
	expect_insn(BYTES(0x0f, 0x23, 0xfb), X86_OP_MOV_TO_DR); /* mov %ebx,%db7 */
	assert_int_equal(insn.reg, 7);
	assert_int_equal(insn.rm, X86_REG_EBX);
	/* DR4 and DR5: aliases or #UD depending on CR4.DE, which the caller knows */
	expect_insn(BYTES(0x0f, 0x21, 0xe0), X86_OP_MOV_FROM_DR);
	assert_int_equal(insn.reg, 4);
	expect_insn(BYTES(0x0f, 0x23, 0xe8), X86_OP_MOV_TO_DR);
	assert_int_equal(insn.reg, 5);
}

static void operand_free_ops(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0x06), X86_OP_CLTS);
	assert_true(insn.twobyte);
	assert_int_equal(insn.opcode, 0x06);
	assert_false(insn.has_modrm);
	expect_insn(BYTES(0x0f, 0x09), X86_OP_WBINVD);
	expect_insn(BYTES(0x0f, 0x08), X86_OP_INVD);
	expect_insn(BYTES(0xfa), X86_OP_CLI);
	assert_false(insn.twobyte);
	assert_int_equal(insn.opcode, 0xfa);
	expect_insn(BYTES(0xfb), X86_OP_STI);
	expect_insn(BYTES(0xf4), X86_OP_HLT);
	expect_insn(BYTES(0x0f, 0x32), X86_OP_RDMSR);
	expect_insn(BYTES(0x0f, 0x30), X86_OP_WRMSR);
	expect_insn(BYTES(0x0f, 0xa2), X86_OP_CPUID);
	expect_insn(BYTES(0x0f, 0x31), X86_OP_RDTSC);
	expect_insn(BYTES(0x0f, 0x33), X86_OP_RDPMC);
	expect_insn(BYTES(0x9c), X86_OP_PUSHF);
	assert_int_equal(insn.opsize, 32);
	expect_insn(BYTES(0x66, 0x9c), X86_OP_PUSHF); /* pushfw */
	assert_int_equal(insn.opsize, 16);
	expect_insn(BYTES(0x9d), X86_OP_POPF);
	expect_insn(BYTES(0x66, 0x9d), X86_OP_POPF);
	assert_int_equal(insn.opsize, 16);
	expect_insn(BYTES(0xcc), X86_OP_INT3);
	expect_insn(BYTES(0xce), X86_OP_INTO);
	expect_insn(BYTES(0x0f, 0x0b), X86_OP_UD2);
	assert_false(insn.has_modrm);
	assert_int_equal(insn.imm_size, 0);
}

static void software_interrupt(void **state)
{
	(void)state;
	expect_insn(BYTES(0xcd, 0x80), X86_OP_INT); /* int $0x80 */
	assert_int_equal(insn.imm, 0x80);
	assert_int_equal(insn.imm_size, 1);
	expect_insn(BYTES(0xcd, 0xff), X86_OP_INT);
	assert_int_equal(insn.imm, 0xff); /* not sign-extended */
}

static void far_pointers(void **state)
{
	(void)state;
	expect_insn(BYTES(0xea, 0x78, 0x56, 0x34, 0x12, 0x10, 0x00), X86_OP_LJMP_PTR);
	assert_int_equal(insn.far_sel, 0x10);
	assert_int_equal(insn.far_off, 0x12345678);
	expect_insn(BYTES(0x66, 0xea, 0x34, 0x12, 0x10, 0x00), X86_OP_LJMP_PTR); /* ljmpw */
	assert_int_equal(insn.far_sel, 0x10);
	assert_int_equal(insn.far_off, 0x1234);
	expect_insn(BYTES(0x9a, 0x00, 0x00, 0x10, 0xc0, 0x23, 0x00), X86_OP_LCALL_PTR);
	assert_int_equal(insn.far_sel, 0x23);
	assert_int_equal(insn.far_off, 0xc0100000);
	expect_insn(BYTES(0x66, 0x9a, 0x00, 0x10, 0x23, 0x00), X86_OP_LCALL_PTR); /* lcallw */
	assert_int_equal(insn.far_sel, 0x23);
	assert_int_equal(insn.far_off, 0x1000);
	assert_false(insn.has_modrm);
}

static void far_jumps_and_calls_through_memory(void **state)
{
	(void)state;
	expect_insn(BYTES(0xff, 0x28), X86_OP_LJMP_MEM); /* ljmp *(%eax) */
	assert_int_equal(insn.reg, 5);
	expect_address(&regs32, 0x10, X86_SEG_DS);
	expect_insn(BYTES(0xff, 0x6c, 0x24, 0x08), X86_OP_LJMP_MEM); /* ljmp *0x8(%esp) */
	expect_address(&regs32, 0x500008, X86_SEG_SS);
	expect_insn(BYTES(0xff, 0x1b), X86_OP_LCALL_MEM); /* lcall *(%ebx) */
	assert_int_equal(insn.reg, 3);
	expect_address(&regs32, 0x40000, X86_SEG_DS);
	expect_insn(BYTES(0xff, 0x5d, 0xf8), X86_OP_LCALL_MEM); /* lcall *-0x8(%ebp) */
	expect_address(&regs32, 0x05fffff8, X86_SEG_SS);
}

static void far_returns(void **state)
{
	(void)state;
	expect_insn(BYTES(0xcb), X86_OP_LRET);
	assert_int_equal(insn.imm_size, 0);
	expect_insn(BYTES(0xca, 0x08, 0x00), X86_OP_LRET); /* lret $0x8 */
	assert_int_equal(insn.imm, 8);
	assert_int_equal(insn.imm_size, 2);
	expect_insn(BYTES(0x66, 0xca, 0xfe, 0xff), X86_OP_LRET); /* lretw $0xfffe */
	assert_int_equal(insn.imm, 0xfffe);
	expect_insn(BYTES(0xcf), X86_OP_IRET);
	assert_int_equal(insn.opsize, 32);
	expect_insn(BYTES(0x66, 0xcf), X86_OP_IRET); /* iretw */
	assert_int_equal(insn.opsize, 16);
}

static void far_pointer_loads(void **state)
{
	(void)state;
	expect_insn(BYTES(0x0f, 0xb2, 0x20), X86_OP_LSS); /* lss (%eax),%esp */
	assert_int_equal(insn.sreg, X86_SEG_SS);
	assert_int_equal(insn.reg, X86_REG_ESP);
	expect_address(&regs32, 0x10, X86_SEG_DS);
	expect_insn(BYTES(0x66, 0x0f, 0xb2, 0x63, 0x04), X86_OP_LSS); /* lss 0x4(%ebx),%sp */
	assert_int_equal(insn.opsize, 16);
	expect_address(&regs32, 0x40004, X86_SEG_DS);
	expect_insn(BYTES(0xc5, 0x06), X86_OP_LDS); /* lds (%esi),%eax */
	assert_int_equal(insn.sreg, X86_SEG_DS);
	assert_int_equal(insn.reg, X86_REG_EAX);
	expect_insn(BYTES(0xc4, 0x1f), X86_OP_LES); /* les (%edi),%ebx */
	assert_int_equal(insn.sreg, X86_SEG_ES);
	assert_int_equal(insn.reg, X86_REG_EBX);
	expect_insn(BYTES(0x0f, 0xb4, 0x11), X86_OP_LFS); /* lfs (%ecx),%edx */
	assert_int_equal(insn.sreg, X86_SEG_FS);
	/* lgs 0x10(%eax,%ecx,2),%esi */
	expect_insn(BYTES(0x0f, 0xb5, 0x74, 0x48, 0x10), X86_OP_LGS);
	assert_int_equal(insn.sreg, X86_SEG_GS);
	assert_int_equal(insn.reg, X86_REG_ESI);
	expect_address(&regs32, 0x420, X86_SEG_DS);
}

static void segment_register_moves(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[2];
		enum x86_op op;
		enum x86_seg sreg;
	} moves[] = {
	    {{0x8e, 0xd8}, X86_OP_MOV_TO_SREG, X86_SEG_DS},   /* mov %eax,%ds */
	    {{0x8e, 0xd1}, X86_OP_MOV_TO_SREG, X86_SEG_SS},   /* mov %ecx,%ss */
	    {{0x8e, 0xe2}, X86_OP_MOV_TO_SREG, X86_SEG_FS},   /* mov %edx,%fs */
	    {{0x8e, 0xee}, X86_OP_MOV_TO_SREG, X86_SEG_GS},   /* mov %esi,%gs */
	    {{0x8e, 0xc3}, X86_OP_MOV_TO_SREG, X86_SEG_ES},   /* mov %ebx,%es */
	    {{0x8c, 0xd8}, X86_OP_MOV_FROM_SREG, X86_SEG_DS}, /* mov %ds,%eax */
	    {{0x8c, 0xc8}, X86_OP_MOV_FROM_SREG, X86_SEG_CS}, /* mov %cs,%eax */
	    {{0x8c, 0xef}, X86_OP_MOV_FROM_SREG, X86_SEG_GS}, /* mov %gs,%edi */
	};

	for (size_t i = 0; i < ARRAY_SIZE(moves); i++) {
		expect_insn(moves[i].bytes, sizeof(moves[i].bytes), moves[i].op);
		assert_int_equal(insn.sreg, moves[i].sreg);
		assert_int_equal(insn.reg, moves[i].sreg);
		assert_int_equal(insn.mod, MOD_REGISTER);
	}
	expect_insn(BYTES(0x8e, 0x03), X86_OP_MOV_TO_SREG); /* mov (%ebx),%es */
	assert_int_equal(insn.sreg, X86_SEG_ES);
	expect_address(&regs32, 0x40000, X86_SEG_DS);
	expect_insn(BYTES(0x8c, 0x0b), X86_OP_MOV_FROM_SREG); /* mov %cs,(%ebx) */
	assert_int_equal(insn.sreg, X86_SEG_CS);
	/* mov %ss:0x12345678(%eax,%ebx,4),%fs */
	expect_insn(BYTES(0x36, 0x8e, 0xa4, 0x98, 0x78, 0x56, 0x34, 0x12), X86_OP_MOV_TO_SREG);
	assert_int_equal(insn.sreg, X86_SEG_FS);
	expect_address(&regs32, 0x12445688, X86_SEG_SS);
}

static void nonexistent_segment_registers_are_invalid(void **state)
{
	(void)state;
	expect_result(BYTES(0x8e, 0xc8), X86_DECODE_INVALID); /* mov %eax,%cs */
	assert_int_equal(insn.op, X86_OP_MOV_TO_SREG);
	expect_result(BYTES(0x8e, 0x08), X86_DECODE_INVALID); /* mov (%eax),%cs */
	expect_result(BYTES(0x8e, 0xf0), X86_DECODE_INVALID); /* sreg 6 */
	expect_result(BYTES(0x8e, 0xf8), X86_DECODE_INVALID); /* sreg 7 */
	expect_result(BYTES(0x8c, 0xf0), X86_DECODE_INVALID);
	assert_int_equal(insn.op, X86_OP_MOV_FROM_SREG);
	expect_result(BYTES(0x8c, 0x38), X86_DECODE_INVALID);
}

static void segment_register_pushes_and_pops(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[2];
		size_t len;
		enum x86_op op;
		enum x86_seg sreg;
	} cases[] = {
	    {{0x06}, 1, X86_OP_PUSH_SREG, X86_SEG_ES},
	    {{0x07}, 1, X86_OP_POP_SREG, X86_SEG_ES},
	    {{0x0e}, 1, X86_OP_PUSH_SREG, X86_SEG_CS},
	    {{0x16}, 1, X86_OP_PUSH_SREG, X86_SEG_SS},
	    {{0x17}, 1, X86_OP_POP_SREG, X86_SEG_SS},
	    {{0x1e}, 1, X86_OP_PUSH_SREG, X86_SEG_DS},
	    {{0x1f}, 1, X86_OP_POP_SREG, X86_SEG_DS},
	    {{0x0f, 0xa0}, 2, X86_OP_PUSH_SREG, X86_SEG_FS},
	    {{0x0f, 0xa1}, 2, X86_OP_POP_SREG, X86_SEG_FS},
	    {{0x0f, 0xa8}, 2, X86_OP_PUSH_SREG, X86_SEG_GS},
	    {{0x0f, 0xa9}, 2, X86_OP_POP_SREG, X86_SEG_GS},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		expect_insn(cases[i].bytes, cases[i].len, cases[i].op);
		assert_int_equal(insn.sreg, cases[i].sreg);
		assert_false(insn.has_modrm);
	}
	expect_insn(BYTES(0x66, 0x1f), X86_OP_POP_SREG); /* popw %ds */
	assert_int_equal(insn.opsize, 16);
	assert_int_equal(insn.sreg, X86_SEG_DS);
}

static void port_io_with_immediate_port(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[3];
		size_t len;
		enum x86_op op;
		uint8_t port, access_size;
	} cases[] = {
	    {{0xe4, 0x60}, 2, X86_OP_IN, 0x60, 1},        /* in $0x60,%al */
	    {{0xe5, 0x71}, 2, X86_OP_IN, 0x71, 4},        /* in $0x71,%eax */
	    {{0x66, 0xe5, 0x71}, 3, X86_OP_IN, 0x71, 2},  /* in $0x71,%ax */
	    {{0xe6, 0x80}, 2, X86_OP_OUT, 0x80, 1},       /* out %al,$0x80 */
	    {{0xe7, 0x70}, 2, X86_OP_OUT, 0x70, 4},       /* out %eax,$0x70 */
	    {{0x66, 0xe7, 0x70}, 3, X86_OP_OUT, 0x70, 2}, /* out %ax,$0x70 */
	    {{0xe4, 0xff}, 2, X86_OP_IN, 0xff, 1},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		expect_insn(cases[i].bytes, cases[i].len, cases[i].op);
		assert_int_equal(insn.imm, cases[i].port);
		assert_int_equal(insn.imm_size, 1);
		assert_int_equal(insn.access_size, cases[i].access_size);
	}
}

static void port_io_through_dx(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[2];
		size_t len;
		enum x86_op op;
		uint8_t access_size;
	} cases[] = {
	    {{0xec}, 1, X86_OP_IN, 1},         /* in (%dx),%al */
	    {{0xed}, 1, X86_OP_IN, 4},         /* in (%dx),%eax */
	    {{0x66, 0xed}, 2, X86_OP_IN, 2},   /* in (%dx),%ax */
	    {{0xee}, 1, X86_OP_OUT, 1},        /* out %al,(%dx) */
	    {{0xef}, 1, X86_OP_OUT, 4},        /* out %eax,(%dx) */
	    {{0x66, 0xef}, 2, X86_OP_OUT, 2},  /* out %ax,(%dx) */
	    {{0x6c}, 1, X86_OP_INS, 1},        /* insb */
	    {{0x6d}, 1, X86_OP_INS, 4},        /* insl */
	    {{0x66, 0x6d}, 2, X86_OP_INS, 2},  /* insw */
	    {{0x6e}, 1, X86_OP_OUTS, 1},       /* outsb */
	    {{0x6f}, 1, X86_OP_OUTS, 4},       /* outsl */
	    {{0x66, 0x6f}, 2, X86_OP_OUTS, 2}, /* outsw */
	    {{0x66, 0xec}, 2, X86_OP_IN, 1},   /* 0x66 leaves byte forms alone */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		expect_insn(cases[i].bytes, cases[i].len, cases[i].op);
		assert_int_equal(insn.imm_size, 0);
		assert_int_equal(insn.access_size, cases[i].access_size);
		assert_false(insn.has_modrm);
	}
}

static void memory_only_operands_refuse_registers(void **state)
{
	(void)state;
	expect_result(BYTES(0x0f, 0xb2, 0xc0), X86_DECODE_INVALID); /* lss %eax */
	assert_int_equal(insn.op, X86_OP_LSS);
	expect_result(BYTES(0x0f, 0xb4, 0xc1), X86_DECODE_INVALID);
	assert_int_equal(insn.op, X86_OP_LFS);
	expect_result(BYTES(0x0f, 0xb5, 0xfa), X86_DECODE_INVALID);
	assert_int_equal(insn.op, X86_OP_LGS);
	expect_result(BYTES(0xff, 0xd8), X86_DECODE_INVALID); /* lcall *%eax */
	assert_int_equal(insn.op, X86_OP_LCALL_MEM);
	expect_result(BYTES(0xff, 0xe9), X86_DECODE_INVALID); /* ljmp *%ecx */
	assert_int_equal(insn.op, X86_OP_LJMP_MEM);
}

/* The register forms of 0F 01 /0-/3 /5 /7 and of C4/C5 encode other
 * instructions, which a caller must not fault as #UD. */
static void register_forms_that_are_other_instructions(void **state)
{
	(void)state;
	static const uint8_t group7_modrms[] = {
	    0xc1, /* vmcall */
	    0xc8, /* monitor */
	    0xc9, /* mwait */
	    0xca, /* clac */
	    0xd0, /* xgetbv */
	    0xd1, /* xsetbv */
	    0xd9, /* vmmcall */
	    0xe8, /* serialize: /5 */
	    0xf8, /* swapgs */
	    0xf9, /* rdtscp */
	};

	for (size_t i = 0; i < ARRAY_SIZE(group7_modrms); i++) {
		expect_result(BYTES(0x0f, 0x01, group7_modrms[i]), X86_DECODE_UNSUPPORTED);
		assert_int_equal(insn.op, X86_OP_UNKNOWN);
		assert_true(insn.twobyte);
		assert_int_equal(insn.opcode, 0x01);
	}
	expect_result(BYTES(0xc5, 0xf8, 0x77), X86_DECODE_UNSUPPORTED); /* vzeroupper */
	assert_int_equal(insn.op, X86_OP_UNKNOWN);
	/* vbroadcastss (%eax),%xmm0 */
	expect_result(BYTES(0xc4, 0xe2, 0x79, 0x18, 0x00), X86_DECODE_UNSUPPORTED);
}

static void unsupported_instructions(void **state)
{
	(void)state;
	expect_result(BYTES(0x90), X86_DECODE_UNSUPPORTED); /* nop */
	assert_int_equal(insn.op, X86_OP_UNKNOWN);
	assert_false(insn.twobyte);
	assert_int_equal(insn.opcode, 0x90);
	expect_result(BYTES(0x66, 0x0f, 0x05), X86_DECODE_UNSUPPORTED); /* syscall */
	assert_true(insn.twobyte);
	assert_int_equal(insn.opcode, 0x05);
	assert_int_equal(insn.opsize, 16);
	expect_result(BYTES(0xff, 0x00), X86_DECODE_UNSUPPORTED); /* incl (%eax) */
	assert_true(insn.has_modrm);
	assert_int_equal(insn.reg, 0);
	expect_result(BYTES(0xff, 0xd0), X86_DECODE_UNSUPPORTED);             /* call *%eax */
	expect_result(BYTES(0xff, 0x30), X86_DECODE_UNSUPPORTED);             /* push (%eax) */
	expect_result(BYTES(0x0f, 0x00, 0xe0), X86_DECODE_UNSUPPORTED);       /* verr %ax */
	expect_result(BYTES(0x0f, 0x00, 0x28), X86_DECODE_UNSUPPORTED);       /* verw (%eax) */
	expect_result(BYTES(0x0f, 0x38, 0x00, 0xc1), X86_DECODE_UNSUPPORTED); /* pshufb */
	assert_int_equal(insn.opcode, 0x38);
	expect_result(BYTES(0x0f, 0x0f, 0xc1, 0xbf), X86_DECODE_UNSUPPORTED);       /* 3DNow! */
	expect_result(BYTES(0xf3, 0x0f, 0x1e, 0xfb), X86_DECODE_UNSUPPORTED);       /* endbr32 */
	expect_result(BYTES(0xe8, 0x00, 0x00, 0x00, 0x00), X86_DECODE_UNSUPPORTED); /* call */
}

static void truncation_at_every_byte(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[X86_MAX_INSN_LEN];
		size_t len;
	} cases[] = {
	    /* lgdtw %gs:0x12345678(%eax,%ebx,4) */
	    {{0x66, 0x65, 0x0f, 0x01, 0x94, 0x98, 0x78, 0x56, 0x34, 0x12}, 10},
	    {{0xea, 0x78, 0x56, 0x34, 0x12, 0x10, 0x00}, 7}, /* ljmp $0x10,$0x12345678 */
	    {{0x66, 0x9a, 0x00, 0x10, 0x23, 0x00}, 6},       /* lcallw $0x23,$0x1000 */
	    {{0xca, 0x08, 0x00}, 3},                         /* lret $0x8 */
	    {{0xe4, 0x60}, 2},                               /* in $0x60,%al */
	    {{0xcd, 0x80}, 2},                               /* int $0x80 */
	    {{0x67, 0x0f, 0x01, 0x16, 0x34, 0x12}, 6},       /* lgdt 0x1234 (16-bit) */
	    {{0x67, 0x0f, 0x01, 0x93, 0x00, 0x80}, 6},       /* lgdt -0x8000(%bp,%di) */
	    /* lss 0x1000(%esp),%esp */
	    {{0x0f, 0xb2, 0xa4, 0x24, 0x00, 0x10, 0x00, 0x00}, 8},
	    {{0x0f, 0x01, 0x14, 0x25, 0x78, 0x56, 0x34, 0x12}, 8}, /* lgdt 0x12345678 via SIB */
	    {{0xff, 0x6c, 0x24, 0x08}, 4},                         /* ljmp *0x8(%esp) */
	    {{0xf3, 0x67, 0x66, 0x64, 0x6f}, 5},                   /* rep outsw %fs:(%si) */
	    {{0x0f, 0x22, 0xd8}, 3},                               /* mov %eax,%cr3 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		for (size_t avail = 0; avail < cases[i].len; avail++)
			expect_result(cases[i].bytes, avail, X86_DECODE_TRUNCATED);
		expect_result(cases[i].bytes, cases[i].len, X86_DECODE_OK);
		assert_int_equal(insn.len, cases[i].len);
	}
	assert_int_equal(x86_decode(NULL, 0, &insn), X86_DECODE_TRUNCATED);
}

static void every_field_is_written(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[X86_MAX_INSN_LEN];
		size_t len;
	} cases[] = {
	    {{0x0f, 0x01, 0x10}, 3},
	    {{0x66, 0x65, 0x0f, 0x01, 0x94, 0x98, 0x78}, 7}, /* truncated */
	    {{0xea, 0x78, 0x56, 0x34, 0x12, 0x10, 0x00}, 7},
	    {{0xf0, 0xfa}, 2},       /* invalid */
	    {{0x0f, 0xb2, 0xc0}, 3}, /* invalid */
	    {{0xff, 0x00}, 2},       /* unsupported */
	    {{0x67, 0xf3, 0x6e}, 3},
	    {{0x0f, 0x22, 0x65}, 3},
	};
	struct x86_insn zeros, ones;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&zeros, 0, sizeof(zeros));
		memset(&ones, 0xff, sizeof(ones));
		assert_int_equal(x86_decode(cases[i].bytes, cases[i].len, &zeros),
		                 x86_decode(cases[i].bytes, cases[i].len, &ones));
		assert_true(same_insn(&zeros, &ones));
	}
}

static void op_names(void **state)
{
	(void)state;
	assert_string_equal(x86_op_name(X86_OP_UNKNOWN), "unknown");
	assert_string_equal(x86_op_name(X86_OP_LGDT), "lgdt");
	assert_string_equal(x86_op_name(X86_OP_UD2), "ud2");
	assert_string_equal(x86_op_name(X86_NR_OPS), "unknown");
	assert_string_equal(x86_op_name((enum x86_op) - 1), "unknown");
	for (int a = X86_OP_UNKNOWN + 1; a < X86_NR_OPS; a++) {
		assert_non_null(x86_op_name(a));
		assert_string_not_equal(x86_op_name(a), "unknown");
		for (int b = a + 1; b < X86_NR_OPS; b++)
			assert_string_not_equal(x86_op_name(a), x86_op_name(b));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_32bit_modrm_form),
	    cmocka_unit_test(every_sib_form),
	    cmocka_unit_test(every_16bit_modrm_form),
	    cmocka_unit_test(modrm_and_sib_fields),
	    cmocka_unit_test(addresses_wrap_at_32_bits),
	    cmocka_unit_test(addresses_wrap_at_16_bits),
	    cmocka_unit_test(segment_override_replaces_default_segment),
	    cmocka_unit_test(last_segment_override_wins),
	    cmocka_unit_test(register_operand_has_no_address),
	    cmocka_unit_test(defaults_without_prefixes),
	    cmocka_unit_test(operand_and_address_size_prefixes),
	    cmocka_unit_test(rep_prefixes),
	    cmocka_unit_test(lock_prefix_makes_our_instructions_invalid),
	    cmocka_unit_test(prefixes_in_any_order),
	    cmocka_unit_test(fifteen_byte_limit),
	    cmocka_unit_test(descriptor_table_ops),
	    cmocka_unit_test(ldt_and_task_register_ops),
	    cmocka_unit_test(machine_status_word_ops),
	    cmocka_unit_test(invlpg_op),
	    cmocka_unit_test(control_register_moves),
	    cmocka_unit_test(control_register_moves_ignore_mod),
	    cmocka_unit_test(nonexistent_control_registers_are_invalid),
	    cmocka_unit_test(debug_register_moves),
	    cmocka_unit_test(operand_free_ops),
	    cmocka_unit_test(software_interrupt),
	    cmocka_unit_test(far_pointers),
	    cmocka_unit_test(far_jumps_and_calls_through_memory),
	    cmocka_unit_test(far_returns),
	    cmocka_unit_test(far_pointer_loads),
	    cmocka_unit_test(segment_register_moves),
	    cmocka_unit_test(nonexistent_segment_registers_are_invalid),
	    cmocka_unit_test(segment_register_pushes_and_pops),
	    cmocka_unit_test(port_io_with_immediate_port),
	    cmocka_unit_test(port_io_through_dx),
	    cmocka_unit_test(memory_only_operands_refuse_registers),
	    cmocka_unit_test(register_forms_that_are_other_instructions),
	    cmocka_unit_test(unsupported_instructions),
	    cmocka_unit_test(truncation_at_every_byte),
	    cmocka_unit_test(every_field_is_written),
	    cmocka_unit_test(op_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
