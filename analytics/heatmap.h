/* Hour × weekday heatmap of net sales and tickets, averaged per occurrence of
 * the weekday in the period, and sales per daypart (breakfast, lunch, ...)
 * with per-merchant bounds. Pure: hour rollups in. */
#ifndef CLARIO_ANALYTICS_HEATMAP_H
#define CLARIO_ANALYTICS_HEATMAP_H

#include "store/store.h"

#define DAYPART_MAX 8
#define DAYPART_NAME_MAX 32

/* Hours start..end−1 of the local clock; end ≤ start wraps past midnight
 * (late night 21..6 is 21:00-05:59). */
struct daypart {
	char name[DAYPART_NAME_MAX + 1];
	int start, end;
};

/* The defaults: breakfast 6-11, lunch 11-14, afternoon 14-17, dinner 17-21,
 * late_night 21-6. */
const struct daypart *daypart_defaults(size_t *n);
/* Checks a set: 1..DAYPART_MAX parts, names non-empty and distinct, hours
 * 0..23, start ≠ end, and together covering each hour of the day exactly once. */
enum clario_status daypart_validate(const struct daypart *p, size_t n, struct clario_err *err);
/* Index of the part containing hour h, or -1. */
int daypart_of(const struct daypart *p, size_t n, int h);

struct heatmap_cell {
	rupiah_t net_sales;     /* Σ over the period */
	int64_t tickets;
	rupiah_t avg_net_sales; /* Σ ÷ occurrences of the weekday, half away from zero */
	double avg_tickets;
};

struct daypart_figures {
	rupiah_t net_sales;
	int64_t tickets;
	double share;           /* of the period's net sales, 0..1 (0 if none) */
	rupiah_t average_ticket;
};

struct heatmap {
	/* weekday 0 = Monday .. 6 = Sunday; hour 0..23 (local clock) */
	struct heatmap_cell cell[7][24];
	int occurrences[7];     /* dates of each weekday in from..to */
	struct daypart_figures part[DAYPART_MAX];
	size_t n_parts;
};

/* rows: hour rollups (any order, rows outside from..to ignored). */
enum clario_status heatmap_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   const struct daypart *parts, size_t n_parts, struct heatmap *out,
				   struct clario_err *err);
/* The same from sums already made per weekday (0 = Monday) and hour over
 * from..to (the weekday-hour rollups); a (weekday, hour) may repeat. */
struct heatmap_sum {
	int weekday, hour;
	rupiah_t net_sales;
	int64_t tickets;
};
enum clario_status heatmap_from_sums(const struct heatmap_sum *sums, size_t n, day_t from,
				     day_t to, const struct daypart *parts, size_t n_parts,
				     struct heatmap *out, struct clario_err *err);
/* 0 = Monday .. 6 = Sunday. */
int heatmap_weekday(day_t day);

#endif
