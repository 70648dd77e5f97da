/* Partner programme II, the pure rules: merchant activity and cohort adoption,
 * NPS arithmetic, SLA timers in business hours, pilot verdicts, the partner
 * scorecard's derived figures, year-2 targets and the revenue-concentration
 * rule. No I/O: callers (store/programme.c, api/, cli/) bring the records. */
#ifndef CLARIO_PROGRAMME_H
#define CLARIO_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"

/* ---- ratios ----------------------------------------------------------
 * Shares are kept as exact fractions so a threshold test never suffers from
 * rounding (10 of 20 is not "> 50%"); den == 0 means "no data". */
struct programme_ratio {
	int64_t num, den;
};
/* num/den × scale rounded half away from zero (0 when den == 0). */
int64_t programme_ratio_scaled(struct programme_ratio r, int64_t scale);
/* Exactly num/den × scale > threshold (false when den == 0). */
bool programme_ratio_above(struct programme_ratio r, int64_t scale, int64_t threshold);

/* ---- activity and adoption -------------------------------------------
 * Weeks are ISO weeks (Monday..Sunday). A merchant is active in a week when it
 * used Clario on at least min_days distinct days of it. A cohort merchant is
 * adopting when it was active in at least weeks_required of the weeks_window
 * complete weeks ending on or before the as-of day (the week holding as_of
 * counts only if as_of is its Sunday). */
struct programme_activity_cfg {
	int min_days;       /* 1..7, default 1 */
	int weeks_required; /* 1..weeks_window, default 3 */
	int weeks_window;   /* 1..52, default 4 */
};
#define PROGRAMME_ACTIVITY_DEFAULT ((struct programme_activity_cfg){1, 3, 4})

/* One day on which a merchant used Clario (duplicates are fine). */
struct programme_usage_day {
	int64_t merchant_id;
	day_t day;
};

enum clario_status programme_activity_check(const struct programme_activity_cfg *cfg,
					    struct clario_err *err);
/* The Monday of the ISO week holding day. */
day_t programme_week_start(day_t day);
/* The Monday of the last complete week on or before as_of. */
day_t programme_last_full_week(day_t as_of);
/* Whether merchant was active in the week starting on monday. */
bool programme_active_in_week(const struct programme_usage_day *usage, size_t n, int64_t merchant,
			      day_t monday, int min_days);
/* Adoption of a cohort as of as_of: adopting[i] (may be NULL) tells for
 * cohort[i]; the ratio is adopting merchants over cohort size. */
enum clario_status programme_adoption(const struct programme_activity_cfg *cfg,
				      const int64_t *cohort, size_t n_cohort,
				      const struct programme_usage_day *usage, size_t n_usage,
				      day_t as_of, bool *adopting, struct programme_ratio *out,
				      struct clario_err *err);

/* ---- NPS ---------------------------------------------------------------
 * Standard NPS: % promoters (9–10) − % detractors (0–6), −100..100; the mean
 * score is reported beside it, never mixed with it. */
struct programme_nps {
	int64_t answers, promoters, passives, detractors;
	int64_t score_sum;
};
/* Adds one 0..10 answer; CLARIO_EINVAL outside that range. */
enum clario_status programme_nps_add(struct programme_nps *n, int score, struct clario_err *err);
/* NPS × 100 (so 33.33 is 3333), rounded half away from zero; 0 without answers. */
int64_t programme_nps_x100(const struct programme_nps *n);
/* Mean score × 100, rounded half away from zero; 0 without answers. */
int64_t programme_nps_mean_x100(const struct programme_nps *n);

/* ---- business hours and SLA timers ------------------------------------
 * Business time runs only inside [open, close) local time on the weekdays set
 * in days (bit 0 = Monday .. bit 6 = Sunday), in the partner's zone. */
struct programme_hours {
	int32_t open;  /* seconds after local midnight, 0..86399 */
	int32_t close; /* > open, <= 86400 */
	unsigned days; /* weekday mask, non-zero */
};
#define PROGRAMME_HOURS_DEFAULT ((struct programme_hours){9 * 3600, 17 * 3600, 0x1f})

enum clario_status programme_hours_check(const struct programme_hours *h, struct clario_err *err);
/* "09:00-17:00" plus "mon-fri" / "mon-sat" / "mon,wed,fri" style day lists. */
enum clario_status programme_hours_parse(const char *window, const char *days,
					 struct programme_hours *out, struct clario_err *err);
/* Business seconds between a and b (0 when b <= a). */
int64_t programme_bh_between(const struct tz_zone *z, const struct programme_hours *h,
			     instant_t a, instant_t b);
/* The instant when `seconds` business seconds have elapsed after start (a
 * deadline). seconds == 0 gives start moved to the next business instant. */
instant_t programme_bh_add(const struct tz_zone *z, const struct programme_hours *h,
			   instant_t start, int64_t seconds);

/* One support ticket's SLA state at instant now. Targets in business seconds
 * (0 = no commitment). A timer stops when its event happens. */
struct programme_sla_in {
	instant_t opened, first_response, resolved; /* 0 = not yet */
	int64_t response_target, resolution_target;
};
struct programme_sla {
	int64_t response_used, resolution_used;   /* business seconds so far */
	instant_t response_due, resolution_due;    /* 0 when no target */
	bool response_breached, resolution_breached;
	bool escalate; /* open and breached, or open with under 20% of a budget left */
};
void programme_sla_eval(const struct tz_zone *z, const struct programme_hours *h,
			const struct programme_sla_in *in, instant_t now, struct programme_sla *out);

/* ---- pilot criteria and verdicts --------------------------------------- */
enum programme_metric {
	PROGRAMME_ADOPTION,        /* share of cohort adopting, threshold in bps */
	PROGRAMME_SAT_MEAN,        /* mean 0..10 score, threshold ×100 (7.00 = 700) */
	PROGRAMME_SAT_NPS,         /* standard NPS, threshold ×100 (7 = 700) */
	PROGRAMME_RETENTION_LIFT,  /* pilot minus comparison retention, bps */
	PROGRAMME_REVENUE_LIFT,    /* pilot vs comparison revenue per merchant, bps */
};
const char *programme_metric_name(enum programme_metric m);
enum clario_status programme_metric_parse(const char *s, enum programme_metric *out,
					  struct clario_err *err);

enum programme_verdict { PROGRAMME_ON_TRACK, PROGRAMME_AT_RISK, PROGRAMME_MET, PROGRAMME_MISSED };
const char *programme_verdict_name(enum programme_verdict v);

/* A criterion holds when value > threshold (both in the metric's units);
 * known is false when there is no data yet. Before the pilot's end the verdict
 * is on track / at risk, from its end on met / missed. */
enum programme_verdict programme_verdict_for(bool known, int64_t value, int64_t threshold,
					     day_t today, day_t end);
/* Lift in bps between two rates: (a − b) × 10000, a and b as ratios. */
bool programme_rate_lift_bps(struct programme_ratio a, struct programme_ratio b, int64_t *out);

/* ---- concentration and targets -----------------------------------------
 * Revenue per partner per month against total revenue that month. */
struct programme_revenue {
	int64_t partner_id; /* 0 = direct (no partner) */
	int32_t month;      /* year*12 + (month-1) */
	rupiah_t revenue;
};
struct programme_risk_cfg {
	int32_t warn_bps;   /* default 2500 */
	int32_t limit_bps;  /* default 3000 */
};
#define PROGRAMME_RISK_DEFAULT ((struct programme_risk_cfg){2500, 3000})

enum programme_risk_level { PROGRAMME_RISK_OK, PROGRAMME_RISK_WARNING, PROGRAMME_RISK_BREACH };
const char *programme_risk_name(enum programme_risk_level l);

struct programme_concentration {
	int64_t partner_id;
	rupiah_t revenue, total;
	int64_t share_bps;              /* rounded, for display */
	enum programme_risk_level level;
	int months_above_warn;          /* consecutive months up to `month` above warn */
	int32_t above_since;            /* first month of that run, or -1 */
};
/* Evaluates every partner with revenue in `month` (direct revenue counts in the
 * total but is never a partner). out has room for n entries; *n_out filled. */
enum clario_status programme_concentration(const struct programme_risk_cfg *cfg,
					   const struct programme_revenue *rev, size_t n,
					   int32_t month, struct programme_concentration *out,
					   size_t *n_out, struct clario_err *err);

struct programme_targets {
	int min_partnerships, max_partnerships; /* 1..3 */
	int32_t partner_share_bps;              /* 2000 */
	rupiah_t total_revenue;                 /* Rp 2 miliar */
	rupiah_t partner_revenue;               /* Rp 400 juta */
};
#define PROGRAMME_TARGETS_DEFAULT \
	((struct programme_targets){1, 3, 2000, 2000000000LL, 400000000LL})
struct programme_target_progress {
	int active_partnerships;
	bool partnerships_ok;
	rupiah_t total_revenue, partner_revenue;
	int64_t partner_share_bps;
	int64_t partner_revenue_progress_bps; /* of the partner revenue target */
	int64_t total_revenue_progress_bps;
	bool share_ok;
};
/* Sums months [from, to] of rev; active partnerships given by the caller. */
void programme_targets_progress(const struct programme_targets *t,
				const struct programme_revenue *rev, size_t n, int32_t from,
				int32_t to, int active_partnerships,
				struct programme_target_progress *out);

/* "2027-03" <-> year*12 + month-1. */
enum clario_status programme_month_parse(const char *s, int32_t *out, struct clario_err *err);
void programme_month_format(int32_t month, char buf[static 8]);
day_t programme_month_first_day(int32_t month);

#endif
