/* Import records on both backends (one SQL text each, store/sql.h). */
#include <stdlib.h>
#include <string.h>

#include "store/imports.h"
#include "store/sql.h"

static const char INSERT_IMPORT[] =
	"INSERT INTO imports (merchant_id, profile, source, file_name, digest, started_at,"
	" finished_at, bytes, row_count, tickets, created, updated, duplicate, rejected_rows,"
	" rejected_tickets, status, error)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
	" RETURNING id";
static const char INSERT_REJECT[] =
	"INSERT INTO import_rejects (import_id, line, reason) VALUES ($1, $2, $3)";
static const char LIST[] =
	"SELECT id, merchant_id, profile, source, file_name, digest, started_at, finished_at,"
	" bytes, row_count, tickets, created, updated, duplicate, rejected_rows, rejected_tickets,"
	" status, error FROM imports WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2";
static const char REJECTS[] =
	"SELECT r.line, r.reason FROM import_rejects r JOIN imports i ON i.id = r.import_id"
	" WHERE i.merchant_id = $1 AND r.import_id = $2 ORDER BY r.line";

enum clario_status store_imports_add(struct store *s, const struct store_import *m,
				     const struct store_import_reject *rejects, size_t n_rejects,
				     int64_t *id, struct clario_err *err)
{
	enum clario_status st = sql_one_int(
		s, INSERT_IMPORT, "recording an import",
		SQL_ARGS(SQL_I(m->merchant_id), SQL_T(m->profile), SQL_T(m->source),
			 SQL_T(m->file_name), SQL_T(m->digest), SQL_I(m->started_at),
			 SQL_I(m->finished_at), SQL_I(m->bytes), SQL_I(m->rows), SQL_I(m->tickets),
			 SQL_I(m->created), SQL_I(m->updated), SQL_I(m->duplicate),
			 SQL_I(m->rejected_rows), SQL_I(m->rejected_tickets), SQL_T(m->status),
			 SQL_T(m->error)),
		id, err);
	for (size_t i = 0; st == CLARIO_OK && i < n_rejects; i++)
		st = sql_exec(s, INSERT_REJECT, "recording a rejected row",
			      SQL_ARGS(SQL_I(*id), SQL_I(rejects[i].line), SQL_T(rejects[i].reason)),
			      NULL, err);
	return st;
}

struct list_ctx {
	struct store_import *v;
	size_t n, cap;
};

static enum clario_status take_import(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct list_ctx *l = ctx;
	if (l->n == l->cap)
		return clario_err_set(err, CLARIO_EINTERNAL, "imports: more rows than the limit");
	struct store_import *m = &l->v[l->n++];
	memset(m, 0, sizeof *m);
	m->id = sql_int(r, 0);
	m->merchant_id = sql_int(r, 1);
	sql_copy(r, 2, m->profile, sizeof m->profile);
	sql_copy(r, 3, m->source, sizeof m->source);
	sql_copy(r, 4, m->file_name, sizeof m->file_name);
	sql_copy(r, 5, m->digest, sizeof m->digest);
	m->started_at = sql_int(r, 6);
	m->finished_at = sql_int(r, 7);
	m->bytes = sql_int(r, 8);
	m->rows = sql_int(r, 9);
	m->tickets = sql_int(r, 10);
	m->created = sql_int(r, 11);
	m->updated = sql_int(r, 12);
	m->duplicate = sql_int(r, 13);
	m->rejected_rows = sql_int(r, 14);
	m->rejected_tickets = sql_int(r, 15);
	sql_copy(r, 16, m->status, sizeof m->status);
	sql_copy(r, 17, m->error, sizeof m->error);
	return CLARIO_OK;
}

enum clario_status store_imports_list(struct store *s, int64_t merchant_id, size_t limit,
				      struct store_import **out, size_t *n, struct clario_err *err)
{
	struct list_ctx l = {.cap = limit ? limit : 1};
	l.v = calloc(l.cap, sizeof *l.v);
	if (!l.v)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = sql_query(s, LIST, "listing imports",
					  SQL_ARGS(SQL_I(merchant_id), SQL_I(l.cap)), take_import, &l,
					  err);
	if (st != CLARIO_OK) {
		free(l.v);
		return st;
	}
	*out = l.v;
	*n = l.n;
	return CLARIO_OK;
}

struct rej_ctx {
	struct store_import_reject *v;
	size_t n, cap;
};

static enum clario_status take_reject(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct rej_ctx *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct store_import_reject *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].line = sql_int(r, 0);
	sql_copy(r, 1, l->v[l->n].reason, sizeof l->v[l->n].reason);
	l->n++;
	return CLARIO_OK;
}

enum clario_status store_imports_rejects(struct store *s, int64_t merchant_id, int64_t import_id,
					 struct store_import_reject **out, size_t *n,
					 struct clario_err *err)
{
	struct rej_ctx l = {0};
	enum clario_status st = sql_query(s, REJECTS, "listing rejected rows",
					  SQL_ARGS(SQL_I(merchant_id), SQL_I(import_id)), take_reject,
					  &l, err);
	if (st != CLARIO_OK) {
		free(l.v);
		return st;
	}
	*out = l.v;
	*n = l.n;
	return CLARIO_OK;
}
