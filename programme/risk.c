/* Revenue concentration (no partner above 30% of total revenue, warning from
 * 25%), year-2 target progress, and the YYYY-MM month arithmetic they use. */
#include <stdio.h>
#include <string.h>

#include "programme/programme.h"

const char *programme_risk_name(enum programme_risk_level l)
{
	switch (l) {
	case PROGRAMME_RISK_OK: return "ok";
	case PROGRAMME_RISK_WARNING: return "warning";
	case PROGRAMME_RISK_BREACH: return "breach";
	}
	return "?";
}

static void month_totals(const struct programme_revenue *rev, size_t n, int32_t month,
			 int64_t partner, rupiah_t *partner_rev, rupiah_t *total)
{
	*partner_rev = 0;
	*total = 0;
	for (size_t i = 0; i < n; i++)
		if (rev[i].month == month) {
			*total += rev[i].revenue;
			if (rev[i].partner_id == partner)
				*partner_rev += rev[i].revenue;
		}
}

static bool above(rupiah_t part, rupiah_t total, int32_t bps)
{
	return total > 0 && (__int128)part * BPS_ONE > (__int128)bps * total;
}

enum clario_status programme_concentration(const struct programme_risk_cfg *cfg,
					   const struct programme_revenue *rev, size_t n,
					   int32_t month, struct programme_concentration *out,
					   size_t *n_out, struct clario_err *err)
{
	*n_out = 0;
	if (cfg->warn_bps <= 0 || cfg->limit_bps > BPS_ONE || cfg->warn_bps > cfg->limit_bps)
		return clario_err_set(err, CLARIO_EINVAL,
				      "risk levels: want 0 < warning <= limit <= 100%%");
	for (size_t i = 0; i < n; i++) {
		if (rev[i].revenue < 0)
			return clario_err_set(err, CLARIO_EINVAL, "revenue: negative amount for partner %lld",
					      (long long)rev[i].partner_id);
		if (rev[i].month != month || rev[i].partner_id == 0)
			continue;
		bool dup = false;
		for (size_t k = 0; k < *n_out; k++)
			dup |= out[k].partner_id == rev[i].partner_id;
		if (dup)
			continue;
		struct programme_concentration *c = &out[(*n_out)++];
		memset(c, 0, sizeof *c);
		c->partner_id = rev[i].partner_id;
		month_totals(rev, n, month, c->partner_id, &c->revenue, &c->total);
		c->share_bps = programme_ratio_scaled((struct programme_ratio){c->revenue, c->total}, BPS_ONE);
		c->level = above(c->revenue, c->total, cfg->limit_bps)  ? PROGRAMME_RISK_BREACH
			   : above(c->revenue, c->total, cfg->warn_bps) ? PROGRAMME_RISK_WARNING
									: PROGRAMME_RISK_OK;
		c->above_since = -1;
		for (int32_t m = month;; m--) {
			rupiah_t pr, tot;
			month_totals(rev, n, m, c->partner_id, &pr, &tot);
			if (!above(pr, tot, cfg->warn_bps))
				break;
			c->months_above_warn++;
			c->above_since = m;
		}
	}
	return CLARIO_OK;
}

void programme_targets_progress(const struct programme_targets *t,
				const struct programme_revenue *rev, size_t n, int32_t from,
				int32_t to, int active_partnerships,
				struct programme_target_progress *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if (rev[i].month < from || rev[i].month > to)
			continue;
		out->total_revenue += rev[i].revenue;
		if (rev[i].partner_id != 0)
			out->partner_revenue += rev[i].revenue;
	}
	out->active_partnerships = active_partnerships;
	out->partnerships_ok = active_partnerships >= t->min_partnerships &&
			       active_partnerships <= t->max_partnerships;
	out->partner_share_bps = programme_ratio_scaled(
		(struct programme_ratio){out->partner_revenue, out->total_revenue}, BPS_ONE);
	out->partner_revenue_progress_bps = programme_ratio_scaled(
		(struct programme_ratio){out->partner_revenue, t->partner_revenue}, BPS_ONE);
	out->total_revenue_progress_bps = programme_ratio_scaled(
		(struct programme_ratio){out->total_revenue, t->total_revenue}, BPS_ONE);
	out->share_ok = out->total_revenue > 0 &&
			(__int128)out->partner_revenue * BPS_ONE >=
				(__int128)t->partner_share_bps * out->total_revenue;
}

enum clario_status programme_month_parse(const char *s, int32_t *out, struct clario_err *err)
{
	day_t d;
	char buf[16];
	if (!s || strlen(s) != 7 || s[4] != '-')
		return clario_err_set(err, CLARIO_EINVAL, "month: want YYYY-MM, got \"%s\"", s ? s : "");
	snprintf(buf, sizeof buf, "%s-01", s);
	if (tz_parse_date(buf, &d, err) != CLARIO_OK)
		return clario_err_set(err, CLARIO_EINVAL, "month: want YYYY-MM, got \"%s\"", s);
	int y, m, md;
	tz_civil_from_days(d, &y, &m, &md);
	*out = y * 12 + m - 1;
	return CLARIO_OK;
}

void programme_month_format(int32_t month, char buf[static 8])
{
	unsigned y = (unsigned)(month < 0 ? 0 : month / 12) % 10000u;
	unsigned m = (unsigned)(month < 0 ? 0 : month % 12) % 12u + 1u;
	snprintf(buf, 8, "%04u-%02u", y, m);
}

day_t programme_month_first_day(int32_t month)
{
	return tz_days_from_civil(month / 12, month % 12 + 1, 1);
}
