/* GET /v1/merchants/{id}/items: item and category performance with the trend
 * against the previous period of equal length, and top and bottom movers. */
#include <stdlib.h>
#include <string.h>

#include "analytics/items.h"
#include "api/analytics.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"

enum clario_status api_catalogue_load(struct store *s, int64_t merchant_id,
				      struct api_catalogue *out, struct clario_err *err)
{
	*out = (struct api_catalogue){0};
	enum clario_status st = store_analysis_items(s, merchant_id, &out->items, &out->n, err);
	if (st != CLARIO_OK)
		return st;
	out->infos = calloc(out->n + 1, sizeof *out->infos);
	if (!out->infos) {
		api_catalogue_release(out);
		return clario_err_set(err, CLARIO_ENOMEM, "catalogue: out of memory");
	}
	for (size_t i = 0; i < out->n; i++)
		out->infos[i] = (struct item_info){.id = out->items[i].id, .name = out->items[i].name,
						   .category = out->items[i].category,
						   .unit_cost = out->items[i].unit_cost};
	return CLARIO_OK;
}

void api_catalogue_release(struct api_catalogue *c)
{
	free(c->items);
	free(c->infos);
	*c = (struct api_catalogue){0};
}

const struct store_item *api_catalogue_find(const struct api_catalogue *c, int64_t id)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->items[lo].id == id ? &c->items[lo] : NULL;
}

static json_t *trend_json(const struct compare_change *t)
{
	return json_pack("{s:I, s:I, s:o}", "previous_net", (json_int_t)t->base, "change",
			 (json_int_t)t->change, "pct", t->has_pct ? json_real(t->pct) : json_null());
}

static json_t *item_json(const struct api_catalogue *cat, const struct item_perf *p)
{
	const struct store_item *it = &cat->items[p->info];
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:o, s:o, s:o, s:o}",
			 "item_id", (json_int_t)p->item_id, "name", it->name, "category",
			 it->category, "qty", (json_int_t)p->qty, "qty_sold",
			 (json_int_t)p->qty_sold, "qty_refunded", (json_int_t)p->qty_refunded,
			 "gross", (json_int_t)p->gross, "discounts", (json_int_t)p->discounts,
			 "refunds", (json_int_t)p->refunds, "net_sales", (json_int_t)p->net,
			 "share", p->share, "avg_price", (json_int_t)p->avg_price, "unit_cost",
			 it->unit_cost >= 0 ? json_integer(it->unit_cost) : json_null(), "cost",
			 p->has_cost ? json_integer(p->cost) : json_null(), "margin",
			 p->has_cost ? json_integer(p->margin) : json_null(), "trend",
			 trend_json(&p->trend));
}

/* Each item's sums over the previous period (rows dated its first day) and
 * over the period (dated from): all items_compute needs. */
static enum clario_status item_sums(struct store *s, const struct api_period *p, day_t len,
				    struct rollup_item_day **rows, size_t *n, struct clario_err *err)
{
	struct rollup_item_day *prev = NULL, *cur = NULL;
	size_t np = 0, nc = 0;
	enum clario_status st = store_rollup_item_sums(s, p->m.id, p->outlet_id, p->from - len,
						       p->from - 1, &prev, &np, err);
	if (st == CLARIO_OK)
		st = store_rollup_item_sums(s, p->m.id, p->outlet_id, p->from, p->to, &cur, &nc, err);
	struct rollup_item_day *all = st == CLARIO_OK ? realloc(prev, (np + nc + 1) * sizeof *all)
						      : NULL;
	if (st == CLARIO_OK && !all)
		st = clario_err_set(err, CLARIO_ENOMEM, "items: out of memory");
	if (st == CLARIO_OK) {
		prev = NULL;
		if (nc)
			memcpy(all + np, cur, nc * sizeof *all);
		*rows = all;
		*n = np + nc;
	}
	free(prev);
	free(cur);
	return st;
}

json_t *api_items_build(struct store *s, const struct api_period *p, size_t top,
			struct clario_err *err)
{
	struct api_catalogue cat = {0};
	struct rollup_item_day *rows = NULL;
	size_t n = 0;
	struct items_result r = {0};
	json_t *out = NULL;
	day_t len = p->to - p->from + 1;
	enum clario_status st = api_catalogue_load(s, p->m.id, &cat, err);
	if (st == CLARIO_OK)
		st = item_sums(s, p, len, &rows, &n, err);
	if (st == CLARIO_OK)
		st = items_compute(cat.infos, cat.n, rows, n, p->from, p->to, p->from - len,
				   p->from - 1, p->category, &r, err);
	if (st != CLARIO_OK)
		goto out;
	json_t *items = json_array(), *cats = json_array(), *up = json_array(),
	       *down = json_array();
	for (size_t i = 0; i < r.n_items && i < top; i++)
		json_array_append_new(items, item_json(&cat, &r.items[i]));
	for (size_t i = 0; i < r.n_cats; i++) {
		const struct category_perf *cp = &r.cats[i];
		json_array_append_new(cats, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:b, s:o}",
			"category", cp->name, "items", (json_int_t)cp->items, "qty", (json_int_t)cp->qty,
			"gross", (json_int_t)cp->gross, "discounts", (json_int_t)cp->discounts,
			"refunds", (json_int_t)cp->refunds, "net_sales", (json_int_t)cp->net,
			"share", cp->share, "cost", (json_int_t)cp->cost, "margin",
			(json_int_t)cp->margin, "cost_complete", cp->cost_complete, "trend",
			trend_json(&cp->trend)));
	}
	size_t u[10], d[10], nu, nd;
	items_movers(&r, 5, u, &nu, d, &nd);
	for (size_t i = 0; i < nu; i++)
		json_array_append_new(up, item_json(&cat, &r.items[u[i]]));
	for (size_t i = 0; i < nd; i++)
		json_array_append_new(down, item_json(&cat, &r.items[d[i]]));
	out = json_pack("{s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "from",
			api_date_json(p->from), "to", api_date_json(p->to), "previous_from",
			api_date_json(p->from - len), "previous_to", api_date_json(p->from - 1),
			"total_net_sales", (json_int_t)r.total_net, "previous_total_net_sales",
			(json_int_t)r.prev_total_net, "items_count", (json_int_t)r.n_items, "items",
			items, "categories", cats, "top_movers", up, "bottom_movers", down);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "items: out of memory");
out:
	items_release(&r);
	free(rows);
	api_catalogue_release(&cat);
	return out;
}

void api_items_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	int64_t top = 0;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = api_int_param(c, "top", 1, 10000, 10000, &top, &err);
	if (st == CLARIO_OK && !(body = api_items_build(c->store, &p, (size_t)top, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
