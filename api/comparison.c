/* GET /v1/merchants/{id}/comparison: the period against the previous period
 * of equal length and the same weekdays a year earlier. */
#include <stdlib.h>

#include "analytics/compare.h"
#include "api/analytics.h"
#include "store/rollups_ext.h"

static json_t *change_json(const struct compare_change *c)
{
	return json_pack("{s:I, s:I, s:I, s:o}", "now", (json_int_t)c->now, "base",
			 (json_int_t)c->base, "change", (json_int_t)c->change, "pct",
			 c->has_pct ? json_real(c->pct) : json_null());
}

static json_t *set_json(const struct compare_set *s)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "net_sales",
			 change_json(&s->net_sales), "gross_sales", change_json(&s->gross_sales),
			 "discounts", change_json(&s->discounts), "refunds", change_json(&s->refunds),
			 "tickets", change_json(&s->tickets), "average_ticket",
			 change_json(&s->average_ticket), "covers", change_json(&s->covers), "voids",
			 change_json(&s->voids));
}

static json_t *range_json(day_t from, day_t to)
{
	return json_pack("{s:o, s:o}", "from", api_date_json(from), "to", api_date_json(to));
}

json_t *api_compare_build(struct store *s, const struct api_period *p, struct clario_err *err)
{
	struct rollup_hour *rows = NULL;
	size_t n = 0;
	struct compare_result r;
	json_t *out = NULL;
	day_t earliest;
	compare_periods(p->from, p->to, &earliest);
	/* Days suffice: the comparison sums whole days. */
	enum clario_status st = store_rollup_days_query(s, p->m.id, p->outlet_id, earliest, p->to,
							&rows, &n, err);
	if (st == CLARIO_OK)
		st = compare_compute(rows, n, p->from, p->to, &r, err);
	if (st != CLARIO_OK)
		goto out;
	out = json_pack("{s:o, s:o, s:o, s:o, s:o}", "period", range_json(r.from, r.to),
			"previous_period", range_json(r.prev_from, r.prev_to), "year_ago",
			range_json(r.year_from, r.year_to), "vs_previous", set_json(&r.vs_prev),
			"vs_year_ago", set_json(&r.vs_year));
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "comparison: out of memory");
out:
	free(rows);
	return out;
}

void api_comparison_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK && !(body = api_compare_build(c->store, &p, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
