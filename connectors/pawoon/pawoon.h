/* Pawoon adapter: one transaction of GET /transactions?outlet_id= into a
 * canonical sale. Only translation; the mapping table is in pawoon.c (and
 * docs/connectors.md). Arena-owned results, caller owns the arena. */
#ifndef CLARIO_CONNECTORS_PAWOON_H
#define CLARIO_CONNECTORS_PAWOON_H

#include "connectors/connectors.h"

/* zone reads device_timestamp (local, no offset); Pawoon clients use
 * Asia/Jakarta, the sync passes the outlet's zone. */
enum clario_status pawoon_transaction(const json_t *tx, const struct tz_zone *zone,
				      struct arena *a, struct connectors_doc *out,
				      struct clario_err *err);

#endif
