/* The analytics rollups on the portable layer: deltas from ingest (through
 * the rollup buffer), the single-row upserts its flush uses, clear and dump
 * for the rebuild check, and the reads of the analyses. */
#include "store/rollups_ext.h"

#include <stdlib.h>
#include <string.h>

#include "store/rollup_buffer.h"
#include "store/rollups_mix.h"
#include "store/grow.h"
#include "store/sql.h"

enum clario_status store_rollup_pair_add(struct store *s, int64_t merchant_id, int64_t outlet_id,
					 day_t day, int64_t a, int64_t b, int64_t delta,
					 struct clario_err *err)
{
	return store__rbuf_pair(s, merchant_id, outlet_id, day, a, b, delta, err);
}

enum clario_status store__rollup_pair_day_upsert(struct store *s, int64_t merchant_id,
						 int64_t outlet_id, day_t day, int64_t a,
						 int64_t b, int64_t delta, struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_pair_day(merchant_id, outlet_id, day, item_a, item_b, tickets)"
		" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, day, outlet_id, item_a, item_b)"
		" DO UPDATE SET tickets = rollup_pair_day.tickets + excluded.tickets",
		"updating the pair rollup", SQL_ARGS(SQL_I(merchant_id), SQL_I(outlet_id), SQL_I(day),
		SQL_I(a), SQL_I(b), SQL_I(delta)), err);
}

enum clario_status store__rollup_pair_month_upsert(struct store *s, int64_t merchant_id,
						   int64_t outlet_id, day_t month, int64_t a,
						   int64_t b, int64_t delta, struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_pair_month(merchant_id, outlet_id, month, item_a, item_b, tickets)"
		" VALUES ($1, $2, $3, $4, $5, $6)"
		" ON CONFLICT (merchant_id, month, outlet_id, item_a, item_b)"
		" DO UPDATE SET tickets = rollup_pair_month.tickets + excluded.tickets",
		"updating the monthly pair rollup", SQL_ARGS(SQL_I(merchant_id), SQL_I(outlet_id),
		SQL_I(month), SQL_I(a), SQL_I(b), SQL_I(delta)), err);
}

enum clario_status store__rollup_outlet_day_upsert(struct store *s, const struct rollup_hour *d,
						   struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_outlet_day(merchant_id, outlet_id, day, gross, line_discounts,"
		" ticket_discounts, refunds, tax, service_charge, rounding, tickets, covers,"
		" discounted_tickets, voids, void_gross, refund_count)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
		" ON CONFLICT (merchant_id, day, outlet_id) DO UPDATE SET"
		" gross = rollup_outlet_day.gross + excluded.gross,"
		" line_discounts = rollup_outlet_day.line_discounts + excluded.line_discounts,"
		" ticket_discounts = rollup_outlet_day.ticket_discounts + excluded.ticket_discounts,"
		" refunds = rollup_outlet_day.refunds + excluded.refunds,"
		" tax = rollup_outlet_day.tax + excluded.tax,"
		" service_charge = rollup_outlet_day.service_charge + excluded.service_charge,"
		" rounding = rollup_outlet_day.rounding + excluded.rounding,"
		" tickets = rollup_outlet_day.tickets + excluded.tickets,"
		" covers = rollup_outlet_day.covers + excluded.covers,"
		" discounted_tickets = rollup_outlet_day.discounted_tickets + excluded.discounted_tickets,"
		" voids = rollup_outlet_day.voids + excluded.voids,"
		" void_gross = rollup_outlet_day.void_gross + excluded.void_gross,"
		" refund_count = rollup_outlet_day.refund_count + excluded.refund_count",
		"updating the day rollup", SQL_ARGS(SQL_I(d->merchant_id), SQL_I(d->outlet_id),
		SQL_I(d->day), SQL_I(d->gross), SQL_I(d->line_discounts), SQL_I(d->ticket_discounts),
		SQL_I(d->refunds), SQL_I(d->tax), SQL_I(d->service_charge), SQL_I(d->rounding),
		SQL_I(d->tickets), SQL_I(d->covers), SQL_I(d->discounted_tickets), SQL_I(d->voids),
		SQL_I(d->void_gross), SQL_I(d->refund_count)), err);
}

enum clario_status store__rollup_weekhour_upsert(struct store *s, int64_t merchant_id,
						 int64_t outlet_id, day_t month, int weekday,
						 int hour, rupiah_t net_sales, int64_t tickets,
						 struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_weekhour_month(merchant_id, outlet_id, month, weekday, hour,"
		" net_sales, tickets) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT (merchant_id, month, outlet_id, weekday, hour) DO UPDATE SET"
		" net_sales = rollup_weekhour_month.net_sales + excluded.net_sales,"
		" tickets = rollup_weekhour_month.tickets + excluded.tickets",
		"updating the weekday-hour rollup", SQL_ARGS(SQL_I(merchant_id), SQL_I(outlet_id),
		SQL_I(month), SQL_I(weekday), SQL_I(hour), SQL_I(net_sales), SQL_I(tickets)), err);
}

enum clario_status store__rollup_item_month_upsert(struct store *s,
						   const struct rollup_item_day *d,
						   struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_item_month(merchant_id, outlet_id, month, item_id, qty, gross,"
		" discounts, tickets, refund_qty, refunds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
		" ON CONFLICT (merchant_id, month, outlet_id, item_id) DO UPDATE SET"
		" qty = rollup_item_month.qty + excluded.qty,"
		" gross = rollup_item_month.gross + excluded.gross,"
		" discounts = rollup_item_month.discounts + excluded.discounts,"
		" tickets = rollup_item_month.tickets + excluded.tickets,"
		" refund_qty = rollup_item_month.refund_qty + excluded.refund_qty,"
		" refunds = rollup_item_month.refunds + excluded.refunds",
		"updating the monthly item rollup", SQL_ARGS(SQL_I(d->merchant_id),
		SQL_I(d->outlet_id), SQL_I(d->day), SQL_I(d->item_id),
		SQL_I(d->qty), SQL_I(d->gross), SQL_I(d->discounts), SQL_I(d->tickets),
		SQL_I(d->refund_qty), SQL_I(d->refunds)), err);
}

enum clario_status store_rollup_cashier_add(struct store *s, const struct rollup_cashier_day *d,
					    struct clario_err *err)
{
	return store__rbuf_cashier(s, d, err);
}

enum clario_status store__rollup_cashier_upsert(struct store *s,
						const struct rollup_cashier_day *d,
						struct clario_err *err)
{
	return sql_exec_rollup(s,
		"INSERT INTO rollup_cashier_day(merchant_id, outlet_id, cashier_id, day, closed, voids,"
		" discounted, refunds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		" ON CONFLICT (merchant_id, day, outlet_id, cashier_id) DO UPDATE SET"
		" closed = rollup_cashier_day.closed + excluded.closed,"
		" voids = rollup_cashier_day.voids + excluded.voids,"
		" discounted = rollup_cashier_day.discounted + excluded.discounted,"
		" refunds = rollup_cashier_day.refunds + excluded.refunds",
		"updating the cashier rollup", SQL_ARGS(SQL_I(d->merchant_id), SQL_I(d->outlet_id),
		SQL_T(d->cashier_id), SQL_I(d->day), SQL_I(d->closed), SQL_I(d->voids),
		SQL_I(d->discounted), SQL_I(d->refunds)), err);
}

/* Adds sign × the ticket's refunds, per refund day and outlet, to cashier. */
static enum clario_status refunds_to(struct store *s, int64_t ticket_id, const char *cashier,
				     int64_t sign, struct clario_err *err)
{
	if (!cashier)
		return CLARIO_OK;
	/* WHERE true: SQLite needs it to tell an upsert from a join in INSERT…SELECT. */
	return sql_exec(s,
		"INSERT INTO rollup_cashier_day(merchant_id, outlet_id, cashier_id, day, closed, voids,"
		" discounted, refunds)"
		" SELECT merchant_id, outlet_id, CAST($2 AS TEXT), business_day, 0, 0, 0, $3 * count(*)"
		" FROM refunds WHERE ticket_id = $1 GROUP BY merchant_id, outlet_id, business_day"
		" ON CONFLICT (merchant_id, day, outlet_id, cashier_id) DO UPDATE SET"
		" refunds = rollup_cashier_day.refunds + excluded.refunds",
		"moving refunds between cashiers", SQL_ARGS(SQL_I(ticket_id), SQL_T(cashier),
		SQL_I(sign)), NULL, err);
}

enum clario_status store_rollup_cashier_move_refunds(struct store *s, int64_t ticket_id,
						     const char *from_cashier,
						     const char *to_cashier,
						     struct clario_err *err)
{
	if ((!from_cashier && !to_cashier) ||
	    (from_cashier && to_cashier && strcmp(from_cashier, to_cashier) == 0))
		return CLARIO_OK;
	enum clario_status st = refunds_to(s, ticket_id, from_cashier, -1, err);
	return st == CLARIO_OK ? refunds_to(s, ticket_id, to_cashier, +1, err) : st;
}

enum clario_status store_rollup_cashier_refunds_rebuild(struct store *s, struct clario_err *err)
{
	return sql_exec(s,
		"INSERT INTO rollup_cashier_day(merchant_id, outlet_id, cashier_id, day, closed, voids,"
		" discounted, refunds)"
		" SELECT r.merchant_id, r.outlet_id, t.cashier_id, r.business_day, 0, 0, 0, count(*)"
		" FROM refunds r JOIN tickets t ON t.id = r.ticket_id WHERE t.cashier_id IS NOT NULL"
		" GROUP BY r.merchant_id, r.outlet_id, t.cashier_id, r.business_day"
		" ON CONFLICT (merchant_id, day, outlet_id, cashier_id) DO UPDATE SET"
		" refunds = rollup_cashier_day.refunds + excluded.refunds",
		"counting refunds per cashier", SQL_NOARGS, NULL, err);
}

enum clario_status store_rollups_ext_clear(struct store *s, struct clario_err *err)
{
	enum clario_status st = sql_exec(s, "DELETE FROM rollup_pair_day", "clearing pair rollups",
					 SQL_NOARGS, NULL, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, "DELETE FROM rollup_pair_month", "clearing pair rollups", SQL_NOARGS,
			      NULL, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, "DELETE FROM rollup_cashier_day", "clearing cashier rollups",
			      SQL_NOARGS, NULL, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, "DELETE FROM rollup_outlet_day", "clearing day rollups", SQL_NOARGS,
			      NULL, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, "DELETE FROM rollup_item_month", "clearing monthly item rollups",
			      SQL_NOARGS, NULL, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, "DELETE FROM rollup_weekhour_month", "clearing weekday-hour rollups",
			      SQL_NOARGS, NULL, err);
	return st;
}

struct dump_ctx {
	struct strbuf *sb;
	int cols;
	int text_col; /* the column read as text, or -1 */
};

static enum clario_status dump_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct dump_ctx *c = ctx;
	bool ok = true;
	for (int i = 0; ok && i < c->cols; i++)
		ok = i == c->text_col ? strbuf_appendf(c->sb, " %s", sql_text(r, i))
				      : strbuf_appendf(c->sb, "%s%lld", i ? " " : "",
						       (long long)sql_int(r, i));
	if (ok)
		ok = strbuf_append(c->sb, "\n", 1);
	return ok ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
}

enum clario_status store_rollups_ext_dump(struct store *s, struct strbuf *sb,
					  struct clario_err *err)
{
	struct dump_ctx pairs = {.sb = sb, .cols = 6, .text_col = -1};
	struct dump_ctx cashiers = {.sb = sb, .cols = 8, .text_col = 2};
	enum clario_status st = strbuf_append(sb, "-- pairs by day\n", 16) ? CLARIO_OK
		: clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, day, item_a, item_b, tickets FROM rollup_pair_day"
			" WHERE tickets <> 0 ORDER BY merchant_id, outlet_id, day, item_a, item_b",
			"dumping pair rollups", SQL_NOARGS, dump_row, &pairs, err);
	if (st == CLARIO_OK && !strbuf_append(sb, "-- pairs by month\n", 18))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, month, item_a, item_b, tickets FROM rollup_pair_month"
			" WHERE tickets <> 0 ORDER BY merchant_id, outlet_id, month, item_a, item_b",
			"dumping pair rollups", SQL_NOARGS, dump_row, &pairs, err);
	if (st == CLARIO_OK && !strbuf_append(sb, "-- cashiers\n", 12))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, cashier_id, day, closed, voids, discounted, refunds"
			" FROM rollup_cashier_day WHERE closed <> 0 OR voids <> 0 OR discounted <> 0"
			" OR refunds <> 0 ORDER BY merchant_id, outlet_id, cashier_id, day",
			"dumping cashier rollups", SQL_NOARGS, dump_row, &cashiers, err);
	struct dump_ctx days = {.sb = sb, .cols = 16, .text_col = -1};
	struct dump_ctx months = {.sb = sb, .cols = 10, .text_col = -1};
	if (st == CLARIO_OK && !strbuf_append(sb, "-- outlet days\n", 15))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, day, gross, line_discounts, ticket_discounts,"
			" refunds, tax, service_charge, rounding, tickets, covers, discounted_tickets,"
			" voids, void_gross, refund_count FROM rollup_outlet_day"
			" WHERE gross <> 0 OR line_discounts <> 0 OR ticket_discounts <> 0 OR refunds <> 0"
			" OR tax <> 0 OR service_charge <> 0 OR rounding <> 0 OR tickets <> 0 OR covers <> 0"
			" OR discounted_tickets <> 0 OR voids <> 0 OR void_gross <> 0 OR refund_count <> 0"
			" ORDER BY merchant_id, outlet_id, day",
			"dumping day rollups", SQL_NOARGS, dump_row, &days, err);
	if (st == CLARIO_OK && !strbuf_append(sb, "-- item months\n", 15))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, month, item_id, qty, gross, discounts, tickets,"
			" refund_qty, refunds FROM rollup_item_month WHERE qty <> 0 OR gross <> 0"
			" OR discounts <> 0 OR tickets <> 0 OR refund_qty <> 0 OR refunds <> 0"
			" ORDER BY merchant_id, outlet_id, month, item_id",
			"dumping monthly item rollups", SQL_NOARGS, dump_row, &months, err);
	struct dump_ctx weekhours = {.sb = sb, .cols = 7, .text_col = -1};
	if (st == CLARIO_OK && !strbuf_append(sb, "-- weekday hours\n", 17))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT merchant_id, outlet_id, month, weekday, hour, net_sales, tickets"
			" FROM rollup_weekhour_month WHERE net_sales <> 0 OR tickets <> 0"
			" ORDER BY merchant_id, outlet_id, month, weekday, hour",
			"dumping weekday-hour rollups", SQL_NOARGS, dump_row, &weekhours, err);
	return st;
}

/* Splits from..to into whole months [*m0, *m1] (by their first days; m0 > m1
 * when there is none) and the days outside them, [from, *head_to] and
 * [*tail_from, to] (empty when from > head_to or tail_from > to). */
static void month_split(day_t from, day_t to, day_t *m0, day_t *m1, day_t *head_to,
			day_t *tail_from)
{
	struct mix_span sp[3];
	size_t n = from <= to ? store_mix_spans(from, to, sp) : 0;
	*m0 = 1;
	*m1 = 0;
	*head_to = from - 1;
	*tail_from = to + 1;
	for (size_t i = 0; i < n; i++)
		if (sp[i].span == 1) {
			*m0 = sp[i].from;
			*m1 = sp[i].to;
		}
	for (size_t i = 0; i < n; i++)
		if (sp[i].span == 0 && (*m0 > *m1 || sp[i].to < *m0))
			*head_to = sp[i].to; /* before the months, or all of it */
		else if (sp[i].span == 0)
			*tail_from = sp[i].from;
}

struct pairs_ctx {
	struct rollup_pair *p;
	size_t n, cap;
};

static enum clario_status pair_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct pairs_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 512;
		struct rollup_pair *g = realloc(c->p, cap * sizeof *g);
		if (!g)
			return clario_err_set(err, CLARIO_ENOMEM, "reading pair rollups: out of memory");
		c->p = g;
		c->cap = cap;
	}
	c->p[c->n++] = (struct rollup_pair){.a = sql_int(r, 0), .b = sql_int(r, 1),
					     .tickets = sql_int(r, 2)};
	return CLARIO_OK;
}

enum clario_status store_rollup_pairs_query(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_pair **out, size_t *n,
					    struct clario_err *err)
{
	day_t m0, m1, head_to, tail_from;
	month_split(from, to, &m0, &m1, &head_to, &tail_from);
	struct pairs_ctx c = {0};
	enum clario_status st = sql_query(s,
		"SELECT item_a, item_b, sum(tickets) FROM ("
		" SELECT item_a, item_b, tickets FROM rollup_pair_month"
		"  WHERE merchant_id = $1 AND month BETWEEN $2 AND $3"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT item_a, item_b, tickets FROM rollup_pair_day"
		"  WHERE merchant_id = $1 AND day BETWEEN $5 AND $6"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT item_a, item_b, tickets FROM rollup_pair_day"
		"  WHERE merchant_id = $1 AND day BETWEEN $7 AND $8"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		") x GROUP BY item_a, item_b HAVING sum(tickets) <> 0 ORDER BY item_a, item_b",
		"reading pair rollups", SQL_ARGS(SQL_I(merchant_id), SQL_I(m0), SQL_I(m1),
		SQL_I(outlet_id), SQL_I(from), SQL_I(head_to), SQL_I(tail_from), SQL_I(to)),
		pair_row, &c, err);
	if (st != CLARIO_OK) {
		free(c.p);
		c = (struct pairs_ctx){0};
	}
	*out = c.p;
	*n = c.n;
	return st;
}

void store__rollup_hour_measures(const struct sql_row *r, int col, struct rollup_hour *h)
{
	int64_t *f[] = {&h->gross, &h->line_discounts, &h->ticket_discounts, &h->refunds, &h->tax,
			&h->service_charge, &h->rounding, &h->tickets, &h->covers,
			&h->discounted_tickets, &h->voids, &h->void_gross, &h->refund_count};
	for (int i = 0; i < (int)(sizeof f / sizeof f[0]); i++)
		*f[i] = sql_int(r, col + i);
}

struct day_ctx {
	struct store_grow g;
	int64_t merchant_id, outlet_id;
};

static enum clario_status day_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct day_ctx *c = ctx;
	struct rollup_hour *h = store__grow_next(&c->g);
	if (!h)
		return clario_err_set(err, CLARIO_ENOMEM, "reading day rollups: out of memory");
	h->merchant_id = c->merchant_id;
	h->outlet_id = c->outlet_id;
	h->day = (day_t)sql_int(r, 0);
	h->hour = -1;
	store__rollup_hour_measures(r, 1, h);
	return CLARIO_OK;
}

enum clario_status store_rollup_days_query(struct store *s, int64_t merchant_id,
					   int64_t outlet_id, day_t from, day_t to,
					   struct rollup_hour **out, size_t *n,
					   struct clario_err *err)
{
	struct day_ctx c = {.g = {.size = sizeof **out}, .merchant_id = merchant_id,
			    .outlet_id = outlet_id};
	enum clario_status st = sql_query(s,
		"SELECT day, sum(gross), sum(line_discounts), sum(ticket_discounts), sum(refunds),"
		" sum(tax), sum(service_charge), sum(rounding), sum(tickets), sum(covers),"
		" sum(discounted_tickets), sum(voids), sum(void_gross), sum(refund_count)"
		" FROM rollup_outlet_day WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4) GROUP BY day ORDER BY day",
		"reading day rollups", SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to),
		SQL_I(outlet_id)), day_row, &c, err);
	if (st != CLARIO_OK) {
		free(c.g.p);
		c.g = (struct store_grow){0};
	}
	*out = c.g.p;
	*n = c.g.n;
	return st;
}

struct sums_ctx {
	struct store_grow g;
	int64_t merchant_id, outlet_id;
	day_t day;
};

static enum clario_status sum_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct sums_ctx *c = ctx;
	struct rollup_item_day *d = store__grow_next(&c->g);
	if (!d)
		return clario_err_set(err, CLARIO_ENOMEM, "reading item rollups: out of memory");
	*d = (struct rollup_item_day){.merchant_id = c->merchant_id, .outlet_id = c->outlet_id,
				      .day = c->day, .item_id = sql_int(r, 0), .qty = sql_int(r, 1),
				      .gross = sql_int(r, 2), .discounts = sql_int(r, 3),
				      .tickets = sql_int(r, 4), .refund_qty = sql_int(r, 5),
				      .refunds = sql_int(r, 6)};
	return CLARIO_OK;
}

enum clario_status store_rollup_item_sums(struct store *s, int64_t merchant_id,
					  int64_t outlet_id, day_t from, day_t to,
					  struct rollup_item_day **out, size_t *n,
					  struct clario_err *err)
{
	struct sums_ctx c = {.g = {.size = sizeof **out}, .merchant_id = merchant_id,
			     .outlet_id = outlet_id, .day = from};
	day_t m0, m1, head_to, tail_from;
	month_split(from, to, &m0, &m1, &head_to, &tail_from);
	enum clario_status st = sql_query(s,
		"SELECT item_id, sum(qty), sum(gross), sum(discounts), sum(tickets), sum(refund_qty),"
		" sum(refunds) FROM ("
		" SELECT item_id, qty, gross, discounts, tickets, refund_qty, refunds"
		"  FROM rollup_item_month WHERE merchant_id = $1 AND month BETWEEN $2 AND $3"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT item_id, qty, gross, discounts, tickets, refund_qty, refunds"
		"  FROM rollup_item_day WHERE merchant_id = $1 AND day BETWEEN $5 AND $6"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT item_id, qty, gross, discounts, tickets, refund_qty, refunds"
		"  FROM rollup_item_day WHERE merchant_id = $1 AND day BETWEEN $7 AND $8"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		") x GROUP BY item_id ORDER BY item_id",
		"reading item sums", SQL_ARGS(SQL_I(merchant_id), SQL_I(m0), SQL_I(m1),
		SQL_I(outlet_id), SQL_I(from), SQL_I(head_to), SQL_I(tail_from), SQL_I(to)),
		sum_row, &c, err);
	if (st != CLARIO_OK) {
		free(c.g.p);
		c.g = (struct store_grow){0};
	}
	*out = c.g.p;
	*n = c.g.n;
	return st;
}

struct weekhour_ctx {
	struct store_grow g;
};

static enum clario_status weekhour_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct rollup_weekhour *w = store__grow_next(&((struct weekhour_ctx *)ctx)->g);
	if (!w)
		return clario_err_set(err, CLARIO_ENOMEM, "reading weekday-hour rollups: out of memory");
	*w = (struct rollup_weekhour){.weekday = (int)sql_int(r, 0), .hour = (int)sql_int(r, 1),
				      .net_sales = sql_int(r, 2), .tickets = sql_int(r, 3)};
	return CLARIO_OK;
}

enum clario_status store_rollup_weekhours(struct store *s, int64_t merchant_id,
					  int64_t outlet_id, day_t from, day_t to,
					  struct rollup_weekhour **out, size_t *n,
					  struct clario_err *err)
{
	struct weekhour_ctx c = {.g = {.size = sizeof **out}};
	day_t m0, m1, head_to, tail_from;
	month_split(from, to, &m0, &m1, &head_to, &tail_from);
	enum clario_status st = sql_query(s,
		"SELECT weekday, hour, sum(net_sales), sum(tickets) FROM ("
		" SELECT weekday, hour, net_sales, tickets FROM rollup_weekhour_month"
		"  WHERE merchant_id = $1 AND month BETWEEN $2 AND $3"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT (day + 3) % 7, hour," /* tz_weekday for day >= 0 */
		"  gross - line_discounts - ticket_discounts - refunds, tickets FROM rollup_outlet_hour"
		"  WHERE merchant_id = $1 AND day BETWEEN $5 AND $6"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		" UNION ALL SELECT (day + 3) % 7, hour,"
		"  gross - line_discounts - ticket_discounts - refunds, tickets FROM rollup_outlet_hour"
		"  WHERE merchant_id = $1 AND day BETWEEN $7 AND $8"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)"
		") x GROUP BY weekday, hour ORDER BY weekday, hour",
		"reading weekday-hour sums", SQL_ARGS(SQL_I(merchant_id), SQL_I(m0), SQL_I(m1),
		SQL_I(outlet_id), SQL_I(from), SQL_I(head_to), SQL_I(tail_from), SQL_I(to)),
		weekhour_row, &c, err);
	if (st != CLARIO_OK) {
		free(c.g.p);
		c.g = (struct store_grow){0};
	}
	*out = c.g.p;
	*n = c.g.n;
	return st;
}
