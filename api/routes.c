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
	{"POST", "/v1/merchants/{id}/imports", api_imports_post, false},
	{"GET", "/v1/merchants/{id}/imports", api_imports_list, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
