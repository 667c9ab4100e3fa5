/*
 * libFuzzer target for the x86 decoder (cpu/decode.c): on any input it must
 * stay inside the bytes it was given, and what it accepts must be a sane,
 * repeatable decoding whose length is exactly what it needs.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. cpu/fuzz_decode.c cpu/decode.c
 */

/* The wedge build compiles every C file under cpu/ freestanding; this
 * harness is for the host only and leaves an empty object there. */
#if __STDC_HOSTED__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"

#define MOD_REGISTER  3
#define PREFIX_REPNE  0xF2
#define PREFIX_REP    0xF3
#define ADDRESS16_MAX 0xFFFF

/* Two different fillings of the output: a field the decoder forgot to
 * write would differ between them. */
#define POISON_A 0x00
#define POISON_B 0xA5

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

static void check(bool condition)
{
	if (!condition)
		abort();
}

static void check_fields(const struct x86_insn *insn)
{
	check(insn->op > X86_OP_UNKNOWN && insn->op < X86_NR_OPS);
	check(insn->opsize == 16 || insn->opsize == 32);
	check(insn->addrsize == 16 || insn->addrsize == 32);
	check(insn->rep == 0 || insn->rep == PREFIX_REPNE || insn->rep == PREFIX_REP);
	check(!insn->lock); /* none of ours may be locked */
	check(insn->seg_override <= X86_SEG_NONE && insn->sreg <= X86_SEG_NONE);
	check(!insn->has_sib || (insn->has_modrm && insn->addrsize == 32));
	check(insn->imm_size == 0 || insn->imm_size == 1 || insn->imm_size == 2);
	check(insn->access_size == 0 || insn->access_size == 1 || insn->access_size == 2 ||
	      insn->access_size == 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_insn first, again;

	memset(&first, POISON_A, sizeof(first));
	memset(&again, POISON_B, sizeof(again));
	enum x86_decode_result result = x86_decode(data, size, &first);
	check(x86_decode(data, size, &again) == result);
	check(same_insn(&first, &again));
	if (result != X86_DECODE_OK)
		return 0;

	check(first.len >= 1 && first.len <= X86_MAX_INSN_LEN);
	check(first.len <= size);
	check_fields(&first);

	/* Its own bytes are enough, and one fewer is not. */
	check(x86_decode(data, first.len, &again) == X86_DECODE_OK);
	check(same_insn(&first, &again));
	check(x86_decode(data, first.len - 1u, &again) == X86_DECODE_TRUNCATED);

	if (first.has_modrm && first.mod != MOD_REGISTER) {
		/* Extremes, so that sums overflow and 16-bit forms must wrap. */
		static const struct x86_gprs regs = {.r = {0xffffffff, 0x80000000, 0x7fffffff,
		                                           0x00010000, 0x0000fffe, 0x12345678,
		                                           0xdeadbeef, 0x00000001}};
		enum x86_seg seg;
		uint32_t ea = x86_effective_address(&first, &regs, &seg);

		check(seg < X86_SEG_NONE);
		check(first.addrsize == 32 || ea <= ADDRESS16_MAX);
	}
	return 0;
}

#endif
