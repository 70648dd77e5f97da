/* End-to-end: the analytics endpoints on demo-like data (two outlets, one in
 * WIT, fourteen weeks, cut-off 04:00, voids, a cashier's void spree, refunds,
 * one larger than its day's sales), each answer compared with an independent
 * SQL computation over the raw ticket rows (business day and hour derived here
 * from closed_at / at, the zone's fixed offset and the cut-off — never the
 * stored business_day, hour or rollups); the forecast's backtest metrics
 * recomputed as defined; edge cases: empty period, a single ticket sold after
 * midnight in WIT, an item sold once, from after to, tenancy, dayparts, the
 * dashboard and its cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "sql.h"

#define DAYS 98               /* 14 weeks from Monday 2026-01-05 */
#define FIRST_DAY 20458       /* 2026-01-05 */
#define CUT (4 * 3600)
#define SPREE_FROM 60
#define SPREE_TO 66

static const char *clario_path;
static struct e2e_env env;
static int64_t merchant, other, outlet_ids[3];
static char merchant_key[E2E_KEY_MAX], other_key[E2E_KEY_MAX];

static const char *const outlet_ext[3] = {"JKT-1", "JYP-1", "SOLO-1"};
static const int64_t outlet_off[3] = {7 * 3600, 9 * 3600, 9 * 3600};

static const struct {
	const char *id, *name, *category;
	int64_t price;
} menu[] = {
	{"KOPI-SUSU", "Kopi Susu Gula Aren", "Coffee", 25000},
	{"AMERICANO", "Americano", "Coffee", 22000},
	{"CROISSANT", "Croissant", "Pastry", 30000},
	{"NASGOR", "Nasi Goreng Kampung", "Food", 35000},
	{"ES-TEH", "Es Teh Manis", "Drinks", 8000},
	{"MIE-AYAM", "Mie Ayam", "Food", 28000},
};
#define N_MENU 6

static uint64_t lcg = 20261123;

static int64_t rnd(int64_t lo, int64_t hi)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return lo + (int64_t)((lcg >> 33) % (uint64_t)(hi - lo + 1));
}

static void civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void date_text(int64_t day, char out[11])
{
	int y, m, d;
	civil(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Local wall time (seconds since epoch, local) written with the outlet's offset. */
static void time_text(int64_t local, int64_t off, char out[64])
{
	int y, m, d;
	civil(local / 86400, &y, &m, &d);
	int64_t s = local % 86400;
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", y, m, d, (int)(s / 3600),
		 (int)(s % 3600 / 60), (int)(s % 60), (int)(off / 3600));
}

/* One ticket: lines of distinct items (qty, line discount), paid exactly;
 * refund (if amount > 0) at refund_local. */
static json_t *ticket(int o, const char *id, int64_t local, bool is_void, const char *cashier,
		      const size_t *items, const int64_t *qty, const int64_t *disc, size_t n,
		      int64_t refund, int64_t refund_local)
{
	char at[64];
	time_text(local, outlet_off[o], at);
	json_t *lines = json_array();
	int64_t due = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_pack("{s:s, s:s, s:s, s:I, s:I}", "item_id", menu[items[i]].id, "name",
				      menu[items[i]].name, "category", menu[items[i]].category, "qty",
				      (json_int_t)qty[i], "unit_price", (json_int_t)menu[items[i]].price);
		if (disc[i])
			json_object_set_new(l, "discount", json_integer(disc[i]));
		json_array_append_new(lines, l);
		due += qty[i] * menu[items[i]].price - disc[i];
	}
	json_t *t = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:s, s:o, s:[{s:s, s:I}]}",
			      "outlet_id", outlet_ext[o], "ticket_id", id, "revision", 1, "status",
			      is_void ? "void" : "closed", "closed_at", at, "channel", "dine_in",
			      "covers", 1, "cashier_id", cashier, "lines", lines, "payments",
			      "method", "cash", "amount", (json_int_t)due);
	if (refund) {
		char rat[64];
		time_text(refund_local, outlet_off[o], rat);
		json_object_set_new(t, "refunds",
				    json_pack("[{s:s, s:s, s:I, s:s}]", "refund_id", "R1", "at", rat,
					      "amount", (json_int_t)refund, "reason", "komplain"));
	}
	return t;
}

static void post(json_t *batch)
{
	char *body = json_dumps(batch, JSON_COMPACT);
	struct e2e_resp r;
	assert_non_null(body);
	assert_int_equal(e2e_call(&env, "POST", "/v1/tickets", env.moka_key, body, &r), 0);
	free(body);
	if (r.status != 200)
		fail_msg("POST /v1/tickets: %ld %s", r.status, r.body);
	json_t *res = json_object_get(r.json, "results");
	for (size_t i = 0; i < json_array_size(res); i++) {
		const char *oc = e2e_json_str(json_array_get(res, i), "outcome");
		if (strcmp(oc, "created") != 0)
			fail_msg("ticket %zu: %s (%s)", i, oc, r.body);
	}
	e2e_resp_free(&r);
}

static void load_data(void)
{
	json_t *batch = json_array();
	size_t n_tickets = 0;
	char id[32];
	for (int64_t d = 0; d < DAYS; d++)
		for (int o = 0; o < 2; o++) {
			int64_t k = 3 + (d % 7) / 2 + rnd(0, 2) + (o == 0 ? 2 : 0);
			if (o == 1 && d == 95)
				k = 1; /* a quiet day for the big refund to exceed */
			for (int64_t j = 0; j < k; j++) {
				size_t items[3], n = (size_t)rnd(1, 3);
				int64_t qty[3], disc[3];
				size_t first = (size_t)rnd(0, N_MENU - 1);
				for (size_t i = 0; i < n; i++) {
					items[i] = (first + i * (size_t)rnd(1, 2)) % N_MENU;
					for (size_t q = 0; q < i; q++)
						if (items[q] == items[i])
							items[i] = (items[i] + 1) % N_MENU;
					qty[i] = rnd(1, 3);
					disc[i] = rnd(0, 9) == 0 ? qty[i] * menu[items[i]].price / 10 : 0;
				}
				/* Local clock: 07:00-23:59, or 00:00-03:59 (the previous
				 * business day). */
				int64_t tod = rnd(0, 9) < 8 ? rnd(7 * 3600, 24 * 3600 - 1)
							    : rnd(0, CUT - 1) + 86400;
				int64_t local = (FIRST_DAY + d) * 86400 + tod;
				const char *cashier = j % 3 == 0 ? "K1" : j % 3 == 1 ? "K2" : "K3";
				bool is_void = rnd(0, 99) < 2;
				if (o == 0 && j % 3 == 1 && d >= SPREE_FROM && d <= SPREE_TO)
					is_void = rnd(0, 1) == 0;
				int64_t refund = 0, rlocal = 0;
				if (!is_void && rnd(0, 49) == 0) {
					refund = 5000;
					rlocal = local + 3600 * rnd(1, 30);
				}
				snprintf(id, sizeof id, "T%d-%lld-%lld", o, (long long)d, (long long)j);
				json_array_append_new(batch, ticket(o, id, local, is_void, cashier, items,
								    qty, disc, n, refund, rlocal));
				n_tickets++;
				if (json_array_size(batch) == 100) {
					post(batch);
					json_decref(batch);
					batch = json_array();
				}
			}
		}
	/* A big order on day 5 at Jayapura, refunded in full on day 95 at 12:00:
	 * more than that day's sales. */
	size_t big_items[1] = {3};
	int64_t big_qty[1] = {20}, zero[1] = {0};
	json_array_append_new(batch, ticket(1, "BIG", (FIRST_DAY + 5) * 86400 + 12 * 3600, false,
					    "K1", big_items, big_qty, zero, 1, 700000,
					    (FIRST_DAY + 95) * 86400 + 12 * 3600));
	/* SOLO: one ticket on 2026-02-10 at 01:30 WIT → business day 2026-02-09
	 * (a Monday), hour 1: a croissant sold once. */
	size_t solo_items[1] = {2};
	int64_t solo_qty[1] = {1};
	json_array_append_new(batch, ticket(2, "SOLO", 20494 * 86400 + 5400, false, "K9",
					    solo_items, solo_qty, zero, 1, 0, 0));
	post(batch);
	json_decref(batch);
	(void)n_tickets;
}

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) || e2e_server_start(&env, NULL))
		return -1;
	merchant = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	other = e2e_create_merchant(&env, env.moka_key, "Warung Lain", "warung", NULL);
	if (merchant < 0 || other < 0)
		return -1;
	outlet_ids[0] = e2e_create_outlet(&env, env.moka_key, merchant, outlet_ext[0], "Senopati",
					  "Asia/Jakarta", "04:00", NULL);
	outlet_ids[1] = e2e_create_outlet(&env, env.moka_key, merchant, outlet_ext[1], "Jayapura",
					  "Asia/Jayapura", "04:00", NULL);
	outlet_ids[2] = e2e_create_outlet(&env, env.moka_key, merchant, outlet_ext[2], "Sentani",
					  "Asia/Jayapura", "04:00", NULL);
	if (outlet_ids[0] < 0 || outlet_ids[1] < 0 || outlet_ids[2] < 0 ||
	    e2e_merchant_key(&env, merchant, merchant_key) || e2e_merchant_key(&env, other, other_key))
		return -1;
	load_data();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

/* ---- the oracle: SQL over raw rows ---- */

/* Offsets and cut-off per outlet in SQL; ?1 is the merchant. */
#define O_CTE \
	"o AS (SELECT id, CASE tz WHEN 'Asia/Jakarta' THEN 25200 WHEN 'Asia/Makassar' THEN 28800" \
	" WHEN 'Asia/Jayapura' THEN 32400 END AS off, cutoff AS cut FROM outlets" \
	" WHERE merchant_id = CAST(?1 AS BIGINT))"

struct rows {
	int64_t v[2048][4];
	size_t n;
};

static int collect(void *ctx, int n, const char *const *v)
{
	struct rows *r = ctx;
	if (r->n == 2048 || n > 4)
		return -1;
	for (int i = 0; i < n; i++)
		r->v[r->n][i] = v[i] ? strtoll(v[i], NULL, 10) : 0;
	r->n++;
	return 0;
}

static void query(const char *sql, const struct e2e_sql_arg *args, size_t n, struct rows *out)
{
	char why[256];
	memset(out, 0, sizeof *out);
	if (e2e_sql_rows(env.db, sql, args, n, collect, out, why, sizeof why))
		fail_msg("oracle: %s", why);
}

/* Net per (business day, hour) of closed tickets' lines and refunds, for the
 * merchant (?1), outlet ?2 (0 = all), days ?3..?4. */
static const char net_sql[] =
	"WITH " O_CTE ","
	" s AS (SELECT (k.closed_at + o.off - o.cut) / 86400 AS day,"
	"   ((k.closed_at + o.off) % 86400) / 3600 AS hr,"
	"   l.qty * (l.unit_price + l.modifiers_total) - l.discount AS net, k.id AS tk"
	"   FROM tickets k JOIN o ON o.id = k.outlet_id JOIN ticket_lines l ON l.ticket_id = k.id"
	"   WHERE k.status = 'closed' AND (CAST(?2 AS BIGINT) = 0 OR k.outlet_id = CAST(?2 AS BIGINT))"
	"  UNION ALL SELECT (r.at + o.off - o.cut) / 86400, ((r.at + o.off) % 86400) / 3600,"
	"   -r.amount, 0 FROM refunds r JOIN o ON o.id = r.outlet_id"
	"   WHERE CAST(?2 AS BIGINT) = 0 OR r.outlet_id = CAST(?2 AS BIGINT))"
	" SELECT day, hr, sum(net), count(DISTINCT CASE WHEN tk > 0 THEN tk END) FROM s"
	" WHERE day BETWEEN CAST(?3 AS BIGINT) AND CAST(?4 AS BIGINT) GROUP BY day, hr ORDER BY day, hr";

static void net_rows(int64_t outlet, int64_t from, int64_t to, struct rows *out)
{
	/* A rows buffer holds 2048 (day, hour) cells: callers ask for ≤ 28 days. */
	struct e2e_sql_arg a[] = {{.num = merchant}, {.num = outlet}, {.num = from}, {.num = to}};
	query(net_sql, a, 4, out);
}

static int64_t round_div(int64_t a, int64_t b)
{
	if (b == 0)
		return 0;
	int64_t q = a / b, r = a % b;
	if (r < 0)
		r = -r;
	if (2 * r >= (b < 0 ? -b : b))
		q += ((a < 0) == (b < 0)) ? 1 : -1;
	return q;
}

static struct e2e_resp get(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static struct e2e_resp get(const char *key, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key, NULL, &r), 0);
	return r;
}

/* ---- tests ---- */

/* Heatmap over four weeks: every cell's average equals the SQL sum ÷ the
 * number of that weekday (4), and tickets likewise. */
static void test_heatmap_matches_sql(void **state)
{
	(void)state;
	int64_t from = FIRST_DAY + 28, to = FIRST_DAY + 55;
	char f[11], t[11];
	date_text(from, f);
	date_text(to, t);
	struct rows rows;
	net_rows(0, from, to, &rows);
	int64_t net[7][24] = {{0}}, tk[7][24] = {{0}};
	for (size_t i = 0; i < rows.n; i++) {
		int w = (int)((rows.v[i][0] + 3) % 7);
		net[w][rows.v[i][1]] += rows.v[i][2];
		tk[w][rows.v[i][1]] += rows.v[i][3];
	}
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/heatmap?from=%s&to=%s",
				(long long)merchant, f, t);
	assert_int_equal(r.status, 200);
	for (int w = 0; w < 7; w++) {
		json_t *day = json_array_get(json_object_get(r.json, "weekdays"), (size_t)w);
		assert_int_equal(e2e_json_int(day, "occurrences"), 4);
		for (int h = 0; h < 24; h++) {
			int64_t got = json_integer_value(json_array_get(json_object_get(day, "avg_net_sales"), (size_t)h));
			double gt = json_real_value(json_array_get(json_object_get(day, "avg_tickets"), (size_t)h));
			if (got != round_div(net[w][h], 4) || fabs(gt - (double)tk[w][h] / 4) > 1e-9)
				fail_msg("weekday %d hour %d: %lld/%g, SQL %lld/%lld", w, h, (long long)got,
					 gt, (long long)net[w][h], (long long)tk[w][h]);
		}
	}
	/* Dayparts add up to the period's net. */
	int64_t total = 0, parts = 0;
	for (int w = 0; w < 7; w++)
		for (int h = 0; h < 24; h++)
			total += net[w][h];
	json_t *dp = json_object_get(r.json, "dayparts");
	assert_int_equal(json_array_size(dp), 5);
	for (size_t i = 0; i < 5; i++)
		parts += e2e_json_int(json_array_get(dp, i), "net_sales");
	assert_int_equal(parts, total);
	e2e_resp_free(&r);
}

/* Comparison: four weeks against the four before, from SQL day sums. */
static void test_comparison_matches_sql(void **state)
{
	(void)state;
	int64_t from = FIRST_DAY + 56, to = FIRST_DAY + 83;
	char f[11], t[11];
	date_text(from, f);
	date_text(to, t);
	int64_t sums[2] = {0}, tickets[2] = {0};
	for (int k = 0; k < 2; k++) {
		struct rows rows;
		net_rows(outlet_ids[1], from - 28 * k, to - 28 * k, &rows);
		for (size_t i = 0; i < rows.n; i++) {
			sums[k] += rows.v[i][2];
			tickets[k] += rows.v[i][3];
		}
	}
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/comparison?from=%s&to=%s&outlet=%lld",
				(long long)merchant, f, t, (long long)outlet_ids[1]);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "vs_previous.net_sales.now"), sums[0]);
	assert_int_equal(e2e_json_int(r.json, "vs_previous.net_sales.base"), sums[1]);
	assert_int_equal(e2e_json_int(r.json, "vs_previous.tickets.now"), tickets[0]);
	assert_int_equal(e2e_json_int(r.json, "vs_previous.tickets.base"), tickets[1]);
	double pct = json_real_value(e2e_json_get(r.json, "vs_previous.net_sales.pct"));
	assert_true(fabs(pct - (double)(sums[0] - sums[1]) / (double)llabs(sums[1]) * 100) < 1e-9);
	/* A year back there is nothing: no percentage. */
	assert_int_equal(e2e_json_int(r.json, "vs_year_ago.net_sales.base"), 0);
	assert_true(json_is_null(e2e_json_get(r.json, "vs_year_ago.net_sales.pct")));
	e2e_resp_free(&r);
}

/* Day 95 at Jayapura: one small sale and a Rp 700,000 refund: negative net. */
static void test_refund_larger_than_sales(void **state)
{
	(void)state;
	struct rows rows;
	net_rows(outlet_ids[1], FIRST_DAY + 95, FIRST_DAY + 95, &rows);
	int64_t sql = 0;
	for (size_t i = 0; i < rows.n; i++)
		sql += rows.v[i][2];
	assert_true(sql < 0);
	char d[11];
	date_text(FIRST_DAY + 95, d);
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/comparison?from=%s&to=%s&outlet=%lld",
				(long long)merchant, d, d, (long long)outlet_ids[1]);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "vs_previous.net_sales.now"), sql);
	e2e_resp_free(&r);
}

/* Items: quantity and net per item over the whole period, from lines and the
 * stored refund allocations, dated by the refund. */
static void test_items_match_sql(void **state)
{
	(void)state;
	char f[11], t[11];
	date_text(FIRST_DAY, f);
	date_text(FIRST_DAY + DAYS - 1, t);
	static const char sql[] =
		"WITH " O_CTE ","
		" s AS (SELECT l.item_id AS item, l.qty AS qty,"
		"   l.qty * (l.unit_price + l.modifiers_total) - l.discount AS net,"
		"   (k.closed_at + o.off - o.cut) / 86400 AS day"
		"   FROM tickets k JOIN o ON o.id = k.outlet_id JOIN ticket_lines l ON l.ticket_id = k.id"
		"   WHERE k.status = 'closed'"
		"  UNION ALL SELECT rl.item_id, -rl.qty, -rl.amount, (r.at + o.off - o.cut) / 86400"
		"   FROM refunds r JOIN o ON o.id = r.outlet_id JOIN refund_lines rl ON rl.refund_id = r.id)"
		" SELECT item, sum(qty), sum(net) FROM s WHERE day BETWEEN CAST(?2 AS BIGINT)"
		" AND CAST(?3 AS BIGINT) GROUP BY item ORDER BY item";
	struct e2e_sql_arg a[] = {{.num = merchant}, {.num = FIRST_DAY}, {.num = FIRST_DAY + DAYS - 1}};
	struct rows rows;
	query(sql, a, 3, &rows);
	assert_int_equal(rows.n, N_MENU);
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/items?from=%s&to=%s",
				(long long)merchant, f, t);
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), N_MENU);
	int64_t total = 0;
	for (size_t i = 0; i < rows.n; i++) {
		bool found = false;
		for (size_t k = 0; k < json_array_size(items); k++) {
			json_t *it = json_array_get(items, k);
			if (e2e_json_int(it, "item_id") != rows.v[i][0])
				continue;
			found = true;
			assert_int_equal(e2e_json_int(it, "qty"), rows.v[i][1]);
			assert_int_equal(e2e_json_int(it, "net_sales"), rows.v[i][2]);
			assert_true(json_is_null(json_object_get(it, "cost"))); /* cost unknown */
		}
		assert_true(found);
		total += rows.v[i][2];
	}
	assert_int_equal(e2e_json_int(r.json, "total_net_sales"), total);
	e2e_resp_free(&r);
	/* Menu engineering: no item has a cost, so none is classified or guessed. */
	r = get(merchant_key, "/v1/merchants/%lld/menu-engineering?from=%s&to=%s&category=Coffee",
		(long long)merchant, f, t);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "groups.0.items_analysed"), 0);
	assert_int_equal(e2e_json_int(r.json, "groups.0.counts.no_cost"), 2);
	assert_string_equal(e2e_json_str(r.json, "groups.0.items.0.class"), "no_cost");
	e2e_resp_free(&r);
}

/* Basket over from..to (extra: more query text): every pair's ticket count,
 * support and lift from a self-join of the closed tickets' lines. */
static void basket_vs_sql(int64_t from, int64_t to, const char *extra)
{
	char f[11], t[11];
	date_text(from, f);
	date_text(to, t);
	static const char pairs_sql[] =
		"WITH " O_CTE ","
		" k AS (SELECT k.id FROM tickets k JOIN o ON o.id = k.outlet_id WHERE k.status = 'closed'"
		"   AND (k.closed_at + o.off - o.cut) / 86400 BETWEEN CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT))"
		" SELECT a.item_id, b.item_id, count(DISTINCT k.id) FROM k"
		" JOIN ticket_lines a ON a.ticket_id = k.id JOIN ticket_lines b ON b.ticket_id = k.id"
		" WHERE a.item_id < b.item_id GROUP BY a.item_id, b.item_id ORDER BY 1, 2";
	static const char items_sql[] =
		"WITH " O_CTE ","
		" k AS (SELECT k.id FROM tickets k JOIN o ON o.id = k.outlet_id WHERE k.status = 'closed'"
		"   AND (k.closed_at + o.off - o.cut) / 86400 BETWEEN CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT))"
		" SELECT l.item_id, count(DISTINCT k.id) FROM k JOIN ticket_lines l ON l.ticket_id = k.id"
		" GROUP BY l.item_id UNION ALL SELECT 0, count(*) FROM k ORDER BY 1";
	struct e2e_sql_arg a[] = {{.num = merchant}, {.num = from}, {.num = to}};
	struct rows pairs, singles;
	query(pairs_sql, a, 3, &pairs);
	query(items_sql, a, 3, &singles);
	int64_t T = singles.v[0][1], cnt[64] = {0};
	for (size_t i = 1; i < singles.n; i++)
		cnt[singles.v[i][0] % 64] = singles.v[i][1];
	struct e2e_resp r = get(merchant_key,
				"/v1/merchants/%lld/basket?from=%s&to=%s&min_support=0&min_tickets=1&top=1000&sort=count%s",
				(long long)merchant, f, t, extra);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "tickets"), T);
	json_t *list = json_object_get(r.json, "pairs");
	assert_int_equal(json_array_size(list), pairs.n);
	for (size_t i = 0; i < pairs.n; i++) {
		bool found = false;
		for (size_t k = 0; k < json_array_size(list); k++) {
			json_t *p = json_array_get(list, k);
			if (e2e_json_int(p, "items.0.item_id") != pairs.v[i][0] ||
			    e2e_json_int(p, "items.1.item_id") != pairs.v[i][1])
				continue;
			found = true;
			int64_t n = pairs.v[i][2], na = cnt[pairs.v[i][0] % 64], nb = cnt[pairs.v[i][1] % 64];
			assert_int_equal(e2e_json_int(p, "tickets"), n);
			double sup = (double)n / (double)T;
			assert_true(fabs(json_real_value(json_object_get(p, "support")) - sup) < 1e-12);
			assert_true(fabs(json_real_value(json_object_get(p, "confidence_a_to_b")) -
					 (double)n / (double)na) < 1e-12);
			double lift = sup / (((double)na / (double)T) * ((double)nb / (double)T));
			assert_true(fabs(json_real_value(json_object_get(p, "lift")) - lift) < 1e-9);
		}
		assert_true(found);
	}
	/* Sorted by count. */
	for (size_t k = 1; k < json_array_size(list); k++)
		assert_true(e2e_json_int(json_array_get(list, k - 1), "tickets") >=
			    e2e_json_int(json_array_get(list, k), "tickets"));
	e2e_resp_free(&r);
}

static void test_basket_matches_sql(void **state)
{
	(void)state;
	int64_t from = FIRST_DAY, to = FIRST_DAY + DAYS - 1;
	/* From every ticket's lines (with triples), then from the pair rollups
	 * (pairs only): over the whole span (Jan 5 - Apr 12), over days that
	 * start and end inside months (Jan 20 - Mar 3: month rows for February,
	 * day rows at both edges), over whole months only (Feb 1 - Mar 31) and
	 * inside one month (Mar 10 - Mar 16). */
	basket_vs_sql(from, to, "");
	basket_vs_sql(from, to, "&triples=false");
	basket_vs_sql(FIRST_DAY + 15, FIRST_DAY + 57, "&triples=false");
	basket_vs_sql(FIRST_DAY + 27, FIRST_DAY + 85, "&triples=false");
	basket_vs_sql(FIRST_DAY + 64, FIRST_DAY + 70, "&triples=false");
	char f[11], t[11];
	date_text(from, f);
	date_text(to, t);
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/basket?from=%s&to=%s&triples=yes",
				(long long)merchant, f, t);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e2e_error_message(&r), "triples"));
	e2e_resp_free(&r);
}

/* Forecast: the backtest as defined, from the SQL daily series: seasonal
 * naive's mean absolute error over the last 56 days, MASE = MAE ÷ that,
 * WAPE = Σ|e| ÷ Σ|y|; 14 dated points with lo ≤ mean ≤ hi. */
static void test_forecast_backtest(void **state)
{
	(void)state;
	int64_t from = FIRST_DAY, to = FIRST_DAY + DAYS - 1;
	double y[DAYS] = {0};
	for (int64_t w = 0; w < DAYS; w += 14) { /* the rows buffer: 14 days at a time */
		struct rows rows;
		net_rows(0, from + w, from + w + 13, &rows);
		for (size_t i = 0; i < rows.n; i++)
			y[rows.v[i][0] - from] += (double)rows.v[i][2];
	}
	double naive = 0, sum_y = 0;
	for (int64_t t = DAYS - 56; t < DAYS; t++) {
		naive += fabs(y[t] - y[t - 7]);
		sum_y += fabs(y[t]);
	}
	char f[11], t[11], first[11];
	date_text(from, f);
	date_text(to, t);
	date_text(to + 1, first);
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/forecast?from=%s&to=%s&items=3",
				(long long)merchant, f, t);
	assert_int_equal(r.status, 200);
	json_t *acc = e2e_json_get(r.json, "total_net_sales.accuracy");
	double mae = json_real_value(json_object_get(acc, "mae"));
	assert_int_equal(e2e_json_int(acc, "points"), 56);
	assert_true(fabs(json_real_value(json_object_get(acc, "mae_naive")) - naive / 56) < 1e-6);
	assert_true(fabs(json_real_value(json_object_get(acc, "mase")) - mae * 56 / naive) < 1e-9);
	assert_true(fabs(json_real_value(json_object_get(acc, "wape")) - mae * 56 / sum_y) < 1e-9);
	json_t *pts = e2e_json_get(r.json, "total_net_sales.points");
	assert_int_equal(json_array_size(pts), 14);
	assert_string_equal(e2e_json_str(json_array_get(pts, 0), "date"), first);
	for (size_t i = 0; i < 14; i++) {
		json_t *p = json_array_get(pts, i);
		assert_true(e2e_json_int(p, "lo80") <= e2e_json_int(p, "mean"));
		assert_true(e2e_json_int(p, "mean") <= e2e_json_int(p, "hi80"));
	}
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	e2e_resp_free(&r);
}

/* The planted void spree: cashier K2 at Senopati, days 60-66. */
static void test_alerts_void_spree(void **state)
{
	(void)state;
	char f[11], t[11];
	date_text(FIRST_DAY + 56, f);
	date_text(FIRST_DAY + DAYS - 1, t);
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/alerts?from=%s&to=%s",
				(long long)merchant, f, t);
	assert_int_equal(r.status, 200);
	json_t *list = json_object_get(r.json, "alerts");
	bool found = false;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *a = json_array_get(list, i);
		if (strcmp(e2e_json_str(a, "kind"), "void_rate") == 0 &&
		    strcmp(e2e_json_str(a, "cashier_id"), "K2") == 0 &&
		    e2e_json_int(a, "outlet_id") == outlet_ids[0]) {
			char s0[11], s1[11];
			date_text(FIRST_DAY + SPREE_FROM - 6, s0);
			date_text(FIRST_DAY + SPREE_TO + 6, s1);
			assert_true(strcmp(e2e_json_str(a, "from"), s0) >= 0);
			assert_true(strcmp(e2e_json_str(a, "to"), s1) <= 0);
			assert_true(strlen(e2e_json_str(a, "check")) > 0);
			found = true;
		}
	}
	if (!found)
		fail_msg("no void alert for K2: %s", r.body);
	e2e_resp_free(&r);
}

/* One ticket at 01:30 WIT on Tuesday 2026-02-10 belongs to Monday's business
 * day, hour 1; the croissant is sold once. */
static void test_single_ticket_wit_midnight(void **state)
{
	(void)state;
	long long m = (long long)merchant, o = (long long)outlet_ids[2];
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/heatmap?from=2026-02-09&to=2026-02-09&outlet=%lld", m, o);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "weekdays.0.avg_net_sales.1"), 30000);
	assert_int_equal(e2e_json_int(r.json, "weekdays.0.occurrences"), 1);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/heatmap?from=2026-02-10&to=2026-02-10&outlet=%lld", m, o);
	assert_int_equal(e2e_json_int(r.json, "weekdays.1.avg_net_sales.1"), 0);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/items?from=2026-02-09&to=2026-02-09&outlet=%lld", m, o);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(e2e_json_str(r.json, "items.0.name"), "Croissant");
	assert_int_equal(e2e_json_int(r.json, "items.0.qty"), 1);
	assert_int_equal(e2e_json_int(r.json, "items.0.avg_price"), 30000);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/basket?from=2026-02-09&to=2026-02-09&outlet=%lld", m, o);
	assert_int_equal(e2e_json_int(r.json, "tickets"), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "pairs")), 0);
	e2e_resp_free(&r);
}

/* A period before any sale: every endpoint answers, with zeros. */
static void test_empty_period(void **state)
{
	(void)state;
	static const char *const eps[] = {"comparison", "heatmap", "items", "menu-engineering",
					  "basket", "forecast", "alerts", "dashboard"};
	for (size_t i = 0; i < 8; i++) {
		struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/%s?from=2025-06-01&to=2025-06-30",
					(long long)merchant, eps[i]);
		if (r.status != 200)
			fail_msg("%s: %ld %s", eps[i], r.status, r.body);
		e2e_resp_free(&r);
	}
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/basket?from=2025-06-01&to=2025-06-30",
				(long long)merchant);
	assert_int_equal(e2e_json_int(r.json, "tickets"), 0);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/forecast?from=2025-06-01&to=2025-06-30",
		(long long)merchant);
	assert_int_equal(e2e_json_int(r.json, "total_net_sales.points.0.mean"), 0);
	assert_non_null(e2e_json_get(r.json, "total_net_sales.accuracy.unavailable"));
	e2e_resp_free(&r);
}

static void test_bad_requests_and_tenancy(void **state)
{
	(void)state;
	long long m = (long long)merchant;
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/dashboard?from=2026-02-10&to=2026-02-01", m);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e2e_error_message(&r), "before from"));
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/heatmap?from=2026-02-01", m);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e2e_error_message(&r), "to"));
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/basket?from=2026-02-01&to=2026-02-02&min_support=2", m);
	assert_int_equal(r.status, 400);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/menu-engineering?from=2026-02-01&to=2026-02-02&group=x", m);
	assert_int_equal(r.status, 400);
	e2e_resp_free(&r);
	/* Another merchant's key: exactly like a missing merchant. */
	struct e2e_resp a = get(other_key, "/v1/merchants/%lld/dashboard?from=2026-02-01&to=2026-02-02", m);
	struct e2e_resp b = get(other_key, "/v1/merchants/999999/dashboard?from=2026-02-01&to=2026-02-02");
	assert_int_equal(a.status, 404);
	assert_int_equal(b.status, 404);
	assert_string_equal(e2e_error_message(&a), e2e_error_message(&b));
	e2e_resp_free(&a);
	e2e_resp_free(&b);
	/* Another merchant's outlet. */
	r = get(other_key, "/v1/merchants/%lld/items?from=2026-02-01&to=2026-02-02&outlet=%lld",
		(long long)other, (long long)outlet_ids[0]);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
}

static void test_dayparts(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/dayparts", (long long)merchant);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, merchant_key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_false(json_is_true(json_object_get(r.json, "custom")));
	assert_string_equal(e2e_json_str(r.json, "dayparts.4.name"), "late_night");
	e2e_resp_free(&r);
	const char *bad = "{\"dayparts\":[{\"name\":\"day\",\"start\":6,\"end\":18},"
			  "{\"name\":\"night\",\"start\":19,\"end\":6}]}";
	assert_int_equal(e2e_call(&env, "PUT", path, merchant_key, bad, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e2e_error_message(&r), "hour 18"));
	e2e_resp_free(&r);
	const char *good = "{\"dayparts\":[{\"name\":\"day\",\"start\":6,\"end\":18},"
			   "{\"name\":\"night\",\"start\":18,\"end\":6}]}";
	assert_int_equal(e2e_call(&env, "PUT", path, merchant_key, good, &r), 0);
	assert_int_equal(r.status, 200);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/heatmap?from=2026-02-02&to=2026-02-08",
		(long long)merchant);
	assert_int_equal(json_array_size(json_object_get(r.json, "dayparts")), 2);
	assert_string_equal(e2e_json_str(r.json, "dayparts.1.name"), "night");
	e2e_resp_free(&r);
	assert_int_equal(e2e_call(&env, "PUT", path, merchant_key, "{\"dayparts\":[]}", &r), 0);
	assert_int_equal(r.status, 200);
	assert_false(json_is_true(json_object_get(r.json, "custom")));
	e2e_resp_free(&r);
}

/* The dashboard holds every part; a repeat is served from the cache; a new
 * ticket makes the next answer fresh and include it. */
static void test_dashboard_and_cache(void **state)
{
	(void)state;
	long long m = (long long)merchant;
	static const char *const parts[] = {"summary", "heatmap", "top_items", "menu_engineering",
					    "top_pairs", "forecast", "alerts"};
	struct e2e_resp r = get(merchant_key, "/v1/merchants/%lld/dashboard?from=2026-03-02&to=2026-04-12", m);
	assert_int_equal(r.status, 200);
	for (size_t i = 0; i < 7; i++)
		assert_non_null(json_object_get(r.json, parts[i]));
	int64_t net = e2e_json_int(r.json, "summary.vs_previous.net_sales.now");
	e2e_resp_free(&r);
	/* The newest write may share this second: wait it out so the answer is
	 * cacheable, then ask twice. */
	sleep(1);
	r = get(merchant_key, "/v1/merchants/%lld/dashboard?from=2026-03-02&to=2026-04-12", m);
	e2e_resp_free(&r);
	r = get(merchant_key, "/v1/merchants/%lld/dashboard?from=2026-03-02&to=2026-04-12", m);
	assert_string_equal(e2e_json_str(r.json, "cache"), "hit");
	assert_int_equal(e2e_json_int(r.json, "summary.vs_previous.net_sales.now"), net);
	e2e_resp_free(&r);
	size_t it[1] = {4};
	int64_t q[1] = {1}, z[1] = {0};
	json_t *batch = json_array();
	json_array_append_new(batch, ticket(0, "LATE", (20530) * 86400 + 10 * 3600, false, "K1", it,
					    q, z, 1, 0, 0)); /* 2026-03-18 10:00 */
	post(batch);
	json_decref(batch);
	r = get(merchant_key, "/v1/merchants/%lld/dashboard?from=2026-03-02&to=2026-04-12", m);
	assert_string_equal(e2e_json_str(r.json, "cache"), "miss");
	assert_int_equal(e2e_json_int(r.json, "summary.vs_previous.net_sales.now"), net + 8000);
	e2e_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path))
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heatmap_matches_sql),
		cmocka_unit_test(test_comparison_matches_sql),
		cmocka_unit_test(test_refund_larger_than_sales),
		cmocka_unit_test(test_items_match_sql),
		cmocka_unit_test(test_basket_matches_sql),
		cmocka_unit_test(test_forecast_backtest),
		cmocka_unit_test(test_alerts_void_spree),
		cmocka_unit_test(test_single_ticket_wit_midnight),
		cmocka_unit_test(test_empty_period),
		cmocka_unit_test(test_bad_requests_and_tenancy),
		cmocka_unit_test(test_dayparts),
		cmocka_unit_test(test_dashboard_and_cache),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
