/* One webhook delivery: dedupe by id, adapt, apply, or keep as a dead letter. */
#include "connectors/webhook.h"

#include <stdio.h>
#include <string.h>

#include "connectors/moka/moka.h"
#include "store/connections.h"

const char *connectors_webhook_outcome_name(enum connectors_webhook_outcome o)
{
	switch (o) {
	case CONNECTORS_WEBHOOK_APPLIED: return "applied";
	case CONNECTORS_WEBHOOK_DUPLICATE: return "duplicate";
	default: return "dead_letter";
	}
}

/* Item events keep the merchant's catalogue current (name, category, price;
 * cost stays unknown). A deleted item stays: past sales still name it. */
static enum clario_status item_event(struct store *s, const struct moka_event *ev,
				     struct clario_err *err)
{
	struct store_outlet o;
	enum clario_status st = store_outlet_by_external(s, "moka", ev->outlet_id, &o, err);
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EINVAL, "header.outlet_id: unknown Moka outlet \"%s\"",
				      ev->outlet_id);
	if (st || ev->item_deleted)
		return st;
	struct store_item it = {.merchant_id = o.merchant_id, .price = ev->item_price, .unit_cost = -1};
	snprintf(it.external_id, sizeof it.external_id, "%s", ev->item_id);
	snprintf(it.name, sizeof it.name, "%s", ev->item_name ? ev->item_name : ev->item_id);
	snprintf(it.category, sizeof it.category, "%s", ev->category ? ev->category : "");
	int64_t id;
	return store_item_upsert(s, &it, &id, err);
}

enum clario_status connectors_webhook_handle(struct store *s, enum connectors_vendor v,
					     const char *webhook_id, const char *body, size_t len,
					     instant_t now, bool replay,
					     struct connectors_webhook_result *out,
					     struct clario_err *err)
{
	struct arena a;
	json_t *root = NULL;
	struct clario_err why = {0};
	enum clario_status st;
	const char *vendor = connectors_vendor_name(v);
	memset(out, 0, sizeof *out);
	arena_init(&a, 0);
	if ((st = store_begin(s, err)))
		goto done;
	if (!replay) {
		bool seen;
		if ((st = store_connections_webhook_seen(s, vendor, webhook_id, now, &seen, err)))
			goto out;
		if (seen) {
			out->outcome = CONNECTORS_WEBHOOK_DUPLICATE;
			goto out;
		}
	}
	enum clario_status bad = CLARIO_OK;
	root = connectors_json_load(body, len, CONNECTORS_WEBHOOK_MAX_BODY, &why);
	if (!root) {
		bad = CLARIO_EINVAL;
	} else if (v != CONNECTORS_MOKA) {
		bad = clario_err_set(&why, CLARIO_EINVAL, "%s publishes no webhooks; nothing to apply", vendor);
	} else {
		struct moka_event ev;
		bad = moka_event_parse(root, &a, &ev, &why);
		if (bad == CLARIO_OK && ev.kind == MOKA_EVENT_ITEM) {
			bad = item_event(s, &ev, &why);
			if (bad != CLARIO_OK && bad != CLARIO_EINVAL) {
				st = bad;
				*err = why;
				goto out;
			}
		} else if (bad == CLARIO_OK) {
			if ((st = connectors_apply_in_tx(s, vendor, &ev.doc, 1, now, &out->counts, err)))
				goto out;
			if (out->counts.rejected)
				bad = clario_err_set(&why, CLARIO_EINVAL, "%s", out->counts.first_reject);
		}
	}
	if (bad != CLARIO_OK) {
		out->outcome = CONNECTORS_WEBHOOK_DEADLETTER;
		snprintf(out->reason, sizeof out->reason, "%s", why.msg);
		if (!replay)
			st = store_connections_dl_add(s, vendor, webhook_id, why.msg, body, len, now,
						      &out->deadletter_id, err);
	}
out:
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK)
		store_rollback(s);
done:
	json_decref(root);
	arena_release(&a);
	return st;
}
