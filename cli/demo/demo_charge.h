/* The money of a demo ticket: line discounts, the ticket promo, 5% service on
 * dine-in and 10% PB1 (base = net items + service, each rounded to whole
 * rupiah) and payments that add up exactly to the total due. All integer
 * rupiah. The random choices are drawn first into a plan, so a revision with
 * other lines is charged by the same rules. */
#ifndef CLARIO_CLI_DEMO_CHARGE_H
#define CLARIO_CLI_DEMO_CHARGE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/demo/demo_world.h"
#include "model/sales.h"

enum demo_promo {
	DEMO_PROMO_NONE,
	DEMO_PROMO_GAJIAN,   /* 10% around payday, at most Rp 20.000 */
	DEMO_PROMO_VOUCHER,  /* Rp 10.000 off from Rp 50.000 */
	DEMO_PROMO_DELIVERY, /* the merchant's own discount on delivery orders */
	DEMO_PROMO_BUKBER,   /* 15% for breaking the fast together, at most Rp 50.000 */
};

struct demo_charge_plan {
	enum demo_promo promo;
	enum sales_payment_method method[2];
	bool split;        /* paid in two parts (cash and another method) */
	int32_t split_bps; /* the first part's share of the total due */
};

/* Sets each line's discount from disc_bps[i] (floored to Rp 100), the ticket
 * discount, service charge, tax and, for a closed ticket, the payments (arena
 * memory). rounding is always 0. Fails only when the arena is exhausted. */
enum clario_status demo_charge_apply(const struct demo_charge_plan *plan,
				     const struct demo_merchant *m, const int32_t *disc_bps,
				     struct sales_ticket *t, struct arena *a,
				     struct clario_err *err);

#endif
