/* The demo's partner programme: contracts for the demo partners (Moka
 * reseller 70/30, Pawoon white-label, Qasir co-sell, two consultants as
 * channel partners), subscriptions with staggered starts, churn, a pause and
 * referrals, and every month of the demo closed so statements exist. */
#ifndef CLARIO_CLI_DEMO_BILLING_H
#define CLARIO_CLI_DEMO_BILLING_H

#include "cli/demo/demo_world.h"
#include "store/store.h"

/* Runs after the merchants exist (demo_setup). */
enum clario_status demo_billing(struct store *s, struct demo_world *w, struct clario_err *err);

#endif
