/* The period parameters every analysis endpoint takes, parsed in one place,
 * and the small JSON helpers they share. */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "api/analytics.h"

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

enum clario_status api_period_parse(struct http_ctx *c, struct api_period *p,
				    struct clario_err *err)
{
	*p = (struct api_period){0};
	enum clario_status st = api_scope_merchant(c, c->params[0], &p->m, err);
	if (st == CLARIO_OK)
		st = date_param(c, "from", &p->from, err);
	if (st == CLARIO_OK)
		st = date_param(c, "to", &p->to, err);
	if (st == CLARIO_OK && p->to < p->from)
		st = clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	if (st == CLARIO_OK && (int64_t)p->to - p->from + 1 > API_PERIOD_MAX_DAYS)
		st = clario_err_set(err, CLARIO_EINVAL, "to: at most %d days per period",
				    API_PERIOD_MAX_DAYS);
	const char *outlet = http_query(c, "outlet");
	if (st == CLARIO_OK && outlet) {
		char *end;
		long long v = strtoll(outlet, &end, 10);
		struct store_outlet o;
		if (*outlet == '\0' || *end || v <= 0)
			st = clario_err_set(err, CLARIO_EINVAL, "outlet: must be an outlet id");
		else if (store_outlet_get(c->store, v, &o, err) != CLARIO_OK ||
			 o.merchant_id != p->m.id)
			st = clario_err_set(err, CLARIO_ENOTFOUND, "no such outlet");
		else
			p->outlet_id = v;
	}
	const char *cat = http_query(c, "category");
	if (st == CLARIO_OK && cat) {
		if (*cat == '\0')
			st = clario_err_set(err, CLARIO_EINVAL, "category: is empty");
		p->category = cat;
	}
	return st;
}

enum clario_status api_int_param(struct http_ctx *c, const char *name, int64_t lo, int64_t hi,
				 int64_t def, int64_t *out, struct clario_err *err)
{
	const char *v = http_query(c, name);
	*out = def;
	if (!v)
		return CLARIO_OK;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*v == '\0' || *end || x < lo || x > hi)
		return clario_err_set(err, CLARIO_EINVAL, "%s: must be an integer in %lld..%lld", name,
				      (long long)lo, (long long)hi);
	*out = x;
	return CLARIO_OK;
}

enum clario_status api_real_param(struct http_ctx *c, const char *name, double lo, double hi,
				  double def, double *out, struct clario_err *err)
{
	const char *v = http_query(c, name);
	*out = def;
	if (!v)
		return CLARIO_OK;
	char *end;
	double x = strtod(v, &end);
	if (*v == '\0' || *end || !isfinite(x) || x < lo || x > hi)
		return clario_err_set(err, CLARIO_EINVAL, "%s: must be a number in %g..%g", name, lo,
				      hi);
	*out = x;
	return CLARIO_OK;
}

json_t *api_date_json(day_t d)
{
	char s[11];
	tz_format_date(d, s);
	return json_string(s);
}

json_t *api_real_json(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

double api_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void api_reply_timed(struct http_ctx *c, json_t *body, double t0, enum clario_status st,
		     const struct clario_err *err)
{
	if (st != CLARIO_OK || !body) {
		json_decref(body);
		http_error(c, st != CLARIO_OK ? st : CLARIO_ENOMEM, "%s",
			   st != CLARIO_OK ? err->msg : "out of memory");
		return;
	}
	json_object_set_new(body, "server_ms", json_real((api_clock() - t0) * 1000.0));
	http_reply(c, 200, body);
}
