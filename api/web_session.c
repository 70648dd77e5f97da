/* Sign-in, sign-out and password reset for the web application. Answers never
 * tell whether an e-mail has an account. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "base/log.h"

static bool json_request(struct http_ctx *c)
{
	/* Only JSON: a cross-site HTML form cannot send it without a preflight. */
	const char *ct = http_header(c, "Content-Type");
	if (!ct || strncmp(ct, "application/json", 16) != 0) {
		http_error(c, CLARIO_EINVAL, "Content-Type must be application/json");
		return false;
	}
	return true;
}

static void limited_reply(struct http_ctx *c, const char *msg)
{
	http_reply(c, 429, json_pack("{s:{s:s, s:s}}", "error", "code", "rate_limited", "message", msg));
}

void api_web_login(struct http_ctx *c)
{
	const struct api_app *app = c->app;
	struct clario_err err = {0};
	if (!json_request(c))
		return;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *email = json_string_value(json_object_get(body, "email"));
	const char *password = json_string_value(json_object_get(body, "password"));
	struct accounts_session sess;
	enum clario_status st = CLARIO_OK;
	if (!email || !password)
		st = clario_err_set(&err, CLARIO_EINVAL, "email and password are required");
	else
		st = accounts_login(c->store, &app->login, email, password, c->client_ip,
				    http_cookie(c, ACCOUNTS_COOKIE), (int64_t)time(NULL), &sess, &err);
	if (st == CLARIO_EFORBIDDEN) {
		limited_reply(c, err.msg);
	} else if (st == CLARIO_EUNAUTH) {
		http_error(c, st, "%s", err.msg);
	} else if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
	} else {
		http_set_cookie(c, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s", ACCOUNTS_COOKIE,
				sess.id, (long long)app->login.session_ttl, c->secure ? "; Secure" : "");
		http_reply(c, 200, json_pack("{s:s, s:I}", "csrf", sess.csrf, "user_id",
					     (json_int_t)sess.user_id));
	}
	json_decref(body);
}

void api_web_logout(struct http_ctx *c)
{
	struct clario_err err = {0};
	enum clario_status st = c->session_id ? accounts_logout(c->store, c->session_id, &err) : CLARIO_OK;
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_set_cookie(c, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", ACCOUNTS_COOKIE,
			c->secure ? "; Secure" : "");
	http_reply(c, 200, json_pack("{s:b}", "signed_out", 1));
}

void api_web_reset_start(struct http_ctx *c)
{
	const struct api_app *app = c->app;
	struct clario_err err = {0};
	if (!json_request(c))
		return;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *email = json_string_value(json_object_get(body, "email"));
	char token[ACCOUNTS_TOKEN_MAX];
	enum clario_status st = email ? accounts_reset_start(c->store, email, (int64_t)time(NULL),
							     3600, token, &err)
				      : clario_err_set(&err, CLARIO_EINVAL, "email: is required");
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
	} else {
		/* No mail server in the demo: the link goes to the server log. */
		if (token[0] && app->demo)
			log_msg(LOG_INFO, "demo password reset link: %s://%s/reset?token=%s",
				c->secure ? "https" : "http", c->host, token);
		else if (token[0])
			log_msg(LOG_INFO, "password reset requested (delivery needs a mail relay)");
		http_reply(c, 202, json_pack("{s:s}", "status",
					     "if the account exists, a reset link is on its way"));
	}
	json_decref(body);
}

void api_web_reset_finish(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (!json_request(c))
		return;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *token = json_string_value(json_object_get(body, "token"));
	const char *password = json_string_value(json_object_get(body, "password"));
	enum clario_status st = token && password
		? accounts_reset_finish(c->store, token, password, (int64_t)time(NULL), &err)
		: clario_err_set(&err, CLARIO_EINVAL, "token and password are required");
	if (st != CLARIO_OK)
		http_error(c, st, "%s", err.msg);
	else
		http_reply(c, 200, json_pack("{s:b}", "password_changed", 1));
	json_decref(body);
}
