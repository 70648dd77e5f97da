/* The partner programme's storage: partner profiles and contacts, versioned
 * contracts, subscriptions and pauses, monthly closes, invoices (gapless
 * numbers per series and year), statements, referral codes, touches and
 * attributions, the commission ledger, payouts, settings and the audit log.
 * Typed records with fixed-size fields; lists are malloc'd (caller frees).
 * No business rule lives here: partners/ decides, this only keeps. */
#ifndef CLARIO_STORE_BILLING_H
#define CLARIO_STORE_BILLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "store/store.h"

/* ---- settings (integers by key: ppn_bps, attribution_days, payout_threshold) ---- */

/* *out gets the stored value, or dflt when the key was never set. */
enum clario_status store_billing_setting_get(struct store *s, const char *key, int64_t dflt,
					     int64_t *out, struct clario_err *err);
enum clario_status store_billing_setting_set(struct store *s, const char *key, int64_t value,
					     struct clario_err *err);

/* ---- audit log (append-only: the database refuses updates and deletes) ---- */

struct store_audit {
	int64_t id;
	instant_t at;
	char actor[65];
	char action[65];
	char entity[33];
	int64_t entity_id;
	char before[2048]; /* JSON or "" */
	char after[2048];
};

/* before/after may be NULL (creation / deletion). */
enum clario_status store_audit_add(struct store *s, instant_t at, const char *actor,
				   const char *action, const char *entity, int64_t entity_id,
				   const char *before, const char *after, struct clario_err *err);
/* Newest first, at most limit rows; entity NULL = all. */
enum clario_status store_audit_list(struct store *s, const char *entity, int64_t entity_id,
				    size_t limit, struct store_audit **out, size_t *n,
				    struct clario_err *err);

/* ---- partner profiles and contacts ---- */

struct store_partner_profile {
	int64_t id;
	char code[33];
	char name[129];
	char kind[16];   /* pos, accounting, channel */
	char tier[16];   /* strategic, tactical */
	char status[16]; /* prospect, pilot, active, paused, ended */
};

struct store_contact {
	int64_t id;
	int64_t partner_id;
	char name[129];
	char email[129];
	char phone[33];
	char role[33];
};

enum clario_status store_billing_partner_get(struct store *s, int64_t id,
					     struct store_partner_profile *out,
					     struct clario_err *err);
/* All partners (id order). */
enum clario_status store_billing_partner_list(struct store *s, struct store_partner_profile **out,
					      size_t *n, struct clario_err *err);
enum clario_status store_billing_partner_set(struct store *s, int64_t id, const char *tier,
					     const char *status, struct clario_err *err);
enum clario_status store_billing_contact_add(struct store *s, const struct store_contact *c,
					     instant_t at, int64_t *id, struct clario_err *err);
enum clario_status store_billing_contact_list(struct store *s, int64_t partner_id,
					      struct store_contact **out, size_t *n,
					      struct clario_err *err);

/* ---- contracts (one row per version; a version applies from effective_from) ---- */

struct store_contract {
	int64_t id;
	int64_t partner_id;
	char model[16];        /* reseller, cosell, whitelabel, channel */
	int64_t version;       /* 1, 2, ... per partner, assigned on insert */
	day_t effective_from;
	day_t start_day;
	day_t end_day;         /* 0 = open-ended */
	bool auto_renew;       /* annual renewal */
	/* reseller */
	rupiah_t addon_price;  /* per merchant per month */
	int32_t partner_bps;   /* partner's share of the add-on */
	char support_by[16];   /* partner, clario, shared */
	int32_t sla_first_response_h, sla_resolution_h;
	bool exclusive;
	rupiah_t marketing_commitment;
	/* white-label */
	rupiah_t oem_fee;      /* one-time */
	day_t oem_fee_due;     /* invoiced with the close of the month holding it; 0 = start */
	char hosting_mode[16]; /* flat, per_merchant, none */
	rupiah_t hosting_fee;
	rupiah_t hosting_minimum;
	bool powered_by;       /* "powered by Clario" shown */
	char brand_name[129];
	/* channel */
	int32_t commission_bps;
	int32_t commission_months; /* recurring for N paid months; 0 = one-time */
	int32_t clawback_days;
	instant_t created_at;
	char created_by[65];
};

/* Inserts c as the partner's next version (c->version is ignored; *version gets
 * it). A second version from the same day is CLARIO_ECONFLICT. */
enum clario_status store_billing_contract_add(struct store *s, const struct store_contract *c,
					      int64_t *id, int64_t *version,
					      struct clario_err *err);
/* Every version of one partner (partner_id > 0) or of all, by partner then version. */
enum clario_status store_billing_contract_list(struct store *s, int64_t partner_id,
					       struct store_contract **out, size_t *n,
					       struct clario_err *err);
enum clario_status store_billing_contract_get(struct store *s, int64_t id,
					      struct store_contract *out, struct clario_err *err);

/* ---- subscriptions ---- */

struct store_subscription {
	int64_t id;
	int64_t merchant_id;
	char plan[33];
	char source[16];    /* partner, direct, referral */
	int64_t partner_id; /* the selling / hosting partner (source partner), else 0 */
	rupiah_t price;     /* list price per month for a merchant billed directly */
	day_t start_day;
	day_t end_day;      /* last active day, 0 = open */
};

struct store_pause {
	int64_t subscription_id;
	day_t from_day, to_day; /* inclusive */
};

enum clario_status store_billing_sub_add(struct store *s, const struct store_subscription *sub,
					 instant_t at, int64_t *id, struct clario_err *err);
enum clario_status store_billing_sub_get(struct store *s, int64_t id,
					 struct store_subscription *out, struct clario_err *err);
enum clario_status store_billing_sub_set_end(struct store *s, int64_t id, day_t end_day,
					     struct clario_err *err);
/* All subscriptions (partner_id <= 0) or those sourced by one partner. */
enum clario_status store_billing_sub_list(struct store *s, int64_t partner_id,
					  struct store_subscription **out, size_t *n,
					  struct clario_err *err);
enum clario_status store_billing_pause_add(struct store *s, const struct store_pause *p,
					   struct clario_err *err);
enum clario_status store_billing_pause_list(struct store *s, struct store_pause **out, size_t *n,
					    struct clario_err *err);

/* ---- monthly closes ---- */

struct store_close {
	char month[8];
	instant_t closed_at;
	char closed_by[65];
	int64_t invoices, statements;
};

/* CLARIO_ENOTFOUND if the month was never closed. */
enum clario_status store_billing_close_get(struct store *s, const char *month,
					   struct store_close *out, struct clario_err *err);
enum clario_status store_billing_close_add(struct store *s, const struct store_close *c,
					   struct clario_err *err);

/* ---- invoices and credit notes ---- */

struct store_invoice {
	int64_t id;
	char number[32];    /* INV/2027/000123, CN/2027/000001 */
	char series[8];     /* INV, CN */
	int64_t year, seq;
	char kind[16];      /* direct, hosting, oem_fee, credit_note */
	int64_t partner_id; /* billed partner (hosting, oem_fee), else 0 */
	int64_t merchant_id;/* billed merchant (direct), else 0 */
	char month[8];      /* the billed month, YYYY-MM */
	rupiah_t subtotal, ppn, total;
	int32_t ppn_bps;
	int64_t corrects_id; /* credit note: the invoice it corrects */
	char note[257];
	instant_t issued_at;
};

struct store_invoice_line {
	char description[257];
	int64_t qty;
	rupiah_t unit_price, amount;
};

/* Takes the next number of (series, year) and inserts the invoice and its lines;
 * number, seq and id are filled in *inv. Call inside a transaction so a failure
 * gives the number back (no gaps). */
enum clario_status store_billing_invoice_issue(struct store *s, struct store_invoice *inv,
					       const struct store_invoice_line *lines, size_t n,
					       struct clario_err *err);
enum clario_status store_billing_invoice_get(struct store *s, int64_t id,
					     struct store_invoice *out, struct clario_err *err);
enum clario_status store_billing_invoice_by_number(struct store *s, const char *number,
						   struct store_invoice *out,
						   struct clario_err *err);
enum clario_status store_billing_invoice_lines(struct store *s, int64_t id,
					       struct store_invoice_line **out, size_t *n,
					       struct clario_err *err);
/* month NULL = all; partner_id > 0: that partner's; merchant_id > 0: that merchant's. */
enum clario_status store_billing_invoice_list(struct store *s, const char *month,
					      int64_t partner_id, int64_t merchant_id,
					      struct store_invoice **out, size_t *n,
					      struct clario_err *err);
/* Tries to change an invoice's note: the database refuses (CLARIO_ECONFLICT). */
enum clario_status store_billing_invoice_set_note(struct store *s, int64_t id, const char *note,
						  struct clario_err *err);

/* ---- statements (revenue share, commission) ---- */

struct store_statement {
	int64_t id;
	char kind[16];   /* revshare, commission */
	int64_t partner_id;
	int64_t contract_id;
	char month[8];
	int32_t partner_bps;
	rupiah_t gross, partner_share, clario_share;
	instant_t created_at;
};

struct store_statement_line {
	int64_t merchant_id;
	char merchant_name[129];
	int32_t days_active, days_in_month;
	rupiah_t gross, partner_share, clario_share;
	char note[129];
};

enum clario_status store_billing_statement_add(struct store *s, struct store_statement *st,
					       const struct store_statement_line *lines, size_t n,
					       struct clario_err *err);
enum clario_status store_billing_statement_get(struct store *s, int64_t id,
					       struct store_statement *out,
					       struct clario_err *err);
enum clario_status store_billing_statement_lines(struct store *s, int64_t id,
						 struct store_statement_line **out, size_t *n,
						 struct clario_err *err);
/* partner_id > 0: one partner's; month NULL: every month. */
enum clario_status store_billing_statement_list(struct store *s, int64_t partner_id,
						const char *month, struct store_statement **out,
						size_t *n, struct clario_err *err);

/* ---- referrals ---- */

struct store_ref_code {
	int64_t id;
	int64_t partner_id;
	char code[33];
	instant_t created_at;
};

struct store_touch {
	int64_t id;
	int64_t code_id;
	int64_t partner_id;
	char visitor[129];
	char via[8]; /* code, link, api */
	instant_t at;
};

struct store_attribution {
	int64_t merchant_id;
	int64_t partner_id;
	int64_t touch_id;
	char via[8];
	instant_t attributed_at;
	char conversion_month[8]; /* "" until the first paid month */
};

enum clario_status store_billing_code_add(struct store *s, int64_t partner_id, const char *code,
					  instant_t at, int64_t *id, struct clario_err *err);
enum clario_status store_billing_code_get(struct store *s, const char *code,
					  struct store_ref_code *out, struct clario_err *err);
enum clario_status store_billing_code_list(struct store *s, int64_t partner_id,
					   struct store_ref_code **out, size_t *n,
					   struct clario_err *err);
enum clario_status store_billing_touch_add(struct store *s, int64_t code_id, const char *visitor,
					   const char *via, instant_t at, int64_t *id,
					   struct clario_err *err);
/* The earliest touch of visitor in [from, to]; CLARIO_ENOTFOUND if none. */
enum clario_status store_billing_touch_first(struct store *s, const char *visitor,
					     instant_t from, instant_t to,
					     struct store_touch *out, struct clario_err *err);
/* CLARIO_ECONFLICT if the merchant is already attributed. */
enum clario_status store_billing_attr_add(struct store *s, const struct store_attribution *a,
					  struct clario_err *err);
enum clario_status store_billing_attr_get(struct store *s, int64_t merchant_id,
					  struct store_attribution *out, struct clario_err *err);
/* partner_id > 0: one partner's. */
enum clario_status store_billing_attr_list(struct store *s, int64_t partner_id,
					   struct store_attribution **out, size_t *n,
					   struct clario_err *err);
/* Sets the conversion month once (no change if already set). */
enum clario_status store_billing_attr_convert(struct store *s, int64_t merchant_id,
					      const char *month, struct clario_err *err);

/* ---- commission ledger and payouts ---- */

struct store_commission {
	int64_t id;
	int64_t partner_id;
	int64_t merchant_id;
	char month[8];
	char kind[12];    /* accrual (> 0), clawback (< 0) */
	rupiah_t amount;
	int64_t invoice_id;
	char reason[129];
	instant_t created_at;
};

struct store_payout {
	int64_t id;
	int64_t partner_id;
	rupiah_t amount;
	char status[12]; /* pending, paid, failed */
	instant_t created_at, updated_at;
};

/* A second entry of the same (kind, partner, merchant, month) is CLARIO_ECONFLICT. */
enum clario_status store_billing_commission_add(struct store *s, const struct store_commission *c,
						int64_t *id, struct clario_err *err);
/* partner_id > 0: one partner's; merchant_id > 0: one merchant's. */
enum clario_status store_billing_commission_list(struct store *s, int64_t partner_id,
						 int64_t merchant_id,
						 struct store_commission **out, size_t *n,
						 struct clario_err *err);
/* Σ ledger − Σ payouts not failed. */
enum clario_status store_billing_balance(struct store *s, int64_t partner_id, rupiah_t *out,
					 struct clario_err *err);
enum clario_status store_billing_payout_add(struct store *s, const struct store_payout *p,
					    int64_t *id, struct clario_err *err);
enum clario_status store_billing_payout_get(struct store *s, int64_t id, struct store_payout *out,
					    struct clario_err *err);
enum clario_status store_billing_payout_set(struct store *s, int64_t id, const char *status,
					    instant_t at, struct clario_err *err);
enum clario_status store_billing_payout_list(struct store *s, int64_t partner_id,
					     struct store_payout **out, size_t *n,
					     struct clario_err *err);

#endif
