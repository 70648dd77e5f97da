/* Payment mix: count and amount per payment method and per family (cash,
 * QRIS, e-wallets, cards, other), against the previous period of equal length,
 * and a trend of the families over the period. Pure over the store's rows
 * (payments of closed tickets per business day and method).
 * Families: cash = cash; qris = qris; e_wallet = gopay, ovo, dana, shopeepay;
 * card = debit, credit; other = other. QRIS stays apart from e-wallets although
 * a wallet app may pay a QRIS code: the POS records what the cashier chose. */
#ifndef CLARIO_ANALYTICS_PAYMENTS_H
#define CLARIO_ANALYTICS_PAYMENTS_H

#include "store/analysis_mix.h"

enum pay_family { PAY_FAMILY_CASH, PAY_FAMILY_QRIS, PAY_FAMILY_EWALLET, PAY_FAMILY_CARD,
		  PAY_FAMILY_OTHER, PAY_FAMILY_COUNT };

enum pay_family payments_family(enum sales_payment_method m);
const char *payments_family_name(enum pay_family f);

struct payments_figures {
	int64_t count;
	rupiah_t amount;
	int32_t share_bps;      /* of the period's amount */
	int64_t prev_count;
	rupiah_t prev_amount;
	int32_t prev_share_bps;
	int32_t share_change_bps; /* share_bps − prev_share_bps (percentage points × 100);
				   * 0 when either period has no payments */
};

/* Trend granularity: days up to 31 days, 7-day buckets counted from `from` up
 * to 182 days (the last may be shorter), calendar months beyond (the first and
 * last may be partial). */
enum payments_grain { PAYMENTS_DAY, PAYMENTS_WEEK, PAYMENTS_MONTH };
const char *payments_grain_name(enum payments_grain g);

struct payments_bucket {
	day_t start, end; /* inclusive */
	int64_t count[PAY_FAMILY_COUNT];
	rupiah_t amount[PAY_FAMILY_COUNT];
};

struct payment_mix {
	day_t from, to, prev_from, prev_to;
	struct payments_figures method[SALES_PAY_COUNT];
	struct payments_figures family[PAY_FAMILY_COUNT];
	struct payments_figures total;
	enum payments_grain grain;
	struct payments_bucket *buckets; /* owned; release with payments_release */
	size_t n_buckets;
};

/* rows: payments per day for prev_from..to where prev_from = from − (to − from
 * + 1); rows outside are ignored. */
enum clario_status payments_compute(const struct mix_payment_row *rows, size_t n, day_t from,
				    day_t to, struct payment_mix *out, struct clario_err *err);
void payments_release(struct payment_mix *p);

#endif
