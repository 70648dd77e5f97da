/* GET /v1/merchants/{id}/insights?from&to[&outlet][&lang=id|en][&limit=N]:
 * the summary's period comparison, menu engineering, anomaly alerts and the
 * mix analyses turned into a short ranked list of findings with a suggested
 * action and a link to each; also the dashboard's insights part. The
 * merchant's own findings are cached per (merchant, outlet, from, to) under
 * the store watermark, the commission rates and the outlet names (same rule
 * as api/dashboard.c); peer findings depend on other merchants' data and are
 * computed on every call. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics/anomaly.h"
#include "analytics/insights_mix.h"
#include "analytics/menu.h"
#include "api/analytics.h"
#include "api/mix.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"

#define INSIGHTS_CAP 64
#define INSIGHTS_DEFAULT 5
#define INSIGHTS_MAX 20

static const char *kind_name(enum insight_kind k)
{
	static const char *const names[INSIGHT_KIND_COUNT] = {
		"sales_change", "channel_margin", "unknown_cost", "payment_shift", "outlet_lagging",
		"repeat_rate", "at_risk_customers", "peer_benchmark", "menu_class", "anomaly"};
	return (unsigned)k < INSIGHT_KIND_COUNT ? names[k] : "?";
}

static enum clario_status summary_findings(struct http_ctx *c, const struct mix_query *q,
					   struct insight_list *l, struct clario_err *err)
{
	struct rollup_hour *rows = NULL;
	size_t n = 0;
	struct summary cur = {0}, prev = {0};
	day_t len = q->to - q->from + 1;
	char path[256];
	enum clario_status st = store_rollup_days_query(c->store, q->m.id, q->outlet_id,
							 q->from - len, q->to, &rows, &n, err);
	if (st == CLARIO_OK)
		st = summary_compute(rows, n, q->from, q->to, &cur, err);
	if (st == CLARIO_OK)
		st = summary_compute(rows, n, q->from - len, q->from - 1, &prev, err);
	if (st == CLARIO_OK) {
		api_mix_path(q, "summary", path, sizeof path);
		insights_from_summary(&cur, &prev, path, l);
	}
	free(rows);
	summary_release(&cur);
	summary_release(&prev);
	return st;
}

static struct api_period period_of(const struct mix_query *q)
{
	return (struct api_period){.m = q->m, .from = q->from, .to = q->to,
				   .outlet_id = q->outlet_id};
}

static enum clario_status menu_findings(struct http_ctx *c, const struct mix_query *q,
					struct insight_list *l, struct clario_err *err)
{
	struct api_period p = period_of(q);
	struct api_catalogue cat = {0};
	struct menu_result m = {0};
	const char **names = NULL;
	char path[256];
	enum clario_status st = api_menu_compute(c->store, &p, &cat, &m, err);
	if (st == CLARIO_OK && !(names = calloc(m.n_items + 1, sizeof *names)))
		st = clario_err_set(err, CLARIO_ENOMEM, "insights: out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < m.n_items; i++) {
		const struct store_item *it = api_catalogue_find(&cat, m.items[i].item_id);
		names[i] = it ? it->name : "?";
	}
	if (st == CLARIO_OK) {
		api_mix_path(q, "menu-engineering", path, sizeof path);
		insights_from_menu(&m, names, path, l);
	}
	free(names);
	menu_release(&m);
	api_catalogue_release(&cat);
	return st;
}

static enum clario_status alert_findings(struct http_ctx *c, const struct mix_query *q,
					 const struct anomaly_list *given,
					 const struct store_outlet *outlets, size_t n_outlets,
					 struct insight_list *l, struct clario_err *err)
{
	struct api_period p = period_of(q);
	struct anomaly_list own = {0};
	int64_t *ids = calloc(n_outlets + 1, sizeof *ids);
	const char **names = calloc(n_outlets + 1, sizeof *names);
	char path[256];
	enum clario_status st = ids && names ? CLARIO_OK
					     : clario_err_set(err, CLARIO_ENOMEM, "insights: out of memory");
	if (st == CLARIO_OK && !given && (st = api_alerts_compute(c->store, &p, &own, err)) == CLARIO_OK)
		given = &own;
	for (size_t i = 0; st == CLARIO_OK && i < n_outlets; i++) {
		ids[i] = outlets[i].id;
		names[i] = outlets[i].name;
	}
	if (st == CLARIO_OK) {
		api_mix_path(q, "alerts", path, sizeof path);
		insights_from_alerts(given, ids, names, n_outlets, path, l);
	}
	anomaly_release(&own);
	free(ids);
	free(names);
	return st;
}

static enum clario_status mix_findings(struct http_ctx *c, const struct mix_query *q,
				       struct insight_list *l, struct clario_err *err)
{
	char path[256];
	struct channel_mix ch;
	struct payment_mix pay = {0};
	struct store_outlet *outlets = NULL;
	size_t n_outlets = 0;
	struct outlet_compare cmp = {0};
	struct retention ret;
	const char **names = NULL;
	enum clario_status st = api_mix_channels(c, q, &ch, err);
	if (st == CLARIO_OK) {
		api_mix_path(q, "channels", path, sizeof path);
		insights_from_channels(&ch, path, l);
		st = api_mix_payments(c, q, &pay, err);
	}
	if (st == CLARIO_OK) {
		api_mix_path(q, "payments", path, sizeof path);
		insights_from_payments(&pay, path, l);
		st = api_mix_retention(c, q, &ret, err);
	}
	if (st == CLARIO_OK) {
		api_mix_path(q, "retention", path, sizeof path);
		insights_from_retention(&ret, path, l);
	}
	/* The whole-merchant analyses only when no outlet is asked for. */
	if (st == CLARIO_OK && q->outlet_id == 0)
		st = api_mix_outlet_compare(c, q, &outlets, &n_outlets, &cmp, err);
	if (st == CLARIO_OK && q->outlet_id == 0) {
		if (!(names = calloc(n_outlets ? n_outlets : 1, sizeof *names)))
			st = clario_err_set(err, CLARIO_ENOMEM, "insights: out of memory");
		for (size_t i = 0; st == CLARIO_OK && i < n_outlets; i++)
			names[i] = outlets[i].name;
		if (st == CLARIO_OK) {
			api_mix_path(q, "outlet-comparison", path, sizeof path);
			insights_from_outlets(&cmp, names, path, l);
		}
	}
	payments_release(&pay);
	outlet_compare_release(&cmp);
	free(outlets);
	free(names);
	return st;
}

/* ---- the cache of a merchant's own findings ---- */

#define CACHE_SLOTS 32

struct slot {
	int64_t merchant_id, outlet_id;
	day_t from, to;
	struct store_watermark w;
	struct mix_rate rates[MIX_N_PLATFORMS];
	uint64_t outlets_hash;
	struct insight_finding *f; /* owned */
	size_t n;
	uint64_t used;
};

static struct slot cache[CACHE_SLOTS];
static uint64_t clock_tick;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* The key's parts besides the request: what the own findings read. */
struct key {
	struct store_watermark w;
	struct mix_rate rates[MIX_N_PLATFORMS];
	uint64_t outlets_hash;
};

static bool same_request(const struct slot *s, const struct mix_query *q)
{
	return s->f && s->merchant_id == q->m.id && s->outlet_id == q->outlet_id &&
	       s->from == q->from && s->to == q->to;
}

static bool same_key(const struct slot *s, const struct key *k)
{
	return memcmp(&s->w, &k->w, sizeof k->w) == 0 &&
	       memcmp(s->rates, k->rates, sizeof k->rates) == 0 && s->outlets_hash == k->outlets_hash;
}

/* Appends the cached findings to l; false on a miss. */
static bool cache_get(const struct mix_query *q, const struct key *k, struct insight_list *l)
{
	bool hit = false;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS && !hit; i++) {
		struct slot *s = &cache[i];
		if (!same_request(s, q) || !same_key(s, k) || s->n > l->cap - l->n)
			continue;
		memcpy(l->f + l->n, s->f, s->n * sizeof *s->f);
		l->n += s->n;
		s->used = ++clock_tick;
		hit = true;
	}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_put(const struct mix_query *q, const struct key *k,
		      const struct insight_finding *f, size_t n)
{
	struct insight_finding *copy = malloc((n ? n : 1) * sizeof *copy);
	if (!copy)
		return; /* no memory: simply not cached */
	memcpy(copy, f, n * sizeof *f);
	pthread_mutex_lock(&cache_lock);
	size_t victim = 0;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (same_request(&cache[i], q)) {
			victim = i;
			break;
		}
		if (cache[i].used < cache[victim].used)
			victim = i;
	}
	free(cache[victim].f);
	cache[victim] = (struct slot){.merchant_id = q->m.id, .outlet_id = q->outlet_id,
				      .from = q->from, .to = q->to, .w = k->w,
				      .outlets_hash = k->outlets_hash, .f = copy, .n = n,
				      .used = ++clock_tick};
	memcpy(cache[victim].rates, k->rates, sizeof k->rates);
	pthread_mutex_unlock(&cache_lock);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

enum clario_status api_insights_collect(struct http_ctx *c, const struct mix_query *q,
					const struct anomaly_list *alerts, struct insight_list *l,
					bool *cached, struct clario_err *err)
{
	int64_t began = (int64_t)time(NULL);
	struct key k;
	struct store_outlet *outlets = NULL;
	size_t n_outlets = 0, first = l->n;
	struct peers_result peers;
	char path[256];
	memset(&k, 0, sizeof k);
	*cached = false;
	enum clario_status st = store_analysis_watermark(c->store, q->m.id, &k.w, err);
	if (st == CLARIO_OK)
		st = store_mix_rates_get(c->store, q->m.id, k.rates, err);
	if (st == CLARIO_OK)
		st = store_outlet_list(c->store, q->m.id, &outlets, &n_outlets, err);
	if (st != CLARIO_OK)
		goto out;
	k.outlets_hash = 14695981039346656037u;
	for (size_t i = 0; i < n_outlets; i++) {
		k.outlets_hash = fnv(k.outlets_hash, &outlets[i].id, sizeof outlets[i].id);
		k.outlets_hash = fnv(k.outlets_hash, outlets[i].name, strlen(outlets[i].name) + 1);
	}
	if (q->fresh || !(*cached = cache_get(q, &k, l))) {
		if ((st = summary_findings(c, q, l, err)) == CLARIO_OK &&
		    (st = menu_findings(c, q, l, err)) == CLARIO_OK &&
		    (st = alert_findings(c, q, alerts, outlets, n_outlets, l, err)) == CLARIO_OK)
			st = mix_findings(c, q, l, err);
		if (st == CLARIO_OK && k.w.ticket_updated < began && k.w.refund_created < began)
			cache_put(q, &k, l->f + first, l->n - first);
	}
	/* Peers compare with other merchants, whose data no watermark here covers. */
	if (st == CLARIO_OK && q->outlet_id == 0 &&
	    (st = api_mix_peers(c, q, &peers, err)) == CLARIO_OK) {
		api_mix_path(q, "peers", path, sizeof path);
		insights_from_peers(&peers, path, l);
	}
out:
	free(outlets);
	return st;
}

json_t *api_insight_json(const struct insight_finding *f, size_t rank, int langs,
			 struct clario_err *err)
{
	char text[512], action[384];
	json_t *o = json_pack("{s:I, s:s, s:i, s:I, s:s}", "rank", (json_int_t)rank, "kind",
			      kind_name(f->kind), "severity", f->severity, "impact",
			      (json_int_t)f->impact, "link", f->path);
	for (int lang = INSIGHT_ID; o && lang <= INSIGHT_EN; lang++) {
		if (!(langs & (1 << lang)))
			continue;
		if (insights_render(f, (enum insight_lang)lang, text, sizeof text, action,
				    sizeof action, err) != CLARIO_OK) {
			json_decref(o);
			return NULL;
		}
		json_t *t = json_pack("{s:s, s:s}", "text", text, "action", action);
		if (langs == (1 << lang))
			json_object_update_new(o, t); /* one language: flat */
		else
			json_object_set_new(o, lang == INSIGHT_ID ? "id" : "en", t);
	}
	if (!o)
		clario_err_set(err, CLARIO_ENOMEM, "insights: out of memory");
	return o;
}

void api_mix_insights_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct insight_finding *f = NULL;
	struct insight_list l = {.cap = INSIGHTS_CAP};
	enum insight_lang lang = INSIGHT_ID;
	long limit = INSIGHTS_DEFAULT;
	bool cached = false;
	json_t *body = NULL;
	enum clario_status st = api_mix_query(c, true, &q, &err);
	const char *lv = http_query(c, "lang"), *lim = http_query(c, "limit");
	if (st == CLARIO_OK && lv) {
		if (strcmp(lv, "en") == 0)
			lang = INSIGHT_EN;
		else if (strcmp(lv, "id") != 0)
			st = clario_err_set(&err, CLARIO_EINVAL, "lang: must be id or en");
	}
	if (st == CLARIO_OK && lim) {
		char *end;
		limit = strtol(lim, &end, 10);
		if (*lim == '\0' || *end || limit < 1 || limit > INSIGHTS_MAX)
			st = clario_err_set(&err, CLARIO_EINVAL, "limit: must be 1..%d", INSIGHTS_MAX);
	}
	if (st == CLARIO_OK && !(f = calloc(INSIGHTS_CAP, sizeof *f)))
		st = clario_err_set(&err, CLARIO_ENOMEM, "insights: out of memory");
	l.f = f;
	if (st == CLARIO_OK)
		st = api_insights_collect(c, &q, NULL, &l, &cached, &err);
	json_t *arr = st == CLARIO_OK ? json_array() : NULL;
	if (st == CLARIO_OK)
		insights_rank(l.f, l.n);
	for (size_t i = 0; st == CLARIO_OK && i < l.n && i < (size_t)limit; i++) {
		json_t *o = api_insight_json(&l.f[i], i + 1, 1 << lang, &err);
		if (!o)
			st = err.status;
		else
			json_array_append_new(arr, o);
	}
	if (st == CLARIO_OK) {
		body = api_mix_head(&q);
		json_object_update_new(body, json_pack("{s:s, s:I, s:s, s:o}", "lang",
						       lang == INSIGHT_ID ? "id" : "en", "found",
						       (json_int_t)l.n, "cache", cached ? "hit" : "miss",
						       "insights", arr));
		arr = NULL;
	}
	json_decref(arr);
	api_reply_timed(c, body, t0, st, &err);
	free(f);
}
