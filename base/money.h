/* Money: whole rupiah in int64_t, rates in basis points (70% = 7000).
 * Invariants: no floating point touches a rupiah; every split hands out the
 * remainder so the parts add up exactly to the whole. */
#ifndef CLARIO_BASE_MONEY_H
#define CLARIO_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef int64_t rupiah_t;

/* The largest amount any single money field may hold: Rp 10^13 (ten trillion).
 * Keeping inputs below it means sums of up to ~900,000 of them cannot overflow. */
#define MONEY_MAX ((rupiah_t)10000000000000LL)
#define BPS_ONE 10000

/* a + b and a * b, false on int64 overflow (result untouched then). */
bool money_add(rupiah_t a, rupiah_t b, rupiah_t *out) __attribute__((warn_unused_result));
bool money_mul(rupiah_t a, int64_t b, rupiah_t *out) __attribute__((warn_unused_result));

/* amount × bps / 10000 rounded half away from zero. Exact for |amount| <= MONEY_MAX. */
rupiah_t money_apply_bps(rupiah_t amount, int32_t bps);

/* Splits total into n parts proportional to weights (all >= 0, sum > 0), using the
 * largest-remainder method: each part gets floor(total*w/sum), then the leftover
 * rupiah go one each to the parts with the largest fractional remainders (ties to
 * the lower index). Parts always add up to total. Works for negative totals by
 * symmetry. Returns CLARIO_EINVAL if weights are unusable. */
enum clario_status money_split(rupiah_t total, const int64_t *weights, size_t n,
			       rupiah_t *parts, struct clario_err *err);

/* Formats as Indonesian display text "Rp 1.250.000" (negative: "-Rp 5.000").
 * Writes at most size bytes including NUL; returns the would-be length. */
int money_format(rupiah_t amount, char *buf, size_t size);

#endif
