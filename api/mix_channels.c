/* GET /v1/merchants/{id}/channels: the channel mix with platform commissions;
 * GET/PUT /v1/merchants/{id}/channel-rates: the merchant's commission rates;
 * GET/PUT /v1/channel-rates/defaults: the rates merchants get by default. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analytics/channels.h"
#include "api/analytics.h"
#include "api/mix.h"

static json_t *rate_json(const struct mix_rate *r)
{
	return json_pack("{s:I, s:I, s:I, s:s}", "rate_bps", (json_int_t)r->rate_bps, "fixed_fee",
			 (json_int_t)r->fixed_fee, "vat_bps", (json_int_t)r->vat_bps, "source",
			 r->custom ? "merchant" : "default");
}

static json_t *rates_json(const struct mix_rate *rates)
{
	json_t *o = json_object();
	for (size_t i = 0; i < MIX_N_PLATFORMS && o; i++)
		json_object_set_new(o, sales_channel_name(rates[i].channel), rate_json(&rates[i]));
	return o;
}

static json_t *figures_json(const struct channel_figures *f)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			      "tickets", (json_int_t)f->tickets, "gross_sales", (json_int_t)f->gross,
			      "discounts", (json_int_t)f->discounts, "refunds", (json_int_t)f->refunds,
			      "refund_count", (json_int_t)f->refund_count, "net_sales",
			      (json_int_t)f->net_sales, "commission", (json_int_t)f->commission,
			      "fixed_fees", (json_int_t)f->fixed_fees, "commission_vat",
			      (json_int_t)f->commission_vat, "platform_cost",
			      (json_int_t)f->platform_cost, "item_cost", (json_int_t)f->item_cost,
			      "unknown_cost_gross", (json_int_t)f->unknown_cost_gross);
	json_object_update_new(o, json_pack("{s:I, s:I, s:I, s:I}", "margin", (json_int_t)f->margin,
					    "margin_bps", (json_int_t)f->margin_bps, "net_share_bps",
					    (json_int_t)f->net_share_bps, "unknown_cost_bps",
					    (json_int_t)f->unknown_cost_bps));
	return o;
}

enum clario_status api_mix_channels(struct http_ctx *c, const struct mix_query *q,
				    struct channel_mix *out, struct clario_err *err)
{
	struct mix_rate rates[MIX_N_PLATFORMS];
	struct mix_channel_row *rows = NULL;
	struct mix_refund_row *refunds = NULL;
	size_t n = 0, n_ref = 0;
	enum clario_status st = store_mix_rates_get(c->store, q->m.id, rates, err);
	if (st == CLARIO_OK)
		st = store_mix_channel_rows(c->store, q->m.id, q->outlet_id, q->from, q->to, &rows,
					    &n, &refunds, &n_ref, err);
	if (st == CLARIO_OK)
		st = channels_compute(rows, n, refunds, n_ref, rates, out, err);
	free(rows);
	free(refunds);
	return st;
}

void api_mix_channels_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct mix_query q;
	struct channel_mix mix;
	enum clario_status st = api_mix_query(c, true, &q, &err);
	if (st == CLARIO_OK)
		st = api_mix_channels(c, &q, &mix, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	const struct mix_rate *rates = mix.rates;
	json_t *chans = json_array();
	for (int i = 0; i < SALES_CHANNEL_COUNT; i++) {
		json_t *o = json_pack("{s:s, s:b}", "channel", sales_channel_name((enum sales_channel)i),
				      "delivery_platform",
				      store_mix_platform_index((enum sales_channel)i) >= 0);
		json_object_update_new(o, figures_json(&mix.ch[i]));
		json_array_append_new(chans, o);
	}
	json_t *body = api_mix_head(&q);
	json_object_set_new(body, "rates", rates_json(rates));
	json_object_set_new(body, "channels", chans);
	json_object_set_new(body, "totals", figures_json(&mix.total));
	json_object_set_new(body, "notes",
			    json_string("margin = net_sales - platform_cost - item_cost, with item "
					"cost from known unit costs only: unknown_cost_gross is the "
					"gross of items without a cost, whose cost is not subtracted"));
	api_reply_timed(c, body, t0, CLARIO_OK, NULL);
}

/* Reads one platform's object into r (fields absent keep r's values). */
static enum clario_status rate_from_json(json_t *v, const char *ch, struct mix_rate *r,
					 struct clario_err *err)
{
	const char *key;
	json_t *x;
	if (!json_is_object(v))
		return clario_err_set(err, CLARIO_EINVAL, "%s: must be an object or null", ch);
	json_object_foreach(v, key, x)
	{
		if (!json_is_integer(x))
			return clario_err_set(err, CLARIO_EINVAL, "%s.%s: must be an integer", ch, key);
		json_int_t i = json_integer_value(x);
		if (strcmp(key, "rate_bps") == 0 || strcmp(key, "vat_bps") == 0) {
			if (i < 0 || i > BPS_ONE)
				return clario_err_set(err, CLARIO_EINVAL,
						      "%s.%s: must be 0..10000 basis points", ch, key);
			*(key[0] == 'r' ? &r->rate_bps : &r->vat_bps) = (int32_t)i;
		} else if (strcmp(key, "fixed_fee") == 0) {
			if (i < 0 || i > MONEY_MAX)
				return clario_err_set(err, CLARIO_EINVAL,
						      "%s.fixed_fee: must be 0..10^13 rupiah", ch);
			r->fixed_fee = i;
		} else {
			return clario_err_set(err, CLARIO_EINVAL,
					      "%s.%s: unknown field (rate_bps, fixed_fee, vat_bps)", ch,
					      key);
		}
	}
	return CLARIO_OK;
}

/* Applies body {"gofood": {...} | null, ...} to merchant_id (0 = defaults),
 * in one transaction. null clears a merchant's own rate. */
static enum clario_status put_rates(struct http_ctx *c, int64_t merchant_id, json_t *body,
				    struct clario_err *err)
{
	struct mix_rate cur[MIX_N_PLATFORMS];
	const char *key;
	json_t *v;
	enum clario_status st = store_mix_rates_get(c->store, merchant_id, cur, err);
	if (st != CLARIO_OK)
		return st;
	if (json_object_size(body) == 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "body: name at least one of gofood, grabfood, shopeefood");
	json_object_foreach(body, key, v)
	{
		enum sales_channel ch;
		int i = sales_channel_parse(key, &ch) ? store_mix_platform_index(ch) : -1;
		if (i < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "%s: not a delivery platform (gofood, grabfood, shopeefood)",
					      key);
		if (json_is_null(v) && merchant_id == 0)
			return clario_err_set(err, CLARIO_EINVAL, "%s: a default cannot be cleared", key);
		if (!json_is_null(v) && (st = rate_from_json(v, key, &cur[i], err)) != CLARIO_OK)
			return st;
	}
	if ((st = store_begin(c->store, err)) != CLARIO_OK)
		return st;
	json_object_foreach(body, key, v)
	{
		enum sales_channel ch;
		if (!sales_channel_parse(key, &ch))
			continue;
		int i = store_mix_platform_index(ch);
		st = json_is_null(v) ? store_mix_rate_clear(c->store, merchant_id, ch, err)
				     : store_mix_rate_set(c->store, merchant_id, &cur[i],
							  (instant_t)time(NULL), err);
		if (st != CLARIO_OK)
			break;
	}
	if (st == CLARIO_OK)
		st = store_commit(c->store, err);
	else
		store_rollback(c->store);
	return st;
}

static void reply_rates(struct http_ctx *c, int64_t merchant_id)
{
	struct clario_err err = {0};
	struct mix_rate rates[MIX_N_PLATFORMS];
	if (store_mix_rates_get(c->store, merchant_id, rates, &err) != CLARIO_OK) {
		http_error(c, err.status, "%s", err.msg);
		return;
	}
	json_t *body = merchant_id ? json_pack("{s:I}", "merchant_id", (json_int_t)merchant_id)
				   : json_object();
	json_object_set_new(body, "rates", rates_json(rates));
	http_reply(c, 200, body);
}

void api_mix_rates_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	if (api_scope_merchant(c, c->params[0], &m, &err) != CLARIO_OK) {
		http_error(c, err.status, "%s", err.msg);
		return;
	}
	reply_rates(c, m.id);
}

void api_mix_rates_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	json_t *body = NULL;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	/* The merchant's owner sets its own rates too: they are its contracts. */
	if (st == CLARIO_OK && !api_scope_can_manage(c->principal, &m) &&
	    c->principal->kind != PRINCIPAL_MERCHANT)
		st = clario_err_set(&err, CLARIO_EFORBIDDEN, "only an admin, the merchant's partner "
							    "or the merchant may set its rates");
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	if (!(body = api_body_object(c)))
		return;
	if ((st = put_rates(c, m.id, body, &err)) != CLARIO_OK)
		http_error(c, st, "%s", err.msg);
	else
		reply_rates(c, m.id);
	json_decref(body);
}

void api_mix_default_rates_get(struct http_ctx *c)
{
	reply_rates(c, 0);
}

void api_mix_default_rates_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *body = NULL;
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		http_error(c, CLARIO_EFORBIDDEN, "only an admin may set the default rates");
		return;
	}
	if (!(body = api_body_object(c)))
		return;
	enum clario_status st = put_rates(c, 0, body, &err);
	if (st != CLARIO_OK)
		http_error(c, st, "%s", err.msg);
	else
		reply_rates(c, 0);
	json_decref(body);
}
