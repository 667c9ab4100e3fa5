/*
 * The VMI option ROM: header, identification data, the two fixed entry
 * points, and one stub per call number in its fixed slot.  The image is
 * linked inside the wedge (.vmi_rom) but runs wherever the guest maps
 * guest-physical 0xC0000, so:
 *   - Init and GetRelocationInfo are position-independent (relative jumps
 *     within the ROM, absolute jumps into the wedge);
 *   - every rel32 call or jump from a stub into the wedge is recorded in
 *     .vmi_patchups and fixed by the run-time distance at Init;
 *   - each stub macro also emits its row of the slot table (.vmi_slots) and
 *     its counter (.burn_counters), so there is no second list to drift.
 */
#include "include/burn_counters.h"
#include "include/vmi_abi.h"
#include "include/vmi_rom_image.h"
#include "include/wedge_layout.h"
#include "include/x86_traps.h"
#include <xen/xen.h>

/* vcpu 0's event flags: the virtual IF is !mask (DESIGN.md). */
#define EVENT_MASK (xen_shared_info_page + VCPU_INFO_UPCALL_MASK)
#define EVENT_PENDING (xen_shared_info_page + VCPU_INFO_UPCALL_PENDING)

/* Assembler symbols vmi_nr_<Name> from the one call list. */
#define VMI_SET_NR(name, nr) .set vmi_nr_##name, nr;
VMI_CALL_LIST(VMI_SET_NR)

/* ---- macros ------------------------------------------------------------ */

/* A rel32 call/jump into the wedge: fixed up when the ROM moves. */
.macro vmi_call_relocatable func
9191:	call \func
	.pushsection .vmi_patchups, "a"
	.balign 4
	.long 9191b
	.popsection
.endm

.macro vmi_jmp_relocatable target
9191:	jmp \target
	.pushsection .vmi_patchups, "a"
	.balign 4
	.long 9191b
	.popsection
.endm

/* A 64-bit counter entry in wedge memory (include/burn_counters.h). */
.macro burn_counter name
	.pushsection .burn_counters, "aw"
	.balign 8
	.globl burn_counter_vmi_\name
burn_counter_vmi_\name:
	.quad 0, 0
9193:	.ascii "vmi_\name"
9194:	.fill BURN_COUNTER_NAME_LEN - (9194b - 9193b), 1, 0
	.popsection
.endm

/* Absolute addresses: the counters stay in the wedge, mapped in every
 * address space at the same place, so nothing here needs relocating. */
.macro burn_counter_inc name
	addl $1, burn_counter_vmi_\name + BURN_COUNTER_COUNT_OFF
	adcl $0, burn_counter_vmi_\name + BURN_COUNTER_COUNT_OFF + 4
.endm

/* The hot stubs (interrupt flag, IRET) count in one instruction: their
 * counters wrap at 2^32 calls, documented in README.md. */
.macro burn_counter_inc_hot name
	incl burn_counter_vmi_\name + BURN_COUNTER_COUNT_OFF
.endm

/* Start the slot of call \name at its fixed offset. */
.macro vmi_area_begin name
	.section .vmi_rom, "ax"
	.org VMI_SLOT_BASE + vmi_nr_\name * VMI_SLOT_SIZE, 0xcc
	.globl VMI_\name
	.type VMI_\name, @function
VMI_\name:
.endm

/* Row of the slot table: number, bounds, what GetRelocationInfo answers. */
.macro vmi_slot_row name, type
	.pushsection .vmi_slots, "a"
	.balign 4
	.long vmi_nr_\name
	.long VMI_\name - vmi_rom_image
	.long VMI_\name\()_end - vmi_rom_image
	.long \type
9195:	.ascii "\name"
9196:	.fill VMI_SLOT_NAME_LEN - (9196b - 9195b), 1, 0
	.popsection
.endm

.macro vmi_stub_begin name, type
	vmi_area_begin \name
	vmi_slot_row \name, \type
	burn_counter \name
	burn_counter_inc \name
.endm

.macro vmi_stub_begin_hot name, type
	vmi_area_begin \name
	vmi_slot_row \name, \type
	burn_counter \name
	burn_counter_inc_hot \name
.endm

/* An oversized stub runs into the next slot's .org and fails the build. */
.macro vmi_stub_end name
VMI_\name\()_end:
	.size VMI_\name, . - VMI_\name
.endm

/*
 * Build a burn_clobbers_frame_t and call the C front-end \func with it.
 * The guest's eax/ecx/edx come back from the frame, so the stub preserves
 * every register the front-end does not deliberately set.
 */
.macro vmi_frame_call func
	pushl %eax
	pushl %ecx
	pushl %edx
	pushl %esp
	subl $8, (%esp)		/* frame = where the call's return address lands */
	vmi_call_relocatable \func
	addl $4, %esp
	popl %edx
	popl %ecx
	popl %eax
.endm

/* Leave a stub; if interrupts are on and an interrupt came in while the
 * wedge worked (its event could not be given to the guest inside the
 * wedge), take it now, as hardware would have done already. */
.macro vmi_stub_return
	cmpb $0, EVENT_MASK
	jne 9197f
	testb $0xff, vmi_irq_pending
	jnz vmi_take_pending_event
9197:	ret
.endm

.macro vmi_stub_simple name, func
	vmi_stub_begin \name, VMI_RELOCATION_CALL_REL
	vmi_frame_call \func
	vmi_stub_return
	vmi_stub_end \name
.endm

/* Answered NOP: Linux never calls it; if called anyway it does nothing. */
.macro vmi_stub_nop name
	vmi_stub_begin \name, VMI_RELOCATION_NOP
	ret
	vmi_stub_end \name
.endm

/* Answered NONE: not implemented yet.  A guest that calls the slot anyway
 * gets a clear stop naming the call (vmi_unimplemented_ext). */
.macro vmi_stub_none name
	vmi_stub_begin \name, VMI_RELOCATION_NONE
	vmi_frame_call vmi_unimplemented_ext
	ret
	vmi_stub_end \name
.endm

/* ---- the hot stubs: assembler only, every register kept ------------------ */

/* CPUID: EAX leaf, ECX sub-leaf in; EAX, EBX, ECX, EDX out; the policy is
 * vmi_cpuid_ext's (cpu/cpuid.c). */
.macro vmi_stub_cpuid
	vmi_stub_begin CPUID, VMI_RELOCATION_CALL_REL
	pushl %edx
	pushl %ecx
	pushl %ebx
	pushl %eax
	pushl %esp
	vmi_call_relocatable vmi_cpuid_ext
	addl $4, %esp
	popl %eax
	popl %ebx
	popl %ecx
	popl %edx
	vmi_stub_return
	vmi_stub_end CPUID
.endm

.macro vmi_stub_disable_interrupts
	vmi_stub_begin_hot DisableInterrupts, VMI_RELOCATION_CALL_REL
	movb $1, EVENT_MASK
	ret
	vmi_stub_end DisableInterrupts
.endm

/* Unmask; a Xen event or an 8259 interrupt that waited while masked is
 * taken at once, through \window. */
.macro vmi_unmask_or window
	movb $0, EVENT_MASK
	testb $0xff, EVENT_PENDING
	jnz \window
	testb $0xff, vmi_irq_pending
	jnz \window
.endm

.macro vmi_stub_enable_interrupts
	vmi_stub_begin_hot EnableInterrupts, VMI_RELOCATION_CALL_REL
	vmi_unmask_or vmi_take_pending_event
	ret
	vmi_stub_end EnableInterrupts
.endm

.macro vmi_stub_get_interrupt_mask
	vmi_stub_begin_hot GetInterruptMask, VMI_RELOCATION_CALL_REL
	xorl %eax, %eax
	cmpb $0, EVENT_MASK
	jne 1f
	movl $X86_EFLAGS_IF, %eax
1:	ret
	vmi_stub_end GetInterruptMask
.endm

.macro vmi_stub_set_interrupt_mask
	vmi_stub_begin_hot SetInterruptMask, VMI_RELOCATION_CALL_REL
	testl $X86_EFLAGS_IF, %eax
	jnz vmi_set_mask_enable
	movb $1, EVENT_MASK
	ret
	vmi_stub_end SetInterruptMask
.endm

/*
 * IRET, entered by a patched call: the return address on top (dropped),
 * then EIP, CS, EFLAGS (and ESP, SS for ring 3).  A native iret at ring 1
 * does the rest: same ring or out to ring 3, never touching IOPL; the
 * virtual IF comes from the image.
 */
.macro vmi_stub_iret
	vmi_stub_begin_hot IRET, VMI_RELOCATION_CALL_REL
	addl $4, %esp
	testl $X86_EFLAGS_IF, 8(%esp)
	jnz vmi_iret_enable
	movb $1, EVENT_MASK
	iret
	vmi_stub_end IRET
.endm

/* Halt: block with events enabled (vmi_halt_ext), then take whatever woke
 * us before returning, as hardware would take it right after hlt. */
.macro vmi_stub_halt
	vmi_stub_begin Halt, VMI_RELOCATION_CALL_REL
	vmi_frame_call vmi_halt_ext
	jmp vmi_take_pending_event
	vmi_stub_end Halt
.endm

/* ---- header (struct vrom_header) ---------------------------------------- */
	.section .vmi_rom, "ax"
	.globl vmi_rom_image
vmi_rom_image:
	.word VROM_SIGNATURE
	.byte VMI_ROM_SIZE / VROM_BLOCK			/* rom_length */
	.byte 0xcb, 0, 0, 0				/* rom_entry: a far return for a BIOS */
	.byte 0						/* pad */
	.long VROM_VMI_SIGNATURE			/* "cVmi" */
	.byte VROM_API_MINOR, VROM_API_MAJOR
	.byte 2						/* jump_slots: Init and GetRelocationInfo */
	.byte 0
	.long WEDGE_VIRT_BASE				/* virtual_top */
	.word 0
	.word vmi_rom_license - vmi_rom_image
	.word vmi_rom_pci - vmi_rom_image
	.word vmi_rom_pnp - vmi_rom_image
	.long 0
	.org VROM_OFF_VMI_INIT, 0			/* reserved[96] */
	jmp vmi_init_entry				/* ROM+0x80: VMI_Init */
	.org VROM_OFF_GET_RELOC, 0xcc
	jmp vmi_get_reloc_entry				/* ROM+0x88: GetRelocationInfo */
	.org VROM_HEADER_SIZE, 0xcc

/* PCI data structure: our own IDs (Linux only warns on an unknown vendor). */
	.org VMI_ROM_PCI_OFF, 0
vmi_rom_pci:
	.ascii "PCIR"
	.word VMI_ROM_PCI_VENDOR, VMI_ROM_PCI_DEVICE
	.word 0						/* vpd */
	.word 24					/* structure length */
	.byte 0						/* revision */
	.byte 0xff, 0, 0				/* class: unassigned */
	.word VMI_ROM_SIZE / VROM_BLOCK			/* image length in 512-byte units */
	.byte 1, 0					/* ROM version 0.1 (minor, major) */
	.byte 0						/* code type: x86 */
	.byte 0x80					/* last image */
	.word 0

	.org VMI_ROM_PNP_OFF, 0
vmi_rom_pnp:
	.ascii "$PnP"
	.byte 1						/* revision */
	.byte 2						/* length in 16-byte units */
	.word 0, 0
	.long 0						/* device id */
	.word vmi_rom_manufacturer - vmi_rom_image
	.word vmi_rom_product - vmi_rom_image

	.org VMI_ROM_STRINGS_OFF, 0
vmi_rom_license:
	.asciz VMI_ROM_LICENSE
vmi_rom_manufacturer:
	.asciz "vmiwedge project"
vmi_rom_product:
	.asciz "vmiwedge VMI ROM for Xen"

/* ---- the two bootstrap entry points -------------------------------------- */
	.balign 16

	burn_counter Init
	burn_counter GetRelocationInfo

/*
 * VMI_Init.  The guest calls it from its native boot, deprivileged: the
 * privileged instruction at vmi_init_trap faults into the wedge, which
 * recognises the address, activates the ROM (relocation, ring 1) and
 * resumes after it with EAX = 0.
 */
vmi_init_entry:
	.globl vmi_init_trap
vmi_init_trap:
	hlt
	/* Counted only now: before the trap the guest is at ring 3, where the
	 * wedge's memory is out of reach. */
	burn_counter_inc Init
	ret

/* GetRelocationInfo: EAX = call number -> EDX:EAX.  An absolute jump into
 * the wedge needs no fixing; ECX is the caller's to lose. */
vmi_get_reloc_entry:
	burn_counter_inc GetRelocationInfo
	movl $vmi_get_relocation_info, %ecx
	jmp *%ecx

	/* The header area must not run into the first slot. */
	.org VMI_SLOT_BASE, 0xcc

/* ---- the stubs, in slot order -------------------------------------------- */
	vmi_stub_cpuid
	vmi_stub_none WRMSR
	vmi_stub_none RDMSR
	vmi_stub_simple SetGDT, vmi_set_gdt_ext
	vmi_stub_simple SetLDT, vmi_set_ldt_ext
	vmi_stub_simple SetIDT, vmi_set_idt_ext
	vmi_stub_simple SetTR, vmi_set_tr_ext
	vmi_stub_simple GetGDT, vmi_get_gdt_ext
	vmi_stub_simple GetLDT, vmi_get_ldt_ext
	vmi_stub_simple GetIDT, vmi_get_idt_ext
	vmi_stub_simple GetTR, vmi_get_tr_ext
	vmi_stub_simple WriteGDTEntry, vmi_write_gdt_entry_ext
	vmi_stub_simple WriteLDTEntry, vmi_write_ldt_entry_ext
	vmi_stub_simple WriteIDTEntry, vmi_write_idt_entry_ext
	vmi_stub_simple UpdateKernelStack, vmi_update_kernel_stack_ext
	vmi_stub_simple SetCR0, vmi_set_cr0_ext
	vmi_stub_simple SetCR2, vmi_set_cr2_ext
	vmi_stub_simple SetCR3, vmi_set_cr3_ext
	vmi_stub_simple SetCR4, vmi_set_cr4_ext
	vmi_stub_simple GetCR0, vmi_get_cr0_ext
	vmi_stub_simple GetCR2, vmi_get_cr2_ext
	vmi_stub_simple GetCR3, vmi_get_cr3_ext
	vmi_stub_simple GetCR4, vmi_get_cr4_ext
	vmi_stub_nop WBINVD		/* no cache to write back that a guest can see */
	vmi_stub_simple SetDR, vmi_set_dr_ext
	vmi_stub_simple GetDR, vmi_get_dr_ext
	vmi_stub_simple RDPMC, vmi_rdpmc_ext
	vmi_stub_simple RDTSC, vmi_rdtsc_ext
	vmi_stub_simple CLTS, vmi_clts_ext
	vmi_stub_enable_interrupts
	vmi_stub_disable_interrupts
	vmi_stub_get_interrupt_mask
	vmi_stub_set_interrupt_mask
	vmi_stub_iret
	vmi_stub_none SYSEXIT		/* SEP is hidden: Linux never gets here */
	vmi_stub_halt
	vmi_stub_none Reboot
	vmi_stub_none Shutdown
	vmi_stub_simple SetPxE, vmi_set_pxe_ext
	vmi_stub_simple SetPxELong, vmi_set_pxe_long_ext
	vmi_stub_simple UpdatePxE, vmi_update_pxe_ext
	vmi_stub_simple UpdatePxELong, vmi_update_pxe_long_ext
	vmi_stub_none MachineToPhysical
	vmi_stub_none PhysicalToMachine
	vmi_stub_simple AllocatePage, vmi_allocate_page_ext
	vmi_stub_simple ReleasePage, vmi_release_page_ext
	vmi_stub_simple InvalPage, vmi_inval_page_ext
	vmi_stub_simple FlushTLB, vmi_flush_tlb_ext
	vmi_stub_simple SetLinearMapping, vmi_set_linear_mapping_ext
	vmi_stub_simple SetIOPLMask, vmi_set_iopl_mask_ext
	vmi_stub_none SetInitialAPState
	vmi_stub_none APICWrite
	vmi_stub_none APICRead
	vmi_stub_nop IODelay		/* port 0x80 delays mean nothing here */
	vmi_stub_simple GetCycleFrequency, vmi_get_cycle_frequency_ext
	vmi_stub_simple GetCycleCounter, vmi_get_cycle_counter_ext
	vmi_stub_simple SetAlarm, vmi_set_alarm_ext
	vmi_stub_simple CancelAlarm, vmi_cancel_alarm_ext
	vmi_stub_simple GetWallclockTime, vmi_get_wallclock_ext
	vmi_stub_simple WallclockUpdated, vmi_wallclock_updated_ext
	vmi_stub_simple SetLazyMode, vmi_set_lazy_mode_ext

/* ---- shared slow paths, after the slots ---------------------------------- */
	.org VMI_SLOTS_END, 0xcc

/*
 * An interrupt window: events were just unmasked and something is pending,
 * a Xen event or an interrupt the virtual 8259 holds.  vmi_irq_window
 * (wedge/irq_window.c) handles the events and, if the guest must take an
 * interrupt now, returns its handler.  The guest then enters the handler
 * exactly as if the interrupt had come at the instruction after the call:
 * an interrupt frame (return address, CS, EFLAGS) replaces the return
 * address, and every register is as the guest left it.
 */
/* The enabling halves of SetInterruptMask and IRET, out of their slots. */
vmi_set_mask_enable:
	cmpb $0, vmi_irq_restore_after_init
	jne 1f
	vmi_unmask_or vmi_take_pending_event
	ret
1:	movb $0, vmi_irq_restore_after_init	/* the restore after VMI_Init */
	movb $1, EVENT_MASK
	ret

vmi_iret_enable:
	vmi_unmask_or vmi_iret_pending_event
	iret

vmi_take_pending_event:			/* [S]: the guest's return address */
	pushfl
	pushal				/* S-36 */
	cld
	vmi_call_relocatable vmi_irq_window
	testl %eax, %eax
	jnz 1f
	popal
	popfl
	ret
1:	movl %eax, vmi_irq_handler
	movl %esp, %esi			/* registers and flags down by 8 */
	leal -8(%esp), %edi
	movl $9, %ecx
	rep movsl
	leal -8(%esp), %esp		/* S-44 */
	movl 44(%esp), %eax		/* the return address becomes EIP */
	movl %eax, 36(%esp)
	movl %cs, %eax
	movl %eax, 40(%esp)
	movl 32(%esp), %eax		/* EFLAGS, with the virtual IF it had */
	orl $X86_EFLAGS_IF, %eax
	movl %eax, 44(%esp)
	popal
	popfl				/* S-8: the interrupt frame */
	pushl vmi_irq_handler
	ret

/* The same at an IRET with IF set: its frame already describes the
 * interrupted context, so the handler gets it as it is. */
vmi_iret_pending_event:
	pushal
	cld
	vmi_call_relocatable vmi_irq_window
	testl %eax, %eax
	jnz 1f
	popal
	iret
1:	movl %eax, vmi_irq_handler
	popal
	pushl vmi_irq_handler
	ret

/* ---- checksum: the last byte makes the 8-bit sum of the image zero ------ */
	.section .vmi_rom, "ax"
	.org VMI_ROM_SIZE - 1, 0
	.globl vmi_rom_checksum
vmi_rom_checksum:
	.byte 0			/* set when the ROM is installed or extracted */
	.globl vmi_rom_image_end
vmi_rom_image_end:
