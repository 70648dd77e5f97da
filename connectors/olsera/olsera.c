/* Olsera → canonical. The mapping (also in docs/connectors.md, keep both equal):
 *
 *   ticket_id    `id` (numeric)          outlet_id  the connection's store
 *   closed_at    `order_time` "YYYY-MM-DD HH:MM:SS", local in the outlet's zone
 *   revision     1 (close orders are final; nothing modified is published)
 *   status       `status` "X" (cancelled) → void, anything else closed
 *   lines        `orderitems[]`: product_id, product_name, qty, price (string),
 *                discount (string, per line), addon_price (string, per unit;
 *                one modifier "add-ons") — skipped when item status is "X"
 *   channel      `order_source` through the channel table (D = dine-in, T = take away)
 *   tax          `total_amount` − `order_amount` (both strings): Olsera shows no
 *                tax or service fields, so the difference is taken as PB1
 *   payment      one OTHER payment of `total_amount` (no method is published)
 *   rounding     total_amount − (net + tax): the documented line (drift between
 *                the item amounts and order_amount)
 *   refunds      not exposed by the open API (POS-APIS.md §3)
 */
#include "connectors/olsera/olsera.h"

#include <string.h>

static enum clario_status items_from(const json_t *o, struct arena *a, struct sales_ticket *t,
				     struct clario_err *err)
{
	enum clario_status st;
	const json_t *items = json_object_get(o, "orderitems");
	size_t n = json_array_size(items);
	if (n > SALES_MAX_LINES)
		return clario_err_set(err, CLARIO_ETOOBIG, "orderitems: more than %d", SALES_MAX_LINES);
	t->lines = arena_calloc(a, n ? n : 1, sizeof *t->lines);
	if (!t->lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const json_t *it = json_array_get(items, i);
		const char *ist = json_string_value(json_object_get(it, "status"));
		if (ist && strcmp(ist, "X") == 0)
			continue;
		struct sales_line *l = &t->lines[t->n_lines];
		l->item_id = connectors_id(it, "product_id", a);
		if (!l->item_id)
			return clario_err_set(err, CLARIO_EINVAL, "orderitems[%zu].product_id: is required", i);
		l->name = connectors_text(it, "product_name", a);
		if (!l->name)
			l->name = l->item_id;
		rupiah_t addon;
		if ((st = connectors_qty(it, "qty", &l->qty, err)) ||
		    (st = connectors_money(it, "price", &l->unit_price, err)) ||
		    (st = connectors_money(it, "discount", &l->discount, err)) ||
		    (st = connectors_money(it, "addon_price", &addon, err))) {
			clario_err_prefix(err, "orderitems[%zu]", i);
			return st;
		}
		if (l->unit_price < 0 || l->discount < 0 || addon < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "orderitems[%zu]: price, discount and addon_price must not be negative", i);
		if (addon > 0) {
			l->modifiers = arena_calloc(a, 1, sizeof *l->modifiers);
			if (!l->modifiers)
				return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			l->modifiers[0].name = "add-ons";
			l->modifiers[0].price = addon;
			l->n_modifiers = 1;
		}
		t->n_lines++;
	}
	if (t->n_lines == 0)
		return clario_err_set(err, CLARIO_EINVAL, "orderitems: an order needs at least one item");
	return CLARIO_OK;
}

enum clario_status olsera_order(const json_t *o, const char *outlet_id, const struct tz_zone *zone,
				struct arena *a, struct connectors_doc *out, struct clario_err *err)
{
	enum clario_status st;
	memset(out, 0, sizeof *out);
	struct sales_ticket *t = &out->ticket;
	if (!json_is_object(o))
		return clario_err_set(err, CLARIO_EINVAL, "order: must be an object");
	out->kind = CONNECTORS_DOC_SALE;
	out->version = 1;
	t->source = "olsera";
	t->outlet_id = outlet_id;
	t->ticket_id = connectors_id(o, "id", a);
	if (!t->ticket_id)
		return clario_err_set(err, CLARIO_EINVAL, "id: is required");
	if ((st = connectors_time(o, "order_time", zone, &t->closed_at, err)))
		return st;
	t->revision = 1;
	const char *status = json_string_value(json_object_get(o, "status"));
	t->status = status && strcmp(status, "X") == 0 ? SALES_STATUS_VOID : SALES_STATUS_CLOSED;
	t->channel = connectors_channel(json_string_value(json_object_get(o, "order_source")));
	t->customer_id = connectors_id(o, "customer_id", a);
	if (t->customer_id && strcmp(t->customer_id, "0") == 0)
		t->customer_id = NULL;
	if ((st = items_from(o, a, t, err)))
		return st;
	rupiah_t order_amount, total;
	if ((st = connectors_money(o, "order_amount", &order_amount, err)) ||
	    (st = connectors_money(o, "total_amount", &total, err)))
		return st;
	if (order_amount < 0 || total < order_amount)
		return clario_err_set(err, CLARIO_EINVAL,
				      "total_amount: must be at least order_amount (%lld), got %lld",
				      (long long)order_amount, (long long)total);
	t->tax = total - order_amount;
	if (t->status == SALES_STATUS_CLOSED && total > 0) {
		t->payments = arena_calloc(a, 1, sizeof *t->payments);
		if (!t->payments)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->payments[0].method = SALES_PAY_OTHER;
		t->payments[0].amount = total;
		t->n_payments = 1;
	}
	if (t->status == SALES_STATUS_CLOSED && (st = connectors_rounding_line(t, total, err)))
		return st;
	return sales_ticket_validate(t, err);
}
