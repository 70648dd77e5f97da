/* How backends implement store/sql.h: a row is a backend cursor behind a small
 * table of readers, and statement texts map to process-wide slots so each
 * connection caches its prepared statement by slot. Only store/ includes this. */
#ifndef CLARIO_STORE_SQL_INTERNAL_H
#define CLARIO_STORE_SQL_INTERNAL_H

#include "store/sql.h"

/* Distinct statement texts a process may run through sql.h. */
#define STORE_SQL_MAX_SLOTS 1024

struct sql_row_ops {
	bool (*is_null)(const struct sql_row *r, int col);
	int64_t (*i64)(const struct sql_row *r, int col, bool *ok);
	double (*real)(const struct sql_row *r, int col);
	const char *(*text)(const struct sql_row *r, int col, size_t *len);
	const void *(*blob)(const struct sql_row *r, int col, size_t *len);
};

struct sql_row {
	const struct sql_row_ops *ops;
	void *impl;        /* sqlite3_stmt * or PGresult * */
	int row;           /* row number within a PGresult */
	bool bad;          /* a reader found a malformed value */
	void *scratch;     /* memory a reader allocated for this row (freed after it) */
	void (*scratch_free)(void *);
};

/* The slot of a statement text (by address), assigned on first use. -1 when
 * every slot is taken (a bug: more distinct statements than the table holds). */
int store__sql_slot(const char *sql);
/* Whether the slot's statement was run by sql_exec_rollup (see sql.h). */
bool store__sql_slot_rollup(int slot);

/* Frees a row's scratch memory between rows. */
void store__sql_row_reset(struct sql_row *r);

#endif
