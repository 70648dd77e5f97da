/* Unit tests for the mix analyses (analytics/channels, payments,
 * outlet_compare, retention, peers, insights): small cases whose expected
 * figures are worked out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "analytics/insights_mix.h"

static struct clario_err err;

/* ---- channels ---- */

static void test_channels(void **state)
{
	(void)state;
	/* GoFood 20% + Rp 1.000 per order, VAT 11% on both. */
	struct mix_rate rates[MIX_N_PLATFORMS] = {
		{SALES_CHANNEL_GOFOOD, 2000, 1000, 1100, true},
		{SALES_CHANNEL_GRABFOOD, 3000, 0, 0, false},
		{SALES_CHANNEL_SHOPEEFOOD, 2000, 0, 0, false}};
	struct mix_channel_row rows[] = {
		/* two dine-in tickets of base 50.000: gross 110.000 − 6.000 − 4.000 */
		{SALES_CHANNEL_DINE_IN, 50000, 2, 110000, 6000, 4000, 30000, 20000},
		/* one GoFood order of 45.000: 9.000 + 1.000 fee + 1.100 VAT */
		{SALES_CHANNEL_GOFOOD, 45000, 1, 50000, 5000, 0, 15000, 0},
		/* three of 33.333: 6.666,6 → 6.667 + 1.000, VAT 11% of 7.667 = 843,37 → 843 */
		{SALES_CHANNEL_GOFOOD, 33333, 3, 102000, 2001, 0, 27000, 0},
	};
	/* A GrabFood refund on a day without GrabFood sales: net goes negative. */
	struct mix_refund_row refunds[] = {{SALES_CHANNEL_GOFOOD, 7000, 1},
					   {SALES_CHANNEL_GRABFOOD, 50000, 1}};
	struct channel_mix m;
	assert_int_equal(channels_compute(rows, 3, refunds, 2, rates, &m, &err), CLARIO_OK);
	const struct channel_figures *go = &m.ch[SALES_CHANNEL_GOFOOD];
	assert_int_equal(go->tickets, 4);
	assert_int_equal(go->commission, 9000 + 3 * 6667);
	assert_int_equal(go->fixed_fees, 4000);
	assert_int_equal(go->commission_vat, 1100 + 3 * 843);
	assert_int_equal(go->platform_cost, 29001 + 4000 + 3629);
	/* net = 152.000 − 7.001 − 7.000 = 137.999; margin = 137.999 − 36.630 − 42.000 */
	assert_int_equal(go->net_sales, 137999);
	assert_int_equal(go->item_cost, 42000);
	assert_int_equal(go->margin, 59369);
	assert_int_equal(go->margin_bps, 4302); /* 0.430213 */
	const struct channel_figures *di = &m.ch[SALES_CHANNEL_DINE_IN];
	assert_int_equal(di->net_sales, 100000);
	assert_int_equal(di->platform_cost, 0);
	assert_int_equal(di->margin, 70000);
	assert_int_equal(di->unknown_cost_gross, 20000);
	assert_int_equal(di->unknown_cost_bps, 1818); /* 20.000 ÷ 110.000 */
	const struct channel_figures *gr = &m.ch[SALES_CHANNEL_GRABFOOD];
	assert_int_equal(gr->net_sales, -50000);
	assert_int_equal(gr->margin, -50000);
	assert_int_equal(gr->margin_bps, 0); /* undefined on a non-positive net */
	assert_int_equal(m.total.net_sales, 187999);
	assert_int_equal(di->net_share_bps, 5319);  /* 100.000 ÷ 187.999 = 0.53192 */
	assert_int_equal(go->net_share_bps, 7340);  /* 0.73404 */
	assert_int_equal(gr->net_share_bps, -2660); /* −0.265959 */
	assert_int_equal(m.total.margin, 70000 + 59369 - 50000);
	/* The empty period: all zeros, no division by zero. */
	assert_int_equal(channels_compute(NULL, 0, NULL, 0, rates, &m, &err), CLARIO_OK);
	assert_int_equal(m.total.net_sales, 0);
	assert_int_equal(m.total.margin_bps, 0);
}

/* ---- payments ---- */

static void test_payments(void **state)
{
	(void)state;
	day_t d = tz_days_from_civil(2026, 1, 1);
	struct mix_payment_row rows[] = {
		{d, SALES_PAY_CASH, 2, 50000},       {d, SALES_PAY_GOPAY, 1, 30000},
		{d + 9, SALES_PAY_CREDIT, 1, 20000}, {d - 1, SALES_PAY_CASH, 4, 100000},
		{d - 10, SALES_PAY_QRIS, 1, 100000}, {d - 11, SALES_PAY_CASH, 9, 999}, /* outside */
	};
	struct payment_mix p;
	assert_int_equal(payments_compute(rows, 6, d, d + 9, &p, &err), CLARIO_OK);
	assert_int_equal(p.prev_from, d - 10);
	assert_int_equal(p.total.amount, 100000);
	assert_int_equal(p.total.prev_amount, 200000);
	assert_int_equal(p.family[PAY_FAMILY_CASH].share_bps, 5000);
	assert_int_equal(p.family[PAY_FAMILY_CASH].prev_share_bps, 5000);
	assert_int_equal(p.family[PAY_FAMILY_CASH].share_change_bps, 0);
	assert_int_equal(p.family[PAY_FAMILY_QRIS].share_change_bps, -5000);
	assert_int_equal(p.family[PAY_FAMILY_EWALLET].share_bps, 3000);
	assert_int_equal(p.family[PAY_FAMILY_CARD].count, 1);
	assert_int_equal(p.method[SALES_PAY_GOPAY].amount, 30000);
	assert_int_equal(p.method[SALES_PAY_CASH].prev_count, 4);
	assert_int_equal(p.grain, PAYMENTS_DAY);
	assert_int_equal(p.n_buckets, 10);
	assert_int_equal(p.buckets[0].amount[PAY_FAMILY_CASH], 50000);
	assert_int_equal(p.buckets[0].count[PAY_FAMILY_CASH], 2);
	assert_int_equal(p.buckets[9].amount[PAY_FAMILY_CARD], 20000);
	payments_release(&p);
	/* 32 days: 7-day buckets 1-7, 8-14, 15-21, 22-28, 29 Jan-1 Feb. */
	assert_int_equal(payments_compute(NULL, 0, d, d + 31, &p, &err), CLARIO_OK);
	assert_int_equal(p.grain, PAYMENTS_WEEK);
	assert_int_equal(p.n_buckets, 5);
	assert_int_equal(p.buckets[4].start, d + 28);
	assert_int_equal(p.buckets[4].end, d + 31);
	assert_int_equal(p.family[PAY_FAMILY_CASH].share_change_bps, 0);
	payments_release(&p);
	/* 15 Jan .. 20 Jul: months, the first and last partial. */
	day_t a = tz_days_from_civil(2026, 1, 15), b = tz_days_from_civil(2026, 7, 20);
	assert_int_equal(payments_compute(NULL, 0, a, b, &p, &err), CLARIO_OK);
	assert_int_equal(p.grain, PAYMENTS_MONTH);
	assert_int_equal(p.n_buckets, 7);
	assert_int_equal(p.buckets[0].end, tz_days_from_civil(2026, 1, 31));
	assert_int_equal(p.buckets[1].start, tz_days_from_civil(2026, 2, 1));
	assert_int_equal(p.buckets[6].start, tz_days_from_civil(2026, 7, 1));
	assert_int_equal(p.buckets[6].end, b);
	payments_release(&p);
	assert_int_equal(payments_family(SALES_PAY_SHOPEEPAY), PAY_FAMILY_EWALLET);
	assert_int_equal(payments_family(SALES_PAY_DEBIT), PAY_FAMILY_CARD);
	assert_int_equal(payments_compute(NULL, 0, d, d - 1, &p, &err), CLARIO_EINVAL);
}

/* ---- outlet comparison ---- */

static void test_outlets(void **state)
{
	(void)state;
	day_t d = 20500;
	struct mix_outlet_day rows[] = {
		{10, d, 100000, 10000, 0, 5, 5, 1, 1, 0},
		/* refunds larger than the day's sales */
		{10, d + 1, 50000, 0, 60000, 2, 2, 0, 0, 1},
		{11, d, 30000, 0, 0, 1, 1, 0, 0, 0},
		/* a void only: not an open day */
		{11, d + 1, 0, 0, 0, 0, 0, 1, 0, 0},
		{99, d, 777777, 0, 0, 7, 7, 0, 0, 0}, /* another outlet: ignored */
	};
	int64_t ids[] = {10, 11, 12};
	struct outlet_compare o;
	assert_int_equal(outlet_compare_compute(rows, 5, ids, 3, d, d + 2, &o, &err), CLARIO_OK);
	const struct outlet_kpis *a = &o.outlets[0], *b = &o.outlets[1], *c = &o.outlets[2];
	assert_int_equal(a->net_sales, 80000);
	assert_int_equal(a->open_days, 2);
	assert_int_equal(a->average_ticket, 11429);  /* 80.000 ÷ 7 = 11.428,57 */
	assert_int_equal(a->net_per_open_day, 40000);
	assert_int_equal(a->tickets_per_open_day_x100, 350);
	assert_int_equal(a->discount_rate_bps, 667); /* 10.000 ÷ 150.000 */
	assert_int_equal(a->void_rate_bps, 1250);    /* 1 ÷ 8 */
	assert_int_equal(a->refund_rate_bps, 4000);
	assert_int_equal(b->open_days, 1);
	assert_int_equal(b->void_rate_bps, 5000);
	assert_int_equal(c->open_days, 0);
	assert_int_equal(c->net_per_open_day, 0);
	assert_int_equal(o.total.net_sales, 110000);
	assert_int_equal(o.total.open_days, 3);
	assert_int_equal(o.total.net_per_open_day, 36667);
	assert_int_equal(a->index_bps, 10909); /* 40.000 ÷ 36.667 */
	assert_int_equal(b->index_bps, 8182);
	assert_int_equal(a->rank, 1);
	assert_int_equal(b->rank, 2);
	assert_int_equal(c->rank, 3);
	assert_int_equal(a->net_share_bps, 7273);
	outlet_compare_release(&o);
}

/* ---- retention ---- */

static void test_retention(void **state)
{
	(void)state;
	day_t from = tz_days_from_civil(2026, 1, 1), to = tz_days_from_civil(2026, 3, 31);
	struct mix_visit rows[] = {
		{0, tz_days_from_civil(2025, 12, 10), 1, 10000}, /* before: a returning customer */
		{0, tz_days_from_civil(2026, 1, 5), 1, 20000},
		{0, tz_days_from_civil(2026, 3, 30), 1, 30000},
		{1, tz_days_from_civil(2026, 1, 10), 2, 40000},  /* new in January */
		{1, tz_days_from_civil(2026, 2, 10), 1, 10000},
		{1, tz_days_from_civil(2026, 3, 10), 1, 10000},
		{2, tz_days_from_civil(2026, 2, 1), 1, 5000},    /* new in February */
		{3, tz_days_from_civil(2026, 3, 31), 1, 7000},   /* new in March */
		{4, tz_days_from_civil(2025, 11, 1), 1, 9000},   /* no visit in the period */
	};
	struct mix_visits v = {rows, 9, 5, 20, 9};
	struct retention r;
	assert_int_equal(retention_compute(&v, from, to, &r, &err), CLARIO_OK);
	assert_true(r.available);
	assert_int_equal(r.coverage_bps, 4500);
	assert_int_equal(r.customers, 4);
	assert_int_equal(r.new_customers, 3);
	assert_int_equal(r.repeat_customers, 2);
	assert_int_equal(r.repeat_rate_bps, 5000);
	assert_int_equal(r.n_cohorts, 3);
	assert_int_equal(r.cohorts[0].month, 1);
	assert_int_equal(r.cohorts[0].customers, 1);
	assert_int_equal(r.cohorts[0].n_active, 3);
	assert_int_equal(r.cohorts[0].active[2], 1);
	assert_int_equal(r.cohorts[1].customers, 1);
	assert_int_equal(r.cohorts[1].active[1], 0);
	assert_int_equal(r.cohorts[2].n_active, 1);
	/* Recency 1, 21, 58, 0 days → R 3, 2, 1, 4; visits 2, 3, 1, 1 → F 3, 4, 1, 1.
	 * c0 R3 F3 needs attention, c1 R2 F4 at risk, c2 R1 F1 hibernating, c3 R4 F1 new. */
	assert_int_equal(r.segments[RFM_NEEDS_ATTENTION].customers, 1);
	assert_int_equal(r.segments[RFM_NEEDS_ATTENTION].net_sales, 50000);
	assert_int_equal(r.segments[RFM_AT_RISK].customers, 1);
	assert_int_equal(r.segments[RFM_AT_RISK].visits, 3);
	assert_int_equal(r.segments[RFM_AT_RISK].recency_days_sum, 21);
	assert_int_equal(r.segments[RFM_HIBERNATING].customers, 1);
	assert_int_equal(r.segments[RFM_NEW].customers, 1);
	assert_int_equal(r.segments[RFM_CHAMPIONS].customers, 0);
	assert_int_equal(retention_score(0, 5), 1);
	assert_int_equal(retention_score(4, 5), 5);
	assert_int_equal(retention_segment(5, 5), RFM_CHAMPIONS);
	assert_int_equal(retention_segment(3, 5), RFM_LOYAL);
	assert_int_equal(retention_segment(4, 2), RFM_POTENTIAL);
	/* No customer ids at all: not available, with the reason. */
	struct mix_visits none = {NULL, 0, 0, 12, 0};
	assert_int_equal(retention_compute(&none, from, to, &r, &err), CLARIO_OK);
	assert_false(r.available);
	assert_non_null(strstr(r.reason, "12 closed tickets"));
	assert_int_equal(retention_compute(&none, from, from + 800, &r, &err), CLARIO_EINVAL);
}

/* ---- peers ---- */

static struct mix_peer_row peer(int64_t id, const char *region, int64_t avg)
{
	/* 10 tickets of avg each; 30-day period: Rp 100.000..400.000 a day: small. */
	struct mix_peer_row r = {.merchant_id = id, .tickets = 10, .gross = avg * 10};
	snprintf(r.kind, sizeof r.kind, "cafe");
	snprintf(r.region, sizeof r.region, "%s", region);
	return r;
}

static void test_peers(void **state)
{
	(void)state;
	int64_t v5[] = {10, 20, 30, 40, 50}, v4[] = {1, 2, 3, 4};
	assert_int_equal(peers_quartile(v5, 5, 1), 20);
	assert_int_equal(peers_quartile(v5, 5, 2), 30);
	assert_int_equal(peers_quartile(v5, 5, 3), 40);
	assert_int_equal(peers_quartile(v4, 4, 1), 2); /* 1.75 → 2 */
	assert_int_equal(peers_quartile(v4, 4, 2), 3); /* 2.5 → 3 */
	assert_int_equal(peers_percentile(v5, 5, 30), 50);
	assert_int_equal(peers_percentile(v5, 5, 10), 10);
	assert_int_equal(peers_percentile(v5, 5, 50), 90);

	struct mix_peer_row rows[6] = {peer(1, "jawa", 30000), peer(2, "jawa", 20000),
				       peer(3, "jawa", 25000), peer(4, "jawa", 35000),
				       peer(5, "jawa", 40000), peer(6, "sulawesi", 99000)};
	rows[1].prev_net = 100000; /* growth defined for two only */
	rows[2].prev_net = 100000;
	struct peers_result p;
	/* A cohort of 4 (the caller and three) is refused at every level. */
	assert_int_equal(peers_compute(rows, 4, 1, 30, &p, &err), CLARIO_OK);
	assert_false(p.available);
	assert_non_null(strstr(p.reason, "has 4"));
	/* Five in the same region and band: shown. */
	assert_int_equal(peers_compute(rows, 6, 1, 30, &p, &err), CLARIO_OK);
	assert_true(p.available);
	assert_int_equal(p.level, PEERS_REGION_SIZE);
	assert_int_equal(p.cohort, 5);
	const struct peers_metric_result *t = &p.metric[PEERS_AVERAGE_TICKET];
	assert_true(t->shown);
	assert_int_equal(t->value, 30000);
	assert_int_equal(t->percentile, 50);
	assert_int_equal(t->q1, 25000);
	assert_int_equal(t->median, 30000);
	assert_int_equal(t->q3, 35000);
	assert_true(p.metric[PEERS_DISCOUNT_RATE].shown); /* all 0: the middle */
	assert_int_equal(p.metric[PEERS_DISCOUNT_RATE].percentile, 50);
	assert_false(p.metric[PEERS_SALES_GROWTH].shown); /* 2 values only */
	/* Without a region the caller falls back to its size band nationwide (6). */
	rows[0].region[0] = '\0';
	assert_int_equal(peers_compute(rows, 6, 1, 30, &p, &err), CLARIO_OK);
	assert_int_equal(p.level, PEERS_SIZE);
	assert_int_equal(p.cohort, 6);
	assert_int_equal(peers_band_of(5000000 * 30LL, 30), PEERS_LARGE);
	assert_int_equal(peers_band_of(4999999 * 30LL, 30), PEERS_MEDIUM);
}

/* ---- insights ---- */

static void test_insights_rank_render(void **state)
{
	(void)state;
	struct insight_finding f[4] = {
		{.kind = INSIGHT_REPEAT_RATE, .severity = 1, .impact = 0, .a = 2340, .b = 1234},
		{.kind = INSIGHT_SALES_CHANGE, .severity = 3, .impact = 100000, .a = 1100000,
		 .b = 1000000, .c = 1000},
		{.kind = INSIGHT_MENU_CLASS, .severity = 2, .impact = 5000, .a = 2000,
		 .subject = "Es Kopi Susu Aren", .detail = "plowhorse"},
		{.kind = INSIGHT_ANOMALY, .severity = 2, .impact = 9000, .a = 1200, .b = 200,
		 .subject = "Kemang", .subject2 = "Budi", .detail = "void_rate"},
	};
	f[3].c = tz_days_from_civil(2026, 3, 4);
	insights_rank(f, 4);
	assert_int_equal(f[0].kind, INSIGHT_SALES_CHANGE);
	assert_int_equal(f[1].kind, INSIGHT_ANOMALY); /* same severity, larger impact */
	assert_int_equal(f[2].kind, INSIGHT_MENU_CLASS);
	assert_int_equal(f[3].kind, INSIGHT_REPEAT_RATE);
	char t[512], a[384];
	assert_int_equal(insights_render(&f[0], INSIGHT_ID, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Penjualan bersih naik 10,0% menjadi Rp 1.100.000 dibanding periode "
			       "sebelumnya (Rp 1.000.000).");
	assert_int_equal(insights_render(&f[2], INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Es Kopi Susu Aren is a Plowhorse: popular but below-average margin.");
	assert_string_equal(a, "Try Rp 2.000 more.");
	assert_int_equal(insights_render(&f[2], INSIGHT_ID, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(a, "Coba naikkan harga Rp 2.000.");
	assert_int_equal(insights_render(&f[1], INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Voids at Kemang (cashier Budi) on 2026-03-04 reached 12.0% against a "
			       "usual 2.0%.");
	assert_int_equal(insights_render(&f[3], INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "23.4% of your 1,234 known customers came back more than once in the "
			       "period.");
	assert_int_equal(insights_render(&f[3], INSIGHT_ID, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_non_null(strstr(t, "23,4% dari 1.234 pelanggan"));
	struct insight_finding bad = {.kind = INSIGHT_MENU_CLASS, .detail = "unicorn"};
	assert_int_equal(insights_render(&bad, INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_EINVAL);
}

static void test_insights_producers(void **state)
{
	(void)state;
	struct insight_finding arr[8];
	struct insight_list l = {arr, 0, 8};
	/* Net sales 900.000 against 1.000.000: −10% → severity 3. */
	struct summary cur = {0}, prev = {0};
	cur.total.net_sales = 900000;
	cur.total.tickets = 9;
	prev.total.net_sales = 1000000;
	insights_from_summary(&cur, &prev, "/v1/merchants/7/summary?from=a&to=b", &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(arr[0].severity, 3);
	assert_int_equal(arr[0].c, -1000);
	assert_string_equal(arr[0].path, "/v1/merchants/7/summary?from=a&to=b");
	/* Under 5% either way: nothing. */
	cur.total.net_sales = 960000;
	insights_from_summary(&cur, &prev, "x", &l);
	assert_int_equal(l.n, 1);
	/* A full list drops further findings instead of overflowing. */
	l.cap = 1;
	cur.total.net_sales = 500000;
	insights_from_summary(&cur, &prev, "x", &l);
	assert_int_equal(l.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_payments),
		cmocka_unit_test(test_outlets),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_peers),
		cmocka_unit_test(test_insights_rank_render),
		cmocka_unit_test(test_insights_producers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
