/* Basket analysis: item pairs and triples bought in the same ticket, with
 * support, confidence both ways, lift, leverage and conviction (definitions in
 * docs/analytics.md, after Agrawal & Srikant), and bundle suggestions. Pure:
 * (ticket, item) rows in. Built for a merchant-year (~150k tickets, ~500k
 * lines): items are mapped to dense indexes, tickets kept as one flat array,
 * pairs and triples counted in open-addressing hash tables. */
#ifndef CLARIO_ANALYTICS_BASKET_H
#define CLARIO_ANALYTICS_BASKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum basket_sort { BASKET_BY_LIFT, BASKET_BY_COUNT, BASKET_BY_LEVERAGE };

struct basket_params {
	double min_support;  /* fraction of tickets, 0..1 */
	int64_t min_count;   /* and at least this many tickets */
	size_t top_n;        /* pairs and triples returned (each) */
	bool triples;
	enum basket_sort sort;
};

#define BASKET_DEFAULTS ((struct basket_params){.min_support = 0.005, .min_count = 5, \
						 .top_n = 20, .triples = true, .sort = BASKET_BY_LIFT})

struct basket_pair {
	int64_t a, b;             /* item ids, a < b */
	int64_t count, count_a, count_b;
	double support;           /* count ÷ T */
	double confidence_ab;     /* count ÷ count_a: P(b | a) */
	double confidence_ba;
	double lift;              /* support ÷ (support_a × support_b) */
	double leverage;          /* support − support_a × support_b */
	double conviction_ab;     /* (1 − s_b) ÷ (1 − conf_ab); INFINITY when conf is 1 */
	double conviction_ba;
};

struct basket_rule {
	int64_t if_a, if_b, then; /* {if_a, if_b} → then */
	double confidence, lift;
};

struct basket_triple {
	int64_t item[3];          /* ascending */
	int64_t count;
	double support;
	struct basket_rule rule[3];
};

struct basket_result {
	int64_t tickets;          /* T: tickets with at least one line */
	size_t n_items;           /* distinct items */
	int64_t min_count_used;   /* max(min_count, ⌈min_support × T⌉) */
	size_t frequent_pairs, frequent_triples; /* before top_n */
	struct basket_pair *pairs;    /* owned, top_n best by the sort */
	size_t n_pairs;
	struct basket_triple *triples;
	size_t n_triples;
	size_t bundles[5];        /* indexes into pairs: lift ≥ 1.2, by leverage */
	size_t n_bundles;
};

/* ticket[i], item[i]: one row per ticket line; a ticket's rows must be
 * contiguous (any ticket order). Repeated items in a ticket count once. */
enum clario_status basket_compute(const int64_t *ticket, const int64_t *item, size_t n,
				  const struct basket_params *p, struct basket_result *out,
				  struct clario_err *err);
/* The same pairs, bundles and figures from counts already made (the pair
 * rollups): a < b is a pair's tickets, a = b an item's, a = b = 0 the
 * tickets with lines; each key at most once. Pairs only:
 * p->triples must be false. */
struct basket_count {
	int64_t a, b, tickets;
};
enum clario_status basket_from_counts(const struct basket_count *c, size_t n,
				      const struct basket_params *p, struct basket_result *out,
				      struct clario_err *err);
void basket_release(struct basket_result *r);

#endif
