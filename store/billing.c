/* Partner programme storage, part one: list helpers, settings, the audit log,
 * partner profiles and contacts, contracts, subscriptions and monthly closes.
 * One portable SQL text per query (store/sql.h). */
#include <stdlib.h>
#include <string.h>

#include "store/billing_internal.h"

enum clario_status store__list_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store__list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->items, cap * l->size);
		if (!p)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory reading a list");
		l->items = p;
		l->cap = cap;
	}
	void *item = (char *)l->items + l->n * l->size;
	memset(item, 0, l->size);
	l->read(r, item);
	l->n++;
	return CLARIO_OK;
}

enum clario_status store__list_query(struct store *s, const char *sql, const char *what,
				     const struct sql_val *args, size_t n_args, size_t size,
				     void (*read)(const struct sql_row *r, void *item), void **out,
				     size_t *n, struct clario_err *err)
{
	struct store__list l = {.size = size, .read = read};
	enum clario_status st = sql_query(s, sql, what, args, n_args, store__list_row, &l, err);
	if (st != CLARIO_OK) {
		free(l.items);
		l.items = NULL;
		l.n = 0;
	}
	*out = l.items;
	*n = l.n;
	return st;
}

struct one {
	void (*read)(const struct sql_row *r, void *item);
	void *item;
	bool found;
};

static enum clario_status one_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct one *o = ctx;
	if (!o->found)
		o->read(r, o->item);
	o->found = true;
	return CLARIO_OK;
}

enum clario_status store__one(struct store *s, const char *sql, const char *what,
			      const struct sql_val *args, size_t n_args,
			      void (*read)(const struct sql_row *r, void *item), void *item,
			      struct clario_err *err)
{
	struct one o = {read, item, false};
	enum clario_status st = sql_query(s, sql, what, args, n_args, one_row, &o, err);
	if (st == CLARIO_OK && !o.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such %s", what);
	return st;
}

/* ---- settings ---- */

enum clario_status store_billing_setting_get(struct store *s, const char *key, int64_t dflt,
					     int64_t *out, struct clario_err *err)
{
	enum clario_status st = sql_one_int(s, "SELECT value FROM billing_settings WHERE key = $1",
					    "reading a billing setting", SQL_ARGS(SQL_T(key)), out, err);
	if (st == CLARIO_ENOTFOUND) {
		*out = dflt;
		st = CLARIO_OK;
	}
	return st;
}

enum clario_status store_billing_setting_set(struct store *s, const char *key, int64_t value,
					     struct clario_err *err)
{
	return sql_exec(s,
			"INSERT INTO billing_settings (key, value) VALUES ($1, $2)"
			" ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			"writing a billing setting", SQL_ARGS(SQL_T(key), SQL_I(value)), NULL, err);
}

/* ---- audit log ---- */

enum clario_status store_audit_add(struct store *s, instant_t at, const char *actor,
				   const char *action, const char *entity, int64_t entity_id,
				   const char *before, const char *after, struct clario_err *err)
{
	return sql_exec(s,
			"INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json,"
			" after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			"writing the audit log",
			SQL_ARGS(SQL_I(at), SQL_T(actor), SQL_T(action), SQL_T(entity), SQL_I(entity_id),
				 SQL_T(before), SQL_T(after)),
			NULL, err);
}

static void read_audit(const struct sql_row *r, void *item)
{
	struct store_audit *a = item;
	a->id = sql_int(r, 0);
	a->at = sql_int(r, 1);
	sql_copy(r, 2, a->actor, sizeof a->actor);
	sql_copy(r, 3, a->action, sizeof a->action);
	sql_copy(r, 4, a->entity, sizeof a->entity);
	a->entity_id = sql_int(r, 5);
	sql_copy(r, 6, a->before, sizeof a->before);
	sql_copy(r, 7, a->after, sizeof a->after);
}

enum clario_status store_audit_list(struct store *s, const char *entity, int64_t entity_id,
				    size_t limit, struct store_audit **out, size_t *n,
				    struct clario_err *err)
{
	return store__list_query(
		s,
		"SELECT id, at, actor, action, entity, entity_id, before_json, after_json"
		" FROM audit_log WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1)"
		" AND (CAST($2 AS BIGINT) <= 0 OR entity_id = $2) ORDER BY id DESC LIMIT $3",
		"reading the audit log",
		SQL_ARGS(SQL_T(entity), SQL_I(entity_id), SQL_I((int64_t)limit)), sizeof **out,
		read_audit, (void **)out, n, err);
}

/* ---- partner profiles and contacts ---- */

#define PARTNER_COLS "SELECT id, code, name, kind, tier, status FROM partners"

static void read_partner(const struct sql_row *r, void *item)
{
	struct store_partner_profile *p = item;
	p->id = sql_int(r, 0);
	sql_copy(r, 1, p->code, sizeof p->code);
	sql_copy(r, 2, p->name, sizeof p->name);
	sql_copy(r, 3, p->kind, sizeof p->kind);
	sql_copy(r, 4, p->tier, sizeof p->tier);
	sql_copy(r, 5, p->status, sizeof p->status);
}

enum clario_status store_billing_partner_get(struct store *s, int64_t id,
					     struct store_partner_profile *out,
					     struct clario_err *err)
{
	return store__one(s, PARTNER_COLS " WHERE id = $1", "partner", SQL_ARGS(SQL_I(id)),
			  read_partner, out, err);
}

enum clario_status store_billing_partner_list(struct store *s, struct store_partner_profile **out,
					      size_t *n, struct clario_err *err)
{
	return store__list_query(s, PARTNER_COLS " ORDER BY id", "listing partners", SQL_NOARGS,
				 sizeof **out, read_partner, (void **)out, n, err);
}

enum clario_status store_billing_partner_set(struct store *s, int64_t id, const char *tier,
					     const char *status, struct clario_err *err)
{
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, "UPDATE partners SET tier = $2, status = $3 WHERE id = $1",
					 "updating a partner",
					 SQL_ARGS(SQL_I(id), SQL_T(tier), SQL_T(status)), &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such partner");
	return st;
}

enum clario_status store_billing_contact_add(struct store *s, const struct store_contact *c,
					     instant_t at, int64_t *id, struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO partner_contacts (partner_id, name, email, phone, role,"
			   " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
			   "adding a partner contact",
			   SQL_ARGS(SQL_I(c->partner_id), SQL_T(c->name), SQL_T(c->email),
				    SQL_T(c->phone), SQL_T(c->role), SQL_I(at)),
			   id, err);
}

static void read_contact(const struct sql_row *r, void *item)
{
	struct store_contact *c = item;
	c->id = sql_int(r, 0);
	c->partner_id = sql_int(r, 1);
	sql_copy(r, 2, c->name, sizeof c->name);
	sql_copy(r, 3, c->email, sizeof c->email);
	sql_copy(r, 4, c->phone, sizeof c->phone);
	sql_copy(r, 5, c->role, sizeof c->role);
}

enum clario_status store_billing_contact_list(struct store *s, int64_t partner_id,
					      struct store_contact **out, size_t *n,
					      struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT id, partner_id, name, email, phone, role FROM partner_contacts"
				 " WHERE partner_id = $1 ORDER BY id",
				 "listing partner contacts", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_contact, (void **)out, n, err);
}

/* ---- contracts ---- */

#define CONTRACT_COLS                                                                            \
	"SELECT id, partner_id, model, version, effective_from, start_day, end_day, auto_renew,"  \
	" addon_price, partner_bps, support_by, sla_first_response_h, sla_resolution_h,"         \
	" exclusive, marketing_commitment, oem_fee, oem_fee_due, hosting_mode, hosting_fee,"     \
	" hosting_minimum, powered_by, brand_name, commission_bps, commission_months,"           \
	" clawback_days, created_at, created_by FROM contracts"

static void read_contract(const struct sql_row *r, void *item)
{
	struct store_contract *c = item;
	c->id = sql_int(r, 0);
	c->partner_id = sql_int(r, 1);
	sql_copy(r, 2, c->model, sizeof c->model);
	c->version = sql_int(r, 3);
	c->effective_from = (day_t)sql_int(r, 4);
	c->start_day = (day_t)sql_int(r, 5);
	c->end_day = (day_t)sql_int(r, 6);
	c->auto_renew = sql_int(r, 7) != 0;
	c->addon_price = sql_int(r, 8);
	c->partner_bps = (int32_t)sql_int(r, 9);
	sql_copy(r, 10, c->support_by, sizeof c->support_by);
	c->sla_first_response_h = (int32_t)sql_int(r, 11);
	c->sla_resolution_h = (int32_t)sql_int(r, 12);
	c->exclusive = sql_int(r, 13) != 0;
	c->marketing_commitment = sql_int(r, 14);
	c->oem_fee = sql_int(r, 15);
	c->oem_fee_due = (day_t)sql_int(r, 16);
	sql_copy(r, 17, c->hosting_mode, sizeof c->hosting_mode);
	c->hosting_fee = sql_int(r, 18);
	c->hosting_minimum = sql_int(r, 19);
	c->powered_by = sql_int(r, 20) != 0;
	sql_copy(r, 21, c->brand_name, sizeof c->brand_name);
	c->commission_bps = (int32_t)sql_int(r, 22);
	c->commission_months = (int32_t)sql_int(r, 23);
	c->clawback_days = (int32_t)sql_int(r, 24);
	c->created_at = sql_int(r, 25);
	sql_copy(r, 26, c->created_by, sizeof c->created_by);
}

enum clario_status store_billing_contract_add(struct store *s, const struct store_contract *c,
					      int64_t *id, int64_t *version,
					      struct clario_err *err)
{
	enum clario_status st = sql_one_int(
		s, "SELECT coalesce(max(version), 0) + 1 FROM contracts WHERE partner_id = $1",
		"numbering a contract version", SQL_ARGS(SQL_I(c->partner_id)), version, err);
	if (st != CLARIO_OK)
		return st;
	return sql_one_int(
		s,
		"INSERT INTO contracts (partner_id, model, version, effective_from, start_day, end_day,"
		" auto_renew, addon_price, partner_bps, support_by, sla_first_response_h,"
		" sla_resolution_h, exclusive, marketing_commitment, oem_fee, oem_fee_due,"
		" hosting_mode, hosting_fee, hosting_minimum, powered_by, brand_name, commission_bps,"
		" commission_months, clawback_days, created_at, created_by) VALUES ($1, $2, $3, $4,"
		" $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,"
		" $22, $23, $24, $25, $26) RETURNING id",
		"inserting a contract version",
		SQL_ARGS(SQL_I(c->partner_id), SQL_T(c->model), SQL_I(*version),
			 SQL_I(c->effective_from), SQL_I(c->start_day), SQL_ID(c->end_day),
			 SQL_I(c->auto_renew), SQL_I(c->addon_price), SQL_I(c->partner_bps),
			 SQL_T(c->support_by), SQL_I(c->sla_first_response_h),
			 SQL_I(c->sla_resolution_h), SQL_I(c->exclusive),
			 SQL_I(c->marketing_commitment), SQL_I(c->oem_fee), SQL_ID(c->oem_fee_due),
			 SQL_T(c->hosting_mode), SQL_I(c->hosting_fee), SQL_I(c->hosting_minimum),
			 SQL_I(c->powered_by), SQL_T(c->brand_name), SQL_I(c->commission_bps),
			 SQL_I(c->commission_months), SQL_I(c->clawback_days), SQL_I(c->created_at),
			 SQL_T(c->created_by)),
		id, err);
}

enum clario_status store_billing_contract_list(struct store *s, int64_t partner_id,
					       struct store_contract **out, size_t *n,
					       struct clario_err *err)
{
	return store__list_query(s,
				 CONTRACT_COLS " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1)"
					       " ORDER BY partner_id, version",
				 "listing contracts", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_contract, (void **)out, n, err);
}

enum clario_status store_billing_contract_get(struct store *s, int64_t id,
					      struct store_contract *out, struct clario_err *err)
{
	return store__one(s, CONTRACT_COLS " WHERE id = $1", "contract", SQL_ARGS(SQL_I(id)),
			  read_contract, out, err);
}

/* ---- subscriptions ---- */

#define SUB_COLS                                                                                 \
	"SELECT id, merchant_id, plan, source, partner_id, price, start_day, end_day"            \
	" FROM subscriptions"

static void read_sub(const struct sql_row *r, void *item)
{
	struct store_subscription *x = item;
	x->id = sql_int(r, 0);
	x->merchant_id = sql_int(r, 1);
	sql_copy(r, 2, x->plan, sizeof x->plan);
	sql_copy(r, 3, x->source, sizeof x->source);
	x->partner_id = sql_int(r, 4);
	x->price = sql_int(r, 5);
	x->start_day = (day_t)sql_int(r, 6);
	x->end_day = (day_t)sql_int(r, 7);
}

enum clario_status store_billing_sub_add(struct store *s, const struct store_subscription *sub,
					 instant_t at, int64_t *id, struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO subscriptions (merchant_id, plan, source, partner_id, price,"
			   " start_day, end_day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
			   " RETURNING id",
			   "inserting a subscription",
			   SQL_ARGS(SQL_I(sub->merchant_id), SQL_T(sub->plan), SQL_T(sub->source),
				    SQL_ID(sub->partner_id), SQL_I(sub->price), SQL_I(sub->start_day),
				    SQL_ID(sub->end_day), SQL_I(at)),
			   id, err);
}

enum clario_status store_billing_sub_get(struct store *s, int64_t id,
					 struct store_subscription *out, struct clario_err *err)
{
	return store__one(s, SUB_COLS " WHERE id = $1", "subscription", SQL_ARGS(SQL_I(id)),
			  read_sub, out, err);
}

enum clario_status store_billing_sub_set_end(struct store *s, int64_t id, day_t end_day,
					     struct clario_err *err)
{
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, "UPDATE subscriptions SET end_day = $2 WHERE id = $1",
					 "ending a subscription",
					 SQL_ARGS(SQL_I(id), SQL_ID(end_day)), &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such subscription");
	return st;
}

enum clario_status store_billing_sub_list(struct store *s, int64_t partner_id,
					  struct store_subscription **out, size_t *n,
					  struct clario_err *err)
{
	return store__list_query(s,
				 SUB_COLS " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1) ORDER BY merchant_id, id",
				 "listing subscriptions", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_sub, (void **)out, n, err);
}

enum clario_status store_billing_pause_add(struct store *s, const struct store_pause *p,
					   struct clario_err *err)
{
	return sql_exec(s,
			"INSERT INTO subscription_pauses (subscription_id, from_day, to_day)"
			" VALUES ($1, $2, $3)",
			"pausing a subscription",
			SQL_ARGS(SQL_I(p->subscription_id), SQL_I(p->from_day), SQL_I(p->to_day)), NULL,
			err);
}

static void read_pause(const struct sql_row *r, void *item)
{
	struct store_pause *p = item;
	p->subscription_id = sql_int(r, 0);
	p->from_day = (day_t)sql_int(r, 1);
	p->to_day = (day_t)sql_int(r, 2);
}

enum clario_status store_billing_pause_list(struct store *s, struct store_pause **out, size_t *n,
					    struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT subscription_id, from_day, to_day FROM subscription_pauses"
				 " ORDER BY subscription_id, from_day",
				 "listing pauses", SQL_NOARGS, sizeof **out, read_pause, (void **)out,
				 n, err);
}

/* ---- closes ---- */

static void read_close(const struct sql_row *r, void *item)
{
	struct store_close *c = item;
	sql_copy(r, 0, c->month, sizeof c->month);
	c->closed_at = sql_int(r, 1);
	sql_copy(r, 2, c->closed_by, sizeof c->closed_by);
	c->invoices = sql_int(r, 3);
	c->statements = sql_int(r, 4);
}

enum clario_status store_billing_close_get(struct store *s, const char *month,
					   struct store_close *out, struct clario_err *err)
{
	return store__one(s,
			  "SELECT month, closed_at, closed_by, invoices, statements FROM billing_closes"
			  " WHERE month = $1",
			  "close", SQL_ARGS(SQL_T(month)), read_close, out, err);
}

enum clario_status store_billing_close_add(struct store *s, const struct store_close *c,
					   struct clario_err *err)
{
	return sql_exec(s,
			"INSERT INTO billing_closes (month, closed_at, closed_by, invoices, statements)"
			" VALUES ($1, $2, $3, $4, $5)",
			"recording a monthly close",
			SQL_ARGS(SQL_T(c->month), SQL_I(c->closed_at), SQL_T(c->closed_by),
				 SQL_I(c->invoices), SQL_I(c->statements)),
			NULL, err);
}
