/* xoshiro256** with splitmix64 seeding (Blackman & Vigna, public domain
 * algorithms), plus the few draws the demo generator needs. */
#include "cli/demo/demo_rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t demo_rng_mix(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xd1342543de82ef95ULL);
	return splitmix64(&x);
}

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
	/* Multiply-shift: the bias is below 2^-32, far under anything visible. */
	return (uint32_t)(((demo_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int32_t demo_rng_range(struct demo_rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)demo_rng_below(r, (uint32_t)(hi - lo) + 1u);
}

double demo_rng_unit(struct demo_rng *r)
{
	return (double)(demo_rng_next(r) >> 11) * 0x1.0p-53;
}

bool demo_rng_chance(struct demo_rng *r, double p)
{
	return demo_rng_unit(r) < p;
}

double demo_rng_normal(struct demo_rng *r)
{
	/* Irwin-Hall with 4 terms, rescaled to unit variance. */
	double s = 0;
	for (int i = 0; i < 4; i++)
		s += demo_rng_unit(r);
	return (s - 2.0) * 1.7320508075688772;
}

size_t demo_rng_pick(struct demo_rng *r, const double *w, size_t n)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	if (total <= 0)
		return 0;
	double x = demo_rng_unit(r) * total;
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	/* Rounding can leave x a hair above the last weight: take the last
	 * item with a non-zero weight. */
	for (size_t i = n; i-- > 0;)
		if (w[i] > 0)
			return i;
	return 0;
}
