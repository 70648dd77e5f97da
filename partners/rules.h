/* The partner programme's money and calendar rules, pure (no I/O): billing
 * months, days active, proration by day, revenue splits, PPN, invoice numbers,
 * hosting fees, commission eligibility and windows. docs/billing.md states
 * each rule; tests/unit/test_partners.c checks them against hand-worked figures. */
#ifndef CLARIO_PARTNERS_RULES_H
#define CLARIO_PARTNERS_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"

/* A calendar month: "2027-02" = days first..last (inclusive). */
struct partners_month {
	int year, month;
	day_t first, last;
	int32_t days;
	char text[8]; /* "YYYY-MM" */
};

/* Parses "YYYY-MM" (years 2000-2999). */
enum clario_status partners_month_parse(const char *s, struct partners_month *out,
					struct clario_err *err);
/* The month holding day d. */
void partners_month_of(day_t d, struct partners_month *out);
/* Months from a to b (b - a; negative if b is earlier). */
int partners_months_between(const struct partners_month *a, const struct partners_month *b);

/* An inclusive span of days (a pause). */
struct partners_span {
	day_t from, to;
};

/* Days of month m on which a subscription running start..end (end 0 = open,
 * inclusive) is active and not inside any pause. */
int32_t partners_days_active(const struct partners_month *m, day_t start, day_t end,
			     const struct partners_span *pauses, size_t n_pauses);

/* price × active / days, the leftover rupiah given by largest remainder
 * (money_split over {active, days − active}: half a rupiah or more rounds up).
 * active == days gives price exactly. */
enum clario_status partners_prorate(rupiah_t price, int32_t active, int32_t days, rupiah_t *out,
				    struct clario_err *err);

/* gross split into the partner's share (partner_bps of 10000) and Clario's,
 * by money_split: the two always add up to gross. */
enum clario_status partners_split(rupiah_t gross, int32_t partner_bps, rupiah_t *partner,
				  rupiah_t *clario, struct clario_err *err);

/* PPN on a subtotal: subtotal × bps / 10000 rounded half up to the rupiah. */
rupiah_t partners_ppn(rupiah_t subtotal, int32_t ppn_bps);

/* "INV/2027/000123": series, year, sequence (six digits at least). */
int partners_invoice_number(char *buf, size_t size, const char *series, int64_t year,
			    int64_t seq);

/* The month's hosting fee of a white-label contract: "flat" → fee; "per_merchant"
 * → max(minimum, fee × active merchants); "none" → 0. */
rupiah_t partners_hosting_fee(const char *mode, rupiah_t fee, rupiah_t minimum,
			      int64_t active_merchants);

/* Whether the month `index` paid months after conversion (0 = the conversion
 * month) earns commission: recurring for months N > index, or only index 0 when
 * N = 0 (one-time). */
bool partners_commission_due(int index, int32_t recurring_months);

/* Whether day `at` falls within window_days of day `from` (from ≤ at < from + window). */
bool partners_within(day_t from, day_t at, int32_t window_days);

/* Validates a contract's terms for its model: the messages name the field. */
struct store_contract;
enum clario_status partners_contract_check(const struct store_contract *c, struct clario_err *err);

#endif
