/* Item and category performance: rollup rows folded per item for two
 * periods, then per category. */
#include "analytics/items.h"

#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>


static int by_net(const void *a, const void *b)
{
	const struct item_perf *x = a, *y = b;
	if (x->net != y->net)
		return x->net < y->net ? 1 : -1;
	return (x->item_id > y->item_id) - (x->item_id < y->item_id);
}

static int cat_by_net(const void *a, const void *b)
{
	const struct category_perf *x = a, *y = b;
	if (x->net != y->net)
		return x->net < y->net ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Binary search in the id-sorted copy; returns the original index or -1. */
struct id_idx {
	int64_t id;
	size_t idx;
};

static int idx_cmp(const void *a, const void *b)
{
	const struct id_idx *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

enum clario_status items_compute(const struct item_info *infos, size_t n_infos,
				 const struct rollup_item_day *rows, size_t n, day_t from, day_t to,
				 day_t prev_from, day_t prev_to, const char *category,
				 struct items_result *out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	memset(out, 0, sizeof *out);
	struct id_idx *map = calloc(n_infos + 1, sizeof *map);
	struct item_perf *acc = calloc(n_infos + 1, sizeof *acc);
	bool *seen = calloc(n_infos + 1, sizeof *seen);
	if (!map || !acc || !seen) {
		st = clario_err_set(err, CLARIO_ENOMEM, "items: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_infos; i++)
		map[i] = (struct id_idx){infos[i].id, i};
	qsort(map, n_infos, sizeof *map, idx_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct rollup_item_day *r = &rows[i];
		bool now = r->day >= from && r->day <= to;
		bool prev = r->day >= prev_from && r->day <= prev_to;
		if (!now && !prev)
			continue;
		struct id_idx key = {r->item_id, 0};
		const struct id_idx *hit = bsearch(&key, map, n_infos, sizeof *map, idx_cmp);
		if (!hit) {
			st = clario_err_set(err, CLARIO_EINTERNAL, "items: item %lld has no catalogue entry",
					    (long long)r->item_id);
			goto out;
		}
		const struct item_info *inf = &infos[hit->idx];
		if (category && strcmp(inf->category ? inf->category : "", category) != 0)
			continue;
		struct item_perf *p = &acc[hit->idx];
		seen[hit->idx] = true;
		if (now) {
			p->qty_sold += r->qty;
			p->qty_refunded += r->refund_qty;
			p->gross += r->gross;
			p->discounts += r->discounts;
			p->refunds += r->refunds;
		} else {
			p->prev_qty += r->qty - r->refund_qty;
			p->prev_net += r->gross - r->discounts - r->refunds;
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < n_infos; i++) {
		if (!seen[i])
			continue;
		struct item_perf p = acc[i];
		p.item_id = infos[i].id;
		p.info = i;
		p.qty = p.qty_sold - p.qty_refunded;
		p.net = p.gross - p.discounts - p.refunds;
		p.avg_price = summary_div_round(p.gross - p.discounts, p.qty_sold);
		p.has_cost = infos[i].unit_cost >= 0;
		if (p.has_cost) {
			p.cost = infos[i].unit_cost * p.qty;
			p.margin = p.net - p.cost;
			p.margin_pct = p.net ? (double)p.margin / (double)p.net * 100.0 : 0.0;
		}
		p.trend = compare_change(p.net, p.prev_net);
		out->total_net += p.net;
		out->prev_total_net += p.prev_net;
		acc[k++] = p;
	}
	for (size_t i = 0; i < k; i++)
		acc[i].share = out->total_net ? (double)acc[i].net / (double)out->total_net : 0.0;
	qsort(acc, k, sizeof *acc, by_net);
	out->items = acc;
	out->n_items = k;
	acc = NULL;

	out->cats = calloc(out->n_items + 1, sizeof *out->cats);
	if (!out->cats) {
		st = clario_err_set(err, CLARIO_ENOMEM, "items: out of memory");
		goto out;
	}
	for (size_t i = 0; i < out->n_items; i++) {
		const struct item_perf *p = &out->items[i];
		const char *name = infos[p->info].category ? infos[p->info].category : "";
		size_t c = 0;
		while (c < out->n_cats && strcmp(out->cats[c].name, name) != 0)
			c++;
		struct category_perf *cp = &out->cats[c];
		if (c == out->n_cats) {
			out->n_cats++;
			snprintf(cp->name, sizeof cp->name, "%s", name);
			cp->cost_complete = true;
		}
		cp->items++;
		cp->qty += p->qty;
		cp->gross += p->gross;
		cp->discounts += p->discounts;
		cp->refunds += p->refunds;
		cp->net += p->net;
		cp->prev_net += p->prev_net;
		if (p->has_cost) {
			cp->cost += p->cost;
			cp->margin += p->margin;
		} else {
			cp->cost_complete = false;
		}
	}
	for (size_t c = 0; c < out->n_cats; c++) {
		struct category_perf *cp = &out->cats[c];
		cp->share = out->total_net ? (double)cp->net / (double)out->total_net : 0.0;
		cp->trend = compare_change(cp->net, cp->prev_net);
	}
	qsort(out->cats, out->n_cats, sizeof *out->cats, cat_by_net);
out:
	free(map);
	free(acc);
	free(seen);
	if (st != CLARIO_OK)
		items_release(out);
	return st;
}

void items_release(struct items_result *r)
{
	free(r->items);
	free(r->cats);
	memset(r, 0, sizeof *r);
}

void items_movers(const struct items_result *r, size_t k, size_t *up, size_t *n_up, size_t *down,
		  size_t *n_down)
{
	/* Selection by repeated scan: k is small (≤ 20) and items are hundreds. */
	*n_up = *n_down = 0;
	for (size_t round = 0; round < k; round++) {
		size_t best = SIZE_MAX, worst = SIZE_MAX;
		for (size_t i = 0; i < r->n_items; i++) {
			bool used_up = false, used_down = false;
			for (size_t j = 0; j < *n_up; j++)
				used_up |= up[j] == i;
			for (size_t j = 0; j < *n_down; j++)
				used_down |= down[j] == i;
			int64_t ch = r->items[i].trend.change;
			if (!used_up && ch > 0 && (best == SIZE_MAX || ch > r->items[best].trend.change))
				best = i;
			if (!used_down && ch < 0 &&
			    (worst == SIZE_MAX || ch < r->items[worst].trend.change))
				worst = i;
		}
		if (best != SIZE_MAX)
			up[(*n_up)++] = best;
		if (worst != SIZE_MAX)
			down[(*n_down)++] = worst;
	}
}
