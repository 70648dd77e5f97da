/* Partner scorecards (month and trailing three months) and the concentration
 * and target report; revenue, referrals and churn come from billing's closed
 * months, subscriptions and attributions (programme/report.h). */
#include <stdlib.h>
#include <string.h>

#include "api/programme.h"

static json_t *money_json(rupiah_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *scorecard_json(const struct programme_scorecard *s)
{
	struct programme_ratio conv = {s->converted, s->referrals};
	struct programme_ratio share = {s->revenue, s->total_revenue};
	struct programme_ratio adoption = {s->active_merchants, s->merchants};
	struct programme_ratio sla = {s->sla_met, s->sla_evaluated};
	struct programme_ratio ret_p = {s->churn_partner.den - s->churn_partner.num, s->churn_partner.den};
	struct programme_ratio ret_d = {s->churn_direct.den - s->churn_direct.num, s->churn_direct.den};
	char from[8], to[8];
	programme_month_format(s->from, from);
	programme_month_format(s->to, to);
	json_t *pn = api_programme_nps_json(&s->partner_nps);
	/* The plan's "partner NPS > 8" is read on the 0-10 mean; NPS shown beside it. */
	json_object_set_new(pn, "target", json_string("mean score > 8"));
	json_object_set_new(pn, "target_met", s->partner_nps.answers
						      ? json_boolean(programme_ratio_above(
							(struct programme_ratio){s->partner_nps.score_sum,
										 s->partner_nps.answers},
							100, 800))
						      : json_null());
	return json_pack(
		"{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:I, s:I, s:I, s:o,"
		" s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:b, s:i, s:I, s:I, s:o, s:o, s:o, s:s}",
		"partner", s->code, "name", s->name, "from", from, "to", to, "referrals",
		(json_int_t)s->referrals, "converted", (json_int_t)s->converted, "conversion_pct",
		api_programme_ratio_pct(conv), "new_paying_merchants", (json_int_t)s->new_paying,
		"merchants", (json_int_t)s->merchants, "active_merchants",
		(json_int_t)s->active_merchants, "adoption_pct", api_programme_ratio_pct(adoption),
		"retention", "partner_sourced_pct", api_programme_ratio_pct(ret_p), "direct_pct",
		api_programme_ratio_pct(ret_d), "partner_sourced_churn_pct",
		api_programme_ratio_pct(s->churn_partner), "direct_churn_pct",
		api_programme_ratio_pct(s->churn_direct), "revenue", money_json(s->revenue),
		"total_revenue", money_json(s->total_revenue), "revenue_share_pct",
		api_programme_ratio_pct(share), "revenue_known", s->has_revenue, "closed_months", s->closed_months, "support_tickets",
		(json_int_t)s->tickets, "sla_judged", (json_int_t)s->sla_evaluated,
		"sla_compliance_pct", api_programme_ratio_pct(sla), "merchant_nps",
		api_programme_nps_json(&s->merchant_nps), "partner_nps", pn, "revenue_source",
		"billing: Clario's revenue of closed months (statements and invoices before PPN)");
}

void api_scorecards_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	int32_t month = 0;
	int64_t partner = -1, now = 0;
	struct programme_activity_cfg act;
	struct programme_scorecard *one = NULL, *three = NULL;
	size_t n1 = 0, n3 = 0;
	enum clario_status st = api_programme_month(c, &month, &err);
	if (st == CLARIO_OK)
		st = api_programme_partner(c, &partner, &err);
	if (st == CLARIO_OK)
		st = api_programme_now(c, &now, &err);
	if (st == CLARIO_OK)
		st = programme_activity_from_env(&act, &err);
	if (st == CLARIO_OK)
		st = programme_scorecards(c->store, partner, month, month, now, &act, &one, &n1, &err);
	if (st == CLARIO_OK)
		st = programme_scorecards(c->store, partner, month - 2, month, now, &act, &three, &n3,
					  &err);
	if (st) {
		free(one);
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n1 && i < n3; i++)
		json_array_append_new(arr, json_pack("{s:s, s:o, s:o}", "partner", one[i].code, "month",
						     scorecard_json(&one[i]), "trailing_3_months",
						     scorecard_json(&three[i])));
	free(one);
	free(three);
	char ms[8];
	programme_month_format(month, ms);
	http_reply(c, 200, json_pack("{s:s, s:o}", "month", ms, "scorecards", arr));
}

static enum clario_status pct_param(struct http_ctx *c, const char *name, int32_t *bps,
				    struct clario_err *err)
{
	const char *v = http_query(c, name);
	if (!v)
		return CLARIO_OK;
	char *end;
	long pct = strtol(v, &end, 10);
	if (!*v || *end || pct <= 0 || pct > 100)
		return clario_err_set(err, CLARIO_EINVAL, "%s: want a whole percent 1..100", name);
	*bps = (int32_t)pct * 100;
	return CLARIO_OK;
}

void api_risk_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		http_error(c, CLARIO_EFORBIDDEN, "concentration risk compares partners: Clario staff only");
		return;
	}
	int32_t month = 0;
	struct programme_risk_cfg cfg = PROGRAMME_RISK_DEFAULT;
	struct programme_targets t = PROGRAMME_TARGETS_DEFAULT;
	struct programme_risk_report r = {0};
	enum clario_status st = api_programme_month(c, &month, &err);
	if (st == CLARIO_OK)
		st = pct_param(c, "warn_pct", &cfg.warn_bps, &err);
	if (st == CLARIO_OK)
		st = pct_param(c, "limit_pct", &cfg.limit_bps, &err);
	if (st == CLARIO_OK)
		st = programme_risk(c->store, month, &cfg, &t, &r, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *rows = json_array();
	for (size_t i = 0; i < r.n; i++) {
		struct store_partner sp;
		char since[8];
		bool found = store_partner_get(c->store, r.rows[i].partner_id, &sp, &err) == CLARIO_OK;
		if (r.rows[i].above_since >= 0)
			programme_month_format(r.rows[i].above_since, since);
		json_array_append_new(
			rows, json_pack("{s:s, s:I, s:I, s:f, s:s, s:i, s:o}", "partner",
					found ? sp.code : "?", "revenue", (json_int_t)r.rows[i].revenue,
					"total_revenue", (json_int_t)r.rows[i].total, "share_pct",
					(double)r.rows[i].share_bps / 100.0, "level",
					programme_risk_name(r.rows[i].level), "months_above_warning",
					r.rows[i].months_above_warn, "above_warning_since",
					r.rows[i].above_since >= 0 ? json_string(since) : json_null()));
	}
	char ms[8];
	programme_month_format(month, ms);
	const struct programme_target_progress *p = &r.targets;
	json_t *out = json_pack(
		"{s:s, s:b, s:f, s:f, s:o, s:{s:{s:i, s:i, s:i, s:b}, s:{s:I, s:I, s:f, s:f, s:b},"
		" s:{s:I, s:I, s:f}}, s:s}",
		"month", ms, "month_closed", r.month_closed, "warn_pct", cfg.warn_bps / 100.0, "limit_pct", cfg.limit_bps / 100.0,
		"partners", rows, "targets", "active_partnerships", "value", p->active_partnerships,
		"min", t.min_partnerships, "max", t.max_partnerships, "ok", p->partnerships_ok,
		"partner_revenue", "value", (json_int_t)p->partner_revenue, "target",
		(json_int_t)t.partner_revenue, "progress_pct", (double)p->partner_revenue_progress_bps / 100.0,
		"share_pct", (double)p->partner_share_bps / 100.0, "share_ok", p->share_ok, "total_revenue",
		"value", (json_int_t)p->total_revenue, "target", (json_int_t)t.total_revenue,
		"progress_pct", (double)p->total_revenue_progress_bps / 100.0, "period", "year to date");
	programme_risk_free(&r);
	http_reply(c, 200, out);
}
