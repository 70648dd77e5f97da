/* store/sql.h on SQLite: statements cached per connection by slot, $N
 * parameters rewritten to ?N, rows read through the sqlite3_column calls. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql_internal.h"
#include "store/sqlite/internal.h"

static sqlite3_stmt *R(const struct sql_row *r)
{
	return r->impl;
}

static bool r_is_null(const struct sql_row *r, int col)
{
	return sqlite3_column_type(R(r), col) == SQLITE_NULL;
}

static int64_t r_i64(const struct sql_row *r, int col, bool *ok)
{
	switch (sqlite3_column_type(R(r), col)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return sqlite3_column_int64(R(r), col);
	case SQLITE_FLOAT: {
		double d = sqlite3_column_double(R(r), col);
		if (d != floor(d) || d < -9.2e18 || d > 9.2e18) {
			*ok = false;
			return 0;
		}
		return (int64_t)d;
	}
	default: {
		const char *t = (const char *)sqlite3_column_text(R(r), col);
		char *end = NULL;
		errno = 0;
		long long v = t ? strtoll(t, &end, 10) : 0;
		if (!t || errno || end == t || *end) {
			*ok = false;
			return 0;
		}
		return (int64_t)v;
	}
	}
}

static double r_real(const struct sql_row *r, int col)
{
	return sqlite3_column_double(R(r), col);
}

static const char *r_text(const struct sql_row *r, int col, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(R(r), col);
	*len = t ? (size_t)sqlite3_column_bytes(R(r), col) : 0;
	return t;
}

static const void *r_blob(const struct sql_row *r, int col, size_t *len)
{
	const void *b = sqlite3_column_blob(R(r), col);
	*len = b ? (size_t)sqlite3_column_bytes(R(r), col) : 0;
	return b;
}

static const struct sql_row_ops row_ops = {r_is_null, r_i64, r_real, r_text, r_blob};

/* $N → ?N outside quoted text; same length, so one copy. */
static char *rewrite(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	char quote = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			c = '?';
		}
		out[i] = c;
	}
	return out;
}

static sqlite3_stmt *prepare(struct store *s, const char *sql, const char *what, int *slot,
			     struct clario_err *err)
{
	*slot = store__sql_slot(sql);
	if (*slot < 0) {
		clario_err_set(err, CLARIO_EINTERNAL, "%s: too many distinct statements", what);
		return NULL;
	}
	sqlite3_stmt *st = L(s)->dyn[*slot];
	if (st)
		return st;
	char *text = rewrite(sql);
	if (!text) {
		clario_err_set(err, CLARIO_ENOMEM, "%s: out of memory", what);
		return NULL;
	}
	int rc = sqlite3_prepare_v3(L(s)->db, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		lite__fail(s, rc, what, err);
		return NULL;
	}
	L(s)->dyn[*slot] = st;
	return st;
}

static enum clario_status bind(struct store *s, sqlite3_stmt *st, const struct sql_val *args,
			       size_t n, const char *what, struct clario_err *err)
{
	if ((int)n != sqlite3_bind_parameter_count(st))
		return clario_err_set(err, CLARIO_EINTERNAL, "%s: %zu arguments for %d parameters",
				      what, n, sqlite3_bind_parameter_count(st));
	for (size_t i = 0; i < n; i++) {
		int idx = (int)i + 1, rc = SQLITE_OK;
		switch (args[i].type) {
		case SQL_NULL:
			rc = sqlite3_bind_null(st, idx);
			break;
		case SQL_INT:
			rc = sqlite3_bind_int64(st, idx, args[i].i);
			break;
		case SQL_TEXT:
			rc = sqlite3_bind_text(st, idx, args[i].s, -1, SQLITE_TRANSIENT);
			break;
		case SQL_BLOB:
			rc = sqlite3_bind_blob64(st, idx, args[i].s, args[i].len, SQLITE_TRANSIENT);
			break;
		}
		if (rc != SQLITE_OK)
			return lite__fail(s, rc, what, err);
	}
	return CLARIO_OK;
}

enum clario_status store__lite_sql_run(struct store *s, const char *sql, const char *what,
				       const struct sql_val *args, size_t n_args, sql_row_fn fn,
				       void *ctx, int64_t *changed, bool rows,
				       struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	int slot;
	(void)rows;
	sqlite3_stmt *stmt = prepare(s, sql, what, &slot, err);
	if (!stmt)
		return err->status;
	if ((st = bind(s, stmt, args, n_args, what, err)))
		goto out;
	struct sql_row row = {.ops = &row_ops, .impl = stmt};
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!fn)
			continue;
		st = fn(ctx, &row, err);
		store__sql_row_reset(&row);
		if (st)
			goto out;
		if (row.bad) {
			st = clario_err_set(err, CLARIO_EINTERNAL,
					    "%s: unexpected value from the database", what);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		st = lite__fail(s, rc, what, err);
		goto out;
	}
	if (changed)
		*changed = (int64_t)sqlite3_changes64(L(s)->db);
out:
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return st;
}
