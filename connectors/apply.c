/* Documents into ingest, with refunds that wait for their sale. */
#include "connectors/apply.h"

#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "store/connections.h"

#define PENDING_MAX 50

static struct principal system_principal(void)
{
	/* The sync and the verified webhooks act for the platform: the sale's
	 * source is the vendor, set by the adapter, and the outlet must exist. */
	struct principal p = {.kind = PRINCIPAL_ADMIN};
	snprintf(p.key_id, sizeof p.key_id, "connectors");
	return p;
}

static void count(struct connectors_counts *c, const struct ingest_result *r)
{
	switch (r->outcome) {
	case INGEST_CREATED: c->created++; break;
	case INGEST_UPDATED: c->updated++; break;
	case INGEST_DUPLICATE: c->duplicate++; break;
	case INGEST_REJECTED:
		c->rejected++;
		if (!c->first_reject[0])
			snprintf(c->first_reject, sizeof c->first_reject, "%s", r->reason);
		break;
	}
}

/* Adds refunds to a stored ticket by re-sending its stored revision with them. */
static enum clario_status refund_stored(struct store *s, const char *vendor, const char *outlet_ext,
					const char *ticket_ext, int64_t ticket_id, int64_t revision,
					struct sales_refund *refunds, size_t n, struct arena *a,
					struct connectors_counts *c, struct clario_err *err)
{
	struct sales_ticket *t = arena_calloc(a, 1, sizeof *t);
	int64_t *items;
	if (!t)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = store_ticket_load(s, ticket_id, a, t, &items, err);
	if (st)
		return st;
	t->source = vendor;
	t->outlet_id = outlet_ext;
	t->ticket_id = ticket_ext;
	t->revision = revision;
	t->refunds = refunds;
	t->n_refunds = n;
	struct principal p = system_principal();
	struct ingest_batch b;
	if ((st = ingest_batch_wrap(t, 1, &p, a, &b, err)) || (st = ingest_apply_in_tx(s, &b, err)))
		return st;
	if (b.results[0].outcome == INGEST_REJECTED)
		count(c, &b.results[0]);
	c->refunds_added += b.results[0].refunds_added;
	return CLARIO_OK;
}

static enum clario_status refund_doc(struct store *s, const char *vendor, struct connectors_doc *d,
				     instant_t now, struct arena *a, struct connectors_counts *c,
				     struct clario_err *err)
{
	struct store_outlet o;
	struct store_ticket_ref ref;
	enum clario_status st = store_outlet_by_external(s, vendor, d->outlet_id, &o, err);
	if (st == CLARIO_ENOTFOUND) {
		c->rejected++;
		if (!c->first_reject[0])
			snprintf(c->first_reject, sizeof c->first_reject, "refund %s: unknown outlet %s",
				 d->refund.refund_id, d->outlet_id);
		return CLARIO_OK;
	}
	if (st)
		return st;
	st = store_ticket_find(s, o.id, d->refund_of, &ref, err);
	if (st == CLARIO_ENOTFOUND) {
		c->refunds_pending++;
		return store_connections_pending_add(s, vendor, d->outlet_id, d->refund_of,
						     d->refund.refund_id, d->refund.at, d->refund.amount,
						     now, err);
	}
	if (st)
		return st;
	return refund_stored(s, vendor, d->outlet_id, d->refund_of, ref.id, ref.revision, &d->refund, 1,
			     a, c, err);
}

/* Applies the refunds that waited for this sale. */
static enum clario_status pending_for(struct store *s, const char *vendor, const struct sales_ticket *t,
				      const struct ingest_result *r, struct arena *a,
				      struct connectors_counts *c, struct clario_err *err)
{
	struct store_pending_refund pend[PENDING_MAX];
	size_t n = 0;
	enum clario_status st = store_connections_pending_for(s, vendor, t->outlet_id, t->ticket_id, pend,
							      PENDING_MAX, &n, err);
	if (st || n == 0)
		return st;
	struct sales_refund *refunds = arena_calloc(a, n, sizeof *refunds);
	if (!refunds)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		refunds[i].refund_id = arena_strdup(a, pend[i].refund_id);
		/* A refund dated before its sale (clock skew between devices) is
		 * booked at the sale's time: it cannot precede what it gives back. */
		refunds[i].at = pend[i].at < t->closed_at ? t->closed_at : pend[i].at;
		refunds[i].amount = pend[i].amount;
	}
	int before = c->refunds_added;
	if ((st = refund_stored(s, vendor, t->outlet_id, t->ticket_id, r->ticket_id, r->revision,
				refunds, n, a, c, err)))
		return st;
	c->refunds_pending -= c->refunds_added - before;
	for (size_t i = 0; i < n; i++)
		if ((st = store_connections_pending_delete(s, pend[i].id, err)))
			return st;
	return CLARIO_OK;
}

enum clario_status connectors_apply_in_tx(struct store *s, const char *vendor,
					  struct connectors_doc *docs, size_t n, instant_t now,
					  struct connectors_counts *c, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct arena a;
	arena_init(&a, 0);
	size_t n_sales = 0;
	for (size_t i = 0; i < n; i++)
		n_sales += docs[i].kind == CONNECTORS_DOC_SALE;
	if (n_sales) {
		struct sales_ticket *t = arena_calloc(&a, n_sales, sizeof *t);
		if (!t) {
			st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			goto out;
		}
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (docs[i].kind == CONNECTORS_DOC_SALE)
				t[k++] = docs[i].ticket;
		struct principal p = system_principal();
		struct ingest_batch b;
		if ((st = ingest_batch_wrap(t, n_sales, &p, &a, &b, err)) ||
		    (st = ingest_apply_in_tx(s, &b, err)))
			goto out;
		for (size_t i = 0; i < n_sales; i++) {
			count(c, &b.results[i]);
			if (b.results[i].outcome != INGEST_REJECTED &&
			    (st = pending_for(s, vendor, &t[i], &b.results[i], &a, c, err)))
				goto out;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (docs[i].kind == CONNECTORS_DOC_REFUND &&
		    (st = refund_doc(s, vendor, &docs[i], now, &a, c, err)))
			goto out;
out:
	arena_release(&a);
	return st;
}
