/*
 * What newlib needs from its host when it has no system calls: a heap for
 * the nano formatter (a fixed arena in .bss) and errno storage.  The arena
 * is small; running out is a wedge bug, reported as such.
 */
#include <stddef.h>
#include <stdint.h>

#include "wedge/panic.h"

#define LIBC_ARENA_SIZE (64 * 1024)

static uint8_t libc_arena[LIBC_ARENA_SIZE] __attribute__((aligned(16)));
static size_t libc_arena_used;

void *sbrk(ptrdiff_t increment);
void *_sbrk(ptrdiff_t increment);

void *sbrk(ptrdiff_t increment)
{
	if (increment < 0 || (size_t)increment > LIBC_ARENA_SIZE - libc_arena_used)
		wedge_bug("sbrk: libc arena exhausted (asked %ld, used %u of %u)", (long)increment,
		          (unsigned)libc_arena_used, (unsigned)LIBC_ARENA_SIZE);
	void *start = libc_arena + libc_arena_used;
	libc_arena_used += (size_t)increment;
	return start;
}

void *_sbrk(ptrdiff_t increment)
{
	return sbrk(increment);
}
