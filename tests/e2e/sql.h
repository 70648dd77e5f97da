/* A tiny read-only query interface over the database an e2e env uses, with
 * two implementations: sqlite3 for a file path, libpq for a postgres:// URL.
 * Values travel as text; placeholders are ?1..?N (SQLite) or $1..$N (PG). */
#ifndef CLARIO_TESTS_E2E_SQL_H
#define CLARIO_TESTS_E2E_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One query argument: text when text is not NULL, else the integer num. */
struct e2e_sql_arg {
	const char *text;
	int64_t num;
};

/* Called once per result row with its n values as text (NULL for SQL NULL);
 * a non-zero return stops the query and makes e2e_sql_rows fail. */
typedef int (*e2e_sql_row_fn)(void *ctx, int n, const char *const *values);

/* Whether db names a PostgreSQL database (postgres:// or postgresql:// URL). */
bool e2e_sql_is_pg(const char *db);

/* Runs sql on db (a SQLite path or a PostgreSQL URL) with args bound to
 * placeholders 1..n_args, calling row for each row. Returns 0, or -1 with the
 * reason in why. In PostgreSQL, ?N placeholders outside quotes become $N. */
int e2e_sql_rows(const char *db, const char *sql, const struct e2e_sql_arg *args,
		 size_t n_args, e2e_sql_row_fn row, void *ctx, char *why, size_t why_size);

/* The integer in the first column of the first row of a read-only query with
 * one optional text parameter ?1 (param may be NULL), or -1 on error. */
int64_t e2e_sql_scalar(const char *db, const char *sql, const char *param);

/* How many server connections to the PostgreSQL database db are open (seen
 * from the server's maintenance database, so not counting ours), or -1. */
int64_t e2e_sql_pg_connections(const char *db);

#endif
