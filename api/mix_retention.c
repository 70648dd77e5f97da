/* GET /v1/merchants/{id}/retention: monthly cohorts, repeat rate and RFM
 * segments from the POS's customer ids, or "not available" with the reason. */
#include <stdio.h>

#include "analytics/channels.h"
#include "analytics/retention.h"
#include "analytics/summary.h"
#include "api/analytics.h"
#include "api/mix.h"

enum clario_status api_mix_retention(struct http_ctx *c, const struct mix_query *q,
				     struct retention *out, struct clario_err *err)
{
	struct mix_visits v = {0};
	enum clario_status st = store_mix_visits(c->store, q->m.id, q->outlet_id, q->from, q->to,
						 &v, err);
	if (st == CLARIO_OK)
		st = retention_compute(&v, q->from, q->to, out, err);
	store_mix_visits_release(&v);
	return st;
}

void api_mix_retention_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct retention r;
	enum clario_status st = api_mix_query(c, true, &q, &err);
	if (st == CLARIO_OK)
		st = api_mix_retention(c, &q, &r, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *body = api_mix_head(&q);
	json_object_update_new(body, json_pack("{s:b, s:I, s:I, s:I}", "available", r.available,
					       "closed_tickets", (json_int_t)r.period_tickets,
					       "tickets_with_customer", (json_int_t)r.customer_tickets,
					       "coverage_bps", (json_int_t)r.coverage_bps));
	if (!r.available) {
		json_object_set_new(body, "reason", json_string(r.reason));
		api_reply_timed(c, body, t0, CLARIO_OK, NULL);
		return;
	}
	json_t *cohorts = json_array(), *segs = json_array();
	for (size_t i = 0; i < r.n_cohorts; i++) {
		const struct retention_cohort *k = &r.cohorts[i];
		char month[8];
		snprintf(month, sizeof month, "%04d-%02d", k->year, k->month);
		json_t *act = json_array(), *rate = json_array();
		for (size_t m = 0; m < k->n_active; m++) {
			json_array_append_new(act, json_integer(k->active[m]));
			json_array_append_new(rate, json_integer(mix_bps(k->active[m], k->customers)));
		}
		json_array_append_new(cohorts, json_pack("{s:s, s:I, s:o, s:o}", "month", month,
							 "customers", (json_int_t)k->customers,
							 "active", act, "retention_bps", rate));
	}
	for (int s = 0; s < RFM_SEGMENT_COUNT; s++) {
		const struct retention_segment_figures *g = &r.segments[s];
		json_array_append_new(
			segs, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "segment",
					retention_segment_name((enum rfm_segment)s), "customers",
					(json_int_t)g->customers, "share_bps",
					(json_int_t)mix_bps(g->customers, r.customers), "visits",
					(json_int_t)g->visits, "net_sales", (json_int_t)g->net_sales,
					"average_recency_days",
					(json_int_t)summary_div_round(g->recency_days_sum, g->customers)));
	}
	json_object_update_new(body, json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "customers",
					       (json_int_t)r.customers, "new_customers",
					       (json_int_t)r.new_customers, "repeat_customers",
					       (json_int_t)r.repeat_customers, "repeat_rate_bps",
					       (json_int_t)r.repeat_rate_bps, "cohorts", cohorts,
					       "segments", segs));
	api_reply_timed(c, body, t0, CLARIO_OK, NULL);
}
