/* Ingest: the one place that decides what a sent ticket means. A ticket is
 * identified by (source, outlet external id, ticket external id); a re-send
 * changes nothing, a higher revision replaces the stored one exactly once (the
 * rollups move by the difference), a refund is recorded once by its id. Rollups
 * are updated in the same transaction as the tickets. Rejected tickets go to the
 * dead letters with their reason and raw JSON. */
#ifndef CLARIO_INGEST_H
#define CLARIO_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/principal.h"
#include "model/sales.h"
#include "store/store.h"

#define INGEST_MAX_TICKETS 1000

enum ingest_outcome { INGEST_CREATED, INGEST_UPDATED, INGEST_DUPLICATE, INGEST_REJECTED };

struct ingest_result {
	enum ingest_outcome outcome;
	int64_t ticket_id;      /* Clario's id, 0 if rejected */
	int64_t revision;       /* the revision now stored */
	int refunds_added;
	char reason[CLARIO_ERR_MSG_MAX]; /* for INGEST_REJECTED */
};

/* One call's worth of tickets. All memory is in the arena given to the
 * builder; results[i] answers tickets[i]. */
struct ingest_batch {
	struct principal principal;
	size_t n;
	struct sales_ticket *tickets;
	bool *parsed;           /* false: tickets[i] failed validation, see results[i] */
	const char **raw;       /* each ticket's JSON text (for dead letters), may be NULL */
	struct ingest_result *results;
};

const char *ingest_outcome_name(enum ingest_outcome o);

/* Parses a request body: a JSON array of 1..INGEST_MAX_TICKETS canonical
 * tickets. A body that is not such an array fails as a whole (CLARIO_EINVAL with
 * line/column, or CLARIO_ETOOBIG); a ticket that fails validation is marked
 * rejected in results and the rest go on. */
enum clario_status ingest_batch_parse(const char *body, size_t len, const struct principal *p,
				      struct arena *arena, struct ingest_batch *out,
				      struct clario_err *err);

/* Wraps n tickets built in C (demo, connectors) as a batch, all parsed. */
enum clario_status ingest_batch_wrap(struct sales_ticket *tickets, size_t n,
				     const struct principal *p, struct arena *arena,
				     struct ingest_batch *out, struct clario_err *err);

/* Applies a batch inside the caller's open transaction (store_begin): each
 * ticket in its own savepoint, so one bad ticket rejects only itself. Fails as a
 * whole only on a storage error, in which case the caller must roll back. */
enum clario_status ingest_apply_in_tx(struct store *s, struct ingest_batch *b,
				      struct clario_err *err);

/* begin + ingest_apply_in_tx + commit. On failure nothing is stored. */
enum clario_status ingest_apply(struct store *s, struct ingest_batch *b, struct clario_err *err);

/* Keeps a whole body that could not be parsed, with the reason, in its own transaction. */
enum clario_status ingest_deadletter_body(struct store *s, const struct principal *p,
					  const char *reason, const char *body, size_t len,
					  struct clario_err *err);

/* Recomputes both rollup tables from the stored tickets and refunds (in one
 * transaction). */
enum clario_status ingest_rebuild_rollups(struct store *s, struct clario_err *err);

/* ---- group commit ----
 * The writer is one thread with its own connection that takes every batch
 * waiting, applies them in one transaction and commits once, so many small calls
 * share one disk sync. Thread-safe. */
struct ingest_writer;

enum clario_status ingest_writer_new(const char *db_url, struct ingest_writer **out,
				     struct clario_err *err);
/* Applies b (blocking until committed or failed). On CLARIO_OK the batch's
 * results are final and durable. */
enum clario_status ingest_writer_submit(struct ingest_writer *w, struct ingest_batch *b,
					struct clario_err *err);
/* Finishes queued batches, stops the thread, closes its connection. */
void ingest_writer_free(struct ingest_writer *w);

#endif
