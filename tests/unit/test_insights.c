/* Unit tests of the insights producers for menu engineering and anomaly
 * alerts (analytics/insights.c): hand-made menus and alert lists whose
 * classes, price steps, impacts and sentences are worked out in comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analytics/anomaly.h"
#include "analytics/insights.h"
#include "analytics/menu.h"

static struct clario_err err;

#define PATH "/v1/merchants/1/menu-engineering?from=2026-03-01&to=2026-03-31"

/* Four costed items, factor 0.7: Σn = 200, N = 4, popularity threshold
 * 0.7 × 200 ÷ 4 = 35 units. CM: A 22.000 − 10.000 = 12.000, B 35.000 − 15.000
 * = 20.000, C 5.000 − 4.000 = 1.000, D 30.000 − 14.000 = 16.000; Σ CM×n =
 * 1.200.000 + 400.000 + 10.000 + 1.120.000 = 2.730.000, average 13.650.
 * A: popular, CM below → Plowhorse; B: 20 < 35, CM above → Puzzle;
 * C: Dog; D: Star (not emitted). */
static const struct menu_input menu4[] = {
	{.item_id = 1, .qty = 100, .net = 2200000, .unit_cost = 10000},
	{.item_id = 2, .qty = 20, .net = 700000, .unit_cost = 15000},
	{.item_id = 3, .qty = 10, .net = 50000, .unit_cost = 4000},
	{.item_id = 4, .qty = 70, .net = 2100000, .unit_cost = 14000},
};
static const char *const menu4_names[] = {"Es Kopi Susu Aren", "Croissant", "Teh Tawar",
					  "Nasi Goreng"};

static void test_menu_producer(void **state)
{
	(void)state;
	struct menu_result m = {0};
	struct insight_finding f[8];
	struct insight_list l = {.f = f, .cap = 8};
	assert_int_equal(menu_compute(menu4, 4, 0.70, &m, &err), CLARIO_OK);
	assert_int_equal(m.items[0].cls, MENU_PLOWHORSE);
	/* A: gap = ceil((2.730.000 − 12.000 × 200) ÷ 200) = 1.650 → Rp 2.000 step;
	 * cap 22.000 ÷ 10 = 2.200 → 2.000; so Rp 2.000. */
	assert_int_equal(insights_price_step(&m, 0), 2000);
	assert_int_equal(insights_price_step(&m, 3), 0); /* a Star is not below average */
	insights_from_menu(&m, menu4_names, PATH, &l);
	assert_int_equal(l.n, 3);
	/* Plowhorse A: impact 2.000 × 100 units. */
	assert_int_equal(f[0].kind, INSIGHT_MENU_CLASS);
	assert_string_equal(f[0].detail, "plowhorse");
	assert_string_equal(f[0].subject, "Es Kopi Susu Aren");
	assert_int_equal(f[0].severity, 2);
	assert_int_equal(f[0].a, 2000);
	assert_int_equal(f[0].b, 100);
	assert_int_equal(f[0].impact, 200000);
	assert_string_equal(f[0].path, PATH);
	/* Puzzle B: (35 − 20) units short × CM 20.000. */
	assert_string_equal(f[1].detail, "puzzle");
	assert_string_equal(f[1].subject, "Croissant");
	assert_int_equal(f[1].severity, 1);
	assert_int_equal(f[1].impact, 300000);
	/* Dog C: (2.730.000 − 1.000 × 200) ÷ 200 = 12.650 below average × 10 units. */
	assert_string_equal(f[2].detail, "dog");
	assert_string_equal(f[2].subject, "Teh Tawar");
	assert_int_equal(f[2].impact, 126500);
	char t[512], a[384];
	assert_int_equal(insights_render(&f[0], INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Es Kopi Susu Aren is a Plowhorse: popular but below-average margin.");
	assert_string_equal(a, "Try Rp 2.000 more.");
	assert_int_equal(insights_render(&f[0], INSIGHT_ID, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Es Kopi Susu Aren adalah Plowhorse: laris tapi marginnya di bawah "
			       "rata-rata.");
	assert_string_equal(a, "Coba naikkan harga Rp 2.000.");
	menu_release(&m);
}

static void test_price_step_caps(void **state)
{
	(void)state;
	struct menu_result m = {0};
	/* E 15.000 − 12.000 = CM 3.000 × 100, F 50.000 − 10.000 = 40.000 × 10:
	 * Σ = 700.000 over 110 units; E popular (100 ≥ 0.7 × 110 ÷ 2 = 38,5), below
	 * average → Plowhorse. gap = ceil((700.000 − 330.000) ÷ 110) = 3.364 →
	 * 3.500, but the cap is 15.000 ÷ 10 = 1.500: Rp 1.500. */
	const struct menu_input big_gap[] = {
		{.item_id = 1, .qty = 100, .net = 1500000, .unit_cost = 12000},
		{.item_id = 2, .qty = 10, .net = 500000, .unit_cost = 10000}};
	assert_int_equal(menu_compute(big_gap, 2, 0.70, &m, &err), CLARIO_OK);
	assert_int_equal(m.items[0].cls, MENU_PLOWHORSE);
	assert_int_equal(insights_price_step(&m, 0), 1500);
	menu_release(&m);
	/* A Rp 4.000 item: 10% is Rp 400, under one Rp 500 step → no amount, and the
	 * action falls back to the general advice. */
	const struct menu_input cheap[] = {
		{.item_id = 1, .qty = 100, .net = 400000, .unit_cost = 3000},
		{.item_id = 2, .qty = 10, .net = 500000, .unit_cost = 10000}};
	assert_int_equal(menu_compute(cheap, 2, 0.70, &m, &err), CLARIO_OK);
	assert_int_equal(m.items[0].cls, MENU_PLOWHORSE);
	assert_int_equal(insights_price_step(&m, 0), 0);
	struct insight_finding f[4];
	struct insight_list l = {.f = f, .cap = 4};
	const char *const names[] = {"Air Mineral", "Iga Bakar"};
	insights_from_menu(&m, names, PATH, &l);
	assert_int_equal(l.n, 2); /* the Plowhorse and the Puzzle */
	assert_int_equal(f[0].a, 0);
	assert_int_equal(f[0].impact, 0);
	char t[512], a[384];
	assert_int_equal(insights_render(&f[0], INSIGHT_EN, t, sizeof t, a, sizeof a, &err),
			 CLARIO_OK);
	assert_string_equal(a, "Raise the price a little or lower its cost.");
	menu_release(&m);
}

static void test_menu_per_class_limit(void **state)
{
	(void)state;
	/* One Star carrying the volume and five Dogs of 1..5 units, CM 1.000 each;
	 * only the three largest Dog impacts (5, 4, 3 units) are emitted, largest
	 * first. Star: CM 20.000 × 1.000 units; Σn = 1.015. */
	struct menu_input in[6] = {{.item_id = 1, .qty = 1000, .net = 25000000, .unit_cost = 5000}};
	for (int i = 1; i < 6; i++)
		in[i] = (struct menu_input){.item_id = i + 1, .qty = i, .net = 2000 * i,
					    .unit_cost = 1000};
	const char *const names[] = {"Star", "D1", "D2", "D3", "D4", "D5"};
	struct menu_result m = {0};
	struct insight_finding f[8];
	struct insight_list l = {.f = f, .cap = 8};
	assert_int_equal(menu_compute(in, 6, 0.70, &m, &err), CLARIO_OK);
	insights_from_menu(&m, names, PATH, &l);
	assert_int_equal(l.n, INSIGHTS_MENU_PER_CLASS);
	assert_string_equal(f[0].subject, "D5");
	assert_string_equal(f[1].subject, "D4");
	assert_string_equal(f[2].subject, "D3");
	/* Σ CM×n = 20.000.000 + 1.000 × 15 = 20.015.000; (20.015.000 − 1.000 × 1.015)
	 * ÷ 1.015 = 18.719 (integer division) below average, × 5 units = 93.595. */
	assert_int_equal(f[0].impact, 93595);
	menu_release(&m);
}

static void test_alert_producer(void **state)
{
	(void)state;
	day_t d = tz_days_from_civil(2026, 3, 4);
	struct anomaly_alert a[7] = {
		{.kind = ANOMALY_SALES_LOW, .outlet_id = 7, .from = d, .to = d, .score = 9,
		 .observed = 1000000.4, .expected = 3500000},
		{.kind = ANOMALY_VOID_RATE, .outlet_id = 9, .cashier = "Budi", .from = d + 1,
		 .to = d + 7, .score = 8, .observed = 0.12, .expected = 0.02},
		{.kind = ANOMALY_SALES_HIGH, .outlet_id = 7, .from = d + 2, .to = d + 2, .score = 7,
		 .observed = 9000000, .expected = 4000000},
	};
	for (int i = 3; i < 7; i++)
		a[i] = (struct anomaly_alert){.kind = ANOMALY_REFUND_RATE, .outlet_id = 7, .from = d,
					      .to = d, .score = 7 - i, .observed = 0.1,
					      .expected = 0.01};
	struct anomaly_list al = {.a = a, .n = 7, .cap = 7};
	const int64_t ids[] = {7};
	const char *const names[] = {"Kemang"};
	struct insight_finding f[10];
	struct insight_list l = {.f = f, .cap = 10};
	insights_from_alerts(&al, ids, names, 1, "/v1/merchants/1/alerts?from=x&to=y", &l);
	assert_int_equal(l.n, INSIGHTS_ALERTS_MAX); /* 7 alerts, the first 5 */
	assert_int_equal(f[0].kind, INSIGHT_ANOMALY);
	assert_string_equal(f[0].detail, "net_sales");
	assert_string_equal(f[0].subject, "Kemang");
	assert_int_equal(f[0].severity, 3);
	assert_int_equal(f[0].a, 1000000);
	assert_int_equal(f[0].b, 3500000);
	assert_int_equal(f[0].impact, 2500000);
	assert_int_equal(f[0].c, d);
	/* Unknown outlet 9 shown by id; 12% and 2% as basis points; no impact. */
	assert_string_equal(f[1].subject, "#9");
	assert_string_equal(f[1].subject2, "Budi");
	assert_string_equal(f[1].detail, "void_rate");
	assert_int_equal(f[1].a, 1200);
	assert_int_equal(f[1].b, 200);
	assert_int_equal(f[1].impact, 0);
	assert_int_equal(f[1].c, d + 1);
	assert_int_equal(f[2].severity, 2); /* sales above expectation */
	assert_int_equal(f[2].impact, 5000000);
	assert_string_equal(f[3].detail, "refund_rate");
	char t[512], ac[384];
	assert_int_equal(insights_render(&f[0], INSIGHT_EN, t, sizeof t, ac, sizeof ac, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Net sales at Kemang on 2026-03-04 were Rp 1.000.000 against about "
			       "Rp 3.500.000 expected.");
	assert_int_equal(insights_render(&f[1], INSIGHT_ID, t, sizeof t, ac, sizeof ac, &err),
			 CLARIO_OK);
	assert_string_equal(t, "Pembatalan (void) di #9 (kasir Budi) pada 2026-03-05 mencapai 12,0%, "
			       "biasanya 2,0%.");
	/* A full list takes what fits and stops. */
	struct insight_list small = {.f = f, .cap = 2};
	insights_from_alerts(&al, ids, names, 1, "p", &small);
	assert_int_equal(small.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menu_producer),
		cmocka_unit_test(test_price_step_caps),
		cmocka_unit_test(test_menu_per_class_limit),
		cmocka_unit_test(test_alert_producer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
