/* Unit tests for base/money: overflow checks, basis-point rounding, exact
 * largest-remainder splits (hand cases plus a seeded property loop) and the
 * Indonesian display format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/money.h"

/* xorshift64*: a fixed-seed generator so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform-enough value in [0, bound). */
static int64_t rng_below(uint64_t bound)
{
	return (int64_t)(rng_next() % bound);
}

/* ---- add / mul ---------------------------------------------------------- */

static void test_add(void **state)
{
	(void)state;
	rupiah_t r = 0;
	assert_true(money_add(1250000, 5000, &r));
	assert_int_equal(r, 1255000);
	assert_true(money_add(-5000, 5000, &r));
	assert_int_equal(r, 0);
	assert_true(money_add(INT64_MAX - 1, 1, &r));
	assert_int_equal(r, INT64_MAX);

	r = 42;
	assert_false(money_add(INT64_MAX, 1, &r));
	assert_int_equal(r, 42);
	assert_false(money_add(INT64_MIN, -1, &r));
	assert_int_equal(r, 42);
	assert_false(money_add(INT64_MAX / 2 + 1, INT64_MAX / 2 + 1, &r));
	assert_int_equal(r, 42);
	assert_true(money_add(INT64_MIN, INT64_MAX, &r));
	assert_int_equal(r, -1);
}

static void test_mul(void **state)
{
	(void)state;
	rupiah_t r = 0;
	assert_true(money_mul(25000, 3, &r));
	assert_int_equal(r, 75000);
	assert_true(money_mul(-25000, 3, &r));
	assert_int_equal(r, -75000);
	/* The header's promise: 900,000 maximal amounts still fit. */
	assert_true(money_mul(MONEY_MAX, 900000, &r));
	assert_int_equal(r, 9000000000000000000LL);

	r = 42;
	assert_false(money_mul(MONEY_MAX, 1000000, &r)); /* 1e19 > 9.22e18 */
	assert_int_equal(r, 42);
	assert_false(money_mul(INT64_MAX, 2, &r));
	assert_false(money_mul(INT64_MIN, -1, &r));
	assert_false(money_mul(-MONEY_MAX, 1000000, &r));
	assert_int_equal(r, 42);
	assert_true(money_mul(INT64_MIN, 1, &r));
	assert_int_equal(r, INT64_MIN);
}

/* ---- basis points ------------------------------------------------------- */

static void test_apply_bps(void **state)
{
	(void)state;
	assert_int_equal(money_apply_bps(100000, 7000), 70000);   /* 70% */
	assert_int_equal(money_apply_bps(100000, 10000), 100000); /* 100% */
	assert_int_equal(money_apply_bps(100000, 0), 0);
	assert_int_equal(money_apply_bps(0, 7000), 0);
	/* Half away from zero. */
	assert_int_equal(money_apply_bps(1, 5000), 1);      /* 0.5 -> 1 */
	assert_int_equal(money_apply_bps(-1, 5000), -1);    /* -0.5 -> -1 */
	assert_int_equal(money_apply_bps(3, 5000), 2);      /* 1.5 -> 2 */
	assert_int_equal(money_apply_bps(-3, 5000), -2);    /* -1.5 -> -2 */
	assert_int_equal(money_apply_bps(1, 4999), 0);      /* 0.4999 -> 0 */
	assert_int_equal(money_apply_bps(-1, 4999), 0);
	assert_int_equal(money_apply_bps(15000, 1), 2);     /* 1.5 -> 2 */
	assert_int_equal(money_apply_bps(14999, 1), 1);     /* 1.4999 -> 1 */
	assert_int_equal(money_apply_bps(-15000, 1), -2);
	assert_int_equal(money_apply_bps(-14999, 1), -1);
	assert_int_equal(money_apply_bps(-5000, 1), -1);    /* -0.5 -> -1 */
	assert_int_equal(money_apply_bps(-4999, 1), 0);
	assert_int_equal(money_apply_bps(100, -5000), -50); /* negative rate */
	assert_int_equal(money_apply_bps(3, -5000), -2);    /* -1.5 -> -2 */
	assert_int_equal(money_apply_bps(12345, 1100), 1358); /* 1357.95 -> 1358 */
	assert_int_equal(money_apply_bps(12345, 1000), 1235); /* 1234.5 -> 1235 */
	/* Exact at the limits (needs a wide intermediate). */
	assert_int_equal(money_apply_bps(MONEY_MAX, 10000), MONEY_MAX);
	assert_int_equal(money_apply_bps(MONEY_MAX, 9999), 9999000000000LL);
	assert_int_equal(money_apply_bps(-MONEY_MAX, 7000), -7000000000000LL);
	assert_int_equal(money_apply_bps(INT64_MAX, 10000), INT64_MAX);
}

/* Reference: round(|a*b| / 10000) with halves up, then the sign back. */
static int64_t ref_bps(int64_t amount, int32_t bps)
{
	__int128 p = (__int128)amount * bps;
	bool neg = p < 0;
	if (neg)
		p = -p;
	__int128 q = (p + 5000) / 10000;
	return (int64_t)(neg ? -q : q);
}

static void test_apply_bps_property(void **state)
{
	(void)state;
	rng_state = 0x1234567ULL;
	for (int i = 0; i < 100000; i++) {
		int64_t amount = rng_below(2 * (uint64_t)MONEY_MAX + 1) - MONEY_MAX;
		if (i % 3 == 0)
			amount = rng_below(40001) - 20000; /* small: many exact halves */
		int32_t bps = (int32_t)(rng_below(2 * BPS_ONE + 1) - BPS_ONE);
		int64_t got = money_apply_bps(amount, bps);
		if (got != ref_bps(amount, bps))
			fail_msg("apply_bps(%lld, %d) = %lld, want %lld", (long long)amount,
				 bps, (long long)got, (long long)ref_bps(amount, bps));
	}
}

/* ---- split -------------------------------------------------------------- */

static void check_split(rupiah_t total, const int64_t *w, size_t n, const rupiah_t *want)
{
	rupiah_t parts[16];
	struct clario_err err = {0};
	assert_true(n <= 16);
	assert_int_equal(money_split(total, w, n, parts, &err), CLARIO_OK);
	for (size_t i = 0; i < n; i++)
		if (parts[i] != want[i])
			fail_msg("split(%lld) part %zu = %lld, want %lld", (long long)total, i,
				 (long long)parts[i], (long long)want[i]);
}

static void test_split_cases(void **state)
{
	(void)state;
	/* 100/3 = 33.33 each: the leftover rupiah goes to index 0 (tie). */
	check_split(100, (const int64_t[]){1, 1, 1}, 3, (const rupiah_t[]){34, 33, 33});
	check_split(-100, (const int64_t[]){1, 1, 1}, 3, (const rupiah_t[]){-34, -33, -33});
	/* Exact. */
	check_split(10, (const int64_t[]){1, 2, 3, 4}, 4, (const rupiah_t[]){1, 2, 3, 4});
	/* 7/4 = 1.75 each: three leftovers to the three lowest indexes. */
	check_split(7, (const int64_t[]){1, 1, 1, 1}, 4, (const rupiah_t[]){2, 2, 2, 1});
	/* 5 * (3,3,4)/10 = 1.5, 1.5, 2.0: one leftover, tie between 0 and 1 -> 0. */
	check_split(5, (const int64_t[]){3, 3, 4}, 3, (const rupiah_t[]){2, 1, 2});
	check_split(-5, (const int64_t[]){3, 3, 4}, 3, (const rupiah_t[]){-2, -1, -2});
	/* 10 * (2,3,2)/7 = 2.857, 4.286, 2.857: two leftovers to 0 and 2, not 1. */
	check_split(10, (const int64_t[]){2, 3, 2}, 3, (const rupiah_t[]){3, 4, 3});
	/* 10 * (1,3,3)/7 = 1.429, 4.286, 4.286: the largest remainder is index 0. */
	check_split(10, (const int64_t[]){1, 3, 3}, 3, (const rupiah_t[]){2, 4, 4});
	/* 10 * (3,1,3)/7 = 4.286, 1.429, 4.286: the largest remainder is index 1. */
	check_split(10, (const int64_t[]){3, 1, 3}, 3, (const rupiah_t[]){4, 2, 4});
	/* 100/6 = 16.67 each: four leftovers, lowest indexes first. */
	check_split(100, (const int64_t[]){1, 1, 1, 1, 1, 1}, 6,
		    (const rupiah_t[]){17, 17, 17, 17, 16, 16});
	/* Zero weights get nothing. */
	check_split(100, (const int64_t[]){0, 1}, 2, (const rupiah_t[]){0, 100});
	check_split(1, (const int64_t[]){0, 1, 1}, 3, (const rupiah_t[]){0, 1, 0});
	check_split(0, (const int64_t[]){5, 7}, 2, (const rupiah_t[]){0, 0});
	check_split(-7, (const int64_t[]){1}, 1, (const rupiah_t[]){-7});
	/* 70/30 partner share of Rp 1.250.001. */
	check_split(1250001, (const int64_t[]){7000, 3000}, 2,
		    (const rupiah_t[]){875001, 375000});
	/* Huge weights and totals do not overflow. */
	check_split(INT64_MAX, (const int64_t[]){INT64_MAX, INT64_MAX}, 2,
		    (const rupiah_t[]){INT64_MAX / 2 + 1, INT64_MAX / 2});
	check_split(-INT64_MAX, (const int64_t[]){1, 1}, 2,
		    (const rupiah_t[]){-(INT64_MAX / 2 + 1), -(INT64_MAX / 2)});
}

static void test_split_bad_weights(void **state)
{
	(void)state;
	rupiah_t parts[3] = {0};
	struct clario_err err = {0};
	assert_int_equal(money_split(100, (const int64_t[]){1, -1, 1}, 3, parts, &err),
			 CLARIO_EINVAL);
	assert_int_equal(err.status, CLARIO_EINVAL);
	assert_true(err.msg[0] != '\0');
	clario_err_clear(&err);
	assert_int_equal(money_split(100, (const int64_t[]){0, 0, 0}, 3, parts, &err),
			 CLARIO_EINVAL);
	assert_true(err.msg[0] != '\0');
	clario_err_clear(&err);
	assert_int_equal(money_split(100, (const int64_t[]){1}, 0, parts, &err), CLARIO_EINVAL);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(money_split(100, (const int64_t[]){INT64_MIN, 1}, 2, parts, NULL),
			 CLARIO_EINVAL);
}

/* Checks the largest-remainder result against its definition, computed here:
 * each part is floor(|T|*w/S) or one more; exactly the leftover count get one
 * more; a part that got one more never has a smaller remainder than one that
 * did not, and on equal remainders the lower index wins. */
static void check_split_property(rupiah_t total, const int64_t *w, size_t n)
{
	rupiah_t parts[16], mirror[16];
	struct clario_err err = {0};
	assert_int_equal(money_split(total, w, n, parts, &err), CLARIO_OK);
	assert_int_equal(money_split(-total, w, n, mirror, &err), CLARIO_OK);

	__int128 sum_w = 0, sum_parts = 0;
	for (size_t i = 0; i < n; i++)
		sum_w += w[i];
	__int128 t = total < 0 ? -(__int128)total : total;
	int sign = total < 0 ? -1 : 1;
	__int128 floors = 0;
	bool extra[16];
	__int128 rem[16];
	for (size_t i = 0; i < n; i++) {
		sum_parts += parts[i];
		assert_int_equal(mirror[i], -parts[i]); /* symmetry */
		__int128 exact_floor = t * w[i] / sum_w;
		rem[i] = t * w[i] % sum_w;
		floors += exact_floor;
		__int128 mag = (__int128)parts[i] * sign;
		if (mag != exact_floor && mag != exact_floor + 1)
			fail_msg("part %zu is not floor or floor+1 of its share", i);
		extra[i] = mag == exact_floor + 1;
		if (w[i] == 0)
			assert_int_equal(parts[i], 0);
	}
	if (sum_parts != total)
		fail_msg("parts do not add up to %lld", (long long)total);
	__int128 extras = 0;
	for (size_t i = 0; i < n; i++)
		extras += extra[i];
	assert_true(extras == t - floors);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (extra[i] && !extra[j])
				assert_true(rem[i] > rem[j] || (rem[i] == rem[j] && i < j));
}

static void test_split_property(void **state)
{
	(void)state;
	rng_state = 0xC1A410ULL;
	int64_t w[16];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)rng_below(16) + 1;
		uint64_t wscale;
		switch (rng_below(4)) {
		case 0: wscale = 4; break;                  /* many ties */
		case 1: wscale = 10001; break;              /* basis points */
		case 2: wscale = (uint64_t)MONEY_MAX; break; /* amounts as weights */
		default: wscale = (uint64_t)INT64_MAX; break;
		}
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			w[i] = rng_below(4) == 0 ? 0 : rng_below(wscale);
			any = any || w[i] > 0;
		}
		if (!any)
			w[rng_below(n)] = 1;
		rupiah_t total;
		switch (rng_below(3)) {
		case 0: total = rng_below(201) - 100; break;
		case 1: total = rng_below(2000001) - 1000000; break;
		default: total = rng_below(2 * (uint64_t)MONEY_MAX + 1) - MONEY_MAX; break;
		}
		check_split_property(total, w, n);
	}
}

/* ---- format ------------------------------------------------------------- */

static void check_format(rupiah_t amount, const char *want)
{
	char buf[64];
	int n = money_format(amount, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void test_format(void **state)
{
	(void)state;
	check_format(1250000, "Rp 1.250.000");
	check_format(0, "Rp 0");
	check_format(-5000, "-Rp 5.000");
	check_format(999, "Rp 999");
	check_format(1000, "Rp 1.000");
	check_format(100000, "Rp 100.000");
	check_format(-1, "-Rp 1");
	check_format(MONEY_MAX, "Rp 10.000.000.000.000");
	check_format(INT64_MAX, "Rp 9.223.372.036.854.775.807");
	check_format(INT64_MIN, "-Rp 9.223.372.036.854.775.808");

	/* Short buffers are truncated and NUL-terminated; the return value is the
	 * length that was needed. */
	char small[6];
	memset(small, 'x', sizeof small);
	assert_int_equal(money_format(1250000, small, sizeof small), 12);
	assert_string_equal(small, "Rp 1.");
	assert_int_equal(money_format(-5000, NULL, 0), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_mul),
		cmocka_unit_test(test_apply_bps),
		cmocka_unit_test(test_apply_bps_property),
		cmocka_unit_test(test_split_cases),
		cmocka_unit_test(test_split_bad_weights),
		cmocka_unit_test(test_split_property),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
