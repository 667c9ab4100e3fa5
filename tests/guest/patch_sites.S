/*
 * The call sites the patch cases rewrite, each inside a tiny function C
 * can call, and their native targets.  Every native target counts its
 * calls, so a case can tell whether a run went native or through the ROM.
 * Pointers live in .data like Linux's pv_*_ops.
 */
#include "include/vmi_abi.h"
#include "tests/guest/layout.h"
#include "tests/guest/patch.h"

/* Assembler symbols vmi_nr_<Name> from the one call list. */
#define VMI_SET_NR(name, nr) .set vmi_nr_##name, nr;
VMI_CALL_LIST(VMI_SET_NR)

/* `call *ptr` padded to PATCH_SITE_LEN, recorded in .guest_patch_sites. */
.macro paravirt_site label, call_nr, native_ptr
	.globl \label
\label:
	call *\native_ptr
	.if (. - \label) > PATCH_SITE_LEN
	.error "paravirt_site: the call is longer than PATCH_SITE_LEN"
	.endif
	.fill PATCH_SITE_LEN - (. - \label), 1, 0x90
	.pushsection .guest_patch_sites, "a"
	.balign 4
	.long \label, \call_nr, PATCH_SITE_LEN
	.popsection
.endm

	.text
/* uint64_t rdtsc_via_patch_site(void) */
	.globl rdtsc_via_patch_site
rdtsc_via_patch_site:
	paravirt_site rdtsc_patch_site, vmi_nr_RDTSC, native_rdtsc_ptr
	ret

/* void iodelay_via_patch_site(void) */
	.globl iodelay_via_patch_site
iodelay_via_patch_site:
	paravirt_site iodelay_patch_site, vmi_nr_IODelay, native_io_delay_ptr
	ret

/* uint32_t none_via_patch_site(void) */
	.globl none_via_patch_site
none_via_patch_site:
	paravirt_site none_patch_site, NONE_SITE_CALL, native_none_call_ptr
	ret

native_rdtsc:
	incl native_rdtsc_calls
	rdtsc
	ret

native_io_delay:
	incl native_io_delay_calls
	outb %al, $IO_DELAY_PORT
	ret

native_none_call:
	incl native_none_calls
	movl $NONE_SITE_NATIVE_RESULT, %eax
	ret

	.data
	.balign 4
native_rdtsc_ptr:
	.long native_rdtsc
native_io_delay_ptr:
	.long native_io_delay
native_none_call_ptr:
	.long native_none_call

	.bss
	.balign 4
	.globl native_rdtsc_calls, native_io_delay_calls, native_none_calls
native_rdtsc_calls:
	.skip 4
native_io_delay_calls:
	.skip 4
native_none_calls:
	.skip 4

	.section .note.GNU-stack, "", @progbits
