/* Embedding: a partner signs a short-lived token for one of its merchants
 * (server to server, with its API key) and frames /embed/dashboard?token=...
 * The page is the read-only dashboard; framing is allowed only to the
 * partner's configured origins. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/web.h"
#include "store/accounts.h"

void api_embed_tokens_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	if (p->kind != PRINCIPAL_PARTNER || p->read_only) {
		http_error(c, CLARIO_EFORBIDDEN, "only a partner signs embed tokens");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	json_t *mj = json_object_get(body, "merchant_id");
	const char *view = json_string_value(json_object_get(body, "view"));
	json_t *ej = json_object_get(body, "expires_in");
	struct store_merchant m;
	enum clario_status st = CLARIO_OK;
	int64_t now = (int64_t)time(NULL);
	struct accounts_embed e = {.partner_id = p->partner_id};
	if (!json_is_integer(mj) || json_integer_value(mj) <= 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "merchant_id: must be a merchant id");
	else if (!accounts_embed_view_valid(view))
		st = clario_err_set(&err, CLARIO_EINVAL, "view: must be \"dashboard\"");
	else if (ej && (!json_is_integer(ej) || json_integer_value(ej) < 1 ||
			json_integer_value(ej) > ACCOUNTS_EMBED_MAX_TTL))
		st = clario_err_set(&err, CLARIO_EINVAL, "expires_in: 1 to %d seconds",
				    ACCOUNTS_EMBED_MAX_TTL);
	else
		st = api_scope_merchant(c, json_integer_value(mj), &m, &err);
	char token[ACCOUNTS_EMBED_MAX];
	if (st == CLARIO_OK) {
		e.merchant_id = m.id;
		snprintf(e.view, sizeof e.view, "%s", view);
		e.expires_at = now + (ej ? json_integer_value(ej) : 900);
		st = accounts_embed_sign(&e, now, token, &err);
	}
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
	} else {
		char url[ACCOUNTS_EMBED_MAX + 64];
		snprintf(url, sizeof url, "/embed/%s?token=%s", e.view, token);
		http_reply(c, 201, json_pack("{s:s, s:s, s:I}", "token", token, "url", url, "expires_at",
					     (json_int_t)e.expires_at));
	}
	json_decref(body);
}

void api_embed_page(struct http_ctx *c)
{
	const struct api_app *app = c->app;
	struct clario_err err = {0};
	struct accounts_embed e;
	struct store_merchant m;
	struct store_branding b;
	const char *token = http_query(c, "token");
	enum clario_status st = accounts_embed_verify(token, (int64_t)time(NULL), &e, &err);
	if (st == CLARIO_OK)
		st = api_web_embed_merchant(c->store, &e, &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, CLARIO_EFORBIDDEN, "the embed token is invalid or expired");
		return;
	}
	st = store_accounts_branding_get(c->store, e.partner_id, &b, &err);
	if (st != CLARIO_OK && st != CLARIO_ENOTFOUND) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_serve_file(c, app->web_root ? app->web_root : "", "/index.html", 1 << 20);
	/* Only the partner's own back office may frame it; none configured: nobody. */
	snprintf(c->frame_ancestors, sizeof c->frame_ancestors, "%s",
		 st == CLARIO_OK && b.frame_origins[0] ? b.frame_origins : "'none'");
	c->cache = "no-store";
}
