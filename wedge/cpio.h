/*
 * Finding members of a newc ("070701") cpio archive: the one Xen module
 * carries the guest kernel, initrd and command line this way.
 */
#ifndef WEDGE_CPIO_H
#define WEDGE_CPIO_H

#include <stddef.h>
#include <stdint.h>

#include "wedge/blob.h"

/* 1 found (member is a view of it), 0 absent, -1 malformed (err says why). */
int cpio_find(const struct blob *archive, const char *name, struct blob *member, char *err,
              size_t err_len);

#endif
