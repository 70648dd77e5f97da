/* GET /v1/merchants/{id}/dashboard: the summary comparison, heatmap, top
 * items, menu engineering, top pairs, forecast and alerts in one answer, each
 * built exactly as its own endpoint builds it. */
#include "analytics/basket.h"
#include "analytics/menu.h"
#include "api/analytics.h"

void api_dashboard_get(struct http_ctx *c)
{
	double t0 = api_clock();
	struct clario_err err = {0};
	struct api_period p;
	json_t *body = NULL, *part = NULL;
	struct basket_params bp = BASKET_DEFAULTS;
	bp.top_n = 10;
	bp.triples = false;
	enum clario_status st = api_period_parse(c, &p, &err);
	if (st != CLARIO_OK)
		goto out;
	body = json_pack("{s:I, s:o, s:o, s:o}", "merchant_id", (json_int_t)p.m.id, "outlet_id",
			 p.outlet_id ? json_integer(p.outlet_id) : json_null(), "from",
			 api_date_json(p.from), "to", api_date_json(p.to));
	static const char *const names[] = {"summary", "heatmap", "top_items", "menu_engineering",
					    "top_pairs", "forecast", "alerts"};
	for (int i = 0; body && i < 7; i++) {
		double t = api_clock();
		switch (i) {
		case 0: part = api_compare_build(c->store, &p, &err); break;
		case 1: part = api_heatmap_build(c->store, &p, &err); break;
		case 2: part = api_items_build(c->store, &p, 10, &err); break;
		case 3: part = api_menu_build(c->store, &p, false, MENU_DEFAULT_FACTOR, &err); break;
		case 4: part = api_basket_build(c->store, &p, &bp, &err); break;
		case 5: part = api_forecast_build(c->store, &p, 0, &err); break;
		default: part = api_alerts_build(c->store, &p, &err); break;
		}
		if (!part) {
			st = err.status;
			goto out;
		}
		json_object_set_new(part, "server_ms", json_real((api_clock() - t) * 1000.0));
		json_object_set_new(body, names[i], part);
	}
out:
	api_reply_timed(c, body, t0, st, &err);
}
