/* End-to-end: the mix analyses (channels, payments, outlet comparison,
 * retention, peers, insights) over HTTP, on both backends.
 *  - demo: a small `clario demo` (2% scale, multi-outlet merchants, WIT outlets,
 *    customer ids, costs, refunds); each answer is compared with an
 *    independent SQL computation over the raw tickets (business day from
 *    closed_at, the zone's fixed offset and the cut-off; never the stored
 *    business_day or the rollups), with commission rounding redone here;
 *  - edges: hand-made tickets for the empty period, a single ticket, refunds
 *    larger than the day's sales, an outlet in WIT, from after to, tenancy,
 *    who may set rates and regions, and a peer cohort of 4 refused then 5 shown. */
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
#include "sql.h"

static const char *clario_path;
static struct e2e_env env;
static char admin[E2E_KEY_MAX];

/* ---- helpers ---- */

static int64_t day_of(const char *ymd)
{
	int y, m, d;
	if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3)
		return -1;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static json_t *get_ok(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static json_t *get_ok(const char *key, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key, NULL, &r), 0);
	if (r.status != 200)
		fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
	assert_int_equal(r.status, 200);
	json_t *j = json_incref(r.json);
	e2e_resp_free(&r);
	return j;
}

static long call_status(const char *method, const char *path, const char *key, const char *body,
			char *msg, size_t msg_size)
{
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, method, path, key, body, &r), 0);
	long s = r.status;
	if (msg)
		snprintf(msg, msg_size, "%s", e2e_error_message(&r));
	e2e_resp_free(&r);
	return s;
}

/* The element of array `arr` (at path in j) whose `key` equals value. */
static json_t *find(const json_t *j, const char *arr, const char *key, const char *value)
{
	json_t *a = e2e_json_get(j, arr), *x;
	size_t i;
	json_array_foreach(a, i, x)
	{
		const char *s = json_string_value(json_object_get(x, key));
		if (s && strcmp(s, value) == 0)
			return x;
	}
	return NULL;
}

struct rows {
	int64_t v[16384][8];
	char s[16384][64];
	size_t n;
};

static int collect(void *ctx, int n, const char *const *values)
{
	struct rows *r = ctx;
	if (r->n >= 16384)
		return 1;
	snprintf(r->s[r->n], sizeof r->s[r->n], "%s", values[0] ? values[0] : "");
	for (int i = 1; i < n && i <= 8; i++)
		r->v[r->n][i - 1] = values[i] ? strtoll(values[i], NULL, 10) : 0;
	r->n++;
	return 0;
}

static struct rows *query(const char *sql, const struct e2e_sql_arg *args, size_t n)
{
	struct rows *r = calloc(1, sizeof *r);
	char why[512];
	assert_non_null(r);
	if (e2e_sql_rows(env.db, sql, args, n, collect, r, why, sizeof why) != 0)
		fail_msg("oracle query failed: %s", why);
	return r;
}

/* The outlets of merchant ?1 with their fixed offset and cut-off, and its closed
 * tickets with the business day computed here. */
#define ORACLE_T                                                                             \
	"WITH o AS (SELECT id, CASE tz WHEN 'Asia/Jakarta' THEN 25200"                       \
	"   WHEN 'Asia/Makassar' THEN 28800 WHEN 'Asia/Jayapura' THEN 32400 END AS off,"     \
	"   cutoff AS cut FROM outlets WHERE merchant_id = CAST(?1 AS BIGINT)),"              \
	" t AS (SELECT k.id, k.channel, k.customer_id, k.outlet_id,"                          \
	"   (k.closed_at + o.off - o.cut) / 86400 AS day FROM tickets k"                       \
	"   JOIN o ON o.id = k.outlet_id WHERE k.status = 'closed') "

static const char oracle_channel_tickets[] = ORACLE_T
	"SELECT t.channel,"
	" (SELECT SUM(l.qty * (l.unit_price + l.modifiers_total)) FROM ticket_lines l"
	"   WHERE l.ticket_id = t.id),"
	" (SELECT SUM(l.discount) FROM ticket_lines l WHERE l.ticket_id = t.id)"
	" + COALESCE((SELECT SUM(d.amount) FROM ticket_discounts d WHERE d.ticket_id = t.id), 0),"
	" COALESCE((SELECT SUM(l.qty * i.unit_cost) FROM ticket_lines l JOIN items i"
	"   ON i.id = l.item_id WHERE l.ticket_id = t.id AND i.unit_cost IS NOT NULL), 0),"
	" COALESCE((SELECT SUM(l.qty * (l.unit_price + l.modifiers_total)) FROM ticket_lines l"
	"   JOIN items i ON i.id = l.item_id WHERE l.ticket_id = t.id AND i.unit_cost IS NULL), 0)"
	" FROM t WHERE t.day BETWEEN CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT)";

static const char oracle_channel_refunds[] =
	"WITH o AS (SELECT id, CASE tz WHEN 'Asia/Jakarta' THEN 25200"
	"   WHEN 'Asia/Makassar' THEN 28800 WHEN 'Asia/Jayapura' THEN 32400 END AS off,"
	"   cutoff AS cut FROM outlets WHERE merchant_id = CAST(?1 AS BIGINT))"
	" SELECT k.channel, SUM(r.amount), COUNT(*) FROM refunds r JOIN o ON o.id = r.outlet_id"
	" JOIN tickets k ON k.id = r.ticket_id"
	" WHERE (r.at + o.off - o.cut) / 86400 BETWEEN CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT)"
	" GROUP BY k.channel";

static const char *const channels[] = {"dine_in", "takeaway", "gofood", "grabfood", "shopeefood",
				       "other"};

/* Compares /channels for merchant m over from..to with the oracle, using the
 * rates the answer states (checked against what was set elsewhere). */
static void check_channels(const char *key, int64_t m, const char *from, const char *to)
{
	json_t *j = get_ok(key, "/v1/merchants/%lld/channels?from=%s&to=%s", (long long)m, from, to);
	struct e2e_sql_arg a[] = {{NULL, m}, {NULL, day_of(from)}, {NULL, day_of(to)}};
	struct rows *tk = query(oracle_channel_tickets, a, 3);
	struct rows *rf = query(oracle_channel_refunds, a, 3);
	int64_t total_net = 0;
	for (size_t c = 0; c < 6; c++) {
		int64_t tickets = 0, gross = 0, disc = 0, cost = 0, unknown = 0, refunds = 0;
		int64_t comm = 0, fees = 0, vat = 0;
		char rp[64];
		snprintf(rp, sizeof rp, "rates.%s", channels[c]);
		json_t *rate = e2e_json_get(j, rp);
		for (size_t i = 0; i < tk->n; i++) {
			if (strcmp(tk->s[i], channels[c]) != 0)
				continue;
			int64_t *v = tk->v[i];
			tickets++;
			gross += v[0];
			disc += v[1];
			cost += v[2];
			unknown += v[3];
			if (rate) {
				/* Half up on a non-negative base: (x·bps + 5000) ÷ 10000. */
				int64_t base = v[0] - v[1];
				int64_t bps = e2e_json_int(rate, "rate_bps");
				int64_t fee = e2e_json_int(rate, "fixed_fee");
				int64_t vb = e2e_json_int(rate, "vat_bps");
				int64_t cm = (base * bps + 5000) / 10000;
				comm += cm;
				fees += fee;
				vat += ((cm + fee) * vb + 5000) / 10000;
			}
		}
		for (size_t i = 0; i < rf->n; i++)
			if (strcmp(rf->s[i], channels[c]) == 0)
				refunds += rf->v[i][0];
		json_t *x = find(j, "channels", "channel", channels[c]);
		assert_non_null(x);
		int64_t net = gross - disc - refunds;
		total_net += net;
		assert_int_equal(e2e_json_int(x, "tickets"), tickets);
		assert_int_equal(e2e_json_int(x, "gross_sales"), gross);
		assert_int_equal(e2e_json_int(x, "discounts"), disc);
		assert_int_equal(e2e_json_int(x, "refunds"), refunds);
		assert_int_equal(e2e_json_int(x, "net_sales"), net);
		assert_int_equal(e2e_json_int(x, "commission"), comm);
		assert_int_equal(e2e_json_int(x, "fixed_fees"), fees);
		assert_int_equal(e2e_json_int(x, "commission_vat"), vat);
		assert_int_equal(e2e_json_int(x, "item_cost"), cost);
		assert_int_equal(e2e_json_int(x, "unknown_cost_gross"), unknown);
		assert_int_equal(e2e_json_int(x, "margin"), net - comm - fees - vat - cost);
	}
	assert_int_equal(e2e_json_int(j, "totals.net_sales"), total_net);
	free(tk);
	free(rf);
	json_decref(j);
}

/* ---- the demo fixture ---- */

static int64_t wit_merchant, warung_merchant;

static int demo_setup(void **state)
{
	(void)state;
	char creds[E2E_PATH_MAX + 16];
	if (e2e_env_init(&env, clario_path))
		return -1;
	snprintf(creds, sizeof creds, "%s/creds", env.dir);
	if (e2e_cli(&env, true, NULL, 0, "demo", "--scale", "2", "--credentials", creds, NULL) != 0)
		return -1;
	char *text = e2e_read_file(creds, NULL);
	const char *k = text ? strstr(text, "admin_key=") : NULL;
	if (!k)
		return -1;
	k += strlen("admin_key=");
	size_t len = strcspn(k, "\n");
	snprintf(admin, sizeof admin, "%.*s", (int)len, k);
	free(text);
	wit_merchant = e2e_sql_scalar(env.db,
				      "SELECT MIN(merchant_id) FROM outlets WHERE tz = 'Asia/Jayapura'",
				      NULL);
	warung_merchant = e2e_sql_scalar(env.db, "SELECT MIN(id) FROM merchants WHERE kind = 'warung'",
					 NULL);
	if (wit_merchant <= 0 || warung_merchant <= 0)
		return -1;
	return e2e_server_start(&env, NULL);
}

static int demo_teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

static void test_demo_channels(void **state)
{
	(void)state;
	check_channels(admin, 1, "2025-11-01", "2026-10-31");
	check_channels(admin, wit_merchant, "2025-11-01", "2026-10-31");
	/* Merchant 1's own GoFood contract with VAT on the commission. */
	struct e2e_resp r;
	json_t *body = json_pack("{s:{s:i, s:i, s:i}}", "gofood", "rate_bps", 2250, "fixed_fee",
				 1500, "vat_bps", 1100);
	assert_int_equal(e2e_call_json(&env, "PUT", "/v1/merchants/1/channel-rates", admin, body, &r),
			 0);
	json_decref(body);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "rates.gofood.source"), "merchant");
	assert_string_equal(e2e_json_str(r.json, "rates.grabfood.source"), "default");
	e2e_resp_free(&r);
	json_t *j = get_ok(admin, "/v1/merchants/1/channels?from=2026-03-01&to=2026-03-31");
	assert_int_equal(e2e_json_int(j, "rates.gofood.rate_bps"), 2250);
	assert_int_equal(e2e_json_int(j, "rates.gofood.vat_bps"), 1100);
	json_decref(j);
	check_channels(admin, 1, "2026-03-01", "2026-03-31");
}

static const char oracle_payments[] = ORACLE_T
	"SELECT p.method, COUNT(*), SUM(p.amount) FROM t JOIN payments p ON p.ticket_id = t.id"
	" WHERE t.day BETWEEN CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT) GROUP BY p.method";

static void check_payments(int64_t m, const char *from, const char *to)
{
	json_t *j = get_ok(admin, "/v1/merchants/%lld/payments?from=%s&to=%s", (long long)m, from, to);
	int64_t f = day_of(from), t = day_of(to), len = t - f + 1;
	struct e2e_sql_arg cur[] = {{NULL, m}, {NULL, f}, {NULL, t}};
	struct e2e_sql_arg prev[] = {{NULL, m}, {NULL, f - len}, {NULL, f - 1}};
	struct rows *a = query(oracle_payments, cur, 3), *b = query(oracle_payments, prev, 3);
	static const char *const methods[] = {"cash", "qris", "gopay", "ovo", "dana",
					      "shopeepay", "debit", "credit", "other"};
	int64_t total = 0, wallets = 0;
	for (size_t i = 0; i < 9; i++) {
		int64_t n = 0, amt = 0, pn = 0, pamt = 0;
		for (size_t k = 0; k < a->n; k++)
			if (strcmp(a->s[k], methods[i]) == 0) {
				n = a->v[k][0];
				amt = a->v[k][1];
			}
		for (size_t k = 0; k < b->n; k++)
			if (strcmp(b->s[k], methods[i]) == 0) {
				pn = b->v[k][0];
				pamt = b->v[k][1];
			}
		json_t *x = find(j, "methods", "method", methods[i]);
		assert_non_null(x);
		assert_int_equal(e2e_json_int(x, "count"), n);
		assert_int_equal(e2e_json_int(x, "amount"), amt);
		assert_int_equal(e2e_json_int(x, "previous_count"), pn);
		assert_int_equal(e2e_json_int(x, "previous_amount"), pamt);
		total += amt;
		if (i >= 2 && i <= 5)
			wallets += amt;
	}
	assert_int_equal(e2e_json_int(j, "totals.amount"), total);
	assert_int_equal(e2e_json_int(find(j, "families", "family", "e_wallet"), "amount"), wallets);
	/* The trend adds up to the period. */
	json_t *tr = e2e_json_get(j, "trend"), *bk;
	size_t i;
	int64_t sum = 0;
	json_array_foreach(tr, i, bk)
	{
		const char *fam[] = {"cash", "qris", "e_wallet", "card", "other"};
		for (size_t q = 0; q < 5; q++) {
			char p[64];
			snprintf(p, sizeof p, "families.%s.amount", fam[q]);
			sum += e2e_json_int(bk, p);
		}
	}
	assert_int_equal(sum, total);
	free(a);
	free(b);
	json_decref(j);
}

static void test_demo_payments(void **state)
{
	(void)state;
	check_payments(1, "2026-05-01", "2026-10-31");
	check_payments(wit_merchant, "2026-08-01", "2026-08-31");
}

static void test_demo_outlets(void **state)
{
	(void)state;
	const char *from = "2025-11-01", *to = "2026-10-31";
	json_t *j = get_ok(admin, "/v1/merchants/1/outlet-comparison?from=%s&to=%s", from, to);
	json_t *arr = e2e_json_get(j, "outlets"), *x;
	size_t i;
	assert_true(json_array_size(arr) >= 2);
	json_array_foreach(arr, i, x)
	{
		int64_t id = e2e_json_int(x, "outlet_id");
		struct e2e_day *days = NULL;
		size_t n = 0;
		char why[512];
		if (e2e_oracle_days(env.db, 1, id, from, to, &days, &n, why, sizeof why) != 0)
			fail_msg("oracle: %s", why);
		int64_t net = 0, tickets = 0, open = 0, voids = 0;
		for (size_t d = 0; d < n; d++) {
			net += days[d].gross_sales - days[d].line_discounts - days[d].ticket_discounts -
			       days[d].refunds;
			tickets += days[d].tickets;
			voids += days[d].voids;
			open += days[d].tickets > 0;
		}
		free(days);
		assert_int_equal(e2e_json_int(x, "net_sales"), net);
		assert_int_equal(e2e_json_int(x, "tickets"), tickets);
		assert_int_equal(e2e_json_int(x, "voids"), voids);
		assert_int_equal(e2e_json_int(x, "open_days"), open);
		/* Half away from zero, positive here. */
		assert_int_equal(e2e_json_int(x, "net_sales_per_open_day"),
				 open ? (2 * net + open) / (2 * open) : 0);
	}
	json_decref(j);
	/* Not per outlet: it compares them. */
	char msg[256];
	assert_int_equal(call_status("GET", "/v1/merchants/1/outlet-comparison?from=2026-01-01&to="
					    "2026-01-31&outlet=1", admin, NULL, msg, sizeof msg),
			 400);
}

static const char oracle_customers[] = ORACLE_T
	"SELECT t.customer_id, MIN(t.day),"
	" COUNT(DISTINCT CASE WHEN t.day >= CAST(?2 AS BIGINT) THEN t.day END)"
	" FROM t WHERE t.customer_id IS NOT NULL AND t.customer_id <> ''"
	" AND t.day <= CAST(?3 AS BIGINT) GROUP BY t.customer_id";

static void test_demo_retention(void **state)
{
	(void)state;
	const char *from = "2026-05-01", *to = "2026-10-31";
	json_t *j = get_ok(admin, "/v1/merchants/1/retention?from=%s&to=%s", from, to);
	struct e2e_sql_arg a[] = {{NULL, 1}, {NULL, day_of(from)}, {NULL, day_of(to)}};
	struct rows *r = query(oracle_customers, a, 3);
	int64_t customers = 0, repeat = 0, fresh = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i][1] == 0)
			continue;
		customers++;
		repeat += r->v[i][1] >= 2;
		fresh += r->v[i][0] >= day_of(from);
	}
	free(r);
	assert_true(json_is_true(e2e_json_get(j, "available")));
	assert_true(customers > 0);
	assert_int_equal(e2e_json_int(j, "customers"), customers);
	assert_int_equal(e2e_json_int(j, "repeat_customers"), repeat);
	assert_int_equal(e2e_json_int(j, "new_customers"), fresh);
	/* Every period customer is in exactly one segment. */
	json_t *segs = e2e_json_get(j, "segments"), *s;
	size_t i;
	int64_t in_segments = 0;
	json_array_foreach(segs, i, s) in_segments += e2e_json_int(s, "customers");
	assert_int_equal(in_segments, customers);
	assert_int_equal(json_array_size(e2e_json_get(j, "cohorts")), 6);
	json_decref(j);
	/* Warungs' POS sends no customer ids in the demo: not available, and why. */
	j = get_ok(admin, "/v1/merchants/%lld/retention?from=%s&to=%s", (long long)warung_merchant,
		   from, to);
	assert_true(json_is_false(e2e_json_get(j, "available")));
	assert_non_null(strstr(e2e_json_str(j, "reason"), "no customer ids"));
	json_decref(j);
}

static void test_demo_insights(void **state)
{
	(void)state;
	for (int l = 0; l < 2; l++) {
		json_t *j = get_ok(admin, "/v1/merchants/1/insights?from=2026-05-01&to=2026-10-31&lang=%s",
				   l ? "en" : "id");
		json_t *arr = e2e_json_get(j, "insights"), *x;
		size_t i;
		assert_true(json_array_size(arr) >= 1);
		assert_true(json_array_size(arr) <= 5);
		json_array_foreach(arr, i, x)
		{
			assert_int_equal(e2e_json_int(x, "rank"), (int64_t)i + 1);
			assert_true(strlen(e2e_json_str(x, "text")) > 20);
			assert_true(strlen(e2e_json_str(x, "action")) > 10);
			const char *link = e2e_json_str(x, "link");
			assert_true(strncmp(link, "/v1/merchants/1/", 16) == 0);
			json_decref(get_ok(admin, "%s", link)); /* the analysis behind it answers */
		}
		json_decref(j);
	}
	char msg[256];
	assert_int_equal(call_status("GET", "/v1/merchants/1/insights?from=2026-05-01&to=2026-10-31"
					    "&lang=fr", admin, NULL, msg, sizeof msg), 400);
	assert_non_null(strstr(msg, "lang"));
}

/* Menu engineering and anomaly alerts feed the insights: over the demo year
 * merchant 1 has both kinds; each links to its analysis (200), a menu finding
 * names an item whose class there is the one the sentence says, and the
 * dashboard carries the same findings in both languages. */
static void test_demo_insights_menu_alerts(void **state)
{
	(void)state;
	const char *q = "from=2025-11-01&to=2026-10-31";
	json_t *j = get_ok(admin, "/v1/merchants/1/insights?%s&lang=en&limit=20", q);
	json_t *arr = e2e_json_get(j, "insights"), *x;
	size_t i;
	int menu = 0, alerts = 0;
	int64_t found = e2e_json_int(j, "found");
	assert_true(found <= 20); /* so every finding is in this answer */
	assert_int_equal((int64_t)json_array_size(arr), found);
	json_array_foreach(arr, i, x)
	{
		const char *kind = e2e_json_str(x, "kind"), *link = e2e_json_str(x, "link");
		const char *text = e2e_json_str(x, "text");
		if (strcmp(kind, "menu_class") == 0) {
			menu++;
			assert_non_null(strstr(link, "/v1/merchants/1/menu-engineering?"));
			json_t *m = get_ok(admin, "%s", link), *it;
			size_t k;
			bool matched = false;
			json_array_foreach(e2e_json_get(m, "groups.0.items"), k, it)
			{
				const char *name = e2e_json_str(it, "name");
				char want[300];
				const char *cls = e2e_json_str(it, "class");
				snprintf(want, sizeof want, "%s is a %c%s:", name, cls[0] - 'a' + 'A', cls + 1);
				if (strncmp(text, want, strlen(want)) == 0)
					matched = true;
			}
			assert_true(matched);
			json_decref(m);
		} else if (strcmp(kind, "anomaly") == 0) {
			alerts++;
			assert_non_null(strstr(link, "/v1/merchants/1/alerts?"));
			json_t *a = get_ok(admin, "%s", link);
			assert_true(json_array_size(e2e_json_get(a, "alerts")) >= 1);
			json_decref(a);
		} else {
			json_decref(get_ok(admin, "%s", link));
		}
	}
	assert_true(menu >= 1);
	assert_true(alerts >= 1);
	/* The same request again is served from the findings cache. */
	json_t *again = get_ok(admin, "/v1/merchants/1/insights?%s&lang=en&limit=20", q);
	assert_string_equal(e2e_json_str(again, "cache"), "hit");
	assert_true(json_equal(e2e_json_get(again, "insights"), arr));
	json_decref(again);
	/* The dashboard's insights: the top 10 of the same ranking, both languages. */
	json_t *d = get_ok(admin, "/v1/merchants/1/dashboard?%s&fresh=1", q);
	json_t *di = e2e_json_get(d, "insights.insights");
	assert_int_equal(e2e_json_int(d, "insights.found"), found);
	assert_int_equal((int64_t)json_array_size(di), found < 10 ? found : 10);
	json_array_foreach(di, i, x)
	{
		json_t *en = json_array_get(arr, i);
		assert_string_equal(e2e_json_str(x, "kind"), e2e_json_str(en, "kind"));
		assert_string_equal(e2e_json_str(x, "en.text"), e2e_json_str(en, "text"));
		assert_string_equal(e2e_json_str(x, "link"), e2e_json_str(en, "link"));
		assert_true(strlen(e2e_json_str(x, "id.text")) > 20);
		assert_true(strlen(e2e_json_str(x, "id.action")) > 10);
	}
	json_decref(d);
	json_decref(j);
}

/* ---- the edge fixture ---- */

static int64_t ma, mb;
static char key_a[E2E_KEY_MAX], key_b[E2E_KEY_MAX];

static int post(const char *key, json_t *ticket)
{
	struct e2e_resp r;
	json_t *batch = json_pack("[o]", ticket);
	int rc = e2e_call_json(&env, "POST", "/v1/tickets", key, batch, &r);
	json_decref(batch);
	if (rc == 0 && (r.status != 200 || strcmp(e2e_json_str(r.json, "results.0.outcome"),
						  "created") != 0)) {
		fprintf(stderr, "posting a ticket: %ld %s\n", r.status, r.body);
		rc = -1;
	}
	e2e_resp_free(&r);
	return rc;
}

static json_t *ticket(const char *outlet, const char *id, const char *at, const char *channel,
		      int64_t qty, int64_t price, const char *method, const char *customer)
{
	json_t *t = e2e_ticket(outlet, id, 1, at, qty, price);
	json_object_set_new(t, "channel", json_string(channel));
	json_object_set_new(json_array_get(json_object_get(t, "payments"), 0), "method",
			    json_string(method));
	if (customer)
		json_object_set_new(t, "customer_id", json_string(customer));
	return t;
}

static int edge_setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) || e2e_server_start(&env, NULL))
		return -1;
	snprintf(admin, sizeof admin, "%s", env.admin_key);
	ma = e2e_create_merchant(&env, env.moka_key, "Kopi Papua", "cafe", NULL);
	mb = e2e_create_merchant(&env, env.pawoon_key, "Warung Lain", "warung", NULL);
	if (ma < 0 || mb < 0 ||
	    e2e_create_outlet(&env, env.moka_key, ma, "JKT-A", "Senopati", "Asia/Jakarta", "04:00",
			      NULL) < 0 ||
	    e2e_create_outlet(&env, env.moka_key, ma, "JYP-A", "Abepura", "Asia/Jayapura", "04:00",
			      NULL) < 0 ||
	    e2e_merchant_key(&env, ma, key_a) || e2e_merchant_key(&env, mb, key_b))
		return -1;
	/* Day 1 (1 March): one dine-in ticket of 100.000 by customer C1. */
	json_t *t1 = ticket("JKT-A", "T1", "2026-03-01T12:00:00+07:00", "dine_in", 2, 50000, "cash",
			    "C1");
	/* Refunded in full on day 2: more than day 2's dine-in sales (none). */
	json_object_set_new(t1, "refunds",
			    json_pack("[{s:s, s:s, s:i}]", "refund_id", "R1", "at",
				      "2026-03-02T10:00:00+07:00", "amount", 100000));
	/* Day 2: a GoFood order; and in Jayapura (WIT) at 08:30 local, which is
	 * still 1 March in UTC (23:30Z) but the 2nd in business time. */
	if (post(env.moka_key, t1) ||
	    post(env.moka_key, ticket("JKT-A", "T2", "2026-03-02T13:00:00+07:00", "gofood", 1, 30000,
				      "gopay", NULL)) ||
	    post(env.moka_key, ticket("JYP-A", "T3", "2026-03-02T08:30:00+09:00", "takeaway", 1,
				      20000, "qris", "C1")))
		return -1;
	return 0;
}

static void test_edge_channels(void **state)
{
	(void)state;
	/* The single ticket of 1 March; the WIT ticket belongs to the 2nd. */
	json_t *j = get_ok(key_a, "/v1/merchants/%lld/channels?from=2026-03-01&to=2026-03-01",
			   (long long)ma);
	assert_int_equal(e2e_json_int(find(j, "channels", "channel", "dine_in"), "net_sales"), 100000);
	assert_int_equal(e2e_json_int(j, "totals.tickets"), 1);
	assert_int_equal(e2e_json_int(j, "totals.net_sales"), 100000);
	json_decref(j);
	/* The 2nd: dine-in −100.000 (the refund), GoFood 30.000 with 20% + Rp 1.000 =
	 * 7.000, its cost unknown (30.000 of gross), takeaway 20.000 in WIT. */
	j = get_ok(key_a, "/v1/merchants/%lld/channels?from=2026-03-02&to=2026-03-02", (long long)ma);
	json_t *di = find(j, "channels", "channel", "dine_in");
	json_t *go = find(j, "channels", "channel", "gofood");
	assert_int_equal(e2e_json_int(di, "net_sales"), -100000);
	assert_int_equal(e2e_json_int(di, "refunds"), 100000);
	assert_int_equal(e2e_json_int(di, "margin_bps"), 0);
	assert_int_equal(e2e_json_int(go, "platform_cost"), 7000);
	assert_int_equal(e2e_json_int(go, "unknown_cost_gross"), 30000);
	assert_int_equal(e2e_json_int(go, "margin"), 23000);
	assert_int_equal(e2e_json_int(find(j, "channels", "channel", "takeaway"), "net_sales"), 20000);
	assert_int_equal(e2e_json_int(j, "totals.net_sales"), -50000);
	json_decref(j);
	check_channels(key_a, ma, "2026-03-01", "2026-03-02");
	/* The empty period: zeros everywhere. */
	j = get_ok(key_a, "/v1/merchants/%lld/channels?from=2026-01-01&to=2026-01-31", (long long)ma);
	assert_int_equal(e2e_json_int(j, "totals.tickets"), 0);
	assert_int_equal(e2e_json_int(j, "totals.net_sales"), 0);
	json_decref(j);
}

static void test_edge_payments_outlets_retention(void **state)
{
	(void)state;
	json_t *j = get_ok(key_a, "/v1/merchants/%lld/payments?from=2026-03-02&to=2026-03-02",
			   (long long)ma);
	assert_int_equal(e2e_json_int(find(j, "methods", "method", "gopay"), "amount"), 30000);
	assert_int_equal(e2e_json_int(find(j, "methods", "method", "qris"), "amount"), 20000);
	assert_int_equal(e2e_json_int(find(j, "methods", "method", "cash"), "previous_amount"),
			 100000);
	assert_int_equal(e2e_json_int(find(j, "families", "family", "cash"), "share_change_bps"),
			 -10000);
	json_decref(j);
	j = get_ok(key_a, "/v1/merchants/%lld/outlet-comparison?from=2026-03-01&to=2026-03-02",
		   (long long)ma);
	json_t *jkt = find(j, "outlets", "name", "Senopati"), *jyp = find(j, "outlets", "name", "Abepura");
	assert_int_equal(e2e_json_int(jkt, "open_days"), 2);
	assert_int_equal(e2e_json_int(jkt, "net_sales"), 30000);
	assert_int_equal(e2e_json_int(jyp, "open_days"), 1);
	assert_int_equal(e2e_json_int(jyp, "net_sales"), 20000);
	assert_string_equal(e2e_json_str(jyp, "timezone"), "Asia/Jayapura");
	json_decref(j);
	/* C1 came on the 1st (Jakarta) and the 2nd (Jayapura): one repeat customer. */
	j = get_ok(key_a, "/v1/merchants/%lld/retention?from=2026-03-01&to=2026-03-02", (long long)ma);
	assert_true(json_is_true(e2e_json_get(j, "available")));
	assert_int_equal(e2e_json_int(j, "customers"), 1);
	assert_int_equal(e2e_json_int(j, "repeat_rate_bps"), 10000);
	assert_int_equal(e2e_json_int(j, "coverage_bps"), 6667);
	json_decref(j);
	j = get_ok(key_a, "/v1/merchants/%lld/retention?from=2026-01-01&to=2026-01-31", (long long)ma);
	assert_true(json_is_false(e2e_json_get(j, "available")));
	assert_non_null(strstr(e2e_json_str(j, "reason"), "no closed tickets"));
	json_decref(j);
	j = get_ok(key_a, "/v1/merchants/%lld/insights?from=2026-01-01&to=2026-01-31&lang=en",
		   (long long)ma);
	assert_int_equal(json_array_size(e2e_json_get(j, "insights")), 0);
	json_decref(j);
}

static void test_edge_errors_and_scope(void **state)
{
	(void)state;
	char path[256], msg[256];
	static const char *const what[] = {"channels", "payments", "outlet-comparison", "retention",
					   "peers", "insights"};
	for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
		snprintf(path, sizeof path, "/v1/merchants/%lld/%s?from=2026-03-02&to=2026-03-01",
			 (long long)ma, what[i]);
		assert_int_equal(call_status("GET", path, key_a, NULL, msg, sizeof msg), 400);
		assert_non_null(strstr(msg, "from: is after to"));
		/* Another tenant's merchant answers like a missing one. */
		snprintf(path, sizeof path, "/v1/merchants/%lld/%s?from=2026-03-01&to=2026-03-02",
			 (long long)ma, what[i]);
		assert_int_equal(call_status("GET", path, key_b, NULL, NULL, 0), 404);
		assert_int_equal(call_status("GET", path, env.pawoon_key, NULL, NULL, 0), 404);
		snprintf(path, sizeof path, "/v1/merchants/999999/%s?from=2026-03-01&to=2026-03-02",
			 what[i]);
		assert_int_equal(call_status("GET", path, admin, NULL, NULL, 0), 404);
	}
	/* Rates: the merchant sets its own; only an admin sets the defaults. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/channel-rates", (long long)ma);
	assert_int_equal(call_status("PUT", path, key_a, "{\"gofood\":{\"rate_bps\":2500}}", NULL, 0),
			 200);
	assert_int_equal(call_status("PUT", path, key_b, "{\"gofood\":{\"rate_bps\":1}}", NULL, 0),
			 404);
	assert_int_equal(call_status("PUT", path, key_a, "{\"gofood\":{\"rate_bps\":20000}}", msg,
				     sizeof msg), 400);
	assert_non_null(strstr(msg, "rate_bps"));
	assert_int_equal(call_status("PUT", path, key_a, "{\"dine_in\":{\"rate_bps\":1}}", NULL, 0),
			 400);
	assert_int_equal(call_status("PUT", "/v1/channel-rates/defaults", env.moka_key,
				     "{\"grabfood\":{\"rate_bps\":2800}}", NULL, 0), 403);
	assert_int_equal(call_status("PUT", "/v1/channel-rates/defaults", admin,
				     "{\"grabfood\":{\"rate_bps\":2800}}", NULL, 0), 200);
	json_t *j = get_ok(key_b, "/v1/channel-rates/defaults");
	assert_int_equal(e2e_json_int(j, "rates.grabfood.rate_bps"), 2800);
	json_decref(j);
	/* 30.000 × 25% = 7.500 + Rp 1.000 now. */
	j = get_ok(key_a, "/v1/merchants/%lld/channels?from=2026-03-02&to=2026-03-02", (long long)ma);
	assert_int_equal(e2e_json_int(find(j, "channels", "channel", "gofood"), "platform_cost"),
			 8500);
	json_decref(j);
	/* Regions: the partner or an admin, not the merchant. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/region", (long long)ma);
	assert_int_equal(call_status("PUT", path, key_a, "{\"region\":\"papua\"}", NULL, 0), 403);
	assert_int_equal(call_status("PUT", path, env.moka_key, "{\"region\":\"\"}", NULL, 0), 400);
	assert_int_equal(call_status("PUT", path, env.moka_key, "{\"region\":\"papua\"}", NULL, 0),
			 200);
}

/* A café of moka's in region papua with one ticket of `price`. */
static void add_cafe(int n, int64_t price)
{
	char name[32], ext[32], path[128], id[32];
	snprintf(name, sizeof name, "Cafe %d", n);
	snprintf(ext, sizeof ext, "CAFE-%d", n);
	snprintf(id, sizeof id, "P%d", n);
	int64_t m = e2e_create_merchant(&env, env.moka_key, name, "cafe", NULL);
	assert_true(m > 0);
	assert_true(e2e_create_outlet(&env, env.moka_key, m, ext, name, "Asia/Jayapura", "04:00",
				      NULL) > 0);
	snprintf(path, sizeof path, "/v1/merchants/%lld/region", (long long)m);
	assert_int_equal(call_status("PUT", path, env.moka_key, "{\"region\":\"papua\"}", NULL, 0),
			 200);
	assert_int_equal(post(env.moka_key, ticket(ext, id, "2026-03-01T12:00:00+09:00", "dine_in",
						   1, price, "cash", NULL)), 0);
}

static void test_edge_peers(void **state)
{
	(void)state;
	/* Kopi Papua: net 50.000 over 3 tickets on 1-2 March: average 16.667. */
	add_cafe(1, 20000);
	add_cafe(2, 25000);
	add_cafe(3, 35000);
	json_t *j = get_ok(key_a, "/v1/merchants/%lld/peers?from=2026-03-01&to=2026-03-02",
			   (long long)ma);
	assert_true(json_is_false(e2e_json_get(j, "available")));
	assert_non_null(strstr(e2e_json_str(j, "reason"), "has 4"));
	assert_null(e2e_json_get(j, "metrics"));
	json_decref(j);
	add_cafe(4, 40000);
	j = get_ok(key_a, "/v1/merchants/%lld/peers?from=2026-03-01&to=2026-03-02", (long long)ma);
	assert_true(json_is_true(e2e_json_get(j, "available")));
	assert_string_equal(e2e_json_str(j, "cohort_basis"), "kind_region_size");
	assert_int_equal(e2e_json_int(j, "cohort_size"), 5);
	json_t *t = find(j, "metrics", "metric", "average_ticket");
	assert_int_equal(e2e_json_int(t, "value"), 16667);
	assert_int_equal(e2e_json_int(t, "percentile"), 10); /* lowest of 5: (0 + ½) ÷ 5 */
	assert_int_equal(e2e_json_int(t, "q1"), 20000);
	assert_int_equal(e2e_json_int(t, "median"), 25000);
	assert_int_equal(e2e_json_int(t, "q3"), 35000);
	/* Nothing names or bounds another merchant. */
	const char *allowed[] = {"metric", "shown", "value", "cohort", "percentile", "q1", "median",
				 "q3", "reason"};
	json_t *arr = e2e_json_get(j, "metrics"), *x, *v;
	size_t i;
	const char *k;
	json_array_foreach(arr, i, x)
	{
		json_object_foreach(x, k, v)
		{
			bool ok = false;
			for (size_t a = 0; a < sizeof allowed / sizeof allowed[0]; a++)
				ok |= strcmp(k, allowed[a]) == 0;
			if (!ok)
				fail_msg("unexpected key %s in a peer metric", k);
		}
	}
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, "Cafe "));
	free(dump);
	json_decref(j);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest demo[] = {
		cmocka_unit_test(test_demo_channels),  cmocka_unit_test(test_demo_payments),
		cmocka_unit_test(test_demo_outlets),   cmocka_unit_test(test_demo_retention),
		cmocka_unit_test(test_demo_insights),
		cmocka_unit_test(test_demo_insights_menu_alerts),
	};
	const struct CMUnitTest edges[] = {
		cmocka_unit_test(test_edge_channels),
		cmocka_unit_test(test_edge_payments_outlets_retention),
		cmocka_unit_test(test_edge_errors_and_scope),
		cmocka_unit_test(test_edge_peers),
	};
	int rc = cmocka_run_group_tests_name("e2e_mix_demo", demo, demo_setup, demo_teardown);
	rc += cmocka_run_group_tests_name("e2e_mix_edges", edges, edge_setup, demo_teardown);
	return rc;
}
