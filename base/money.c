/* Money arithmetic: overflow-checked sums, basis points and exact splits. */
#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>

bool money_add(rupiah_t a, rupiah_t b, rupiah_t *out)
{
	rupiah_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool money_mul(rupiah_t a, int64_t b, rupiah_t *out)
{
	rupiah_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

rupiah_t money_apply_bps(rupiah_t amount, int32_t bps)
{
	/* 128-bit intermediate: amount * bps can exceed int64 for large amounts. */
	__int128 p = (__int128)amount * bps;
	__int128 q = p / BPS_ONE;
	__int128 r = p % BPS_ONE;
	if (r * 2 >= BPS_ONE)
		q++;
	else if (r * 2 <= -BPS_ONE)
		q--;
	return (rupiah_t)q;
}

enum clario_status money_split(rupiah_t total, const int64_t *weights, size_t n,
			       rupiah_t *parts, struct clario_err *err)
{
	if (n == 0)
		return clario_err_set(err, CLARIO_EINVAL, "split: no parts");
	if (total == INT64_MIN) /* its parts could not be negated */
		return clario_err_set(err, CLARIO_EINVAL, "split: total out of range");
	__int128 sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "split: weight %zu is negative", i);
		sum += weights[i];
	}
	if (sum == 0)
		return clario_err_set(err, CLARIO_EINVAL, "split: weights add up to zero");

	bool neg = total < 0;
	__int128 t = neg ? -(__int128)total : (__int128)total;
	__int128 given = 0;
	/* Remainders need their own storage; n is small in practice (lines, partners). */
	__int128 *rem = malloc(n * sizeof *rem);
	if (!rem)
		return clario_err_set(err, CLARIO_ENOMEM, "split: out of memory");
	for (size_t i = 0; i < n; i++) {
		__int128 num = t * weights[i];
		parts[i] = (rupiah_t)(num / sum);
		rem[i] = num % sum;
		given += parts[i];
	}
	__int128 left = t - given; /* < n */
	while (left > 0) {
		size_t best = 0;
		for (size_t i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		parts[best]++;
		rem[best] = -1;
		left--;
	}
	free(rem);
	if (neg)
		for (size_t i = 0; i < n; i++)
			parts[i] = -parts[i];
	return CLARIO_OK;
}

int money_format(rupiah_t amount, char *buf, size_t size)
{
	char digits[32];
	unsigned long long v = amount < 0 ? 0ULL - (unsigned long long)amount
					  : (unsigned long long)amount;
	int nd = snprintf(digits, sizeof digits, "%llu", v);
	char out[48];
	size_t o = 0;
	if (amount < 0)
		out[o++] = '-';
	out[o++] = 'R';
	out[o++] = 'p';
	out[o++] = ' ';
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return snprintf(buf, size, "%s", out);
}
