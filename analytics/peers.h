/* Peer benchmarks: where a merchant stands among similar merchants on average
 * ticket, sales growth, discount rate, void rate and delivery share. Pure over
 * the store's per-merchant figures.
 *
 * Similar = same kind, then the first of these cohorts with at least
 * PEERS_MIN_COHORT merchants (the caller included): (1) same region and size
 * band, (2) same region, (3) same size band nationwide, (4) the kind
 * nationwide; the answer names the cohort used. Size band = average
 * net sales per day of the period: small < Rp 1 jt, medium < Rp 5 jt, large.
 * Privacy: no cohort below PEERS_MIN_COHORT is ever used, a metric is shown
 * only when at least PEERS_MIN_COHORT members have a value for it, and only
 * the caller's own value, its percentile and the cohort's quartiles (rounded)
 * leave this module: never another merchant's id, name, min or max. */
#ifndef CLARIO_ANALYTICS_PEERS_H
#define CLARIO_ANALYTICS_PEERS_H

#include "store/analysis_mix.h"

#define PEERS_MIN_COHORT 5

enum peers_metric { PEERS_AVERAGE_TICKET, PEERS_SALES_GROWTH, PEERS_DISCOUNT_RATE,
		    PEERS_VOID_RATE, PEERS_DELIVERY_SHARE, PEERS_METRIC_COUNT };
enum peers_band { PEERS_SMALL, PEERS_MEDIUM, PEERS_LARGE };
enum peers_level { PEERS_REGION_SIZE, PEERS_REGION, PEERS_SIZE, PEERS_KIND, PEERS_NONE };

const char *peers_metric_name(enum peers_metric m);
const char *peers_band_name(enum peers_band b);
const char *peers_level_name(enum peers_level l);
enum peers_band peers_band_of(rupiah_t net, int64_t days);

/* A merchant's value of a metric (rupiah for the average ticket, basis points
 * for rates); false when undefined (no tickets, no previous sales, no gross). */
bool peers_value(const struct mix_peer_row *r, enum peers_metric m, int64_t *out);

/* Linear-interpolated quantile (q in 1/4 steps: q4 = 1..3) of sorted v[0..n),
 * rounded half away from zero. */
int64_t peers_quartile(const int64_t *sorted, size_t n, int q4);
/* 100 × (members below + ½ members equal, the caller included) ÷ n, rounded. */
int peers_percentile(const int64_t *values, size_t n, int64_t mine);

struct peers_metric_result {
	bool shown;
	int64_t cohort;    /* members with a value */
	int64_t value;     /* the caller's */
	bool has_value;
	int percentile;    /* 0..100 */
	int64_t q1, median, q3;
};

struct peers_result {
	bool available;
	char reason[160];
	enum peers_level level;
	enum peers_band band;
	char kind[33];
	char region[MIX_REGION_MAX + 1];
	int64_t cohort; /* merchants in the chosen cohort */
	struct peers_metric_result metric[PEERS_METRIC_COUNT];
};

/* rows: every merchant of the caller's kind (the caller among them); days: the
 * period's length. */
enum clario_status peers_compute(const struct mix_peer_row *rows, size_t n, int64_t merchant_id,
				 int64_t days, struct peers_result *out, struct clario_err *err);

#endif
