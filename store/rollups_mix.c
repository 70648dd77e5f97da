/* Keeping the mix analyses' rollups: one ticket's or refund's contribution as
 * upserts of day and month rows, and the clear and dump the rollup rebuild and
 * check use. Written once on the portable layer (store/sql.h). */
#include "store/rollups_mix.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/rollup_buffer.h"
#include "store/sql.h"

day_t store_mix_month(day_t day)
{
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return day - (d - 1);
}

static day_t next_month(day_t month)
{
	int y, m, d;
	tz_civil_from_days(month, &y, &m, &d);
	return m == 12 ? tz_days_from_civil(y + 1, 1, 1) : tz_days_from_civil(y, m + 1, 1);
}

size_t store_mix_spans(day_t from, day_t to, struct mix_span out[3])
{
	size_t n = 0;
	day_t first = store_mix_month(from);
	if (first < from)
		first = next_month(first);
	/* The last day of the last whole month: to itself when to ends a month. */
	day_t last = store_mix_month(to) == store_mix_month(to + 1) ? store_mix_month(to) - 1 : to;
	if (first > last) {
		if (from <= to)
			out[n++] = (struct mix_span){0, from, to};
		return n;
	}
	out[n++] = (struct mix_span){1, first, store_mix_month(last)};
	if (from < first)
		out[n++] = (struct mix_span){0, from, first - 1};
	if (last < to)
		out[n++] = (struct mix_span){0, last + 1, to};
	return n;
}

/* The tables as the rollup buffer writes them (store/rollup_buffer.h): a
 * ticket's deltas are summed per row with the rest of its transaction and
 * written at the commit. Parameters: integer keys, the text key, values. */
static const struct store_rollup_table mix_sales_table = {
	4, false, 7,
	 "INSERT INTO rollup_mix_sales (merchant_id, span, start, outlet_id, gross,"
	 " discounts, refunds, tickets, voids, delivery_tickets, customer_tickets)"
	 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT"
	 " (merchant_id, span, start, outlet_id) DO UPDATE SET gross ="
	 " rollup_mix_sales.gross + excluded.gross, discounts ="
	 " rollup_mix_sales.discounts + excluded.discounts, refunds ="
	 " rollup_mix_sales.refunds + excluded.refunds, tickets ="
	 " rollup_mix_sales.tickets + excluded.tickets, voids = rollup_mix_sales.voids"
	 " + excluded.voids, delivery_tickets = rollup_mix_sales.delivery_tickets +"
	 " excluded.delivery_tickets, customer_tickets ="
	 " rollup_mix_sales.customer_tickets + excluded.customer_tickets",
	 "INSERT INTO rollup_mix_sales (merchant_id, span, start, outlet_id, gross,"
	 " discounts, refunds, tickets, voids, delivery_tickets, customer_tickets)"
	 " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],"
	 " $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],"
	 " $10::bigint[], $11::bigint[]) ON CONFLICT (merchant_id, span, start,"
	 " outlet_id) DO UPDATE SET gross = rollup_mix_sales.gross + excluded.gross,"
	 " discounts = rollup_mix_sales.discounts + excluded.discounts, refunds ="
	 " rollup_mix_sales.refunds + excluded.refunds, tickets ="
	 " rollup_mix_sales.tickets + excluded.tickets, voids = rollup_mix_sales.voids"
	 " + excluded.voids, delivery_tickets = rollup_mix_sales.delivery_tickets +"
	 " excluded.delivery_tickets, customer_tickets ="
	 " rollup_mix_sales.customer_tickets + excluded.customer_tickets"};
static const struct store_rollup_table mix_channel_table = {
	5, true, 4,
	 "INSERT INTO rollup_mix_channel (merchant_id, span, start, outlet_id, base,"
	 " channel, tickets, gross, line_discounts, ticket_discounts) VALUES ($1, $2,"
	 " $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (merchant_id, span, start,"
	 " outlet_id, channel, base) DO UPDATE SET tickets = rollup_mix_channel.tickets"
	 " + excluded.tickets, gross = rollup_mix_channel.gross + excluded.gross,"
	 " line_discounts = rollup_mix_channel.line_discounts +"
	 " excluded.line_discounts, ticket_discounts ="
	 " rollup_mix_channel.ticket_discounts + excluded.ticket_discounts",
	 "INSERT INTO rollup_mix_channel (merchant_id, span, start, outlet_id, base,"
	 " channel, tickets, gross, line_discounts, ticket_discounts) SELECT * FROM"
	 " unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],"
	 " $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) ON"
	 " CONFLICT (merchant_id, span, start, outlet_id, channel, base) DO UPDATE SET"
	 " tickets = rollup_mix_channel.tickets + excluded.tickets, gross ="
	 " rollup_mix_channel.gross + excluded.gross, line_discounts ="
	 " rollup_mix_channel.line_discounts + excluded.line_discounts,"
	 " ticket_discounts = rollup_mix_channel.ticket_discounts +"
	 " excluded.ticket_discounts"};
static const struct store_rollup_table mix_item_table = {
	5, true, 2,
	 "INSERT INTO rollup_mix_item (merchant_id, span, start, outlet_id, item_id,"
	 " channel, qty, gross) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT"
	 " (merchant_id, span, start, outlet_id, channel, item_id) DO UPDATE SET qty ="
	 " rollup_mix_item.qty + excluded.qty, gross = rollup_mix_item.gross +"
	 " excluded.gross",
	 "INSERT INTO rollup_mix_item (merchant_id, span, start, outlet_id, item_id,"
	 " channel, qty, gross) SELECT * FROM unnest($1::bigint[], $2::bigint[],"
	 " $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[],"
	 " $8::bigint[]) ON CONFLICT (merchant_id, span, start, outlet_id, channel,"
	 " item_id) DO UPDATE SET qty = rollup_mix_item.qty + excluded.qty, gross ="
	 " rollup_mix_item.gross + excluded.gross"};
static const struct store_rollup_table mix_payment_table = {
	3, true, 2,
	 "INSERT INTO rollup_mix_payment (merchant_id, day, outlet_id, method, entries,"
	 " amount) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, day,"
	 " method, outlet_id) DO UPDATE SET entries = rollup_mix_payment.entries +"
	 " excluded.entries, amount = rollup_mix_payment.amount + excluded.amount",
	 "INSERT INTO rollup_mix_payment (merchant_id, day, outlet_id, method, entries,"
	 " amount) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[],"
	 " $4::text[], $5::bigint[], $6::bigint[]) ON CONFLICT (merchant_id, day,"
	 " method, outlet_id) DO UPDATE SET entries = rollup_mix_payment.entries +"
	 " excluded.entries, amount = rollup_mix_payment.amount + excluded.amount"};
static const struct store_rollup_table mix_customer_table = {
	3, true, 2,
	 "INSERT INTO rollup_mix_customer (merchant_id, day, outlet_id, customer_id,"
	 " tickets, net) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id,"
	 " customer_id, day, outlet_id) DO UPDATE SET tickets ="
	 " rollup_mix_customer.tickets + excluded.tickets, net ="
	 " rollup_mix_customer.net + excluded.net",
	 "INSERT INTO rollup_mix_customer (merchant_id, day, outlet_id, customer_id,"
	 " tickets, net) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[],"
	 " $4::text[], $5::bigint[], $6::bigint[]) ON CONFLICT (merchant_id,"
	 " customer_id, day, outlet_id) DO UPDATE SET tickets ="
	 " rollup_mix_customer.tickets + excluded.tickets, net ="
	 " rollup_mix_customer.net + excluded.net"};

static bool is_platform(enum sales_channel c)
{
	return c == SALES_CHANNEL_GOFOOD || c == SALES_CHANNEL_GRABFOOD ||
	       c == SALES_CHANNEL_SHOPEEFOOD;
}

/* Per-outlet figures of one day or month row. */
struct sales_fig {
	rupiah_t gross, discounts, refunds;
	int64_t tickets, voids, delivery, customer;
};

static enum clario_status sales_add(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t day, const struct sales_fig *f, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	const int64_t v[] = {f->gross, f->discounts, f->refunds, f->tickets, f->voids, f->delivery,
			     f->customer};
	for (int span = 0; span < 2 && st == CLARIO_OK; span++) {
		const int64_t k[] = {merchant_id, span, span ? store_mix_month(day) : day, outlet_id};
		st = store_rollup_row_add(s, &mix_sales_table, k, NULL, v, err);
	}
	return st;
}

static enum clario_status channel_add(struct store *s, const struct sales_ticket *t,
				      const struct store_ticket_place *pl, int sign,
				      const struct sales_totals *tot, struct clario_err *err)
{
	/* Commission is charged per order on its net item sales: a platform's
	 * orders keep their base; the other channels only need sums. */
	rupiah_t base = is_platform(t->channel) ? tot->net_items : 0;
	const char *ch = sales_channel_name(t->channel);
	enum clario_status st = CLARIO_OK;
	const int64_t cv[] = {sign, sign * tot->gross, sign * tot->line_discounts,
			      sign * tot->ticket_discounts};
	for (int span = 0; span < 2 && st == CLARIO_OK; span++) {
		const int64_t k[] = {pl->merchant_id, span,
				     span ? store_mix_month(pl->business_day) : pl->business_day,
				     pl->outlet_id, base};
		st = store_rollup_row_add(s, &mix_channel_table, k, ch, cv, err);
	}
	/* One row per distinct item: cost is read at the catalogue's current cost. */
	for (size_t i = 0; i < t->n_lines && st == CLARIO_OK; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = pl->item_ids[j] == pl->item_ids[i];
		if (seen)
			continue;
		int64_t qty = 0;
		rupiah_t gross = 0;
		for (size_t j = i; j < t->n_lines; j++)
			if (pl->item_ids[j] == pl->item_ids[i]) {
				qty += t->lines[j].qty;
				gross += sales_line_gross(&t->lines[j]);
			}
		const int64_t iv[] = {sign * qty, sign * gross};
		for (int span = 0; span < 2 && st == CLARIO_OK; span++) {
			const int64_t k[] = {pl->merchant_id, span,
					     span ? store_mix_month(pl->business_day)
						  : pl->business_day,
					     pl->outlet_id, pl->item_ids[i]};
			st = store_rollup_row_add(s, &mix_item_table, k, ch, iv, err);
		}
	}
	return st;
}

static enum clario_status payments_add(struct store *s, const struct sales_ticket *t,
				       const struct store_ticket_place *pl, int sign,
				       struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	/* One row per method: a split bill's entries each count once. */
	for (size_t i = 0; i < t->n_payments && st == CLARIO_OK; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = t->payments[j].method == t->payments[i].method;
		if (seen)
			continue;
		int64_t entries = 0;
		rupiah_t amount = 0;
		for (size_t j = i; j < t->n_payments; j++)
			if (t->payments[j].method == t->payments[i].method) {
				entries++;
				amount += t->payments[j].amount;
			}
		const int64_t k[] = {pl->merchant_id, pl->business_day, pl->outlet_id};
		const int64_t v[] = {sign * entries, sign * amount};
		st = store_rollup_row_add(s, &mix_payment_table, k,
					  sales_payment_name(t->payments[i].method), v, err);
	}
	return st;
}

enum clario_status store_rollups_mix_ticket(struct store *s, const struct sales_ticket *t,
					    const struct store_ticket_place *place, int sign,
					    struct clario_err *err)
{
	struct sales_totals tot;
	sales_ticket_totals(t, &tot);
	bool customer = t->customer_id && *t->customer_id;
	struct sales_fig f = {0};
	if (t->status == SALES_STATUS_VOID) {
		f.voids = sign;
		return sales_add(s, place->merchant_id, place->outlet_id, place->business_day, &f,
				 err);
	}
	f.gross = sign * tot.gross;
	f.discounts = sign * (tot.line_discounts + tot.ticket_discounts);
	f.tickets = sign;
	f.delivery = is_platform(t->channel) ? sign : 0;
	f.customer = customer ? sign : 0;
	enum clario_status st =
		sales_add(s, place->merchant_id, place->outlet_id, place->business_day, &f, err);
	/* A ticket without lines has no order base and no visit (as the raw
	 * reads these rollups replace joined ticket lines). */
	if (st == CLARIO_OK && t->n_lines > 0)
		st = channel_add(s, t, place, sign, &tot, err);
	if (st == CLARIO_OK && t->n_lines > 0 && customer) {
		const int64_t k[] = {place->merchant_id, place->business_day, place->outlet_id};
		const int64_t v[] = {sign, sign * tot.net_items};
		st = store_rollup_row_add(s, &mix_customer_table, k, t->customer_id, v, err);
	}
	if (st == CLARIO_OK)
		st = payments_add(s, t, place, sign, err);
	return st;
}

enum clario_status store_rollups_mix_refund(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t day, rupiah_t amount,
					    struct clario_err *err)
{
	struct sales_fig f = {.refunds = amount};
	return sales_add(s, merchant_id, outlet_id, day, &f, err);
}

enum clario_status store_rollups_mix_clear(struct store *s, struct clario_err *err)
{
	enum clario_status st;
	if ((st = sql_exec(s, "DELETE FROM rollup_mix_sales", "clearing the mix rollups",
			   SQL_NOARGS, NULL, err)) ||
	    (st = sql_exec(s, "DELETE FROM rollup_mix_channel", "clearing the mix rollups",
			   SQL_NOARGS, NULL, err)) ||
	    (st = sql_exec(s, "DELETE FROM rollup_mix_item", "clearing the mix rollups",
			   SQL_NOARGS, NULL, err)) ||
	    (st = sql_exec(s, "DELETE FROM rollup_mix_payment", "clearing the mix rollups",
			   SQL_NOARGS, NULL, err)))
		return st;
	return sql_exec(s, "DELETE FROM rollup_mix_customer", "clearing the mix rollups",
			SQL_NOARGS, NULL, err);
}

/* ---- dump ---- */

struct dump_ctx {
	struct strbuf sb;
	int cols;
	int text_col; /* the one text column, or -1 */
};

static enum clario_status dump_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct dump_ctx *d = ctx;
	for (int i = 0; i < d->cols; i++) {
		bool ok = i == d->text_col
				  ? strbuf_appendf(&d->sb, "%s%s", i ? " " : "", sql_text(r, i))
				  : strbuf_appendf(&d->sb, "%s%lld", i ? " " : "",
						   (long long)sql_int(r, i));
		if (!ok)
			return clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	}
	if (!strbuf_append(&d->sb, "\n", 1))
		return clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	return CLARIO_OK;
}

/* Rows whose every measure is zero are left out: a revision can leave an
 * all-zero row behind that a rebuild would never create. Text sorts in the
 * order of the backend: kept and rebuilt dumps of one database compare. */
static const struct {
	const char *sql;
	int cols, text_col;
} dumps[] = {
	{"SELECT merchant_id, span, start, outlet_id, gross, discounts, refunds, tickets, voids,"
	 " delivery_tickets, customer_tickets FROM rollup_mix_sales"
	 " WHERE gross <> 0 OR discounts <> 0 OR refunds <> 0 OR tickets <> 0 OR voids <> 0"
	 "  OR delivery_tickets <> 0 OR customer_tickets <> 0"
	 " ORDER BY merchant_id, span, start, outlet_id", 11, -1},
	{"SELECT merchant_id, span, start, outlet_id, base, tickets, gross, line_discounts,"
	 " ticket_discounts, channel FROM rollup_mix_channel"
	 " WHERE tickets <> 0 OR gross <> 0 OR line_discounts <> 0 OR ticket_discounts <> 0"
	 " ORDER BY merchant_id, span, start, outlet_id, channel, base", 10, 9},
	{"SELECT merchant_id, span, start, outlet_id, item_id, qty, gross, channel"
	 " FROM rollup_mix_item WHERE qty <> 0 OR gross <> 0"
	 " ORDER BY merchant_id, span, start, outlet_id, channel, item_id", 8, 7},
	{"SELECT merchant_id, day, outlet_id, entries, amount, method FROM rollup_mix_payment"
	 " WHERE entries <> 0 OR amount <> 0"
	 " ORDER BY merchant_id, day, outlet_id, method", 6, 5},
	{"SELECT merchant_id, day, outlet_id, tickets, net, customer_id FROM rollup_mix_customer"
	 " WHERE tickets <> 0 OR net <> 0"
	 " ORDER BY merchant_id, customer_id, day, outlet_id", 6, 5},
};

enum clario_status store_rollups_mix_dump(struct store *s, char **out, struct clario_err *err)
{
	struct dump_ctx d = {.text_col = -1};
	strbuf_init(&d.sb, (size_t)1 << 34);
	enum clario_status st = CLARIO_OK;
	if (*out && !strbuf_append(&d.sb, *out, strlen(*out)))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	for (size_t i = 0; i < sizeof dumps / sizeof dumps[0] && st == CLARIO_OK; i++) {
		if (!strbuf_append(&d.sb, "--\n", 3)) {
			st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
			break;
		}
		d.cols = dumps[i].cols;
		d.text_col = dumps[i].text_col;
		st = sql_query(s, dumps[i].sql, "dumping the mix rollups", SQL_NOARGS, dump_row, &d,
			       err);
	}
	free(*out);
	*out = NULL;
	if (st != CLARIO_OK) {
		strbuf_release(&d.sb);
		return st;
	}
	*out = strbuf_detach(&d.sb, NULL);
	return *out ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
}
