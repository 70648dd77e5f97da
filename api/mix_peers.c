/* GET /v1/merchants/{id}/peers: the merchant's percentile among similar
 * merchants, never anything about a single other merchant;
 * PUT /v1/merchants/{id}/region: the region its peers are drawn from. */
#include <stdlib.h>
#include <string.h>

#include "analytics/peers.h"
#include "api/analytics.h"
#include "api/mix.h"

enum clario_status api_mix_peers(struct http_ctx *c, const struct mix_query *q,
				 struct peers_result *out, struct clario_err *err)
{
	struct mix_peer_row *rows = NULL;
	size_t n = 0;
	enum clario_status st =
		store_mix_peer_rows(c->store, q->m.kind, q->from, q->to, &rows, &n, err);
	if (st == CLARIO_OK)
		st = peers_compute(rows, n, q->m.id, (int64_t)q->to - q->from + 1, out, err);
	free(rows);
	return st;
}

void api_mix_peers_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct peers_result p;
	enum clario_status st = api_mix_query(c, false, &q, &err);
	if (st == CLARIO_OK)
		st = api_mix_peers(c, &q, &p, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *body = api_mix_head(&q);
	json_object_update_new(body, json_pack("{s:b, s:s, s:o, s:s, s:I}", "available", p.available,
					       "kind", p.kind, "region",
					       p.region[0] ? json_string(p.region) : json_null(),
					       "size_band", peers_band_name(p.band), "minimum_cohort",
					       (json_int_t)PEERS_MIN_COHORT));
	if (!p.available) {
		json_object_set_new(body, "reason", json_string(p.reason));
		api_reply_timed(c, body, t0, CLARIO_OK, NULL);
		return;
	}
	json_t *metrics = json_array();
	for (int m = 0; m < PEERS_METRIC_COUNT; m++) {
		const struct peers_metric_result *r = &p.metric[m];
		json_t *o = json_pack("{s:s, s:b, s:o}", "metric",
				      peers_metric_name((enum peers_metric)m), "shown", r->shown,
				      "value", r->has_value ? json_integer(r->value) : json_null());
		if (r->shown)
			json_object_update_new(o, json_pack("{s:I, s:i, s:I, s:I, s:I}", "cohort",
							    (json_int_t)r->cohort, "percentile",
							    r->percentile, "q1", (json_int_t)r->q1,
							    "median", (json_int_t)r->median, "q3",
							    (json_int_t)r->q3));
		else
			json_object_set_new(o, "reason",
					    json_string(r->has_value ? "fewer than 5 similar merchants "
								       "have a value for this metric"
								     : "the merchant has no value for "
								       "this metric in the period"));
		json_array_append_new(metrics, o);
	}
	json_object_update_new(body, json_pack("{s:s, s:I, s:o}", "cohort_basis",
					       peers_level_name(p.level), "cohort_size",
					       (json_int_t)p.cohort, "metrics", metrics));
	api_reply_timed(c, body, t0, CLARIO_OK, NULL);
}

void api_mix_region_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	json_t *body = NULL;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st == CLARIO_OK && !api_scope_can_manage(c->principal, &m))
		st = clario_err_set(&err, CLARIO_EFORBIDDEN,
				    "only an admin or the merchant's partner may set its region");
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	if (!(body = api_body_object(c)))
		return;
	json_t *r = json_object_get(body, "region");
	const char *region = json_string_value(r);
	size_t len = region ? strlen(region) : 0;
	if (!json_is_null(r) && (!region || len == 0 || len > MIX_REGION_MAX))
		st = clario_err_set(&err, CLARIO_EINVAL,
				    "region: must be a string of 1..%d bytes, or null to clear it",
				    MIX_REGION_MAX);
	else if (json_object_size(body) != 1)
		st = clario_err_set(&err, CLARIO_EINVAL, "body: only \"region\" may be set here");
	if (st == CLARIO_OK)
		st = store_mix_region_set(c->store, m.id, region, &err);
	if (st != CLARIO_OK)
		http_error(c, st, "%s", err.msg);
	else
		http_reply(c, 200, json_pack("{s:I, s:o}", "merchant_id", (json_int_t)m.id, "region",
					     region ? json_string(region) : json_null()));
	json_decref(body);
}
