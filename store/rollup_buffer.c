/* The rollup deltas of a transaction, summed per row in open-addressing hash
 * maps (one per rollup table) and written at commit. Deltas made while a
 * savepoint is open wait in a journal; releasing the outermost savepoint adds
 * them to the maps, rolling one back drops those made since it. */
#include "store/rollup_buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/rollups_mix.h"
#include "store/sql.h"

enum { T_HOUR, T_DAY, T_WEEKHOUR, T_ITEM, T_ITEM_MONTH, T_PAIR_DAY, T_PAIR_MONTH, T_CASHIER,
       T_COUNT };

#define MAX_KEYS 5
#define MAX_VALS 13
#define MAX_MARKS 16
/* Rows held before a flush at the next point outside any savepoint: bounds
 * the memory of a rebuild or a huge import run as one transaction. */
#define FLUSH_ROWS 32768

struct entry {
	int64_t k[MAX_KEYS];
	char *str; /* owned: the text key (a cashier, channel, method, customer) */
	int64_t v[MAX_VALS];
	bool used;
};

/* Kept between transactions (fresh pages cost a fault each on first touch);
 * idx lists the used slots so a commit walks only those. */
struct map {
	struct entry *e;
	size_t *idx;
	size_t cap, n;
};

/* One delta as made, kept while a savepoint is open. */
enum op_kind { OP_HOUR, OP_ITEM, OP_PAIR, OP_CASHIER, OP_ROW };
struct op {
	enum op_kind kind;
	struct rollup_hour h;
	struct rollup_item_day i;
	struct rollup_cashier_day c; /* c.cashier_id owned here */
	int64_t pair[6];             /* merchant, outlet, day, a, b, delta */
	const struct store_rollup_table *tab; /* OP_ROW: a row of another file's table */
	int64_t k[MAX_KEYS], v[MAX_VALS];
	char *text;                  /* owned */
};

#define MAX_GENERIC 8

struct rollup_buffer {
	struct map m[T_COUNT];
	struct {
		const struct store_rollup_table *tab;
		struct map m;
	} generic[MAX_GENERIC];
	int n_generic;
	size_t rows;
	struct op *ops;
	size_t n_ops, cap_ops;
	size_t marks[MAX_MARKS];
	int depth;
	bool in_tx;
};

static const int nvals[T_COUNT] = {13, 13, 2, 6, 6, 1, 1, 4};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

static uint64_t hash(const int64_t *k, const char *str)
{
	uint64_t h = 0x9e3779b97f4a7c15u;
	for (int i = 0; i < MAX_KEYS; i++)
		h = mix64(h ^ (uint64_t)k[i]);
	for (const char *p = str; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return mix64(h);
}

static bool same(const struct entry *e, const int64_t *k, const char *str)
{
	return memcmp(e->k, k, sizeof e->k) == 0 &&
	       ((!e->str && !str) || (e->str && str && strcmp(e->str, str) == 0));
}

static struct entry *slot(struct map *m, const int64_t *k, const char *str)
{
	size_t i = (size_t)hash(k, str) & (m->cap - 1);
	while (m->e[i].used && !same(&m->e[i], k, str))
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static bool grow(struct map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256;
	struct entry *e = calloc(cap, sizeof *e), *old = m->e;
	size_t *idx = malloc(cap / 2 * sizeof *idx);
	if (!e || !idx) {
		free(e);
		free(idx);
		return false;
	}
	m->e = e;
	m->cap = cap;
	for (size_t i = 0; i < m->n; i++) {
		const struct entry *o = &old[m->idx[i]];
		struct entry *x = slot(m, o->k, o->str);
		*x = *o;
		idx[i] = (size_t)(x - e);
	}
	free(old);
	free(m->idx);
	m->idx = idx;
	return true;
}

/* Adds v[0..nv) to the row of key k (and str, copied) in map m. */
static bool add_to(struct rollup_buffer *b, struct map *m, int nv, const int64_t *k,
		   const char *str, const int64_t *v)
{
	if ((m->n + 1) * 2 > m->cap && !grow(m))
		return false;
	struct entry *e = slot(m, k, str);
	if (!e->used) {
		char *copy = str ? strdup(str) : NULL;
		if (str && !copy)
			return false;
		memset(e, 0, sizeof *e);
		memcpy(e->k, k, sizeof e->k);
		e->str = copy;
		e->used = true;
		m->idx[m->n++] = (size_t)(e - m->e);
		b->rows++;
	}
	for (int i = 0; i < nv; i++)
		e->v[i] += v[i];
	return true;
}

static bool add(struct rollup_buffer *b, int t, const int64_t *k, const char *str,
		const int64_t *v)
{
	return add_to(b, &b->m[t], nvals[t], k, str, v);
}

/* The map of a table kept for another store file, made on first use. */
static struct map *generic_map(struct rollup_buffer *b, const struct store_rollup_table *tab)
{
	for (int i = 0; i < b->n_generic; i++)
		if (b->generic[i].tab == tab)
			return &b->generic[i].m;
	if (b->n_generic == MAX_GENERIC)
		return NULL;
	b->generic[b->n_generic].tab = tab;
	return &b->generic[b->n_generic++].m;
}

static void hour_vals(const struct rollup_hour *d, int64_t *v)
{
	const int64_t x[] = {d->gross, d->line_discounts, d->ticket_discounts, d->refunds, d->tax,
			     d->service_charge, d->rounding, d->tickets, d->covers,
			     d->discounted_tickets, d->voids, d->void_gross, d->refund_count};
	memcpy(v, x, sizeof x);
}

static void hour_from(const struct entry *e, struct rollup_hour *d)
{
	int64_t *f[] = {&d->gross, &d->line_discounts, &d->ticket_discounts, &d->refunds, &d->tax,
			&d->service_charge, &d->rounding, &d->tickets, &d->covers,
			&d->discounted_tickets, &d->voids, &d->void_gross, &d->refund_count};
	for (int i = 0; i < MAX_VALS; i++)
		*f[i] = e->v[i];
}

/* One delta into the maps: each kind feeds its table and the coarser ones. */
static bool apply(struct rollup_buffer *b, const struct op *o)
{
	int64_t v[MAX_VALS] = {0};
	switch (o->kind) {
	case OP_HOUR: {
		const struct rollup_hour *d = &o->h;
		hour_vals(d, v);
		int64_t kh[MAX_KEYS] = {d->merchant_id, d->outlet_id, d->day, d->hour};
		int64_t kd[MAX_KEYS] = {d->merchant_id, d->outlet_id, d->day};
		int64_t kw[MAX_KEYS] = {d->merchant_id, d->outlet_id, store_mix_month(d->day),
					tz_weekday(d->day), d->hour};
		int64_t w[MAX_VALS] = {d->gross - d->line_discounts - d->ticket_discounts - d->refunds,
				       d->tickets};
		return add(b, T_HOUR, kh, NULL, v) && add(b, T_DAY, kd, NULL, v) &&
		       add(b, T_WEEKHOUR, kw, NULL, w);
	}
	case OP_ITEM: {
		const struct rollup_item_day *d = &o->i;
		const int64_t x[] = {d->qty, d->gross, d->discounts, d->tickets, d->refund_qty,
				     d->refunds};
		memcpy(v, x, sizeof x);
		int64_t ki[MAX_KEYS] = {d->merchant_id, d->outlet_id, d->item_id, d->day};
		int64_t km[MAX_KEYS] = {d->merchant_id, d->outlet_id, d->item_id,
					store_mix_month((day_t)d->day)};
		return add(b, T_ITEM, ki, NULL, v) && add(b, T_ITEM_MONTH, km, NULL, v);
	}
	case OP_PAIR: {
		const int64_t *p = o->pair;
		v[0] = p[5];
		int64_t kd[MAX_KEYS] = {p[0], p[1], p[2], p[3], p[4]};
		int64_t km[MAX_KEYS] = {p[0], p[1], store_mix_month((day_t)p[2]), p[3], p[4]};
		return add(b, T_PAIR_DAY, kd, NULL, v) && add(b, T_PAIR_MONTH, km, NULL, v);
	}
	case OP_CASHIER: {
		const struct rollup_cashier_day *d = &o->c;
		const int64_t x[] = {d->closed, d->voids, d->discounted, d->refunds};
		memcpy(v, x, sizeof x);
		int64_t k[MAX_KEYS] = {d->merchant_id, d->outlet_id, d->day};
		return add(b, T_CASHIER, k, d->cashier_id, v);
	}
	case OP_ROW: {
		struct map *m = generic_map(b, o->tab);
		return m && add_to(b, m, o->tab->nv, o->k, o->text, o->v);
	}
	}
	return false;
}

static void op_release(struct op *o)
{
	if (o->kind == OP_CASHIER)
		free((char *)(uintptr_t)o->c.cashier_id);
	if (o->kind == OP_ROW)
		free(o->text);
}

/* Empties the maps; a map grown past a big transaction's needs is given
 * back rather than kept. */
static void maps_clear(struct rollup_buffer *b, bool release)
{
	for (int t = 0; t < T_COUNT + b->n_generic; t++) {
		struct map *m = t < T_COUNT ? &b->m[t] : &b->generic[t - T_COUNT].m;
		for (size_t i = 0; i < m->n; i++) {
			struct entry *e = &m->e[m->idx[i]];
			free(e->str);
			e->str = NULL;
			e->used = false;
		}
		m->n = 0;
		if (release || m->cap > 131072) {
			free(m->e);
			free(m->idx);
			memset(m, 0, sizeof *m);
		}
	}
	b->rows = 0;
}

static void ops_truncate(struct rollup_buffer *b, size_t n)
{
	while (b->n_ops > n)
		op_release(&b->ops[--b->n_ops]);
}

static enum clario_status nomem(struct clario_err *err)
{
	return clario_err_set(err, CLARIO_ENOMEM, "rollups: out of memory");
}

static struct rollup_buffer *buf(struct store *s)
{
	if (!s->rbuf)
		s->rbuf = calloc(1, sizeof *s->rbuf);
	return s->rbuf;
}

/* ---- PostgreSQL: many rows per statement ----
 *
 * One upsert per row costs PostgreSQL a statement each; there the rows of a
 * table go as column arrays through unnest, up to PG_ROWS a statement (the
 * map holds each key once, as ON CONFLICT DO UPDATE requires). Columns are
 * the entry's keys in order (the cashier's text after the day), then its
 * values. */

#define PG_ROWS 2000

static const struct pg_table {
	int nk;           /* integer keys before the values */
	bool text_key;    /* then the cashier */
	const char *sql;
} pg_tables[T_COUNT] = {
	[T_HOUR] = {4, false,
		"INSERT INTO rollup_outlet_hour(merchant_id, outlet_id, day, hour, gross,"
		" line_discounts, ticket_discounts, refunds, tax, service_charge, rounding,"
		" tickets, covers, discounted_tickets, voids, void_gross, refund_count) SELECT *"
		" FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],"
		" $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],"
		" $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],"
		" $15::bigint[], $16::bigint[], $17::bigint[]) ON CONFLICT (merchant_id, day,"
		" hour, outlet_id) DO UPDATE SET gross = rollup_outlet_hour.gross +"
		" excluded.gross, line_discounts = rollup_outlet_hour.line_discounts +"
		" excluded.line_discounts, ticket_discounts ="
		" rollup_outlet_hour.ticket_discounts + excluded.ticket_discounts, refunds ="
		" rollup_outlet_hour.refunds + excluded.refunds, tax = rollup_outlet_hour.tax +"
		" excluded.tax, service_charge = rollup_outlet_hour.service_charge +"
		" excluded.service_charge, rounding = rollup_outlet_hour.rounding +"
		" excluded.rounding, tickets = rollup_outlet_hour.tickets + excluded.tickets,"
		" covers = rollup_outlet_hour.covers + excluded.covers, discounted_tickets ="
		" rollup_outlet_hour.discounted_tickets + excluded.discounted_tickets, voids ="
		" rollup_outlet_hour.voids + excluded.voids, void_gross ="
		" rollup_outlet_hour.void_gross + excluded.void_gross, refund_count ="
		" rollup_outlet_hour.refund_count + excluded.refund_count"},
	[T_DAY] = {3, false,
		"INSERT INTO rollup_outlet_day(merchant_id, outlet_id, day, gross,"
		" line_discounts, ticket_discounts, refunds, tax, service_charge, rounding,"
		" tickets, covers, discounted_tickets, voids, void_gross, refund_count) SELECT *"
		" FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],"
		" $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],"
		" $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],"
		" $15::bigint[], $16::bigint[]) ON CONFLICT (merchant_id, day, outlet_id) DO"
		" UPDATE SET gross = rollup_outlet_day.gross + excluded.gross, line_discounts ="
		" rollup_outlet_day.line_discounts + excluded.line_discounts, ticket_discounts ="
		" rollup_outlet_day.ticket_discounts + excluded.ticket_discounts, refunds ="
		" rollup_outlet_day.refunds + excluded.refunds, tax = rollup_outlet_day.tax +"
		" excluded.tax, service_charge = rollup_outlet_day.service_charge +"
		" excluded.service_charge, rounding = rollup_outlet_day.rounding +"
		" excluded.rounding, tickets = rollup_outlet_day.tickets + excluded.tickets,"
		" covers = rollup_outlet_day.covers + excluded.covers, discounted_tickets ="
		" rollup_outlet_day.discounted_tickets + excluded.discounted_tickets, voids ="
		" rollup_outlet_day.voids + excluded.voids, void_gross ="
		" rollup_outlet_day.void_gross + excluded.void_gross, refund_count ="
		" rollup_outlet_day.refund_count + excluded.refund_count"},
	[T_WEEKHOUR] = {5, false,
		"INSERT INTO rollup_weekhour_month(merchant_id, outlet_id, month, weekday, hour,"
		" net_sales, tickets) SELECT * FROM unnest($1::bigint[], $2::bigint[],"
		" $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) ON"
		" CONFLICT (merchant_id, month, outlet_id, weekday, hour) DO UPDATE SET"
		" net_sales = rollup_weekhour_month.net_sales + excluded.net_sales, tickets ="
		" rollup_weekhour_month.tickets + excluded.tickets"},
	[T_ITEM] = {4, false,
		"INSERT INTO rollup_item_day(merchant_id, outlet_id, item_id, day, qty, gross,"
		" discounts, tickets, refund_qty, refunds) SELECT * FROM unnest($1::bigint[],"
		" $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],"
		" $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) ON CONFLICT"
		" (merchant_id, day, outlet_id, item_id) DO UPDATE SET qty = rollup_item_day.qty"
		" + excluded.qty, gross = rollup_item_day.gross + excluded.gross, discounts ="
		" rollup_item_day.discounts + excluded.discounts, tickets ="
		" rollup_item_day.tickets + excluded.tickets, refund_qty ="
		" rollup_item_day.refund_qty + excluded.refund_qty, refunds ="
		" rollup_item_day.refunds + excluded.refunds"},
	[T_ITEM_MONTH] = {4, false,
		"INSERT INTO rollup_item_month(merchant_id, outlet_id, item_id, month, qty,"
		" gross, discounts, tickets, refund_qty, refunds) SELECT * FROM"
		" unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[],"
		" $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[]) ON"
		" CONFLICT (merchant_id, month, outlet_id, item_id) DO UPDATE SET qty ="
		" rollup_item_month.qty + excluded.qty, gross = rollup_item_month.gross +"
		" excluded.gross, discounts = rollup_item_month.discounts + excluded.discounts,"
		" tickets = rollup_item_month.tickets + excluded.tickets, refund_qty ="
		" rollup_item_month.refund_qty + excluded.refund_qty, refunds ="
		" rollup_item_month.refunds + excluded.refunds"},
	[T_PAIR_DAY] = {5, false,
		"INSERT INTO rollup_pair_day(merchant_id, outlet_id, day, item_a, item_b,"
		" tickets) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[],"
		" $4::bigint[], $5::bigint[], $6::bigint[]) ON CONFLICT (merchant_id, day,"
		" outlet_id, item_a, item_b) DO UPDATE SET tickets = rollup_pair_day.tickets +"
		" excluded.tickets"},
	[T_PAIR_MONTH] = {5, false,
		"INSERT INTO rollup_pair_month(merchant_id, outlet_id, month, item_a, item_b,"
		" tickets) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[],"
		" $4::bigint[], $5::bigint[], $6::bigint[]) ON CONFLICT (merchant_id, month,"
		" outlet_id, item_a, item_b) DO UPDATE SET tickets = rollup_pair_month.tickets +"
		" excluded.tickets"},
	[T_CASHIER] = {3, true,
		"INSERT INTO rollup_cashier_day(merchant_id, outlet_id, day, cashier_id, closed,"
		" voids, discounted, refunds) SELECT * FROM unnest($1::bigint[], $2::bigint[],"
		" $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],"
		" $8::bigint[]) ON CONFLICT (merchant_id, day, outlet_id, cashier_id) DO UPDATE"
		" SET closed = rollup_cashier_day.closed + excluded.closed, voids ="
		" rollup_cashier_day.voids + excluded.voids, discounted ="
		" rollup_cashier_day.discounted + excluded.discounted, refunds ="
		" rollup_cashier_day.refunds + excluded.refunds"},
};

/* Appends one array element: an integer, or a text quoted for an array literal. */
static bool elem(struct strbuf *sb, bool first, const char *text, int64_t v)
{
	if (!first && !strbuf_append(sb, ",", 1))
		return false;
	if (!text)
		return strbuf_appendf(sb, "%lld", (long long)v);
	if (!strbuf_append(sb, "\"", 1))
		return false;
	for (const char *p = text; *p; p++)
		if (((*p == '"' || *p == '\\') && !strbuf_append(sb, "\\", 1)) ||
		    !strbuf_append(sb, p, 1))
			return false;
	return strbuf_append(sb, "\"", 1);
}

static enum clario_status pg_write(struct store *s, const struct pg_table *pt, int nv,
				   const struct map *m, struct clario_err *err)
{
	int ncols = pt->nk + (pt->text_key ? 1 : 0) + nv;
	struct strbuf cols[MAX_KEYS + 1 + MAX_VALS];
	struct sql_val args[MAX_KEYS + 1 + MAX_VALS];
	enum clario_status st = CLARIO_OK;
	for (int c = 0; c < ncols; c++)
		strbuf_init(&cols[c], (size_t)1 << 30);
	for (size_t from = 0; from < m->n && st == CLARIO_OK; from += PG_ROWS) {
		size_t to = from + PG_ROWS < m->n ? from + PG_ROWS : m->n;
		bool ok = true;
		for (int c = 0; c < ncols && ok; c++) {
			cols[c].len = 0;
			ok = strbuf_append(&cols[c], "{", 1);
		}
		for (size_t i = from; i < to && ok; i++) {
			const struct entry *e = &m->e[m->idx[i]];
			int c = 0;
			for (int k = 0; k < pt->nk && ok; k++)
				ok = elem(&cols[c++], i == from, NULL, e->k[k]);
			if (pt->text_key && ok)
				ok = elem(&cols[c++], i == from, e->str ? e->str : "", 0);
			for (int v = 0; v < nv && ok; v++)
				ok = elem(&cols[c++], i == from, NULL, e->v[v]);
		}
		for (int c = 0; c < ncols && ok; c++) {
			ok = strbuf_append(&cols[c], "}", 1);
			args[c] = SQL_T(cols[c].buf);
		}
		st = ok ? sql_exec_rollup(s, pt->sql, "writing rollups", args, (size_t)ncols, err)
			: nomem(err);
	}
	for (int c = 0; c < ncols; c++)
		strbuf_release(&cols[c]);
	return st;
}

/* The rows of another file's table: as arrays on PostgreSQL, else one by
 * one in the order its sql takes them (keys, text, values). */
static enum clario_status generic_write(struct store *s, const struct store_rollup_table *tab,
					const struct map *m, bool pg, struct clario_err *err)
{
	if (pg && m->n > 1) {
		struct pg_table pt = {.nk = tab->nk, .text_key = tab->text_key, .sql = tab->pg_sql};
		return pg_write(s, &pt, tab->nv, m, err);
	}
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < m->n && st == CLARIO_OK; i++) {
		const struct entry *e = &m->e[m->idx[i]];
		struct sql_val args[MAX_KEYS + 1 + MAX_VALS];
		size_t n = 0;
		for (int k = 0; k < tab->nk; k++)
			args[n++] = SQL_I(e->k[k]);
		if (tab->text_key)
			args[n++] = SQL_T(e->str ? e->str : "");
		for (int v = 0; v < tab->nv; v++)
			args[n++] = SQL_I(e->v[v]);
		st = sql_exec_rollup(s, tab->sql, "writing rollups", args, n, err);
	}
	return st;
}

/* Writes every row held, then empties the maps. */
static enum clario_status write_rows(struct store *s, struct clario_err *err)
{
	struct rollup_buffer *b = s->rbuf;
	enum clario_status st = CLARIO_OK;
	bool pg = strcmp(store_backend_name(s), "postgres") == 0;
	for (int t = 0; b && t < T_COUNT && st == CLARIO_OK; t++) {
		const struct map *m = &b->m[t];
		if (pg && m->n > 1) {
			st = pg_write(s, &pg_tables[t], nvals[t], m, err);
			continue;
		}
		for (size_t i = 0; i < m->n && st == CLARIO_OK; i++) {
			const struct entry *e = &m->e[m->idx[i]];
			const int64_t *k = e->k, *v = e->v;
			struct rollup_hour h = {.merchant_id = k[0], .outlet_id = k[1],
						.day = (day_t)k[2]};
			struct rollup_item_day it = {.merchant_id = k[0], .outlet_id = k[1],
						     .item_id = k[2], .day = (day_t)k[3],
						     .qty = v[0], .gross = v[1], .discounts = v[2],
						     .tickets = v[3], .refund_qty = v[4],
						     .refunds = v[5]};
			switch (t) {
			case T_HOUR:
				h.hour = (int)k[3];
				hour_from(e, &h);
				st = s->ops->rollup_hour_add(s, &h, err);
				break;
			case T_DAY:
				hour_from(e, &h);
				st = store__rollup_outlet_day_upsert(s, &h, err);
				break;
			case T_WEEKHOUR:
				st = store__rollup_weekhour_upsert(s, k[0], k[1], (day_t)k[2], (int)k[3],
								   (int)k[4], v[0], v[1], err);
				break;
			case T_ITEM:
				st = s->ops->rollup_item_add(s, &it, err);
				break;
			case T_ITEM_MONTH:
				st = store__rollup_item_month_upsert(s, &it, err);
				break;
			case T_PAIR_DAY:
				st = store__rollup_pair_day_upsert(s, k[0], k[1], (day_t)k[2], k[3], k[4],
								   v[0], err);
				break;
			case T_PAIR_MONTH:
				st = store__rollup_pair_month_upsert(s, k[0], k[1], (day_t)k[2], k[3],
								     k[4], v[0], err);
				break;
			default: {
				struct rollup_cashier_day c = {.merchant_id = k[0], .outlet_id = k[1],
							       .day = (day_t)k[2], .cashier_id = e->str,
							       .closed = v[0], .voids = v[1],
							       .discounted = v[2], .refunds = v[3]};
				st = store__rollup_cashier_upsert(s, &c, err);
			}
			}
		}
	}
	for (int g = 0; b && g < b->n_generic && st == CLARIO_OK; g++)
		st = generic_write(s, b->generic[g].tab, &b->generic[g].m, pg, err);
	if (b)
		maps_clear(b, false);
	return st;
}

/* A delta: journaled while a savepoint is open, else summed at once; written
 * at once outside a transaction. */
static enum clario_status take(struct store *s, struct op *o, struct clario_err *err)
{
	struct rollup_buffer *b = buf(s);
	if (!b) {
		op_release(o);
		return nomem(err);
	}
	if (b->depth > 0) {
		if (b->n_ops == b->cap_ops) {
			size_t cap = b->cap_ops ? b->cap_ops * 2 : 64;
			struct op *g = realloc(b->ops, cap * sizeof *g);
			if (!g) {
				op_release(o);
				return nomem(err);
			}
			b->ops = g;
			b->cap_ops = cap;
		}
		b->ops[b->n_ops++] = *o;
		return CLARIO_OK;
	}
	bool ok = apply(b, o);
	op_release(o);
	if (!ok)
		return nomem(err);
	if (!b->in_tx || b->rows >= FLUSH_ROWS)
		return write_rows(s, err);
	return CLARIO_OK;
}

enum clario_status store__rbuf_hour(struct store *s, const struct rollup_hour *d,
				    struct clario_err *err)
{
	struct op o = {.kind = OP_HOUR, .h = *d};
	return take(s, &o, err);
}

enum clario_status store__rbuf_item(struct store *s, const struct rollup_item_day *d,
				    struct clario_err *err)
{
	struct op o = {.kind = OP_ITEM, .i = *d};
	return take(s, &o, err);
}

enum clario_status store__rbuf_pair(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t day, int64_t a, int64_t b, int64_t delta,
				    struct clario_err *err)
{
	struct op o = {.kind = OP_PAIR, .pair = {merchant_id, outlet_id, day, a, b, delta}};
	return take(s, &o, err);
}

enum clario_status store__rbuf_cashier(struct store *s, const struct rollup_cashier_day *d,
				       struct clario_err *err)
{
	struct op o = {.kind = OP_CASHIER, .c = *d};
	if (!(o.c.cashier_id = strdup(d->cashier_id ? d->cashier_id : "")))
		return nomem(err);
	return take(s, &o, err);
}

enum clario_status store__rbuf_sync(struct store *s, struct clario_err *err)
{
	if (!s->rbuf || s->rbuf->depth > 0)
		return CLARIO_OK; /* inside a savepoint its deltas cannot be written yet */
	return write_rows(s, err);
}

enum clario_status store_rollup_row_add(struct store *s, const struct store_rollup_table *tab,
				       const int64_t *keys, const char *text, const int64_t *vals,
				       struct clario_err *err)
{
	if (tab->nk > MAX_KEYS || tab->nv > MAX_VALS)
		return clario_err_set(err, CLARIO_EINTERNAL, "rollups: a table with too many columns");
	struct op o = {.kind = OP_ROW, .tab = tab};
	memcpy(o.k, keys, (size_t)tab->nk * sizeof *keys);
	memcpy(o.v, vals, (size_t)tab->nv * sizeof *vals);
	if (tab->text_key && !(o.text = strdup(text ? text : "")))
		return nomem(err);
	return take(s, &o, err);
}

void store__rbuf_begin(struct store *s)
{
	if (buf(s))
		s->rbuf->in_tx = true;
}

enum clario_status store__rbuf_flush(struct store *s, struct clario_err *err)
{
	if (!s->rbuf)
		return CLARIO_OK;
	/* Savepoints end with their transaction: their deltas count. */
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < s->rbuf->n_ops && st == CLARIO_OK; i++)
		if (!apply(s->rbuf, &s->rbuf->ops[i]))
			st = nomem(err);
	ops_truncate(s->rbuf, 0);
	s->rbuf->depth = 0;
	if (st == CLARIO_OK)
		st = write_rows(s, err);
	s->rbuf->in_tx = false;
	return st;
}

void store__rbuf_discard(struct store *s)
{
	if (!s->rbuf)
		return;
	ops_truncate(s->rbuf, 0);
	maps_clear(s->rbuf, false);
	s->rbuf->depth = 0;
}

void store__rbuf_end(struct store *s)
{
	store__rbuf_discard(s);
	if (s->rbuf)
		s->rbuf->in_tx = false;
}

enum clario_status store__rbuf_savepoint(struct store *s, struct clario_err *err)
{
	struct rollup_buffer *b = buf(s);
	if (!b)
		return nomem(err);
	if (b->depth == MAX_MARKS)
		return clario_err_set(err, CLARIO_EINTERNAL, "rollups: savepoints nested too deep");
	b->marks[b->depth++] = b->n_ops;
	return CLARIO_OK;
}

enum clario_status store__rbuf_release(struct store *s, struct clario_err *err)
{
	struct rollup_buffer *b = s->rbuf;
	if (!b || b->depth == 0)
		return CLARIO_OK;
	if (--b->depth > 0)
		return CLARIO_OK; /* the outer savepoint still owns them */
	bool ok = true;
	for (size_t i = 0; i < b->n_ops && ok; i++)
		ok = apply(b, &b->ops[i]);
	ops_truncate(b, 0);
	if (!ok)
		return nomem(err);
	return b->rows >= FLUSH_ROWS ? write_rows(s, err) : CLARIO_OK;
}

void store__rbuf_rollback_to(struct store *s)
{
	struct rollup_buffer *b = s->rbuf;
	if (!b || b->depth == 0)
		return;
	ops_truncate(b, b->marks[--b->depth]);
}

void store__rbuf_free(struct store *s)
{
	if (!s->rbuf)
		return;
	store__rbuf_discard(s);
	maps_clear(s->rbuf, true);
	free(s->rbuf->ops);
	free(s->rbuf);
	s->rbuf = NULL;
}
