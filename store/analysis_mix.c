/* Store side of the mix analyses: one portable query per row set the
 * analytics/ mix modules fold, and the commission-rate and region settings. */
#include "store/analysis_mix.h"

#include <stdlib.h>
#include <string.h>

#include "store/rollups_mix.h"
#include "store/grow.h"
#include "store/sql.h"

static const enum sales_channel platforms[MIX_N_PLATFORMS] = {
	SALES_CHANNEL_GOFOOD, SALES_CHANNEL_GRABFOOD, SALES_CHANNEL_SHOPEEFOOD};

enum sales_channel store_mix_platform(size_t i)
{
	return i < MIX_N_PLATFORMS ? platforms[i] : SALES_CHANNEL_OTHER;
}

int store_mix_platform_index(enum sales_channel c)
{
	for (int i = 0; i < MIX_N_PLATFORMS; i++)
		if (platforms[i] == c)
			return i;
	return -1;
}

static enum sales_channel channel_of(const struct sql_row *r, int col)
{
	enum sales_channel c;
	return sales_channel_parse(sql_text(r, col), &c) ? c : SALES_CHANNEL_OTHER;
}

/* ---- rates ---- */

static enum clario_status rate_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct mix_rate *out = ctx;
	(void)err;
	int i = store_mix_platform_index(channel_of(r, 0));
	if (i < 0)
		return CLARIO_OK;
	out[i].rate_bps = (int32_t)sql_int(r, 1);
	out[i].fixed_fee = sql_int(r, 2);
	out[i].vat_bps = (int32_t)sql_int(r, 3);
	out[i].custom = sql_int(r, 4) != 0;
	return CLARIO_OK;
}

enum clario_status store_mix_rates_get(struct store *s, int64_t merchant_id,
				       struct mix_rate out[MIX_N_PLATFORMS], struct clario_err *err)
{
	for (size_t i = 0; i < MIX_N_PLATFORMS; i++)
		out[i] = (struct mix_rate){.channel = platforms[i]};
	return sql_query(s,
			 "SELECT d.channel, COALESCE(m.rate_bps, d.rate_bps),"
			 " COALESCE(m.fixed_fee, d.fixed_fee), COALESCE(m.vat_bps, d.vat_bps),"
			 " CASE WHEN m.channel IS NULL THEN 0 ELSE 1 END"
			 " FROM channel_rate_defaults d LEFT JOIN merchant_channel_rates m"
			 " ON m.channel = d.channel AND m.merchant_id = $1",
			 "reading commission rates", SQL_ARGS(SQL_I(merchant_id)), rate_row, out, err);
}

static enum clario_status rate_check(const struct mix_rate *r, struct clario_err *err)
{
	if (store_mix_platform_index(r->channel) < 0)
		return clario_err_set(err, CLARIO_EINVAL, "channel: %s has no commission rate",
				      sales_channel_name(r->channel));
	if (r->rate_bps < 0 || r->rate_bps > BPS_ONE || r->vat_bps < 0 || r->vat_bps > BPS_ONE)
		return clario_err_set(err, CLARIO_EINVAL, "rates must be 0..10000 basis points");
	if (r->fixed_fee < 0 || r->fixed_fee > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "fixed_fee: must be 0..10^13 rupiah");
	return CLARIO_OK;
}

enum clario_status store_mix_rate_set(struct store *s, int64_t merchant_id,
				      const struct mix_rate *r, instant_t now,
				      struct clario_err *err)
{
	enum clario_status st = rate_check(r, err);
	if (st != CLARIO_OK)
		return st;
	const char *ch = sales_channel_name(r->channel);
	if (merchant_id == 0)
		return sql_exec(s,
				"UPDATE channel_rate_defaults SET rate_bps = $2, fixed_fee = $3,"
				" vat_bps = $4, updated_at = $5 WHERE channel = $1",
				"setting a default commission rate",
				SQL_ARGS(SQL_T(ch), SQL_I(r->rate_bps), SQL_I(r->fixed_fee),
					 SQL_I(r->vat_bps), SQL_I(now)),
				NULL, err);
	return sql_exec(s,
			"INSERT INTO merchant_channel_rates(merchant_id, channel, rate_bps, fixed_fee,"
			" vat_bps, updated_at) VALUES ($1, $2, $3, $4, $5, $6)"
			" ON CONFLICT (merchant_id, channel) DO UPDATE SET rate_bps = excluded.rate_bps,"
			" fixed_fee = excluded.fixed_fee, vat_bps = excluded.vat_bps,"
			" updated_at = excluded.updated_at",
			"setting a merchant's commission rate",
			SQL_ARGS(SQL_I(merchant_id), SQL_T(ch), SQL_I(r->rate_bps), SQL_I(r->fixed_fee),
				 SQL_I(r->vat_bps), SQL_I(now)),
			NULL, err);
}

enum clario_status store_mix_rate_clear(struct store *s, int64_t merchant_id,
					enum sales_channel channel, struct clario_err *err)
{
	return sql_exec(s, "DELETE FROM merchant_channel_rates WHERE merchant_id = $1 AND channel = $2",
			"clearing a merchant's commission rate",
			SQL_ARGS(SQL_I(merchant_id), SQL_T(sales_channel_name(channel))), NULL, err);
}

/* ---- region ---- */

enum clario_status store_mix_region_set(struct store *s, int64_t merchant_id, const char *region,
					struct clario_err *err)
{
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, "UPDATE merchants SET region = $2 WHERE id = $1",
					 "setting a merchant's region",
					 SQL_ARGS(SQL_I(merchant_id), SQL_T(region && *region ? region : NULL)),
					 &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
	return st;
}

static enum clario_status text_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	sql_copy(r, 0, ctx, MIX_REGION_MAX + 1);
	return CLARIO_OK;
}

enum clario_status store_mix_region_get(struct store *s, int64_t merchant_id,
					char region[MIX_REGION_MAX + 1], struct clario_err *err)
{
	region[0] = '\0';
	return sql_query(s, "SELECT COALESCE(region, '') FROM merchants WHERE id = $1",
			 "reading a merchant's region", SQL_ARGS(SQL_I(merchant_id)), text_row, region,
			 err);
}

/* ---- channel mix ---- */

static enum clario_status refund_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct mix_refund_row *x = store__grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
	x->channel = channel_of(r, 0);
	x->amount = sql_int(r, 1);
	x->count = sql_int(r, 2);
	return CLARIO_OK;
}

static enum clario_status channel_base_row(void *ctx, const struct sql_row *r,
					   struct clario_err *err)
{
	struct mix_channel_row *x = store__grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
	x->channel = channel_of(r, 0);
	x->base = sql_int(r, 1);
	x->tickets = sql_int(r, 2);
	x->gross = sql_int(r, 3);
	x->line_discounts = sql_int(r, 4);
	x->ticket_discounts = sql_int(r, 5);
	return CLARIO_OK;
}

static enum clario_status channel_cost_row(void *ctx, const struct sql_row *r,
					   struct clario_err *err)
{
	struct mix_channel_row *x = store__grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
	x->channel = channel_of(r, 0);
	x->known_cost = sql_int(r, 1);
	x->unknown_cost_gross = sql_int(r, 2);
	return CLARIO_OK;
}

enum clario_status store_mix_channel_rows(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t from, day_t to, struct mix_channel_row **rows,
					  size_t *n, struct mix_refund_row **refunds, size_t *n_refunds,
					  struct clario_err *err)
{
	struct store_grow g = {.size = sizeof **rows}, gr = {.size = sizeof **refunds};
	struct mix_span sp[3];
	size_t n_sp = from <= to ? store_mix_spans(from, to, sp) : 0;
	enum clario_status st = CLARIO_OK;
	/* From the channel rollups (store/rollups_mix.h): whole months from the
	 * month rows, the edges from the day rows. Rows are not grouped further:
	 * the analysis sums them, and a (channel, base) split over rows costs the
	 * same per order. Item cost at the catalogue's current unit cost, one row
	 * per channel (tickets 0); a NULL or negative cost is unknown. */
	for (size_t i = 0; i < n_sp && st == CLARIO_OK; i++) {
		st = sql_query(s,
			"SELECT channel, base, tickets, gross, line_discounts, ticket_discounts"
			" FROM rollup_mix_channel WHERE merchant_id = $1 AND span = $2"
			"  AND start BETWEEN $3 AND $4 AND (CAST($5 AS BIGINT) = 0 OR outlet_id = $5)"
			"  AND tickets <> 0",
			"reading the channel mix",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(sp[i].span), SQL_I(sp[i].from),
				 SQL_I(sp[i].to), SQL_I(outlet_id)),
			channel_base_row, &g, err);
		if (st == CLARIO_OK)
			st = sql_query(s,
				"SELECT r.channel,"
				" SUM(CASE WHEN i.unit_cost >= 0 THEN r.qty * i.unit_cost ELSE 0 END),"
				" SUM(CASE WHEN i.unit_cost >= 0 THEN 0 ELSE r.gross END)"
				" FROM rollup_mix_item r JOIN items i ON i.id = r.item_id"
				" WHERE r.merchant_id = $1 AND r.span = $2 AND r.start BETWEEN $3 AND $4"
				"  AND (CAST($5 AS BIGINT) = 0 OR r.outlet_id = $5)"
				" GROUP BY r.channel",
				"reading the channel mix's item costs",
				SQL_ARGS(SQL_I(merchant_id), SQL_I(sp[i].span), SQL_I(sp[i].from),
					 SQL_I(sp[i].to), SQL_I(outlet_id)),
				channel_cost_row, &g, err);
	}
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT t.channel, SUM(r.amount), COUNT(*) FROM refunds r"
			" JOIN tickets t ON t.id = r.ticket_id"
			" WHERE r.merchant_id = $1 AND r.business_day BETWEEN $2 AND $3"
			"  AND (CAST($4 AS BIGINT) = 0 OR r.outlet_id = $4)"
			" GROUP BY t.channel ORDER BY 1",
			"reading refunds per channel",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)),
			refund_row, &gr, err);
	if (st != CLARIO_OK) {
		free(g.p);
		free(gr.p);
		g.p = gr.p = NULL;
		g.n = gr.n = 0;
	}
	*rows = g.p;
	*n = g.n;
	*refunds = gr.p;
	*n_refunds = gr.n;
	return st;
}

/* ---- payment mix ---- */

static enum clario_status payment_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct mix_payment_row *x = store__grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "payment mix: out of memory");
	x->day = (day_t)sql_int(r, 0);
	enum sales_payment_method m;
	x->method = sales_payment_parse(sql_text(r, 1), &m) ? m : SALES_PAY_OTHER;
	x->count = sql_int(r, 2);
	x->amount = sql_int(r, 3);
	return CLARIO_OK;
}

enum clario_status store_mix_payment_rows(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t from, day_t to, struct mix_payment_row **rows,
					  size_t *n, struct clario_err *err)
{
	struct store_grow g = {.size = sizeof **rows};
	/* The payment rollup (store/rollups_mix.h), one row per outlet: the
	 * analysis sums rows, so outlets need no grouping here. */
	enum clario_status st = sql_query(s,
		"SELECT day, method, entries, amount FROM rollup_mix_payment"
		" WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		"  AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4) AND entries <> 0",
		"reading the payment mix",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), payment_row,
		&g, err);
	if (st != CLARIO_OK) {
		free(g.p);
		g.p = NULL;
		g.n = 0;
	}
	*rows = g.p;
	*n = g.n;
	return st;
}

/* ---- outlet comparison ---- */

static enum clario_status outlet_day_row(void *ctx, const struct sql_row *r,
					 struct clario_err *err)
{
	struct mix_outlet_day *x = store__grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "outlet comparison: out of memory");
	x->outlet_id = sql_int(r, 0);
	x->day = (day_t)sql_int(r, 1);
	x->gross = sql_int(r, 2);
	x->discounts = sql_int(r, 3);
	x->refunds = sql_int(r, 4);
	x->tickets = sql_int(r, 5);
	x->covers = sql_int(r, 6);
	x->voids = sql_int(r, 7);
	x->discounted_tickets = sql_int(r, 8);
	x->refund_count = sql_int(r, 9);
	return CLARIO_OK;
}

enum clario_status store_mix_outlet_days(struct store *s, int64_t merchant_id, day_t from, day_t to,
					 struct mix_outlet_day **rows, size_t *n,
					 struct clario_err *err)
{
	struct store_grow g = {.size = sizeof **rows};
	enum clario_status st = sql_query(s,
		/* The hour rollup per day (store/rollups_ext.h): one row per outlet day. */
		"SELECT outlet_id, day, gross, line_discounts + ticket_discounts, refunds, tickets,"
		" covers, voids, discounted_tickets, refund_count"
		" FROM rollup_outlet_day WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" ORDER BY 1, 2",
		"reading outlet days", SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to)),
		outlet_day_row, &g, err);
	if (st != CLARIO_OK) {
		free(g.p);
		g.p = NULL;
		g.n = 0;
	}
	*rows = g.p;
	*n = g.n;
	return st;
}

/* ---- retention ---- */

struct visits_ctx {
	struct store_grow g;
	char last[SALES_MAX_ID_LEN + 1];
	size_t n_customers;
};

/* Rows come by customer, day, outlet: a customer's day at several outlets is
 * one visit, so a row of the same customer and day adds to the previous one. */
static enum clario_status visit_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct visits_ctx *v = ctx;
	const char *id = sql_text(r, 0);
	day_t day = (day_t)sql_int(r, 1);
	bool same = v->n_customers > 0 && strcmp(id, v->last) == 0;
	struct mix_visit *x = same ? &((struct mix_visit *)v->g.p)[v->g.n - 1] : NULL;
	if (!x || x->day != day) {
		if (!(x = store__grow_next(&v->g)))
			return clario_err_set(err, CLARIO_ENOMEM, "retention: out of memory");
		if (!same) {
			v->n_customers++;
			sql_copy(r, 0, v->last, sizeof v->last);
		}
		x->customer = (uint32_t)(v->n_customers - 1);
		x->day = day;
	}
	x->tickets += (int32_t)sql_int(r, 2);
	x->net += sql_int(r, 3);
	return CLARIO_OK;
}

static enum clario_status counts_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct mix_visits *out = ctx;
	(void)err;
	out->period_tickets += sql_int(r, 0);
	out->period_customer_tickets += sql_int(r, 1);
	return CLARIO_OK;
}

enum clario_status store_mix_visits(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t from, day_t to, struct mix_visits *out,
				    struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	struct visits_ctx v = {.g = {.size = sizeof(struct mix_visit)}};
	struct mix_span sp[3];
	size_t n_sp = from <= to ? store_mix_spans(from, to, sp) : 0;
	enum clario_status st = CLARIO_OK;
	/* From the mix rollups (store/rollups_mix.h): the period's ticket counts
	 * from the sales rows, the visits from the customer days (tickets with
	 * lines only, as the visits' net sales come from lines). */
	for (size_t i = 0; i < n_sp && st == CLARIO_OK; i++)
		st = sql_query(s,
			"SELECT SUM(tickets), SUM(customer_tickets) FROM rollup_mix_sales"
			" WHERE merchant_id = $1 AND span = $2 AND start BETWEEN $3 AND $4"
			"  AND (CAST($5 AS BIGINT) = 0 OR outlet_id = $5)",
			"counting tickets with customers",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(sp[i].span), SQL_I(sp[i].from),
				 SQL_I(sp[i].to), SQL_I(outlet_id)),
			counts_row, out, err);
	if (st == CLARIO_OK && out->period_customer_tickets > 0)
		st = sql_query(s,
			"SELECT customer_id, day, tickets, net FROM rollup_mix_customer"
			" WHERE merchant_id = $1 AND day <= $2 AND tickets <> 0"
			"  AND (CAST($3 AS BIGINT) = 0 OR outlet_id = $3)"
			" ORDER BY customer_id, day, outlet_id",
			"reading customer visits",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(to), SQL_I(outlet_id)), visit_row, &v, err);
	if (st != CLARIO_OK) {
		free(v.g.p);
		v.g.p = NULL;
		v.g.n = 0;
		v.n_customers = 0;
	}
	out->rows = v.g.p;
	out->n = v.g.n;
	out->n_customers = v.n_customers;
	return st;
}

void store_mix_visits_release(struct mix_visits *v)
{
	free(v->rows);
	v->rows = NULL;
	v->n = 0;
}

/* ---- peers ---- */

struct peers_ctx {
	struct store_grow g;
	int pass; /* 0 merchants, 1 period, 2 previous period */
};

static struct mix_peer_row *peer_find(struct peers_ctx *p, int64_t id)
{
	struct mix_peer_row *rows = p->g.p;
	size_t lo = 0, hi = p->g.n; /* rows are in id order */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rows[mid].merchant_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->g.n && rows[lo].merchant_id == id ? &rows[lo] : NULL;
}

static enum clario_status peer_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct peers_ctx *p = ctx;
	if (p->pass == 0) {
		struct mix_peer_row *x = store__grow_next(&p->g);
		if (!x)
			return clario_err_set(err, CLARIO_ENOMEM, "peers: out of memory");
		x->merchant_id = sql_int(r, 0);
		sql_copy(r, 1, x->kind, sizeof x->kind);
		sql_copy(r, 2, x->region, sizeof x->region);
		return CLARIO_OK;
	}
	struct mix_peer_row *x = peer_find(p, sql_int(r, 0));
	if (!x)
		return CLARIO_OK; /* a merchant created between the queries */
	if (p->pass == 1) { /* summed over the period's spans */
		x->gross += sql_int(r, 1);
		x->discounts += sql_int(r, 2);
		x->refunds += sql_int(r, 3);
		x->tickets += sql_int(r, 4);
		x->voids += sql_int(r, 5);
		x->delivery_tickets += sql_int(r, 6);
	} else {
		x->prev_net += sql_int(r, 1) - sql_int(r, 2) - sql_int(r, 3);
		x->prev_tickets += sql_int(r, 4);
	}
	return CLARIO_OK;
}

enum clario_status store_mix_peer_rows(struct store *s, const char *kind, day_t from, day_t to,
				       struct mix_peer_row **rows, size_t *n,
				       struct clario_err *err)
{
	/* From the mix sales rollup (store/rollups_mix.h): whole months from the
	 * month rows, the edges from the day rows. */
	static const char *const sums =
		"SELECT r.merchant_id, SUM(r.gross), SUM(r.discounts), SUM(r.refunds),"
		" SUM(r.tickets), SUM(r.voids), SUM(r.delivery_tickets)"
		" FROM merchants m JOIN rollup_mix_sales r ON r.merchant_id = m.id"
		" WHERE m.kind = $1 AND r.span = $2 AND r.start BETWEEN $3 AND $4"
		" GROUP BY r.merchant_id";
	struct peers_ctx p = {.g = {.size = sizeof **rows}};
	day_t len = to - from + 1;
	enum clario_status st = sql_query(s,
		"SELECT id, kind, COALESCE(region, '') FROM merchants WHERE kind = $1 ORDER BY id",
		"reading peer merchants", SQL_ARGS(SQL_T(kind)), peer_row, &p, err);
	for (p.pass = 1; p.pass <= 2 && st == CLARIO_OK; p.pass++) {
		struct mix_span sp[3];
		day_t a = p.pass == 1 ? from : from - len, b = p.pass == 1 ? to : from - 1;
		size_t n_sp = a <= b ? store_mix_spans(a, b, sp) : 0;
		for (size_t i = 0; i < n_sp && st == CLARIO_OK; i++)
			st = sql_query(s, sums, "reading peer figures",
				       SQL_ARGS(SQL_T(kind), SQL_I(sp[i].span), SQL_I(sp[i].from),
						SQL_I(sp[i].to)),
				       peer_row, &p, err);
	}
	if (st != CLARIO_OK) {
		free(p.g.p);
		p.g.p = NULL;
		p.g.n = 0;
	}
	*rows = p.g.p;
	*n = p.g.n;
	return st;
}
