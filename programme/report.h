/* Partner programme reports assembled from the store with the pure rules of
 * programme.h: the pilot report, survey results, support tickets with their
 * SLA state, partner scorecards, and concentration and target progress. Used
 * by api/programme_*.c and `clario report`. Results are plain structs; arrays
 * inside are malloc'd and released with the matching _free. */
#ifndef CLARIO_PROGRAMME_REPORT_H
#define CLARIO_PROGRAMME_REPORT_H

#include "programme/programme.h"
#include "store/programme.h"
#include "store/store.h"

/* Activity rule from CLARIO_ACTIVE_DAYS / CLARIO_ADOPTION_WEEKS ("3/4"),
 * defaults 1 and 3 of 4. */
enum clario_status programme_activity_from_env(struct programme_activity_cfg *out,
					       struct clario_err *err);

/* ---- pilots ---- */
#define PROGRAMME_MAX_WEEKS 60
struct programme_criterion_state {
	char metric[24];
	int64_t threshold;
	bool known;        /* false: no data yet (or input awaiting billing) */
	int64_t value;     /* in the metric's units (see enum programme_metric) */
	enum programme_verdict verdict;
	int64_t trend[PROGRAMME_MAX_WEEKS]; /* value at the end of each week */
	bool trend_known[PROGRAMME_MAX_WEEKS];
	const char *note;  /* why a value is unknown, or NULL */
};
struct programme_pilot_report {
	struct store_pilot pilot;
	day_t as_of;
	int64_t *cohort;   /* merchant ids */
	bool *adopting;
	size_t n_cohort;
	struct programme_ratio adoption;
	struct programme_nps satisfaction; /* merchant survey answers of the pilot */
	int64_t invited;
	size_t n_weeks;    /* weeks from the pilot's start to as_of (or its end) */
	day_t weeks[PROGRAMME_MAX_WEEKS]; /* each week's Monday */
	struct programme_criterion_state crit[STORE_PILOT_MAX_CRITERIA];
	size_t n_crit;
};
enum clario_status programme_pilot_report(struct store *s, int64_t pilot_id, day_t as_of,
					  const struct programme_activity_cfg *activity,
					  struct programme_pilot_report *out, struct clario_err *err);
void programme_pilot_report_free(struct programme_pilot_report *r);

/* ---- surveys ---- */
struct programme_survey_results {
	struct programme_nps nps;
	int64_t invited;
	struct programme_ratio response_rate;
};
/* Results over the rows of a filter. */
enum clario_status programme_survey_results(struct store *s, const struct store_survey_filter *f,
					    struct programme_survey_results *out,
					    struct clario_err *err);

/* ---- support ---- */
struct programme_ticket_state {
	struct store_support_ticket t;
	struct programme_sla sla;
};
/* Fills a new ticket's assignee, zone, business hours and SLA targets from
 * t->partner_id, t->priority, t->opened_by and t->opened_at: the partner's
 * contract in force that day (partners_contract_at: support_by,
 * sla_first_response_h, sla_resolution_h for "normal"; low x2, high /2,
 * urgent /4), hours and zone from its support terms (09-17 Mon-Fri
 * Asia/Jakarta without). support_by "shared": the partner answers tickets its
 * merchants open, Clario those the partner or Clario opens. Without a
 * contract the support terms (or Clario's defaults) decide everything. */
enum clario_status programme_ticket_assign(struct store *s, struct store_support_ticket *t,
					   struct clario_err *err);
/* Tickets opened in [from, to) with their SLA state at now. */
enum clario_status programme_tickets(struct store *s, int64_t partner_id, int64_t from, int64_t to,
				     int64_t now, struct programme_ticket_state **out, size_t *n,
				     struct clario_err *err);

/* ---- scorecards ---- */
struct programme_scorecard {
	int64_t partner_id;
	char code[33], name[129];
	int32_t from, to; /* months, inclusive */
	/* from billing: attributions, subscriptions, closed months' revenue */
	int64_t referrals, converted, new_paying;
	struct programme_ratio churn_partner, churn_direct; /* churned / paying at start */
	rupiah_t revenue, total_revenue; /* Clario's revenue, closed months only */
	int closed_months;  /* billing months of the period that are closed */
	bool has_revenue;   /* closed_months > 0 */
	/* from Clario's own records */
	int64_t merchants, active_merchants; /* adoption as of the last day of `to` */
	int64_t tickets, sla_evaluated, sla_met;
	struct programme_nps merchant_nps, partner_nps;
};
/* One scorecard per partner for months [from, to]; now decides open tickets' SLA. */
enum clario_status programme_scorecards(struct store *s, int64_t partner_id, int32_t from,
					int32_t to, int64_t now,
					const struct programme_activity_cfg *activity,
					struct programme_scorecard **out, size_t *n,
					struct clario_err *err);

/* ---- risk and targets ---- */
struct programme_risk_report {
	int32_t month;
	struct programme_concentration *rows;
	size_t n;
	struct programme_target_progress targets; /* year to date: January..month */
	int active_partnerships; /* partners with revenue in the month */
	bool month_closed; /* billing closed the month: its revenue is real */
};
enum clario_status programme_risk(struct store *s, int32_t month,
				  const struct programme_risk_cfg *cfg,
				  const struct programme_targets *targets,
				  struct programme_risk_report *out, struct clario_err *err);
void programme_risk_free(struct programme_risk_report *r);

/* Local (Asia/Jakarta) day of an instant: the day usage is counted on. */
day_t programme_usage_day_of(int64_t at);

#endif
