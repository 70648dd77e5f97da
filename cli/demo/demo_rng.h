/* The demo's own pseudo-random numbers: xoshiro256** seeded through splitmix64,
 * so the same --seed gives the same data on every machine and run (never rand()
 * or the clock). Streams are derived from (seed, outlet, day) so each outlet-day
 * is generated the same way whatever else changes around it. */
#ifndef CLARIO_CLI_DEMO_RNG_H
#define CLARIO_CLI_DEMO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct demo_rng {
	uint64_t s[4];
};

/* Mixes two words into a well-spread seed (splitmix64 finaliser). */
uint64_t demo_rng_mix(uint64_t a, uint64_t b);
void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);
/* Uniform in [lo, hi], lo <= hi. */
int32_t demo_rng_range(struct demo_rng *r, int32_t lo, int32_t hi);
/* Uniform in [0, 1). */
double demo_rng_unit(struct demo_rng *r);
bool demo_rng_chance(struct demo_rng *r, double p);
/* Approximately standard normal (sum of uniforms): enough to shape volumes. */
double demo_rng_normal(struct demo_rng *r);
/* Index drawn with probability proportional to w[i] (all >= 0); n > 0. When
 * every weight is 0 it returns 0. */
size_t demo_rng_pick(struct demo_rng *r, const double *w, size_t n);

#endif
