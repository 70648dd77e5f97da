/* Tenancy: the one place deciding what a principal may see. Admin sees all; a
 * partner its own merchants; a merchant itself. */
#include "api/api.h"

enum clario_status api_scope_merchant(struct http_ctx *c, int64_t id, struct store_merchant *out,
				      struct clario_err *err)
{
	const struct principal *p = c->principal;
	bool allowed = false;
	enum clario_status st = store_merchant_get(c->store, id, out, err);
	if (st == CLARIO_OK) {
		switch (p->kind) {
		case PRINCIPAL_ADMIN: allowed = true; break;
		case PRINCIPAL_PARTNER: allowed = out->partner_id == p->partner_id; break;
		case PRINCIPAL_MERCHANT: allowed = out->id == p->merchant_id; break;
		case PRINCIPAL_NONE: break;
		}
	}
	if ((st == CLARIO_OK && !allowed) || st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
	return st;
}

bool api_scope_can_manage(const struct principal *p, const struct store_merchant *m)
{
	return p->kind == PRINCIPAL_ADMIN ||
	       (p->kind == PRINCIPAL_PARTNER && m->partner_id == p->partner_id);
}

json_t *api_body_object(struct http_ctx *c)
{
	json_error_t jerr;
	json_t *j = json_loadb(c->body, c->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		http_error(c, CLARIO_EINVAL, "body is not valid JSON: %s (line %d, column %d)", jerr.text,
			   jerr.line, jerr.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_error(c, CLARIO_EINVAL, "body must be a JSON object");
		return NULL;
	}
	return j;
}
