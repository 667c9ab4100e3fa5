/*
 * Every way Xen enters the wedge: one small wrapper per vector (256, each in
 * a 16-byte slot at trap_entries + vector*16), the event-upcall and failsafe
 * callbacks.  All of them build a struct trap_frame (xen/trap_frame.h) and
 * call the one C dispatcher, trap(); trap_return restores it and irets.
 */
#include <xen/xen.h>
#include "include/x86_traps.h"
#include "xen/trap_frame.h"

#define TRAP_ENTRY_SIZE 16

	.text
	.balign TRAP_ENTRY_SIZE
	.globl trap_entries
trap_entries:
	.set vec, 0
	.rept X86_NR_VECTORS
	/* .org fails the build if the previous wrapper outgrew its slot. */
	.org trap_entries + vec * TRAP_ENTRY_SIZE, 0xcc
	.if vec >= 32
	pushl $0
	.elseif ((X86_TRAP_ERRCODE_MASK >> vec) & 1) == 0
	pushl $0		/* no CPU error code: keep the frame uniform */
	.endif
	pushl $vec
	jmp trap_common
	.set vec, vec + 1
	.endr
	.org trap_entries + X86_NR_VECTORS * TRAP_ENTRY_SIZE, 0xcc

	.globl hypervisor_callback
hypervisor_callback:
	pushl $0
	pushl $WEDGE_VECTOR_EVENT_UPCALL
	jmp trap_common

	/* Xen could not load a segment register on return; it pushed the four
	 * data selectors on top of the frame.  trap() reports it. */
	.globl failsafe_callback
failsafe_callback:
	pushl $0
	pushl $WEDGE_VECTOR_FAILSAFE
	jmp trap_common

trap_common:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	subl $TF_GS, %esp	/* the deliver_* fields */
	movl $FLAT_KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	cld
	movl %esp, %eax
	pushl %eax
	call trap
	.globl trap_call_return
trap_call_return:		/* backtraces recognise trap frames by this */
	addl $4, %esp
	.globl trap_return
trap_return:
	testl $TF_RETURN_FLAGS, TF_VECTOR(%esp)
	jnz trap_return_special
	addl $TF_GS, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp		/* vector, error code */
	iret

trap_return_special:
	testl $TF_RETURN_DELIVER_IN_PLACE, TF_VECTOR(%esp)
	jnz trap_return_in_place
	addl $TF_GS, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp
	lss 12(%esp), %esp	/* the target's stack, its iret frame on top */
	iret

/*
 * Enter a guest handler with Xen's bounce frame, fixed up by trap(), as the
 * guest's own hardware frame.  The register block moves down by
 * deliver_shift bytes, which leaves room right under the guest's frame for
 * the iret frame that enters the handler.  Copying forwards is safe: the
 * block only moves down.  Nothing below the new block is live any more, so
 * an upcall arriving meanwhile cannot hurt.
 */
trap_return_in_place:
	movl TF_DELIVER_EIP(%esp), %eax
	movl TF_DELIVER_CS(%esp), %ebx
	movl TF_DELIVER_EFLAGS(%esp), %edx
	leal TF_GS(%esp), %esi
	movl %esi, %edi
	subl TF_DELIVER_SHIFT(%esp), %edi
	movl $(TF_REGS_SIZE / 4), %ecx
	cld
	rep movsl
	movl %eax, 0(%edi)
	movl %ebx, 4(%edi)
	movl %edx, 8(%edi)
	leal -TF_REGS_SIZE(%edi), %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	iret

/* _Noreturn void trap_frame_enter(struct trap_frame *f): start running the
 * context f describes (the guest's first entry). */
	.globl trap_frame_enter
trap_frame_enter:
	movl 4(%esp), %esp
	jmp trap_return

/*
 * int probe_copy(void *dst, const void *src, size_t n): copy that survives a
 * fault on src or dst.  Returns 0, or -1 if it faulted.  trap() moves a
 * fault at probe_copy_insn to probe_copy_fault.
 */
	.globl probe_copy, probe_copy_insn, probe_copy_fault
probe_copy:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi
	movl 16(%esp), %esi
	movl 20(%esp), %ecx
probe_copy_insn:
	rep movsb
	xorl %eax, %eax
	popl %edi
	popl %esi
	ret
probe_copy_fault:
	movl $-1, %eax
	popl %edi
	popl %esi
	ret
