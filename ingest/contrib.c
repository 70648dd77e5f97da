/* What one ticket or refund adds to the rollups. Used with sign +1 for a new
 * revision and −1 for the one it replaces, and by the rebuild. */
#include <stdlib.h>
#include <string.h>

#include "ingest/internal.h"
#include "store/rollups_ext.h"

enum clario_status ingest__discount_shares(const struct sales_ticket *t, rupiah_t *shares,
					   struct clario_err *err)
{
	struct sales_totals tot;
	sales_ticket_totals(t, &tot);
	if (tot.ticket_discounts == 0) {
		memset(shares, 0, t->n_lines * sizeof *shares);
		return CLARIO_OK;
	}
	int64_t *w = malloc(t->n_lines * sizeof *w);
	if (!w)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->n_lines; i++)
		w[i] = sales_line_gross(&t->lines[i]) - t->lines[i].discount;
	enum clario_status st = money_split(tot.ticket_discounts, w, t->n_lines, shares, err);
	free(w);
	return st;
}

/* The ticket's distinct items, each pair of them, and the ticket itself
 * (0, 0) to the basket's pair rollup. */
static enum clario_status pairs_contrib(struct store *s, const struct sales_ticket *t,
					const struct store_ticket_place *place, int sign,
					struct clario_err *err)
{
	if (t->n_lines == 0)
		return CLARIO_OK;
	int64_t *d = malloc(t->n_lines * sizeof *d);
	if (!d)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < t->n_lines; i++) { /* insertion sort: tickets are short */
		int64_t v = place->item_ids[i];
		size_t j = n;
		while (j > 0 && d[j - 1] > v)
			j--;
		if (j > 0 && d[j - 1] == v)
			continue;
		memmove(d + j + 1, d + j, (n - j) * sizeof *d);
		d[j] = v;
		n++;
	}
	enum clario_status st = store_rollup_pair_add(s, place->merchant_id, place->outlet_id,
						      place->business_day, 0, 0, sign, err);
	for (size_t i = 0; i < n && st == CLARIO_OK; i++)
		for (size_t j = i; j < n && st == CLARIO_OK; j++)
			st = store_rollup_pair_add(s, place->merchant_id, place->outlet_id,
						   place->business_day, d[i], d[j], sign, err);
	free(d);
	return st;
}

enum clario_status ingest__ticket_contrib(struct store *s, const struct sales_ticket *t,
					  const struct store_ticket_place *place, int sign,
					  struct clario_err *err)
{
	struct sales_totals tot;
	sales_ticket_totals(t, &tot);
	struct rollup_hour h = {
		.merchant_id = place->merchant_id,
		.outlet_id = place->outlet_id,
		.day = place->business_day,
		.hour = place->hour,
	};
	struct rollup_cashier_day cd = {
		.merchant_id = place->merchant_id,
		.outlet_id = place->outlet_id,
		.cashier_id = t->cashier_id,
		.day = place->business_day,
	};
	if (t->status == SALES_STATUS_VOID) {
		h.voids = sign;
		h.void_gross = sign * tot.gross;
		cd.voids = sign;
		enum clario_status st = store_rollup_hour_add(s, &h, err);
		return st == CLARIO_OK && t->cashier_id ? store_rollup_cashier_add(s, &cd, err) : st;
	}
	h.gross = sign * tot.gross;
	h.line_discounts = sign * tot.line_discounts;
	h.ticket_discounts = sign * tot.ticket_discounts;
	h.tax = sign * t->tax;
	h.service_charge = sign * t->service_charge;
	h.rounding = sign * t->rounding;
	h.tickets = sign;
	h.covers = sign * t->covers;
	h.discounted_tickets = (tot.line_discounts + tot.ticket_discounts) > 0 ? sign : 0;
	enum clario_status st = store_rollup_hour_add(s, &h, err);
	if (st == CLARIO_OK && t->cashier_id) {
		/* Any discount line or ticket discount, as the alerts have always
		 * counted it (a zero-amount discount does not count). */
		bool discounted = false;
		for (size_t i = 0; i < t->n_lines && !discounted; i++)
			discounted = t->lines[i].discount != 0;
		for (size_t i = 0; i < t->n_discounts && !discounted; i++)
			discounted = t->discounts[i].amount != 0;
		cd.closed = sign;
		cd.discounted = discounted ? sign : 0;
		st = store_rollup_cashier_add(s, &cd, err);
	}
	if (st == CLARIO_OK)
		st = pairs_contrib(s, t, place, sign, err);
	if (st != CLARIO_OK)
		return st;

	rupiah_t *shares = malloc(t->n_lines * sizeof *shares);
	if (!shares)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	st = ingest__discount_shares(t, shares, err);
	/* One row per distinct item: an item on two lines is one ticket for it. */
	for (size_t i = 0; i < t->n_lines && st == CLARIO_OK; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = place->item_ids[j] == place->item_ids[i];
		if (seen)
			continue;
		struct rollup_item_day d = {
			.merchant_id = place->merchant_id,
			.outlet_id = place->outlet_id,
			.item_id = place->item_ids[i],
			.day = place->business_day,
			.tickets = sign,
		};
		for (size_t j = i; j < t->n_lines; j++) {
			if (place->item_ids[j] != place->item_ids[i])
				continue;
			d.qty += sign * t->lines[j].qty;
			d.gross += sign * sales_line_gross(&t->lines[j]);
			d.discounts += sign * (t->lines[j].discount + shares[j]);
		}
		st = store_rollup_item_add(s, &d, err);
	}
	free(shares);
	return st;
}

enum clario_status ingest__refund_contrib(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t day, int hour, rupiah_t amount,
					  const struct store_refund_alloc *alloc, size_t n_alloc,
					  const char *cashier, struct clario_err *err)
{
	struct rollup_hour h = {
		.merchant_id = merchant_id,
		.outlet_id = outlet_id,
		.day = day,
		.hour = hour,
		.refunds = amount,
		.refund_count = 1,
	};
	enum clario_status st = store_rollup_hour_add(s, &h, err);
	if (st == CLARIO_OK && cashier) {
		struct rollup_cashier_day cd = {.merchant_id = merchant_id, .outlet_id = outlet_id,
						.cashier_id = cashier, .day = day, .refunds = 1};
		st = store_rollup_cashier_add(s, &cd, err);
	}
	for (size_t i = 0; i < n_alloc && st == CLARIO_OK; i++) {
		struct rollup_item_day d = {
			.merchant_id = merchant_id,
			.outlet_id = outlet_id,
			.item_id = alloc[i].item_id,
			.day = day,
			.refund_qty = alloc[i].qty,
			.refunds = alloc[i].amount,
		};
		st = store_rollup_item_add(s, &d, err);
	}
	return st;
}

/* Adds (item, qty, amount) to the allocation, merging with an existing entry. */
static void alloc_add(struct store_refund_alloc *alloc, size_t *n, int64_t item_id, int32_t qty,
		      rupiah_t amount)
{
	for (size_t i = 0; i < *n; i++)
		if (alloc[i].item_id == item_id) {
			alloc[i].qty += qty;
			alloc[i].amount += amount;
			return;
		}
	alloc[*n] = (struct store_refund_alloc){.item_id = item_id, .qty = qty, .amount = amount};
	(*n)++;
}

enum clario_status ingest__refund_alloc(const struct sales_ticket *t, const int64_t *item_ids,
					const struct sales_refund *r, struct arena *a,
					struct store_refund_alloc **alloc, size_t *n,
					struct clario_err *err)
{
	size_t cap = r->n_lines > t->n_lines ? r->n_lines : t->n_lines;
	*n = 0;
	*alloc = arena_calloc(a, cap ? cap : 1, sizeof **alloc);
	if (!*alloc)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	if (r->n_lines) {
		for (size_t k = 0; k < r->n_lines; k++) {
			size_t li = t->n_lines;
			for (size_t i = 0; i < t->n_lines && li == t->n_lines; i++)
				if (strcmp(t->lines[i].item_id, r->lines[k].item_id) == 0)
					li = i;
			if (li == t->n_lines)
				return clario_err_set(err, CLARIO_EINVAL,
						      "refunds: item \"%s\" is not on the stored ticket",
						      r->lines[k].item_id);
			alloc_add(*alloc, n, item_ids[li], r->lines[k].qty, r->lines[k].amount);
		}
		return CLARIO_OK;
	}
	rupiah_t *shares = arena_calloc(a, t->n_lines, sizeof *shares);
	rupiah_t *parts = arena_calloc(a, t->n_lines, sizeof *parts);
	int64_t *w = arena_calloc(a, t->n_lines, sizeof *w);
	if (!shares || !parts || !w)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = ingest__discount_shares(t, shares, err);
	if (st != CLARIO_OK)
		return st;
	int64_t sum = 0;
	for (size_t i = 0; i < t->n_lines; i++) {
		w[i] = sales_line_gross(&t->lines[i]) - t->lines[i].discount - shares[i];
		sum += w[i];
	}
	if (sum == 0) /* nothing was sold for money: spread evenly over the lines */
		for (size_t i = 0; i < t->n_lines; i++)
			w[i] = 1;
	st = money_split(r->amount, w, t->n_lines, parts, err);
	for (size_t i = 0; i < t->n_lines && st == CLARIO_OK; i++)
		if (parts[i])
			alloc_add(*alloc, n, item_ids[i], 0, parts[i]);
	return st;
}
