/*
 * A read-only byte source the loader reads from: the Xen module in the
 * wedge, a memory buffer in the host tests.  read() returns 0 or -1 when
 * [off, off + len) is not inside the blob.
 */
#ifndef WEDGE_BLOB_H
#define WEDGE_BLOB_H

#include <stdint.h>

struct blob {
	uint32_t size;
	int (*read)(const struct blob *b, uint32_t off, void *dst, uint32_t len);
	const void *ctx;
	uint32_t base; /* offset of this view inside ctx's data */
};

static inline int blob_read(const struct blob *b, uint32_t off, void *dst, uint32_t len)
{
	if (off > b->size || len > b->size - off)
		return -1;
	return b->read(b, b->base + off, dst, len);
}

/* A view of [off, off + len) of b. */
static inline struct blob blob_slice(const struct blob *b, uint32_t off, uint32_t len)
{
	struct blob s = *b;
	s.base = b->base + off;
	s.size = len;
	return s;
}

#endif
