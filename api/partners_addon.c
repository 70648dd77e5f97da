/* /v1/partners/{id}/addon and /v1/partners/{id}/merchants/{mid}/addon: the
 * partner portal's add-on page. A partner sees and switches only its own
 * merchants (admin any partner's); another partner's merchant answers 404 like
 * a missing one. Adoption is the partner programme's rule (docs/programme.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/billing.h"
#include "partners/addon.h"
#include "programme/programme.h"
#include "programme/report.h"
#include "store/programme.h"

/* The partner in the path when the caller may act for it; else replies 404. */
static bool addon_partner(struct http_ctx *c, int64_t *partner_id)
{
	const struct principal *pr = c->principal;
	*partner_id = c->params[0];
	if (pr->kind == PRINCIPAL_ADMIN || (pr->kind == PRINCIPAL_PARTNER && pr->partner_id == *partner_id))
		return true;
	http_error(c, CLARIO_ENOTFOUND, "no such partner");
	return false;
}

static day_t today_utc(void)
{
	return (day_t)((int64_t)time(NULL) / 86400);
}

static json_t *day_json(day_t d)
{
	if (!d)
		return json_null();
	char buf[11];
	tz_format_date(d, buf);
	return json_string(buf);
}

static json_t *sub_brief(const struct store_subscription *x)
{
	if (!x || !x->id)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:o}", "id", (json_int_t)x->id, "price", (json_int_t)x->price,
			 "start", day_json(x->start_day), "end", day_json(x->end_day));
}

void api_partner_addon_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t pid;
	if (!addon_partner(c, &pid))
		return;
	day_t as_of = today_utc();
	const char *q = http_query(c, "as_of");
	struct store_merchant *m = NULL;
	struct store_subscription *subs = NULL;
	struct store_usage_day *ud = NULL;
	struct programme_usage_day *usage = NULL;
	int64_t *ids = NULL;
	bool *adopting = NULL;
	size_t nm = 0, ns = 0, nu = 0;
	struct programme_activity_cfg cfg;
	struct programme_ratio ratio = {0, 0};
	enum clario_status st = CLARIO_OK;
	json_t *arr = json_array();
	if (q && (st = tz_parse_date(q, &as_of, &err)))
		goto out;
	if ((st = programme_activity_from_env(&cfg, &err)) ||
	    (st = store_merchant_list(c->store, pid, &m, &nm, &err)) ||
	    (st = store_billing_sub_list(c->store, pid, &subs, &ns, &err)) ||
	    (st = store_programme_usage_days(c->store, pid, as_of - 7 * (cfg.weeks_window + 1), as_of,
					     &ud, &nu, &err)))
		goto out;
	usage = calloc(nu + 1, sizeof *usage);
	ids = calloc(nm + 1, sizeof *ids);
	adopting = calloc(nm + 1, sizeof *adopting);
	if (!usage || !ids || !adopting) {
		st = clario_err_set(&err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nu; i++)
		usage[i] = (struct programme_usage_day){ud[i].merchant_id, ud[i].day};
	for (size_t i = 0; i < nm; i++)
		ids[i] = m[i].id;
	if ((st = programme_adoption(&cfg, ids, nm, usage, nu, as_of, adopting, &ratio, &err)))
		goto out;
	int64_t active = 0;
	for (size_t i = 0; i < nm; i++) {
		/* the latest subscription through this partner; on while open (no
		 * end, or an end after today: one ended today is switched off) */
		const struct store_subscription *last = NULL;
		for (size_t k = 0; k < ns; k++)
			if (subs[k].merchant_id == m[i].id &&
			    (!last || subs[k].start_day >= last->start_day))
				last = &subs[k];
		bool on = last && last->start_day <= as_of + 1 && (last->end_day == 0 || last->end_day > as_of);
		active += on;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:b, s:o, s:b}", "merchant_id",
						     (json_int_t)m[i].id, "name", m[i].name, "kind",
						     m[i].kind, "addon_active", on, "subscription",
						     sub_brief(last), "adopting", adopting[i]));
	}
	http_reply(c, 200, json_pack("{s:o, s:I, s:I, s:I, s:o, s:o}", "merchants", arr,
				     "count", (json_int_t)nm, "addon_active", (json_int_t)active,
				     "adopting", (json_int_t)ratio.num, "adoption_pct",
				     json_integer(programme_ratio_scaled(ratio, 100)), "as_of",
				     day_json(as_of)));
	arr = NULL;
out:
	if (st)
		http_error(c, st, "%s", err.msg);
	json_decref(arr);
	free(m);
	free(subs);
	free(ud);
	free(usage);
	free(ids);
	free(adopting);
}

void api_partner_addon_set(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t pid;
	if (!addon_partner(c, &pid))
		return;
	json_t *b = api_body_object(c);
	if (!b)
		return;
	json_t *v = json_object_get(b, "active");
	if (!json_is_boolean(v)) {
		http_error(c, CLARIO_EINVAL, "active: true or false is required");
		json_decref(b);
		return;
	}
	char who[48];
	struct partners_actor a = api_billing_actor(c, who);
	struct partners_addon_result r;
	enum clario_status st = partners_addon_set(c->store, &a, pid, c->params[1], json_is_true(v),
						   today_utc(), &r, &err);
	if (st == CLARIO_ENOTFOUND)
		http_error(c, st, "no such merchant");
	else if (st)
		http_error(c, st, "%s", err.msg);
	else
		http_reply(c, r.changed && json_is_true(v) ? 201 : 200,
			   json_pack("{s:I, s:b, s:b, s:o}", "merchant_id", (json_int_t)c->params[1],
				     "addon_active", json_is_true(v), "changed", r.changed,
				     "subscription", sub_brief(&r.sub)));
	json_decref(b);
}
