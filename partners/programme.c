/* Partner programme operations other than the monthly close: profiles,
 * contracts, subscriptions, refunds, referrals and payouts. Each runs in one
 * transaction with its audit row (see programme.h). */
#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "partners/programme.h"

static json_t *day_json(day_t d)
{
	if (!d)
		return json_null();
	char buf[11];
	tz_format_date(d, buf);
	return json_string(buf);
}

json_t *partners_contract_json(const struct store_contract *c)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:I, s:o, s:o, s:o, s:b}", "id", (json_int_t)c->id, "partner_id",
		(json_int_t)c->partner_id, "model", c->model, "version", (json_int_t)c->version,
		"effective_from", day_json(c->effective_from), "start", day_json(c->start_day), "end",
		day_json(c->end_day), "annual_renewal", c->auto_renew);
	if (!j)
		return NULL;
	json_object_set_new(j, "support_by", json_string(c->support_by));
	json_object_set_new(j, "sla", json_pack("{s:i, s:i}", "first_response_hours",
						 c->sla_first_response_h, "resolution_hours",
						 c->sla_resolution_h));
	json_object_set_new(j, "exclusive", json_boolean(c->exclusive));
	json_object_set_new(j, "marketing_commitment", json_integer(c->marketing_commitment));
	if (strcmp(c->model, "reseller") == 0) {
		json_object_set_new(j, "addon_price", json_integer(c->addon_price));
		json_object_set_new(j, "partner_bps", json_integer(c->partner_bps));
		json_object_set_new(j, "clario_bps", json_integer(BPS_ONE - c->partner_bps));
	} else if (strcmp(c->model, "whitelabel") == 0) {
		json_object_set_new(j, "oem_fee", json_integer(c->oem_fee));
		json_object_set_new(j, "oem_fee_due", day_json(c->oem_fee_due ? c->oem_fee_due
									       : c->start_day));
		json_object_set_new(j, "hosting", json_pack("{s:s, s:I, s:I}", "mode",
							     c->hosting_mode, "fee",
							     (json_int_t)c->hosting_fee, "minimum",
							     (json_int_t)c->hosting_minimum));
		json_object_set_new(j, "branding", json_pack("{s:s, s:b}", "name", c->brand_name,
							      "powered_by_clario", c->powered_by));
	} else if (strcmp(c->model, "channel") == 0) {
		json_object_set_new(j, "commission_bps", json_integer(c->commission_bps));
		json_object_set_new(j, "commission_months", json_integer(c->commission_months));
		json_object_set_new(j, "recurring", json_boolean(c->commission_months > 0));
		json_object_set_new(j, "clawback_days", json_integer(c->clawback_days));
	}
	return j;
}

json_t *partners_sub_json(const struct store_subscription *x)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:o, s:o}", "id", (json_int_t)x->id,
			 "merchant_id", (json_int_t)x->merchant_id, "plan", x->plan, "source",
			 x->source, "partner_id", (json_int_t)x->partner_id, "price",
			 (json_int_t)x->price, "start", day_json(x->start_day), "end",
			 day_json(x->end_day));
}

json_t *partners_invoice_json(const struct store_invoice *v)
{
	char issued[21];
	tz_format_rfc3339_utc(v->issued_at, issued);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "id",
			      (json_int_t)v->id, "number", v->number, "kind", v->kind, "month",
			      v->month, "subtotal", (json_int_t)v->subtotal, "ppn_bps",
			      (json_int_t)v->ppn_bps, "ppn", (json_int_t)v->ppn, "total",
			      (json_int_t)v->total, "corrects_id", (json_int_t)v->corrects_id,
			      "note", v->note, "issued_at", issued);
	if (j) {
		json_object_set_new(j, "partner_id",
				    v->partner_id ? json_integer(v->partner_id) : json_null());
		json_object_set_new(j, "merchant_id",
				    v->merchant_id ? json_integer(v->merchant_id) : json_null());
		json_object_set_new(j, "status", json_string("issued"));
	}
	return j;
}

enum clario_status partners_audit(struct store *s, const struct partners_actor *a,
				  const char *action, const char *entity, int64_t id,
				  json_t *before, json_t *after, struct clario_err *err)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *f = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum clario_status st;
	if ((before && !b) || (after && !f))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory writing the audit log");
	else
		st = store_audit_add(s, a->now, a->who, action, entity, id, b, f, err);
	free(b);
	free(f);
	json_decref(before);
	json_decref(after);
	return st;
}

/* Commits when st is OK, else rolls back; returns the final status. */
static enum clario_status finish(struct store *s, enum clario_status st, struct clario_err *err)
{
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK)
		store_rollback(s);
	return st;
}

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return true;
	return false;
}

static json_t *profile_json(const struct store_partner_profile *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id, "code", p->code,
			 "name", p->name, "kind", p->kind, "tier", p->tier, "status", p->status);
}

enum clario_status partners_profile_set(struct store *s, const struct partners_actor *a,
					int64_t partner_id, const char *tier, const char *status,
					struct clario_err *err)
{
	static const char *const tiers[] = {"strategic", "tactical"};
	static const char *const statuses[] = {"prospect", "pilot", "active", "paused", "ended"};
	if (tier && !one_of(tier, tiers, 2))
		return clario_err_set(err, CLARIO_EINVAL, "tier: must be strategic or tactical");
	if (status && !one_of(status, statuses, 5))
		return clario_err_set(err, CLARIO_EINVAL,
				      "status: must be prospect, pilot, active, paused or ended");
	struct store_partner_profile before, after;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_partner_get(s, partner_id, &before, err)))
		goto out;
	if ((st = store_billing_partner_set(s, partner_id, tier ? tier : before.tier,
					    status ? status : before.status, err)) ||
	    (st = store_billing_partner_get(s, partner_id, &after, err)))
		goto out;
	st = partners_audit(s, a, "partner.update", "partner", partner_id, profile_json(&before),
			    profile_json(&after), err);
out:
	return finish(s, st, err);
}

enum clario_status partners_contact_add(struct store *s, const struct partners_actor *a,
					const struct store_contact *c, int64_t *id,
					struct clario_err *err)
{
	if (!c->name[0])
		return clario_err_set(err, CLARIO_EINVAL, "contact name: is required");
	if (c->email[0] && !strchr(c->email, '@'))
		return clario_err_set(err, CLARIO_EINVAL, "contact email: \"%s\" has no @", c->email);
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_contact_add(s, c, a->now, id, err)))
		goto out;
	st = partners_audit(s, a, "partner.contact.add", "partner", c->partner_id, NULL,
			    json_pack("{s:s, s:s, s:s, s:s}", "name", c->name, "email", c->email,
				      "phone", c->phone, "role", c->role),
			    err);
out:
	return finish(s, st, err);
}

void partners_contract_defaults(struct store_contract *c)
{
	if (!c->effective_from)
		c->effective_from = c->start_day;
	if (!c->start_day)
		c->start_day = c->effective_from;
	if (!c->support_by[0])
		memcpy(c->support_by, "partner", sizeof "partner");
	if (strcmp(c->model, "reseller") == 0) {
		if (!c->addon_price)
			c->addon_price = 200000;
		if (!c->partner_bps)
			c->partner_bps = 7000;
	}
	if (strcmp(c->model, "whitelabel") == 0 && !c->hosting_mode[0])
		memcpy(c->hosting_mode, "flat", sizeof "flat");
	if (!c->hosting_mode[0])
		memcpy(c->hosting_mode, "none", sizeof "none");
	if (strcmp(c->model, "channel") == 0 && !c->clawback_days)
		c->clawback_days = 90;
}

enum clario_status partners_contract_add(struct store *s, const struct partners_actor *a,
					 struct store_contract *c, struct clario_err *err)
{
	partners_contract_defaults(c);
	enum clario_status st = partners_contract_check(c, err);
	if (st != CLARIO_OK)
		return st;
	c->created_at = a->now;
	snprintf(c->created_by, sizeof c->created_by, "%s", a->who);
	if ((st = store_begin(s, err)))
		return st;
	struct store_partner_profile p;
	struct store_contract prev = {0};
	bool has_prev = partners_contract_at(s, c->partner_id, c->effective_from, &prev, err) ==
			CLARIO_OK;
	if ((st = store_billing_partner_get(s, c->partner_id, &p, err)))
		goto out;
	st = store_billing_contract_add(s, c, &c->id, &c->version, err);
	if (st == CLARIO_ECONFLICT)
		st = clario_err_set(err, CLARIO_ECONFLICT,
				    "effective_from: partner %s already has a contract version from"
				    " that day",
				    p.code);
	if (st)
		goto out;
	st = partners_audit(s, a, has_prev ? "contract.version" : "contract.create", "contract",
			    c->id, has_prev ? partners_contract_json(&prev) : NULL,
			    partners_contract_json(c), err);
out:
	return finish(s, st, err);
}

enum clario_status partners_contract_at(struct store *s, int64_t partner_id, day_t d,
					struct store_contract *out, struct clario_err *err)
{
	struct store_contract *list = NULL;
	size_t n = 0;
	enum clario_status st = store_billing_contract_list(s, partner_id, &list, &n, err);
	if (st != CLARIO_OK)
		return st;
	const struct store_contract *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (list[i].effective_from <= d &&
		    (!best || list[i].effective_from > best->effective_from))
			best = &list[i];
	if (best && (best->start_day > d || (best->end_day && !best->auto_renew && best->end_day < d)))
		best = NULL;
	if (best)
		*out = *best;
	else
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no contract in force");
	free(list);
	return st;
}

enum clario_status partners_sub_add(struct store *s, const struct partners_actor *a,
				    struct store_subscription *x, struct clario_err *err)
{
	static const char *const sources[] = {"partner", "direct", "referral"};
	if (!one_of(x->source, sources, 3))
		return clario_err_set(err, CLARIO_EINVAL, "source: must be partner, direct or referral");
	if (strcmp(x->source, "partner") == 0 && x->partner_id <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "partner: a partner-sourced subscription"
							  " names its partner");
	if (strcmp(x->source, "partner") != 0)
		x->partner_id = 0;
	if (!x->plan[0])
		memcpy(x->plan, "analytics", sizeof "analytics");
	if (x->price < 0 || x->price > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "price: 0 to %lld rupiah", (long long)MONEY_MAX);
	/* A direct or referred merchant is invoiced at this price: zero would bill
	 * nothing, silently. A partner-sourced one is billed by the contract. */
	if (strcmp(x->source, "partner") != 0 && x->price == 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "price: a %s subscription is invoiced to the merchant; give its"
				      " monthly price", x->source);
	if (x->start_day <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "start: a date is required");
	if (x->end_day && x->end_day < x->start_day)
		return clario_err_set(err, CLARIO_EINVAL, "end: must not be before start");
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	struct store_merchant m;
	if ((st = store_merchant_get(s, x->merchant_id, &m, err))) {
		if (st == CLARIO_ENOTFOUND)
			clario_err_set(err, CLARIO_EINVAL, "merchant: no merchant %lld",
				       (long long)x->merchant_id);
		st = st == CLARIO_ENOTFOUND ? CLARIO_EINVAL : st;
		goto out;
	}
	if ((st = store_billing_sub_add(s, x, a->now, &x->id, err)))
		goto out;
	st = partners_audit(s, a, "subscription.create", "subscription", x->id, NULL,
			    partners_sub_json(x), err);
out:
	return finish(s, st, err);
}

enum clario_status partners_sub_cancel(struct store *s, const struct partners_actor *a,
				       int64_t id, day_t end_day, struct clario_err *err)
{
	struct store_subscription before, after;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_sub_get(s, id, &before, err)))
		goto out;
	if (end_day < before.start_day) {
		st = clario_err_set(err, CLARIO_EINVAL, "end: must not be before the start");
		goto out;
	}
	if ((st = store_billing_sub_set_end(s, id, end_day, err)) ||
	    (st = store_billing_sub_get(s, id, &after, err)))
		goto out;
	st = partners_audit(s, a, "subscription.cancel", "subscription", id,
			    partners_sub_json(&before), partners_sub_json(&after), err);
out:
	return finish(s, st, err);
}

enum clario_status partners_sub_pause(struct store *s, const struct partners_actor *a,
				      int64_t id, day_t from, day_t to, struct clario_err *err)
{
	if (from <= 0 || to < from)
		return clario_err_set(err, CLARIO_EINVAL, "pause: from and to are dates, to >= from");
	struct store_subscription x;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_sub_get(s, id, &x, err)))
		goto out;
	struct store_pause p = {id, from, to};
	if ((st = store_billing_pause_add(s, &p, err)))
		goto out;
	st = partners_audit(s, a, "subscription.pause", "subscription", id, partners_sub_json(&x),
			    json_pack("{s:o, s:o}", "pause_from", day_json(from), "pause_to",
				      day_json(to)),
			    err);
out:
	return finish(s, st, err);
}

enum clario_status partners_invoice_edit(struct store *s, int64_t id, struct clario_err *err)
{
	struct store_invoice v;
	enum clario_status st = store_billing_invoice_get(s, id, &v, err);
	if (st != CLARIO_OK)
		return st;
	return clario_err_set(err, CLARIO_ECONFLICT,
			      "%s is issued and cannot be changed; correct it with a credit note",
			      v.number);
}

enum clario_status partners_refund(struct store *s, const struct partners_actor *a,
				   int64_t invoice_id, const char *reason, struct store_invoice *cn,
				   struct clario_err *err)
{
	struct store_invoice v, *same = NULL;
	size_t n_same = 0;
	struct store_commission *acc = NULL;
	size_t n_acc = 0;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_invoice_get(s, invoice_id, &v, err)))
		goto out;
	if (strcmp(v.kind, "credit_note") == 0) {
		st = clario_err_set(err, CLARIO_EINVAL, "%s is a credit note; it cannot be refunded",
				    v.number);
		goto out;
	}
	if ((st = store_billing_invoice_list(s, v.month, 0, 0, &same, &n_same, err)))
		goto out;
	for (size_t i = 0; i < n_same; i++)
		if (same[i].corrects_id == v.id) {
			st = clario_err_set(err, CLARIO_ECONFLICT, "%s was already credited by %s",
					    v.number, same[i].number);
			goto out;
		}
	int y, mo, d;
	tz_civil_from_days((day_t)(a->now / 86400), &y, &mo, &d);
	*cn = (struct store_invoice){.year = y, .partner_id = v.partner_id,
				     .merchant_id = v.merchant_id, .subtotal = -v.subtotal,
				     .ppn_bps = v.ppn_bps, .ppn = -v.ppn, .total = -v.total,
				     .corrects_id = v.id, .issued_at = a->now};
	memcpy(cn->series, "CN", 3);
	memcpy(cn->kind, "credit_note", sizeof "credit_note");
	memcpy(cn->month, v.month, sizeof cn->month);
	snprintf(cn->note, sizeof cn->note, "refund of %s: %s", v.number,
		 reason && *reason ? reason : "no reason given");
	struct store_invoice_line line = {.qty = 1, .unit_price = -v.subtotal, .amount = -v.subtotal};
	snprintf(line.description, sizeof line.description, "Credit for %s (%s)", v.number, v.month);
	if ((st = store_billing_invoice_issue(s, cn, &line, 1, err)))
		goto out;
	if ((st = partners_audit(s, a, "invoice.credit_note", "invoice", v.id,
				 partners_invoice_json(&v), partners_invoice_json(cn), err)))
		goto out;
	/* The commission earned on the refunded month goes back when the refund
	 * falls inside the channel contract's clawback window. */
	struct store_attribution at;
	if (!v.merchant_id || store_billing_attr_get(s, v.merchant_id, &at, err) != CLARIO_OK ||
	    !at.conversion_month[0])
		goto out;
	struct store_contract c;
	struct partners_month conv;
	if (partners_month_parse(at.conversion_month, &conv, err) != CLARIO_OK ||
	    partners_contract_at(s, at.partner_id, conv.first, &c, err) != CLARIO_OK ||
	    strcmp(c.model, "channel") != 0 ||
	    !partners_within(conv.first, (day_t)(a->now / 86400), c.clawback_days))
		goto out;
	if ((st = store_billing_commission_list(s, at.partner_id, v.merchant_id, &acc, &n_acc, err)))
		goto out;
	for (size_t i = 0; i < n_acc && st == CLARIO_OK; i++) {
		if (strcmp(acc[i].kind, "accrual") != 0 || strcmp(acc[i].month, v.month) != 0)
			continue;
		struct store_commission cb = {.partner_id = at.partner_id,
					      .merchant_id = v.merchant_id, .amount = -acc[i].amount,
					      .invoice_id = cn->id, .created_at = a->now};
		memcpy(cb.month, v.month, sizeof cb.month);
		memcpy(cb.kind, "clawback", sizeof "clawback");
		snprintf(cb.reason, sizeof cb.reason, "refund of %s", v.number);
		int64_t cb_id = 0;
		st = store_billing_commission_add(s, &cb, &cb_id, err);
		if (st == CLARIO_ECONFLICT) { /* already clawed back (churn): nothing more */
			st = CLARIO_OK;
			continue;
		}
		if (st == CLARIO_OK)
			st = partners_audit(s, a, "commission.clawback", "commission", cb_id, NULL,
					    json_pack("{s:I, s:I, s:s, s:I, s:s}", "partner_id",
						      (json_int_t)cb.partner_id, "merchant_id",
						      (json_int_t)cb.merchant_id, "month", cb.month,
						      "amount", (json_int_t)cb.amount, "reason",
						      cb.reason),
					    err);
	}
out:
	free(same);
	free(acc);
	if (st == CLARIO_OK)
		clario_err_clear(err);
	return finish(s, st, err);
}

enum clario_status partners_code_add(struct store *s, const struct partners_actor *a,
				     int64_t partner_id, const char *code, int64_t *id,
				     struct clario_err *err)
{
	size_t len = code ? strlen(code) : 0;
	if (len < 3 || len > 32)
		return clario_err_set(err, CLARIO_EINVAL, "code: 3 to 32 characters");
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)code[i]) && code[i] != '-' && code[i] != '_')
			return clario_err_set(err, CLARIO_EINVAL,
					      "code: only letters, digits, '-' and '_'");
	struct store_partner_profile p;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_partner_get(s, partner_id, &p, err)))
		goto out;
	if (strcmp(p.kind, "channel") != 0 && strcmp(p.kind, "pos") != 0) {
		st = clario_err_set(err, CLARIO_EINVAL,
				    "code: referral codes are for channel and POS partners");
		goto out;
	}
	st = store_billing_code_add(s, partner_id, code, a->now, id, err);
	if (st == CLARIO_ECONFLICT)
		st = clario_err_set(err, CLARIO_ECONFLICT, "code: \"%s\" is taken", code);
	if (st == CLARIO_OK)
		st = partners_audit(s, a, "referral.code.add", "partner", partner_id, NULL,
				    json_pack("{s:s}", "code", code), err);
out:
	return finish(s, st, err);
}

enum clario_status partners_touch(struct store *s, const char *code, const char *visitor,
				  const char *via, instant_t at, struct clario_err *err)
{
	static const char *const vias[] = {"code", "link", "api"};
	if (!visitor || !*visitor || strlen(visitor) > 128)
		return clario_err_set(err, CLARIO_EINVAL, "visitor: 1 to 128 characters");
	if (!one_of(via, vias, 3))
		return clario_err_set(err, CLARIO_EINVAL, "via: must be code, link or api");
	struct store_ref_code c;
	enum clario_status st = store_billing_code_get(s, code ? code : "", &c, err);
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EINVAL, "code: no referral code \"%s\"",
				      code ? code : "");
	int64_t id;
	return st ? st : store_billing_touch_add(s, c.id, visitor, via, at, &id, err);
}

static bool same_email(const char *a, const char *b)
{
	return *a && *b && strcasecmp(a, b) == 0;
}

enum clario_status partners_attribute(struct store *s, const struct partners_actor *a,
				      int64_t merchant_id, const char *code, const char *visitor,
				      const char *email, const char *via,
				      struct store_attribution *out, struct clario_err *err)
{
	struct store_contact *contacts = NULL;
	size_t n_contacts = 0;
	struct store_merchant m;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_merchant_get(s, merchant_id, &m, err)))
		goto out;
	struct store_attribution prev;
	if (store_billing_attr_get(s, merchant_id, &prev, err) == CLARIO_OK) {
		st = clario_err_set(err, CLARIO_ECONFLICT,
				    "merchant %lld is already attributed (attribution happens once)",
				    (long long)merchant_id);
		goto out;
	}
	*out = (struct store_attribution){.merchant_id = merchant_id, .attributed_at = a->now};
	if (code && *code) {
		struct store_ref_code c;
		if ((st = store_billing_code_get(s, code, &c, err))) {
			if (st == CLARIO_ENOTFOUND)
				st = clario_err_set(err, CLARIO_EINVAL, "code: no referral code \"%s\"",
						    code);
			goto out;
		}
		out->partner_id = c.partner_id;
		snprintf(out->via, sizeof out->via, "%s", via && *via ? via : "code");
		/* The code itself is the touch, at signup. */
		if ((st = store_billing_touch_add(s, c.id, visitor && *visitor ? visitor : email ? email : "signup",
						  out->via, a->now, &out->touch_id, err)))
			goto out;
	} else {
		int64_t days = 0;
		if ((st = store_billing_setting_get(s, "attribution_days",
						    PARTNERS_DEFAULT_ATTRIBUTION_DAYS, &days, err)))
			goto out;
		struct store_touch t;
		if (!visitor || !*visitor) {
			st = clario_err_set(err, CLARIO_EINVAL, "code or visitor: one is required");
			goto out;
		}
		st = store_billing_touch_first(s, visitor, a->now - days * 86400, a->now, &t, err);
		if (st == CLARIO_ENOTFOUND)
			st = clario_err_set(err, CLARIO_ENOTFOUND,
					    "no referral touch of this visitor in the last %lld days",
					    (long long)days);
		if (st)
			goto out;
		out->partner_id = t.partner_id;
		out->touch_id = t.id;
		snprintf(out->via, sizeof out->via, "%s", t.via);
	}
	if ((st = store_billing_contact_list(s, out->partner_id, &contacts, &n_contacts, err)))
		goto out;
	for (size_t i = 0; email && i < n_contacts; i++)
		if (same_email(email, contacts[i].email)) {
			st = clario_err_set(err, CLARIO_EINVAL,
					    "self-referral refused: the merchant's e-mail belongs to"
					    " the referring partner");
			goto out;
		}
	if ((st = store_billing_attr_add(s, out, err)))
		goto out;
	st = partners_audit(s, a, "referral.attribute", "merchant", merchant_id, NULL,
			    json_pack("{s:I, s:I, s:s}", "partner_id", (json_int_t)out->partner_id,
				      "touch_id", (json_int_t)out->touch_id, "via", out->via),
			    err);
out:
	free(contacts);
	return finish(s, st, err);
}

enum clario_status partners_payouts_run(struct store *s, const struct partners_actor *a,
					rupiah_t threshold, int64_t *n, struct clario_err *err)
{
	struct store_partner_profile *ps = NULL;
	size_t np = 0;
	*n = 0;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if (threshold < 0 && (st = store_billing_setting_get(s, "payout_threshold",
							     PARTNERS_DEFAULT_PAYOUT_THRESHOLD,
							     &threshold, err)))
		goto out;
	if ((st = store_billing_partner_list(s, &ps, &np, err)))
		goto out;
	for (size_t i = 0; i < np && st == CLARIO_OK; i++) {
		rupiah_t bal = 0;
		if ((st = store_billing_balance(s, ps[i].id, &bal, err)))
			break;
		if (bal <= 0 || bal < threshold)
			continue;
		struct store_payout p = {.partner_id = ps[i].id, .amount = bal, .created_at = a->now};
		memcpy(p.status, "pending", sizeof "pending");
		if ((st = store_billing_payout_add(s, &p, &p.id, err)))
			break;
		(*n)++;
		st = partners_audit(s, a, "payout.create", "payout", p.id, NULL,
				    json_pack("{s:I, s:I, s:s, s:I}", "partner_id",
					      (json_int_t)p.partner_id, "amount", (json_int_t)p.amount,
					      "status", p.status, "threshold", (json_int_t)threshold),
				    err);
	}
out:
	free(ps);
	return finish(s, st, err);
}

enum clario_status partners_payout_set(struct store *s, const struct partners_actor *a,
				       int64_t id, const char *status, struct clario_err *err)
{
	static const char *const statuses[] = {"paid", "failed"};
	if (!one_of(status, statuses, 2))
		return clario_err_set(err, CLARIO_EINVAL, "status: must be paid or failed");
	struct store_payout before;
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_billing_payout_get(s, id, &before, err)))
		goto out;
	if (strcmp(before.status, "pending") != 0) {
		st = clario_err_set(err, CLARIO_ECONFLICT, "payout %lld is already %s",
				    (long long)id, before.status);
		goto out;
	}
	if ((st = store_billing_payout_set(s, id, status, a->now, err)))
		goto out;
	st = partners_audit(s, a, "payout.status", "payout", id,
			    json_pack("{s:s, s:I}", "status", before.status, "amount",
				      (json_int_t)before.amount),
			    json_pack("{s:s, s:I}", "status", status, "amount",
				      (json_int_t)before.amount),
			    err);
out:
	return finish(s, st, err);
}
