/* One demo ticket as a POS would send it: channel, guests, basket, customer,
 * cashier, void or refund, and how the POS sends it (once; twice by webhook
 * retry; again later with its refund; as a first revision corrected by a
 * second). Everything lives in the arena given. */
#ifndef CLARIO_CLI_DEMO_TICKET_H
#define CLARIO_CLI_DEMO_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/demo/demo_rng.h"
#include "cli/demo/demo_world.h"
#include "ingest/ingest.h"
#include "model/sales.h"

struct demo_ticket_ctx {
	const struct demo_world *w;
	size_t outlet;
	size_t day_index;
	int32_t local_sec; /* seconds after local midnight of the business day (may pass 24 h) */
	unsigned seq;      /* receipt number within the outlet's day, from 1 */
};

#define DEMO_MAX_LATER 2

struct demo_ticket {
	struct sales_ticket first;                 /* sent now; expected "created" */
	struct sales_ticket later[DEMO_MAX_LATER]; /* sent in the next batch, in order */
	enum ingest_outcome later_expect[DEMO_MAX_LATER];
	size_t n_later;
	/* What the store should hold in the end, for the summary. */
	bool is_void;
	bool refunded;
	bool revised;
	bool duplicated;
};

/* Builds one ticket from r. Fails only when the arena is exhausted. */
enum clario_status demo_ticket_build(struct demo_rng *r, const struct demo_ticket_ctx *ctx,
				     struct arena *a, struct demo_ticket *out,
				     struct clario_err *err);

#endif
