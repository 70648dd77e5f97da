/* Canonical sales model: names of enums, derived totals, the rules that hold
 * across fields, and the content digest used to tell revisions apart. */
#include "model/sales.h"

#include <sodium.h>
#include <string.h>

static const char *const channel_names[SALES_CHANNEL_COUNT] = {
	"dine_in", "takeaway", "gofood", "grabfood", "shopeefood", "other",
};
static const char *const payment_names[SALES_PAY_COUNT] = {
	"cash", "qris", "gopay", "ovo", "dana", "shopeepay", "debit", "credit", "other",
};

const char *sales_channel_name(enum sales_channel c)
{
	return (unsigned)c < SALES_CHANNEL_COUNT ? channel_names[c] : "other";
}

bool sales_channel_parse(const char *s, enum sales_channel *out)
{
	for (int i = 0; i < SALES_CHANNEL_COUNT; i++)
		if (strcmp(s, channel_names[i]) == 0) {
			*out = (enum sales_channel)i;
			return true;
		}
	return false;
}

const char *sales_payment_name(enum sales_payment_method m)
{
	return (unsigned)m < SALES_PAY_COUNT ? payment_names[m] : "other";
}

bool sales_payment_parse(const char *s, enum sales_payment_method *out)
{
	for (int i = 0; i < SALES_PAY_COUNT; i++)
		if (strcmp(s, payment_names[i]) == 0) {
			*out = (enum sales_payment_method)i;
			return true;
		}
	return false;
}

const char *sales_status_name(enum sales_status s)
{
	return s == SALES_STATUS_VOID ? "void" : "closed";
}

bool sales_status_parse(const char *s, enum sales_status *out)
{
	if (strcmp(s, "closed") == 0)
		*out = SALES_STATUS_CLOSED;
	else if (strcmp(s, "void") == 0)
		*out = SALES_STATUS_VOID;
	else
		return false;
	return true;
}

/* Field limits (qty ≤ 10^4, prices ≤ MONEY_MAX = 10^13, ≤ 20 modifiers) keep
 * every product and sum below here far from int64's 9.2 × 10^18. */
rupiah_t sales_line_gross(const struct sales_line *l)
{
	rupiah_t unit = l->unit_price;
	for (size_t i = 0; i < l->n_modifiers; i++)
		unit += l->modifiers[i].price;
	return unit * l->qty;
}

void sales_ticket_totals(const struct sales_ticket *t, struct sales_totals *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < t->n_lines; i++) {
		out->gross += sales_line_gross(&t->lines[i]);
		out->line_discounts += t->lines[i].discount;
	}
	for (size_t i = 0; i < t->n_discounts; i++)
		out->ticket_discounts += t->discounts[i].amount;
	out->net_items = out->gross - out->line_discounts - out->ticket_discounts;
	out->total_due = out->net_items + t->service_charge + t->tax + t->rounding;
	for (size_t i = 0; i < t->n_payments; i++)
		out->paid += t->payments[i].amount;
	for (size_t i = 0; i < t->n_refunds; i++)
		out->refunded += t->refunds[i].amount;
}

static const struct sales_line *find_line(const struct sales_ticket *t, const char *item_id,
					  int64_t *qty_sold)
{
	const struct sales_line *found = NULL;
	*qty_sold = 0;
	for (size_t i = 0; i < t->n_lines; i++)
		if (strcmp(t->lines[i].item_id, item_id) == 0) {
			found = &t->lines[i];
			*qty_sold += t->lines[i].qty;
		}
	return found;
}

enum clario_status sales_ticket_validate(const struct sales_ticket *t, struct clario_err *err)
{
	if (t->n_lines == 0)
		return clario_err_set(err, CLARIO_EINVAL, "lines: a ticket needs at least one line");
	/* Bound every line and the running gross before any sum is trusted: each
	 * field is within MONEY_MAX, but 500 lines of them need not be. */
	rupiah_t gross = 0;
	for (size_t i = 0; i < t->n_lines; i++) {
		const struct sales_line *l = &t->lines[i];
		rupiah_t unit = l->unit_price, line;
		for (size_t k = 0; k < l->n_modifiers; k++)
			unit += l->modifiers[k].price; /* ≤ 21 × 10^13: no overflow */
		if (unit > MONEY_MAX || !money_mul(unit, l->qty, &line) || line > MONEY_MAX ||
		    !money_add(gross, line, &gross) || gross > MONEY_MAX)
			return clario_err_set(err, CLARIO_EINVAL,
					      "lines: the ticket's gross exceeds Rp 10^13 (at lines[%zu])", i);
	}
	if (t->opened_at && t->opened_at > t->closed_at)
		return clario_err_set(err, CLARIO_EINVAL, "opened_at: is after closed_at");
	for (size_t i = 0; i < t->n_lines; i++) {
		rupiah_t g = sales_line_gross(&t->lines[i]);
		if (t->lines[i].discount > g)
			return clario_err_set(err, CLARIO_EINVAL,
					      "lines[%zu].discount: %lld is more than the line gross %lld",
					      i, (long long)t->lines[i].discount, (long long)g);
	}
	struct sales_totals tot;
	sales_ticket_totals(t, &tot);
	if (tot.net_items < 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "discounts: ticket discounts %lld exceed the items' net after line discounts %lld",
				      (long long)tot.ticket_discounts,
				      (long long)(tot.gross - tot.line_discounts));
	if (t->status == SALES_STATUS_CLOSED) {
		if (tot.total_due < 0)
			return clario_err_set(err, CLARIO_EINVAL, "rounding: makes the total due negative");
		if (tot.paid != tot.total_due)
			return clario_err_set(err, CLARIO_EINVAL,
					      "payments: add up to %lld but the total due is %lld (net items %lld + service charge %lld + tax %lld + rounding %lld)",
					      (long long)tot.paid, (long long)tot.total_due,
					      (long long)tot.net_items, (long long)t->service_charge,
					      (long long)t->tax, (long long)t->rounding);
	} else if (t->n_refunds > 0) {
		return clario_err_set(err, CLARIO_EINVAL,
				      "refunds: a void ticket cannot carry refunds");
	}
	for (size_t i = 0; i < t->n_refunds; i++) {
		const struct sales_refund *r = &t->refunds[i];
		if (r->at < t->closed_at)
			return clario_err_set(err, CLARIO_EINVAL, "refunds[%zu].at: is before closed_at", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->refunds[j].refund_id, r->refund_id) == 0)
				return clario_err_set(err, CLARIO_EINVAL,
						      "refunds[%zu].refund_id: \"%s\" appears twice", i,
						      r->refund_id);
		if (r->n_lines) {
			rupiah_t sum = 0;
			for (size_t k = 0; k < r->n_lines; k++) {
				int64_t sold;
				if (!find_line(t, r->lines[k].item_id, &sold))
					return clario_err_set(err, CLARIO_EINVAL,
							      "refunds[%zu].lines[%zu].item_id: \"%s\" is not on the ticket",
							      i, k, r->lines[k].item_id);
				if (r->lines[k].qty > sold)
					return clario_err_set(err, CLARIO_EINVAL,
							      "refunds[%zu].lines[%zu].qty: %d is more than the %lld sold",
							      i, k, r->lines[k].qty, (long long)sold);
				sum += r->lines[k].amount;
			}
			if (sum != r->amount)
				return clario_err_set(err, CLARIO_EINVAL,
						      "refunds[%zu].lines: add up to %lld, not the refund amount %lld",
						      i, (long long)sum, (long long)r->amount);
		}
	}
	if (tot.refunded > tot.net_items)
		return clario_err_set(err, CLARIO_EINVAL,
				      "refunds: add up to %lld, more than the net item sales %lld",
				      (long long)tot.refunded, (long long)tot.net_items);
	return CLARIO_OK;
}

/* The digest hashes a fixed binary framing of every field except revision and
 * refunds: strings with their length, integers as 8 little-endian bytes. */
static void dg_int(crypto_generichash_state *st, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (8 * i));
	crypto_generichash_update(st, b, sizeof b);
}

static void dg_str(crypto_generichash_state *st, const char *s)
{
	if (!s) {
		dg_int(st, -1);
		return;
	}
	size_t n = strlen(s);
	dg_int(st, (int64_t)n);
	crypto_generichash_update(st, (const unsigned char *)s, n);
}

void sales_ticket_digest(const struct sales_ticket *t, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	dg_str(&st, t->outlet_id);
	dg_str(&st, t->ticket_id);
	dg_int(&st, t->status);
	dg_int(&st, t->opened_at);
	dg_int(&st, t->closed_at);
	dg_int(&st, t->channel);
	dg_int(&st, t->covers);
	dg_str(&st, t->customer_id);
	dg_str(&st, t->cashier_id);
	dg_int(&st, (int64_t)t->n_lines);
	for (size_t i = 0; i < t->n_lines; i++) {
		const struct sales_line *l = &t->lines[i];
		dg_str(&st, l->item_id);
		dg_str(&st, l->name);
		dg_str(&st, l->category);
		dg_int(&st, l->qty);
		dg_int(&st, l->unit_price);
		dg_int(&st, l->discount);
		dg_int(&st, (int64_t)l->n_modifiers);
		for (size_t k = 0; k < l->n_modifiers; k++) {
			dg_str(&st, l->modifiers[k].name);
			dg_int(&st, l->modifiers[k].price);
		}
	}
	dg_int(&st, (int64_t)t->n_discounts);
	for (size_t i = 0; i < t->n_discounts; i++) {
		dg_str(&st, t->discounts[i].name);
		dg_int(&st, t->discounts[i].amount);
	}
	dg_int(&st, t->service_charge);
	dg_int(&st, t->tax);
	dg_int(&st, t->rounding);
	dg_int(&st, (int64_t)t->n_payments);
	for (size_t i = 0; i < t->n_payments; i++) {
		dg_int(&st, t->payments[i].method);
		dg_int(&st, t->payments[i].amount);
		dg_str(&st, t->payments[i].reference);
	}
	crypto_generichash_final(&st, out, 32);
}
