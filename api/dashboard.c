/* GET /v1/merchants/{id}/dashboard: the summary comparison, heatmap, top
 * items, menu engineering, top pairs, forecast, alerts and the top insights
 * (both languages) in one answer, each built exactly as its own endpoint
 * builds it (the alerts computed once for both their part and the insights).
 * Every part reads rollups, so a merchant-year builds in tens of
 * milliseconds; answers are still cached per (merchant, outlet, from, to)
 * under the store's watermark: an answer is reused only while no ticket, refund, catalogue cost
 * or daypart of the merchant has changed, and only stored when the newest
 * write is older than the second the build began (a write in that same
 * second would otherwise go unseen). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics/anomaly.h"
#include "analytics/basket.h"
#include "analytics/insights.h"
#include "analytics/menu.h"
#include "api/analytics.h"
#include "api/mix.h"
#include "api/programme.h"
#include "store/analysis.h"

#define CACHE_SLOTS 64
#define DASHBOARD_INSIGHTS 10

struct slot {
	int64_t merchant_id, outlet_id;
	day_t from, to;
	struct store_watermark w;
	char *json; /* owned */
	uint64_t used;
};

static struct slot cache[CACHE_SLOTS];
static uint64_t clock_tick;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same(const struct slot *s, const struct api_period *p, const struct store_watermark *w)
{
	return s->json && s->merchant_id == p->m.id && s->outlet_id == p->outlet_id &&
	       s->from == p->from && s->to == p->to && memcmp(&s->w, w, sizeof *w) == 0;
}

/* A parsed copy of the cached answer, or NULL (parsed outside the lock). */
static json_t *cache_get(const struct api_period *p, const struct store_watermark *w)
{
	char *text = NULL;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS && !text; i++)
		if (same(&cache[i], p, w)) {
			cache[i].used = ++clock_tick;
			text = strdup(cache[i].json);
		}
	pthread_mutex_unlock(&cache_lock);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return j;
}

static void cache_put(const struct api_period *p, const struct store_watermark *w,
		      const json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	if (!text)
		return; /* no memory: simply not cached */
	pthread_mutex_lock(&cache_lock);
	size_t victim = 0;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		const struct slot *s = &cache[i];
		if (s->json && s->merchant_id == p->m.id && s->outlet_id == p->outlet_id &&
		    s->from == p->from && s->to == p->to) {
			victim = i; /* an older answer for the same request */
			break;
		}
		if (cache[i].used < cache[victim].used)
			victim = i;
	}
	free(cache[victim].json);
	cache[victim] = (struct slot){.merchant_id = p->m.id, .outlet_id = p->outlet_id,
				      .from = p->from, .to = p->to, .w = *w, .json = text,
				      .used = ++clock_tick};
	pthread_mutex_unlock(&cache_lock);
}

/* The insights part: the top DASHBOARD_INSIGHTS findings in both languages. */
static json_t *insights_part(struct http_ctx *c, const struct api_period *p,
			     const struct anomaly_list *alerts, struct clario_err *err)
{
	struct mix_query q;
	struct insight_list l = {.cap = 64};
	bool cached;
	json_t *arr = NULL, *out = NULL;
	api_mix_query_make(&q, &p->m, p->from, p->to, p->outlet_id);
	/* fresh=1 rebuilds everything, the findings too (else they may come from
	 * the insights cache, which the same watermark validates). */
	q.fresh = http_query(c, "fresh") != NULL;
	if (!(l.f = calloc(l.cap, sizeof *l.f))) {
		clario_err_set(err, CLARIO_ENOMEM, "dashboard: out of memory");
		return NULL;
	}
	if (api_insights_collect(c, &q, alerts, &l, &cached, err) != CLARIO_OK)
		goto out;
	insights_rank(l.f, l.n);
	arr = json_array();
	for (size_t i = 0; i < l.n && i < DASHBOARD_INSIGHTS; i++) {
		json_t *o = api_insight_json(&l.f[i], i + 1, (1 << INSIGHT_ID) | (1 << INSIGHT_EN), err);
		if (!o)
			goto out;
		json_array_append_new(arr, o);
	}
	out = json_pack("{s:I, s:s, s:O}", "found", (json_int_t)l.n, "cache",
			cached ? "hit" : "miss", "insights", arr);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "dashboard: out of memory");
out:
	json_decref(arr);
	free(l.f);
	return out;
}

static json_t *build(struct http_ctx *c, const struct api_period *p, struct clario_err *err)
{
	struct store *s = c->store;
	struct basket_params bp = BASKET_DEFAULTS;
	struct anomaly_list al = {0};
	bp.top_n = 10;
	bp.triples = false;
	json_t *body = json_pack("{s:I, s:o, s:o, s:o}", "merchant_id", (json_int_t)p->m.id,
				 "outlet_id", p->outlet_id ? json_integer(p->outlet_id) : json_null(),
				 "from", api_date_json(p->from), "to", api_date_json(p->to));
	static const char *const names[] = {"summary", "heatmap", "top_items", "menu_engineering",
					    "top_pairs", "forecast", "alerts", "insights"};
	for (int i = 0; body && i < 8; i++) {
		double t = api_clock();
		json_t *part = NULL;
		switch (i) {
		case 0: part = api_compare_build(s, p, err); break;
		case 1: part = api_heatmap_build(s, p, err); break;
		case 2: part = api_items_build(s, p, 10, err); break;
		case 3: part = api_menu_build(s, p, false, MENU_DEFAULT_FACTOR, err); break;
		case 4: part = api_basket_build(s, p, &bp, err); break;
		case 5: part = api_forecast_build(s, p, 0, err); break;
		case 6:
			if (api_alerts_compute(s, p, &al, err) == CLARIO_OK)
				part = api_alerts_json(p, &al, err);
			break;
		default: part = insights_part(c, p, &al, err); break;
		}
		if (!part) {
			json_decref(body);
			anomaly_release(&al);
			return NULL;
		}
		json_object_set_new(part, "build_ms", json_real((api_clock() - t) * 1000.0));
		json_object_set_new(body, names[i], part);
	}
	anomaly_release(&al);
	if (!body)
		clario_err_set(err, CLARIO_ENOMEM, "dashboard: out of memory");
	return body;
}

void api_dashboard_get(struct http_ctx *c)
{
	double t0 = api_clock();
	int64_t began = (int64_t)time(NULL);
	struct clario_err err = {0};
	struct api_period p;
	struct store_watermark w;
	json_t *body = NULL;
	bool hit = false;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = store_analysis_watermark(c->store, p.m.id, &w, &err);
	if (st == CLARIO_OK && http_query(c, "fresh") == NULL)
		hit = (body = cache_get(&p, &w)) != NULL;
	if (st == CLARIO_OK && !body) {
		if (!(body = build(c, &p, &err)))
			st = err.status;
		else if (w.ticket_updated < began && w.refund_created < began)
			cache_put(&p, &w, body);
	}
	if (body) {
		json_object_set_new(body, "cache", json_string(hit ? "hit" : "miss"));
		api_programme_note_usage(c, p.m.id, "dashboard_view");
	}
	api_reply_timed(c, body, t0, st, &err);
}
