/* Demo regions: cities grouped into the regions peer benchmarks compare
 * within (a city alone would make most cohorts too small to show). */
#include "cli/demo/demo_mix.h"

#include <string.h>

#include "cli/demo/demo_places.h"
#include "store/analysis_mix.h"
#include "store/store.h"

const char *demo_mix_region(const char *city)
{
	static const struct { const char *city, *region; } map[] = {
		{"Jakarta", "jabodetabek"}, {"Tangerang", "jabodetabek"}, {"Bandung", "jawa"},
		{"Yogyakarta", "jawa"},     {"Surabaya", "jawa"},         {"Semarang", "jawa"},
		{"Malang", "jawa"},         {"Medan", "sumatera"},        {"Denpasar", "bali-nusra"},
		{"Mataram", "bali-nusra"},  {"Makassar", "sulawesi"},     {"Jayapura", "maluku-papua"},
		{"Ambon", "maluku-papua"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].city, city) == 0)
			return map[i].region;
	return NULL;
}

enum clario_status demo_mix_setup(struct store *s, const struct demo_world *w,
				  struct clario_err *err)
{
	size_t n_cities;
	const struct demo_city *cities = demo_cities(&n_cities);
	enum clario_status st = store_begin(s, err);
	for (size_t i = 0; st == CLARIO_OK && i < w->n_merchants; i++) {
		const struct demo_merchant *m = &w->merchants[i];
		const char *region = m->city < n_cities ? demo_mix_region(cities[m->city].name) : NULL;
		if (region)
			st = store_mix_region_set(s, m->id, region, err);
	}
	if (st == CLARIO_OK)
		return store_commit(s, err);
	store_rollback(s);
	return st;
}
