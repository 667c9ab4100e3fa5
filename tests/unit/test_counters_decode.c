/*
 * Host unit tests of the counter-table decoder (patchup-tool/counters_decode.c):
 * the console-text form ("counters: begin" ... "counters: end", with console
 * prefixes, last complete table wins), the raw memory-dump form found by its
 * "vmiwCNT1" header, sorting, and lookup by name.
 *
 * The raw layout is written here by hand, as literals: header {magic[8],
 * u32 version 1, u32 entry_size 48, u32 count, u32 reserved}, then entries
 * {u64 count, u64 cycles, char name[32]}.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "patchup-tool/counters_decode.h"

static char err[256];
static struct counter_table table;

static int decode(const void *data, size_t len)
{
	err[0] = '\0';
	return counters_decode(data, len, &table, err, sizeof(err));
}

static int decode_str(const char *text)
{
	return decode(text, strlen(text));
}

/* Decoding fails with a message naming `word`; nothing is left allocated. */
static void expect_error(const void *data, size_t len, const char *word)
{
	assert_int_equal(decode(data, len), -1);
	assert_true(err[0] != '\0');
	if (!strstr(err, word))
		fail_msg("error '%s' does not mention '%s'", err, word);
	assert_null(table.rows);
	assert_int_equal(table.n, 0);
}

static void expect_row(const char *name, uint64_t count, uint64_t cycles)
{
	const struct counter_row *r = counter_table_find(&table, name);
	if (!r)
		fail_msg("no row named '%s'", name);
	assert_int_equal(r->count, count);
	assert_int_equal(r->cycles, cycles);
}

static int free_table(void **state)
{
	(void)state;
	counter_table_free(&table);
	return 0;
}

/* ---- console text --------------------------------------------------------- */

static void text_log_with_prefixes_and_two_tables_keeps_the_last(void **state)
{
	(void)state;
	const char *log = "(XEN) Xen version 4.17 booting\n"
	                  "(XEN) counters: begin 2\n"
	                  "(XEN) counter old_one 1 2\n"
	                  "(XEN) counter old_two 3 4\n"
	                  "(XEN) counters: end\n"
	                  "some unrelated console noise, counter-free\n"
	                  "(d0) [    1.234] counters: begin 3\r\n"
	                  "(d0) [    1.234] counter vmi_IRET 100 5000\r\n"
	                  "(d0) [    1.234] counter vmi_SetPxE 18446744073709551615 0\r\n"
	                  "(d0) [    1.234] counter vmi_CPUID 0 0\r\n"
	                  "(d0) [    1.235] counters: end\r\n"
	                  "(XEN) shutdown\n";
	assert_int_equal(decode_str(log), 0);
	assert_int_equal(table.n, 3);
	expect_row("vmi_IRET", 100, 5000);
	expect_row("vmi_SetPxE", UINT64_MAX, 0);
	expect_row("vmi_CPUID", 0, 0);
	assert_null(counter_table_find(&table, "old_one"));
	assert_null(counter_table_find(&table, "old_two"));
}

static void table_without_trailing_newline_is_decoded(void **state)
{
	(void)state;
	assert_int_equal(decode_str("counters: begin 1\ncounter a 5 6\ncounters: end"), 0);
	assert_int_equal(table.n, 1);
	expect_row("a", 5, 6);
}

static void empty_table_is_decoded_as_no_rows(void **state)
{
	(void)state;
	assert_int_equal(decode_str("counters: begin 0\ncounters: end\n"), 0);
	assert_int_equal(table.n, 0);
}

static void unfinished_table_after_a_complete_one_is_ignored(void **state)
{
	(void)state;
	const char *log = "counters: begin 1\n"
	                  "counter done 7 8\n"
	                  "counters: end\n"
	                  "counters: begin 1\n"
	                  "counter cut_off 9 9\n";
	assert_int_equal(decode_str(log), 0);
	assert_int_equal(table.n, 1);
	expect_row("done", 7, 8);
	assert_null(counter_table_find(&table, "cut_off"));
}

static void table_that_never_ends_is_an_error(void **state)
{
	(void)state;
	const char *log = "(XEN) counters: begin 2\n"
	                  "(XEN) counter a 1 2\n"
	                  "(XEN) counter b 3 4\n";
	expect_error(log, strlen(log), "never ends");
}

static void malformed_counter_line_is_an_error(void **state)
{
	(void)state;
	const char *bad[] = {
	    "counters: begin 1\ncounter a 1\ncounters: end\n",
	    "counters: begin 1\ncounter a one 2\ncounters: end\n",
	    "counters: begin 1\ncounter a 1 2 3\ncounters: end\n",
	    "counters: begin 1\ncounter a 1 2x\ncounters: end\n",
	    "counters: begin 1\ncounter \ncounters: end\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_error(bad[i], strlen(bad[i]), "malformed counter line");
		/* The message quotes the line. */
		assert_non_null(strstr(err, "'counter "));
	}
}

static void malformed_line_after_a_complete_table_is_an_error(void **state)
{
	(void)state;
	const char *log = "counters: begin 1\n"
	                  "counter good 1 2\n"
	                  "counters: end\n"
	                  "counters: begin 1\n"
	                  "counter bad x y\n"
	                  "counters: end\n";
	expect_error(log, strlen(log), "malformed counter line");
}

static void overlong_counter_line_is_an_error(void **state)
{
	(void)state;
	char log[512];
	int n = snprintf(log, sizeof(log), "counters: begin 1\ncounter a 1 2");
	memset(log + n, ' ', 300);
	strcpy(log + n + 300, "\ncounters: end\n");
	expect_error(log, strlen(log), "malformed counter line");
}

static void log_without_a_table_is_an_error(void **state)
{
	(void)state;
	const char *log = "(XEN) Xen version 4.17\n(XEN) counter a 1 2\n(XEN) counters: end\n";
	expect_error(log, strlen(log), "no counter table found");
	expect_error("", 0, "no counter table found");
}

static void odd_characters_in_names_become_question_marks(void **state)
{
	(void)state;
	const char *log = "counters: begin 3\n"
	                  "counter a\"b 1 0\n"
	                  "counter c,d\\e 2 0\n"
	                  "counter caf\xc3\xa9 3 0\n"
	                  "counters: end\n";
	assert_int_equal(decode_str(log), 0);
	assert_int_equal(table.n, 3);
	expect_row("a?b", 1, 0);
	expect_row("c?d?e", 2, 0);
	expect_row("caf??", 3, 0);
}

static void names_are_cut_at_32_characters(void **state)
{
	(void)state;
	/* Exactly 32 characters fit; the row's name is always terminated. */
	const char *log = "counters: begin 1\n"
	                  "counter abcdefghijklmnopqrstuvwxyz012345 4 5\n"
	                  "counters: end\n";
	assert_int_equal(decode_str(log), 0);
	expect_row("abcdefghijklmnopqrstuvwxyz012345", 4, 5);
	counter_table_free(&table);
	/* 33 characters do not parse as a counter line. */
	const char *longer = "counters: begin 1\n"
	                     "counter abcdefghijklmnopqrstuvwxyz0123456 4 5\n"
	                     "counters: end\n";
	expect_error(longer, strlen(longer), "malformed counter line");
}

/* ---- raw dump ----------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A 24-byte header at p; returns the bytes written. */
static size_t put_header(uint8_t *p, uint32_t version, uint32_t entry_size, uint32_t count)
{
	memcpy(p, "vmiwCNT1", 8);
	put32(p + 8, version);
	put32(p + 12, entry_size);
	put32(p + 16, count);
	put32(p + 20, 0);
	return 24;
}

/* A 48-byte entry at p; the name is copied as given (up to 32 bytes). */
static size_t put_entry(uint8_t *p, uint64_t count, uint64_t cycles, const char *name,
                        size_t name_len)
{
	put64(p, count);
	put64(p + 8, cycles);
	memset(p + 16, 0, 32);
	memcpy(p + 16, name, name_len);
	return 48;
}

static uint8_t dump[4096];

/* Junk, a decoy magic with a bad header, then the real table of 3. */
static size_t make_dump(void)
{
	size_t n = 0;
	memset(dump, 0, sizeof(dump));
	for (; n < 100; n++)
		dump[n] = (uint8_t)(n * 37 + 11);
	memcpy(dump + n, "vmiwCNT1", 8); /* e.g. the code that writes the magic */
	n += 8;
	put32(dump + n, 0xDEADBEEF); /* not version 1 */
	n += 4;
	memset(dump + n, 0xCC, 20);
	n += 20;
	n += put_header(dump + n, 1, 48, 3);
	n += put_entry(dump + n, 42, 1000, "vmi_IRET", 8);
	n += put_entry(dump + n, 0x100000000ull, 0xFFFFFFFFFFFFFFFFull, "vmi_SetPxE", 10);
	n += put_entry(dump + n, 0, 0, "vmi_CPUID", 9);
	memset(dump + n, 0xEE, 64); /* more memory after the table */
	return n + 64;
}

static void raw_dump_after_junk_and_a_decoy_magic_is_decoded(void **state)
{
	(void)state;
	size_t len = make_dump();
	assert_int_equal(decode(dump, len), 0);
	assert_int_equal(table.n, 3);
	/* Entries in dump order. */
	assert_string_equal(table.rows[0].name, "vmi_IRET");
	assert_string_equal(table.rows[1].name, "vmi_SetPxE");
	assert_string_equal(table.rows[2].name, "vmi_CPUID");
	expect_row("vmi_IRET", 42, 1000);
	expect_row("vmi_SetPxE", 0x100000000ull, 0xFFFFFFFFFFFFFFFFull);
	expect_row("vmi_CPUID", 0, 0);
}

static void raw_dump_ending_exactly_after_the_last_entry_is_decoded(void **state)
{
	(void)state;
	memset(dump, 0, sizeof(dump));
	size_t n = put_header(dump, 1, 48, 2);
	n += put_entry(dump + n, 1, 2, "a", 1);
	n += put_entry(dump + n, 3, 4, "b", 1);
	assert_int_equal(decode(dump, n), 0);
	assert_int_equal(table.n, 2);
	expect_row("b", 3, 4);
}

static void raw_names_filling_all_32_bytes_or_with_odd_bytes_are_safe(void **state)
{
	(void)state;
	memset(dump, 0, sizeof(dump));
	size_t n = put_header(dump, 1, 48, 2);
	n += put_entry(dump + n, 1, 0, "0123456789abcdef0123456789ABCDEF", 32); /* no NUL */
	n += put_entry(dump + n, 2, 0, "a b\x01\"c\x7f,\xff", 9);
	assert_int_equal(decode(dump, n), 0);
	assert_int_equal(strlen(table.rows[0].name), 32);
	expect_row("0123456789abcdef0123456789ABCDEF", 1, 0);
	expect_row("a?b??c???", 2, 0);
}

static void raw_entry_count_larger_than_the_dump_is_an_error(void **state)
{
	(void)state;
	memset(dump, 0, sizeof(dump));
	size_t n = put_header(dump, 1, 48, 3);
	n += put_entry(dump + n, 1, 2, "a", 1);
	n += put_entry(dump + n, 3, 4, "b", 1);
	expect_error(dump, n, "claims 3 entries");
	expect_error(dump, n + 47, "claims 3 entries"); /* one byte short */
	put32(dump + 16, 0xFFFFFFFF);
	expect_error(dump, sizeof(dump), "claims 4294967295 entries");
}

static void raw_wrong_entry_size_is_an_error(void **state)
{
	(void)state;
	const uint32_t sizes[] = {0, 40, 47, 49, 64};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(dump, 0, sizeof(dump));
		put_header(dump, 1, sizes[i], 1);
		expect_error(dump, sizeof(dump), "entry size");
	}
}

static void raw_wrong_version_is_an_error(void **state)
{
	(void)state;
	memset(dump, 0, sizeof(dump));
	put_header(dump, 2, 48, 1);
	expect_error(dump, sizeof(dump), "version 2");
}

static void raw_header_cut_short_is_an_error(void **state)
{
	(void)state;
	memset(dump, 0, sizeof(dump));
	put_header(dump, 1, 48, 0);
	expect_error(dump, 23, "truncated");
	expect_error(dump, 8, "truncated");
	/* Header whole, no entries: an empty table. */
	assert_int_equal(decode(dump, 24), 0);
	assert_int_equal(table.n, 0);
}

static void raw_magic_takes_precedence_over_text(void **state)
{
	(void)state;
	/* A text table next to a broken raw header: the raw error is reported,
	 * the text is not looked at. */
	static const char text[] = "counters: begin 1\ncounter a 1 2\ncounters: end\n";
	memset(dump, 0, sizeof(dump));
	memcpy(dump, text, sizeof(text) - 1);
	put_header(dump + 64, 1, 40, 1);
	expect_error(dump, 64 + 24 + 48, "entry size");
}

/* ---- sorting and lookup ------------------------------------------------- */

static void sort_is_by_count_descending_then_by_name(void **state)
{
	(void)state;
	const char *log = "counters: begin 6\n"
	                  "counter b 5 0\n"
	                  "counter z 9 0\n"
	                  "counter a 5 0\n"
	                  "counter c 0 0\n"
	                  "counter big 4294967296 0\n"
	                  "counter B 5 0\n"
	                  "counters: end\n";
	assert_int_equal(decode_str(log), 0);
	counter_table_sort(&table);
	const char *order[] = {"big", "z", "B", "a", "b", "c"};
	assert_int_equal(table.n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(table.rows[i].name, order[i]);
}

static void sorting_an_empty_table_is_harmless(void **state)
{
	(void)state;
	struct counter_table empty = {0};
	counter_table_sort(&empty);
	assert_int_equal(empty.n, 0);
	assert_null(counter_table_find(&empty, "anything"));
}

static void find_returns_the_named_row_or_null(void **state)
{
	(void)state;
	assert_int_equal(decode_str("counters: begin 2\ncounter vmi_IRET 3 4\n"
	                            "counter vmi_IRETX 5 6\ncounters: end\n"),
	                 0);
	const struct counter_row *r = counter_table_find(&table, "vmi_IRET");
	assert_non_null(r);
	assert_ptr_equal(r, &table.rows[0]);
	assert_ptr_equal(counter_table_find(&table, "vmi_IRETX"), &table.rows[1]);
	assert_null(counter_table_find(&table, "vmi_IRE"));
	assert_null(counter_table_find(&table, "vmi_iret"));
	assert_null(counter_table_find(&table, ""));
}

static void free_leaves_an_empty_table(void **state)
{
	(void)state;
	assert_int_equal(decode_str("counters: begin 1\ncounter a 1 1\ncounters: end\n"), 0);
	counter_table_free(&table);
	assert_null(table.rows);
	assert_int_equal(table.n, 0);
	counter_table_free(&table); /* twice is fine */
}

#define T(f) cmocka_unit_test_teardown(f, free_table)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(text_log_with_prefixes_and_two_tables_keeps_the_last),
	    T(table_without_trailing_newline_is_decoded),
	    T(empty_table_is_decoded_as_no_rows),
	    T(unfinished_table_after_a_complete_one_is_ignored),
	    T(table_that_never_ends_is_an_error),
	    T(malformed_counter_line_is_an_error),
	    T(malformed_line_after_a_complete_table_is_an_error),
	    T(overlong_counter_line_is_an_error),
	    T(log_without_a_table_is_an_error),
	    T(odd_characters_in_names_become_question_marks),
	    T(names_are_cut_at_32_characters),
	    T(raw_dump_after_junk_and_a_decoy_magic_is_decoded),
	    T(raw_dump_ending_exactly_after_the_last_entry_is_decoded),
	    T(raw_names_filling_all_32_bytes_or_with_odd_bytes_are_safe),
	    T(raw_entry_count_larger_than_the_dump_is_an_error),
	    T(raw_wrong_entry_size_is_an_error),
	    T(raw_wrong_version_is_an_error),
	    T(raw_header_cut_short_is_an_error),
	    T(raw_magic_takes_precedence_over_text),
	    T(sort_is_by_count_descending_then_by_name),
	    T(sorting_an_empty_table_is_harmless),
	    T(find_returns_the_named_row_or_null),
	    T(free_leaves_an_empty_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
