/* The route table: every endpoint of the API in one list. */
#include "api/api.h"
#include "api/programme.h"

static const struct http_route routes[] = {
	{"GET", "/healthz", api_health, true},
	{"GET", "/v1/merchants", api_merchants_list, false},
	{"POST", "/v1/merchants", api_merchants_create, false},
	{"GET", "/v1/merchants/{id}", api_merchants_get, false},
	{"POST", "/v1/merchants/{id}/outlets", api_outlets_create, false},
	{"GET", "/v1/merchants/{id}/summary", api_summary_get, false},
	{"POST", "/v1/tickets", api_tickets_post, false},
	{"POST", "/v1/usage", api_usage_post, false},
	{"GET", "/v1/pilots", api_pilots_list, false},
	{"POST", "/v1/pilots", api_pilots_create, false},
	{"GET", "/v1/pilots/{id}/report", api_pilots_report, false},
	{"POST", "/v1/surveys", api_surveys_create, false},
	{"GET", "/v1/surveys/results", api_surveys_results, false},
	{"POST", "/v1/survey-answers", api_surveys_answer, true},
	{"POST", "/v1/support-terms", api_support_terms_put, false},
	{"GET", "/v1/support-tickets", api_support_list, false},
	{"POST", "/v1/support-tickets", api_support_create, false},
	{"POST", "/v1/support-tickets/{id}/respond", api_support_respond, false},
	{"POST", "/v1/support-tickets/{id}/resolve", api_support_resolve, false},
	{"GET", "/v1/scorecards", api_scorecards_get, false},
	{"GET", "/v1/risk", api_risk_get, false},
	{"POST", "/v1/partner-months", api_partner_months_put, false},
};

const struct http_route *api_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}
