/* Programme reports: reads the records through store/programme.h and applies
 * the pure rules of programme.h. Usage days and satisfaction are counted in
 * Asia/Jakarta days (WIB), where the pilots run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partners/programme.h"
#include "programme/report.h"
#include "store/billing.h"

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

static void month_text(int32_t month, char out[8]);
static int32_t month_of_day(day_t d)
{
	int y, m, md;
	tz_civil_from_days(d, &y, &m, &md);
	return (int32_t)(y * 12 + m - 1);
}
static bool sub_active_on(const struct store_subscription *x, day_t d);

static bool has(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* The pilot's comparison: `group` itself, or (complement) the partner's
 * merchants outside it. *ids is malloc'd. */
static enum clario_status group_ids(struct store *s, int64_t partner_id, const int64_t *group,
				    size_t n_group, bool complement, int64_t **ids, size_t *n,
				    struct clario_err *err)
{
	int64_t *all = NULL;
	size_t n_all = 0;
	*ids = NULL;
	*n = 0;
	enum clario_status st = store_programme_partner_merchants(s, partner_id, INT64_MAX, &all,
								  &n_all, err);
	if (st == CLARIO_OK && !complement) {
		free(all);
		all = NULL;
		if (!(all = calloc(n_group ? n_group : 1, sizeof *all)))
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		memcpy(all, group, n_group * sizeof *all);
		n_all = n_group;
	}
	size_t k = 0;
	for (size_t i = 0; st == CLARIO_OK && i < n_all; i++)
		if (!complement || !has(group, n_group, all[i]))
			all[k++] = all[i];
	if (st) {
		free(all);
		return st;
	}
	*ids = all;
	*n = k;
	return CLARIO_OK;
}

static bool paying_on(const struct store_subscription *subs, size_t n_subs, int64_t merchant,
		      day_t d)
{
	for (size_t i = 0; i < n_subs; i++)
		if (subs[i].merchant_id == merchant && sub_active_on(&subs[i], d))
			return true;
	return false;
}

/* Retention from billing's subscriptions: of the merchants paying on the
 * pilot's first day, the share still paying on day `at`. */
static enum clario_status retention_rate(struct store *s, int64_t partner_id, const int64_t *group,
					 size_t n_group, bool complement, day_t start, day_t at,
					 struct programme_ratio *out, struct clario_err *err)
{
	int64_t *ids = NULL;
	size_t n = 0, n_subs = 0;
	struct store_subscription *subs = NULL;
	out->num = out->den = 0;
	enum clario_status st = group_ids(s, partner_id, group, n_group, complement, &ids, &n, err);
	if (st == CLARIO_OK)
		st = store_billing_sub_list(s, 0, &subs, &n_subs, err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		if (!paying_on(subs, n_subs, ids[i], start))
			continue;
		out->den++;
		out->num += paying_on(subs, n_subs, ids[i], at);
	}
	free(ids);
	free(subs);
	return st;
}

/* Clario's revenue from each listed merchant over the closed billing months
 * [from, to]: its revenue-share lines (Clario's part) and its own invoices and
 * credit notes (before PPN). sums[i] belongs to ids[i]. */
static enum clario_status merchant_revenue(struct store *s, const int64_t *ids, size_t n,
					   int32_t from, int32_t to, rupiah_t *sums,
					   struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	memset(sums, 0, n * sizeof *sums);
	for (int32_t m = from; m <= to && st == CLARIO_OK; m++) {
		char text[8];
		struct store_close c;
		struct store_statement *sts = NULL;
		struct store_invoice *invs = NULL;
		size_t n_sts = 0, n_invs = 0;
		month_text(m, text);
		if ((st = store_billing_close_get(s, text, &c, err)) == CLARIO_ENOTFOUND) {
			clario_err_clear(err);
			st = CLARIO_OK;
			continue;
		}
		if (st == CLARIO_OK)
			st = store_billing_statement_list(s, 0, text, &sts, &n_sts, err);
		for (size_t i = 0; st == CLARIO_OK && i < n_sts; i++) {
			struct store_statement_line *lines = NULL;
			size_t n_lines = 0;
			if (strcmp(sts[i].kind, "revshare") != 0)
				continue;
			st = store_billing_statement_lines(s, sts[i].id, &lines, &n_lines, err);
			for (size_t l = 0; st == CLARIO_OK && l < n_lines; l++)
				for (size_t k = 0; k < n; k++)
					if (ids[k] == lines[l].merchant_id)
						sums[k] += lines[l].clario_share;
			free(lines);
		}
		if (st == CLARIO_OK)
			st = store_billing_invoice_list(s, text, 0, 0, &invs, &n_invs, err);
		for (size_t i = 0; st == CLARIO_OK && i < n_invs; i++)
			for (size_t k = 0; k < n; k++)
				if (invs[i].merchant_id && ids[k] == invs[i].merchant_id)
					sums[k] += invs[i].subtotal;
		free(sts);
		free(invs);
	}
	return st;
}

/* Revenue per merchant of the pilot cohort against the partner's other
 * merchants (both: those paying on the pilot's first day) over the closed
 * months from the pilot's start month to the last month ended by `at`, as a
 * relative lift in bps. */
/* Keeps the ids paying on day d (in place). */
static size_t keep_paying(int64_t *ids, size_t n, const struct store_subscription *subs,
			  size_t n_subs, day_t d)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (paying_on(subs, n_subs, ids[i], d))
			ids[k++] = ids[i];
	return k;
}

static enum clario_status revenue_lift(struct store *s, const struct store_pilot *p,
				       const int64_t *cohort_all, size_t n_all, day_t at, bool *known,
				       int64_t *value, struct clario_err *err)
{
	int64_t *rest = NULL, *cohort = NULL;
	size_t n_rest = 0, n_cohort = 0, n_subs = 0;
	rupiah_t *a = NULL, *b = NULL;
	struct store_subscription *subs = NULL;
	int32_t from = month_of_day(p->start_day), to = month_of_day((day_t)(at + 1)) - 1;
	*known = false;
	/* comparable: both groups hold only merchants already paying on the
	 * pilot's first day (a merchant joining later has partial months) */
	enum clario_status st = group_ids(s, p->partner_id, cohort_all, n_all, true, &rest, &n_rest,
					  err);
	if (st == CLARIO_OK)
		st = group_ids(s, p->partner_id, cohort_all, n_all, false, &cohort, &n_cohort, err);
	if (st == CLARIO_OK)
		st = store_billing_sub_list(s, 0, &subs, &n_subs, err);
	if (st == CLARIO_OK) {
		n_rest = keep_paying(rest, n_rest, subs, n_subs, p->start_day);
		n_cohort = keep_paying(cohort, n_cohort, subs, n_subs, p->start_day);
	}
	if (st == CLARIO_OK && (!(a = calloc(n_cohort + 1, sizeof *a)) ||
				!(b = calloc(n_rest + 1, sizeof *b))))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	if (st == CLARIO_OK && to >= from)
		st = merchant_revenue(s, cohort, n_cohort, from, to, a, err);
	if (st == CLARIO_OK && to >= from)
		st = merchant_revenue(s, rest, n_rest, from, to, b, err);
	rupiah_t sa = 0, sb = 0;
	for (size_t i = 0; st == CLARIO_OK && i < n_cohort; i++)
		sa += a[i];
	for (size_t i = 0; st == CLARIO_OK && i < n_rest; i++)
		sb += b[i];
	if (st == CLARIO_OK && to >= from && n_cohort && n_rest && sb > 0) {
		/* (sa/na − sb/nb) / (sb/nb), in bps, without leaving integers */
		__int128 num = ((__int128)sa * (__int128)n_rest - (__int128)sb * (__int128)n_cohort) *
			       BPS_ONE;
		*value = (int64_t)(num / ((__int128)sb * (__int128)n_cohort));
		*known = true;
	}
	free(rest);
	free(cohort);
	free(subs);
	free(a);
	free(b);
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
		st = retention_rate(s, p->partner_id, cohort, n_cohort, false, p->start_day, at,
				    &pilot, err);
		if (st == CLARIO_OK)
			st = retention_rate(s, p->partner_id, cohort, n_cohort, true, p->start_day, at,
					    &rest, err);
		if (st == CLARIO_OK)
			*known = programme_rate_lift_bps(pilot, rest, value);
		*note = *known ? "retained = paying (billing subscription) at the pilot's start and"
				 " still paying, vs the partner's non-pilot merchants"
			       : "no comparison group (no merchant of either group was paying at the"
				 " pilot's start)";
		break;
	}
	case PROGRAMME_REVENUE_LIFT:
		st = revenue_lift(s, p, cohort, n_cohort, at, known, value, err);
		*note = *known ? "Clario revenue per merchant (closed billing months since the"
				 " pilot's start) vs the partner's non-pilot merchants"
			       : "no closed billing month since the pilot's start, or no comparison"
				 " revenue";
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

static int priority_index(const char *p)
{
	static const char *const names[] = {"low", "normal", "high", "urgent"};
	for (int i = 0; i < 4; i++)
		if (strcmp(p, names[i]) == 0)
			return i;
	return -1;
}

enum clario_status programme_ticket_assign(struct store *s, struct store_support_ticket *t,
					   struct clario_err *err)
{
	/* Clario's own targets (no partner, or a partner without a contract) and
	 * the priority scaling of a contract's hours (which are for "normal"). */
	static const int64_t default_response_h[] = {16, 8, 4, 1};
	static const int64_t default_resolution_h[] = {80, 40, 16, 8};
	static const int64_t mul[] = {2, 1, 1, 1}, div[] = {1, 1, 2, 4};
	int pi = priority_index(t->priority);
	if (pi < 0)
		return clario_err_set(err, CLARIO_EINVAL, "priority: must be low, normal, high or urgent");
	struct store_support_terms terms;
	struct store_contract c;
	enum clario_status ts = t->partner_id
		? store_programme_terms_get(s, t->partner_id, t->priority, &terms, err)
		: CLARIO_ENOTFOUND;
	enum clario_status cs = t->partner_id
		? partners_contract_at(s, t->partner_id, programme_usage_day_of(t->opened_at), &c, err)
		: CLARIO_ENOTFOUND;
	if ((ts != CLARIO_OK && ts != CLARIO_ENOTFOUND) || (cs != CLARIO_OK && cs != CLARIO_ENOTFOUND))
		return ts != CLARIO_OK && ts != CLARIO_ENOTFOUND ? ts : cs;
	clario_err_clear(err);
	struct programme_hours h = PROGRAMME_HOURS_DEFAULT;
	snprintf(t->tz, sizeof t->tz, "Asia/Jakarta");
	t->open_s = h.open;
	t->close_s = h.close;
	t->days = h.days;
	snprintf(t->assignee, sizeof t->assignee, "clario");
	t->response_s = default_response_h[pi] * 3600;
	t->resolution_s = default_resolution_h[pi] * 3600;
	if (ts == CLARIO_OK) {
		/* support terms: the partner's support hours and zone */
		snprintf(t->tz, sizeof t->tz, "%s", terms.tz);
		t->open_s = terms.open_s;
		t->close_s = terms.close_s;
		t->days = terms.days;
		if (cs != CLARIO_OK) {
			snprintf(t->assignee, sizeof t->assignee, "%s", terms.handled_by);
			t->response_s = terms.response_s;
			t->resolution_s = terms.resolution_s;
		}
	}
	if (cs == CLARIO_OK) {
		/* the contract in force decides who answers and how fast; "shared":
		 * the partner is first line for what its merchants raise, Clario
		 * takes what the partner escalates or Clario itself opens */
		bool partner = strcmp(c.support_by, "partner") == 0 ||
			       (strcmp(c.support_by, "shared") == 0 &&
				strcmp(t->opened_by, "merchant") == 0);
		snprintf(t->assignee, sizeof t->assignee, "%s", partner ? "partner" : "clario");
		if (c.sla_first_response_h > 0)
			t->response_s = (int64_t)c.sla_first_response_h * 3600 * mul[pi] / div[pi];
		if (c.sla_resolution_h > 0)
			t->resolution_s = (int64_t)c.sla_resolution_h * 3600 * mul[pi] / div[pi];
	}
	return CLARIO_OK;
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

/* ---- figures from billing (store/billing.h, partners/programme.h) ---- */

static void month_text(int32_t month, char out[8])
{
	programme_month_format(month, out);
}

/* Revenue per partner (0 = direct) of every CLOSED month in [from, to]: the
 * figures of `clario billing revenue` (partners_revenue_month). *closed counts
 * the closed months; open months contribute nothing. */
static enum clario_status billing_revenue(struct store *s, int32_t from, int32_t to,
					  struct programme_revenue **out, size_t *n, int *closed,
					  struct clario_err *err)
{
	size_t cap = 0;
	struct programme_revenue *res = NULL;
	enum clario_status st = CLARIO_OK;
	*out = NULL;
	*n = 0;
	*closed = 0;
	for (int32_t m = from; m <= to && st == CLARIO_OK; m++) {
		char text[8];
		struct store_close c;
		month_text(m, text);
		st = store_billing_close_get(s, text, &c, err);
		if (st == CLARIO_ENOTFOUND) {
			clario_err_clear(err);
			st = CLARIO_OK;
			continue;
		}
		struct partners_revenue *rows = NULL;
		size_t k = 0;
		rupiah_t total = 0;
		if (st == CLARIO_OK)
			st = partners_revenue_month(s, text, &rows, &k, &total, err);
		if (st == CLARIO_OK)
			(*closed)++;
		if (st == CLARIO_OK && *n + k + 1 > cap) {
			cap = (*n + k + 1) * 2;
			struct programme_revenue *g = realloc(res, cap * sizeof *g);
			if (!g)
				st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			else
				res = g;
		}
		for (size_t i = 0; st == CLARIO_OK && i < k; i++)
			res[(*n)++] = (struct programme_revenue){rows[i].partner_id, m, rows[i].revenue};
		free(rows);
	}
	if (st) {
		free(res);
		*n = 0;
		return st;
	}
	*out = res;
	return CLARIO_OK;
}

/* Who brought a merchant: the partner of its attribution (referral), else the
 * partner of any of its subscriptions; 0 = direct. */
static int64_t merchant_source(int64_t merchant_id, const struct store_attribution *attrs,
			       size_t n_attrs, const struct store_subscription *subs, size_t n_subs)
{
	for (size_t i = 0; i < n_attrs; i++)
		if (attrs[i].merchant_id == merchant_id)
			return attrs[i].partner_id;
	for (size_t i = 0; i < n_subs; i++)
		if (subs[i].merchant_id == merchant_id && subs[i].partner_id)
			return subs[i].partner_id;
	return 0;
}

static bool sub_active_on(const struct store_subscription *x, day_t d)
{
	return x->start_day <= d && (x->end_day == 0 || x->end_day >= d);
}

/* Referrals, conversions, new paying merchants and churn of one scorecard
 * from billing's subscriptions and attributions (rules in docs/programme.md). */
static enum clario_status scorecard_billing(struct store *s, struct programme_scorecard *sc,
					    int64_t from_t, int64_t to_t, struct clario_err *err)
{
	struct store_attribution *attrs = NULL;
	struct store_subscription *subs = NULL;
	size_t n_attrs = 0, n_subs = 0;
	day_t first = programme_month_first_day(sc->from);
	day_t last = (day_t)(programme_month_first_day(sc->to + 1) - 1);
	char mfrom[8], mto[8];
	month_text(sc->from, mfrom);
	month_text(sc->to, mto);
	enum clario_status st = store_billing_attr_list(s, 0, &attrs, &n_attrs, err);
	if (st == CLARIO_OK)
		st = store_billing_sub_list(s, 0, &subs, &n_subs, err);
	for (size_t i = 0; st == CLARIO_OK && i < n_attrs; i++) {
		const struct store_attribution *a = &attrs[i];
		if (a->partner_id != sc->partner_id)
			continue;
		sc->referrals += a->attributed_at >= from_t && a->attributed_at < to_t;
		sc->converted += a->conversion_month[0] && strcmp(a->conversion_month, mfrom) >= 0 &&
				 strcmp(a->conversion_month, mto) <= 0;
	}
	for (size_t i = 0; st == CLARIO_OK && i < n_subs; i++) {
		const struct store_subscription *x = &subs[i];
		int64_t src = merchant_source(x->merchant_id, attrs, n_attrs, subs, n_subs);
		if (src != sc->partner_id && src != 0)
			continue;
		/* new paying: the merchant's first subscription starts in the period */
		bool earliest = true;
		for (size_t j = 0; j < n_subs; j++)
			if (subs[j].merchant_id == x->merchant_id &&
			    (subs[j].start_day < x->start_day ||
			     (subs[j].start_day == x->start_day && j < i)))
				earliest = false;
		if (src == sc->partner_id && earliest && x->start_day >= first && x->start_day <= last)
			sc->new_paying++;
		/* churn: paying the day before the period, ended within it */
		if (!sub_active_on(x, (day_t)(first - 1)))
			continue;
		struct programme_ratio *r = src ? &sc->churn_partner : &sc->churn_direct;
		r->den++;
		r->num += x->end_day != 0 && x->end_day <= last;
	}
	free(attrs);
	free(subs);
	return st;
}

static enum clario_status one_scorecard(struct store *s, struct programme_scorecard *sc,
					const struct programme_revenue *rev, size_t n_rev,
					int64_t now, const struct programme_activity_cfg *act,
					struct clario_err *err)
{
	int64_t from_t = month_start(sc->from), to_t = month_start(sc->to + 1);
	day_t last_day = (day_t)(programme_month_first_day(sc->to + 1) - 1);
	for (size_t i = 0; i < n_rev; i++) {
		sc->total_revenue += rev[i].revenue;
		if (rev[i].partner_id == sc->partner_id)
			sc->revenue += rev[i].revenue;
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
	if (st == CLARIO_OK)
		st = scorecard_billing(s, sc, from_t, to_t, err);
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
	struct programme_revenue *months = NULL;
	size_t n_partners = 0, n_months = 0, k = 0;
	int closed = 0;
	struct programme_scorecard *res = NULL;
	*out = NULL;
	*n = 0;
	enum clario_status st = store_programme_partners(s, &partners, &n_partners, err);
	if (st == CLARIO_OK)
		st = billing_revenue(s, from, to, &months, &n_months, &closed, err);
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
		sc->closed_months = closed;
		sc->has_revenue = closed > 0;
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
	struct programme_revenue *rev = NULL;
	size_t n = 0;
	int closed = 0;
	/* Two years back is enough history for "months above the warning". */
	enum clario_status st = billing_revenue(s, month - 24, month, &rev, &n, &closed, err);
	if (st == CLARIO_OK && !(out->rows = calloc(n ? n : 1, sizeof *out->rows)))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		if (rev[i].month != month || rev[i].partner_id == 0 || rev[i].revenue <= 0)
			continue;
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen |= rev[j].month == month && rev[j].partner_id == rev[i].partner_id &&
				rev[j].revenue > 0;
		out->active_partnerships += !seen;
	}
	/* a credit note can leave a channel negative in a month: the rule
	 * judges what a partner brought, never less than nothing */
	for (size_t i = 0; i < n; i++)
		if (rev[i].revenue < 0)
			rev[i].revenue = 0;
	out->month_closed = false;
	for (size_t i = 0; i < n; i++)
		out->month_closed |= rev[i].month == month;
	if (st == CLARIO_OK)
		st = programme_concentration(cfg, rev, n, month, out->rows, &out->n, err);
	if (st == CLARIO_OK)
		programme_targets_progress(targets, rev, n, month - month % 12, month,
					   out->active_partnerships, &out->targets);
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
