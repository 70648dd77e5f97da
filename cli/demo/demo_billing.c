/* The demo's partner programme (see demo_billing.h). Deterministic: every
 * choice follows from the merchant's index, so the same seed gives the same
 * contracts, subscriptions, statements and invoices. */
#include "cli/demo/demo_billing.h"

#include <stdio.h>
#include <string.h>

#include "partners/programme.h"

static struct partners_actor at_day(day_t d)
{
	return (struct partners_actor){"demo", (instant_t)d * 86400 + 9 * 3600};
}

static enum clario_status contact(struct store *s, const struct partners_actor *a, int64_t pid,
				  const char *name, const char *email, const char *role,
				  struct clario_err *err)
{
	struct store_contact c = {.partner_id = pid};
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.email, sizeof c.email, "%s", email);
	snprintf(c.phone, sizeof c.phone, "+62 812 %04d %04d", (int)(pid * 37 % 10000),
		 (int)(pid * 91 % 10000));
	snprintf(c.role, sizeof c.role, "%s", role);
	int64_t id;
	return partners_contact_add(s, a, &c, &id, err);
}

static enum clario_status contracts(struct store *s, const struct demo_world *w, int64_t budi,
				    int64_t rina, struct clario_err *err)
{
	day_t start = w->opt.first_day;
	struct partners_actor a = at_day(start - 20);
	struct store_contract moka = {.partner_id = w->partners[0].id, .start_day = start,
				      .auto_renew = true, .sla_first_response_h = 4,
				      .sla_resolution_h = 24, .marketing_commitment = 25000000};
	memcpy(moka.model, "reseller", sizeof "reseller");
	struct store_contract pawoon = {.partner_id = w->partners[1].id, .start_day = start,
					.auto_renew = true, .oem_fee = 75000000,
					.hosting_fee = 25000, .hosting_minimum = 2500000,
					.sla_first_response_h = 8, .sla_resolution_h = 48,
					.exclusive = true};
	memcpy(pawoon.model, "whitelabel", sizeof "whitelabel");
	memcpy(pawoon.hosting_mode, "per_merchant", sizeof "per_merchant");
	memcpy(pawoon.brand_name, "Pawoon Analytics", sizeof "Pawoon Analytics");
	memcpy(pawoon.support_by, "shared", sizeof "shared");
	struct store_contract qasir = {.partner_id = w->partners[2].id, .start_day = start,
				       .sla_first_response_h = 4, .sla_resolution_h = 24};
	memcpy(qasir.model, "cosell", sizeof "cosell");
	memcpy(qasir.support_by, "clario", sizeof "clario");
	struct store_contract cb = {.partner_id = budi, .start_day = start, .commission_bps = 1500,
				    .commission_months = 12, .clawback_days = 90};
	memcpy(cb.model, "channel", sizeof "channel");
	memcpy(cb.support_by, "clario", sizeof "clario");
	struct store_contract cr = cb;
	cr.partner_id = rina;
	cr.commission_bps = 1000;
	cr.commission_months = 0; /* one-time */
	cr.clawback_days = 60;
	enum clario_status st;
	if ((st = partners_contract_add(s, &a, &moka, err)) ||
	    (st = partners_contract_add(s, &a, &pawoon, err)) ||
	    (st = partners_contract_add(s, &a, &qasir, err)) ||
	    (st = partners_contract_add(s, &a, &cb, err)) ||
	    (st = partners_contract_add(s, &a, &cr, err)))
		return st;
	/* Moka renegotiated in the sixth month: 65/35 from then on */
	struct partners_month m;
	partners_month_of(start, &m);
	day_t renego = m.first;
	for (int i = 0; i < 5; i++) {
		partners_month_of(renego, &m);
		renego = m.last + 1;
	}
	struct store_contract v2 = moka;
	v2.effective_from = renego;
	v2.partner_bps = 6500;
	struct partners_actor a2 = at_day(renego - 10);
	return partners_contract_add(s, &a2, &v2, err);
}

enum clario_status demo_billing(struct store *s, struct demo_world *w, struct clario_err *err)
{
	int64_t budi = 0, rina = 0, code_id;
	day_t first = w->opt.first_day;
	struct partners_actor a = at_day(first - 30);
	enum clario_status st;
	if ((st = store_partner_create(s, "budi-consulting", "Budi Santoso F&B Consulting",
				       STORE_PARTNER_CHANNEL, &budi, err)) ||
	    (st = store_partner_create(s, "rina-advisory", "Rina Wijaya Business Advisory",
				       STORE_PARTNER_CHANNEL, &rina, err)))
		goto out;
	static const char *const tiers[] = {"strategic", "strategic", "tactical", "tactical",
					    "tactical"};
	static const char *const status[] = {"active", "active", "active", "pilot", "prospect"};
	for (int p = 0; p < DEMO_N_PARTNERS && st == CLARIO_OK; p++) {
		char email[96];
		snprintf(email, sizeof email, "partnerships@%s.co.id", w->partners[p].code);
		st = partners_profile_set(s, &a, w->partners[p].id, tiers[p], status[p], err);
		if (st == CLARIO_OK)
			st = contact(s, &a, w->partners[p].id, "Partnership Manager", email,
				     "partnerships", err);
	}
	if (st || (st = partners_profile_set(s, &a, budi, "tactical", "active", err)) ||
	    (st = partners_profile_set(s, &a, rina, "tactical", "active", err)) ||
	    (st = contact(s, &a, budi, "Budi Santoso", "budi@santoso-fnb.id", "owner", err)) ||
	    (st = contact(s, &a, rina, "Rina Wijaya", "rina@wijaya-advisory.id", "owner", err)) ||
	    (st = partners_code_add(s, &a, budi, "BUDI15", &code_id, err)) ||
	    (st = partners_code_add(s, &a, rina, "RINA10", &code_id, err)) ||
	    (st = partners_code_add(s, &a, w->partners[0].id, "MOKA-CAFE", &code_id, err)) ||
	    (st = contracts(s, w, budi, rina, err)))
		goto out;

	/* Subscriptions: starts spread over the first four months (some mid-month),
	 * every 9th merchant churns in month 7, one pauses for two weeks. Direct
	 * merchants alternate between Budi's code, Rina's link and no referral. */
	int n_direct = 0;
	for (size_t i = 0; i < w->n_merchants && st == CLARIO_OK; i++) {
		const struct demo_merchant *m = &w->merchants[i];
		struct store_subscription x = {.merchant_id = m->id, .price = 249000};
		x.start_day = first + (day_t)((i * 17) % 110);
		if (i % 9 == 4)
			x.end_day = first + 200 + (day_t)(i % 20);
		if (m->partner >= 0 && m->partner <= 2) {
			memcpy(x.source, "partner", sizeof "partner");
			x.partner_id = w->partners[m->partner].id;
		} else if (m->partner < 0 && n_direct++ % 3 != 2) {
			memcpy(x.source, "referral", sizeof "referral");
			struct partners_actor signup = at_day(x.start_day - 5);
			struct store_attribution out;
			char visitor[48];
			snprintf(visitor, sizeof visitor, "visitor-%lld", (long long)m->id);
			if (n_direct % 2) {
				st = partners_attribute(s, &signup, m->id, "BUDI15", visitor, NULL,
							"code", &out, err);
			} else {
				st = partners_touch(s, "RINA10", visitor, "link",
						    signup.now - 20 * 86400, err);
				if (st == CLARIO_OK)
					st = partners_attribute(s, &signup, m->id, NULL, visitor, NULL,
								NULL, &out, err);
			}
		} else {
			memcpy(x.source, "direct", sizeof "direct");
		}
		if (st)
			break;
		struct partners_actor sa = at_day(x.start_day - 1);
		st = partners_sub_add(s, &sa, &x, err);
		if (st == CLARIO_OK && i == 7)
			st = partners_sub_pause(s, &sa, x.id, first + 150, first + 163, err);
	}
	if (st)
		goto out;

	/* Close every complete month of the demo period, the day after it ends. */
	struct partners_month m;
	partners_month_of(first, &m);
	int closed = 0;
	struct store_invoice refund_me = {0};
	while (m.last <= w->opt.last_day && st == CLARIO_OK) {
		struct partners_actor ca = at_day(m.last + 1);
		struct partners_close_result r;
		st = partners_close(s, &ca, m.text, &r, err);
		closed++;
		/* the third month: one referred merchant's invoice is refunded */
		if (st == CLARIO_OK && closed == 3) {
			struct store_attribution *at = NULL;
			size_t n = 0;
			struct store_invoice *inv = NULL;
			size_t ni = 0;
			st = store_billing_attr_list(s, budi, &at, &n, err);
			if (st == CLARIO_OK && n)
				st = store_billing_invoice_list(s, m.text, 0, at[0].merchant_id, &inv,
								&ni, err);
			if (st == CLARIO_OK && ni) {
				refund_me = inv[0];
				struct partners_actor ra = at_day(m.last + 8);
				struct store_invoice cn;
				st = partners_refund(s, &ra, refund_me.id,
						     "charged twice by the bank transfer", &cn, err);
			}
			free(at);
			free(inv);
		}
		partners_month_of(m.last + 1, &m);
	}
	if (st == CLARIO_OK) {
		struct partners_actor pa = at_day(w->opt.last_day + 2);
		int64_t n = 0;
		st = partners_payouts_run(s, &pa, 500000, &n, err);
	}
out:
	if (st)
		clario_err_prefix(err, "demo billing: ");
	return st;
}
