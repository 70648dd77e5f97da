/* GET /v1/merchants/{id}/menu-engineering: Kasavana & Smith classes for the
 * whole menu, one category (category=...), or each category (group=category). */
#include <stdlib.h>
#include <string.h>

#include "analytics/items.h"
#include "analytics/menu.h"
#include "api/analytics.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"

/* One group: the items of perf whose category matches (NULL = all). */
static json_t *group_json(const struct api_catalogue *cat, const struct items_result *r,
			  const char *category, double factor, struct clario_err *err)
{
	struct menu_input *in = calloc(r->n_items + 1, sizeof *in);
	struct menu_result m = {0};
	json_t *out = NULL;
	size_t k = 0;
	if (!in) {
		clario_err_set(err, CLARIO_ENOMEM, "menu: out of memory");
		return NULL;
	}
	for (size_t i = 0; i < r->n_items; i++) {
		const struct store_item *it = &cat->items[r->items[i].info];
		if (category && strcmp(it->category, category) != 0)
			continue;
		in[k++] = (struct menu_input){.item_id = r->items[i].item_id, .qty = r->items[i].qty,
					      .net = r->items[i].net, .unit_cost = it->unit_cost};
	}
	if (menu_compute(in, k, factor, &m, err) != CLARIO_OK)
		goto out;
	json_t *items = json_array();
	for (size_t i = 0; i < m.n_items; i++) {
		const struct menu_item *mi = &m.items[i];
		const struct store_item *it = api_catalogue_find(cat, mi->item_id);
		bool classed = mi->cls <= MENU_DOG;
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:I, s:o, s:I, s:o, s:o, s:o, s:s, s:s}",
			"item_id", (json_int_t)mi->item_id, "name", it ? it->name : "", "category",
			it ? it->category : "", "qty", (json_int_t)mi->qty, "menu_mix_pct",
			classed ? json_real(mi->mix_pct) : json_null(), "avg_price",
			(json_int_t)mi->price, "unit_cost",
			it && it->unit_cost >= 0 ? json_integer(it->unit_cost) : json_null(), "cm",
			classed ? json_integer(mi->cm) : json_null(), "total_cm",
			classed ? json_integer(mi->total_cm) : json_null(), "class",
			menu_class_name(mi->cls), "action", menu_class_action(mi->cls)));
	}
	out = json_pack("{s:o, s:s, s:f, s:I, s:I, s:f, s:f, s:f, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:o}",
		"category", category ? json_string(category) : json_null(), "formula",
		"Kasavana & Smith 1982: popularity high when MM% >= factor x (1/N); CM high when CM >= "
		"quantity-weighted average CM; items without cost excluded from N",
		"factor", m.factor, "items_analysed", (json_int_t)m.n_analysed, "total_qty",
		(json_int_t)m.total_qty, "popularity_threshold_pct", m.popularity_threshold_pct,
		"popularity_threshold_qty", m.popularity_threshold_units, "weighted_avg_cm",
		m.weighted_avg_cm, "total_cm", (json_int_t)m.total_cm, "counts", "star",
		(json_int_t)m.counts[MENU_STAR], "plowhorse", (json_int_t)m.counts[MENU_PLOWHORSE],
		"puzzle", (json_int_t)m.counts[MENU_PUZZLE], "dog", (json_int_t)m.counts[MENU_DOG],
		"no_cost", (json_int_t)m.counts[MENU_NO_COST], "items", items);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "menu: out of memory");
out:
	menu_release(&m);
	free(in);
	return out;
}

enum clario_status api_menu_compute(struct store *s, const struct api_period *p,
				    struct api_catalogue *cat, struct menu_result *out,
				    struct clario_err *err)
{
	struct rollup_item_day *rows = NULL;
	struct menu_input *in = NULL;
	size_t n = 0, k = 0;
	struct items_result r = {0};
	*out = (struct menu_result){0};
	enum clario_status st = api_catalogue_load(s, p->m.id, cat, err);
	if (st == CLARIO_OK)
		st = store_rollup_item_sums(s, p->m.id, p->outlet_id, p->from, p->to, &rows, &n, err);
	if (st == CLARIO_OK)
		st = items_compute(cat->infos, cat->n, rows, n, p->from, p->to, p->from, p->from - 1,
				   p->category, &r, err);
	if (st == CLARIO_OK && !(in = calloc(r.n_items + 1, sizeof *in)))
		st = clario_err_set(err, CLARIO_ENOMEM, "menu: out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < r.n_items; i++) {
		const struct store_item *it = &cat->items[r.items[i].info];
		if (p->category && strcmp(it->category, p->category) != 0)
			continue;
		in[k++] = (struct menu_input){.item_id = r.items[i].item_id, .qty = r.items[i].qty,
					      .net = r.items[i].net, .unit_cost = it->unit_cost};
	}
	if (st == CLARIO_OK)
		st = menu_compute(in, k, MENU_DEFAULT_FACTOR, out, err);
	free(in);
	items_release(&r);
	free(rows);
	return st;
}

json_t *api_menu_build(struct store *s, const struct api_period *p, bool per_category,
		       double factor, struct clario_err *err)
{
	struct api_catalogue cat = {0};
	struct rollup_item_day *rows = NULL;
	size_t n = 0;
	struct items_result r = {0};
	json_t *out = NULL, *groups = NULL;
	enum clario_status st = api_catalogue_load(s, p->m.id, &cat, err);
	if (st == CLARIO_OK)
		st = store_rollup_item_sums(s, p->m.id, p->outlet_id, p->from, p->to, &rows, &n, err);
	if (st == CLARIO_OK)
		st = items_compute(cat.infos, cat.n, rows, n, p->from, p->to, p->from, p->from - 1,
				   p->category, &r, err);
	if (st != CLARIO_OK)
		goto out;
	groups = json_array();
	if (per_category && !p->category) {
		for (size_t i = 0; i < r.n_cats; i++) {
			json_t *g = group_json(&cat, &r, r.cats[i].name, factor, err);
			if (!g)
				goto out;
			json_array_append_new(groups, g);
		}
	} else {
		json_t *g = group_json(&cat, &r, p->category, factor, err);
		if (!g)
			goto out;
		json_array_append_new(groups, g);
	}
	out = json_pack("{s:o, s:o, s:s, s:O}", "from", api_date_json(p->from), "to",
			api_date_json(p->to), "grouping",
			per_category && !p->category ? "category" : (p->category ? "one_category" : "menu"),
			"groups", groups);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "menu: out of memory");
out:
	json_decref(groups);
	items_release(&r);
	free(rows);
	api_catalogue_release(&cat);
	return out;
}

void api_menu_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	double factor = MENU_DEFAULT_FACTOR;
	json_t *body = NULL;
	bool per_category = false;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = api_real_param(c, "factor", 0.01, 1.0, MENU_DEFAULT_FACTOR, &factor, &err);
	const char *group = http_query(c, "group");
	if (st == CLARIO_OK && group) {
		if (strcmp(group, "category") == 0)
			per_category = true;
		else if (strcmp(group, "menu") != 0)
			st = clario_err_set(&err, CLARIO_EINVAL, "group: must be menu or category");
	}
	if (st == CLARIO_OK && !(body = api_menu_build(c->store, &p, per_category, factor, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
