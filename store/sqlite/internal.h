/* SQLite backend internals shared by its files: the connection struct and the
 * prepared-statement cache. Nothing outside store/sqlite includes this. */
#ifndef CLARIO_STORE_SQLITE_INTERNAL_H
#define CLARIO_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/* Every statement the backend runs, prepared once per connection. */
enum store__stmt_id {
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
	S_DEADLETTER_ADD, S_DEADLETTER_COUNT,
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_COUNT
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmts[S_COUNT];
	int savepoint_depth;
};

/* The cached statement for id (prepared from sql on first use), reset and with
 * bindings cleared. NULL on failure, with err filled. */
sqlite3_stmt *store__stmt(struct store *s, enum store__stmt_id id, const char *sql,
			  struct clario_err *err);

/* Maps a SQLite result code to a status and fills err with what failed. */
enum clario_status store__fail(struct store *s, int rc, const char *what, struct clario_err *err);

/* Binding helpers: NULL strings bind SQL NULL. Indexes are 1-based. */
void store__bind_text(sqlite3_stmt *st, int idx, const char *v);
void store__copy_text(sqlite3_stmt *st, int col, char *dst, size_t size);

/* Steps a statement that returns no rows (or ignores them); resets it. */
enum clario_status store__exec(struct store *s, sqlite3_stmt *st, const char *what,
			       struct clario_err *err);

/* Applies the numbered migrations (migrations.c). */
enum clario_status store__migrate(struct store *s, int *applied, struct clario_err *err);

int64_t store__now(void);

#endif
