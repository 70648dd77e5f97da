/* Connections of a merchant to its POS vendors (/v1/merchants/{id}/connections)
 * and the vendors' pushes (/v1/connectors/{vendor}/...): connect (Moka OAuth
 * consent with state; Pawoon and Olsera with their credentials), status, pause,
 * resume, disconnect (tokens deleted), the OAuth callback, and webhooks signed
 * by Standard Webhooks and sent with the partner's API key. */
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "connectors/sync.h"
#include "connectors/webhook.h"
#include "connectors/webhook_sig.h"
#include "store/connections.h"

/* The vendor named after "/connections/" or "/connectors/" in the path. */
static bool path_vendor(const char *path, const char *after, enum connectors_vendor *v)
{
	const char *p = strstr(path, after);
	char name[17];
	if (!p)
		return false;
	p += strlen(after);
	size_t n = strcspn(p, "/");
	if (n == 0 || n >= sizeof name)
		return false;
	memcpy(name, p, n);
	name[n] = '\0';
	return connectors_vendor_parse(name, v);
}

static json_t *conn_json(const struct store_connection *c)
{
	char at[21] = "", ok[21] = "", exp[21] = "";
	if (c->last_sync_at)
		tz_format_rfc3339_utc(c->last_sync_at, at);
	if (c->last_success_at)
		tz_format_rfc3339_utc(c->last_success_at, ok);
	if (c->token_expires_at)
		tz_format_rfc3339_utc(c->token_expires_at, exp);
	return json_pack("{s:s, s:s, s:b, s:s?, s:s?, s:s?, s:I, s:s?}", "vendor", c->vendor, "status",
			 c->status, "connected", c->has_secrets, "token_expires_at", exp[0] ? exp : NULL,
			 "last_sync_at", at[0] ? at : NULL, "last_success_at", ok[0] ? ok : NULL,
			 "lag_seconds", (json_int_t)c->lag_seconds, "last_error",
			 c->last_error[0] ? c->last_error : NULL);
}

/* The merchant of the path, visible to the caller; replies 404 otherwise. */
static bool merchant_of(struct http_ctx *c, struct store_merchant *m)
{
	struct clario_err err = {0};
	enum clario_status st = api_scope_merchant(c, c->params[0], m, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return false;
	}
	return true;
}

void api_connections_list(struct http_ctx *c)
{
	struct store_merchant m;
	struct store_connection *list = NULL;
	size_t n = 0;
	struct clario_err err = {0};
	if (!merchant_of(c, &m))
		return;
	if (store_connections_list(c->store, NULL, m.id, &list, &n, &err)) {
		http_error(c, err.status, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n && arr; i++)
		json_array_append_new(arr, conn_json(&list[i]));
	free(list);
	http_reply(c, 200, json_pack("{s:o}", "connections", arr));
}

void api_connections_get(struct http_ctx *c)
{
	struct store_merchant m;
	struct store_connection conn;
	enum connectors_vendor v;
	struct clario_err err = {0};
	if (!merchant_of(c, &m))
		return;
	if (!path_vendor(c->path, "/connections/", &v)) {
		http_error(c, CLARIO_ENOTFOUND, "no such vendor");
		return;
	}
	enum clario_status st = store_connections_get(c->store, m.id, connectors_vendor_name(v), &conn,
						      NULL, 0, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, conn_json(&conn));
}

/* GET .../connections/moka/connect: a fresh state and the consent URL. */
void api_connections_moka_connect(struct http_ctx *c)
{
	struct store_merchant m;
	struct clario_err err = {0};
	unsigned char raw[16];
	char state[33], url[2048];
	int64_t id;
	if (!merchant_of(c, &m))
		return;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(state, sizeof state, raw, sizeof raw);
	enum clario_status st = connectors_moka_authorize_url(state, url, sizeof url, &err);
	if (st == CLARIO_OK) {
		/* A connection already active keeps its tokens until the callback. */
		struct store_connection cur;
		struct clario_err e2 = {0};
		const char *status = "pending";
		if (store_connections_get(c->store, m.id, "moka", &cur, NULL, 0, &e2) == CLARIO_OK &&
		    cur.has_secrets)
			status = cur.status;
		st = store_connections_put(c->store, m.id, "moka", status, NULL, 0, state,
					   (instant_t)time(NULL), &id, &err);
	}
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:s, s:s}", "authorize_url", url, "state", state));
}

/* GET /v1/connectors/moka/callback?code=&state= (public: the browser comes
 * back from Moka; the one-time state authenticates it). */
void api_connectors_moka_callback(struct http_ctx *c)
{
	const char *code = http_query(c, "code"), *state = http_query(c, "state");
	struct store_connection conn;
	struct clario_err err = {0};
	if (!code || !*code || !state || strlen(state) != 32) {
		http_error(c, CLARIO_EINVAL, "code and state are required");
		return;
	}
	enum clario_status st = store_connections_by_state(c->store, state, &conn, &err);
	if (st == CLARIO_OK)
		st = connectors_moka_exchange(c->store, conn.merchant_id, code, (instant_t)time(NULL), &err);
	if (st) {
		http_error(c, st == CLARIO_ENOTFOUND ? CLARIO_EUNAUTH : st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:I, s:s, s:s}", "merchant_id", (json_int_t)conn.merchant_id,
				     "vendor", "moka", "status", "active"));
}

/* POST .../connections/pawoon {client_id, client_secret} or .../olsera
 * {app_id, secret_key[, store]}: the credentials, encrypted at rest. */
void api_connections_create(struct http_ctx *c)
{
	struct store_merchant m;
	enum connectors_vendor v;
	struct clario_err err = {0};
	char *text = NULL;
	if (!merchant_of(c, &m))
		return;
	if (!path_vendor(c->path, "/connections/", &v) || v == CONNECTORS_MOKA) {
		http_error(c, CLARIO_EINVAL, "Moka connects through GET .../connections/moka/connect");
		return;
	}
	json_t *b = api_body_object(c);
	if (!b)
		return;
	const char *k1 = v == CONNECTORS_PAWOON ? "client_id" : "app_id";
	const char *k2 = v == CONNECTORS_PAWOON ? "client_secret" : "secret_key";
	const char *a1 = json_string_value(json_object_get(b, k1));
	const char *a2 = json_string_value(json_object_get(b, k2));
	const char *store = json_string_value(json_object_get(b, "store"));
	if (!a1 || !*a1 || !a2 || !*a2 || strlen(a1) > 256 || strlen(a2) > 256 ||
	    (store && (strlen(store) > SALES_MAX_ID_LEN || !*store))) {
		http_error(c, CLARIO_EINVAL, "%s and %s are required (at most 256 characters)", k1, k2);
		goto out;
	}
	json_t *sec = json_pack("{s:s, s:s}", k1, a1, k2, a2);
	if (sec && store)
		json_object_set_new(sec, "store", json_string(store));
	text = sec ? json_dumps(sec, JSON_COMPACT) : NULL;
	json_decref(sec);
	int64_t id;
	enum clario_status st = text ? store_connections_put(c->store, m.id, connectors_vendor_name(v),
							     "active", text, 0, NULL,
							     (instant_t)time(NULL), &id, &err)
				     : clario_err_set(&err, CLARIO_ENOMEM, "out of memory");
	if (text)
		sodium_memzero(text, strlen(text));
	if (st) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	struct store_connection conn;
	if (store_connections_get(c->store, m.id, connectors_vendor_name(v), &conn, NULL, 0, &err))
		http_error(c, err.status, "%s", err.msg);
	else
		http_reply(c, 201, conn_json(&conn));
out:
	free(text);
	json_decref(b);
}

static void change(struct http_ctx *c, const char *action)
{
	struct store_merchant m;
	struct store_connection conn;
	enum connectors_vendor v;
	struct clario_err err = {0};
	if (!merchant_of(c, &m))
		return;
	if (!path_vendor(c->path, "/connections/", &v)) {
		http_error(c, CLARIO_ENOTFOUND, "no such vendor");
		return;
	}
	const char *vendor = connectors_vendor_name(v);
	instant_t now = (instant_t)time(NULL);
	enum clario_status st = store_connections_get(c->store, m.id, vendor, &conn, NULL, 0, &err);
	if (st == CLARIO_OK) {
		if (strcmp(action, "disconnect") == 0)
			st = store_connections_disconnect(c->store, conn.id, now, &err);
		else if (strcmp(conn.status, "disconnected") == 0 || strcmp(conn.status, "pending") == 0)
			st = clario_err_set(&err, CLARIO_ECONFLICT, "the connection is %s: connect it first",
					    conn.status);
		else
			st = store_connections_set_status(c->store, conn.id,
							  strcmp(action, "pause") == 0 ? "paused" : "active",
							  now, &err);
	}
	if (st == CLARIO_OK)
		st = store_connections_get(c->store, m.id, vendor, &conn, NULL, 0, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, conn_json(&conn));
}

void api_connections_pause(struct http_ctx *c) { change(c, "pause"); }
void api_connections_resume(struct http_ctx *c) { change(c, "resume"); }
void api_connections_delete(struct http_ctx *c) { change(c, "disconnect"); }

/* POST /v1/connectors/{vendor}/webhook: the partner's API key (checked by the
 * server, then here that it is this vendor's partner) AND our Standard
 * Webhooks signature with the partner's secret, within the replay window. */
void api_connectors_webhook(struct http_ctx *c)
{
	enum connectors_vendor v;
	struct clario_err err = {0};
	char secret[WEBHOOK_SECRET_MAX + 64];
	if (!path_vendor(c->path, "/connectors/", &v)) {
		http_error(c, CLARIO_ENOTFOUND, "no such vendor");
		return;
	}
	const char *vendor = connectors_vendor_name(v);
	if (c->principal->kind != PRINCIPAL_PARTNER || strcmp(c->principal->partner_code, vendor) != 0) {
		http_error(c, CLARIO_EFORBIDDEN, "only the %s partner's key may post %s webhooks", vendor,
			   vendor);
		return;
	}
	enum clario_status st = store_connections_secret_get(c->store, vendor, secret, sizeof secret, &err);
	if (st == CLARIO_ENOTFOUND)
		st = clario_err_set(&err, CLARIO_EUNAUTH, "no webhook secret is set for %s", vendor);
	const char *id = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "webhook-id");
	if (st == CLARIO_OK)
		st = webhook_sig_verify(secret, id,
					MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "webhook-timestamp"),
					MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, "webhook-signature"),
					c->body, c->body_len, (int64_t)time(NULL), &err);
	sodium_memzero(secret, sizeof secret);
	if (st == CLARIO_OK && strlen(id) > 128)
		st = clario_err_set(&err, CLARIO_EINVAL, "webhook-id: at most 128 characters");
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	struct connectors_webhook_result r;
	st = connectors_webhook_handle(c->store, v, id, c->body, c->body_len, (instant_t)time(NULL), false,
				       &r, &err);
	if (st) {
		http_error(c, st, "nothing was recorded: %s", err.msg);
		return;
	}
	json_t *o = json_pack("{s:s, s:s, s:{s:i, s:i, s:i, s:i, s:i, s:i}}", "webhook_id", id, "outcome",
			      connectors_webhook_outcome_name(r.outcome), "counts", "created",
			      r.counts.created, "updated", r.counts.updated, "duplicate", r.counts.duplicate,
			      "rejected", r.counts.rejected, "refunds_added", r.counts.refunds_added,
			      "refunds_pending", r.counts.refunds_pending);
	if (o && r.outcome == CONNECTORS_WEBHOOK_DEADLETTER) {
		json_object_set_new(o, "reason", json_string(r.reason));
		json_object_set_new(o, "dead_letter_id", json_integer(r.deadletter_id));
	}
	/* A dead letter is acknowledged too (202): retrying the same bytes would
	 * fail the same way; it waits for `clario deadletters replay`. */
	http_reply(c, r.outcome == CONNECTORS_WEBHOOK_DEADLETTER ? 202 : 200, o);
}
