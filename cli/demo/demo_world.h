/* The demo world: the five POS partners, ~50 merchants with their price lists,
 * their outlets (zone, cashiers, expected volume) and the calendar of the
 * generated year. Built in memory from the seed alone, before anything touches
 * the store, so the same seed always describes the same world. */
#ifndef CLARIO_CLI_DEMO_WORLD_H
#define CLARIO_CLI_DEMO_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "cli/demo/demo_menu.h"

#define DEMO_N_PARTNERS 5
#define DEMO_MAX_CASHIERS 4
#define DEMO_MAX_DAYS 366
#define DEMO_CUTOFF 14400 /* 04:00: sales until 4 a.m. belong to the day before */

struct demo_options {
	uint64_t seed;
	day_t first_day, last_day; /* inclusive */
	int scale_pct;             /* volume in percent of the full demo */
};

struct demo_partner {
	const char *code;   /* also the source of its outlets' tickets */
	const char *name;
	const char *prefix; /* how its POS numbers receipts ("MK-251101-0042") */
	int64_t id;         /* store id, set by demo_setup */
};

struct demo_merchant {
	int64_t id;         /* store id, set by demo_setup */
	const char *name;
	enum demo_kind kind;
	int partner;        /* index into partners, -1 = direct */
	size_t city;
	rupiah_t price[DEMO_MAX_MENU];
	rupiah_t cost[DEMO_MAX_MENU]; /* -1: the merchant never entered it */
	double growth;      /* volume change over the year: +0.4 = 0.8x -> 1.2x */
	bool tax;           /* charges PB1 10% */
	bool service;       /* charges 5% service on dine-in */
	bool payday_promo;  /* runs "Promo Gajian" around the 25th */
	bool happy_hour;    /* discounts drinks on weekday afternoons */
	bool member_discount;
	rupiah_t delivery_promo;   /* merchant-funded discount on delivery orders */
	uint32_t customers;        /* size of its pool of repeat customers */
	size_t first_outlet, n_outlets;
	double target;             /* expected tickets over the period */
};

struct demo_outlet {
	int64_t id;         /* store id, set by demo_setup */
	size_t merchant;
	const char *source; /* partner code or "direct" */
	const char *prefix; /* receipt prefix of its POS */
	char external_id[40];
	const char *name;
	const char *tz;
	int32_t utc_offset; /* seconds; Indonesia has no daylight saving */
	double base;        /* expected tickets on a plain day */
	int n_cashiers;
	char cashier[DEMO_MAX_CASHIERS][24];
	day_t open_from;    /* first trading day (a new outlet), or 0 */
	day_t closed_from, closed_to; /* a renovation closure, or 0 */
	int void_cashier;   /* a cashier who voids too much ... */
	day_t void_from, void_to; /* ... in these days (an anomaly to detect) */
};

/* One day of the generated period, shared by every outlet. */
struct demo_day {
	day_t day;
	int weekday;   /* 0 = Monday */
	int year, month, mday;
	bool fasting;  /* a Ramadan fasting day: lunch down, iftar up */
	bool sahur;    /* the next day is a fasting day: pre-dawn meals after midnight */
	bool nyepi;    /* Bali's day of silence: everything there is closed */
	double kind_factor[DEMO_KIND_COUNT]; /* holidays, Lebaran, season, payday */
};

struct demo_world {
	struct demo_options opt;
	struct demo_partner partners[DEMO_N_PARTNERS];
	struct demo_merchant *merchants;
	size_t n_merchants;
	struct demo_outlet *outlets;
	size_t n_outlets;
	struct demo_day days[DEMO_MAX_DAYS];
	size_t n_days;
	/* Pair items resolved to menu indexes (-1 = none), per kind. */
	int pair[DEMO_KIND_COUNT][DEMO_MAX_MENU][DEMO_MAX_PAIRS];
};

/* Builds the world for opt (first_day..last_day at most DEMO_MAX_DAYS long).
 * On success w must be released with demo_world_release. Fails on an unknown
 * time zone, a bad menu pair or out of memory. */
enum clario_status demo_world_build(struct demo_world *w, const struct demo_options *opt,
				    struct clario_err *err);
void demo_world_release(struct demo_world *w);

/* The receipt prefix of direct merchants' own tills. */
#define DEMO_DIRECT_SOURCE "direct"

#endif
