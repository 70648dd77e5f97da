/* Outlet comparison for multi-outlet merchants: each outlet's main figures
 * side by side, totals and per open day. An outlet's open days are the
 * business days of the period with at least one closed ticket; an outlet that
 * was closed (renovation, not yet opened) is not penalised for those days.
 * Pure over the store's outlet-day rows. */
#ifndef CLARIO_ANALYTICS_OUTLET_COMPARE_H
#define CLARIO_ANALYTICS_OUTLET_COMPARE_H

#include "store/analysis_mix.h"

struct outlet_kpis {
	int64_t outlet_id;
	int64_t open_days;
	rupiah_t gross, discounts, refunds, net_sales;
	int64_t tickets, covers, voids, discounted_tickets, refund_count;
	rupiah_t average_ticket;       /* net ÷ tickets, half away from zero */
	rupiah_t net_per_open_day;     /* net ÷ open days (0 without any) */
	int64_t tickets_per_open_day_x100; /* tickets ÷ open days, in hundredths */
	int32_t discount_rate_bps;     /* discounts ÷ gross */
	int32_t void_rate_bps;         /* voids ÷ (tickets + voids) */
	int32_t refund_rate_bps;       /* refunds ÷ gross */
	int32_t net_share_bps;         /* of the merchant's net sales */
	int32_t index_bps;             /* net per open day ÷ the merchant's (all outlets' net
					* ÷ all outlets' open days); 10000 = average */
	int rank;                      /* 1 = highest net per open day; ties share */
};

struct outlet_compare {
	struct outlet_kpis *outlets; /* owned, in the order of ids given */
	size_t n;
	struct outlet_kpis total;    /* outlet_id 0; open_days = Σ outlet open days */
};

/* ids: the merchant's outlets (all listed, even without sales). Rows of
 * other outlets or outside from..to are ignored. */
enum clario_status outlet_compare_compute(const struct mix_outlet_day *rows, size_t n,
					  const int64_t *ids, size_t n_ids, day_t from, day_t to,
					  struct outlet_compare *out, struct clario_err *err);
void outlet_compare_release(struct outlet_compare *o);

#endif
