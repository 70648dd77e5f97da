/* Helpers shared by the programme endpoints: "now", month and partner
 * parameters with tenancy, NPS and ratio JSON, and usage noting. */
#include <string.h>
#include <time.h>

#include "api/programme.h"
#include "programme/recorder.h"

void api_programme_note_usage(struct http_ctx *c, int64_t merchant_id, const char *kind)
{
	struct api_app *app = c->app;
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	if (!app || p->kind == PRINCIPAL_ADMIN)
		return; /* staff looking at a merchant is not the merchant using Clario */
	programme_usage_record(app->usage, merchant_id,
			       p->kind == PRINCIPAL_PARTNER ? p->partner_id : 0, kind,
			       (int64_t)time(NULL), &err);
}

enum clario_status api_programme_now(struct http_ctx *c, int64_t *out, struct clario_err *err)
{
	const char *at = http_query(c, "at");
	if (!at) {
		*out = (int64_t)time(NULL);
		return CLARIO_OK;
	}
	enum clario_status st = tz_parse_rfc3339(at, out, err);
	if (st)
		clario_err_prefix(err, "at");
	return st;
}

enum clario_status api_programme_month(struct http_ctx *c, int32_t *out, struct clario_err *err)
{
	const char *m = http_query(c, "month");
	if (!m)
		return clario_err_set(err, CLARIO_EINVAL, "month: is required (YYYY-MM)");
	return programme_month_parse(m, out, err);
}

enum clario_status api_programme_partner(struct http_ctx *c, int64_t *out, struct clario_err *err)
{
	const struct principal *p = c->principal;
	const char *code = http_query(c, "partner");
	struct store_partner sp;
	if (p->kind == PRINCIPAL_PARTNER) {
		if (code && strcmp(code, p->partner_code) != 0)
			return clario_err_set(err, CLARIO_ENOTFOUND, "no such partner");
		*out = p->partner_id;
		return CLARIO_OK;
	}
	if (p->kind != PRINCIPAL_ADMIN)
		return clario_err_set(err, CLARIO_EFORBIDDEN, "only Clario staff and partners see this");
	if (!code) {
		*out = -1;
		return CLARIO_OK;
	}
	enum clario_status st = store_partner_by_code(c->store, code, &sp, err);
	if (st == CLARIO_ENOTFOUND)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such partner");
	if (st == CLARIO_OK)
		*out = sp.id;
	return st;
}

static json_t *x100_json(int64_t v)
{
	return json_real((double)v / 100.0);
}

json_t *api_programme_nps_json(const struct programme_nps *n)
{
	return json_pack("{s:o, s:o, s:I, s:I, s:I, s:I}", "nps",
			 n->answers ? x100_json(programme_nps_x100(n)) : json_null(), "mean_score",
			 n->answers ? x100_json(programme_nps_mean_x100(n)) : json_null(), "answers",
			 (json_int_t)n->answers, "promoters", (json_int_t)n->promoters, "passives",
			 (json_int_t)n->passives, "detractors", (json_int_t)n->detractors);
}

json_t *api_programme_ratio_pct(struct programme_ratio r)
{
	return r.den ? x100_json(programme_ratio_scaled(r, 10000)) : json_null();
}
