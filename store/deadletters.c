/* Listing of dead-lettered payloads for the admin console, on the portable
 * statement layer (the table itself belongs to the sales core schema). */
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
