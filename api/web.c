/* The web application's plumbing: authentication by session cookie or embed
 * token, the page shell and static files, and the context every page starts
 * from (the signed-in user, the CSRF token, the branding for this host). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/embed.h"
#include "api/api.h"
#include "api/web.h"
#include "store/accounts.h"

#define CHART_JS "/usr/share/javascript/chart.js/chart.min.js"

enum clario_status api_web_session(struct http_ctx *c, const char *authorization,
				   struct principal *p, struct clario_err *err)
{
	/* One request per thread at a time: the token outlives the call, not the request. */
	static _Thread_local char csrf[ACCOUNTS_TOKEN_MAX];
	int64_t now = (int64_t)time(NULL);
	memset(p, 0, sizeof *p);
	if (authorization && strncmp(authorization, "Embed ", 6) == 0) {
		struct accounts_embed e;
		struct store_merchant m;
		enum clario_status st = accounts_embed_verify(authorization + 6, now, &e, err);
		if (st == CLARIO_OK)
			st = api_web_embed_merchant(c->store, &e, &m, err);
		if (st != CLARIO_OK)
			return st;
		p->kind = PRINCIPAL_MERCHANT;
		p->merchant_id = m.id;
		p->partner_id = m.partner_id;
		p->read_only = true;
		snprintf(p->role, sizeof p->role, "embed");
		return CLARIO_OK;
	}
	const char *cookie = http_cookie(c, ACCOUNTS_COOKIE);
	if (!cookie)
		return clario_err_set(err, CLARIO_EUNAUTH, "not signed in");
	enum clario_status st = accounts_session_resolve(c->store, cookie, now, p, csrf, err);
	if (st == CLARIO_OK) {
		c->session_id = cookie;
		c->csrf = csrf;
	}
	return st;
}

enum clario_status api_web_embed_merchant(struct store *s, const struct accounts_embed *e,
					  struct store_merchant *m, struct clario_err *err)
{
	/* A token names its partner: the merchant must still be that partner's. */
	enum clario_status st = store_merchant_get(s, e->merchant_id, m, err);
	if (st == CLARIO_ENOTFOUND || (st == CLARIO_OK && m->partner_id != e->partner_id))
		return clario_err_set(err, CLARIO_EUNAUTH, "the embed token is invalid or expired");
	return st;
}

static bool is_page(const char *path)
{
	return strcmp(path, "/") == 0 || strcmp(path, "/login") == 0 || strcmp(path, "/reset") == 0 ||
	       strcmp(path, "/app") == 0 || strncmp(path, "/app/", 5) == 0;
}

void api_web_fallback(struct http_ctx *c)
{
	const struct api_app *app = c->app;
	if (strcmp(c->path, "/vendor/chart.min.js") == 0) {
		/* Debian's libjs-chart.js, at a fixed URL. */
		http_serve_file(c, "/usr/share/javascript/chart.js", "/chart.min.js", 1 << 20);
		c->cache = "max-age=86400";
		return;
	}
	if (!app->web_root) {
		http_error(c, CLARIO_ENOTFOUND, "no such endpoint");
		return;
	}
	http_serve_file(c, app->web_root, is_page(c->path) ? "/index.html" : c->path, 1 << 20);
}

/* The host name without port, lower case. */
static void host_name(const char *host, char out[256])
{
	size_t i = 0;
	for (; host[i] && host[i] != ':' && i < 255; i++)
		out[i] = (char)tolower((unsigned char)host[i]);
	out[i] = '\0';
}

enum clario_status api_web_brand(struct http_ctx *c, int64_t partner_id, json_t **out,
				 struct clario_err *err)
{
	struct store_branding b;
	struct store_partner partner;
	enum clario_status st = CLARIO_ENOTFOUND;
	*out = NULL;
	if (partner_id > 0 && (st = store_partner_get(c->store, partner_id, &partner, err)))
		return st == CLARIO_ENOTFOUND ? api_web_brand(c, 0, out, err) : st;
	if (partner_id > 0) {
		st = store_accounts_branding_get(c->store, partner_id, &b, err);
		if (st == CLARIO_ENOTFOUND) {
			memset(&b, 0, sizeof b);
			b.partner_id = partner_id;
			snprintf(b.product_name, sizeof b.product_name, "%.50s Analytics", partner.name);
			b.powered_by = true;
			snprintf(b.color_primary, sizeof b.color_primary, "#0b5fff");
			snprintf(b.color_accent, sizeof b.color_accent, "#00875a");
			st = CLARIO_OK;
		}
		if (st != CLARIO_OK)
			return st;
	} else {
		memset(&b, 0, sizeof b);
		snprintf(b.product_name, sizeof b.product_name, "Clario");
		snprintf(b.color_primary, sizeof b.color_primary, "#0b5fff");
		snprintf(b.color_accent, sizeof b.color_accent, "#00875a");
	}
	char logo[64];
	snprintf(logo, sizeof logo, "/web/logo/%lld", (long long)b.partner_id);
	*out = json_pack("{s:s, s:b, s:s, s:s, s:o, s:o}", "product", b.product_name, "powered_by",
			 b.powered_by, "primary", b.color_primary, "accent", b.color_accent, "logo",
			 b.has_logo ? json_string(logo) : json_null(), "partner",
			 partner_id > 0 ? json_string(partner.code) : json_null());
	return *out ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "out of memory");
}

/* Which partner's branding this request shows: its host name's, else the
 * signed-in user's partner, else Clario's own. */
int64_t api_web_brand_partner(struct http_ctx *c)
{
	char host[256];
	int64_t pid = 0;
	struct clario_err err = {0};
	host_name(c->host, host);
	if (*host && store_accounts_host_partner(c->store, host, &pid, &err) == CLARIO_OK)
		return pid;
	return c->principal->kind == PRINCIPAL_ADMIN ? 0 : c->principal->partner_id;
}

void api_web_context(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *brand = NULL, *user = json_null();
	const struct principal *p = c->principal;
	enum clario_status st = api_web_brand(c, api_web_brand_partner(c), &brand, &err);
	struct store_user u;
	if (st == CLARIO_OK && p->user_id > 0 &&
	    (st = store_accounts_user_get(c->store, p->user_id, &u, &err)) == CLARIO_OK)
		user = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)u.id, "email",
				 u.email, "name", u.name, "role", u.role, "partner_id",
				 p->partner_id ? json_integer(p->partner_id) : json_null(),
				 "merchant_id", p->merchant_id ? json_integer(p->merchant_id) : json_null(),
				 "partner", p->partner_code[0] ? json_string(p->partner_code) : json_null());
	if (st != CLARIO_OK) {
		json_decref(brand);
		json_decref(user);
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:o, s:o, s:o}", "brand", brand, "user", user, "csrf",
				     c->csrf ? json_string(c->csrf) : json_null()));
}
