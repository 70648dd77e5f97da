/* Pilot success criteria: metric names, the verdict rule and rate lifts. */
#include <string.h>

#include "programme/programme.h"

static const char *const metric_names[] = {"adoption", "satisfaction_mean", "satisfaction_nps",
					   "retention_lift", "revenue_lift"};

const char *programme_metric_name(enum programme_metric m)
{
	return (unsigned)m < sizeof metric_names / sizeof *metric_names ? metric_names[m] : "?";
}

enum clario_status programme_metric_parse(const char *s, enum programme_metric *out,
					  struct clario_err *err)
{
	for (size_t i = 0; s && i < sizeof metric_names / sizeof *metric_names; i++)
		if (strcmp(s, metric_names[i]) == 0) {
			*out = (enum programme_metric)i;
			return CLARIO_OK;
		}
	return clario_err_set(err, CLARIO_EINVAL,
			      "metric: must be adoption, satisfaction_mean, satisfaction_nps,"
			      " retention_lift or revenue_lift");
}

const char *programme_verdict_name(enum programme_verdict v)
{
	switch (v) {
	case PROGRAMME_ON_TRACK: return "on_track";
	case PROGRAMME_AT_RISK: return "at_risk";
	case PROGRAMME_MET: return "met";
	case PROGRAMME_MISSED: return "missed";
	}
	return "?";
}

enum programme_verdict programme_verdict_for(bool known, int64_t value, int64_t threshold,
					     day_t today, day_t end)
{
	bool holds = known && value > threshold;
	if (today > end)
		return holds ? PROGRAMME_MET : PROGRAMME_MISSED;
	return holds ? PROGRAMME_ON_TRACK : PROGRAMME_AT_RISK;
}

bool programme_rate_lift_bps(struct programme_ratio a, struct programme_ratio b, int64_t *out)
{
	if (a.den <= 0 || b.den <= 0)
		return false;
	/* (a.num/a.den − b.num/b.den) × 10000 as one fraction, rounded. */
	struct programme_ratio d = {a.num * b.den - b.num * a.den, a.den * b.den};
	*out = programme_ratio_scaled(d, 10000);
	return true;
}
