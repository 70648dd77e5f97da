/* GET /v1/merchants/{id}/summary: sales per business day and in total. */
#include <stdlib.h>

#include "analytics/summary.h"
#include "api/api.h"
#include "api/programme.h"
#include "api/analytics.h"
#include "store/rollups_ext.h"

static json_t *figures_json(const struct summary_figures *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "gross_sales", (json_int_t)f->gross_sales,
			 "line_discounts", (json_int_t)f->line_discounts,
			 "ticket_discounts", (json_int_t)f->ticket_discounts,
			 "discounts", (json_int_t)(f->line_discounts + f->ticket_discounts),
			 "refunds", (json_int_t)f->refunds,
			 "net_sales", (json_int_t)f->net_sales,
			 "tax", (json_int_t)f->tax,
			 "service_charge", (json_int_t)f->service_charge,
			 "tickets", (json_int_t)f->tickets,
			 "average_ticket", (json_int_t)f->average_ticket,
			 "covers", (json_int_t)f->covers,
			 "voids", (json_int_t)f->voids,
			 "refund_count", (json_int_t)f->refund_count);
}

void api_summary_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct api_period p;
	struct rollup_hour *rows = NULL;
	size_t n = 0;
	struct summary sum = {0};
	/* The shared period parser (api/params.c): scope, from, to, outlet. */
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK)
		st = store_rollup_days_query(c->store, p.m.id, p.outlet_id, p.from, p.to, &rows, &n,
					      &err);
	if (st == CLARIO_OK)
		st = summary_compute(rows, n, p.from, p.to, &sum, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	json_t *days = json_array();
	for (size_t i = 0; i < sum.n_days && days; i++) {
		char d[11];
		tz_format_date(sum.days[i].day, d);
		json_t *o = json_pack("{s:s}", "date", d); /* the date first, for readers */
		json_object_update_new(o, figures_json(&sum.days[i].f));
		json_array_append_new(days, o);
	}
	api_programme_note_usage(c, p.m.id, "dashboard_view");
	char fs[11], ts[11];
	tz_format_date(p.from, fs);
	tz_format_date(p.to, ts);
	http_reply(c, 200,
		   json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:o}", "merchant_id", (json_int_t)p.m.id,
			     "outlet_id", p.outlet_id ? json_integer(p.outlet_id) : json_null(), "from",
			     fs, "to", ts, "currency", "IDR", "totals", figures_json(&sum.total), "days",
			     days));
out:
	free(rows);
	summary_release(&sum);
}
