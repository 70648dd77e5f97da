/* Generates the demo year and writes it through the real ingest path:
 * tickets are built in C in arena memory, wrapped with ingest_batch_wrap and
 * applied with ingest_apply in batches of INGEST_MAX_TICKETS, as an admin.
 * Every result is checked against what the generator meant (created, updated,
 * duplicate): a rejection is a bug in the generator and stops the demo. */
#ifndef CLARIO_CLI_DEMO_GEN_H
#define CLARIO_CLI_DEMO_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "cli/demo/demo_world.h"
#include "store/store.h"

struct demo_stats {
	int64_t tickets;    /* distinct tickets stored */
	int64_t voids;      /* of which void in the end */
	int64_t refunds;
	int64_t revisions;  /* tickets sent as revision 1 then 2 */
	int64_t duplicates; /* re-sends answered "duplicate" */
	int64_t sends;      /* tickets sent in all */
	int64_t batches;
	int64_t *merchant_tickets; /* per merchant; malloc'd, see demo_stats_release */
};

/* Generates every outlet-day of w and ingests it into s. progress: print a
 * line per month on stderr. On failure the store holds what was committed. */
enum clario_status demo_generate(struct store *s, const struct demo_world *w, bool progress,
				 struct demo_stats *stats, struct clario_err *err);
void demo_stats_release(struct demo_stats *stats);

#endif
