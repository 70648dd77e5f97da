/* Charging a demo ticket by the rules of docs/model.md: net items = gross −
 * line discounts − ticket discounts; total due = net + service + tax; closed
 * tickets are paid exactly. Discounts never take more than half the bill, so
 * every ticket still has something to pay and to refund. */
#include "cli/demo/demo_charge.h"

static const char *const promo_names[] = {
	[DEMO_PROMO_NONE] = NULL,
	[DEMO_PROMO_GAJIAN] = "Promo Gajian 10%",
	[DEMO_PROMO_VOUCHER] = "Voucher Rp 10.000",
	[DEMO_PROMO_DELIVERY] = "Promo Ongkir",
	[DEMO_PROMO_BUKBER] = "Paket Bukber 15%",
};

/* amount × bps, floored to whole Rp 100 as tills print discounts. */
static rupiah_t pct_floor100(rupiah_t amount, int32_t bps)
{
	return amount * bps / BPS_ONE / 100 * 100;
}

static rupiah_t promo_amount(enum demo_promo promo, const struct demo_merchant *m,
			     rupiah_t after_lines)
{
	rupiah_t a = 0;
	switch (promo) {
	case DEMO_PROMO_GAJIAN:
		a = pct_floor100(after_lines, 1000);
		a = a > 20000 ? 20000 : a;
		break;
	case DEMO_PROMO_VOUCHER:
		a = after_lines >= 50000 ? 10000 : 0;
		break;
	case DEMO_PROMO_DELIVERY:
		a = after_lines >= 30000 ? m->delivery_promo : 0;
		break;
	case DEMO_PROMO_BUKBER:
		a = pct_floor100(after_lines, 1500);
		a = a > 50000 ? 50000 : a;
		break;
	case DEMO_PROMO_NONE:
		break;
	}
	return a > after_lines / 2 ? 0 : a;
}

enum clario_status demo_charge_apply(const struct demo_charge_plan *plan,
				     const struct demo_merchant *m, const int32_t *disc_bps,
				     struct sales_ticket *t, struct arena *a,
				     struct clario_err *err)
{
	rupiah_t after_lines = 0;
	for (size_t i = 0; i < t->n_lines; i++) {
		rupiah_t gross = sales_line_gross(&t->lines[i]);
		t->lines[i].discount = pct_floor100(gross, disc_bps[i]);
		after_lines += gross - t->lines[i].discount;
	}
	t->discounts = NULL;
	t->n_discounts = 0;
	rupiah_t promo = promo_amount(plan->promo, m, after_lines);
	if (promo > 0) {
		t->discounts = arena_alloc(a, sizeof *t->discounts);
		if (!t->discounts)
			return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for a ticket");
		t->discounts[0] = (struct sales_discount){ promo_names[plan->promo], promo };
		t->n_discounts = 1;
	}
	rupiah_t net = after_lines - promo;
	t->service_charge = m->service && t->channel == SALES_CHANNEL_DINE_IN
				    ? money_apply_bps(net, 500) : 0;
	t->tax = m->tax ? money_apply_bps(net + t->service_charge, 1000) : 0;
	t->rounding = 0;
	t->payments = NULL;
	t->n_payments = 0;
	rupiah_t total = net + t->service_charge + t->tax;
	if (t->status != SALES_STATUS_CLOSED || total <= 0)
		return CLARIO_OK;
	t->payments = arena_calloc(a, 2, sizeof *t->payments);
	if (!t->payments)
		return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for a ticket");
	/* A split bill pays a round part in cash (in Rp 1.000) and the rest by
	 * the other method; both parts must be positive. */
	rupiah_t first = total;
	if (plan->split && total >= 20000) {
		first = total * plan->split_bps / BPS_ONE / 1000 * 1000;
		if (first < 1000)
			first = 1000;
		if (first >= total)
			first = total;
	}
	t->payments[t->n_payments++] = (struct sales_payment){ plan->method[0], first, NULL };
	if (first < total)
		t->payments[t->n_payments++] =
			(struct sales_payment){ plan->method[1], total - first, NULL };
	return CLARIO_OK;
}
