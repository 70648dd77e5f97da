/* End-to-end: ingest through POST /v1/tickets and what the summary then shows.
 * Duplicates, revisions, refunds, voids, the business-day cut-off and rejected
 * tickets, with every expected figure worked out by hand below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "oracle.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t merchant, outlet_jkt, outlet_jyp;
static char merchant_key[E2E_KEY_MAX];

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) ||
	    e2e_server_start(&env, NULL))
		return -1;
	merchant = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	if (merchant < 0)
		return -1;
	outlet_jkt = e2e_create_outlet(&env, env.moka_key, merchant, "JKT-1", "Senopati",
				       "Asia/Jakarta", "04:00", NULL);
	outlet_jyp = e2e_create_outlet(&env, env.moka_key, merchant, "JYP-1", "Jayapura",
				       "Asia/Jayapura", "04:00", NULL);
	if (outlet_jkt < 0 || outlet_jyp < 0 || e2e_merchant_key(&env, merchant, merchant_key))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

/* POSTs the tickets (consumed) and checks for a 200 answer with one result each. */
static void post(const char *key, json_t *batch, struct e2e_resp *r)
{
	size_t n = json_array_size(batch);
	assert_int_equal(e2e_call_json(&env, "POST", "/v1/tickets", key, batch, r), 0);
	json_decref(batch);
	if (r->status != 200)
		fail_msg("POST /v1/tickets: %ld %s", r->status, r->body);
	json_t *results = json_object_get(r->json, "results");
	if (json_array_size(results) != n)
		fail_msg("%zu tickets sent, %zu results: %s", n, json_array_size(results), r->body);
}

/* Posts one ticket (consumed) and checks its outcome; returns nothing. */
static void post_one(json_t *ticket, const char *outcome, int64_t refunds_added,
		     const char *reason_part)
{
	struct e2e_resp r;
	post(env.moka_key, json_pack("[o]", ticket), &r);
	const char *got = e2e_json_str(r.json, "results.0.outcome");
	const char *reason = e2e_json_str(r.json, "results.0.reason");
	if (strcmp(got, outcome) != 0)
		fail_msg("want outcome %s, got %s", outcome, r.body);
	if (reason_part && !strstr(reason, reason_part))
		fail_msg("want a reason containing \"%s\", got %s", reason_part, r.body);
	if (refunds_added >= 0 && e2e_json_int(r.json, "results.0.refunds_added") != refunds_added)
		fail_msg("want refunds_added %lld, got %s", (long long)refunds_added, r.body);
	e2e_resp_free(&r);
}

struct figures {
	int64_t gross_sales, line_discounts, ticket_discounts, refunds, net_sales, tax,
		service_charge, tickets, covers, average_ticket, voids, refund_count;
};

/* GET the summary from..to (outlet 0 = all) into r, checking 200. */
static void summary(const char *from, const char *to, int64_t outlet, struct e2e_resp *r)
{
	char path[256];
	if (outlet > 0)
		snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=%s&to=%s&outlet=%lld",
			 (long long)merchant, from, to, (long long)outlet);
	else
		snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=%s&to=%s",
			 (long long)merchant, from, to);
	assert_int_equal(e2e_call(&env, "GET", path, merchant_key, NULL, r), 0);
	if (r->status != 200)
		fail_msg("GET %s: %ld %s", path, r->status, r->body);
}

static void expect_figures(const json_t *obj, const char *where, const struct figures *w)
{
	struct {
		const char *name;
		int64_t want;
	} f[] = {
		{"gross_sales", w->gross_sales},
		{"line_discounts", w->line_discounts},
		{"ticket_discounts", w->ticket_discounts},
		{"discounts", w->line_discounts + w->ticket_discounts},
		{"refunds", w->refunds},
		{"net_sales", w->net_sales},
		{"tax", w->tax},
		{"service_charge", w->service_charge},
		{"tickets", w->tickets},
		{"covers", w->covers},
		{"average_ticket", w->average_ticket},
		{"voids", w->voids},
		{"refund_count", w->refund_count},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		int64_t got = e2e_json_int(obj, f[i].name);
		if (got != f[i].want)
			fail_msg("%s.%s: got %lld, want %lld", where, f[i].name, (long long)got,
				 (long long)f[i].want);
	}
}

/* The summary of one business day (outlet 0 = merchant) equals want. */
static void expect_day(const char *date, int64_t outlet, struct figures want)
{
	struct e2e_resp r;
	summary(date, date, outlet, &r);
	json_t *day = e2e_json_get(r.json, "days.0");
	if (!day || strcmp(e2e_json_str(day, "date"), date) != 0 ||
	    e2e_json_get(r.json, "days.1") != NULL)
		fail_msg("summary %s: want exactly one day: %s", date, r.body);
	expect_figures(day, date, &want);
	expect_figures(e2e_json_get(r.json, "totals"), "totals", &want);
	e2e_resp_free(&r);
}

static const struct figures zero;

/* A closed ticket with one line qty × price (item id, name) paid in cash. */
static json_t *ticket1(const char *outlet, const char *id, int64_t rev, const char *closed_at,
		       const char *item, int64_t qty, int64_t price)
{
	json_t *t = e2e_ticket(outlet, id, rev, closed_at, qty, price);
	json_t *line = e2e_json_get(t, "lines.0");
	json_object_set_new(line, "item_id", json_string(item));
	json_object_set_new(line, "name", json_string(item));
	return t;
}

/* T-100: 2 × Kopi Susu Rp 25.000 with Extra Shot Rp 5.000 and Oat Milk Rp 7.000
 * (per unit) less a Rp 5.000 line discount, 1 × Croissant Rp 30.000, a Rp 3.000
 * ticket discount, service Rp 4.800, PB1 Rp 10.080, rounding −80:
 *   gross = 2 × (25.000 + 5.000 + 7.000) + 30.000 = 104.000
 *   net   = 104.000 − 5.000 − 3.000 = 96.000
 *   due   = 96.000 + 4.800 + 10.080 − 80 = 110.800 = QRIS 100.000 + cash 10.800 */
static json_t *ticket_100(void)
{
	return json_pack(
		"{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:s,"
		" s:[{s:s, s:s, s:s, s:i, s:i, s:[{s:s, s:i}, {s:s, s:i}], s:i},"
		"    {s:s, s:s, s:s, s:i, s:i}],"
		" s:[{s:s, s:i}], s:i, s:i, s:i, s:[{s:s, s:i, s:s}, {s:s, s:i}]}",
		"outlet_id", "JKT-1", "ticket_id", "T-100", "revision", 1, "status", "closed",
		"opened_at", "2027-03-01T11:45:00+07:00", "closed_at", "2027-03-01T12:30:00+07:00",
		"channel", "dine_in", "covers", 2, "cashier_id", "KSR-7",
		"lines",
		"item_id", "KOPI-SUSU", "name", "Kopi Susu", "category", "Coffee", "qty", 2,
		"unit_price", 25000, "modifiers", "name", "Extra Shot", "price", 5000, "name",
		"Oat Milk", "price", 7000, "discount", 5000,
		"item_id", "CROISSANT", "name", "Croissant", "category", "Pastry", "qty", 1,
		"unit_price", 30000,
		"discounts", "name", "Promo Senin", "amount", 3000,
		"service_charge", 4800, "tax", 10080, "rounding", -80,
		"payments", "method", "qris", "amount", 100000, "reference", "QR-123", "method",
		"cash", "amount", 10800);
}

static void test_created_then_duplicate(void **state)
{
	(void)state;
	struct e2e_resp r;
	post(env.moka_key, json_pack("[o]", ticket_100()), &r);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "created");
	assert_string_equal(e2e_json_str(r.json, "results.0.ticket_id"), "T-100");
	assert_int_equal(e2e_json_int(r.json, "results.0.index"), 0);
	assert_int_equal(e2e_json_int(r.json, "results.0.revision"), 1);
	assert_true(e2e_json_int(r.json, "results.0.id") > 0);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 1);
	assert_int_equal(e2e_json_int(r.json, "counts.duplicate"), 0);
	e2e_resp_free(&r);

	/* The same again, and once more through the merchant's own key. */
	post(env.moka_key, json_pack("[o]", ticket_100()), &r);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "duplicate");
	assert_int_equal(e2e_json_int(r.json, "counts.duplicate"), 1);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 0);
	e2e_resp_free(&r);
	post(merchant_key, json_pack("[o]", ticket_100()), &r);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "duplicate");
	e2e_resp_free(&r);

	expect_day("2027-03-01", 0,
		   (struct figures){.gross_sales = 104000, .line_discounts = 5000,
				    .ticket_discounts = 3000, .net_sales = 96000, .tax = 10080,
				    .service_charge = 4800, .tickets = 1, .covers = 2,
				    .average_ticket = 96000});
	expect_day("2027-03-01", outlet_jyp, zero);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM tickets WHERE external_id = 'T-100'",
					NULL),
			 1);
}

/* T-200 revision 2: 2 × Nasi Goreng Rp 35.000 + 1 × Es Teh Rp 8.000 less Rp 3.000
 * = 78.000 gross, 75.000 net, PB1 7.500, paid 82.500. */
static json_t *ticket_200_rev2(int64_t nasgor_qty)
{
	int64_t net = nasgor_qty * 35000 + 8000 - 3000;
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:i, s:[{s:s, s:s, s:i, s:i},"
			 " {s:s, s:s, s:i, s:i, s:i}], s:I, s:[{s:s, s:I}]}",
			 "outlet_id", "JKT-1", "ticket_id", "T-200", "revision", 2, "closed_at",
			 "2027-03-02T19:00:00+07:00", "channel", "takeaway", "covers", 2, "lines",
			 "item_id", "NASGOR", "name", "Nasi Goreng", "qty", (int)nasgor_qty,
			 "unit_price", 35000, "item_id", "ES-TEH", "name", "Es Teh", "qty", 1,
			 "unit_price", 8000, "discount", 3000, "tax", (json_int_t)(net / 10),
			 "payments", "method", "gopay", "amount", (json_int_t)(net + net / 10));
}

static void test_revisions(void **state)
{
	(void)state;
	/* Revision 1: 1 × Nasi Goreng Rp 35.000. */
	post_one(ticket1("JKT-1", "T-200", 1, "2027-03-02T19:00:00+07:00", "NASGOR", 1, 35000),
		 "created", 0, NULL);
	expect_day("2027-03-02", 0,
		   (struct figures){.gross_sales = 35000, .net_sales = 35000, .tickets = 1,
				    .covers = 1, .average_ticket = 35000});

	struct e2e_resp r;
	post(env.moka_key, json_pack("[o]", ticket_200_rev2(2)), &r);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "updated");
	assert_int_equal(e2e_json_int(r.json, "results.0.revision"), 2);
	assert_int_equal(e2e_json_int(r.json, "counts.updated"), 1);
	e2e_resp_free(&r);
	const struct figures rev2 = {.gross_sales = 78000, .line_discounts = 3000,
				     .net_sales = 75000, .tax = 7500, .tickets = 1, .covers = 2,
				     .average_ticket = 75000};
	expect_day("2027-03-02", 0, rev2);

	/* The same revision again: nothing changes. */
	post_one(ticket_200_rev2(2), "duplicate", 0, NULL);
	/* The same revision with other content: rejected, nothing changes. */
	post_one(ticket_200_rev2(3), "rejected", -1, "2 already recorded with other content");
	/* A lower revision: stale, a duplicate; revision 2 stays. */
	post_one(ticket1("JKT-1", "T-200", 1, "2027-03-02T19:00:00+07:00", "NASGOR", 1, 35000),
		 "duplicate", 0, NULL);
	expect_day("2027-03-02", 0, rev2);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT revision FROM tickets WHERE external_id = 'T-200'",
					NULL),
			 2);

	/* Revision 3 moves the sale to the next morning: the rollups move with it. */
	post_one(ticket1("JKT-1", "T-200", 3, "2027-03-03T09:00:00+07:00", "NASGOR", 1, 35000),
		 "updated", 0, NULL);
	expect_day("2027-03-02", 0, zero);
	expect_day("2027-03-03", 0,
		   (struct figures){.gross_sales = 35000, .net_sales = 35000, .tickets = 1,
				    .covers = 1, .average_ticket = 35000});
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM ticket_lines l JOIN tickets t ON "
					"t.id = l.ticket_id WHERE t.external_id = 'T-200'",
					NULL),
			 1);
}

/* T-300: 3 × Kopi Susu Rp 25.000 on 5 March 13:00 WIB, with refunds added over
 * its revisions: R-1 Rp 25.000 on 6 March 10:00, R-2 Rp 10.000 on 7 March
 * 11:00, R-3 Rp 5.000 on 8 March 02:00 (before the cut-off: business day 7 March). */
static json_t *ticket_300(int64_t rev, bool r1, bool r2, bool r3)
{
	json_t *t = ticket1("JKT-1", "T-300", rev, "2027-03-05T13:00:00+07:00", "KOPI-SUSU", 3,
			    25000);
	json_t *refunds = json_array();
	if (r1)
		json_array_append_new(refunds,
				      json_pack("{s:s, s:s, s:i, s:s, s:[{s:s, s:i, s:i}]}",
						"refund_id", "R-1", "at", "2027-03-06T10:00:00+07:00",
						"amount", 25000, "reason", "salah pesanan", "lines",
						"item_id", "KOPI-SUSU", "qty", 1, "amount", 25000));
	if (r2)
		json_array_append_new(refunds, json_pack("{s:s, s:s, s:i}", "refund_id", "R-2", "at",
							 "2027-03-07T04:00:00Z", "amount", 10000));
	if (r3)
		json_array_append_new(refunds, json_pack("{s:s, s:s, s:i}", "refund_id", "R-3", "at",
							 "2027-03-08T02:00:00+07:00", "amount", 5000));
	json_object_set_new(t, "refunds", refunds);
	return t;
}

static void test_refunds(void **state)
{
	(void)state;
	post_one(ticket_300(1, true, false, false), "created", 1, NULL);
	const struct figures sale = {.gross_sales = 75000, .net_sales = 75000, .tickets = 1,
				     .covers = 1, .average_ticket = 75000};
	const struct figures r1 = {.refunds = 25000, .net_sales = -25000, .refund_count = 1};
	expect_day("2027-03-05", 0, sale);
	expect_day("2027-03-06", 0, r1);

	/* Re-sent: the refund is not added again. */
	post_one(ticket_300(1, true, false, false), "duplicate", 0, NULL);
	expect_day("2027-03-06", 0, r1);

	/* Revision 2 carries R-1 again and a new R-2: only R-2 is added. */
	post_one(ticket_300(2, true, true, false), "updated", 1, NULL);
	/* Revision 3 omits both and adds R-3: nothing is removed. */
	post_one(ticket_300(3, false, false, true), "updated", 1, NULL);
	/* A stale revision 2 again changes nothing. */
	post_one(ticket_300(2, true, true, false), "duplicate", 0, NULL);

	expect_day("2027-03-05", 0, sale);
	expect_day("2027-03-06", 0, r1);
	expect_day("2027-03-07", 0,
		   (struct figures){.refunds = 15000, .net_sales = -15000, .refund_count = 2});
	expect_day("2027-03-08", 0, zero);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM refunds r JOIN tickets t ON t.id = "
					"r.ticket_id WHERE t.external_id = 'T-300'",
					NULL),
			 3);

	/* Over the three days: 75.000 sold, 40.000 given back. */
	struct e2e_resp r;
	summary("2027-03-05", "2027-03-07", 0, &r);
	assert_int_equal(e2e_json_int(r.json, "totals.net_sales"), 35000);
	assert_int_equal(e2e_json_int(r.json, "totals.refunds"), 40000);
	assert_int_equal(e2e_json_int(r.json, "totals.refund_count"), 3);
	assert_int_equal(e2e_json_int(r.json, "totals.tickets"), 1);
	e2e_resp_free(&r);

	/* A ticket with refunds cannot be voided afterwards. */
	json_t *v = ticket_300(4, false, false, false);
	json_object_set_new(v, "status", json_string("void"));
	post_one(v, "rejected", -1, NULL);
	expect_day("2027-03-05", 0, sale);

	/* A refund before the sale, and refunds over the ticket's net, are rejected. */
	json_t *t = ticket1("JKT-1", "T-301", 1, "2027-03-05T13:00:00+07:00", "KOPI-SUSU", 1,
			    25000);
	json_object_set_new(t, "refunds",
			    json_pack("[{s:s, s:s, s:i}]", "refund_id", "R-9", "at",
				      "2027-03-05T12:59:59+07:00", "amount", 1000));
	post_one(t, "rejected", -1, "refunds[0].at");
	t = ticket1("JKT-1", "T-302", 1, "2027-03-05T13:00:00+07:00", "KOPI-SUSU", 1, 25000);
	json_object_set_new(t, "refunds",
			    json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "refund_id", "R-1", "at",
				      "2027-03-05T14:00:00+07:00", "amount", 20000, "refund_id",
				      "R-2", "at", "2027-03-05T15:00:00+07:00", "amount", 5001));
	post_one(t, "rejected", -1, "refund");
	expect_day("2027-03-05", 0, sale);
}

static void test_voids(void **state)
{
	(void)state;
	post_one(ticket1("JKT-1", "T-400", 1, "2027-03-08T12:00:00+07:00", "NASGOR", 1, 50000),
		 "created", 0, NULL);
	json_t *v = ticket1("JKT-1", "T-401", 1, "2027-03-08T12:10:00+07:00", "ES-TEH", 1, 40000);
	json_object_set_new(v, "status", json_string("void"));
	post_one(v, "created", 0, NULL);
	expect_day("2027-03-08", 0,
		   (struct figures){.gross_sales = 50000, .net_sales = 50000, .tickets = 1,
				    .covers = 1, .average_ticket = 50000, .voids = 1});

	/* Voiding T-400 by a revision takes its sale away. */
	v = ticket1("JKT-1", "T-400", 2, "2027-03-08T12:00:00+07:00", "NASGOR", 1, 50000);
	json_object_set_new(v, "status", json_string("void"));
	post_one(v, "updated", 0, NULL);
	expect_day("2027-03-08", 0, (struct figures){.voids = 2});
	expect_day("2027-03-08", outlet_jkt, (struct figures){.voids = 2});
}

/* Amounts are distinct powers of two times Rp 10.000, so a misplaced sale shows. */
static void test_business_day_cutoff(void **state)
{
	(void)state;
	struct e2e_resp r;
	json_t *batch = json_pack(
		"[o, o, o, o, o]",
		/* 01:30 WIB on the 10th: business day 9 March. */
		ticket1("JKT-1", "T-500", 1, "2027-03-10T01:30:00+07:00", "A", 1, 10000),
		/* 04:00 WIB exactly: the 10th. */
		ticket1("JKT-1", "T-501", 1, "2027-03-10T04:00:00+07:00", "B", 1, 20000),
		/* 03:59:59 WIB on the 10th, written in UTC: the 9th. */
		ticket1("JKT-1", "T-502", 1, "2027-03-09T20:59:59Z", "C", 1, 40000),
		/* 01:30 WIT on the 10th (16:30Z on the 9th): the 9th in Jayapura. */
		ticket1("JYP-1", "T-503", 1, "2027-03-09T16:30:00Z", "D", 1, 80000),
		/* 19:30Z on the 9th: 04:30 WIT on the 10th (02:30 in Jakarta). */
		ticket1("JYP-1", "T-504", 1, "2027-03-10T03:30:00+08:00", "E", 1, 160000));
	post(env.moka_key, batch, &r);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 5);
	e2e_resp_free(&r);

	expect_day("2027-03-09", 0,
		   (struct figures){.gross_sales = 130000, .net_sales = 130000, .tickets = 3,
				    .covers = 3, .average_ticket = 43333});
	expect_day("2027-03-10", 0,
		   (struct figures){.gross_sales = 180000, .net_sales = 180000, .tickets = 2,
				    .covers = 2, .average_ticket = 90000});
	expect_day("2027-03-09", outlet_jkt,
		   (struct figures){.gross_sales = 50000, .net_sales = 50000, .tickets = 2,
				    .covers = 2, .average_ticket = 25000});
	expect_day("2027-03-09", outlet_jyp,
		   (struct figures){.gross_sales = 80000, .net_sales = 80000, .tickets = 1,
				    .covers = 1, .average_ticket = 80000});
	expect_day("2027-03-10", outlet_jkt,
		   (struct figures){.gross_sales = 20000, .net_sales = 20000, .tickets = 1,
				    .covers = 1, .average_ticket = 20000});
	expect_day("2027-03-10", outlet_jyp,
		   (struct figures){.gross_sales = 160000, .net_sales = 160000, .tickets = 1,
				    .covers = 1, .average_ticket = 160000});
}

/* Sets lines[0].name = value (consumed) and returns t. */
static json_t *with_line(json_t *t, const char *name, json_t *value)
{
	json_object_set_new(e2e_json_get(t, "lines.0"), name, value);
	return t;
}

static json_t *with(json_t *t, const char *name, json_t *value)
{
	json_object_set_new(t, name, value);
	return t;
}

static void test_rejections_and_dead_letters(void **state)
{
	(void)state;
	const char *at = "2027-03-12T10:00:00+07:00";
	struct {
		json_t *ticket;
		const char *field; /* the reason must name it */
	} bad[] = {
		{with_line(ticket1("JKT-1", "T-601", 1, at, "A", 1, 10000), "qty", json_integer(0)),
		 "lines[0].qty"},
		{with_line(ticket1("JKT-1", "T-610", 1, at, "A", 1, 10000), "unit_price",
			   json_real(10000.0)),
		 "lines[0].unit_price"},
		{with_line(ticket1("JKT-1", "T-611", 1, at, "A", 1, 10000), "unit_price",
			   json_string("10000")),
		 "lines[0].unit_price"},
		{with(ticket1("JKT-1", "T-612", 1, at, "A", 1, 10000), "closed_at",
		      json_string("2027-03-12T10:00:00")),
		 "closed_at"},
		{with(ticket1("JKT-1", "T-613", 1, at, "A", 1, 10000), "payments",
		      json_pack("[{s:s, s:i}]", "method", "cash", "amount", 9999)),
		 "payments"},
		{with(ticket1("JKT-1", "T-614", 1, at, "A", 1, 10000), "channel",
		      json_string("delivery")),
		 "channel"},
		{ticket1("NOPE", "T-615", 1, at, "A", 1, 10000), "outlet_id"},
		{with(ticket1("JKT-1", "T-616", 1, at, "A", 1, 10000), "revision", json_integer(0)),
		 "revision"},
		{with_line(ticket1("JKT-1", "T-617", 1, at, "A", 1, 10000), "discount",
			   json_integer(10001)),
		 "lines[0].discount"},
		{with(ticket1("JKT-1", "T-618", 1, at, "A", 1, 10000), "opened_at",
		      json_string("2027-03-12T10:00:01+07:00")),
		 "opened_at"},
		{with(ticket1("JKT-1", "T-619", 1, at, "A", 1, 10000), "lines", json_array()),
		 "lines"},
		{with(ticket1("JKT-1", "T-620", 1, at, "A", 1, 10000), "covers", json_integer(-1)),
		 "covers"},
		{with(ticket1("JKT-1", "T-621", 1, at, "A", 1, 10000), "status", json_string("open")),
		 "status"},
		{with(ticket1("JKT-1", "T-622", 1, at, "A", 1, 10000), "tax", json_integer(-1)),
		 "tax"},
		{with_line(ticket1("JKT-1", "T-623", 1, at, "A", 1, 10000), "qty",
			   json_integer(10001)),
		 "lines[0].qty"},
		{with(ticket1("JKT-1", "T-624", 1, at, "A", 1, 10000), "rounding",
		      json_integer(1001)),
		 "rounding"},
		{with(ticket1("JKT-1", "T-625", 1, at, "A", 1, 10000), "closed_at",
		      json_string("2027-02-30T10:00:00+07:00")),
		 "closed_at"},
		{with(with(ticket1("JKT-1", "T-626", 1, at, "A", 1, 10000), "status",
			   json_string("void")),
		      "refunds",
		      json_pack("[{s:s, s:s, s:i}]", "refund_id", "R-1", "at", at, "amount", 1000)),
		 "refunds"},
	};
	size_t n_bad = sizeof bad / sizeof bad[0];
	int64_t dead_before = e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM dead_letters", NULL);
	assert_true(dead_before >= 0);

	/* The batch: a good ticket, the bad ones, another good ticket. */
	json_t *batch = json_array();
	json_array_append_new(batch, ticket1("JKT-1", "T-600", 1, at, "GOOD", 1, 12000));
	for (size_t i = 0; i < n_bad; i++)
		json_array_append_new(batch, bad[i].ticket);
	json_array_append_new(batch, ticket1("JKT-1", "T-602", 1, at, "GOOD", 2, 12000));
	struct e2e_resp r;
	post(env.moka_key, batch, &r);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "created");
	for (size_t i = 0; i < n_bad; i++) {
		json_t *res = e2e_json_get(r.json, "results");
		res = json_array_get(res, i + 1);
		const char *reason = e2e_json_str(res, "reason");
		if (strcmp(e2e_json_str(res, "outcome"), "rejected") != 0 ||
		    !strstr(reason, bad[i].field))
			fail_msg("bad ticket %zu: want rejected naming %s, got %s", i, bad[i].field,
				 r.body);
		if (e2e_json_int(res, "index") != (int64_t)(i + 1))
			fail_msg("bad ticket %zu: index %lld", i, (long long)e2e_json_int(res, "index"));
	}
	char last[32];
	snprintf(last, sizeof last, "results.%zu.outcome", n_bad + 1);
	assert_string_equal(e2e_json_str(r.json, last), "created");
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 2);
	assert_int_equal(e2e_json_int(r.json, "counts.rejected"), (int64_t)n_bad);
	const char *unknown = e2e_json_str(r.json, "results.7.reason");
	if (!strstr(unknown, "unknown outlet") || !strstr(unknown, "NOPE"))
		fail_msg("unknown outlet reason: %s", unknown);
	e2e_resp_free(&r);

	/* Kept as dead letters with the reason and the raw ticket. */
	assert_int_equal(e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM dead_letters", NULL),
			 dead_before + (int64_t)n_bad);
	assert_int_equal(e2e_sql_scalar(env.db,
					e2e_pg() ? "SELECT COUNT(*) FROM dead_letters WHERE "
						   "strpos(reason, 'lines[0].qty') > 0 AND "
						   "position('\"T-601\"'::bytea IN raw) > 0 AND "
						   "position('\"qty\"'::bytea IN raw) > 0"
						 : "SELECT COUNT(*) FROM dead_letters WHERE "
						   "instr(reason, 'lines[0].qty') > 0 AND instr(raw, "
						   "'\"T-601\"') > 0 AND instr(raw, '\"qty\"') > 0",
					NULL),
			 1);
	assert_int_equal(e2e_sql_scalar(env.db,
					e2e_pg() ? "SELECT COUNT(*) FROM dead_letters WHERE "
						   "position('\"T-600\"'::bytea IN raw) > 0 OR "
						   "position('\"T-602\"'::bytea IN raw) > 0"
						 : "SELECT COUNT(*) FROM dead_letters WHERE "
						   "instr(raw, '\"T-600\"') > 0 OR "
						   "instr(raw, '\"T-602\"') > 0",
					NULL),
			 0);
	/* 12.000 + 2 × 12.000 on the 12th. */
	expect_day("2027-03-12", 0,
		   (struct figures){.gross_sales = 36000, .net_sales = 36000, .tickets = 2,
				    .covers = 2, .average_ticket = 18000});
}

/* Everything above, as the independent SQL over the raw rows sees it, and the
 * kept rollups equal rebuilt ones. */
static void test_oracle_and_rollups_agree(void **state)
{
	(void)state;
	int64_t outlets[] = {0, outlet_jkt, outlet_jyp};
	for (size_t i = 0; i < 3; i++) {
		struct e2e_day *days;
		size_t n;
		char why[2048];
		if (e2e_oracle_days(env.db, merchant, outlets[i], "2027-02-28", "2027-03-13", &days,
				    &n, why, sizeof why))
			fail_msg("oracle: %s", why);
		struct e2e_resp r;
		summary("2027-02-28", "2027-03-13", outlets[i], &r);
		int bad = e2e_summary_matches(r.json, days, n, why, sizeof why);
		free(days);
		e2e_resp_free(&r);
		if (bad)
			fail_msg("outlet %lld: summary differs from raw rows:%s", (long long)outlets[i],
				 why);
	}
	assert_int_equal(e2e_cli(&env, true, NULL, 0, "rollups", "check", NULL), 0);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_then_duplicate),
		cmocka_unit_test(test_revisions),
		cmocka_unit_test(test_refunds),
		cmocka_unit_test(test_voids),
		cmocka_unit_test(test_business_day_cutoff),
		cmocka_unit_test(test_rejections_and_dead_letters),
		cmocka_unit_test(test_oracle_and_rollups_agree),
	};
	return cmocka_run_group_tests_name("e2e_ingest", tests, setup, teardown);
}
