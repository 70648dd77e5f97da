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
	/* POS connections (api/connections.c): one block per vendor, the router
	 * matching only numeric {id} segments. */
	{"GET", "/v1/merchants/{id}/connections", api_connections_list, false},
	{"GET", "/v1/merchants/{id}/connections/moka", api_connections_get, false},
	{"GET", "/v1/merchants/{id}/connections/moka/connect", api_connections_moka_connect, false},
	{"POST", "/v1/merchants/{id}/connections/moka/pause", api_connections_pause, false},
	{"POST", "/v1/merchants/{id}/connections/moka/resume", api_connections_resume, false},
	{"DELETE", "/v1/merchants/{id}/connections/moka", api_connections_delete, false},
	{"GET", "/v1/connectors/moka/callback", api_connectors_moka_callback, true},
	{"POST", "/v1/connectors/moka/webhook", api_connectors_webhook, false},
	{"GET", "/v1/merchants/{id}/connections/pawoon", api_connections_get, false},
	{"POST", "/v1/merchants/{id}/connections/pawoon", api_connections_create, false},
	{"POST", "/v1/merchants/{id}/connections/pawoon/pause", api_connections_pause, false},
	{"POST", "/v1/merchants/{id}/connections/pawoon/resume", api_connections_resume, false},
	{"DELETE", "/v1/merchants/{id}/connections/pawoon", api_connections_delete, false},
	{"POST", "/v1/connectors/pawoon/webhook", api_connectors_webhook, false},
	{"GET", "/v1/merchants/{id}/connections/olsera", api_connections_get, false},
	{"POST", "/v1/merchants/{id}/connections/olsera", api_connections_create, false},
	{"POST", "/v1/merchants/{id}/connections/olsera/pause", api_connections_pause, false},
	{"POST", "/v1/merchants/{id}/connections/olsera/resume", api_connections_resume, false},
	{"DELETE", "/v1/merchants/{id}/connections/olsera", api_connections_delete, false},
	{"POST", "/v1/connectors/olsera/webhook", api_connectors_webhook, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
