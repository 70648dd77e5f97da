/* Rebuilding the rollups from the raw tickets and refunds, with the same
 * contribution code ingest uses for deltas. */
#include "ingest/internal.h"
#include "store/rollups_ext.h"

struct rebuild_ctx {
	struct store *s;
	struct clario_err *err;
	int64_t outlet_id;
	struct store_outlet outlet;
	const struct tz_zone *zone;
};

static enum clario_status rebuild_ticket(void *ctx, int64_t id, int64_t outlet_id)
{
	struct rebuild_ctx *c = ctx;
	enum clario_status st;
	if (outlet_id != c->outlet_id) {
		if ((st = store_outlet_get(c->s, outlet_id, &c->outlet, c->err)) ||
		    (st = tz_zone_get(c->outlet.tz, &c->zone, c->err)))
			return st;
		c->outlet_id = outlet_id;
	}
	struct arena a;
	arena_init(&a, 0);
	struct sales_ticket t;
	int64_t *items;
	st = store_ticket_load(c->s, id, &a, &t, &items, c->err);
	if (st == CLARIO_OK) {
		struct tz_local loc;
		tz_localize(c->zone, c->outlet.cutoff, t.closed_at, &loc);
		struct store_ticket_place pl = {
			.merchant_id = c->outlet.merchant_id,
			.outlet_id = outlet_id,
			.business_day = loc.business_day,
			.hour = loc.hour,
			.item_ids = items,
		};
		st = ingest__ticket_contrib(c->s, &t, &pl, +1, c->err);
	}
	arena_release(&a);
	return st;
}

static enum clario_status rebuild_refund(void *ctx, const struct store_refund_row *r)
{
	struct rebuild_ctx *c = ctx;
	return ingest__refund_contrib(c->s, r->merchant_id, r->outlet_id, r->day, r->hour, r->amount,
				      r->alloc, r->n_alloc, NULL, c->err);
}

enum clario_status ingest_rebuild_rollups(struct store *s, struct clario_err *err)
{
	struct rebuild_ctx c = {.s = s, .err = err};
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = store_rollups_clear(s, err)) ||
	    (st = store_ticket_ids(s, rebuild_ticket, &c, err)) ||
	    (st = store_refund_rows(s, rebuild_refund, &c, err)) ||
	    (st = store_rollup_cashier_refunds_rebuild(s, err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
	return st;
}
