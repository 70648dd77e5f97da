/* SQLite backend internals shared by its files: the connection struct and the
 * prepared-statement cache. Nothing outside store/sqlite includes this. */
#ifndef CLARIO_STORE_SQLITE_INTERNAL_H
#define CLARIO_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/backend.h"
#include "store/sql_internal.h"

/* Every statement the backend runs, prepared once per connection. */
enum lite__stmt_id {
	S_PARTNER_CREATE, S_PARTNER_BY_CODE, S_PARTNER_GET,
	S_MERCHANT_CREATE, S_MERCHANT_GET, S_MERCHANT_LIST_ALL, S_MERCHANT_LIST_PARTNER,
	S_MERCHANT_LIST_DIRECT,
	S_OUTLET_CREATE, S_OUTLET_BY_EXT, S_OUTLET_GET, S_OUTLET_LIST,
	S_ITEM_UPSERT, S_ITEM_FIND, S_ITEM_INSERT_IF_MISSING,
	S_TICKET_FIND, S_TICKET_INSERT, S_TICKET_UPDATE, S_TICKET_GET,
	S_LINES_DELETE, S_DISCOUNTS_DELETE, S_PAYMENTS_DELETE,
	S_LINE_INSERT, S_DISCOUNT_INSERT, S_PAYMENT_INSERT,
	S_LINES_LOAD, S_DISCOUNTS_LOAD, S_PAYMENTS_LOAD,
	S_REFUND_EXISTS, S_REFUND_INSERT, S_REFUND_LINE_INSERT,
	S_ROLLUP_HOUR_ADD, S_ROLLUP_ITEM_ADD, S_ROLLUP_HOURS_QUERY, S_ROLLUP_HOURS_QUERY_OUTLET,
	S_KEY_INSERT, S_KEY_LOOKUP,
	S_DEADLETTER_ADD, S_DEADLETTER_COUNT, S_HAS_TENANT_DATA,
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_COUNT
};

/* A SQLite connection; base first, so a struct store * is one of these. */
struct lite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *stmts[S_COUNT];
	sqlite3_stmt *dyn[STORE_SQL_MAX_SLOTS]; /* store/sql.h statements by slot */
	int savepoint_depth;
};

#define L(s) ((struct lite_store *)(s))

extern const struct store_ops store__lite_ops;

/* The backend's implementations of store.h (ops.c lists them). */
void store__lite_close(struct store *s);
enum clario_status store__lite_migrate(struct store *s, int *applied, struct clario_err *err);
enum clario_status store__lite_ping(struct store *s, struct clario_err *err);
const char *store__lite_backend_name(const struct store *s);
enum clario_status store__lite_begin(struct store *s, struct clario_err *err);
enum clario_status store__lite_commit(struct store *s, struct clario_err *err);
void store__lite_rollback(struct store *s);
enum clario_status store__lite_savepoint(struct store *s, struct clario_err *err);
enum clario_status store__lite_savepoint_release(struct store *s, struct clario_err *err);
void store__lite_savepoint_rollback(struct store *s);
enum clario_status store__lite_partner_create(struct store *s, const char *code, const char *name, enum store_partner_kind kind, int64_t *id, struct clario_err *err);
enum clario_status store__lite_partner_by_code(struct store *s, const char *code, struct store_partner *out, struct clario_err *err);
enum clario_status store__lite_partner_get(struct store *s, int64_t id, struct store_partner *out, struct clario_err *err);
enum clario_status store__lite_merchant_create(struct store *s, int64_t partner_id, const char *name, const char *kind, int64_t *id, struct clario_err *err);
enum clario_status store__lite_merchant_get(struct store *s, int64_t id, struct store_merchant *out, struct clario_err *err);
enum clario_status store__lite_merchant_list(struct store *s, int64_t partner_id, struct store_merchant **out, size_t *n, struct clario_err *err);
enum clario_status store__lite_outlet_create(struct store *s, int64_t merchant_id, const char *source, const char *external_id, const char *name, const char *tz, int32_t cutoff, int64_t *id, struct clario_err *err);
enum clario_status store__lite_outlet_by_external(struct store *s, const char *source, const char *external_id, struct store_outlet *out, struct clario_err *err);
enum clario_status store__lite_outlet_get(struct store *s, int64_t id, struct store_outlet *out, struct clario_err *err);
enum clario_status store__lite_outlet_list(struct store *s, int64_t merchant_id, struct store_outlet **out, size_t *n, struct clario_err *err);
enum clario_status store__lite_item_upsert(struct store *s, const struct store_item *item, int64_t *id, struct clario_err *err);
enum clario_status store__lite_item_ensure(struct store *s, int64_t merchant_id, const struct sales_line *line, int64_t *id, struct clario_err *err);
enum clario_status store__lite_ticket_find(struct store *s, int64_t outlet_id, const char *ticket_ext_id, struct store_ticket_ref *out, struct clario_err *err);
enum clario_status store__lite_ticket_insert(struct store *s, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], int64_t *id, struct clario_err *err);
enum clario_status store__lite_ticket_replace(struct store *s, int64_t id, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], struct clario_err *err);
enum clario_status store__lite_ticket_load(struct store *s, int64_t id, struct arena *arena, struct sales_ticket *out, int64_t **item_ids, struct clario_err *err);
enum clario_status store__lite_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists, struct clario_err *err);
enum clario_status store__lite_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id, int64_t outlet_id, const struct sales_refund *r, day_t business_day, int hour, const struct store_refund_alloc *alloc, size_t n_alloc, struct clario_err *err);
enum clario_status store__lite_rollup_hour_add(struct store *s, const struct rollup_hour *d, struct clario_err *err);
enum clario_status store__lite_rollup_item_add(struct store *s, const struct rollup_item_day *d, struct clario_err *err);
enum clario_status store__lite_rollup_hours_query(struct store *s, int64_t merchant_id, int64_t outlet_id, day_t from, day_t to, struct rollup_hour **out, size_t *n, struct clario_err *err);
enum clario_status store__lite_rollups_clear(struct store *s, struct clario_err *err);
enum clario_status store__lite_ticket_ids(struct store *s, enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id), void *ctx, struct clario_err *err);
enum clario_status store__lite_refund_rows(struct store *s, enum clario_status (*fn)(void *ctx, const struct store_refund_row *r), void *ctx, struct clario_err *err);
enum clario_status store__lite_rollups_dump(struct store *s, char **out, struct clario_err *err);
enum clario_status store__lite_key_insert(struct store *s, const struct store_key *k, const char *label, struct clario_err *err);
enum clario_status store__lite_key_lookup(struct store *s, const char *key_id, struct store_key *out, struct clario_err *err);
enum clario_status store__lite_deadletter_add(struct store *s, const char *source, const char *principal, const char *reason, const char *raw, size_t raw_len, struct clario_err *err);
enum clario_status store__lite_deadletter_count(struct store *s, int64_t *n, struct clario_err *err);
enum clario_status store__lite_has_tenant_data(struct store *s, bool *has, struct clario_err *err);
enum clario_status store__lite_ticket_prefetch(struct store *s, const int64_t *outlet_ids, const char *const *ext_ids, size_t n, struct clario_err *err);
enum clario_status store__lite_sql_run(struct store *s, const char *sql, const char *what, const struct sql_val *args, size_t n_args, sql_row_fn fn, void *ctx, int64_t *changed, bool rows, struct clario_err *err);

/* The cached statement for id (prepared from sql on first use), reset and with
 * bindings cleared. NULL on failure, with err filled. */
sqlite3_stmt *lite__stmt(struct store *s, enum lite__stmt_id id, const char *sql,
			  struct clario_err *err);

/* Maps a SQLite result code to a status and fills err with what failed. */
enum clario_status lite__fail(struct store *s, int rc, const char *what, struct clario_err *err);

/* Binding helpers: NULL strings bind SQL NULL. Indexes are 1-based. */
void lite__bind_text(sqlite3_stmt *st, int idx, const char *v);
void lite__copy_text(sqlite3_stmt *st, int col, char *dst, size_t size);

/* Steps a statement that returns no rows (or ignores them); resets it. */
enum clario_status lite__exec(struct store *s, sqlite3_stmt *st, const char *what,
			       struct clario_err *err);

/* Applies the numbered migrations (migrations.c). */
enum clario_status lite__migrate(struct store *s, int *applied, struct clario_err *err);

int64_t lite__now(void);

#endif
