/* SQLite connections: opening with the pragmas Clario relies on (WAL, foreign
 * keys, busy timeout, full durability), the statement cache, transactions and
 * the per-process connection pool. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite/internal.h"

int64_t store__now(void)
{
	return (int64_t)time(NULL);
}

enum clario_status store__fail(struct store *s, int rc, const char *what, struct clario_err *err)
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
			      s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
}

sqlite3_stmt *store__stmt(struct store *s, enum store__stmt_id id, const char *sql,
			  struct clario_err *err)
{
	sqlite3_stmt *st = s->stmts[id];
	if (!st) {
		int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			store__fail(s, rc, "preparing a statement", err);
			return NULL;
		}
		s->stmts[id] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void store__bind_text(sqlite3_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx);
}

void store__copy_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

enum clario_status store__exec(struct store *s, sqlite3_stmt *st, const char *what,
			       struct clario_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store__fail(s, rc, what, err);
	return CLARIO_OK;
}

static enum clario_status pragma(struct store *s, const char *sql, struct clario_err *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CLARIO_OK : store__fail(s, rc, sql, err);
}

enum clario_status store_open(const char *url, const struct store_options *opts,
			      struct store **out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct store *s = NULL;
	*out = NULL;
	if (!url || !*url)
		return clario_err_set(err, CLARIO_EINVAL, "database: no path given");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "database: the PostgreSQL backend is not built yet; use a file path");
	s = calloc(1, sizeof *s);
	if (!s)
		return clario_err_set(err, CLARIO_ENOMEM, "database: out of memory");
	int rc = sqlite3_open_v2(url, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = store__fail(s, rc, "opening the database", err);
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	bool bulk = opts && opts->bulk;
	if ((st = pragma(s, "PRAGMA journal_mode=WAL", err)) ||
	    (st = pragma(s, bulk ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=FULL", err)) ||
	    (st = pragma(s, "PRAGMA foreign_keys=ON", err)) ||
	    (st = pragma(s, "PRAGMA temp_store=MEMORY", err)) ||
	    (st = pragma(s, "PRAGMA cache_size=-65536", err)))
		goto out;
	if (!opts || opts->migrate)
		st = store__migrate(s, NULL, err);
out:
	if (st != CLARIO_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return CLARIO_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	/* sqlite3_close (not _v2) fails loudly if a statement leaked; the last
	 * connection to close checkpoints and removes the WAL file. */
	sqlite3_close(s->db);
	free(s);
}

enum clario_status store_migrate(struct store *s, int *applied, struct clario_err *err)
{
	return store__migrate(s, applied, err);
}

enum clario_status store_ping(struct store *s, struct clario_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM schema_migrations", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? CLARIO_OK : store__fail(s, rc, "health check", err);
}

const char *store_backend_name(const struct store *s)
{
	(void)s;
	return "sqlite";
}

static enum clario_status simple(struct store *s, enum store__stmt_id id, const char *sql,
				 struct clario_err *err)
{
	sqlite3_stmt *st = store__stmt(s, id, sql, err);
	return st ? store__exec(s, st, sql, err) : err->status;
}

enum clario_status store_begin(struct store *s, struct clario_err *err)
{
	return simple(s, S_BEGIN, "BEGIN IMMEDIATE", err);
}

enum clario_status store_commit(struct store *s, struct clario_err *err)
{
	return simple(s, S_COMMIT, "COMMIT", err);
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->savepoint_depth = 0;
}

enum clario_status store_savepoint(struct store *s, struct clario_err *err)
{
	enum clario_status st = simple(s, S_SAVEPOINT, "SAVEPOINT sp", err);
	if (st == CLARIO_OK)
		s->savepoint_depth++;
	return st;
}

enum clario_status store_savepoint_release(struct store *s, struct clario_err *err)
{
	enum clario_status st = simple(s, S_RELEASE, "RELEASE sp", err);
	if (st == CLARIO_OK)
		s->savepoint_depth--;
	return st;
}

void store_savepoint_rollback(struct store *s)
{
	struct clario_err ignore;
	/* ROLLBACK TO keeps the savepoint open; RELEASE closes it. */
	simple(s, S_ROLLBACK_TO, "ROLLBACK TO sp", &ignore);
	simple(s, S_RELEASE, "RELEASE sp", &ignore);
	s->savepoint_depth--;
}

/* ---- pool ---- */

struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *url;
	size_t size;
	size_t opened;
	size_t n_free;
	struct store **free_list;
};

enum clario_status store_pool_new(const char *url, size_t size, struct store_pool **out,
				  struct clario_err *err)
{
	struct store_pool *p = calloc(1, sizeof *p);
	if (!p || size == 0)
		goto oom;
	p->url = strdup(url);
	p->free_list = calloc(size, sizeof *p->free_list);
	if (!p->url || !p->free_list)
		goto oom;
	p->size = size;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	*out = p;
	return CLARIO_OK;
oom:
	if (p) {
		free(p->url);
		free(p->free_list);
		free(p);
	}
	return clario_err_set(err, CLARIO_ENOMEM, "connection pool: out of memory");
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_free; i++)
		store_close(p->free_list[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->url);
	free(p->free_list);
	free(p);
}

enum clario_status store_pool_acquire(struct store_pool *p, struct store **out,
				      struct clario_err *err)
{
	pthread_mutex_lock(&p->mu);
	while (p->n_free == 0 && p->opened >= p->size)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->n_free > 0) {
		*out = p->free_list[--p->n_free];
		pthread_mutex_unlock(&p->mu);
		return CLARIO_OK;
	}
	p->opened++;
	pthread_mutex_unlock(&p->mu);
	/* Migrations ran when the server started; pooled connections skip them. */
	struct store_options o = {.migrate = false};
	enum clario_status st = store_open(p->url, &o, out, err);
	if (st != CLARIO_OK) {
		pthread_mutex_lock(&p->mu);
		p->opened--;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return st;
}

void store_pool_release(struct store_pool *p, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&p->mu);
	p->free_list[p->n_free++] = s;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
