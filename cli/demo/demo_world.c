/* Builds the demo world from the seed: which partner each merchant came
 * through, its city, price level, taxes and promotions, its outlets, and how
 * many tickets each outlet should see so the whole demo lands near 600k
 * tickets with the flagship café near 150k. */
#include "cli/demo/demo_world.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo/demo_calendar.h"
#include "cli/demo/demo_places.h"
#include "cli/demo/demo_rng.h"

#define TOTAL_TICKETS 600000.0 /* full demo, before --scale */
#define FLAGSHIP_TICKETS 150000.0

static const struct demo_partner partner_table[DEMO_N_PARTNERS] = {
	{ "moka", "Moka", "MK", 0 },
	{ "pawoon", "Pawoon", "PW", 0 },
	{ "qasir", "Qasir", "QS", 0 },
	{ "olsera", "Olsera", "OL", 0 },
	{ "kasirpintar", "Kasir Pintar", "KP", 0 },
};

/* Chance of each partner (moka..kasirpintar, then direct) by kind: warungs
 * favour the low-cost tills, cafés and restaurants the fuller ones. */
static const double partner_weight[DEMO_KIND_COUNT][DEMO_N_PARTNERS + 1] = {
	[DEMO_CAFE] = { 35, 20, 8, 20, 7, 10 },
	[DEMO_WARUNG] = { 10, 15, 35, 5, 30, 5 },
	[DEMO_BAKERY] = { 25, 25, 15, 20, 10, 5 },
	[DEMO_RESTAURANT] = { 30, 25, 5, 25, 5, 10 },
	[DEMO_CLOUD] = { 30, 20, 15, 15, 10, 10 },
};

static const double outlet_count_weight[DEMO_KIND_COUNT][3] = {
	[DEMO_CAFE] = { 50, 30, 20 },
	[DEMO_WARUNG] = { 75, 20, 5 },
	[DEMO_BAKERY] = { 55, 30, 15 },
	[DEMO_RESTAURANT] = { 50, 30, 20 },
	[DEMO_CLOUD] = { 60, 30, 10 },
};

/* Relative size of a merchant of each kind before its own random size. */
static const double kind_volume[DEMO_KIND_COUNT] = { 1.0, 1.2, 0.8, 0.9, 1.1 };

/* Rounds a price to the Rp 500 that menus use, half up; never below Rp 1.000. */
static rupiah_t round_price(rupiah_t p)
{
	p = (p + 250) / 500 * 500;
	return p < 1000 ? 1000 : p;
}

static enum clario_status resolve_pairs(struct demo_world *w, struct clario_err *err)
{
	for (int k = 0; k < DEMO_KIND_COUNT; k++) {
		const struct demo_menu *menu = demo_menu_of((enum demo_kind)k);
		for (size_t i = 0; i < menu->n; i++)
			for (int p = 0; p < DEMO_MAX_PAIRS; p++) {
				const char *sku = menu->items[i].pair[p];
				w->pair[k][i][p] = -1;
				if (!sku)
					continue;
				for (size_t j = 0; j < menu->n; j++)
					if (strcmp(menu->items[j].sku, sku) == 0)
						w->pair[k][i][p] = (int)j;
				if (w->pair[k][i][p] < 0)
					return clario_err_set(err, CLARIO_EINTERNAL,
							      "demo menu %s: %s pairs with unknown %s",
							      demo_kind_name((enum demo_kind)k),
							      menu->items[i].sku, sku);
			}
	}
	return CLARIO_OK;
}

static void merchant_prices(struct demo_rng *r, struct demo_merchant *m, const struct demo_city *c)
{
	const struct demo_menu *menu = demo_menu_of(m->kind);
	int64_t level = (int64_t)c->price_bps * demo_rng_range(r, 9000, 11500) / BPS_ONE;
	for (size_t i = 0; i < menu->n; i++) {
		rupiah_t p = round_price((rupiah_t)menu->items[i].price * level / BPS_ONE);
		int64_t cost_bps = menu->items[i].cost_bps + demo_rng_range(r, -300, 300);
		m->price[i] = p;
		/* Costs end in Rp 100 like a real recipe costing; some stay unknown. */
		m->cost[i] = demo_rng_chance(r, 0.06) ? -1 : (p * cost_bps / BPS_ONE + 50) / 100 * 100;
	}
}

static void merchant_traits(struct demo_rng *r, struct demo_merchant *m, size_t index)
{
	enum demo_kind k = m->kind;
	m->growth = demo_rng_chance(r, 0.65) ? 0.05 + 0.45 * demo_rng_unit(r)
					      : -0.05 - 0.30 * demo_rng_unit(r);
	m->tax = k == DEMO_RESTAURANT || (k == DEMO_CAFE && demo_rng_chance(r, 0.65)) ||
		 (k == DEMO_BAKERY && demo_rng_chance(r, 0.3));
	m->service = (k == DEMO_RESTAURANT && demo_rng_chance(r, 0.7)) ||
		     (k == DEMO_CAFE && m->tax && demo_rng_chance(r, 0.3));
	m->payday_promo = k != DEMO_WARUNG && demo_rng_chance(r, 0.4);
	m->happy_hour = k == DEMO_CAFE && demo_rng_chance(r, 0.35);
	m->member_discount = (k == DEMO_CAFE || k == DEMO_BAKERY) && demo_rng_chance(r, 0.5);
	m->delivery_promo = (rupiah_t)demo_rng_range(r, 3, 8) * 1000;
	if (index == 0) { /* the flagship: a growing café that charges PB1 */
		m->growth = 0.30;
		m->tax = true;
		m->service = false;
		m->member_discount = true;
	}
}

static void outlet_setup(struct demo_rng *r, struct demo_world *w, size_t index,
			 const struct demo_city *c, size_t area, unsigned *source_seq)
{
	struct demo_outlet *o = &w->outlets[index];
	const struct demo_merchant *m = &w->merchants[o->merchant];
	o->source = m->partner >= 0 ? w->partners[m->partner].code : DEMO_DIRECT_SOURCE;
	o->prefix = m->partner >= 0 ? w->partners[m->partner].prefix : "DR";
	char upper[16];
	size_t n = 0;
	for (const char *s = o->source; *s && n + 1 < sizeof upper; s++)
		upper[n++] = (char)toupper((unsigned char)*s);
	upper[n] = '\0';
	unsigned seq = ++source_seq[m->partner >= 0 ? m->partner : DEMO_N_PARTNERS];
	snprintf(o->external_id, sizeof o->external_id, "%s-OUT-%04u", upper, seq);
	o->name = c->areas[area % c->n_areas];
	o->tz = c->tz;
	o->n_cashiers = demo_rng_range(r, 2, DEMO_MAX_CASHIERS);
	for (int k = 0; k < o->n_cashiers; k++)
		snprintf(o->cashier[k], sizeof o->cashier[k], "KSR-%03zu-%d", index + 1, k + 1);
	o->void_cashier = -1;
}

/* Outlets after a merchant's first sometimes open during the year. */
static void outlet_opening(struct demo_rng *r, struct demo_world *w, struct demo_outlet *o,
			   size_t nth)
{
	if (nth == 0)
		return;
	bool flagship = o->merchant == 0;
	if (flagship ? nth == 2 : demo_rng_chance(r, 0.25)) {
		day_t span = w->opt.last_day - w->opt.first_day;
		o->open_from = w->opt.first_day +
			       (flagship ? span * 5 / 12 : demo_rng_range(r, span / 6, span * 3 / 4));
	}
}

/* Two anomalies worth finding: an outlet closed for renovation, and a cashier
 * who voids far too many tickets for three weeks. */
static void plant_anomalies(struct demo_rng *r, struct demo_world *w)
{
	day_t span = w->opt.last_day - w->opt.first_day;
	struct demo_outlet *closed = &w->outlets[w->merchants[0].n_outlets +
						 demo_rng_below(r, (uint32_t)(w->n_outlets -
									     w->merchants[0].n_outlets))];
	closed->closed_from = w->opt.first_day + demo_rng_range(r, span / 2, span * 3 / 4);
	closed->closed_to = closed->closed_from + 11;
	for (int tries = 0; tries < 100; tries++) {
		struct demo_outlet *o = &w->outlets[demo_rng_below(r, (uint32_t)w->n_outlets)];
		enum demo_kind k = w->merchants[o->merchant].kind;
		if (o == closed || (k != DEMO_CAFE && k != DEMO_RESTAURANT))
			continue;
		o->void_cashier = demo_rng_range(r, 0, o->n_cashiers - 1);
		o->void_from = w->opt.first_day + demo_rng_range(r, span / 3, span * 5 / 6);
		o->void_to = o->void_from + 20;
		break;
	}
}

static enum clario_status build_merchants(struct demo_rng *r, struct demo_world *w,
					  struct clario_err *err)
{
	size_t n_brands, n_cities;
	const struct demo_brand *brands = demo_brands(&n_brands);
	const struct demo_city *cities = demo_cities(&n_cities);
	double city_w[32];
	for (size_t c = 0; c < n_cities; c++)
		city_w[c] = cities[c].weight;
	w->merchants = calloc(n_brands, sizeof *w->merchants);
	w->outlets = calloc(n_brands * 3, sizeof *w->outlets);
	if (!w->merchants || !w->outlets)
		return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for the world");
	w->n_merchants = n_brands;
	unsigned source_seq[DEMO_N_PARTNERS + 1] = { 0 };
	for (size_t i = 0; i < n_brands; i++) {
		struct demo_merchant *m = &w->merchants[i];
		m->name = brands[i].name;
		m->kind = brands[i].kind;
		/* The first six cover every partner and direct sales; the rest draw. */
		size_t p = i <= DEMO_N_PARTNERS ? i : demo_rng_pick(r, partner_weight[m->kind],
								     DEMO_N_PARTNERS + 1);
		m->partner = p < DEMO_N_PARTNERS ? (int)p : -1;
		m->city = brands[i].city >= 0 ? (size_t)brands[i].city
					      : demo_rng_pick(r, city_w, n_cities);
		merchant_prices(r, m, &cities[m->city]);
		merchant_traits(r, m, i);
		m->n_outlets = i == 0 ? 3 : demo_rng_pick(r, outlet_count_weight[m->kind], 3) + 1;
		m->first_outlet = w->n_outlets;
		size_t area = demo_rng_below(r, (uint32_t)cities[m->city].n_areas);
		for (size_t k = 0; k < m->n_outlets; k++) {
			struct demo_outlet *o = &w->outlets[w->n_outlets];
			o->merchant = i;
			outlet_setup(r, w, w->n_outlets, &cities[m->city], area + k, source_seq);
			outlet_opening(r, w, o, k);
			w->n_outlets++;
		}
	}
	return CLARIO_OK;
}

/* Sets each outlet's plain-day volume so that, through every factor of the
 * calendar, the merchants add up to their targets. */
static enum clario_status calibrate(struct demo_rng *r, struct demo_world *w,
				    struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	double scale = w->opt.scale_pct / 100.0;
	double others = 0;
	double *weight = calloc(w->n_outlets, sizeof *weight);
	double *size = calloc(w->n_merchants, sizeof *size);
	if (!weight || !size) {
		st = clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for the world");
		goto out;
	}
	for (size_t i = 0; i < w->n_merchants; i++) {
		struct demo_merchant *m = &w->merchants[i];
		double outlets = 0;
		for (size_t k = 0; k < m->n_outlets; k++) {
			double ow = k == 0 ? 1.0 : 0.5 + 0.5 * demo_rng_unit(r);
			weight[m->first_outlet + k] = ow;
			outlets += ow;
		}
		size[i] = kind_volume[m->kind] * exp(0.5 * demo_rng_normal(r)) * outlets;
		if (i > 0)
			others += size[i];
	}
	for (size_t i = 0; i < w->n_merchants; i++) {
		struct demo_merchant *m = &w->merchants[i];
		m->target = scale * (i == 0 ? FLAGSHIP_TICKETS
					    : (TOTAL_TICKETS - FLAGSHIP_TICKETS) * size[i] / others);
		/* Weights set daily volumes, so an outlet opened mid-year sells like
		 * its siblings per day instead of cramming a year's share into months. */
		double year = 0;
		for (size_t k = 0; k < m->n_outlets; k++) {
			struct demo_outlet *o = &w->outlets[m->first_outlet + k];
			o->base = weight[m->first_outlet + k];
			for (size_t d = 0; d < w->n_days; d++)
				year += demo_day_hours(w, o, d, NULL);
		}
		for (size_t k = 0; k < m->n_outlets; k++)
			w->outlets[m->first_outlet + k].base *= year > 0 ? m->target / year : 0;
		/* A regular comes about eight times a year; 30% of tickets name one. */
		double pool = m->target * 0.3 / 8.0;
		m->customers = pool < 20 ? 20 : pool > 20000 ? 20000 : (uint32_t)pool;
	}
out:
	free(weight);
	free(size);
	return st;
}

enum clario_status demo_world_build(struct demo_world *w, const struct demo_options *opt,
				    struct clario_err *err)
{
	memset(w, 0, sizeof *w);
	w->opt = *opt;
	memcpy(w->partners, partner_table, sizeof w->partners);
	enum clario_status st = CLARIO_OK;
	if (opt->last_day < opt->first_day || opt->last_day - opt->first_day >= DEMO_MAX_DAYS) {
		st = clario_err_set(err, CLARIO_EINVAL, "demo: the period must be 1..%d days",
				    DEMO_MAX_DAYS);
		goto out;
	}
	struct demo_rng r;
	demo_rng_seed(&r, demo_rng_mix(opt->seed, 0x776f726c64ULL)); /* "world" */
	if ((st = resolve_pairs(w, err)) != CLARIO_OK || (st = build_merchants(&r, w, err)) != CLARIO_OK)
		goto out;
	for (size_t i = 0; i < w->n_outlets; i++) {
		const struct tz_zone *zone;
		struct demo_outlet *o = &w->outlets[i];
		if ((st = tz_zone_get(o->tz, &zone, err)) != CLARIO_OK)
			goto out;
		o->utc_offset = tz_offset_at(zone, (instant_t)opt->first_day * 86400);
	}
	plant_anomalies(&r, w);
	demo_calendar_build(w);
	st = calibrate(&r, w, err);
out:
	if (st != CLARIO_OK)
		demo_world_release(w);
	return st;
}

void demo_world_release(struct demo_world *w)
{
	free(w->merchants);
	free(w->outlets);
	w->merchants = NULL;
	w->outlets = NULL;
	w->n_merchants = w->n_outlets = 0;
}
