/* PostgreSQL connections: opening with the session settings Clario relies on,
 * the prepared-statement cache, SQLSTATE → status mapping, parameters and
 * column readers, and transactions serialised across processes. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/pg/internal.h"

int64_t pg__now(void)
{
	return (int64_t)time(NULL);
}

/* ---- parameters ---- */

static bool p_room(struct pg__params *p)
{
	/* A statement with more parameters than this is a bug in this backend. */
	return p->n < PG__MAX_PARAMS;
}

void pg__p_int(struct pg__params *p, int64_t v)
{
	if (!p_room(p))
		abort();
	snprintf(p->num[p->n], sizeof p->num[p->n], "%" PRId64, v);
	p->values[p->n] = p->num[p->n];
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	p->n++;
}

void pg__p_text(struct pg__params *p, const char *v)
{
	if (!p_room(p))
		abort();
	p->values[p->n] = v;
	p->lengths[p->n] = 0;
	p->formats[p->n] = 0;
	p->n++;
}

void pg__p_null(struct pg__params *p)
{
	pg__p_text(p, NULL);
}

void pg__p_bytes(struct pg__params *p, const void *data, size_t len)
{
	if (!p_room(p) || len > INT32_MAX)
		abort();
	p->values[p->n] = data;
	p->lengths[p->n] = (int)len;
	p->formats[p->n] = 1;
	p->n++;
}

/* ---- errors ---- */

static bool is_conn_lost(struct store *s)
{
	return !PG(s)->conn || PQstatus(PG(s)->conn) != CONNECTION_OK;
}

enum clario_status pg__fail(struct store *s, const PGresult *res, const char *what,
			    struct clario_err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	enum clario_status st = CLARIO_EIO;
	if (!msg)
		msg = PG(s)->conn ? PQerrorMessage(PG(s)->conn) : "no connection";
	if (state && strncmp(state, "23", 2) == 0)
		st = CLARIO_ECONFLICT; /* any integrity violation, as SQLITE_CONSTRAINT */
	else if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
			   strcmp(state, "55P03") == 0))
		st = CLARIO_EBUSY;
	else if (state && strcmp(state, "53200") == 0)
		st = CLARIO_ENOMEM;
	/* libpq messages end in a newline; the error text should not. */
	size_t len = strlen(msg);
	while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	return clario_err_set(err, st, "%s: %.*s%s", what, (int)len, msg,
			      is_conn_lost(s) ? " (connection lost)" : "");
}

enum clario_status pg__bad_row(const char *what, struct clario_err *err)
{
	return clario_err_set(err, CLARIO_EINTERNAL, "%s: unexpected value from the database", what);
}

/* ---- the write-behind pipeline ---- */

static void stmt_name(enum pg__stmt_id id, char *name, size_t size)
{
	snprintf(name, size, "clario_%d", (int)id);
}

static bool queue_push(struct store *s, enum pg__stmt_id id, bool prepare, const char *what)
{
	struct pg_store *ps = PG(s);
	if (ps->queued >= PG__MAX_QUEUED)
		return false;
	ps->queue[ps->queued].what = what;
	ps->queue[ps->queued].id = id;
	ps->queue[ps->queued].prepare = prepare;
	ps->queued++;
	return true;
}

/* Sends id (and its prepare on first use) into the pipeline without waiting. */
static enum clario_status send_queued(struct store *s, enum pg__stmt_id id, const char *sql,
				      const struct pg__params *p, const char *what,
				      struct clario_err *err)
{
	struct pg_store *ps = PG(s);
	char name[24];
	stmt_name(id, name, sizeof name);
	if (PQpipelineStatus(ps->conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode(ps->conn))
		return pg__fail(s, NULL, what, err);
	if (!ps->prepared[id]) {
		if (!PQsendPrepare(ps->conn, name, sql, p ? p->n : 0, NULL) ||
		    !queue_push(s, id, true, what))
			return pg__fail(s, NULL, what, err);
		/* Reset by drain if the prepare turns out to have failed. */
		ps->prepared[id] = true;
	}
	if (!PQsendQueryPrepared(ps->conn, name, p ? p->n : 0, p ? p->values : NULL,
				 p ? p->lengths : NULL, p ? p->formats : NULL, 0) ||
	    !queue_push(s, id, false, what))
		return pg__fail(s, NULL, what, err);
	return CLARIO_OK;
}

/* Ends the pipeline: syncs, reads every queued statement's result and leaves
 * pipeline mode. The first failure is reported (later statements were skipped
 * by the server); the last statement's result goes to *last if it succeeded
 * and last is not NULL. */
static enum clario_status drain(struct store *s, PGresult **last, struct clario_err *err)
{
	struct pg_store *ps = PG(s);
	enum clario_status st = CLARIO_OK;
	PGresult *r = NULL;
	if (PQpipelineStatus(ps->conn) == PQ_PIPELINE_OFF) {
		ps->queued = 0;
		return CLARIO_OK;
	}
	bool synced = PQpipelineSync(ps->conn) == 1;
	if (!synced)
		st = pg__fail(s, NULL, ps->queued ? ps->queue[0].what : "pipeline", err);
	for (int i = 0; i < ps->queued && st == CLARIO_OK; i++) {
		const struct pg__queued *q = &ps->queue[i];
		r = PQgetResult(ps->conn);
		ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
			if (q->prepare)
				ps->prepared[q->id] = false;
			st = pg__fail(s, r, q->what, err);
		} else if (last && !q->prepare && i == ps->queued - 1) {
			*last = r;
			r = NULL;
		}
		PQclear(r);
		r = NULL;
		/* Each statement's results end with a NULL. */
		while ((r = PQgetResult(ps->conn)) != NULL) {
			PQclear(r);
			r = NULL;
		}
		if (st != CLARIO_OK) {
			/* The server skipped the rest: their prepares did not happen. */
			for (int j = i + 1; j < ps->queued; j++)
				if (ps->queue[j].prepare)
					ps->prepared[ps->queue[j].id] = false;
		}
	}
	/* Skipped statements answer PGRES_PIPELINE_ABORTED; the sync ends it all. */
	for (int nulls = 0; synced && !is_conn_lost(s) && nulls <= 2 * ps->queued + 2;) {
		r = PQgetResult(ps->conn);
		if (!r) {
			nulls++;
			continue;
		}
		ExecStatusType es = PQresultStatus(r);
		PQclear(r);
		r = NULL;
		if (es == PGRES_PIPELINE_SYNC)
			break;
	}
	ps->queued = 0;
	if (!PQexitPipelineMode(ps->conn) && st == CLARIO_OK)
		st = pg__fail(s, NULL, "leaving pipeline mode", err);
	if (st != CLARIO_OK && last) {
		PQclear(*last);
		*last = NULL;
	}
	return st;
}

/* Drains the pipeline when a failure no longer matters (rollbacks). */
static void drain_ignore(struct store *s)
{
	struct clario_err ignore;
	if (PG(s)->conn && PQpipelineStatus(PG(s)->conn) != PQ_PIPELINE_OFF)
		drain(s, NULL, &ignore);
	PG(s)->queued = 0;
}

/* ---- statements ---- */

/* Re-establishes a lost connection: prepared statements died with the old
 * session, so the cache is emptied and the session settings applied again. */
static enum clario_status reconnect(struct store *s, struct clario_err *err)
{
	PQreset(PG(s)->conn);
	if (PQstatus(PG(s)->conn) != CONNECTION_OK)
		return pg__fail(s, NULL, "reconnecting to the database", err);
	memset(PG(s)->prepared, 0, sizeof PG(s)->prepared);
	PG(s)->savepoint_depth = 0;
	PG(s)->queued = 0;
	pg__cache_tx_end(s, true);
	return pg__session_setup(s, err);
}

enum clario_status pg__exec(struct store *s, enum pg__stmt_id id, const char *sql,
			    const struct pg__params *p, const char *what, struct clario_err *err)
{
	enum clario_status st;
	/* Buffered rows go first when this statement could depend on them. */
	if (!pg__bulk_exempt(id) && pg__bulk_pending(s) && (st = pg__bulk_flush(s, err)))
		return st;
	/* Outside a transaction a statement may need the reconnect-and-retry of
	 * pg__run, which a queued one cannot have. */
	if (!PG(s)->in_tx)
		return pg__run(s, id, sql, p, NULL, what, err);
	if (is_conn_lost(s))
		return clario_err_set(err, CLARIO_EIO, "%s: connection lost during a transaction",
				      what);
	/* Room for a prepare and the statement. */
	if (PG(s)->queued + 2 > PG__MAX_QUEUED && (st = drain(s, NULL, err)))
		return st;
	return send_queued(s, id, sql, p, what, err);
}

/* Runs id in the pipeline behind the queued writes and waits for all. */
static enum clario_status run_in_pipeline(struct store *s, enum pg__stmt_id id, const char *sql,
					  const struct pg__params *p, PGresult **res,
					  const char *what, struct clario_err *err)
{
	enum clario_status st;
	PGresult *r = NULL;
	if (PG(s)->queued + 2 > PG__MAX_QUEUED && (st = drain(s, NULL, err)))
		return st;
	if ((st = send_queued(s, id, sql, p, what, err))) {
		drain_ignore(s);
		return st;
	}
	st = drain(s, &r, err);
	if (res)
		*res = r;
	else
		PQclear(r);
	return st;
}

enum clario_status pg__run(struct store *s, enum pg__stmt_id id, const char *sql,
			   const struct pg__params *p, PGresult **res, const char *what,
			   struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	PGresult *r = NULL;
	char name[24];
	bool retried = false;
	stmt_name(id, name, sizeof name);
	if (res)
		*res = NULL;
	if (!pg__bulk_exempt(id) && pg__bulk_pending(s) && (st = pg__bulk_flush(s, err)))
		return st;
	/* Queued writes go first, in the same round trip as this statement. */
	if (PG(s)->queued && !is_conn_lost(s))
		return run_in_pipeline(s, id, sql, p, res, what, err);
	drain_ignore(s);
again:
	if (is_conn_lost(s)) {
		/* A restarted or failed-over server: outside a transaction it is safe
		 * to reconnect; inside one, the transaction is gone and must fail. */
		if (PG(s)->in_tx)
			return clario_err_set(err, CLARIO_EIO, "%s: connection lost during a transaction",
					      what);
		if ((st = reconnect(s, err)))
			return st;
	}
	if (!PG(s)->prepared[id]) {
		r = PQprepare(PG(s)->conn, name, sql, p ? p->n : 0, NULL);
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
			if (is_conn_lost(s) && !PG(s)->in_tx && !retried) {
				PQclear(r);
				r = NULL;
				retried = true;
				goto again;
			}
			st = pg__fail(s, r, what, err);
			goto out;
		}
		PQclear(r);
		PG(s)->prepared[id] = true;
	}
	r = PQexecPrepared(PG(s)->conn, name, p ? p->n : 0, p ? p->values : NULL,
			   p ? p->lengths : NULL, p ? p->formats : NULL, 0);
	ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
		if (is_conn_lost(s) && !PG(s)->in_tx && !retried) {
			/* The connection died under this statement: one fresh try. */
			PQclear(r);
			r = NULL;
			retried = true;
			goto again;
		}
		st = pg__fail(s, r, what, err);
		goto out;
	}
	if (res) {
		*res = r;
		r = NULL;
	}
out:
	PQclear(r);
	return st;
}

enum clario_status pg__copy(struct store *s, const char *copy_sql, const char *data, size_t len,
			    const char *what, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	PGconn *conn = PG(s)->conn;
	PGresult *r = NULL;
	if (PQpipelineStatus(conn) != PQ_PIPELINE_OFF && (st = drain(s, NULL, err)))
		return st;
	if (is_conn_lost(s))
		return clario_err_set(err, CLARIO_EIO, "%s: connection lost during a transaction", what);
	r = PQexec(conn, copy_sql);
	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		st = pg__fail(s, r, what, err);
		PQclear(r);
		/* A failed COPY start may leave results to read. */
		while ((r = PQgetResult(conn)) != NULL)
			PQclear(r);
		return st;
	}
	PQclear(r);
	int ok = 1;
	for (size_t off = 0; off < len && ok == 1;) {
		size_t n = len - off < ((size_t)1 << 20) ? len - off : ((size_t)1 << 20);
		ok = PQputCopyData(conn, data + off, (int)n);
		off += n;
	}
	if (PQputCopyEnd(conn, ok == 1 ? NULL : "sending COPY data failed") != 1)
		st = pg__fail(s, NULL, what, err);
	while ((r = PQgetResult(conn)) != NULL) {
		if (st == CLARIO_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			st = pg__fail(s, r, what, err);
		PQclear(r);
	}
	return st;
}

/* ---- column readers ---- */

int64_t pg__i64(const PGresult *r, int row, int col, bool *ok)
{
	if (PQgetisnull(r, row, col))
		return 0;
	const char *v = PQgetvalue(r, row, col);
	char *end = NULL;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || end == v || *end != '\0') {
		*ok = false;
		return 0;
	}
	return (int64_t)x;
}

void pg__copy_text(const PGresult *r, int row, int col, char *dst, size_t size)
{
	size_t n = PQgetisnull(r, row, col) ? 0 : (size_t)PQgetlength(r, row, col);
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, PQgetvalue(r, row, col), n);
	dst[n] = '\0';
}

void pg__copy_bytes(const PGresult *r, int row, int col, unsigned char *dst, size_t size)
{
	size_t n = 0;
	unsigned char *b = NULL;
	memset(dst, 0, size);
	if (!PQgetisnull(r, row, col))
		b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
	if (b && n == size)
		memcpy(dst, b, size);
	PQfreemem(b);
}

/* ---- open, close ---- */

/* Session settings, fixed text. lock_timeout plays SQLite's busy timeout: a
 * writer that waits longer gets CLARIO_EBUSY (55P03). */
static enum clario_status session(struct store *s, const char *sql, struct clario_err *err)
{
	PGresult *r = PQexec(PG(s)->conn, sql);
	enum clario_status st = CLARIO_OK;
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		st = pg__fail(s, r, sql, err);
	PQclear(r);
	return st;
}

enum clario_status pg__session_setup(struct store *s, struct clario_err *err)
{
	enum clario_status st;
	if ((st = session(s, "SET client_min_messages = warning", err)) ||
	    (st = session(s, "SET lock_timeout = '10s'", err)) ||
	    (st = session(s, "SET TIME ZONE 'UTC'", err)) ||
	    (st = session(s, PG(s)->bulk ? "SET synchronous_commit = off"
					  : "SET synchronous_commit = on", err)))
		return st;
	return CLARIO_OK;
}

enum clario_status store__pg_open(const char *url, const struct store_options *opts,
				  struct store **out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct store *s = NULL;
	*out = NULL;
	struct pg_store *ps = calloc(1, sizeof *ps);
	if (!ps)
		return clario_err_set(err, CLARIO_ENOMEM, "database: out of memory");
	ps->base.ops = &store__pg_ops;
	s = &ps->base;
	ps->conn = PQconnectdb(url);
	if (!ps->conn) {
		st = clario_err_set(err, CLARIO_ENOMEM, "database: out of memory");
		goto out;
	}
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		st = pg__fail(s, NULL, "connecting to the database", err);
		goto out;
	}
	ps->bulk = opts && opts->bulk;
	if ((st = pg__cache_new(s, err)) || (st = pg__session_setup(s, err)))
		goto out;
	if (!opts || opts->migrate)
		st = pg__migrate(s, NULL, err);
out:
	if (st != CLARIO_OK) {
		store__pg_close(s);
		return st;
	}
	*out = s;
	return CLARIO_OK;
}

void store__pg_close(struct store *s)
{
	if (!s)
		return;
	/* Prepared statements die with the session. */
	PQfinish(PG(s)->conn);
	pg__cache_free(s);
	free(PG(s));
}

enum clario_status store__pg_migrate(struct store *s, int *applied, struct clario_err *err)
{
	return pg__migrate(s, applied, err);
}

enum clario_status store__pg_ping(struct store *s, struct clario_err *err)
{
	return pg__run(s, P_PING, "SELECT count(*) FROM schema_migrations", NULL, NULL,
		       "health check", err);
}

const char *store__pg_backend_name(const struct store *s)
{
	(void)s;
	return "postgres";
}

/* ---- transactions ---- */

enum clario_status store__pg_begin(struct store *s, struct clario_err *err)
{
	struct pg__params p = {0};
	pg__p_int(&p, PG__WRITE_LOCK_KEY);
	pg__cache_tx_end(s, false);
	enum clario_status st = pg__run(s, P_BEGIN, "BEGIN", NULL, NULL, "BEGIN", err);
	PG(s)->in_tx = st == CLARIO_OK;
	/* Writers queue here, across processes and app servers: what keeps ingest
	 * exact, as SQLite's one writer (BEGIN IMMEDIATE) does. */
	if (st == CLARIO_OK) {
		/* Queued: the first statement that waits also waits for the lock. */
		st = pg__exec(s, P_WRITE_LOCK, "SELECT pg_advisory_xact_lock($1::bigint)", &p,
			      "taking the write lock", err);
		if (st != CLARIO_OK)
			store__pg_rollback(s);
	}
	return st;
}

enum clario_status store__pg_commit(struct store *s, struct clario_err *err)
{
	/* COMMIT of an aborted transaction "succeeds" as a rollback: report it.
	 * (With writes queued the status is "active": COMMIT then goes behind
	 * them and is skipped if one failed.) */
	if (PQtransactionStatus(PG(s)->conn) == PQTRANS_INERROR) {
		store__pg_rollback(s);
		return clario_err_set(err, CLARIO_EIO, "COMMIT: the transaction had failed; rolled back");
	}
	if (pg__cache_broken(s)) {
		store__pg_rollback(s);
		return clario_err_set(err, CLARIO_EIO,
				      "COMMIT: rewriting buffered rows after a savepoint rollback failed; rolled back");
	}
	/* Non-exempt: buffered rows are written by COPY before it. */
	enum clario_status st = pg__run(s, P_COMMIT, "COMMIT", NULL, NULL, "COMMIT", err);
	/* A queued write failed and COMMIT was skipped: end the transaction. */
	if (st != CLARIO_OK) {
		PGTransactionStatusType ts = PQtransactionStatus(PG(s)->conn);
		if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
			store__pg_rollback(s);
	}
	/* Whatever COMMIT answered, the transaction is over (or the connection is). */
	PG(s)->in_tx = false;
	pg__cache_tx_end(s, st != CLARIO_OK);
	if (st == CLARIO_OK)
		PG(s)->savepoint_depth = 0;
	return st;
}

void store__pg_rollback(struct store *s)
{
	struct clario_err ignore;
	/* Queued writes and buffered rows are being thrown away. */
	pg__cache_tx_end(s, true);
	drain_ignore(s);
	PGTransactionStatusType ts = PQtransactionStatus(PG(s)->conn);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		pg__run(s, P_ROLLBACK, "ROLLBACK", NULL, NULL, "ROLLBACK", &ignore);
	PG(s)->in_tx = false;
	PG(s)->savepoint_depth = 0;
}

enum clario_status store__pg_savepoint(struct store *s, struct clario_err *err)
{
	enum clario_status st = pg__exec(s, P_SAVEPOINT, "SAVEPOINT sp", NULL, "SAVEPOINT", err);
	if (st == CLARIO_OK) {
		PG(s)->savepoint_depth++;
		pg__cache_savepoint(s);
	}
	return st;
}

enum clario_status store__pg_savepoint_release(struct store *s, struct clario_err *err)
{
	/* Waits for the ticket's queued writes: a failed one fails the release,
	 * which ingest treats as a storage failure of the batch. In bulk mode
	 * (demo, import) it is queued too: a failure then surfaces at the next
	 * waiting statement or COMMIT, failing the batch all the same. */
	enum clario_status st =
		PG(s)->bulk ? pg__exec(s, P_RELEASE, "RELEASE sp", NULL, "RELEASE", err)
			    : pg__run(s, P_RELEASE, "RELEASE sp", NULL, NULL, "RELEASE", err);
	if (st == CLARIO_OK) {
		PG(s)->savepoint_depth--;
		pg__cache_savepoint_release(s);
	}
	return st;
}

void store__pg_savepoint_rollback(struct store *s)
{
	struct clario_err ignore;
	/* ROLLBACK TO also clears an aborted state; it keeps the savepoint open,
	 * RELEASE closes it. Queued writes are drained first: after a failure the
	 * server would skip ROLLBACK TO in the same pipeline. */
	drain_ignore(s);
	pg__exec(s, P_ROLLBACK_TO, "ROLLBACK TO sp", NULL, "ROLLBACK TO", &ignore);
	/* Drops this savepoint's buffered rows; rewrites earlier ones a COPY
	 * inside it had written. */
	pg__cache_savepoint_rollback(s);
	pg__run(s, P_RELEASE, "RELEASE sp", NULL, NULL, "RELEASE", &ignore);
	PG(s)->savepoint_depth--;
}
