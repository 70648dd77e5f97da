/* PostgreSQL: tickets with their lines, discounts and payments, and refunds. A
 * revision replaces lines/discounts/payments wholesale; refunds are never
 * deleted. Same results and error texts as store/sqlite/tickets.c. */
#include <stdlib.h>
#include <string.h>

#include "store/shared.h"
#include "store/pg/internal.h"

enum clario_status store__pg_ticket_find(struct store *s, int64_t outlet_id,
					 const char *ticket_ext_id, struct store_ticket_ref *out,
					 struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	bool ok = true;
	int known = pg__cache_ticket(s, outlet_id, ticket_ext_id, out);
	if (known == 1)
		return CLARIO_OK;
	if (known == 0)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such ticket");
	pg__p_int(&p, outlet_id);
	pg__p_text(&p, ticket_ext_id);
	enum clario_status st = pg__run(s, P_TICKET_FIND,
		"SELECT t.id, t.revision, t.status, t.digest,"
		" (SELECT coalesce(sum(amount), 0)::bigint FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT count(*) FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT coalesce(min(at), 0) FROM refunds r WHERE r.ticket_id = t.id)"
		" FROM tickets t WHERE t.outlet_id = $1 AND t.external_id = $2", &p, &r,
		"finding a ticket", err);
	if (st != CLARIO_OK)
		goto out;
	if (PQntuples(r) == 0) {
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such ticket");
		goto out;
	}
	out->id = pg__i64(r, 0, 0, &ok);
	out->revision = pg__i64(r, 0, 1, &ok);
	out->status = strcmp(PQgetvalue(r, 0, 2), "void") == 0 ? SALES_STATUS_VOID
								: SALES_STATUS_CLOSED;
	pg__copy_bytes(r, 0, 3, out->digest, sizeof out->digest);
	out->refunded = pg__i64(r, 0, 4, &ok);
	out->n_refunds = (size_t)pg__i64(r, 0, 5, &ok);
	out->first_refund_at = pg__i64(r, 0, 6, &ok);
	if (!ok)
		st = pg__bad_row("finding a ticket", err);
out:
	PQclear(r);
	return st;
}

static enum clario_status insert_line(struct store *s, int64_t id, size_t i,
				      const struct sales_line *l, int64_t item_id,
				      struct clario_err *err)
{
	struct pg__params p = {0};
	rupiah_t mods = 0;
	for (size_t k = 0; k < l->n_modifiers; k++)
		mods += l->modifiers[k].price;
	char *mj = store__modifiers_encode(l);
	if (l->n_modifiers && !mj)
		return clario_err_set(err, CLARIO_ENOMEM, "saving modifiers: out of memory");
	pg__p_int(&p, id);
	pg__p_int(&p, (int64_t)i);
	pg__p_int(&p, item_id);
	pg__p_text(&p, l->item_id);
	pg__p_text(&p, l->name);
	pg__p_text(&p, l->category);
	pg__p_int(&p, l->qty);
	pg__p_int(&p, l->unit_price);
	pg__p_int(&p, mods);
	pg__p_text(&p, mj);
	pg__p_int(&p, l->discount);
	enum clario_status st = pg__exec(s, P_LINE_INSERT,
		"INSERT INTO ticket_lines(ticket_id, line_no, item_id, item_external_id, name,"
		" category, qty, unit_price, modifiers_total, modifiers_json, discount)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", &p,
		"saving a ticket line", err);
	free(mj);
	return st;
}

static enum clario_status insert_children(struct store *s, int64_t id, const struct sales_ticket *t,
					  const struct store_ticket_place *place,
					  struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < t->n_lines && st == CLARIO_OK; i++)
		st = insert_line(s, id, i, &t->lines[i], place->item_ids[i], err);
	for (size_t i = 0; i < t->n_discounts && st == CLARIO_OK; i++) {
		struct pg__params p = {0};
		pg__p_int(&p, id);
		pg__p_int(&p, (int64_t)i);
		pg__p_text(&p, t->discounts[i].name);
		pg__p_int(&p, t->discounts[i].amount);
		st = pg__exec(s, P_DISCOUNT_INSERT,
			"INSERT INTO ticket_discounts(ticket_id, seq, name, amount)"
			" VALUES ($1, $2, $3, $4)", &p, "saving a ticket discount", err);
	}
	for (size_t i = 0; i < t->n_payments && st == CLARIO_OK; i++) {
		struct pg__params p = {0};
		pg__p_int(&p, id);
		pg__p_int(&p, (int64_t)i);
		pg__p_text(&p, sales_payment_name(t->payments[i].method));
		pg__p_int(&p, t->payments[i].amount);
		pg__p_text(&p, t->payments[i].reference);
		st = pg__exec(s, P_PAYMENT_INSERT,
			"INSERT INTO payments(ticket_id, seq, method, amount, reference)"
			" VALUES ($1, $2, $3, $4, $5)", &p, "saving a payment", err);
	}
	return st;
}

/* Adds the ticket columns shared by insert and update (15 parameters). */
static void ticket_params(struct pg__params *p, const struct sales_ticket *t,
			  const struct store_ticket_place *place, const unsigned char digest[32])
{
	pg__p_int(p, t->revision);
	pg__p_text(p, sales_status_name(t->status));
	if (t->opened_at)
		pg__p_int(p, t->opened_at);
	else
		pg__p_null(p);
	pg__p_int(p, t->closed_at);
	pg__p_text(p, sales_channel_name(t->channel));
	pg__p_int(p, t->covers);
	pg__p_text(p, t->customer_id);
	pg__p_text(p, t->cashier_id);
	pg__p_int(p, t->service_charge);
	pg__p_int(p, t->tax);
	pg__p_int(p, t->rounding);
	pg__p_int(p, place->business_day);
	pg__p_int(p, place->hour);
	pg__p_bytes(p, digest, 32);
	pg__p_int(p, pg__now());
}

enum clario_status store__pg_ticket_insert(struct store *s, const struct sales_ticket *t,
					   const struct store_ticket_place *place,
					   const unsigned char digest[32], int64_t *id,
					   struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	bool ok = true;
	enum clario_status st = pg__bulk_ticket(s, t, place, digest, id, err);
	if (st != CLARIO_ENOTFOUND)
		return st;
	pg__p_int(&p, place->merchant_id);
	pg__p_int(&p, place->outlet_id);
	pg__p_text(&p, t->source);
	pg__p_text(&p, t->ticket_id);
	ticket_params(&p, t, place, digest);
	st = pg__run(s, P_TICKET_INSERT,
		"INSERT INTO tickets(merchant_id, outlet_id, source, external_id, revision, status,"
		" opened_at, closed_at, channel, covers, customer_id, cashier_id, service_charge, tax,"
		" rounding, business_day, hour, digest, updated_at, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
		" $17, $18, $19, $19) RETURNING id", &p, &r, "saving a ticket", err);
	if (st != CLARIO_OK)
		goto out;
	*id = PQntuples(r) == 1 ? pg__i64(r, 0, 0, &ok) : 0;
	st = ok && *id ? insert_children(s, *id, t, place, err) : pg__bad_row("saving a ticket", err);
	if (st == CLARIO_OK)
		pg__cache_ticket_inserted(s, place->outlet_id, t->ticket_id, *id, t, digest);
out:
	PQclear(r);
	return st;
}

enum clario_status store__pg_ticket_replace(struct store *s, int64_t id,
					    const struct sales_ticket *t,
					    const struct store_ticket_place *place,
					    const unsigned char digest[32], struct clario_err *err)
{
	struct pg__params p = {0}, q = {0};
	ticket_params(&p, t, place, digest);
	pg__p_int(&p, id);
	enum clario_status st = pg__exec(s, P_TICKET_UPDATE,
		"UPDATE tickets SET revision = $1, status = $2, opened_at = $3, closed_at = $4,"
		" channel = $5, covers = $6, customer_id = $7, cashier_id = $8, service_charge = $9,"
		" tax = $10, rounding = $11, business_day = $12, hour = $13, digest = $14,"
		" updated_at = $15 WHERE id = $16", &p, "updating a ticket", err);
	static const struct {
		enum pg__stmt_id id;
		const char *sql;
	} dels[] = {
		{P_LINES_DELETE, "DELETE FROM ticket_lines WHERE ticket_id = $1"},
		{P_DISCOUNTS_DELETE, "DELETE FROM ticket_discounts WHERE ticket_id = $1"},
		{P_PAYMENTS_DELETE, "DELETE FROM payments WHERE ticket_id = $1"},
	};
	pg__p_int(&q, id);
	for (size_t i = 0; i < 3 && st == CLARIO_OK; i++)
		st = pg__exec(s, dels[i].id, dels[i].sql, &q, "replacing a ticket's content", err);
	if (st == CLARIO_OK)
		st = insert_children(s, id, t, place, err);
	if (st == CLARIO_OK)
		pg__cache_ticket_replaced(s, id, t, digest);
	return st;
}

static const char *col_dup(struct arena *a, const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NULL;
	return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

static bool load_head(struct arena *a, const PGresult *r, struct sales_ticket *t)
{
	bool ok = true;
	t->source = col_dup(a, r, 0, 0);
	t->outlet_id = col_dup(a, r, 0, 1);
	t->ticket_id = col_dup(a, r, 0, 2);
	t->revision = pg__i64(r, 0, 3, &ok);
	sales_status_parse(PQgetvalue(r, 0, 4), &t->status);
	t->opened_at = pg__i64(r, 0, 5, &ok);
	t->closed_at = pg__i64(r, 0, 6, &ok);
	sales_channel_parse(PQgetvalue(r, 0, 7), &t->channel);
	t->covers = (int)pg__i64(r, 0, 8, &ok);
	t->customer_id = col_dup(a, r, 0, 9);
	t->cashier_id = col_dup(a, r, 0, 10);
	t->service_charge = pg__i64(r, 0, 11, &ok);
	t->tax = pg__i64(r, 0, 12, &ok);
	t->rounding = pg__i64(r, 0, 13, &ok);
	return ok;
}

static enum clario_status load_lines(struct arena *a, const PGresult *r, struct sales_ticket *t,
				     int64_t **item_ids, struct clario_err *err)
{
	size_t n = (size_t)PQntuples(r);
	bool ok = true;
	t->lines = arena_calloc(a, n ? n : 1, sizeof *t->lines);
	*item_ids = arena_calloc(a, n ? n : 1, sizeof **item_ids);
	if (!t->lines || !*item_ids)
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	for (int i = 0; i < (int)n; i++) {
		struct sales_line *l = &t->lines[t->n_lines];
		(*item_ids)[t->n_lines] = pg__i64(r, i, 0, &ok);
		l->item_id = col_dup(a, r, i, 1);
		l->name = col_dup(a, r, i, 2);
		l->category = col_dup(a, r, i, 3);
		l->qty = (int32_t)pg__i64(r, i, 4, &ok);
		l->unit_price = pg__i64(r, i, 5, &ok);
		if (store__modifiers_decode(a, PQgetisnull(r, i, 6) ? NULL : PQgetvalue(r, i, 6), l))
			return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
		l->discount = pg__i64(r, i, 7, &ok);
		t->n_lines++;
	}
	return ok ? CLARIO_OK : pg__bad_row("loading a ticket", err);
}

static enum clario_status load_discounts(struct arena *a, const PGresult *r,
					 struct sales_ticket *t, struct clario_err *err)
{
	size_t n = (size_t)PQntuples(r);
	bool ok = true;
	if (n && !(t->discounts = arena_calloc(a, n, sizeof *t->discounts)))
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	for (int i = 0; i < (int)n; i++) {
		t->discounts[t->n_discounts].name = col_dup(a, r, i, 0);
		t->discounts[t->n_discounts].amount = pg__i64(r, i, 1, &ok);
		t->n_discounts++;
	}
	return ok ? CLARIO_OK : pg__bad_row("loading a ticket", err);
}

static enum clario_status load_payments(struct arena *a, const PGresult *r,
					struct sales_ticket *t, struct clario_err *err)
{
	size_t n = (size_t)PQntuples(r);
	bool ok = true;
	if (n && !(t->payments = arena_calloc(a, n, sizeof *t->payments)))
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	for (int i = 0; i < (int)n; i++) {
		struct sales_payment *p = &t->payments[t->n_payments++];
		sales_payment_parse(PQgetvalue(r, i, 0), &p->method);
		p->amount = pg__i64(r, i, 1, &ok);
		p->reference = col_dup(a, r, i, 2);
	}
	return ok ? CLARIO_OK : pg__bad_row("loading a ticket", err);
}

enum clario_status store__pg_ticket_load(struct store *s, int64_t id, struct arena *a,
					 struct sales_ticket *t, int64_t **item_ids,
					 struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	memset(t, 0, sizeof *t);
	pg__p_int(&p, id);
	enum clario_status st = pg__run(s, P_TICKET_GET,
		"SELECT t.source, o.external_id, t.external_id, t.revision, t.status,"
		" coalesce(t.opened_at, 0), t.closed_at, t.channel, t.covers, t.customer_id,"
		" t.cashier_id, t.service_charge, t.tax, t.rounding"
		" FROM tickets t JOIN outlets o ON o.id = t.outlet_id WHERE t.id = $1", &p, &r,
		"loading a ticket", err);
	if (st != CLARIO_OK)
		goto out;
	if (PQntuples(r) == 0) {
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such ticket");
		goto out;
	}
	if (!load_head(a, r, t)) {
		st = pg__bad_row("loading a ticket", err);
		goto out;
	}
	PQclear(r);
	r = NULL;
	if ((st = pg__run(s, P_LINES_LOAD,
			  "SELECT item_id, item_external_id, name, category, qty, unit_price,"
			  " modifiers_json, discount FROM ticket_lines WHERE ticket_id = $1"
			  " ORDER BY line_no", &p, &r, "loading a ticket", err)) ||
	    (st = load_lines(a, r, t, item_ids, err)))
		goto out;
	PQclear(r);
	r = NULL;
	if ((st = pg__run(s, P_DISCOUNTS_LOAD,
			  "SELECT name, amount FROM ticket_discounts WHERE ticket_id = $1 ORDER BY seq",
			  &p, &r, "loading a ticket", err)) ||
	    (st = load_discounts(a, r, t, err)))
		goto out;
	PQclear(r);
	r = NULL;
	if ((st = pg__run(s, P_PAYMENTS_LOAD,
			  "SELECT method, amount, reference FROM payments WHERE ticket_id = $1"
			  " ORDER BY seq", &p, &r, "loading a ticket", err)))
		goto out;
	st = load_payments(a, r, t, err);
out:
	PQclear(r);
	return st;
}

enum clario_status store__pg_refund_exists(struct store *s, int64_t ticket_id,
					   const char *refund_id, bool *exists,
					   struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	if (pg__bulk_refund_exists(s, ticket_id, refund_id, exists))
		return CLARIO_OK;
	pg__p_int(&p, ticket_id);
	pg__p_text(&p, refund_id);
	enum clario_status st = pg__run(s, P_REFUND_EXISTS,
		"SELECT 1 FROM refunds WHERE ticket_id = $1 AND external_id = $2", &p, &r,
		"finding a refund", err);
	*exists = st == CLARIO_OK && PQntuples(r) > 0;
	PQclear(r);
	return st;
}

enum clario_status store__pg_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id,
					   int64_t outlet_id, const struct sales_refund *rf,
					   day_t business_day, int hour,
					   const struct store_refund_alloc *alloc, size_t n_alloc,
					   struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	bool ok = true;
	enum clario_status st = pg__bulk_refund(s, ticket_id, merchant_id, outlet_id, rf,
						business_day, hour, alloc, n_alloc, err);
	if (st != CLARIO_ENOTFOUND) {
		if (st == CLARIO_OK)
			pg__cache_refund_added(s, ticket_id, rf->amount, rf->at);
		return st;
	}
	pg__p_int(&p, ticket_id);
	pg__p_int(&p, merchant_id);
	pg__p_int(&p, outlet_id);
	pg__p_text(&p, rf->refund_id);
	pg__p_int(&p, rf->at);
	pg__p_int(&p, rf->amount);
	pg__p_text(&p, rf->reason);
	pg__p_int(&p, business_day);
	pg__p_int(&p, hour);
	pg__p_int(&p, pg__now());
	st = pg__run(s, P_REFUND_INSERT,
		"INSERT INTO refunds(ticket_id, merchant_id, outlet_id, external_id, at, amount, reason,"
		" business_day, hour, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
		" RETURNING id", &p, &r, "saving a refund", err);
	if (st != CLARIO_OK)
		goto out;
	int64_t rid = PQntuples(r) == 1 ? pg__i64(r, 0, 0, &ok) : 0;
	if (!ok || !rid) {
		st = pg__bad_row("saving a refund", err);
		goto out;
	}
	for (size_t i = 0; i < n_alloc && st == CLARIO_OK; i++) {
		struct pg__params q = {0};
		pg__p_int(&q, rid);
		pg__p_int(&q, alloc[i].item_id);
		pg__p_int(&q, alloc[i].qty);
		pg__p_int(&q, alloc[i].amount);
		st = pg__exec(s, P_REFUND_LINE_INSERT,
			"INSERT INTO refund_lines(refund_id, item_id, qty, amount) VALUES ($1, $2, $3, $4)",
			&q, "saving a refund line", err);
	}
	if (st == CLARIO_OK)
		pg__cache_refund_added(s, ticket_id, rf->amount, rf->at);
out:
	PQclear(r);
	return st;
}

enum clario_status store__pg_ticket_prefetch(struct store *s, const int64_t *outlet_ids,
					     const char *const *ext_ids, size_t n,
					     struct clario_err *err)
{
	return pg__cache_prefetch(s, outlet_ids, ext_ids, n, err);
}

enum clario_status store__pg_ticket_ids(struct store *s,
					enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id),
					void *ctx, struct clario_err *err)
{
	/* The whole result is in memory before fn runs statements on this same
	 * connection; ids are parsed first so a bad row stops before any call. */
	PGresult *r = NULL;
	int64_t *ids = NULL;
	bool ok = true;
	enum clario_status st = pg__run(s, P_TICKET_IDS, "SELECT id, outlet_id FROM tickets ORDER BY id",
					NULL, &r, "listing tickets", err);
	if (st != CLARIO_OK)
		goto out;
	size_t n = (size_t)PQntuples(r);
	ids = malloc((n ? n : 1) * 2 * sizeof *ids);
	if (!ids) {
		st = clario_err_set(err, CLARIO_ENOMEM, "listing tickets: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		ids[2 * i] = pg__i64(r, (int)i, 0, &ok);
		ids[2 * i + 1] = pg__i64(r, (int)i, 1, &ok);
	}
	PQclear(r);
	r = NULL;
	if (!ok) {
		st = pg__bad_row("listing tickets", err);
		goto out;
	}
	for (size_t i = 0; i < n && st == CLARIO_OK; i++)
		st = fn(ctx, ids[2 * i], ids[2 * i + 1]);
out:
	PQclear(r);
	free(ids);
	return st;
}

/* Reads one refund's allocation into *alloc (grown as needed). */
static enum clario_status refund_alloc(struct store *s, int64_t refund_id,
				       struct store_refund_alloc **alloc, size_t *cap, size_t *n,
				       struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	bool ok = true;
	pg__p_int(&p, refund_id);
	*n = 0;
	enum clario_status st = pg__run(s, P_REFUND_LINES_OF,
		"SELECT item_id, qty, amount FROM refund_lines WHERE refund_id = $1 ORDER BY id", &p, &r,
		"listing refunds", err);
	if (st != CLARIO_OK)
		goto out;
	size_t rows = (size_t)PQntuples(r);
	if (rows > *cap) {
		struct store_refund_alloc *b = realloc(*alloc, rows * sizeof **alloc);
		if (!b) {
			st = clario_err_set(err, CLARIO_ENOMEM, "listing refunds: out of memory");
			goto out;
		}
		*alloc = b;
		*cap = rows;
	}
	for (size_t i = 0; i < rows; i++) {
		(*alloc)[i].item_id = pg__i64(r, (int)i, 0, &ok);
		(*alloc)[i].qty = (int32_t)pg__i64(r, (int)i, 1, &ok);
		(*alloc)[i].amount = pg__i64(r, (int)i, 2, &ok);
	}
	*n = rows;
	if (!ok)
		st = pg__bad_row("listing refunds", err);
out:
	PQclear(r);
	return st;
}

enum clario_status store__pg_refund_rows(struct store *s,
					 enum clario_status (*fn)(void *ctx, const struct store_refund_row *r),
					 void *ctx, struct clario_err *err)
{
	PGresult *r = NULL;
	struct store_refund_alloc *alloc = NULL;
	size_t cap = 0;
	enum clario_status st = pg__run(s, P_REFUNDS_ALL,
		"SELECT id, merchant_id, outlet_id, business_day, hour, amount FROM refunds ORDER BY id",
		NULL, &r, "listing refunds", err);
	int rows = st == CLARIO_OK ? PQntuples(r) : 0;
	for (int i = 0; i < rows && st == CLARIO_OK; i++) {
		bool ok = true;
		int64_t rid = pg__i64(r, i, 0, &ok);
		struct store_refund_row row = {
			.merchant_id = pg__i64(r, i, 1, &ok),
			.outlet_id = pg__i64(r, i, 2, &ok),
			.day = (day_t)pg__i64(r, i, 3, &ok),
			.hour = (int)pg__i64(r, i, 4, &ok),
			.amount = pg__i64(r, i, 5, &ok),
		};
		if (!ok) {
			st = pg__bad_row("listing refunds", err);
			break;
		}
		if ((st = refund_alloc(s, rid, &alloc, &cap, &row.n_alloc, err)))
			break;
		row.alloc = alloc;
		st = fn(ctx, &row);
	}
	PQclear(r);
	free(alloc);
	return st;
}
