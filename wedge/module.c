/*
 * Reading the Xen module: its frames are the domain's, numbered from
 * start_info.mod_start, and never mapped unless read.
 */
#include <string.h>

#include "include/wedge_layout.h"
#include "wedge/module.h"
#include "wedge/panic.h"
#include "xen/mm.h"

static dpfn_t module_first;

static int module_read(const struct blob *b, uint32_t off, void *dst, uint32_t len)
{
	(void)b;
	uint8_t *out = dst;
	while (len) {
		uint32_t in_page = PAGE_SIZE - (off & (PAGE_SIZE - 1));
		uint32_t n = len < in_page ? len : in_page;
		const uint8_t *w =
		    window_map(dpfn_to_mfn((dpfn_t){module_first.v + (off >> PAGE_SHIFT)}), 0);
		memcpy(out, w + (off & (PAGE_SIZE - 1)), n);
		window_unmap((void *)w);
		off += n;
		out += n;
		len -= n;
	}
	return 0;
}

int module_open(const start_info_t *si, struct blob *out)
{
	if (!si->mod_len)
		return -1;
	if (!(si->flags & SIF_MOD_START_PFN))
		wedge_bug("module_open: Xen mapped the module instead of passing its frame");
	module_first = (dpfn_t){(uint32_t)si->mod_start};
	*out = (struct blob){.size = (uint32_t)si->mod_len, .read = module_read};
	return 0;
}
