/* Menu engineering after Kasavana & Smith (1982) for one group of comparable
 * items (a category or the whole menu). Decisions (docs/analytics.md):
 * quantity = units sold − refunded; price = realised average net selling price
 * (net revenue ÷ quantity, half away from zero); popularity is high when
 * MM% ≥ factor × (1 ÷ N); contribution margin is high when CM ≥ the weighted
 * average CM (both inclusive); items without a cost are reported as "no_cost"
 * and left out of N, Σn and the averages; unsold items are left out. */
#ifndef CLARIO_ANALYTICS_MENU_H
#define CLARIO_ANALYTICS_MENU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"

#define MENU_DEFAULT_FACTOR 0.70

enum menu_class { MENU_STAR, MENU_PLOWHORSE, MENU_PUZZLE, MENU_DOG, MENU_NO_COST, MENU_UNSOLD };

struct menu_input {
	int64_t item_id;
	int64_t qty;       /* units sold (net of refunds) */
	rupiah_t net;      /* net revenue of those units */
	rupiah_t unit_cost; /* < 0 unknown */
};

struct menu_item {
	int64_t item_id;
	size_t input;      /* index into the inputs */
	enum menu_class cls;
	int64_t qty;
	double mix_pct;    /* MM% (0 for no_cost / unsold) */
	rupiah_t price;    /* average net selling price */
	rupiah_t cm;       /* price − unit cost (valid for the four classes) */
	rupiah_t total_cm; /* cm × qty */
	bool high_popularity, high_cm;
};

struct menu_result {
	struct menu_item *items; /* owned, same order as the inputs */
	size_t n_items;
	size_t n_analysed;       /* N: items with a cost and sales */
	int64_t total_qty;       /* Σn over the analysed items */
	double factor;
	double popularity_threshold_pct;   /* factor ÷ N × 100 */
	double popularity_threshold_units; /* factor × Σn ÷ N */
	double weighted_avg_cm;  /* Σ(CM × n) ÷ Σn */
	rupiah_t total_cm;
	size_t counts[6];        /* per class */
};

enum clario_status menu_compute(const struct menu_input *in, size_t n, double factor,
				struct menu_result *out, struct clario_err *err);
void menu_release(struct menu_result *r);
const char *menu_class_name(enum menu_class c);
/* The standard action for a class, one sentence. */
const char *menu_class_action(enum menu_class c);

#endif
