/*
 * newc cpio parsing.  Every header field is hex text; every size is checked
 * against the archive before it is used, so a truncated or corrupt module
 * gets a message, not a wild read.
 */
#include <stdio.h>
#include <string.h>

#include "wedge/cpio.h"

#define NEWC_HEADER_SIZE 110
#define NEWC_NAME_MAX    256
#define FIELD_FILESIZE   6
#define FIELD_NAMESIZE   11

static int parse_hex8(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3u;
}

int cpio_find(const struct blob *archive, const char *name, struct blob *member, char *err,
              size_t err_len)
{
	uint32_t off = 0;
	for (;;) {
		char hdr[NEWC_HEADER_SIZE];
		if (blob_read(archive, off, hdr, sizeof(hdr)) != 0) {
			snprintf(err, err_len,
			         "module: cpio archive truncated at offset %lu "
			         "(no TRAILER!!! member)",
			         (unsigned long)off);
			return -1;
		}
		if (memcmp(hdr, "070701", 6) != 0) {
			snprintf(err, err_len,
			         "module: not a newc cpio archive (offset %lu starts "
			         "'%.6s', expected '070701')",
			         (unsigned long)off, hdr);
			return -1;
		}
		uint32_t filesize, namesize;
		if (parse_hex8(hdr + 6 + 8 * FIELD_FILESIZE, &filesize) != 0 ||
		    parse_hex8(hdr + 6 + 8 * FIELD_NAMESIZE, &namesize) != 0) {
			snprintf(err, err_len, "module: corrupt cpio header at offset %lu",
			         (unsigned long)off);
			return -1;
		}
		char entry[NEWC_NAME_MAX];
		if (namesize == 0 || namesize > sizeof(entry) ||
		    blob_read(archive, off + NEWC_HEADER_SIZE, entry, namesize) != 0 ||
		    entry[namesize - 1] != '\0') {
			snprintf(err, err_len, "module: bad member name at offset %lu",
			         (unsigned long)off);
			return -1;
		}
		uint32_t data = align4(off + NEWC_HEADER_SIZE + namesize);
		if (data < off || data > archive->size || filesize > archive->size - data) {
			snprintf(err, err_len,
			         "module: member '%s' (%lu bytes) runs past the end "
			         "of the %lu-byte archive",
			         entry, (unsigned long)filesize, (unsigned long)archive->size);
			return -1;
		}
		if (strcmp(entry, "TRAILER!!!") == 0)
			return 0;
		if (strcmp(entry, name) == 0) {
			*member = blob_slice(archive, data, filesize);
			return 1;
		}
		off = align4(data + filesize);
	}
}
