/* Anomaly alerts: robust residuals of the forecast filter for sales, binomial
 * spikes for void, refund and discount rates. */
#include "analytics/anomaly.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/forecast.h"

const char *anomaly_kind_name(enum anomaly_kind k)
{
	switch (k) {
	case ANOMALY_SALES_LOW: return "sales_low";
	case ANOMALY_SALES_HIGH: return "sales_high";
	case ANOMALY_CLOSED: return "no_sales";
	case ANOMALY_VOID_RATE: return "void_rate";
	case ANOMALY_REFUND_RATE: return "refund_rate";
	case ANOMALY_DISCOUNT_RATE: return "discount_rate";
	}
	return "?";
}

static struct anomaly_alert *push(struct anomaly_list *l, struct clario_err *err)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct anomaly_alert *a = realloc(l->a, cap * sizeof *a);
		if (!a) {
			clario_err_set(err, CLARIO_ENOMEM, "alerts: out of memory");
			return NULL;
		}
		l->a = a;
		l->cap = cap;
	}
	struct anomaly_alert *a = &l->a[l->n++];
	memset(a, 0, sizeof *a);
	return a;
}

static enum clario_status one_series(const struct anomaly_series *s, day_t from, day_t to,
				     struct anomaly_list *out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	size_t lead = 0;
	while (lead < s->n && s->net[lead] == 0)
		lead++;
	size_t n = s->n - lead;
	const double *y = s->net + lead;
	day_t first = s->first + (day_t)lead;
	double *ex = malloc((n + 1) * sizeof *ex), *z = malloc((n + 1) * sizeof *z);
	if (!ex || !z) {
		st = clario_err_set(err, CLARIO_ENOMEM, "alerts: out of memory");
		goto out;
	}
	size_t fit_n = from > first ? (size_t)(from - first) : 0;
	if (fit_n < 28)
		fit_n = n;
	st = forecast_expect(y, n, fit_n, ANOMALY_SALES_Z, ex, z, err);
	if (st != CLARIO_OK)
		goto out;
	for (size_t t = 0; t < n;) {
		day_t d = first + (day_t)t;
		if (d < from || d > to || fabs(z[t]) < ANOMALY_SALES_Z) {
			t++;
			continue;
		}
		bool low = z[t] < 0;
		struct anomaly_alert *a = push(out, err);
		if (!a) {
			st = err->status;
			goto out;
		}
		a->outlet_id = s->outlet_id;
		a->from = d;
		bool all_zero = true;
		while (t < n && first + (day_t)t <= to && fabs(z[t]) >= ANOMALY_SALES_Z &&
		       (z[t] < 0) == low) {
			a->to = first + (day_t)t;
			a->observed += y[t];
			a->expected += ex[t];
			a->score = fmax(a->score, fabs(z[t]));
			all_zero &= y[t] == 0;
			t++;
		}
		long days = (long)(a->to - a->from) + 1;
		if (low && all_zero) {
			a->kind = ANOMALY_CLOSED;
			snprintf(a->what, sizeof a->what,
				 "No sales for %ld day(s) where about Rp %.0f was expected", days,
				 a->expected);
			snprintf(a->check, sizeof a->check,
				 "Was the outlet closed (renovation, holiday)? If not, check the POS "
				 "connection and that tickets are being sent.");
		} else if (low) {
			a->kind = ANOMALY_SALES_LOW;
			snprintf(a->what, sizeof a->what,
				 "Net sales Rp %.0f over %ld day(s), expected about Rp %.0f", a->observed,
				 days, a->expected);
			snprintf(a->check, sizeof a->check,
				 "Check opening hours, staffing, stock-outs, a broken till or a local "
				 "event; compare the heatmap for the hours that dropped.");
		} else {
			a->kind = ANOMALY_SALES_HIGH;
			snprintf(a->what, sizeof a->what,
				 "Net sales Rp %.0f over %ld day(s), expected about Rp %.0f", a->observed,
				 days, a->expected);
			snprintf(a->check, sizeof a->check,
				 "Find what drove it (event, promotion, large order) to repeat it; make "
				 "sure no ticket was sent twice.");
		}
	}
out:
	free(ex);
	free(z);
	return st;
}

enum clario_status anomaly_sales(const struct anomaly_series *s, size_t n_series, day_t from,
				 day_t to, struct anomaly_list *out, struct clario_err *err)
{
	for (size_t i = 0; i < n_series; i++) {
		enum clario_status st = one_series(&s[i], from, to, out, err);
		if (st != CLARIO_OK)
			return st;
	}
	return CLARIO_OK;
}

static int row_cmp(const void *a, const void *b)
{
	const struct anomaly_rate_row *x = a, *y = b;
	if (x->outlet_id != y->outlet_id)
		return x->outlet_id < y->outlet_id ? -1 : 1;
	int c = strcmp(x->cashier, y->cashier);
	if (c)
		return c;
	return (x->day > y->day) - (x->day < y->day);
}

struct counts {
	int64_t n[3], x[3]; /* per metric: denominator, events */
};

static void add(struct counts *c, const struct anomaly_rate_row *r)
{
	c->n[0] += r->closed + r->voids;
	c->x[0] += r->voids;
	c->n[1] += r->closed;
	c->x[1] += r->refunds;
	c->n[2] += r->closed;
	c->x[2] += r->discounted;
}

static const enum anomaly_kind metric_kind[3] = {ANOMALY_VOID_RATE, ANOMALY_REFUND_RATE,
						 ANOMALY_DISCOUNT_RATE};
static const char *const metric_name[3] = {"void", "refund", "discount"};
static const char *const metric_check[3] = {
	"Review the voided tickets (who, when, after payment?) and the cash drawer for those shifts.",
	"Review the refunded tickets and their reasons; check that the goods or money really went back.",
	"Review which discounts were given and by whom; check they were authorised.",
};

enum clario_status anomaly_rates(struct anomaly_rate_row *rows, size_t n, day_t from, day_t to,
				 struct anomaly_list *out, struct clario_err *err)
{
	qsort(rows, n, sizeof *rows, row_cmp);
	size_t n_weeks = to >= from ? (size_t)(to - from) / 7 + 1 : 0;
	for (size_t g = 0; g < n;) {
		size_t e = g;
		while (e < n && rows[e].outlet_id == rows[g].outlet_id &&
		       strcmp(rows[e].cashier, rows[g].cashier) == 0)
			e++;
		/* Baseline population: the whole outlet (all of its rows of the same level:
		 * outlet-level rows for the outlet, every cashier's rows for a cashier). */
		bool cashier = rows[g].cashier[0] != '\0';
		struct counts pop = {0};
		for (size_t i = 0; i < n; i++)
			if (rows[i].outlet_id == rows[g].outlet_id && (rows[i].cashier[0] != '\0') == cashier)
				add(&pop, &rows[i]);
		int open[3] = {-1, -1, -1}; /* index in out of a running alert per metric */
		for (size_t w = 0; w < n_weeks; w++) {
			day_t w0 = from + (day_t)(w * 7), w1 = w0 + 6 > to ? to : w0 + 6;
			struct counts win = {0};
			for (size_t i = g; i < e; i++)
				if (rows[i].day >= w0 && rows[i].day <= w1)
					add(&win, &rows[i]);
			for (int m = 0; m < 3; m++) {
				int64_t bn = pop.n[m] - win.n[m], bx = pop.x[m] - win.x[m];
				bool hit = false;
				double z = 0, p0 = 0, rate = 0;
				if (win.n[m] > 0 && bn > 0) {
					p0 = fmax((double)bx / (double)bn, 0.001);
					rate = (double)win.x[m] / (double)win.n[m];
					double sd = sqrt((double)win.n[m] * p0 * (1 - p0));
					z = ((double)win.x[m] - (double)win.n[m] * p0) / sd;
					hit = z >= ANOMALY_RATE_Z && win.x[m] >= ANOMALY_RATE_MIN_EVENTS &&
					      rate >= ANOMALY_RATE_MIN_RATIO * p0;
				}
				if (!hit) {
					open[m] = -1;
					continue;
				}
				struct anomaly_alert *a;
				if (open[m] >= 0) {
					a = &out->a[open[m]];
					a->to = w1;
					a->events += win.x[m];
					a->base += win.n[m];
					a->score = fmax(a->score, z);
					a->observed = (double)a->events / (double)a->base;
				} else {
					a = push(out, err);
					if (!a)
						return err->status;
					open[m] = (int)(out->n - 1);
					a->kind = metric_kind[m];
					a->outlet_id = rows[g].outlet_id;
					snprintf(a->cashier, sizeof a->cashier, "%s", rows[g].cashier);
					a->from = w0;
					a->to = w1;
					a->events = win.x[m];
					a->base = win.n[m];
					a->score = z;
					a->observed = rate;
					a->expected = p0;
					snprintf(a->check, sizeof a->check, "%s", metric_check[m]);
				}
				if (cashier)
					snprintf(a->what, sizeof a->what,
						 "Cashier %s: %s rate %.1f%% (%lld of %lld) against %.1f%% for the outlet's cashiers",
						 a->cashier, metric_name[m], a->observed * 100,
						 (long long)a->events, (long long)a->base, a->expected * 100);
				else
					snprintf(a->what, sizeof a->what,
						 "Outlet %s rate %.1f%% (%lld of %lld) against its usual %.1f%%",
						 metric_name[m], a->observed * 100, (long long)a->events,
						 (long long)a->base, a->expected * 100);
			}
		}
		g = e;
	}
	return CLARIO_OK;
}

static int alert_cmp(const void *a, const void *b)
{
	const struct anomaly_alert *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->outlet_id > y->outlet_id) - (x->outlet_id < y->outlet_id);
}

void anomaly_sort(struct anomaly_list *l)
{
	if (l->n)
		qsort(l->a, l->n, sizeof *l->a, alert_cmp);
}

void anomaly_release(struct anomaly_list *l)
{
	free(l->a);
	memset(l, 0, sizeof *l);
}
