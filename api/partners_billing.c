/* /v1/partners/...: a partner's own profile, contracts, statements, invoices,
 * merchants and referrals. A partner principal sees exactly itself; admin sees
 * any partner; another partner's objects answer 404 like missing ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/billing.h"

struct partners_actor api_billing_actor(struct http_ctx *c, char who[static 48])
{
	snprintf(who, 48, "%s:%.32s", principal_kind_name(c->principal->kind), c->principal->key_id);
	return (struct partners_actor){who, (instant_t)time(NULL)};
}

/* The partner in the path if the caller may see it; else replies 404 (or the
 * store's error) and returns false. */
static bool scoped_partner(struct http_ctx *c, struct store_partner_profile *p)
{
	struct clario_err err = {0};
	int64_t id = c->params[0];
	const struct principal *pr = c->principal;
	bool allowed = pr->kind == PRINCIPAL_ADMIN ||
		       (pr->kind == PRINCIPAL_PARTNER && pr->partner_id == id);
	enum clario_status st = allowed ? store_billing_partner_get(c->store, id, p, &err)
					: CLARIO_ENOTFOUND;
	if (st == CLARIO_ENOTFOUND) {
		http_error(c, st, "no such partner");
		return false;
	}
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return false;
	}
	return true;
}

static json_t *profile_json(const struct store_partner_profile *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id, "code", p->code,
			 "name", p->name, "kind", p->kind, "tier", p->tier, "status", p->status);
}

json_t *api_statement_json(const struct store_statement *s)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:s, s:i, s:I, s:I, s:I}", "id", (json_int_t)s->id,
			 "kind", s->kind, "partner_id", (json_int_t)s->partner_id, "contract_id",
			 (json_int_t)s->contract_id, "month", s->month, "partner_bps",
			 (int)s->partner_bps, "gross", (json_int_t)s->gross, "partner_share",
			 (json_int_t)s->partner_share, "clario_share", (json_int_t)s->clario_share);
}

json_t *api_invoice_full_json(struct store *s, const struct store_invoice *v)
{
	struct clario_err err = {0};
	struct store_invoice_line *l = NULL;
	size_t n = 0;
	json_t *j = partners_invoice_json(v);
	json_t *arr = json_array();
	if (store_billing_invoice_lines(s, v->id, &l, &n, &err) == CLARIO_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:I}", "description",
							     l[i].description, "qty",
							     (json_int_t)l[i].qty, "unit_price",
							     (json_int_t)l[i].unit_price, "amount",
							     (json_int_t)l[i].amount));
	free(l);
	json_object_set_new(j, "lines", arr);
	return j;
}

void api_partners_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *pr = c->principal;
	if (pr->kind != PRINCIPAL_ADMIN && pr->kind != PRINCIPAL_PARTNER) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff and partners list partners");
		return;
	}
	struct store_partner_profile *ps = NULL;
	size_t n = 0;
	enum clario_status st = store_billing_partner_list(c->store, &ps, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (pr->kind == PRINCIPAL_ADMIN || ps[i].id == pr->partner_id)
			json_array_append_new(arr, profile_json(&ps[i]));
	free(ps);
	http_reply(c, 200, json_pack("{s:o}", "partners", arr));
}

void api_partner_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_contact *ct = NULL;
	size_t n = 0;
	enum clario_status st = store_billing_contact_list(c->store, p.id, &ct, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *j = profile_json(&p), *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "name", ct[i].name,
						     "email", ct[i].email, "phone", ct[i].phone,
						     "role", ct[i].role));
	free(ct);
	json_object_set_new(j, "contacts", arr);
	http_reply(c, 200, j);
}

void api_partner_contracts(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_contract *k = NULL;
	size_t n = 0;
	enum clario_status st = store_billing_contract_list(c->store, p.id, &k, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, partners_contract_json(&k[i]));
	free(k);
	http_reply(c, 200, json_pack("{s:o}", "contracts", arr));
}

void api_partner_statements(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_statement *x = NULL;
	size_t n = 0;
	enum clario_status st =
		store_billing_statement_list(c->store, p.id, http_query(c, "month"), &x, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, api_statement_json(&x[i]));
	free(x);
	http_reply(c, 200, json_pack("{s:o}", "statements", arr));
}

void api_partner_statement_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_statement x;
	enum clario_status st = store_billing_statement_get(c->store, c->params[1], &x, &err);
	if (st == CLARIO_OK && x.partner_id != p.id)
		st = CLARIO_ENOTFOUND;
	if (st) {
		http_error(c, st, "%s", st == CLARIO_ENOTFOUND ? "no such statement" : err.msg);
		return;
	}
	struct store_statement_line *l = NULL;
	size_t n = 0;
	if ((st = store_billing_statement_lines(c->store, x.id, &l, &n, &err))) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *j = api_statement_json(&x), *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:i, s:i, s:I, s:I, s:I, s:s}", "merchant_id",
				       (json_int_t)l[i].merchant_id, "merchant", l[i].merchant_name,
				       "days_active", (int)l[i].days_active, "days_in_month",
				       (int)l[i].days_in_month, "gross", (json_int_t)l[i].gross,
				       "partner_share", (json_int_t)l[i].partner_share,
				       "clario_share", (json_int_t)l[i].clario_share, "note",
				       l[i].note));
	free(l);
	json_object_set_new(j, "lines", arr);
	json_object_set_new(j, "partner", json_string(p.code));
	http_reply(c, 200, j);
}

void api_partner_invoices(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_invoice *v = NULL;
	size_t n = 0;
	enum clario_status st =
		store_billing_invoice_list(c->store, http_query(c, "month"), p.id, 0, &v, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, api_invoice_full_json(c->store, &v[i]));
	free(v);
	http_reply(c, 200, json_pack("{s:o}", "invoices", arr));
}

void api_partner_merchants(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_subscription *x = NULL;
	size_t n = 0;
	enum clario_status st = store_billing_sub_list(c->store, p.id, &x, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, partners_sub_json(&x[i]));
	free(x);
	http_reply(c, 200, json_pack("{s:o}", "subscriptions", arr));
}

void api_partner_referrals(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	if (!scoped_partner(c, &p))
		return;
	struct store_ref_code *codes = NULL;
	struct store_attribution *at = NULL;
	struct store_commission *cm = NULL;
	struct store_payout *po = NULL;
	size_t nc = 0, na = 0, nm = 0, np = 0;
	rupiah_t balance = 0;
	int64_t threshold = 0;
	enum clario_status st;
	if ((st = store_billing_code_list(c->store, p.id, &codes, &nc, &err)) ||
	    (st = store_billing_attr_list(c->store, p.id, &at, &na, &err)) ||
	    (st = store_billing_commission_list(c->store, p.id, 0, &cm, &nm, &err)) ||
	    (st = store_billing_payout_list(c->store, p.id, &po, &np, &err)) ||
	    (st = store_billing_balance(c->store, p.id, &balance, &err)) ||
	    (st = store_billing_setting_get(c->store, "payout_threshold",
					    PARTNERS_DEFAULT_PAYOUT_THRESHOLD, &threshold, &err))) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	json_t *jc = json_array(), *ja = json_array(), *jm = json_array(), *jp = json_array();
	for (size_t i = 0; i < nc; i++) {
		char link[128];
		snprintf(link, sizeof link, "https://clario.id/r/%s", codes[i].code);
		json_array_append_new(jc, json_pack("{s:s, s:s}", "code", codes[i].code, "link", link));
	}
	int64_t converted = 0;
	for (size_t i = 0; i < na; i++) {
		converted += at[i].conversion_month[0] != 0;
		json_array_append_new(
			ja, json_pack("{s:I, s:s, s:o}", "merchant_id", (json_int_t)at[i].merchant_id,
				      "via", at[i].via, "conversion_month",
				      at[i].conversion_month[0] ? json_string(at[i].conversion_month)
								: json_null()));
	}
	for (size_t i = 0; i < nm; i++)
		json_array_append_new(jm, json_pack("{s:I, s:s, s:s, s:I, s:s}", "merchant_id",
						    (json_int_t)cm[i].merchant_id, "month",
						    cm[i].month, "kind", cm[i].kind, "amount",
						    (json_int_t)cm[i].amount, "reason", cm[i].reason));
	for (size_t i = 0; i < np; i++)
		json_array_append_new(jp, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)po[i].id,
						    "amount", (json_int_t)po[i].amount, "status",
						    po[i].status));
	http_reply(c, 200,
		   json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I}", "codes", jc, "attributions",
			     ja, "commissions", jm, "payouts", jp, "referred", (json_int_t)na,
			     "converted", (json_int_t)converted, "balance", (json_int_t)balance,
			     "payout_threshold", (json_int_t)threshold));
out:
	free(codes);
	free(at);
	free(cm);
	free(po);
}

/* Creating referral objects: admin, or the partner itself. */
static json_t *body_for_partner(struct http_ctx *c, struct store_partner_profile *p)
{
	if (!scoped_partner(c, p))
		return NULL;
	return api_body_object(c);
}

void api_partner_code_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	json_t *b = body_for_partner(c, &p);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	const char *code = json_string_value(json_object_get(b, "code"));
	int64_t id;
	enum clario_status st = partners_code_add(c->store, &a, p.id, code, &id, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
	} else {
		char link[128];
		snprintf(link, sizeof link, "https://clario.id/r/%s", code);
		http_reply(c, 201, json_pack("{s:s, s:s}", "code", code, "link", link));
	}
	json_decref(b);
}

void api_partner_touch_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	json_t *b = body_for_partner(c, &p);
	if (!b)
		return;
	const char *code = json_string_value(json_object_get(b, "code"));
	struct store_ref_code rc;
	enum clario_status st = store_billing_code_get(c->store, code ? code : "", &rc, &err);
	if (st == CLARIO_OK && rc.partner_id != p.id)
		st = CLARIO_ENOTFOUND;
	if (st == CLARIO_OK) {
		const char *via = json_string_value(json_object_get(b, "via"));
		st = partners_touch(c->store, code, json_string_value(json_object_get(b, "visitor")),
				    via ? via : "link", (instant_t)time(NULL), &err);
	}
	if (st == CLARIO_ENOTFOUND)
		http_error(c, CLARIO_EINVAL, "code: no referral code \"%s\" of this partner",
			   code ? code : "");
	else if (st)
		http_error(c, st, "%s", err.msg);
	else
		http_reply(c, 201, json_pack("{s:b}", "recorded", 1));
	json_decref(b);
}

void api_partner_attribution_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_profile p;
	json_t *b = body_for_partner(c, &p);
	if (!b)
		return;
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	json_t *mid = json_object_get(b, "merchant_id");
	const char *code = json_string_value(json_object_get(b, "code"));
	struct store_ref_code rc;
	enum clario_status st = CLARIO_OK;
	/* a partner registers its own referrals: the code must be one of its own */
	if (!json_is_integer(mid) || json_integer_value(mid) <= 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "merchant_id: a positive integer is required");
	else if (!code)
		st = clario_err_set(&err, CLARIO_EINVAL, "code: the partner's referral code is required");
	else if ((st = store_billing_code_get(c->store, code, &rc, &err)) == CLARIO_OK &&
		 rc.partner_id != p.id)
		st = CLARIO_ENOTFOUND;
	if (st == CLARIO_ENOTFOUND)
		st = clario_err_set(&err, CLARIO_EINVAL, "code: no referral code \"%s\" of this partner",
				    code);
	struct store_attribution out;
	if (st == CLARIO_OK)
		st = partners_attribute(c->store, &a, json_integer_value(mid), code,
					json_string_value(json_object_get(b, "visitor")),
					json_string_value(json_object_get(b, "email")), "api", &out,
					&err);
	if (st == CLARIO_ENOTFOUND)
		http_error(c, CLARIO_EINVAL, "merchant_id: no such merchant");
	else if (st)
		http_error(c, st, "%s", err.msg);
	else
		http_reply(c, 201, json_pack("{s:I, s:I, s:s}", "merchant_id",
					     (json_int_t)out.merchant_id, "partner_id",
					     (json_int_t)out.partner_id, "via", out.via));
	json_decref(b);
}
