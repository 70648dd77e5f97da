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
