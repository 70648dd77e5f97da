/* Basket analysis: one pass maps items to dense indexes and stores each
 * ticket's distinct items; pair counts go to a hash table; a second pass
 * counts triples whose three pairs are all frequent (the Apriori property). */
#include "analytics/basket.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Open addressing, linear probing; key 0 is free (keys stored + 1). */
struct htab {
	uint64_t *keys;
	int64_t *vals;
	size_t cap, used;
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static bool ht_init(struct htab *h, size_t cap)
{
	h->cap = cap;
	h->used = 0;
	h->keys = calloc(cap, sizeof *h->keys);
	h->vals = calloc(cap, sizeof *h->vals);
	return h->keys && h->vals;
}

static void ht_free(struct htab *h)
{
	free(h->keys);
	free(h->vals);
	memset(h, 0, sizeof *h);
}

static size_t ht_slot(const struct htab *h, uint64_t k)
{
	size_t i = (size_t)mix(k) & (h->cap - 1);
	while (h->keys[i] && h->keys[i] != k)
		i = (i + 1) & (h->cap - 1);
	return i;
}

/* Pointer to the value of key (created as 0), or NULL without memory. */
static int64_t *ht_get(struct htab *h, uint64_t key, bool create)
{
	uint64_t k = key + 1;
	size_t i = ht_slot(h, k);
	if (h->keys[i])
		return &h->vals[i];
	if (!create)
		return NULL;
	if ((h->used + 1) * 2 > h->cap) {
		struct htab g;
		if (!ht_init(&g, h->cap * 2)) {
			ht_free(&g);
			return NULL;
		}
		for (size_t j = 0; j < h->cap; j++)
			if (h->keys[j]) {
				size_t s = ht_slot(&g, h->keys[j]);
				g.keys[s] = h->keys[j];
				g.vals[s] = h->vals[j];
			}
		g.used = h->used;
		ht_free(h);
		*h = g;
		i = ht_slot(h, k);
	}
	h->keys[i] = k;
	h->vals[i] = 0;
	h->used++;
	return &h->vals[i];
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

struct ctx {
	const struct basket_params *p;
	int64_t T;
	const int64_t *ids;   /* dense index → item id */
	const int64_t *count; /* dense index → tickets */
};

static double pair_score(const struct basket_pair *x, enum basket_sort s)
{
	switch (s) {
	case BASKET_BY_COUNT: return (double)x->count;
	case BASKET_BY_LEVERAGE: return x->leverage;
	case BASKET_BY_LIFT: break;
	}
	return x->lift;
}

static enum basket_sort g_sort; /* qsort has no context argument */

static int pair_cmp(const void *a, const void *b)
{
	const struct basket_pair *x = a, *y = b;
	double sx = pair_score(x, g_sort), sy = pair_score(y, g_sort);
	if (sx != sy)
		return sx < sy ? 1 : -1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

static int triple_cmp(const void *a, const void *b)
{
	const struct basket_triple *x = a, *y = b;
	double lx = fmax(fmax(x->rule[0].lift, x->rule[1].lift), x->rule[2].lift);
	double ly = fmax(fmax(y->rule[0].lift, y->rule[1].lift), y->rule[2].lift);
	if (g_sort == BASKET_BY_COUNT || lx == ly) {
		if (x->count != y->count)
			return x->count < y->count ? 1 : -1;
	} else {
		return lx < ly ? 1 : -1;
	}
	return memcmp(x->item, y->item, sizeof x->item);
}

static struct basket_pair make_pair(const struct ctx *c, uint32_t a, uint32_t b, int64_t n)
{
	double T = (double)c->T;
	double sa = (double)c->count[a] / T, sb = (double)c->count[b] / T, s = (double)n / T;
	struct basket_pair p = {.a = c->ids[a], .b = c->ids[b], .count = n,
				.count_a = c->count[a], .count_b = c->count[b], .support = s};
	if (p.a > p.b) {
		int64_t t = p.a;
		p.a = p.b;
		p.b = t;
		t = p.count_a;
		p.count_a = p.count_b;
		p.count_b = t;
		double d = sa;
		sa = sb;
		sb = d;
	}
	p.confidence_ab = (double)n / (double)p.count_a;
	p.confidence_ba = (double)n / (double)p.count_b;
	p.lift = s / (sa * sb);
	p.leverage = s - sa * sb;
	p.conviction_ab = p.confidence_ab >= 1.0 ? INFINITY : (1.0 - sb) / (1.0 - p.confidence_ab);
	p.conviction_ba = p.confidence_ba >= 1.0 ? INFINITY : (1.0 - sa) / (1.0 - p.confidence_ba);
	return p;
}

/* Bundles: clear positive association, ranked by excess co-occurrence; then
 * the top pairs become the result (out takes pl). */
static void pick_bundles(struct basket_pair *pl, const struct basket_params *p,
			 struct basket_result *out)
{
	for (size_t k = 0; k < 5; k++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < out->frequent_pairs && i < p->top_n; i++) {
			bool used = false;
			for (size_t j = 0; j < out->n_bundles; j++)
				used |= out->bundles[j] == i;
			if (used || pl[i].lift < 1.2)
				continue;
			if (best == SIZE_MAX || pl[i].leverage > pl[best].leverage)
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		out->bundles[out->n_bundles++] = best;
	}
	out->pairs = pl;
	out->n_pairs = out->frequent_pairs < p->top_n ? out->frequent_pairs : p->top_n;
}

static int64_t min_count(const struct basket_params *p, int64_t T)
{
	int64_t min = (int64_t)ceil(p->min_support * (double)T - 1e-9);
	if (min < p->min_count)
		min = p->min_count;
	return min < 1 ? 1 : min;
}

#define PAIR_KEY(a, b) (((uint64_t)(a) << 32) | (uint64_t)(b))

enum clario_status basket_compute(const int64_t *ticket, const int64_t *item, size_t n,
				  const struct basket_params *p, struct basket_result *out,
				  struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(p->min_support >= 0.0 && p->min_support <= 1.0))
		return clario_err_set(err, CLARIO_EINVAL, "min_support: must be in 0..1");
	enum clario_status st = CLARIO_OK;
	struct htab items = {0}, pairs = {0}, triples = {0};
	uint32_t *flat = malloc((n + 1) * sizeof *flat);
	size_t *start = malloc((n + 2) * sizeof *start);
	int64_t *ids = NULL, *count = NULL;
	struct basket_pair *pl = NULL;
	struct basket_triple *tl = NULL;
	if (!flat || !start || !ht_init(&items, 256) || !ht_init(&pairs, 4096) ||
	    !ht_init(&triples, 4096))
		goto nomem;
	/* Pass 1: dense item indexes, tickets as runs of sorted distinct indexes. */
	size_t nf = 0, nt = 0, n_ids = 0, cap_ids = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		start[nt] = nf;
		while (j < n && ticket[j] == ticket[i]) {
			int64_t *v = ht_get(&items, (uint64_t)item[j], true);
			if (!v)
				goto nomem;
			if (*v == 0) {
				if (n_ids == cap_ids) {
					cap_ids = cap_ids ? cap_ids * 2 : 256;
					int64_t *g = realloc(ids, cap_ids * sizeof *g);
					if (!g)
						goto nomem;
					ids = g;
				}
				ids[n_ids++] = item[j];
				*v = (int64_t)n_ids; /* index + 1 */
			}
			flat[nf++] = (uint32_t)(*v - 1);
			j++;
		}
		qsort(flat + start[nt], nf - start[nt], sizeof *flat, cmp_u32);
		size_t w = start[nt];
		for (size_t k = start[nt]; k < nf; k++)
			if (k == start[nt] || flat[k] != flat[w - 1])
				flat[w++] = flat[k];
		nf = w;
		nt++;
		i = j;
	}
	start[nt] = nf;
	out->tickets = (int64_t)nt;
	out->n_items = n_ids;
	count = calloc(n_ids + 1, sizeof *count);
	if (!count)
		goto nomem;
	for (size_t k = 0; k < nf; k++)
		count[flat[k]]++;
	int64_t min = min_count(p, (int64_t)nt);
	out->min_count_used = min;
	/* Pass 2: pairs of frequent items. */
	for (size_t t = 0; t < nt; t++)
		for (size_t x = start[t]; x < start[t + 1]; x++) {
			if (count[flat[x]] < min)
				continue;
			for (size_t y = x + 1; y < start[t + 1]; y++) {
				if (count[flat[y]] < min)
					continue;
				int64_t *v = ht_get(&pairs, PAIR_KEY(flat[x], flat[y]), true);
				if (!v)
					goto nomem;
				(*v)++;
			}
		}
	struct ctx c = {.p = p, .T = (int64_t)nt, .ids = ids, .count = count};
	pl = calloc(pairs.used + 1, sizeof *pl);
	if (!pl)
		goto nomem;
	for (size_t i = 0; i < pairs.cap; i++) {
		if (!pairs.keys[i] || pairs.vals[i] < min)
			continue;
		uint64_t k = pairs.keys[i] - 1;
		pl[out->frequent_pairs++] = make_pair(&c, (uint32_t)(k >> 32), (uint32_t)k,
						      pairs.vals[i]);
	}
	g_sort = p->sort;
	qsort(pl, out->frequent_pairs, sizeof *pl, pair_cmp);
	/* Pass 3: triples whose three pairs are all frequent. */
	if (p->triples && out->frequent_pairs && n_ids < (1u << 21)) {
		for (size_t t = 0; t < nt; t++) {
			size_t s0 = start[t], s1 = start[t + 1];
			if (s1 - s0 < 3 || s1 - s0 > 40) /* > 40 distinct items: a catering order */
				continue;
			for (size_t x = s0; x < s1; x++)
				for (size_t y = x + 1; y < s1; y++) {
					const int64_t *vxy = ht_get(&pairs, PAIR_KEY(flat[x], flat[y]), false);
					if (!vxy || *vxy < min)
						continue;
					for (size_t z = y + 1; z < s1; z++) {
						const int64_t *a = ht_get(&pairs, PAIR_KEY(flat[x], flat[z]), false);
						const int64_t *b = ht_get(&pairs, PAIR_KEY(flat[y], flat[z]), false);
						if (!a || !b || *a < min || *b < min)
							continue;
						uint64_t key = ((uint64_t)flat[x] << 42) |
							       ((uint64_t)flat[y] << 21) | flat[z];
						int64_t *v = ht_get(&triples, key, true);
						if (!v)
							goto nomem;
						(*v)++;
					}
				}
		}
		tl = calloc(triples.used + 1, sizeof *tl);
		if (!tl)
			goto nomem;
		double T = (double)nt;
		for (size_t i = 0; i < triples.cap; i++) {
			if (!triples.keys[i] || triples.vals[i] < min)
				continue;
			uint64_t k = triples.keys[i] - 1;
			uint32_t d[3] = {(uint32_t)(k >> 42), (uint32_t)((k >> 21) & 0x1fffff),
					 (uint32_t)(k & 0x1fffff)};
			struct basket_triple *tr = &tl[out->frequent_triples++];
			tr->count = triples.vals[i];
			tr->support = (double)tr->count / T;
			for (int r = 0; r < 3; r++) {
				uint32_t th = d[r], u = d[(r + 1) % 3], w = d[(r + 2) % 3];
				if (u > w) {
					uint32_t tmp = u;
					u = w;
					w = tmp;
				}
				const int64_t *pc = ht_get(&pairs, PAIR_KEY(u, w), false);
				double conf = (double)tr->count / (double)*pc;
				tr->rule[r] = (struct basket_rule){.if_a = ids[u], .if_b = ids[w],
								   .then = ids[th], .confidence = conf,
								   .lift = conf / ((double)count[th] / T)};
				if (tr->rule[r].if_a > tr->rule[r].if_b) {
					int64_t tmp = tr->rule[r].if_a;
					tr->rule[r].if_a = tr->rule[r].if_b;
					tr->rule[r].if_b = tmp;
				}
			}
			int64_t it[3] = {ids[d[0]], ids[d[1]], ids[d[2]]};
			for (int a = 0; a < 3; a++)
				for (int b = a + 1; b < 3; b++)
					if (it[b] < it[a]) {
						int64_t tmp = it[a];
						it[a] = it[b];
						it[b] = tmp;
					}
			memcpy(tr->item, it, sizeof it);
		}
		qsort(tl, out->frequent_triples, sizeof *tl, triple_cmp);
	}
	pick_bundles(pl, p, out);
	out->triples = tl;
	out->n_triples = out->frequent_triples < p->top_n ? out->frequent_triples : p->top_n;
	pl = NULL;
	tl = NULL;
	goto out;
nomem:
	st = clario_err_set(err, CLARIO_ENOMEM, "basket: out of memory");
out:
	ht_free(&items);
	ht_free(&pairs);
	ht_free(&triples);
	free(flat);
	free(start);
	free(ids);
	free(count);
	free(pl);
	free(tl);
	if (st != CLARIO_OK)
		basket_release(out);
	return st;
}

enum clario_status basket_from_counts(const struct basket_count *c, size_t n,
				      const struct basket_params *p, struct basket_result *out,
				      struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(p->min_support >= 0.0 && p->min_support <= 1.0))
		return clario_err_set(err, CLARIO_EINVAL, "min_support: must be in 0..1");
	if (p->triples)
		return clario_err_set(err, CLARIO_EINVAL,
				      "basket: triples need the ticket lines, not pair counts");
	enum clario_status st = CLARIO_OK;
	struct htab items = {0};
	int64_t *ids = calloc(n + 1, sizeof *ids), *count = calloc(n + 1, sizeof *count);
	struct basket_pair *pl = calloc(n + 1, sizeof *pl);
	if (!ids || !count || !pl || !ht_init(&items, 256))
		goto nomem;
	/* The diagonal first: T, then each item's count under a dense index. */
	for (size_t i = 0; i < n; i++) {
		if (c[i].a != c[i].b || c[i].tickets <= 0)
			continue;
		if (c[i].a == 0) {
			out->tickets += c[i].tickets;
			continue;
		}
		int64_t *v = ht_get(&items, (uint64_t)c[i].a, true);
		if (!v)
			goto nomem;
		if (*v == 0) {
			ids[out->n_items] = c[i].a;
			*v = (int64_t)++out->n_items;
		}
		count[*v - 1] += c[i].tickets;
	}
	int64_t min = min_count(p, out->tickets);
	out->min_count_used = min;
	struct ctx cx = {.p = p, .T = out->tickets, .ids = ids, .count = count};
	for (size_t i = 0; i < n; i++) {
		if (c[i].a == c[i].b || c[i].tickets < min)
			continue;
		const int64_t *va = ht_get(&items, (uint64_t)c[i].a, false);
		const int64_t *vb = ht_get(&items, (uint64_t)c[i].b, false);
		if (!va || !vb) {
			st = clario_err_set(err, CLARIO_EINVAL,
					    "basket: pair %lld, %lld without the items' own counts",
					    (long long)c[i].a, (long long)c[i].b);
			goto out;
		}
		pl[out->frequent_pairs++] = make_pair(&cx, (uint32_t)(*va - 1), (uint32_t)(*vb - 1),
						      c[i].tickets);
	}
	g_sort = p->sort;
	qsort(pl, out->frequent_pairs, sizeof *pl, pair_cmp);
	pick_bundles(pl, p, out);
	pl = NULL;
	goto out;
nomem:
	st = clario_err_set(err, CLARIO_ENOMEM, "basket: out of memory");
out:
	ht_free(&items);
	free(ids);
	free(count);
	free(pl);
	if (st != CLARIO_OK)
		basket_release(out);
	return st;
}

void basket_release(struct basket_result *r)
{
	free(r->pairs);
	free(r->triples);
	memset(r, 0, sizeof *r);
}
