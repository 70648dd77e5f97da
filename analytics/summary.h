/* Sales summary: per business day and in total, from the hour rollups. Pure
 * (no I/O): the store reads the rows, this adds them up. Every day of the
 * range is present, days without sales as zeros. */
#ifndef CLARIO_ANALYTICS_SUMMARY_H
#define CLARIO_ANALYTICS_SUMMARY_H

#include <stddef.h>

#include "base/err.h"
#include "store/store.h"

#define SUMMARY_MAX_DAYS 731

struct summary_figures {
	rupiah_t gross_sales;
	rupiah_t line_discounts;
	rupiah_t ticket_discounts;
	rupiah_t refunds;
	rupiah_t net_sales;      /* gross − discounts − refunds */
	rupiah_t tax;
	rupiah_t service_charge;
	int64_t tickets;
	rupiah_t average_ticket; /* net_sales ÷ tickets, half away from zero; 0 without tickets */
	int64_t covers;
	int64_t voids;
	int64_t refund_count;
};

struct summary_day {
	day_t day;
	struct summary_figures f;
};

struct summary {
	day_t from, to;
	struct summary_figures total;
	struct summary_day *days; /* owned; n_days = to − from + 1 */
	size_t n_days;
};

/* rows: hour rollups for days from..to (any order; rows outside are ignored).
 * On success out->days must be freed with summary_release. */
enum clario_status summary_compute(const struct rollup_hour *rows, size_t n, day_t from, day_t to,
				   struct summary *out, struct clario_err *err);
void summary_release(struct summary *s);

/* a ÷ b rounded half away from zero; 0 when b is 0. */
int64_t summary_div_round(int64_t a, int64_t b);

#endif
