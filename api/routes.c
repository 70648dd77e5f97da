/* The route table: every endpoint of the API in one list. */
#include "api/api.h"
#include "api/mix.h"

static const struct http_route routes[] = {
	{"GET", "/healthz", api_health, true},
	{"GET", "/v1/merchants", api_merchants_list, false},
	{"POST", "/v1/merchants", api_merchants_create, false},
	{"GET", "/v1/merchants/{id}", api_merchants_get, false},
	{"POST", "/v1/merchants/{id}/outlets", api_outlets_create, false},
	{"GET", "/v1/merchants/{id}/summary", api_summary_get, false},
	{"POST", "/v1/tickets", api_tickets_post, false},
	{"GET", "/v1/merchants/{id}/channels", api_mix_channels_get, false},
	{"GET", "/v1/merchants/{id}/channel-rates", api_mix_rates_get, false},
	{"PUT", "/v1/merchants/{id}/channel-rates", api_mix_rates_put, false},
	{"GET", "/v1/channel-rates/defaults", api_mix_default_rates_get, false},
	{"PUT", "/v1/channel-rates/defaults", api_mix_default_rates_put, false},
	{"GET", "/v1/merchants/{id}/payments", api_mix_payments_get, false},
	{"GET", "/v1/merchants/{id}/outlet-comparison", api_mix_outlets_get, false},
	{"GET", "/v1/merchants/{id}/retention", api_mix_retention_get, false},
	{"GET", "/v1/merchants/{id}/peers", api_mix_peers_get, false},
	{"PUT", "/v1/merchants/{id}/region", api_mix_region_put, false},
	{"GET", "/v1/merchants/{id}/insights", api_mix_insights_get, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
