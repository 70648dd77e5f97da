/* SQLite: tickets with their lines, discounts and payments, and refunds. A
 * revision replaces lines/discounts/payments wholesale; refunds are never
 * deleted. */
#include <stdlib.h>
#include <string.h>

#include "store/shared.h"
#include "store/sqlite/internal.h"

enum clario_status store__lite_ticket_find(struct store *s, int64_t outlet_id, const char *ticket_ext_id,
				     struct store_ticket_ref *out, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_TICKET_FIND,
		"SELECT t.id, t.revision, t.status, t.digest,"
		" (SELECT coalesce(sum(amount), 0) FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT count(*) FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT coalesce(min(at), 0) FROM refunds r WHERE r.ticket_id = t.id)"
		" FROM tickets t WHERE t.outlet_id = ? AND t.external_id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, outlet_id);
	lite__bind_text(st, 2, ticket_ext_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->revision = sqlite3_column_int64(st, 1);
		const char *status = (const char *)sqlite3_column_text(st, 2);
		out->status = status && strcmp(status, "void") == 0 ? SALES_STATUS_VOID
								   : SALES_STATUS_CLOSED;
		memset(out->digest, 0, sizeof out->digest);
		if (sqlite3_column_bytes(st, 3) == 32)
			memcpy(out->digest, sqlite3_column_blob(st, 3), 32);
		out->refunded = sqlite3_column_int64(st, 4);
		out->n_refunds = (size_t)sqlite3_column_int64(st, 5);
		out->first_refund_at = sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such ticket");
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "finding a ticket", err);
}

static enum clario_status insert_children(struct store *s, int64_t id, const struct sales_ticket *t,
					  const struct store_ticket_place *place,
					  struct clario_err *err)
{
	enum clario_status r = CLARIO_OK;
	for (size_t i = 0; i < t->n_lines && r == CLARIO_OK; i++) {
		const struct sales_line *l = &t->lines[i];
		sqlite3_stmt *st = lite__stmt(s, S_LINE_INSERT,
			"INSERT INTO ticket_lines(ticket_id, line_no, item_id, item_external_id, name,"
			" category, qty, unit_price, modifiers_total, modifiers_json, discount)"
			" VALUES (?,?,?,?,?,?,?,?,?,?,?)", err);
		if (!st)
			return err->status;
		rupiah_t mods = 0;
		for (size_t k = 0; k < l->n_modifiers; k++)
			mods += l->modifiers[k].price;
		char *mj = store__modifiers_encode(l);
		if (l->n_modifiers && !mj)
			return clario_err_set(err, CLARIO_ENOMEM, "saving modifiers: out of memory");
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int64(st, 3, place->item_ids[i]);
		lite__bind_text(st, 4, l->item_id);
		lite__bind_text(st, 5, l->name);
		lite__bind_text(st, 6, l->category);
		sqlite3_bind_int(st, 7, l->qty);
		sqlite3_bind_int64(st, 8, l->unit_price);
		sqlite3_bind_int64(st, 9, mods);
		lite__bind_text(st, 10, mj);
		sqlite3_bind_int64(st, 11, l->discount);
		r = lite__exec(s, st, "saving a ticket line", err);
		free(mj);
	}
	for (size_t i = 0; i < t->n_discounts && r == CLARIO_OK; i++) {
		sqlite3_stmt *st = lite__stmt(s, S_DISCOUNT_INSERT,
			"INSERT INTO ticket_discounts(ticket_id, seq, name, amount) VALUES (?,?,?,?)", err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		lite__bind_text(st, 3, t->discounts[i].name);
		sqlite3_bind_int64(st, 4, t->discounts[i].amount);
		r = lite__exec(s, st, "saving a ticket discount", err);
	}
	for (size_t i = 0; i < t->n_payments && r == CLARIO_OK; i++) {
		sqlite3_stmt *st = lite__stmt(s, S_PAYMENT_INSERT,
			"INSERT INTO payments(ticket_id, seq, method, amount, reference) VALUES (?,?,?,?,?)",
			err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		lite__bind_text(st, 3, sales_payment_name(t->payments[i].method));
		sqlite3_bind_int64(st, 4, t->payments[i].amount);
		lite__bind_text(st, 5, t->payments[i].reference);
		r = lite__exec(s, st, "saving a payment", err);
	}
	(void)place;
	return r;
}

/* Binds the ticket columns shared by insert and update, from index `base`. */
static void bind_ticket(sqlite3_stmt *st, int base, const struct sales_ticket *t,
			const struct store_ticket_place *place, const unsigned char digest[32])
{
	sqlite3_bind_int64(st, base + 0, t->revision);
	lite__bind_text(st, base + 1, sales_status_name(t->status));
	if (t->opened_at)
		sqlite3_bind_int64(st, base + 2, t->opened_at);
	else
		sqlite3_bind_null(st, base + 2);
	sqlite3_bind_int64(st, base + 3, t->closed_at);
	lite__bind_text(st, base + 4, sales_channel_name(t->channel));
	sqlite3_bind_int(st, base + 5, t->covers);
	lite__bind_text(st, base + 6, t->customer_id);
	lite__bind_text(st, base + 7, t->cashier_id);
	sqlite3_bind_int64(st, base + 8, t->service_charge);
	sqlite3_bind_int64(st, base + 9, t->tax);
	sqlite3_bind_int64(st, base + 10, t->rounding);
	sqlite3_bind_int(st, base + 11, place->business_day);
	sqlite3_bind_int(st, base + 12, place->hour);
	sqlite3_bind_blob(st, base + 13, digest, 32, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, base + 14, lite__now());
}

enum clario_status store__lite_ticket_insert(struct store *s, const struct sales_ticket *t,
				       const struct store_ticket_place *place,
				       const unsigned char digest[32], int64_t *id,
				       struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_TICKET_INSERT,
		"INSERT INTO tickets(merchant_id, outlet_id, source, external_id, revision, status,"
		" opened_at, closed_at, channel, covers, customer_id, cashier_id, service_charge, tax,"
		" rounding, business_day, hour, digest, updated_at, created_at)"
		" VALUES (?,?,?,?, ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, ?19)", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, place->merchant_id);
	sqlite3_bind_int64(st, 2, place->outlet_id);
	lite__bind_text(st, 3, t->source);
	lite__bind_text(st, 4, t->ticket_id);
	bind_ticket(st, 5, t, place, digest);
	enum clario_status r = lite__exec(s, st, "saving a ticket", err);
	if (r != CLARIO_OK)
		return r;
	*id = sqlite3_last_insert_rowid(L(s)->db);
	return insert_children(s, *id, t, place, err);
}

enum clario_status store__lite_ticket_replace(struct store *s, int64_t id, const struct sales_ticket *t,
					const struct store_ticket_place *place,
					const unsigned char digest[32], struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_TICKET_UPDATE,
		"UPDATE tickets SET revision = ?1, status = ?2, opened_at = ?3, closed_at = ?4,"
		" channel = ?5, covers = ?6, customer_id = ?7, cashier_id = ?8, service_charge = ?9,"
		" tax = ?10, rounding = ?11, business_day = ?12, hour = ?13, digest = ?14,"
		" updated_at = ?15 WHERE id = ?16", err);
	if (!st)
		return err->status;
	bind_ticket(st, 1, t, place, digest);
	sqlite3_bind_int64(st, 16, id);
	enum clario_status r = lite__exec(s, st, "updating a ticket", err);
	static const struct {
		enum lite__stmt_id id;
		const char *sql;
	} dels[] = {
		{S_LINES_DELETE, "DELETE FROM ticket_lines WHERE ticket_id = ?"},
		{S_DISCOUNTS_DELETE, "DELETE FROM ticket_discounts WHERE ticket_id = ?"},
		{S_PAYMENTS_DELETE, "DELETE FROM payments WHERE ticket_id = ?"},
	};
	for (size_t i = 0; i < 3 && r == CLARIO_OK; i++) {
		sqlite3_stmt *d = lite__stmt(s, dels[i].id, dels[i].sql, err);
		if (!d)
			return err->status;
		sqlite3_bind_int64(d, 1, id);
		r = lite__exec(s, d, "replacing a ticket's content", err);
	}
	return r == CLARIO_OK ? insert_children(s, id, t, place, err) : r;
}

static const char *col_dup(struct arena *a, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

/* Counts rows first so arrays are allocated once, then fills them. */
static enum clario_status count_rows(struct store *s, sqlite3_stmt *st, size_t *n,
				     struct clario_err *err)
{
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		(*n)++;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CLARIO_OK : lite__fail(s, rc, "loading a ticket", err);
}

enum clario_status store__lite_ticket_load(struct store *s, int64_t id, struct arena *a,
				     struct sales_ticket *t, int64_t **item_ids,
				     struct clario_err *err)
{
	memset(t, 0, sizeof *t);
	sqlite3_stmt *st = lite__stmt(s, S_TICKET_GET,
		"SELECT t.source, o.external_id, t.external_id, t.revision, t.status,"
		" coalesce(t.opened_at, 0), t.closed_at, t.channel, t.covers, t.customer_id,"
		" t.cashier_id, t.service_charge, t.tax, t.rounding"
		" FROM tickets t JOIN outlets o ON o.id = t.outlet_id WHERE t.id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t->source = col_dup(a, st, 0);
		t->outlet_id = col_dup(a, st, 1);
		t->ticket_id = col_dup(a, st, 2);
		t->revision = sqlite3_column_int64(st, 3);
		sales_status_parse((const char *)sqlite3_column_text(st, 4), &t->status);
		t->opened_at = sqlite3_column_int64(st, 5);
		t->closed_at = sqlite3_column_int64(st, 6);
		sales_channel_parse((const char *)sqlite3_column_text(st, 7), &t->channel);
		t->covers = sqlite3_column_int(st, 8);
		t->customer_id = col_dup(a, st, 9);
		t->cashier_id = col_dup(a, st, 10);
		t->service_charge = sqlite3_column_int64(st, 11);
		t->tax = sqlite3_column_int64(st, 12);
		t->rounding = sqlite3_column_int64(st, 13);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such ticket");
	if (rc != SQLITE_ROW)
		return lite__fail(s, rc, "loading a ticket", err);

	enum clario_status r;
	size_t n;
	st = lite__stmt(s, S_LINES_LOAD,
		"SELECT item_id, item_external_id, name, category, qty, unit_price, modifiers_json,"
		" discount FROM ticket_lines WHERE ticket_id = ? ORDER BY line_no", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	if ((r = count_rows(s, st, &n, err)))
		return r;
	t->lines = arena_calloc(a, n ? n : 1, sizeof *t->lines);
	*item_ids = arena_calloc(a, n ? n : 1, sizeof **item_ids);
	if (!t->lines || !*item_ids)
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	while (t->n_lines < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sales_line *l = &t->lines[t->n_lines];
		(*item_ids)[t->n_lines] = sqlite3_column_int64(st, 0);
		l->item_id = col_dup(a, st, 1);
		l->name = col_dup(a, st, 2);
		l->category = col_dup(a, st, 3);
		l->qty = sqlite3_column_int(st, 4);
		l->unit_price = sqlite3_column_int64(st, 5);
		if (store__modifiers_decode(a, (const char *)sqlite3_column_text(st, 6), l) != CLARIO_OK) {
			sqlite3_reset(st);
			return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
		}
		l->discount = sqlite3_column_int64(st, 7);
		t->n_lines++;
	}
	sqlite3_reset(st);

	st = lite__stmt(s, S_DISCOUNTS_LOAD,
		"SELECT name, amount FROM ticket_discounts WHERE ticket_id = ? ORDER BY seq", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	if ((r = count_rows(s, st, &n, err)))
		return r;
	if (n && !(t->discounts = arena_calloc(a, n, sizeof *t->discounts)))
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	while (t->n_discounts < n && sqlite3_step(st) == SQLITE_ROW) {
		t->discounts[t->n_discounts].name = col_dup(a, st, 0);
		t->discounts[t->n_discounts].amount = sqlite3_column_int64(st, 1);
		t->n_discounts++;
	}
	sqlite3_reset(st);

	st = lite__stmt(s, S_PAYMENTS_LOAD,
		"SELECT method, amount, reference FROM payments WHERE ticket_id = ? ORDER BY seq", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	if ((r = count_rows(s, st, &n, err)))
		return r;
	if (n && !(t->payments = arena_calloc(a, n, sizeof *t->payments)))
		return clario_err_set(err, CLARIO_ENOMEM, "loading a ticket: out of memory");
	while (t->n_payments < n && sqlite3_step(st) == SQLITE_ROW) {
		struct sales_payment *p = &t->payments[t->n_payments++];
		sales_payment_parse((const char *)sqlite3_column_text(st, 0), &p->method);
		p->amount = sqlite3_column_int64(st, 1);
		p->reference = col_dup(a, st, 2);
	}
	sqlite3_reset(st);
	return CLARIO_OK;
}

enum clario_status store__lite_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id,
				       bool *exists, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_REFUND_EXISTS,
		"SELECT 1 FROM refunds WHERE ticket_id = ? AND external_id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, ticket_id);
	lite__bind_text(st, 2, refund_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*exists = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CLARIO_OK
						     : lite__fail(s, rc, "finding a refund", err);
}

enum clario_status store__lite_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id,
				       int64_t outlet_id, const struct sales_refund *r,
				       day_t business_day, int hour,
				       const struct store_refund_alloc *alloc, size_t n_alloc,
				       struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_REFUND_INSERT,
		"INSERT INTO refunds(ticket_id, merchant_id, outlet_id, external_id, at, amount, reason,"
		" business_day, hour, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, merchant_id);
	sqlite3_bind_int64(st, 3, outlet_id);
	lite__bind_text(st, 4, r->refund_id);
	sqlite3_bind_int64(st, 5, r->at);
	sqlite3_bind_int64(st, 6, r->amount);
	lite__bind_text(st, 7, r->reason);
	sqlite3_bind_int(st, 8, business_day);
	sqlite3_bind_int(st, 9, hour);
	sqlite3_bind_int64(st, 10, lite__now());
	enum clario_status res = lite__exec(s, st, "saving a refund", err);
	if (res != CLARIO_OK)
		return res;
	int64_t rid = sqlite3_last_insert_rowid(L(s)->db);
	for (size_t i = 0; i < n_alloc && res == CLARIO_OK; i++) {
		st = lite__stmt(s, S_REFUND_LINE_INSERT,
			"INSERT INTO refund_lines(refund_id, item_id, qty, amount) VALUES (?,?,?,?)", err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, rid);
		sqlite3_bind_int64(st, 2, alloc[i].item_id);
		sqlite3_bind_int(st, 3, alloc[i].qty);
		sqlite3_bind_int64(st, 4, alloc[i].amount);
		res = lite__exec(s, st, "saving a refund line", err);
	}
	return res;
}

enum clario_status store__lite_ticket_ids(struct store *s,
				    enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id),
				    void *ctx, struct clario_err *err)
{
	/* Ids are collected first: fn runs statements on this same connection. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(L(s)->db, "SELECT id, outlet_id FROM tickets ORDER BY id", -1, &st,
				    NULL);
	if (rc != SQLITE_OK)
		return lite__fail(s, rc, "listing tickets", err);
	size_t cap = 1024, n = 0;
	int64_t *ids = malloc(cap * 2 * sizeof *ids);
	enum clario_status r = CLARIO_OK;
	while (ids && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *b = realloc(ids, cap * 4 * sizeof *ids);
			if (!b)
				break;
			ids = b;
			cap *= 2;
		}
		ids[2 * n] = sqlite3_column_int64(st, 0);
		ids[2 * n + 1] = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	if (!ids || rc != SQLITE_DONE)
		r = ids ? lite__fail(s, rc, "listing tickets", err)
			: clario_err_set(err, CLARIO_ENOMEM, "listing tickets: out of memory");
	for (size_t i = 0; i < n && r == CLARIO_OK; i++)
		r = fn(ctx, ids[2 * i], ids[2 * i + 1]);
	free(ids);
	return r;
}

enum clario_status store__lite_refund_rows(struct store *s,
				     enum clario_status (*fn)(void *ctx, const struct store_refund_row *r),
				     void *ctx, struct clario_err *err)
{
	sqlite3_stmt *st = NULL, *lines = NULL;
	enum clario_status r = CLARIO_OK;
	struct store_refund_alloc *alloc = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(L(s)->db,
		"SELECT id, merchant_id, outlet_id, business_day, hour, amount FROM refunds ORDER BY id",
		-1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(L(s)->db,
			"SELECT item_id, qty, amount FROM refund_lines WHERE refund_id = ? ORDER BY rowid",
			-1, &lines, NULL);
	if (rc != SQLITE_OK) {
		r = lite__fail(s, rc, "listing refunds", err);
		goto out;
	}
	while (r == CLARIO_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_refund_row row = {
			.merchant_id = sqlite3_column_int64(st, 1),
			.outlet_id = sqlite3_column_int64(st, 2),
			.day = sqlite3_column_int(st, 3),
			.hour = sqlite3_column_int(st, 4),
			.amount = sqlite3_column_int64(st, 5),
		};
		size_t n = 0;
		sqlite3_reset(lines);
		sqlite3_bind_int64(lines, 1, sqlite3_column_int64(st, 0));
		while (sqlite3_step(lines) == SQLITE_ROW) {
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 16;
				struct store_refund_alloc *b = realloc(alloc, nc * sizeof *alloc);
				if (!b) {
					r = clario_err_set(err, CLARIO_ENOMEM, "listing refunds: out of memory");
					break;
				}
				alloc = b;
				cap = nc;
			}
			alloc[n].item_id = sqlite3_column_int64(lines, 0);
			alloc[n].qty = sqlite3_column_int(lines, 1);
			alloc[n].amount = sqlite3_column_int64(lines, 2);
			n++;
		}
		row.alloc = alloc;
		row.n_alloc = n;
		if (r == CLARIO_OK)
			r = fn(ctx, &row);
	}
	if (r == CLARIO_OK && rc != SQLITE_DONE)
		r = lite__fail(s, rc, "listing refunds", err);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(lines);
	free(alloc);
	return r;
}

enum clario_status store__lite_ticket_prefetch(struct store *s, const int64_t *outlet_ids,
					       const char *const *ext_ids, size_t n,
					       struct clario_err *err)
{
	/* In-process look-ups cost no round trip: nothing to gain. */
	(void)s, (void)outlet_ids, (void)ext_ids, (void)n, (void)err;
	return CLARIO_OK;
}
