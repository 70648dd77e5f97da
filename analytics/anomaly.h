/* Anomaly alerts: days whose net sales fall outside the forecast model's
 * one-step expectation (robust z of the residual, MAD-scaled), and weeks whose
 * void, refund or discount rate spikes against the outlet's baseline, per
 * outlet and per cashier (binomial z). Each alert says what, where, when, how
 * unusual and what to check. Pure. */
#ifndef CLARIO_ANALYTICS_ANOMALY_H
#define CLARIO_ANALYTICS_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/tz.h"

#define ANOMALY_SALES_Z 4.0  /* robust z beyond which a day is unusual */
#define ANOMALY_SALES_RUN_Z 2.0 /* days this unusual join a run, judged together */
#define ANOMALY_RATE_SCORE 6.0 /* −log10 of the binomial tail p for a rate spike */
#define ANOMALY_RATE_MIN_EVENTS 5
#define ANOMALY_RATE_MIN_RATIO 2.0
#define ANOMALY_CASHIER_MAX 64

enum anomaly_kind {
	ANOMALY_SALES_LOW, ANOMALY_SALES_HIGH, ANOMALY_CLOSED,
	ANOMALY_VOID_RATE, ANOMALY_REFUND_RATE, ANOMALY_DISCOUNT_RATE,
};

/* One outlet's net sales per day, first..first+n−1 (days without sales 0). */
struct anomaly_series {
	int64_t outlet_id;
	day_t first;
	size_t n;
	const double *net;
};

/* Counts of one day at one outlet, for one cashier ("" = the whole outlet). */
struct anomaly_rate_row {
	int64_t outlet_id;
	char cashier[ANOMALY_CASHIER_MAX + 1];
	day_t day;
	int64_t closed, voids, refunds, discounted;
};

struct anomaly_alert {
	enum anomaly_kind kind;
	int64_t outlet_id;
	char cashier[ANOMALY_CASHIER_MAX + 1]; /* "" for outlet-level alerts */
	day_t from, to;
	double score;            /* |z| at its worst */
	double observed, expected; /* sales: Σ rupiah; rates: rate and baseline rate */
	int64_t events, base;    /* rates: events and the denominator */
	char what[200];
	char check[200];
};

struct anomaly_list {
	struct anomaly_alert *a; /* owned */
	size_t n, cap;
};

/* Sales alerts for days from..to; the series may start earlier (history the
 * model fits on). Leading days without sales (before an outlet opened) are
 * skipped. A run of consecutive days each at least 2 robust deviations off
 * the same way is one alert when its worst day reaches 4 or its combined
 * score Σz ÷ √k does (so a twelve-day closure of a small outlet, each day only
 * −3, is found); score is the larger of the two. */
enum clario_status anomaly_sales(const struct anomaly_series *s, size_t n_series, day_t from,
				 day_t to, struct anomaly_list *out, struct clario_err *err);
/* Rate alerts: every 7-day window of from..to (a day apart; the whole period
 * if shorter) whose event count is improbable under the baseline rate — the
 * same outlet's rows outside the window (rows may reach
 * earlier than from; a cashier is judged against all the outlet's cashiers
 * outside the window and against the other cashiers in the same window, the
 * less unusual of the two counting; outlets are not judged on discounts, which follow their own
 * promotions — with p = P(X ≥ x), X ~ Binomial(window size, baseline),
 * p ≤ 10^−6, at least 5 events and twice the baseline rate. Overlapping hits
 * merge into one alert; score = −log10 p of the worst window. Rows are sorted
 * in place. */
enum clario_status anomaly_rates(struct anomaly_rate_row *rows, size_t n, day_t from, day_t to,
				 struct anomaly_list *out, struct clario_err *err);
/* P(X ≥ x) for X ~ Binomial(n, p). */
double anomaly_binom_tail(int64_t x, int64_t n, double p);
/* Orders alerts by score, most unusual first. */
void anomaly_sort(struct anomaly_list *l);
void anomaly_release(struct anomaly_list *l);
const char *anomaly_kind_name(enum anomaly_kind k);

#endif
