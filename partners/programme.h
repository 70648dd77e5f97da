/* The partner programme's operations: each one validates, writes through the
 * store in one transaction and appends its audit row (who, when, what,
 * before/after JSON) in that same transaction. The monthly close produces
 * revenue-share statements, white-label and direct invoices and commission
 * statements once per month, whatever runs it and however many at once. */
#ifndef CLARIO_PARTNERS_PROGRAMME_H
#define CLARIO_PARTNERS_PROGRAMME_H

#include <jansson.h>
#include <stdbool.h>

#include "partners/rules.h"
#include "store/billing.h"

#define PARTNERS_DEFAULT_PPN_BPS 1100
#define PARTNERS_DEFAULT_ATTRIBUTION_DAYS 90
#define PARTNERS_DEFAULT_PAYOUT_THRESHOLD 500000

/* Who acts and when: every operation records both in the audit log. */
struct partners_actor {
	const char *who; /* "admin:KEYID", "cli", "demo" */
	instant_t now;
};

/* JSON forms shared by the audit log and the API (new references). */
json_t *partners_contract_json(const struct store_contract *c);
json_t *partners_sub_json(const struct store_subscription *x);
json_t *partners_invoice_json(const struct store_invoice *v);

enum clario_status partners_profile_set(struct store *s, const struct partners_actor *a,
					int64_t partner_id, const char *tier, const char *status,
					struct clario_err *err);
enum clario_status partners_contact_add(struct store *s, const struct partners_actor *a,
					const struct store_contact *c, int64_t *id,
					struct clario_err *err);
/* Fills defaults for fields left at zero/empty by the caller (see docs/billing.md),
 * checks the terms, stores the next version. */
void partners_contract_defaults(struct store_contract *c);
enum clario_status partners_contract_add(struct store *s, const struct partners_actor *a,
					 struct store_contract *c, struct clario_err *err);
/* The version of partner_id's contract in force on day d (latest effective_from
 * <= d, within start..end unless it renews); CLARIO_ENOTFOUND if none. */
enum clario_status partners_contract_at(struct store *s, int64_t partner_id, day_t d,
					struct store_contract *out, struct clario_err *err);

enum clario_status partners_sub_add(struct store *s, const struct partners_actor *a,
				    struct store_subscription *x, struct clario_err *err);
/* Cancels: end_day is the last active day. */
enum clario_status partners_sub_cancel(struct store *s, const struct partners_actor *a,
				       int64_t id, day_t end_day, struct clario_err *err);
enum clario_status partners_sub_pause(struct store *s, const struct partners_actor *a,
				      int64_t id, day_t from, day_t to, struct clario_err *err);

struct partners_close_result {
	bool already;        /* the month was closed before: nothing changed */
	int64_t invoices;    /* documents issued by this month's close */
	int64_t statements;
};

/* Closes month (YYYY-MM), which must be over by a->now (UTC day). Idempotent and safe when run concurrently: the check
 * and every write happen in one transaction holding the store's write lock. */
enum clario_status partners_close(struct store *s, const struct partners_actor *a,
				  const char *month, struct partners_close_result *res,
				  struct clario_err *err);

/* Issued invoices never change: always CLARIO_ECONFLICT (CLARIO_ENOTFOUND if absent). */
enum clario_status partners_invoice_edit(struct store *s, int64_t id, struct clario_err *err);
/* A full refund of an invoice: a credit note (CN/YYYY/nnnnnn) for its whole
 * amount, and the clawback of the commission earned on it when inside the
 * channel contract's window. *cn gets the credit note. */
enum clario_status partners_refund(struct store *s, const struct partners_actor *a,
				   int64_t invoice_id, const char *reason, struct store_invoice *cn,
				   struct clario_err *err);

/* Referral codes (letters, digits, '-' and '_', 3-32) for channel and POS partners. */
enum clario_status partners_code_add(struct store *s, const struct partners_actor *a,
				     int64_t partner_id, const char *code, int64_t *id,
				     struct clario_err *err);
/* A click on a referral link or a code entered: kept as a touch of visitor. */
enum clario_status partners_touch(struct store *s, const char *code, const char *visitor,
				  const char *via, instant_t at, struct clario_err *err);
/* Attributes merchant_id once: with code (entered at signup or registered by a
 * partner), else the first touch of visitor within the attribution window
 * before a->now. Refused (CLARIO_EINVAL) when email belongs to a contact of the
 * referring partner (self-referral); CLARIO_ECONFLICT when already attributed;
 * CLARIO_ENOTFOUND when no valid touch. */
enum clario_status partners_attribute(struct store *s, const struct partners_actor *a,
				      int64_t merchant_id, const char *code, const char *visitor,
				      const char *email, const char *via,
				      struct store_attribution *out, struct clario_err *err);

/* Creates a pending payout for every partner whose commission balance is at
 * least threshold (< 0: the stored setting). *n gets how many. */
enum clario_status partners_payouts_run(struct store *s, const struct partners_actor *a,
					rupiah_t threshold, int64_t *n, struct clario_err *err);
enum clario_status partners_payout_set(struct store *s, const struct partners_actor *a,
				       int64_t id, const char *status, struct clario_err *err);

/* One line of revenue by channel for a month. */
struct partners_revenue {
	char channel[16];   /* direct, reseller, whitelabel, channel, cosell */
	int64_t partner_id; /* 0 for direct */
	char partner_code[33];
	rupiah_t revenue;   /* Clario's revenue before PPN, net of credit notes */
	int32_t share_bps;  /* of the month's total; the shares add up to 10000 */
};

/* Revenue by channel of a closed month (rows malloc'd, caller frees). */
enum clario_status partners_revenue_month(struct store *s, const char *month,
					  struct partners_revenue **out, size_t *n,
					  rupiah_t *total, struct clario_err *err);

/* Writes an audit row (before/after may be NULL); used by the operations above. */
enum clario_status partners_audit(struct store *s, const struct partners_actor *a,
				  const char *action, const char *entity, int64_t id,
				  json_t *before, json_t *after, struct clario_err *err);

#endif
