/* Unit tests of the analyses in analytics/ on small hand-computed cases: the
 * Kasavana & Smith textbook vector, the basket test vector of ANALYTICS.md,
 * forecasts of series whose answer is known, heatmap and dayparts, period
 * comparison, item performance and anomaly alerts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/anomaly.h"
#include "analytics/basket.h"
#include "analytics/compare.h"
#include "analytics/forecast.h"
#include "analytics/heatmap.h"
#include "analytics/items.h"
#include "analytics/menu.h"

#define NEAR(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* ---- menu engineering ---- */

/* ANALYTICS.md §2.3: A 420 × 30,000 (cost 9,000), B 300 × 25,000 (12,000),
 * C 80 × 45,000 (15,000), D 50 × 20,000 (11,000). Σn = 850, N = 4:
 * threshold 0.7 × 850 ÷ 4 = 148.75 units (17.5 %); CMs 21,000 13,000 30,000
 * 9,000; Σ CM×n = 8,820,000 + 3,900,000 + 2,400,000 + 450,000 = 15,570,000;
 * weighted average 18,317.65. A Star, B Plowhorse, C Puzzle, D Dog. E has no
 * cost, F was not sold: neither joins N. */
static void test_menu_textbook(void **state)
{
	(void)state;
	const struct menu_input in[] = {
		{1, 420, 420 * 30000, 9000},  {2, 300, 300 * 25000, 12000},
		{3, 80, 80 * 45000, 15000},   {4, 50, 50 * 20000, 11000},
		{5, 100, 100 * 10000, -1},    {6, 0, 0, 5000},
	};
	struct menu_result r;
	struct clario_err err = {0};
	assert_int_equal(menu_compute(in, 6, 0.70, &r, &err), CLARIO_OK);
	assert_int_equal(r.n_analysed, 4);
	assert_int_equal(r.total_qty, 850);
	NEAR(r.popularity_threshold_units, 148.75, 1e-9);
	NEAR(r.popularity_threshold_pct, 17.5, 1e-9);
	assert_int_equal(r.total_cm, 15570000);
	NEAR(r.weighted_avg_cm, 15570000.0 / 850.0, 1e-9);
	assert_int_equal(r.items[0].cls, MENU_STAR);
	assert_int_equal(r.items[1].cls, MENU_PLOWHORSE);
	assert_int_equal(r.items[2].cls, MENU_PUZZLE);
	assert_int_equal(r.items[3].cls, MENU_DOG);
	assert_int_equal(r.items[4].cls, MENU_NO_COST);
	assert_int_equal(r.items[5].cls, MENU_UNSOLD);
	assert_int_equal(r.items[0].cm, 21000);
	assert_int_equal(r.items[2].cm, 30000);
	NEAR(r.items[0].mix_pct, 420.0 / 850.0 * 100.0, 1e-9);
	assert_string_equal(menu_class_name(r.items[1].cls), "plowhorse");
	menu_release(&r);
	/* TracRite's 80 % factor: threshold 0.8 × 850 ÷ 4 = 170; the same classes. */
	assert_int_equal(menu_compute(in, 4, 0.80, &r, &err), CLARIO_OK);
	NEAR(r.popularity_threshold_units, 170.0, 1e-9);
	assert_int_equal(r.items[1].cls, MENU_PLOWHORSE);
	menu_release(&r);
	assert_int_equal(menu_compute(in, 4, 1.5, &r, &err), CLARIO_EINVAL);
}

/* Thresholds are inclusive: an item exactly at 70 % of an equal share is
 * popular; exactly at the weighted average CM is high. Two items: X 7 units
 * CM 1,000, Y 13 units CM 1,000: Σn 20, threshold 0.7 × 20 ÷ 2 = 7; average
 * CM 1,000. Both Stars. */
static void test_menu_inclusive(void **state)
{
	(void)state;
	const struct menu_input in[] = {{1, 7, 7 * 3000, 2000}, {2, 13, 13 * 3000, 2000}};
	struct menu_result r;
	struct clario_err err = {0};
	assert_int_equal(menu_compute(in, 2, 0.70, &r, &err), CLARIO_OK);
	assert_int_equal(r.items[0].cls, MENU_STAR);
	assert_int_equal(r.items[1].cls, MENU_STAR);
	menu_release(&r);
}

/* ---- basket ---- */

/* ANALYTICS.md §2.4: {kopi,croissant}, {kopi,croissant,air}, {kopi},
 * {teh,croissant}, {kopi,croissant}; kopi = 1, croissant = 2, air = 3,
 * teh = 4. The first ticket repeats kopi (counted once). */
static const int64_t bt[] = {10, 10, 10, 11, 11, 11, 12, 13, 13, 14, 14};
static const int64_t bi[] = {1, 2, 1, 1, 2, 3, 1, 4, 2, 2, 1};

static void test_basket_vector(void **state)
{
	(void)state;
	struct basket_params p = BASKET_DEFAULTS;
	p.min_support = 0;
	p.min_count = 1;
	p.sort = BASKET_BY_COUNT;
	struct basket_result r;
	struct clario_err err = {0};
	assert_int_equal(basket_compute(bt, bi, 11, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.tickets, 5);
	assert_int_equal(r.n_items, 4);
	/* pairs: kopi-croissant 3, kopi-air 1, croissant-air 1, croissant-teh 1 */
	assert_int_equal(r.frequent_pairs, 4);
	const struct basket_pair *x = &r.pairs[0];
	assert_int_equal(x->a, 1);
	assert_int_equal(x->b, 2);
	assert_int_equal(x->count, 3);
	NEAR(x->support, 0.6, 1e-12);
	NEAR(x->confidence_ab, 0.75, 1e-12);   /* 3 ÷ 4 */
	NEAR(x->confidence_ba, 0.75, 1e-12);
	NEAR(x->lift, 0.9375, 1e-12);          /* 0.6 ÷ (0.8 × 0.8) */
	NEAR(x->leverage, -0.04, 1e-12);       /* 0.6 − 0.64 */
	NEAR(x->conviction_ab, 0.8, 1e-12);    /* (1 − 0.8) ÷ (1 − 0.75) */
	/* {kopi, croissant, air} once: {kopi, croissant} → air has confidence 1/3,
	 * lift (1/3) ÷ (1/5) = 5/3; {kopi, air} → croissant confidence 1, lift 1.25. */
	assert_int_equal(r.frequent_triples, 1);
	const struct basket_triple *t = &r.triples[0];
	assert_int_equal(t->item[0], 1);
	assert_int_equal(t->item[1], 2);
	assert_int_equal(t->item[2], 3);
	bool seen_air = false, seen_croissant = false;
	for (int k = 0; k < 3; k++) {
		if (t->rule[k].then == 3) {
			NEAR(t->rule[k].confidence, 1.0 / 3.0, 1e-12);
			NEAR(t->rule[k].lift, 5.0 / 3.0, 1e-12);
			seen_air = true;
		}
		if (t->rule[k].then == 2) {
			NEAR(t->rule[k].confidence, 1.0, 1e-12);
			NEAR(t->rule[k].lift, 1.25, 1e-12);
			assert_true(isinf(r.pairs[0].conviction_ab) == 0);
			seen_croissant = true;
		}
	}
	assert_true(seen_air && seen_croissant);
	/* kopi-air: confidence air → kopi is 1, so conviction is infinite. */
	bool inf = false;
	for (size_t i = 0; i < r.n_pairs; i++)
		if (r.pairs[i].a == 1 && r.pairs[i].b == 3)
			inf = isinf(r.pairs[i].conviction_ba);
	assert_true(inf);
	basket_release(&r);
	/* A minimum of 2 tickets keeps only kopi-croissant and no triple;
	 * 60 % support is 3 tickets: still it; 61 % is none. */
	p.min_count = 2;
	assert_int_equal(basket_compute(bt, bi, 11, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.frequent_pairs, 1);
	assert_int_equal(r.frequent_triples, 0);
	basket_release(&r);
	p.min_support = 0.6;
	assert_int_equal(basket_compute(bt, bi, 11, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.frequent_pairs, 1);
	basket_release(&r);
	p.min_support = 0.61;
	assert_int_equal(basket_compute(bt, bi, 11, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.frequent_pairs, 0);
	basket_release(&r);
	/* Nothing in: no tickets, nothing found. */
	assert_int_equal(basket_compute(NULL, NULL, 0, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.tickets, 0);
	basket_release(&r);
	p.min_support = 2;
	assert_int_equal(basket_compute(bt, bi, 11, &p, &r, &err), CLARIO_EINVAL);
}

/* From counts: the same §2.4 vector given as the pair rollups would hold it
 * (T = 5; kopi 4, croissant 4, air 1, teh 1; kopi-croissant 3, kopi-air 1,
 * croissant-air 1, croissant-teh 1, by hand from the five tickets above). */
static void test_basket_from_counts_vector(void **state)
{
	(void)state;
	static const struct basket_count c[] = {
		{0, 0, 5}, {1, 1, 4}, {2, 2, 4}, {3, 3, 1}, {4, 4, 1},
		{1, 2, 3}, {1, 3, 1}, {2, 3, 1}, {2, 4, 1}, {3, 4, 0},
	};
	struct basket_params p = BASKET_DEFAULTS;
	p.min_support = 0;
	p.min_count = 1;
	p.sort = BASKET_BY_COUNT;
	p.triples = false;
	struct basket_result r;
	struct clario_err err = {0};
	assert_int_equal(basket_from_counts(c, 10, &p, &r, &err), CLARIO_OK);
	assert_int_equal(r.tickets, 5);
	assert_int_equal(r.n_items, 4);
	assert_int_equal(r.frequent_pairs, 4); /* the zero pair is not one */
	assert_int_equal(r.pairs[0].a, 1);
	assert_int_equal(r.pairs[0].b, 2);
	assert_int_equal(r.pairs[0].count, 3);
	NEAR(r.pairs[0].lift, 0.9375, 1e-12);
	NEAR(r.pairs[0].conviction_ab, 0.8, 1e-12);
	assert_int_equal(r.n_triples, 0);
	basket_release(&r);
	/* Triples need the lines; a pair whose items have no count is refused. */
	p.triples = true;
	assert_int_equal(basket_from_counts(c, 10, &p, &r, &err), CLARIO_EINVAL);
	p.triples = false;
	static const struct basket_count orphan[] = {{0, 0, 2}, {1, 1, 2}, {1, 9, 2}};
	assert_int_equal(basket_from_counts(orphan, 3, &p, &r, &err), CLARIO_EINVAL);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Property: for random baskets, pairs and bundles from counts equal those
 * basket_compute finds in the lines, under every sort and support. The counts
 * are made here by brute force over the tickets (an independent count). */
static void test_basket_from_counts_property(void **state)
{
	(void)state;
	uint64_t seed = 0x9e3779b97f4a7c15u;
	for (int round = 0; round < 200; round++) {
		enum { MAXT = 120, MAXL = 8, ITEMS = 12 };
		int64_t t[MAXT * MAXL], it[MAXT * MAXL];
		size_t n = 0, nt = 1 + (size_t)(xorshift(&seed) % MAXT);
		bool has[MAXT][ITEMS + 1];
		memset(has, 0, sizeof has);
		for (size_t k = 0; k < nt; k++) {
			size_t lines = 1 + (size_t)(xorshift(&seed) % MAXL);
			for (size_t l = 0; l < lines; l++) {
				int64_t item = 100 + (int64_t)(xorshift(&seed) % ITEMS);
				t[n] = 5000 + (int64_t)k;
				it[n++] = item;
				has[k][item - 100] = true;
			}
		}
		struct basket_count c[1 + ITEMS + ITEMS * ITEMS];
		size_t nc = 0;
		c[nc++] = (struct basket_count){0, 0, (int64_t)nt};
		for (int a = 0; a < ITEMS; a++)
			for (int b = a; b < ITEMS; b++) {
				int64_t cnt = 0;
				for (size_t k = 0; k < nt; k++)
					cnt += has[k][a] && has[k][b];
				if (cnt)
					c[nc++] = (struct basket_count){100 + a, 100 + b, cnt};
			}
		struct basket_params p = BASKET_DEFAULTS;
		p.triples = false;
		p.sort = (enum basket_sort)(round % 3);
		p.min_support = (double)(round % 5) * 0.02;
		p.min_count = 1 + round % 3;
		p.top_n = 1 + (size_t)(round % 15);
		struct basket_result a, b;
		struct clario_err err = {0};
		assert_int_equal(basket_compute(t, it, n, &p, &a, &err), CLARIO_OK);
		assert_int_equal(basket_from_counts(c, nc, &p, &b, &err), CLARIO_OK);
		assert_int_equal(a.tickets, b.tickets);
		assert_int_equal(a.n_items, b.n_items);
		assert_int_equal(a.min_count_used, b.min_count_used);
		assert_int_equal(a.frequent_pairs, b.frequent_pairs);
		assert_int_equal(a.n_pairs, b.n_pairs);
		for (size_t i = 0; i < a.n_pairs; i++) {
			assert_int_equal(a.pairs[i].a, b.pairs[i].a);
			assert_int_equal(a.pairs[i].b, b.pairs[i].b);
			assert_int_equal(a.pairs[i].count, b.pairs[i].count);
			assert_int_equal(a.pairs[i].count_a, b.pairs[i].count_a);
			assert_true(a.pairs[i].lift == b.pairs[i].lift);
		}
		assert_int_equal(a.n_bundles, b.n_bundles);
		for (size_t i = 0; i < a.n_bundles; i++)
			assert_int_equal(a.bundles[i], b.bundles[i]);
		basket_release(&a);
		basket_release(&b);
	}
}

/* ---- forecast ---- */

static const double week[7] = {100, 120, 140, 160, 180, 300, 250};

/* A weekly pattern repeated exactly is its own forecast: zero error, zero
 * spread, and the backtest sees no error. */
static void test_forecast_exact_pattern(void **state)
{
	(void)state;
	double y[140];
	for (size_t t = 0; t < 140; t++)
		y[t] = week[t % 7];
	struct forecast_result r;
	struct clario_err err = {0};
	assert_int_equal(forecast_series(y, 140, true, &r, &err), CLARIO_OK);
	assert_int_equal(r.method, FORECAST_ETS);
	for (size_t h = 0; h < FORECAST_HORIZON; h++) {
		NEAR(r.point[h].mean, week[(140 + h) % 7], 1e-6);
		NEAR(r.point[h].hi - r.point[h].lo, 0, 1e-6);
	}
	assert_true(r.acc.valid);
	assert_int_equal(r.acc.points, 56);
	NEAR(r.acc.mae, 0, 1e-6);
	NEAR(r.acc.wape, 0, 1e-6);
}

/* Weekly steps: y_t = 5 + ⌊t ÷ 7⌋. Seasonal naive is off by exactly 1 on
 * every backtest day, so mae_naive = 1; WAPE = Σ|e| ÷ Σy where the last 56
 * days (weeks 12..19 of 20) sum to 7 × (17 + 18 + … + 24) = 7 × 164 = 1,148. */
static void test_forecast_backtest_definition(void **state)
{
	(void)state;
	double y[140];
	for (size_t t = 0; t < 140; t++)
		y[t] = 5 + (double)(t / 7);
	struct forecast_result r;
	struct clario_err err = {0};
	assert_int_equal(forecast_series(y, 140, true, &r, &err), CLARIO_OK);
	assert_true(r.acc.valid);
	NEAR(r.acc.mae_naive, 1.0, 1e-12);
	NEAR(r.acc.mase, r.acc.mae / 1.0, 1e-12);
	NEAR(r.acc.wape, r.acc.mae * 56 / 1148.0, 1e-12);
	/* In-sample scale: mean |y_t − y_{t−7}| over days 7..83 is 1 too. */
	NEAR(r.acc.mase_insample, r.acc.mae, 1e-12);
	/* A trend the model follows: it beats "same as last week". */
	assert_true(r.acc.mase < 1.0);
	/* Too short for a backtest: 83 days. */
	assert_int_equal(forecast_series(y, 83, true, &r, &err), CLARIO_OK);
	assert_false(r.acc.valid);
}

/* Noise around a weekly pattern (fixed-seed): seasonal naive carries two
 * noises per error, a smoother about one, so MASE is well below 1; the 80 %
 * interval holds the truth about 80 % of the time. */
static void test_forecast_noisy(void **state)
{
	(void)state;
	double y[364 + 14];
	uint64_t s = 12345;
	for (size_t t = 0; t < 364 + 14; t++) {
		double u = 0;
		for (int k = 0; k < 12; k++) { /* Irwin-Hall ≈ normal, sd 1 */
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			u += (double)(s >> 11) / 9007199254740992.0;
		}
		y[t] = 10 * week[t % 7] + 100 * (u - 6);
	}
	struct forecast_result r;
	struct clario_err err = {0};
	assert_int_equal(forecast_series(y, 364, true, &r, &err), CLARIO_OK);
	assert_true(r.acc.valid);
	assert_true(r.acc.mase < 0.9);
	int inside = 0;
	for (size_t h = 0; h < FORECAST_HORIZON; h++)
		inside += y[364 + h] >= r.point[h].lo && y[364 + h] <= r.point[h].hi;
	assert_true(inside >= 8); /* 14 × 0.8 = 11.2 expected; binomial slack */
}

/* Sparse demand (5 units every fourth day): TSB, about 5 × 1/4 a day. */
static void test_forecast_intermittent(void **state)
{
	(void)state;
	double y[120];
	for (size_t t = 0; t < 120; t++)
		y[t] = t % 4 == 3 ? 5 : 0;
	struct forecast_result r;
	struct clario_err err = {0};
	assert_int_equal(forecast_series(y, 120, true, &r, &err), CLARIO_OK);
	assert_int_equal(r.method, FORECAST_TSB);
	for (size_t h = 0; h < FORECAST_HORIZON; h++)
		assert_true(r.point[h].mean > 0.8 && r.point[h].mean < 1.7);
	double z[30] = {0};
	assert_int_equal(forecast_series(z, 30, true, &r, &err), CLARIO_OK);
	assert_int_equal(r.method, FORECAST_ZERO);
	NEAR(r.point[0].mean, 0, 0);
}

/* ---- heatmap, dayparts, comparison ---- */

static struct rollup_hour hr(day_t day, int hour, rupiah_t gross, rupiah_t refunds, int64_t tickets)
{
	return (struct rollup_hour){.day = day, .hour = hour, .gross = gross, .refunds = refunds,
				    .tickets = tickets};
}

/* 2026-01-05 is a Monday (day 20458). Two weeks: Mondays 20458 and 20465. */
static void test_heatmap(void **state)
{
	(void)state;
	day_t mon = tz_days_from_civil(2026, 1, 5);
	assert_int_equal(heatmap_weekday(mon), 0);
	const struct rollup_hour rows[] = {
		hr(mon, 8, 100000, 0, 4), hr(mon + 7, 8, 50000, 0, 1),     /* Mon 08 */
		hr(mon + 6, 23, 30000, 40000, 1),                           /* Sun 23: refund > sales */
		hr(mon + 1, 2, 20000, 0, 1),                                /* Tue 02 */
		hr(mon + 14, 8, 999999, 0, 9),                              /* outside */
	};
	size_t np;
	const struct daypart *parts = daypart_defaults(&np);
	struct heatmap h;
	struct clario_err err = {0};
	assert_int_equal(heatmap_compute(rows, 5, mon, mon + 13, parts, np, &h, &err), CLARIO_OK);
	assert_int_equal(h.occurrences[0], 2);
	assert_int_equal(h.occurrences[6], 2);
	assert_int_equal(h.cell[0][8].net_sales, 150000);
	assert_int_equal(h.cell[0][8].avg_net_sales, 75000);
	NEAR(h.cell[0][8].avg_tickets, 2.5, 1e-12);
	assert_int_equal(h.cell[6][23].avg_net_sales, -5000); /* −10,000 ÷ 2 */
	/* dayparts: breakfast 150,000; late night (21-6, wraps) −10,000 + 20,000 */
	assert_int_equal(h.part[0].net_sales, 150000);
	assert_int_equal(h.part[4].net_sales, 10000);
	assert_int_equal(h.part[4].tickets, 2);
	NEAR(h.part[0].share, 150000.0 / 160000.0, 1e-12);
	/* Empty period: all zeros, no division by zero. */
	assert_int_equal(heatmap_compute(NULL, 0, mon, mon, parts, np, &h, &err), CLARIO_OK);
	assert_int_equal(h.occurrences[0], 1);
	assert_int_equal(h.cell[0][8].avg_net_sales, 0);
	assert_int_equal(heatmap_compute(rows, 5, mon + 1, mon, parts, np, &h, &err), CLARIO_EINVAL);
}

static void test_dayparts_validate(void **state)
{
	(void)state;
	struct clario_err err = {0};
	const struct daypart ok[] = {{"day", 6, 18}, {"night", 18, 6}};
	assert_int_equal(daypart_validate(ok, 2, &err), CLARIO_OK);
	const struct daypart gap[] = {{"day", 6, 18}, {"night", 19, 6}};
	assert_int_equal(daypart_validate(gap, 2, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "hour 18"));
	const struct daypart overlap[] = {{"day", 6, 19}, {"night", 18, 6}};
	assert_int_equal(daypart_validate(overlap, 2, &err), CLARIO_EINVAL);
	const struct daypart dup[] = {{"a", 0, 12}, {"a", 12, 0}};
	assert_int_equal(daypart_validate(dup, 2, &err), CLARIO_EINVAL);
	const struct daypart same[] = {{"all", 5, 5}};
	assert_int_equal(daypart_validate(same, 1, &err), CLARIO_EINVAL);
	size_t n;
	const struct daypart *d = daypart_defaults(&n);
	assert_int_equal(n, 5);
	assert_int_equal(daypart_validate(d, n, &err), CLARIO_OK);
}

/* Period of 7 days from a Monday: previous = the 7 days before; year ago =
 * 364 days back (also a Monday). Net now 300,000 (2 tickets), previous
 * 200,000 (4 tickets), year ago none. */
static void test_compare(void **state)
{
	(void)state;
	day_t mon = tz_days_from_civil(2026, 1, 5);
	const struct rollup_hour rows[] = {
		hr(mon, 9, 250000, 0, 1), hr(mon + 6, 9, 60000, 10000, 1),
		hr(mon - 7, 9, 200000, 0, 4), hr(mon - 8, 9, 777, 0, 1),
	};
	struct compare_result r;
	struct clario_err err = {0};
	assert_int_equal(compare_compute(rows, 4, mon, mon + 6, &r, &err), CLARIO_OK);
	assert_int_equal(r.prev_from, mon - 7);
	assert_int_equal(r.prev_to, mon - 1);
	assert_int_equal(r.year_from, mon - 364);
	assert_int_equal(heatmap_weekday(r.year_from), 0);
	assert_int_equal(r.vs_prev.net_sales.now, 300000);
	assert_int_equal(r.vs_prev.net_sales.base, 200000);
	assert_int_equal(r.vs_prev.net_sales.change, 100000);
	NEAR(r.vs_prev.net_sales.pct, 50.0, 1e-12);
	assert_int_equal(r.vs_prev.average_ticket.now, 150000);
	assert_int_equal(r.vs_prev.average_ticket.base, 50000);
	assert_false(r.vs_year.net_sales.has_pct);
	assert_int_equal(r.vs_year.net_sales.change, 300000);
	day_t earliest;
	compare_periods(mon, mon + 6, &earliest);
	assert_int_equal(earliest, mon - 364);
}

/* ---- items ---- */

static void test_items(void **state)
{
	(void)state;
	const struct item_info infos[] = {
		{7, "Kopi Susu", "Kopi", 8000}, {9, "Croissant", "Pastry", -1}, {11, "Teh", "Teh", 2000},
	};
	day_t d = 100;
	const struct rollup_item_day rows[] = {
		/* now: kopi 10 sold (gross 250,000, discounts 20,000), 1 refunded (25,000) */
		{.item_id = 7, .day = d, .qty = 6, .gross = 150000, .discounts = 20000},
		{.item_id = 7, .day = d + 1, .qty = 4, .gross = 100000, .refund_qty = 1, .refunds = 25000},
		/* croissant once (an item sold once), no cost */
		{.item_id = 9, .day = d + 1, .qty = 1, .gross = 30000},
		/* previous period: kopi net 100,000; teh only then */
		{.item_id = 7, .day = d - 2, .qty = 4, .gross = 100000},
		{.item_id = 11, .day = d - 1, .qty = 5, .gross = 40000},
	};
	struct items_result r;
	struct clario_err err = {0};
	assert_int_equal(items_compute(infos, 3, rows, 5, d, d + 1, d - 2, d - 1, NULL, &r, &err),
			 CLARIO_OK);
	assert_int_equal(r.n_items, 3);
	const struct item_perf *k = &r.items[0];
	assert_int_equal(k->item_id, 7);
	assert_int_equal(k->qty, 9);
	assert_int_equal(k->net, 205000);          /* 250,000 − 20,000 − 25,000 */
	assert_int_equal(k->avg_price, 23000);     /* 230,000 ÷ 10 */
	assert_true(k->has_cost);
	assert_int_equal(k->cost, 72000);          /* 9 × 8,000 */
	assert_int_equal(k->margin, 133000);
	assert_int_equal(k->trend.base, 100000);
	NEAR(k->trend.pct, 105.0, 1e-9);
	NEAR(k->share, 205000.0 / 235000.0, 1e-12);
	assert_int_equal(r.items[1].item_id, 9);
	assert_false(r.items[1].has_cost);
	assert_int_equal(r.items[2].item_id, 11); /* only in the previous period */
	assert_int_equal(r.items[2].net, 0);
	assert_int_equal(r.items[2].trend.change, -40000);
	size_t up[5], down[5], nu, nd;
	items_movers(&r, 5, up, &nu, down, &nd);
	assert_int_equal(nu, 2);
	assert_int_equal(r.items[up[0]].item_id, 7);
	assert_int_equal(nd, 1);
	assert_int_equal(r.items[down[0]].item_id, 11);
	/* Categories: Pastry's cost is incomplete. */
	bool pastry = false;
	for (size_t i = 0; i < r.n_cats; i++)
		if (strcmp(r.cats[i].name, "Pastry") == 0)
			pastry = !r.cats[i].cost_complete;
	assert_true(pastry);
	items_release(&r);
	assert_int_equal(items_compute(infos, 3, rows, 5, d, d + 1, d - 2, d - 1, "Kopi", &r, &err),
			 CLARIO_OK);
	assert_int_equal(r.n_items, 1);
	items_release(&r);
}

/* ---- anomalies ---- */

static void test_binom_tail(void **state)
{
	(void)state;
	NEAR(anomaly_binom_tail(0, 10, 0.3), 1.0, 0);
	NEAR(anomaly_binom_tail(1, 1, 0.5), 0.5, 1e-12);
	NEAR(anomaly_binom_tail(2, 2, 0.5), 0.25, 1e-12);
	/* P(X ≥ 2), n = 3, p = 0.5: (3 + 1) ÷ 8 */
	NEAR(anomaly_binom_tail(2, 3, 0.5), 0.5, 1e-12);
	NEAR(anomaly_binom_tail(4, 3, 0.5), 0.0, 0);
}

/* 140 days of a weekly pattern with a little deterministic wobble, then a
 * 12-day closure inside the period: one no-sales alert over exactly those
 * days; nothing else. */
static void test_anomaly_closure(void **state)
{
	(void)state;
	double y[182];
	for (size_t t = 0; t < 182; t++)
		y[t] = 1000 * week[t % 7] + (double)((t * 37) % 11) * 2000;
	for (size_t t = 150; t < 162; t++)
		y[t] = 0;
	struct anomaly_series s = {.outlet_id = 5, .first = 1000, .n = 182, .net = y};
	struct anomaly_list l = {0};
	struct clario_err err = {0};
	assert_int_equal(anomaly_sales(&s, 1, 1000 + 140, 1000 + 181, &l, &err), CLARIO_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0].kind, ANOMALY_CLOSED);
	assert_int_equal(l.a[0].from, 1150);
	assert_int_equal(l.a[0].to, 1161);
	assert_int_equal(l.a[0].outlet_id, 5);
	NEAR(l.a[0].observed, 0, 0);
	assert_true(l.a[0].expected > 0);
	anomaly_release(&l);
}

/* Three cashiers, 20 closed tickets a day each and a void every tenth day;
 * cashier B voids 4 a day on days 40..46. One alert: B's void rate, within
 * those days. */
static void test_anomaly_cashier(void **state)
{
	(void)state;
	struct anomaly_rate_row rows[3 * 70];
	size_t n = 0;
	const char *names[] = {"A", "B", "C"};
	for (int c = 0; c < 3; c++)
		for (day_t d = 0; d < 70; d++) {
			struct anomaly_rate_row *r = &rows[n++];
			memset(r, 0, sizeof *r);
			r->outlet_id = 1;
			snprintf(r->cashier, sizeof r->cashier, "%s", names[c]);
			r->day = d;
			r->closed = 20;
			r->voids = (d + c) % 10 == 0;
			if (c == 1 && d >= 40 && d <= 46)
				r->voids = 4;
		}
	struct anomaly_list l = {0};
	struct clario_err err = {0};
	assert_int_equal(anomaly_rates(rows, n, 28, 69, &l, &err), CLARIO_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.a[0].kind, ANOMALY_VOID_RATE);
	assert_string_equal(l.a[0].cashier, "B");
	assert_true(l.a[0].from >= 34 && l.a[0].from <= 40);
	assert_true(l.a[0].to >= 46 && l.a[0].to <= 52);
	assert_true(l.a[0].score >= ANOMALY_RATE_SCORE);
	anomaly_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menu_textbook),
		cmocka_unit_test(test_menu_inclusive),
		cmocka_unit_test(test_basket_vector),
		cmocka_unit_test(test_basket_from_counts_vector),
		cmocka_unit_test(test_basket_from_counts_property),
		cmocka_unit_test(test_forecast_exact_pattern),
		cmocka_unit_test(test_forecast_backtest_definition),
		cmocka_unit_test(test_forecast_noisy),
		cmocka_unit_test(test_forecast_intermittent),
		cmocka_unit_test(test_heatmap),
		cmocka_unit_test(test_dayparts_validate),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_binom_tail),
		cmocka_unit_test(test_anomaly_closure),
		cmocka_unit_test(test_anomaly_cashier),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
