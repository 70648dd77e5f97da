/* Pawoon → canonical. The mapping (also in docs/connectors.md, keep both equal):
 *
 *   ticket_id     `id` (UUID)              outlet_id   `outlet_id`
 *   closed_at     `device_timestamp`, local time in the outlet's zone
 *   revision      `updated_at` when sent (epoch s or RFC 3339), else 1
 *   lines         `details[]`: product_id (+ ":" variant_id), product_name,
 *                 qty, price; line discount `discount` when sent
 *   channel       `sales_type_name` through the channel table
 *   ticket disc.  `total_discount` − Σ line discounts
 *   service       `total_service`          tax (PB1)  `total_tax`
 *   payments      `payments[]`: method name from `payment_method_name`|`name`|
 *                 `method` through the payment table, `amount`; none sent →
 *                 one OTHER payment of `final_amount`
 *   rounding      final_amount − (net + service + tax): the documented line
 *   refunds/void  not mapped: Pawoon publishes no refund fields (open question)
 */
#include "connectors/pawoon/pawoon.h"

#include <string.h>

static const char *method_name(const json_t *p)
{
	static const char *const f[] = {"payment_method_name", "name", "method", NULL};
	for (const char *const *k = f; *k; k++) {
		const char *s = json_string_value(json_object_get(p, *k));
		if (s && *s)
			return s;
	}
	return NULL;
}

static enum clario_status lines_from(const json_t *tx, struct arena *a, struct sales_ticket *t,
				     rupiah_t *line_disc, struct clario_err *err)
{
	enum clario_status st;
	const json_t *d = json_object_get(tx, "details");
	size_t n = json_array_size(d);
	if (n == 0)
		return clario_err_set(err, CLARIO_EINVAL, "details: a sale needs at least one line");
	if (n > SALES_MAX_LINES)
		return clario_err_set(err, CLARIO_ETOOBIG, "details: more than %d lines", SALES_MAX_LINES);
	t->lines = arena_calloc(a, n, sizeof *t->lines);
	if (!t->lines)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	*line_disc = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(d, i);
		struct sales_line *l = &t->lines[i];
		const char *pid = connectors_id(o, "product_id", a), *vid = connectors_id(o, "variant_id", a);
		if (!pid) {
			st = clario_err_set(err, CLARIO_EINVAL, "details[%zu].product_id: is required", i);
			return st;
		}
		if (vid) {
			char buf[2 * SALES_MAX_ID_LEN + 2];
			snprintf(buf, sizeof buf, "%s:%s", pid, vid);
			pid = arena_strndup(a, buf, SALES_MAX_ID_LEN);
		}
		l->item_id = pid;
		l->name = connectors_text(o, "product_name", a);
		if (!l->name)
			l->name = pid;
		l->category = connectors_text(o, "category_name", a);
		if ((st = connectors_qty(o, "qty", &l->qty, err)) ||
		    (st = connectors_money(o, "price", &l->unit_price, err)) ||
		    (st = connectors_money(o, "discount", &l->discount, err))) {
			clario_err_prefix(err, "details[%zu]", i);
			return st;
		}
		if (l->unit_price < 0 || l->discount < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "details[%zu]: price and discount must not be negative", i);
		*line_disc += l->discount;
	}
	t->n_lines = n;
	return CLARIO_OK;
}

enum clario_status pawoon_transaction(const json_t *tx, const struct tz_zone *zone,
				      struct arena *a, struct connectors_doc *out,
				      struct clario_err *err)
{
	enum clario_status st;
	memset(out, 0, sizeof *out);
	struct sales_ticket *t = &out->ticket;
	if (!json_is_object(tx))
		return clario_err_set(err, CLARIO_EINVAL, "transaction: must be an object");
	out->kind = CONNECTORS_DOC_SALE;
	t->source = "pawoon";
	t->ticket_id = connectors_id(tx, "id", a);
	t->outlet_id = connectors_id(tx, "outlet_id", a);
	if (!t->ticket_id || !t->outlet_id)
		return clario_err_set(err, CLARIO_EINVAL, "id and outlet_id: are required");
	if ((st = connectors_time(tx, "device_timestamp", zone, &t->closed_at, err)))
		return st;
	out->version = 1;
	if (json_object_get(tx, "updated_at") &&
	    (st = connectors_time(tx, "updated_at", zone, &out->version, err)))
		return st;
	t->revision = out->version;
	t->status = SALES_STATUS_CLOSED;
	t->channel = connectors_channel(json_string_value(json_object_get(tx, "sales_type_name")));
	t->cashier_id = connectors_id(tx, "cashier_id", a);
	t->customer_id = connectors_id(tx, "customer_id", a);
	rupiah_t line_disc, disc, final_amount;
	if ((st = lines_from(tx, a, t, &line_disc, err)))
		return st;
	if ((st = connectors_money(tx, "total_discount", &disc, err)) ||
	    (st = connectors_money(tx, "total_service", &t->service_charge, err)) ||
	    (st = connectors_money(tx, "total_tax", &t->tax, err)) ||
	    (st = connectors_money(tx, "final_amount", &final_amount, err)))
		return st;
	if (disc < 0 || t->service_charge < 0 || t->tax < 0 || final_amount < 0)
		return clario_err_set(err, CLARIO_EINVAL, "totals: must not be negative");
	if (disc > line_disc) {
		t->discounts = arena_calloc(a, 1, sizeof *t->discounts);
		if (!t->discounts)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->discounts[0].name = "Pawoon discount";
		t->discounts[0].amount = disc - line_disc;
		t->n_discounts = 1;
	}
	const json_t *pays = json_object_get(tx, "payments");
	size_t np = json_array_size(pays);
	if (np > SALES_MAX_PAYMENTS)
		return clario_err_set(err, CLARIO_ETOOBIG, "payments: more than %d", SALES_MAX_PAYMENTS);
	t->payments = arena_calloc(a, np ? np : 1, sizeof *t->payments);
	if (!t->payments)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	rupiah_t paid = 0;
	for (size_t i = 0; i < np; i++) {
		const json_t *p = json_array_get(pays, i);
		if ((st = connectors_money(p, "amount", &t->payments[t->n_payments].amount, err))) {
			clario_err_prefix(err, "payments[%zu]", i);
			return st;
		}
		if (t->payments[t->n_payments].amount < 0)
			return clario_err_set(err, CLARIO_EINVAL, "payments[%zu].amount: is negative", i);
		if (t->payments[t->n_payments].amount == 0)
			continue;
		t->payments[t->n_payments].method = connectors_payment(method_name(p));
		paid += t->payments[t->n_payments++].amount;
	}
	if (np == 0 && final_amount > 0) {
		t->payments[0].method = SALES_PAY_OTHER;
		t->payments[0].amount = final_amount;
		t->n_payments = 1;
		paid = final_amount;
	}
	if (paid != final_amount)
		return clario_err_set(err, CLARIO_EINVAL, "payments: add up to %lld, not final_amount %lld",
				      (long long)paid, (long long)final_amount);
	if ((st = connectors_rounding_line(t, final_amount, err)))
		return st;
	return sales_ticket_validate(t, err);
}
