/* Merchants and their outlets: list, read, create (admin and partners). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static json_t *partner_code_json(struct store *s, int64_t partner_id)
{
	struct store_partner p;
	struct clario_err err;
	if (partner_id <= 0 || store_partner_get(s, partner_id, &p, &err) != CLARIO_OK)
		return json_null();
	return json_string(p.code);
}

static json_t *merchant_json(struct store *s, const struct store_merchant *m)
{
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)m->id, "name", m->name, "kind",
			 m->kind, "partner", partner_code_json(s, m->partner_id));
}

static json_t *outlet_json(const struct store_outlet *o)
{
	char cutoff[16];
	snprintf(cutoff, sizeof cutoff, "%02d:%02d", o->cutoff / 3600, o->cutoff % 3600 / 60);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id, "external_id",
			 o->external_id, "source", o->source, "name", o->name, "timezone", o->tz,
			 "cutoff", cutoff);
}

void api_merchants_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	struct store_merchant *list = NULL;
	size_t n = 0;
	enum clario_status st;
	if (p->kind == PRINCIPAL_MERCHANT) {
		list = malloc(sizeof *list);
		n = 1;
		st = list ? store_merchant_get(c->store, p->merchant_id, list, &err)
			  : clario_err_set(&err, CLARIO_ENOMEM, "out of memory");
	} else {
		st = store_merchant_list(c->store, p->kind == PRINCIPAL_ADMIN ? -1 : p->partner_id,
					 &list, &n, &err);
	}
	if (st != CLARIO_OK) {
		free(list);
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n && arr; i++)
		json_array_append_new(arr, merchant_json(c->store, &list[i]));
	free(list);
	http_reply(c, 200, json_pack("{s:o}", "merchants", arr));
}

void api_merchants_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	struct store_outlet *outlets = NULL;
	size_t n = 0;
	if ((st = store_outlet_list(c->store, m.id, &outlets, &n, &err))) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *body = merchant_json(c->store, &m);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && arr; i++)
		json_array_append_new(arr, outlet_json(&outlets[i]));
	free(outlets);
	json_object_set_new(body, "outlets", arr);
	http_reply(c, 200, body);
}

static const char *const merchant_kinds[] = {"cafe", "warung", "bakery", "restaurant",
					     "cloud_kitchen", "other"};

void api_merchants_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	if (p->kind != PRINCIPAL_ADMIN && p->kind != PRINCIPAL_PARTNER) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff and partners create merchants");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *name = json_string_value(json_object_get(body, "name"));
	const char *kind = json_string_value(json_object_get(body, "kind"));
	const char *partner = json_string_value(json_object_get(body, "partner"));
	int64_t partner_id = p->kind == PRINCIPAL_PARTNER ? p->partner_id : 0;
	bool kind_ok = false;
	for (size_t i = 0; kind && i < sizeof merchant_kinds / sizeof *merchant_kinds; i++)
		kind_ok |= strcmp(kind, merchant_kinds[i]) == 0;
	if (!name || !*name || strlen(name) > 256) {
		http_error(c, CLARIO_EINVAL, "name: is required (1–256 bytes)");
	} else if (!kind_ok) {
		http_error(c, CLARIO_EINVAL,
			   "kind: must be one of cafe, warung, bakery, restaurant, cloud_kitchen, other");
	} else {
		enum clario_status st = CLARIO_OK;
		if (p->kind == PRINCIPAL_ADMIN && partner) {
			struct store_partner sp;
			st = store_partner_by_code(c->store, partner, &sp, &err);
			if (st == CLARIO_ENOTFOUND)
				st = clario_err_set(&err, CLARIO_EINVAL, "partner: no partner \"%s\"", partner);
			partner_id = sp.id;
		}
		int64_t id = 0;
		if (st == CLARIO_OK)
			st = store_merchant_create(c->store, partner_id, name, kind, &id, &err);
		struct store_merchant m;
		if (st == CLARIO_OK)
			st = store_merchant_get(c->store, id, &m, &err);
		if (st == CLARIO_OK)
			http_reply(c, 201, merchant_json(c->store, &m));
		else
			http_error(c, st, "%s", err.msg);
	}
	json_decref(body);
}

void api_outlets_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	if (!api_scope_can_manage(c->principal, &m)) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff and the merchant's partner add outlets");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *ext = json_string_value(json_object_get(body, "external_id"));
	const char *name = json_string_value(json_object_get(body, "name"));
	const char *tzname = json_string_value(json_object_get(body, "timezone"));
	const char *cutoff_s = json_string_value(json_object_get(body, "cutoff"));
	const char *source = json_string_value(json_object_get(body, "source"));
	int32_t cutoff = 4 * 3600;
	const struct tz_zone *zone;
	char default_source[33] = "direct";
	if (m.partner_id > 0) {
		struct store_partner sp;
		if (store_partner_get(c->store, m.partner_id, &sp, &err) == CLARIO_OK)
			snprintf(default_source, sizeof default_source, "%s", sp.code);
	}
	if (c->principal->kind == PRINCIPAL_PARTNER && source &&
	    strcmp(source, c->principal->partner_code) != 0) {
		http_error(c, CLARIO_EINVAL, "source: a partner adds outlets for its own source \"%s\"",
			   c->principal->partner_code);
	} else if (!ext || !*ext || strlen(ext) > SALES_MAX_ID_LEN) {
		http_error(c, CLARIO_EINVAL, "external_id: is required (1–128 bytes)");
	} else if (!name || !*name || strlen(name) > 256) {
		http_error(c, CLARIO_EINVAL, "name: is required (1–256 bytes)");
	} else if (!tzname) {
		http_error(c, CLARIO_EINVAL, "timezone: is required (e.g. Asia/Jakarta)");
	} else if ((st = tz_zone_get(tzname, &zone, &err))) {
		http_error(c, st, "timezone: %s", err.msg);
	} else if (cutoff_s && (st = tz_parse_cutoff(cutoff_s, &cutoff, &err))) {
		http_error(c, st, "cutoff: %s", err.msg);
	} else if (source && (!*source || strlen(source) > 32)) {
		http_error(c, CLARIO_EINVAL, "source: 1–32 bytes");
	} else {
		int64_t id;
		st = store_outlet_create(c->store, m.id, source ? source : default_source, ext, name,
					 tzname, cutoff, &id, &err);
		struct store_outlet o;
		if (st == CLARIO_OK)
			st = store_outlet_get(c->store, id, &o, &err);
		if (st == CLARIO_OK)
			http_reply(c, 201, outlet_json(&o));
		else
			http_error(c, st, "%s", err.msg);
	}
	json_decref(body);
}
