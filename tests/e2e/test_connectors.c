/* End-to-end connectors: the real `clario serve` and `clario sync` against a
 * real HTTP double of Moka, Pawoon and Olsera (vendor_double.c). Per vendor a
 * generated run of days is synced while the sync is killed with SIGKILL at
 * random moments, then finished; the summary must equal the vendor's own
 * totals (computed by the double from its data) and a re-sync adds nothing.
 * Moka also: OAuth consent and callback, refresh-token rotation, an outage
 * recorded on the connection (then recovery through 429 + Retry-After),
 * revoked tokens, and webhooks (signatures, replay window, duplicates, out of
 * order, a refund before its sale, dead letters replayed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "harness.h"
#include "vendor_double.h"

extern char **environ;

/* sign.c: an independent Standard Webhooks signer. */
int e2e_test_sign(const char *secret, const char *id, long long ts, const char *body, char *out,
		  size_t size);

static const char *clario_path;
static struct e2e_env env;
static struct vendor_double *vd;
static int64_t m_moka, m_pawoon, m_olsera;
static char k_moka[E2E_KEY_MAX], k_pawoon[E2E_KEY_MAX], k_olsera[E2E_KEY_MAX];

static int setup(void **state)
{
	(void)state;
	struct vd_config cfg = {.seed = 20261118, .per_outlet = 24, .days = 3, .empty_day = 1,
				.expires_in = 3600, .with_refund = 1, .with_malformed = 1};
	vd = vd_start(&cfg);
	if (!vd || e2e_env_init(&env, clario_path) || e2e_env_setup(&env))
		return -1;
	if (e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "olsera", "--name", "Olsera",
		    "--kind", "pos", NULL))
		return -1;
	setenv("CLARIO_SECRET_KEY", "7f3a9c0e5b1d2f4a6c8e0b2d4f6a8c0e7f3a9c0e5b1d2f4a6c8e0b2d4f6a8c0e", 1);
	setenv("CLARIO_MOKA_URL", vd_url(vd, "moka"), 1);
	setenv("CLARIO_PAWOON_URL", vd_url(vd, "pawoon"), 1);
	setenv("CLARIO_OLSERA_URL", vd_url(vd, "olsera"), 1);
	setenv("CLARIO_MOKA_CLIENT_ID", "clario-app", 1);
	setenv("CLARIO_MOKA_CLIENT_SECRET", "clario-secret", 1);
	setenv("CLARIO_MOKA_REDIRECT_URI", "https://app.clario.id/moka/callback", 1);
	setenv("CLARIO_SYNC_BACKOFF_MS", "20", 1);
	setenv("CLARIO_SYNC_RETRIES", "4", 1);
	setenv("CLARIO_SYNC_MAX_WAIT_S", "3", 1);
	setenv("CLARIO_SYNC_PAGE_SIZE", "7", 1);
	if (e2e_server_start(&env, NULL))
		return -1;
	m_moka = e2e_create_merchant(&env, env.admin_key, "Kopi Senja", "cafe", NULL);
	m_pawoon = e2e_create_merchant(&env, env.admin_key, "Warung Bu Sri", "warung", NULL);
	m_olsera = e2e_create_merchant(&env, env.admin_key, "Bakmi Olsera", "restaurant", NULL);
	if (m_moka < 0 || m_pawoon < 0 || m_olsera < 0 || e2e_merchant_key(&env, m_moka, k_moka) ||
	    e2e_merchant_key(&env, m_pawoon, k_pawoon) || e2e_merchant_key(&env, m_olsera, k_olsera))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (env.pid)
		e2e_server_stop(&env);
	e2e_env_release(&env);
	vd_stop(vd);
	return 0;
}

static int sync_cli(const char *vendor, int64_t merchant, char *out, size_t size)
{
	char mid[32];
	snprintf(mid, sizeof mid, "%lld", (long long)merchant);
	return e2e_cli(&env, true, out, size, "sync", "--partner", vendor, "--merchant", mid, "--since",
		       "2026-11-18", NULL);
}

/* Starts a sync and SIGKILLs it after ms milliseconds; true if the kill hit
 * a running sync (false if it had already finished). */
static bool sync_killed(const char *vendor, int64_t merchant, int ms)
{
	char mid[32], v[16], sync[] = "sync", partner[] = "--partner", merch[] = "--merchant",
		 since[] = "--since", day[] = "2026-11-18", dbf[] = "--db";
	snprintf(mid, sizeof mid, "%lld", (long long)merchant);
	snprintf(v, sizeof v, "%s", vendor);
	char *argv[] = {env.clario, sync, partner, v, merch, mid, since, day, dbf, env.db, NULL};
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execve(env.clario, argv, environ);
		_exit(127);
	}
	usleep((useconds_t)ms * 1000);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* kill -9 at random moments, then a full run: exact totals, nothing twice. */
static void kill_then_finish(const char *vendor, int64_t merchant)
{
	srand(20261118);
	vd_delay_ms(vd, 15);
	int hits = 0;
	for (int i = 0; i < 6; i++)
		hits += sync_killed(vendor, merchant, 80 + rand() % 500);
	vd_delay_ms(vd, 0);
	fprintf(stderr, "%s: %d of 6 kills hit a running sync\n", vendor, hits);
	assert_true(hits >= 2); /* kills did land in the middle of syncs */
	char out[512];
	int rc = sync_cli(vendor, merchant, out, sizeof out);
	if (rc != 0)
		fail_msg("sync %s: exit %d: %s", vendor, rc, out);
}

static void expect_summary(const char *vendor, int64_t merchant, const char *key)
{
	struct vd_totals t;
	vd_totals(vd, vendor, &t);
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2026-11-18&to=2026-11-20",
		 (long long)merchant);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	/* The vendor's report, computed by the double from its own data. */
	assert_int_equal(e2e_json_int(r.json, "totals.tickets"), t.tickets);
	assert_int_equal(e2e_json_int(r.json, "totals.gross_sales"), t.gross);
	assert_int_equal(e2e_json_int(r.json, "totals.discounts"), t.discounts);
	assert_int_equal(e2e_json_int(r.json, "totals.service_charge"), t.service);
	assert_int_equal(e2e_json_int(r.json, "totals.tax"), t.tax);
	assert_int_equal(e2e_json_int(r.json, "totals.refunds"), t.refunds);
	assert_int_equal(e2e_json_int(r.json, "totals.net_sales"), t.gross - t.discounts - t.refunds);
	assert_int_equal(e2e_json_int(r.json, "totals.voids"), t.voids);
	assert_true(t.tickets >= 40);
	e2e_resp_free(&r);
}

static int64_t last_lag;

static void connection_status(int64_t merchant, const char *vendor, const char *key, char *status,
			      char *last_error)
{
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/%s", (long long)merchant, vendor);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	snprintf(status, 32, "%s", e2e_json_str(r.json, "status"));
	snprintf(last_error, 512, "%s", e2e_json_str(r.json, "last_error"));
	last_lag = e2e_json_int(r.json, "lag_seconds");
	e2e_resp_free(&r);
}

/* OAuth consent: connect gives the authorize URL with a state; the callback
 * with that state exchanges the code. */
static void moka_connect(void)
{
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/moka/connect", (long long)m_moka);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, k_moka, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	char state[64];
	snprintf(state, sizeof state, "%s", e2e_json_str(r.json, "state"));
	assert_int_equal(strlen(state), 32);
	assert_non_null(strstr(e2e_json_str(r.json, "authorize_url"), "/oauth/authorize?client_id=clario-app"));
	assert_non_null(strstr(e2e_json_str(r.json, "authorize_url"), state));
	e2e_resp_free(&r);
	/* A wrong state is refused; the right one connects, once. */
	assert_int_equal(e2e_call(&env, "GET", "/v1/connectors/moka/callback?code=good-code&state=0123456789abcdef0123456789abcdef",
				  NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/connectors/moka/callback?code=good-code&state=%s", state);
	assert_int_equal(e2e_call(&env, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "merchant_id"), m_moka);
	e2e_resp_free(&r);
	assert_int_equal(e2e_call(&env, "GET", path, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401); /* the state is single-use */
	e2e_resp_free(&r);
}

static void test_moka_sync(void **state)
{
	(void)state;
	moka_connect();
	kill_then_finish("moka", m_moka);
	expect_summary("moka", m_moka, k_moka);
	char out[512];
	assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 0);
	assert_non_null(strstr(out, " created=0 "));
	assert_non_null(strstr(out, " refunds_added=0 "));
	expect_summary("moka", m_moka, k_moka);
	char st[32], le[512];
	connection_status(m_moka, "moka", k_moka, st, le);
	assert_string_equal(st, "active");
	assert_string_equal(le, "");
	/* The newest generated sale is on 2026-11-20 before 22:00 WIB: the lag
	 * is at least the time since then. */
	assert_true(last_lag >= (int64_t)time(NULL) - 1795186800 /* 2026-11-20T22:00+07:00 */);
	/* The malformed transactions were kept with their reason. */
	struct vd_totals t;
	vd_totals(vd, "moka", &t);
	char list[4096];
	assert_int_equal(e2e_cli(&env, true, list, sizeof list, "deadletters", "list", "--source", "moka", NULL), 0);
	int n = 0;
	for (const char *p = list; (p = strstr(p, "quantity")); p++)
		n++;
	assert_int_equal(n, t.malformed);
}

static void test_moka_rotation(void **state)
{
	(void)state;
	struct vd_counters before, after;
	vd_counters(vd, &before);
	/* The access token expires (a 401 forces the first refresh); the new ones
	 * live 301 s, inside the 300 s margin, so every later sync refreshes. */
	vd_set_expires(vd, 301);
	vd_expire_access(vd);
	char out[512];
	for (int i = 0; i < 3; i++) {
		sleep(1);
		assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 0);
	}
	vd_counters(vd, &after);
	assert_true(after.refreshes - before.refreshes >= 3);
	assert_int_equal(after.refresh_reuse, 0); /* never an already-rotated token */
	vd_set_expires(vd, 3600);
	expect_summary("moka", m_moka, k_moka);
}

static void test_moka_outage(void **state)
{
	(void)state;
	char out[512], st[32], le[512];
	vd_fail_next(vd, 1000, 503, -1);
	assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 1);
	connection_status(m_moka, "moka", k_moka, st, le);
	assert_string_equal(st, "error");
	assert_non_null(strstr(le, "vendor unavailable"));
	assert_true(e2e_server_alive(&env));
	/* One 429 with Retry-After: 1, then the vendor is back. */
	vd_fail_next(vd, 1, 429, 1);
	struct vd_counters before, after;
	vd_counters(vd, &before);
	assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 0);
	vd_counters(vd, &after);
	assert_int_equal(after.served_429 - before.served_429, 1);
	assert_true(after.min_gap_after_429 >= 0.95);
	connection_status(m_moka, "moka", k_moka, st, le);
	assert_string_equal(st, "active");
	expect_summary("moka", m_moka, k_moka);
}

static void test_moka_revoked_then_reconnect(void **state)
{
	(void)state;
	char out[512], st[32], le[512];
	vd_revoke_all(vd);
	assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 1);
	connection_status(m_moka, "moka", k_moka, st, le);
	assert_string_equal(st, "error");
	assert_non_null(strstr(le, "reconnect"));
	moka_connect();
	assert_int_equal(sync_cli("moka", m_moka, out, sizeof out), 0);
	connection_status(m_moka, "moka", k_moka, st, le);
	assert_string_equal(st, "active");
}

/* ---- webhooks ---- */

static char secret[128];

static long post_webhook(const char *key, const char *id, long long ts, const char *body,
			 const char *sig_override, char *reply, size_t size)
{
	char sig[256] = "";
	if (sig_override) {
		snprintf(sig, sizeof sig, "%s", sig_override);
	} else {
		assert_int_equal(e2e_test_sign(secret, id, ts, body, sig, sizeof sig), 0);
	}
	CURL *c = curl_easy_init();
	char url[256], h1[300], h2[64], h3[300], auth[300];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/v1/connectors/moka/webhook", env.port);
	snprintf(h1, sizeof h1, "webhook-id: %s", id);
	snprintf(h2, sizeof h2, "webhook-timestamp: %lld", ts);
	snprintf(h3, sizeof h3, "webhook-signature: %s", sig);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, h1);
	h = curl_slist_append(h, h2);
	h = curl_slist_append(h, h3);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	FILE *mem = fmemopen(reply, size, "w");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, mem);
	long status = 0;
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	fclose(mem);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static void event(char *out, size_t size, const char *name, const char *ev_id, const char *outlet,
		  const char *ts, const char *body)
{
	snprintf(out, size,
		 "{\"header\":{\"event_name\":\"%s\",\"event_id\":\"%s\",\"outlet_id\":\"%s\",\"version\":1,"
		 "\"timestamp\":\"%s\"},\"body\":%s}",
		 name, ev_id, outlet, ts, body);
}

/* A sale of qty × Es Kopi 20.000 on 2026-11-21 (a day with nothing synced),
 * PB1 10%, paid exactly. */
static void sale_body(char *out, size_t size, const char *id, int qty)
{
	snprintf(out, size,
		 "{\"id\":\"%s\",\"date\":\"2026-11-21T05:00:00Z\",\"subtotal\":%d,\"total_collected\":%d,"
		 "\"total_discounts\":0,\"total_gratuities\":0,\"total_taxes\":-%d.0,\"payment_type\":\"cash\","
		 "\"items\":[{\"id\":501,\"name\":\"Es Kopi\",\"price\":20000,\"quantity\":%d}]}",
		 id, qty * 20000, qty * 22000, qty * 2000, qty);
}

static void expect_outcome(long status, const char *reply, long want_status, const char *want)
{
	if (status != want_status || !strstr(reply, want))
		fail_msg("webhook: HTTP %ld %s (wanted %ld with %s)", status, reply, want_status, want);
}

static void test_moka_webhooks(void **state)
{
	(void)state;
	char reply[2048], ev[2048], body[1024];
	assert_int_equal(e2e_cli(&env, true, secret, sizeof secret, "connectors", "secret", "--partner", "moka", NULL), 0);
	assert_int_equal(strncmp(secret, "whsec_", 6), 0);
	long long now = (long long)time(NULL);

	sale_body(body, sizeof body, "W-1", 1);
	event(ev, sizeof ev, "moka.transaction.created", "e-1", "442608", "2026-11-21T05:00:10Z", body);
	expect_outcome(post_webhook(env.moka_key, "msg_1", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"created\":1");
	/* The same delivery again: acknowledged, nothing changes. */
	expect_outcome(post_webhook(env.moka_key, "msg_1", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"outcome\":\"duplicate\"");
	/* The same event under a new delivery id: ingest sees the same revision. */
	expect_outcome(post_webhook(env.moka_key, "msg_1b", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"duplicate\":1");

	/* Out of order: the update (qty 2, later) before the creation (qty 1). */
	sale_body(body, sizeof body, "W-2", 2);
	event(ev, sizeof ev, "moka.transaction.updated", "e-3", "442608", "2026-11-21T05:30:00Z", body);
	expect_outcome(post_webhook(env.moka_key, "msg_2", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"created\":1");
	sale_body(body, sizeof body, "W-2", 1);
	event(ev, sizeof ev, "moka.transaction.created", "e-2", "442608", "2026-11-21T05:00:10Z", body);
	expect_outcome(post_webhook(env.moka_key, "msg_3", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"duplicate\":1");

	/* A refund before its sale: kept pending, applied when the sale comes. */
	event(ev, sizeof ev, "moka.transaction.refunded", "e-4", "442608", "2026-11-21T06:00:00Z",
	      "{\"id\":\"WR-3\",\"parent_payment_id\":\"W-3\",\"created_at\":\"2026-11-21T06:00:00Z\","
	      "\"subtotal\":-20000,\"total_collected\":-22000,\"items\":[]}");
	expect_outcome(post_webhook(env.moka_key, "msg_4", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"refunds_pending\":1");
	sale_body(body, sizeof body, "W-3", 3);
	event(ev, sizeof ev, "moka.transaction.created", "e-5", "442608", "2026-11-21T05:00:10Z", body);
	expect_outcome(post_webhook(env.moka_key, "msg_5", now, ev, NULL, reply, sizeof reply), reply, 200,
		       "\"refunds_added\":1");

	/* Authentication: a wrong signature, a stale timestamp, another partner's
	 * key, no key: nothing recorded. */
	expect_outcome(post_webhook(env.moka_key, "msg_6", now, ev,
				    "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", reply, sizeof reply),
		       reply, 401, "no valid v1 signature");
	expect_outcome(post_webhook(env.moka_key, "msg_7", now - 301, ev, NULL, reply, sizeof reply), reply,
		       401, "replay window");
	expect_outcome(post_webhook(env.pawoon_key, "msg_8", now, ev, NULL, reply, sizeof reply), reply, 403,
		       "only the moka partner");
	expect_outcome(post_webhook("clk_live_nope", "msg_9", now, ev, NULL, reply, sizeof reply), reply, 401,
		       "");

	/* An unknown outlet: a dead letter, replayed once the outlet exists. */
	sale_body(body, sizeof body, "W-4", 1);
	event(ev, sizeof ev, "moka.transaction.created", "e-6", "G999", "2026-11-21T05:00:10Z", body);
	expect_outcome(post_webhook(env.moka_key, "msg_10", now, ev, NULL, reply, sizeof reply), reply, 202,
		       "unknown outlet");
	char out[256];
	assert_int_equal(e2e_cli(&env, true, out, sizeof out, "deadletters", "replay", "--source", "moka", NULL), 1);
	assert_string_equal(out, "replayed=0 failed=1");
	assert_true(e2e_create_outlet(&env, env.admin_key, m_moka, "G999", "Senja Pop-up", "Asia/Jakarta",
				      "00:00", "moka") > 0);
	assert_int_equal(e2e_cli(&env, true, out, sizeof out, "deadletters", "replay", "--source", "moka", NULL), 0);
	assert_string_equal(out, "replayed=1 failed=0"); /* the G999 sale */

	/* 2026-11-21 by hand: W-1 1 × 20.000, W-2 2 × 20.000 (the update won),
	 * W-3 3 × 20.000, W-4 1 × 20.000 → 7 × 20.000 = 140.000 gross, tax 14.000,
	 * one refund of 20.000 → net 120.000; 4 tickets. */
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2026-11-21&to=2026-11-21", (long long)m_moka);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, k_moka, NULL, &r), 0);
	assert_int_equal(e2e_json_int(r.json, "totals.tickets"), 4);
	assert_int_equal(e2e_json_int(r.json, "totals.gross_sales"), 140000);
	assert_int_equal(e2e_json_int(r.json, "totals.tax"), 14000);
	assert_int_equal(e2e_json_int(r.json, "totals.refunds"), 20000);
	assert_int_equal(e2e_json_int(r.json, "totals.net_sales"), 120000);
	e2e_resp_free(&r);
}

/* ---- Pawoon and Olsera ---- */

static void connect_with(const char *vendor, int64_t merchant, const char *key, const char *body)
{
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/%s", (long long)merchant, vendor);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "POST", path, key, body, &r), 0);
	assert_int_equal(r.status, 201);
	assert_string_equal(e2e_json_str(r.json, "status"), "active");
	assert_true(json_is_true(e2e_json_get(r.json, "connected")));
	/* Secrets never come back. */
	assert_null(strstr(r.body, "secret"));
	e2e_resp_free(&r);
}

static void test_pawoon_sync(void **state)
{
	(void)state;
	connect_with("pawoon", m_pawoon, k_pawoon, "{\"client_id\":\"pw-client\",\"client_secret\":\"pw-secret\"}");
	kill_then_finish("pawoon", m_pawoon);
	expect_summary("pawoon", m_pawoon, k_pawoon);
	/* A short token lifetime: the sync takes a new one (client credentials). */
	vd_set_expires(vd, 301);
	sleep(1);
	char out[512];
	assert_int_equal(sync_cli("pawoon", m_pawoon, out, sizeof out), 0);
	assert_non_null(strstr(out, " created=0 "));
	vd_set_expires(vd, 3600);
	expect_summary("pawoon", m_pawoon, k_pawoon);
}

static void test_olsera_sync(void **state)
{
	(void)state;
	connect_with("olsera", m_olsera, k_olsera, "{\"app_id\":\"ol-app\",\"secret_key\":\"ol-secret\",\"store\":\"bakmi-olsera\"}");
	kill_then_finish("olsera", m_olsera); /* day 2 of 3 is empty: Olsera's 404 */
	expect_summary("olsera", m_olsera, k_olsera);
	char out[512];
	assert_int_equal(sync_cli("olsera", m_olsera, out, sizeof out), 0);
	assert_non_null(strstr(out, " created=0 "));
}

static void test_lifecycle(void **state)
{
	(void)state;
	char path[128], st[32], le[512], out[512];
	struct e2e_resp r;
	/* Another merchant's connection answers like a missing one. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/pawoon", (long long)m_pawoon);
	assert_int_equal(e2e_call(&env, "GET", path, k_olsera, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/pawoon/pause", (long long)m_pawoon);
	assert_int_equal(e2e_call(&env, "POST", path, k_pawoon, "{}", &r), 0);
	assert_int_equal(r.status, 200);
	e2e_resp_free(&r);
	struct vd_counters before, after;
	vd_counters(vd, &before);
	assert_int_equal(sync_cli("pawoon", m_pawoon, out, sizeof out), 0);
	assert_non_null(strstr(out, "connections=0"));
	vd_counters(vd, &after);
	assert_int_equal(after.data_requests, before.data_requests); /* paused: not synced */
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections/pawoon", (long long)m_pawoon);
	assert_int_equal(e2e_call(&env, "DELETE", path, k_pawoon, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "status"), "disconnected");
	assert_false(json_is_true(e2e_json_get(r.json, "connected")));
	e2e_resp_free(&r);
	connection_status(m_pawoon, "pawoon", k_pawoon, st, le);
	assert_string_equal(st, "disconnected");
	snprintf(path, sizeof path, "/v1/merchants/%lld/connections", (long long)m_moka);
	assert_int_equal(e2e_call(&env, "GET", path, k_moka, NULL, &r), 0);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "connections")), 1);
	e2e_resp_free(&r);
}

/* The scheduler of `clario serve`, asked for with CLARIO_SYNC_INTERVAL: it
 * syncs the active connections by itself, and a SIGTERM still stops cleanly. */
static void test_scheduler(void **state)
{
	(void)state;
	assert_int_equal(e2e_server_stop(&env), 0);
	struct vd_counters before, now;
	vd_counters(vd, &before);
	const char *extra[] = {"CLARIO_SYNC_INTERVAL=1", NULL};
	assert_int_equal(e2e_server_start(&env, extra), 0);
	bool synced = false;
	for (int i = 0; i < 100 && !synced; i++) {
		usleep(100000);
		vd_counters(vd, &now);
		synced = now.data_requests > before.data_requests; /* only a sync asks the vendors */
	}
	assert_true(synced);
	char st[32], le[512];
	connection_status(m_olsera, "olsera", k_olsera, st, le);
	assert_string_equal(st, "active");
	expect_summary("olsera", m_olsera, k_olsera);
	assert_int_equal(e2e_server_stop(&env), 0);
	assert_int_equal(e2e_server_start(&env, NULL), 0);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moka_sync),
		cmocka_unit_test(test_moka_rotation),
		cmocka_unit_test(test_moka_outage),
		cmocka_unit_test(test_moka_revoked_then_reconnect),
		cmocka_unit_test(test_moka_webhooks),
		cmocka_unit_test(test_pawoon_sync),
		cmocka_unit_test(test_olsera_sync),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_scheduler),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
