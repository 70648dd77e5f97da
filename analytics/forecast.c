/* Forecasting: damped additive Holt-Winters and TSB with grid-searched
 * parameters, a rolling-origin backtest against seasonal naive, and the
 * robust one-step filter the anomaly alerts use. */
#include "analytics/forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define M 7

struct ets {
	double alpha, beta, gamma, phi;
};

struct ets_state {
	double l, b, s[M];
};

static const double grid_alpha[] = {0.02, 0.05, 0.1, 0.2, 0.35, 0.5};
static const double grid_beta[] = {0.0, 0.05, 0.2}; /* as a fraction of alpha */
static const double grid_gamma[] = {0.02, 0.05, 0.1, 0.2, 0.35};
static const double grid_phi[] = {0.9, 0.98};

const char *forecast_method_name(enum forecast_method m)
{
	switch (m) {
	case FORECAST_ETS: return "holt_winters_damped_additive";
	case FORECAST_TSB: return "tsb";
	case FORECAST_ZERO: return "zero";
	}
	return "?";
}

/* Initial state from the first two weeks (one if that is all there is). */
static void ets_init(const double *y, size_t n, struct ets_state *st)
{
	double w1 = 0, w2 = 0;
	for (size_t i = 0; i < M; i++)
		w1 += y[i];
	w1 /= M;
	st->l = w1;
	st->b = 0;
	if (n >= 2 * M) {
		for (size_t i = M; i < 2 * M; i++)
			w2 += y[i];
		w2 /= M;
		st->b = (w2 - w1) / M;
	}
	for (size_t i = 0; i < M; i++)
		st->s[i] = y[i] - w1;
}

static double ets_pred(const struct ets *p, const struct ets_state *st, size_t t)
{
	return st->l + p->phi * st->b + st->s[t % M];
}

static void ets_update(const struct ets *p, struct ets_state *st, size_t t, double e)
{
	double lb = st->l + p->phi * st->b;
	st->l = lb + p->alpha * e;
	st->b = p->phi * st->b + p->alpha * p->beta * e;
	st->s[t % M] += p->gamma * e;
}

/* Runs the filter over y[0..n); returns SSE of one-step errors from day M on
 * and leaves the state after y[n−1]. */
static double ets_run(const struct ets *p, const double *y, size_t n, struct ets_state *st)
{
	ets_init(y, n, st);
	double sse = 0;
	for (size_t t = 0; t < n; t++) {
		double e = y[t] - ets_pred(p, st, t);
		if (t >= M)
			sse += e * e;
		ets_update(p, st, t, e);
	}
	return sse;
}

static double ets_forecast(const struct ets *p, const struct ets_state *st, size_t n, size_t h)
{
	/* h ≥ 1: l + (φ + … + φ^h) b + s of day n + h − 1 */
	double damp = 0, f = 1;
	for (size_t i = 0; i < h; i++) {
		f *= p->phi;
		damp += f;
	}
	return st->l + damp * st->b + st->s[(n + h - 1) % M];
}

static struct ets ets_fit(const double *y, size_t n)
{
	struct ets best = {0.1, 0.0, 0.1, 0.98};
	double best_sse = INFINITY;
	struct ets_state st;
	for (size_t a = 0; a < sizeof grid_alpha / sizeof *grid_alpha; a++)
		for (size_t b = 0; b < sizeof grid_beta / sizeof *grid_beta; b++)
			for (size_t g = 0; g < sizeof grid_gamma / sizeof *grid_gamma; g++)
				for (size_t f = 0; f < sizeof grid_phi / sizeof *grid_phi; f++) {
					struct ets p = {grid_alpha[a], grid_beta[b], grid_gamma[g],
							grid_phi[f]};
					if (b == 0 && f > 0)
						continue; /* no trend: φ is moot */
					double sse = ets_run(&p, y, n, &st);
					if (sse < best_sse) {
						best_sse = sse;
						best = p;
					}
				}
	return best;
}

/* TSB: z smoothed non-zero size, q smoothed probability of a non-zero day. */
struct tsb {
	double alpha, beta;
};

static double tsb_run(const struct tsb *p, const double *y, size_t n, double *z, double *q)
{
	double sum = 0;
	size_t nz = 0;
	for (size_t i = 0; i < n; i++)
		if (y[i] != 0) {
			sum += y[i];
			nz++;
		}
	*z = nz ? sum / (double)nz : 0;
	*q = n ? (double)nz / (double)n : 0;
	double sse = 0;
	for (size_t t = 0; t < n; t++) {
		double e = y[t] - *z * *q;
		sse += e * e;
		if (y[t] != 0) {
			*q += p->beta * (1 - *q);
			*z += p->alpha * (y[t] - *z);
		} else {
			*q -= p->beta * *q;
		}
	}
	return sse;
}

static struct tsb tsb_fit(const double *y, size_t n)
{
	static const double ga[] = {0.05, 0.1, 0.2, 0.3}, gb[] = {0.02, 0.05, 0.1, 0.2};
	struct tsb best = {0.1, 0.05};
	double best_sse = INFINITY, z, q;
	for (size_t a = 0; a < 4; a++)
		for (size_t b = 0; b < 4; b++) {
			struct tsb p = {ga[a], gb[b]};
			double sse = tsb_run(&p, y, n, &z, &q);
			if (sse < best_sse) {
				best_sse = sse;
				best = p;
			}
		}
	return best;
}

static bool intermittent(const double *y, size_t n)
{
	size_t zeros = 0;
	for (size_t i = 0; i < n; i++)
		zeros += y[i] == 0;
	return n && (double)zeros / (double)n >= 0.4;
}

struct model {
	enum forecast_method method;
	struct ets ets;
	struct tsb tsb;
};

static struct model choose(const double *y, size_t n)
{
	struct model m = {.method = FORECAST_ZERO};
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= y[i] != 0;
	if (!any)
		return m;
	if (n < 2 * M || intermittent(y, n)) {
		m.method = FORECAST_TSB;
		m.tsb = tsb_fit(y, n);
	} else {
		m.method = FORECAST_ETS;
		m.ets = ets_fit(y, n);
	}
	return m;
}

/* Forecasts days n..n+h−1 from y[0..n) with fixed parameters into f[0..h). */
static void predict(const struct model *m, const double *y, size_t n, size_t h, double *f)
{
	if (m->method == FORECAST_ETS && n >= M) {
		struct ets_state st;
		ets_run(&m->ets, y, n, &st);
		for (size_t i = 0; i < h; i++)
			f[i] = ets_forecast(&m->ets, &st, n, i + 1);
	} else if (m->method == FORECAST_TSB || (m->method == FORECAST_ETS && n < M)) {
		double z, q;
		struct tsb p = m->method == FORECAST_TSB ? m->tsb : (struct tsb){0.1, 0.05};
		tsb_run(&p, y, n, &z, &q);
		for (size_t i = 0; i < h; i++)
			f[i] = z * q;
	} else {
		for (size_t i = 0; i < h; i++)
			f[i] = 0;
	}
}

/* One-step residual standard deviation over y[0..n) (from day M). */
static double residual_sigma(const struct model *m, const double *y, size_t n)
{
	double ss = 0;
	size_t k = 0;
	if (m->method == FORECAST_ETS) {
		struct ets_state st;
		ets_init(y, n, &st);
		for (size_t t = 0; t < n; t++) {
			double e = y[t] - ets_pred(&m->ets, &st, t);
			if (t >= M) {
				ss += e * e;
				k++;
			}
			ets_update(&m->ets, &st, t, e);
		}
	} else if (m->method == FORECAST_TSB) {
		double z, q;
		ss = tsb_run(&m->tsb, y, n, &z, &q);
		k = n;
	}
	return k > 1 ? sqrt(ss / (double)(k - 1)) : 0;
}

static void backtest(const double *y, size_t n, bool nonneg, struct forecast_accuracy *acc)
{
	memset(acc, 0, sizeof *acc);
	size_t span = FORECAST_BACKTEST_WEEKS * M;
	if (n < span + FORECAST_MIN_TRAIN)
		return;
	size_t first = n - span;
	struct model m = choose(y, first);
	double sum_e = 0, sum_n = 0, sum_y = 0, f[M];
	for (size_t k = 0; k < FORECAST_BACKTEST_WEEKS; k++) {
		size_t o = first + k * M;
		predict(&m, y, o, M, f);
		for (size_t h = 0; h < M; h++) {
			double fh = nonneg && f[h] < 0 ? 0 : f[h];
			sum_e += fabs(y[o + h] - fh);
			sum_n += fabs(y[o + h] - y[o - M + h]);
			sum_y += fabs(y[o + h]);
		}
	}
	double scale = 0;
	for (size_t t = M; t < first; t++)
		scale += fabs(y[t] - y[t - M]);
	scale /= (double)(first - M);
	acc->valid = true;
	acc->points = span;
	acc->mae = sum_e / (double)span;
	acc->mae_naive = sum_n / (double)span;
	acc->mase = sum_n > 0 ? sum_e / sum_n : (sum_e > 0 ? 1e9 : 1.0);
	acc->wape = sum_y > 0 ? sum_e / sum_y : (sum_e > 0 ? 1e9 : 0.0);
	acc->mase_insample = scale > 0 ? acc->mae / scale : 0.0;
}

enum clario_status forecast_series(const double *y, size_t n, bool nonneg,
				   struct forecast_result *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0) {
		out->method = FORECAST_ZERO;
		return CLARIO_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (!isfinite(y[i]))
			return clario_err_set(err, CLARIO_EINVAL, "forecast: day %zu is not a number", i);
	struct model m = choose(y, n);
	out->method = m.method;
	if (m.method == FORECAST_ETS) {
		out->alpha = m.ets.alpha;
		out->beta = m.ets.beta;
		out->gamma = m.ets.gamma;
		out->phi = m.ets.phi;
	} else if (m.method == FORECAST_TSB) {
		out->alpha = m.tsb.alpha;
		out->beta = m.tsb.beta;
	}
	double f[FORECAST_HORIZON];
	predict(&m, y, n, FORECAST_HORIZON, f);
	out->sigma = residual_sigma(&m, y, n);
	for (size_t h = 0; h < FORECAST_HORIZON; h++) {
		/* Variance grows with the horizon as the level's uncertainty
		 * accumulates: σ²(1 + (h−1)α²) for the level component. */
		double a = m.method == FORECAST_ETS ? m.ets.alpha : m.tsb.alpha;
		double sd = out->sigma * sqrt(1.0 + (double)h * a * a);
		struct forecast_point *p = &out->point[h];
		p->mean = f[h];
		p->lo = f[h] - FORECAST_Z80 * sd;
		p->hi = f[h] + FORECAST_Z80 * sd;
		if (nonneg) {
			p->mean = fmax(p->mean, 0);
			p->lo = fmax(p->lo, 0);
			p->hi = fmax(p->hi, 0);
		}
	}
	backtest(y, n, nonneg, &out->acc);
	return CLARIO_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum clario_status forecast_expect(const double *y, size_t n, size_t fit_n, double z_replace,
				   double *expect, double *score, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	double *res = NULL;
	memset(expect, 0, n * sizeof *expect);
	memset(score, 0, n * sizeof *score);
	if (n < 2 * M)
		return CLARIO_OK;
	if (fit_n < 2 * M || fit_n > n)
		fit_n = n;
	struct ets p = ets_fit(y, fit_n);
	struct ets_state s;
	res = malloc(n * sizeof *res);
	if (!res) {
		st = clario_err_set(err, CLARIO_ENOMEM, "forecast: out of memory");
		goto out;
	}
	ets_init(y, fit_n, &s);
	size_t k = 0;
	for (size_t t = 0; t < fit_n; t++) {
		double e = y[t] - ets_pred(&p, &s, t);
		if (t >= M)
			res[k++] = e;
		ets_update(&p, &s, t, e);
	}
	double med = median(res, k);
	for (size_t i = 0; i < k; i++)
		res[i] = fabs(res[i] - med);
	double mad = median(res, k) * 1.4826;
	if (mad <= 0)
		mad = 1;
	ets_init(y, fit_n, &s);
	size_t streak = 0;
	for (size_t t = 0; t < n; t++) {
		double f = ets_pred(&p, &s, t), e = y[t] - f;
		expect[t] = f;
		score[t] = t >= M ? (e - med) / mad : 0;
		if (t >= M && fabs(score[t]) > z_replace && streak < 2 * M) {
			streak++;
			e = 0; /* learn from the expectation, not the outlier */
		} else {
			streak = 0;
		}
		ets_update(&p, &s, t, e);
	}
out:
	free(res);
	return st;
}
