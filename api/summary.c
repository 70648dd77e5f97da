/* GET /v1/merchants/{id}/summary: sales per business day and in total. */
#include <stdlib.h>

#include "analytics/summary.h"
#include "api/api.h"
#include "api/programme.h"

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

static enum clario_status date_param(struct http_ctx *c, const char *name, day_t *out,
				     struct clario_err *err)
{
	const char *v = http_query(c, name);
	if (!v)
		return clario_err_set(err, CLARIO_EINVAL, "%s: is required (YYYY-MM-DD)", name);
	enum clario_status st = tz_parse_date(v, out, err);
	if (st != CLARIO_OK)
		clario_err_prefix(err, "%s: ", name);
	return st;
}

void api_summary_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	day_t from, to;
	int64_t outlet_id = 0;
	struct rollup_hour *rows = NULL;
	size_t n = 0;
	struct summary sum = {0};
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st == CLARIO_OK)
		st = date_param(c, "from", &from, &err);
	if (st == CLARIO_OK)
		st = date_param(c, "to", &to, &err);
	if (st == CLARIO_OK && to < from)
		st = clario_err_set(&err, CLARIO_EINVAL, "to: is before from");
	if (st == CLARIO_OK && (int64_t)to - from + 1 > SUMMARY_MAX_DAYS)
		st = clario_err_set(&err, CLARIO_EINVAL, "to: at most %d days per summary",
				    SUMMARY_MAX_DAYS);
	const char *outlet = http_query(c, "outlet");
	if (st == CLARIO_OK && outlet) {
		char *end;
		long long v = strtoll(outlet, &end, 10);
		struct store_outlet o;
		if (*outlet == '\0' || *end || v <= 0)
			st = clario_err_set(&err, CLARIO_EINVAL, "outlet: must be an outlet id");
		else if (store_outlet_get(c->store, v, &o, &err) != CLARIO_OK || o.merchant_id != m.id)
			st = clario_err_set(&err, CLARIO_ENOTFOUND, "no such outlet");
		else
			outlet_id = v;
	}
	if (st == CLARIO_OK)
		st = store_rollup_hours_query(c->store, m.id, outlet_id, from, to, &rows, &n, &err);
	if (st == CLARIO_OK)
		st = summary_compute(rows, n, from, to, &sum, &err);
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
	api_programme_note_usage(c, m.id, "dashboard_view");
	char fs[11], ts[11];
	tz_format_date(from, fs);
	tz_format_date(to, ts);
	http_reply(c, 200,
		   json_pack("{s:I, s:o, s:s, s:s, s:s, s:o, s:o}", "merchant_id", (json_int_t)m.id,
			     "outlet_id", outlet_id ? json_integer(outlet_id) : json_null(), "from", fs,
			     "to", ts, "currency", "IDR", "totals", figures_json(&sum.total), "days",
			     days));
out:
	free(rows);
	summary_release(&sum);
}
