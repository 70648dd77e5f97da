/* GET /v1/merchants/{id}/basket: item pairs and triples bought together,
 * with support, confidence both ways, lift; bundle suggestions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/basket.h"
#include "api/analytics.h"
#include "store/analysis.h"
#include "store/rollups_ext.h"

static const char *name_of(const struct api_catalogue *cat, int64_t id)
{
	const struct store_item *it = api_catalogue_find(cat, id);
	return it ? it->name : "";
}

static json_t *pair_json(const struct api_catalogue *cat, const struct basket_pair *x)
{
	return json_pack("{s:[{s:I, s:s}, {s:I, s:s}], s:I, s:f, s:f, s:f, s:f, s:f, s:o, s:o}",
			 "items", "item_id", (json_int_t)x->a, "name", name_of(cat, x->a), "item_id",
			 (json_int_t)x->b, "name", name_of(cat, x->b), "tickets", (json_int_t)x->count,
			 "support", x->support, "confidence_a_to_b", x->confidence_ab,
			 "confidence_b_to_a", x->confidence_ba, "lift", x->lift, "leverage",
			 x->leverage, "conviction_a_to_b", api_real_json(x->conviction_ab),
			 "conviction_b_to_a", api_real_json(x->conviction_ba));
}

static enum clario_status pairs_from_rollups(struct store *s, const struct api_period *p,
					     const struct basket_params *bp,
					     struct basket_result *r, struct clario_err *err)
{
	struct rollup_pair *rp = NULL;
	size_t n = 0;
	enum clario_status st = store_rollup_pairs_query(s, p->m.id, p->outlet_id, p->from, p->to,
							 &rp, &n, err);
	struct basket_count *c = st == CLARIO_OK ? calloc(n + 1, sizeof *c) : NULL;
	if (st == CLARIO_OK && !c)
		st = clario_err_set(err, CLARIO_ENOMEM, "basket: out of memory");
	for (size_t i = 0; c && i < n; i++)
		c[i] = (struct basket_count){.a = rp[i].a, .b = rp[i].b, .tickets = rp[i].tickets};
	if (st == CLARIO_OK)
		st = basket_from_counts(c, n, bp, r, err);
	free(c);
	free(rp);
	return st;
}

json_t *api_basket_build(struct store *s, const struct api_period *p,
			 const struct basket_params *bp, struct clario_err *err)
{
	struct api_catalogue cat = {0};
	int64_t *t = NULL, *it = NULL;
	size_t n = 0;
	struct basket_result r = {0};
	json_t *out = NULL;
	enum clario_status st = api_catalogue_load(s, p->m.id, &cat, err);
	/* Pairs alone come from the pair rollups (a merchant-year is ~10k rows);
	 * triples need every ticket's lines. */
	if (st == CLARIO_OK && !bp->triples)
		st = pairs_from_rollups(s, p, bp, &r, err);
	else if (st == CLARIO_OK)
		st = store_analysis_basket_lines(s, p->m.id, p->outlet_id, p->from, p->to, &t, &it, &n,
						 err);
	if (st == CLARIO_OK && bp->triples)
		st = basket_compute(t, it, n, bp, &r, err);
	if (st != CLARIO_OK)
		goto out;
	json_t *pairs = json_array(), *triples = json_array(), *bundles = json_array();
	for (size_t i = 0; i < r.n_pairs; i++)
		json_array_append_new(pairs, pair_json(&cat, &r.pairs[i]));
	for (size_t i = 0; i < r.n_triples; i++) {
		const struct basket_triple *x = &r.triples[i];
		json_t *rules = json_array(), *items = json_array();
		for (int k = 0; k < 3; k++) {
			json_array_append_new(items, json_pack("{s:I, s:s}", "item_id",
							       (json_int_t)x->item[k], "name",
							       name_of(&cat, x->item[k])));
			const struct basket_rule *ru = &x->rule[k];
			json_array_append_new(rules, json_pack("{s:[I, I], s:I, s:f, s:f}", "if",
							       (json_int_t)ru->if_a, (json_int_t)ru->if_b,
							       "then", (json_int_t)ru->then,
							       "confidence", ru->confidence, "lift",
							       ru->lift));
		}
		json_array_append_new(triples, json_pack("{s:o, s:I, s:f, s:o}", "items", items,
							 "tickets", (json_int_t)x->count, "support",
							 x->support, "rules", rules));
	}
	for (size_t i = 0; i < r.n_bundles; i++) {
		const struct basket_pair *x = &r.pairs[r.bundles[i]];
		char why[1024];
		snprintf(why, sizeof why,
			 "%s + %s: bought together in %lld tickets, %.1fx as often as by chance; "
			 "offer them as a paket at a small discount",
			 name_of(&cat, x->a), name_of(&cat, x->b), (long long)x->count, x->lift);
		json_array_append_new(bundles, json_pack("{s:[I, I], s:I, s:f, s:f, s:s}", "items",
							 (json_int_t)x->a, (json_int_t)x->b, "tickets",
							 (json_int_t)x->count, "lift", x->lift,
							 "extra_tickets",
							 x->leverage * (double)r.tickets, "suggestion",
							 why));
	}
	out = json_pack("{s:o, s:o, s:I, s:I, s:f, s:I, s:I, s:I, s:o, s:o, s:o}", "from",
			api_date_json(p->from), "to", api_date_json(p->to), "tickets",
			(json_int_t)r.tickets, "distinct_items", (json_int_t)r.n_items, "min_support",
			bp->min_support, "min_tickets", (json_int_t)r.min_count_used,
			"frequent_pairs", (json_int_t)r.frequent_pairs, "frequent_triples",
			(json_int_t)r.frequent_triples, "pairs", pairs, "triples", triples, "bundles",
			bundles);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "basket: out of memory");
out:
	basket_release(&r);
	free(t);
	free(it);
	api_catalogue_release(&cat);
	return out;
}

void api_basket_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	struct basket_params bp = BASKET_DEFAULTS;
	int64_t top = 0, min_count = 0;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = api_real_param(c, "min_support", 0.0, 1.0, bp.min_support, &bp.min_support, &err);
	if (st == CLARIO_OK)
		st = api_int_param(c, "min_tickets", 1, 1000000, bp.min_count, &min_count, &err);
	if (st == CLARIO_OK)
		st = api_int_param(c, "top", 1, 1000, (int64_t)bp.top_n, &top, &err);
	const char *sort = http_query(c, "sort");
	if (st == CLARIO_OK && sort) {
		if (strcmp(sort, "lift") == 0)
			bp.sort = BASKET_BY_LIFT;
		else if (strcmp(sort, "count") == 0)
			bp.sort = BASKET_BY_COUNT;
		else if (strcmp(sort, "leverage") == 0)
			bp.sort = BASKET_BY_LEVERAGE;
		else
			st = clario_err_set(&err, CLARIO_EINVAL, "sort: must be lift, count or leverage");
	}
	const char *triples = http_query(c, "triples");
	if (st == CLARIO_OK && triples) {
		if (strcmp(triples, "true") == 0)
			bp.triples = true;
		else if (strcmp(triples, "false") == 0)
			bp.triples = false; /* pairs only: read from the pair rollups */
		else
			st = clario_err_set(&err, CLARIO_EINVAL, "triples: must be true or false");
	}
	bp.min_count = min_count;
	bp.top_n = (size_t)top;
	if (st == CLARIO_OK && !(body = api_basket_build(c->store, &p, &bp, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
