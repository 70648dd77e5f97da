/* End-to-end: bad input at the HTTP edge. Malformed JSON, oversized bodies,
 * too many tickets, bad summary parameters, unknown paths and wrong methods are
 * refused with a clear error, and the server keeps serving afterwards. */
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
static int64_t merchant, outlet;
static char merchant_key[E2E_KEY_MAX];

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) ||
	    e2e_server_start(&env, NULL))
		return -1;
	merchant = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	if (merchant < 0)
		return -1;
	outlet = e2e_create_outlet(&env, env.moka_key, merchant, "JKT-1", "Senopati",
				   "Asia/Jakarta", "04:00", NULL);
	if (outlet < 0 || e2e_merchant_key(&env, merchant, merchant_key))
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

static void expect_healthy(void)
{
	assert_true(e2e_server_alive(&env));
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/healthz", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	e2e_resp_free(&r);
}

/* method path with the moka key and body (may be NULL, len bytes) → status and
 * error code; the message must contain each of the NULL-terminated parts. */
static void expect_error(const char *method, const char *path, const char *key, const char *body,
			 size_t len, long status, const char *code, ...)
{
	struct e2e_resp r;
	char auth[E2E_KEY_MAX + 16];
	snprintf(auth, sizeof auth, "Bearer %s", key);
	assert_int_equal(e2e_request(&env, method, path, auth, body, len, &r), 0);
	const char *msg = e2e_error_message(&r);
	if (r.status != status || strcmp(e2e_error_code(&r), code) != 0)
		fail_msg("%s %s: want %ld %s, got %ld %.500s", method, path, status, code, r.status,
			 r.body);
	if (!*msg)
		fail_msg("%s %s: no error message: %.500s", method, path, r.body);
	va_list ap;
	va_start(ap, code);
	const char *part;
	while ((part = va_arg(ap, const char *)) != NULL) {
		if (!strstr(msg, part)) {
			va_end(ap);
			fail_msg("%s %s: message \"%s\" does not mention \"%s\"", method, path, msg,
				 part);
		}
	}
	va_end(ap);
	e2e_resp_free(&r);
}

static void test_malformed_json(void **state)
{
	(void)state;
	static const char body[] = "[{\"outlet_id\": \"JKT-1\",\n  \"ticket_id\": }]";
	int64_t before = e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM dead_letters", NULL);
	expect_error("POST", "/v1/tickets", env.moka_key, body, strlen(body), 400, "invalid",
		     "line 2", "column", NULL);
	assert_int_equal(e2e_sql_scalar(env.db, "SELECT COUNT(*) FROM dead_letters", NULL),
			 before + 1);
	assert_int_equal(e2e_sql_scalar(env.db,
					e2e_pg() ? "SELECT COUNT(*) FROM dead_letters WHERE "
						   "position(convert_to($1, 'UTF8') IN raw) > 0 "
						   "AND reason <> ''"
						 : "SELECT COUNT(*) FROM dead_letters WHERE "
						   "instr(CAST(raw AS TEXT), ?1) > 0 AND reason <> ''",
					"\"ticket_id\": }"),
			 1);
	expect_healthy();
}

static void test_bad_bodies(void **state)
{
	(void)state;
#define BODY(text) {text, sizeof(text) - 1}
	struct {
		const char *body;
		size_t len;
	} bad[] = {
		BODY(""),
		BODY("{}"),
		BODY("null"),
		BODY("[]"),
		BODY("\"tickets\""),
		BODY("[{}] [{}]"),
		BODY("[{\"ticket_id\": \"\xff\xfe\"}]"),
		BODY("[{\"ticket_id\": \"D-1\", \"ticket_id\": \"D-2\"}]"),
		BODY("[{\"ticket_id\": \"T\0X\"}]"),
	};
#undef BODY
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct e2e_resp r;
		char auth[E2E_KEY_MAX + 16];
		snprintf(auth, sizeof auth, "Bearer %s", env.moka_key);
		assert_int_equal(e2e_request(&env, "POST", "/v1/tickets", auth, bad[i].body,
					     bad[i].len, &r), 0);
		if (r.status != 400 || strcmp(e2e_error_code(&r), "invalid") != 0 ||
		    !*e2e_error_message(&r))
			fail_msg("bad body %zu: want 400 invalid with a message, got %ld %.300s", i,
				 r.status, r.body);
		e2e_resp_free(&r);
	}
	/* Deeply nested arrays, well under the body limit. */
	size_t depth = 100000;
	char *deep = malloc(depth);
	assert_non_null(deep);
	memset(deep, '[', depth);
	expect_error("POST", "/v1/tickets", env.moka_key, deep, depth, 400, "invalid", NULL);
	free(deep);
	expect_healthy();
}

/* A JSON array of n valid small tickets with ids PREFIX-i. */
static char *many_tickets(const char *prefix, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "%s-%zu", prefix, i);
		json_array_append_new(arr, e2e_ticket("JKT-1", id, 1, "2027-05-01T12:00:00+07:00", 1,
						      10000));
	}
	char *text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	assert_non_null(text);
	return text;
}

static void test_ticket_count_limit(void **state)
{
	(void)state;
	char *body = many_tickets("MANY", 1001);
	expect_error("POST", "/v1/tickets", env.moka_key, body, strlen(body), 400, "invalid",
		     "1000", NULL);
	free(body);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM tickets WHERE external_id LIKE 'MANY-%'",
					NULL),
			 0);
	body = many_tickets("MANY", 1000);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "POST", "/v1/tickets", env.moka_key, body, &r), 0);
	free(body);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 1000);
	e2e_resp_free(&r);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM tickets WHERE external_id LIKE 'MANY-%'",
					NULL),
			 1000);
}

/* Streams len bytes of body with chunked transfer encoding (no Content-Length). */
struct stream {
	const char *data;
	size_t len, pos;
};

static size_t stream_read(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct stream *s = userdata;
	size_t want = size * nitems;
	if (want > 4096)
		want = 4096;
	if (want > s->len - s->pos)
		want = s->len - s->pos;
	memcpy(buf, s->data + s->pos, want);
	s->pos += want;
	return want;
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

static long post_chunked(const char *body, size_t len)
{
	CURL *c = curl_easy_init();
	assert_non_null(c);
	char url[128], auth[E2E_KEY_MAX + 32];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/v1/tickets", env.port);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", env.moka_key);
	struct curl_slist *h = curl_slist_append(NULL, auth);
	h = curl_slist_append(h, "Transfer-Encoding: chunked");
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	struct stream s = {.data = body, .len = len};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, stream_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &s);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	long status = 0;
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		fprintf(stderr, "chunked POST: %s\n", curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

static void test_oversized_body(void **state)
{
	(void)state;
	/* Restart with a 64 KiB limit. */
	assert_int_equal(e2e_server_stop(&env), 0);
	const char *limit[] = {"CLARIO_MAX_BODY=65536", NULL};
	assert_int_equal(e2e_server_start(&env, limit), 0);

	char *big = many_tickets("BIG", 400); /* about 100 KB */
	size_t len = strlen(big);
	assert_true(len > 90000 && len < 200000);
	expect_error("POST", "/v1/tickets", env.moka_key, big, len, 413, "too_large", NULL);
	expect_healthy();
	/* Without a Content-Length the running total is what counts. */
	assert_int_equal(post_chunked(big, len), 413);
	expect_healthy();
	free(big);
	assert_int_equal(e2e_sql_scalar(env.db,
					"SELECT COUNT(*) FROM tickets WHERE external_id LIKE 'BIG-%'",
					NULL),
			 0);

	/* A body under the limit goes through, chunked or not. */
	char *small = many_tickets("SMALL", 100);
	assert_true(strlen(small) < 65536);
	assert_int_equal(post_chunked(small, strlen(small)), 200);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "POST", "/v1/tickets", env.moka_key, small, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "counts.duplicate"), 100);
	e2e_resp_free(&r);
	free(small);

	assert_int_equal(e2e_server_stop(&env), 0);
	assert_int_equal(e2e_server_start(&env, NULL), 0);
	expect_healthy();
}

static void summary_error(const char *query, long status, const char *part1, const char *part2)
{
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary%s", (long long)merchant, query);
	expect_error("GET", path, merchant_key, NULL, 0, status,
		     status == 400 ? "invalid" : "not_found", part1, part2, NULL);
}

static void test_summary_parameters(void **state)
{
	(void)state;
	summary_error("?to=2027-01-31", 400, "from", NULL);
	summary_error("?from=2027-01-01", 400, "to", NULL);
	summary_error("", 400, "from", NULL);
	summary_error("?from=2027-13-01&to=2027-12-31", 400, "from", "2027-13-01");
	summary_error("?from=2027-02-30&to=2027-03-31", 400, "from", "2027-02-30");
	summary_error("?from=2027-01-01&to=yesterday", 400, "to", "yesterday");
	summary_error("?from=2027-1-1&to=2027-01-31", 400, "from", NULL);
	summary_error("?from=2027-02-02&to=2027-02-01", 400, "from", NULL);
	summary_error("?from=2025-01-01&to=2027-01-02", 400, "731", NULL);
	summary_error("?from=2027-01-01&to=2027-01-31&outlet=abc", 400, "outlet", NULL);
	summary_error("?from=2027-01-01&to=2027-01-31&outlet=999999", 404, NULL, NULL);

	/* The widest allowed range: 731 days, every one listed. */
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2025-01-01&to=2027-01-01",
		 (long long)merchant);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, merchant_key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "days")), 731);
	assert_string_equal(e2e_json_str(r.json, "days.0.date"), "2025-01-01");
	assert_string_equal(e2e_json_str(r.json, "days.730.date"), "2027-01-01");
	assert_string_equal(e2e_json_str(r.json, "currency"), "IDR");
	assert_string_equal(e2e_json_str(r.json, "from"), "2025-01-01");
	assert_string_equal(e2e_json_str(r.json, "to"), "2027-01-01");
	assert_int_equal(e2e_json_int(r.json, "merchant_id"), merchant);
	assert_true(json_is_null(json_object_get(r.json, "outlet_id")));
	e2e_resp_free(&r);
	/* Leap day. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2028-02-28&to=2028-03-01",
		 (long long)merchant);
	assert_int_equal(e2e_call(&env, "GET", path, merchant_key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "days.1.date"), "2028-02-29");
	assert_int_equal(json_array_size(json_object_get(r.json, "days")), 3);
	e2e_resp_free(&r);
	expect_healthy();
}

static void test_unknown_path_and_wrong_method(void **state)
{
	(void)state;
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", "/nope", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
	expect_error("GET", "/v1/nope", env.admin_key, NULL, 0, 404, "not_found", NULL);
	expect_error("GET", "/v1/merchants/1/nope", env.admin_key, NULL, 0, 404, "not_found", NULL);
	expect_error("DELETE", "/v1/merchants", env.admin_key, NULL, 0, 405, "method_not_allowed",
		     NULL);
	expect_error("GET", "/v1/tickets", env.admin_key, NULL, 0, 405, "method_not_allowed", NULL);
	expect_error("PUT", "/v1/tickets", env.admin_key, "[]", 2, 405, "method_not_allowed", NULL);
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary", (long long)merchant);
	expect_error("POST", path, env.admin_key, "{}", 2, 405, "method_not_allowed", NULL);
	assert_int_equal(e2e_call(&env, "POST", "/healthz", NULL, "{}", &r), 0);
	assert_int_equal(r.status, 405);
	e2e_resp_free(&r);
	expect_healthy();

	/* And the API still does its job. */
	json_t *batch = json_pack("[o]", e2e_ticket("JKT-1", "AFTER-1", 1,
						    "2027-05-02T12:00:00+07:00", 1, 10000));
	assert_int_equal(e2e_call_json(&env, "POST", "/v1/tickets", env.moka_key, batch, &r), 0);
	json_decref(batch);
	assert_int_equal(r.status, 200);
	assert_string_equal(e2e_json_str(r.json, "results.0.outcome"), "created");
	e2e_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_ticket_count_limit),
		cmocka_unit_test(test_oversized_body),
		cmocka_unit_test(test_summary_parameters),
		cmocka_unit_test(test_unknown_path_and_wrong_method),
	};
	return cmocka_run_group_tests_name("e2e_limits", tests, setup, teardown);
}
