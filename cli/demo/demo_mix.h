/* Demo data for the mix analyses: each merchant's region (for peer
 * benchmarks), derived from its city. */
#ifndef CLARIO_CLI_DEMO_MIX_H
#define CLARIO_CLI_DEMO_MIX_H

#include "base/err.h"
#include "cli/demo/demo_world.h"

struct store;

/* The region of a demo city (by name), or NULL for an unknown city. */
const char *demo_mix_region(const char *city);
/* Sets every merchant's region; after demo_setup (merchants have ids). */
enum clario_status demo_mix_setup(struct store *s, const struct demo_world *w,
				  struct clario_err *err);

#endif
