/* Pilots: create (Clario staff), list, and the live report with each success
 * criterion's value, weekly trend and verdict, and the merchants not adopting.
 * Thresholds travel in display units (50 = 50%, 7 = score 7 or NPS 7) and are
 * stored ×100. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/programme.h"

static const char *metric_unit(const char *metric)
{
	if (strcmp(metric, "adoption") == 0)
		return "percent of the cohort adopting";
	if (strcmp(metric, "satisfaction_mean") == 0)
		return "mean score on the 0-10 scale";
	if (strcmp(metric, "satisfaction_nps") == 0)
		return "standard NPS (-100..100)";
	if (strcmp(metric, "retention_lift") == 0)
		return "retention, pilot minus comparison group, percentage points";
	return "revenue per merchant, pilot vs comparison group, percent";
}

static json_t *pilot_json(struct store *s, const struct store_pilot *p)
{
	char from[11], to[11];
	struct store_partner sp;
	struct clario_err err;
	tz_format_date(p->start_day, from);
	tz_format_date(p->end_day, to);
	json_t *crit = json_array();
	for (size_t i = 0; i < p->n_criteria; i++)
		json_array_append_new(crit, json_pack("{s:s, s:s, s:s, s:f}", "metric",
						      p->criteria[i].metric, "measure",
						      metric_unit(p->criteria[i].metric), "above",
						      ">", "threshold",
						      (double)p->criteria[i].threshold / 100.0));
	bool has_partner = store_partner_get(s, p->partner_id, &sp, &err) == CLARIO_OK;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:i}, s:o}", "id", (json_int_t)p->id,
			 "partner", has_partner ? sp.code : "", "name", p->name, "start", from, "end",
			 to, "activity", "active_days_per_week", p->active_days, "weeks_required",
			 p->weeks_required, "weeks_window", p->weeks_window, "criteria", crit);
}

static enum clario_status parse_day(json_t *body, const char *key, day_t *out,
				    struct clario_err *err)
{
	const char *v = json_string_value(json_object_get(body, key));
	if (!v)
		return clario_err_set(err, CLARIO_EINVAL, "%s: is required (YYYY-MM-DD)", key);
	enum clario_status st = tz_parse_date(v, out, err);
	if (st)
		clario_err_prefix(err, "%s", key);
	return st;
}

static enum clario_status parse_criteria(json_t *arr, struct store_pilot *p, struct clario_err *err)
{
	if (!arr) { /* the plan's defaults */
		p->n_criteria = 3;
		p->criteria[0] = (struct store_pilot_criterion){"adoption", 5000};
		p->criteria[1] = (struct store_pilot_criterion){"satisfaction_mean", 700};
		p->criteria[2] = (struct store_pilot_criterion){"retention_lift", 0};
		return CLARIO_OK;
	}
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > STORE_PILOT_MAX_CRITERIA)
		return clario_err_set(err, CLARIO_EINVAL, "criteria: want 1..%d {metric, threshold}",
				      STORE_PILOT_MAX_CRITERIA);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *c = json_array_get(arr, i);
		const char *metric = json_string_value(json_object_get(c, "metric"));
		json_t *th = json_object_get(c, "threshold");
		enum programme_metric m;
		if (programme_metric_parse(metric, &m, err) != CLARIO_OK) {
			clario_err_prefix(err, "criteria[%zu]", i);
			return CLARIO_EINVAL;
		}
		if (!json_is_number(th) || fabs(json_number_value(th)) > 1e6)
			return clario_err_set(err, CLARIO_EINVAL, "criteria[%zu].threshold: want a number", i);
		snprintf(p->criteria[i].metric, sizeof p->criteria[i].metric, "%s", metric);
		p->criteria[i].threshold = (int64_t)llround(json_number_value(th) * 100.0);
	}
	p->n_criteria = json_array_size(arr);
	return CLARIO_OK;
}

void api_pilots_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff create pilots");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	struct store_pilot p = {.active_days = 1, .weeks_required = 3, .weeks_window = 4};
	struct store_partner sp;
	int64_t merchants[20], id = 0;
	const char *partner = json_string_value(json_object_get(body, "partner"));
	const char *name = json_string_value(json_object_get(body, "name"));
	json_t *ms = json_object_get(body, "merchants"), *act = json_object_get(body, "activity");
	enum clario_status st = CLARIO_OK;
	if (!partner)
		st = clario_err_set(&err, CLARIO_EINVAL, "partner: is required (a partner code)");
	else if ((st = store_partner_by_code(c->store, partner, &sp, &err)) == CLARIO_ENOTFOUND)
		st = clario_err_set(&err, CLARIO_EINVAL, "partner: no partner \"%s\"", partner);
	if (st == CLARIO_OK && (!name || !*name || strlen(name) > 128))
		st = clario_err_set(&err, CLARIO_EINVAL, "name: is required (1-128 bytes)");
	if (st == CLARIO_OK)
		st = parse_day(body, "start", &p.start_day, &err);
	if (st == CLARIO_OK)
		st = parse_day(body, "end", &p.end_day, &err);
	if (st == CLARIO_OK && p.end_day < p.start_day)
		st = clario_err_set(&err, CLARIO_EINVAL, "end: is before start");
	if (st == CLARIO_OK && (!json_is_array(ms) || json_array_size(ms) < 10 ||
				json_array_size(ms) > 20))
		st = clario_err_set(&err, CLARIO_EINVAL, "merchants: a pilot cohort has 10-20 merchant ids");
	for (size_t i = 0; st == CLARIO_OK && i < json_array_size(ms); i++) {
		json_t *v = json_array_get(ms, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			st = clario_err_set(&err, CLARIO_EINVAL, "merchants[%zu]: want a merchant id", i);
		else
			merchants[i] = (int64_t)json_integer_value(v);
	}
	if (st == CLARIO_OK && act) {
		struct programme_activity_cfg cfg = {
			(int)json_integer_value(json_object_get(act, "active_days_per_week")),
			(int)json_integer_value(json_object_get(act, "weeks_required")),
			(int)json_integer_value(json_object_get(act, "weeks_window"))};
		st = programme_activity_check(&cfg, &err);
		p.active_days = cfg.min_days;
		p.weeks_required = cfg.weeks_required;
		p.weeks_window = cfg.weeks_window;
	}
	if (st == CLARIO_OK)
		st = parse_criteria(json_object_get(body, "criteria"), &p, &err);
	if (st == CLARIO_OK) {
		p.partner_id = sp.id;
		snprintf(p.name, sizeof p.name, "%s", name);
		st = store_programme_pilot_create(c->store, &p, merchants, json_array_size(ms),
						  (int64_t)time(NULL), &id, &err);
	}
	json_decref(body);
	if (st == CLARIO_OK)
		st = store_programme_pilot_get(c->store, id, &p, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 201, pilot_json(c->store, &p));
}

void api_pilots_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t partner = 0;
	struct store_pilot *list = NULL;
	size_t n = 0;
	enum clario_status st = api_programme_partner(c, &partner, &err);
	if (st == CLARIO_OK)
		st = store_programme_pilot_list(c->store, partner, &list, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, pilot_json(c->store, &list[i]));
	free(list);
	http_reply(c, 200, json_pack("{s:o}", "pilots", arr));
}

/* The pilot if the caller may see it; another partner's answers like a missing one. */
static enum clario_status scoped_pilot(struct http_ctx *c, int64_t id, struct store_pilot *p,
				       struct clario_err *err)
{
	const struct principal *pr = c->principal;
	if (pr->kind != PRINCIPAL_ADMIN && pr->kind != PRINCIPAL_PARTNER)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such pilot");
	enum clario_status st = store_programme_pilot_get(c->store, id, p, err);
	if (st == CLARIO_OK && pr->kind == PRINCIPAL_PARTNER && p->partner_id != pr->partner_id)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such pilot");
	return st;
}

void api_pilots_report(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_pilot p;
	struct programme_pilot_report r = {0};
	struct programme_activity_cfg act;
	day_t as_of = (day_t)((int64_t)time(NULL) / 86400);
	const char *as = http_query(c, "as_of");
	enum clario_status st = scoped_pilot(c, c->params[0], &p, &err);
	if (st == CLARIO_OK && as && (st = tz_parse_date(as, &as_of, &err)))
		clario_err_prefix(&err, "as_of");
	if (st == CLARIO_OK)
		st = programme_activity_from_env(&act, &err);
	if (st == CLARIO_OK)
		st = programme_pilot_report(c->store, p.id, as_of, &act, &r, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *crit = json_array();
	for (size_t i = 0; i < r.n_crit; i++) {
		const struct programme_criterion_state *cs = &r.crit[i];
		json_t *trend = json_array();
		for (size_t w = 0; w < r.n_weeks; w++) {
			char d[11];
			tz_format_date(r.weeks[w], d);
			json_array_append_new(trend, json_pack("{s:s, s:o}", "week", d, "value",
							       cs->trend_known[w]
								       ? json_real((double)cs->trend[w] / 100.0)
								       : json_null()));
		}
		json_array_append_new(
			crit, json_pack("{s:s, s:s, s:f, s:o, s:s, s:o, s:o}", "metric", cs->metric,
					"measure", metric_unit(cs->metric), "threshold",
					(double)cs->threshold / 100.0, "value",
					cs->known ? json_real((double)cs->value / 100.0) : json_null(),
					"verdict", programme_verdict_name(cs->verdict), "note",
					cs->note ? json_string(cs->note) : json_null(), "trend", trend));
	}
	json_t *non = json_array();
	for (size_t i = 0; i < r.n_cohort; i++) {
		struct store_merchant m;
		if (r.adopting[i])
			continue;
		bool found = store_merchant_get(c->store, r.cohort[i], &m, &err) == CLARIO_OK;
		json_array_append_new(non, json_pack("{s:I, s:s}", "id", (json_int_t)r.cohort[i],
						     "name", found ? m.name : ""));
	}
	char d[11];
	tz_format_date(as_of, d);
	json_t *out = json_pack("{s:o, s:s, s:I, s:I, s:o, s:o, s:I, s:o, s:o}", "pilot",
				pilot_json(c->store, &p), "as_of", d, "cohort", (json_int_t)r.n_cohort,
				"adopting", (json_int_t)r.adoption.num, "adoption_pct",
				api_programme_ratio_pct(r.adoption), "satisfaction",
				api_programme_nps_json(&r.satisfaction), "invited",
				(json_int_t)r.invited, "criteria", crit, "not_adopting", non);
	programme_pilot_report_free(&r);
	http_reply(c, 200, out);
}
