/* Activity per ISO week and cohort adoption over the last complete weeks, plus
 * the exact ratio helpers every programme figure uses. */
#include <stdlib.h>

#include "programme/programme.h"

int64_t programme_ratio_scaled(struct programme_ratio r, int64_t scale)
{
	if (r.den == 0)
		return 0;
	__int128 n = (__int128)r.num * scale * 2;
	__int128 d = (__int128)r.den * 2;
	bool neg = (n < 0) != (d < 0);
	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	__int128 q = (n + d / 2) / d;
	return (int64_t)(neg ? -q : q);
}

bool programme_ratio_above(struct programme_ratio r, int64_t scale, int64_t threshold)
{
	if (r.den <= 0)
		return false;
	return (__int128)r.num * scale > (__int128)threshold * r.den;
}

enum clario_status programme_activity_check(const struct programme_activity_cfg *cfg,
					    struct clario_err *err)
{
	if (cfg->min_days < 1 || cfg->min_days > 7)
		return clario_err_set(err, CLARIO_EINVAL, "active_days: must be 1..7 days per week");
	if (cfg->weeks_window < 1 || cfg->weeks_window > 52)
		return clario_err_set(err, CLARIO_EINVAL, "weeks_window: must be 1..52");
	if (cfg->weeks_required < 1 || cfg->weeks_required > cfg->weeks_window)
		return clario_err_set(err, CLARIO_EINVAL,
				      "weeks_required: must be 1..weeks_window (%d)", cfg->weeks_window);
	return CLARIO_OK;
}

day_t programme_week_start(day_t day)
{
	return (day_t)(day - tz_weekday(day));
}

day_t programme_last_full_week(day_t as_of)
{
	day_t monday = programme_week_start(as_of);
	return tz_weekday(as_of) == 6 ? monday : (day_t)(monday - 7);
}

bool programme_active_in_week(const struct programme_usage_day *usage, size_t n, int64_t merchant,
			      day_t monday, int min_days)
{
	bool seen[7] = {false};
	int days = 0;
	for (size_t i = 0; i < n; i++) {
		if (usage[i].merchant_id != merchant || usage[i].day < monday || usage[i].day > monday + 6)
			continue;
		int k = usage[i].day - monday;
		if (!seen[k]) {
			seen[k] = true;
			days++;
		}
	}
	return days >= min_days;
}

enum clario_status programme_adoption(const struct programme_activity_cfg *cfg,
				      const int64_t *cohort, size_t n_cohort,
				      const struct programme_usage_day *usage, size_t n_usage,
				      day_t as_of, bool *adopting, struct programme_ratio *out,
				      struct clario_err *err)
{
	enum clario_status st = programme_activity_check(cfg, err);
	if (st)
		return st;
	day_t last = programme_last_full_week(as_of);
	out->num = 0;
	out->den = (int64_t)n_cohort;
	for (size_t i = 0; i < n_cohort; i++) {
		int active = 0;
		for (int w = 0; w < cfg->weeks_window; w++)
			active += programme_active_in_week(usage, n_usage, cohort[i],
							   (day_t)(last - 7 * w), cfg->min_days);
		bool yes = active >= cfg->weeks_required;
		if (adopting)
			adopting[i] = yes;
		out->num += yes;
	}
	return CLARIO_OK;
}
