/* Outlet comparison: outlet-days folded into per-outlet KPIs and ranks. */
#include "analytics/outlet_compare.h"

#include <stdlib.h>
#include <string.h>

#include "analytics/channels.h"
#include "analytics/summary.h"

static void add_day(struct outlet_kpis *k, const struct mix_outlet_day *d)
{
	k->gross += d->gross;
	k->discounts += d->discounts;
	k->refunds += d->refunds;
	k->tickets += d->tickets;
	k->covers += d->covers;
	k->voids += d->voids;
	k->discounted_tickets += d->discounted_tickets;
	k->refund_count += d->refund_count;
	k->open_days += d->tickets > 0;
}

static void finish(struct outlet_kpis *k)
{
	k->net_sales = k->gross - k->discounts - k->refunds;
	k->average_ticket = summary_div_round(k->net_sales, k->tickets);
	k->net_per_open_day = summary_div_round(k->net_sales, k->open_days);
	k->tickets_per_open_day_x100 = summary_div_round(k->tickets * 100, k->open_days);
	k->discount_rate_bps = mix_bps(k->discounts, k->gross);
	k->void_rate_bps = mix_bps(k->voids, k->tickets + k->voids);
	k->refund_rate_bps = mix_bps(k->refunds, k->gross);
}

enum clario_status outlet_compare_compute(const struct mix_outlet_day *rows, size_t n,
					  const int64_t *ids, size_t n_ids, day_t from, day_t to,
					  struct outlet_compare *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	if (n_ids) {
		out->outlets = calloc(n_ids, sizeof *out->outlets);
		if (!out->outlets)
			return clario_err_set(err, CLARIO_ENOMEM, "outlet comparison: out of memory");
	}
	out->n = n_ids;
	for (size_t i = 0; i < n_ids; i++)
		out->outlets[i].outlet_id = ids[i];
	/* Outlets are few (a handful per merchant): a linear search per row is fine. */
	for (size_t r = 0; r < n; r++) {
		if (rows[r].day < from || rows[r].day > to)
			continue;
		for (size_t i = 0; i < n_ids; i++)
			if (ids[i] == rows[r].outlet_id) {
				add_day(&out->outlets[i], &rows[r]);
				break;
			}
	}
	for (size_t i = 0; i < n_ids; i++) {
		struct outlet_kpis *k = &out->outlets[i];
		finish(k);
		int64_t days = out->total.open_days + k->open_days;
		struct mix_outlet_day as_day = {.gross = k->gross, .discounts = k->discounts,
						.refunds = k->refunds, .tickets = k->tickets,
						.covers = k->covers, .voids = k->voids,
						.discounted_tickets = k->discounted_tickets,
						.refund_count = k->refund_count};
		add_day(&out->total, &as_day);
		out->total.open_days = days;
	}
	finish(&out->total);
	for (size_t i = 0; i < n_ids; i++) {
		struct outlet_kpis *k = &out->outlets[i];
		k->net_share_bps = mix_bps(k->net_sales, out->total.net_sales);
		k->index_bps = mix_bps(k->net_per_open_day, out->total.net_per_open_day);
		k->rank = 1;
		for (size_t j = 0; j < n_ids; j++)
			k->rank += out->outlets[j].net_per_open_day > k->net_per_open_day;
	}
	out->total.net_share_bps = out->total.net_sales > 0 ? BPS_ONE : 0;
	out->total.index_bps = out->total.net_per_open_day > 0 ? BPS_ONE : 0;
	return CLARIO_OK;
}

void outlet_compare_release(struct outlet_compare *o)
{
	free(o->outlets);
	o->outlets = NULL;
	o->n = 0;
}
