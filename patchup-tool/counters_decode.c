/*
 * Decoding counter tables from console text or raw memory.  Text: lines
 * "counter NAME COUNT CYCLES" between "counters: begin N" and
 * "counters: end", possibly with a console prefix before them.  Raw: the
 * magic, a header whose sizes must match this tool's, then the entries.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchup-tool/counters_decode.h"
#include "include/byteorder.h"

#define MAX_ROWS 65536

void counter_table_free(struct counter_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

static int add_row(struct counter_table *t, size_t *cap, const char *name, size_t name_len,
                   uint64_t count, uint64_t cycles)
{
	if (t->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		if (ncap > MAX_ROWS)
			return -1;
		struct counter_row *r = realloc(t->rows, ncap * sizeof(*r));
		if (!r)
			return -1;
		t->rows = r;
		*cap = ncap;
	}
	struct counter_row *row = &t->rows[t->n++];
	memset(row, 0, sizeof(*row));
	memcpy(row->name, name,
	       name_len < BURN_COUNTER_NAME_LEN ? name_len : BURN_COUNTER_NAME_LEN);
	/* Names go into CSV and JSON unquoted-safe: anything odd becomes '?'. */
	for (char *c = row->name; *c; c++)
		if (*c <= ' ' || *c > '~' || *c == '"' || *c == '\\' || *c == ',')
			*c = '?';
	row->count = count;
	row->cycles = cycles;
	return 0;
}

static const uint8_t *find_magic(const uint8_t *from, const uint8_t *end)
{
	for (const uint8_t *p = from; p + BURN_COUNTERS_MAGIC_LEN <= end; p++)
		if (memcmp(p, BURN_COUNTERS_MAGIC, BURN_COUNTERS_MAGIC_LEN) == 0)
			return p;
	return NULL;
}

static int decode_raw(const uint8_t *hdr, size_t avail, struct counter_table *out, char *err,
                      size_t err_len)
{
	size_t cap = 0;
	if (avail < sizeof(struct burn_counters_header)) {
		snprintf(err, err_len, "counter table header is truncated");
		return -1;
	}
	uint32_t version = le32(hdr + 8), entry_size = le32(hdr + 12), count = le32(hdr + 16);
	if (version != BURN_COUNTERS_VERSION || entry_size != sizeof(struct burn_counter)) {
		snprintf(err, err_len,
		         "counter table version %u / entry size %u; this tool reads %u / %zu",
		         version, entry_size, BURN_COUNTERS_VERSION, sizeof(struct burn_counter));
		return -1;
	}
	size_t body = avail - sizeof(struct burn_counters_header);
	if (count > MAX_ROWS || (size_t)count > body / entry_size) {
		snprintf(err, err_len, "counter table claims %u entries; the dump holds %zu", count,
		         body / entry_size);
		return -1;
	}
	const uint8_t *e = hdr + sizeof(struct burn_counters_header);
	for (uint32_t i = 0; i < count; i++, e += entry_size) {
		const char *name = (const char *)e + 16;
		size_t nlen = strnlen(name, BURN_COUNTER_NAME_LEN);
		if (add_row(out, &cap, name, nlen, le64(e), le64(e + 8)) != 0) {
			snprintf(err, err_len, "out of memory");
			return -1;
		}
	}
	return 0;
}

static int parse_counter_line(const char *line, size_t len, struct counter_table *t, size_t *cap)
{
	char buf[256];
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	char name[BURN_COUNTER_NAME_LEN + 1];
	uint64_t count, cycles;
	char tail;
	if (sscanf(buf, "counter %32s %" SCNu64 " %" SCNu64 " %c", name, &count, &cycles, &tail) !=
	    3)
		return -1;
	return add_row(t, cap, name, strlen(name), count, cycles);
}

static int decode_text(const uint8_t *data, size_t len, struct counter_table *out, char *err,
                       size_t err_len)
{
	struct counter_table cur = {0};
	size_t cur_cap = 0;
	int in_table = 0, found = 0;
	const char *p = (const char *)data, *end = p + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (n && (p[n - 1] == '\r'))
			n--;
		/* Tolerate a console prefix: look for the keyword anywhere. */
		const char *begin = memmem(p, n, "counters: begin", 15);
		const char *stop = memmem(p, n, "counters: end", 13);
		const char *row = memmem(p, n, "counter ", 8);
		if (begin) {
			counter_table_free(&cur);
			cur_cap = 0;
			in_table = 1;
		} else if (stop && in_table) {
			counter_table_free(out);
			*out = cur;
			cur = (struct counter_table){0};
			cur_cap = 0;
			in_table = 0;
			found = 1;
		} else if (row && in_table) {
			if (parse_counter_line(row, n - (size_t)(row - p), &cur, &cur_cap) != 0) {
				snprintf(err, err_len, "malformed counter line: '%.*s'",
				         (int)(n < 80 ? n : 80), p);
				counter_table_free(&cur);
				counter_table_free(out);
				return -1;
			}
		}
		p = nl ? nl + 1 : end;
	}
	counter_table_free(&cur);
	if (!found) {
		snprintf(err, err_len,
		         in_table ? "counter table starts but never ends (truncated log?)"
		                  : "no counter table found (no magic header, no "
		                    "'counters: begin' line)");
		return -1;
	}
	return 0;
}

int counters_decode(const uint8_t *data, size_t len, struct counter_table *out, char *err,
                    size_t err_len)
{
	memset(out, 0, sizeof(*out));
	const uint8_t *end = data + len;
	const uint8_t *magic = find_magic(data, end);
	if (!magic)
		return decode_text(data, len, out, err, err_len);
	/* The magic string itself may sit elsewhere in a dump (the code that
	 * writes it): take the first occurrence whose header is sound. */
	for (; magic; magic = find_magic(magic + 1, end)) {
		if (decode_raw(magic, (size_t)(end - magic), out, err, err_len) == 0)
			return 0;
		counter_table_free(out);
	}
	return -1;
}

static int by_count_then_name(const void *a, const void *b)
{
	const struct counter_row *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->name, y->name);
}

void counter_table_sort(struct counter_table *t)
{
	if (t->n)
		qsort(t->rows, t->n, sizeof(*t->rows), by_count_then_name);
}

const struct counter_row *counter_table_find(const struct counter_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].name, name) == 0)
			return &t->rows[i];
	return NULL;
}
