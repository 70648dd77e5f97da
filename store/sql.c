/* store/sql.h's dispatch: row readers, the statement-slot registry, and the
 * calls forwarded to the connection's backend. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/sql_internal.h"

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *slot_sql[STORE_SQL_MAX_SLOTS];
static bool slot_rollup[STORE_SQL_MAX_SLOTS];
static int n_slots;

int store__sql_slot(const char *sql)
{
	int slot = -1;
	/* Few distinct statements and looked up once per call: a linear scan
	 * under the lock costs less than the statement itself. */
	pthread_mutex_lock(&slot_lock);
	for (int i = 0; i < n_slots; i++)
		if (slot_sql[i] == sql) {
			slot = i;
			break;
		}
	if (slot < 0 && n_slots < STORE_SQL_MAX_SLOTS) {
		slot = n_slots++;
		slot_sql[slot] = sql;
	}
	pthread_mutex_unlock(&slot_lock);
	return slot;
}

bool store__sql_slot_rollup(int slot)
{
	pthread_mutex_lock(&slot_lock);
	bool r = slot >= 0 && slot < n_slots && slot_rollup[slot];
	pthread_mutex_unlock(&slot_lock);
	return r;
}

void store__sql_row_reset(struct sql_row *r)
{
	if (r->scratch && r->scratch_free)
		r->scratch_free(r->scratch);
	r->scratch = NULL;
	r->scratch_free = NULL;
}

bool sql_is_null(const struct sql_row *r, int col)
{
	return r->ops->is_null(r, col);
}

int64_t sql_int(const struct sql_row *r, int col)
{
	bool ok = true;
	int64_t v = r->ops->i64(r, col, &ok);
	if (!ok)
		((struct sql_row *)(uintptr_t)r)->bad = true;
	return v;
}

double sql_real(const struct sql_row *r, int col)
{
	return r->ops->real(r, col);
}

const char *sql_text(const struct sql_row *r, int col)
{
	size_t len;
	const char *t = r->ops->text(r, col, &len);
	return t ? t : "";
}

void sql_copy(const struct sql_row *r, int col, char *dst, size_t size)
{
	size_t n = 0;
	const char *t = r->ops->text(r, col, &n);
	if (!t)
		n = 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

const void *sql_blob(const struct sql_row *r, int col, size_t *len)
{
	return r->ops->blob(r, col, len);
}

enum clario_status sql_query(struct store *s, const char *sql, const char *what,
			     const struct sql_val *args, size_t n_args, sql_row_fn fn, void *ctx,
			     struct clario_err *err)
{
	return s->ops->sql_run(s, sql, what, args, n_args, fn, ctx, NULL, true, err);
}

enum clario_status sql_exec(struct store *s, const char *sql, const char *what,
			    const struct sql_val *args, size_t n_args, int64_t *changed,
			    struct clario_err *err)
{
	return s->ops->sql_run(s, sql, what, args, n_args, NULL, NULL, changed, false, err);
}

enum clario_status sql_exec_rollup(struct store *s, const char *sql, const char *what,
				   const struct sql_val *args, size_t n_args, struct clario_err *err)
{
	int slot = store__sql_slot(sql);
	if (slot >= 0) {
		pthread_mutex_lock(&slot_lock);
		slot_rollup[slot] = true;
		pthread_mutex_unlock(&slot_lock);
	}
	return s->ops->sql_run(s, sql, what, args, n_args, NULL, NULL, NULL, false, err);
}

struct one_int {
	bool found;
	int64_t v;
};

static enum clario_status take_one(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct one_int *o = ctx;
	if (!o->found) {
		o->found = true;
		o->v = sql_int(r, 0);
	}
	return CLARIO_OK;
}

enum clario_status sql_one_int(struct store *s, const char *sql, const char *what,
			       const struct sql_val *args, size_t n_args, int64_t *out,
			       struct clario_err *err)
{
	struct one_int o = {0};
	enum clario_status st = sql_query(s, sql, what, args, n_args, take_one, &o, err);
	if (st)
		return st;
	if (!o.found)
		return clario_err_set(err, CLARIO_ENOTFOUND, "%s: not found", what);
	*out = o.v;
	return CLARIO_OK;
}
