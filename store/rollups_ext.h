/* Rollups beyond the core's hour and item tables, on the portable layer:
 * item pairs per ticket (per day and per month) for the basket, ticket counts
 * per cashier and day for the fraud alerts, and coarser copies of the core's
 * (per outlet day, per item month, per weekday hour and month) so a year reads
 * in few rows. Ingest adds deltas in its transaction (ingest/contrib.c), the
 * store sums them until the commit (store/rollup_buffer.h); the rebuild clears
 * and replays them; tables and backfill are migrations 202-204
 * (store/analysis_schema.c). */
#ifndef CLARIO_STORE_ROLLUPS_EXT_H
#define CLARIO_STORE_ROLLUPS_EXT_H

#include "base/strbuf.h"
#include "store/store.h"

/* Adds delta to the pair (a, b) of the outlet's business day and its month.
 * a < b is a pair; a = b the item's own count; a = b = 0 the tickets. Like
 * every rollup delta it is held until the transaction commits
 * (store/rollup_buffer.h); outside one it is written at once. */
enum clario_status store_rollup_pair_add(struct store *s, int64_t merchant_id, int64_t outlet_id,
					 day_t day, int64_t a, int64_t b, int64_t delta,
					 struct clario_err *err);

struct rollup_cashier_day {
	int64_t merchant_id, outlet_id;
	const char *cashier_id; /* borrowed */
	day_t day;
	int64_t closed, voids, discounted, refunds;
};
enum clario_status store_rollup_cashier_add(struct store *s, const struct rollup_cashier_day *d,
					    struct clario_err *err);

/* Moves the refund counts of a ticket from one cashier to another (either
 * may be NULL: none) when a revision changes who served it. */
enum clario_status store_rollup_cashier_move_refunds(struct store *s, int64_t ticket_id,
						     const char *from_cashier,
						     const char *to_cashier,
						     struct clario_err *err);

/* Counts every stored refund for its ticket's cashier: the rebuild's second
 * step, after the tickets were replayed (a refund row carries no cashier). */
enum clario_status store_rollup_cashier_refunds_rebuild(struct store *s, struct clario_err *err);

/* Empties the tables (inside the rebuild's transaction). */
enum clario_status store_rollups_ext_clear(struct store *s, struct clario_err *err);
/* Appends the non-zero rows, sorted, in the text store_rollups_dump uses. */
enum clario_status store_rollups_ext_dump(struct store *s, struct strbuf *sb,
					  struct clario_err *err);

/* Pair counts of a merchant (outlet_id > 0: one outlet) for the business days
 * from..to, summed: whole months from the month table, the days at either
 * edge from the day table. Rows with a zero count are left out. */
struct rollup_pair {
	int64_t a, b, tickets;
};
enum clario_status store_rollup_pairs_query(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_pair **out, size_t *n,
					    struct clario_err *err);

/* Day rollups from..to summed over outlets (or of one outlet): one row per
 * day, ordered, hour −1; merchant_id and outlet_id are the query's. */
enum clario_status store_rollup_days_query(struct store *s, int64_t merchant_id,
					   int64_t outlet_id, day_t from, day_t to,
					   struct rollup_hour **out, size_t *n,
					   struct clario_err *err);

/* Each item's sums over from..to (whole months from the month table, the edge
 * days from the day table) as one row per item with day = from: what the
 * item and menu analyses need, without a row per day. */
enum clario_status store_rollup_item_sums(struct store *s, int64_t merchant_id,
					  int64_t outlet_id, day_t from, day_t to,
					  struct rollup_item_day **out, size_t *n,
					  struct clario_err *err);

/* Net sales (gross − discounts − refunds) and tickets per weekday (0 =
 * Monday) and clock hour. */
struct rollup_weekhour {
	int weekday, hour;
	rupiah_t net_sales;
	int64_t tickets;
};
/* The sums over from..to (whole months from the month table, the edge days
 * from the hour rollup), one row per (weekday, hour) with any data, ordered. */
enum clario_status store_rollup_weekhours(struct store *s, int64_t merchant_id,
					  int64_t outlet_id, day_t from, day_t to,
					  struct rollup_weekhour **out, size_t *n,
					  struct clario_err *err);


#endif
