/* The analytics' reads (and the one setting they keep, daypart bounds): rows
 * for the pure functions of analytics/, written once for both backends on the
 * portable layer (store/sql.h). Every function is scoped by merchant_id;
 * outlet_id > 0 narrows to one outlet. Arrays returned are malloc'd; the
 * caller frees them. */
#ifndef CLARIO_STORE_ANALYSIS_H
#define CLARIO_STORE_ANALYSIS_H

#include "store/store.h"

/* The merchant's catalogue (cost < 0 when unknown). */
enum clario_status store_analysis_items(struct store *s, int64_t merchant_id,
					struct store_item **out, size_t *n, struct clario_err *err);
/* Item day rollups from..to summed over outlets (or of one outlet): one row
 * per (day, item), ordered; outlet_id of the rows is the query's. */
enum clario_status store_analysis_item_days(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_item_day **out, size_t *n,
					    struct clario_err *err);
/* Hour rollups from..to summed per (outlet, day): hour is −1; ordered by
 * outlet then day. */
enum clario_status store_analysis_outlet_days(struct store *s, int64_t merchant_id,
					      int64_t outlet_id, day_t from, day_t to,
					      struct rollup_hour **out, size_t *n,
					      struct clario_err *err);
/* (ticket, item) of every line of the closed tickets from..to, a ticket's
 * lines contiguous: the basket analysis' whole input in one ordered read. */
enum clario_status store_analysis_basket_lines(struct store *s, int64_t merchant_id,
					       int64_t outlet_id, day_t from, day_t to,
					       int64_t **tickets, int64_t **items, size_t *n,
					       struct clario_err *err);

/* Per outlet, cashier and business day (tickets with a cashier only). */
struct store_cashier_day {
	int64_t outlet_id;
	char cashier[65];
	day_t day;
	int64_t closed, voids, refunds, discounted;
};
enum clario_status store_analysis_cashier_days(struct store *s, int64_t merchant_id,
					       int64_t outlet_id, day_t from, day_t to,
					       struct store_cashier_day **out, size_t *n,
					       struct clario_err *err);

/* Daypart bounds of a merchant: *n = 0 when it has none stored (use the
 * defaults). Hours start..end−1, wrapping when end ≤ start. */
struct store_daypart {
	char name[33];
	int start, end;
};
#define STORE_DAYPARTS_MAX 8
enum clario_status store_analysis_dayparts_get(struct store *s, int64_t merchant_id,
					       struct store_daypart out[STORE_DAYPARTS_MAX],
					       size_t *n, struct clario_err *err);
/* Replaces the merchant's set (validated by the caller); n = 0 resets to the
 * defaults. One transaction. */
enum clario_status store_analysis_dayparts_set(struct store *s, int64_t merchant_id,
					       const struct store_daypart *p, size_t n,
					       struct clario_err *err);

/* What a cached analysis depends on, read cheaply: the newest ticket write
 * and refund (UTC seconds), and checksums of the catalogue's costs and of the
 * dayparts. Equal watermarks mean unchanged inputs, provided the newest write
 * is older than the second the cached read began (see api/dashboard.c). */
struct store_watermark {
	int64_t ticket_updated, refund_created, items, item_sum, dayparts;
};
enum clario_status store_analysis_watermark(struct store *s, int64_t merchant_id,
					    struct store_watermark *out, struct clario_err *err);

#endif
