/* The partner programme's endpoints: /v1/partners/... (a partner sees only
 * itself; admin sees every partner; anything else answers 404 like a missing
 * object) and /v1/admin/... (Clario staff only, 403 for anyone else). */
#ifndef CLARIO_API_BILLING_H
#define CLARIO_API_BILLING_H

#include "api/api.h"
#include "partners/programme.h"

/* partners_billing.c */
void api_partners_list(struct http_ctx *c);
void api_partner_get(struct http_ctx *c);
void api_partner_contracts(struct http_ctx *c);
void api_partner_statements(struct http_ctx *c);
void api_partner_statement_get(struct http_ctx *c);
void api_partner_invoices(struct http_ctx *c);
void api_partner_merchants(struct http_ctx *c);
void api_partner_referrals(struct http_ctx *c);
void api_partner_code_create(struct http_ctx *c);
void api_partner_touch_create(struct http_ctx *c);
void api_partner_attribution_create(struct http_ctx *c);

/* partners_addon.c: the add-on per merchant (partner portal) */
void api_partner_addon_list(struct http_ctx *c);
void api_partner_addon_set(struct http_ctx *c);

/* admin_billing.c */
void api_admin_partner_update(struct http_ctx *c);
void api_admin_contact_create(struct http_ctx *c);
void api_admin_contract_create(struct http_ctx *c);
void api_admin_subscription_create(struct http_ctx *c);
void api_admin_subscription_cancel(struct http_ctx *c);
void api_admin_subscription_pause(struct http_ctx *c);
void api_admin_close(struct http_ctx *c);
void api_admin_invoices(struct http_ctx *c);
void api_admin_invoice_get(struct http_ctx *c);
void api_admin_invoice_edit(struct http_ctx *c);
void api_admin_invoice_refund(struct http_ctx *c);
void api_admin_revenue(struct http_ctx *c);
void api_admin_payouts_run(struct http_ctx *c);
void api_admin_payout_update(struct http_ctx *c);
void api_admin_audit(struct http_ctx *c);
void api_admin_settings_get(struct http_ctx *c);
void api_admin_settings_put(struct http_ctx *c);

/* Shared by both files. */
struct partners_actor api_billing_actor(struct http_ctx *c, char who[static 48]);
json_t *api_statement_json(const struct store_statement *s);
json_t *api_invoice_full_json(struct store *s, const struct store_invoice *v);

#endif
