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
	{"GET", "/v1/merchants/{id}/comparison", api_comparison_get, false},
	{"GET", "/v1/merchants/{id}/heatmap", api_heatmap_get, false},
	{"GET", "/v1/merchants/{id}/dayparts", api_dayparts_get, false},
	{"PUT", "/v1/merchants/{id}/dayparts", api_dayparts_put, false},
	{"GET", "/v1/merchants/{id}/items", api_items_get, false},
	{"GET", "/v1/merchants/{id}/menu-engineering", api_menu_get, false},
	{"GET", "/v1/merchants/{id}/basket", api_basket_get, false},
	{"GET", "/v1/merchants/{id}/forecast", api_forecast_get, false},
	{"GET", "/v1/merchants/{id}/alerts", api_alerts_get, false},
	{"GET", "/v1/merchants/{id}/dashboard", api_dashboard_get, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
