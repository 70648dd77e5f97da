/* Basket drawing: each guest fills the slots of a meal in a fixed order (main,
 * drink, snack...). A slot is filled by a pair of something already chosen
 * when the pair's chance hits, otherwise by a popularity-weighted pick, so
 * paired items co-occur far more often than chance. */
#include "cli/demo/demo_basket.h"

struct modifier_def {
	const char *name;
	rupiah_t price;
	double chance;
};

static const struct modifier_def modifier_defs[][DEMO_MAX_LINE_MODS] = {
	[DEMO_MOD_NONE] = { { 0 } },
	[DEMO_MOD_COFFEE] = { { "Extra Shot", 5000, 0.08 }, { "Less Sugar", 0, 0.12 },
			      { "Oat Milk", 8000, 0.04 } },
	[DEMO_MOD_TEA] = { { "Less Sugar", 0, 0.12 } },
	[DEMO_MOD_SPICY] = { { "Level Pedas 3", 0, 0.20 }, { "Telur Ceplok", 4000, 0.10 } },
	[DEMO_MOD_TOAST] = { { "Extra Keju", 5000, 0.15 } },
};

size_t demo_basket_modifiers(enum demo_modset set, uint8_t bits,
			     struct sales_modifier out[DEMO_MAX_LINE_MODS])
{
	size_t n = 0;
	for (int b = 0; b < DEMO_MAX_LINE_MODS; b++)
		if (bits & (1u << b) && modifier_defs[set][b].name)
			out[n++] = (struct sales_modifier){ modifier_defs[set][b].name,
							    modifier_defs[set][b].price };
	return n;
}

static uint8_t draw_modifiers(struct demo_rng *r, enum demo_modset set)
{
	uint8_t bits = 0;
	for (int b = 0; b < DEMO_MAX_LINE_MODS; b++)
		if (modifier_defs[set][b].name && demo_rng_chance(r, modifier_defs[set][b].chance))
			bits |= (uint8_t)(1u << b);
	return bits;
}

static double daypart_boost(enum demo_daypart dp, int hour)
{
	switch (dp) {
	case DEMO_DP_MORNING:
		return hour >= 5 && hour <= 10 ? 2.5 : hour >= 15 ? 0.5 : 1.0;
	case DEMO_DP_MEAL:
		return (hour >= 11 && hour <= 13) || (hour >= 18 && hour <= 20) ? 2.0 : 1.0;
	case DEMO_DP_AFTERNOON:
		return hour >= 14 && hour <= 17 ? 2.0 : 1.0;
	case DEMO_DP_ANY:
		break;
	}
	return 1.0;
}

static int pick_in_slot(struct demo_rng *r, const struct demo_menu *menu, enum demo_slot slot,
			int hour)
{
	double w[DEMO_MAX_MENU];
	bool any = false;
	for (size_t i = 0; i < menu->n; i++) {
		const struct demo_menu_item *it = &menu->items[i];
		w[i] = it->slot == slot ? it->weight * daypart_boost(it->daypart, hour) : 0.0;
		any = any || w[i] > 0;
	}
	return any ? (int)demo_rng_pick(r, w, menu->n) : -1;
}

struct basket {
	struct demo_basket_line *lines;
	size_t n;
};

/* Adds qty of item to the basket: plain units join a plain line of the same
 * item, units with modifiers get their own line (as a till prints them). */
static void basket_add(struct basket *b, int item, uint8_t mods, int32_t qty)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->lines[i].item == item && ((!mods && !b->lines[i].mods) || b->n == DEMO_MAX_BASKET)) {
			b->lines[i].qty += qty;
			return;
		}
	if (b->n == DEMO_MAX_BASKET)
		return; /* every line is another item: a full basket takes nothing more */
	b->lines[b->n++] = (struct demo_basket_line){ (uint8_t)item, mods, qty };
}

/* Chance that a guest of this kind fills each slot, at this hour. The order
 * of the array is the order slots are filled in (mains before drinks before
 * snacks, so pairs point forwards). */
struct slot_plan {
	enum demo_slot slot;
	double chance;
};

static size_t slot_plan(enum demo_kind kind, int hour, bool delivery, struct slot_plan out[4])
{
	bool meal = (hour >= 11 && hour <= 13) || (hour >= 18 && hour <= 20);
	bool afternoon = hour >= 14 && hour <= 17;
	double drink = delivery ? 0.7 : 1.0;
	switch (kind) {
	case DEMO_CAFE:
		out[0] = (struct slot_plan){ DEMO_SLOT_FOOD, meal ? 0.35 : 0.10 };
		out[1] = (struct slot_plan){ DEMO_SLOT_DRINK, 0.96 };
		out[2] = (struct slot_plan){ DEMO_SLOT_SNACK, afternoon ? 0.20 : 0.10 };
		return 3;
	case DEMO_WARUNG:
		out[0] = (struct slot_plan){ DEMO_SLOT_FOOD, 0.96 };
		out[1] = (struct slot_plan){ DEMO_SLOT_DRINK, 0.55 * drink };
		out[2] = (struct slot_plan){ DEMO_SLOT_SIDE, 0.15 };
		return 3;
	case DEMO_BAKERY:
		out[0] = (struct slot_plan){ DEMO_SLOT_BREAD, 1.0 };
		out[1] = (struct slot_plan){ DEMO_SLOT_BREAD, 0.45 };
		out[2] = (struct slot_plan){ DEMO_SLOT_DRINK, 0.08 };
		out[3] = (struct slot_plan){ DEMO_SLOT_SNACK, 0.01 };
		return 4;
	case DEMO_RESTAURANT:
		out[0] = (struct slot_plan){ DEMO_SLOT_FOOD, 0.93 };
		out[1] = (struct slot_plan){ DEMO_SLOT_SIDE, 0.0 }; /* rice comes as a pair */
		out[2] = (struct slot_plan){ DEMO_SLOT_DRINK, 0.85 * drink };
		out[3] = (struct slot_plan){ DEMO_SLOT_DESSERT, 0.10 };
		return 4;
	case DEMO_CLOUD:
	case DEMO_KIND_COUNT:
		break;
	}
	out[0] = (struct slot_plan){ DEMO_SLOT_FOOD, 1.0 };
	out[1] = (struct slot_plan){ DEMO_SLOT_SIDE, 0.22 };
	out[2] = (struct slot_plan){ DEMO_SLOT_DRINK, 0.35 };
	return 3;
}

static int32_t draw_qty(struct demo_rng *r, const struct demo_menu_item *it)
{
	if (it->qty_max > 1 && demo_rng_chance(r, 0.35))
		return demo_rng_range(r, 2, it->qty_max);
	return 1;
}

static void draw_guest(struct demo_rng *r, const struct demo_world *w, const struct demo_merchant *m,
		       int hour, bool delivery, struct basket *b)
{
	const struct demo_menu *menu = demo_menu_of(m->kind);
	struct slot_plan plan[4];
	size_t n_plan = slot_plan(m->kind, hour, delivery, plan);
	int chosen[4];
	size_t n_chosen = 0;
	for (size_t s = 0; s < n_plan; s++) {
		int item = -1;
		for (size_t c = 0; c < n_chosen && item < 0; c++)
			for (int p = 0; p < DEMO_MAX_PAIRS && item < 0; p++) {
				int pair = w->pair[m->kind][chosen[c]][p];
				if (pair >= 0 && menu->items[pair].slot == plan[s].slot &&
				    demo_rng_below(r, 100) < menu->items[chosen[c]].pair_pct[p])
					item = pair;
			}
		if (item < 0 && demo_rng_chance(r, plan[s].chance))
			item = pick_in_slot(r, menu, plan[s].slot, hour);
		if (item < 0)
			continue;
		const struct demo_menu_item *it = &menu->items[item];
		basket_add(b, item, draw_modifiers(r, it->modset), draw_qty(r, it));
		chosen[n_chosen++] = item;
	}
}

size_t demo_basket_draw(struct demo_rng *r, const struct demo_world *w,
			const struct demo_merchant *m, int hour, enum sales_channel channel,
			int guests, struct demo_basket_line out[DEMO_MAX_BASKET])
{
	struct basket b = { out, 0 };
	bool delivery = channel == SALES_CHANNEL_GOFOOD || channel == SALES_CHANNEL_GRABFOOD ||
			channel == SALES_CHANNEL_SHOPEEFOOD;
	for (int g = 0; g < guests; g++)
		draw_guest(r, w, m, hour, delivery, &b);
	const struct demo_menu *menu = demo_menu_of(m->kind);
	/* A restaurant table shares side dishes: one for small tables, two for big. */
	if (m->kind == DEMO_RESTAURANT && channel == SALES_CHANNEL_DINE_IN) {
		int shared = (demo_rng_chance(r, 0.45) ? 1 : 0) + (guests >= 4 && demo_rng_chance(r, 0.5));
		for (int s = 0; s < shared; s++) {
			int item = pick_in_slot(r, menu, DEMO_SLOT_SIDE, hour);
			if (item >= 0)
				basket_add(&b, item, 0, 1);
		}
	}
	/* Nobody pays for an empty ticket: if every slot missed, take the most
	 * typical thing the place sells. */
	if (b.n == 0) {
		enum demo_slot slot = m->kind == DEMO_CAFE ? DEMO_SLOT_DRINK
				      : m->kind == DEMO_BAKERY ? DEMO_SLOT_BREAD
							       : DEMO_SLOT_FOOD;
		int item = pick_in_slot(r, menu, slot, hour);
		basket_add(&b, item >= 0 ? item : 0, 0, 1);
	}
	return b.n;
}
