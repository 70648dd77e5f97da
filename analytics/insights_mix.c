/* Insight producers for the mix analyses and the period comparison. */
#include "analytics/insights_mix.h"

#include <stdio.h>
#include <string.h>

static struct insight_finding *add(struct insight_list *l, enum insight_kind kind, int severity,
				   const char *path)
{
	struct insight_finding *f = insights_add(l->f, &l->n, l->cap);
	if (f) {
		f->kind = kind;
		f->severity = severity;
		snprintf(f->path, sizeof f->path, "%s", path);
	}
	return f;
}

void insights_from_summary(const struct summary *cur, const struct summary *prev,
			   const char *path, struct insight_list *out)
{
	rupiah_t a = cur->total.net_sales, b = prev->total.net_sales;
	if (b <= 0 || cur->total.tickets == 0)
		return;
	int32_t change = mix_bps(a - b, b);
	if (change > -500 && change < 500) /* under 5% either way is noise for an owner */
		return;
	struct insight_finding *f = add(out, INSIGHT_SALES_CHANGE, change <= -1000 ? 3 : 2, path);
	if (!f)
		return;
	f->a = a;
	f->b = b;
	f->c = change;
	f->impact = a > b ? a - b : b - a;
}

void insights_from_channels(const struct channel_mix *m, const char *path,
			    struct insight_list *out)
{
	/* In store = dine-in and takeaway together. */
	rupiah_t net = m->ch[SALES_CHANNEL_DINE_IN].net_sales + m->ch[SALES_CHANNEL_TAKEAWAY].net_sales;
	rupiah_t margin = m->ch[SALES_CHANNEL_DINE_IN].margin + m->ch[SALES_CHANNEL_TAKEAWAY].margin;
	int32_t store_bps = mix_bps(margin, net);
	for (size_t i = 0; i < MIX_N_PLATFORMS && net > 0; i++) {
		const struct channel_figures *c = &m->ch[store_mix_platform(i)];
		if (c->tickets < 20 || c->net_sales <= 0 || store_bps - c->margin_bps < 500)
			continue;
		int32_t r = mix_bps(c->platform_cost, c->net_sales);
		struct insight_finding *f = add(out, INSIGHT_CHANNEL_MARGIN, 2, path);
		if (!f)
			return;
		/* The mark-up that keeps the take-home per order: r ÷ (1 − r). */
		f->c = r < BPS_ONE ? mix_bps(r, BPS_ONE - r) : 0;
		snprintf(f->subject, sizeof f->subject, "%s",
			 c->channel == SALES_CHANNEL_GOFOOD     ? "GoFood"
			 : c->channel == SALES_CHANNEL_GRABFOOD ? "GrabFood"
								: "ShopeeFood");
		f->a = c->margin_bps;
		f->b = store_bps;
		f->impact = c->platform_cost;
	}
	const struct channel_figures *t = &m->total;
	if (t->unknown_cost_bps >= 1000) {
		struct insight_finding *f = add(out, INSIGHT_UNKNOWN_COST, 2, path);
		if (!f)
			return;
		f->a = t->unknown_cost_gross;
		f->b = t->unknown_cost_bps;
		f->impact = t->unknown_cost_gross / 10; /* margin knowledge at stake, not cash */
	}
}

void insights_from_payments(const struct payment_mix *p, const char *path,
			    struct insight_list *out)
{
	if (p->total.prev_amount <= 0 || p->total.amount <= 0)
		return;
	for (int i = 0; i < PAY_FAMILY_COUNT; i++) {
		const struct payments_figures *f = &p->family[i];
		if (f->share_change_bps > -300 && f->share_change_bps < 300)
			continue;
		struct insight_finding *x = add(out, INSIGHT_PAYMENT_SHIFT, 1, path);
		if (!x)
			return;
		snprintf(x->subject, sizeof x->subject, "%s", payments_family_name((enum pay_family)i));
		x->a = f->share_bps;
		x->b = f->prev_share_bps;
		x->impact = f->amount > f->prev_amount ? f->amount - f->prev_amount
						       : f->prev_amount - f->amount;
	}
}

void insights_from_outlets(const struct outlet_compare *o, const char *const *names,
			   const char *path, struct insight_list *out)
{
	if (o->n < 2)
		return;
	for (size_t i = 0; i < o->n; i++) {
		const struct outlet_kpis *k = &o->outlets[i];
		if (k->open_days == 0 || k->index_bps >= 8000)
			continue;
		struct insight_finding *f = add(out, INSIGHT_OUTLET_LAGGING, 2, path);
		if (!f)
			return;
		snprintf(f->subject, sizeof f->subject, "%s", names[i]);
		f->a = k->net_per_open_day;
		f->b = o->total.net_per_open_day;
		f->c = k->index_bps;
		f->impact = (f->b - f->a) * k->open_days;
	}
}

void insights_from_retention(const struct retention *r, const char *path,
			     struct insight_list *out)
{
	if (!r->available || r->customers < 20)
		return;
	struct insight_finding *f =
		add(out, INSIGHT_REPEAT_RATE, r->repeat_rate_bps < 2000 ? 2 : 1, path);
	if (!f)
		return;
	f->a = r->repeat_rate_bps;
	f->b = r->customers;
	const struct retention_segment_figures *s = &r->segments[RFM_AT_RISK];
	if (s->customers >= 10 && (f = add(out, INSIGHT_AT_RISK, 2, path))) {
		f->a = s->customers;
		f->b = s->net_sales;
		f->impact = s->net_sales;
	}
}

void insights_from_peers(const struct peers_result *p, const char *path,
			 struct insight_list *out)
{
	if (!p->available)
		return;
	for (int m = 0; m < PEERS_METRIC_COUNT; m++) {
		const struct peers_metric_result *r = &p->metric[m];
		if (!r->shown)
			continue;
		/* Low is bad for ticket, growth, delivery; high is bad for discounts, voids. */
		bool high_bad = m == PEERS_DISCOUNT_RATE || m == PEERS_VOID_RATE;
		bool flag = high_bad ? r->percentile >= 75 : r->percentile <= 25;
		if (!flag)
			continue;
		struct insight_finding *f =
			add(out, INSIGHT_PEER, m == PEERS_DELIVERY_SHARE ? 1 : 2, path);
		if (!f)
			return;
		snprintf(f->detail, sizeof f->detail, "%s", peers_metric_name((enum peers_metric)m));
		f->a = r->percentile;
		f->b = r->value;
		f->c = r->median;
	}
}
