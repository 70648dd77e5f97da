/* Connectors → ingest: applies adapter documents inside the caller's open
 * transaction. Sales go through ingest (created / updated / duplicate by its
 * revision rules); a refund whose sale is stored is added to it through
 * ingest; a refund whose sale has not arrived is kept pending and applied when
 * the sale arrives (pull or push, any order). */
#ifndef CLARIO_CONNECTORS_APPLY_H
#define CLARIO_CONNECTORS_APPLY_H

#include "connectors/connectors.h"
#include "store/store.h"

struct connectors_counts {
	int created, updated, duplicate, rejected;
	int refunds_added, refunds_pending;
	char first_reject[CLARIO_ERR_MSG_MAX]; /* the first rejection's reason, "" if none */
};

/* Inside store_begin: fails only on storage errors (the caller rolls back);
 * rejected documents are counted and kept in ingest's dead letters. */
enum clario_status connectors_apply_in_tx(struct store *s, const char *vendor,
					  struct connectors_doc *docs, size_t n, instant_t now,
					  struct connectors_counts *c, struct clario_err *err);

#endif
