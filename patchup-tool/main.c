/*
 * patchup-tool: the host side of the VMI ROM.
 *   extract WEDGE.elf -o OUT.rom   ROM image + relocation list from the wedge
 *   verify ROM                     every check Linux makes, and ours
 *   list ROM                       one line per call number
 *   counters FILE [--csv|--json] [--diff OTHER]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchup-tool/counters_decode.h"
#include "patchup-tool/rom_file.h"

#define MAX_INPUT (256u << 20)

static int usage(void)
{
	fprintf(stderr, "usage: patchup-tool extract WEDGE.elf -o OUT.rom\n"
	                "       patchup-tool verify ROM\n"
	                "       patchup-tool list ROM\n"
	                "       patchup-tool counters FILE [--csv | --json] [--diff OTHER]\n");
	return 2;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "patchup-tool: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		if (cap >= MAX_INPUT) {
			fprintf(stderr, "patchup-tool: %s: larger than %u MiB\n", path,
			        MAX_INPUT >> 20);
			free(buf);
			buf = NULL;
			break;
		}
		uint8_t *bigger = realloc(buf, cap * 2);
		if (!bigger)
			free(buf);
		buf = bigger;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		fprintf(stderr, "patchup-tool: %s: read error\n", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int cmd_extract(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[2], "-o") != 0)
		return usage();
	size_t len, out_len;
	uint8_t *elf = read_file(argv[1], &len), *out;
	char err[200];
	if (!elf)
		return 1;
	if (rom_extract(elf, len, &out, &out_len, err, sizeof(err)) != 0) {
		fprintf(stderr, "patchup-tool: extract %s: %s\n", argv[1], err);
		free(elf);
		return 1;
	}
	free(elf);
	FILE *f = fopen(argv[3], "wb");
	if (!f || fwrite(out, 1, out_len, f) != out_len || fclose(f) != 0) {
		fprintf(stderr, "patchup-tool: cannot write %s\n", argv[3]);
		free(out);
		return 1;
	}
	free(out);
	return 0;
}

static int load_rom(const char *path, uint8_t **data, struct rom_file *rf)
{
	size_t len;
	char err[200];
	*data = read_file(path, &len);
	if (!*data)
		return -1;
	if (rom_file_parse(*data, len, rf, err, sizeof(err)) != 0) {
		fprintf(stderr, "patchup-tool: %s: %s\n", path, err);
		free(*data);
		return -1;
	}
	return 0;
}

static void print_report(void *ctx, int fatal, const char *msg)
{
	printf("%s: %s %s\n", (const char *)ctx, fatal ? "FAIL" : "warning:", msg);
}

static int cmd_verify(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	uint8_t *data;
	struct rom_file rf;
	if (load_rom(argv[1], &data, &rf) != 0)
		return 1;
	int failures = rom_verify(&rf, print_report, argv[1]);
	if (!failures)
		printf("%s: ok: %zu-byte ROM, %u stubs, %u relocations into 0x%08x-0x%08x\n",
		       argv[1], rf.rom_size, rf.trailer.nr_slots, rf.trailer.nr_relocs,
		       rf.trailer.wedge_start, rf.trailer.wedge_end);
	rom_file_free(&rf);
	free(data);
	return failures ? 1 : 0;
}

static int by_call(const void *a, const void *b)
{
	const struct vmi_slot_desc *x = a, *y = b;
	return (x->call > y->call) - (x->call < y->call);
}

static int cmd_list(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	uint8_t *data;
	struct rom_file rf;
	if (load_rom(argv[1], &data, &rf) != 0)
		return 1;
	qsort(rf.slots, rf.trailer.nr_slots, sizeof(*rf.slots), by_call);
	printf("%-4s %-24s %-8s %-9s %s\n", "call", "name", "offset", "reloc", "counter");
	for (uint32_t i = 0; i < rf.trailer.nr_slots; i++) {
		const struct vmi_slot_desc *s = &rf.slots[i];
		char name[VMI_SLOT_NAME_LEN + 1];
		memcpy(name, s->name, VMI_SLOT_NAME_LEN);
		name[VMI_SLOT_NAME_LEN] = '\0';
		printf("%-4u %-24s 0x%04x   %-9s vmi_%s\n", s->call, name, s->start,
		       rom_reloc_type_name(s->reloc_type), name);
	}
	rom_file_free(&rf);
	free(data);
	return 0;
}

static int load_counters(const char *path, struct counter_table *t)
{
	size_t len;
	char err[200];
	uint8_t *data = read_file(path, &len);
	if (!data)
		return -1;
	int rc = counters_decode(data, len, t, err, sizeof(err));
	free(data);
	if (rc != 0)
		fprintf(stderr, "patchup-tool: %s: %s\n", path, err);
	return rc;
}

enum format { TEXT, CSV, JSON };

static void print_table(const struct counter_table *t, enum format fmt)
{
	if (fmt == CSV)
		printf("name,count,cycles\n");
	if (fmt == JSON)
		printf("[");
	for (size_t i = 0; i < t->n; i++) {
		const struct counter_row *r = &t->rows[i];
		if (fmt == CSV)
			printf("%s,%" PRIu64 ",%" PRIu64 "\n", r->name, r->count, r->cycles);
		else if (fmt == JSON)
			printf("%s\n  {\"name\": \"%s\", \"count\": %" PRIu64
			       ", \"cycles\": %" PRIu64 "}",
			       i ? "," : "", r->name, r->count, r->cycles);
		else
			printf("%-32s %12" PRIu64 " %14" PRIu64 "\n", r->name, r->count, r->cycles);
	}
	if (fmt == JSON)
		printf("\n]\n");
}

static void print_diff(const struct counter_table *a, const struct counter_table *b,
                       enum format fmt)
{
	if (fmt == CSV)
		printf("name,count,other,delta\n");
	if (fmt == JSON)
		printf("[");
	int first = 1;
	/* Every name in either table, a's order first, then b's extras. */
	for (int pass = 0; pass < 2; pass++) {
		const struct counter_table *t = pass ? b : a;
		for (size_t i = 0; i < t->n; i++) {
			const char *name = t->rows[i].name;
			if (pass && counter_table_find(a, name))
				continue;
			const struct counter_row *ra = counter_table_find(a, name);
			const struct counter_row *rb = counter_table_find(b, name);
			uint64_t ca = ra ? ra->count : 0, cb = rb ? rb->count : 0;
			long long delta = (long long)(cb - ca);
			if (fmt == CSV)
				printf("%s,%" PRIu64 ",%" PRIu64 ",%lld\n", name, ca, cb, delta);
			else if (fmt == JSON)
				printf("%s\n  {\"name\": \"%s\", \"count\": %" PRIu64
				       ", \"other\": %" PRIu64 ", \"delta\": %lld}",
				       first ? "" : ",", name, ca, cb, delta);
			else
				printf("%-32s %12" PRIu64 " %12" PRIu64 " %+12lld\n", name, ca, cb,
				       delta);
			first = 0;
		}
	}
	if (fmt == JSON)
		printf("\n]\n");
}

static int cmd_counters(int argc, char **argv)
{
	enum format fmt = TEXT;
	const char *file = NULL, *other = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--csv") == 0)
			fmt = CSV;
		else if (strcmp(argv[i], "--json") == 0)
			fmt = JSON;
		else if (strcmp(argv[i], "--diff") == 0 && i + 1 < argc)
			other = argv[++i];
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return usage();
	}
	if (!file)
		return usage();
	struct counter_table a, b = {0};
	if (load_counters(file, &a) != 0)
		return 1;
	counter_table_sort(&a);
	if (other) {
		if (load_counters(other, &b) != 0) {
			counter_table_free(&a);
			return 1;
		}
		counter_table_sort(&b);
		print_diff(&a, &b, fmt);
	} else {
		print_table(&a, fmt);
	}
	counter_table_free(&a);
	counter_table_free(&b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "extract") == 0)
		return cmd_extract(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(cmd, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(cmd, "counters") == 0)
		return cmd_counters(argc - 1, argv + 1);
	return usage();
}
