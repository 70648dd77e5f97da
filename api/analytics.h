/* The analytics endpoints' shared pieces: one parser for the period
 * parameters (from, to, outlet, category) behind every /v1/merchants/{id}/...
 * analysis, and a JSON builder per analysis so the dashboard composes the same
 * answers the single endpoints give. Builders return a new reference, or NULL
 * with err filled. */
#ifndef CLARIO_API_ANALYTICS_H
#define CLARIO_API_ANALYTICS_H

#include "api/api.h"

#define API_PERIOD_MAX_DAYS 731

struct api_period {
	struct store_merchant m;
	day_t from, to;
	int64_t outlet_id;    /* 0 = all outlets */
	const char *category; /* NULL = all (borrowed from the query) */
};

/* Scope (404 for another tenant's merchant or outlet), from and to (required,
 * YYYY-MM-DD, from ≤ to, at most API_PERIOD_MAX_DAYS), outlet (optional). */
enum clario_status api_period_parse(struct http_ctx *c, struct api_period *p,
				    struct clario_err *err);
/* An optional integer parameter in lo..hi (def when absent). */
enum clario_status api_int_param(struct http_ctx *c, const char *name, int64_t lo, int64_t hi,
				 int64_t def, int64_t *out, struct clario_err *err);
/* An optional number parameter in lo..hi (def when absent). */
enum clario_status api_real_param(struct http_ctx *c, const char *name, double lo, double hi,
				  double def, double *out, struct clario_err *err);
/* "YYYY-MM-DD" as a JSON string. */
json_t *api_date_json(day_t d);
/* A finite double, or null. */
json_t *api_real_json(double v);
/* Replies 200 with body plus server_ms (time since t0, a CLOCK_MONOTONIC
 * reading in seconds), or the error. */
void api_reply_timed(struct http_ctx *c, json_t *body, double t0, enum clario_status st,
		     const struct clario_err *err);
double api_clock(void);

/* The merchant's catalogue as the analyses want it (infos[i] borrows from
 * items[i]; both sorted by id). Release with api_catalogue_release. */
struct item_info;
struct api_catalogue {
	struct store_item *items;
	struct item_info *infos;
	size_t n;
};
enum clario_status api_catalogue_load(struct store *s, int64_t merchant_id,
				      struct api_catalogue *out, struct clario_err *err);
void api_catalogue_release(struct api_catalogue *c);
/* The catalogue entry of id, or NULL. */
const struct store_item *api_catalogue_find(const struct api_catalogue *c, int64_t id);

json_t *api_compare_build(struct store *s, const struct api_period *p, struct clario_err *err);
json_t *api_heatmap_build(struct store *s, const struct api_period *p, struct clario_err *err);
json_t *api_items_build(struct store *s, const struct api_period *p, size_t top,
			struct clario_err *err);
json_t *api_menu_build(struct store *s, const struct api_period *p, bool per_category,
		       double factor, struct clario_err *err);
struct basket_params;
json_t *api_basket_build(struct store *s, const struct api_period *p,
			 const struct basket_params *bp, struct clario_err *err);
json_t *api_forecast_build(struct store *s, const struct api_period *p, size_t max_items,
			   struct clario_err *err);
json_t *api_alerts_build(struct store *s, const struct api_period *p, struct clario_err *err);

/* The pieces behind the menu and alerts builders, for the insights feed and
 * the dashboard (which computes each once). api_menu_compute: the whole menu
 * (or p->category) at the default factor; *cat is loaded (release it and
 * *out even on error). api_alerts_compute: the sorted alerts (release with
 * anomaly_release). api_alerts_json: the alerts answer from them. */
struct menu_result;
struct anomaly_list;
enum clario_status api_menu_compute(struct store *s, const struct api_period *p,
				    struct api_catalogue *cat, struct menu_result *out,
				    struct clario_err *err);
enum clario_status api_alerts_compute(struct store *s, const struct api_period *p,
				      struct anomaly_list *out, struct clario_err *err);
json_t *api_alerts_json(const struct api_period *p, const struct anomaly_list *al,
			struct clario_err *err);

#endif
