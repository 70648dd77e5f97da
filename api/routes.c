/* The route table: every endpoint of the API in one list. */
#include "api/api.h"

static const struct http_route routes[] = {
	{"GET", "/healthz", api_health, true},
	{"GET", "/v1/merchants", api_merchants_list, false},
	{"POST", "/v1/merchants", api_merchants_create, false},
	{"GET", "/v1/merchants/{id}", api_merchants_get, false},
	{"POST", "/v1/merchants/{id}/outlets", api_outlets_create, false},
	{"GET", "/v1/merchants/{id}/summary", api_summary_get, false},
	{"POST", "/v1/tickets", api_tickets_post, false},
	/* the web application (api/web*.c) */
	{"GET", "/web/context", api_web_context, true},
	{"POST", "/web/login", api_web_login, true},
	{"POST", "/web/logout", api_web_logout, false},
	{"POST", "/web/password-reset", api_web_reset_start, true},
	{"POST", "/web/password-reset/confirm", api_web_reset_finish, true},
	{"GET", "/web/logo/{id}", api_branding_logo_get, true},
	{"GET", "/v1/branding", api_branding_get, false},
	{"PUT", "/v1/branding", api_branding_put, false},
	{"PUT", "/v1/branding/logo", api_branding_logo_put, false},
	{"POST", "/v1/embed-tokens", api_embed_tokens_create, false},
	{"GET", "/embed/dashboard", api_embed_page, true},
	{"GET", "/v1/admin/partners", api_admin_partners, false},
	{"GET", "/v1/admin/dead-letters", api_admin_deadletters, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
