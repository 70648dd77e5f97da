/* /v1/admin/...: Clario staff manage partner profiles, contracts,
 * subscriptions, the monthly close, invoices and credit notes, payouts,
 * settings, and read revenue by channel and the audit log. Admin only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/billing.h"

static bool admin_only(struct http_ctx *c)
{
	if (c->principal->kind == PRINCIPAL_ADMIN)
		return true;
	http_error(c, CLARIO_EFORBIDDEN, "only Clario staff may use /v1/admin");
	return false;
}

static json_t *admin_body(struct http_ctx *c)
{
	return admin_only(c) ? api_body_object(c) : NULL;
}

static void reply_status(struct http_ctx *c, enum clario_status st, const struct clario_err *err,
			 unsigned ok_status, json_t *ok_body)
{
	if (st == CLARIO_OK) {
		http_reply(c, ok_status, ok_body);
		return;
	}
	json_decref(ok_body);
	http_error(c, st, "%s", err->msg);
}

static const char *str(json_t *b, const char *k)
{
	return json_string_value(json_object_get(b, k));
}

/* A string member, "" when absent or not a string. */
static const char *str_or_empty(json_t *b, const char *k)
{
	const char *v = str(b, k);
	return v ? v : "";
}

/* An optional integer member: false (with a 400) when present but not an integer in range. */
static bool int_member(struct http_ctx *c, json_t *b, const char *k, int64_t lo, int64_t hi,
		       int64_t *out)
{
	json_t *v = json_object_get(b, k);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		http_error(c, CLARIO_EINVAL, "%s: must be an integer from %lld to %lld", k,
			   (long long)lo, (long long)hi);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

static bool day_member(struct http_ctx *c, json_t *b, const char *k, day_t *out)
{
	const char *v = str(b, k);
	struct clario_err err = {0};
	if (!json_object_get(b, k) || json_is_null(json_object_get(b, k)))
		return true;
	if (!v || tz_parse_date(v, out, &err) != CLARIO_OK) {
		http_error(c, CLARIO_EINVAL, "%s: must be a date YYYY-MM-DD", k);
		return false;
	}
	return true;
}

static bool bool_member(json_t *b, const char *k, bool dflt)
{
	json_t *v = json_object_get(b, k);
	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

void api_admin_partner_update(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	enum clario_status st =
		partners_profile_set(c->store, &a, c->params[0], str(b, "tier"), str(b, "status"), &err);
	struct store_partner_profile p;
	if (st == CLARIO_OK)
		st = store_billing_partner_get(c->store, c->params[0], &p, &err);
	reply_status(c, st, &err, 200,
		     st ? NULL
			: json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p.id, "code", p.code,
				    "tier", p.tier, "status", p.status));
	json_decref(b);
}

void api_admin_contact_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct store_contact ct = {.partner_id = c->params[0]};
	snprintf(ct.name, sizeof ct.name, "%s", str_or_empty(b, "name"));
	snprintf(ct.email, sizeof ct.email, "%s", str_or_empty(b, "email"));
	snprintf(ct.phone, sizeof ct.phone, "%s", str_or_empty(b, "phone"));
	snprintf(ct.role, sizeof ct.role, "%s", str_or_empty(b, "role"));
	struct store_partner_profile p;
	int64_t id = 0;
	enum clario_status st = store_billing_partner_get(c->store, ct.partner_id, &p, &err);
	if (st == CLARIO_OK)
		st = partners_contact_add(c->store, &a, &ct, &id, &err);
	reply_status(c, st, &err, 201, json_pack("{s:I}", "id", (json_int_t)id));
	json_decref(b);
}

void api_admin_contract_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct store_contract k = {.partner_id = c->params[0]};
	int64_t v[12] = {0};
	snprintf(k.model, sizeof k.model, "%s", str_or_empty(b, "model"));
	snprintf(k.support_by, sizeof k.support_by, "%s", str_or_empty(b, "support_by"));
	snprintf(k.hosting_mode, sizeof k.hosting_mode, "%s", str_or_empty(b, "hosting_mode"));
	snprintf(k.brand_name, sizeof k.brand_name, "%s", str_or_empty(b, "brand_name"));
	if (!day_member(c, b, "effective_from", &k.effective_from) ||
	    !day_member(c, b, "start", &k.start_day) || !day_member(c, b, "end", &k.end_day) ||
	    !day_member(c, b, "oem_fee_due", &k.oem_fee_due) ||
	    !int_member(c, b, "addon_price", 0, MONEY_MAX, &v[0]) ||
	    !int_member(c, b, "partner_bps", 0, BPS_ONE, &v[1]) ||
	    !int_member(c, b, "sla_first_response_hours", 0, 10000, &v[2]) ||
	    !int_member(c, b, "sla_resolution_hours", 0, 10000, &v[3]) ||
	    !int_member(c, b, "marketing_commitment", 0, MONEY_MAX, &v[4]) ||
	    !int_member(c, b, "oem_fee", 0, MONEY_MAX, &v[5]) ||
	    !int_member(c, b, "hosting_fee", 0, MONEY_MAX, &v[6]) ||
	    !int_member(c, b, "hosting_minimum", 0, MONEY_MAX, &v[7]) ||
	    !int_member(c, b, "commission_bps", 0, BPS_ONE, &v[8]) ||
	    !int_member(c, b, "commission_months", 0, 120, &v[9]) ||
	    !int_member(c, b, "clawback_days", 0, 3650, &v[10])) {
		json_decref(b);
		return;
	}
	k.addon_price = v[0];
	k.partner_bps = (int32_t)v[1];
	k.sla_first_response_h = (int32_t)v[2];
	k.sla_resolution_h = (int32_t)v[3];
	k.marketing_commitment = v[4];
	k.oem_fee = v[5];
	k.hosting_fee = v[6];
	k.hosting_minimum = v[7];
	k.commission_bps = (int32_t)v[8];
	k.commission_months = (int32_t)v[9];
	k.clawback_days = (int32_t)v[10];
	k.auto_renew = bool_member(b, "annual_renewal", false);
	k.exclusive = bool_member(b, "exclusive", false);
	k.powered_by = bool_member(b, "powered_by_clario", true);
	struct store_partner_profile p;
	enum clario_status st = store_billing_partner_get(c->store, k.partner_id, &p, &err);
	if (st == CLARIO_OK)
		st = partners_contract_add(c->store, &a, &k, &err);
	reply_status(c, st, &err, 201, st ? NULL : partners_contract_json(&k));
	json_decref(b);
}

void api_admin_subscription_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct store_subscription x = {0};
	enum clario_status st = CLARIO_OK;
	if (!int_member(c, b, "merchant_id", 1, INT64_MAX, &x.merchant_id) ||
	    !int_member(c, b, "price", 0, MONEY_MAX, &x.price) ||
	    !day_member(c, b, "start", &x.start_day) || !day_member(c, b, "end", &x.end_day)) {
		json_decref(b);
		return;
	}
	snprintf(x.source, sizeof x.source, "%s", str(b, "source") ? str(b, "source") : "direct");
	snprintf(x.plan, sizeof x.plan, "%s", str_or_empty(b, "plan"));
	if (str(b, "partner")) {
		struct store_partner sp;
		st = store_partner_by_code(c->store, str(b, "partner"), &sp, &err);
		if (st == CLARIO_ENOTFOUND)
			st = clario_err_set(&err, CLARIO_EINVAL, "partner: no partner \"%s\"",
					    str(b, "partner"));
		x.partner_id = sp.id;
	}
	if (st == CLARIO_OK)
		st = partners_sub_add(c->store, &a, &x, &err);
	reply_status(c, st, &err, 201, st ? NULL : partners_sub_json(&x));
	json_decref(b);
}

static void sub_change(struct http_ctx *c, bool pause)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	day_t end = 0, from = 0, to = 0;
	if (!day_member(c, b, "end", &end) || !day_member(c, b, "from", &from) ||
	    !day_member(c, b, "to", &to)) {
		json_decref(b);
		return;
	}
	enum clario_status st;
	if (!pause && !end)
		st = clario_err_set(&err, CLARIO_EINVAL, "end: the last active day is required");
	else
		st = pause ? partners_sub_pause(c->store, &a, c->params[0], from, to, &err)
			   : partners_sub_cancel(c->store, &a, c->params[0], end, &err);
	struct store_subscription x;
	if (st == CLARIO_OK)
		st = store_billing_sub_get(c->store, c->params[0], &x, &err);
	reply_status(c, st, &err, 200, st ? NULL : partners_sub_json(&x));
	json_decref(b);
}

void api_admin_subscription_cancel(struct http_ctx *c)
{
	sub_change(c, false);
}

void api_admin_subscription_pause(struct http_ctx *c)
{
	sub_change(c, true);
}

void api_admin_close(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct partners_close_result r;
	enum clario_status st = partners_close(c->store, &a, str(b, "month"), &r, &err);
	reply_status(c, st, &err, r.already ? 200 : 201,
		     json_pack("{s:s, s:b, s:I, s:I}", "month", str_or_empty(b, "month"),
			       "already_closed", r.already, "invoices", (json_int_t)r.invoices,
			       "statements", (json_int_t)r.statements));
	json_decref(b);
}

void api_admin_invoices(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!admin_only(c))
		return;
	struct store_invoice *v = NULL;
	size_t n = 0;
	enum clario_status st =
		store_billing_invoice_list(c->store, http_query(c, "month"), 0, 0, &v, &n, &err);
	json_t *arr = json_array();
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		json_array_append_new(arr, partners_invoice_json(&v[i]));
	free(v);
	reply_status(c, st, &err, 200, json_pack("{s:o}", "invoices", arr));
}

void api_admin_invoice_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!admin_only(c))
		return;
	struct store_invoice v;
	enum clario_status st = store_billing_invoice_get(c->store, c->params[0], &v, &err);
	reply_status(c, st, &err, 200, st ? NULL : api_invoice_full_json(c->store, &v));
}

void api_admin_invoice_edit(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!admin_only(c))
		return;
	enum clario_status st = partners_invoice_edit(c->store, c->params[0], &err);
	http_error(c, st, "%s", err.msg);
}

void api_admin_invoice_refund(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct store_invoice cn;
	enum clario_status st = partners_refund(c->store, &a, c->params[0], str(b, "reason"), &cn, &err);
	reply_status(c, st, &err, 201, st ? NULL : api_invoice_full_json(c->store, &cn));
	json_decref(b);
}

void api_admin_revenue(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!admin_only(c))
		return;
	struct partners_revenue *r = NULL;
	size_t n = 0;
	rupiah_t total = 0;
	const char *month = http_query(c, "month");
	enum clario_status st = partners_revenue_month(c->store, month, &r, &n, &total, &err);
	json_t *arr = json_array();
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:o, s:I, s:i}", "channel", r[i].channel,
						     "partner",
						     r[i].partner_code[0] ? json_string(r[i].partner_code)
									  : json_null(),
						     "revenue", (json_int_t)r[i].revenue, "share_bps",
						     (int)r[i].share_bps));
	free(r);
	reply_status(c, st, &err, 200,
		     json_pack("{s:s, s:I, s:o}", "month", month ? month : "", "total",
			       (json_int_t)total, "channels", arr));
}

void api_admin_payouts_run(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	int64_t threshold = -1, n = 0;
	if (int_member(c, b, "threshold", 0, MONEY_MAX, &threshold)) {
		enum clario_status st = partners_payouts_run(c->store, &a, threshold, &n, &err);
		reply_status(c, st, &err, 200, json_pack("{s:I}", "created", (json_int_t)n));
	}
	json_decref(b);
}

void api_admin_payout_update(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	enum clario_status st = partners_payout_set(c->store, &a, c->params[0], str(b, "status"), &err);
	reply_status(c, st, &err, 200, json_pack("{s:I, s:s}", "id", (json_int_t)c->params[0],
						 "status", str_or_empty(b, "status")));
	json_decref(b);
}

void api_admin_audit(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!admin_only(c))
		return;
	struct store_audit *r = NULL;
	size_t n = 0;
	enum clario_status st = store_audit_list(c->store, http_query(c, "entity"), 0, 200, &r, &n, &err);
	json_t *arr = json_array();
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		char t[21];
		tz_format_rfc3339_utc(r[i].at, t);
		json_t *bj = r[i].before[0] ? json_loads(r[i].before, 0, NULL) : NULL;
		json_t *aj = r[i].after[0] ? json_loads(r[i].after, 0, NULL) : NULL;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
						     (json_int_t)r[i].id, "at", t, "actor",
						     r[i].actor, "action", r[i].action, "entity",
						     r[i].entity, "entity_id",
						     (json_int_t)r[i].entity_id, "before",
						     bj ? bj : json_null(), "after",
						     aj ? aj : json_null()));
	}
	free(r);
	reply_status(c, st, &err, 200, json_pack("{s:o}", "audit", arr));
}

static const struct {
	const char *key;
	int64_t dflt, hi;
} settings[] = {
	{"ppn_bps", PARTNERS_DEFAULT_PPN_BPS, 10000},
	{"attribution_days", PARTNERS_DEFAULT_ATTRIBUTION_DAYS, 3650},
	{"payout_threshold", PARTNERS_DEFAULT_PAYOUT_THRESHOLD, MONEY_MAX},
};

static void settings_reply(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *j = json_object();
	for (size_t i = 0; i < 3; i++) {
		int64_t v = 0;
		enum clario_status st =
			store_billing_setting_get(c->store, settings[i].key, settings[i].dflt, &v, &err);
		if (st) {
			json_decref(j);
			http_error(c, st, "%s", err.msg);
			return;
		}
		json_object_set_new(j, settings[i].key, json_integer(v));
	}
	http_reply(c, 200, j);
}

void api_admin_settings_get(struct http_ctx *c)
{
	if (admin_only(c))
		settings_reply(c);
}

void api_admin_settings_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *b = admin_body(c);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < 3 && st == CLARIO_OK; i++) {
		int64_t v = -1, old = 0;
		if (!int_member(c, b, settings[i].key, 0, settings[i].hi, &v)) {
			json_decref(b);
			return;
		}
		if (v < 0)
			continue;
		if ((st = store_billing_setting_get(c->store, settings[i].key, settings[i].dflt, &old,
						    &err)) ||
		    (st = store_begin(c->store, &err)))
			break;
		if ((st = store_billing_setting_set(c->store, settings[i].key, v, &err)) == CLARIO_OK)
			st = partners_audit(c->store, &a, "setting.update", settings[i].key, 0,
					    json_pack("{s:I}", settings[i].key, (json_int_t)old),
					    json_pack("{s:I}", settings[i].key, (json_int_t)v), &err);
		if (st == CLARIO_OK)
			st = store_commit(c->store, &err);
		if (st)
			store_rollback(c->store);
	}
	json_decref(b);
	if (st)
		http_error(c, st, "%s", err.msg);
	else
		settings_reply(c);
}
