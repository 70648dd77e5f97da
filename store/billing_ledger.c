/* Partner programme storage, part two: invoices with gapless numbers,
 * statements, referral codes, touches and attributions, the commission ledger
 * and payouts. One portable SQL text per query (store/sql.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/billing_internal.h"

/* ---- invoices ---- */

#define INVOICE_COLS                                                                             \
	"SELECT id, number, series, year, seq, kind, partner_id, merchant_id, month, subtotal,"   \
	" ppn_bps, ppn, total, corrects_id, note, issued_at FROM invoices"

static void read_invoice(const struct sql_row *r, void *item)
{
	struct store_invoice *v = item;
	v->id = sql_int(r, 0);
	sql_copy(r, 1, v->number, sizeof v->number);
	sql_copy(r, 2, v->series, sizeof v->series);
	v->year = sql_int(r, 3);
	v->seq = sql_int(r, 4);
	sql_copy(r, 5, v->kind, sizeof v->kind);
	v->partner_id = sql_int(r, 6);
	v->merchant_id = sql_int(r, 7);
	sql_copy(r, 8, v->month, sizeof v->month);
	v->subtotal = sql_int(r, 9);
	v->ppn_bps = (int32_t)sql_int(r, 10);
	v->ppn = sql_int(r, 11);
	v->total = sql_int(r, 12);
	v->corrects_id = sql_int(r, 13);
	sql_copy(r, 14, v->note, sizeof v->note);
	v->issued_at = sql_int(r, 15);
}

enum clario_status store_billing_invoice_issue(struct store *s, struct store_invoice *inv,
					       const struct store_invoice_line *lines, size_t n,
					       struct clario_err *err)
{
	/* The counter row is updated in the caller's transaction: a rollback gives
	 * the number back, and concurrent issuers queue on the row. */
	enum clario_status st = sql_one_int(
		s,
		"INSERT INTO number_sequences (series, year, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (series, year) DO UPDATE SET last = number_sequences.last + 1"
		" RETURNING last",
		"taking the next invoice number", SQL_ARGS(SQL_T(inv->series), SQL_I(inv->year)),
		&inv->seq, err);
	if (st != CLARIO_OK)
		return st;
	snprintf(inv->number, sizeof inv->number, "%s/%04lld/%06lld", inv->series,
		 (long long)inv->year, (long long)inv->seq);
	st = sql_one_int(
		s,
		"INSERT INTO invoices (number, series, year, seq, kind, partner_id, merchant_id, month,"
		" subtotal, ppn_bps, ppn, total, corrects_id, note, issued_at) VALUES ($1, $2, $3, $4,"
		" $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
		"inserting an invoice",
		SQL_ARGS(SQL_T(inv->number), SQL_T(inv->series), SQL_I(inv->year), SQL_I(inv->seq),
			 SQL_T(inv->kind), SQL_ID(inv->partner_id), SQL_ID(inv->merchant_id),
			 SQL_T(inv->month), SQL_I(inv->subtotal), SQL_I(inv->ppn_bps), SQL_I(inv->ppn),
			 SQL_I(inv->total), SQL_ID(inv->corrects_id), SQL_T(inv->note),
			 SQL_I(inv->issued_at)),
		&inv->id, err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		st = sql_exec(s,
			      "INSERT INTO invoice_lines (invoice_id, n, description, qty, unit_price,"
			      " amount) VALUES ($1, $2, $3, $4, $5, $6)",
			      "inserting an invoice line",
			      SQL_ARGS(SQL_I(inv->id), SQL_I((int64_t)i + 1),
				       SQL_T(lines[i].description), SQL_I(lines[i].qty),
				       SQL_I(lines[i].unit_price), SQL_I(lines[i].amount)),
			      NULL, err);
	return st;
}

enum clario_status store_billing_invoice_get(struct store *s, int64_t id,
					     struct store_invoice *out, struct clario_err *err)
{
	return store__one(s, INVOICE_COLS " WHERE id = $1", "invoice", SQL_ARGS(SQL_I(id)),
			  read_invoice, out, err);
}

enum clario_status store_billing_invoice_by_number(struct store *s, const char *number,
						   struct store_invoice *out,
						   struct clario_err *err)
{
	return store__one(s, INVOICE_COLS " WHERE number = $1", "invoice",
			  SQL_ARGS(SQL_T(number)), read_invoice, out, err);
}

static void read_invoice_line(const struct sql_row *r, void *item)
{
	struct store_invoice_line *l = item;
	sql_copy(r, 0, l->description, sizeof l->description);
	l->qty = sql_int(r, 1);
	l->unit_price = sql_int(r, 2);
	l->amount = sql_int(r, 3);
}

enum clario_status store_billing_invoice_lines(struct store *s, int64_t id,
					       struct store_invoice_line **out, size_t *n,
					       struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT description, qty, unit_price, amount FROM invoice_lines"
				 " WHERE invoice_id = $1 ORDER BY n",
				 "listing invoice lines", SQL_ARGS(SQL_I(id)), sizeof **out,
				 read_invoice_line, (void **)out, n, err);
}

enum clario_status store_billing_invoice_list(struct store *s, const char *month,
					      int64_t partner_id, int64_t merchant_id,
					      struct store_invoice **out, size_t *n,
					      struct clario_err *err)
{
	return store__list_query(s,
				 INVOICE_COLS " WHERE (CAST($1 AS TEXT) IS NULL OR month = $1)"
					      " AND (CAST($2 AS BIGINT) <= 0 OR partner_id = $2)"
					      " AND (CAST($3 AS BIGINT) <= 0 OR merchant_id = $3)"
					      " ORDER BY series, year, seq",
				 "listing invoices",
				 SQL_ARGS(SQL_T(month), SQL_I(partner_id), SQL_I(merchant_id)),
				 sizeof **out, read_invoice, (void **)out, n, err);
}

enum clario_status store_billing_invoice_set_note(struct store *s, int64_t id, const char *note,
						  struct clario_err *err)
{
	return sql_exec(s, "UPDATE invoices SET note = $2 WHERE id = $1", "editing an invoice",
			SQL_ARGS(SQL_I(id), SQL_T(note)), NULL, err);
}

/* ---- statements ---- */

#define STATEMENT_COLS                                                                           \
	"SELECT id, kind, partner_id, contract_id, month, partner_bps, gross, partner_share,"     \
	" clario_share, created_at FROM statements"

static void read_statement(const struct sql_row *r, void *item)
{
	struct store_statement *x = item;
	x->id = sql_int(r, 0);
	sql_copy(r, 1, x->kind, sizeof x->kind);
	x->partner_id = sql_int(r, 2);
	x->contract_id = sql_int(r, 3);
	sql_copy(r, 4, x->month, sizeof x->month);
	x->partner_bps = (int32_t)sql_int(r, 5);
	x->gross = sql_int(r, 6);
	x->partner_share = sql_int(r, 7);
	x->clario_share = sql_int(r, 8);
	x->created_at = sql_int(r, 9);
}

enum clario_status store_billing_statement_add(struct store *s, struct store_statement *x,
					       const struct store_statement_line *lines, size_t n,
					       struct clario_err *err)
{
	enum clario_status st = sql_one_int(
		s,
		"INSERT INTO statements (kind, partner_id, contract_id, month, partner_bps, gross,"
		" partner_share, clario_share, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
		" RETURNING id",
		"inserting a statement",
		SQL_ARGS(SQL_T(x->kind), SQL_I(x->partner_id), SQL_ID(x->contract_id), SQL_T(x->month),
			 SQL_I(x->partner_bps), SQL_I(x->gross), SQL_I(x->partner_share),
			 SQL_I(x->clario_share), SQL_I(x->created_at)),
		&x->id, err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		st = sql_exec(s,
			      "INSERT INTO statement_lines (statement_id, n, merchant_id, days_active,"
			      " days_in_month, gross, partner_share, clario_share, note) VALUES ($1,"
			      " $2, $3, $4, $5, $6, $7, $8, $9)",
			      "inserting a statement line",
			      SQL_ARGS(SQL_I(x->id), SQL_I((int64_t)i + 1), SQL_I(lines[i].merchant_id),
				       SQL_I(lines[i].days_active), SQL_I(lines[i].days_in_month),
				       SQL_I(lines[i].gross), SQL_I(lines[i].partner_share),
				       SQL_I(lines[i].clario_share), SQL_T(lines[i].note)),
			      NULL, err);
	return st;
}

enum clario_status store_billing_statement_get(struct store *s, int64_t id,
					       struct store_statement *out,
					       struct clario_err *err)
{
	return store__one(s, STATEMENT_COLS " WHERE id = $1", "statement", SQL_ARGS(SQL_I(id)),
			  read_statement, out, err);
}

static void read_statement_line(const struct sql_row *r, void *item)
{
	struct store_statement_line *l = item;
	l->merchant_id = sql_int(r, 0);
	sql_copy(r, 1, l->merchant_name, sizeof l->merchant_name);
	l->days_active = (int32_t)sql_int(r, 2);
	l->days_in_month = (int32_t)sql_int(r, 3);
	l->gross = sql_int(r, 4);
	l->partner_share = sql_int(r, 5);
	l->clario_share = sql_int(r, 6);
	sql_copy(r, 7, l->note, sizeof l->note);
}

enum clario_status store_billing_statement_lines(struct store *s, int64_t id,
						 struct store_statement_line **out, size_t *n,
						 struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT l.merchant_id, m.name, l.days_active, l.days_in_month, l.gross,"
				 " l.partner_share, l.clario_share, l.note FROM statement_lines l"
				 " JOIN merchants m ON m.id = l.merchant_id"
				 " WHERE l.statement_id = $1 ORDER BY l.n",
				 "listing statement lines", SQL_ARGS(SQL_I(id)), sizeof **out,
				 read_statement_line, (void **)out, n, err);
}

enum clario_status store_billing_statement_list(struct store *s, int64_t partner_id,
						const char *month, struct store_statement **out,
						size_t *n, struct clario_err *err)
{
	return store__list_query(s,
				 STATEMENT_COLS " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1)"
						" AND (CAST($2 AS TEXT) IS NULL OR month = $2)"
						" ORDER BY month, partner_id, kind",
				 "listing statements", SQL_ARGS(SQL_I(partner_id), SQL_T(month)),
				 sizeof **out, read_statement, (void **)out, n, err);
}

/* ---- referrals ---- */

static void read_code(const struct sql_row *r, void *item)
{
	struct store_ref_code *c = item;
	c->id = sql_int(r, 0);
	c->partner_id = sql_int(r, 1);
	sql_copy(r, 2, c->code, sizeof c->code);
	c->created_at = sql_int(r, 3);
}

enum clario_status store_billing_code_add(struct store *s, int64_t partner_id, const char *code,
					  instant_t at, int64_t *id, struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO referral_codes (partner_id, code, created_at) VALUES ($1, $2,"
			   " $3) RETURNING id",
			   "adding a referral code", SQL_ARGS(SQL_I(partner_id), SQL_T(code), SQL_I(at)),
			   id, err);
}

enum clario_status store_billing_code_get(struct store *s, const char *code,
					  struct store_ref_code *out, struct clario_err *err)
{
	return store__one(s,
			  "SELECT id, partner_id, code, created_at FROM referral_codes WHERE code = $1",
			  "referral code", SQL_ARGS(SQL_T(code)), read_code, out, err);
}

enum clario_status store_billing_code_list(struct store *s, int64_t partner_id,
					   struct store_ref_code **out, size_t *n,
					   struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT id, partner_id, code, created_at FROM referral_codes"
				 " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1) ORDER BY id",
				 "listing referral codes", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_code, (void **)out, n, err);
}

enum clario_status store_billing_touch_add(struct store *s, int64_t code_id, const char *visitor,
					   const char *via, instant_t at, int64_t *id,
					   struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO referral_touches (code_id, visitor, via, at) VALUES ($1, $2, $3,"
			   " $4) RETURNING id",
			   "recording a referral touch",
			   SQL_ARGS(SQL_I(code_id), SQL_T(visitor), SQL_T(via), SQL_I(at)), id, err);
}

static void read_touch(const struct sql_row *r, void *item)
{
	struct store_touch *t = item;
	t->id = sql_int(r, 0);
	t->code_id = sql_int(r, 1);
	t->partner_id = sql_int(r, 2);
	sql_copy(r, 3, t->visitor, sizeof t->visitor);
	sql_copy(r, 4, t->via, sizeof t->via);
	t->at = sql_int(r, 5);
}

enum clario_status store_billing_touch_first(struct store *s, const char *visitor,
					     instant_t from, instant_t to,
					     struct store_touch *out, struct clario_err *err)
{
	return store__one(s,
			  "SELECT t.id, t.code_id, c.partner_id, t.visitor, t.via, t.at"
			  " FROM referral_touches t JOIN referral_codes c ON c.id = t.code_id"
			  " WHERE t.visitor = $1 AND t.at >= $2 AND t.at <= $3 ORDER BY t.at, t.id"
			  " LIMIT 1",
			  "referral touch", SQL_ARGS(SQL_T(visitor), SQL_I(from), SQL_I(to)),
			  read_touch, out, err);
}

#define ATTR_COLS                                                                                \
	"SELECT merchant_id, partner_id, touch_id, via, attributed_at, conversion_month"          \
	" FROM referral_attributions"

static void read_attr(const struct sql_row *r, void *item)
{
	struct store_attribution *a = item;
	a->merchant_id = sql_int(r, 0);
	a->partner_id = sql_int(r, 1);
	a->touch_id = sql_int(r, 2);
	sql_copy(r, 3, a->via, sizeof a->via);
	a->attributed_at = sql_int(r, 4);
	sql_copy(r, 5, a->conversion_month, sizeof a->conversion_month);
}

enum clario_status store_billing_attr_add(struct store *s, const struct store_attribution *a,
					  struct clario_err *err)
{
	return sql_exec(s,
			"INSERT INTO referral_attributions (merchant_id, partner_id, touch_id, via,"
			" attributed_at) VALUES ($1, $2, $3, $4, $5)",
			"attributing a merchant",
			SQL_ARGS(SQL_I(a->merchant_id), SQL_I(a->partner_id), SQL_ID(a->touch_id),
				 SQL_T(a->via), SQL_I(a->attributed_at)),
			NULL, err);
}

enum clario_status store_billing_attr_get(struct store *s, int64_t merchant_id,
					  struct store_attribution *out, struct clario_err *err)
{
	return store__one(s, ATTR_COLS " WHERE merchant_id = $1", "attribution",
			  SQL_ARGS(SQL_I(merchant_id)), read_attr, out, err);
}

enum clario_status store_billing_attr_list(struct store *s, int64_t partner_id,
					   struct store_attribution **out, size_t *n,
					   struct clario_err *err)
{
	return store__list_query(s,
				 ATTR_COLS " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1)"
					   " ORDER BY merchant_id",
				 "listing attributions", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_attr, (void **)out, n, err);
}

enum clario_status store_billing_attr_convert(struct store *s, int64_t merchant_id,
					      const char *month, struct clario_err *err)
{
	return sql_exec(s,
			"UPDATE referral_attributions SET conversion_month = $2"
			" WHERE merchant_id = $1 AND conversion_month IS NULL",
			"recording a conversion", SQL_ARGS(SQL_I(merchant_id), SQL_T(month)), NULL,
			err);
}

/* ---- commissions and payouts ---- */

static void read_commission(const struct sql_row *r, void *item)
{
	struct store_commission *c = item;
	c->id = sql_int(r, 0);
	c->partner_id = sql_int(r, 1);
	c->merchant_id = sql_int(r, 2);
	sql_copy(r, 3, c->month, sizeof c->month);
	sql_copy(r, 4, c->kind, sizeof c->kind);
	c->amount = sql_int(r, 5);
	c->invoice_id = sql_int(r, 6);
	sql_copy(r, 7, c->reason, sizeof c->reason);
	c->created_at = sql_int(r, 8);
}

enum clario_status store_billing_commission_add(struct store *s, const struct store_commission *c,
						int64_t *id, struct clario_err *err)
{
	int64_t dummy;
	return sql_one_int(s,
			   "INSERT INTO commission_entries (partner_id, merchant_id, month, kind,"
			   " amount, invoice_id, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6,"
			   " $7, $8) RETURNING id",
			   "recording a commission",
			   SQL_ARGS(SQL_I(c->partner_id), SQL_I(c->merchant_id), SQL_T(c->month),
				    SQL_T(c->kind), SQL_I(c->amount), SQL_ID(c->invoice_id),
				    SQL_T(c->reason), SQL_I(c->created_at)),
			   id ? id : &dummy, err);
}

enum clario_status store_billing_commission_list(struct store *s, int64_t partner_id,
						 int64_t merchant_id,
						 struct store_commission **out, size_t *n,
						 struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT id, partner_id, merchant_id, month, kind, amount, invoice_id,"
				 " reason, created_at FROM commission_entries"
				 " WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1)"
				 " AND (CAST($2 AS BIGINT) <= 0 OR merchant_id = $2) ORDER BY id",
				 "listing commissions", SQL_ARGS(SQL_I(partner_id), SQL_I(merchant_id)),
				 sizeof **out, read_commission, (void **)out, n, err);
}

enum clario_status store_billing_balance(struct store *s, int64_t partner_id, rupiah_t *out,
					 struct clario_err *err)
{
	return sql_one_int(s,
			   "SELECT coalesce((SELECT sum(amount) FROM commission_entries"
			   " WHERE partner_id = $1), 0) - coalesce((SELECT sum(amount) FROM payouts"
			   " WHERE partner_id = $1 AND status <> 'failed'), 0)",
			   "reading a commission balance", SQL_ARGS(SQL_I(partner_id)), out, err);
}

static void read_payout(const struct sql_row *r, void *item)
{
	struct store_payout *p = item;
	p->id = sql_int(r, 0);
	p->partner_id = sql_int(r, 1);
	p->amount = sql_int(r, 2);
	sql_copy(r, 3, p->status, sizeof p->status);
	p->created_at = sql_int(r, 4);
	p->updated_at = sql_int(r, 5);
}

enum clario_status store_billing_payout_add(struct store *s, const struct store_payout *p,
					    int64_t *id, struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO payouts (partner_id, amount, status, created_at, updated_at)"
			   " VALUES ($1, $2, $3, $4, $4) RETURNING id",
			   "recording a payout",
			   SQL_ARGS(SQL_I(p->partner_id), SQL_I(p->amount), SQL_T(p->status),
				    SQL_I(p->created_at)),
			   id, err);
}

enum clario_status store_billing_payout_get(struct store *s, int64_t id, struct store_payout *out,
					    struct clario_err *err)
{
	return store__one(s,
			  "SELECT id, partner_id, amount, status, created_at, updated_at FROM payouts"
			  " WHERE id = $1",
			  "payout", SQL_ARGS(SQL_I(id)), read_payout, out, err);
}

enum clario_status store_billing_payout_set(struct store *s, int64_t id, const char *status,
					    instant_t at, struct clario_err *err)
{
	int64_t changed = 0;
	enum clario_status st = sql_exec(
		s, "UPDATE payouts SET status = $2, updated_at = $3 WHERE id = $1", "updating a payout",
		SQL_ARGS(SQL_I(id), SQL_T(status), SQL_I(at)), &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such payout");
	return st;
}

enum clario_status store_billing_payout_list(struct store *s, int64_t partner_id,
					     struct store_payout **out, size_t *n,
					     struct clario_err *err)
{
	return store__list_query(s,
				 "SELECT id, partner_id, amount, status, created_at, updated_at"
				 " FROM payouts WHERE (CAST($1 AS BIGINT) <= 0 OR partner_id = $1)"
				 " ORDER BY id",
				 "listing payouts", SQL_ARGS(SQL_I(partner_id)), sizeof **out,
				 read_payout, (void **)out, n, err);
}
