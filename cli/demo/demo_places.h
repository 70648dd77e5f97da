/* Where the demo's merchants are and what they are called: cities with their
 * IANA zone and neighbourhoods (outlet names), and the merchant brands. Static
 * data only; demo_world decides who goes where. */
#ifndef CLARIO_CLI_DEMO_PLACES_H
#define CLARIO_CLI_DEMO_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/demo/demo_menu.h"

struct demo_city {
	const char *name;
	const char *tz;
	int weight;            /* how often a merchant is placed here */
	double ramadan_effect; /* 1 = full fasting-month pattern; lower where few fast */
	int price_bps;         /* local price level, 10000 = base menu prices */
	bool nyepi;            /* Bali: closed on the Day of Silence */
	const char *const *areas; /* neighbourhoods, used as outlet names */
	size_t n_areas;
};

/* A merchant brand: its name, kind and, for names tied to a place, its city. */
struct demo_brand {
	const char *name;
	enum demo_kind kind;
	int city; /* index into demo_cities, or -1 to draw one */
};

const struct demo_city *demo_cities(size_t *n);
const struct demo_brand *demo_brands(size_t *n);

#endif
