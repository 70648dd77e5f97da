/* Ingest internals: a ticket's contribution to the rollups, shared by apply
 * (deltas) and rebuild (from scratch), so both count exactly the same way. */
#ifndef CLARIO_INGEST_INTERNAL_H
#define CLARIO_INGEST_INTERNAL_H

#include "ingest/ingest.h"

/* Adds sign (+1 or −1) × the ticket's sales (not its refunds) to the rollups. */
enum clario_status ingest__ticket_contrib(struct store *s, const struct sales_ticket *t,
					  const struct store_ticket_place *place, int sign,
					  struct clario_err *err);

/* Adds one refund (already allocated to items) to the rollups; cashier is
 * the refunded ticket's (NULL: none, or the rebuild, which counts refunds per
 * cashier in one statement afterwards). */
enum clario_status ingest__refund_contrib(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t day, int hour, rupiah_t amount,
					  const struct store_refund_alloc *alloc, size_t n_alloc,
					  const char *cashier, struct clario_err *err);

/* Splits a refund over the ticket's items: by its own lines when itemised,
 * otherwise pro rata to each line's net (after its share of ticket discounts).
 * *alloc is arena memory; items appearing on several lines are merged. */
enum clario_status ingest__refund_alloc(const struct sales_ticket *t, const int64_t *item_ids,
					const struct sales_refund *r, struct arena *a,
					struct store_refund_alloc **alloc, size_t *n,
					struct clario_err *err);

/* Each line's share of the ticket-level discounts (exact split), into shares[n_lines]. */
enum clario_status ingest__discount_shares(const struct sales_ticket *t, rupiah_t *shares,
					   struct clario_err *err);

#endif
