/* GET /v1/merchants/{id}/heatmap (hour × weekday, dayparts) and GET/PUT
 * /v1/merchants/{id}/dayparts (the merchant's daypart bounds). */
#include <stdlib.h>
#include <string.h>

#include "analytics/heatmap.h"
#include "api/analytics.h"
#include "store/rollups_ext.h"
#include "store/analysis.h"

static const char *const weekday_names[7] = {"monday", "tuesday", "wednesday", "thursday",
					     "friday", "saturday", "sunday"};

/* The merchant's dayparts, or the defaults when none are stored. */
static enum clario_status load_parts(struct store *s, int64_t merchant_id, struct daypart *parts,
				     size_t *n, bool *custom, struct clario_err *err)
{
	struct store_daypart sp[STORE_DAYPARTS_MAX];
	size_t k = 0;
	enum clario_status st = store_analysis_dayparts_get(s, merchant_id, sp, &k, err);
	if (st != CLARIO_OK)
		return st;
	*custom = k > 0;
	if (!k) {
		const struct daypart *d = daypart_defaults(n);
		memcpy(parts, d, *n * sizeof *d);
		return CLARIO_OK;
	}
	for (size_t i = 0; i < k; i++) {
		memcpy(parts[i].name, sp[i].name, sizeof parts[i].name);
		parts[i].name[DAYPART_NAME_MAX] = '\0';
		parts[i].start = sp[i].start;
		parts[i].end = sp[i].end;
	}
	*n = k;
	return CLARIO_OK;
}

static json_t *parts_json(const struct daypart *parts, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:i}", "name", parts[i].name, "start",
						   parts[i].start, "end", parts[i].end));
	return a;
}

json_t *api_heatmap_build(struct store *s, const struct api_period *p, struct clario_err *err)
{
	struct rollup_weekhour *rows = NULL;
	size_t n = 0, n_parts = 0;
	struct daypart parts[DAYPART_MAX];
	bool custom = false;
	struct heatmap *h = malloc(sizeof *h);
	json_t *out = NULL;
	enum clario_status st = h ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "heatmap: out of memory");
	if (st == CLARIO_OK)
		st = load_parts(s, p->m.id, parts, &n_parts, &custom, err);
	if (st == CLARIO_OK)
		st = store_rollup_weekhours(s, p->m.id, p->outlet_id, p->from, p->to, &rows, &n, err);
	struct heatmap_sum *sums = st == CLARIO_OK ? calloc(n + 1, sizeof *sums) : NULL;
	if (st == CLARIO_OK && !sums)
		st = clario_err_set(err, CLARIO_ENOMEM, "heatmap: out of memory");
	for (size_t i = 0; sums && i < n; i++)
		sums[i] = (struct heatmap_sum){.weekday = rows[i].weekday, .hour = rows[i].hour,
					       .net_sales = rows[i].net_sales,
					       .tickets = rows[i].tickets};
	if (st == CLARIO_OK)
		st = heatmap_from_sums(sums, n, p->from, p->to, parts, n_parts, h, err);
	free(sums);
	if (st != CLARIO_OK)
		goto out;
	json_t *days = json_array();
	for (int w = 0; w < 7; w++) {
		json_t *sales = json_array(), *tickets = json_array();
		for (int hr = 0; hr < 24; hr++) {
			json_array_append_new(sales, json_integer(h->cell[w][hr].avg_net_sales));
			json_array_append_new(tickets, json_real(h->cell[w][hr].avg_tickets));
		}
		json_array_append_new(days, json_pack("{s:s, s:i, s:o, s:o}", "weekday",
						      weekday_names[w], "occurrences",
						      h->occurrences[w], "avg_net_sales", sales,
						      "avg_tickets", tickets));
	}
	json_t *dp = json_array();
	for (size_t i = 0; i < n_parts; i++)
		json_array_append_new(dp, json_pack("{s:s, s:i, s:i, s:I, s:I, s:f, s:I}", "name",
						    parts[i].name, "start", parts[i].start, "end",
						    parts[i].end, "net_sales",
						    (json_int_t)h->part[i].net_sales, "tickets",
						    (json_int_t)h->part[i].tickets, "share",
						    h->part[i].share, "average_ticket",
						    (json_int_t)h->part[i].average_ticket));
	out = json_pack("{s:o, s:o, s:s, s:o, s:b, s:o}", "from", api_date_json(p->from), "to",
			api_date_json(p->to), "hours", "local clock hour of the outlet, 0-23",
			"weekdays", days, "custom_dayparts", custom, "dayparts", dp);
	if (!out)
		clario_err_set(err, CLARIO_ENOMEM, "heatmap: out of memory");
out:
	free(rows);
	free(h);
	return out;
}

void api_heatmap_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	json_t *body = NULL;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st == CLARIO_OK && !(body = api_heatmap_build(c->store, &p, &err)))
		st = err.status;
	if (body) {
		json_object_set_new(body, "merchant_id", json_integer(p.m.id));
		json_object_set_new(body, "outlet_id",
				    p.outlet_id ? json_integer(p.outlet_id) : json_null());
	}
	api_reply_timed(c, body, t0, st, &err);
}

static void reply_parts(struct http_ctx *c, int64_t merchant_id)
{
	struct clario_err err = {0};
	struct daypart parts[DAYPART_MAX];
	size_t n = 0;
	bool custom = false;
	enum clario_status st = load_parts(c->store, merchant_id, parts, &n, &custom, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:I, s:b, s:o}", "merchant_id", (json_int_t)merchant_id,
				     "custom", custom, "dayparts", parts_json(parts, n)));
}

void api_dayparts_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	reply_parts(c, m.id);
}

/* Body {"dayparts": [{"name", "start", "end"}, ...]}; an empty list resets
 * to the defaults. */
void api_dayparts_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	json_t *body = NULL;
	struct daypart parts[DAYPART_MAX];
	struct store_daypart sp[DAYPART_MAX];
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	if (!(body = api_body_object(c)))
		return;
	json_t *list = json_object_get(body, "dayparts");
	size_t n = json_array_size(list);
	if (!json_is_array(list))
		st = clario_err_set(&err, CLARIO_EINVAL, "dayparts: must be an array");
	else if (n > DAYPART_MAX)
		st = clario_err_set(&err, CLARIO_EINVAL, "dayparts: at most %d parts", DAYPART_MAX);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		json_t *e = json_array_get(list, i);
		json_t *name = json_object_get(e, "name"), *s = json_object_get(e, "start"),
		       *en = json_object_get(e, "end");
		if (!json_is_string(name) || json_string_length(name) > DAYPART_NAME_MAX)
			st = clario_err_set(&err, CLARIO_EINVAL,
					    "dayparts[%zu].name: must be a string of at most %d bytes",
					    i, DAYPART_NAME_MAX);
		else if (!json_is_integer(s) || !json_is_integer(en) ||
			 json_integer_value(s) < 0 || json_integer_value(s) > 23 ||
			 json_integer_value(en) < 0 || json_integer_value(en) > 23)
			st = clario_err_set(&err, CLARIO_EINVAL,
					    "dayparts[%zu]: start and end must be hours 0..23", i);
		else {
			snprintf(parts[i].name, sizeof parts[i].name, "%s", json_string_value(name));
			parts[i].start = (int)json_integer_value(s);
			parts[i].end = (int)json_integer_value(en);
			memcpy(sp[i].name, parts[i].name, sizeof sp[i].name);
			sp[i].start = parts[i].start;
			sp[i].end = parts[i].end;
		}
	}
	if (st == CLARIO_OK && n)
		st = daypart_validate(parts, n, &err);
	if (st == CLARIO_OK)
		st = store_analysis_dayparts_set(c->store, m.id, sp, n, &err);
	json_decref(body);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	reply_parts(c, m.id);
}
