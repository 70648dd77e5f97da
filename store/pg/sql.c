/* store/sql.h on PostgreSQL: statements prepared per connection under the id
 * P_COUNT + slot, so they share pg__run's cache, reconnect and pipeline;
 * rows read from the text result. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/internal.h"

static const PGresult *R(const struct sql_row *r)
{
	return r->impl;
}

static bool r_is_null(const struct sql_row *r, int col)
{
	return PQgetisnull(R(r), r->row, col) != 0;
}

static int64_t r_i64(const struct sql_row *r, int col, bool *ok)
{
	if (PQgetisnull(R(r), r->row, col))
		return 0;
	const char *t = PQgetvalue(R(r), r->row, col);
	char *end = NULL;
	errno = 0;
	long long v = strtoll(t, &end, 10);
	/* NUMERIC sums print as "123" when whole; "123.50" is not an integer. */
	if (errno || end == t || *end) {
		*ok = false;
		return 0;
	}
	return (int64_t)v;
}

static double r_real(const struct sql_row *r, int col)
{
	if (PQgetisnull(R(r), r->row, col))
		return 0.0;
	return strtod(PQgetvalue(R(r), r->row, col), NULL);
}

static const char *r_text(const struct sql_row *r, int col, size_t *len)
{
	if (PQgetisnull(R(r), r->row, col)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(R(r), r->row, col);
	return PQgetvalue(R(r), r->row, col);
}

static void free_bytea(void *p)
{
	PQfreemem(p);
}

static const void *r_blob(const struct sql_row *r, int col, size_t *len)
{
	*len = 0;
	if (PQgetisnull(R(r), r->row, col))
		return NULL;
	struct sql_row *w = (struct sql_row *)(uintptr_t)r;
	store__sql_row_reset(w);
	unsigned char *b =
		PQunescapeBytea((const unsigned char *)PQgetvalue(R(r), r->row, col), len);
	if (!b) {
		w->bad = true;
		*len = 0;
		return NULL;
	}
	w->scratch = b;
	w->scratch_free = free_bytea;
	return b;
}

static const struct sql_row_ops row_ops = {r_is_null, r_i64, r_real, r_text, r_blob};

static enum clario_status params(const struct sql_val *args, size_t n, struct pg__params *p,
				 const char *what, struct clario_err *err)
{
	memset(p, 0, sizeof *p);
	if (n > PG__MAX_PARAMS)
		return clario_err_set(err, CLARIO_EINTERNAL, "%s: more than %d parameters", what,
				      PG__MAX_PARAMS);
	for (size_t i = 0; i < n; i++)
		switch (args[i].type) {
		case SQL_NULL:
			pg__p_null(p);
			break;
		case SQL_INT:
			pg__p_int(p, args[i].i);
			break;
		case SQL_TEXT:
			pg__p_text(p, args[i].s);
			break;
		case SQL_BLOB:
			pg__p_bytes(p, args[i].s, args[i].len);
			break;
		}
	return CLARIO_OK;
}

enum clario_status store__pg_sql_run(struct store *s, const char *sql, const char *what,
				     const struct sql_val *args, size_t n_args, sql_row_fn fn,
				     void *ctx, int64_t *changed, bool rows,
				     struct clario_err *err)
{
	enum clario_status st;
	struct pg__params p;
	PGresult *res = NULL;
	int slot = store__sql_slot(sql);
	if (slot < 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "%s: too many distinct statements", what);
	enum pg__stmt_id id = (enum pg__stmt_id)(P_COUNT + slot);
	if ((st = params(args, n_args, &p, what, err)))
		return st;
	if (!rows && !changed)
		return pg__exec(s, id, sql, &p, what, err);
	if ((st = pg__run(s, id, sql, &p, &res, what, err)))
		return st;
	if (changed) {
		const char *t = PQcmdTuples(res);
		*changed = t && *t ? strtoll(t, NULL, 10) : 0;
	}
	struct sql_row row = {.ops = &row_ops, .impl = res};
	int n = PQntuples(res);
	for (int i = 0; fn && i < n && st == CLARIO_OK; i++) {
		row.row = i;
		st = fn(ctx, &row, err);
		store__sql_row_reset(&row);
		if (st == CLARIO_OK && row.bad)
			st = clario_err_set(err, CLARIO_EINTERNAL,
					    "%s: unexpected value from the database", what);
	}
	PQclear(res);
	return st;
}
