/*
 * The one Xen module, handed over unmapped (SIF_MOD_START_PFN): a blob the
 * loader reads page by page through mapping windows.
 */
#ifndef WEDGE_MODULE_H
#define WEDGE_MODULE_H

#include "include/xen_public.h"
#include "wedge/blob.h"

/* 0 and a blob, or -1 when Xen passed no module. */
int module_open(const start_info_t *si, struct blob *out);

#endif
