/* GET /v1/merchants/{id}/forecast: net sales and item quantities per local
 * day for the 14 days after `to`, learnt from from..to, with 80 % intervals
 * and the backtest accuracy (MASE against seasonal naive, WAPE). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/forecast.h"
#include "api/analytics.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"

static json_t *result_json(const struct forecast_result *r, day_t to, bool money)
{
	json_t *pts = json_array();
	for (size_t h = 0; h < FORECAST_HORIZON; h++) {
		const struct forecast_point *x = &r->point[h];
		json_t *o = json_pack("{s:o}", "date", api_date_json(to + 1 + (day_t)h));
		if (money) {
			json_object_set_new(o, "mean", json_integer((json_int_t)llround(x->mean)));
			json_object_set_new(o, "lo80", json_integer((json_int_t)llround(x->lo)));
			json_object_set_new(o, "hi80", json_integer((json_int_t)llround(x->hi)));
		} else {
			json_object_set_new(o, "mean", json_real(x->mean));
			json_object_set_new(o, "lo80", json_real(x->lo));
			json_object_set_new(o, "hi80", json_real(x->hi));
		}
		json_array_append_new(pts, o);
	}
	json_t *acc = r->acc.valid
		? json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:s}", "points", (json_int_t)r->acc.points,
			    "mase", r->acc.mase, "wape", r->acc.wape, "mae", r->acc.mae, "mae_naive",
			    r->acc.mae_naive, "mase_insample", r->acc.mase_insample, "method",
			    "rolling origin, 8 weekly origins over the last 56 days, 7-day horizon; "
			    "mase = sum|error| / sum|seasonal naive error| (same weekday last week)")
		: json_pack("{s:s}", "unavailable", "needs at least 84 days of history");
	return json_pack("{s:s, s:{s:f, s:f, s:f, s:f}, s:f, s:o, s:o}", "method",
			 forecast_method_name(r->method), "params", "alpha", r->alpha, "beta",
			 r->beta, "gamma", r->gamma, "phi", r->phi, "sigma", r->sigma, "points", pts,
			 "accuracy", acc);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct qty_rank {
	int64_t item_id;
	int64_t qty;
};

static int by_qty(const void *a, const void *b)
{
	const struct qty_rank *x = a, *y = b;
	if (x->qty != y->qty)
		return x->qty < y->qty ? 1 : -1;
	return (x->item_id > y->item_id) - (x->item_id < y->item_id);
}

json_t *api_forecast_build(struct store *s, const struct api_period *p, size_t max_items,
			   struct clario_err *err)
{
	size_t nd = (size_t)(p->to - p->from) + 1, nh = 0, ni = 0, nr = 0;
	struct rollup_hour *hours = NULL;
	struct rollup_item_day *rows = NULL;
	struct api_catalogue cat = {0};
	struct qty_rank *rank = NULL;
	double *y = calloc(nd, sizeof *y), *mases = NULL, *wapes = NULL;
	json_t *out = NULL, *items = NULL;
	struct forecast_result fr;
	enum clario_status st = y ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "forecast: out of memory");
	if (st == CLARIO_OK)
		st = store_rollup_days_query(s, p->m.id, p->outlet_id, p->from, p->to, &hours, &nh, err);
	if (st != CLARIO_OK)
		goto out;
	for (size_t i = 0; i < nh; i++)
		y[hours[i].day - p->from] += (double)(hours[i].gross - hours[i].line_discounts -
						      hours[i].ticket_discounts - hours[i].refunds);
	if ((st = forecast_series(y, nd, true, &fr, err)) != CLARIO_OK)
		goto out;
	json_t *total = result_json(&fr, p->to, true);
	double total_mase = fr.acc.valid ? fr.acc.mase : NAN, total_wape = fr.acc.valid ? fr.acc.wape : NAN;
	items = json_array();
	size_t measured = 0;
	if (max_items) {
		if ((st = api_catalogue_load(s, p->m.id, &cat, err)) != CLARIO_OK ||
		    (st = store_analysis_item_days(s, p->m.id, p->outlet_id, p->from, p->to, &rows, &ni,
						   err)) != CLARIO_OK) {
			json_decref(total);
			goto out;
		}
		rank = calloc(cat.n + 1, sizeof *rank);
		mases = calloc(cat.n + 1, sizeof *mases);
		wapes = calloc(cat.n + 1, sizeof *wapes);
		if (!rank || !mases || !wapes) {
			json_decref(total);
			st = clario_err_set(err, CLARIO_ENOMEM, "forecast: out of memory");
			goto out;
		}
		for (size_t i = 0; i < cat.n; i++)
			rank[i].item_id = cat.items[i].id;
		for (size_t i = 0; i < ni; i++) {
			const struct store_item *it = api_catalogue_find(&cat, rows[i].item_id);
			if (it)
				rank[it - cat.items].qty += rows[i].qty;
		}
		qsort(rank, cat.n, sizeof *rank, by_qty);
		nr = cat.n;
		while (nr && rank[nr - 1].qty <= 0)
			nr--;
		if (nr > max_items)
			nr = max_items;
		for (size_t k = 0; k < nr; k++) {
			memset(y, 0, nd * sizeof *y);
			for (size_t i = 0; i < ni; i++)
				if (rows[i].item_id == rank[k].item_id)
					y[rows[i].day - p->from] += (double)rows[i].qty;
			if ((st = forecast_series(y, nd, true, &fr, err)) != CLARIO_OK) {
				json_decref(total);
				goto out;
			}
			if (fr.acc.valid) {
				mases[measured] = fr.acc.mase;
				wapes[measured++] = fr.acc.wape;
			}
			const struct store_item *it = api_catalogue_find(&cat, rank[k].item_id);
			json_t *o = json_pack("{s:I, s:s}", "item_id", (json_int_t)rank[k].item_id,
					      "name", it ? it->name : "");
			json_object_update_new(o, result_json(&fr, p->to, false));
			json_array_append_new(items, o);
		}
	}
	double mm = median(mases, measured), mw = median(wapes, measured);
	out = json_pack("{s:o, s:o, s:i, s:s, s:o, s:O, s:{s:o, s:o, s:o, s:o, s:I}}",
			"history_from", api_date_json(p->from), "history_to", api_date_json(p->to),
			"horizon_days", FORECAST_HORIZON, "interval", "80% prediction interval",
			"total_net_sales", total, "items", items, "accuracy", "total_mase",
			api_real_json(total_mase), "total_wape", api_real_json(total_wape),
			"median_item_mase", api_real_json(mm), "median_item_wape", api_real_json(mw),
			"items_measured", (json_int_t)measured);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "forecast: out of memory");
out:
	json_decref(items);
	free(y);
	free(hours);
	free(rows);
	free(rank);
	free(mases);
	free(wapes);
	api_catalogue_release(&cat);
	return out;
}

void api_forecast_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	int64_t items = 0;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = api_int_param(c, "items", 0, 1000, 20, &items, &err);
	if (st == CLARIO_OK && !(body = api_forecast_build(c->store, &p, (size_t)items, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
