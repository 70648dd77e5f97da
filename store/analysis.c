/* Analytics reads on the portable layer: rollups summed as the analyses need
 * them, the basket's (ticket, item) lines, per-cashier day counts, and the
 * daypart setting. */
#include "store/analysis.h"

#include <stdlib.h>
#include <string.h>

#include "store/grow.h"
#include "store/rollup_buffer.h"
#include "store/sql.h"

static enum clario_status nomem(struct clario_err *err)
{
	return clario_err_set(err, CLARIO_ENOMEM, "analysis: out of memory");
}

static enum clario_status item_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_item *it = store__grow_next(ctx);
	if (!it)
		return nomem(err);
	it->id = sql_int(r, 0);
	it->merchant_id = sql_int(r, 1);
	sql_copy(r, 2, it->external_id, sizeof it->external_id);
	sql_copy(r, 3, it->name, sizeof it->name);
	sql_copy(r, 4, it->category, sizeof it->category);
	it->price = sql_int(r, 5);
	it->unit_cost = sql_is_null(r, 6) ? -1 : sql_int(r, 6);
	return CLARIO_OK;
}

enum clario_status store_analysis_items(struct store *s, int64_t merchant_id,
					struct store_item **out, size_t *n, struct clario_err *err)
{
	struct store_grow v = {.size = sizeof **out};
	enum clario_status st = sql_query(s,
		"SELECT id, merchant_id, external_id, name, category, price, unit_cost FROM items"
		" WHERE merchant_id = $1 ORDER BY id", "reading the catalogue",
		SQL_ARGS(SQL_I(merchant_id)), item_row, &v, err);
	if (st != CLARIO_OK)
		free(v.p), v.p = NULL, v.n = 0;
	*out = v.p;
	*n = v.n;
	return st;
}

struct item_ctx {
	struct store_grow v;
	int64_t merchant_id, outlet_id;
};

static enum clario_status item_day_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct item_ctx *c = ctx;
	struct rollup_item_day *d = store__grow_next(&c->v);
	if (!d)
		return nomem(err);
	d->merchant_id = c->merchant_id;
	d->outlet_id = c->outlet_id;
	d->day = (day_t)sql_int(r, 0);
	d->item_id = sql_int(r, 1);
	d->qty = sql_int(r, 2);
	d->gross = sql_int(r, 3);
	d->discounts = sql_int(r, 4);
	d->tickets = sql_int(r, 5);
	d->refund_qty = sql_int(r, 6);
	d->refunds = sql_int(r, 7);
	return CLARIO_OK;
}

enum clario_status store_analysis_item_days(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_item_day **out, size_t *n,
					    struct clario_err *err)
{
	struct item_ctx c = {.v = {.size = sizeof **out}, .merchant_id = merchant_id,
			     .outlet_id = outlet_id};
	enum clario_status st = sql_query(s,
		"SELECT day, item_id, sum(qty), sum(gross), sum(discounts), sum(tickets),"
		" sum(refund_qty), sum(refunds) FROM rollup_item_day"
		" WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" GROUP BY day, item_id ORDER BY day, item_id", "reading item rollups",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), item_day_row,
		&c, err);
	if (st != CLARIO_OK)
		free(c.v.p), c.v.p = NULL, c.v.n = 0;
	*out = c.v.p;
	*n = c.v.n;
	return st;
}

static enum clario_status outlet_day_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct item_ctx *c = ctx;
	struct rollup_hour *h = store__grow_next(&c->v);
	if (!h)
		return nomem(err);
	h->merchant_id = c->merchant_id;
	h->outlet_id = sql_int(r, 0);
	h->day = (day_t)sql_int(r, 1);
	h->hour = -1;
	store__rollup_hour_measures(r, 2, h);
	return CLARIO_OK;
}

enum clario_status store_analysis_outlet_days(struct store *s, int64_t merchant_id,
					      int64_t outlet_id, day_t from, day_t to,
					      struct rollup_hour **out, size_t *n,
					      struct clario_err *err)
{
	struct item_ctx c = {.v = {.size = sizeof **out}, .merchant_id = merchant_id};
	enum clario_status st = sql_query(s,
		"SELECT outlet_id, day, gross, line_discounts, ticket_discounts, refunds, tax,"
		" service_charge, rounding, tickets, covers, discounted_tickets, voids, void_gross,"
		" refund_count FROM rollup_outlet_day"
		" WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" ORDER BY outlet_id, day", "reading outlet days",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)),
		outlet_day_row, &c, err);
	if (st != CLARIO_OK)
		free(c.v.p), c.v.p = NULL, c.v.n = 0;
	*out = c.v.p;
	*n = c.v.n;
	return st;
}

struct lines_ctx {
	int64_t *t, *i;
	size_t n, cap;
};

static enum clario_status line_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct lines_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4096;
		int64_t *t = realloc(c->t, cap * sizeof *t);
		if (t)
			c->t = t;
		int64_t *i = t ? realloc(c->i, cap * sizeof *i) : NULL;
		if (!t || !i)
			return nomem(err);
		c->i = i;
		c->cap = cap;
	}
	c->t[c->n] = sql_int(r, 0);
	c->i[c->n] = sql_int(r, 1);
	c->n++;
	return CLARIO_OK;
}

enum clario_status store_analysis_basket_lines(struct store *s, int64_t merchant_id,
					       int64_t outlet_id, day_t from, day_t to,
					       int64_t **tickets, int64_t **items, size_t *n,
					       struct clario_err *err)
{
	struct lines_ctx c = {0};
	/* Ordered by (business_day, ticket id): SQLite walks tickets_merchant_day
	 * in that order without a sort, and a ticket's lines stay together. */
	enum clario_status st = sql_query(s,
		"SELECT t.id, l.item_id FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id"
		" WHERE t.merchant_id = $1 AND t.business_day BETWEEN $2 AND $3"
		" AND t.status = 'closed' AND (CAST($4 AS BIGINT) = 0 OR t.outlet_id = $4)"
		" ORDER BY t.business_day, t.id", "reading ticket lines",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), line_row, &c,
		err);
	if (st != CLARIO_OK) {
		free(c.t);
		free(c.i);
		c = (struct lines_ctx){0};
	}
	*tickets = c.t;
	*items = c.i;
	*n = c.n;
	return st;
}

static enum clario_status cashier_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_cashier_day *d = store__grow_next(ctx);
	if (!d)
		return nomem(err);
	d->outlet_id = sql_int(r, 0);
	sql_copy(r, 1, d->cashier, sizeof d->cashier);
	d->day = (day_t)sql_int(r, 2);
	d->closed = sql_int(r, 3);
	d->voids = sql_int(r, 4);
	d->discounted = sql_int(r, 5);
	d->refunds = sql_int(r, 6);
	return CLARIO_OK;
}

enum clario_status store_analysis_cashier_days(struct store *s, int64_t merchant_id,
					       int64_t outlet_id, day_t from, day_t to,
					       struct store_cashier_day **out, size_t *n,
					       struct clario_err *err)
{
	struct store_grow v = {.size = sizeof **out};
	/* Kept by ingest (store/rollups_ext.h): refunds count on the refund's
	 * business day, for the cashier of the ticket refunded; a ticket is
	 * discounted when a line or the ticket carries a discount. */
	enum clario_status st = sql_query(s,
		"SELECT outlet_id, cashier_id, day, closed, voids, discounted, refunds"
		" FROM rollup_cashier_day WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" AND (closed <> 0 OR voids <> 0 OR discounted <> 0 OR refunds <> 0)"
		" ORDER BY outlet_id, cashier_id, day",
		"reading cashier days",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), cashier_row,
		&v, err);
	if (st != CLARIO_OK)
		free(v.p), v.p = NULL, v.n = 0;
	*out = v.p;
	*n = v.n;
	return st;
}

struct dp_ctx {
	struct store_daypart *out;
	size_t n;
};

static enum clario_status daypart_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct dp_ctx *c = ctx;
	(void)err;
	if (c->n == STORE_DAYPARTS_MAX)
		return CLARIO_OK;
	struct store_daypart *p = &c->out[c->n++];
	sql_copy(r, 0, p->name, sizeof p->name);
	p->start = (int)sql_int(r, 1);
	p->end = (int)sql_int(r, 2);
	return CLARIO_OK;
}

enum clario_status store_analysis_dayparts_get(struct store *s, int64_t merchant_id,
					       struct store_daypart out[STORE_DAYPARTS_MAX],
					       size_t *n, struct clario_err *err)
{
	struct dp_ctx c = {.out = out};
	enum clario_status st = sql_query(s,
		"SELECT name, start_hour, end_hour FROM analytics_dayparts WHERE merchant_id = $1"
		" ORDER BY seq", "reading dayparts", SQL_ARGS(SQL_I(merchant_id)), daypart_row, &c,
		err);
	*n = st == CLARIO_OK ? c.n : 0;
	return st;
}

enum clario_status store_analysis_dayparts_set(struct store *s, int64_t merchant_id,
					       const struct store_daypart *p, size_t n,
					       struct clario_err *err)
{
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	st = sql_exec(s, "DELETE FROM analytics_dayparts WHERE merchant_id = $1",
		      "clearing dayparts", SQL_ARGS(SQL_I(merchant_id)), NULL, err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		st = sql_exec(s,
			"INSERT INTO analytics_dayparts(merchant_id, seq, name, start_hour, end_hour)"
			" VALUES ($1, $2, $3, $4, $5)", "storing a daypart",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(i), SQL_T(p[i].name), SQL_I(p[i].start),
				 SQL_I(p[i].end)), NULL, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	else
		store_rollback(s);
	return st;
}

static enum clario_status watermark_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_watermark *w = ctx;
	(void)err;
	w->ticket_updated = sql_int(r, 0);
	w->refund_created = sql_int(r, 1);
	w->items = sql_int(r, 2);
	w->item_sum = sql_int(r, 3);
	w->dayparts = sql_int(r, 4);
	return CLARIO_OK;
}

enum clario_status store_analysis_watermark(struct store *s, int64_t merchant_id,
					    struct store_watermark *out, struct clario_err *err)
{
	*out = (struct store_watermark){0};
	return sql_query(s,
		"SELECT (SELECT coalesce(max(updated_at), 0) FROM tickets WHERE merchant_id = $1),"
		" (SELECT coalesce(max(created_at), 0) FROM refunds WHERE merchant_id = $1),"
		" (SELECT count(*) FROM items WHERE merchant_id = $1),"
		" (SELECT coalesce(sum((coalesce(unit_cost, -1) % 1000003) * (id % 1009)"
		"   + length(coalesce(category, '')) + length(name)), 0) FROM items WHERE merchant_id = $1),"
		" (SELECT coalesce(sum((seq + 1) * (start_hour * 24 + end_hour + 1) + length(name)), 0)"
		"   FROM analytics_dayparts WHERE merchant_id = $1)",
		"reading the analytics watermark", SQL_ARGS(SQL_I(merchant_id)), watermark_row, out,
		err);
}
