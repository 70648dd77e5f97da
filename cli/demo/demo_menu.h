/* The demo's menus: one per kind of merchant (café, warung, bakery, restaurant,
 * cloud kitchen) with Indonesian items, base prices, cost ratios, which part of a
 * meal each item is, and which items tend to be bought together (so basket
 * analysis finds lift > 1). Merchants scale the base prices to their own level. */
#ifndef CLARIO_CLI_DEMO_MENU_H
#define CLARIO_CLI_DEMO_MENU_H

#include <stddef.h>
#include <stdint.h>

enum demo_kind {
	DEMO_CAFE,
	DEMO_WARUNG,
	DEMO_BAKERY,
	DEMO_RESTAURANT,
	DEMO_CLOUD,
	DEMO_KIND_COUNT
};

/* The part of a meal an item fills: each guest picks at most one per slot. */
enum demo_slot {
	DEMO_SLOT_FOOD,
	DEMO_SLOT_DRINK,
	DEMO_SLOT_SNACK,
	DEMO_SLOT_SIDE,
	DEMO_SLOT_DESSERT,
	DEMO_SLOT_BREAD,
	DEMO_SLOT_COUNT
};

/* Which modifiers a line of the item may carry. */
enum demo_modset {
	DEMO_MOD_NONE,
	DEMO_MOD_COFFEE, /* extra shot, less sugar, oat milk */
	DEMO_MOD_TEA,    /* less sugar */
	DEMO_MOD_SPICY,  /* level pedas, telur ceplok */
	DEMO_MOD_TOAST,  /* extra keju */
};

/* When an item sells best: its weight is raised in that part of the day. */
enum demo_daypart { DEMO_DP_ANY, DEMO_DP_MORNING, DEMO_DP_MEAL, DEMO_DP_AFTERNOON };

#define DEMO_MAX_MENU 32
#define DEMO_MAX_PAIRS 2

struct demo_menu_item {
	const char *sku;
	const char *name;
	const char *category;
	int32_t price;     /* base price in rupiah, before the merchant's price level */
	int32_t cost_bps;  /* unit cost as a share of price */
	enum demo_slot slot;
	enum demo_modset modset;
	enum demo_daypart daypart;
	uint8_t weight;    /* popularity within its slot; 0 = only bought as a pair */
	uint8_t qty_max;   /* one guest buys 1..qty_max of it */
	const char *pair[DEMO_MAX_PAIRS]; /* skus often bought with it, may be NULL */
	uint8_t pair_pct[DEMO_MAX_PAIRS]; /* chance in percent that the pair joins */
};

struct demo_menu {
	const struct demo_menu_item *items;
	size_t n;
};

const struct demo_menu *demo_menu_of(enum demo_kind kind);
/* "cafe", "warung", "bakery", "restaurant", "cloud_kitchen": the store's kinds. */
const char *demo_kind_name(enum demo_kind kind);

#endif
