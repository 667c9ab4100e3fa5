/*
 * The privileged-instruction emulator.  Fetch at the guest's EIP, decode
 * (cpu/decode.c), and carry the instruction out against the virtual CPU as
 * if the guest were at CPL 0.  An instruction that would fault on hardware
 * (an unknown MSR, an unreadable operand) delivers that fault to the guest;
 * one the emulator does not know is reported with its bytes and registers.
 */
#define LOG_SUBSYS "emulate"
#include <string.h>

#include "cpu/cregs.h"
#include "cpu/decode.h"
#include "cpu/deliver.h"
#include "cpu/emulate.h"
#include "cpu/gdt.h"
#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "include/x86_traps.h"
#include "wedge/counters.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "wedge/ports.h"
#include "xen/hypercall.h"
#include "xen/shadow.h"
#include "xen/trap_probe.h"

BURN_COUNTER(emulate_insn);
BURN_COUNTER(emulate_cr);
BURN_COUNTER(emulate_port);
BURN_COUNTER(emulate_msr);
BURN_COUNTER(emulate_segment);
BURN_COUNTER(emulate_irq_flag);

/* How an emulation ended. */
enum outcome { DONE_ADVANCE, DONE_JUMPED, FAULTED, NOT_EMULATED };

static uint32_t *gpr(struct trap_frame *f, unsigned int reg)
{
	switch (reg) {
	case X86_REG_EAX:
		return &f->eax;
	case X86_REG_ECX:
		return &f->ecx;
	case X86_REG_EDX:
		return &f->edx;
	case X86_REG_EBX:
		return &f->ebx;
	case X86_REG_ESP:
		return &f->esp; /* ring-3 frames only: the emulator runs for those */
	case X86_REG_EBP:
		return &f->ebp;
	case X86_REG_ESI:
		return &f->esi;
	default:
		return &f->edi;
	}
}

static void frame_gprs(struct trap_frame *f, struct x86_gprs *g)
{
	for (unsigned int r = 0; r < X86_NR_GPRS; r++)
		g->r[r] = *gpr(f, r);
}

static enum outcome page_fault(struct trap_frame *f, uint32_t addr, int write)
{
	vcpu.cr2 = addr;
	deliver_to_guest(f, X86_TRAP_PF, write ? 2 : 0);
	return FAULTED;
}

static enum outcome general_protection(struct trap_frame *f, uint32_t error)
{
	deliver_to_guest(f, X86_TRAP_GP, error);
	return FAULTED;
}

static int read_guest(uint32_t addr, void *buf, uint32_t n)
{
	return addr >= WEDGE_VIRT_BASE || n > WEDGE_VIRT_BASE - addr
	           ? -1
	           : probe_copy(buf, (void *)addr, n);
}

static int write_guest(uint32_t addr, const void *buf, uint32_t n)
{
	return addr >= WEDGE_VIRT_BASE || n > WEDGE_VIRT_BASE - addr
	           ? -1
	           : probe_copy((void *)addr, buf, n);
}

static uint32_t operand_address(const struct x86_insn *in, struct trap_frame *f)
{
	struct x86_gprs g;
	enum x86_seg seg;
	frame_gprs(f, &g);
	return x86_effective_address(in, &g, &seg); /* flat segments: base 0 */
}

/* ---- control registers -------------------------------------------------- */

static enum outcome mov_cr(const struct x86_insn *in, struct trap_frame *f)
{
	uint32_t *reg = gpr(f, in->rm);
	burn_counter_inc(&burn_counter_emulate_cr);
	if (in->op == X86_OP_MOV_FROM_CR) {
		switch (in->reg) {
		case 0:
			*reg = vcpu.cr0;
			break;
		case 2:
			*reg = vcpu.cr2;
			break;
		case 3:
			*reg = vcpu.cr3;
			break;
		case 4:
			*reg = vcpu.cr4;
			break;
		default:
			return NOT_EMULATED;
		}
		return DONE_ADVANCE;
	}
	switch (in->reg) {
	case 0:
		cr0_write(*reg);
		break;
	case 2:
		vcpu.cr2 = *reg;
		break;
	case 3:
		cr3_write(*reg);
		break;
	case 4:
		cr4_write(*reg);
		break;
	default:
		return NOT_EMULATED;
	}
	return DONE_ADVANCE;
}

/* ---- descriptor tables and segments -------------------------------------- */

static enum outcome load_descriptor_register(const struct x86_insn *in, struct trap_frame *f)
{
	uint32_t addr = operand_address(in, f);
	uint8_t raw[6];
	if (read_guest(addr, raw, sizeof(raw)) != 0)
		return page_fault(f, addr, 0);
	struct descriptor_register dr = {
	    .limit = (uint16_t)(raw[0] | raw[1] << 8),
	    .base = (uint32_t)raw[2] | (uint32_t)raw[3] << 8 | (uint32_t)raw[4] << 16 |
	            (uint32_t)raw[5] << 24,
	};
	if (in->opsize == 16)
		dr.base &= 0x00ffffff;
	if (in->op == X86_OP_LIDT) {
		vcpu.idtr = dr;
	} else {
		vcpu.gdtr = dr;
		gdt_load(dr.base, dr.limit, (uint16_t)f->cs, (uint16_t)f->ss);
	}
	burn_counter_inc(&burn_counter_emulate_segment);
	return DONE_ADVANCE;
}

/* A selector the guest loads into SS must name a present writable data
 * segment; anything else faults on hardware, so it faults here. */
static int valid_stack_selector(uint16_t sel)
{
	uint64_t d = gdt_guest_descriptor(sel);
	int present = (d >> 47) & 1, code_or_data = (d >> 44) & 1;
	int is_code = (d >> 43) & 1, writable = (d >> 41) & 1;
	return (sel & ~3u) && present && code_or_data && !is_code && writable;
}

static enum outcome load_ss(struct trap_frame *f, uint16_t sel, const uint32_t *new_esp)
{
	if (!valid_stack_selector(sel))
		return general_protection(f, sel & ~3u);
	f->ss = selector_to_real(sel);
	if (new_esp)
		f->esp = *new_esp;
	burn_counter_inc(&burn_counter_emulate_segment);
	return DONE_ADVANCE;
}

static enum outcome segment_load(const struct x86_insn *in, struct trap_frame *f)
{
	/* Other segments load natively (DPL 3 before VMI_Init, the real DPL
	 * after): a #GP there is the guest's own, e.g. a bad selector that
	 * Linux's loadsegment fixups expect to catch. */
	if (in->sreg != X86_SEG_SS)
		return general_protection(f, f->error_code);
	uint16_t sel;
	if (in->op == X86_OP_LSS) {
		uint32_t addr = operand_address(in, f);
		uint8_t raw[6];
		unsigned int off_len = in->opsize / 8;
		if (read_guest(addr, raw, off_len + 2) != 0)
			return page_fault(f, addr, 0);
		uint32_t off = raw[0] | raw[1] << 8;
		if (off_len == 4)
			off |= (uint32_t)raw[2] << 16 | (uint32_t)raw[3] << 24;
		sel = (uint16_t)(raw[off_len] | raw[off_len + 1] << 8);
		return load_ss(f, sel, &off);
	}
	if (in->op == X86_OP_POP_SREG) {
		if (read_guest(f->esp, &sel, 2) != 0)
			return page_fault(f, f->esp, 0);
		enum outcome o = load_ss(f, sel, NULL);
		if (o == DONE_ADVANCE)
			f->esp += in->opsize / 8;
		return o;
	}
	if (in->mod == 3) {
		sel = (uint16_t)*gpr(f, in->rm);
	} else {
		uint32_t addr = operand_address(in, f);
		if (read_guest(addr, &sel, 2) != 0)
			return page_fault(f, addr, 0);
	}
	return load_ss(f, sel, NULL);
}

/* iret/lret to the guest's kernel RPL: hardware refuses, as the guest is
 * really at ring 3; do what a CPL-0 return would. */
static enum outcome far_return(const struct x86_insn *in, struct trap_frame *f)
{
	unsigned int w = in->opsize / 8, n = in->op == X86_OP_IRET ? 3 : 2;
	uint32_t v[3] = {0, 0, 0};
	uint8_t raw[12];
	if (read_guest(f->esp, raw, n * w) != 0)
		return page_fault(f, f->esp, 0);
	for (unsigned int i = 0; i < n; i++)
		v[i] = w == 4 ? (uint32_t)raw[4 * i] | (uint32_t)raw[4 * i + 1] << 8 |
		                    (uint32_t)raw[4 * i + 2] << 16 | (uint32_t)raw[4 * i + 3] << 24
		              : (uint32_t)(raw[2 * i] | raw[2 * i + 1] << 8);
	uint16_t cs = (uint16_t)v[1];
	if ((cs & 3) == 3 && vcpu.activated)
		return NOT_EMULATED; /* a return to user mode: not this path */
	if ((cs & 3) == 3 && in->op == X86_OP_IRET)
		guest_fault("iret to user mode (CS 0x%x) at 0x%08lx before VMI_Init: this kernel "
		            "has not activated the VMI ROM (is it built with CONFIG_VMI=y?)",
		            cs, (unsigned long)f->eip);
	f->esp += n * w + (in->op == X86_OP_LRET ? in->imm : 0);
	f->eip = v[0];
	f->cs = (f->cs & 0xffff0000u) | selector_to_real(cs);
	if (in->op == X86_OP_IRET) {
		uint32_t keep = X86_EFLAGS_IF | X86_EFLAGS_IOPL | X86_EFLAGS_VM;
		f->eflags = (v[2] & ~keep) | (f->eflags & keep);
		frame_set_irqs(f, (v[2] & X86_EFLAGS_IF) != 0);
	}
	burn_counter_inc(&burn_counter_emulate_segment);
	return DONE_JUMPED;
}

static enum outcome far_jump(const struct x86_insn *in, struct trap_frame *f)
{
	uint16_t sel = in->far_sel;
	uint32_t off = in->far_off;
	if (in->op == X86_OP_LJMP_MEM) {
		uint32_t addr = operand_address(in, f);
		uint8_t raw[6];
		if (read_guest(addr, raw, 6) != 0)
			return page_fault(f, addr, 0);
		off = (uint32_t)raw[0] | (uint32_t)raw[1] << 8 | (uint32_t)raw[2] << 16 |
		      (uint32_t)raw[3] << 24;
		sel = (uint16_t)(raw[4] | raw[5] << 8);
	}
	f->eip = off;
	f->cs = (f->cs & 0xffff0000u) | selector_to_real(sel);
	burn_counter_inc(&burn_counter_emulate_segment);
	return DONE_JUMPED;
}

/* ---- MSRs ---------------------------------------------------------------- */

/* MSRs Linux's early CPU set-up reads without a fault handler; they read 0. */
static int msr_reads_zero(uint32_t msr)
{
	return msr == 0x17 /* platform id */ || msr == 0x8b /* microcode revision */ ||
	       msr == 0x1a0 /* misc enable */;
}

static enum outcome msr_access(const struct x86_insn *in, struct trap_frame *f)
{
	uint32_t msr = f->ecx;
	uint64_t value = (uint64_t)f->edx << 32 | f->eax;
	burn_counter_inc(&burn_counter_emulate_msr);
	int write = in->op == X86_OP_WRMSR;
	switch (msr) {
	case MSR_EFER:
		if (write)
			vcpu.efer = value & X86_EFER_NX; /* the only bit a PAE guest may set */
		value = vcpu.efer;
		break;
	case MSR_SYSENTER_CS:
	case MSR_SYSENTER_ESP:
	case MSR_SYSENTER_EIP: {
		uint32_t *slot = msr == MSR_SYSENTER_CS    ? &vcpu.sysenter_cs
		                 : msr == MSR_SYSENTER_ESP ? &vcpu.sysenter_esp
		                                           : &vcpu.sysenter_eip;
		if (write)
			*slot = (uint32_t)value;
		value = *slot;
		break;
	}
	default:
		if (write || !msr_reads_zero(msr)) {
			log_debug("%s of MSR 0x%lx: #GP to the guest", write ? "wrmsr" : "rdmsr",
			          (unsigned long)msr);
			return general_protection(f, 0);
		}
		value = 0;
	}
	if (!write) {
		f->eax = (uint32_t)value;
		f->edx = (uint32_t)(value >> 32);
	}
	return DONE_ADVANCE;
}

/* ---- port I/O ------------------------------------------------------------ */

static void set_accumulator(struct trap_frame *f, unsigned int size, uint32_t v)
{
	uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	f->eax = (f->eax & ~mask) | (v & mask);
}

static enum outcome port_io(const struct x86_insn *in, struct trap_frame *f)
{
	unsigned int size = in->access_size;
	uint16_t port = in->imm_size ? (uint16_t)in->imm : (uint16_t)f->edx;
	burn_counter_inc(&burn_counter_emulate_port);
	if (in->op == X86_OP_IN) {
		set_accumulator(f, size, port_read(port, size));
		return DONE_ADVANCE;
	}
	if (in->op == X86_OP_OUT) {
		port_write(port, size, f->eax);
		return DONE_ADVANCE;
	}
	/* ins/outs, with rep: one element per step, ECX counts. */
	int step = (f->eflags & X86_EFLAGS_DF) ? -(int)size : (int)size;
	uint32_t count = in->rep ? f->ecx : 1;
	if (in->addrsize == 16)
		count &= 0xffff;
	for (; count; count--) {
		uint32_t v = 0;
		if (in->op == X86_OP_INS) {
			v = port_read(port, size);
			if (write_guest(f->edi, &v, size) != 0)
				return page_fault(f, f->edi, 1);
			f->edi += (uint32_t)step;
		} else {
			if (read_guest(f->esi, &v, size) != 0)
				return page_fault(f, f->esi, 0);
			port_write(port, size, v);
			f->esi += (uint32_t)step;
		}
		if (in->rep)
			f->ecx--;
	}
	return DONE_ADVANCE;
}

/* ---- the rest ------------------------------------------------------------ */

static enum outcome halt(struct trap_frame *f)
{
	if (!frame_irqs_enabled(f)) {
		log_info("the guest halted with interrupts disabled at 0x%08lx",
		         (unsigned long)f->eip);
		wedge_exit(EXIT_POWEROFF);
	}
	events_block();
	return DONE_ADVANCE;
}

static enum outcome execute(const struct x86_insn *in, struct trap_frame *f)
{
	switch (in->op) {
	case X86_OP_LGDT:
	case X86_OP_LIDT:
		return load_descriptor_register(in, f);
	case X86_OP_LLDT: {
		uint16_t sel = in->mod == 3 ? (uint16_t)*gpr(f, in->rm) : 0;
		if (in->mod != 3 && read_guest(operand_address(in, f), &sel, 2) != 0)
			return page_fault(f, operand_address(in, f), 0);
		vcpu.ldtr = sel;
		if (sel)
			log_warn("lldt 0x%x: guest LDTs are not shadowed yet", sel);
		return DONE_ADVANCE;
	}
	case X86_OP_LTR:
		vcpu.tr = in->mod == 3 ? (uint16_t)*gpr(f, in->rm) : vcpu.tr;
		return DONE_ADVANCE; /* Xen owns the TSS; the kernel stack comes via stack_switch */
	case X86_OP_LMSW:
		cr0_write((vcpu.cr0 & ~0xeu) | ((in->mod == 3 ? *gpr(f, in->rm) : 0) & 0xf) |
		          (vcpu.cr0 & X86_CR0_PE));
		return DONE_ADVANCE;
	case X86_OP_MOV_FROM_CR:
	case X86_OP_MOV_TO_CR:
		return mov_cr(in, f);
	case X86_OP_MOV_FROM_DR:
		*gpr(f, in->rm) = vcpu.dr[in->reg & 7];
		return DONE_ADVANCE;
	case X86_OP_MOV_TO_DR:
		vcpu.dr[in->reg & 7] = *gpr(f, in->rm);
		return DONE_ADVANCE;
	case X86_OP_CLTS:
		cr0_write(vcpu.cr0 & ~X86_CR0_TS);
		return DONE_ADVANCE;
	case X86_OP_WBINVD:
	case X86_OP_INVD:
		return DONE_ADVANCE; /* no cache state a guest can observe */
	case X86_OP_INVLPG:
		shadow_invalidate_page(operand_address(in, f));
		return DONE_ADVANCE;
	case X86_OP_CLI:
	case X86_OP_STI:
		burn_counter_inc(&burn_counter_emulate_irq_flag);
		frame_set_irqs(f, in->op == X86_OP_STI);
		return DONE_ADVANCE;
	case X86_OP_HLT:
		return halt(f);
	case X86_OP_LSS:
	case X86_OP_MOV_TO_SREG:
	case X86_OP_POP_SREG:
		return segment_load(in, f);
	case X86_OP_LRET:
	case X86_OP_IRET:
		return far_return(in, f);
	case X86_OP_LJMP_PTR:
	case X86_OP_LJMP_MEM:
		return far_jump(in, f);
	case X86_OP_RDMSR:
	case X86_OP_WRMSR:
		return msr_access(in, f);
	case X86_OP_IN:
	case X86_OP_OUT:
	case X86_OP_INS:
	case X86_OP_OUTS:
		return port_io(in, f);
	case X86_OP_INT:
		/* Before VMI_Init the kernel runs at ring 3 like its processes:
		 * a software interrupt there means a kernel that never took the
		 * ROM is running user code.  It cannot work; say why. */
		if (!vcpu.activated)
			guest_fault(
			    "int $0x%lx at 0x%08lx before VMI_Init: this kernel has not "
			    "activated the VMI ROM (is it built with CONFIG_VMI=y?), so its "
			    "processes cannot run",
			    (unsigned long)in->imm, (unsigned long)f->eip);
		return NOT_EMULATED;
	default:
		return NOT_EMULATED;
	}
}

static _Noreturn void cannot_emulate(struct trap_frame *f, const uint8_t *bytes, unsigned int n,
                                     const char *why)
{
	char hex[3 * X86_MAX_INSN_LEN + 1] = "";
	for (unsigned int i = 0; i < n && i < X86_MAX_INSN_LEN; i++) {
		static const char digits[] = "0123456789abcdef";
		hex[3 * i] = ' ';
		hex[3 * i + 1] = digits[bytes[i] >> 4];
		hex[3 * i + 2] = digits[bytes[i] & 15];
		hex[3 * i + 3] = '\0';
	}
	trap_dump(f);
	guest_fault("cannot emulate the instruction at 0x%08lx (bytes%s): %s",
	            (unsigned long)f->eip, hex, why);
}

int emulate_privileged(struct trap_frame *f)
{
	/* After VMI_Init, ring 3 is the guest's user mode: no privileges. */
	if (vcpu.activated && (f->cs & 3) == 3)
		return 0;
	uint8_t bytes[X86_MAX_INSN_LEN];
	unsigned int n = 0;
	while (n < sizeof(bytes) && read_guest(f->eip + n, bytes + n, 1) == 0)
		n++;
	if (n == 0) {
		page_fault(f, f->eip, 0);
		return 1;
	}
	struct x86_insn in;
	enum x86_decode_result r = x86_decode(bytes, n, &in);
	if (r == X86_DECODE_TRUNCATED)
		cannot_emulate(f, bytes, n, "instruction runs into unmapped memory");
	if (r != X86_DECODE_OK) {
		if (r == X86_DECODE_INVALID) {
			deliver_to_guest(f, X86_TRAP_UD, DELIVER_NO_ERROR_CODE);
			return 1;
		}
		return 0;
	}
	burn_counter_inc(&burn_counter_emulate_insn);
	switch (execute(&in, f)) {
	case DONE_ADVANCE:
		f->eip += in.len;
		return 1;
	case DONE_JUMPED:
	case FAULTED:
		return 1;
	case NOT_EMULATED:
		break;
	}
	cannot_emulate(f, bytes, n, x86_op_name(in.op));
}
