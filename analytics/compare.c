/* Period comparison: three summaries over the same rollup rows, and the
 * change of each headline figure against the two bases. */
#include "analytics/compare.h"

#include <string.h>

void compare_periods(day_t from, day_t to, day_t *earliest)
{
	day_t len = to - from + 1;
	day_t prev = from - len, year = from - COMPARE_YEAR_DAYS;
	*earliest = prev < year ? prev : year;
}

struct compare_change compare_change(int64_t now, int64_t base)
{
	struct compare_change c = {.now = now, .base = base, .change = now - base};
	if (base != 0) {
		c.pct = (double)c.change / (double)(base < 0 ? -base : base) * 100.0;
		c.has_pct = true;
	}
	return c;
}

static struct compare_set changes(const struct summary_figures *a, const struct summary_figures *b)
{
	return (struct compare_set){
		.net_sales = compare_change(a->net_sales, b->net_sales),
		.gross_sales = compare_change(a->gross_sales, b->gross_sales),
		.discounts = compare_change(a->line_discounts + a->ticket_discounts,
					    b->line_discounts + b->ticket_discounts),
		.refunds = compare_change(a->refunds, b->refunds),
		.tickets = compare_change(a->tickets, b->tickets),
		.average_ticket = compare_change(a->average_ticket, b->average_ticket),
		.covers = compare_change(a->covers, b->covers),
		.voids = compare_change(a->voids, b->voids),
	};
}

static enum clario_status one(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
			      struct summary_figures *out, struct clario_err *err)
{
	struct summary s;
	enum clario_status st = summary_compute(rows, n, from, to, &s, err);
	if (st == CLARIO_OK)
		*out = s.total;
	summary_release(&s);
	return st;
}

enum clario_status compare_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   struct compare_result *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	day_t len = to - from + 1;
	out->from = from;
	out->to = to;
	out->prev_from = from - len;
	out->prev_to = from - 1;
	out->year_from = from - COMPARE_YEAR_DAYS;
	out->year_to = to - COMPARE_YEAR_DAYS;
	enum clario_status st = one(rows, n, from, to, &out->now, err);
	if (st == CLARIO_OK)
		st = one(rows, n, out->prev_from, out->prev_to, &out->prev, err);
	if (st == CLARIO_OK)
		st = one(rows, n, out->year_from, out->year_to, &out->year, err);
	if (st != CLARIO_OK)
		return st;
	out->vs_prev = changes(&out->now, &out->prev);
	out->vs_year = changes(&out->now, &out->year);
	return CLARIO_OK;
}
