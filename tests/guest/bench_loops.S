/*
 * The benchmarks' timed loops, their #PF and int $0x80 handlers and the
 * ring-3 programs (bench.h).  Every loop has the same frame:
 *
 *	rdtsc -> ESI; [set-up]; 1: BODY; decl %edi; jnz 1b; [tear-down]; rdtsc
 *
 * with n in EDI, a in EBX and b in EBP, and returns the low 32 bits of the
 * TSC difference.  bench_empty is that frame with no body, so that
 * (loop - empty) / n is the body alone.  ROM calls go through their CALL_REL
 * target with `call *VMI_TARGET(...)`, the same single instruction as the
 * `call rel32` Linux patches in.
 */
#include "include/vmi_abi.h"
#include "include/x86_traps.h"
#include "tests/guest/bench.h"
#include "tests/guest/layout.h"
#include "tests/guest/vmi_calls.h"

#if GUEST_PAE
#define PXE_SIZE 8
#else
#define PXE_SIZE 4
#endif

.macro bench_begin name
	.text
	.globl bench_\name
	.type bench_\name, @function
	.balign 16
bench_\name:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 20(%esp), %edi
	movl 24(%esp), %ebx
	movl 28(%esp), %ebp
	rdtsc
	movl %eax, %esi
.endm

.macro bench_end name
	rdtsc
	subl %esi, %eax
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size bench_\name, . - bench_\name
.endm

/* The loop's own two instructions. */
.macro loop_tail
	decl %edi
	jnz 1b
.endm

/* ---- overhead and calibration ----------------------------------------- */
bench_begin empty
1:	loop_tail
bench_end empty

bench_begin nop10
1:	.rept 10
	nop
	.endr
	loop_tail
bench_end nop10

/* ---- the interrupt flag ------------------------------------------------ */
bench_begin irq_disable
1:	call *VMI_TARGET(DisableInterrupts)
	loop_tail
bench_end irq_disable

bench_begin irq_enable
1:	call *VMI_TARGET(EnableInterrupts)
	loop_tail
bench_end irq_enable

bench_begin get_mask
1:	call *VMI_TARGET(GetInterruptMask)
	loop_tail
bench_end get_mask

/* SetInterruptMask keeps every register: EAX is set once. */
bench_begin set_mask
	movl %ebx, %eax
1:	call *VMI_TARGET(SetInterruptMask)
	loop_tail
bench_end set_mask

/* Linux's local_irq_save() + local_irq_restore(). */
bench_begin irq_save_restore
1:	call *VMI_TARGET(GetInterruptMask)
	call *VMI_TARGET(DisableInterrupts)
	call *VMI_TARGET(SetInterruptMask)
	loop_tail
bench_end irq_save_restore

bench_begin native_pushf_popf
1:	pushfl
	popfl
	loop_tail
bench_end native_pushf_popf

bench_begin native_get_flags
1:	pushfl
	popl %eax
	loop_tail
bench_end native_get_flags

bench_begin native_set_flags
	pushfl
	popl %eax
1:	pushl %eax
	popfl
	loop_tail
bench_end native_set_flags

/* The unpatched instructions: at ring 1 they trap, and are emulated. */
bench_begin trapped_cli
1:	cli
	loop_tail
bench_end trapped_cli

bench_begin trapped_sti
1:	sti
	loop_tail
bench_end trapped_sti

/* ---- page faults ------------------------------------------------------- */
/* The load at a faults every time: the handler skips it. */
bench_begin pf_load
1:	movl (%ebx), %eax		/* BENCH_PF_INSN_LEN bytes */
	loop_tail
bench_end pf_load

/* Entry of the PTE (bench_pf_map_ptep) and its value in EDX:EAX / EAX,
 * as SetPxELong / SetPxE take them; flags on the stack / in ECX. */
.macro set_pxe_call value_reg
#if GUEST_PAE
	movl \value_reg, %eax
	xorl %edx, %edx
	movl bench_pf_map_ptep, %ecx
	pushl $VMI_PAGE_PT
	call *VMI_TARGET(SetPxELong)
	addl $4, %esp
#else
	movl \value_reg, %eax
	movl bench_pf_map_ptep, %edx
	movl $VMI_PAGE_PT, %ecx
	call *VMI_TARGET(SetPxE)
#endif
.endm

/* Demand paging: the load faults, the handler maps the page and the load
 * runs again; then the page is unmapped as Linux does (set the entry to 0,
 * then flush the one page). */
bench_begin pf_map_cycle
1:	movl (%ebx), %eax
	xorl %ecx, %ecx
	set_pxe_call %ecx
	movl %ebx, %eax
	call *VMI_TARGET(InvalPage)
	loop_tail
bench_end pf_map_cycle

bench_begin invalpage
	movl %ebx, %eax
1:	call *VMI_TARGET(InvalPage)
	loop_tail
bench_end invalpage

	.text
	.globl bench_pf_skip_rom, bench_pf_skip_native, bench_pf_map_rom
/* Interrupt gates, from ring 1: error code, EIP, CS, EFLAGS. */
bench_pf_skip_rom:
	incl bench_pf_faults
	addl $4, %esp
	addl $BENCH_PF_INSN_LEN, (%esp)
	call *VMI_TARGET(IRET)
	ud2

bench_pf_skip_native:
	incl bench_pf_faults
	addl $4, %esp
	addl $BENCH_PF_INSN_LEN, (%esp)
	iret

bench_pf_map_rom:
	incl bench_pf_faults
	pushl %eax
	pushl %ecx
	pushl %edx
	set_pxe_call bench_pf_map_pte
	popl %edx
	popl %ecx
	popl %eax
	addl $4, %esp
	call *VMI_TARGET(IRET)
	ud2

/* ---- page-table entries ------------------------------------------------ */
/* SetPxE(Long)(value b, entry a + i * PXE_SIZE, VMI_PAGE_PT), as Linux's
 * set_pte calls it; bench_pxe_empty is the same without the call. */
.macro pxe_args
#if GUEST_PAE
	movl %ebp, %eax
	xorl %edx, %edx
	movl %ebx, %ecx
	pushl $VMI_PAGE_PT
#else
	movl %ebp, %eax
	movl %ebx, %edx
	movl $VMI_PAGE_PT, %ecx
#endif
.endm

.macro pxe_call
#if GUEST_PAE
	call *VMI_TARGET(SetPxELong)
#else
	call *VMI_TARGET(SetPxE)
#endif
.endm

.macro pxe_next
#if GUEST_PAE
	addl $4, %esp
#endif
	addl $PXE_SIZE, %ebx
.endm

bench_begin pxe_set
1:	pxe_args
	pxe_call
	pxe_next
	loop_tail
bench_end pxe_set

bench_begin pxe_set_lazy
	movl $1, %eax
	call *VMI_TARGET(SetLazyMode)
1:	pxe_args
	pxe_call
	pxe_next
	loop_tail
	xorl %eax, %eax
	call *VMI_TARGET(SetLazyMode)
bench_end pxe_set_lazy

bench_begin pxe_empty
1:	pxe_args
	pxe_next
	loop_tail
bench_end pxe_empty

/* Linux's native set_pte: PAE stores the high half first. */
bench_begin pxe_native
	xorl %edx, %edx
1:
#if GUEST_PAE
	movl %edx, 4(%ebx)
#endif
	movl %ebp, (%ebx)
	addl $PXE_SIZE, %ebx
	loop_tail
bench_end pxe_native

bench_begin pxe_native_empty
1:	addl $PXE_SIZE, %ebx
	loop_tail
bench_end pxe_native_empty

/* ---- CR3 --------------------------------------------------------------- */
bench_begin cr3_switch
1:	movl %ebx, %eax
	call *VMI_TARGET(SetCR3)
	movl %ebp, %eax
	call *VMI_TARGET(SetCR3)
	loop_tail
bench_end cr3_switch

bench_begin cr3_trapped
1:	movl %ebx, %eax
	movl %eax, %cr3
	movl %ebp, %eax
	movl %eax, %cr3
	loop_tail
bench_end cr3_trapped

bench_begin mov2_empty
1:	movl %ebx, %eax
	movl %ebp, %eax
	loop_tail
bench_end mov2_empty

/* ---- ring 3 ------------------------------------------------------------ */
/* void bench_user_run(uint32_t eip, uint32_t esp, uint32_t count) */
	.text
	.globl bench_user_run
	.type bench_user_run, @function
bench_user_run:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl %esp, bench_user_saved_esp
	movl 36(%esp), %eax		/* eip */
	movl 40(%esp), %ecx		/* esp */
	movl 44(%esp), %ebx		/* count */
	pushl $USER_DS
	pushl %ecx
	pushl $(X86_EFLAGS_IF | 0x2)
	pushl $USER_CS
	pushl %eax
	xorl %eax, %eax
	call *VMI_TARGET(IRET)		/* never returns */
	ud2
	.size bench_user_run, . - bench_user_run

/*
 * The int $0x80 gates (DPL-3 trap gates, which Xen calls directly): any
 * call but the exit goes straight back to ring 3, with the frame Xen
 * pushed (EIP, CS, EFLAGS, ESP, SS).
 */
	.globl bench_sys_rom, bench_sys_native
bench_sys_rom:
	cmpl $BENCH_SYS_EXIT, %eax
	je bench_sys_exit
	call *VMI_TARGET(IRET)
	ud2

bench_sys_native:
	cmpl $BENCH_SYS_EXIT, %eax
	je bench_sys_exit
	iret

bench_sys_exit:
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl bench_user_saved_esp, %esp
	call *VMI_TARGET(DisableInterrupts)
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/* The user programs: EBX = count (>= 1). */
	.balign 16
	.globl bench_user_start, bench_user_end, bench_uprog_int80, bench_uprog_empty
bench_user_start:
bench_uprog_int80:
	movl $USER_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
1:	int $0x80
	decl %ebx
	jnz 1b
	movl $BENCH_SYS_EXIT, %eax
	int $0x80
	ud2

bench_uprog_empty:
	movl $USER_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
1:	decl %ebx
	jnz 1b
	movl $BENCH_SYS_EXIT, %eax
	int $0x80
	ud2
bench_user_end:

	.bss
	.balign 4
	.globl bench_pf_faults, bench_pf_map_pte, bench_pf_map_ptep
bench_pf_faults:
	.skip 4
bench_pf_map_pte:
	.skip 4
bench_pf_map_ptep:
	.skip 4
bench_user_saved_esp:
	.skip 4

	.section .note.GNU-stack, "", @progbits
