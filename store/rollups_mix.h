/* The mix analyses' own rollups (channel bases and items, payments, customer
 * days, per-outlet sales figures), kept by ingest in the ticket's transaction
 * and rebuilt with the other rollups. Day and calendar-month rows: a period
 * reads its whole months from the month rows and its edges from the day rows
 * (store_mix_spans). The reads are in store/analysis_mix.c. */
#ifndef CLARIO_STORE_ROLLUPS_MIX_H
#define CLARIO_STORE_ROLLUPS_MIX_H

#include <stddef.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "model/sales.h"
#include "store/store.h"

/* What one ticket revision adds (sign +1) or takes back (sign −1), placed as
 * ingest placed it. Inside the caller's transaction. */
enum clario_status store_rollups_mix_ticket(struct store *s, const struct sales_ticket *t,
					    const struct store_ticket_place *place, int sign,
					    struct clario_err *err);
/* What one refund of amount rupiah recorded on business day `day` adds. */
enum clario_status store_rollups_mix_refund(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t day, rupiah_t amount,
					    struct clario_err *err);

/* Empties the mix rollups (for a rebuild; inside a transaction). */
enum clario_status store_rollups_mix_clear(struct store *s, struct clario_err *err);
/* Appends a canonical text dump of the mix rollups (non-zero rows, sorted) to
 * the malloc'd text *out (reallocated; freed and NULL on failure). */
enum clario_status store_rollups_mix_dump(struct store *s, char **out, struct clario_err *err);

/* First day of the calendar month of day. */
day_t store_mix_month(day_t day);

/* One range of rollup rows: span 0 = day rows with start from..to, span 1 =
 * month rows whose month starts from..to. */
struct mix_span {
	int span;
	day_t from, to;
};
/* Splits business days from..to (from <= to) into at most three non-empty
 * ranges that together cover each day once: the whole calendar months inside
 * as month rows, the days before and after them as day rows. Returns the count. */
size_t store_mix_spans(day_t from, day_t to, struct mix_span out[3]);

#endif
