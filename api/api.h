/* The v1 API: one file per resource, the route table, and the one place that
 * decides which merchants a principal may see (scope.c). */
#ifndef CLARIO_API_H
#define CLARIO_API_H

#include "http/http.h"
#include "accounts/session.h"
#include "ingest/ingest.h"

/* What handlers share: given to http_server_start as cfg.app. */
struct api_app {
	struct ingest_writer *writer;
	struct programme_recorder *usage; /* usage events queue (programme/recorder.h), may be NULL */
	/* the web application (api/web*.c) */
	const char *web_root;              /* the web/ directory */
	struct accounts_login_cfg login;
	bool demo;                         /* password-reset links go to the log */
};

/* The route table (static storage). */
const struct http_route *api_routes(size_t *n);

/* Loads merchant id if the caller may see it. A merchant that does not exist
 * and one the caller may not see both give CLARIO_ENOTFOUND with the same
 * message, so existence never leaks. */
enum clario_status api_scope_merchant(struct http_ctx *c, int64_t id, struct store_merchant *out,
				      struct clario_err *err);
/* true if the principal may create or change things under this merchant
 * (admin, or the partner that owns it). */
bool api_scope_can_manage(const struct principal *p, const struct store_merchant *m);

/* Handlers. */
void api_health(struct http_ctx *c);
void api_merchants_list(struct http_ctx *c);
void api_merchants_get(struct http_ctx *c);
void api_merchants_create(struct http_ctx *c);
void api_outlets_create(struct http_ctx *c);
void api_tickets_post(struct http_ctx *c);
void api_summary_get(struct http_ctx *c);
/* api/connections.c: POS connections and vendor webhooks. */
void api_connections_list(struct http_ctx *c);
void api_connections_get(struct http_ctx *c);
void api_connections_create(struct http_ctx *c);
void api_connections_moka_connect(struct http_ctx *c);
void api_connections_pause(struct http_ctx *c);
void api_connections_resume(struct http_ctx *c);
void api_connections_delete(struct http_ctx *c);
void api_connectors_moka_callback(struct http_ctx *c);
void api_connectors_webhook(struct http_ctx *c);
/* Analytics (api/analytics.h has their shared parts). */
void api_comparison_get(struct http_ctx *c);
void api_heatmap_get(struct http_ctx *c);
void api_dayparts_get(struct http_ctx *c);
void api_dayparts_put(struct http_ctx *c);
void api_items_get(struct http_ctx *c);
void api_menu_get(struct http_ctx *c);
void api_basket_get(struct http_ctx *c);
void api_forecast_get(struct http_ctx *c);
void api_alerts_get(struct http_ctx *c);
void api_dashboard_get(struct http_ctx *c);
void api_imports_post(struct http_ctx *c);
void api_imports_list(struct http_ctx *c);
/* Whether a request's body is an upload to stream to a temp file (CSV imports). */
bool api_spool_route(const char *method, const char *path);

/* The web application: session/embed authentication (cfg.session), static
 * files and the page shell (cfg.fallback), sign-in, branding, embedding and
 * the admin console's reads. */
enum clario_status api_web_session(struct http_ctx *c, const char *authorization,
				   struct principal *p, struct clario_err *err);
void api_web_fallback(struct http_ctx *c);
void api_web_context(struct http_ctx *c);
void api_web_login(struct http_ctx *c);
void api_web_logout(struct http_ctx *c);
void api_web_reset_start(struct http_ctx *c);
void api_web_reset_finish(struct http_ctx *c);
void api_branding_get(struct http_ctx *c);
void api_branding_put(struct http_ctx *c);
void api_branding_logo_put(struct http_ctx *c);
void api_branding_logo_get(struct http_ctx *c);
void api_embed_tokens_create(struct http_ctx *c);
void api_embed_page(struct http_ctx *c);
void api_admin_partners(struct http_ctx *c);
void api_admin_deadletters(struct http_ctx *c);

/* Parses the request body as a JSON object; on failure sets a 400 reply and
 * returns NULL. The caller decrefs. */
json_t *api_body_object(struct http_ctx *c);

#endif
