/* Unit tests for the CSV import's pure parts: the streaming reader (quotes,
 * doubled quotes, embedded newlines and their line numbers, CRLF, lone CR,
 * BOM, "sep=", separator detection, bad records skipped, limits, input fed
 * one byte at a time), the value parsers (rupiah with decimal comma and
 * thousands separators, quantities, dates by pattern, times) and profiles
 * (mapping files, built-ins). Expected values are written out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/csv/csv.h"

/* ---- reader helpers ---- */

#define MAX_ROWS 16
struct got {
	size_t n_rows;
	size_t n_fields[MAX_ROWS];
	char field[MAX_ROWS][8][64];
	uint64_t line[MAX_ROWS];
	size_t n_bad;
	uint64_t bad_line[MAX_ROWS];
	char bad_msg[MAX_ROWS][256];
	char sep;
};

/* Gives at most one byte per call: every state must survive a chunk edge. */
static ssize_t read_one(void *ctx, char *buf, size_t cap)
{
	return csv_read_mem(ctx, buf, cap < 1 ? cap : 1);
}

static void read_all(const char *text, size_t len, char sep, bool bytewise, struct got *g)
{
	memset(g, 0, sizeof *g);
	struct csv_mem m = {.data = text, .len = len};
	struct csv_reader *r = NULL;
	struct clario_err err = {0};
	assert_int_equal(csv_reader_new(bytewise ? read_one : csv_read_mem, &m, sep, &r, &err), CLARIO_OK);
	g->sep = csv_reader_sep(r);
	for (;;) {
		struct csv_row row;
		bool eof;
		enum clario_status st = csv_reader_next(r, &row, &eof, &err);
		if (st == CLARIO_EINVAL) {
			assert_true(g->n_bad < MAX_ROWS);
			g->bad_line[g->n_bad] = row.line;
			snprintf(g->bad_msg[g->n_bad++], 256, "%.200s", err.msg);
			continue;
		}
		assert_int_equal(st, CLARIO_OK);
		if (eof)
			break;
		assert_true(g->n_rows < MAX_ROWS);
		size_t i = g->n_rows++;
		g->n_fields[i] = row.n;
		g->line[i] = row.line;
		for (size_t k = 0; k < row.n && k < 8; k++) {
			assert_int_equal(strlen(row.fields[k]), row.lens[k]);
			snprintf(g->field[i][k], 64, "%s", row.fields[k]);
		}
	}
	csv_reader_free(r);
}

static void both_ways(const char *text, char sep, struct got *g)
{
	struct got h;
	read_all(text, strlen(text), sep, false, g);
	read_all(text, strlen(text), sep, true, &h);
	assert_memory_equal(g, &h, sizeof h);
}

static void test_plain_and_quotes(void **state)
{
	(void)state;
	struct got g;
	both_ways("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n,,\n", 0, &g);
	assert_int_equal(g.sep, ',');
	assert_int_equal(g.n_rows, 3);
	assert_int_equal(g.n_fields[0], 3);
	assert_string_equal(g.field[1][1], "x,y");
	assert_string_equal(g.field[1][2], "say \"hi\"");
	assert_int_equal(g.n_fields[2], 3); /* ",," is three empty fields */
	assert_string_equal(g.field[2][0], "");
	assert_int_equal(g.line[2], 3);
	assert_int_equal(g.n_bad, 0);
}

static void test_embedded_newline_lines(void **state)
{
	(void)state;
	struct got g;
	/* Row 2 spans lines 2-4; row 3 starts on line 5; the blank line 6 is
	 * no record; row 4 is on line 7. */
	both_ways("h1,h2\r\n\"multi\r\nline\nfield\",2\r\nx,3\r\n\r\nlast,4", 0, &g);
	assert_int_equal(g.n_rows, 4);
	assert_string_equal(g.field[1][0], "multi\r\nline\nfield");
	assert_int_equal(g.line[1], 2);
	assert_int_equal(g.line[2], 5);
	assert_string_equal(g.field[2][0], "x");
	assert_string_equal(g.field[2][1], "3"); /* CRLF: no '\r' left in the field */
	assert_int_equal(g.line[3], 7);
	assert_string_equal(g.field[3][1], "4"); /* no newline at the end */
}

static void test_lone_cr(void **state)
{
	(void)state;
	struct got g;
	both_ways("a;b\r1;2\r3;4\r", 0, &g);
	assert_int_equal(g.sep, ';');
	assert_int_equal(g.n_rows, 3);
	assert_int_equal(g.line[2], 3);
	assert_string_equal(g.field[2][1], "4");
}

static void test_bom_and_sep_line(void **state)
{
	(void)state;
	struct got g;
	both_ways("\xEF\xBB\xBFNama;Harga\nKopi;25.000,00\n", 0, &g);
	assert_int_equal(g.sep, ';');
	assert_string_equal(g.field[0][0], "Nama"); /* the BOM is not part of the name */
	assert_string_equal(g.field[1][1], "25.000,00");
	/* Excel's "sep=" line names the separator and is no record. */
	both_ways("sep=,\na;b,c\n", 0, &g);
	assert_int_equal(g.sep, ',');
	assert_int_equal(g.n_rows, 1);
	assert_int_equal(g.line[0], 2);
	assert_string_equal(g.field[0][0], "a;b");
}

static void test_detect_separator(void **state)
{
	(void)state;
	struct got g;
	/* Commas inside quotes do not count: ';' wins 2 to 0. */
	both_ways("\"a,b,c\";x;y\n1;2;3\n", 0, &g);
	assert_int_equal(g.sep, ';');
	assert_int_equal(g.n_fields[0], 3);
	both_ways("a\tb\tc\n1\t2\t3\n", 0, &g);
	assert_int_equal(g.sep, '\t');
	assert_string_equal(g.field[1][2], "3");
	/* A given separator is used as is. */
	both_ways("a;b,c\n", ',', &g);
	assert_int_equal(g.n_fields[0], 2);
}

static void test_bad_records_skipped(void **state)
{
	(void)state;
	struct got g;
	/* line 2: text after a closing quote; the reader resumes on line 3.
	 * line 4: a quote opened and never closed swallows the rest. */
	both_ways("a,b\n\"x\"y,1\nok,2\n\"open,3\nmore\n", 0, &g);
	assert_int_equal(g.n_rows, 2);
	assert_string_equal(g.field[1][0], "ok");
	assert_int_equal(g.line[1], 3);
	assert_int_equal(g.n_bad, 2);
	assert_int_equal(g.bad_line[0], 2);
	assert_non_null(strstr(g.bad_msg[0], "line 2: text after a closing quote"));
	assert_int_equal(g.bad_line[1], 4);
	assert_non_null(strstr(g.bad_msg[1], "not closed"));
	/* A bad record whose skipped part holds a quoted newline. */
	both_ways("\"x\"y,\"p\nq\"\nnext,1\n", 0, &g);
	assert_int_equal(g.n_bad, 1);
	assert_int_equal(g.n_rows, 1);
	assert_string_equal(g.field[0][0], "next");
	assert_int_equal(g.line[0], 3);
	/* A stray quote inside an unquoted field is kept as text (12" pizza). */
	both_ways("12\" pizza,1\n", 0, &g);
	assert_int_equal(g.n_bad, 0);
	assert_string_equal(g.field[0][0], "12\" pizza");
}

static void test_limits(void **state)
{
	(void)state;
	/* A field over 64 KiB rejects its row only. */
	size_t big = CSV_MAX_FIELD + 10;
	char *text = malloc(big + 64);
	assert_non_null(text);
	size_t n = 0;
	n += (size_t)snprintf(text, 64, "a,b\n");
	memset(text + n, 'x', big);
	n += big;
	memcpy(text + n, ",1\nfine,2\n", 10);
	n += 10;
	struct got g;
	read_all(text, n, 0, false, &g);
	assert_int_equal(g.n_bad, 1);
	assert_int_equal(g.bad_line[0], 2);
	assert_non_null(strstr(g.bad_msg[0], "64 KiB"));
	assert_int_equal(g.n_rows, 2);
	assert_string_equal(g.field[1][0], "fine");
	assert_int_equal(g.line[1], 3);
	/* 257 fields reject the row. */
	n = 0;
	for (int i = 0; i < CSV_MAX_FIELDS + 1; i++)
		text[n++] = ',';
	memcpy(text + n, "\nok\n", 4);
	n += 4;
	read_all(text, n, ',', false, &g);
	assert_int_equal(g.n_bad, 1);
	assert_non_null(strstr(g.bad_msg[0], "256 fields"));
	assert_int_equal(g.n_rows, 1);
	assert_string_equal(g.field[0][0], "ok");
	free(text);
}

/* A 3 MB input through 64 KiB chunks: every row comes back, lines right. */
static void test_many_chunks(void **state)
{
	(void)state;
	enum { ROWS = 100000 };
	char *text = malloc((size_t)ROWS * 40);
	assert_non_null(text);
	size_t n = 0;
	for (int i = 0; i < ROWS; i++)
		n += (size_t)snprintf(text + n, 40, "%d,\"q\"\"%d\",x\r\n", i, i % 7);
	struct csv_mem m = {.data = text, .len = n};
	struct csv_reader *r = NULL;
	struct clario_err err = {0};
	assert_int_equal(csv_reader_new(csv_read_mem, &m, 0, &r, &err), CLARIO_OK);
	int rows = 0;
	for (;;) {
		struct csv_row row;
		bool eof;
		assert_int_equal(csv_reader_next(r, &row, &eof, &err), CLARIO_OK);
		if (eof)
			break;
		char want[32];
		snprintf(want, sizeof want, "%d", rows);
		assert_string_equal(row.fields[0], want);
		snprintf(want, sizeof want, "q\"%d", rows % 7);
		assert_string_equal(row.fields[1], want);
		assert_int_equal(row.line, (uint64_t)rows + 1);
		rows++;
	}
	assert_int_equal(rows, ROWS);
	assert_int_equal(csv_reader_bytes(r), n);
	csv_reader_free(r);
	free(text);
}

/* ---- values ---- */

static int64_t sen(const char *s, enum csv_decimal d)
{
	int64_t v = INT64_MIN;
	struct clario_err err = {0};
	if (csv_parse_sen(s, d, &v, &err) != CLARIO_OK)
		return INT64_MIN;
	return v;
}

static void test_money(void **state)
{
	(void)state;
	const enum csv_decimal A = CSV_DECIMAL_AUTO, C = CSV_DECIMAL_COMMA, D = CSV_DECIMAL_DOT;
	assert_int_equal(sen("25.000,00", A), 2500000);
	assert_int_equal(sen("25000,5", A), 2500050);
	assert_int_equal(sen("25000", A), 2500000);
	assert_int_equal(sen("Rp 25.000", A), 2500000);
	assert_int_equal(sen("Rp.25.000", A), 2500000);
	assert_int_equal(sen("IDR 1.250.000", A), 125000000);
	assert_int_equal(sen("1,250,000.50", A), 125000050);
	assert_int_equal(sen("25,000", A), 2500000);   /* one mark, three digits: thousands */
	assert_int_equal(sen("1.5", A), 150);
	assert_int_equal(sen("0,500", A), 50);         /* a lone 0 before it: decimal */
	assert_int_equal(sen("-5.000", A), -500000);
	assert_int_equal(sen("Rp -5.000", A), -500000);
	assert_int_equal(sen("-Rp 5.000", A), -500000);
	assert_int_equal(sen("(5.000)", A), -500000);
	assert_int_equal(sen(" 8000 ", A), 800000);
	assert_int_equal(sen("-755,0125", A), -75501); /* four decimals: rounded half away */
	assert_int_equal(sen("0,005", C), 1);
	assert_int_equal(sen("25.000", C), 2500000);
	assert_int_equal(sen("25000,5", C), 2500050);
	assert_int_equal(sen("1.234.567,89", C), 123456789);
	assert_int_equal(sen("25,000.5", D), 2500050);
	assert_int_equal(sen("25.5", D), 2550);
	/* Rejected. */
	assert_int_equal(sen("", A), INT64_MIN);
	assert_int_equal(sen("12a", A), INT64_MIN);
	assert_int_equal(sen("1..0", A), INT64_MIN);
	assert_int_equal(sen("25.00.000", A), INT64_MIN);
	assert_int_equal(sen("1,5,0", C), INT64_MIN);
	assert_int_equal(sen("25000.5", C), INT64_MIN); /* '.' groups thousands there */
	assert_int_equal(sen("1.000,000,5", A), INT64_MIN);
	assert_int_equal(sen("1,23456", A), INT64_MIN); /* a fifth decimal that is not 0 */
	assert_int_equal(sen("--5", A), INT64_MIN);
	assert_int_equal(sen("(5", A), INT64_MIN);
	assert_int_equal(sen(",5", A), INT64_MIN);
	assert_int_equal(sen("5,", A), INT64_MIN);
	assert_int_equal(sen("99999999999999999999", A), INT64_MIN);
}

static void test_qty(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t q;
	assert_int_equal(csv_parse_qty("2", CSV_DECIMAL_AUTO, &q, &err), CLARIO_OK);
	assert_int_equal(q, 2);
	assert_int_equal(csv_parse_qty("-1", CSV_DECIMAL_AUTO, &q, &err), CLARIO_OK);
	assert_int_equal(q, -1);
	assert_int_equal(csv_parse_qty("2,00", CSV_DECIMAL_AUTO, &q, &err), CLARIO_OK);
	assert_int_equal(q, 2);
	assert_int_equal(csv_parse_qty("3.0", CSV_DECIMAL_AUTO, &q, &err), CLARIO_OK);
	assert_int_equal(q, 3);
	assert_int_equal(csv_parse_qty("1,5", CSV_DECIMAL_AUTO, &q, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "fractional"));
	assert_int_equal(csv_parse_qty("dua", CSV_DECIMAL_AUTO, &q, &err), CLARIO_EINVAL);
}

static day_t date_of(const char *s, const char *pattern, const char **rest)
{
	day_t d = INT32_MIN;
	struct clario_err err = {0};
	if (csv_parse_date(s, pattern, &d, rest, &err) != CLARIO_OK)
		return INT32_MIN;
	return d;
}

static void test_dates(void **state)
{
	(void)state;
	const char *rest = NULL;
	day_t nov1 = tz_days_from_civil(2026, 11, 1); /* 20758 */
	assert_int_equal(nov1, 20758);
	assert_int_equal(date_of("1/11/2026", "d/m/yyyy", NULL), nov1);
	assert_int_equal(date_of("01/11/2026", "dd/mm/yyyy", NULL), nov1);
	assert_int_equal(date_of("11-01-2026", "MM-DD-YYYY", NULL), nov1);
	assert_int_equal(date_of("2026-11-01", "yyyy-mm-dd", NULL), nov1);
	assert_int_equal(date_of("1.11.26", "d.m.yy", NULL), nov1);
	assert_int_equal(date_of("2026-11-01 08:15:30", "yyyy-mm-dd", &rest), nov1);
	assert_string_equal(rest, " 08:15:30");
	assert_int_equal(date_of("2026-11-01T08:15", "yyyy-mm-dd", &rest), nov1);
	assert_string_equal(rest, "T08:15");
	assert_int_equal(date_of("29/02/2028", "d/m/yyyy", NULL), tz_days_from_civil(2028, 2, 29));
	assert_int_equal(date_of("29/02/2027", "d/m/yyyy", NULL), INT32_MIN);
	assert_int_equal(date_of("31/11/2026", "d/m/yyyy", NULL), INT32_MIN);
	assert_int_equal(date_of("13/13/2026", "d/m/yyyy", NULL), INT32_MIN);
	assert_int_equal(date_of("2026/11/01", "yyyy-mm-dd", NULL), INT32_MIN);
	assert_int_equal(date_of("1/11/2026 junk", "d/m/yyyy", NULL), INT32_MIN);
	assert_int_equal(date_of("", "d/m/yyyy", NULL), INT32_MIN);
}

static int32_t time_of(const char *s)
{
	int32_t t = -1;
	struct clario_err err = {0};
	if (csv_parse_time(s, &t, &err) != CLARIO_OK)
		return -1;
	return t;
}

static void test_times(void **state)
{
	(void)state;
	assert_int_equal(time_of("8:15"), 8 * 3600 + 15 * 60);
	assert_int_equal(time_of("08:15:30"), 8 * 3600 + 15 * 60 + 30);
	assert_int_equal(time_of(" 08:15:30.250"), 8 * 3600 + 15 * 60 + 30);
	assert_int_equal(time_of("T23:59:59"), 86399);
	assert_int_equal(time_of("8:15 PM"), 20 * 3600 + 15 * 60);
	assert_int_equal(time_of("12:05 am"), 5 * 60);
	assert_int_equal(time_of("24:00"), -1);
	assert_int_equal(time_of("8:5"), -1);
	assert_int_equal(time_of("08:60"), -1);
	assert_int_equal(time_of("13:00 PM"), -1);
	assert_int_equal(time_of("08:15+07:00"), -1);
	assert_int_equal(time_of(""), -1);
}

static void test_words(void **state)
{
	(void)state;
	assert_int_equal(csv_channel_from_text("Dine In"), SALES_CHANNEL_DINE_IN);
	assert_int_equal(csv_channel_from_text(""), SALES_CHANNEL_DINE_IN);
	assert_int_equal(csv_channel_from_text("Take Away"), SALES_CHANNEL_TAKEAWAY);
	assert_int_equal(csv_channel_from_text("Bungkus"), SALES_CHANNEL_TAKEAWAY);
	assert_int_equal(csv_channel_from_text("Grab Food"), SALES_CHANNEL_GRABFOOD);
	assert_int_equal(csv_channel_from_text("GoFood Delivery"), SALES_CHANNEL_GOFOOD);
	assert_int_equal(csv_channel_from_text("shopee_food"), SALES_CHANNEL_SHOPEEFOOD);
	assert_int_equal(csv_channel_from_text("Catering"), SALES_CHANNEL_OTHER);
	assert_int_equal(csv_payment_from_text("Tunai"), SALES_PAY_CASH);
	assert_int_equal(csv_payment_from_text("QRIS BCA"), SALES_PAY_QRIS);
	assert_int_equal(csv_payment_from_text("GoPay"), SALES_PAY_GOPAY);
	assert_int_equal(csv_payment_from_text("Kartu Debit"), SALES_PAY_DEBIT);
	assert_int_equal(csv_payment_from_text("Kartu Kredit"), SALES_PAY_CREDIT);
	assert_int_equal(csv_payment_from_text("Danamon Transfer"), SALES_PAY_OTHER);
	assert_int_equal(csv_payment_from_text(""), SALES_PAY_OTHER);
}

/* ---- profiles ---- */

static void test_mapping_file(void **state)
{
	(void)state;
	struct csv_profile p;
	struct clario_err err = {0};
	const char *text = "# my POS\n"
			   "source = tokoku\n"
			   "separator = ;\n"
			   "decimal = comma\n"
			   "date_format = MM-DD-YYYY\n"
			   "\n"
			   "ticket_id = No Bon | Bon\n"
			   "date = Tgl\n"
			   "item = Menu\n"
			   "quantity = Qty\n"
			   "unit_price = Harga\n";
	assert_int_equal(csv_profile_parse(text, &p, &err), CLARIO_OK);
	assert_string_equal(p.name, "generic");
	assert_string_equal(p.source, "tokoku");
	assert_int_equal(p.sep, ';');
	assert_int_equal(p.decimal, CSV_DECIMAL_COMMA);
	assert_string_equal(p.date_format, "MM-DD-YYYY");
	assert_int_equal(p.n_names[CSV_F_TICKET_ID], 2);
	assert_string_equal(p.names[CSV_F_TICKET_ID][1], "Bon");
	assert_int_equal(p.n_names[CSV_F_TIME], 0);
	/* Errors name the line. */
	assert_int_equal(csv_profile_parse("date = D\n\nitem = I\nqty = Q\n", &p, &err), CLARIO_EINVAL);
	assert_string_equal(err.msg, "line 4: unknown key \"qty\"");
	assert_int_equal(csv_profile_parse("date = D\nitem\n", &p, &err), CLARIO_EINVAL);
	assert_string_equal(err.msg, "line 2: expected \"key = value\"");
	assert_int_equal(csv_profile_parse("date = D\nitem = I\nquantity = Q\n", &p, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "unit_price or line_total"));
	assert_int_equal(csv_profile_parse("decimal = koma\n", &p, &err), CLARIO_EINVAL);
	assert_int_equal(csv_profile_parse("date_format = yyyy\n", &p, &err), CLARIO_EINVAL);
	/* Column numbers, only without a header. */
	assert_int_equal(csv_profile_parse("header = no\ndate = #1\nitem = #2\nquantity = #3\n"
					   "line_total = #4\n", &p, &err), CLARIO_OK);
	assert_false(p.header);
	assert_int_equal(csv_profile_parse("header = no\ndate = Tgl\nitem = #2\nquantity = #3\n"
					   "line_total = #4\n", &p, &err), CLARIO_EINVAL);
	assert_int_equal(csv_profile_parse("header = no\ndate = #0\n", &p, &err), CLARIO_EINVAL);
}

static void test_builtins(void **state)
{
	(void)state;
	static const char *const names[] = {"moka", "pawoon", "olsera", "qasir", "kasirpintar"};
	struct csv_profile p;
	struct clario_err err = {0};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(csv_profile_builtin(names[i], &p, &err), CLARIO_OK);
		assert_string_equal(p.name, names[i]);
		assert_string_equal(p.source, names[i]);
		assert_true(p.n_names[CSV_F_TICKET_ID] > 0);
	}
	assert_int_equal(csv_profile_builtin("generic", &p, &err), CLARIO_ENOTFOUND);
	assert_int_equal(csv_profile_builtin("square", &p, &err), CLARIO_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quotes),
		cmocka_unit_test(test_embedded_newline_lines),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_bom_and_sep_line),
		cmocka_unit_test(test_detect_separator),
		cmocka_unit_test(test_bad_records_skipped),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_many_chunks),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_qty),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_mapping_file),
		cmocka_unit_test(test_builtins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
