/* GET /v1/merchants/{id}/alerts: unusual sales days per outlet against the
 * forecast filter, and void / refund / discount rate spikes per outlet and per
 * cashier, most unusual first. */
#include <stdlib.h>
#include <string.h>

#include "analytics/anomaly.h"
#include "api/analytics.h"
#include "store/analysis.h"

#define HISTORY_DAYS 119 /* the model learns from up to 17 weeks before `from` */
#define RATE_BASE_DAYS 56

enum clario_status api_alerts_compute(struct store *s, const struct api_period *p,
				      struct anomaly_list *out, struct clario_err *err)
{
	day_t hist = p->from - HISTORY_DAYS, rate_from = p->from - RATE_BASE_DAYS;
	struct rollup_hour *od = NULL;
	struct store_cashier_day *cd = NULL;
	struct anomaly_rate_row *rr = NULL;
	struct anomaly_series *ser = NULL;
	double *net = NULL;
	size_t nod = 0, ncd = 0, nser = 0, nrr = 0;
	struct anomaly_list al = {0};
	size_t span = (size_t)(p->to - hist) + 1;
	enum clario_status st = store_analysis_outlet_days(s, p->m.id, p->outlet_id, hist, p->to, &od,
							   &nod, err);
	if (st == CLARIO_OK)
		st = store_analysis_cashier_days(s, p->m.id, p->outlet_id, rate_from, p->to, &cd, &ncd,
						 err);
	if (st != CLARIO_OK)
		goto out;
	/* Outlet series (rows are ordered by outlet, then day). */
	size_t n_outlets = 0;
	for (size_t i = 0; i < nod; i++)
		n_outlets += i == 0 || od[i].outlet_id != od[i - 1].outlet_id;
	ser = calloc(n_outlets + 1, sizeof *ser);
	net = calloc(n_outlets * span + 1, sizeof *net);
	rr = calloc(nod + ncd + 1, sizeof *rr);
	if (!ser || !net || !rr) {
		st = clario_err_set(err, CLARIO_ENOMEM, "alerts: out of memory");
		goto out;
	}
	for (size_t i = 0; i < nod; i++) {
		if (i == 0 || od[i].outlet_id != od[i - 1].outlet_id) {
			ser[nser] = (struct anomaly_series){.outlet_id = od[i].outlet_id, .first = hist,
							    .n = span, .net = net + nser * span};
			nser++;
		}
		net[(nser - 1) * span + (size_t)(od[i].day - hist)] =
			(double)(od[i].gross - od[i].line_discounts - od[i].ticket_discounts -
				 od[i].refunds);
		if (od[i].day >= rate_from)
			rr[nrr++] = (struct anomaly_rate_row){.outlet_id = od[i].outlet_id,
							      .day = od[i].day,
							      .closed = od[i].tickets,
							      .voids = od[i].voids,
							      .refunds = od[i].refund_count,
							      .discounted = od[i].discounted_tickets};
	}
	for (size_t i = 0; i < ncd; i++) {
		struct anomaly_rate_row *r = &rr[nrr++];
		*r = (struct anomaly_rate_row){.outlet_id = cd[i].outlet_id, .day = cd[i].day,
					       .closed = cd[i].closed, .voids = cd[i].voids,
					       .refunds = cd[i].refunds,
					       .discounted = cd[i].discounted};
		snprintf(r->cashier, sizeof r->cashier, "%s", cd[i].cashier);
	}
	if ((st = anomaly_sales(ser, nser, p->from, p->to, &al, err)) != CLARIO_OK ||
	    (st = anomaly_rates(rr, nrr, p->from, p->to, &al, err)) != CLARIO_OK)
		goto out;
	anomaly_sort(&al);
out:
	if (st == CLARIO_OK)
		*out = al;
	else
		anomaly_release(&al);
	free(od);
	free(cd);
	free(rr);
	free(ser);
	free(net);
	return st;
}

json_t *api_alerts_json(const struct api_period *p, const struct anomaly_list *al,
			struct clario_err *err)
{
	json_t *out = NULL;
	json_t *list = json_array();
	for (size_t i = 0; i < al->n; i++) {
		const struct anomaly_alert *a = &al->a[i];
		bool rate = a->kind >= ANOMALY_VOID_RATE;
		json_t *o = json_pack("{s:s, s:I, s:o, s:o, s:o, s:f, s:s, s:s}", "kind",
				      anomaly_kind_name(a->kind), "outlet_id", (json_int_t)a->outlet_id,
				      "cashier_id", a->cashier[0] ? json_string(a->cashier) : json_null(),
				      "from", api_date_json(a->from), "to", api_date_json(a->to), "score",
				      a->score, "what", a->what, "check", a->check);
		if (rate) {
			json_object_set_new(o, "rate", json_real(a->observed));
			json_object_set_new(o, "baseline_rate", json_real(a->expected));
			json_object_set_new(o, "events", json_integer(a->events));
			json_object_set_new(o, "of", json_integer(a->base));
		} else {
			json_object_set_new(o, "net_sales", json_integer((json_int_t)a->observed));
			json_object_set_new(o, "expected_net_sales",
					    json_integer((json_int_t)a->expected));
		}
		json_array_append_new(list, o);
	}
	out = json_pack("{s:o, s:o, s:s, s:o}", "from", api_date_json(p->from), "to",
			api_date_json(p->to), "scoring",
			"sales: robust z of the one-step forecast residual (MAD): a day at |z| >= 4, or a run "
			"of days at |z| >= 2 whose combined z (sum z / sqrt k) reaches 4; rates: -log10 of "
			"the binomial tail p over sliding 7-day windows (outlet: against its other days; "
			"cashier: against the other cashiers in the same days), p <= 1e-6, at least 5 "
			"events and twice the baseline rate",
			"alerts", list);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "alerts: out of memory");
	return out;
}

json_t *api_alerts_build(struct store *s, const struct api_period *p, struct clario_err *err)
{
	struct anomaly_list al = {0};
	json_t *out = NULL;
	if (api_alerts_compute(s, p, &al, err) == CLARIO_OK)
		out = api_alerts_json(p, &al, err);
	anomaly_release(&al);
	return out;
}

void api_alerts_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK && !(body = api_alerts_build(c->store, &p, &err)))
		st = err.status;
	if (body)
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
	api_reply_timed(c, body, t0, st, &err);
}
