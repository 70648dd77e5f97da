/* Peer benchmarks: cohort choice, percentiles and quartiles. */
#include "analytics/peers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/channels.h"
#include "analytics/summary.h"

const char *peers_metric_name(enum peers_metric m)
{
	static const char *const names[PEERS_METRIC_COUNT] = {
		"average_ticket", "sales_growth_bps", "discount_rate_bps", "void_rate_bps",
		"delivery_share_bps"};
	return (unsigned)m < PEERS_METRIC_COUNT ? names[m] : "?";
}

const char *peers_band_name(enum peers_band b)
{
	return b == PEERS_SMALL ? "small" : b == PEERS_MEDIUM ? "medium" : "large";
}

const char *peers_level_name(enum peers_level l)
{
	static const char *const names[] = {"kind_region_size", "kind_region", "kind_size", "kind",
					    "none"};
	return (unsigned)l <= PEERS_NONE ? names[l] : "none";
}

enum peers_band peers_band_of(rupiah_t net, int64_t days)
{
	rupiah_t per_day = days > 0 ? net / days : 0;
	return per_day < 1000000 ? PEERS_SMALL : per_day < 5000000 ? PEERS_MEDIUM : PEERS_LARGE;
}

static rupiah_t net_of(const struct mix_peer_row *r)
{
	return r->gross - r->discounts - r->refunds;
}

bool peers_value(const struct mix_peer_row *r, enum peers_metric m, int64_t *out)
{
	rupiah_t net = net_of(r);
	switch (m) {
	case PEERS_AVERAGE_TICKET:
		if (r->tickets <= 0)
			return false;
		*out = summary_div_round(net, r->tickets);
		return true;
	case PEERS_SALES_GROWTH:
		if (r->prev_net <= 0)
			return false;
		*out = mix_bps(net - r->prev_net, r->prev_net);
		return true;
	case PEERS_DISCOUNT_RATE:
		if (r->gross <= 0)
			return false;
		*out = mix_bps(r->discounts, r->gross);
		return true;
	case PEERS_VOID_RATE:
		if (r->tickets + r->voids <= 0)
			return false;
		*out = mix_bps(r->voids, r->tickets + r->voids);
		return true;
	case PEERS_DELIVERY_SHARE:
		if (r->tickets <= 0)
			return false;
		*out = mix_bps(r->delivery_tickets, r->tickets);
		return true;
	case PEERS_METRIC_COUNT: break;
	}
	return false;
}

int64_t peers_quartile(const int64_t *sorted, size_t n, int q4)
{
	if (n == 0)
		return 0;
	/* h = q × (n − 1), in quarters to stay exact: value = v[lo] + frac × (v[lo+1] − v[lo]). */
	int64_t h4 = (int64_t)q4 * (int64_t)(n - 1);
	size_t lo = (size_t)(h4 / 4);
	int64_t frac4 = h4 % 4;
	if (lo + 1 >= n || frac4 == 0)
		return sorted[lo];
	return sorted[lo] + summary_div_round(frac4 * (sorted[lo + 1] - sorted[lo]), 4);
}

int peers_percentile(const int64_t *values, size_t n, int64_t mine)
{
	int64_t below2 = 0; /* twice (below + ½ equal) */
	for (size_t i = 0; i < n; i++)
		below2 += values[i] < mine ? 2 : values[i] == mine ? 1 : 0;
	return n ? (int)summary_div_round(below2 * 100, 2 * (int64_t)n) : 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static bool in_cohort(const struct mix_peer_row *r, const struct mix_peer_row *me,
		      enum peers_level level, int64_t days)
{
	bool region = me->region[0] && strcmp(r->region, me->region) == 0;
	bool size = peers_band_of(net_of(r), days) == peers_band_of(net_of(me), days);
	switch (level) {
	case PEERS_REGION_SIZE: return region && size;
	case PEERS_REGION: return region;
	case PEERS_SIZE: return size;
	case PEERS_KIND: return true; /* rows are all of the caller's kind */
	case PEERS_NONE: break;
	}
	return false;
}

enum clario_status peers_compute(const struct mix_peer_row *rows, size_t n, int64_t merchant_id,
				 int64_t days, struct peers_result *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	out->level = PEERS_NONE;
	const struct mix_peer_row *me = NULL;
	for (size_t i = 0; i < n; i++)
		if (rows[i].merchant_id == merchant_id)
			me = &rows[i];
	if (!me)
		return clario_err_set(err, CLARIO_ENOTFOUND, "peers: the merchant is not among its kind");
	snprintf(out->kind, sizeof out->kind, "%s", me->kind);
	snprintf(out->region, sizeof out->region, "%s", me->region);
	out->band = peers_band_of(net_of(me), days);
	if (me->tickets <= 0) {
		snprintf(out->reason, sizeof out->reason, "no closed tickets in the period");
		return CLARIO_OK;
	}
	int64_t best = 0;
	for (int l = PEERS_REGION_SIZE; l < PEERS_NONE; l++) {
		int64_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += in_cohort(&rows[i], me, (enum peers_level)l, days);
		best = count > best ? count : best;
		if (count >= PEERS_MIN_COHORT) {
			out->level = (enum peers_level)l;
			out->cohort = count;
			break;
		}
	}
	if (out->level == PEERS_NONE) {
		snprintf(out->reason, sizeof out->reason,
			 "too few similar merchants: the largest cohort has %lld, at least %d are "
			 "needed so that no single merchant can be recognised",
			 (long long)best, PEERS_MIN_COHORT);
		return CLARIO_OK;
	}
	out->available = true;
	int64_t *vals = malloc(n * sizeof *vals);
	if (!vals)
		return clario_err_set(err, CLARIO_ENOMEM, "peers: out of memory");
	for (int m = 0; m < PEERS_METRIC_COUNT; m++) {
		struct peers_metric_result *res = &out->metric[m];
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t v;
			if (in_cohort(&rows[i], me, out->level, days) &&
			    peers_value(&rows[i], (enum peers_metric)m, &v))
				vals[k++] = v;
		}
		res->cohort = (int64_t)k;
		res->has_value = peers_value(me, (enum peers_metric)m, &res->value);
		if (k < PEERS_MIN_COHORT || !res->has_value)
			continue;
		qsort(vals, k, sizeof *vals, cmp_i64);
		res->shown = true;
		res->percentile = peers_percentile(vals, k, res->value);
		/* Rounded (Rp 100, 0.1 point) so a quartile that is one member's
		 * order statistic does not print that member's exact figure. */
		int64_t unit = m == PEERS_AVERAGE_TICKET ? 100 : 10;
		res->q1 = summary_div_round(peers_quartile(vals, k, 1), unit) * unit;
		res->median = summary_div_round(peers_quartile(vals, k, 2), unit) * unit;
		res->q3 = summary_div_round(peers_quartile(vals, k, 3), unit) * unit;
	}
	free(vals);
	return CLARIO_OK;
}
