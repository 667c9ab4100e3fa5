/*
 * The guest's 32-bit entry, modelled on Linux's head_32.S: entered at the
 * physical address of startup_32 with paging off, %esi = physical address
 * of boot_params, no stack.  It loads its own GDT, IDT and stack, probes
 * the CPU, masks the PIC, builds page tables, turns paging on and continues
 * at the virtual address, then hands over to guest_main().
 *
 * Until the ljmp after CR0.PG, every symbol is used through pa(): the
 * image runs at its load address, not its link address.
 */
#include "tests/guest/layout.h"
#include "tests/guest/x86.h"

#define pa(x) ((x) - GUEST_PAGE_OFFSET)

	.section .head.text, "ax"
	.code32
	.globl startup_32
	.type startup_32, @function
startup_32:
	cld
	/* Linux's layout, physical base: paging is still off. */
	lgdt pa(boot_gdt_descr)
	ljmp $KERNEL_CS, $pa(1f)
1:	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	lss pa(boot_stack_pointer), %esp

	/* Clear .bss as Linux does: a boot loader need not have. */
	movl $pa(__bss_start), %edi
	movl $pa(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %esi, pa(boot_params_phys)

	/* Exception gates at physical addresses until paging is on. */
	movl $pa(idt_table), %edi
	movl $pa(exception_stubs), %eax
	call fill_idt_gates
	lidt pa(boot_idt_descr)

	/* CPU identification, as Linux's head_32.S and early_cpu_init do. */
	xorl %eax, %eax
	cpuid
	movl %eax, pa(boot_cpuid_max_leaf)
	movl %ebx, pa(boot_cpuid_vendor)
	movl %edx, pa(boot_cpuid_vendor) + 4
	movl %ecx, pa(boot_cpuid_vendor) + 8
	movl $1, %eax
	cpuid
	movl %eax, pa(boot_cpuid_1_eax)
	movl %edx, pa(boot_cpuid_1_edx)

	/* NX in EFER only where the CPU has it: head_32.S's sequence. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000000, %eax
	jbe 2f
	movl $0x80000001, %eax
	cpuid
	btl $CPUID_80000001_EDX_NX_BIT, %edx
	jnc 2f
	movl $1, pa(boot_cpu_has_nx)
	movl $MSR_EFER, %ecx
	rdmsr
	btsl $EFER_NX_BIT, %eax
	wrmsr
	movl %eax, pa(boot_efer_written)
2:
	/* Mask every 8259 line (what Linux's setup code does before entry),
	 * then the classic port-0x80 delay. */
	movb $0xff, %al
	outb %al, $PIC_MASTER_IMR
	outb %al, $PIC_SLAVE_IMR
	outb %al, $IO_DELAY_PORT

	clts
	movl %cr0, %eax
	movl %eax, pa(boot_cr0)
	movl %cr4, %eax
	movl %eax, pa(boot_cr4)

	/* Page tables (early_paging.c runs here, at physical addresses). */
	call early_page_tables_build
	movl %eax, pa(boot_page_table_root)
#if GUEST_PAE
	movl %cr4, %ecx
	orl $X86_CR4_PAE, %ecx
	movl %ecx, %cr4
#endif
	movl %eax, %cr3
	movl %cr0, %eax
	orl $X86_CR0_PG, %eax
	movl %eax, %cr0
	/* To the virtual address, the way head_32.S leaves the identity map. */
	ljmp $KERNEL_CS, $paging_on

paging_on:
	lss stack_start, %esp
	/* Same GDT and gates, now reached through their virtual addresses. */
	movl $idt_table, %edi
	movl $exception_stubs, %eax
	call fill_idt_gates
	lgdt gdt_descr
	lidt idt_descr
	xorl %eax, %eax
	lldt %ax
	xorl %ebp, %ebp		/* ends every backtrace */
	call guest_main

	/* guest_main never returns; say so loudly if it does. */
	movb $ASM_EXIT_FAIL, %al
	outb %al, $ASM_DEBUG_EXIT_PORT
3:	hlt
	jmp 3b
	.size startup_32, . - startup_32

/* ---- descriptors --------------------------------------------------------- */
	.section .data
	.balign 8
/* Flat 4 GiB segments.  The boot entries 2 and 3 stay so that the CS and
 * DS the loader gave us remain valid between lgdt and the ljmp. */
/* base 0, limit 0xfffff pages (G=1), 32-bit (D=1); access byte as given. */
#define FLAT_SEGMENT(access) .long 0x0000ffff, 0x00cf0000 | ((access) << 8)
	.globl gdt_table
gdt_table:
	.fill GDT_ENTRY_BOOT_CS, 8, 0
	FLAT_SEGMENT(0x9a)	/* 0x10 boot code: present, DPL 0, exec/read */
	FLAT_SEGMENT(0x92)	/* 0x18 boot data: present, DPL 0, read/write */
	.fill GDT_ENTRY_KERNEL_CS - GDT_ENTRY_BOOT_CS - 2, 8, 0
	FLAT_SEGMENT(0x9a)	/* 0x60 __KERNEL_CS */
	FLAT_SEGMENT(0x92)	/* 0x68 __KERNEL_DS */
	FLAT_SEGMENT(0xfa)	/* 0x73 __USER_CS: DPL 3 */
	FLAT_SEGMENT(0xf2)	/* 0x7b __USER_DS: DPL 3 */
	.fill GDT_ENTRIES - GDT_ENTRY_USER_DS - 1, 8, 0
gdt_table_end:

	.balign 4
	.word 0			/* so the 6-byte descriptors' bases are aligned */
boot_gdt_descr:
	.word gdt_table_end - gdt_table - 1
	.long pa(gdt_table)
	.word 0
gdt_descr:
	.word gdt_table_end - gdt_table - 1
	.long gdt_table
	.word 0
boot_idt_descr:
	.word IDT_ENTRIES * 8 - 1
	.long pa(idt_table)
	.word 0
idt_descr:
	.word IDT_ENTRIES * 8 - 1
	.long idt_table

	.balign 4
/* lss operands: offset, then selector. */
boot_stack_pointer:
	.long pa(boot_stack_top)
	.word KERNEL_DS
	.balign 4
stack_start:
	.long boot_stack_top
	.word KERNEL_DS

	.section .bss
	.balign 8
	.globl idt_table
idt_table:
	.skip IDT_ENTRIES * 8
	.balign 16
boot_stack:
	.skip GUEST_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
