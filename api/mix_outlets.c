/* GET /v1/merchants/{id}/outlet-comparison: every outlet's main figures side
 * by side, in total and per open day. */
#include <stdlib.h>
#include <string.h>

#include "analytics/outlet_compare.h"
#include "api/analytics.h"
#include "api/mix.h"

static json_t *kpis_json(const struct outlet_kpis *k)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "open_days",
			      (json_int_t)k->open_days, "gross_sales", (json_int_t)k->gross,
			      "discounts", (json_int_t)k->discounts, "refunds",
			      (json_int_t)k->refunds, "net_sales", (json_int_t)k->net_sales,
			      "tickets", (json_int_t)k->tickets, "covers", (json_int_t)k->covers,
			      "voids", (json_int_t)k->voids, "refund_count",
			      (json_int_t)k->refund_count, "average_ticket",
			      (json_int_t)k->average_ticket);
	json_object_update_new(o, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
					    "net_sales_per_open_day", (json_int_t)k->net_per_open_day,
					    "tickets_per_open_day_x100",
					    (json_int_t)k->tickets_per_open_day_x100,
					    "discount_rate_bps", (json_int_t)k->discount_rate_bps,
					    "void_rate_bps", (json_int_t)k->void_rate_bps,
					    "refund_rate_bps", (json_int_t)k->refund_rate_bps,
					    "net_share_bps", (json_int_t)k->net_share_bps, "index_bps",
					    (json_int_t)k->index_bps));
	return o;
}

enum clario_status api_mix_outlet_compare(struct http_ctx *c, const struct mix_query *q,
					  struct store_outlet **outlets, size_t *n_outlets,
					  struct outlet_compare *cmp, struct clario_err *err)
{
	struct mix_outlet_day *rows = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	*outlets = NULL;
	*n_outlets = 0;
	memset(cmp, 0, sizeof *cmp);
	enum clario_status st = store_outlet_list(c->store, q->m.id, outlets, n_outlets, err);
	if (st == CLARIO_OK)
		st = store_mix_outlet_days(c->store, q->m.id, q->from, q->to, &rows, &n, err);
	if (st == CLARIO_OK && !(ids = calloc(*n_outlets ? *n_outlets : 1, sizeof *ids)))
		st = clario_err_set(err, CLARIO_ENOMEM, "outlet comparison: out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < *n_outlets; i++)
		ids[i] = (*outlets)[i].id;
	if (st == CLARIO_OK)
		st = outlet_compare_compute(rows, n, ids, *n_outlets, q->from, q->to, cmp, err);
	free(rows);
	free(ids);
	return st;
}

void api_mix_outlets_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct store_outlet *outlets = NULL;
	size_t n_outlets = 0;
	struct outlet_compare cmp = {0};
	enum clario_status st = api_mix_query(c, false, &q, &err);
	if (st == CLARIO_OK)
		st = api_mix_outlet_compare(c, &q, &outlets, &n_outlets, &cmp, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < cmp.n; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "outlet_id", (json_int_t)outlets[i].id,
				      "name", outlets[i].name, "timezone", outlets[i].tz, "rank",
				      cmp.outlets[i].rank);
		json_object_update_new(o, kpis_json(&cmp.outlets[i]));
		json_array_append_new(arr, o);
	}
	json_t *body = api_mix_head(&q);
	json_object_set_new(body, "outlets", arr);
	json_object_set_new(body, "totals", kpis_json(&cmp.total));
	api_reply_timed(c, body, t0, CLARIO_OK, NULL);
out:
	free(outlets);
	outlet_compare_release(&cmp);
}
