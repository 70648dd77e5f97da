/* The HTTP server: libmicrohttpd with an internal thread pool. Collects each
 * request body up to the limit, authenticates, routes, answers in JSON and
 * writes one log line per request. Shutdown stops accepting first and lets
 * requests in flight finish. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/session.h"
#include "auth/auth.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "http/http.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config cfg;
	uint16_t port;
	atomic_int admitted;  /* requests accepted before shutdown began, not yet done */
	atomic_bool stopping; /* once set, new requests get 503 and the connection closes */
};

/* Per-request state, from the first callback to the completion notice. */
struct request {
	struct timespec start;
	struct strbuf body;
	bool too_big;
	bool admitted;
	unsigned status;
	const char *principal_kind;
	int64_t principal_id;
	uint64_t bytes_in;
	char path[256];
	char method[16];
	int spool_fd;          /* -1 unless the body streams to spool_path */
	char spool_path[512];
};

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Headers on every reply, JSON or page: no sniffing, no referrer leaks across
 * origins, no inline script, and no framing except where the reply says by
 * whom (embedded views). */
static void security_headers(struct MHD_Response *resp, const char *frame_ancestors)
{
	char csp[1400];
	snprintf(csp, sizeof csp,
		 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
		 " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
		 " frame-ancestors %s",
		 frame_ancestors && *frame_ancestors ? frame_ancestors : "'none'");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (!frame_ancestors || !*frame_ancestors)
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_json(struct MHD_Connection *conn, struct request *rq, unsigned status,
				 json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text) {
		status = 500;
		text = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"could not encode the reply\"}}");
		if (!text)
			return MHD_NO;
	}
	size_t len = strlen(text);
	char *nl = realloc(text, len + 2);
	if (nl) {
		text = nl;
		text[len++] = '\n';
		text[len] = '\0';
	}
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	security_headers(resp, NULL);
	if (!rq->admitted) /* refused during shutdown: the client must go away */
		MHD_add_response_header(resp, "Connection", "close");
	rq->status = status;
	enum MHD_Result r = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, struct request *rq, unsigned status,
				  const char *code, const char *msg)
{
	json_t *b = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
	enum MHD_Result r = send_json(conn, rq, status, b);
	json_decref(b);
	return r;
}

/* Sends a handler's reply: raw (pages, files) or JSON, with its cookies,
 * redirect and framing policy. */
static enum MHD_Result send_ctx(struct MHD_Connection *conn, struct request *rq,
				struct http_ctx *c)
{
	struct MHD_Response *resp;
	if (c->raw) {
		resp = MHD_create_response_from_buffer(c->raw_len, c->raw, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			return MHD_NO;
		c->raw = NULL;
		MHD_add_response_header(resp, "Content-Type", c->content_type);
	} else {
		if (!c->reply)
			c->reply = json_pack("{s:{s:s, s:s}}", "error", "code", "internal", "message",
					     "the handler gave no reply");
		char *text = c->reply ? json_dumps(c->reply, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		if (!text)
			return send_error(conn, rq, 500, "internal", "could not encode the reply");
		size_t len = strlen(text);
		char *nl = realloc(text, len + 2);
		if (nl) {
			text = nl;
			text[len++] = '\n';
			text[len] = '\0';
		}
		resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
		if (!resp) {
			free(text);
			return MHD_NO;
		}
		MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	}
	MHD_add_response_header(resp, "Cache-Control", c->cache ? c->cache : "no-store");
	security_headers(resp, c->frame_ancestors);
	for (size_t i = 0; i < 2; i++)
		if (c->set_cookie[i][0])
			MHD_add_response_header(resp, "Set-Cookie", c->set_cookie[i]);
	if (c->location[0])
		MHD_add_response_header(resp, "Location", c->location);
	if (!rq->admitted)
		MHD_add_response_header(resp, "Connection", "close");
	rq->status = c->status;
	enum MHD_Result r = MHD_queue_response(conn, c->status, resp);
	MHD_destroy_response(resp);
	return r;
}

static bool ip_listed(const char *list, const char *ip)
{
	size_t n = strlen(ip);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ')
			e++;
		if ((size_t)(e - p) == n && n > 0 && strncmp(p, ip, n) == 0)
			return true;
		p = e;
	}
	return false;
}

/* The client's address and whether it came over TLS: the peer's own, or what
 * a trusted proxy says in X-Forwarded-For (its last hop) / X-Forwarded-Proto. */
static void client_of(struct http_server *srv, struct MHD_Connection *conn, char ip[64],
		      bool *secure)
{
	*secure = false;
	snprintf(ip, 64, "unknown");
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
			  ip, 64);
	if (!ip_listed(srv->cfg.trusted_proxies, ip))
		return;
	const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
	*secure = proto && strcmp(proto, "https") == 0;
	const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (xff && *xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (*last && strlen(last) < 64)
			snprintf(ip, 64, "%s", last);
	}
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

/* A cross-site request names a foreign Origin: refuse it whatever it carries. */
static bool origin_ok(struct MHD_Connection *conn, bool secure)
{
	const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	if (!origin)
		return true; /* not sent by every client; the token still decides */
	char want[300];
	snprintf(want, sizeof want, "%s://%s", secure ? "https" : "http", host ? host : "");
	return host && strcmp(origin, want) == 0;
}

/* The synchronizer token: X-CSRF-Token from fetch, or the csrf_token field of
 * a url-encoded form. */
static bool csrf_ok(struct MHD_Connection *conn, const struct request *rq, const char *want)
{
	const char *got = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	char field[64] = "";
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (!got && ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 && rq->body.buf) {
		const char *b = rq->body.buf;
		for (const char *p = b; p; p = strchr(p, '&')) {
			if (*p == '&')
				p++;
			if (strncmp(p, "csrf_token=", 11) == 0) {
				size_t n = strcspn(p + 11, "&");
				if (n < sizeof field) {
					memcpy(field, p + 11, n);
					field[n] = '\0';
					got = field;
				}
				break;
			}
		}
	}
	return got && want && accounts_token_equal(got, want);
}

/* Matches path against pattern; {id} segments must be positive integers. */
static bool match(const char *pattern, const char *path, int64_t *params, size_t *n)
{
	*n = 0;
	while (*pattern && *path) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			const char *e = path;
			int64_t v = 0;
			if (*path == '0') /* one spelling per id: no leading zeros */
				return false;
			while (*e >= '0' && *e <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return false;
				v = v * 10 + (*e - '0');
				e++;
			}
			if (e == path || v <= 0 || *n >= HTTP_MAX_PARAMS)
				return false;
			params[(*n)++] = v;
			pattern += 4;
			path = e;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

static enum MHD_Result dispatch(struct http_server *srv, struct MHD_Connection *conn,
				struct request *rq, const char *url, const char *method)
{
	const struct http_route *route = NULL;
	bool path_known = false;
	int64_t params[HTTP_MAX_PARAMS];
	size_t n_params = 0;
	for (size_t i = 0; i < srv->cfg.n_routes && !route; i++) {
		const struct http_route *r = &srv->cfg.routes[i];
		if (match(r->pattern, url, params, &n_params)) {
			path_known = true;
			/* HEAD is GET without the body (MHD drops it), for health checkers. */
			if (strcmp(r->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
				route = r;
		}
	}
	struct http_route fallback = {"GET", "", srv->cfg.fallback, true};
	if (!route && !path_known && srv->cfg.fallback &&
	    (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		route = &fallback;
	if (!route)
		return path_known ? send_error(conn, rq, 405, "method_not_allowed",
					       "this method is not allowed on this path")
				  : send_error(conn, rq, 404, "not_found", "no such endpoint");

	struct clario_err err = {0};
	struct store *store = NULL;
	if (store_pool_acquire(srv->cfg.pool, &store, &err) != CLARIO_OK) {
		log_msg(LOG_ERROR, "no database connection: %s", err.msg);
		return send_error(conn, rq, 503, "busy", "the database is not available");
	}
	struct principal principal = {.kind = PRINCIPAL_NONE};
	char ip[64];
	bool secure;
	client_of(srv, conn, ip, &secure);
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	struct http_ctx c = {
		.method = method,
		.path = url,
		.body = rq->body.buf ? rq->body.buf : "",
		.body_len = rq->body.len,
		.principal = &principal,
		.store = store,
		.app = srv->cfg.app,
		.conn = conn,
		.status = 500,
		.client_ip = ip,
		.secure = secure,
		.host = host ? host : "",
		.body_file = rq->spool_fd >= 0 ? rq->spool_path : NULL,
	};
	memcpy(c.params, params, sizeof params);
	enum MHD_Result result;
	const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	bool embed = authz && strncmp(authz, "Embed ", 6) == 0;
	if (route->public) {
		/* Public pages still greet a signed-in user; failure is not an error. */
		if (srv->cfg.session && (!authz || embed) &&
		    srv->cfg.session(&c, authz, &principal, &err) != CLARIO_OK) {
			memset(&principal, 0, sizeof principal);
			c.session_id = c.csrf = NULL;
		}
		/* Sign-in and reset forms post without a session: Origin decides. */
		if (state_changing(method) && !origin_ok(conn, secure)) {
			store_pool_release(srv->cfg.pool, store);
			return send_error(conn, rq, 403, "forbidden", "cross-site request refused");
		}
	} else {
		enum clario_status st;
		if (authz && !embed)
			st = auth_authenticate(store, authz, &principal, &err);
		else if (srv->cfg.session)
			st = srv->cfg.session(&c, authz, &principal, &err);
		else
			st = clario_err_set(&err, CLARIO_EUNAUTH, "missing or invalid API key");
		if (st != CLARIO_OK) {
			unsigned code = st == CLARIO_EUNAUTH ? 401 : http_status_for(st);
			if (st != CLARIO_EUNAUTH)
				log_msg(LOG_ERROR, "authentication failed: %s", err.msg);
			result = send_error(conn, rq, code, clario_status_name(st == CLARIO_EUNAUTH ? st : CLARIO_EBUSY),
					    st != CLARIO_EUNAUTH ? "the database is not available"
					    : embed ? "the embed token is invalid or expired"
					    : "missing or invalid API key");
			store_pool_release(srv->cfg.pool, store);
			return result;
		}
		rq->principal_kind = principal_kind_name(principal.kind);
		rq->principal_id = principal.kind == PRINCIPAL_PARTNER ? principal.partner_id
									: principal.merchant_id;
		const char *refusal = NULL;
		if (c.session_id && state_changing(method) &&
		    (!origin_ok(conn, secure) || !csrf_ok(conn, rq, c.csrf)))
			refusal = "missing or wrong CSRF token, or a cross-site request";
		else if (principal.read_only && state_changing(method) && strncmp(url, "/web/", 5) != 0)
			refusal = "this account may only read";
		if (refusal) {
			store_pool_release(srv->cfg.pool, store);
			return send_error(conn, rq, 403, "forbidden", refusal);
		}
	}
	if (rq->too_big) {
		store_pool_release(srv->cfg.pool, store);
		char msg[128];
		snprintf(msg, sizeof msg, "body exceeds the limit of %zu bytes",
			 rq->spool_fd >= 0 ? srv->cfg.max_spool : srv->cfg.max_body);
		return send_error(conn, rq, 413, "too_large", msg);
	}
	route->handler(&c);
	store_pool_release(srv->cfg.pool, store);
	result = send_ctx(conn, rq, &c);
	json_decref(c.reply);
	free(c.raw);
	return result;
}

/* An upload: authenticate first (no one streams a gigabyte to us without a
 * key), then open the temp file its body goes to. Returns true when the
 * request was answered already (*refused holds MHD's verdict). */
static bool start_spool(struct http_server *srv, struct MHD_Connection *conn, struct request *rq,
			enum MHD_Result *refused)
{
	struct clario_err err = {0};
	struct store *store = NULL;
	if (store_pool_acquire(srv->cfg.pool, &store, &err) != CLARIO_OK) {
		*refused = send_error(conn, rq, 503, "busy", "the database is not available");
		return true;
	}
	struct principal principal = {.kind = PRINCIPAL_NONE};
	const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	enum clario_status st = auth_authenticate(store, authz, &principal, &err);
	store_pool_release(srv->cfg.pool, store);
	if (st != CLARIO_OK) {
		*refused = st == CLARIO_EUNAUTH
				   ? send_error(conn, rq, 401, "unauthenticated", "missing or invalid API key")
				   : send_error(conn, rq, 503, "busy", "the database is not available");
		return true;
	}
	const char *dir = srv->cfg.spool_dir ? srv->cfg.spool_dir : "/tmp";
	snprintf(rq->spool_path, sizeof rq->spool_path, "%s/clario-upload-XXXXXX", dir);
	rq->spool_fd = mkstemp(rq->spool_path);
	if (rq->spool_fd < 0) {
		log_msg(LOG_ERROR, "upload temp file in %s: %s", dir, strerror(errno));
		*refused = send_error(conn, rq, 503, "busy", "no room for the upload");
		return true;
	}
	return false;
}

static bool spool_write(struct http_server *srv, struct request *rq, const char *data, size_t len)
{
	if (rq->bytes_in > srv->cfg.max_spool)
		return false;
	while (len) {
		ssize_t n = write(rq->spool_fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_msg(LOG_ERROR, "upload temp file: %s", strerror(errno));
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	struct http_server *srv = cls;
	struct request *rq = *req_cls;
	(void)version;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		strbuf_init(&rq->body, srv->cfg.max_body);
		rq->principal_kind = "none";
		snprintf(rq->path, sizeof rq->path, "%s", url);
		snprintf(rq->method, sizeof rq->method, "%s", method);
		rq->spool_fd = -1;
		*req_cls = rq;
		if (atomic_load(&srv->stopping))
			return send_error(conn, rq, 503, "busy", "the server is shutting down");
		rq->admitted = true;
		atomic_fetch_add(&srv->admitted, 1);
		size_t limit = srv->cfg.max_body;
		if (srv->cfg.spool && srv->cfg.spool(method, url)) {
			enum MHD_Result refused;
			if (start_spool(srv, conn, rq, &refused))
				return refused;
			limit = srv->cfg.max_spool;
		}
		/* A declared length over the limit is refused before reading it. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(cl, &end, 10);
			if (errno || *end || v > limit) {
				rq->too_big = true;
				rq->bytes_in = v;
				char msg[128];
				snprintf(msg, sizeof msg, "body exceeds the limit of %zu bytes", limit);
				return send_error(conn, rq, 413, "too_large", msg);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size && rq->spool_fd >= 0) {
		rq->bytes_in += *upload_data_size;
		if (!rq->too_big && !spool_write(srv, rq, upload_data, *upload_data_size))
			rq->too_big = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		rq->bytes_in += *upload_data_size;
		if (!rq->too_big && !strbuf_append(&rq->body, upload_data, *upload_data_size)) {
			rq->too_big = true;
			strbuf_release(&rq->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->status) /* already answered (413 on Content-Length, 503 while stopping) */
		return MHD_YES;
	return dispatch(srv, conn, rq, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *rq = *req_cls;
	(void)conn;
	if (!rq)
		return;
	unsigned status = rq->status ? rq->status : (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? 200 : 499);
	log_request(rq->method, rq->path, status, ms_since(&rq->start), rq->principal_kind,
		    rq->principal_id, rq->bytes_in);
	bool admitted = rq->admitted;
	strbuf_release(&rq->body);
	if (rq->spool_fd >= 0) {
		close(rq->spool_fd);
		unlink(rq->spool_path);
	}
	free(rq);
	*req_cls = NULL;
	if (admitted)
		atomic_fetch_sub(&srv->admitted, 1);
}

static enum clario_status parse_listen(const char *listen, struct sockaddr_in *sa,
				       struct clario_err *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return clario_err_set(err, CLARIO_EINVAL, "listen: expected HOST:PORT, got \"%s\"", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || *end || colon[1] == '\0' || port < 0 || port > 65535)
		return clario_err_set(err, CLARIO_EINVAL, "listen: bad port in \"%s\"", listen);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return clario_err_set(err, CLARIO_EINVAL, "listen: \"%s\" is not an IPv4 address", host);
	return CLARIO_OK;
}

static enum clario_status write_ready_file(const char *path, uint16_t port, struct clario_err *err)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return clario_err_set(err, CLARIO_EIO, "ready file %s: %s", tmp, strerror(errno));
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return clario_err_set(err, CLARIO_EIO, "ready file %s: %s", path, strerror(errno));
	return CLARIO_OK;
}

enum clario_status http_server_start(const struct http_config *cfg, struct http_server **out,
				     struct clario_err *err)
{
	struct sockaddr_in sa;
	enum clario_status st = parse_listen(cfg->listen, &sa, err);
	if (st != CLARIO_OK)
		return st;
	struct http_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return clario_err_set(err, CLARIO_ENOMEM, "server: out of memory");
	srv->cfg = *cfg;
	atomic_init(&srv->admitted, 0);
	atomic_init(&srv->stopping, false);
	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)0,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)256,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		free(srv);
		return clario_err_set(err, CLARIO_EIO, "cannot listen on %s (in use, or not allowed)",
				      cfg->listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : ntohs(sa.sin_port);
	if (cfg->ready_file && (st = write_ready_file(cfg->ready_file, srv->port, err))) {
		MHD_stop_daemon(srv->daemon);
		free(srv);
		return st;
	}
	*out = srv;
	return CLARIO_OK;
}

uint16_t http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s, unsigned grace_ms)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	/* Only requests admitted before the stop are waited for; kept-alive
	 * clients sending more get 503 and a closed connection. */
	for (unsigned waited = 0; atomic_load(&s->admitted) > 0 && waited < grace_ms; waited += 10) {
		struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->daemon);
	free(s);
}
