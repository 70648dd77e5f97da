/* The monthly close and revenue by channel. The close reads contracts,
 * subscriptions, pauses and attributions, computes every document with the
 * pure rules, and writes them in one transaction that first checks whether the
 * month is already closed; the store's write lock (BEGIN IMMEDIATE / the
 * PostgreSQL advisory lock taken by store_begin) makes that check-then-create
 * atomic across processes and servers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partners/programme.h"

struct ctx {
	struct store *s;
	const struct partners_actor *a;
	struct partners_month m;
	int64_t ppn_bps;
	struct store_partner_profile *partners;
	size_t n_partners;
	struct store_contract *contracts;
	size_t n_contracts;
	struct store_subscription *subs;
	size_t n_subs;
	struct store_pause *pauses;
	size_t n_pauses;
	struct store_attribution *attrs;
	size_t n_attrs;
	/* direct invoices issued by this close, for commissions */
	int64_t *inv_merchant, *inv_id;
	rupiah_t *inv_subtotal;
	size_t n_inv;
	struct partners_close_result *res;
};

/* The version of a partner's contract in force on day d, or NULL. */
static const struct store_contract *in_force(const struct ctx *c, int64_t partner_id, day_t d)
{
	const struct store_contract *best = NULL;
	for (size_t i = 0; i < c->n_contracts; i++) {
		const struct store_contract *k = &c->contracts[i];
		if (k->partner_id == partner_id && k->effective_from <= d &&
		    (!best || k->effective_from > best->effective_from))
			best = k;
	}
	if (best && (best->start_day > d || (best->end_day && !best->auto_renew &&
					     best->end_day < c->m.first)))
		best = NULL;
	return best;
}

static int32_t sub_days(const struct ctx *c, const struct store_subscription *x)
{
	struct partners_span spans[32];
	size_t n = 0;
	for (size_t i = 0; i < c->n_pauses && n < 32; i++)
		if (c->pauses[i].subscription_id == x->id)
			spans[n++] = (struct partners_span){c->pauses[i].from_day, c->pauses[i].to_day};
	return partners_days_active(&c->m, x->start_day, x->end_day, spans, n);
}

/* Whether a subscription is billed to the merchant directly this month: it is
 * unless its partner resells or white-labels Clario under a contract in force. */
static bool billed_directly(const struct ctx *c, const struct store_subscription *x)
{
	if (strcmp(x->source, "partner") != 0)
		return true;
	const struct store_contract *k = in_force(c, x->partner_id, c->m.last);
	return !k || (strcmp(k->model, "reseller") != 0 && strcmp(k->model, "whitelabel") != 0);
}

static enum clario_status merchant_name(struct store *s, int64_t id, char *buf, size_t size,
					struct clario_err *err)
{
	struct store_merchant m;
	enum clario_status st = store_merchant_get(s, id, &m, err);
	if (st == CLARIO_OK)
		snprintf(buf, size, "%s", m.name);
	return st;
}

static enum clario_status issue(struct ctx *c, struct store_invoice *v,
				const struct store_invoice_line *lines, size_t n,
				struct clario_err *err)
{
	memcpy(v->series, "INV", 4);
	v->year = c->m.year;
	memcpy(v->month, c->m.text, sizeof v->month);
	v->ppn_bps = (int32_t)c->ppn_bps;
	v->ppn = partners_ppn(v->subtotal, v->ppn_bps);
	v->total = v->subtotal + v->ppn;
	v->issued_at = c->a->now;
	enum clario_status st = store_billing_invoice_issue(c->s, v, lines, n, err);
	if (st == CLARIO_OK)
		c->res->invoices++;
	return st;
}

static enum clario_status revshare(struct ctx *c, const struct store_partner_profile *p,
				   const struct store_contract *k, struct clario_err *err)
{
	struct store_statement_line *lines = calloc(c->n_subs + 1, sizeof *lines);
	if (!lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory closing %s", p->code);
	struct store_statement st = {.partner_id = p->id, .contract_id = k->id,
				     .partner_bps = k->partner_bps, .created_at = c->a->now};
	memcpy(st.kind, "revshare", sizeof "revshare");
	memcpy(st.month, c->m.text, sizeof st.month);
	size_t n = 0;
	enum clario_status rc = CLARIO_OK;
	for (size_t i = 0; i < c->n_subs && rc == CLARIO_OK; i++) {
		const struct store_subscription *x = &c->subs[i];
		if (x->partner_id != p->id || strcmp(x->source, "partner") != 0)
			continue;
		int32_t days = sub_days(c, x);
		if (days == 0)
			continue;
		struct store_statement_line *l = &lines[n];
		l->merchant_id = x->merchant_id;
		l->days_active = days;
		l->days_in_month = c->m.days;
		snprintf(l->note, sizeof l->note, "add-on Rp %lld x %d/%d days", (long long)k->addon_price,
			 (int)days, (int)c->m.days);
		if ((rc = partners_prorate(k->addon_price, days, c->m.days, &l->gross, err)) ||
		    (rc = partners_split(l->gross, k->partner_bps, &l->partner_share,
					 &l->clario_share, err)))
			break;
		st.gross += l->gross;
		st.partner_share += l->partner_share;
		st.clario_share += l->clario_share;
		n++;
	}
	if (rc == CLARIO_OK && (rc = store_billing_statement_add(c->s, &st, lines, n, err)) == CLARIO_OK)
		c->res->statements++;
	free(lines);
	return rc;
}

static enum clario_status whitelabel(struct ctx *c, const struct store_partner_profile *p,
				     const struct store_contract *k, struct clario_err *err)
{
	int64_t active = 0, last = 0;
	/* subs are ordered by merchant: one with two subscriptions counts once */
	for (size_t i = 0; i < c->n_subs; i++) {
		const struct store_subscription *x = &c->subs[i];
		if (x->partner_id != p->id || strcmp(x->source, "partner") != 0 ||
		    x->merchant_id == last || !sub_days(c, x))
			continue;
		last = x->merchant_id;
		active++;
	}
	enum clario_status st = CLARIO_OK;
	rupiah_t fee = partners_hosting_fee(k->hosting_mode, k->hosting_fee, k->hosting_minimum, active);
	if (fee > 0) {
		struct store_invoice v = {.partner_id = p->id, .subtotal = fee};
		memcpy(v.kind, "hosting", sizeof "hosting");
		struct store_invoice_line l = {.qty = 1, .unit_price = fee, .amount = fee};
		if (strcmp(k->hosting_mode, "per_merchant") == 0) {
			snprintf(l.description, sizeof l.description,
				 "Hosting %s: %lld active merchants x Rp %lld (minimum Rp %lld)",
				 c->m.text, (long long)active, (long long)k->hosting_fee,
				 (long long)k->hosting_minimum);
		} else {
			snprintf(l.description, sizeof l.description, "Hosting %s (flat)", c->m.text);
		}
		snprintf(v.note, sizeof v.note, "white-label hosting, contract v%lld",
			 (long long)k->version);
		if ((st = issue(c, &v, &l, 1, err)))
			return st;
	}
	day_t due = k->oem_fee_due ? k->oem_fee_due : k->start_day;
	if (k->oem_fee <= 0 || due < c->m.first || due > c->m.last)
		return CLARIO_OK;
	struct store_invoice *prev = NULL;
	size_t n_prev = 0;
	if ((st = store_billing_invoice_list(c->s, NULL, p->id, 0, &prev, &n_prev, err)))
		return st;
	bool billed = false;
	for (size_t i = 0; i < n_prev; i++)
		billed |= strcmp(prev[i].kind, "oem_fee") == 0;
	free(prev);
	if (billed)
		return CLARIO_OK;
	struct store_invoice v = {.partner_id = p->id, .subtotal = k->oem_fee};
	memcpy(v.kind, "oem_fee", sizeof "oem_fee");
	struct store_invoice_line l = {.qty = 1, .unit_price = k->oem_fee, .amount = k->oem_fee};
	snprintf(l.description, sizeof l.description, "White-label one-time fee (%s)",
		 k->brand_name[0] ? k->brand_name : p->name);
	snprintf(v.note, sizeof v.note, "one-time white-label fee, contract v%lld",
		 (long long)k->version);
	return issue(c, &v, &l, 1, err);
}

static enum clario_status direct(struct ctx *c, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct store_invoice_line *lines = calloc(c->n_subs + 1, sizeof *lines);
	if (!lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory closing direct merchants");
	/* subs are ordered by merchant: one invoice per run of the same merchant */
	for (size_t i = 0; i < c->n_subs && st == CLARIO_OK;) {
		int64_t merchant = c->subs[i].merchant_id;
		size_t n = 0;
		rupiah_t subtotal = 0;
		char name[257] = "";
		for (; i < c->n_subs && c->subs[i].merchant_id == merchant && st == CLARIO_OK; i++) {
			const struct store_subscription *x = &c->subs[i];
			int32_t days = sub_days(c, x);
			if (!billed_directly(c, x) || days == 0 || x->price == 0)
				continue;
			struct store_invoice_line *l = &lines[n++];
			if ((st = partners_prorate(x->price, days, c->m.days, &l->amount, err)))
				break;
			l->qty = 1;
			l->unit_price = l->amount;
			snprintf(l->description, sizeof l->description,
				 "Clario %s %s: %d of %d days at Rp %lld a month", x->plan, c->m.text,
				 (int)days, (int)c->m.days, (long long)x->price);
			subtotal += l->amount;
		}
		if (st || n == 0 || subtotal == 0)
			continue;
		if ((st = merchant_name(c->s, merchant, name, sizeof name, err)))
			break;
		struct store_invoice v = {.merchant_id = merchant, .subtotal = subtotal};
		memcpy(v.kind, "direct", sizeof "direct");
		snprintf(v.note, sizeof v.note, "%s", name);
		if ((st = issue(c, &v, lines, n, err)))
			break;
		c->inv_merchant[c->n_inv] = merchant;
		c->inv_id[c->n_inv] = v.id;
		c->inv_subtotal[c->n_inv] = subtotal;
		c->n_inv++;
	}
	free(lines);
	return st;
}

/* Whether every subscription of the merchant has ended by the month's end,
 * the last one inside this month; *end gets that last day. */
static bool churned_this_month(const struct ctx *c, int64_t merchant, day_t *end)
{
	day_t last = 0;
	bool any = false;
	for (size_t i = 0; i < c->n_subs; i++) {
		if (c->subs[i].merchant_id != merchant)
			continue;
		any = true;
		if (!c->subs[i].end_day || c->subs[i].end_day > c->m.last)
			return false;
		if (c->subs[i].end_day > last)
			last = c->subs[i].end_day;
	}
	*end = last;
	return any && last >= c->m.first;
}

static enum clario_status commission(struct ctx *c, const struct store_partner_profile *p,
				     const struct store_contract *k, struct clario_err *err)
{
	struct store_statement_line *lines = calloc(2 * c->n_attrs + 1, sizeof *lines);
	struct store_commission *ledger = NULL;
	size_t n = 0, n_ledger = 0;
	if (!lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory closing %s", p->code);
	struct store_statement stm = {.partner_id = p->id, .contract_id = k->id,
				      .partner_bps = k->commission_bps, .created_at = c->a->now};
	memcpy(stm.kind, "commission", sizeof "commission");
	memcpy(stm.month, c->m.text, sizeof stm.month);
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < c->n_attrs && st == CLARIO_OK; i++) {
		struct store_attribution *at = &c->attrs[i];
		if (at->partner_id != p->id)
			continue;
		size_t j = 0;
		while (j < c->n_inv && c->inv_merchant[j] != at->merchant_id)
			j++;
		if (j < c->n_inv && c->inv_subtotal[j] > 0) {
			/* conversion = the referred merchant's first paid month */
			if (!at->conversion_month[0]) {
				if ((st = store_billing_attr_convert(c->s, at->merchant_id, c->m.text, err)))
					break;
				memcpy(at->conversion_month, c->m.text, sizeof at->conversion_month);
			}
			struct partners_month conv;
			if ((st = partners_month_parse(at->conversion_month, &conv, err)))
				break;
			int index = partners_months_between(&conv, &c->m);
			struct store_statement_line *l = &lines[n++];
			l->merchant_id = at->merchant_id;
			l->days_in_month = c->m.days;
			l->gross = c->inv_subtotal[j];
			if (partners_commission_due(index, k->commission_months)) {
				rupiah_t rest;
				if ((st = partners_split(l->gross, k->commission_bps, &l->partner_share,
							 &rest, err)))
					break;
				struct store_commission e = {.partner_id = p->id,
							     .merchant_id = at->merchant_id,
							     .amount = l->partner_share,
							     .invoice_id = c->inv_id[j],
							     .created_at = c->a->now};
				memcpy(e.month, c->m.text, sizeof e.month);
				memcpy(e.kind, "accrual", sizeof "accrual");
				snprintf(e.reason, sizeof e.reason, "paid month %d of %s", index + 1,
					 k->commission_months ? "the recurring period" : "one-time");
				if ((st = store_billing_commission_add(c->s, &e, NULL, err)))
					break;
				snprintf(l->note, sizeof l->note, "commission %d bps, paid month %d",
					 (int)k->commission_bps, index + 1);
			} else {
				snprintf(l->note, sizeof l->note, "paid month %d: outside the commission period",
					 index + 1);
			}
			l->clario_share = l->gross - l->partner_share;
		}
		/* churn inside the clawback window takes back everything accrued */
		day_t end = 0;
		struct partners_month conv;
		if (!at->conversion_month[0] || !churned_this_month(c, at->merchant_id, &end) ||
		    partners_month_parse(at->conversion_month, &conv, err) != CLARIO_OK ||
		    !partners_within(conv.first, end, k->clawback_days))
			continue;
		free(ledger);
		ledger = NULL;
		if ((st = store_billing_commission_list(c->s, p->id, at->merchant_id, &ledger,
							&n_ledger, err)))
			break;
		rupiah_t back = 0;
		for (size_t e = 0; e < n_ledger && st == CLARIO_OK; e++) {
			if (strcmp(ledger[e].kind, "accrual") != 0)
				continue;
			bool done = false;
			for (size_t f = 0; f < n_ledger; f++)
				done |= strcmp(ledger[f].kind, "clawback") == 0 &&
					strcmp(ledger[f].month, ledger[e].month) == 0;
			if (done)
				continue;
			struct store_commission cb = {.partner_id = p->id,
						      .merchant_id = at->merchant_id,
						      .amount = -ledger[e].amount,
						      .invoice_id = ledger[e].invoice_id,
						      .created_at = c->a->now};
			memcpy(cb.month, ledger[e].month, sizeof cb.month);
			memcpy(cb.kind, "clawback", sizeof "clawback");
			snprintf(cb.reason, sizeof cb.reason, "churned within %d days of conversion",
				 (int)k->clawback_days);
			st = store_billing_commission_add(c->s, &cb, NULL, err);
			back += ledger[e].amount;
		}
		if (st == CLARIO_OK && back) {
			struct store_statement_line *l = &lines[n++];
			l->merchant_id = at->merchant_id;
			l->days_in_month = c->m.days;
			l->partner_share = -back;
			l->clario_share = back;
			snprintf(l->note, sizeof l->note, "clawback: churned within %d days",
				 (int)k->clawback_days);
		}
	}
	for (size_t i = 0; i < n; i++) {
		stm.gross += lines[i].gross;
		stm.partner_share += lines[i].partner_share;
		stm.clario_share += lines[i].clario_share;
	}
	if (st == CLARIO_OK && (st = store_billing_statement_add(c->s, &stm, lines, n, err)) == CLARIO_OK)
		c->res->statements++;
	free(ledger);
	free(lines);
	return st;
}

static void ctx_free(struct ctx *c)
{
	free(c->partners);
	free(c->contracts);
	free(c->subs);
	free(c->pauses);
	free(c->attrs);
	free(c->inv_merchant);
	free(c->inv_id);
	free(c->inv_subtotal);
}

enum clario_status partners_close(struct store *s, const struct partners_actor *a,
				  const char *month, struct partners_close_result *res,
				  struct clario_err *err)
{
	struct ctx c = {.s = s, .a = a, .res = res};
	*res = (struct partners_close_result){0};
	enum clario_status st = partners_month_parse(month, &c.m, err);
	if (st != CLARIO_OK)
		return st;
	/* A month still running would be billed on partial days and then frozen. */
	if ((day_t)(a->now / 86400) <= c.m.last) {
		char from[11];
		tz_format_date(c.m.last + 1, from);
		return clario_err_set(err, CLARIO_EINVAL, "month: %s is not over yet (close it from %s)",
				      c.m.text, from);
	}
	if ((st = store_begin(s, err)))
		return st;
	struct store_close done;
	st = store_billing_close_get(s, c.m.text, &done, err);
	if (st == CLARIO_OK) {
		res->already = true;
		res->invoices = done.invoices;
		res->statements = done.statements;
		store_rollback(s);
		return CLARIO_OK;
	}
	if (st != CLARIO_ENOTFOUND)
		goto out;
	if ((st = store_billing_setting_get(s, "ppn_bps", PARTNERS_DEFAULT_PPN_BPS, &c.ppn_bps, err)) ||
	    (st = store_billing_partner_list(s, &c.partners, &c.n_partners, err)) ||
	    (st = store_billing_contract_list(s, 0, &c.contracts, &c.n_contracts, err)) ||
	    (st = store_billing_sub_list(s, 0, &c.subs, &c.n_subs, err)) ||
	    (st = store_billing_pause_list(s, &c.pauses, &c.n_pauses, err)) ||
	    (st = store_billing_attr_list(s, 0, &c.attrs, &c.n_attrs, err)))
		goto out;
	c.inv_merchant = calloc(c.n_subs + 1, sizeof *c.inv_merchant);
	c.inv_id = calloc(c.n_subs + 1, sizeof *c.inv_id);
	c.inv_subtotal = calloc(c.n_subs + 1, sizeof *c.inv_subtotal);
	if (!c.inv_merchant || !c.inv_id || !c.inv_subtotal) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory closing %s", c.m.text);
		goto out;
	}
	/* Partner documents in partner order, then direct invoices by merchant,
	 * then commissions (which need the direct invoices): numbers are stable. */
	for (size_t i = 0; i < c.n_partners && st == CLARIO_OK; i++) {
		const struct store_contract *k = in_force(&c, c.partners[i].id, c.m.last);
		if (!k)
			continue;
		if (strcmp(k->model, "reseller") == 0)
			st = revshare(&c, &c.partners[i], k, err);
		else if (strcmp(k->model, "whitelabel") == 0)
			st = whitelabel(&c, &c.partners[i], k, err);
	}
	if (st == CLARIO_OK)
		st = direct(&c, err);
	for (size_t i = 0; i < c.n_partners && st == CLARIO_OK; i++) {
		const struct store_contract *k = in_force(&c, c.partners[i].id, c.m.last);
		if (k && strcmp(k->model, "channel") == 0)
			st = commission(&c, &c.partners[i], k, err);
	}
	if (st)
		goto out;
	struct store_close rec = {.closed_at = a->now, .invoices = res->invoices,
				  .statements = res->statements};
	memcpy(rec.month, c.m.text, sizeof rec.month);
	snprintf(rec.closed_by, sizeof rec.closed_by, "%s", a->who);
	if ((st = store_billing_close_add(s, &rec, err)))
		goto out;
	st = partners_audit(s, a, "billing.close", "month", c.m.year * 100 + c.m.month, NULL,
			    json_pack("{s:s, s:I, s:I}", "month", c.m.text, "invoices",
				      (json_int_t)res->invoices, "statements",
				      (json_int_t)res->statements),
			    err);
out:
	ctx_free(&c);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK) {
		store_rollback(s);
		*res = (struct partners_close_result){0};
	}
	return st;
}

/* ---- revenue by channel ---- */

static struct partners_revenue *row_for(struct partners_revenue **rows, size_t *n, size_t *cap,
					const char *channel, int64_t partner_id, const char *code)
{
	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].partner_id == partner_id && strcmp((*rows)[i].channel, channel) == 0)
			return &(*rows)[i];
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct partners_revenue *p = realloc(*rows, nc * sizeof *p);
		if (!p)
			return NULL;
		*rows = p;
		*cap = nc;
	}
	struct partners_revenue *r = &(*rows)[(*n)++];
	*r = (struct partners_revenue){.partner_id = partner_id};
	snprintf(r->channel, sizeof r->channel, "%s", channel);
	snprintf(r->partner_code, sizeof r->partner_code, "%s", code);
	return r;
}

static const char *code_of(const struct store_partner_profile *ps, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].id == id)
			return ps[i].code;
	return "";
}

enum clario_status partners_revenue_month(struct store *s, const char *month,
					  struct partners_revenue **out, size_t *n,
					  rupiah_t *total, struct clario_err *err)
{
	struct partners_month m;
	struct store_partner_profile *ps = NULL;
	struct store_statement *sts = NULL;
	struct store_invoice *invs = NULL;
	struct store_attribution *attrs = NULL;
	struct store_subscription *subs = NULL;
	size_t n_ps = 0, n_sts = 0, n_invs = 0, n_attrs = 0, n_subs = 0, cap = 0;
	struct partners_revenue *rows = NULL;
	*n = 0;
	*total = 0;
	enum clario_status st = partners_month_parse(month, &m, err);
	if (st || (st = store_billing_partner_list(s, &ps, &n_ps, err)) ||
	    (st = store_billing_statement_list(s, 0, m.text, &sts, &n_sts, err)) ||
	    (st = store_billing_invoice_list(s, m.text, 0, 0, &invs, &n_invs, err)) ||
	    (st = store_billing_attr_list(s, 0, &attrs, &n_attrs, err)) ||
	    (st = store_billing_sub_list(s, 0, &subs, &n_subs, err)))
		goto out;
	if (!row_for(&rows, n, &cap, "direct", 0, ""))
		goto nomem;
	for (size_t i = 0; i < n_sts; i++) {
		if (strcmp(sts[i].kind, "revshare") != 0)
			continue;
		struct partners_revenue *r = row_for(&rows, n, &cap, "reseller", sts[i].partner_id,
						     code_of(ps, n_ps, sts[i].partner_id));
		if (!r)
			goto nomem;
		r->revenue += sts[i].clario_share;
	}
	for (size_t i = 0; i < n_invs; i++) {
		const struct store_invoice *v = &invs[i];
		/* a credit note carries the partner or merchant of the invoice it
		 * corrects, and its month: it counts against the same channel */
		struct partners_revenue *r = NULL;
		if (v->partner_id) {
			r = row_for(&rows, n, &cap, "whitelabel", v->partner_id,
				    code_of(ps, n_ps, v->partner_id));
		} else {
			int64_t ch = 0, co = 0;
			for (size_t j = 0; j < n_attrs; j++)
				if (attrs[j].merchant_id == v->merchant_id)
					ch = attrs[j].partner_id;
			for (size_t j = 0; j < n_subs && !ch; j++)
				if (subs[j].merchant_id == v->merchant_id && subs[j].partner_id)
					co = subs[j].partner_id;
			r = ch   ? row_for(&rows, n, &cap, "channel", ch, code_of(ps, n_ps, ch))
			    : co ? row_for(&rows, n, &cap, "cosell", co, code_of(ps, n_ps, co))
				 : row_for(&rows, n, &cap, "direct", 0, "");
		}
		if (!r)
			goto nomem;
		r->revenue += v->subtotal;
	}
	int64_t *w = calloc(*n + 1, sizeof *w);
	rupiah_t *shares = calloc(*n + 1, sizeof *shares);
	for (size_t i = 0; w && i < *n; i++) {
		*total += rows[i].revenue;
		w[i] = rows[i].revenue > 0 ? rows[i].revenue : 0;
	}
	if (!w || !shares) {
		free(w);
		free(shares);
		goto nomem;
	}
	/* shares of total in basis points, by largest remainder: they add up to 10000 */
	if (*total > 0 && money_split(BPS_ONE, w, *n, shares, err) == CLARIO_OK)
		for (size_t i = 0; i < *n; i++)
			rows[i].share_bps = (int32_t)shares[i];
	free(w);
	free(shares);
	clario_err_clear(err);
	goto out;
nomem:
	st = clario_err_set(err, CLARIO_ENOMEM, "out of memory computing revenue");
out:
	free(ps);
	free(sts);
	free(invs);
	free(attrs);
	free(subs);
	if (st != CLARIO_OK) {
		free(rows);
		rows = NULL;
		*n = 0;
	}
	*out = rows;
	return st;
}
