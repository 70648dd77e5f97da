/* The analytics add-on switched on or off for one merchant by the partner that
 * sells it: a subscription sourced through that partner under its reseller
 * contract (created on, ended off), checked and audited in one transaction. */
#ifndef CLARIO_PARTNERS_ADDON_H
#define CLARIO_PARTNERS_ADDON_H

#include <stdbool.h>

#include "partners/programme.h"

struct partners_addon_result {
	bool changed;                  /* false: it already was in that state */
	struct store_subscription sub; /* the subscription now (id 0 if none ever) */
};

/* Turns the add-on of merchant_id on (active) or off for partner_id on day
 * today (UTC). The merchant must be the partner's (else CLARIO_ENOTFOUND, like
 * a missing merchant); switching on needs a reseller contract in force today
 * (else CLARIO_ECONFLICT) and starts a partner-sourced subscription at the
 * contract's add-on price from today (from the day after a subscription that
 * ended today, so no day is billed twice); switching off ends the open
 * subscription with today as its last active day. Repeating is a no-op. */
enum clario_status partners_addon_set(struct store *s, const struct partners_actor *a,
				      int64_t partner_id, int64_t merchant_id, bool active,
				      day_t today, struct partners_addon_result *res,
				      struct clario_err *err);

#endif
