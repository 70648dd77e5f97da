/* A partner switching the analytics add-on on or off for one of its merchants
 * (partner portal): the check of ownership and contract, the subscription
 * change and its audit row happen in one transaction under the write lock, so
 * two clicks at once make one subscription. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partners/addon.h"

enum clario_status partners_addon_set(struct store *s, const struct partners_actor *a,
				      int64_t partner_id, int64_t merchant_id, bool active,
				      day_t today, struct partners_addon_result *res,
				      struct clario_err *err)
{
	struct store_subscription *subs = NULL;
	size_t n = 0;
	memset(res, 0, sizeof *res);
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	struct store_merchant m;
	if ((st = store_merchant_get(s, merchant_id, &m, err)))
		goto out;
	if (m.partner_id != partner_id) { /* another partner's: answered like a missing one */
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
		goto out;
	}
	if ((st = store_billing_sub_list(s, partner_id, &subs, &n, err)))
		goto out;
	/* The merchant's open subscription through this partner, and the last day
	 * any of its subscriptions through this partner was billed. */
	const struct store_subscription *open = NULL;
	day_t last_end = 0;
	for (size_t i = 0; i < n; i++) {
		if (subs[i].merchant_id != merchant_id)
			continue;
		if (subs[i].end_day == 0 || subs[i].end_day > today)
			open = &subs[i];
		else if (subs[i].end_day > last_end)
			last_end = subs[i].end_day;
	}
	if (open) {
		res->sub = *open;
		if (!active) {
			struct store_subscription before = *open;
			/* A subscription starting after today ends before it starts: end it
			 * on its start day would still bill a day, so the end is the
			 * later of today and its start. */
			day_t end = today < open->start_day ? open->start_day : today;
			if ((st = store_billing_sub_set_end(s, open->id, end, err)) ||
			    (st = store_billing_sub_get(s, open->id, &res->sub, err)))
				goto out;
			res->changed = true;
			st = partners_audit(s, a, "subscription.cancel", "subscription", open->id,
					    partners_sub_json(&before), partners_sub_json(&res->sub), err);
		}
		goto out;
	}
	if (!active) {
		for (size_t i = 0; i < n; i++)
			if (subs[i].merchant_id == merchant_id && subs[i].end_day == last_end)
				res->sub = subs[i];
		goto out;
	}
	struct store_contract c;
	st = partners_contract_at(s, partner_id, today, &c, err);
	if (st == CLARIO_ENOTFOUND || (st == CLARIO_OK && strcmp(c.model, "reseller") != 0)) {
		st = clario_err_set(err, CLARIO_ECONFLICT,
				    "no reseller contract in force: the add-on is sold under one");
		goto out;
	}
	if (st)
		goto out;
	struct store_subscription x = {0};
	x.merchant_id = merchant_id;
	x.partner_id = partner_id;
	memcpy(x.source, "partner", sizeof "partner");
	memcpy(x.plan, "analytics", sizeof "analytics");
	x.price = c.addon_price;
	x.start_day = last_end >= today ? last_end + 1 : today;
	if ((st = store_billing_sub_add(s, &x, a->now, &x.id, err)))
		goto out;
	res->sub = x;
	res->changed = true;
	st = partners_audit(s, a, "subscription.create", "subscription", x.id, NULL,
			    partners_sub_json(&x), err);
out:
	free(subs);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK)
		store_rollback(s);
	return st;
}
