/* The mix analyses' API (channels, channel rates, payments, outlet comparison,
 * retention, peers, region, insights): their handlers and the query parsing
 * they share. Included by api/routes.c and the api/mix_*.c files only. */
#ifndef CLARIO_API_MIX_H
#define CLARIO_API_MIX_H

#include "api/api.h"

#define MIX_MAX_DAYS 731

/* A request's merchant (scoped to the caller), period and optional outlet. */
struct mix_query {
	struct store_merchant m;
	day_t from, to;
	int64_t outlet_id; /* 0 = all outlets */
	char from_s[11], to_s[11];
	bool fresh; /* fresh=1: recompute, do not answer from a cache */
};

/* Reads {id}, from, to (YYYY-MM-DD, required, from ≤ to, at most
 * MIX_MAX_DAYS) and outlet (when allow_outlet; it must be the merchant's). */
enum clario_status api_mix_query(struct http_ctx *c, bool allow_outlet, struct mix_query *q,
				 struct clario_err *err);
/* "/v1/merchants/ID/WHAT?from=..&to=..[&outlet=..]" into buf. */
void api_mix_path(const struct mix_query *q, const char *what, char *buf, size_t size);
/* {"merchant_id","outlet_id","from","to","currency"} to which a handler adds. */
json_t *api_mix_head(const struct mix_query *q);

/* The analyses as the handlers compute them, shared with the insights feed.
 * Each fills its result (release as its analytics header says). */
struct channel_mix;
struct payment_mix;
struct outlet_compare;
struct retention;
struct peers_result;
enum clario_status api_mix_channels(struct http_ctx *c, const struct mix_query *q,
				    struct channel_mix *out, struct clario_err *err);
enum clario_status api_mix_payments(struct http_ctx *c, const struct mix_query *q,
				    struct payment_mix *out, struct clario_err *err);
/* *outlets (malloc'd, caller frees) in the order of cmp->outlets. */
enum clario_status api_mix_outlet_compare(struct http_ctx *c, const struct mix_query *q,
					  struct store_outlet **outlets, size_t *n_outlets,
					  struct outlet_compare *cmp, struct clario_err *err);
enum clario_status api_mix_retention(struct http_ctx *c, const struct mix_query *q,
				     struct retention *out, struct clario_err *err);
enum clario_status api_mix_peers(struct http_ctx *c, const struct mix_query *q,
				 struct peers_result *out, struct clario_err *err);

/* The insights feed's findings for q, unranked, appended to l (its f/cap
 * the caller's): the merchant's own findings (cached under the store
 * watermark, rates and outlet names; *cached says whether they came from the
 * cache) and the peer findings (always computed). alerts: the period's
 * anomaly alerts when the caller has them already (the dashboard), or NULL. */
struct anomaly_list;
struct insight_list;
struct insight_finding;
enum clario_status api_insights_collect(struct http_ctx *c, const struct mix_query *q,
					const struct anomaly_list *alerts, struct insight_list *l,
					bool *cached, struct clario_err *err);
/* One finding as JSON: rank, kind, severity, impact, link, and per language in
 * langs (bit 1 << enum insight_lang) text and action — flat for one language,
 * under "id" / "en" for both. */
json_t *api_insight_json(const struct insight_finding *f, size_t rank, int langs,
			 struct clario_err *err);
/* A query for m over from..to (outlet 0 = all), as api_mix_query makes it. */
void api_mix_query_make(struct mix_query *q, const struct store_merchant *m, day_t from, day_t to,
			int64_t outlet_id);

void api_mix_channels_get(struct http_ctx *c);
void api_mix_rates_get(struct http_ctx *c);
void api_mix_rates_put(struct http_ctx *c);
void api_mix_default_rates_get(struct http_ctx *c);
void api_mix_default_rates_put(struct http_ctx *c);
void api_mix_payments_get(struct http_ctx *c);
void api_mix_outlets_get(struct http_ctx *c);
void api_mix_retention_get(struct http_ctx *c);
void api_mix_peers_get(struct http_ctx *c);
void api_mix_region_put(struct http_ctx *c);
void api_mix_insights_get(struct http_ctx *c);

#endif
