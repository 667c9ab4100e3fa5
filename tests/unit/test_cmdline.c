/*
 * Host unit tests of the wedge command-line parser (wedge/cmdline.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wedge/cmdline.h"

static char err[128];
static struct wedge_options opts;

static void empty_line_gives_defaults(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("", &opts, err, sizeof(err)), 0);
	assert_null(opts.selftest);
	assert_int_equal(opts.mem_kib, 0);
	assert_int_equal(cmdline_parse(NULL, &opts, err, sizeof(err)), 0);
	assert_int_equal(cmdline_parse("   ", &opts, err, sizeof(err)), 0);
}

static void selftest_and_mem_are_parsed(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(" selftest=int3  mem=64M ", &opts, err, sizeof(err)), 0);
	assert_string_equal(opts.selftest, "int3");
	assert_int_equal(opts.mem_kib, 64 * 1024);
	assert_int_equal(cmdline_parse("mem=1G", &opts, err, sizeof(err)), 0);
	assert_int_equal(opts.mem_kib, 1024 * 1024);
	assert_int_equal(cmdline_parse("mem=4096k", &opts, err, sizeof(err)), 0);
	assert_int_equal(opts.mem_kib, 4096);
}

static void unknown_option_is_refused_by_name(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("selftest=int3 frob=1", &opts, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown option 'frob'"));
}

static void option_without_value_is_refused(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse("debug", &opts, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'debug' needs a value"));
}

static void bad_sizes_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {"mem=64",  "mem=M",  "mem=0M",          "mem=64MB",
	                     "mem=-1M", "mem=5G", "mem=99999999999G"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cmdline_parse(bad[i], &opts, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "expected a size with a unit"));
	}
}

static void overlong_word_is_refused(void **state)
{
	(void)state;
	char line[200];
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "selftest=", 9);
	assert_int_equal(cmdline_parse(line, &opts, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "option too long"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(empty_line_gives_defaults),
	    cmocka_unit_test(selftest_and_mem_are_parsed),
	    cmocka_unit_test(unknown_option_is_refused_by_name),
	    cmocka_unit_test(option_without_value_is_refused),
	    cmocka_unit_test(bad_sizes_are_refused),
	    cmocka_unit_test(overlong_word_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
