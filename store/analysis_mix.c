/* Store side of the mix analyses: one portable query per row set the
 * analytics/ mix modules fold, and the commission-rate and region settings. */
#include "store/analysis_mix.h"

#include <stdlib.h>
#include <string.h>

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

/* A growable array filled by row callbacks. */
struct grow {
	void *p;
	size_t n, cap, size;
};

static void *grow_next(struct grow *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		void *p = realloc(g->p, cap * g->size);
		if (!p)
			return NULL;
		g->p = p;
		g->cap = cap;
	}
	void *slot = (char *)g->p + g->n++ * g->size;
	memset(slot, 0, g->size);
	return slot;
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
	struct mix_refund_row *x = grow_next(ctx);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
	x->channel = channel_of(r, 0);
	x->amount = sql_int(r, 1);
	x->count = sql_int(r, 2);
	return CLARIO_OK;
}

/* One closed ticket's figures, folded from its lines. */
struct ticket_fig {
	int64_t id;
	enum sales_channel channel;
	rupiah_t gross, line_discounts, ticket_discounts, known_cost, unknown_cost_gross;
};

struct channel_ctx {
	struct grow tickets;     /* struct ticket_fig, one per ticket */
	struct ticket_fig *cur;  /* the ticket being read (rows come ticket by ticket) */
};

static enum clario_status channel_line(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct channel_ctx *c = ctx;
	int64_t id = sql_int(r, 0);
	if (!c->cur || c->cur->id != id) {
		if (!(c->cur = grow_next(&c->tickets)))
			return clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
		c->cur->id = id;
		c->cur->channel = channel_of(r, 1);
	}
	rupiah_t gross = sql_int(r, 2), cost = sql_int(r, 4);
	c->cur->gross += gross;
	c->cur->line_discounts += sql_int(r, 3);
	if (cost >= 0)
		c->cur->known_cost += cost;
	else
		c->cur->unknown_cost_gross += gross;
	return CLARIO_OK;
}

static int fig_by_id(const void *x, const void *y)
{
	const struct ticket_fig *a = x, *b = y;
	return (a->id > b->id) - (a->id < b->id);
}

static enum clario_status channel_discount(void *ctx, const struct sql_row *r,
					   struct clario_err *err)
{
	struct grow *g = ctx; /* the tickets, sorted by id */
	(void)err;
	struct ticket_fig key = {.id = sql_int(r, 0)};
	struct ticket_fig *t = bsearch(&key, g->p, g->n, g->size, fig_by_id);
	if (t) /* a ticket without lines has no base and is not in the mix */
		t->ticket_discounts += sql_int(r, 1);
	return CLARIO_OK;
}

static rupiah_t fig_base(const struct ticket_fig *t)
{
	return t->gross - t->line_discounts - t->ticket_discounts;
}

static int fig_by_channel_base(const void *x, const void *y)
{
	const struct ticket_fig *a = x, *b = y;
	rupiah_t ba = fig_base(a), bb = fig_base(b);
	if (a->channel != b->channel)
		return a->channel < b->channel ? -1 : 1;
	return (ba > bb) - (ba < bb);
}

enum clario_status store_mix_channel_rows(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t from, day_t to, struct mix_channel_row **rows,
					  size_t *n, struct mix_refund_row **refunds, size_t *n_refunds,
					  struct clario_err *err)
{
	struct grow g = {.size = sizeof **rows}, gr = {.size = sizeof **refunds};
	struct channel_ctx c = {.tickets = {.size = sizeof(struct ticket_fig)}};
	/* The lines of the period's closed tickets, ticket by ticket, folded per
	 * ticket here (grouping them in SQL cost twice as much: the per-ticket
	 * GROUP BY over ~335k lines of a merchant-year dominated), then the
	 * ticket discounts, then per channel and distinct base (what the platform
	 * charges on). A NULL or negative unit cost is unknown (cost column −1). */
	enum clario_status st = sql_query(s,
		"SELECT t.id, t.channel, l.qty * (l.unit_price + l.modifiers_total), l.discount,"
		"  CASE WHEN i.unit_cost >= 0 THEN l.qty * i.unit_cost ELSE -1 END"
		" FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id"
		" JOIN items i ON i.id = l.item_id"
		" WHERE t.merchant_id = $1 AND t.business_day BETWEEN $2 AND $3"
		"  AND t.status = 'closed' AND (CAST($4 AS BIGINT) = 0 OR t.outlet_id = $4)"
		" ORDER BY t.business_day, t.id", /* index order in SQLite: no sort */
		"reading the channel mix",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), channel_line,
		&c, err);
	if (st == CLARIO_OK && c.tickets.n > 1)
		qsort(c.tickets.p, c.tickets.n, c.tickets.size, fig_by_id);
	if (st == CLARIO_OK)
		st = sql_query(s,
			"SELECT x.ticket_id, SUM(x.amount) FROM tickets t"
			" JOIN ticket_discounts x ON x.ticket_id = t.id"
			" WHERE t.merchant_id = $1 AND t.business_day BETWEEN $2 AND $3"
			"  AND t.status = 'closed' AND (CAST($4 AS BIGINT) = 0 OR t.outlet_id = $4)"
			" GROUP BY x.ticket_id",
			"reading the channel mix's ticket discounts",
			SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)),
			channel_discount, &c.tickets, err);
	if (st == CLARIO_OK && c.tickets.n > 1)
		qsort(c.tickets.p, c.tickets.n, c.tickets.size, fig_by_channel_base);
	const struct ticket_fig *tf = c.tickets.p;
	struct mix_channel_row *x = NULL;
	for (size_t i = 0; st == CLARIO_OK && i < c.tickets.n; i++) {
		const struct ticket_fig *t = &tf[i];
		if (!x || x->channel != t->channel || x->base != fig_base(t)) {
			if (!(x = grow_next(&g))) {
				st = clario_err_set(err, CLARIO_ENOMEM, "channel mix: out of memory");
				break;
			}
			x->channel = t->channel;
			x->base = fig_base(t);
		}
		x->tickets++;
		x->gross += t->gross;
		x->line_discounts += t->line_discounts;
		x->ticket_discounts += t->ticket_discounts;
		x->known_cost += t->known_cost;
		x->unknown_cost_gross += t->unknown_cost_gross;
	}
	free(c.tickets.p);
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
	struct mix_payment_row *x = grow_next(ctx);
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
	struct grow g = {.size = sizeof **rows};
	enum clario_status st = sql_query(s,
		"SELECT t.business_day, p.method, COUNT(*), SUM(p.amount)"
		" FROM tickets t JOIN payments p ON p.ticket_id = t.id"
		" WHERE t.merchant_id = $1 AND t.business_day BETWEEN $2 AND $3"
		"  AND t.status = 'closed' AND (CAST($4 AS BIGINT) = 0 OR t.outlet_id = $4)"
		" GROUP BY t.business_day, p.method ORDER BY 1, 2",
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
	struct mix_outlet_day *x = grow_next(ctx);
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
	struct grow g = {.size = sizeof **rows};
	enum clario_status st = sql_query(s,
		"SELECT outlet_id, day, SUM(gross), SUM(line_discounts) + SUM(ticket_discounts),"
		" SUM(refunds), SUM(tickets), SUM(covers), SUM(voids), SUM(discounted_tickets),"
		" SUM(refund_count)"
		" FROM rollup_outlet_hour WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
		" GROUP BY outlet_id, day ORDER BY 1, 2",
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
	struct grow g;
	char last[SALES_MAX_ID_LEN + 1];
	size_t n_customers;
};

static enum clario_status visit_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct visits_ctx *v = ctx;
	struct mix_visit *x = grow_next(&v->g);
	if (!x)
		return clario_err_set(err, CLARIO_ENOMEM, "retention: out of memory");
	const char *id = sql_text(r, 0);
	if (v->n_customers == 0 || strcmp(id, v->last) != 0) {
		v->n_customers++;
		sql_copy(r, 0, v->last, sizeof v->last);
	}
	x->customer = (uint32_t)(v->n_customers - 1);
	x->day = (day_t)sql_int(r, 1);
	x->tickets = (int32_t)sql_int(r, 2);
	x->net = sql_int(r, 3);
	return CLARIO_OK;
}

static enum clario_status counts_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct mix_visits *out = ctx;
	(void)err;
	out->period_tickets = sql_int(r, 0);
	out->period_customer_tickets = sql_int(r, 1);
	return CLARIO_OK;
}

enum clario_status store_mix_visits(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t from, day_t to, struct mix_visits *out,
				    struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	struct visits_ctx v = {.g = {.size = sizeof(struct mix_visit)}};
	enum clario_status st = sql_query(s,
		"SELECT COUNT(*),"
		" COALESCE(SUM(CASE WHEN customer_id IS NOT NULL AND customer_id <> '' THEN 1 ELSE 0 END), 0)"
		" FROM tickets WHERE merchant_id = $1 AND business_day BETWEEN $2 AND $3"
		"  AND status = 'closed' AND (CAST($4 AS BIGINT) = 0 OR outlet_id = $4)",
		"counting tickets with customers",
		SQL_ARGS(SQL_I(merchant_id), SQL_I(from), SQL_I(to), SQL_I(outlet_id)), counts_row,
		out, err);
	if (st == CLARIO_OK && out->period_customer_tickets > 0)
		st = sql_query(s,
			"SELECT customer_id, business_day, COUNT(*), SUM(net) FROM ("
			" SELECT t.id, t.customer_id AS customer_id, t.business_day AS business_day,"
			"  SUM(l.qty * (l.unit_price + l.modifiers_total)) - SUM(l.discount)"
			"  - (SELECT COALESCE(SUM(x.amount), 0) FROM ticket_discounts x"
			"     WHERE x.ticket_id = t.id) AS net"
			" FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id"
			" WHERE t.merchant_id = $1 AND t.business_day <= $2 AND t.status = 'closed'"
			"  AND t.customer_id IS NOT NULL AND t.customer_id <> ''"
			"  AND (CAST($3 AS BIGINT) = 0 OR t.outlet_id = $3)"
			" GROUP BY t.business_day, t.id, t.customer_id) p"
			" GROUP BY customer_id, business_day ORDER BY customer_id, business_day",
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
	struct grow g;
	int pass; /* 0 merchants, 1 period, 2 previous period, 3 delivery */
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
		struct mix_peer_row *x = grow_next(&p->g);
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
	if (p->pass == 1) {
		x->gross = sql_int(r, 1);
		x->discounts = sql_int(r, 2);
		x->refunds = sql_int(r, 3);
		x->tickets = sql_int(r, 4);
		x->voids = sql_int(r, 5);
	} else if (p->pass == 2) {
		x->prev_net = sql_int(r, 1) - sql_int(r, 2) - sql_int(r, 3);
		x->prev_tickets = sql_int(r, 4);
	} else {
		x->delivery_tickets = sql_int(r, 1);
	}
	return CLARIO_OK;
}

enum clario_status store_mix_peer_rows(struct store *s, const char *kind, day_t from, day_t to,
				       struct mix_peer_row **rows, size_t *n,
				       struct clario_err *err)
{
	static const char *const sums =
		"SELECT r.merchant_id, SUM(r.gross), SUM(r.line_discounts) + SUM(r.ticket_discounts),"
		" SUM(r.refunds), SUM(r.tickets), SUM(r.voids)"
		" FROM merchants m JOIN rollup_outlet_hour r ON r.merchant_id = m.id"
		" WHERE m.kind = $1 AND r.day BETWEEN $2 AND $3 GROUP BY r.merchant_id";
	struct peers_ctx p = {.g = {.size = sizeof **rows}};
	day_t len = to - from + 1;
	enum clario_status st = sql_query(s,
		"SELECT id, kind, COALESCE(region, '') FROM merchants WHERE kind = $1 ORDER BY id",
		"reading peer merchants", SQL_ARGS(SQL_T(kind)), peer_row, &p, err);
	if (st == CLARIO_OK) {
		p.pass = 1;
		st = sql_query(s, sums, "reading peer figures",
			       SQL_ARGS(SQL_T(kind), SQL_I(from), SQL_I(to)), peer_row, &p, err);
	}
	if (st == CLARIO_OK) {
		p.pass = 2;
		st = sql_query(s, sums, "reading peer figures",
			       SQL_ARGS(SQL_T(kind), SQL_I(from - len), SQL_I(from - 1)), peer_row, &p,
			       err);
	}
	if (st == CLARIO_OK) {
		p.pass = 3;
		st = sql_query(s,
			"SELECT t.merchant_id, COUNT(*) FROM merchants m"
			" JOIN tickets t ON t.merchant_id = m.id"
			" WHERE m.kind = $1 AND t.business_day BETWEEN $2 AND $3 AND t.status = 'closed'"
			"  AND t.channel IN ('gofood', 'grabfood', 'shopeefood')"
			" GROUP BY t.merchant_id",
			"reading peer delivery tickets",
			SQL_ARGS(SQL_T(kind), SQL_I(from), SQL_I(to)), peer_row, &p, err);
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
