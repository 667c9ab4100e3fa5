/*
 * libFuzzer target for patchup-tool's parsers of untrusted files: each input
 * goes through rom_file_parse (and rom_verify when it parses), counters_decode
 * and rom_extract.  Outputs are freed as each API documents, so leaks show up.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *     patchup-tool/fuzz_parsers.c patchup-tool/rom_file.c patchup-tool/elf32.c \
 *     patchup-tool/counters_decode.c rom/rom_image.c -o /tmp/fuzz_parsers
 *   /tmp/fuzz_parsers -max_total_time=60 CORPUS_DIR
 *
 * Seeds: build/vmi.rom, build/vmiwedge.elf, a log from build/test-logs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "patchup-tool/counters_decode.h"
#include "patchup-tool/rom_file.h"

static void ignore_report(void *ctx, int fatal, const char *msg)
{
	(void)ctx;
	(void)fatal;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];

	struct rom_file rf;
	if (rom_file_parse(data, size, &rf, err, sizeof(err)) == 0) {
		rom_verify(&rf, ignore_report, NULL);
		rom_file_free(&rf);
	}

	struct counter_table t;
	if (counters_decode(data, size, &t, err, sizeof(err)) == 0) {
		counter_table_sort(&t);
		counter_table_find(&t, "vmi_IRET");
		counter_table_free(&t);
	}

	uint8_t *out = NULL;
	size_t out_len = 0;
	if (rom_extract(data, size, &out, &out_len, err, sizeof(err)) == 0) {
		/* And what extract made goes back through the parser. */
		if (rom_file_parse(out, out_len, &rf, err, sizeof(err)) == 0) {
			rom_verify(&rf, ignore_report, NULL);
			rom_file_free(&rf);
		}
		free(out);
	}
	return 0;
}
