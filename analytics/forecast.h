/* Daily demand forecast with its measured accuracy. Smooth series: additive
 * Holt-Winters with damped trend and weekly seasonality (ETS(A,Ad,A), m = 7),
 * parameters by grid search on one-step squared error. Intermittent series
 * (≥ 40 % zero days): TSB (Teunter, Syntetos & Babai 2011). 80 % intervals
 * from the one-step residual spread. Accuracy: rolling-origin backtest over
 * the last 8 weeks (origins T−56, T−49, ..., T−7, each forecasting 7 days,
 * parameters chosen on data before the first origin only), MASE = Σ|model
 * error| ÷ Σ|seasonal-naive error| over the same 56 points (seasonal naive =
 * same weekday last week), WAPE = Σ|error| ÷ Σ actual. Pure. */
#ifndef CLARIO_ANALYTICS_FORECAST_H
#define CLARIO_ANALYTICS_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define FORECAST_HORIZON 14
#define FORECAST_BACKTEST_WEEKS 8
#define FORECAST_MIN_TRAIN 28 /* days before the first backtest origin */
#define FORECAST_Z80 1.2815515655446004

enum forecast_method { FORECAST_ETS, FORECAST_TSB, FORECAST_ZERO };

struct forecast_point {
	double mean, lo, hi; /* 80 % prediction interval */
};

struct forecast_accuracy {
	bool valid;           /* false when the series is too short */
	size_t points;        /* 56 when valid */
	double mae, mae_naive;
	double mase;          /* mae ÷ mae_naive (INFINITY-free: 0 ÷ 0 reads 1) */
	double wape;          /* Σ|e| ÷ Σy (0 when Σy is 0 and Σ|e| is 0) */
	double mase_insample; /* Hyndman: mae ÷ in-sample mean |y_t − y_{t−7}| */
};

struct forecast_result {
	enum forecast_method method;
	double alpha, beta, gamma, phi; /* ETS; TSB uses alpha (size), beta (probability) */
	double sigma;         /* one-step residual standard deviation */
	struct forecast_point point[FORECAST_HORIZON];
	struct forecast_accuracy acc;
};

/* y: n daily values, oldest first, y[n−1] the last observed day; point[h] is
 * the forecast for day n + h. nonneg clamps means and bounds at 0 (quantities,
 * sales). */
enum clario_status forecast_series(const double *y, size_t n, bool nonneg,
				   struct forecast_result *out, struct clario_err *err);
const char *forecast_method_name(enum forecast_method m);

/* One-step-ahead expectations for anomaly detection: fits on y[0..fit_n) and
 * runs the filter over all n days; when a day's residual is more than
 * z_replace robust deviations away, the model learns from its own
 * expectation instead (so a closure does not become the new normal), unless
 * that has gone on for 14 days (a genuine level shift). expect[t] and
 * score[t] (robust z: (e − median) ÷ (1.4826 × MAD) of the fit residuals) get
 * each day's values; days before 7 score 0. */
enum clario_status forecast_expect(const double *y, size_t n, size_t fit_n, double z_replace,
				   double *expect, double *score, struct clario_err *err);

#endif
