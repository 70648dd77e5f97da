/* HTTP: the server (libmicrohttpd thread pool), the router and the reply
 * helpers. Handlers only translate between HTTP and the modules below; every
 * request is authenticated here, once, before any handler runs (unless the
 * route is public), and the handler gets the caller's principal. */
#ifndef CLARIO_HTTP_H
#define CLARIO_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "model/principal.h"
#include "store/store.h"

struct MHD_Connection;

#define HTTP_MAX_PARAMS 4

/* One request as a handler sees it. Everything is borrowed for the call. */
struct http_ctx {
	const char *method;
	const char *path;
	const char *body;          /* NUL-terminated, body_len bytes */
	size_t body_len;
	const struct principal *principal;
	struct store *store;       /* this worker's connection */
	void *app;                 /* the application state given to http_server_start */
	int64_t params[HTTP_MAX_PARAMS]; /* numeric {id} path segments, in order */
	struct MHD_Connection *conn;
	/* Spooled routes (http_config.spool): the body is in this temp file
	 * instead (body is "" then); the server removes the file afterwards. */
	const char *body_file;
	/* the reply, set through http_reply / http_error */
	unsigned status;
	json_t *reply;
	/* Web sessions (accounts/): who is on the other end and how. */
	const char *client_ip;     /* the peer, or the address a trusted proxy forwarded */
	bool secure;               /* TLS, or X-Forwarded-Proto https from a trusted proxy */
	const char *host;          /* the Host header, or "" */
	const char *session_id;    /* the session cookie when it authenticated this request */
	const char *csrf;          /* that session's CSRF token */
	/* A non-JSON reply (pages, files), set through http_reply_raw; wins over reply. */
	char *raw;
	size_t raw_len;
	const char *content_type;  /* static storage */
	const char *cache;         /* Cache-Control, static storage; default no-store */
	char frame_ancestors[1100];/* CSP frame-ancestors; "" means 'none' */
	char set_cookie[2][256];   /* Set-Cookie headers, "" if unused */
	char location[512];        /* a redirect target, "" if none */
};

typedef void (*http_handler)(struct http_ctx *c);

struct http_route {
	const char *method;   /* "GET", "POST", ... */
	const char *pattern;  /* "/v1/merchants/{id}/summary": {id} matches a positive integer */
	http_handler handler;
	bool public;          /* true: no API key needed (health checks) */
};

/* Optional extra authentication for the web application (accounts/): tried
 * when a request carries no Authorization header (a session cookie) or an
 * "Authorization: Embed TOKEN". Fills *p and sets c->session_id / c->csrf for a
 * session. CLARIO_EUNAUTH when it does not authenticate. */
typedef enum clario_status (*http_session_fn)(struct http_ctx *c, const char *authorization,
					      struct principal *p, struct clario_err *err);

struct http_config {
	const char *listen;        /* "127.0.0.1:8080" */
	unsigned threads;          /* worker threads, each with its own database connection */
	size_t max_body;           /* bytes; larger bodies get 413 */
	const char *ready_file;    /* if set, the bound port is written here once listening */
	const struct http_route *routes;
	size_t n_routes;
	struct store_pool *pool;
	void *app;
	/* Uploads: requests for which spool(method, path) is true stream their
	 * body to a temp file in spool_dir (up to max_spool bytes) instead of
	 * memory, and are authenticated before the body is read. May be NULL. */
	bool (*spool)(const char *method, const char *path);
	size_t max_spool;
	const char *spool_dir;
	/* web application (all optional) */
	http_session_fn session;   /* see http_session_fn */
	http_handler fallback;     /* GET/HEAD of a path no route knows (static files, pages) */
	const char *trusted_proxies; /* comma-separated IPv4 addresses whose X-Forwarded-* count */
};

struct http_server;

/* Binds and starts serving on the configured address. */
enum clario_status http_server_start(const struct http_config *cfg, struct http_server **out,
				     struct clario_err *err);
uint16_t http_server_port(const struct http_server *s);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), stops. */
void http_server_stop(struct http_server *s, unsigned grace_ms);

/* A query-string value (decoded), or NULL. */
const char *http_query(struct http_ctx *c, const char *key);
/* Sets the reply; steals body. */
void http_reply(struct http_ctx *c, unsigned status, json_t *body);
/* Sets an error reply {"error":{"code","message"}} with the HTTP status that
 * status maps to. */
void http_error(struct http_ctx *c, enum clario_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets a non-JSON reply; steals data (malloc'd). content_type: static storage. */
void http_reply_raw(struct http_ctx *c, unsigned status, const char *content_type, char *data,
		    size_t len);
/* Adds a Set-Cookie header (at most two per reply). */
void http_set_cookie(struct http_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A header of the request, or NULL. */
const char *http_header(struct http_ctx *c, const char *name);
/* A cookie of the request, or NULL. */
const char *http_cookie(struct http_ctx *c, const char *name);
/* Serves a file under root for url_path ("/js/app.js"): only plain names
 * ([A-Za-z0-9._-] segments, none starting with '.'), known types, at most
 * max bytes. Sets a 404 reply when it cannot. */
void http_serve_file(struct http_ctx *c, const char *root, const char *url_path, size_t max);

/* The one table from status to HTTP code. */
unsigned http_status_for(enum clario_status status);

#endif
