/* Registers the demo's partners, merchants, menus (with prices and unit costs,
 * some unknown) and outlets through the store API, before any ticket arrives:
 * ingest needs the outlets, and the catalogue carries the costs a sale line
 * cannot. */
#include "cli/demo/demo_setup.h"

#include <stdio.h>
#include <string.h>

static enum clario_status setup_merchant(struct store *s, struct demo_world *w,
					 struct demo_merchant *m, struct clario_err *err)
{
	int64_t partner_id = m->partner >= 0 ? w->partners[m->partner].id : 0;
	enum clario_status st = store_merchant_create(s, partner_id, m->name, demo_kind_name(m->kind),
						      &m->id, err);
	if (st != CLARIO_OK)
		return st;
	const struct demo_menu *menu = demo_menu_of(m->kind);
	for (size_t i = 0; i < menu->n && st == CLARIO_OK; i++) {
		struct store_item item = { .merchant_id = m->id, .price = m->price[i],
					   .unit_cost = m->cost[i] };
		snprintf(item.external_id, sizeof item.external_id, "%s", menu->items[i].sku);
		snprintf(item.name, sizeof item.name, "%s", menu->items[i].name);
		snprintf(item.category, sizeof item.category, "%s", menu->items[i].category);
		int64_t id;
		st = store_item_upsert(s, &item, &id, err);
	}
	for (size_t k = 0; k < m->n_outlets && st == CLARIO_OK; k++) {
		struct demo_outlet *o = &w->outlets[m->first_outlet + k];
		st = store_outlet_create(s, m->id, o->source, o->external_id, o->name, o->tz,
					 DEMO_CUTOFF, &o->id, err);
	}
	return st;
}

enum clario_status demo_setup(struct store *s, struct demo_world *w, struct clario_err *err)
{
	enum clario_status st = store_begin(s, err);
	if (st != CLARIO_OK)
		return st;
	for (int p = 0; p < DEMO_N_PARTNERS && st == CLARIO_OK; p++)
		st = store_partner_create(s, w->partners[p].code, w->partners[p].name,
					  STORE_PARTNER_POS, &w->partners[p].id, err);
	for (size_t i = 0; i < w->n_merchants && st == CLARIO_OK; i++)
		st = setup_merchant(s, w, &w->merchants[i], err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	if (st != CLARIO_OK) {
		clario_err_prefix(err, "demo setup: ");
		store_rollback(s);
	}
	return st;
}
