/* clario serve: migrations, then the HTTP server with its pool of database
 * connections and the group-commit writer, until SIGINT or SIGTERM; then a
 * graceful stop (in-flight requests finish, the database closes cleanly). */
#include <jansson.h>
#include <sodium.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/embed.h"
#include "accounts/password.h"
#include "api/api.h"
#include "auth/auth.h"
#include "base/log.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "programme/recorder.h"
#include "connectors/sync.h"
#include "store/connections.h"

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

#ifndef CLARIO_WEB_DIR
#define CLARIO_WEB_DIR "web"
#endif

/* The web application's settings from the environment: where web/ is, the
 * server secret for embed tokens, the password-hashing cap, session lifetime,
 * login limits, trusted proxies and demo mode (reset links to the log). */
static enum clario_status web_setup(struct api_app *app, struct http_config *cfg,
				    struct clario_err *err)
{
	int64_t hashers = 4, ttl = 12 * 3600;
	const char *v = getenv("CLARIO_HASH_CONCURRENCY");
	if (v && !cli_int("CLARIO_HASH_CONCURRENCY", v, 1, 64, &hashers))
		return clario_err_set(err, CLARIO_EINVAL, "CLARIO_HASH_CONCURRENCY: 1 to 64");
	v = getenv("CLARIO_SESSION_TTL");
	if (v && !cli_int("CLARIO_SESSION_TTL", v, 60, 30 * 86400, &ttl))
		return clario_err_set(err, CLARIO_EINVAL, "CLARIO_SESSION_TTL: 60 s to 30 days");
	enum clario_status st = accounts_password_init((unsigned)hashers, 2000, err);
	if (st != CLARIO_OK)
		return st;
	const char *secret = getenv("CLARIO_SECRET");
	char random_secret[65];
	if (!secret || !*secret) {
		/* Without a configured secret, embed tokens last until the restart. */
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(random_secret, sizeof random_secret, raw, sizeof raw);
		secret = random_secret;
		log_msg(LOG_WARN, "CLARIO_SECRET is not set: embed tokens are signed with a random key"
				  " and stop working when the server restarts");
	}
	if ((st = accounts_embed_init(secret, strlen(secret), err)))
		return clario_err_prefix(err, "CLARIO_SECRET: "), st;
	sodium_memzero(random_secret, sizeof random_secret);
	app->web_root = env_or("CLARIO_WEB_ROOT", CLARIO_WEB_DIR);
	app->demo = strcmp(env_or("CLARIO_DEMO", "0"), "1") == 0;
	app->login.session_ttl = ttl;
	app->login.per_account = ratelimit_new(5, 15 * 60, 65536);
	app->login.per_ip = ratelimit_new(50, 15 * 60, 65536);
	if (!app->login.per_account || !app->login.per_ip)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory for login limits");
	cfg->session = api_web_session;
	cfg->fallback = api_web_fallback;
	cfg->trusted_proxies = getenv("CLARIO_TRUSTED_PROXIES");
	return CLARIO_OK;
}

int cli_serve(int argc, char **argv)
{
	const char *db = NULL, *ready = NULL, *threads_s = NULL;
	const char *listen = env_or("CLARIO_LISTEN", "127.0.0.1:8080");
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--listen", &listen, &bad) &&
		    !cli_opt(argc, argv, &i, "--threads", &threads_s, &bad) &&
		    !cli_opt(argc, argv, &i, "--ready-file", &ready, &bad)) {
			fprintf(stderr, "usage: clario serve [--db FILE] [--listen HOST:PORT]"
					" [--threads N] [--ready-file FILE]\n");
			return 2;
		}
	if (bad)
		return 2;
	int64_t threads = 16, max_body = 8 * 1024 * 1024;
	threads_s = threads_s ? threads_s : getenv("CLARIO_THREADS");
	if (threads_s && !cli_int("threads", threads_s, 1, 256, &threads))
		return 2;
	const char *mb = getenv("CLARIO_MAX_BODY");
	if (mb && !cli_int("CLARIO_MAX_BODY", mb, 1024, (int64_t)1 << 30, &max_body))
		return 2;
	int64_t max_upload = (int64_t)1 << 30; /* CSV uploads stream to disk */
	const char *mu = getenv("CLARIO_MAX_UPLOAD");
	if (mu && !cli_int("CLARIO_MAX_UPLOAD", mu, 1024, (int64_t)1 << 40, &max_upload))
		return 2;
	db = cli_db_url(db);

	struct clario_err err = {0};
	int rc = 1;
	struct store_pool *pool = NULL;
	struct http_server *srv = NULL;
	struct api_app app = {0};
	struct connectors_scheduler *sched = NULL;
	json_object_seed(0);
	if (auth_init(&err)) {
		fprintf(stderr, "clario serve: %s\n", err.msg);
		return 1;
	}
	/* Signals are taken by sigwait below only: block them before any thread starts. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct store *s = cli_open_store(db, false);
	if (!s)
		return 1;
	store_close(s);
	/* Connector tokens and webhook secrets need the key; without it the rest
	 * of the API still serves and the connectors answer why they cannot. */
	struct clario_err kerr = {0};
	if (store_connections_key_init(db, &kerr))
		log_msg(LOG_WARN, "connectors disabled: %s", kerr.msg);
	int64_t sync_interval = 0;
	const char *si = getenv("CLARIO_SYNC_INTERVAL");
	if (si && *si && !cli_int("CLARIO_SYNC_INTERVAL", si, 0, 86400, &sync_interval))
		return 1;
	if (store_pool_new(db, (size_t)threads + 2, &pool, &err) ||
	    ingest_writer_new(db, &app.writer, &err))
		goto out;
	int64_t flush_ms = 1000;
	const char *fm = getenv("CLARIO_USAGE_FLUSH_MS");
	if (fm && !cli_int("CLARIO_USAGE_FLUSH_MS", fm, 1, 600000, &flush_ms))
		goto out;
	if (programme_recorder_start(db, (unsigned)flush_ms, &app.usage, &err))
		goto out;
	size_t n_routes;
	const struct http_route *routes = api_routes(&n_routes);
	struct http_config cfg = {
		.listen = listen,
		.threads = (unsigned)threads,
		.max_body = (size_t)max_body,
		.ready_file = ready,
		.routes = routes,
		.n_routes = n_routes,
		.pool = pool,
		.app = &app,
		.spool = api_spool_route,
		.max_spool = (size_t)max_upload,
		.spool_dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	};
	if (web_setup(&app, &cfg, &err) || http_server_start(&cfg, &srv, &err))
		goto out;
	if (sync_interval > 0 && !kerr.msg[0] &&
	    connectors_scheduler_start(db, (unsigned)sync_interval, &sched, &err))
		goto out;
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
	log_msg(LOG_INFO, "listening on http://%s:%u (database %s, %lld threads)", host,
		http_server_port(srv), db, (long long)threads);
	int sig = 0;
	sigwait(&sigs, &sig);
	log_msg(LOG_INFO, "received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_server_stop(srv, 10000);
	srv = NULL;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "clario serve: %s\n", err.msg);
	connectors_scheduler_stop(sched);
	http_server_stop(srv, 0);
	programme_recorder_stop(app.usage); /* after the server: queued usage is written */
	ingest_writer_free(app.writer);
	ratelimit_free(app.login.per_account);
	ratelimit_free(app.login.per_ip);
	store_pool_free(pool);
	tz_cache_free();
	if (rc == 0)
		log_msg(LOG_INFO, "stopped; database closed");
	return rc;
}
