/* Replies: the mapping from Clario statuses to HTTP codes, and error bodies. */
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http.h"

unsigned http_status_for(enum clario_status status)
{
	switch (status) {
	case CLARIO_OK: return 200;
	case CLARIO_EINVAL: return 400;
	case CLARIO_EUNAUTH: return 401;
	case CLARIO_EFORBIDDEN: return 403;
	case CLARIO_ENOTFOUND: return 404;
	case CLARIO_ECONFLICT: return 409;
	case CLARIO_ETOOBIG: return 413;
	case CLARIO_EBUSY: return 503;
	case CLARIO_EIO: return 503;
	case CLARIO_ENOMEM: return 503;
	case CLARIO_EINTERNAL: return 500;
	}
	return 500;
}

void http_reply(struct http_ctx *c, unsigned status, json_t *body)
{
	json_decref(c->reply);
	c->status = status;
	c->reply = body;
}

void http_error(struct http_ctx *c, enum clario_status status, const char *fmt, ...)
{
	char msg[CLARIO_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *m = json_string(msg);
	if (!m) /* invalid UTF-8 echoed from input */
		m = json_string("invalid request");
	http_reply(c, http_status_for(status),
		   json_pack("{s:{s:s, s:o}}", "error", "code", clario_status_name(status), "message", m));
}

const char *http_query(struct http_ctx *c, const char *key)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, key);
}

void http_reply_raw(struct http_ctx *c, unsigned status, const char *content_type, char *data,
		    size_t len)
{
	free(c->raw);
	json_decref(c->reply);
	c->reply = NULL;
	c->status = status;
	c->raw = data;
	c->raw_len = len;
	c->content_type = content_type;
}

void http_set_cookie(struct http_ctx *c, const char *fmt, ...)
{
	size_t slot = c->set_cookie[0][0] ? 1 : 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->set_cookie[slot], sizeof c->set_cookie[slot], fmt, ap);
	va_end(ap);
}

const char *http_header(struct http_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_COOKIE_KIND, name);
}
