/* GET /v1/merchants/{id}/insights?from&to[&outlet][&lang=id|en][&limit=N]:
 * the mix analyses and the summary's period comparison turned into a short
 * ranked list of findings with a suggested action and a link to each. */
#include <stdlib.h>
#include <string.h>

#include "analytics/insights_mix.h"
#include "api/mix.h"

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
	enum clario_status st = store_rollup_hours_query(c->store, q->m.id, q->outlet_id,
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
	struct peers_result peers;
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
			st = api_mix_peers(c, q, &peers, err);
		}
		if (st == CLARIO_OK) {
			api_mix_path(q, "peers", path, sizeof path);
			insights_from_peers(&peers, path, l);
		}
	}
	payments_release(&pay);
	outlet_compare_release(&cmp);
	free(outlets);
	free(names);
	return st;
}

void api_mix_insights_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct mix_query q;
	struct insight_finding *f = NULL;
	struct insight_list l = {.cap = INSIGHTS_CAP};
	enum insight_lang lang = INSIGHT_ID;
	long limit = INSIGHTS_DEFAULT;
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
		st = summary_findings(c, &q, &l, &err);
	if (st == CLARIO_OK)
		st = mix_findings(c, &q, &l, &err);
	json_t *arr = st == CLARIO_OK ? json_array() : NULL;
	if (st == CLARIO_OK)
		insights_rank(l.f, l.n);
	for (size_t i = 0; st == CLARIO_OK && i < l.n && i < (size_t)limit; i++) {
		char text[512], action[384];
		st = insights_render(&l.f[i], lang, text, sizeof text, action, sizeof action, &err);
		if (st == CLARIO_OK)
			json_array_append_new(
				arr, json_pack("{s:I, s:s, s:i, s:I, s:s, s:s, s:s}", "rank",
					       (json_int_t)(i + 1), "kind", kind_name(l.f[i].kind),
					       "severity", l.f[i].severity, "impact",
					       (json_int_t)l.f[i].impact, "text", text, "action",
					       action, "link", l.f[i].path));
	}
	if (st != CLARIO_OK) {
		json_decref(arr);
		http_error(c, st, "%s", err.msg);
	} else {
		json_t *body = api_mix_head(&q);
		json_object_update_new(body, json_pack("{s:s, s:I, s:o}", "lang",
						       lang == INSIGHT_ID ? "id" : "en", "found",
						       (json_int_t)l.n, "insights", arr));
		http_reply(c, 200, body);
	}
	free(f);
}
