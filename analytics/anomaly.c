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
	st = forecast_expect(y, n, fit_n, ANOMALY_SALES_RUN_Z + 0.5, ex, z, err);
	if (st != CLARIO_OK)
		goto out;
	for (size_t t = 0; t < n;) {
		day_t d = first + (day_t)t;
		if (d < from || d > to || fabs(z[t]) < ANOMALY_SALES_RUN_Z) {
			t++;
			continue;
		}
		bool low = z[t] < 0;
		size_t t0 = t;
		double zsum = 0, zmax = 0;
		while (t < n && first + (day_t)t <= to && fabs(z[t]) >= ANOMALY_SALES_RUN_Z &&
		       (z[t] < 0) == low) {
			zsum += z[t];
			zmax = fmax(zmax, fabs(z[t]));
			t++;
		}
		double combined = fabs(zsum) / sqrt((double)(t - t0));
		if (zmax < ANOMALY_SALES_Z && combined < ANOMALY_SALES_Z)
			continue;
		struct anomaly_alert *a = push(out, err);
		if (!a) {
			st = err->status;
			goto out;
		}
		a->outlet_id = s->outlet_id;
		a->from = first + (day_t)t0;
		a->to = first + (day_t)(t - 1);
		a->score = fmax(zmax, combined);
		bool all_zero = true;
		for (size_t k = t0; k < t; k++) {
			a->observed += y[k];
			a->expected += ex[k];
			all_zero &= y[k] == 0;
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

double anomaly_binom_tail(int64_t x, int64_t n, double p)
{
	if (x <= 0)
		return 1.0;
	if (x > n || p <= 0)
		return 0.0;
	if (p >= 1)
		return 1.0;
	double lp = log(p), lq = log1p(-p), sum = 0;
	double base = lgamma((double)n + 1);
	for (int64_t k = x; k <= n; k++) {
		double t = exp(base - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) +
			       (double)k * lp + (double)(n - k) * lq);
		sum += t;
		if (t < sum * 1e-12)
			break;
	}
	return sum > 1 ? 1 : sum;
}

/* Window counts from prefix sums: days a..b (indexes into the period). */
static struct counts window(const struct counts *pre, size_t a, size_t b)
{
	struct counts c;
	for (int m = 0; m < 3; m++) {
		c.n[m] = pre[b + 1].n[m] - pre[a].n[m];
		c.x[m] = pre[b + 1].x[m] - pre[a].x[m];
	}
	return c;
}

/* Scores a window against a baseline; −log10 p. */
static double judge(const struct counts *win, const struct counts *base, int m, double *rate,
		    double *p0)
{
	int64_t bn = base->n[m], bx = base->x[m];
	*rate = win->n[m] ? (double)win->x[m] / (double)win->n[m] : 0;
	*p0 = bn > 0 ? fmax((double)bx / (double)bn, 0.001) : 0;
	if (win->n[m] == 0 || bn <= 0 || win->x[m] < ANOMALY_RATE_MIN_EVENTS ||
	    *rate < ANOMALY_RATE_MIN_RATIO * *p0)
		return 0;
	double pv = anomaly_binom_tail(win->x[m], win->n[m], *p0);
	return pv > 0 ? -log10(pv) : 300;
}

/* The window's score against its baseline(s); rate and the larger baseline
 * rate in *rate and *p0. */
static double score_window(bool cashier, const struct counts *pop, const struct counts *all,
			   const struct counts *win, size_t a, size_t b, int m, double *rate,
			   double *p0)
{
	struct counts hist = *pop;
	for (int k = 0; k < 3; k++) {
		hist.n[k] -= win->n[k];
		hist.x[k] -= win->x[k];
	}
	double sc = judge(win, &hist, m, rate, p0);
	if (cashier) {
		struct counts peer = window(all, a, b);
		for (int k = 0; k < 3; k++) {
			peer.n[k] -= win->n[k];
			peer.x[k] -= win->x[k];
		}
		double r2, q2, sc2 = judge(win, &peer, m, &r2, &q2);
		if (peer.n[m] > 0) {
			sc = fmin(sc, sc2);
			*p0 = fmax(*p0, q2);
		}
	}
	return sc;
}

enum clario_status anomaly_rates(struct anomaly_rate_row *rows, size_t n, day_t from, day_t to,
				 struct anomaly_list *out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	if (to < from || n == 0)
		return CLARIO_OK;
	qsort(rows, n, sizeof *rows, row_cmp);
	size_t nd = (size_t)(to - from) + 1, wlen = nd < 7 ? nd : 7;
	struct counts *pre = calloc(nd + 1, sizeof *pre), *all = calloc(nd + 1, sizeof *all);
	if (!pre || !all)
		return clario_err_set(err, CLARIO_ENOMEM, "alerts: out of memory");
	for (size_t g = 0; g < n;) {
		size_t e = g;
		while (e < n && rows[e].outlet_id == rows[g].outlet_id &&
		       strcmp(rows[e].cashier, rows[g].cashier) == 0)
			e++;
		/* Baselines: an outlet against its own days outside the window; a
		 * cashier against all the outlet's cashiers outside the window AND
		 * against the other cashiers in the same window (a promotion or a
		 * busy week moves them alike), whichever makes the window less
		 * unusual. */
		bool cashier = rows[g].cashier[0] != '\0';
		struct counts pop = {0};
		memset(pre, 0, (nd + 1) * sizeof *pre);
		memset(all, 0, (nd + 1) * sizeof *all);
		for (size_t i = g; i < e; i++)
			if (rows[i].day >= from && rows[i].day <= to)
				add(&pre[(size_t)(rows[i].day - from) + 1], &rows[i]);
		for (size_t i = 0; i < n; i++)
			if (rows[i].outlet_id == rows[g].outlet_id &&
			    (rows[i].cashier[0] != '\0') == cashier)
				add(&pop, &rows[i]);
		if (cashier)
			for (size_t i = 0; i < n; i++)
				if (rows[i].outlet_id == rows[g].outlet_id && rows[i].cashier[0] &&
				    rows[i].day >= from && rows[i].day <= to)
					add(&all[(size_t)(rows[i].day - from) + 1], &rows[i]);
		for (size_t d = 1; d <= nd; d++)
			for (int m = 0; m < 3; m++) {
				pre[d].n[m] += pre[d - 1].n[m];
				pre[d].x[m] += pre[d - 1].x[m];
				all[d].n[m] += all[d - 1].n[m];
				all[d].x[m] += all[d - 1].x[m];
			}
		for (int m = 0; m < 3; m++) {
			/* An outlet's discount rate follows its own promotions: only
			 * cashiers are compared on discounts. */
			if (!cashier && metric_kind[m] == ANOMALY_DISCOUNT_RATE)
				continue;
			/* Sliding 7-day windows a day apart; overlapping or adjacent hits
			 * merge into one alert over their union. */
			size_t run_a = 0, run_b = 0;
			double run_score = 0;
			bool running = false;
			for (size_t a = 0; a + wlen <= nd + 1; a++) {
				bool last = a + wlen > nd;
				double rate, p0, sc = 0;
				struct counts win;
				if (!last) {
					win = window(pre, a, a + wlen - 1);
					sc = score_window(cashier, &pop, all, &win, a, a + wlen - 1, m,
							  &rate, &p0);
				}
				bool hit = sc >= ANOMALY_RATE_SCORE;
				if (hit && running && a <= run_b + 1) {
					run_b = a + wlen - 1;
					run_score = fmax(run_score, sc);
					continue;
				}
				if (running && !last && a <= run_b)
					continue; /* still inside the run: a later hit extends it */
				if (running) {
					struct anomaly_alert *al = push(out, err);
					if (!al) {
						st = err->status;
						goto out;
					}
					win = window(pre, run_a, run_b);
					score_window(cashier, &pop, all, &win, run_a, run_b, m, &rate, &p0);
					al->kind = metric_kind[m];
					al->outlet_id = rows[g].outlet_id;
					snprintf(al->cashier, sizeof al->cashier, "%s", rows[g].cashier);
					al->from = from + (day_t)run_a;
					al->to = from + (day_t)run_b;
					al->events = win.x[m];
					al->base = win.n[m];
					al->score = run_score;
					al->observed = rate;
					al->expected = p0;
					snprintf(al->check, sizeof al->check, "%s", metric_check[m]);
					if (cashier)
						snprintf(al->what, sizeof al->what,
							 "Cashier %s: %s rate %.1f%% (%lld of %lld) against %.1f%% usual for the outlet's cashiers",
							 al->cashier, metric_name[m], al->observed * 100,
							 (long long)al->events, (long long)al->base,
							 al->expected * 100);
					else
						snprintf(al->what, sizeof al->what,
							 "Outlet %s rate %.1f%% (%lld of %lld) against its usual %.1f%%",
							 metric_name[m], al->observed * 100,
							 (long long)al->events, (long long)al->base,
							 al->expected * 100);
					running = false;
				}
				if (hit) {
					running = true;
					run_a = a;
					run_b = a + wlen - 1;
					run_score = sc;
				}
			}
		}
		g = e;
	}
out:
	free(pre);
	free(all);
	return st;
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
