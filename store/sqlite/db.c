/* SQLite connections: opening with the pragmas Clario relies on (WAL, foreign
 * keys, busy timeout, full durability), the statement cache, transactions and
 * the per-process connection pool. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite/internal.h"

int64_t lite__now(void)
{
	return (int64_t)time(NULL);
}

enum clario_status lite__fail(struct store *s, int rc, const char *what, struct clario_err *err)
{
	int prim = rc & 0xff;
	enum clario_status st = CLARIO_EIO;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		st = CLARIO_EBUSY;
	else if (prim == SQLITE_NOMEM)
		st = CLARIO_ENOMEM;
	else if (prim == SQLITE_CONSTRAINT)
		st = CLARIO_ECONFLICT;
	return clario_err_set(err, st, "%s: %s", what,
			      s && L(s)->db ? sqlite3_errmsg(L(s)->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *lite__stmt(struct store *s, enum lite__stmt_id id, const char *sql,
			  struct clario_err *err)
{
	sqlite3_stmt *st = L(s)->stmts[id];
	if (!st) {
		int rc = sqlite3_prepare_v3(L(s)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			lite__fail(s, rc, "preparing a statement", err);
			return NULL;
		}
		L(s)->stmts[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void lite__bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

void lite__copy_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

enum clario_status lite__exec(struct store *s, sqlite3_stmt *st, const char *what,
			       struct clario_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return lite__fail(s, rc, what, err);
	return CLARIO_OK;
}

static enum clario_status pragma(struct store *s, const char *sql, struct clario_err *err)
{
	int rc = sqlite3_exec(L(s)->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CLARIO_OK : lite__fail(s, rc, sql, err);
}

/* SQLite's memory statistics take a global mutex on every allocation, which
 * the analytics' row-by-row reads paid for on each value; nothing reads the
 * statistics. Must run before SQLite initialises, hence once, at first open. */
static void lite_config(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum clario_status store__lite_open(const char *url, const struct store_options *opts,
				    struct store **out, struct clario_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, lite_config);
	enum clario_status st = CLARIO_OK;
	struct store *s = NULL;
	*out = NULL;
	struct lite_store *ls = calloc(1, sizeof *ls);
	if (!ls)
		return clario_err_set(err, CLARIO_ENOMEM, "database: out of memory");
	ls->base.ops = &store__lite_ops;
	s = &ls->base;
	int rc = sqlite3_open_v2(url, &L(s)->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = lite__fail(s, rc, "opening the database", err);
		goto out;
	}
	sqlite3_extended_result_codes(L(s)->db, 1);
	sqlite3_busy_timeout(L(s)->db, 10000);
	bool bulk = opts && opts->bulk;
	if ((st = pragma(s, "PRAGMA journal_mode=WAL", err)) ||
	    (st = pragma(s, bulk ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=FULL", err)) ||
	    (st = pragma(s, "PRAGMA foreign_keys=ON", err)) ||
	    (st = pragma(s, "PRAGMA temp_store=MEMORY", err)) ||
	    (st = pragma(s, "PRAGMA cache_size=-65536", err)) ||
	    /* Reads through a shared mapping: analytics scans rollups page after
	     * page, and each pread copy cost more than the rows' own decoding. */
	    (st = pragma(s, "PRAGMA mmap_size=4294967296", err)))
		goto out;
	if (!opts || opts->migrate)
		st = lite__migrate(s, NULL, err);
out:
	if (st != CLARIO_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return CLARIO_OK;
}

void store__lite_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(L(s)->stmts[i]);
	for (int i = 0; i < STORE_SQL_MAX_SLOTS; i++)
		sqlite3_finalize(L(s)->dyn[i]);
	/* sqlite3_close (not _v2) fails loudly if a statement leaked; the last
	 * connection to close checkpoints and removes the WAL file. */
	sqlite3_close(L(s)->db);
	free(L(s));
}

enum clario_status store__lite_migrate(struct store *s, int *applied, struct clario_err *err)
{
	return lite__migrate(s, applied, err);
}

enum clario_status store__lite_ping(struct store *s, struct clario_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(L(s)->db, "SELECT count(*) FROM schema_migrations", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "health check", err);
}

const char *store__lite_backend_name(const struct store *s)
{
	(void)s;
	return "sqlite";
}

static enum clario_status simple(struct store *s, enum lite__stmt_id id, const char *sql,
				 struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, id, sql, err);
	return st ? lite__exec(s, st, sql, err) : err->status;
}

enum clario_status store__lite_begin(struct store *s, struct clario_err *err)
{
	return simple(s, S_BEGIN, "BEGIN IMMEDIATE", err);
}

enum clario_status store__lite_commit(struct store *s, struct clario_err *err)
{
	return simple(s, S_COMMIT, "COMMIT", err);
}

void store__lite_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(L(s)->db))
		sqlite3_exec(L(s)->db, "ROLLBACK", NULL, NULL, NULL);
	L(s)->savepoint_depth = 0;
}

enum clario_status store__lite_savepoint(struct store *s, struct clario_err *err)
{
	enum clario_status st = simple(s, S_SAVEPOINT, "SAVEPOINT sp", err);
	if (st == CLARIO_OK)
		L(s)->savepoint_depth++;
	return st;
}

enum clario_status store__lite_savepoint_release(struct store *s, struct clario_err *err)
{
	enum clario_status st = simple(s, S_RELEASE, "RELEASE sp", err);
	if (st == CLARIO_OK)
		L(s)->savepoint_depth--;
	return st;
}

void store__lite_savepoint_rollback(struct store *s)
{
	struct clario_err ignore;
	/* ROLLBACK TO keeps the savepoint open; RELEASE closes it. */
	simple(s, S_ROLLBACK_TO, "ROLLBACK TO sp", &ignore);
	simple(s, S_RELEASE, "RELEASE sp", &ignore);
	L(s)->savepoint_depth--;
}
