/* End-to-end: running the server. One JSON log line per request, never a
 * secret; SIGTERM exits 0 promptly with the database closed (no -wal), every
 * acknowledged batch on disk even mid-ingest; data survives a restart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "oracle.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t merchant;
static char merchant_key[E2E_KEY_MAX];

static int setup(void **state)
{
	(void)state;
	return e2e_env_init(&env, clario_path) || e2e_env_setup(&env) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

/* Whether the stopped server left its database closed: on SQLite no -wal file
 * (check before opening the database ourselves: a read-only reader of a WAL
 * database may leave -wal behind); on PostgreSQL no connection to it left in
 * pg_stat_activity (a closed socket's backend may take a moment to go). */
static bool db_closed(char *why, size_t why_size)
{
	if (e2e_pg()) {
		int64_t n = -1;
		double deadline = e2e_now() + 5.0;
		while ((n = e2e_sql_pg_connections(env.db)) > 0 && e2e_now() < deadline)
			usleep(20000);
		if (n == 0)
			return true;
		snprintf(why, why_size, "%lld connection(s) to %s still open after the server exited",
			 (long long)n, env.pg_db);
		return false;
	}
	char wal[E2E_PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", env.db);
	if (access(wal, F_OK) != 0)
		return true;
	snprintf(why, why_size, "%s still exists after the server exited", wal);
	return false;
}

static void expect_wal_gone(void)
{
	char why[E2E_PATH_MAX + 128];
	if (!db_closed(why, sizeof why))
		fail_msg("%s: database not closed cleanly", why);
}

static void expect_no_secrets(void)
{
	const char *keys[] = {env.admin_key, env.moka_key, env.pawoon_key, merchant_key};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (!keys[k][0])
			continue;
		const char *secret = strrchr(keys[k], '_');
		assert_non_null(secret);
		assert_true(strlen(secret + 1) >= 16);
		if (e2e_file_contains(env.log, secret + 1))
			fail_msg("key %zu's secret appears in the server log %s", k, env.log);
	}
}

struct logged {
	const char *method, *path;
	long status;
	const char *principal; /* NULL: "none" or the key's kind, either is fine */
	bool seen;
};

/* Whether a log line (parsed) is the record of want. Paths are compared
 * without a query string. */
static bool log_matches(const json_t *line, const struct logged *want)
{
	const char *path = e2e_json_str(line, "path");
	size_t plen = strcspn(path, "?");
	size_t wlen = strcspn(want->path, "?");
	if (plen != wlen || strncmp(path, want->path, wlen) != 0)
		return false;
	if (strcmp(e2e_json_str(line, "method"), want->method) != 0)
		return false;
	if (e2e_json_int(line, "status") != want->status)
		return false;
	const char *principal = e2e_json_str(line, "principal");
	if (want->principal)
		return strcmp(principal, want->principal) == 0;
	return principal[0] != '\0';
}

static void request(const char *method, const char *path, const char *key, const char *body,
		    long want_status, struct e2e_resp *r)
{
	assert_int_equal(e2e_call(&env, method, path, key, body, r), 0);
	if (r->status != want_status)
		fail_msg("%s %s: want %ld, got %ld %s", method, path, want_status, r->status,
			 r->body);
}

static void test_request_log_and_clean_shutdown(void **state)
{
	(void)state;
	assert_int_equal(e2e_server_start(&env, NULL), 0);
	struct e2e_resp r;
	char wrong[E2E_KEY_MAX];
	snprintf(wrong, sizeof wrong, "%s", env.admin_key);
	wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';

	request("GET", "/healthz", NULL, NULL, 200, &r);
	e2e_resp_free(&r);
	request("GET", "/v1/merchants", NULL, NULL, 401, &r);
	e2e_resp_free(&r);
	request("GET", "/v1/merchants", wrong, NULL, 401, &r);
	e2e_resp_free(&r);
	request("GET", "/v1/merchants", env.admin_key, NULL, 200, &r);
	e2e_resp_free(&r);
	merchant = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	assert_true(merchant > 0);
	char outlets[64], summary[160];
	snprintf(outlets, sizeof outlets, "/v1/merchants/%lld/outlets", (long long)merchant);
	snprintf(summary, sizeof summary,
		 "/v1/merchants/%lld/summary?from=2027-06-01&to=2027-06-30", (long long)merchant);
	assert_true(e2e_create_outlet(&env, env.moka_key, merchant, "JKT-1", "Senopati",
				      "Asia/Jakarta", "04:00", NULL) > 0);
	assert_int_equal(e2e_merchant_key(&env, merchant, merchant_key), 0);
	json_t *batch = json_pack("[o]", e2e_ticket("JKT-1", "LOG-1", 1,
						    "2027-06-01T12:00:00+07:00", 2, 15000));
	assert_int_equal(e2e_call_json(&env, "POST", "/v1/tickets", merchant_key, batch, &r), 0);
	json_decref(batch);
	assert_int_equal(r.status, 200);
	e2e_resp_free(&r);
	request("GET", summary, merchant_key, NULL, 200, &r);
	assert_int_equal(e2e_json_int(r.json, "totals.gross_sales"), 30000);
	e2e_resp_free(&r);
	request("GET", "/v1/nope", env.admin_key, NULL, 404, &r);
	e2e_resp_free(&r);
	request("DELETE", "/v1/merchants", env.admin_key, NULL, 405, &r);
	e2e_resp_free(&r);
	request("POST", "/v1/tickets", env.moka_key, "[{", 400, &r);
	e2e_resp_free(&r);

	struct logged want[] = {
		{"GET", "/healthz", 200, "none", false},
		{"GET", "/v1/merchants", 401, "none", false},
		{"GET", "/v1/merchants", 401, "none", false},
		{"GET", "/v1/merchants", 200, "admin", false},
		{"POST", "/v1/merchants", 201, "partner", false},
		{"POST", outlets, 201, "partner", false},
		{"POST", "/v1/tickets", 200, "merchant", false},
		{"GET", summary, 200, "merchant", false},
		{"GET", "/v1/nope", 404, NULL, false},
		{"DELETE", "/v1/merchants", 405, NULL, false},
		{"POST", "/v1/tickets", 400, "partner", false},
	};
	size_t n_want = sizeof want / sizeof want[0];

	assert_int_equal(e2e_server_stop(&env), 0);
	expect_wal_gone();

	/* Every line is one JSON object; request lines match the calls one to one. */
	char *log = e2e_read_file(env.log, NULL);
	assert_non_null(log);
	size_t n_requests = 0, line_no = 0;
	char *save = log;
	while (*save) {
		char *nl = strchr(save, '\n');
		if (nl)
			*nl = '\0';
		line_no++;
		if (*save) {
			json_error_t jerr;
			json_t *line = json_loads(save, 0, &jerr);
			if (!json_is_object(line))
				fail_msg("log line %zu is not a JSON object: %.300s", line_no, save);
			if (json_object_get(line, "status") && json_object_get(line, "method")) {
				n_requests++;
				json_t *dur = json_object_get(line, "duration_ms");
				if (!json_is_number(dur) || json_number_value(dur) < 0)
					fail_msg("log line %zu: no duration_ms: %s", line_no, save);
				if (!json_is_string(json_object_get(line, "ts")))
					fail_msg("log line %zu: no ts: %s", line_no, save);
				bool matched = false;
				for (size_t i = 0; i < n_want && !matched; i++) {
					if (!want[i].seen && log_matches(line, &want[i])) {
						want[i].seen = true;
						matched = true;
					}
				}
				if (!matched)
					fail_msg("log line %zu matches no request made: %s", line_no, save);
			}
			json_decref(line);
		}
		if (!nl)
			break;
		save = nl + 1;
	}
	free(log);
	for (size_t i = 0; i < n_want; i++)
		if (!want[i].seen)
			fail_msg("no log line for %s %s → %ld", want[i].method, want[i].path,
				 want[i].status);
	assert_int_equal(n_requests, n_want);
	expect_no_secrets();
	assert_false(e2e_file_contains(env.log, wrong + strlen(wrong) - 16));
}

static void test_restart_keeps_data(void **state)
{
	(void)state;
	assert_true(merchant > 0);
	assert_int_equal(e2e_server_start(&env, NULL), 0);
	char summary[160];
	snprintf(summary, sizeof summary,
		 "/v1/merchants/%lld/summary?from=2027-06-01&to=2027-06-01", (long long)merchant);
	struct e2e_resp r;
	request("GET", summary, merchant_key, NULL, 200, &r);
	assert_int_equal(e2e_json_int(r.json, "totals.gross_sales"), 30000);
	assert_int_equal(e2e_json_int(r.json, "totals.tickets"), 1);
	e2e_resp_free(&r);
	assert_int_equal(e2e_server_stop(&env), 0);
	expect_wal_gone();
}

#define SIG_BATCH 50
#define SIG_MAX_BATCHES 2000
#define SIG_FEEDERS 4

struct feeder {
	struct e2e_env env; /* a copy with its own curl handle */
	int index;
	atomic_int acked[SIG_MAX_BATCHES]; /* 1 = answered 200 with all created */
	atomic_int sent;                   /* batches attempted */
	atomic_int *stop;
	char error[256];
};

static void *feeder_run(void *arg)
{
	struct feeder *f = arg;
	f->env.curl = curl_easy_init();
	for (int b = 0; b < SIG_MAX_BATCHES && !*f->stop && f->env.curl; b++) {
		json_t *batch = json_array();
		for (int i = 0; i < SIG_BATCH; i++) {
			char id[48];
			snprintf(id, sizeof id, "SIG-%d-%d-%d", f->index, b, i);
			json_array_append_new(batch, e2e_ticket("JKT-1", id, 1,
								"2027-06-02T12:00:00+07:00", 1,
								10000));
		}
		struct e2e_resp r;
		f->sent = b + 1;
		int rc = e2e_call_json(&f->env, "POST", "/v1/tickets", f->env.moka_key, batch, &r);
		json_decref(batch);
		if (rc != 0) {
			e2e_resp_free(&r);
			break; /* the server went away */
		}
		long status = r.status;
		if (status == 200 && e2e_json_int(r.json, "counts.created") == SIG_BATCH)
			f->acked[b] = 1;
		else if (status != 503)
			snprintf(f->error, sizeof f->error, "batch %d: %ld %.200s", b, status,
				 r.body);
		e2e_resp_free(&r);
		if (status != 200 && status != 503)
			break;
	}
	if (f->env.curl)
		curl_easy_cleanup(f->env.curl);
	f->env.curl = NULL;
	return NULL;
}

static int acked_batches(struct feeder *const *f)
{
	int acked = 0;
	for (int k = 0; k < SIG_FEEDERS; k++)
		for (int b = 0; b < SIG_MAX_BATCHES; b++)
			acked += f[k]->acked[b];
	return acked;
}

/* One stored SIG-k-b-i ticket id: counts it for feeder k, batch b. */
static int count_one(void *ctx, int n, const char *const *values)
{
	int (*stored)[SIG_MAX_BATCHES] = ctx;
	const char *id = n == 1 ? values[0] : NULL;
	if (!id)
		return -1;
	char *end;
	long k = strtol(id + 4, &end, 10);
	long b = *end == '-' ? strtol(end + 1, &end, 10) : -1;
	if (k < 0 || k >= SIG_FEEDERS || b < 0 || b >= SIG_MAX_BATCHES)
		return -1;
	stored[k][b]++;
	return 0;
}

/* Counts the stored SIG-k-b-i tickets per feeder k and batch b. */
static int count_stored(int (*stored)[SIG_MAX_BATCHES])
{
	char why[512];
	if (e2e_sql_rows(env.db, "SELECT external_id FROM tickets WHERE external_id LIKE 'SIG-%'",
			 NULL, 0, count_one, stored, why, sizeof why) == 0)
		return 0;
	fprintf(stderr, "e2e: %s\n", why);
	return -1;
}

/* Four clients keep posting batches on keep-alive connections; SIGTERM must
 * end the server promptly (requests in flight finish, no new work is taken
 * for long), exit 0, leave every acknowledged batch on disk and no batch half
 * stored. */
static void test_sigterm_during_ingest(void **state)
{
	(void)state;
	assert_int_equal(e2e_server_start(&env, NULL), 0);
	struct feeder *f[SIG_FEEDERS];
	pthread_t th[SIG_FEEDERS];
	atomic_int stop = 0;
	for (int k = 0; k < SIG_FEEDERS; k++) {
		f[k] = calloc(1, sizeof *f[k]);
		assert_non_null(f[k]);
		f[k]->env = env;
		f[k]->index = k;
		f[k]->stop = &stop;
		assert_int_equal(pthread_create(&th[k], NULL, feeder_run, f[k]), 0);
	}
	/* Let a few batches land, then stop the server under load. */
	double deadline = e2e_now() + 30;
	while (e2e_now() < deadline && acked_batches(f) < 8)
		usleep(5000);
	int acked_at_term = acked_batches(f);
	double t_term = e2e_now();
	int status = e2e_server_stop(&env);
	double shutdown_s = e2e_now() - t_term;
	char not_closed[E2E_PATH_MAX + 128];
	bool wal_left = !db_closed(not_closed, sizeof not_closed); /* before our reads below */
	stop = 1;
	for (int k = 0; k < SIG_FEEDERS; k++)
		pthread_join(th[k], NULL);
	char error[300] = "";
	for (int k = 0; k < SIG_FEEDERS; k++)
		if (f[k]->error[0] && !error[0])
			snprintf(error, sizeof error, "feeder %d: %s", k, f[k]->error);

	/* Every acknowledged batch is on disk; any other batch is all or nothing. */
	int (*stored)[SIG_MAX_BATCHES] = calloc(SIG_FEEDERS, sizeof *stored);
	assert_non_null(stored);
	if (!error[0] && count_stored(stored) != 0)
		snprintf(error, sizeof error, "cannot count the stored tickets");
	int acked_total = 0, sent_total = 0;
	for (int k = 0; k < SIG_FEEDERS && !error[0]; k++) {
		for (int b = 0; b < f[k]->sent; b++) {
			int n = stored[k][b];
			if (f[k]->acked[b] && n != SIG_BATCH)
				snprintf(error, sizeof error,
					 "batch %d-%d was acknowledged but %d of %d tickets are stored",
					 k, b, n, SIG_BATCH);
			else if (n != 0 && n != SIG_BATCH)
				snprintf(error, sizeof error, "batch %d-%d is half stored: %d of %d",
					 k, b, n, SIG_BATCH);
			acked_total += f[k]->acked[b];
		}
		sent_total += f[k]->sent;
	}
	free(stored);
	for (int k = 0; k < SIG_FEEDERS; k++)
		free(f[k]);
	print_message("SIGTERM after %d acknowledged batches; %d sent, %d acknowledged in all "
		      "(%d after SIGTERM); exit %.2f s after SIGTERM\n",
		      acked_at_term, sent_total, acked_total, acked_total - acked_at_term,
		      shutdown_s);
	if (error[0])
		fail_msg("%s", error);
	assert_int_equal(status, 0);
	if (wal_left)
		fail_msg("%s: not closed cleanly", not_closed);
	assert_true(acked_at_term >= 8);
	if (shutdown_s > 5.0)
		fail_msg("the server took %.1f s to exit after SIGTERM while clients kept sending "
			 "on keep-alive connections (%d batches accepted after SIGTERM)",
			 shutdown_s, acked_total - acked_at_term);
	assert_int_equal(e2e_cli(&env, true, NULL, 0, "rollups", "check", NULL), 0);
	expect_no_secrets();
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_log_and_clean_shutdown),
		cmocka_unit_test(test_restart_keeps_data),
		cmocka_unit_test(test_sigterm_during_ingest),
	};
	return cmocka_run_group_tests_name("e2e_ops", tests, setup, teardown);
}
