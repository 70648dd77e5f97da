/* GET /v1/merchants/{id}/payments: the payment mix per method and family,
 * against the previous period, with its trend. */
#include <stdlib.h>
#include <string.h>

#include "analytics/payments.h"
#include "api/analytics.h"
#include "api/mix.h"

static json_t *fig_json(const struct payments_figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "count", (json_int_t)f->count,
			 "amount", (json_int_t)f->amount, "share_bps", (json_int_t)f->share_bps,
			 "previous_count", (json_int_t)f->prev_count, "previous_amount",
			 (json_int_t)f->prev_amount, "previous_share_bps",
			 (json_int_t)f->prev_share_bps, "share_change_bps",
			 (json_int_t)f->share_change_bps);
}

enum clario_status api_mix_payments(struct http_ctx *c, const struct mix_query *q,
				    struct payment_mix *out, struct clario_err *err)
{
	struct mix_payment_row *rows = NULL;
	size_t n = 0;
	memset(out, 0, sizeof *out);
	enum clario_status st = store_mix_payment_rows(c->store, q->m.id, q->outlet_id,
						       q->from - (q->to - q->from + 1), q->to, &rows,
						       &n, err);
	if (st == CLARIO_OK)
		st = payments_compute(rows, n, q->from, q->to, out, err);
	free(rows);
	return st;
}

void api_mix_payments_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct payment_mix p = {0};
	enum clario_status st = api_mix_query(c, true, &q, &err);
	if (st == CLARIO_OK)
		st = api_mix_payments(c, &q, &p, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	json_t *methods = json_array(), *families = json_array(), *trend = json_array();
	for (int i = 0; i < SALES_PAY_COUNT; i++) {
		json_t *o = json_pack("{s:s, s:s}", "method",
				      sales_payment_name((enum sales_payment_method)i), "family",
				      payments_family_name(payments_family((enum sales_payment_method)i)));
		json_object_update_new(o, fig_json(&p.method[i]));
		json_array_append_new(methods, o);
	}
	for (int i = 0; i < PAY_FAMILY_COUNT; i++) {
		json_t *o = json_pack("{s:s}", "family", payments_family_name((enum pay_family)i));
		json_object_update_new(o, fig_json(&p.family[i]));
		json_array_append_new(families, o);
	}
	for (size_t b = 0; b < p.n_buckets; b++) {
		char s[11], e[11];
		tz_format_date(p.buckets[b].start, s);
		tz_format_date(p.buckets[b].end, e);
		json_t *fam = json_object();
		for (int i = 0; i < PAY_FAMILY_COUNT; i++)
			json_object_set_new(fam, payments_family_name((enum pay_family)i),
					    json_pack("{s:I, s:I}", "count",
						      (json_int_t)p.buckets[b].count[i], "amount",
						      (json_int_t)p.buckets[b].amount[i]));
		json_array_append_new(trend, json_pack("{s:s, s:s, s:o}", "start", s, "end", e,
						       "families", fam));
	}
	char pf[11], pt[11];
	tz_format_date(p.prev_from, pf);
	tz_format_date(p.prev_to, pt);
	json_t *body = api_mix_head(&q);
	json_object_update_new(body, json_pack("{s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o}",
					       "previous_from", pf, "previous_to", pt,
					       "previous_available", p.total.prev_amount > 0, "grain",
					       payments_grain_name(p.grain), "totals",
					       fig_json(&p.total), "families", families, "methods",
					       methods, "trend", trend));
	api_reply_timed(c, body, t0, CLARIO_OK, NULL);
out:
	payments_release(&p);
}
