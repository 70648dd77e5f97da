/* Portable statements for the store's domain files (store/<domain>.c): one SQL
 * text runs on both backends, so a new part of the product writes its queries
 * once. Only store/ includes this; nothing above the store sees SQL.
 *
 * Write SQL that SQLite 3.40 and PostgreSQL 15 both accept:
 *   - parameters are $1, $2, ... (rewritten to ?1, ?2 for SQLite);
 *   - integers (money, ids, instants as UTC seconds, days as day_t, booleans as
 *     0/1) are BIGINT in PostgreSQL DDL and INTEGER in SQLite STRICT DDL;
 *   - where PostgreSQL cannot infer a parameter's type (SELECT $1, $1 IS NULL,
 *     coalesce($1, ...)), write CAST($1 AS BIGINT) or CAST($1 AS TEXT);
 *   - sum() of BIGINT is NUMERIC in PostgreSQL: sql_int reads it exactly as
 *     long as it is whole; avg() is fractional: read it with sql_real;
 *   - INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING and RETURNING work on both;
 *   - no now(): pass instants as parameters.
 * Each statement's text must be a string with static storage (a literal or a
 * static const): backends cache the prepared statement by the text's address. */
#ifndef CLARIO_STORE_SQL_H
#define CLARIO_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

enum sql_type { SQL_NULL, SQL_INT, SQL_TEXT, SQL_BLOB };

/* One parameter; text and blobs are borrowed for the call only. */
struct sql_val {
	enum sql_type type;
	int64_t i;
	const char *s; /* SQL_TEXT: NUL-terminated; SQL_BLOB: bytes */
	size_t len;    /* SQL_BLOB only */
};

#define SQL_I(v) ((struct sql_val){.type = SQL_INT, .i = (int64_t)(v)})
/* A NULL string binds SQL NULL. */
#define SQL_T(v) ((struct sql_val){.type = (v) ? SQL_TEXT : SQL_NULL, .s = (v)})
#define SQL_B(p, n) ((struct sql_val){.type = SQL_BLOB, .s = (const char *)(p), .len = (n)})
#define SQL_NUL ((struct sql_val){.type = SQL_NULL})
/* An integer that is NULL when zero (optional foreign keys). */
#define SQL_ID(v) ((v) ? SQL_I(v) : SQL_NUL)

/* One result row, valid only during the row callback. Columns are 0-based. A
 * NULL column reads as 0 / "" / 0.0. */
struct sql_row;
bool sql_is_null(const struct sql_row *r, int col);
/* A value that is not a whole number (or out of range) marks the row bad:
 * sql_query then fails with CLARIO_EINTERNAL naming the statement. */
int64_t sql_int(const struct sql_row *r, int col);
double sql_real(const struct sql_row *r, int col);
/* Borrowed, NUL-terminated, valid during the callback. */
const char *sql_text(const struct sql_row *r, int col);
/* Copies text into dst (truncating to size - 1 bytes). */
void sql_copy(const struct sql_row *r, int col, char *dst, size_t size);
/* Blob bytes (borrowed, valid during the callback), length in *len. */
const void *sql_blob(const struct sql_row *r, int col, size_t *len);

/* Return non-zero from a row callback to stop; sql_query returns that status
 * (its err is the callback's to fill). */
typedef enum clario_status (*sql_row_fn)(void *ctx, const struct sql_row *r,
					 struct clario_err *err);

/* Runs sql with args. fn (may be NULL) is called for each row in order. what
 * names the statement in error messages ("inserting a contract"). A unique or
 * foreign-key violation is CLARIO_ECONFLICT; lock timeouts CLARIO_EBUSY. */
enum clario_status sql_query(struct store *s, const char *sql, const char *what,
			     const struct sql_val *args, size_t n_args, sql_row_fn fn, void *ctx,
			     struct clario_err *err);

/* Runs a statement that returns no rows. *changed (may be NULL) gets the number
 * of rows it inserted, updated or deleted. Inside a transaction on PostgreSQL a
 * statement whose count is not asked for may be pipelined: its failure is then
 * reported by the next statement, savepoint release or commit. */
enum clario_status sql_exec(struct store *s, const char *sql, const char *what,
			    const struct sql_val *args, size_t n_args, int64_t *changed,
			    struct clario_err *err);

/* sql_exec for a statement that only adds to rollup tables and reads no
 * other table: on PostgreSQL in bulk mode it goes out behind the buffered
 * COPY rows instead of flushing them first, as the core's rollup upserts do
 * (flushing per ticket would undo the bulk load). */
enum clario_status sql_exec_rollup(struct store *s, const char *sql, const char *what,
				   const struct sql_val *args, size_t n_args,
				   struct clario_err *err);

/* Convenience: the first column of the first row as an integer. CLARIO_ENOTFOUND
 * (with err filled) when there is no row. */
enum clario_status sql_one_int(struct store *s, const char *sql, const char *what,
			       const struct sql_val *args, size_t n_args, int64_t *out,
			       struct clario_err *err);

#define SQL_ARGS(...) ((const struct sql_val[]){__VA_ARGS__}), \
	(sizeof((const struct sql_val[]){__VA_ARGS__}) / sizeof(struct sql_val))
#define SQL_NOARGS NULL, 0

/* ---- migrations contributed by domain files ---- */

/* One schema change, its DDL written per backend (may hold several statements
 * separated by ';'). Versions are unique across the whole store; each domain
 * owns a range (see store/migrations.c). A version is applied once, in
 * ascending order among those not yet applied. */
struct store_migration {
	int version;
	const char *name;
	const char *sqlite;
	const char *pg;
};

/* Every domain migration, sorted by version (store/migrations.c). */
const struct store_migration *store__domain_migrations(size_t *n);

#endif
