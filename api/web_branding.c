/* A partner's branding: product name, colours, "powered by Clario", the
 * origins allowed to frame embeds, and the logo (PNG, JPEG or SVG, checked by
 * content; an SVG with anything active in it is refused, not cleaned). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/web.h"
#include "store/accounts.h"

#define LOGO_MAX (256 * 1024)

/* The partner whose branding the caller manages: a partner admin its own. */
static bool partner_of(struct http_ctx *c, int64_t *pid)
{
	const struct principal *p = c->principal;
	if (p->kind != PRINCIPAL_PARTNER || p->read_only) {
		http_error(c, CLARIO_EFORBIDDEN, "only a partner manages its branding");
		return false;
	}
	*pid = p->partner_id;
	return true;
}

void api_branding_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t pid;
	if (!partner_of(c, &pid))
		return;
	json_t *brand = NULL;
	struct store_branding b;
	enum clario_status st = api_web_brand(c, pid, &brand, &err);
	enum clario_status bs = st == CLARIO_OK ? store_accounts_branding_get(c->store, pid, &b, &err)
						: st;
	if (bs != CLARIO_OK && bs != CLARIO_ENOTFOUND) {
		json_decref(brand);
		http_error(c, bs, "%s", err.msg);
		return;
	}
	json_object_set_new(brand, "frame_origins", json_string(bs == CLARIO_OK ? b.frame_origins : ""));
	http_reply(c, 200, brand);
}

static bool colour_ok(const char *s)
{
	if (!s || strlen(s) != 7 || s[0] != '#')
		return false;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Space-separated "https://host[:port]" (http only for localhost/127.0.0.1), at most 8. */
static bool origins_ok(const char *s)
{
	int count = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - p);
		const char *h;
		if (n > 8 && strncmp(p, "https://", 8) == 0)
			h = p + 8;
		else if (n > 7 && strncmp(p, "http://", 7) == 0 &&
			 (strncmp(p + 7, "localhost", 9) == 0 || strncmp(p + 7, "127.0.0.1", 9) == 0))
			h = p + 7;
		else
			return false;
		for (; h < e; h++)
			if (!isalnum((unsigned char)*h) && *h != '.' && *h != '-' && *h != ':')
				return false;
		if (++count > 8)
			return false;
		p = e;
	}
	return true;
}

void api_branding_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t pid;
	if (!partner_of(c, &pid))
		return;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *name = json_string_value(json_object_get(body, "product"));
	json_t *pb = json_object_get(body, "powered_by");
	const char *primary = json_string_value(json_object_get(body, "primary"));
	const char *accent = json_string_value(json_object_get(body, "accent"));
	const char *origins = json_string_value(json_object_get(body, "frame_origins"));
	struct store_branding b = {.partner_id = pid};
	enum clario_status st = CLARIO_OK;
	if (!name || !*name || strlen(name) >= sizeof b.product_name)
		st = clario_err_set(&err, CLARIO_EINVAL, "product: is required (1-64 bytes)");
	else if (!json_is_boolean(pb))
		st = clario_err_set(&err, CLARIO_EINVAL, "powered_by: must be true or false");
	else if (!colour_ok(primary) || !colour_ok(accent))
		st = clario_err_set(&err, CLARIO_EINVAL, "primary, accent: must be colours like #1a2b3c");
	else if (origins && (strlen(origins) >= sizeof b.frame_origins || !origins_ok(origins)))
		st = clario_err_set(&err, CLARIO_EINVAL,
				    "frame_origins: up to 8 space-separated https://host[:port] origins");
	if (st == CLARIO_OK) {
		snprintf(b.product_name, sizeof b.product_name, "%s", name);
		b.powered_by = json_is_true(pb);
		snprintf(b.color_primary, sizeof b.color_primary, "%s", primary);
		snprintf(b.color_accent, sizeof b.color_accent, "%s", accent);
		snprintf(b.frame_origins, sizeof b.frame_origins, "%s", origins ? origins : "");
		st = store_accounts_branding_put(c->store, &b, &err);
	}
	if (st != CLARIO_OK)
		http_error(c, st, "%s", err.msg);
	else
		api_branding_get(c);
	json_decref(body);
}

/* Whether an SVG is plain drawing: no script, event handler, external
 * reference, entity or embedded document. Case-insensitive substring checks:
 * a false refusal is acceptable, a false pass is not. */
static bool svg_safe(const char *data, size_t len)
{
	static const char *const banned[] = {"<script", "javascript:", "<!entity", "<!doctype",
					     "<foreignobject", "href", "<iframe", "<embed", "<object",
					     "url(", "@import", "<use", "<animate", "<set", "data:"};
	char *low = malloc(len + 1);
	if (!low)
		return false;
	bool ok = true;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\0')
			ok = false;
		low[i] = (char)tolower((unsigned char)data[i]);
	}
	low[len] = '\0';
	const char *start = low;
	while (isspace((unsigned char)*start))
		start++;
	if (strncmp(start, "<svg", 4) != 0 && strncmp(start, "<?xml", 5) != 0)
		ok = false;
	for (size_t i = 0; ok && i < sizeof banned / sizeof *banned; i++)
		if (strstr(low, banned[i]))
			ok = false;
	/* on...= attributes (onload, onclick, ...) */
	for (const char *p = low; ok && (p = strstr(p, "on")); p += 2) {
		if (p > low && (isspace((unsigned char)p[-1]) || p[-1] == '/')) {
			const char *q = p + 2;
			while (isalpha((unsigned char)*q))
				q++;
			while (isspace((unsigned char)*q))
				q++;
			if (*q == '=')
				ok = false;
		}
	}
	free(low);
	return ok;
}

void api_branding_logo_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	int64_t pid;
	if (!partner_of(c, &pid))
		return;
	const char *ct = http_header(c, "Content-Type");
	const unsigned char *d = (const unsigned char *)c->body;
	size_t n = c->body_len;
	const char *type = NULL;
	if (n == 0 || n > LOGO_MAX) {
		http_error(c, CLARIO_ETOOBIG, "logo: must be 1 byte to %d KiB", LOGO_MAX / 1024);
		return;
	}
	if (ct && strcasecmp(ct, "image/png") == 0 && n > 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		type = "image/png";
	else if (ct && strcasecmp(ct, "image/jpeg") == 0 && n > 3 && memcmp(d, "\xff\xd8\xff", 3) == 0)
		type = "image/jpeg";
	else if (ct && strcasecmp(ct, "image/svg+xml") == 0 && svg_safe(c->body, n))
		type = "image/svg+xml";
	if (!type) {
		http_error(c, CLARIO_EINVAL,
			   "logo: must be a PNG, a JPEG or a plain SVG (no script, links or embedded "
			   "content), sent with its Content-Type");
		return;
	}
	enum clario_status st = store_accounts_logo_put(c->store, pid, type, d, n, &err);
	if (st != CLARIO_OK)
		http_error(c, st == CLARIO_ENOTFOUND ? CLARIO_ECONFLICT : st, "%s", err.msg);
	else
		http_reply(c, 200, json_pack("{s:s, s:I}", "type", type, "bytes", (json_int_t)n));
}

void api_branding_logo_get(struct http_ctx *c)
{
	struct clario_err err = {0};
	char t[32];
	void *data = NULL;
	size_t len = 0;
	enum clario_status st = store_accounts_logo_get(c->store, c->params[0], t, &data, &len, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", st == CLARIO_ENOTFOUND ? "no such logo" : err.msg);
		return;
	}
	/* Only the three stored types are ever served, as static strings. */
	const char *ct = strcmp(t, "image/png") == 0 ? "image/png"
		       : strcmp(t, "image/jpeg") == 0 ? "image/jpeg" : "image/svg+xml";
	http_reply_raw(c, 200, ct, data, len);
	c->cache = "no-cache";
}
