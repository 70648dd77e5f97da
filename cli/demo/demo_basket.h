/* What one ticket's guests order: a basket of menu items with quantities and
 * modifiers, shaped by the merchant's kind, the hour and the channel, with the
 * affinities of the menus (kopi with croissant, nasi goreng with es teh) so
 * that basket analysis later finds lift > 1. */
#ifndef CLARIO_CLI_DEMO_BASKET_H
#define CLARIO_CLI_DEMO_BASKET_H

#include <stddef.h>
#include <stdint.h>

#include "cli/demo/demo_rng.h"
#include "cli/demo/demo_world.h"
#include "model/sales.h"

#define DEMO_MAX_BASKET 24
#define DEMO_MAX_LINE_MODS 3

struct demo_basket_line {
	uint8_t item;  /* index into the merchant's menu */
	uint8_t mods;  /* bit set of the item's modifier set, see demo_basket_modifiers */
	int32_t qty;
};

/* Draws the basket of `guests` guests into out (at most DEMO_MAX_BASKET
 * lines); returns the number of lines, at least 1. */
size_t demo_basket_draw(struct demo_rng *r, const struct demo_world *w,
			const struct demo_merchant *m, int hour, enum sales_channel channel,
			int guests, struct demo_basket_line out[DEMO_MAX_BASKET]);

/* The modifiers of a line (names and per-unit prices) into out; returns how many. */
size_t demo_basket_modifiers(enum demo_modset set, uint8_t bits,
			     struct sales_modifier out[DEMO_MAX_LINE_MODS]);

#endif
