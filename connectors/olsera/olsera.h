/* Olsera adapter: one close-order detail (GET /order/closeorder/detail?id=)
 * into a canonical sale. Only translation; the mapping table is in olsera.c
 * (and docs/connectors.md). Arena-owned results, caller owns the arena. */
#ifndef CLARIO_CONNECTORS_OLSERA_H
#define CLARIO_CONNECTORS_OLSERA_H

#include "connectors/connectors.h"

/* outlet_id: Olsera has one store per token, so the connection names it. zone
 * reads order_time (local, no offset). */
enum clario_status olsera_order(const json_t *order, const char *outlet_id,
				const struct tz_zone *zone, struct arena *a,
				struct connectors_doc *out, struct clario_err *err);

#endif
