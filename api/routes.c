/* The route table: every endpoint of the API in one list. */
#include "api/api.h"
#include "api/billing.h"
#include "api/programme.h"

static const struct http_route routes[] = {
	{"GET", "/healthz", api_health, true},
	{"GET", "/v1/merchants", api_merchants_list, false},
	{"POST", "/v1/merchants", api_merchants_create, false},
	{"GET", "/v1/merchants/{id}", api_merchants_get, false},
	{"POST", "/v1/merchants/{id}/outlets", api_outlets_create, false},
	{"GET", "/v1/merchants/{id}/summary", api_summary_get, false},
	{"POST", "/v1/tickets", api_tickets_post, false},
	{"GET", "/v1/partners", api_partners_list, false},
	{"GET", "/v1/partners/{id}", api_partner_get, false},
	{"GET", "/v1/partners/{id}/contracts", api_partner_contracts, false},
	{"GET", "/v1/partners/{id}/statements", api_partner_statements, false},
	{"GET", "/v1/partners/{id}/statements/{id}", api_partner_statement_get, false},
	{"GET", "/v1/partners/{id}/invoices", api_partner_invoices, false},
	{"GET", "/v1/partners/{id}/merchants", api_partner_merchants, false},
	{"GET", "/v1/partners/{id}/referrals", api_partner_referrals, false},
	{"POST", "/v1/partners/{id}/referrals/codes", api_partner_code_create, false},
	{"POST", "/v1/partners/{id}/referrals/touches", api_partner_touch_create, false},
	{"POST", "/v1/partners/{id}/referrals/attributions", api_partner_attribution_create, false},
	{"PUT", "/v1/admin/partners/{id}", api_admin_partner_update, false},
	{"POST", "/v1/admin/partners/{id}/contacts", api_admin_contact_create, false},
	{"POST", "/v1/admin/partners/{id}/contracts", api_admin_contract_create, false},
	{"POST", "/v1/admin/subscriptions", api_admin_subscription_create, false},
	{"POST", "/v1/admin/subscriptions/{id}/cancel", api_admin_subscription_cancel, false},
	{"POST", "/v1/admin/subscriptions/{id}/pause", api_admin_subscription_pause, false},
	{"POST", "/v1/admin/billing/close", api_admin_close, false},
	{"GET", "/v1/admin/invoices", api_admin_invoices, false},
	{"GET", "/v1/admin/invoices/{id}", api_admin_invoice_get, false},
	{"PUT", "/v1/admin/invoices/{id}", api_admin_invoice_edit, false},
	{"PATCH", "/v1/admin/invoices/{id}", api_admin_invoice_edit, false},
	{"POST", "/v1/admin/invoices/{id}/refund", api_admin_invoice_refund, false},
	{"GET", "/v1/admin/revenue", api_admin_revenue, false},
	{"POST", "/v1/admin/payouts/run", api_admin_payouts_run, false},
	{"POST", "/v1/admin/payouts/{id}", api_admin_payout_update, false},
	{"GET", "/v1/admin/audit", api_admin_audit, false},
	{"GET", "/v1/admin/settings", api_admin_settings_get, false},
	{"PUT", "/v1/admin/settings", api_admin_settings_put, false},
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
