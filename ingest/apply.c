/* Applying a batch: for each ticket decide created / updated / duplicate /
 * rejected, write it and move the rollups by exactly the difference, inside a
 * savepoint so a rejection undoes only that ticket. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "ingest/internal.h"
#include "store/rollups_ext.h"

const char *ingest_outcome_name(enum ingest_outcome o)
{
	switch (o) {
	case INGEST_CREATED: return "created";
	case INGEST_UPDATED: return "updated";
	case INGEST_DUPLICATE: return "duplicate";
	case INGEST_REJECTED: return "rejected";
	}
	return "unknown";
}

/* Outlets resolved earlier in the batch: a partner's batch may span all of a
 * merchant group's outlets (the demo's span 80), and every miss costs a query. */
#define OUTLET_CACHE 128
struct outlet_cache {
	struct store_outlet o[OUTLET_CACHE];
	const struct tz_zone *zone[OUTLET_CACHE];
	size_t n;
	size_t next; /* the slot to reuse once full (round robin) */
};

/* Finds the ticket's outlet as the principal is allowed to see it. A missing
 * outlet and another tenant's outlet give the same rejection. */
static enum clario_status resolve_outlet(struct store *s, const struct principal *p,
					 struct sales_ticket *t, struct outlet_cache *cache,
					 const struct store_outlet **out, const struct tz_zone **zone,
					 struct clario_err *err)
{
	const char *source = t->source;
	if (p->kind == PRINCIPAL_PARTNER) {
		if (source && strcmp(source, p->partner_code) != 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "source: a partner key sends only its own tickets (\"%s\")",
					      p->partner_code);
		source = p->partner_code;
	} else if (p->kind == PRINCIPAL_ADMIN && !source) {
		return clario_err_set(err, CLARIO_EINVAL, "source: is required with an admin key");
	}
	for (size_t i = 0; i < cache->n; i++) {
		const struct store_outlet *o = &cache->o[i];
		if (strcmp(o->external_id, t->outlet_id) == 0 && (!source || strcmp(o->source, source) == 0)) {
			*out = o;
			*zone = cache->zone[i];
			t->source = o->source;
			return CLARIO_OK;
		}
	}
	struct store_outlet o = {0};
	enum clario_status st;
	if (source) {
		st = store_outlet_by_external(s, source, t->outlet_id, &o, err);
	} else {
		/* A merchant key without a source: the outlet is one of the merchant's. */
		struct store_outlet *list = NULL;
		size_t n = 0, hits = 0;
		st = store_outlet_list(s, p->merchant_id, &list, &n, err);
		for (size_t i = 0; st == CLARIO_OK && i < n; i++)
			if (strcmp(list[i].external_id, t->outlet_id) == 0) {
				o = list[i];
				hits++;
			}
		free(list);
		if (st == CLARIO_OK && hits > 1)
			return clario_err_set(err, CLARIO_EINVAL,
					      "outlet_id: \"%s\" names outlets of several sources; add \"source\"",
					      t->outlet_id);
		if (st == CLARIO_OK && hits == 0)
			st = CLARIO_ENOTFOUND;
	}
	bool visible = st == CLARIO_OK &&
		       (p->kind == PRINCIPAL_ADMIN ||
			(p->kind == PRINCIPAL_PARTNER && o.partner_id == p->partner_id) ||
			(p->kind == PRINCIPAL_MERCHANT && o.merchant_id == p->merchant_id));
	if (st == CLARIO_ENOTFOUND || (st == CLARIO_OK && !visible))
		return clario_err_set(err, CLARIO_EINVAL, "outlet_id: unknown outlet \"%s\" for source \"%s\"",
				      t->outlet_id, source ? source : "(any)");
	if (st != CLARIO_OK)
		return st;
	const struct tz_zone *z;
	st = tz_zone_get(o.tz, &z, err);
	if (st != CLARIO_OK)
		return st;
	size_t slot = cache->n < OUTLET_CACHE ? cache->n++ : cache->next++ % OUTLET_CACHE;
	cache->o[slot] = o;
	cache->zone[slot] = z;
	*out = &cache->o[slot];
	*zone = z;
	t->source = cache->o[slot].source;
	return CLARIO_OK;
}

static void place_at(const struct store_outlet *o, const struct tz_zone *z, instant_t at,
		     const int64_t *item_ids, struct store_ticket_place *pl)
{
	struct tz_local loc;
	tz_localize(z, o->cutoff, at, &loc);
	pl->merchant_id = o->merchant_id;
	pl->outlet_id = o->id;
	pl->business_day = loc.business_day;
	pl->hour = loc.hour;
	pl->item_ids = item_ids;
}

/* Records the refunds on t not yet stored, against the content cur (the stored
 * revision after this call's update, if any). */
static enum clario_status add_refunds(struct store *s, const struct sales_ticket *t,
				      const struct sales_ticket *cur, const int64_t *cur_items,
				      int64_t ticket_id, rupiah_t already, const struct store_outlet *o,
				      const struct tz_zone *z, struct arena *a, int *added,
				      struct clario_err *err)
{
	struct sales_totals tot;
	sales_ticket_totals(cur, &tot);
	rupiah_t refunded = already;
	for (size_t i = 0; i < t->n_refunds; i++) {
		const struct sales_refund *r = &t->refunds[i];
		bool exists;
		enum clario_status st = store_refund_exists(s, ticket_id, r->refund_id, &exists, err);
		if (st != CLARIO_OK)
			return st;
		if (exists)
			continue;
		if (cur->status == SALES_STATUS_VOID)
			return clario_err_set(err, CLARIO_EINVAL,
					      "refunds[%zu]: the ticket is void; a void ticket takes no refunds", i);
		if (r->amount > tot.net_items - refunded)
			return clario_err_set(err, CLARIO_EINVAL,
					      "refunds[%zu].amount: %lld is more than the %lld left to refund on this ticket",
					      i, (long long)r->amount, (long long)(tot.net_items - refunded));
		struct store_refund_alloc *alloc;
		size_t n_alloc;
		st = ingest__refund_alloc(cur, cur_items, r, a, &alloc, &n_alloc, err);
		if (st != CLARIO_OK) {
			clario_err_prefix(err, "refunds[%zu]", i);
			return st;
		}
		struct store_ticket_place pl;
		place_at(o, z, r->at, NULL, &pl);
		st = store_refund_insert(s, ticket_id, o->merchant_id, o->id, r, pl.business_day,
					 pl.hour, alloc, n_alloc, err);
		if (st == CLARIO_OK)
			st = ingest__refund_contrib(s, o->merchant_id, o->id, pl.business_day, pl.hour,
						    r->amount, alloc, n_alloc, cur->cashier_id, err);
		if (st != CLARIO_OK)
			return st;
		refunded += r->amount;
		(*added)++;
	}
	return CLARIO_OK;
}

/* Applies one parsed ticket. CLARIO_EINVAL means "reject this ticket"; any
 * other failure is a storage error that aborts the batch. */
static enum clario_status apply_one(struct store *s, const struct principal *p,
				    struct sales_ticket *t, struct outlet_cache *cache,
				    struct arena *a, struct ingest_result *res,
				    struct clario_err *err)
{
	const struct store_outlet *o = NULL;
	const struct tz_zone *z = NULL;
	enum clario_status st = resolve_outlet(s, p, t, cache, &o, &z, err);
	if (st != CLARIO_OK)
		return st;
	int64_t *item_ids = arena_calloc(a, t->n_lines, sizeof *item_ids);
	if (!item_ids)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->n_lines; i++)
		if ((st = store_item_ensure(s, o->merchant_id, &t->lines[i], &item_ids[i], err)))
			return st;
	struct store_ticket_place place;
	place_at(o, z, t->closed_at, item_ids, &place);
	unsigned char digest[32];
	sales_ticket_digest(t, digest);

	struct store_ticket_ref ref;
	st = store_ticket_find(s, o->id, t->ticket_id, &ref, err);
	if (st == CLARIO_ENOTFOUND) {
		st = store_ticket_insert(s, t, &place, digest, &res->ticket_id, err);
		if (st == CLARIO_OK)
			st = ingest__ticket_contrib(s, t, &place, +1, err);
		if (st == CLARIO_OK)
			st = add_refunds(s, t, t, item_ids, res->ticket_id, 0, o, z, a,
					 &res->refunds_added, err);
		res->outcome = INGEST_CREATED;
		res->revision = t->revision;
		return st;
	}
	if (st != CLARIO_OK)
		return st;
	res->ticket_id = ref.id;
	res->revision = ref.revision;

	if (t->revision == ref.revision && memcmp(digest, ref.digest, sizeof digest) != 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "revision: %lld already recorded with other content; send a higher revision",
				      (long long)t->revision);
	const struct sales_ticket *cur = t;
	const int64_t *cur_items = item_ids;
	bool replaced = false;
	if (t->revision > ref.revision) {
		if (t->status == SALES_STATUS_VOID && ref.n_refunds > 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "status: the ticket has %zu recorded refund(s) and cannot be voided; send a refund instead",
					      ref.n_refunds);
		if (ref.n_refunds > 0 && t->closed_at > ref.first_refund_at)
			return clario_err_set(err, CLARIO_EINVAL,
					      "closed_at: is after a refund already recorded on this ticket");
		struct sales_totals tot;
		sales_ticket_totals(t, &tot);
		if (t->status == SALES_STATUS_CLOSED && ref.refunded > tot.net_items)
			return clario_err_set(err, CLARIO_EINVAL,
					      "revision: net item sales %lld would be less than the %lld already refunded",
					      (long long)tot.net_items, (long long)ref.refunded);
		struct sales_ticket old;
		int64_t *old_items;
		struct store_ticket_place old_place;
		if ((st = store_ticket_load(s, ref.id, a, &old, &old_items, err)))
			return st;
		place_at(o, z, old.closed_at, old_items, &old_place);
		if ((st = ingest__ticket_contrib(s, &old, &old_place, -1, err)) ||
		    (st = store_ticket_replace(s, ref.id, t, &place, digest, err)) ||
		    (st = ingest__ticket_contrib(s, t, &place, +1, err)))
			return st;
		/* Refunds count for the cashier who served the ticket: follow a change. */
		if (ref.n_refunds > 0 &&
		    (st = store_rollup_cashier_move_refunds(s, ref.id, old.cashier_id, t->cashier_id,
							    err)))
			return st;
		replaced = true;
		res->revision = t->revision;
	} else if (t->n_refunds > 0) {
		/* Same or older revision: new refunds count against what is stored. */
		struct sales_ticket *stored = arena_alloc(a, sizeof *stored);
		int64_t *stored_items;
		if (!stored)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		if ((st = store_ticket_load(s, ref.id, a, stored, &stored_items, err)))
			return st;
		cur = stored;
		cur_items = stored_items;
	}
	st = add_refunds(s, t, cur, cur_items, ref.id, ref.refunded, o, z, a, &res->refunds_added, err);
	res->outcome = replaced || res->refunds_added > 0 ? INGEST_UPDATED : INGEST_DUPLICATE;
	return st;
}

static enum clario_status dead_letter(struct store *s, const struct ingest_batch *b, size_t i,
				      struct clario_err *err)
{
	const char *raw = b->raw ? b->raw[i] : NULL;
	char *encoded = NULL;
	if (!raw && b->parsed[i]) {
		/* Rejected after parsing: keep the ticket as we understood it. */
		json_t *j = sales_ticket_to_json(&b->tickets[i]);
		encoded = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		raw = encoded;
	}
	char who[64];
	snprintf(who, sizeof who, "%s:%s", principal_kind_name(b->principal.kind), b->principal.key_id);
	const char *source = b->tickets[i].source ? b->tickets[i].source
			     : b->principal.kind == PRINCIPAL_PARTNER ? b->principal.partner_code
								     : NULL;
	enum clario_status st = store_deadletter_add(s, source, who, b->results[i].reason, raw,
						     raw ? strlen(raw) : 0, err);
	free(encoded);
	return st;
}

/* Tells the store which tickets the batch will look up, so a backend with a
 * network round trip per query (PostgreSQL) fetches them in one. Tickets whose
 * outlet does not resolve are left to apply_one to reject. */
static enum clario_status prefetch(struct store *s, struct ingest_batch *b,
				   struct outlet_cache *cache, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	int64_t *outlets = calloc(b->n ? b->n : 1, sizeof *outlets);
	const char **ids = calloc(b->n ? b->n : 1, sizeof *ids);
	size_t n = 0;
	if (!outlets || !ids) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < b->n; i++) {
		if (!b->parsed[i])
			continue;
		struct sales_ticket *t = &b->tickets[i];
		const char *sent_source = t->source;
		const struct store_outlet *o = NULL;
		const struct tz_zone *z = NULL;
		struct clario_err terr = {0};
		enum clario_status one = resolve_outlet(s, &b->principal, t, cache, &o, &z, &terr);
		t->source = sent_source;
		if (one == CLARIO_EINVAL)
			continue;
		if (one != CLARIO_OK) {
			*err = terr;
			st = one;
			goto out;
		}
		outlets[n] = o->id;
		ids[n] = t->ticket_id;
		n++;
	}
	st = store_ticket_prefetch(s, outlets, ids, n, err);
out:
	free(outlets);
	free(ids);
	return st;
}

enum clario_status ingest_apply_in_tx(struct store *s, struct ingest_batch *b,
				      struct clario_err *err)
{
	struct outlet_cache *cache = calloc(1, sizeof *cache);
	struct arena a;
	enum clario_status st = CLARIO_OK;
	if (!cache)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	arena_init(&a, 0);
	if ((st = prefetch(s, b, cache, err))) {
		free(cache);
		return st;
	}
	for (size_t i = 0; i < b->n && st == CLARIO_OK; i++) {
		struct ingest_result *res = &b->results[i];
		if (b->parsed[i]) {
			memset(res, 0, sizeof *res);
			struct clario_err terr = {0};
			if ((st = store_savepoint(s, err)))
				break;
			/* resolve_outlet may point source into the outlet cache, which
			 * dies with this call: put the sender's pointer back after. */
			const char *sent_source = b->tickets[i].source;
			enum clario_status one = apply_one(s, &b->principal, &b->tickets[i], cache, &a,
							   res, &terr);
			b->tickets[i].source = sent_source;
			if (one == CLARIO_OK) {
				st = store_savepoint_release(s, err);
			} else {
				store_savepoint_rollback(s);
				if (one != CLARIO_EINVAL) {
					/* Storage trouble is not the sender's fault: fail the batch. */
					*err = terr;
					st = one;
					break;
				}
				res->outcome = INGEST_REJECTED;
				res->ticket_id = 0;
				res->refunds_added = 0;
				snprintf(res->reason, sizeof res->reason, "%s", terr.msg);
			}
		}
		if (st == CLARIO_OK && b->results[i].outcome == INGEST_REJECTED)
			st = dead_letter(s, b, i, err);
		/* Per-ticket scratch memory (loaded old revisions) is not needed later. */
		arena_release(&a);
	}
	arena_release(&a);
	free(cache);
	return st;
}

enum clario_status ingest_apply(struct store *s, struct ingest_batch *b, struct clario_err *err)
{
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	st = ingest_apply_in_tx(s, b, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK)
		store_rollback(s);
	return st;
}

enum clario_status ingest_deadletter_body(struct store *s, const struct principal *p,
					  const char *reason, const char *body, size_t len,
					  struct clario_err *err)
{
	char who[64];
	snprintf(who, sizeof who, "%s:%s", principal_kind_name(p->kind), p->key_id);
	enum clario_status st = store_begin(s, err);
	if (st == CLARIO_OK)
		st = store_deadletter_add(s, p->kind == PRINCIPAL_PARTNER ? p->partner_code : NULL, who,
					  reason, body, len, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK)
		store_rollback(s);
	return st;
}
