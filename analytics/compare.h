/* Period comparison for the summary: the chosen period against the previous
 * period of equal length and against the same weekdays a year earlier (364
 * days back, so Mondays line up with Mondays). Pure: hour rollups in. */
#ifndef CLARIO_ANALYTICS_COMPARE_H
#define CLARIO_ANALYTICS_COMPARE_H

#include "analytics/summary.h"

#define COMPARE_YEAR_DAYS 364

/* One figure against a base: change = now − base; pct = change ÷ |base| × 100,
 * has_pct false when the base is 0 (no percentage of nothing). */
struct compare_change {
	int64_t now, base, change;
	double pct;
	bool has_pct;
};

struct compare_set {
	struct compare_change net_sales, gross_sales, discounts, refunds, tickets, average_ticket,
		covers, voids;
};

struct compare_result {
	day_t from, to;             /* the chosen period */
	day_t prev_from, prev_to;   /* previous period of equal length */
	day_t year_from, year_to;   /* same weekdays, 364 days back */
	struct summary_figures now, prev, year;
	struct compare_set vs_prev, vs_year;
};

/* rows must cover year_from..to (the earliest of the three periods up to the
 * chosen one's end); rows outside each period are ignored. */
void compare_periods(day_t from, day_t to, day_t *earliest);
enum clario_status compare_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   struct compare_result *out, struct clario_err *err);
struct compare_change compare_change(int64_t now, int64_t base);

#endif
