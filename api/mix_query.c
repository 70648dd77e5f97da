/* Query parsing shared by the mix analyses' endpoints: merchant scope, period,
 * outlet, and the link back to an analysis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/mix.h"

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

enum clario_status api_mix_query(struct http_ctx *c, bool allow_outlet, struct mix_query *q,
				 struct clario_err *err)
{
	memset(q, 0, sizeof *q);
	enum clario_status st = api_scope_merchant(c, c->params[0], &q->m, err);
	if (st == CLARIO_OK)
		st = date_param(c, "from", &q->from, err);
	if (st == CLARIO_OK)
		st = date_param(c, "to", &q->to, err);
	if (st == CLARIO_OK && q->to < q->from)
		st = clario_err_set(err, CLARIO_EINVAL, "from: is after to");
	if (st == CLARIO_OK && (int64_t)q->to - q->from + 1 > MIX_MAX_DAYS)
		st = clario_err_set(err, CLARIO_EINVAL, "to: at most %d days per analysis",
				    MIX_MAX_DAYS);
	const char *outlet = http_query(c, "outlet");
	if (st == CLARIO_OK && outlet && !allow_outlet)
		st = clario_err_set(err, CLARIO_EINVAL,
				    "outlet: this analysis covers the whole merchant");
	if (st == CLARIO_OK && outlet) {
		char *end;
		long long v = strtoll(outlet, &end, 10);
		struct store_outlet o;
		if (*outlet == '\0' || *end || v <= 0)
			st = clario_err_set(err, CLARIO_EINVAL, "outlet: must be an outlet id");
		else if (store_outlet_get(c->store, v, &o, err) != CLARIO_OK ||
			 o.merchant_id != q->m.id)
			st = clario_err_set(err, CLARIO_ENOTFOUND, "no such outlet");
		else
			q->outlet_id = v;
	}
	if (st == CLARIO_OK) {
		tz_format_date(q->from, q->from_s);
		tz_format_date(q->to, q->to_s);
		q->fresh = http_query(c, "fresh") != NULL;
	}
	return st;
}

void api_mix_query_make(struct mix_query *q, const struct store_merchant *m, day_t from, day_t to,
			int64_t outlet_id)
{
	memset(q, 0, sizeof *q);
	q->m = *m;
	q->from = from;
	q->to = to;
	q->outlet_id = outlet_id;
	tz_format_date(from, q->from_s);
	tz_format_date(to, q->to_s);
}

void api_mix_path(const struct mix_query *q, const char *what, char *buf, size_t size)
{
	if (q->outlet_id)
		snprintf(buf, size, "/v1/merchants/%lld/%s?from=%s&to=%s&outlet=%lld",
			 (long long)q->m.id, what, q->from_s, q->to_s, (long long)q->outlet_id);
	else
		snprintf(buf, size, "/v1/merchants/%lld/%s?from=%s&to=%s", (long long)q->m.id, what,
			 q->from_s, q->to_s);
}

json_t *api_mix_head(const struct mix_query *q)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:s}", "merchant_id", (json_int_t)q->m.id,
			 "outlet_id", q->outlet_id ? json_integer(q->outlet_id) : json_null(), "from",
			 q->from_s, "to", q->to_s, "currency", "IDR");
}
