/*
 * void regs_probe_call(uint32_t target, uint32_t eax_in)
 *
 * Calls `target` with EAX = eax_in and every other general register set
 * to a distinct pattern (regs_probe_patterns: ebx ecx edx esi edi ebp),
 * and stores what the registers hold afterwards in regs_probe_out:
 * eax ebx ecx edx esi edi ebp, then ESP after minus ESP before.
 */
	.text
	.globl regs_probe_call
	.type regs_probe_call, @function
regs_probe_call:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 20(%esp), %eax
	movl %eax, probe_target
	movl 24(%esp), %eax
	movl %esp, probe_esp_before
	movl regs_probe_patterns + 0, %ebx
	movl regs_probe_patterns + 4, %ecx
	movl regs_probe_patterns + 8, %edx
	movl regs_probe_patterns + 12, %esi
	movl regs_probe_patterns + 16, %edi
	movl regs_probe_patterns + 20, %ebp
	call *probe_target
	movl %eax, regs_probe_out + 0
	movl %ebx, regs_probe_out + 4
	movl %ecx, regs_probe_out + 8
	movl %edx, regs_probe_out + 12
	movl %esi, regs_probe_out + 16
	movl %edi, regs_probe_out + 20
	movl %ebp, regs_probe_out + 24
	movl %esp, %eax
	subl probe_esp_before, %eax
	movl %eax, regs_probe_out + 28
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size regs_probe_call, . - regs_probe_call

	.section .rodata
	.balign 4
	.globl regs_probe_patterns
regs_probe_patterns:
	.long 0xb0b1b2b3, 0xc0c1c2c3, 0xd0d1d2d3, 0x5e5e5e51, 0xd1d1d1d7, 0xbebebe05

	.bss
	.balign 4
	.globl regs_probe_out
regs_probe_out:
	.skip 32
probe_target:
	.skip 4
probe_esp_before:
	.skip 4

	.section .note.GNU-stack, "", @progbits
