/* Customer retention where the POS sends customer ids: monthly cohorts, repeat
 * rate and RFM segments over a period. Pure over the store's visit rows.
 *
 * Definitions (docs/analytics-mix.md):
 *  - a visit is a business day with at least one closed ticket of the customer;
 *  - a customer's cohort is the calendar month of their first visit ever; only
 *    cohorts whose first visit falls inside the period are shown, and a
 *    cohort's activity in month k counts its customers with a visit in that
 *    month (inside the period);
 *  - repeat rate = customers with ≥ 2 visits in the period ÷ customers with ≥ 1;
 *  - RFM over the period's customers: recency = days from the last visit to
 *    `to`, frequency = visits, monetary = net sales of their tickets (before
 *    refunds, which are not attributed to customers). R and F are scored 1..5
 *    as 1 + floor(5 × (customers strictly worse) ÷ customers), so ties share a
 *    score; segments by R and F (see retention_segment), monetary summed per
 *    segment. */
#ifndef CLARIO_ANALYTICS_RETENTION_H
#define CLARIO_ANALYTICS_RETENTION_H

#include "store/analysis_mix.h"

enum rfm_segment { RFM_CHAMPIONS, RFM_LOYAL, RFM_POTENTIAL, RFM_NEW, RFM_NEEDS_ATTENTION,
		   RFM_AT_RISK, RFM_HIBERNATING, RFM_SEGMENT_COUNT };

/* champions R≥4 F≥4 · potential R≥4 F 2-3 · new R≥4 F=1 · loyal R=3 F≥4 ·
 * needs_attention R=3 F≤3 · at_risk R≤2 F≥3 · hibernating R≤2 F≤2. */
enum rfm_segment retention_segment(int r, int f);
const char *retention_segment_name(enum rfm_segment s);
/* 1 + floor(5 × worse ÷ n), worse < n. */
int retention_score(size_t worse, size_t n);

#define RETENTION_MAX_MONTHS 25 /* a 731-day period spans at most 25 months */

struct retention_cohort {
	int year, month;
	int64_t customers;      /* first visit in this month (and in the period) */
	int64_t active[RETENTION_MAX_MONTHS];     /* customers of the cohort with a visit in month +k */
	size_t n_active;        /* months from the cohort's to the period's last */
};

struct retention_segment_figures {
	int64_t customers;
	int64_t visits;
	rupiah_t net_sales;
	int64_t recency_days_sum;
};

struct retention {
	bool available;
	char reason[160];              /* when not available */
	int64_t period_tickets, customer_tickets;
	int32_t coverage_bps;          /* customer_tickets ÷ period_tickets */
	int64_t customers;             /* with a visit in the period */
	int64_t new_customers;         /* first visit ever in the period */
	int64_t repeat_customers;      /* ≥ 2 visits in the period */
	int32_t repeat_rate_bps;
	struct retention_cohort cohorts[RETENTION_MAX_MONTHS];
	size_t n_cohorts;
	struct retention_segment_figures segments[RFM_SEGMENT_COUNT];
};

/* v: visits grouped by customer, days ascending, up to `to`. Periods over
 * RETENTION_MAX_MONTHS calendar months are refused. */
enum clario_status retention_compute(const struct mix_visits *v, day_t from, day_t to,
				     struct retention *out, struct clario_err *err);

#endif
