/* Moka → canonical. The mapping (also in docs/connectors.md, keep both equal):
 *
 *   ticket_id      payment `id`           receipt          `payment_no` (unused)
 *   outlet_id      `outlet_id` (REST int) or the webhook header's outlet_id
 *   closed_at      `created_at` (epoch s or RFC 3339), else `date`
 *   revision       `updated_at` (epoch s), else the webhook header timestamp, else 1
 *   lines          `checkouts[]` (REST) or `items[]` (webhook):
 *                    item_id|id (+ ":" variant id when a variant), item_name|name
 *                    (+ " (variant)"), category_name, quantity, item_price|price,
 *                    modifiers[] (modifier_option_name|option_name, price),
 *                    discount_amount → line discount (|abs|)
 *   channel        first line's `sales_type_name` through the channel table
 *   ticket disc.   |`discounts`| (or total_discounts / total_discount) − Σ line discounts
 *   service        |`gratuities`| (or total_gratuities)
 *   tax (PB1)      |`taxes`| (or total_taxes), fractional → rounded half away from 0
 *   payment        `payment_type_label`|`payment_type` through the payment table,
 *                  amount `total_collected`
 *   rounding       total_collected − (net + service + tax): the documented line
 *   refund         a transaction whose `parent_payment_id` is set refunds that
 *                  parent: amount = |subtotal| − |discounts| (net item sales),
 *                  dated `created_at`. (Moka's own refund model is an open
 *                  question, POS-APIS.md §11.)
 * Vendor negatives (refund rows, sample totals) are taken by absolute value. */
#include "connectors/moka/moka.h"

#include <stdlib.h>
#include <string.h>

static rupiah_t absr(rupiah_t v) { return v < 0 ? -v : v; }

/* The first present money field among names. */
static enum clario_status money_any(const json_t *o, const char *const *names, rupiah_t *out,
				    struct clario_err *err)
{
	*out = 0;
	for (; *names; names++)
		if (json_object_get(o, *names))
			return connectors_money(o, *names, out, err);
	return CLARIO_OK;
}

static const char *str_any(const json_t *o, const char *a, const char *b)
{
	const char *s = json_string_value(json_object_get(o, a));
	return s && *s ? s : json_string_value(json_object_get(o, b));
}

static enum clario_status line_from(const json_t *c, struct arena *a, struct sales_line *l,
				    struct clario_err *err)
{
	enum clario_status st;
	const char *item = connectors_id(c, "item_id", a);
	if (!item)
		item = connectors_id(c, "id", a);
	const char *variant = connectors_id(c, "item_variant_id", a);
	if (!variant)
		variant = connectors_id(c, "variant_id", a);
	if (!item)
		return clario_err_set(err, CLARIO_EINVAL, "item_id: is required");
	const char *name = str_any(c, "item_name", "name");
	const char *vname = str_any(c, "item_variant_name", "variant_name");
	char buf[SALES_MAX_TEXT_LEN + 1];
	if (variant) {
		snprintf(buf, sizeof buf, "%s:%s", item, variant);
		item = arena_strdup(a, buf);
	}
	if (name && vname && *vname) {
		snprintf(buf, sizeof buf, "%s (%s)", name, vname);
		name = buf;
	}
	l->item_id = item;
	l->name = arena_strdup(a, name ? name : item);
	l->category = connectors_text(c, "category_name", a);
	if ((st = connectors_qty(c, "quantity", &l->qty, err)))
		return st;
	const char *price_f[] = {"item_price", "price", NULL};
	if ((st = money_any(c, price_f, &l->unit_price, err)))
		return st;
	l->unit_price = absr(l->unit_price);
	if ((st = connectors_money(c, "discount_amount", &l->discount, err)))
		return st;
	l->discount = absr(l->discount);
	const json_t *mods = json_object_get(c, "modifiers");
	size_t nm = json_array_size(mods);
	if (nm > SALES_MAX_MODIFIERS)
		return clario_err_set(err, CLARIO_ETOOBIG, "modifiers: more than %d", SALES_MAX_MODIFIERS);
	l->modifiers = nm ? arena_calloc(a, nm, sizeof *l->modifiers) : NULL;
	if (nm && !l->modifiers)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t k = 0; k < nm; k++) {
		const json_t *m = json_array_get(mods, k);
		const char *mn = str_any(m, "modifier_option_name", "option_name");
		l->modifiers[k].name = arena_strdup(a, mn ? mn : "modifier");
		if ((st = connectors_money(m, "price", &l->modifiers[k].price, err))) {
			clario_err_prefix(err, "modifiers[%zu]", k);
			return st;
		}
		l->modifiers[k].price = absr(l->modifiers[k].price);
	}
	l->n_modifiers = nm;
	return CLARIO_OK;
}

static const char *const disc_f[] = {"discounts", "total_discounts", "total_discount", NULL};
static const char *const grat_f[] = {"gratuities", "total_gratuities", NULL};
static const char *const tax_f[] = {"taxes", "total_taxes", NULL};

static enum clario_status sale(const json_t *p, struct arena *a, struct sales_ticket *t,
			       struct clario_err *err)
{
	enum clario_status st;
	const json_t *lines = json_object_get(p, "checkouts");
	if (!json_is_array(lines))
		lines = json_object_get(p, "items");
	size_t n = json_array_size(lines);
	if (n == 0)
		return clario_err_set(err, CLARIO_EINVAL, "checkouts: a sale needs at least one line");
	if (n > SALES_MAX_LINES)
		return clario_err_set(err, CLARIO_ETOOBIG, "checkouts: more than %d lines", SALES_MAX_LINES);
	t->lines = arena_calloc(a, n, sizeof *t->lines);
	if (!t->lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	rupiah_t line_disc = 0;
	for (size_t i = 0; i < n; i++) {
		if ((st = line_from(json_array_get(lines, i), a, &t->lines[i], err))) {
			clario_err_prefix(err, "checkouts[%zu]", i);
			return st;
		}
		line_disc += t->lines[i].discount;
	}
	t->n_lines = n;
	t->channel = connectors_channel(json_string_value(json_object_get(json_array_get(lines, 0),
									     "sales_type_name")));
	rupiah_t disc, collected;
	if ((st = money_any(p, disc_f, &disc, err)) || (st = money_any(p, grat_f, &t->service_charge, err)) ||
	    (st = money_any(p, tax_f, &t->tax, err)) ||
	    (st = connectors_money(p, "total_collected", &collected, err)))
		return st;
	disc = absr(disc);
	t->service_charge = absr(t->service_charge);
	t->tax = absr(t->tax);
	if (disc > line_disc) {
		t->discounts = arena_calloc(a, 1, sizeof *t->discounts);
		if (!t->discounts)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->discounts[0].name = "Moka discounts";
		t->discounts[0].amount = disc - line_disc;
		t->n_discounts = 1;
	}
	if (collected > 0) {
		t->payments = arena_calloc(a, 1, sizeof *t->payments);
		if (!t->payments)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->payments[0].method = connectors_payment(str_any(p, "payment_type_label", "payment_type"));
		t->payments[0].amount = collected;
		t->n_payments = 1;
	}
	t->cashier_id = connectors_id(p, "collected_by", a);
	t->customer_id = connectors_id(p, "customer_id", a);
	if ((st = connectors_rounding_line(t, collected, err)))
		return st;
	return sales_ticket_validate(t, err);
}

enum clario_status moka_transaction(const json_t *p, const char *outlet_id, struct arena *a,
				    struct connectors_doc *out, struct clario_err *err)
{
	enum clario_status st;
	memset(out, 0, sizeof *out);
	if (!json_is_object(p))
		return clario_err_set(err, CLARIO_EINVAL, "transaction: must be an object");
	const char *id = connectors_id(p, "id", a);
	const char *outlet = connectors_id(p, "outlet_id", a);
	if (!outlet)
		outlet = outlet_id;
	if (!id)
		return clario_err_set(err, CLARIO_EINVAL, "id: is required");
	if (!outlet)
		return clario_err_set(err, CLARIO_EINVAL, "outlet_id: is required");
	instant_t at;
	if ((st = connectors_time(p, json_object_get(p, "created_at") ? "created_at" : "date", NULL,
				  &at, err)))
		return st;
	out->version = 1;
	if (json_object_get(p, "updated_at")) {
		instant_t up;
		if ((st = connectors_time(p, "updated_at", NULL, &up, err)))
			return st;
		out->version = up;
	}
	const char *parent = connectors_id(p, "parent_payment_id", a);
	if (parent) {
		rupiah_t sub, disc;
		if ((st = connectors_money(p, "subtotal", &sub, err)) || (st = money_any(p, disc_f, &disc, err)))
			return st;
		out->kind = CONNECTORS_DOC_REFUND;
		out->outlet_id = outlet;
		out->refund_of = parent;
		out->refund.refund_id = id;
		out->refund.at = at;
		out->refund.amount = absr(sub) - absr(disc);
		if (out->refund.amount <= 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "subtotal: a refund must give back a positive amount");
		return CLARIO_OK;
	}
	struct sales_ticket *t = &out->ticket;
	out->kind = CONNECTORS_DOC_SALE;
	t->source = "moka";
	t->outlet_id = outlet;
	t->ticket_id = id;
	t->revision = out->version;
	t->status = SALES_STATUS_CLOSED;
	t->closed_at = at;
	return sale(p, a, t, err);
}

enum clario_status moka_event_parse(const json_t *root, struct arena *a, struct moka_event *out,
				    struct clario_err *err)
{
	enum clario_status st;
	memset(out, 0, sizeof *out);
	const json_t *h = json_object_get(root, "header"), *b = json_object_get(root, "body");
	if (!json_is_object(h) || !json_is_object(b))
		return clario_err_set(err, CLARIO_EINVAL, "an event needs a header and a body object");
	out->name = connectors_text(h, "event_name", a);
	out->event_id = connectors_id(h, "event_id", a);
	out->outlet_id = connectors_id(h, "outlet_id", a);
	if (!out->name || !out->event_id || !out->outlet_id)
		return clario_err_set(err, CLARIO_EINVAL,
				      "header: event_name, event_id and outlet_id are required");
	if (strncmp(out->name, "moka.transaction.", 17) == 0) {
		out->kind = MOKA_EVENT_TRANSACTION;
		if ((st = moka_transaction(b, out->outlet_id, a, &out->doc, err))) {
			clario_err_prefix(err, "body.");
			return st;
		}
		/* The webhook's transaction has no updated_at: the header's timestamp
		 * orders its versions (Mekari serialises by id and modified date). */
		if (!json_object_get(b, "updated_at") && json_object_get(h, "timestamp")) {
			instant_t ts;
			if ((st = connectors_time(h, "timestamp", NULL, &ts, err))) {
				clario_err_prefix(err, "header.");
				return st;
			}
			out->doc.version = ts;
			out->doc.ticket.revision = ts;
		}
		return CLARIO_OK;
	}
	if (strncmp(out->name, "moka.item.", 10) == 0) {
		out->kind = MOKA_EVENT_ITEM;
		out->item_id = connectors_id(b, "id", a);
		out->item_name = connectors_text(b, "name", a);
		out->category = connectors_text(b, "category_name", a);
		out->item_deleted = strcmp(out->name, "moka.item.deleted") == 0;
		if (!out->item_id)
			return clario_err_set(err, CLARIO_EINVAL, "body.id: is required");
		if ((st = connectors_money(b, "price", &out->item_price, err)))
			return st;
		if (out->item_price < 0)
			return clario_err_set(err, CLARIO_EINVAL, "body.price: must not be negative");
		return CLARIO_OK;
	}
	return clario_err_set(err, CLARIO_EINVAL, "header.event_name: unknown event \"%s\"", out->name);
}
