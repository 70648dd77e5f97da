/* Programme reports: reads the records through store/programme.h and applies
 * the pure rules of programme.h. Usage days and satisfaction are counted in
 * Asia/Jakarta days (WIB), where the pilots run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "programme/report.h"

#define JAKARTA_OFFSET (7 * 3600)

day_t programme_usage_day_of(int64_t at)
{
	int64_t local = at + JAKARTA_OFFSET;
	return (day_t)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

/* The UTC instant of the start of a Jakarta day. */
static int64_t day_start(day_t d)
{
	return (int64_t)d * 86400 - JAKARTA_OFFSET;
}

static int64_t month_start(int32_t month)
{
	return day_start(programme_month_first_day(month));
}

/* A small whole number from text, false unless the text is exactly that. */
static bool small_int(const char *s, char stop, int *out, const char **end)
{
	char *e;
	long v = strtol(s, &e, 10);
	if (e == s || *e != stop || v < 0 || v > 1000)
		return false;
	*out = (int)v;
	if (end)
		*end = e;
	return true;
}

enum clario_status programme_activity_from_env(struct programme_activity_cfg *out,
					       struct clario_err *err)
{
	struct programme_activity_cfg c = PROGRAMME_ACTIVITY_DEFAULT;
	const char *days = getenv("CLARIO_ACTIVE_DAYS"), *weeks = getenv("CLARIO_ADOPTION_WEEKS");
	const char *slash = NULL;
	if (days && *days && !small_int(days, '\0', &c.min_days, NULL))
		return clario_err_set(err, CLARIO_EINVAL, "CLARIO_ACTIVE_DAYS: want a number 1..7");
	if (weeks && *weeks &&
	    (!small_int(weeks, '/', &c.weeks_required, &slash) ||
	     !small_int(slash + 1, '\0', &c.weeks_window, NULL)))
		return clario_err_set(err, CLARIO_EINVAL, "CLARIO_ADOPTION_WEEKS: want e.g. 3/4");
	enum clario_status st = programme_activity_check(&c, err);
	if (st == CLARIO_OK)
		*out = c;
	return st;
}

static bool has(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Retention until billing's subscriptions merge: the share of `group` (or of
 * the partner's other merchants when complement) that still used Clario in the
 * 28 days up to day `at`. */
static enum clario_status retention_rate(struct store *s, int64_t partner_id, const int64_t *group,
					 size_t n_group, bool complement,
					 const struct programme_usage_day *usage, size_t n_usage,
					 day_t at, struct programme_ratio *out,
					 struct clario_err *err)
{
	int64_t *all = NULL;
	size_t n_all = 0;
	out->num = out->den = 0;
	enum clario_status st = store_programme_partner_merchants(s, partner_id, INT64_MAX, &all,
								  &n_all, err);
	for (size_t i = 0; st == CLARIO_OK && i < n_all; i++) {
		if (has(group, n_group, all[i]) == complement)
			continue;
		out->den++;
		for (size_t k = 0; k < n_usage; k++)
			if (usage[k].merchant_id == all[i] && usage[k].day > at - 28 && usage[k].day <= at) {
				out->num++;
				break;
			}
	}
	free(all);
	return st;
}

static enum clario_status nps_of_rows(const struct store_survey_row *rows, size_t n, int64_t until,
				      struct programme_nps *nps, int64_t *invited,
				      struct clario_err *err)
{
	memset(nps, 0, sizeof *nps);
	if (invited)
		*invited = 0;
	for (size_t i = 0; i < n; i++) {
		if (invited && rows[i].sent_at < until)
			(*invited)++;
		if (rows[i].answered_at && rows[i].answered_at < until) {
			enum clario_status st = programme_nps_add(nps, rows[i].score, err);
			if (st)
				return st;
		}
	}
	return CLARIO_OK;
}

static enum clario_status criterion_value(struct store *s, const struct store_pilot *p,
					  enum programme_metric m, const int64_t *cohort,
					  size_t n_cohort, const struct programme_usage_day *usage,
					  size_t n_usage, const struct store_survey_row *answers,
					  size_t n_answers, day_t at,
					  const struct programme_activity_cfg *activity, bool *known,
					  int64_t *value, const char **note, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct programme_ratio r;
	struct programme_nps nps;
	*known = false;
	*value = 0;
	*note = NULL;
	switch (m) {
	case PROGRAMME_ADOPTION:
		st = programme_adoption(activity, cohort, n_cohort, usage, n_usage, at, NULL, &r, err);
		*known = st == CLARIO_OK && r.den > 0;
		*value = programme_ratio_scaled(r, BPS_ONE);
		break;
	case PROGRAMME_SAT_MEAN:
	case PROGRAMME_SAT_NPS:
		st = nps_of_rows(answers, n_answers, day_start((day_t)(at + 1)), &nps, NULL, err);
		*known = nps.answers > 0;
		*value = m == PROGRAMME_SAT_MEAN ? programme_nps_mean_x100(&nps) : programme_nps_x100(&nps);
		if (!*known)
			*note = "no survey answers yet";
		break;
	case PROGRAMME_RETENTION_LIFT: {
		struct programme_ratio pilot, rest;
		st = retention_rate(s, p->partner_id, cohort, n_cohort, false, usage, n_usage, at,
				    &pilot, err);
		if (st == CLARIO_OK)
			st = retention_rate(s, p->partner_id, cohort, n_cohort, true, usage, n_usage, at,
					    &rest, err);
		if (st == CLARIO_OK)
			*known = programme_rate_lift_bps(pilot, rest, value);
		*note = *known ? "retained = used Clario in the last 28 days (subscriptions await the"
				 " billing merge), vs the partner's non-pilot merchants"
			       : "no comparison group (the partner has no non-pilot merchants)";
		break;
	}
	case PROGRAMME_REVENUE_LIFT:
		*note = "awaiting the billing merge (revenue per merchant from subscriptions)";
		break;
	}
	return st;
}

enum clario_status programme_pilot_report(struct store *s, int64_t pilot_id, day_t as_of,
					  const struct programme_activity_cfg *act,
					  struct programme_pilot_report *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	struct store_usage_day *ud = NULL;
	size_t n_ud = 0, n_rows = 0;
	struct store_survey_row *rows = NULL;
	struct programme_usage_day *usage = NULL;
	enum clario_status st = store_programme_pilot_get(s, pilot_id, &out->pilot, err);
	if (st)
		goto out;
	const struct store_pilot *p = &out->pilot;
	struct programme_activity_cfg pcfg = {p->active_days, p->weeks_required, p->weeks_window};
	if (programme_activity_check(&pcfg, err) != CLARIO_OK)
		pcfg = *act;
	out->as_of = as_of;
	day_t eval = as_of < p->end_day ? as_of : p->end_day;
	if ((st = store_programme_pilot_cohort(s, pilot_id, &out->cohort, &out->n_cohort, err)))
		goto out;
	out->adopting = calloc(out->n_cohort ? out->n_cohort : 1, sizeof *out->adopting);
	if (!out->adopting) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	day_t from = (day_t)(programme_week_start(p->start_day) - 7 * (pcfg.weeks_window + 5));
	if ((st = store_programme_usage_days(s, p->partner_id, from, eval, &ud, &n_ud, err)))
		goto out;
	usage = calloc(n_ud ? n_ud : 1, sizeof *usage);
	if (!usage) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_ud; i++)
		usage[i] = (struct programme_usage_day){ud[i].merchant_id, ud[i].day};
	if ((st = programme_adoption(&pcfg, out->cohort, out->n_cohort, usage, n_ud, eval,
				     out->adopting, &out->adoption, err)))
		goto out;
	struct store_survey_filter f = {.audience = "merchant", .partner_id = -1, .pilot_id = pilot_id,
					.from = INT64_MIN, .to = INT64_MAX};
	if ((st = store_programme_survey_rows(s, &f, &rows, &n_rows, err)) ||
	    (st = nps_of_rows(rows, n_rows, day_start((day_t)(eval + 1)), &out->satisfaction,
			      &out->invited, err)))
		goto out;
	for (day_t w = programme_week_start(p->start_day);
	     w <= eval && out->n_weeks < PROGRAMME_MAX_WEEKS; w = (day_t)(w + 7))
		out->weeks[out->n_weeks++] = w;
	out->n_crit = p->n_criteria;
	for (size_t c = 0; c < p->n_criteria && st == CLARIO_OK; c++) {
		struct programme_criterion_state *cs = &out->crit[c];
		enum programme_metric m;
		snprintf(cs->metric, sizeof cs->metric, "%s", p->criteria[c].metric);
		cs->threshold = p->criteria[c].threshold;
		if ((st = programme_metric_parse(cs->metric, &m, err)))
			break;
		st = criterion_value(s, p, m, out->cohort, out->n_cohort, usage, n_ud, rows, n_rows,
				     eval, &pcfg, &cs->known, &cs->value, &cs->note, err);
		cs->verdict = programme_verdict_for(cs->known, cs->value, cs->threshold, as_of,
						    p->end_day);
		for (size_t w = 0; w < out->n_weeks && st == CLARIO_OK; w++) {
			day_t end = (day_t)(out->weeks[w] + 6);
			const char *note;
			st = criterion_value(s, p, m, out->cohort, out->n_cohort, usage, n_ud, rows,
					     n_rows, end < eval ? end : eval, &pcfg, &cs->trend_known[w],
					     &cs->trend[w], &note, err);
		}
	}
out:
	free(ud);
	free(usage);
	free(rows);
	if (st)
		programme_pilot_report_free(out);
	return st;
}

void programme_pilot_report_free(struct programme_pilot_report *r)
{
	free(r->cohort);
	free(r->adopting);
	r->cohort = NULL;
	r->adopting = NULL;
	r->n_cohort = 0;
}

enum clario_status programme_survey_results(struct store *s, const struct store_survey_filter *f,
					    struct programme_survey_results *out,
					    struct clario_err *err)
{
	struct store_survey_row *rows = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	enum clario_status st = store_programme_survey_rows(s, f, &rows, &n, err);
	if (st == CLARIO_OK)
		st = nps_of_rows(rows, n, INT64_MAX, &out->nps, &out->invited, err);
	out->response_rate = (struct programme_ratio){out->nps.answers, out->invited};
	free(rows);
	return st;
}

static enum clario_status ticket_sla(const struct store_support_ticket *t, int64_t now,
				     struct programme_sla *out, struct clario_err *err)
{
	const struct tz_zone *z;
	enum clario_status st = tz_zone_get(t->tz, &z, err);
	if (st)
		return st;
	struct programme_hours h = {t->open_s, t->close_s, t->days};
	if ((st = programme_hours_check(&h, err)))
		return st;
	struct programme_sla_in in = {t->opened_at, t->first_response_at, t->resolved_at,
				      t->response_s, t->resolution_s};
	programme_sla_eval(z, &h, &in, now, out);
	return CLARIO_OK;
}

enum clario_status programme_tickets(struct store *s, int64_t partner_id, int64_t from, int64_t to,
				     int64_t now, struct programme_ticket_state **out, size_t *n,
				     struct clario_err *err)
{
	struct store_support_ticket *list = NULL;
	size_t count = 0;
	*out = NULL;
	*n = 0;
	enum clario_status st = store_programme_ticket_list(s, partner_id, from, to, &list, &count, err);
	struct programme_ticket_state *res = st ? NULL : calloc(count ? count : 1, sizeof *res);
	if (st == CLARIO_OK && !res)
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < count; i++) {
		res[i].t = list[i];
		st = ticket_sla(&list[i], now, &res[i].sla, err);
	}
	free(list);
	if (st) {
		free(res);
		return st;
	}
	*out = res;
	*n = count;
	return CLARIO_OK;
}

static enum clario_status one_scorecard(struct store *s, struct programme_scorecard *sc,
					const struct store_partner_month *months, size_t n_months,
					int64_t now, const struct programme_activity_cfg *act,
					struct clario_err *err)
{
	int64_t from_t = month_start(sc->from), to_t = month_start(sc->to + 1);
	day_t last_day = (day_t)(programme_month_first_day(sc->to + 1) - 1);
	for (size_t i = 0; i < n_months; i++) {
		const struct store_partner_month *m = &months[i];
		if (m->month < sc->from || m->month > sc->to)
			continue;
		sc->total_revenue += m->revenue;
		if (m->partner_id == 0) {
			sc->churn_direct.num += m->churned;
			sc->churn_direct.den += m->paying_start;
		}
		if (m->partner_id != sc->partner_id)
			continue;
		sc->has_revenue = true;
		sc->revenue += m->revenue;
		sc->referrals += m->referrals;
		sc->converted += m->converted;
		sc->new_paying += m->new_paying;
		sc->churn_partner.num += m->churned;
		sc->churn_partner.den += m->paying_start;
	}
	int64_t *merchants = NULL;
	size_t n_merchants = 0, n_ud = 0, n_tickets = 0;
	struct store_usage_day *ud = NULL;
	struct programme_usage_day *usage = NULL;
	struct programme_ticket_state *tickets = NULL;
	enum clario_status st = store_programme_partner_merchants(s, sc->partner_id,
								  day_start((day_t)(last_day + 1)),
								  &merchants, &n_merchants, err);
	if (st == CLARIO_OK)
		st = store_programme_usage_days(s, sc->partner_id,
						(day_t)(last_day - 7 * (act->weeks_window + 2)),
						last_day, &ud, &n_ud, err);
	if (st == CLARIO_OK && !(usage = calloc(n_ud ? n_ud : 1, sizeof *usage)))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < n_ud; i++)
		usage[i] = (struct programme_usage_day){ud[i].merchant_id, ud[i].day};
	struct programme_ratio adoption = {0, 0};
	if (st == CLARIO_OK)
		st = programme_adoption(act, merchants, n_merchants, usage, n_ud, last_day, NULL,
					&adoption, err);
	sc->merchants = (int64_t)n_merchants;
	sc->active_merchants = adoption.num;
	if (st == CLARIO_OK)
		st = programme_tickets(s, sc->partner_id, from_t, to_t, now, &tickets, &n_tickets, err);
	sc->tickets = (int64_t)n_tickets;
	for (size_t i = 0; st == CLARIO_OK && i < n_tickets; i++) {
		const struct programme_ticket_state *t = &tickets[i];
		bool breached = t->sla.response_breached || t->sla.resolution_breached;
		/* An open ticket within its timers is not judged yet. */
		if (!breached && !t->t.resolved_at)
			continue;
		sc->sla_evaluated++;
		sc->sla_met += !breached;
	}
	struct programme_survey_results r;
	struct store_survey_filter f = {.audience = "merchant", .partner_id = sc->partner_id,
					.from = from_t, .to = to_t};
	if (st == CLARIO_OK && (st = programme_survey_results(s, &f, &r, err)) == CLARIO_OK)
		sc->merchant_nps = r.nps;
	f.audience = "partner";
	if (st == CLARIO_OK && (st = programme_survey_results(s, &f, &r, err)) == CLARIO_OK)
		sc->partner_nps = r.nps;
	free(merchants);
	free(ud);
	free(usage);
	free(tickets);
	return st;
}

enum clario_status programme_scorecards(struct store *s, int64_t partner_id, int32_t from,
					int32_t to, int64_t now,
					const struct programme_activity_cfg *act,
					struct programme_scorecard **out, size_t *n,
					struct clario_err *err)
{
	struct store_partner *partners = NULL;
	struct store_partner_month *months = NULL;
	size_t n_partners = 0, n_months = 0, k = 0;
	struct programme_scorecard *res = NULL;
	*out = NULL;
	*n = 0;
	enum clario_status st = store_programme_partners(s, &partners, &n_partners, err);
	if (st == CLARIO_OK)
		st = store_programme_month_list(s, from, to, &months, &n_months, err);
	if (st == CLARIO_OK && !(res = calloc(n_partners ? n_partners : 1, sizeof *res)))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < n_partners; i++) {
		if (partner_id > 0 && partners[i].id != partner_id)
			continue;
		struct programme_scorecard *sc = &res[k++];
		sc->partner_id = partners[i].id;
		snprintf(sc->code, sizeof sc->code, "%s", partners[i].code);
		snprintf(sc->name, sizeof sc->name, "%s", partners[i].name);
		sc->from = from;
		sc->to = to;
		st = one_scorecard(s, sc, months, n_months, now, act, err);
	}
	free(partners);
	free(months);
	if (st) {
		free(res);
		return st;
	}
	*out = res;
	*n = k;
	return CLARIO_OK;
}

enum clario_status programme_risk(struct store *s, int32_t month,
				  const struct programme_risk_cfg *cfg,
				  const struct programme_targets *targets,
				  struct programme_risk_report *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	out->month = month;
	struct store_partner_month *months = NULL;
	struct programme_revenue *rev = NULL;
	size_t n = 0;
	/* Two years back is enough history for "months above the warning". */
	enum clario_status st = store_programme_month_list(s, month - 24, month, &months, &n, err);
	if (st == CLARIO_OK && (!(rev = calloc(n ? n : 1, sizeof *rev)) ||
				!(out->rows = calloc(n ? n : 1, sizeof *out->rows))))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		rev[i] = (struct programme_revenue){months[i].partner_id, months[i].month,
						    months[i].revenue};
		if (months[i].month == month && months[i].partner_id != 0 && months[i].revenue > 0)
			out->active_partnerships++;
	}
	if (st == CLARIO_OK)
		st = programme_concentration(cfg, rev, n, month, out->rows, &out->n, err);
	if (st == CLARIO_OK)
		programme_targets_progress(targets, rev, n, month - month % 12, month,
					   out->active_partnerships, &out->targets);
	free(months);
	free(rev);
	if (st)
		programme_risk_free(out);
	return st;
}

void programme_risk_free(struct programme_risk_report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}
