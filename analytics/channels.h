/* Channel mix with delivery-platform commissions: per sales channel, net sales,
 * the platform's commission (rate on the order's net item sales + fixed fee per
 * order + VAT on both when set), item cost where known, and the margin after
 * both. Revenue of items without a cost is reported, never costed by a guess.
 * Pure: the store hands the rows (store/analysis_mix.h). */
#ifndef CLARIO_ANALYTICS_CHANNELS_H
#define CLARIO_ANALYTICS_CHANNELS_H

#include "store/analysis_mix.h"

struct channel_figures {
	enum sales_channel channel;
	int64_t tickets;           /* closed tickets */
	rupiah_t gross;
	rupiah_t discounts;        /* line + ticket */
	rupiah_t refunds;          /* recorded on days of the period */
	int64_t refund_count;
	rupiah_t net_sales;        /* gross − discounts − refunds */
	rupiah_t commission;       /* rate part, per order, rounded per order */
	rupiah_t fixed_fees;       /* per-order fees */
	rupiah_t commission_vat;   /* VAT on (commission + fee), per order */
	rupiah_t platform_cost;    /* commission + fixed_fees + commission_vat */
	rupiah_t item_cost;        /* known unit costs only */
	rupiah_t unknown_cost_gross; /* gross of lines whose item has no cost */
	rupiah_t margin;           /* net_sales − platform_cost − item_cost */
	int32_t net_share_bps;     /* of all channels' net sales (0 if that is ≤ 0) */
	int32_t margin_bps;        /* margin ÷ net sales (0 if net ≤ 0) */
	int32_t unknown_cost_bps;  /* unknown_cost_gross ÷ gross */
};

struct channel_mix {
	struct channel_figures ch[SALES_CHANNEL_COUNT]; /* indexed by enum sales_channel */
	struct channel_figures total;
	struct mix_rate rates[MIX_N_PLATFORMS];
};

/* Commission of one order of net item sales base under rate r: rate part,
 * fixed fee, VAT on both; each rounded half away from zero. */
void channels_order_cost(rupiah_t base, const struct mix_rate *r, rupiah_t *commission,
			 rupiah_t *fee, rupiah_t *vat);

enum clario_status channels_compute(const struct mix_channel_row *rows, size_t n,
				    const struct mix_refund_row *refunds, size_t n_refunds,
				    const struct mix_rate rates[MIX_N_PLATFORMS], struct channel_mix *out,
				    struct clario_err *err);

/* num ÷ den in basis points, half away from zero; 0 when den ≤ 0. */
int32_t mix_bps(int64_t num, int64_t den);

#endif
