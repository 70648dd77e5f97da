/* Item and category performance over a period: quantity, net revenue, share,
 * average price after discounts, cost, margin, and the trend against the
 * previous period; top and bottom movers. Pure: item day rollups in. */
#ifndef CLARIO_ANALYTICS_ITEMS_H
#define CLARIO_ANALYTICS_ITEMS_H

#include "analytics/compare.h"
#include "store/store.h"

/* One catalogue entry as the analyses see it; strings are borrowed. */
struct item_info {
	int64_t id;
	const char *name;
	const char *category; /* "" when the POS gave none */
	rupiah_t unit_cost;   /* < 0: unknown, never guessed */
};

struct item_perf {
	int64_t item_id;
	size_t info;            /* index into the infos given */
	int64_t qty_sold, qty_refunded, qty; /* qty = sold − refunded */
	rupiah_t gross, discounts, refunds, net; /* net = gross − discounts − refunds */
	double share;           /* of the group's net, 0..1 */
	rupiah_t avg_price;     /* (gross − discounts) ÷ qty_sold, half away from zero */
	bool has_cost;
	rupiah_t cost, margin;  /* unit_cost × qty; net − cost (valid when has_cost) */
	double margin_pct;      /* margin ÷ net × 100 (0 when net is 0) */
	int64_t prev_qty;
	rupiah_t prev_net;
	struct compare_change trend; /* net against the previous period */
};

struct category_perf {
	char name[SALES_MAX_TEXT_LEN + 1];
	int64_t qty, items;
	rupiah_t gross, discounts, refunds, net;
	double share;
	rupiah_t cost, margin;  /* over the items with a cost */
	bool cost_complete;     /* every item of the category has a cost */
	rupiah_t prev_net;
	struct compare_change trend;
};

struct items_result {
	struct item_perf *items;  /* owned, by net descending then id */
	size_t n_items;
	struct category_perf *cats; /* owned, by net descending then name */
	size_t n_cats;
	rupiah_t total_net, prev_total_net;
};

/* rows: item day rollups of from..to and prev_from..prev_to (any order;
 * others ignored), summed over outlets or not. category (NULL = all) keeps
 * only that category's items. Items without sales in either period are left
 * out. Release with items_release. */
enum clario_status items_compute(const struct item_info *infos, size_t n_infos,
				 const struct rollup_item_day *rows, size_t n, day_t from, day_t to,
				 day_t prev_from, day_t prev_to, const char *category,
				 struct items_result *out, struct clario_err *err);
void items_release(struct items_result *r);
/* Indexes into r->items of up to k biggest rises (up) and falls (down) of net
 * against the previous period; *n_up and *n_down get the counts. */
void items_movers(const struct items_result *r, size_t k, size_t *up, size_t *n_up, size_t *down,
		  size_t *n_down);

#endif
