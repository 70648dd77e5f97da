/* Unit tests for analytics/summary: folding hour rollups into days and a
 * total. Expected figures are worked out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "analytics/summary.h"

static void test_div_round(void **state)
{
	(void)state;
	assert_int_equal(summary_div_round(10, 4), 3);   /* 2.5 → 3 */
	assert_int_equal(summary_div_round(9, 4), 2);    /* 2.25 → 2 */
	assert_int_equal(summary_div_round(-10, 4), -3); /* −2.5 → −3 (away from zero) */
	assert_int_equal(summary_div_round(-9, 4), -2);
	assert_int_equal(summary_div_round(7, 0), 0);    /* no tickets: 0, not a crash */
	assert_int_equal(summary_div_round(100000, 3), 33333);
}

static void test_days_and_total(void **state)
{
	(void)state;
	day_t d0 = 20000; /* any day number */
	struct rollup_hour rows[] = {
		/* day 0, 12h: gross 100000, line disc 5000, ticket disc 2000, 3 tickets */
		{.day = d0, .hour = 12, .gross = 100000, .line_discounts = 5000, .ticket_discounts = 2000,
		 .tax = 9300, .service_charge = 4650, .tickets = 3, .covers = 5},
		/* day 0, 19h: gross 50001, 2 tickets, one void */
		{.day = d0, .hour = 19, .gross = 50001, .tickets = 2, .voids = 1, .void_gross = 7000},
		/* day 2: only a refund of 8000 */
		{.day = d0 + 2, .hour = 10, .refunds = 8000, .refund_count = 1},
		/* outside the range: ignored */
		{.day = d0 + 3, .hour = 10, .gross = 999999, .tickets = 9},
	};
	struct summary s;
	struct clario_err err = {0};
	assert_int_equal(summary_compute(rows, 4, d0, d0 + 2, &s, &err), CLARIO_OK);
	assert_int_equal(s.n_days, 3);
	/* day 0: gross 150001, net = 150001 − 5000 − 2000 = 143001, 5 tickets → 28600.2 → 28600 */
	assert_int_equal(s.days[0].day, d0);
	assert_int_equal(s.days[0].f.gross_sales, 150001);
	assert_int_equal(s.days[0].f.net_sales, 143001);
	assert_int_equal(s.days[0].f.tickets, 5);
	assert_int_equal(s.days[0].f.average_ticket, 28600);
	assert_int_equal(s.days[0].f.voids, 1);
	assert_int_equal(s.days[0].f.tax, 9300);
	/* day 1: present, all zero */
	assert_int_equal(s.days[1].day, d0 + 1);
	assert_int_equal(s.days[1].f.gross_sales, 0);
	assert_int_equal(s.days[1].f.average_ticket, 0);
	/* day 2: net −8000, no tickets */
	assert_int_equal(s.days[2].f.net_sales, -8000);
	assert_int_equal(s.days[2].f.refund_count, 1);
	/* total: net 143001 − 8000 = 135001 over 5 tickets = 27000.2 → 27000 */
	assert_int_equal(s.total.net_sales, 135001);
	assert_int_equal(s.total.tickets, 5);
	assert_int_equal(s.total.average_ticket, 27000);
	assert_int_equal(s.total.covers, 5);
	summary_release(&s);
}

static void test_bad_ranges(void **state)
{
	(void)state;
	struct summary s;
	struct clario_err err = {0};
	assert_int_equal(summary_compute(NULL, 0, 100, 99, &s, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "before"));
	assert_int_equal(summary_compute(NULL, 0, 0, SUMMARY_MAX_DAYS, &s, &err), CLARIO_EINVAL);
	assert_int_equal(summary_compute(NULL, 0, 0, SUMMARY_MAX_DAYS - 1, &s, &err), CLARIO_OK);
	assert_int_equal(s.n_days, SUMMARY_MAX_DAYS);
	summary_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_days_and_total),
		cmocka_unit_test(test_bad_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
