/* Moka POS adapter: the v3 report transaction ("payment") and the webhook
 * envelope into canonical documents. Only translation; the mapping table is in
 * moka.c (and docs/connectors.md). Arena-owned results, caller owns the arena. */
#ifndef CLARIO_CONNECTORS_MOKA_H
#define CLARIO_CONNECTORS_MOKA_H

#include "connectors/connectors.h"

/* One transaction of GET /v3/outlets/{id}/reports/get_latest_transactions (or a
 * webhook transaction body). outlet_id is used when the object has none (the
 * webhook names the outlet in its header). A transaction with a
 * parent_payment_id is a refund of that parent (DOC_REFUND); otherwise a sale. */
enum clario_status moka_transaction(const json_t *payment, const char *outlet_id,
				    struct arena *a, struct connectors_doc *out,
				    struct clario_err *err);

enum moka_event_kind {
	MOKA_EVENT_TRANSACTION, /* moka.transaction.created / updated / refunded */
	MOKA_EVENT_ITEM,        /* moka.item.added / created / updated / deleted */
};

struct moka_event {
	enum moka_event_kind kind;
	const char *name;      /* event_name as sent */
	const char *event_id;
	const char *outlet_id; /* header.outlet_id (the webhook's string id) */
	struct connectors_doc doc;        /* TRANSACTION */
	const char *item_id, *item_name;  /* ITEM */
	const char *category;
	rupiah_t item_price;
	bool item_deleted;
};

/* A webhook body {"header": {...}, "body": {...}}. */
enum clario_status moka_event_parse(const json_t *root, struct arena *a, struct moka_event *out,
				    struct clario_err *err);

#endif
