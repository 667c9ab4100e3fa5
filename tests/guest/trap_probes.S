/*
 * One faulting instruction each (catch.h).  Every probe arms the catcher
 * with the address right after the instruction (label 9), notes the
 * instruction's address (label 8), the address after it and ESP at it,
 * and runs it.  Label 9 disarms again, so a probe whose instruction did
 * not fault leaves nothing armed.  cdecl: eax, ecx, edx are scratch.
 */
#include "tests/guest/catch.h"

.macro probe_begin name
	.globl \name
	.type \name, @function
\name:
	movl $9f, catch_resume_eip
	movl $8f, probe_fault_eip
	movl $9f, probe_next_eip
.endm

.macro probe_end name
	.size \name, . - \name
.endm

	.text
probe_begin probe_divide_error
	xorl %ecx, %ecx
	movl $1, %eax
	xorl %edx, %edx
	movl %esp, probe_esp
8:	divl %ecx
9:	movl $0, catch_resume_eip
	ret
probe_end probe_divide_error

probe_begin probe_breakpoint
	movl %esp, probe_esp
8:	int3
9:	movl $0, catch_resume_eip
	ret
probe_end probe_breakpoint

probe_begin probe_invalid_opcode
	movl %esp, probe_esp
8:	ud2
9:	movl $0, catch_resume_eip
	ret
probe_end probe_invalid_opcode

/* void probe_load_ds(uint32_t sel) */
probe_begin probe_load_ds
	movl 4(%esp), %eax
	pushl %ds
	movl %esp, probe_esp
8:	movl %eax, %ds
9:	popl %ds
	movl $0, catch_resume_eip
	ret
probe_end probe_load_ds

/* void probe_load_ss(uint32_t sel) */
probe_begin probe_load_ss
	movl 4(%esp), %eax
	movl %ss, %ecx
	movl %esp, probe_esp
8:	movl %eax, %ss
9:	movl %ecx, %ss
	movl $0, catch_resume_eip
	ret
probe_end probe_load_ss

probe_begin probe_fpu
	movl %esp, probe_esp
8:	fnop
9:	movl $0, catch_resume_eip
	ret
probe_end probe_fpu

/* uint32_t probe_read(uint32_t addr) */
probe_begin probe_read
	movl 4(%esp), %ecx
	xorl %eax, %eax
	movl %esp, probe_esp
8:	movl (%ecx), %eax
9:	movl $0, catch_resume_eip
	ret
probe_end probe_read

/* void probe_write(uint32_t addr, uint32_t v) */
probe_begin probe_write
	movl 4(%esp), %ecx
	movl 8(%esp), %eax
	movl %esp, probe_esp
8:	movl %eax, (%ecx)
9:	movl $0, catch_resume_eip
	ret
probe_end probe_write

/* uint32_t probe_read_fs(uint32_t offset) */
probe_begin probe_read_fs
	movl 4(%esp), %ecx
	xorl %eax, %eax
	movl %esp, probe_esp
8:	movl %fs:(%ecx), %eax
9:	movl $0, catch_resume_eip
	ret
probe_end probe_read_fs

	.section .note.GNU-stack, "", @progbits
