/* Unit tests for model/sales: parsing and validation with precise field-path
 * errors, derived totals checked against hand arithmetic, the JSON round trip
 * and the content digest that tells revisions apart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sales.h"

/* The reference ticket. By hand:
 *   line 0: 2 × (25000 + 5000 + 3000) = 2 × 33000 = 66000 gross, 6000 discount
 *   line 1: 1 × 18000                 = 18000 gross, no discount
 *   gross 84000, line discounts 6000, ticket discounts 4000
 *   net items = 84000 − 6000 − 4000 = 74000
 *   total due = 74000 + 5000 service + 7000 tax − 500 rounding = 85500
 *   payments  = 60000 qris + 25500 cash = 85500 */
static const char BASE_TICKET[] =
	"{\"outlet_id\": \"OUT-1\", \"ticket_id\": \"T-1\", \"revision\": 1,"
	" \"status\": \"closed\","
	" \"opened_at\": \"2027-02-01T12:00:00+07:00\","
	" \"closed_at\": \"2027-02-01T12:30:00+07:00\","
	" \"channel\": \"dine_in\", \"covers\": 2, \"customer_id\": \"C-9\", \"cashier_id\": \"K-1\","
	" \"lines\": ["
	"  {\"item_id\": \"KOPI-SUSU\", \"name\": \"Es Kopi Susu\", \"category\": \"Kopi\","
	"   \"qty\": 2, \"unit_price\": 25000, \"discount\": 6000,"
	"   \"modifiers\": [{\"name\": \"Extra shot\", \"price\": 5000},"
	"                   {\"name\": \"Oat milk\", \"price\": 3000}]},"
	"  {\"item_id\": \"ROTI\", \"name\": \"Roti Bakar\", \"qty\": 1, \"unit_price\": 18000}],"
	" \"discounts\": [{\"name\": \"Promo Senin\", \"amount\": 4000}],"
	" \"service_charge\": 5000, \"tax\": 7000, \"rounding\": -500,"
	" \"payments\": [{\"method\": \"qris\", \"amount\": 60000, \"reference\": \"Q-77\"},"
	"                {\"method\": \"cash\", \"amount\": 25500}]}";

static json_t *base_ticket(void)
{
	json_error_t jerr;
	json_t *j = json_loads(BASE_TICKET, 0, &jerr);
	if (!j)
		fail_msg("BASE_TICKET is not JSON: %s (line %d)", jerr.text, jerr.line);
	return j;
}

static json_t *line_at(json_t *j, size_t i)
{
	return json_array_get(json_object_get(j, "lines"), i);
}

static json_t *payment_at(json_t *j, size_t i)
{
	return json_array_get(json_object_get(j, "payments"), i);
}

static void set_int(json_t *obj, const char *key, json_int_t v)
{
	assert_int_equal(json_object_set_new(obj, key, json_integer(v)), 0);
}

static void set_str(json_t *obj, const char *key, const char *v)
{
	assert_int_equal(json_object_set_new(obj, key, json_string(v)), 0);
}

/* Adds a refunds array parsed from text. */
static void set_refunds(json_t *j, const char *text)
{
	json_error_t jerr;
	json_t *r = json_loads(text, 0, &jerr);
	if (!r)
		fail_msg("refunds text is not JSON: %s", jerr.text);
	assert_int_equal(json_object_set_new(j, "refunds", r), 0);
}

/* Parses j (consumed) and expects CLARIO_EINVAL with a message that starts with
 * needles[0] (the field path) and contains every other needle. */
static void expect_invalid_at(json_t *j, const char *const *needles, const char *file, int line)
{
	struct arena a;
	struct sales_ticket t;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = sales_ticket_from_json(j, &a, &t, &err);
	json_decref(j);
	arena_release(&a);
	if (st != CLARIO_EINVAL)
		fail_msg("%s:%d: expected invalid, got status %d (\"%s\")", file, line, (int)st,
			 err.msg);
	if (strncmp(err.msg, needles[0], strlen(needles[0])) != 0)
		fail_msg("%s:%d: message \"%s\" does not start with \"%s\"", file, line, err.msg,
			 needles[0]);
	for (size_t i = 1; needles[i]; i++)
		if (!strstr(err.msg, needles[i]))
			fail_msg("%s:%d: message \"%s\" lacks \"%s\"", file, line, err.msg, needles[i]);
}

#define expect_invalid(j, ...) \
	expect_invalid_at((j), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)

/* Parses j (not consumed) and expects success. */
static void parse_ok(const json_t *j, struct arena *a, struct sales_ticket *t)
{
	struct clario_err err = {0};
	enum clario_status st = sales_ticket_from_json(j, a, t, &err);
	if (st != CLARIO_OK)
		fail_msg("expected a valid ticket, got status %d: %s", (int)st, err.msg);
}

/* ---- required fields and enums ------------------------------------------ */

static void test_missing_required(void **state)
{
	(void)state;
	static const char *const keys[] = {"ticket_id", "outlet_id", "closed_at", "channel"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *j = base_ticket();
		assert_int_equal(json_object_del(j, keys[i]), 0);
		char path[64];
		snprintf(path, sizeof path, "%s: ", keys[i]);
		expect_invalid(j, path, "is required");
	}
	/* Empty ids are as good as missing. */
	json_t *j = base_ticket();
	set_str(j, "ticket_id", "");
	expect_invalid(j, "ticket_id: ", "must not be empty");
	/* A line without its name. */
	j = base_ticket();
	assert_int_equal(json_object_del(line_at(j, 1), "name"), 0);
	expect_invalid(j, "lines[1].name: ", "is required");
	/* No lines at all. */
	j = base_ticket();
	assert_int_equal(json_object_del(j, "lines"), 0);
	expect_invalid(j, "lines: ", "at least one line");
}

static void test_unknown_enums(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	set_str(j, "channel", "dine-in");
	expect_invalid(j, "channel: ", "unknown channel", "\"dine-in\"");

	j = base_ticket();
	set_str(j, "status", "open");
	expect_invalid(j, "status: ", "\"closed\" or \"void\"", "\"open\"");

	j = base_ticket();
	set_str(payment_at(j, 1), "method", "bitcoin");
	expect_invalid(j, "payments[1].method: ", "unknown payment method", "\"bitcoin\"");

	/* Names round-trip through the parse functions. */
	for (int c = 0; c < SALES_CHANNEL_COUNT; c++) {
		enum sales_channel out;
		assert_true(sales_channel_parse(sales_channel_name((enum sales_channel)c), &out));
		assert_int_equal(out, c);
	}
	for (int m = 0; m < SALES_PAY_COUNT; m++) {
		enum sales_payment_method out;
		assert_true(sales_payment_parse(sales_payment_name((enum sales_payment_method)m), &out));
		assert_int_equal(out, m);
	}
	enum sales_status s;
	assert_true(sales_status_parse("void", &s));
	assert_int_equal(s, SALES_STATUS_VOID);
	assert_false(sales_status_parse("VOID", &s));
}

/* ---- money and counts --------------------------------------------------- */

static void test_money_must_be_integer(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	assert_int_equal(json_object_set_new(line_at(j, 0), "unit_price", json_real(25000.0)), 0);
	expect_invalid(j, "lines[0].unit_price: ", "whole rupiah", "decimal");

	j = base_ticket();
	assert_int_equal(json_object_set_new(j, "tax", json_real(7000.0)), 0);
	expect_invalid(j, "tax: ", "whole rupiah");

	j = base_ticket();
	assert_int_equal(json_object_set_new(payment_at(j, 0), "amount", json_real(60000.0)), 0);
	expect_invalid(j, "payments[0].amount: ", "whole rupiah");

	/* A string is not money either. */
	j = base_ticket();
	set_str(line_at(j, 1), "unit_price", "18000");
	expect_invalid(j, "lines[1].unit_price: ", "must be an integer", "a string");
}

static void test_negative_prices(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	set_int(line_at(j, 1), "unit_price", -1);
	expect_invalid(j, "lines[1].unit_price: ", "between 0 and", "got -1");

	j = base_ticket();
	set_int(json_array_get(json_object_get(line_at(j, 0), "modifiers"), 0), "price", -5000);
	expect_invalid(j, "lines[0].modifiers[0].price: ", "got -5000");

	j = base_ticket();
	set_int(j, "service_charge", -1);
	expect_invalid(j, "service_charge: ", "got -1");

	j = base_ticket();
	set_int(json_array_get(json_object_get(j, "discounts"), 0), "amount", 0);
	expect_invalid(j, "discounts[0].amount: ", "got 0");

	j = base_ticket();
	set_int(payment_at(j, 1), "amount", -25500);
	expect_invalid(j, "payments[1].amount: ", "got -25500");
}

static void test_qty_bounds(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	set_int(line_at(j, 1), "qty", 0);
	expect_invalid(j, "lines[1].qty: ", "between 1 and 10000", "got 0");

	j = base_ticket();
	set_int(line_at(j, 1), "qty", 10001);
	expect_invalid(j, "lines[1].qty: ", "between 1 and 10000", "got 10001");

	/* 10000 is allowed: 10000 × 18000 = 180,000,000 for line 1, so
	 * gross 66000 + 180000000 = 180066000, net 180066000 − 10000 = 180056000,
	 * due 180056000 + 5000 + 7000 − 500 = 180067500 = 60000 + 180007500. */
	j = base_ticket();
	set_int(line_at(j, 1), "qty", 10000);
	set_int(payment_at(j, 1), "amount", 180007500);
	struct arena a;
	struct sales_ticket t;
	arena_init(&a, 0);
	parse_ok(j, &a, &t);
	assert_int_equal(t.lines[1].qty, 10000);
	json_decref(j);
	arena_release(&a);
}

static void test_discount_limits(void **state)
{
	(void)state;
	/* Line 1's gross is 18000: a discount of 18001 is more than it. */
	json_t *j = base_ticket();
	set_int(line_at(j, 1), "discount", 18001);
	expect_invalid(j, "lines[1].discount: ", "18001", "line gross 18000");

	/* Ticket discounts of 78001 exceed 84000 − 6000 = 78000. */
	j = base_ticket();
	set_int(json_array_get(json_object_get(j, "discounts"), 0), "amount", 78001);
	expect_invalid(j, "discounts: ", "78001", "78000");
}

static void test_payments_must_match(void **state)
{
	(void)state;
	/* 60000 + 25000 = 85000 paid against 85500 due. */
	json_t *j = base_ticket();
	set_int(payment_at(j, 1), "amount", 25000);
	expect_invalid(j, "payments: ", "85000", "85500");

	/* Overpaid by one rupiah: 60000 + 25501 = 85501. */
	j = base_ticket();
	set_int(payment_at(j, 1), "amount", 25501);
	expect_invalid(j, "payments: ", "85501", "85500");

	/* No payments at all on a closed ticket: 0 against 85500. */
	j = base_ticket();
	assert_int_equal(json_object_del(j, "payments"), 0);
	expect_invalid(j, "payments: ", "add up to 0", "85500");
}

static void test_rounding_bounds(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	set_int(j, "rounding", 1001);
	expect_invalid(j, "rounding: ", "-1000 and 1000", "got 1001");

	j = base_ticket();
	set_int(j, "rounding", -1001);
	expect_invalid(j, "rounding: ", "-1000 and 1000", "got -1001");

	/* The bounds themselves are fine: due = 74000 + 5000 + 7000 ± 1000. */
	struct arena a;
	struct sales_ticket t;
	struct sales_totals tot;
	arena_init(&a, 0);
	j = base_ticket();
	set_int(j, "rounding", 1000);
	set_int(payment_at(j, 1), "amount", 27000); /* 60000 + 27000 = 87000 */
	parse_ok(j, &a, &t);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.total_due, 87000);
	json_decref(j);

	j = base_ticket();
	set_int(j, "rounding", -1000);
	set_int(payment_at(j, 1), "amount", 25000); /* 60000 + 25000 = 85000 */
	parse_ok(j, &a, &t);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.total_due, 85000);
	json_decref(j);
	arena_release(&a);

	/* A free ticket rounded below zero: 0 − 500 = −500 due. */
	j = base_ticket();
	set_int(line_at(j, 0), "unit_price", 0);
	set_int(line_at(j, 0), "discount", 0);
	assert_int_equal(json_object_del(line_at(j, 0), "modifiers"), 0);
	set_int(line_at(j, 1), "unit_price", 0);
	assert_int_equal(json_object_del(j, "discounts"), 0);
	assert_int_equal(json_object_del(j, "payments"), 0);
	set_int(j, "service_charge", 0);
	set_int(j, "tax", 0);
	expect_invalid(j, "rounding: ", "negative");
}

/* ---- times -------------------------------------------------------------- */

static void test_times(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	set_str(j, "closed_at", "2027-02-01T12:30:00");
	expect_invalid(j, "closed_at: ", "offset", "2027-02-01T12:30:00");

	j = base_ticket();
	set_str(j, "opened_at", "2027-02-01 12:00");
	expect_invalid(j, "opened_at: ");

	/* Opened 12:30:01, closed 12:30:00. */
	j = base_ticket();
	set_str(j, "opened_at", "2027-02-01T05:30:01Z");
	expect_invalid(j, "opened_at: ", "after closed_at");

	/* Equal is fine, and offsets are honoured: 12:30+07:00 = 05:30Z =
	 * 1801440000 + 5.5 × 3600 = 1801459800. */
	struct arena a;
	struct sales_ticket t;
	arena_init(&a, 0);
	j = base_ticket();
	set_str(j, "opened_at", "2027-02-01T05:30:00Z");
	parse_ok(j, &a, &t);
	assert_int_equal(t.closed_at, 1801459800);
	assert_int_equal(t.opened_at, t.closed_at);
	json_decref(j);
	arena_release(&a);
}

/* ---- refunds ------------------------------------------------------------ */

static void test_refund_rules(void **state)
{
	(void)state;
	/* 12:29:59 local is before closed_at 12:30:00. */
	json_t *j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T12:29:59+07:00\", \"amount\": 1000}]");
	expect_invalid(j, "refunds[0].at: ", "before closed_at");

	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 1000},"
		       " {\"refund_id\": \"R2\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 1000},"
		       " {\"refund_id\": \"R1\", \"at\": \"2027-02-01T14:00:00+07:00\", \"amount\": 1000}]");
	expect_invalid(j, "refunds[2].refund_id: ", "\"R1\"", "twice");

	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 9000,"
		       "  \"lines\": [{\"item_id\": \"ROTI\", \"qty\": 1, \"amount\": 5000},"
		       "             {\"item_id\": \"TEH\", \"qty\": 1, \"amount\": 4000}]}]");
	expect_invalid(j, "refunds[0].lines[1].item_id: ", "\"TEH\"", "not on the ticket");

	/* KOPI-SUSU was sold twice. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 30000,"
		       "  \"lines\": [{\"item_id\": \"KOPI-SUSU\", \"qty\": 3, \"amount\": 30000}]}]");
	expect_invalid(j, "refunds[0].lines[0].qty: ", "3 is more than the 2 sold");

	/* 15000 + 4000 = 19000, not 20000. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 20000,"
		       "  \"lines\": [{\"item_id\": \"ROTI\", \"qty\": 1, \"amount\": 15000},"
		       "             {\"item_id\": \"KOPI-SUSU\", \"qty\": 0, \"amount\": 4000}]}]");
	expect_invalid(j, "refunds[0].lines: ", "19000", "20000");

	/* 40000 + 34001 = 74001 > 74000 net items. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 40000},"
		       " {\"refund_id\": \"R2\", \"at\": \"2027-02-02T13:00:00+07:00\", \"amount\": 34001}]");
	expect_invalid(j, "refunds: ", "74001", "74000");

	/* A refund line with an item on two lines counts both: 2 + 1 = 3 sold.
	 * Line 2 adds 1 × 10000, so gross 94000, net 84000, due 95500. */
	j = base_ticket();
	json_t *extra = json_pack("{s:s, s:s, s:i, s:i}", "item_id", "KOPI-SUSU", "name",
				  "Es Kopi Susu", "qty", 1, "unit_price", 10000);
	assert_int_equal(json_array_append_new(json_object_get(j, "lines"), extra), 0);
	set_int(payment_at(j, 1), "amount", 35500);
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 30000,"
		       "  \"lines\": [{\"item_id\": \"KOPI-SUSU\", \"qty\": 4, \"amount\": 30000}]}]");
	expect_invalid(j, "refunds[0].lines[0].qty: ", "4 is more than the 3 sold");

	/* A void ticket carries no refunds. */
	j = base_ticket();
	set_str(j, "status", "void");
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 1000}]");
	expect_invalid(j, "refunds: ", "void");

	/* Nested paths inside a refund line. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 1000,"
		       "  \"lines\": [{\"item_id\": \"ROTI\", \"amount\": 1000.0}]}]");
	expect_invalid(j, "refunds[0].lines[0].amount: ", "whole rupiah");

	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00\", \"amount\": 1000}]");
	expect_invalid(j, "refunds[0].at: ", "offset");
}

/* ---- limits and nested paths -------------------------------------------- */

/* A ticket of n lines of 1 × 1000, paid in cash: due = n × 1000. */
static json_t *many_lines(size_t n)
{
	json_t *j = base_ticket();
	json_t *lines = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "I-%zu", i);
		assert_int_equal(json_array_append_new(lines, json_pack("{s:s, s:s, s:i, s:i}", "item_id",
			id, "name", "Kerupuk", "qty", 1, "unit_price", 1000)), 0);
	}
	assert_int_equal(json_object_set_new(j, "lines", lines), 0);
	assert_int_equal(json_object_del(j, "discounts"), 0);
	set_int(j, "service_charge", 0);
	set_int(j, "tax", 0);
	set_int(j, "rounding", 0);
	assert_int_equal(json_object_set_new(j, "payments", json_pack("[{s:s, s:I}]", "method", "cash",
		"amount", (json_int_t)n * 1000)), 0);
	return j;
}

static void test_limits(void **state)
{
	(void)state;
	expect_invalid(many_lines(501), "lines: ", "at most 500", "501");

	struct arena a;
	struct sales_ticket t;
	struct sales_totals tot;
	arena_init(&a, 0);
	json_t *j = many_lines(500);
	parse_ok(j, &a, &t);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(t.n_lines, 500);
	assert_int_equal(tot.gross, 500000); /* 500 × 1000 */
	assert_int_equal(tot.total_due, 500000);
	json_decref(j);
	arena_release(&a);

	/* 129-byte ids are too long; 128 is the limit. */
	char id[130];
	memset(id, 'x', 129);
	id[129] = '\0';
	j = base_ticket();
	set_str(j, "ticket_id", id);
	expect_invalid(j, "ticket_id: ", "longer than 128");

	j = base_ticket();
	set_int(j, "covers", 10001);
	expect_invalid(j, "covers: ", "got 10001");
}

/* A line of qty × (unit + n_mods modifiers of 10^13), all within the field limits. */
static json_t *huge_line(const char *id, rupiah_t unit, size_t n_mods)
{
	json_t *mods = json_array();
	for (size_t k = 0; k < n_mods; k++)
		assert_int_equal(json_array_append_new(mods, json_pack("{s:s, s:I}", "name", "emas",
			"price", (json_int_t)MONEY_MAX)), 0);
	json_t *l = json_pack("{s:s, s:s, s:i, s:I, s:o}", "item_id", id, "name", "Nasi Emas", "qty",
			      SALES_MAX_QTY, "unit_price", (json_int_t)unit, "modifiers", mods);
	assert_non_null(l);
	return l;
}

static void test_gross_overflow(void **state)
{
	(void)state;
	/* Every field is within its limit, but the sum is not: 8 lines of
	 * 10000 × (10^13 + 20 × 10^13) = 2.1 × 10^18 each, plus one of
	 * 10000 × (4674407370956 + 16 × 10^13) = 1646744073709560000, make
	 * 18446744073709560000 = 2^64 + 8384: far more than Rp 10^13, and more than
	 * int64 holds. It must be rejected as too large, not wrap to Rp 8384. */
	json_t *j = base_ticket();
	json_t *lines = json_array();
	for (int i = 0; i < 8; i++) {
		char id[32];
		snprintf(id, sizeof id, "EMAS-%d", i);
		assert_int_equal(json_array_append_new(lines, huge_line(id, MONEY_MAX, 20)), 0);
	}
	assert_int_equal(json_array_append_new(lines, huge_line("EMAS-8", 4674407370956LL, 16)), 0);
	assert_int_equal(json_object_set_new(j, "lines", lines), 0);
	assert_int_equal(json_object_del(j, "discounts"), 0);
	set_int(j, "service_charge", 0);
	set_int(j, "tax", 0);
	set_int(j, "rounding", 0);
	assert_int_equal(json_object_set_new(j, "payments",
		json_pack("[{s:s, s:i}]", "method", "cash", "amount", 8384)), 0);
	expect_invalid(j, "lines: ", "exceeds");
}

static void test_nested_paths(void **state)
{
	(void)state;
	json_t *j = base_ticket();
	json_t *mod = json_array_get(json_object_get(line_at(j, 0), "modifiers"), 1);
	assert_int_equal(json_object_del(mod, "name"), 0);
	expect_invalid(j, "lines[0].modifiers[1].name: ", "is required");

	j = base_ticket();
	mod = json_array_get(json_object_get(line_at(j, 0), "modifiers"), 1);
	assert_int_equal(json_object_set_new(mod, "price", json_real(3000.5)), 0);
	expect_invalid(j, "lines[0].modifiers[1].price: ", "whole rupiah");

	j = base_ticket();
	set_str(j, "lines", "none");
	expect_invalid(j, "lines: ", "must be an array");

	/* An element that is not an object: the path is "lines[1]", then the reason. */
	j = base_ticket();
	assert_int_equal(json_array_set_new(json_object_get(j, "lines"), 1, json_string("ROTI")), 0);
	expect_invalid(j, "lines[1]: ", "must be an object", "a string");
}

/* ---- valid tickets and their totals ------------------------------------- */

static void test_totals(void **state)
{
	(void)state;
	struct arena a;
	struct sales_ticket t;
	struct sales_totals tot;
	arena_init(&a, 0);

	json_t *j = base_ticket();
	parse_ok(j, &a, &t);
	json_decref(j);
	assert_string_equal(t.outlet_id, "OUT-1");
	assert_string_equal(t.ticket_id, "T-1");
	assert_null(t.source);
	assert_null(t.lines[1].category);
	assert_int_equal(t.lines[0].n_modifiers, 2);
	assert_int_equal(t.payments[0].method, SALES_PAY_QRIS);
	assert_int_equal(t.channel, SALES_CHANNEL_DINE_IN);
	assert_int_equal(sales_line_gross(&t.lines[0]), 66000); /* 2 × (25000 + 5000 + 3000) */
	assert_int_equal(sales_line_gross(&t.lines[1]), 18000);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.gross, 84000);          /* 66000 + 18000 */
	assert_int_equal(tot.line_discounts, 6000);
	assert_int_equal(tot.ticket_discounts, 4000);
	assert_int_equal(tot.net_items, 74000);      /* 84000 − 6000 − 4000 */
	assert_int_equal(tot.total_due, 85500);      /* 74000 + 5000 + 7000 − 500 */
	assert_int_equal(tot.paid, 85500);           /* 60000 + 25500 */
	assert_int_equal(tot.refunded, 0);

	/* Refunds: 15000 + 5000 itemised, plus 10000 not itemised = 30000. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 20000,"
		       "  \"reason\": \"salah pesan\","
		       "  \"lines\": [{\"item_id\": \"ROTI\", \"qty\": 1, \"amount\": 15000},"
		       "             {\"item_id\": \"KOPI-SUSU\", \"qty\": 1, \"amount\": 5000}]},"
		       " {\"refund_id\": \"R2\", \"at\": \"2027-02-03T09:00:00+07:00\", \"amount\": 10000}]");
	parse_ok(j, &a, &t);
	json_decref(j);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.refunded, 30000);
	assert_int_equal(tot.net_items, 74000);

	/* Refunds up to exactly the net items are allowed: 40000 + 34000 = 74000. */
	j = base_ticket();
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 40000},"
		       " {\"refund_id\": \"R2\", \"at\": \"2027-02-02T13:00:00+07:00\", \"amount\": 34000}]");
	parse_ok(j, &a, &t);
	json_decref(j);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.refunded, 74000);

	/* A void ticket needs no payments; its amounts are still computed. */
	j = base_ticket();
	set_str(j, "status", "void");
	assert_int_equal(json_object_del(j, "payments"), 0);
	parse_ok(j, &a, &t);
	json_decref(j);
	assert_int_equal(t.status, SALES_STATUS_VOID);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.gross, 84000);
	assert_int_equal(tot.total_due, 85500);
	assert_int_equal(tot.paid, 0);

	/* Defaults: revision 1, closed, no covers, no tax. 3 × 12000 = 36000. */
	j = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:i, s:i}], s:[{s:s, s:i}]}",
		      "outlet_id", "O", "ticket_id", "T", "closed_at", "2027-02-01T05:30:00Z",
		      "channel", "gofood", "lines", "item_id", "AYAM", "name", "Ayam Geprek", "qty", 3,
		      "unit_price", 12000, "payments", "method", "gopay", "amount", 36000);
	assert_non_null(j);
	parse_ok(j, &a, &t);
	json_decref(j);
	assert_int_equal(t.revision, 1);
	assert_int_equal(t.status, SALES_STATUS_CLOSED);
	assert_int_equal(t.covers, 0);
	assert_int_equal(t.opened_at, 0);
	assert_int_equal(t.channel, SALES_CHANNEL_GOFOOD);
	sales_ticket_totals(&t, &tot);
	assert_int_equal(tot.gross, 36000);
	assert_int_equal(tot.net_items, 36000);
	assert_int_equal(tot.total_due, 36000);

	arena_release(&a);
}

/* ---- round trip and digest ---------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	struct arena a;
	struct sales_ticket t1, t2;
	unsigned char d1[32], d2[32];
	arena_init(&a, 0);

	json_t *j = base_ticket();
	set_str(j, "source", "moka");
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 20000,"
		       "  \"lines\": [{\"item_id\": \"ROTI\", \"qty\": 1, \"amount\": 15000},"
		       "             {\"item_id\": \"KOPI-SUSU\", \"qty\": 1, \"amount\": 5000}]},"
		       " {\"refund_id\": \"R2\", \"at\": \"2027-02-03T09:00:00+07:00\", \"amount\": 10000,"
		       "  \"reason\": \"basi\"}]");
	parse_ok(j, &a, &t1);
	json_decref(j);

	json_t *enc1 = sales_ticket_to_json(&t1);
	assert_non_null(enc1);
	/* Through text too, as it travels. */
	char *text = json_dumps(enc1, JSON_COMPACT);
	assert_non_null(text);
	json_error_t jerr;
	json_t *back = json_loads(text, 0, &jerr);
	free(text);
	assert_non_null(back);
	parse_ok(back, &a, &t2);
	json_decref(back);

	sales_ticket_digest(&t1, d1);
	sales_ticket_digest(&t2, d2);
	assert_memory_equal(d1, d2, 32);

	/* Everything the digest leaves out survives as well. */
	assert_string_equal(t2.source, "moka");
	assert_int_equal(t2.revision, 1);
	assert_int_equal(t2.closed_at, t1.closed_at);
	assert_int_equal(t2.opened_at, t1.opened_at);
	assert_int_equal(t2.n_refunds, 2);
	assert_string_equal(t2.refunds[1].refund_id, "R2");
	assert_string_equal(t2.refunds[1].reason, "basi");
	assert_int_equal(t2.refunds[1].at, t1.refunds[1].at);
	assert_int_equal(t2.refunds[0].n_lines, 2);
	assert_int_equal(t2.refunds[0].lines[1].qty, 1);
	assert_int_equal(t2.refunds[0].lines[1].amount, 5000);
	assert_null(t2.lines[1].category);
	assert_string_equal(t2.lines[0].modifiers[1].name, "Oat milk");

	json_t *enc2 = sales_ticket_to_json(&t2);
	assert_non_null(enc2);
	assert_true(json_equal(enc1, enc2));
	json_decref(enc1);
	json_decref(enc2);
	arena_release(&a);
}

static void test_digest(void **state)
{
	(void)state;
	struct arena a;
	struct sales_ticket t, t2;
	unsigned char d0[32], d[32];
	arena_init(&a, 0);

	json_t *j = base_ticket();
	parse_ok(j, &a, &t);
	json_decref(j);
	sales_ticket_digest(&t, d0);

	/* Each quantity or price change gives another digest; undoing it gives the
	 * first one back. */
	struct {
		int32_t *qty;
		rupiah_t *money;
		int64_t other;
	} changes[] = {
		{.qty = &t.lines[0].qty, .other = 3},
		{.qty = &t.lines[1].qty, .other = 2},
		{.money = &t.lines[0].unit_price, .other = 25001},
		{.money = &t.lines[1].unit_price, .other = 17000},
		{.money = &t.lines[0].modifiers[1].price, .other = 4000},
		{.money = &t.lines[0].discount, .other = 5000},
		{.money = &t.tax, .other = 7001},
		{.money = &t.payments[1].amount, .other = 25499},
	};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		int64_t was;
		if (changes[i].qty) {
			was = *changes[i].qty;
			*changes[i].qty = (int32_t)changes[i].other;
		} else {
			was = *changes[i].money;
			*changes[i].money = changes[i].other;
		}
		sales_ticket_digest(&t, d);
		if (memcmp(d, d0, 32) == 0)
			fail_msg("change %zu did not change the digest", i);
		if (changes[i].qty)
			*changes[i].qty = (int32_t)was;
		else
			*changes[i].money = was;
		sales_ticket_digest(&t, d);
		assert_memory_equal(d, d0, 32);
	}

	/* Revision and refunds are not content. */
	j = base_ticket();
	set_int(j, "revision", 7);
	set_refunds(j, "[{\"refund_id\": \"R1\", \"at\": \"2027-02-01T13:00:00+07:00\", \"amount\": 20000}]");
	parse_ok(j, &a, &t2);
	json_decref(j);
	assert_int_equal(t2.revision, 7);
	assert_int_equal(t2.n_refunds, 1);
	sales_ticket_digest(&t2, d);
	assert_memory_equal(d, d0, 32);

	t2.refunds[0].amount = 30000;
	t2.revision = 8;
	sales_ticket_digest(&t2, d);
	assert_memory_equal(d, d0, 32);
	t2.n_refunds = 0;
	sales_ticket_digest(&t2, d);
	assert_memory_equal(d, d0, 32);

	/* Moving a quantity from one line to another is a change too. */
	t2.lines[0].qty = 1;
	t2.lines[1].qty = 2;
	sales_ticket_digest(&t2, d);
	assert_memory_not_equal(d, d0, 32);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_unknown_enums),
		cmocka_unit_test(test_money_must_be_integer),
		cmocka_unit_test(test_negative_prices),
		cmocka_unit_test(test_qty_bounds),
		cmocka_unit_test(test_discount_limits),
		cmocka_unit_test(test_payments_must_match),
		cmocka_unit_test(test_rounding_bounds),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_refund_rules),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_nested_paths),
		cmocka_unit_test(test_gross_overflow),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_digest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
