/* Unit tests for the mix rollups (store/rollups_mix.h) and the reads over them
 * (store/analysis_mix.h): tickets go through ingest as the API sends them
 * (inserts, a revision that moves day, channel and customer, a void revision,
 * a refund), then each read is checked against hand arithmetic, the kept rows
 * against the migration's backfill SQL over the raw tickets (an independent
 * computation) and against a rebuild. Runs on SQLite, and with --pg on a fresh
 * PostgreSQL database.
 *
 * Days: merchant "Senja" (cafe) has outlets JKT-1 and JKT-2 (Asia/Jakarta,
 * cut-off 04:00: noon local is that date's business day); merchant "Lain"
 * (cafe) has LAIN-1. Items KOPI 20 000 and ROTI 15 000.
 *   T1 JKT-1 2027-01-31 gofood   KOPI×2 (line disc 4 000) + ROTI×1, ticket disc 1 000,
 *      customer c1, gopay 50 000: gross 55 000, base 50 000
 *   T2 JKT-2 2027-02-01 gofood   KOPI×1 + ROTI×2 = 50 000, c1, cash 30 000 + cash 20 000
 *   T3 JKT-1 2027-02-01 dine_in  KOPI×1 = 20 000, c1, qris 20 000
 *   T4 JKT-1 2027-02-15 grabfood ROTI×1, c2, ovo 15 000; revision 2: 2027-03-01,
 *      shopeefood, ROTI×2 = 30 000, c3, ovo 30 000
 *   T5 JKT-2 2027-02-28 takeaway KOPI×1, no customer, cash; revision 2: void
 *   T7 LAIN-1 2027-02-10 dine_in KOPI×1 = 20 000, cash
 *   refund R1 of T1 at 2027-02-02 noon, 10 000. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "store/analysis_mix.h"
#include "store/rollups_mix.h"
#include "store/schema.h"
#include "store/sql.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

/* 2027-02-01 is day 20850: `date -u -d 2027-02-01 +%s` = 1801440000 = 20850 × 86400. */
#define FEB(d) ((day_t)(20849 + (d)))
#define JAN(d) ((day_t)(20818 + (d)))  /* JAN(31) = 20849 */
#define MAR(d) ((day_t)(20877 + (d)))  /* MAR(1) = FEB(28) + 1 */

static struct testdb DB;
static struct {
	struct store *s;
	int64_t moka_id, senja_id, lain_id, jkt1_id, jkt2_id, lain1_id;
	struct principal moka;
} FX;

static void ok(enum clario_status st, const struct clario_err *err, const char *what)
{
	if (st != CLARIO_OK)
		fail_msg("%s: status %d: %s", what, (int)st, err->msg);
}

static void apply(const char *body)
{
	struct arena a;
	struct ingest_batch b;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = ingest_batch_parse(body, strlen(body), &FX.moka, &a, &b, &err);
	if (st == CLARIO_OK)
		st = ingest_apply(FX.s, &b, &err);
	for (size_t i = 0; st == CLARIO_OK && i < b.n; i++)
		if (b.results[i].outcome == INGEST_REJECTED)
			fail_msg("ticket %zu rejected: %s", i, b.results[i].reason);
	arena_release(&a);
	ok(st, &err, "ingest");
}

#define KOPI(q, disc) "{\"item_id\": \"KOPI\", \"name\": \"Kopi\", \"qty\": " #q \
	", \"unit_price\": 20000, \"discount\": " #disc "}"
#define ROTI(q) "{\"item_id\": \"ROTI\", \"name\": \"Roti\", \"qty\": " #q ", \"unit_price\": 15000}"
#define AT(date) "\"closed_at\": \"" date "T12:00:00+07:00\""

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store_options opts = {.migrate = true};
	if (store_open(DB.url, &opts, &FX.s, &err) ||
	    store_partner_create(FX.s, "moka", "Moka POS", STORE_PARTNER_POS, &FX.moka_id, &err) ||
	    store_merchant_create(FX.s, FX.moka_id, "Senja", "cafe", &FX.senja_id, &err) ||
	    store_merchant_create(FX.s, FX.moka_id, "Lain", "cafe", &FX.lain_id, &err) ||
	    store_outlet_create(FX.s, FX.senja_id, "moka", "JKT-1", "Senja 1", "Asia/Jakarta", 14400,
				&FX.jkt1_id, &err) ||
	    store_outlet_create(FX.s, FX.senja_id, "moka", "JKT-2", "Senja 2", "Asia/Jakarta", 14400,
				&FX.jkt2_id, &err) ||
	    store_outlet_create(FX.s, FX.lain_id, "moka", "LAIN-1", "Lain 1", "Asia/Jakarta", 14400,
				&FX.lain1_id, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	FX.moka = (struct principal){.kind = PRINCIPAL_PARTNER, .partner_id = FX.moka_id};
	snprintf(FX.moka.partner_code, sizeof FX.moka.partner_code, "moka");
	snprintf(FX.moka.key_id, sizeof FX.moka.key_id, "key-moka");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(FX.s);
	tz_cache_free();
	return 0;
}

/* ---- the spans a period reads ---- */

static void spans_split_whole_months(void **state)
{
	(void)state;
	struct mix_span sp[3];
	/* Jan 15 .. Mar 10: February whole, Jan 15-31 and Mar 1-10 as days. */
	assert_int_equal(store_mix_spans(JAN(15), MAR(10), sp), 3);
	assert_true(sp[0].span == 1 && sp[0].from == FEB(1) && sp[0].to == FEB(1));
	assert_true(sp[1].span == 0 && sp[1].from == JAN(15) && sp[1].to == JAN(31));
	assert_true(sp[2].span == 0 && sp[2].from == MAR(1) && sp[2].to == MAR(10));
	/* Exactly February: one month row range. */
	assert_int_equal(store_mix_spans(FEB(1), FEB(28), sp), 1);
	assert_true(sp[0].span == 1 && sp[0].from == FEB(1) && sp[0].to == FEB(1));
	/* Inside February: days only. */
	assert_int_equal(store_mix_spans(FEB(2), FEB(27), sp), 1);
	assert_true(sp[0].span == 0 && sp[0].from == FEB(2) && sp[0].to == FEB(27));
	/* Jan 31 .. Feb 28: February whole plus one day. */
	assert_int_equal(store_mix_spans(JAN(31), FEB(28), sp), 2);
	assert_true(sp[0].span == 1 && sp[0].from == FEB(1) && sp[0].to == FEB(1));
	assert_true(sp[1].span == 0 && sp[1].from == JAN(31) && sp[1].to == JAN(31));
	/* Dec 1 2026 .. Mar 31 2027: four months, Dec 1 2026 = JAN(1) − 31. */
	assert_int_equal(store_mix_spans(JAN(1) - 31, MAR(31), sp), 1);
	assert_true(sp[0].span == 1 && sp[0].from == JAN(1) - 31 && sp[0].to == MAR(1));
	assert_int_equal(store_mix_month(MAR(31)), MAR(1));
	assert_int_equal(store_mix_month(FEB(28)), FEB(1));
}

/* ---- the data ---- */

static void ingest_the_tickets(void **state)
{
	(void)state;
	apply("[{\"outlet_id\": \"JKT-1\", \"ticket_id\": \"T1\", \"status\": \"closed\", "
	      AT("2027-01-31") ", \"channel\": \"gofood\", \"customer_id\": \"c1\","
	      " \"lines\": [" KOPI(2, 4000) ", " ROTI(1) "],"
	      " \"discounts\": [{\"name\": \"promo\", \"amount\": 1000}],"
	      " \"payments\": [{\"method\": \"gopay\", \"amount\": 50000}]},"
	      "{\"outlet_id\": \"JKT-2\", \"ticket_id\": \"T2\", \"status\": \"closed\", "
	      AT("2027-02-01") ", \"channel\": \"gofood\", \"customer_id\": \"c1\","
	      " \"lines\": [" KOPI(1, 0) ", " ROTI(2) "],"
	      " \"payments\": [{\"method\": \"cash\", \"amount\": 30000},"
	      "  {\"method\": \"cash\", \"amount\": 20000}]},"
	      "{\"outlet_id\": \"JKT-1\", \"ticket_id\": \"T3\", \"status\": \"closed\", "
	      AT("2027-02-01") ", \"channel\": \"dine_in\", \"customer_id\": \"c1\","
	      " \"lines\": [" KOPI(1, 0) "], \"payments\": [{\"method\": \"qris\", \"amount\": 20000}]},"
	      "{\"outlet_id\": \"JKT-1\", \"ticket_id\": \"T4\", \"status\": \"closed\", "
	      AT("2027-02-15") ", \"channel\": \"grabfood\", \"customer_id\": \"c2\","
	      " \"lines\": [" ROTI(1) "], \"payments\": [{\"method\": \"ovo\", \"amount\": 15000}]},"
	      "{\"outlet_id\": \"JKT-2\", \"ticket_id\": \"T5\", \"status\": \"closed\", "
	      AT("2027-02-28") ", \"channel\": \"takeaway\","
	      " \"lines\": [" KOPI(1, 0) "], \"payments\": [{\"method\": \"cash\", \"amount\": 20000}]},"
	      "{\"outlet_id\": \"LAIN-1\", \"ticket_id\": \"T7\", \"status\": \"closed\", "
	      AT("2027-02-10") ", \"channel\": \"dine_in\","
	      " \"lines\": [" KOPI(1, 0) "], \"payments\": [{\"method\": \"cash\", \"amount\": 20000}]}]");
	/* Revisions take the first ones back: T4 moves day, channel and customer,
	 * T5 becomes a void; T1 gets a refund. */
	apply("[{\"outlet_id\": \"JKT-1\", \"ticket_id\": \"T4\", \"revision\": 2,"
	      " \"status\": \"closed\", " AT("2027-03-01") ", \"channel\": \"shopeefood\","
	      " \"customer_id\": \"c3\", \"lines\": [" ROTI(2) "],"
	      " \"payments\": [{\"method\": \"ovo\", \"amount\": 30000}]},"
	      "{\"outlet_id\": \"JKT-2\", \"ticket_id\": \"T5\", \"revision\": 2, \"status\": \"void\", "
	      AT("2027-02-28") ", \"channel\": \"takeaway\", \"lines\": [" KOPI(1, 0) "]},"
	      "{\"outlet_id\": \"JKT-1\", \"ticket_id\": \"T1\", \"status\": \"closed\", "
	      AT("2027-01-31") ", \"channel\": \"gofood\", \"customer_id\": \"c1\","
	      " \"lines\": [" KOPI(2, 4000) ", " ROTI(1) "],"
	      " \"discounts\": [{\"name\": \"promo\", \"amount\": 1000}],"
	      " \"payments\": [{\"method\": \"gopay\", \"amount\": 50000}],"
	      " \"refunds\": [{\"refund_id\": \"R1\", \"at\": \"2027-02-02T12:00:00+07:00\","
	      "  \"amount\": 10000}]}]");
}

/* ---- channel mix ---- */

struct chan_sum {
	int64_t tickets, rows_with_tickets;
	rupiah_t gross, line_disc, ticket_disc, known_cost, unknown_gross;
	bool other_base; /* a row with tickets whose base is not the expected one */
};

static void channel_sums(int64_t outlet_id, day_t from, day_t to, rupiah_t want_base,
			 enum sales_channel ch, struct chan_sum *out, rupiah_t *refunds)
{
	struct mix_channel_row *rows = NULL;
	struct mix_refund_row *ref = NULL;
	size_t n = 0, n_ref = 0;
	struct clario_err err = {0};
	ok(store_mix_channel_rows(FX.s, FX.senja_id, outlet_id, from, to, &rows, &n, &ref, &n_ref,
				  &err),
	   &err, "store_mix_channel_rows");
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].channel != ch)
			continue;
		out->tickets += rows[i].tickets;
		out->gross += rows[i].gross;
		out->line_disc += rows[i].line_discounts;
		out->ticket_disc += rows[i].ticket_discounts;
		out->known_cost += rows[i].known_cost;
		out->unknown_gross += rows[i].unknown_cost_gross;
		if (rows[i].tickets) {
			out->rows_with_tickets++;
			out->other_base |= rows[i].base != want_base;
		}
	}
	*refunds = 0;
	for (size_t i = 0; i < n_ref; i++)
		if (ref[i].channel == ch)
			*refunds += ref[i].amount;
	free(rows);
	free(ref);
}

static void set_cost(const char *item, rupiah_t cost)
{
	struct clario_err err = {0};
	ok(sql_exec(FX.s, "UPDATE items SET unit_cost = $1 WHERE merchant_id = $2 AND external_id = $3",
		    "setting a cost", SQL_ARGS(SQL_I(cost), SQL_I(FX.senja_id), SQL_T(item)), NULL,
		    &err),
	   &err, "set_cost");
}

static void channel_rows_by_hand(void **state)
{
	(void)state;
	set_cost("KOPI", 8000); /* ROTI keeps no cost */
	struct chan_sum g;
	rupiah_t refunds;
	/* Jan 31 .. Feb 28 (the day row of Jan 31 and February's month row):
	 * gofood T1 + T2, both base 50 000 (55 000 − 4 000 − 1 000; 50 000). */
	channel_sums(0, JAN(31), FEB(28), 50000, SALES_CHANNEL_GOFOOD, &g, &refunds);
	assert_int_equal(g.tickets, 2);
	assert_int_equal(g.gross, 105000);
	assert_int_equal(g.line_disc, 4000);
	assert_int_equal(g.ticket_disc, 1000);
	assert_false(g.other_base);
	assert_int_equal(g.known_cost, 3 * 8000); /* KOPI 2 + 1 */
	assert_int_equal(g.unknown_gross, 45000); /* ROTI 15 000 + 30 000 */
	assert_int_equal(refunds, 10000);         /* R1 on Feb 2 */
	/* dine_in: T3 (T7 is the other merchant's); base 0 off the platforms. */
	channel_sums(0, JAN(31), FEB(28), 0, SALES_CHANNEL_DINE_IN, &g, &refunds);
	assert_int_equal(g.tickets, 1);
	assert_int_equal(g.gross, 20000);
	assert_int_equal(g.known_cost, 8000);
	assert_false(g.other_base);
	/* The void T5 and the moved T4 are gone from February. */
	channel_sums(0, FEB(1), FEB(28), 0, SALES_CHANNEL_TAKEAWAY, &g, &refunds);
	assert_int_equal(g.tickets + g.gross, 0);
	channel_sums(0, FEB(1), FEB(28), 15000, SALES_CHANNEL_GRABFOOD, &g, &refunds);
	assert_int_equal(g.tickets + g.gross + g.unknown_gross, 0);
	channel_sums(0, FEB(1), MAR(1), 30000, SALES_CHANNEL_SHOPEEFOOD, &g, &refunds);
	assert_int_equal(g.tickets, 1);
	assert_int_equal(g.gross, 30000);
	assert_false(g.other_base);
	/* One outlet, part of February: JKT-2 Feb 1-2 has T2 alone. */
	channel_sums(FX.jkt2_id, FEB(1), FEB(2), 50000, SALES_CHANNEL_GOFOOD, &g, &refunds);
	assert_int_equal(g.tickets, 1);
	assert_int_equal(g.gross, 50000);
	assert_int_equal(refunds, 0); /* R1 was at JKT-1 */
	/* The cost is the catalogue's current one, whatever it was at sale time. */
	set_cost("KOPI", 9000);
	channel_sums(0, JAN(31), FEB(28), 50000, SALES_CHANNEL_GOFOOD, &g, &refunds);
	assert_int_equal(g.known_cost, 3 * 9000);
}

/* ---- payment mix ---- */

static void payment_rows_by_hand(void **state)
{
	(void)state;
	struct mix_payment_row *rows = NULL;
	size_t n = 0;
	struct clario_err err = {0};
	ok(store_mix_payment_rows(FX.s, FX.senja_id, 0, JAN(31), FEB(28), &rows, &n, &err), &err,
	   "store_mix_payment_rows");
	int64_t count[SALES_PAY_COUNT] = {0};
	rupiah_t amount[SALES_PAY_COUNT] = {0};
	for (size_t i = 0; i < n; i++) {
		assert_true(rows[i].day >= JAN(31) && rows[i].day <= FEB(28));
		count[rows[i].method] += rows[i].count;
		amount[rows[i].method] += rows[i].amount;
	}
	free(rows);
	assert_int_equal(count[SALES_PAY_GOPAY], 1);
	assert_int_equal(amount[SALES_PAY_GOPAY], 50000);
	assert_int_equal(count[SALES_PAY_CASH], 2); /* T2's split; T5 is void */
	assert_int_equal(amount[SALES_PAY_CASH], 50000);
	assert_int_equal(count[SALES_PAY_QRIS], 1);
	assert_int_equal(count[SALES_PAY_OVO], 0);  /* T4 moved to March 1 */
	ok(store_mix_payment_rows(FX.s, FX.senja_id, FX.jkt1_id, MAR(1), MAR(1), &rows, &n, &err),
	   &err, "store_mix_payment_rows");
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].method, SALES_PAY_OVO);
	assert_int_equal(rows[0].count, 1);
	assert_int_equal(rows[0].amount, 30000);
	free(rows);
}

/* ---- retention ---- */

static void visits_by_hand(void **state)
{
	(void)state;
	struct mix_visits v;
	struct clario_err err = {0};
	/* All outlets up to March 31: c1 on Jan 31 (T1, net 50 000) and Feb 1
	 * (T2 at JKT-2 + T3 at JKT-1: one visit of 2 tickets, 70 000); c3 on
	 * Mar 1 (T4, 30 000); c2 no longer exists. */
	ok(store_mix_visits(FX.s, FX.senja_id, 0, FEB(1), MAR(31), &v, &err), &err,
	   "store_mix_visits");
	assert_int_equal(v.period_tickets, 3);          /* T2, T3, T4 */
	assert_int_equal(v.period_customer_tickets, 3);
	assert_int_equal(v.n_customers, 2);
	assert_int_equal(v.n, 3);
	assert_true(v.rows[0].customer == 0 && v.rows[0].day == JAN(31) && v.rows[0].tickets == 1 &&
		    v.rows[0].net == 50000);
	assert_true(v.rows[1].customer == 0 && v.rows[1].day == FEB(1) && v.rows[1].tickets == 2 &&
		    v.rows[1].net == 70000);
	assert_true(v.rows[2].customer == 1 && v.rows[2].day == MAR(1) && v.rows[2].tickets == 1 &&
		    v.rows[2].net == 30000);
	store_mix_visits_release(&v);
	/* JKT-1 alone in February: T3 (T4 left for March); c1's Feb 1 is T3 only. */
	ok(store_mix_visits(FX.s, FX.senja_id, FX.jkt1_id, FEB(1), FEB(28), &v, &err), &err,
	   "store_mix_visits");
	assert_int_equal(v.period_tickets, 1);
	assert_int_equal(v.n, 2);
	assert_true(v.rows[1].day == FEB(1) && v.rows[1].tickets == 1 && v.rows[1].net == 20000);
	store_mix_visits_release(&v);
}

/* ---- peers ---- */

static void peers_by_hand(void **state)
{
	(void)state;
	struct mix_peer_row *rows = NULL;
	size_t n = 0;
	struct clario_err err = {0};
	/* February (whole month); the previous period is Jan 4-31 (28 days). */
	ok(store_mix_peer_rows(FX.s, "cafe", FEB(1), FEB(28), &rows, &n, &err), &err,
	   "store_mix_peer_rows");
	assert_int_equal(n, 2);
	const struct mix_peer_row *senja = &rows[0], *lain = &rows[1];
	assert_int_equal(senja->merchant_id, FX.senja_id);
	assert_int_equal(senja->gross, 70000);  /* T2 + T3 */
	assert_int_equal(senja->discounts, 0);
	assert_int_equal(senja->refunds, 10000);
	assert_int_equal(senja->tickets, 2);
	assert_int_equal(senja->voids, 1);      /* T5 */
	assert_int_equal(senja->delivery_tickets, 1);
	assert_int_equal(senja->prev_net, 50000); /* T1: 55 000 − 5 000 */
	assert_int_equal(senja->prev_tickets, 1);
	assert_int_equal(lain->gross, 20000);
	assert_int_equal(lain->tickets, 1);
	assert_int_equal(lain->prev_tickets, 0);
	free(rows);
	/* Feb 2 .. Mar 1 (days only): Senja has T4 (shopeefood) and the refund. */
	ok(store_mix_peer_rows(FX.s, "cafe", FEB(2), MAR(1), &rows, &n, &err), &err,
	   "store_mix_peer_rows");
	assert_int_equal(rows[0].gross, 30000);
	assert_int_equal(rows[0].refunds, 10000);
	assert_int_equal(rows[0].delivery_tickets, 1);
	assert_int_equal(rows[0].prev_tickets, 3); /* Jan 5 .. Feb 1: T1, T2, T3 */
	free(rows);
}

/* ---- kept rows against the raw tickets ---- */

static char *mix_dump(void)
{
	char *out = NULL;
	struct clario_err err = {0};
	ok(store_rollups_mix_dump(FX.s, &out, &err), &err, "store_rollups_mix_dump");
	return out;
}

/* The migration's backfill statements (those after the CREATE TABLEs), one by
 * one: sql_exec caches statements by address, so each gets a fixed buffer. */
static void run_backfill(void)
{
	static char stmts[16][4096];
	const char *text = DB.pg ? store__rollups_mix_schema[0].pg : store__rollups_mix_schema[0].sqlite;
	size_t k = 0;
	for (const char *p = text; *p && k < 16;) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		assert_true(len < sizeof stmts[0]);
		memcpy(stmts[k], p, len);
		stmts[k][len] = '\0';
		p += len + (end ? 1 : 0);
		if (strncmp(stmts[k], "CREATE", 6) == 0)
			continue;
		struct clario_err err = {0};
		ok(sql_exec(FX.s, stmts[k], "backfill", SQL_NOARGS, NULL, &err), &err, stmts[k]);
		k++;
	}
	assert_int_equal(k, 8);
}

static void kept_equals_backfill_and_rebuild(void **state)
{
	(void)state;
	struct clario_err err = {0};
	char *kept = mix_dump();
	assert_non_null(strstr(kept, "c3")); /* the data is there */
	ok(store_rollups_mix_clear(FX.s, &err), &err, "store_rollups_mix_clear");
	char *empty = mix_dump();
	assert_string_equal(empty, "--\n--\n--\n--\n--\n");
	run_backfill();
	char *filled = mix_dump();
	if (strcmp(kept, filled) != 0)
		fail_msg("kept:\n%s\nbackfilled:\n%s", kept, filled);
	ok(ingest_rebuild_rollups(FX.s, &err), &err, "ingest_rebuild_rollups");
	char *rebuilt = mix_dump();
	if (strcmp(kept, rebuilt) != 0)
		fail_msg("kept:\n%s\nrebuilt:\n%s", kept, rebuilt);
	free(kept);
	free(empty);
	free(filled);
	free(rebuilt);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "rollups_mix") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spans_split_whole_months),
		cmocka_unit_test(ingest_the_tickets),
		cmocka_unit_test(channel_rows_by_hand),
		cmocka_unit_test(payment_rows_by_hand),
		cmocka_unit_test(visits_by_hand),
		cmocka_unit_test(peers_by_hand),
		cmocka_unit_test(kept_equals_backfill_and_rebuild),
	};
	int rc = cmocka_run_group_tests_name(DB.pg ? "rollups-mix-pg" : "rollups-mix", tests, setup,
					     teardown);
	testdb_destroy(&DB);
	return rc;
}
