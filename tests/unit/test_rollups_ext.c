/* Unit tests for the analytics rollups of store/rollups_ext.h, kept by ingest:
 * item pairs (read across a month boundary, whole months and one outlet),
 * cashier days through a revision that changes the cashier of a refunded
 * ticket, the coarser copies (outlet days, item months, weekday hours) against
 * the core's day and hour rollups, and all of them equal after a rebuild.
 * Runs on SQLite, and with --pg on a fresh PostgreSQL database.
 *
 * The tickets (every item Rp 10.000; outlet JKT-1 in WIB, DJJ-1 in WIT):
 *   T1 ani→budi Jan 31  A, B (B: line discount 1.000), refunded 5.000 on Feb 2
 *   T2 budi→citra Jan 31 A, B, C, then revision 2: A, C
 *   T3 ani   Feb 1   B, C, ticket discount 2.000
 *   T4 budi  Feb 1   A, void
 *   T5 —     Feb 2   A, C at DJJ-1
 *   T6 ani   Feb 3   A on two lines
 *   T7 dewi  Feb 3   A, B, C with a refund larger than its sales: rejected
 * and, last, T1 again with two new refunds of 9.000 (Feb 2 and 3): with R1
 * only 14.000 is left, so the second is refused after the first was counted;
 * the ticket is rejected and neither may stay in any rollup.
 * Expected figures are worked out by hand in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

/* 2027-02-01 is day 20850 (1801440000 s ÷ 86400). */
#define JAN(d) ((day_t)(20818 + (d)))
#define FEB(d) ((day_t)(20849 + (d)))

static struct testdb DB;
static struct store *S;
static struct principal MOKA;
static int64_t MERCHANT, JKT, DJJ, A, B, C;

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

/* One ticket: items is a string of item letters (one line each, qty 1),
 * line_disc the discount on item B's line, tdisc a ticket discount. */
struct tk {
	const char *outlet, *id, *at, *cashier, *items, *refunds;
	int rev;
	bool is_void, rejected; /* rejected: ingest must refuse it */
	int64_t line_disc, tdisc;
};

static void send(const struct tk *t)
{
	char body[4096];
	int64_t due = 0;
	int off = snprintf(body, sizeof body,
			   "[{\"outlet_id\": \"%s\", \"ticket_id\": \"%s\", \"revision\": %d,"
			   " \"status\": \"%s\", \"closed_at\": \"%s\", \"channel\": \"dine_in\", \"lines\": [",
			   t->outlet ? t->outlet : "JKT-1", t->id, t->rev ? t->rev : 1,
			   t->is_void ? "void" : "closed", t->at);
	for (const char *p = t->items; *p; p++) {
		int64_t disc = *p == 'B' ? t->line_disc : 0;
		off += snprintf(body + off, sizeof body - (size_t)off,
				"%s{\"item_id\": \"%c\", \"name\": \"Item %c\", \"category\": \"Menu\","
				" \"qty\": 1, \"unit_price\": 10000, \"discount\": %lld}",
				p == t->items ? "" : ", ", *p, *p, (long long)disc);
		due += 10000 - disc;
	}
	off += snprintf(body + off, sizeof body - (size_t)off, "]");
	if (t->cashier)
		off += snprintf(body + off, sizeof body - (size_t)off, ", \"cashier_id\": \"%s\"",
				t->cashier);
	if (t->tdisc) {
		off += snprintf(body + off, sizeof body - (size_t)off,
				", \"discounts\": [{\"name\": \"promo\", \"amount\": %lld}]",
				(long long)t->tdisc);
		due -= t->tdisc;
	}
	if (!t->is_void)
		off += snprintf(body + off, sizeof body - (size_t)off,
				", \"payments\": [{\"method\": \"cash\", \"amount\": %lld}]",
				(long long)due);
	if (t->refunds)
		off += snprintf(body + off, sizeof body - (size_t)off, ", \"refunds\": %s", t->refunds);
	snprintf(body + off, sizeof body - (size_t)off, "}]");

	struct arena a;
	struct ingest_batch b;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = ingest_batch_parse(body, strlen(body), &MOKA, &a, &b, &err);
	if (st == CLARIO_OK)
		st = ingest_apply(S, &b, &err);
	if (st == CLARIO_OK && (b.results[0].outcome == INGEST_REJECTED) != t->rejected)
		fail_msg("ticket %s: outcome %s (%s)", t->id,
			 ingest_outcome_name(b.results[0].outcome), b.results[0].reason);
	arena_release(&a);
	ok(st, &err);
}

#define SEND(...) send(&(struct tk){__VA_ARGS__})
#define R1 "[{\"refund_id\": \"R1\", \"at\": \"2027-02-02T12:00:00+07:00\", \"amount\": 5000}]"

static int64_t item_id(const char *external)
{
	struct store_item *items = NULL;
	size_t n = 0;
	struct clario_err err = {0};
	ok(store_analysis_items(S, MERCHANT, &items, &n, &err), &err);
	int64_t id = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].external_id, external) == 0)
			id = items[i].id;
	free(items);
	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t partner;
	if (store_open(DB.url, NULL, &S, &err) ||
	    store_partner_create(S, "moka", "Moka POS", STORE_PARTNER_POS, &partner, &err) ||
	    store_merchant_create(S, partner, "Kopi Senja", "cafe", &MERCHANT, &err) ||
	    store_outlet_create(S, MERCHANT, "moka", "JKT-1", "Kemang", "Asia/Jakarta", 14400, &JKT,
				&err) ||
	    store_outlet_create(S, MERCHANT, "moka", "DJJ-1", "Jayapura", "Asia/Jayapura", 14400,
				&DJJ, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	MOKA = (struct principal){.kind = PRINCIPAL_PARTNER, .partner_id = partner};
	snprintf(MOKA.partner_code, sizeof MOKA.partner_code, "moka");
	snprintf(MOKA.key_id, sizeof MOKA.key_id, "key-moka");
	SEND(.id = "T1", .at = "2027-01-31T10:00:00+07:00", .cashier = "ani", .items = "AB",
	     .line_disc = 1000);
	SEND(.id = "T2", .at = "2027-01-31T11:00:00+07:00", .cashier = "budi", .items = "ABC");
	SEND(.id = "T3", .at = "2027-02-01T09:00:00+07:00", .cashier = "ani", .items = "BC",
	     .tdisc = 2000);
	SEND(.id = "T4", .at = "2027-02-01T13:00:00+07:00", .cashier = "budi", .items = "A",
	     .is_void = true);
	SEND(.outlet = "DJJ-1", .id = "T5", .at = "2027-02-02T10:00:00+09:00", .items = "AC");
	SEND(.id = "T6", .at = "2027-02-03T19:30:00+07:00", .cashier = "ani", .items = "AA");
	SEND(.id = "T7", .at = "2027-02-03T20:00:00+07:00", .cashier = "dewi", .items = "ABC",
	     .refunds = "[{\"refund_id\": \"R9\", \"at\": \"2027-02-03T21:00:00+07:00\","
			" \"amount\": 40000}]", .rejected = true);
	/* The refund on T1 while ani is its cashier; then T2 and T1 revised. */
	SEND(.id = "T1", .at = "2027-01-31T10:00:00+07:00", .cashier = "ani", .items = "AB",
	     .line_disc = 1000, .refunds = R1);
	SEND(.id = "T2", .rev = 2, .at = "2027-01-31T11:00:00+07:00", .cashier = "citra", .items = "AC");
	SEND(.id = "T1", .rev = 2, .at = "2027-01-31T10:00:00+07:00", .cashier = "budi", .items = "AB",
	     .line_disc = 1000, .refunds = R1);
	SEND(.id = "T1", .rev = 2, .at = "2027-01-31T10:00:00+07:00", .cashier = "budi", .items = "AB",
	     .line_disc = 1000, .rejected = true,
	     .refunds = "[{\"refund_id\": \"R2\", \"at\": \"2027-02-02T13:00:00+07:00\","
			" \"amount\": 9000}, {\"refund_id\": \"R3\", \"at\":"
			" \"2027-02-03T13:00:00+07:00\", \"amount\": 9000}]");
	A = item_id("A");
	B = item_id("B");
	C = item_id("C");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(S);
	return 0;
}

/* Pairs over from..to (outlet 0: all) equal want[] (a, b, tickets), in (a, b) order. */
static void expect_pairs(int64_t outlet, day_t from, day_t to, const int64_t (*want)[3], size_t n)
{
	struct rollup_pair *p = NULL;
	size_t got = 0;
	struct clario_err err = {0};
	ok(store_rollup_pairs_query(S, MERCHANT, outlet, from, to, &p, &got, &err), &err);
	if (got != n) {
		for (size_t i = 0; i < got; i++)
			fprintf(stderr, "  got %lld %lld %lld\n", (long long)p[i].a, (long long)p[i].b,
				(long long)p[i].tickets);
		fail_msg("%zu pair rows, expected %zu", got, n);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i].a, want[i][0]);
		assert_int_equal(p[i].b, want[i][1]);
		assert_int_equal(p[i].tickets, want[i][2]);
	}
	free(p);
}

static void test_pairs(void **state)
{
	(void)state;
	/* Closed tickets as they stand: T1 {A,B}, T2 {A,C}, T3 {B,C}, T5 {A,C},
	 * T6 {A} (two lines, one item); T4 is void. Item ids are A < B < C. */
	assert_true(A < B && B < C);
	const int64_t all[][3] = {
		{0, 0, 5}, {A, A, 4}, {A, B, 1}, {A, C, 2}, {B, B, 2}, {B, C, 1}, {C, C, 3},
	};
	expect_pairs(0, JAN(31), FEB(3), all, 7);    /* day rows only: no whole month */
	expect_pairs(0, JAN(1), FEB(28), all, 7);    /* two whole months */
	expect_pairs(0, JAN(20), FEB(10), all, 7);   /* edges on both sides, no month */
	expect_pairs(0, JAN(31), FEB(28), all, 7);   /* one day, then February whole */
	/* Feb 1-2: T3 {B,C} and T5 {A,C}. */
	const int64_t feb12[][3] = {{0, 0, 2}, {A, A, 1}, {A, C, 1}, {B, B, 1}, {B, C, 1}, {C, C, 2}};
	expect_pairs(0, FEB(1), FEB(2), feb12, 6);
	/* DJJ-1 alone: T5. */
	const int64_t djj[][3] = {{0, 0, 1}, {A, A, 1}, {A, C, 1}, {C, C, 1}};
	expect_pairs(DJJ, JAN(1), FEB(28), djj, 4);
	/* January alone at JKT-1: T1 and T2 (revision 2: B gone from it). */
	const int64_t jan[][3] = {{0, 0, 2}, {A, A, 2}, {A, B, 1}, {A, C, 1}, {B, B, 1}, {C, C, 1}};
	expect_pairs(JKT, JAN(1), JAN(31), jan, 6);
	expect_pairs(0, JAN(1), JAN(30), NULL, 0);
}

static void test_cashiers(void **state)
{
	(void)state;
	struct store_cashier_day *d = NULL;
	size_t n = 0;
	struct clario_err err = {0};
	ok(store_analysis_cashier_days(S, MERCHANT, 0, JAN(1), FEB(28), &d, &n, &err), &err);
	/* T1 is budi's since its revision, with its discount and the refund on
	 * Feb 2 (moved from ani); T2 is citra's (moved from budi); T3 ani's
	 * discounted; T4 budi's void; T6 ani's; T5 has no cashier. */
	static const struct {
		const char *cashier;
		int day;
		int64_t closed, voids, discounted, refunds;
	} want[] = {
		{"ani", 20850, 1, 0, 1, 0},   /* Feb 1: T3 */
		{"ani", 20852, 1, 0, 0, 0},   /* Feb 3: T6 */
		{"budi", 20849, 1, 0, 1, 0},  /* Jan 31: T1 */
		{"budi", 20850, 0, 1, 0, 0},  /* Feb 1: T4 */
		{"budi", 20851, 0, 0, 0, 1},  /* Feb 2: R1 */
		{"citra", 20849, 1, 0, 0, 0}, /* Jan 31: T2 */
	};
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(d[i].outlet_id, JKT);
		assert_string_equal(d[i].cashier, want[i].cashier);
		assert_int_equal(d[i].day, want[i].day);
		assert_int_equal(d[i].closed, want[i].closed);
		assert_int_equal(d[i].voids, want[i].voids);
		assert_int_equal(d[i].discounted, want[i].discounted);
		assert_int_equal(d[i].refunds, want[i].refunds);
	}
	free(d);
}

/* The coarser copies against the core tables they copy, over ranges that
 * cross the month boundary or cover whole months. */
static void test_coarse_copies(void **state)
{
	(void)state;
	static const day_t ranges[][2] = {
		{20849, 20852}, {20819, 20876}, {20849, 20850}, {20851, 20851}, {20850, 20876},
	};
	struct clario_err err = {0};
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		day_t from = ranges[r][0], to = ranges[r][1];
		/* Item sums = Σ of the item days. */
		struct rollup_item_day *days = NULL, *sums = NULL;
		size_t nd = 0, ns = 0;
		ok(store_analysis_item_days(S, MERCHANT, 0, from, to, &days, &nd, &err), &err);
		ok(store_rollup_item_sums(S, MERCHANT, 0, from, to, &sums, &ns, &err), &err);
		size_t matched = 0;
		for (size_t i = 0; i < ns; i++) {
			struct rollup_item_day t = {0};
			for (size_t k = 0; k < nd; k++)
				if (days[k].item_id == sums[i].item_id) {
					t.qty += days[k].qty;
					t.gross += days[k].gross;
					t.discounts += days[k].discounts;
					t.tickets += days[k].tickets;
					t.refunds += days[k].refunds;
					matched++;
				}
			assert_int_equal(sums[i].day, from);
			assert_int_equal(sums[i].qty, t.qty);
			assert_int_equal(sums[i].gross, t.gross);
			assert_int_equal(sums[i].discounts, t.discounts);
			assert_int_equal(sums[i].tickets, t.tickets);
			assert_int_equal(sums[i].refunds, t.refunds);
		}
		assert_int_equal(matched, nd);
		free(days);
		free(sums);
		/* Day rollups = the hour rollups folded per day; weekday hours = the
		 * hour rollups folded per weekday and hour. */
		struct rollup_hour *hours = NULL, *dd = NULL;
		struct rollup_weekhour *wh = NULL;
		size_t nh = 0, ndd = 0, nwh = 0;
		ok(store_rollup_hours_query(S, MERCHANT, 0, from, to, &hours, &nh, &err), &err);
		ok(store_rollup_days_query(S, MERCHANT, 0, from, to, &dd, &ndd, &err), &err);
		ok(store_rollup_weekhours(S, MERCHANT, 0, from, to, &wh, &nwh, &err), &err);
		int64_t net[7][24] = {{0}}, tickets[7][24] = {{0}};
		for (size_t i = 0; i < ndd; i++) {
			int64_t gross = 0, refunds = 0, count = 0, voids = 0;
			for (size_t k = 0; k < nh; k++)
				if (hours[k].day == dd[i].day) {
					gross += hours[k].gross;
					refunds += hours[k].refunds;
					count += hours[k].tickets;
					voids += hours[k].voids;
				}
			assert_int_equal(dd[i].gross, gross);
			assert_int_equal(dd[i].refunds, refunds);
			assert_int_equal(dd[i].tickets, count);
			assert_int_equal(dd[i].voids, voids);
		}
		for (size_t k = 0; k < nh; k++) {
			int w = (int)((hours[k].day + 3) % 7); /* 0 = Monday; day 0 was a Thursday */
			net[w][hours[k].hour] += hours[k].gross - hours[k].line_discounts -
						 hours[k].ticket_discounts - hours[k].refunds;
			tickets[w][hours[k].hour] += hours[k].tickets;
		}
		for (size_t i = 0; i < nwh; i++) {
			assert_int_equal(wh[i].net_sales, net[wh[i].weekday][wh[i].hour]);
			assert_int_equal(wh[i].tickets, tickets[wh[i].weekday][wh[i].hour]);
			net[wh[i].weekday][wh[i].hour] = tickets[wh[i].weekday][wh[i].hour] = 0;
		}
		for (int w = 0; w < 7; w++)
			for (int h = 0; h < 24; h++)
				assert_true(net[w][h] == 0 && tickets[w][h] == 0);
		free(hours);
		free(dd);
		free(wh);
	}
	/* A hand check of one day: Feb 1 at JKT-1 is T3 (Rp 20.000 gross, 2.000
	 * off) and the void T4 (Rp 10.000). */
	struct rollup_hour *dd = NULL;
	size_t ndd = 0;
	ok(store_rollup_days_query(S, MERCHANT, JKT, FEB(1), FEB(1), &dd, &ndd, &err), &err);
	assert_int_equal(ndd, 1);
	assert_int_equal(dd[0].gross, 20000);
	assert_int_equal(dd[0].ticket_discounts, 2000);
	assert_int_equal(dd[0].tickets, 1);
	assert_int_equal(dd[0].voids, 1);
	assert_int_equal(dd[0].void_gross, 10000);
	free(dd);
}

static void test_rebuild_equal(void **state)
{
	(void)state;
	char *kept = NULL, *rebuilt = NULL;
	struct clario_err err = {0};
	ok(store_rollups_dump(S, &kept, &err), &err);
	assert_non_null(strstr(kept, "-- pairs by month\n"));
	assert_non_null(strstr(kept, "-- weekday hours\n"));
	ok(ingest_rebuild_rollups(S, &err), &err);
	ok(store_rollups_dump(S, &rebuilt, &err), &err);
	assert_string_equal(kept, rebuilt);
	free(kept);
	free(rebuilt);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "rollups_ext") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_cashiers),
		cmocka_unit_test(test_coarse_copies),
		cmocka_unit_test(test_rebuild_equal),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
