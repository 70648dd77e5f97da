/* Store-internal: the rollup deltas of a transaction, summed per row key in
 * memory and written once per row at commit. A batch of 500 tickets of one
 * outlet-day touches a few hundred rollup rows, not the ~17 upserts per ticket
 * a direct write would cost. Savepoints are followed: deltas made after the
 * innermost open savepoint are kept aside and dropped if it rolls back. Used
 * by store.c's transaction wrappers and the rollup adders; nothing above the
 * store sees it. */
#ifndef CLARIO_STORE_ROLLUP_BUFFER_H
#define CLARIO_STORE_ROLLUP_BUFFER_H

#include "store/backend.h"
#include "store/rollups_ext.h"

/* The deltas of each kind. Outside a transaction they are written at once. */
enum clario_status store__rbuf_hour(struct store *s, const struct rollup_hour *d,
				    struct clario_err *err);
enum clario_status store__rbuf_item(struct store *s, const struct rollup_item_day *d,
				    struct clario_err *err);
enum clario_status store__rbuf_pair(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t day, int64_t a, int64_t b, int64_t delta,
				    struct clario_err *err);
enum clario_status store__rbuf_cashier(struct store *s, const struct rollup_cashier_day *d,
				       struct clario_err *err);

/* A rollup table of another store file kept through the buffer: its row is
 * nk integer keys, then one text key if text_key, then nv values (added).
 * sql upserts one row taking them as $1.. in that order; pg_sql (PostgreSQL)
 * the same as arrays for unnest, many rows at once. Both with static
 * storage. */
struct store_rollup_table {
	int nk;
	bool text_key;
	int nv;
	const char *sql, *pg_sql;
};
enum clario_status store_rollup_row_add(struct store *s, const struct store_rollup_table *tab,
				       const int64_t *keys, const char *text, const int64_t *vals,
				       struct clario_err *err);

/* Transaction events (store.c calls them around the backend's own). */
void store__rbuf_begin(struct store *s);
enum clario_status store__rbuf_flush(struct store *s, struct clario_err *err); /* before COMMIT */
void store__rbuf_discard(struct store *s);  /* the rollups cleared: drop what is held */
void store__rbuf_end(struct store *s);      /* ROLLBACK: drop it and leave the transaction */
enum clario_status store__rbuf_savepoint(struct store *s, struct clario_err *err);
enum clario_status store__rbuf_release(struct store *s, struct clario_err *err);
void store__rbuf_rollback_to(struct store *s);
void store__rbuf_free(struct store *s);     /* at close */
/* Writes what is held now (a read of the rollups inside the transaction
 * follows); a no-op inside a savepoint. */
enum clario_status store__rbuf_sync(struct store *s, struct clario_err *err);

/* The single-row upserts the flush (and writes outside a transaction) use,
 * in store/rollups_ext.c. month is the day_t of the month's first day. */
enum clario_status store__rollup_pair_day_upsert(struct store *s, int64_t merchant_id,
						 int64_t outlet_id, day_t day, int64_t a,
						 int64_t b, int64_t delta, struct clario_err *err);
enum clario_status store__rollup_pair_month_upsert(struct store *s, int64_t merchant_id,
						   int64_t outlet_id, day_t month, int64_t a,
						   int64_t b, int64_t delta, struct clario_err *err);
enum clario_status store__rollup_outlet_day_upsert(struct store *s, const struct rollup_hour *d,
						   struct clario_err *err);
enum clario_status store__rollup_weekhour_upsert(struct store *s, int64_t merchant_id,
						 int64_t outlet_id, day_t month, int weekday,
						 int hour, rupiah_t net_sales, int64_t tickets,
						 struct clario_err *err);
/* d->day is the month. */
enum clario_status store__rollup_item_month_upsert(struct store *s,
						   const struct rollup_item_day *d,
						   struct clario_err *err);
enum clario_status store__rollup_cashier_upsert(struct store *s,
						const struct rollup_cashier_day *d,
						struct clario_err *err);

/* The 13 measures of an hour or day rollup from columns col.. of a row, in
 * struct rollup_hour's order (gross .. refund_count). */
struct sql_row;
void store__rollup_hour_measures(const struct sql_row *r, int col, struct rollup_hour *h);

#endif
