/* Sales summary: hour rollups folded into business days and a total. */
#include "analytics/summary.h"

#include <stdlib.h>
#include <string.h>

int64_t summary_div_round(int64_t a, int64_t b)
{
	if (b == 0)
		return 0;
	int64_t q = a / b, r = a % b;
	if (r < 0)
		r = -r;
	if (2 * r >= (b < 0 ? -b : b))
		q += ((a < 0) == (b < 0)) ? 1 : -1;
	return q;
}

static void add_row(struct summary_figures *f, const struct rollup_hour *h)
{
	f->gross_sales += h->gross;
	f->line_discounts += h->line_discounts;
	f->ticket_discounts += h->ticket_discounts;
	f->refunds += h->refunds;
	f->tax += h->tax;
	f->service_charge += h->service_charge;
	f->tickets += h->tickets;
	f->covers += h->covers;
	f->voids += h->voids;
	f->refund_count += h->refund_count;
}

static void finish(struct summary_figures *f)
{
	f->net_sales = f->gross_sales - f->line_discounts - f->ticket_discounts - f->refunds;
	f->average_ticket = summary_div_round(f->net_sales, f->tickets);
}

enum clario_status summary_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   struct summary *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	if ((int64_t)to - from + 1 > SUMMARY_MAX_DAYS)
		return clario_err_set(err, CLARIO_EINVAL, "to: at most %d days per summary",
				      SUMMARY_MAX_DAYS);
	size_t nd = (size_t)(to - from) + 1;
	out->days = calloc(nd, sizeof *out->days);
	if (!out->days)
		return clario_err_set(err, CLARIO_ENOMEM, "summary: out of memory");
	out->from = from;
	out->to = to;
	out->n_days = nd;
	for (size_t i = 0; i < nd; i++)
		out->days[i].day = from + (day_t)i;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].day < from || rows[i].day > to)
			continue;
		add_row(&out->days[rows[i].day - from].f, &rows[i]);
		add_row(&out->total, &rows[i]);
	}
	for (size_t i = 0; i < nd; i++)
		finish(&out->days[i].f);
	finish(&out->total);
	return CLARIO_OK;
}

void summary_release(struct summary *s)
{
	free(s->days);
	s->days = NULL;
	s->n_days = 0;
}
