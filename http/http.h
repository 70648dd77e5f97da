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
};

typedef void (*http_handler)(struct http_ctx *c);

struct http_route {
	const char *method;   /* "GET", "POST", ... */
	const char *pattern;  /* "/v1/merchants/{id}/summary": {id} matches a positive integer */
	http_handler handler;
	bool public;          /* true: no API key needed (health checks) */
};

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
/* The one table from status to HTTP code. */
unsigned http_status_for(enum clario_status status);

#endif
