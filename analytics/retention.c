/* Retention: cohorts, repeat rate and RFM scoring over customer visits. */
#include "analytics/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/channels.h"

enum rfm_segment retention_segment(int r, int f)
{
	if (r >= 4)
		return f >= 4 ? RFM_CHAMPIONS : f >= 2 ? RFM_POTENTIAL : RFM_NEW;
	if (r == 3)
		return f >= 4 ? RFM_LOYAL : RFM_NEEDS_ATTENTION;
	return f >= 3 ? RFM_AT_RISK : RFM_HIBERNATING;
}

const char *retention_segment_name(enum rfm_segment s)
{
	static const char *const names[RFM_SEGMENT_COUNT] = {
		"champions", "loyal", "potential", "new", "needs_attention", "at_risk", "hibernating"};
	return (unsigned)s < RFM_SEGMENT_COUNT ? names[s] : "hibernating";
}

int retention_score(size_t worse, size_t n)
{
	return n ? 1 + (int)(5 * worse / n) : 0;
}

static int month_index(day_t d)
{
	int y, m, md;
	tz_civil_from_days(d, &y, &m, &md);
	return y * 12 + (m - 1);
}

/* One customer's figures over the period. */
struct cust {
	int64_t recency, freq;
	rupiah_t money;
	int r, f;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* How many of sorted[0..n) are strictly below v. */
static size_t count_below(const int64_t *sorted, size_t n, int64_t v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sorted[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum clario_status retention_compute(const struct mix_visits *v, day_t from, day_t to,
				     struct retention *out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct cust *cs = NULL;
	int64_t *sr = NULL, *sf = NULL;
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	int m0 = month_index(from), m1 = month_index(to);
	if (m1 - m0 + 1 > RETENTION_MAX_MONTHS)
		return clario_err_set(err, CLARIO_EINVAL, "to: retention covers at most %d months",
				      RETENTION_MAX_MONTHS);
	out->period_tickets = v->period_tickets;
	out->customer_tickets = v->period_customer_tickets;
	out->coverage_bps = mix_bps(v->period_customer_tickets, v->period_tickets);
	if (v->period_customer_tickets == 0) {
		snprintf(out->reason, sizeof out->reason,
			 v->period_tickets ? "no customer ids: none of the %lld closed tickets in the "
					     "period carries a customer id from the POS"
					   : "no closed tickets in the period (%lld)",
			 (long long)v->period_tickets);
		return CLARIO_OK;
	}
	out->available = true;
	for (int m = m0; m <= m1; m++) {
		struct retention_cohort *c = &out->cohorts[out->n_cohorts++];
		c->year = m / 12;
		c->month = m % 12 + 1;
		c->n_active = (size_t)(m1 - m + 1);
	}
	size_t nc = v->n_customers;
	cs = calloc(nc ? nc : 1, sizeof *cs);
	if (!cs) {
		st = clario_err_set(err, CLARIO_ENOMEM, "retention: out of memory");
		goto out;
	}
	for (size_t i = 0; i < v->n;) {
		uint32_t who = v->rows[i].customer;
		if (who >= nc) {
			st = clario_err_set(err, CLARIO_EINVAL, "retention: bad customer index");
			goto out;
		}
		day_t first = v->rows[i].day, last = 0;
		int64_t visits = 0;
		rupiah_t money = 0;
		bool seen[RETENTION_MAX_MONTHS] = {false};
		for (; i < v->n && v->rows[i].customer == who; i++) {
			const struct mix_visit *x = &v->rows[i];
			if (x->day < from || x->day > to)
				continue;
			visits++;
			money += x->net;
			last = x->day;
			seen[month_index(x->day) - m0] = true;
		}
		if (!visits)
			continue;
		out->customers++;
		out->repeat_customers += visits >= 2;
		if (first >= from) {
			out->new_customers++;
			struct retention_cohort *c = &out->cohorts[month_index(first) - m0];
			c->customers++;
			for (size_t k = 0; k < c->n_active; k++)
				c->active[k] += seen[(size_t)(month_index(first) - m0) + k];
		}
		cs[who] = (struct cust){.recency = to - last, .freq = visits, .money = money, .r = -1};
	}
	out->repeat_rate_bps = mix_bps(out->repeat_customers, out->customers);
	/* Scores: sort each measure once, then count strictly worse by search. */
	size_t n = (size_t)out->customers;
	sr = malloc((n ? n : 1) * sizeof *sr);
	sf = malloc((n ? n : 1) * sizeof *sf);
	if (!sr || !sf) {
		st = clario_err_set(err, CLARIO_ENOMEM, "retention: out of memory");
		goto out;
	}
	size_t k = 0;
	for (size_t c = 0; c < nc; c++)
		if (cs[c].r == -1) {
			sr[k] = -cs[c].recency; /* higher = more recent = better */
			sf[k++] = cs[c].freq;
		}
	qsort(sr, n, sizeof *sr, cmp_i64);
	qsort(sf, n, sizeof *sf, cmp_i64);
	for (size_t c = 0; c < nc; c++) {
		if (cs[c].r != -1)
			continue;
		int r = retention_score(count_below(sr, n, -cs[c].recency), n);
		int f = retention_score(count_below(sf, n, cs[c].freq), n);
		struct retention_segment_figures *s = &out->segments[retention_segment(r, f)];
		s->customers++;
		s->visits += cs[c].freq;
		s->net_sales += cs[c].money;
		s->recency_days_sum += cs[c].recency;
	}
out:
	free(cs);
	free(sr);
	free(sf);
	return st;
}
