/* PostgreSQL backend internals shared by its files: the connection struct, the
 * per-connection prepared-statement cache, text parameters and result reading.
 * Nothing outside store/pg includes this. */
#ifndef CLARIO_STORE_PG_INTERNAL_H
#define CLARIO_STORE_PG_INTERNAL_H

#include <libpq-fe.h>

#include "store/backend.h"
#include "store/sql_internal.h"

/* Every statement the backend runs, prepared once per connection by name. */
enum pg__stmt_id {
	P_PARTNER_CREATE, P_PARTNER_BY_CODE, P_PARTNER_GET,
	P_MERCHANT_CREATE, P_MERCHANT_GET, P_MERCHANT_LIST_ALL, P_MERCHANT_LIST_PARTNER,
	P_MERCHANT_LIST_DIRECT,
	P_OUTLET_CREATE, P_OUTLET_BY_EXT, P_OUTLET_GET, P_OUTLET_LIST,
	P_ITEM_UPSERT, P_ITEM_FIND, P_ITEM_INSERT_IF_MISSING,
	P_TICKET_FIND, P_TICKET_INSERT, P_TICKET_UPDATE, P_TICKET_GET,
	P_LINES_DELETE, P_DISCOUNTS_DELETE, P_PAYMENTS_DELETE,
	P_LINE_INSERT, P_DISCOUNT_INSERT, P_PAYMENT_INSERT,
	P_LINES_LOAD, P_DISCOUNTS_LOAD, P_PAYMENTS_LOAD,
	P_REFUND_EXISTS, P_REFUND_INSERT, P_REFUND_LINE_INSERT,
	P_TICKET_IDS, P_REFUNDS_ALL, P_REFUND_LINES_OF,
	P_ROLLUP_HOUR_ADD, P_ROLLUP_ITEM_ADD, P_ROLLUP_HOURS_QUERY, P_ROLLUP_HOURS_QUERY_OUTLET,
	P_ROLLUP_HOUR_CLEAR, P_ROLLUP_ITEM_CLEAR, P_ROLLUP_HOUR_DUMP, P_ROLLUP_ITEM_DUMP,
	P_KEY_INSERT, P_KEY_LOOKUP,
	P_DEADLETTER_ADD, P_DEADLETTER_COUNT, P_HAS_TENANT_DATA,
	P_BEGIN, P_WRITE_LOCK, P_COMMIT, P_ROLLBACK, P_SAVEPOINT, P_RELEASE, P_ROLLBACK_TO,
	P_PING, P_MIG_LOCK, P_MIG_TABLE, P_MIG_VERSION, P_MIG_RECORD,
	P_TICKET_PREFETCH, P_RESERVE_TICKET_IDS, P_RESERVE_REFUND_IDS,
	P_COUNT
};

/* Queued statements (and prepares) before the pipeline is drained anyway:
 * bounds memory and keeps the server's unread replies far below a socket
 * buffer, so sending never blocks on a server waiting for us to read. */
#define PG__MAX_QUEUED 128

/* A PostgreSQL connection; base first, so a struct store * is one of these. */
struct pg_store {
	struct store base;
	PGconn *conn;
	/* Prepared on this connection: the fixed statements, then store/sql.h
	 * statements at P_COUNT + their slot. */
	bool prepared[P_COUNT + STORE_SQL_MAX_SLOTS];
	int savepoint_depth;
	bool in_tx; /* between BEGIN and COMMIT/ROLLBACK: never reconnect inside one */
	bool bulk;  /* opened with store_options.bulk, re-applied on reconnect */
	/* Write-behind pipeline (libpq pipeline mode), only inside a transaction:
	 * statements whose result nobody reads are sent without waiting, and
	 * their results are checked by the next statement that waits. */
	int queued;
	struct pg__queued {
		const char *what; /* a string literal, for the error message */
		enum pg__stmt_id id;
		bool prepare; /* the PQsendPrepare of id, not its execution */
	} queue[PG__MAX_QUEUED];
	struct pg__cache *cache; /* bulk.c: ticket and item look-ups, COPY buffers */
};

/* Session settings (at open and after a reconnect). */
enum clario_status pg__session_setup(struct store *s, struct clario_err *err);

#define PG(s) ((struct pg_store *)(s))

/* Advisory lock keys (pg_advisory_xact_lock): one for migrations, one that
 * serialises writers across processes as SQLite's single writer does. */
#define PG__MIGRATE_LOCK_KEY INT64_C(0x436c6172696f4d31) /* "ClarioM1" */
#define PG__WRITE_LOCK_KEY INT64_C(0x436c6172696f5731)   /* "ClarioW1" */

#define PG__MAX_PARAMS 32

/* Parameters of one statement: text, except bytea which is sent binary so raw
 * payloads with NUL bytes need no escaping. NULL values are SQL NULL. */
struct pg__params {
	int n;
	const char *values[PG__MAX_PARAMS];
	int lengths[PG__MAX_PARAMS];
	int formats[PG__MAX_PARAMS];
	char num[PG__MAX_PARAMS][24];
};

void pg__p_int(struct pg__params *p, int64_t v);
void pg__p_text(struct pg__params *p, const char *v);
void pg__p_null(struct pg__params *p);
void pg__p_bytes(struct pg__params *p, const void *data, size_t len);

/* Runs statement id (prepared from sql on this connection's first use) with p
 * (may be NULL). On success *res (if res is not NULL) gets the result, which the
 * caller PQclears; otherwise the result is cleared here. On failure err says
 * `what` failed, mapped from SQLSTATE. */
enum clario_status pg__run(struct store *s, enum pg__stmt_id id, const char *sql,
			   const struct pg__params *p, PGresult **res, const char *what,
			   struct clario_err *err);

/* As pg__run without a result, for statements whose only answer is success:
 * inside a transaction the statement is queued in the pipeline, and a failure
 * is reported by the next pg__run (or commit, savepoint release) instead. */
enum clario_status pg__exec(struct store *s, enum pg__stmt_id id, const char *sql,
			    const struct pg__params *p, const char *what, struct clario_err *err);

/* Maps a failed result (NULL: the connection failed) to a status and fills err. */
enum clario_status pg__fail(struct store *s, const PGresult *res, const char *what,
			    struct clario_err *err);

/* Column readers. NULL reads as 0 / "" like SQLite's; a malformed integer sets
 * *ok to false (callers check once per row). */
int64_t pg__i64(const PGresult *r, int row, int col, bool *ok);
void pg__copy_text(const PGresult *r, int row, int col, char *dst, size_t size);
/* Decodes a bytea column into dst if it holds exactly size bytes; zeroes dst
 * otherwise. */
void pg__copy_bytes(const PGresult *r, int row, int col, unsigned char *dst, size_t size);
enum clario_status pg__bad_row(const char *what, struct clario_err *err);

enum clario_status pg__migrate(struct store *s, int *applied, struct clario_err *err);

/* Runs `COPY table (cols) FROM STDIN` with data in COPY text format, after
 * draining the pipeline. */
enum clario_status pg__copy(struct store *s, const char *copy_sql, const char *data, size_t len,
			    const char *what, struct clario_err *err);

/* ---- bulk.c: look-up caches and the COPY path ----
 * Items: (merchant, external id) → id, kept across transactions (items are
 * never deleted), emptied by any rollback. Tickets: what store_ticket_prefetch
 * fetched for the current transaction, kept current by every write through
 * this connection, so store_ticket_find needs no round trip. In bulk mode
 * (store_options.bulk: demo, import) new tickets and their refunds are
 * buffered and written by COPY, before any statement that could read them
 * (pg__run and pg__exec call pg__bulk_flush unless the statement is exempt)
 * and before COMMIT. */
enum clario_status pg__cache_new(struct store *s, struct clario_err *err);
void pg__cache_free(struct store *s);
void pg__cache_tx_end(struct store *s, bool rolled_back); /* COMMIT, ROLLBACK, reconnect */
bool pg__cache_broken(const struct store *s);
void pg__cache_savepoint(struct store *s);
void pg__cache_savepoint_release(struct store *s);
void pg__cache_savepoint_rollback(struct store *s);
bool pg__cache_item(struct store *s, int64_t merchant_id, const char *ext_id, int64_t *id);
void pg__cache_item_put(struct store *s, int64_t merchant_id, const char *ext_id, int64_t id);
/* 1 found (*out filled), 0 known absent, -1 unknown (ask the database). */
int pg__cache_ticket(struct store *s, int64_t outlet_id, const char *ext_id,
		     struct store_ticket_ref *out);
enum clario_status pg__cache_prefetch(struct store *s, const int64_t *outlet_ids,
				      const char *const *ext_ids, size_t n, struct clario_err *err);
/* Bulk insert of a ticket known absent: CLARIO_OK with *id set when buffered;
 * CLARIO_ENOTFOUND when this ticket must take the ordinary path. */
enum clario_status pg__bulk_ticket(struct store *s, const struct sales_ticket *t,
				   const struct store_ticket_place *place,
				   const unsigned char digest[32], int64_t *id, struct clario_err *err);
void pg__cache_ticket_inserted(struct store *s, int64_t outlet_id, const char *ext_id, int64_t id,
			       const struct sales_ticket *t, const unsigned char digest[32]);
void pg__cache_ticket_replaced(struct store *s, int64_t id, const struct sales_ticket *t,
			       const unsigned char digest[32]);
/* Refunds of a buffered ticket: 1 answered from the buffer, 0 ask the database. */
int pg__bulk_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists);
/* CLARIO_ENOTFOUND when the ticket is not buffered (ordinary path). */
enum clario_status pg__bulk_refund(struct store *s, int64_t ticket_id, int64_t merchant_id,
				   int64_t outlet_id, const struct sales_refund *r, day_t business_day,
				   int hour, const struct store_refund_alloc *alloc, size_t n_alloc,
				   struct clario_err *err);
void pg__cache_refund_added(struct store *s, int64_t ticket_id, rupiah_t amount, instant_t at);
bool pg__bulk_pending(const struct store *s);
bool pg__bulk_exempt(enum pg__stmt_id id);
enum clario_status pg__bulk_flush(struct store *s, struct clario_err *err);
int64_t pg__now(void);

extern const struct store_ops store__pg_ops;

/* The backend's implementations of store.h (ops.c lists them). */
void store__pg_close(struct store *s);
enum clario_status store__pg_migrate(struct store *s, int *applied, struct clario_err *err);
enum clario_status store__pg_ping(struct store *s, struct clario_err *err);
const char *store__pg_backend_name(const struct store *s);
enum clario_status store__pg_begin(struct store *s, struct clario_err *err);
enum clario_status store__pg_commit(struct store *s, struct clario_err *err);
void store__pg_rollback(struct store *s);
enum clario_status store__pg_savepoint(struct store *s, struct clario_err *err);
enum clario_status store__pg_savepoint_release(struct store *s, struct clario_err *err);
void store__pg_savepoint_rollback(struct store *s);
enum clario_status store__pg_partner_create(struct store *s, const char *code, const char *name, enum store_partner_kind kind, int64_t *id, struct clario_err *err);
enum clario_status store__pg_partner_by_code(struct store *s, const char *code, struct store_partner *out, struct clario_err *err);
enum clario_status store__pg_partner_get(struct store *s, int64_t id, struct store_partner *out, struct clario_err *err);
enum clario_status store__pg_merchant_create(struct store *s, int64_t partner_id, const char *name, const char *kind, int64_t *id, struct clario_err *err);
enum clario_status store__pg_merchant_get(struct store *s, int64_t id, struct store_merchant *out, struct clario_err *err);
enum clario_status store__pg_merchant_list(struct store *s, int64_t partner_id, struct store_merchant **out, size_t *n, struct clario_err *err);
enum clario_status store__pg_outlet_create(struct store *s, int64_t merchant_id, const char *source, const char *external_id, const char *name, const char *tz, int32_t cutoff, int64_t *id, struct clario_err *err);
enum clario_status store__pg_outlet_by_external(struct store *s, const char *source, const char *external_id, struct store_outlet *out, struct clario_err *err);
enum clario_status store__pg_outlet_get(struct store *s, int64_t id, struct store_outlet *out, struct clario_err *err);
enum clario_status store__pg_outlet_list(struct store *s, int64_t merchant_id, struct store_outlet **out, size_t *n, struct clario_err *err);
enum clario_status store__pg_item_upsert(struct store *s, const struct store_item *item, int64_t *id, struct clario_err *err);
enum clario_status store__pg_item_ensure(struct store *s, int64_t merchant_id, const struct sales_line *line, int64_t *id, struct clario_err *err);
enum clario_status store__pg_ticket_find(struct store *s, int64_t outlet_id, const char *ticket_ext_id, struct store_ticket_ref *out, struct clario_err *err);
enum clario_status store__pg_ticket_insert(struct store *s, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], int64_t *id, struct clario_err *err);
enum clario_status store__pg_ticket_replace(struct store *s, int64_t id, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], struct clario_err *err);
enum clario_status store__pg_ticket_load(struct store *s, int64_t id, struct arena *arena, struct sales_ticket *out, int64_t **item_ids, struct clario_err *err);
enum clario_status store__pg_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists, struct clario_err *err);
enum clario_status store__pg_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id, int64_t outlet_id, const struct sales_refund *r, day_t business_day, int hour, const struct store_refund_alloc *alloc, size_t n_alloc, struct clario_err *err);
enum clario_status store__pg_rollup_hour_add(struct store *s, const struct rollup_hour *d, struct clario_err *err);
enum clario_status store__pg_rollup_item_add(struct store *s, const struct rollup_item_day *d, struct clario_err *err);
enum clario_status store__pg_rollup_hours_query(struct store *s, int64_t merchant_id, int64_t outlet_id, day_t from, day_t to, struct rollup_hour **out, size_t *n, struct clario_err *err);
enum clario_status store__pg_rollups_clear(struct store *s, struct clario_err *err);
enum clario_status store__pg_ticket_ids(struct store *s, enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id), void *ctx, struct clario_err *err);
enum clario_status store__pg_refund_rows(struct store *s, enum clario_status (*fn)(void *ctx, const struct store_refund_row *r), void *ctx, struct clario_err *err);
enum clario_status store__pg_rollups_dump(struct store *s, char **out, struct clario_err *err);
enum clario_status store__pg_key_insert(struct store *s, const struct store_key *k, const char *label, struct clario_err *err);
enum clario_status store__pg_key_lookup(struct store *s, const char *key_id, struct store_key *out, struct clario_err *err);
enum clario_status store__pg_deadletter_add(struct store *s, const char *source, const char *principal, const char *reason, const char *raw, size_t raw_len, struct clario_err *err);
enum clario_status store__pg_deadletter_count(struct store *s, int64_t *n, struct clario_err *err);
enum clario_status store__pg_has_tenant_data(struct store *s, bool *has, struct clario_err *err);
enum clario_status store__pg_ticket_prefetch(struct store *s, const int64_t *outlet_ids, const char *const *ext_ids, size_t n, struct clario_err *err);
enum clario_status store__pg_sql_run(struct store *s, const char *sql, const char *what, const struct sql_val *args, size_t n_args, sql_row_fn fn, void *ctx, int64_t *changed, bool rows, struct clario_err *err);

#endif
