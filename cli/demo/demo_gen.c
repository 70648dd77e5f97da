/* The demo's main loop: day by day, outlet by outlet, draw how many tickets
 * the calendar expects, spread them over the hours, build them and hand them
 * to ingest in batches. Two arenas take turns, so a ticket re-sent in the next
 * batch (a retry, a later refund, a revision) still has its memory. */
#include "cli/demo/demo_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo/demo_calendar.h"
#include "cli/demo/demo_rng.h"
#include "cli/demo/demo_ticket.h"
#include "ingest/ingest.h"

struct batcher {
	struct store *store;
	struct principal principal;
	struct sales_ticket *tickets;   /* INGEST_MAX_TICKETS */
	enum ingest_outcome *expect;
	size_t n;
	struct sales_ticket *pending;   /* for the next batch */
	enum ingest_outcome *pending_expect;
	size_t n_pending;
	struct arena arenas[2];
	int cur;
	struct demo_stats *stats;
};

static enum clario_status check_results(const struct batcher *b, const struct ingest_batch *batch,
					struct clario_err *err)
{
	for (size_t i = 0; i < batch->n; i++) {
		const struct ingest_result *r = &batch->results[i];
		const struct sales_ticket *t = &b->tickets[i];
		if (r->outcome == INGEST_REJECTED)
			return clario_err_set(err, CLARIO_EINTERNAL,
					      "demo generator bug: ticket %s/%s revision %lld was rejected: %s",
					      t->outlet_id, t->ticket_id, (long long)t->revision, r->reason);
		int refunds = b->expect[i] == INGEST_DUPLICATE ? 0 : (int)t->n_refunds;
		if (r->outcome != b->expect[i] || r->refunds_added != refunds)
			return clario_err_set(err, CLARIO_EINTERNAL,
					      "demo: ticket %s/%s revision %lld: ingest answered %s with %d refunds added, expected %s with %d",
					      t->outlet_id, t->ticket_id, (long long)t->revision,
					      ingest_outcome_name(r->outcome), r->refunds_added,
					      ingest_outcome_name(b->expect[i]), refunds);
	}
	return CLARIO_OK;
}

/* Applies the batch, then starts the next one with the pending re-sends. */
static enum clario_status flush(struct batcher *b, struct clario_err *err)
{
	if (b->n == 0)
		return CLARIO_OK;
	struct ingest_batch batch;
	enum clario_status st = ingest_batch_wrap(b->tickets, b->n, &b->principal,
						  &b->arenas[b->cur], &batch, err);
	if (st == CLARIO_OK)
		st = ingest_apply(b->store, &batch, err);
	if (st == CLARIO_OK)
		st = check_results(b, &batch, err);
	if (st != CLARIO_OK)
		return st;
	b->stats->sends += (int64_t)b->n;
	b->stats->batches++;
	for (size_t i = 0; i < b->n; i++)
		b->stats->duplicates += b->expect[i] == INGEST_DUPLICATE;
	/* The other arena held the batch before this one, whose re-sends went
	 * into this batch: nothing refers to it any more. */
	b->cur ^= 1;
	arena_release(&b->arenas[b->cur]);
	memcpy(b->tickets, b->pending, b->n_pending * sizeof *b->tickets);
	memcpy(b->expect, b->pending_expect, b->n_pending * sizeof *b->expect);
	b->n = b->n_pending;
	b->n_pending = 0;
	return CLARIO_OK;
}

static void push(struct batcher *b, const struct demo_ticket *t)
{
	b->tickets[b->n] = t->first;
	b->expect[b->n++] = INGEST_CREATED;
	for (size_t i = 0; i < t->n_later; i++) {
		b->pending[b->n_pending] = t->later[i];
		b->pending_expect[b->n_pending++] = t->later_expect[i];
	}
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Draws the closing times of one outlet-day (seconds after local midnight of
 * the business day), sorted; returns how many, or SIZE_MAX when out of memory. */
static size_t draw_times(struct demo_rng *r, const struct demo_world *w, size_t outlet, size_t di,
			 int32_t **times, size_t *cap)
{
	double hours[DEMO_DAY_HOURS];
	double expected = demo_day_hours(w, &w->outlets[outlet], di, hours);
	if (expected <= 0)
		return 0;
	/* Day-to-day noise of about ±12% on top of the calendar. */
	double x = expected * exp(0.12 * demo_rng_normal(r));
	size_t n = (size_t)x + (demo_rng_unit(r) < x - floor(x));
	if (n > *cap) {
		int32_t *grown = realloc(*times, n * sizeof *grown);
		if (!grown)
			return SIZE_MAX;
		*times = grown;
		*cap = n;
	}
	bool fasting = w->days[di].fasting;
	for (size_t k = 0; k < n; k++) {
		int i = (int)demo_rng_pick(r, hours, DEMO_DAY_HOURS);
		int h = demo_hour_of_index(i);
		/* Iftar: the rush starts when the fast is broken, around 17:30-18:10. */
		int32_t minute = fasting && h == 17 && demo_rng_chance(r, 0.8) ? demo_rng_range(r, 30, 59)
									      : demo_rng_range(r, 0, 59);
		(*times)[k] = DEMO_CUTOFF + i * 3600 + minute * 60 + demo_rng_range(r, 0, 59);
	}
	qsort(*times, n, sizeof **times, cmp_i32);
	return n;
}

static enum clario_status outlet_day(struct batcher *b, const struct demo_world *w, size_t outlet,
				     size_t di, int32_t **times, size_t *cap,
				     struct clario_err *err)
{
	struct demo_rng r;
	demo_rng_seed(&r, demo_rng_mix(demo_rng_mix(w->opt.seed, outlet + 1), (uint64_t)w->days[di].day));
	size_t n = draw_times(&r, w, outlet, di, times, cap);
	if (n == SIZE_MAX)
		return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory");
	for (size_t k = 0; k < n; k++) {
		/* A loop, not an if: after a flush the re-sends alone may fill a batch. */
		while (b->n == INGEST_MAX_TICKETS || b->n_pending + DEMO_MAX_LATER > INGEST_MAX_TICKETS) {
			enum clario_status st = flush(b, err);
			if (st != CLARIO_OK)
				return st;
		}
		struct demo_ticket_ctx ctx = { w, outlet, di, (*times)[k], (unsigned)k + 1 };
		struct demo_ticket t;
		enum clario_status st = demo_ticket_build(&r, &ctx, &b->arenas[b->cur], &t, err);
		if (st != CLARIO_OK)
			return st;
		push(b, &t);
		struct demo_stats *s = b->stats;
		s->tickets++;
		s->voids += t.is_void;
		s->refunds += t.refunded;
		s->revisions += t.revised;
		s->merchant_tickets[w->outlets[outlet].merchant]++;
	}
	return CLARIO_OK;
}

enum clario_status demo_generate(struct store *s, const struct demo_world *w, bool progress,
				 struct demo_stats *stats, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct batcher b = { .store = s, .stats = stats };
	b.principal.kind = PRINCIPAL_ADMIN;
	snprintf(b.principal.key_id, sizeof b.principal.key_id, "demo");
	arena_init(&b.arenas[0], 0);
	arena_init(&b.arenas[1], 0);
	int32_t *times = NULL;
	size_t cap = 0;
	memset(stats, 0, sizeof *stats);
	stats->merchant_tickets = calloc(w->n_merchants, sizeof *stats->merchant_tickets);
	b.tickets = calloc(INGEST_MAX_TICKETS, sizeof *b.tickets);
	b.pending = calloc(INGEST_MAX_TICKETS, sizeof *b.pending);
	b.expect = calloc(INGEST_MAX_TICKETS, sizeof *b.expect);
	b.pending_expect = calloc(INGEST_MAX_TICKETS, sizeof *b.pending_expect);
	if (!stats->merchant_tickets || !b.tickets || !b.pending || !b.expect || !b.pending_expect) {
		st = clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory");
		goto out;
	}
	for (size_t di = 0; di < w->n_days; di++) {
		for (size_t o = 0; o < w->n_outlets; o++)
			if ((st = outlet_day(&b, w, o, di, &times, &cap, err)) != CLARIO_OK)
				goto out;
		const struct demo_day *d = &w->days[di];
		if (progress && (di + 1 == w->n_days || w->days[di + 1].month != d->month))
			fprintf(stderr, "demo: %04d-%02d generated, %lld tickets\n", d->year, d->month,
				(long long)stats->tickets);
	}
	/* The last batch may leave re-sends behind: flush until none are left. */
	while (b.n > 0)
		if ((st = flush(&b, err)) != CLARIO_OK)
			goto out;
out:
	free(times);
	free(b.tickets);
	free(b.pending);
	free(b.expect);
	free(b.pending_expect);
	arena_release(&b.arenas[0]);
	arena_release(&b.arenas[1]);
	return st;
}

void demo_stats_release(struct demo_stats *stats)
{
	free(stats->merchant_tickets);
	stats->merchant_tickets = NULL;
}
