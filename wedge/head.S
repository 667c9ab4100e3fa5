/*
 * The wedge's entry from Xen: the ELF notes that make Xen build a 32-bit
 * PAE PV domain for us, the hypercall page, the boot stack, and the jump
 * into C.  Xen enters at _start in ring 1 with %esi = start_info.
 */
#include <xen/elfnote.h>
#include "include/wedge_layout.h"

.macro xen_note type, kind, value
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 4f - 3f		/* name size */
	.long 6f - 5f		/* descriptor size */
	.long \type
3:	.asciz "Xen"
4:	.balign 4
5:
	.ifc \kind,str
	.asciz "\value"
	.else
	.long \value
	.endif
6:	.balign 4
	.popsection
.endm

	xen_note XEN_ELFNOTE_GUEST_OS, str, "vmiwedge"
	xen_note XEN_ELFNOTE_GUEST_VERSION, str, "0.1"
	xen_note XEN_ELFNOTE_XEN_VERSION, str, "xen-3.0"
	xen_note XEN_ELFNOTE_LOADER, str, "generic"
	xen_note XEN_ELFNOTE_PAE_MODE, str, "yes"
	xen_note XEN_ELFNOTE_FEATURES, str, "pae_pgdir_above_4gb"
	xen_note XEN_ELFNOTE_VIRT_BASE, long, WEDGE_VIRT_BASE
	xen_note XEN_ELFNOTE_PADDR_OFFSET, long, WEDGE_VIRT_BASE
	xen_note XEN_ELFNOTE_ENTRY, long, _start
	xen_note XEN_ELFNOTE_HYPERCALL_PAGE, long, hypercall_page
	/* Hand us the module as an unmapped frame number: a big guest image
	 * must not have to fit in the wedge's 16 MiB. */
	xen_note XEN_ELFNOTE_MOD_START_PFN, long, 1

	.section .text.entry, "ax"
	.globl _start
_start:
	cld
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp		/* ends every backtrace */
	pushl %esi		/* start_info */
	call wedge_main
	/* wedge_main never returns; if it does, that is a wedge bug. */
	pushl $0
	call wedge_main_returned
1:	jmp 1b

	.section .text.hypercall_page, "ax"
	.balign PAGE_SIZE
	.globl hypercall_page
hypercall_page:
	.skip PAGE_SIZE		/* Xen writes the stubs here */

	.section .bss.stack, "aw", @nobits
	.balign PAGE_SIZE
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip WEDGE_STACK_SIZE
boot_stack_top:
