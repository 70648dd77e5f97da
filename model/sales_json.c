/* Canonical ticket JSON: parsing with precise field-path errors, and encoding.
 * Money and counts must be JSON integers; a real (25000.0) is rejected so no
 * float ever reaches a rupiah. */
#include "model/sales.h"

#include <string.h>

struct jctx {
	struct arena *arena;
	struct clario_err *err;
};

static enum clario_status oom(struct jctx *c)
{
	return clario_err_set(c->err, CLARIO_ENOMEM, "out of memory");
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a decimal number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "unknown";
}

/* A string field: required (error if absent/null) or optional (*out = NULL). */
static enum clario_status get_str(struct jctx *c, const json_t *obj, const char *key,
				  bool required, size_t maxlen, const char **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return clario_err_set(c->err, CLARIO_EINVAL, "%s: is required", key);
		return CLARIO_OK;
	}
	if (!json_is_string(v))
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: must be a string, got %s", key,
				      json_type_name(v));
	size_t len = json_string_length(v);
	const char *s = json_string_value(v);
	if (len == 0 && required)
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: must not be empty", key);
	if (len > maxlen)
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: longer than %zu bytes", key, maxlen);
	if (memchr(s, '\0', len))
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: contains a NUL character", key);
	*out = arena_strndup(c->arena, s, len);
	return *out ? CLARIO_OK : oom(c);
}

static enum clario_status get_int(struct jctx *c, const json_t *obj, const char *key,
				  bool required, int64_t dflt, int64_t lo, int64_t hi, int64_t *out)
{
	const json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required)
			return clario_err_set(c->err, CLARIO_EINVAL, "%s: is required", key);
		*out = dflt;
		return CLARIO_OK;
	}
	if (!json_is_integer(v))
		return clario_err_set(c->err, CLARIO_EINVAL,
				      "%s: must be an integer%s, got %s", key,
				      json_is_real(v) ? " (whole rupiah, no decimals)" : "",
				      json_type_name(v));
	json_int_t n = json_integer_value(v);
	if (n < lo || n > hi)
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: must be between %lld and %lld, got %lld",
				      key, (long long)lo, (long long)hi, (long long)n);
	*out = n;
	return CLARIO_OK;
}

static enum clario_status get_i32(struct jctx *c, const json_t *obj, const char *key,
				  bool required, int32_t dflt, int32_t lo, int32_t hi, int32_t *out)
{
	int64_t v;
	enum clario_status st = get_int(c, obj, key, required, dflt, lo, hi, &v);
	if (st == CLARIO_OK)
		*out = (int32_t)v;
	return st;
}

static enum clario_status get_time(struct jctx *c, const json_t *obj, const char *key,
				   bool required, instant_t *out)
{
	const char *s;
	enum clario_status st = get_str(c, obj, key, required, 64, &s);
	if (st != CLARIO_OK)
		return st;
	*out = 0;
	if (!s)
		return CLARIO_OK;
	st = tz_parse_rfc3339(s, out, c->err);
	if (st != CLARIO_OK)
		clario_err_prefix(c->err, "%s: ", key);
	return st;
}

/* Gets an array field (and its length), checking its type and maximum length. */
static enum clario_status get_array(struct jctx *c, const json_t *obj, const char *key,
				    size_t max, const json_t **arr, size_t *n)
{
	const json_t *v = json_object_get(obj, key);
	*arr = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return CLARIO_OK;
	if (!json_is_array(v))
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: must be an array, got %s", key,
				      json_type_name(v));
	if (json_array_size(v) > max)
		return clario_err_set(c->err, CLARIO_EINVAL, "%s: at most %zu entries, got %zu", key,
				      max, json_array_size(v));
	*arr = v;
	*n = json_array_size(v);
	return CLARIO_OK;
}

static enum clario_status need_object(struct jctx *c, const json_t *v)
{
	if (!json_is_object(v))
		return clario_err_set(c->err, CLARIO_EINVAL, "must be an object, got %s",
				      json_type_name(v));
	return CLARIO_OK;
}

static enum clario_status parse_line(struct jctx *c, const json_t *j, struct sales_line *l)
{
	enum clario_status st;
	if ((st = need_object(c, j)) ||
	    (st = get_str(c, j, "item_id", true, SALES_MAX_ID_LEN, &l->item_id)) ||
	    (st = get_str(c, j, "name", true, SALES_MAX_TEXT_LEN, &l->name)) ||
	    (st = get_str(c, j, "category", false, SALES_MAX_TEXT_LEN, &l->category)) ||
	    (st = get_i32(c, j, "qty", true, 0, 1, SALES_MAX_QTY, &l->qty)) ||
	    (st = get_int(c, j, "unit_price", true, 0, 0, MONEY_MAX, &l->unit_price)) ||
	    (st = get_int(c, j, "discount", false, 0, 0, MONEY_MAX, &l->discount)))
		return st;
	const json_t *mods;
	if ((st = get_array(c, j, "modifiers", SALES_MAX_MODIFIERS, &mods, &l->n_modifiers)))
		return st;
	if (l->n_modifiers) {
		l->modifiers = arena_calloc(c->arena, l->n_modifiers, sizeof *l->modifiers);
		if (!l->modifiers)
			return oom(c);
	}
	for (size_t i = 0; i < l->n_modifiers; i++) {
		const json_t *m = json_array_get(mods, i);
		if ((st = need_object(c, m)) ||
		    (st = get_str(c, m, "name", true, SALES_MAX_TEXT_LEN, &l->modifiers[i].name)) ||
		    (st = get_int(c, m, "price", false, 0, 0, MONEY_MAX, &l->modifiers[i].price))) {
			clario_err_prefix(c->err, "modifiers[%zu]", i);
			return st;
		}
	}
	return CLARIO_OK;
}

static enum clario_status parse_refund(struct jctx *c, const json_t *j, struct sales_refund *r)
{
	enum clario_status st;
	if ((st = need_object(c, j)) ||
	    (st = get_str(c, j, "refund_id", true, SALES_MAX_ID_LEN, &r->refund_id)) ||
	    (st = get_time(c, j, "at", true, &r->at)) ||
	    (st = get_int(c, j, "amount", true, 0, 1, MONEY_MAX, &r->amount)) ||
	    (st = get_str(c, j, "reason", false, SALES_MAX_TEXT_LEN, &r->reason)))
		return st;
	const json_t *lines;
	if ((st = get_array(c, j, "lines", SALES_MAX_LINES, &lines, &r->n_lines)))
		return st;
	if (r->n_lines) {
		r->lines = arena_calloc(c->arena, r->n_lines, sizeof *r->lines);
		if (!r->lines)
			return oom(c);
	}
	for (size_t i = 0; i < r->n_lines; i++) {
		const json_t *l = json_array_get(lines, i);
		struct sales_refund_line *rl = &r->lines[i];
		if ((st = need_object(c, l)) ||
		    (st = get_str(c, l, "item_id", true, SALES_MAX_ID_LEN, &rl->item_id)) ||
		    (st = get_i32(c, l, "qty", false, 0, 0, SALES_MAX_QTY, &rl->qty)) ||
		    (st = get_int(c, l, "amount", true, 0, 1, MONEY_MAX, &rl->amount))) {
			clario_err_prefix(c->err, "lines[%zu]", i);
			return st;
		}
	}
	return CLARIO_OK;
}

/* Parses each element of a JSON array field with fn, prefixing errors with key[i]. */
#define PARSE_EACH(c, j, key, max, arr, n, fn)                                         \
	do {                                                                           \
		const json_t *a_;                                                      \
		if ((st = get_array(c, j, key, max, &a_, &(n))))                       \
			return st;                                                     \
		if (n) {                                                               \
			(arr) = arena_calloc((c)->arena, n, sizeof *(arr));            \
			if (!(arr))                                                    \
				return oom(c);                                         \
		}                                                                      \
		for (size_t i_ = 0; i_ < (n); i_++)                                    \
			if ((st = fn(c, json_array_get(a_, i_), &(arr)[i_]))) {        \
				clario_err_prefix((c)->err, "%s[%zu]", key, i_);        \
				return st;                                             \
			}                                                              \
	} while (0)

static enum clario_status parse_discount(struct jctx *c, const json_t *j, struct sales_discount *d)
{
	enum clario_status st;
	if ((st = need_object(c, j)) ||
	    (st = get_str(c, j, "name", false, SALES_MAX_TEXT_LEN, &d->name)) ||
	    (st = get_int(c, j, "amount", true, 0, 1, MONEY_MAX, &d->amount)))
		return st;
	return CLARIO_OK;
}

static enum clario_status parse_payment(struct jctx *c, const json_t *j, struct sales_payment *p)
{
	enum clario_status st;
	const char *method;
	if ((st = need_object(c, j)) ||
	    (st = get_str(c, j, "method", true, 32, &method)) ||
	    (st = get_int(c, j, "amount", true, 0, 1, MONEY_MAX, &p->amount)) ||
	    (st = get_str(c, j, "reference", false, SALES_MAX_ID_LEN, &p->reference)))
		return st;
	if (!sales_payment_parse(method, &p->method))
		return clario_err_set(c->err, CLARIO_EINVAL,
				      "method: unknown payment method \"%s\" (cash, qris, gopay, ovo, dana, shopeepay, debit, credit, other)",
				      method);
	return CLARIO_OK;
}

enum clario_status sales_ticket_from_json(const json_t *j, struct arena *arena,
					  struct sales_ticket *t, struct clario_err *err)
{
	struct jctx cx = {.arena = arena, .err = err};
	struct jctx *c = &cx;
	enum clario_status st;
	const char *status = NULL, *channel = NULL;
	memset(t, 0, sizeof *t);
	if ((st = need_object(c, j)) ||
	    (st = get_str(c, j, "source", false, 32, &t->source)) ||
	    (st = get_str(c, j, "outlet_id", true, SALES_MAX_ID_LEN, &t->outlet_id)) ||
	    (st = get_str(c, j, "ticket_id", true, SALES_MAX_ID_LEN, &t->ticket_id)) ||
	    (st = get_int(c, j, "revision", false, 1, 1, INT64_MAX, &t->revision)) ||
	    (st = get_str(c, j, "status", false, 16, &status)) ||
	    (st = get_time(c, j, "opened_at", false, &t->opened_at)) ||
	    (st = get_time(c, j, "closed_at", true, &t->closed_at)) ||
	    (st = get_str(c, j, "channel", true, 32, &channel)) ||
	    (st = get_i32(c, j, "covers", false, 0, 0, SALES_MAX_COVERS, &t->covers)) ||
	    (st = get_str(c, j, "customer_id", false, SALES_MAX_ID_LEN, &t->customer_id)) ||
	    (st = get_str(c, j, "cashier_id", false, SALES_MAX_ID_LEN, &t->cashier_id)) ||
	    (st = get_int(c, j, "service_charge", false, 0, 0, MONEY_MAX, &t->service_charge)) ||
	    (st = get_int(c, j, "tax", false, 0, 0, MONEY_MAX, &t->tax)) ||
	    (st = get_int(c, j, "rounding", false, 0, -SALES_MAX_ROUNDING, SALES_MAX_ROUNDING,
			  &t->rounding)))
		return st;
	t->status = SALES_STATUS_CLOSED;
	if (status && !sales_status_parse(status, &t->status))
		return clario_err_set(err, CLARIO_EINVAL, "status: must be \"closed\" or \"void\", got \"%s\"",
				      status);
	if (!sales_channel_parse(channel, &t->channel))
		return clario_err_set(err, CLARIO_EINVAL,
				      "channel: unknown channel \"%s\" (dine_in, takeaway, gofood, grabfood, shopeefood, other)",
				      channel);
	PARSE_EACH(c, j, "lines", SALES_MAX_LINES, t->lines, t->n_lines, parse_line);
	PARSE_EACH(c, j, "discounts", SALES_MAX_DISCOUNTS, t->discounts, t->n_discounts, parse_discount);
	PARSE_EACH(c, j, "payments", SALES_MAX_PAYMENTS, t->payments, t->n_payments, parse_payment);
	PARSE_EACH(c, j, "refunds", SALES_MAX_REFUNDS, t->refunds, t->n_refunds, parse_refund);
	return sales_ticket_validate(t, err);
}

/* ---- encoding ---- */

static int set_str(json_t *o, const char *k, const char *v)
{
	return v ? json_object_set_new(o, k, json_string(v)) : 0;
}

static int set_time(json_t *o, const char *k, instant_t t)
{
	char buf[21];
	tz_format_rfc3339_utc(t, buf);
	return json_object_set_new(o, k, json_string(buf));
}

json_t *sales_ticket_to_json(const struct sales_ticket *t)
{
	json_t *o = json_object();
	json_t *lines = json_array(), *discounts = json_array(), *payments = json_array(),
	       *refunds = json_array();
	int rc = !o || !lines || !discounts || !payments || !refunds;
	rc |= set_str(o, "source", t->source);
	rc |= set_str(o, "outlet_id", t->outlet_id);
	rc |= set_str(o, "ticket_id", t->ticket_id);
	rc |= json_object_set_new(o, "revision", json_integer(t->revision));
	rc |= set_str(o, "status", sales_status_name(t->status));
	if (t->opened_at)
		rc |= set_time(o, "opened_at", t->opened_at);
	rc |= set_time(o, "closed_at", t->closed_at);
	rc |= set_str(o, "channel", sales_channel_name(t->channel));
	rc |= json_object_set_new(o, "covers", json_integer(t->covers));
	rc |= set_str(o, "customer_id", t->customer_id);
	rc |= set_str(o, "cashier_id", t->cashier_id);
	for (size_t i = 0; i < t->n_lines && !rc; i++) {
		const struct sales_line *l = &t->lines[i];
		json_t *lj = json_pack("{s:s, s:s, s:i, s:I, s:I}", "item_id", l->item_id, "name",
				       l->name, "qty", l->qty, "unit_price", (json_int_t)l->unit_price,
				       "discount", (json_int_t)l->discount);
		rc |= !lj || set_str(lj, "category", l->category);
		if (lj && l->n_modifiers) {
			json_t *mods = json_array();
			for (size_t k = 0; k < l->n_modifiers && mods; k++)
				rc |= json_array_append_new(mods, json_pack("{s:s, s:I}", "name",
						l->modifiers[k].name, "price",
						(json_int_t)l->modifiers[k].price));
			rc |= json_object_set_new(lj, "modifiers", mods);
		}
		rc |= json_array_append_new(lines, lj);
	}
	for (size_t i = 0; i < t->n_discounts && !rc; i++)
		rc |= json_array_append_new(discounts,
			json_pack("{s:s?, s:I}", "name", t->discounts[i].name, "amount",
				  (json_int_t)t->discounts[i].amount));
	for (size_t i = 0; i < t->n_payments && !rc; i++)
		rc |= json_array_append_new(payments,
			json_pack("{s:s, s:I, s:s?}", "method", sales_payment_name(t->payments[i].method),
				  "amount", (json_int_t)t->payments[i].amount, "reference",
				  t->payments[i].reference));
	for (size_t i = 0; i < t->n_refunds && !rc; i++) {
		const struct sales_refund *r = &t->refunds[i];
		char at[21];
		tz_format_rfc3339_utc(r->at, at);
		json_t *rj = json_pack("{s:s, s:s, s:I, s:s?}", "refund_id", r->refund_id, "at", at,
				       "amount", (json_int_t)r->amount, "reason", r->reason);
		if (rj && r->n_lines) {
			json_t *rl = json_array();
			for (size_t k = 0; k < r->n_lines && rl; k++)
				rc |= json_array_append_new(rl, json_pack("{s:s, s:i, s:I}", "item_id",
						r->lines[k].item_id, "qty", r->lines[k].qty, "amount",
						(json_int_t)r->lines[k].amount));
			rc |= json_object_set_new(rj, "lines", rl);
		}
		rc |= json_array_append_new(refunds, rj);
	}
	rc |= json_object_set_new(o, "lines", lines);
	lines = NULL;
	rc |= json_object_set_new(o, "discounts", discounts);
	discounts = NULL;
	rc |= json_object_set_new(o, "service_charge", json_integer(t->service_charge));
	rc |= json_object_set_new(o, "tax", json_integer(t->tax));
	rc |= json_object_set_new(o, "rounding", json_integer(t->rounding));
	rc |= json_object_set_new(o, "payments", payments);
	payments = NULL;
	rc |= json_object_set_new(o, "refunds", refunds);
	refunds = NULL;
	if (rc) {
		json_decref(o);
		json_decref(lines);
		json_decref(discounts);
		json_decref(payments);
		json_decref(refunds);
		return NULL;
	}
	return o;
}
