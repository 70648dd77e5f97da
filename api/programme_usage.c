/* POST /v1/usage: a merchant user (or a partner's embedded view of one of its
 * merchants) used Clario. Queued, answered 202 at once. */
#include <time.h>

#include "api/programme.h"
#include "programme/recorder.h"

void api_usage_post(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	struct api_app *app = c->app;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *kind = json_string_value(json_object_get(body, "kind"));
	json_t *mj = json_object_get(body, "merchant_id");
	int64_t merchant = p->kind == PRINCIPAL_MERCHANT ? p->merchant_id : 0;
	struct store_merchant m;
	enum clario_status st = CLARIO_OK;
	if (p->kind == PRINCIPAL_ADMIN) {
		st = clario_err_set(&err, CLARIO_EFORBIDDEN,
				    "usage is recorded for merchants and partners' embedded views");
	} else if (p->kind == PRINCIPAL_PARTNER) {
		if (!json_is_integer(mj))
			st = clario_err_set(&err, CLARIO_EINVAL, "merchant_id: is required for a partner");
		else
			st = api_scope_merchant(c, (int64_t)json_integer_value(mj), &m, &err);
		merchant = st == CLARIO_OK ? m.id : 0;
	} else if (mj && (!json_is_integer(mj) || json_integer_value(mj) != merchant)) {
		st = clario_err_set(&err, CLARIO_ENOTFOUND, "no such merchant");
	}
	if (st == CLARIO_OK)
		st = programme_usage_record(app ? app->usage : NULL, merchant,
					    p->kind == PRINCIPAL_PARTNER ? p->partner_id : 0, kind,
					    (int64_t)time(NULL), &err);
	json_decref(body);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 202, json_pack("{s:s, s:I}", "status", "queued", "merchant_id",
				     (json_int_t)merchant));
}
