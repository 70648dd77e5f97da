/* Heatmap and dayparts: hour rollups bucketed by local weekday and hour. */
#include "analytics/heatmap.h"

#include <string.h>

#include "analytics/summary.h"

static const struct daypart defaults[] = {
	{"breakfast", 6, 11}, {"lunch", 11, 14}, {"afternoon", 14, 17},
	{"dinner", 17, 21},   {"late_night", 21, 6},
};

const struct daypart *daypart_defaults(size_t *n)
{
	*n = sizeof defaults / sizeof defaults[0];
	return defaults;
}

static bool contains(const struct daypart *p, int h)
{
	return p->start < p->end ? h >= p->start && h < p->end : h >= p->start || h < p->end;
}

int daypart_of(const struct daypart *p, size_t n, int h)
{
	for (size_t i = 0; i < n; i++)
		if (contains(&p[i], h))
			return (int)i;
	return -1;
}

enum clario_status daypart_validate(const struct daypart *p, size_t n, struct clario_err *err)
{
	if (n == 0 || n > DAYPART_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "dayparts: between 1 and %d parts",
				      DAYPART_MAX);
	for (size_t i = 0; i < n; i++) {
		if (p[i].name[0] == '\0')
			return clario_err_set(err, CLARIO_EINVAL, "dayparts[%zu].name: is empty", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p[i].name, p[j].name) == 0)
				return clario_err_set(err, CLARIO_EINVAL,
						      "dayparts[%zu].name: \"%s\" twice", i, p[i].name);
		if (p[i].start < 0 || p[i].start > 23 || p[i].end < 0 || p[i].end > 23)
			return clario_err_set(err, CLARIO_EINVAL, "dayparts[%zu]: hours are 0..23", i);
		if (p[i].start == p[i].end)
			return clario_err_set(err, CLARIO_EINVAL, "dayparts[%zu]: start equals end", i);
	}
	for (int h = 0; h < 24; h++) {
		int count = 0;
		for (size_t i = 0; i < n; i++)
			count += contains(&p[i], h);
		if (count != 1)
			return clario_err_set(err, CLARIO_EINVAL,
					      "dayparts: hour %d is covered %d times (each hour exactly once)",
					      h, count);
	}
	return CLARIO_OK;
}

int heatmap_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)(((int64_t)day + 3) % 7);
	return w < 0 ? w + 7 : w;
}

enum clario_status heatmap_from_sums(const struct heatmap_sum *sums, size_t n, day_t from,
				     day_t to, const struct daypart *parts, size_t n_parts,
				     struct heatmap *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	enum clario_status st = daypart_validate(parts, n_parts, err);
	if (st != CLARIO_OK)
		return st;
	for (day_t d = from; d <= to; d++)
		out->occurrences[heatmap_weekday(d)]++;
	out->n_parts = n_parts;
	rupiah_t total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct heatmap_sum *r = &sums[i];
		if (r->weekday < 0 || r->weekday > 6 || r->hour < 0 || r->hour > 23)
			continue;
		struct heatmap_cell *c = &out->cell[r->weekday][r->hour];
		c->net_sales += r->net_sales;
		c->tickets += r->tickets;
		int p = daypart_of(parts, n_parts, r->hour);
		if (p >= 0) {
			out->part[p].net_sales += r->net_sales;
			out->part[p].tickets += r->tickets;
		}
		total += r->net_sales;
	}
	for (int w = 0; w < 7; w++)
		for (int h = 0; h < 24; h++) {
			struct heatmap_cell *c = &out->cell[w][h];
			c->avg_net_sales = summary_div_round(c->net_sales, out->occurrences[w]);
			c->avg_tickets = out->occurrences[w]
						 ? (double)c->tickets / out->occurrences[w] : 0.0;
		}
	for (size_t p = 0; p < n_parts; p++) {
		out->part[p].share = total ? (double)out->part[p].net_sales / (double)total : 0.0;
		out->part[p].average_ticket =
			summary_div_round(out->part[p].net_sales, out->part[p].tickets);
	}
	return CLARIO_OK;
}

enum clario_status heatmap_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   const struct daypart *parts, size_t n_parts, struct heatmap *out,
				   struct clario_err *err)
{
	struct heatmap_sum sums[7 * 24];
	for (int w = 0; w < 7; w++)
		for (int h = 0; h < 24; h++)
			sums[w * 24 + h] = (struct heatmap_sum){.weekday = w, .hour = h};
	for (size_t i = 0; i < n; i++) {
		const struct rollup_hour *r = &rows[i];
		if (r->day < from || r->day > to || r->hour < 0 || r->hour > 23)
			continue;
		struct heatmap_sum *x = &sums[heatmap_weekday(r->day) * 24 + r->hour];
		x->net_sales += r->gross - r->line_discounts - r->ticket_discounts - r->refunds;
		x->tickets += r->tickets;
	}
	return heatmap_from_sums(sums, 7 * 24, from, to, parts, n_parts, out, err);
}
