/* Unit tests for programme/, the pure partner-programme rules: adoption on
 * hand-made usage, NPS on known answer sets, business-hour SLA timers across
 * weekends and outside hours, verdicts, concentration warning and breach, and
 * target progress. Every expected value is worked out by hand in a comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "programme/programme.h"

static day_t D(const char *s)
{
	day_t d = 0;
	struct clario_err err;
	if (tz_parse_date(s, &d, &err))
		fail_msg("%s", err.msg);
	return d;
}

static instant_t T(const char *s)
{
	instant_t t = 0;
	struct clario_err err;
	if (tz_parse_rfc3339(s, &t, &err))
		fail_msg("%s", err.msg);
	return t;
}

static const struct tz_zone *zone(const char *name)
{
	const struct tz_zone *z = NULL;
	struct clario_err err;
	if (tz_zone_get(name, &z, &err))
		fail_msg("%s", err.msg);
	return z;
}

/* ---- adoption ---------------------------------------------------------- */

/* as of Monday 2027-03-01 the last complete week is Feb 22–28, so the window of
 * four is Feb 1–7, 8–14, 15–21, 22–28 (2027-02-01 is a Monday). */
static const struct programme_usage_day usage[] = {
	{1, 0}, {1, 0}, {1, 0},                  /* m1: Feb 2, 9, 16 -> 3 weeks */
	{2, 0}, {2, 0}, {2, 0}, {2, 0},          /* m2: Feb 2,3,4 + 28 -> 2 weeks */
	{3, 0}, {3, 0}, {3, 0}, {3, 0},          /* m3: Jan 31, Feb 8, 15, Mar 1 -> 2 in window */
	{5, 0}, {5, 0}, {5, 0}, {5, 0}, {5, 0},  /* m5: Feb 7, 14, 21, 27 (+dup 27) -> 4 */
};
static const char *const usage_days[] = {
	"2027-02-02", "2027-02-09", "2027-02-16",
	"2027-02-02", "2027-02-03", "2027-02-04", "2027-02-28",
	"2027-01-31", "2027-02-08", "2027-02-15", "2027-03-01",
	"2027-02-07", "2027-02-14", "2027-02-21", "2027-02-27", "2027-02-27",
};
static struct programme_usage_day U[sizeof usage / sizeof *usage];

static void fill_usage(void)
{
	for (size_t i = 0; i < sizeof usage / sizeof *usage; i++) {
		U[i] = usage[i];
		U[i].day = D(usage_days[i]);
	}
}

static void test_weeks(void **state)
{
	(void)state;
	assert_int_equal(tz_weekday(D("2027-02-01")), 0); /* Monday */
	assert_int_equal(programme_week_start(D("2027-02-07")), D("2027-02-01"));
	assert_int_equal(programme_last_full_week(D("2027-03-01")), D("2027-02-22"));
	assert_int_equal(programme_last_full_week(D("2027-02-28")), D("2027-02-22")); /* a Sunday */
	assert_int_equal(programme_last_full_week(D("2027-02-27")), D("2027-02-15"));
}

static void test_adoption(void **state)
{
	(void)state;
	fill_usage();
	const int64_t cohort[] = {1, 2, 3, 4, 5};
	bool adopting[5];
	struct programme_ratio r;
	struct clario_err err;
	struct programme_activity_cfg cfg = PROGRAMME_ACTIVITY_DEFAULT;
	assert_int_equal(programme_adoption(&cfg, cohort, 5, U, sizeof U / sizeof *U, D("2027-03-01"),
					    adopting, &r, &err), CLARIO_OK);
	/* m1 (3 weeks) and m5 (4 weeks) adopt: 2 of 5 */
	assert_int_equal(r.num, 2);
	assert_int_equal(r.den, 5);
	assert_true(adopting[0] && !adopting[1] && !adopting[2] && !adopting[3] && adopting[4]);
	assert_int_equal(programme_ratio_scaled(r, 10000), 4000);

	/* two distinct days a week: only m2's first week qualifies -> nobody adopts */
	cfg.min_days = 2;
	assert_int_equal(programme_adoption(&cfg, cohort, 5, U, sizeof U / sizeof *U, D("2027-03-01"),
					    adopting, &r, &err), CLARIO_OK);
	assert_int_equal(r.num, 0);
	assert_true(programme_active_in_week(U, sizeof U / sizeof *U, 2, D("2027-02-01"), 2));
	assert_false(programme_active_in_week(U, sizeof U / sizeof *U, 2, D("2027-02-01"), 4));

	/* two of the four weeks: m1, m2, m3, m5 -> 4 of 5 */
	cfg = PROGRAMME_ACTIVITY_DEFAULT;
	cfg.weeks_required = 2;
	assert_int_equal(programme_adoption(&cfg, cohort, 5, U, sizeof U / sizeof *U, D("2027-03-01"),
					    adopting, &r, &err), CLARIO_OK);
	assert_int_equal(r.num, 4);
	assert_false(adopting[3]);

	/* as of Saturday Feb 27 the window is Jan 25–Feb 21: m1 (Feb 2, 9, 16) and
	 * m5 (Feb 7, 14, 21) have 3 weeks; m3 has Jan 31, Feb 8, 15 -> 3 too */
	cfg = PROGRAMME_ACTIVITY_DEFAULT;
	assert_int_equal(programme_adoption(&cfg, cohort, 5, U, sizeof U / sizeof *U, D("2027-02-27"),
					    adopting, &r, &err), CLARIO_OK);
	assert_int_equal(r.num, 3);
	assert_true(adopting[2]);

	cfg.weeks_required = 5;
	assert_int_equal(programme_adoption(&cfg, cohort, 5, U, 1, D("2027-02-27"), NULL, &r, &err),
			 CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "weeks_required"));
}

static void test_ratio_threshold(void **state)
{
	(void)state;
	/* "more than 50%": 10 of 20 is not, 11 of 20 is */
	assert_false(programme_ratio_above((struct programme_ratio){10, 20}, 10000, 5000));
	assert_true(programme_ratio_above((struct programme_ratio){11, 20}, 10000, 5000));
	assert_false(programme_ratio_above((struct programme_ratio){0, 0}, 10000, 0));
	/* 2/3 = 6666.67 bps -> 6667 */
	assert_int_equal(programme_ratio_scaled((struct programme_ratio){2, 3}, 10000), 6667);
	assert_int_equal(programme_ratio_scaled((struct programme_ratio){-2, 3}, 10000), -6667);
}

/* ---- NPS ---------------------------------------------------------------- */

static struct programme_nps nps_of(const int *scores, size_t n)
{
	struct programme_nps s = {0};
	struct clario_err err;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(programme_nps_add(&s, scores[i], &err), CLARIO_OK);
	return s;
}

static void test_nps(void **state)
{
	(void)state;
	/* 6 promoters, 2 passives, 2 detractors: 60% − 20% = 40; mean 77/10 = 7.7 */
	const int a[] = {10, 10, 9, 9, 9, 9, 8, 7, 6, 0};
	struct programme_nps s = nps_of(a, 10);
	assert_int_equal(s.promoters, 6);
	assert_int_equal(s.passives, 2);
	assert_int_equal(s.detractors, 2);
	assert_int_equal(programme_nps_x100(&s), 4000);
	assert_int_equal(programme_nps_mean_x100(&s), 770);
	/* 1 promoter, 2 detractors of 3: −33.33 */
	const int b[] = {10, 5, 5};
	s = nps_of(b, 3);
	assert_int_equal(programme_nps_x100(&s), -3333);
	assert_int_equal(programme_nps_mean_x100(&s), 667); /* 20/3 = 6.67 */
	/* all promoters: 100; all detractors: −100 */
	const int c[] = {9, 10};
	s = nps_of(c, 2);
	assert_int_equal(programme_nps_x100(&s), 10000);
	const int d[] = {0, 6};
	s = nps_of(d, 2);
	assert_int_equal(programme_nps_x100(&s), -10000);
	/* a mean above 7 can sit with an NPS below 7: why criteria name their measure */
	const int e[] = {8, 8, 8, 8};
	s = nps_of(e, 4);
	assert_int_equal(programme_nps_mean_x100(&s), 800);
	assert_int_equal(programme_nps_x100(&s), 0);
	struct clario_err err;
	assert_int_equal(programme_nps_add(&s, 11, &err), CLARIO_EINVAL);
	assert_int_equal(programme_nps_add(&s, -1, &err), CLARIO_EINVAL);
	assert_int_equal(s.answers, 4);
	struct programme_nps none = {0};
	assert_int_equal(programme_nps_x100(&none), 0);
}

/* ---- business hours ------------------------------------------------------ */

static void test_hours_parse(void **state)
{
	(void)state;
	struct programme_hours h;
	struct clario_err err;
	assert_int_equal(programme_hours_parse("09:00-17:00", "mon-fri", &h, &err), CLARIO_OK);
	assert_int_equal(h.open, 32400);
	assert_int_equal(h.close, 61200);
	assert_int_equal(h.days, 0x1f);
	assert_int_equal(programme_hours_parse("08:00-24:00", "mon,wed,sat-sun", &h, &err), CLARIO_OK);
	assert_int_equal(h.close, 86400);
	assert_int_equal(h.days, 1u | 4u | 32u | 64u);
	assert_int_equal(programme_hours_parse("17:00-09:00", "mon-fri", &h, &err), CLARIO_EINVAL);
	assert_int_equal(programme_hours_parse("9-17", "mon-fri", &h, &err), CLARIO_EINVAL);
	assert_int_equal(programme_hours_parse("09:00-17:00", "fri-mon", &h, &err), CLARIO_EINVAL);
	assert_int_equal(programme_hours_parse("09:00-17:00", "funday", &h, &err), CLARIO_EINVAL);
	assert_int_equal(programme_hours_parse("09:00-25:00", "mon", &h, &err), CLARIO_EINVAL);
}

static void test_bh_weekend(void **state)
{
	(void)state;
	const struct tz_zone *jkt = zone("Asia/Jakarta");
	struct programme_hours h = PROGRAMME_HOURS_DEFAULT;
	/* Friday 16:00 WIB + 4 business hours: 1 h on Friday, 3 h from Monday 09:00
	 * -> Monday 2027-02-08 12:00 WIB = 05:00Z */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-05T16:00:00+07:00"), 4 * 3600),
			 T("2027-02-08T05:00:00Z"));
	/* Saturday 10:00 to Monday 10:30: only Monday 09:00–10:30 counts = 5400 s */
	assert_int_equal(programme_bh_between(jkt, &h, T("2027-02-06T10:00:00+07:00"),
					      T("2027-02-08T10:30:00+07:00")), 5400);
	/* opened Saturday, 1 h budget -> Monday 10:00 WIB */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-06T10:00:00+07:00"), 3600),
			 T("2027-02-08T10:00:00+07:00"));
	/* a zero budget from Saturday is Monday's opening */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-06T10:00:00+07:00"), 0),
			 T("2027-02-08T09:00:00+07:00"));
	/* Wednesday noon to next Wednesday noon: five working days of 8 h = 144000 s */
	assert_int_equal(programme_bh_between(jkt, &h, T("2027-02-10T12:00:00+07:00"),
					      T("2027-02-17T12:00:00+07:00")), 144000);
	/* a budget ending exactly at closing time stays on that day */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-05T16:00:00+07:00"), 3600),
			 T("2027-02-05T17:00:00+07:00"));
}

static void test_bh_outside_hours(void **state)
{
	(void)state;
	const struct tz_zone *jkt = zone("Asia/Jakarta");
	struct programme_hours h = PROGRAMME_HOURS_DEFAULT;
	/* Monday 20:00 to Tuesday 08:30: all outside hours */
	assert_int_equal(programme_bh_between(jkt, &h, T("2027-02-08T20:00:00+07:00"),
					      T("2027-02-09T08:30:00+07:00")), 0);
	/* ... to Tuesday 09:15: 15 minutes */
	assert_int_equal(programme_bh_between(jkt, &h, T("2027-02-08T20:00:00+07:00"),
					      T("2027-02-09T09:15:00+07:00")), 900);
	/* opened 06:00 Monday with a 2 h budget: 11:00 the same day */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-08T06:00:00+07:00"), 7200),
			 T("2027-02-08T11:00:00+07:00"));
	/* the zone matters: Jakarta 09:00 is 02:00Z, Jayapura 09:00 is 00:00Z */
	const struct tz_zone *jyp = zone("Asia/Jayapura");
	assert_int_equal(programme_bh_add(jyp, &h, T("2027-02-08T01:00:00Z"), 0),
			 T("2027-02-08T01:00:00Z")); /* 10:00 WIT, already open */
	assert_int_equal(programme_bh_add(jkt, &h, T("2027-02-08T01:00:00Z"), 0),
			 T("2027-02-08T02:00:00Z")); /* 08:00 WIB, opens at 09:00 */
	/* Monday–Saturday 08:00–20:00 in Makassar: Saturday 19:00 WITA + 2 h = 1 h
	 * on Saturday, Sunday skipped, Monday 08:00 + 1 h = 09:00 WITA = 01:00Z */
	struct programme_hours six;
	struct clario_err err;
	assert_int_equal(programme_hours_parse("08:00-20:00", "mon-sat", &six, &err), CLARIO_OK);
	assert_int_equal(programme_bh_add(zone("Asia/Makassar"), &six, T("2027-02-13T19:00:00+08:00"),
					  7200), T("2027-02-15T01:00:00Z"));
	/* backwards intervals count nothing */
	assert_int_equal(programme_bh_between(jkt, &h, T("2027-02-09T12:00:00+07:00"),
					      T("2027-02-08T12:00:00+07:00")), 0);
}

static void test_sla_eval(void **state)
{
	(void)state;
	const struct tz_zone *jkt = zone("Asia/Jakarta");
	struct programme_hours h = PROGRAMME_HOURS_DEFAULT;
	/* opened Friday 16:00, first answer Monday 13:00: 1 h + 4 h = 5 h > 4 h */
	struct programme_sla_in in = {
		.opened = T("2027-02-05T16:00:00+07:00"),
		.first_response = T("2027-02-08T13:00:00+07:00"),
		.response_target = 4 * 3600,
		.resolution_target = 16 * 3600,
	};
	struct programme_sla s;
	programme_sla_eval(jkt, &h, &in, T("2027-02-09T10:00:00+07:00"), &s);
	assert_int_equal(s.response_used, 5 * 3600);
	assert_true(s.response_breached);
	assert_int_equal(s.response_due, T("2027-02-08T12:00:00+07:00"));
	/* resolution: Fri 1 h + Mon 8 h + Tue 1 h = 10 h of 16 */
	assert_int_equal(s.resolution_used, 10 * 3600);
	assert_false(s.resolution_breached);
	/* due: 1 + 8 + 7 -> Tuesday 16:00 */
	assert_int_equal(s.resolution_due, T("2027-02-09T16:00:00+07:00"));
	assert_true(s.escalate); /* open with a breached response */

	/* answered at exactly the deadline is in time; resolved in time: nothing to escalate */
	in.first_response = T("2027-02-08T12:00:00+07:00");
	in.resolved = T("2027-02-09T11:00:00+07:00");
	programme_sla_eval(jkt, &h, &in, T("2027-02-20T10:00:00+07:00"), &s);
	assert_false(s.response_breached);
	assert_false(s.resolution_breached);
	assert_false(s.escalate);

	/* still open, 14 h of 16 used (under 20% left): escalate before the breach */
	in.resolved = 0;
	programme_sla_eval(jkt, &h, &in, T("2027-02-09T14:00:00+07:00"), &s);
	assert_int_equal(s.resolution_used, 14 * 3600);
	assert_false(s.resolution_breached);
	assert_true(s.escalate);
	/* the following Saturday: Friday 5th 1 h + Monday 8th..Friday 12th 5 × 8 h = 41 h */
	programme_sla_eval(jkt, &h, &in, T("2027-02-13T10:00:00+07:00"), &s);
	assert_int_equal(s.resolution_used, 1 * 3600 + 5 * 8 * 3600);
	assert_true(s.resolution_breached);
}

/* ---- verdicts ------------------------------------------------------------ */

static void test_verdicts(void **state)
{
	(void)state;
	day_t end = D("2027-05-31");
	assert_int_equal(programme_verdict_for(true, 5500, 5000, D("2027-03-01"), end), PROGRAMME_ON_TRACK);
	assert_int_equal(programme_verdict_for(true, 5000, 5000, D("2027-03-01"), end), PROGRAMME_AT_RISK);
	assert_int_equal(programme_verdict_for(false, 0, 5000, D("2027-03-01"), end), PROGRAMME_AT_RISK);
	assert_int_equal(programme_verdict_for(true, 5500, 5000, D("2027-05-31"), end), PROGRAMME_ON_TRACK);
	assert_int_equal(programme_verdict_for(true, 5500, 5000, D("2027-06-01"), end), PROGRAMME_MET);
	assert_int_equal(programme_verdict_for(true, 4000, 5000, D("2027-06-01"), end), PROGRAMME_MISSED);
	assert_string_equal(programme_verdict_name(PROGRAMME_AT_RISK), "at_risk");
	int64_t lift = 0;
	/* 18/20 retained vs 30/40: 90% − 75% = 1500 bps */
	assert_true(programme_rate_lift_bps((struct programme_ratio){18, 20},
					    (struct programme_ratio){30, 40}, &lift));
	assert_int_equal(lift, 1500);
	assert_false(programme_rate_lift_bps((struct programme_ratio){1, 2},
					     (struct programme_ratio){0, 0}, &lift));
	enum programme_metric m;
	struct clario_err err;
	assert_int_equal(programme_metric_parse("satisfaction_nps", &m, &err), CLARIO_OK);
	assert_int_equal(m, PROGRAMME_SAT_NPS);
	assert_int_equal(programme_metric_parse("nps>7", &m, &err), CLARIO_EINVAL);
}

/* ---- concentration and targets ------------------------------------------- */

#define JT 1000000LL /* Rp 1 juta */

static void test_concentration(void **state)
{
	(void)state;
	int32_t jan, feb, mar, apr;
	struct clario_err err;
	assert_int_equal(programme_month_parse("2027-01", &jan, &err), CLARIO_OK);
	feb = jan + 1, mar = jan + 2, apr = jan + 3;
	/* partner 1, partner 2, direct (0); totals 1000 juta each month */
	const struct programme_revenue rev[] = {
		{1, jan, 200 * JT}, {2, jan, 100 * JT}, {0, jan, 700 * JT}, /* 20% */
		{1, feb, 260 * JT}, {2, feb, 100 * JT}, {0, feb, 640 * JT}, /* 26% warning */
		{1, mar, 310 * JT}, {2, mar, 90 * JT},  {0, mar, 600 * JT}, /* 31% breach */
		{1, apr, 300 * JT}, {2, apr, 250 * JT}, {0, apr, 450 * JT}, /* 30% exactly, 25% exactly */
	};
	size_t n = sizeof rev / sizeof *rev, got;
	struct programme_concentration c[4];
	struct programme_risk_cfg cfg = PROGRAMME_RISK_DEFAULT;

	assert_int_equal(programme_concentration(&cfg, rev, n, jan, c, &got, &err), CLARIO_OK);
	assert_int_equal(got, 2);
	assert_int_equal(c[0].partner_id, 1);
	assert_int_equal(c[0].level, PROGRAMME_RISK_OK);
	assert_int_equal(c[0].share_bps, 2000);
	assert_int_equal(c[0].months_above_warn, 0);
	assert_int_equal(c[0].above_since, -1);

	assert_int_equal(programme_concentration(&cfg, rev, n, feb, c, &got, &err), CLARIO_OK);
	assert_int_equal(c[0].level, PROGRAMME_RISK_WARNING);
	assert_int_equal(c[0].share_bps, 2600);
	assert_int_equal(c[0].months_above_warn, 1);
	assert_int_equal(c[0].above_since, feb);
	assert_int_equal(c[1].level, PROGRAMME_RISK_OK);

	assert_int_equal(programme_concentration(&cfg, rev, n, mar, c, &got, &err), CLARIO_OK);
	assert_int_equal(c[0].level, PROGRAMME_RISK_BREACH);
	assert_int_equal(c[0].revenue, 310 * JT);
	assert_int_equal(c[0].total, 1000 * JT);
	assert_int_equal(c[0].months_above_warn, 2);
	assert_int_equal(c[0].above_since, feb);

	/* exactly 30% is not above the limit (warning); exactly 25% is not above the warning */
	assert_int_equal(programme_concentration(&cfg, rev, n, apr, c, &got, &err), CLARIO_OK);
	assert_int_equal(c[0].level, PROGRAMME_RISK_WARNING);
	assert_int_equal(c[0].months_above_warn, 3);
	assert_int_equal(c[1].level, PROGRAMME_RISK_OK);

	/* a lower warning level catches partner 2's April (25% > 20%) */
	cfg.warn_bps = 2000;
	assert_int_equal(programme_concentration(&cfg, rev, n, apr, c, &got, &err), CLARIO_OK);
	assert_int_equal(c[1].level, PROGRAMME_RISK_WARNING);
	assert_int_equal(c[1].months_above_warn, 1);
	/* partner 1 has been above 20% since February (January is exactly 20%) */
	assert_int_equal(c[0].months_above_warn, 3);
	cfg.warn_bps = 4000;
	assert_int_equal(programme_concentration(&cfg, rev, n, apr, c, &got, &err), CLARIO_EINVAL);
}

static void test_targets(void **state)
{
	(void)state;
	const struct programme_revenue rev[] = {
		{1, 100, 200 * JT}, {2, 100, 100 * JT}, {0, 100, 700 * JT},
		{1, 101, 40 * JT},  {0, 101, 960 * JT}, {1, 99, 999 * JT},
	};
	struct programme_targets t = PROGRAMME_TARGETS_DEFAULT;
	struct programme_target_progress p;
	/* months 100..101: total 2000 juta = the Rp 2 miliar target; partners 340
	 * juta = 17% share (1700 bps), 85% of the Rp 400 juta target */
	programme_targets_progress(&t, rev, 6, 100, 101, 2, &p);
	assert_int_equal(p.total_revenue, 2000 * JT);
	assert_int_equal(p.partner_revenue, 340 * JT);
	assert_int_equal(p.partner_share_bps, 1700);
	assert_int_equal(p.partner_revenue_progress_bps, 8500);
	assert_int_equal(p.total_revenue_progress_bps, 10000);
	assert_false(p.share_ok);
	assert_true(p.partnerships_ok);
	programme_targets_progress(&t, rev, 6, 100, 100, 4, &p);
	assert_true(p.share_ok); /* 300 of 1000 */
	assert_false(p.partnerships_ok);
}

static void test_month(void **state)
{
	(void)state;
	int32_t m;
	struct clario_err err;
	char buf[8];
	assert_int_equal(programme_month_parse("2027-03", &m, &err), CLARIO_OK);
	assert_int_equal(m, 2027 * 12 + 2);
	programme_month_format(m, buf);
	assert_string_equal(buf, "2027-03");
	assert_int_equal(programme_month_first_day(m), D("2027-03-01"));
	assert_int_equal(programme_month_parse("2027-13", &m, &err), CLARIO_EINVAL);
	assert_int_equal(programme_month_parse("2027-3", &m, &err), CLARIO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_adoption),
		cmocka_unit_test(test_ratio_threshold),
		cmocka_unit_test(test_nps),
		cmocka_unit_test(test_hours_parse),
		cmocka_unit_test(test_bh_weekend),
		cmocka_unit_test(test_bh_outside_hours),
		cmocka_unit_test(test_sla_eval),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_concentration),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_month),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	tz_cache_free();
	return rc;
}
