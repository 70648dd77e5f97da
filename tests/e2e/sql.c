/* The e2e query interface: sqlite3 for database files, libpq (when built with
 * CLARIO_WITH_PG) for postgres:// URLs. Read-only use by the tests' checks. */
#include "sql.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CLARIO_WITH_PG
#include <libpq-fe.h>
#endif

#define E2E_SQL_MAX_COLS 32
#define E2E_SQL_MAX_ARGS 8

bool e2e_sql_is_pg(const char *db)
{
	return strncmp(db, "postgres://", 11) == 0 || strncmp(db, "postgresql://", 13) == 0;
}

static int sqlite_rows(const char *db_path, const char *sql, const struct e2e_sql_arg *args,
		       size_t n_args, e2e_sql_row_fn row, void *ctx, char *why, size_t why_size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int result = -1;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, why_size, "open %s: %s", db_path, db ? sqlite3_errmsg(db) : "?");
		goto out;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(why, why_size, "prepare %s: %s", sql, sqlite3_errmsg(db));
		goto out;
	}
	for (size_t i = 0; i < n_args; i++) {
		if (args[i].text)
			sqlite3_bind_text(st, (int)i + 1, args[i].text, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(st, (int)i + 1, args[i].num);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		const char *vals[E2E_SQL_MAX_COLS];
		if (n > E2E_SQL_MAX_COLS) {
			snprintf(why, why_size, "too many columns");
			goto out;
		}
		for (int c = 0; c < n; c++)
			vals[c] = (const char *)sqlite3_column_text(st, c);
		if (row(ctx, n, vals) != 0) {
			snprintf(why, why_size, "unexpected row");
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(why, why_size, "step %s: %s", sql, sqlite3_errmsg(db));
		goto out;
	}
	result = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return result;
}

#ifdef CLARIO_WITH_PG
/* sql with ?N outside single quotes turned into $N; malloc'd. */
static char *pg_placeholders(const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	bool quoted = false;
	for (size_t i = 0; i <= len; i++) {
		char ch = sql[i];
		if (ch == '\'')
			quoted = !quoted;
		out[i] = !quoted && ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9' ? '$' : ch;
	}
	return out;
}

static int pg_rows(const char *url, const char *sql, const struct e2e_sql_arg *args,
		   size_t n_args, e2e_sql_row_fn row, void *ctx, char *why, size_t why_size)
{
	char nums[E2E_SQL_MAX_ARGS][24];
	const char *vals[E2E_SQL_MAX_ARGS];
	if (n_args > E2E_SQL_MAX_ARGS) {
		snprintf(why, why_size, "too many arguments");
		return -1;
	}
	for (size_t i = 0; i < n_args; i++) {
		if (args[i].text) {
			vals[i] = args[i].text;
		} else {
			snprintf(nums[i], sizeof nums[i], "%" PRId64, args[i].num);
			vals[i] = nums[i];
		}
	}
	char *text = pg_placeholders(sql);
	PGconn *c = PQconnectdb(url);
	PGresult *r = NULL;
	int result = -1;
	if (!text) {
		snprintf(why, why_size, "out of memory");
		goto out;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(why, why_size, "connect %s: %s", url, PQerrorMessage(c));
		goto out;
	}
	r = PQexecParams(c, text, (int)n_args, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(why, why_size, "%s: %s", text, PQerrorMessage(c));
		goto out;
	}
	int n = PQnfields(r);
	if (n > E2E_SQL_MAX_COLS) {
		snprintf(why, why_size, "too many columns");
		goto out;
	}
	for (int t = 0; t < PQntuples(r); t++) {
		const char *cols[E2E_SQL_MAX_COLS];
		for (int f = 0; f < n; f++)
			cols[f] = PQgetisnull(r, t, f) ? NULL : PQgetvalue(r, t, f);
		if (row(ctx, n, cols) != 0) {
			snprintf(why, why_size, "unexpected row");
			goto out;
		}
	}
	result = 0;
out:
	PQclear(r);
	PQfinish(c);
	free(text);
	return result;
}
#endif

int e2e_sql_rows(const char *db, const char *sql, const struct e2e_sql_arg *args,
		 size_t n_args, e2e_sql_row_fn row, void *ctx, char *why, size_t why_size)
{
	if (!e2e_sql_is_pg(db))
		return sqlite_rows(db, sql, args, n_args, row, ctx, why, why_size);
#ifdef CLARIO_WITH_PG
	return pg_rows(db, sql, args, n_args, row, ctx, why, why_size);
#else
	snprintf(why, why_size, "this build has no PostgreSQL support (libpq)");
	return -1;
#endif
}

static int first_int(void *ctx, int n, const char *const *values)
{
	int64_t *out = ctx;
	if (*out != INT64_MIN)
		return 0;
	if (n < 1 || !values[0])
		return -1;
	char *end;
	long long v = strtoll(values[0], &end, 10);
	if (*end != '\0')
		return -1;
	*out = (int64_t)v;
	return 0;
}

int64_t e2e_sql_pg_connections(const char *db)
{
	/* The database name is the URL's path; ask the server's "postgres" database. */
	const char *host = strstr(db, "://");
	host = host ? host + 3 : db;
	size_t base = strcspn(host, "/?") + (size_t)(host - db);
	const char *name = db + base + (db[base] == '/' ? 1 : 0);
	size_t name_len = strcspn(name, "?");
	const char *query = strchr(host, '?');
	char admin[1024], dbname[128];
	int n = snprintf(admin, sizeof admin, "%.*s/postgres%s", (int)base, db, query ? query : "");
	if (n < 0 || (size_t)n >= sizeof admin || name_len == 0 || name_len >= sizeof dbname)
		return -1;
	memcpy(dbname, name, name_len);
	dbname[name_len] = '\0';
	struct e2e_sql_arg arg = {.text = dbname};
	int64_t count = INT64_MIN;
	char why[512];
	if (e2e_sql_rows(admin, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1", &arg, 1,
			 first_int, &count, why, sizeof why) != 0 || count == INT64_MIN) {
		fprintf(stderr, "e2e: pg_stat_activity: %s\n", why);
		return -1;
	}
	return count;
}

int64_t e2e_sql_scalar(const char *db, const char *sql, const char *param)
{
	struct e2e_sql_arg arg = {.text = param};
	int64_t v = INT64_MIN;
	char why[512];
	if (e2e_sql_rows(db, sql, &arg, param ? 1 : 0, first_int, &v, why, sizeof why) != 0) {
		fprintf(stderr, "e2e: %s\n", why);
		return -1;
	}
	if (v == INT64_MIN)
		fprintf(stderr, "e2e: no row from %s\n", sql);
	return v == INT64_MIN ? -1 : v;
}
