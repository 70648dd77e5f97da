/* End-to-end: authentication and tenancy over real HTTP. Every failure to
 * authenticate looks the same (401), another tenant's merchant looks exactly
 * like a missing one (404), and a principal kind outside its rights gets 403. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "oracle.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t merchant_a, merchant_b, merchant_c, missing_merchant;
static int64_t outlet_a, outlet_b;
static char key_a[E2E_KEY_MAX], key_b[E2E_KEY_MAX];

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) ||
	    e2e_server_start(&env, NULL))
		return -1;
	merchant_a = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	merchant_b = e2e_create_merchant(&env, env.moka_key, "Warung Bu Tini", "warung", NULL);
	merchant_c = e2e_create_merchant(&env, env.pawoon_key, "Bakso Pak Kumis", "restaurant", NULL);
	if (merchant_a < 0 || merchant_b < 0 || merchant_c < 0)
		return -1;
	missing_merchant = merchant_c + 1000;
	outlet_a = e2e_create_outlet(&env, env.moka_key, merchant_a, "OUT-A1", "Senopati",
				     "Asia/Jakarta", "04:00", NULL);
	outlet_b = e2e_create_outlet(&env, env.moka_key, merchant_b, "OUT-B1", "Kemang",
				     "Asia/Jakarta", "04:00", NULL);
	if (outlet_a < 0 || outlet_b < 0 ||
	    e2e_create_outlet(&env, env.pawoon_key, merchant_c, "OUT-C1", "Jayapura Kota",
			      "Asia/Jayapura", "04:00", NULL) < 0)
		return -1;
	if (e2e_merchant_key(&env, merchant_a, key_a) || e2e_merchant_key(&env, merchant_b, key_b))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

/* The body every unauthenticated request must get, taken from a no-key call. */
static char *unauth_body(void)
{
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/v1/merchants", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	char *body = r.body;
	r.body = NULL;
	e2e_resp_free(&r);
	return body;
}

static void expect_401_same(const char *method, const char *path, const char *authorization,
			    const char *body, const char *want_body)
{
	struct e2e_resp r;
	assert_int_equal(e2e_request(&env, method, path, authorization, body,
				     body ? strlen(body) : 0, &r), 0);
	if (r.status != 401 || strcmp(r.body, want_body) != 0)
		fail_msg("%s %s with Authorization \"%.60s\": got %ld %s, want 401 %s", method,
			 path, authorization ? authorization : "(none)", r.status, r.body,
			 want_body);
	e2e_resp_free(&r);
}

static void test_healthz(void **state)
{
	(void)state;
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/healthz", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "status"), "ok");
	assert_string_equal(e2e_json_str(r.json, "store"), e2e_pg() ? "postgres" : "sqlite");
	e2e_resp_free(&r);
}

static void test_no_key(void **state)
{
	(void)state;
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/v1/merchants", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(e2e_error_code(&r), "unauthenticated");
	assert_string_equal(e2e_error_message(&r), "missing or invalid API key");
	e2e_resp_free(&r);

	char *want = unauth_body();
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2027-01-01&to=2027-01-31",
		 (long long)merchant_a);
	expect_401_same("GET", path, NULL, NULL, want);
	expect_401_same("POST", "/v1/tickets", NULL, "[]", want);
	expect_401_same("POST", "/v1/merchants", NULL, "{\"name\":\"X\",\"kind\":\"cafe\"}", want);
	free(want);
}

static void test_malformed_key(void **state)
{
	(void)state;
	char *want = unauth_body();
	char long_key[6000];
	memset(long_key, 'a', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	memcpy(long_key, "Bearer clk_live_", 16);
	char appended[E2E_KEY_MAX + 16];
	snprintf(appended, sizeof appended, "Bearer %sx", env.admin_key);
	char no_scheme[E2E_KEY_MAX];
	snprintf(no_scheme, sizeof no_scheme, "%s", env.admin_key);
	char basic[E2E_KEY_MAX + 16];
	snprintf(basic, sizeof basic, "Basic %s", env.admin_key);
	const char *bad[] = {
		"",
		"Bearer",
		"Bearer ",
		"Bearer garbage",
		"Bearer clk_live_",
		"Bearer clk_live__",
		"Bearer clk_live_1",
		"Bearer clk_test_1_abcdef",
		"Bearer clk_live_%00_abc",
		"Bearer clk_live_../../etc_passwd",
		"Basic dXNlcjpwYXNz",
		appended,
		no_scheme,
		basic,
		long_key,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_401_same("GET", "/v1/merchants", bad[i], NULL, want);
	free(want);
}

/* Changes the character at *c to another of the same class (digit, lower hex,
 * letter), so the text stays well-formed but names something else. */
static void mutate_char(char *c)
{
	if (*c >= '0' && *c <= '9')
		*c = *c == '9' ? '0' : (char)(*c + 1);
	else if (*c >= 'a' && *c <= 'z')
		*c = *c == 'a' ? 'b' : (char)(*c - 1);
	else if (*c >= 'A' && *c <= 'Z')
		*c = *c == 'A' ? 'B' : (char)(*c - 1);
	else
		*c = 'x';
}

static void test_unknown_key_and_wrong_secret(void **state)
{
	(void)state;
	char *want = unauth_body();
	const char *keys[] = {env.admin_key, env.moka_key, key_a};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		/* clk_live_<id>_<secret> */
		const char *id = keys[k] + strlen("clk_live_");
		const char *sep = strchr(id, '_');
		assert_non_null(sep);
		size_t id_len = (size_t)(sep - id);
		assert_true(id_len > 0 && strlen(sep + 1) > 0);

		char unknown_id[E2E_KEY_MAX + 16];
		snprintf(unknown_id, sizeof unknown_id, "Bearer %s", keys[k]);
		mutate_char(unknown_id + strlen("Bearer clk_live_") + id_len - 1);
		expect_401_same("GET", "/v1/merchants", unknown_id, NULL, want);

		char wrong_secret[E2E_KEY_MAX + 16];
		snprintf(wrong_secret, sizeof wrong_secret, "Bearer %s", keys[k]);
		mutate_char(wrong_secret + strlen(wrong_secret) - 1);
		expect_401_same("GET", "/v1/merchants", wrong_secret, NULL, want);

		char short_secret[E2E_KEY_MAX + 16];
		snprintf(short_secret, sizeof short_secret, "Bearer %s", keys[k]);
		short_secret[strlen(short_secret) - 1] = '\0';
		expect_401_same("GET", "/v1/merchants", short_secret, NULL, want);

		/* The key is fine: the same request authenticates. */
		struct e2e_resp r;
		assert_int_equal(e2e_call(&env, "GET", "/v1/merchants", keys[k], NULL, &r), 0);
		assert_int_equal(r.status, 200);
		e2e_resp_free(&r);
	}
	free(want);
}

/* method /v1/merchants/{victim}SUFFIX and the same for a merchant that does
 * not exist, with key: both 404 with the same body. */
static void expect_same_404(const char *method, const char *suffix, const char *key,
			    int64_t victim, const char *body)
{
	char p1[256], p2[256];
	snprintf(p1, sizeof p1, "/v1/merchants/%lld%s", (long long)victim, suffix);
	snprintf(p2, sizeof p2, "/v1/merchants/%lld%s", (long long)missing_merchant, suffix);
	struct e2e_resp r1, r2;
	assert_int_equal(e2e_call(&env, method, p1, key, body, &r1), 0);
	assert_int_equal(e2e_call(&env, method, p2, key, body, &r2), 0);
	if (r1.status != 404 || r2.status != 404 || strcmp(r1.body, r2.body) != 0)
		fail_msg("%s %s: %ld %s\n  vs nonexistent %s: %ld %s", method, p1, r1.status,
			 r1.body, p2, r2.status, r2.body);
	assert_string_equal(e2e_error_code(&r1), "not_found");
	e2e_resp_free(&r1);
	e2e_resp_free(&r2);
}

static const char summary_q[] = "/summary?from=2027-01-01&to=2027-01-31";

static void test_merchant_key_other_merchant_is_404(void **state)
{
	(void)state;
	expect_same_404("GET", "", key_a, merchant_b, NULL);
	expect_same_404("GET", summary_q, key_a, merchant_b, NULL);
	expect_same_404("GET", "", key_a, merchant_c, NULL);
	expect_same_404("GET", summary_q, key_b, merchant_a, NULL);

	/* Its own merchant is visible, with its outlets. */
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld", (long long)merchant_a);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key_a, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "id"), merchant_a);
	assert_string_equal(e2e_json_str(r.json, "name"), "Kopi Senja");
	assert_int_equal(e2e_json_int(r.json, "outlets.0.id"), outlet_a);
	assert_string_equal(e2e_json_str(r.json, "outlets.0.external_id"), "OUT-A1");
	assert_string_equal(e2e_json_str(r.json, "outlets.0.timezone"), "Asia/Jakarta");
	assert_string_equal(e2e_json_str(r.json, "outlets.0.cutoff"), "04:00");
	assert_string_equal(e2e_json_str(r.json, "outlets.0.source"), "moka");
	assert_null(e2e_json_get(r.json, "outlets.1"));
	e2e_resp_free(&r);

	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2027-01-01&to=2027-01-02",
		 (long long)merchant_a);
	assert_int_equal(e2e_call(&env, "GET", path, key_a, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	e2e_resp_free(&r);
}

static void test_partner_other_partners_merchant_is_404(void **state)
{
	(void)state;
	expect_same_404("GET", "", env.moka_key, merchant_c, NULL);
	expect_same_404("GET", summary_q, env.moka_key, merchant_c, NULL);
	expect_same_404("GET", "", env.pawoon_key, merchant_a, NULL);
	expect_same_404("GET", summary_q, env.pawoon_key, merchant_b, NULL);
	expect_same_404("POST", "/outlets", env.moka_key, merchant_c,
			"{\"external_id\":\"X-1\",\"name\":\"X\",\"timezone\":\"Asia/Jakarta\","
			"\"cutoff\":\"04:00\"}");
	/* Admin sees a pawoon merchant. */
	char path[64];
	snprintf(path, sizeof path, "/v1/merchants/%lld", (long long)merchant_c);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, env.admin_key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "outlets.0.source"), "pawoon");
	e2e_resp_free(&r);
	/* Admin on a missing merchant: 404 too. */
	snprintf(path, sizeof path, "/v1/merchants/%lld", (long long)missing_merchant);
	assert_int_equal(e2e_call(&env, "GET", path, env.admin_key, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
}

static void test_outlet_of_other_merchant_is_404(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path,
		 "/v1/merchants/%lld/summary?from=2027-01-01&to=2027-01-02&outlet=%lld",
		 (long long)merchant_a, (long long)outlet_b);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key_a, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
	assert_int_equal(e2e_call(&env, "GET", path, env.admin_key, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
	snprintf(path, sizeof path,
		 "/v1/merchants/%lld/summary?from=2027-01-01&to=2027-01-02&outlet=%lld",
		 (long long)merchant_a, (long long)outlet_a);
	assert_int_equal(e2e_call(&env, "GET", path, key_a, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "outlet_id"), outlet_a);
	e2e_resp_free(&r);
}

static void test_forbidden_kinds(void **state)
{
	(void)state;
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "POST", "/v1/merchants", key_a,
				  "{\"name\":\"Sneaky\",\"kind\":\"cafe\"}", &r), 0);
	assert_int_equal(r.status, 403);
	assert_string_equal(e2e_error_code(&r), "forbidden");
	e2e_resp_free(&r);

	char path[64];
	snprintf(path, sizeof path, "/v1/merchants/%lld/outlets", (long long)merchant_a);
	assert_int_equal(e2e_call(&env, "POST", path, key_a,
				  "{\"external_id\":\"OUT-A9\",\"name\":\"X\",\"timezone\":"
				  "\"Asia/Jakarta\",\"cutoff\":\"04:00\"}", &r), 0);
	assert_int_equal(r.status, 403);
	e2e_resp_free(&r);

	/* A partner key cannot register an outlet under another partner's source. */
	assert_int_equal(e2e_call(&env, "POST", path, env.moka_key,
				  "{\"external_id\":\"OUT-A9\",\"name\":\"X\",\"timezone\":"
				  "\"Asia/Jakarta\",\"cutoff\":\"04:00\",\"source\":\"pawoon\"}", &r),
			 0);
	if (r.status != 400 && r.status != 403)
		fail_msg("partner choosing another source: got %ld %s", r.status, r.body);
	e2e_resp_free(&r);
	/* Nothing was created: the merchant still has one outlet. */
	snprintf(path, sizeof path, "/v1/merchants/%lld", (long long)merchant_a);
	assert_int_equal(e2e_call(&env, "GET", path, env.admin_key, NULL, &r), 0);
	assert_null(e2e_json_get(r.json, "outlets.1"));
	e2e_resp_free(&r);
}

/* Whether the merchants list answered to key contains exactly want (ids). */
static void expect_list(const char *key, const int64_t *want, size_t n_want)
{
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/v1/merchants", key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	json_t *list = json_object_get(r.json, "merchants");
	assert_true(json_is_array(list));
	if (json_array_size(list) != n_want)
		fail_msg("GET /v1/merchants: %zu merchants, want %zu: %s", json_array_size(list),
			 n_want, r.body);
	for (size_t i = 0; i < n_want; i++) {
		bool found = false;
		size_t j;
		json_t *m;
		json_array_foreach(list, j, m)
			found = found || e2e_json_int(m, "id") == want[i];
		if (!found)
			fail_msg("merchant %lld missing from %s", (long long)want[i], r.body);
	}
	e2e_resp_free(&r);
}

static void test_list_is_scoped(void **state)
{
	(void)state;
	int64_t all[] = {merchant_a, merchant_b, merchant_c};
	expect_list(env.admin_key, all, 3);
	int64_t moka[] = {merchant_a, merchant_b};
	expect_list(env.moka_key, moka, 2);
	int64_t pawoon[] = {merchant_c};
	expect_list(env.pawoon_key, pawoon, 1);
	int64_t a[] = {merchant_a};
	expect_list(key_a, a, 1);
}

static void expect_ingest(const char *key, json_t *ticket, const char *want_outcome,
			  const char *reason_part)
{
	json_t *batch = json_array();
	json_array_append(batch, ticket);
	struct e2e_resp r;
	assert_int_equal(e2e_call_json(&env, "POST", "/v1/tickets", key, batch, &r), 0);
	json_decref(batch);
	if (r.status != 200)
		fail_msg("POST /v1/tickets: %ld %s", r.status, r.body);
	const char *outcome = e2e_json_str(r.json, "results.0.outcome");
	const char *reason = e2e_json_str(r.json, "results.0.reason");
	if (strcmp(outcome, want_outcome) != 0 || (reason_part && !strstr(reason, reason_part)))
		fail_msg("want %s (%s), got %s", want_outcome, reason_part ? reason_part : "",
			 r.body);
	e2e_resp_free(&r);
}

static void test_ingest_is_scoped(void **state)
{
	(void)state;
	const char *at = "2027-01-05T12:00:00+07:00";
	json_t *t = e2e_ticket("OUT-C1", "X-1", 1, at, 1, 10000);
	/* moka cannot write into pawoon's outlet, nor can merchant A into B's. */
	expect_ingest(env.moka_key, t, "rejected", "outlet_id");
	json_decref(t);
	t = e2e_ticket("OUT-B1", "X-2", 1, at, 1, 10000);
	expect_ingest(key_a, t, "rejected", "outlet_id");
	json_decref(t);
	/* pawoon's key does not see moka's outlet under its source either. */
	t = e2e_ticket("OUT-A1", "X-3", 1, at, 1, 10000);
	expect_ingest(env.pawoon_key, t, "rejected", "outlet_id");
	json_decref(t);
	assert_int_equal(e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM tickets", NULL), 0);

	/* The rightful callers succeed: merchant A, moka, admin naming the source. */
	t = e2e_ticket("OUT-A1", "X-4", 1, at, 1, 10000);
	expect_ingest(key_a, t, "created", NULL);
	json_decref(t);
	t = e2e_ticket("OUT-B1", "X-5", 1, at, 1, 10000);
	expect_ingest(env.moka_key, t, "created", NULL);
	json_decref(t);
	t = e2e_ticket("OUT-C1", "X-6", 1, at, 1, 10000);
	json_object_set_new(t, "source", json_string("pawoon"));
	expect_ingest(env.admin_key, t, "created", NULL);
	json_decref(t);
	/* A partner's "source" field cannot redirect its tickets elsewhere. */
	t = e2e_ticket("OUT-C1", "X-7", 1, at, 1, 10000);
	json_object_set_new(t, "source", json_string("pawoon"));
	struct e2e_resp r;
	json_t *batch = json_pack("[O]", t);
	assert_int_equal(e2e_call_json(&env, "POST", "/v1/tickets", env.moka_key, batch, &r), 0);
	if (!strcmp(e2e_json_str(r.json, "results.0.outcome"), "created"))
		fail_msg("moka's key wrote into pawoon's outlet via \"source\": %s", r.body);
	e2e_resp_free(&r);
	json_decref(batch);
	json_decref(t);
	assert_int_equal(e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM tickets", NULL), 3);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM tickets t JOIN outlets o ON o.id = "
					"t.outlet_id WHERE o.external_id = 'OUT-C1'",
					NULL),
			 1);
}

/* Runs last: no key's secret (nor the wrong ones we sent) reached the log. */
static void test_no_secret_in_log(void **state)
{
	(void)state;
	const char *keys[] = {env.admin_key, env.moka_key, env.pawoon_key, key_a, key_b};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const char *secret = strrchr(keys[k], '_');
		assert_non_null(secret);
		secret++;
		assert_true(strlen(secret) >= 16);
		char probe[17];
		memcpy(probe, secret, 16);
		probe[16] = '\0';
		if (e2e_file_contains(env.log, probe))
			fail_msg("the secret of key %zu appears in the server log %s", k, env.log);
	}
	assert_false(e2e_file_contains(env.log, "Bearer"));
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_no_key),
		cmocka_unit_test(test_malformed_key),
		cmocka_unit_test(test_unknown_key_and_wrong_secret),
		cmocka_unit_test(test_merchant_key_other_merchant_is_404),
		cmocka_unit_test(test_partner_other_partners_merchant_is_404),
		cmocka_unit_test(test_outlet_of_other_merchant_is_404),
		cmocka_unit_test(test_forbidden_kinds),
		cmocka_unit_test(test_list_is_scoped),
		cmocka_unit_test(test_ingest_is_scoped),
		cmocka_unit_test(test_no_secret_in_log),
	};
	return cmocka_run_group_tests_name("e2e_auth", tests, setup, teardown);
}
