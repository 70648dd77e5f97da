/* Webhook deliveries after their signature is verified (webhook_sig.h): the
 * webhook id is recorded once (a redelivery is acknowledged and changes
 * nothing), the event is adapted and applied in the same transaction, and a
 * delivery that cannot be applied is kept as a dead letter (raw body and
 * reason) for `clario deadletters replay`. Moka is the one vendor with
 * webhooks (POS-APIS.md): transaction created / updated / refunded and item
 * events. */
#ifndef CLARIO_CONNECTORS_WEBHOOK_H
#define CLARIO_CONNECTORS_WEBHOOK_H

#include "connectors/apply.h"
#include "connectors/connectors.h"
#include "store/store.h"

#define CONNECTORS_WEBHOOK_MAX_BODY (1u << 20)

enum connectors_webhook_outcome {
	CONNECTORS_WEBHOOK_APPLIED,
	CONNECTORS_WEBHOOK_DUPLICATE,  /* this webhook-id was already received */
	CONNECTORS_WEBHOOK_DEADLETTER, /* kept with its reason; see deadletter_id */
};

struct connectors_webhook_result {
	enum connectors_webhook_outcome outcome;
	struct connectors_counts counts;
	int64_t deadletter_id;
	char reason[CLARIO_ERR_MSG_MAX];
};

/* Handles one delivery in one transaction. replay: a dead letter being
 * replayed (no webhook-id check; the caller marks it replayed on success).
 * Fails only on storage errors. */
enum clario_status connectors_webhook_handle(struct store *s, enum connectors_vendor v,
					     const char *webhook_id, const char *body, size_t len,
					     instant_t now, bool replay,
					     struct connectors_webhook_result *out,
					     struct clario_err *err);

const char *connectors_webhook_outcome_name(enum connectors_webhook_outcome o);

#endif
