/*
 * From the Xen module to the guest's first instruction.  The guest starts
 * as a boot loader would leave it: protected mode, paging off (the wedge's
 * identity shadow), %esi = the zero page, flat boot selectors, virtual
 * interrupts off, and really at ring 3 so that its native boot traps.
 */
#define LOG_SUBSYS "guest"
#include <string.h>

#include "cpu/gdt.h"
#include "cpu/vcpu.h"
#include "include/x86_traps.h"
#include "wedge/acpi.h"
#include "wedge/cmdline.h"
#include "wedge/cpio.h"
#include "wedge/guest_boot.h"
#include "wedge/guest_mem.h"
#include "wedge/loader.h"
#include "wedge/log.h"
#include "wedge/module.h"
#include "wedge/panic.h"
#include "wedge/rom_install.h"
#include "wedge/uart.h"
#include "wedge/vpic.h"
#include "xen/shadow.h"
#include "xen/trap_frame.h"

_Noreturn void trap_frame_enter(struct trap_frame *f);
void vmi_time_init(void);

#define GUEST_RING     3
#define INITIAL_EFLAGS 0x00000202u /* IF is really on; the virtual IF is off */

static char guest_cmdline[GUEST_CMDLINE_MAX];

static const char *read_cmdline(const struct blob *archive)
{
	struct blob member;
	char err[160];
	int found = cpio_find(archive, "cmdline", &member, err, sizeof(err));
	if (found < 0)
		bad_input("%s", err);
	if (!found)
		return NULL;
	if (member.size >= sizeof(guest_cmdline))
		bad_input("module: the guest command line has %lu bytes; at most %u fit",
		          (unsigned long)member.size, GUEST_CMDLINE_MAX - 1);
	blob_read(&member, 0, guest_cmdline, member.size);
	guest_cmdline[member.size] = '\0';
	/* A trailing newline from `echo > cmdline` is not part of the line. */
	while (member.size && (guest_cmdline[member.size - 1] == '\n'))
		guest_cmdline[--member.size] = '\0';
	return guest_cmdline;
}

void guest_boot(start_info_t *si)
{
	struct blob archive, kernel, initrd;
	char err[200];
	if (module_open(si, &archive) != 0)
		return;

	int found = cpio_find(&archive, "kernel", &kernel, err, sizeof(err));
	if (found <= 0)
		bad_input("%s", found < 0 ? err
		                          : "module: no member named 'kernel' (see README: kernel, "
		                            "initrd, cmdline)");
	found = cpio_find(&archive, "initrd", &initrd, err, sizeof(err));
	if (found < 0)
		bad_input("%s", err);
	struct load_request req = {
	    .kernel = &kernel, .initrd = found ? &initrd : NULL, .cmdline = read_cmdline(&archive)};

	guest_mem_init(wedge_options.mem_kib);
	struct loaded_kernel k;
	if (load_guest(&guest_phys, &req, &k, err, sizeof(err)) != 0)
		bad_input("%s", err);
	log_info("%s kernel loaded at 0x%08lx-0x%08lx, entry 0x%08lx%s%s",
	         k.kind == KERNEL_ELF ? "ELF" : "bzImage", (unsigned long)k.load_start,
	         (unsigned long)k.load_end, (unsigned long)k.entry, req.initrd ? ", initrd" : "",
	         req.cmdline ? ", command line" : "");
	if (k.initrd_size)
		log_info("initrd at 0x%08lx, %lu bytes", (unsigned long)k.initrd_gpa,
		         (unsigned long)k.initrd_size);
	if (req.cmdline)
		log_info("command line: %s", req.cmdline);

	rom_install_guest();
	acpi_install();
	vpic_reset();
	uart_init();
	vmi_time_init();
	vcpu_init();
	gdt_init_boot();
	shadow_init();
	shadow_switch(GUEST_PT_IDENTITY, 0, 1);

	static struct trap_frame entry;
	memset(&entry, 0, sizeof(entry));
	uint32_t data_sel = BOOT_DS | GUEST_RING;
	entry.gs = entry.fs = entry.es = entry.ds = entry.ss = data_sel;
	entry.cs = (BOOT_CS | GUEST_RING) | 1u << 16; /* saved upcall mask 1: virtual IF off */
	entry.eip = k.entry;
	entry.eflags = INITIAL_EFLAGS;
	entry.esp = GUEST_BOOT_PARAMS_GPA; /* a boot loader's stack, below the zero page */
	entry.esi = GUEST_BOOT_PARAMS_GPA;
	log_info("entering the guest at 0x%08lx, deprivileged", (unsigned long)k.entry);
	trap_guest_running = 1;
	vcpu0()->evtchn_upcall_mask = 1;
	trap_frame_enter(&entry);
}
