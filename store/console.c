/* Reads for the admin console on the portable statement layer: dead-lettered
 * payloads and partners with their merchant counts (tables of the sales core). */
#include <stdlib.h>
#include <string.h>

#include "store/accounts.h"
#include "store/sql.h"

struct dl_list {
	struct store_deadletter *rows;
	size_t n, cap;
};

static enum clario_status dl_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct dl_list *l = ctx;
	if (l->n == l->cap)
		return clario_err_set(err, CLARIO_EINTERNAL, "dead letters: more rows than asked");
	struct store_deadletter *d = &l->rows[l->n++];
	d->id = sql_int(r, 0);
	d->received_at = sql_int(r, 1);
	sql_copy(r, 2, d->source, sizeof d->source);
	sql_copy(r, 3, d->principal, sizeof d->principal);
	sql_copy(r, 4, d->reason, sizeof d->reason);
	size_t len = 0;
	const char *raw = sql_blob(r, 5, &len);
	size_t keep = len < sizeof d->raw - 1 ? len : sizeof d->raw - 1;
	memcpy(d->raw, raw, keep);
	d->raw[keep] = '\0';
	d->raw_len = (int64_t)len;
	return CLARIO_OK;
}

enum clario_status store_deadletter_list(struct store *s, int64_t before, size_t limit,
					 struct store_deadletter **out, size_t *n,
					 struct clario_err *err)
{
	static const char sql[] =
		"SELECT id, received_at, coalesce(source, ''), coalesce(principal, ''), reason, raw"
		" FROM dead_letters WHERE ($1 <= 0 OR id < $1) ORDER BY id DESC LIMIT $2";
	struct dl_list l = {.cap = limit};
	l.rows = calloc(limit ? limit : 1, sizeof *l.rows);
	if (!l.rows)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory listing dead letters");
	enum clario_status st = sql_query(s, sql, "listing dead letters",
					  SQL_ARGS(SQL_I(before), SQL_I(limit)), dl_row, &l, err);
	if (st != CLARIO_OK) {
		free(l.rows);
		l.rows = NULL;
		l.n = 0;
	}
	*out = l.rows;
	*n = l.n;
	return st;
}

struct partner_list {
	struct store_partner_row *rows;
	size_t n, cap;
};

static enum clario_status partner_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct partner_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct store_partner_row *nr = realloc(l->rows, cap * sizeof *nr);
		if (!nr)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory listing partners");
		l->rows = nr;
		l->cap = cap;
	}
	struct store_partner_row *p = &l->rows[l->n++];
	memset(p, 0, sizeof *p);
	p->id = sql_int(r, 0);
	sql_copy(r, 1, p->code, sizeof p->code);
	sql_copy(r, 2, p->name, sizeof p->name);
	sql_copy(r, 3, p->kind, sizeof p->kind);
	p->merchants = sql_int(r, 4);
	return CLARIO_OK;
}

enum clario_status store_partner_list_counts(struct store *s, struct store_partner_row **out,
					     size_t *n, struct clario_err *err)
{
	static const char sql[] =
		"SELECT p.id, p.code, p.name, p.kind, count(m.id) FROM partners p"
		" LEFT JOIN merchants m ON m.partner_id = p.id"
		" GROUP BY p.id, p.code, p.name, p.kind ORDER BY p.id";
	struct partner_list l = {0};
	enum clario_status st = sql_query(s, sql, "listing partners", SQL_NOARGS, partner_row, &l, err);
	if (st != CLARIO_OK) {
		free(l.rows);
		l.rows = NULL;
		l.n = 0;
	}
	*out = l.rows;
	*n = l.n;
	return st;
}
