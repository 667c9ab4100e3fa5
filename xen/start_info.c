/*
 * start_info as Xen handed it over, checked and summarised on the console,
 * and the shared_info page mapped over a page of our own .bss.
 */
#define LOG_SUBSYS "xen"
#include <string.h>

#include <stddef.h>

#include "include/vmi_rom_image.h"
#include "include/wedge_layout.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/xen_state.h"

start_info_t *xen_start_info;
shared_info_t *xen_shared_info;

/* Global: the ROM's interrupt-flag stubs address vcpu 0's event mask in it. */
uint8_t xen_shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == VCPU_INFO_UPCALL_PENDING,
               "ROM stubs: pending flag");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == VCPU_INFO_UPCALL_MASK,
               "ROM stubs: mask flag");
_Static_assert(offsetof(shared_info_t, vcpu_info) == 0, "ROM stubs: vcpu 0 first");

#define PTE_PRESENT_RW_AD 0x63ULL /* present, writable, accessed, dirty */

static void map_shared_info(start_info_t *si)
{
	uint64_t pte = (uint64_t)si->shared_info | PTE_PRESENT_RW_AD;
	long rc =
	    HYPERVISOR_update_va_mapping((unsigned long)xen_shared_info_page, pte, UVMF_INVLPG);
	if (rc != 0)
		wedge_bug("map_shared_info: update_va_mapping of machine address 0x%lx failed: %ld",
		          si->shared_info, rc);
	xen_shared_info = (shared_info_t *)xen_shared_info_page;
}

void start_info_init(start_info_t *si)
{
	xen_start_info = si;
	if (strncmp(si->magic, "xen-3.0-x86_32p", 15) != 0)
		wedge_bug("start_info: magic '%.32s' is not a 32-bit PAE PV domain", si->magic);
	map_shared_info(si);

	log_info("start_info: magic %.32s, %lu pages (%lu MiB), flags 0x%x%s%s", si->magic,
	         si->nr_pages, si->nr_pages >> (20 - PAGE_SHIFT), si->flags,
	         (si->flags & SIF_PRIVILEGED) ? " privileged" : "",
	         (si->flags & SIF_INITDOMAIN) ? " initdomain" : "");
	log_info("start_info: page tables at 0x%lx (%lu frames), p2m list at 0x%lx", si->pt_base,
	         si->nr_pt_frames, si->mfn_list);
	if (si->mod_len)
		log_info("start_info: module %s %lu, %lu bytes",
		         (si->flags & SIF_MOD_START_PFN) ? "at pfn" : "at va", si->mod_start,
		         si->mod_len);
	else
		log_info("start_info: no module");
	log_info("start_info: command line '%.*s'", MAX_GUEST_CMDLINE, (const char *)si->cmd_line);
}
