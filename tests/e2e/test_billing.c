/* End-to-end: the partner programme over real HTTP and the real CLI. Admin
 * sets up contracts and subscriptions through /v1/admin, closes a month
 * (again: nothing changes), two `clario billing close` processes race for the
 * next month and make one set of documents, Moka reads its own statement,
 * Pawoon gets 404 for Moka's, a partner gets 403 on /v1/admin, an issued
 * invoice refuses edits (409) and a refund gives a credit note. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t moka_id, pawoon_id, budi_id;
static int64_t moka_statement;

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("bad test JSON: %s", e.text);
	return j;
}

/* POSTs/PUTs text as JSON with key; asserts the status; returns the answer. */
static struct e2e_resp call(const char *method, const char *path, const char *key,
			    const char *body, long want)
{
	struct e2e_resp r;
	if (body) {
		json_t *j = J(body);
		assert_int_equal(e2e_call_json(&env, method, path, key, j, &r), 0);
		json_decref(j);
	} else {
		assert_int_equal(e2e_call(&env, method, path, key, NULL, &r), 0);
	}
	if (r.status != want)
		fail_msg("%s %s: got %ld %s, want %ld", method, path, r.status, r.body, want);
	return r;
}

static int64_t partner_id(const char *code)
{
	struct e2e_resp r = call("GET", "/v1/partners", env.admin_key, NULL, 200);
	int64_t id = -1;
	json_t *arr = e2e_json_get(r.json, "partners");
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (strcmp(e2e_json_str(json_array_get(arr, i), "code"), code) == 0)
			id = e2e_json_int(json_array_get(arr, i), "id");
	e2e_resp_free(&r);
	return id;
}

static void subscribe(int64_t merchant, const char *source, const char *partner, int64_t price,
		      const char *start)
{
	char body[256];
	snprintf(body, sizeof body,
		 "{\"merchant_id\": %lld, \"source\": \"%s\", \"partner\": %s%s%s, \"price\": %lld,"
		 " \"start\": \"%s\"}",
		 (long long)merchant, source, partner ? "\"" : "", partner ? partner : "null",
		 partner ? "\"" : "", (long long)price, start);
	struct e2e_resp r = call("POST", "/v1/admin/subscriptions", env.admin_key, body, 201);
	e2e_resp_free(&r);
}

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env))
		return -1;
	if (e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "budi", "--name",
		    "Budi Consulting", "--kind", "channel", NULL) != 0)
		return -1;
	/* the white-label contract through the CLI, the others through the API */
	if (e2e_cli(&env, true, NULL, 0, "contracts", "add", "--partner", "pawoon", "--model",
		    "whitelabel", "--start", "2026-02-01", "--oem-fee", "60000000", "--hosting",
		    "flat", "--hosting-fee", "3000000", "--powered-by", "off", "--brand",
		    "Pawoon Analytics", NULL) != 0)
		return -1;
	return e2e_server_start(&env, NULL);
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

static void test_setup_through_admin_api(void **state)
{
	(void)state;
	moka_id = partner_id("moka");
	pawoon_id = partner_id("pawoon");
	budi_id = partner_id("budi");
	assert_true(moka_id > 0 && pawoon_id > 0 && budi_id > 0);
	char path[128];
	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contracts", (long long)moka_id);
	struct e2e_resp r = call("POST", path, env.admin_key,
				 "{\"model\": \"reseller\", \"start\": \"2026-01-01\","
				 " \"sla_first_response_hours\": 4, \"sla_resolution_hours\": 24,"
				 " \"annual_renewal\": true}",
				 201);
	/* defaults from the plan: Rp 200.000, 70/30 */
	assert_int_equal(e2e_json_int(r.json, "addon_price"), 200000);
	assert_int_equal(e2e_json_int(r.json, "partner_bps"), 7000);
	assert_int_equal(e2e_json_int(r.json, "sla.resolution_hours"), 24);
	e2e_resp_free(&r);
	/* bad terms: 400 naming the field */
	r = call("POST", path, env.admin_key,
		 "{\"model\": \"reseller\", \"start\": \"2026-03-01\", \"partner_bps\": 12000}", 400);
	assert_non_null(strstr(e2e_error_message(&r), "partner_bps"));
	e2e_resp_free(&r);
	/* a partner may not use /v1/admin */
	r = call("POST", path, env.moka_key, "{\"model\": \"reseller\", \"start\": \"2026-03-01\"}",
		 403);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contracts", (long long)budi_id);
	r = call("POST", path, env.admin_key,
		 "{\"model\": \"channel\", \"start\": \"2026-01-01\", \"commission_bps\": 1500,"
		 " \"commission_months\": 12, \"clawback_days\": 90}",
		 201);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contacts", (long long)budi_id);
	r = call("POST", path, env.admin_key, "{\"name\": \"Budi\", \"email\": \"budi@fnb.id\"}", 201);
	e2e_resp_free(&r);

	char name[32];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Moka Cafe %d", i + 1);
		int64_t m = e2e_create_merchant(&env, env.moka_key, name, "cafe", NULL);
		assert_true(m > 0);
		subscribe(m, "partner", "moka", 0, "2026-01-01");
	}
	int64_t p1 = e2e_create_merchant(&env, env.pawoon_key, "Pawoon Resto", "restaurant", NULL);
	subscribe(p1, "partner", "pawoon", 0, "2026-01-10");
	/* Budi registers his referral through the partner API with his own code */
	int64_t ref = e2e_create_merchant(&env, env.admin_key, "Warung Rujukan", "warung", NULL);
	char budi_key[E2E_KEY_MAX];
	assert_int_equal(e2e_cli(&env, true, budi_key, sizeof budi_key, "keys", "create",
				 "--partner", "budi", NULL), 0);
	snprintf(path, sizeof path, "/v1/partners/%lld/referrals/codes", (long long)budi_id);
	r = call("POST", path, budi_key, "{\"code\": \"BUDI15\"}", 201);
	assert_string_equal(e2e_json_str(r.json, "link"), "https://clario.id/r/BUDI15");
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/partners/%lld/referrals/attributions", (long long)budi_id);
	char body[160];
	snprintf(body, sizeof body,
		 "{\"merchant_id\": %lld, \"code\": \"BUDI15\", \"email\": \"budi@fnb.id\"}",
		 (long long)ref);
	r = call("POST", path, budi_key, body, 400); /* his own e-mail: self-referral */
	assert_non_null(strstr(e2e_error_message(&r), "self-referral"));
	e2e_resp_free(&r);
	snprintf(body, sizeof body,
		 "{\"merchant_id\": %lld, \"code\": \"BUDI15\", \"email\": \"owner@warung.id\"}",
		 (long long)ref);
	r = call("POST", path, budi_key, body, 201);
	e2e_resp_free(&r);
	r = call("POST", path, budi_key, body, 409); /* attributed once */
	e2e_resp_free(&r);
	subscribe(ref, "referral", NULL, 300000, "2026-02-01");
}

static void test_close_is_idempotent(void **state)
{
	(void)state;
	struct e2e_resp r = call("POST", "/v1/admin/billing/close", env.admin_key,
				 "{\"month\": \"2026-02\"}", 201);
	assert_false(json_is_true(e2e_json_get(r.json, "already_closed")));
	/* Pawoon hosting + one-time fee, the referred merchant's invoice */
	assert_int_equal(e2e_json_int(r.json, "invoices"), 3);
	assert_int_equal(e2e_json_int(r.json, "statements"), 2);
	e2e_resp_free(&r);
	r = call("POST", "/v1/admin/billing/close", env.admin_key, "{\"month\": \"2026-02\"}", 200);
	assert_true(json_is_true(e2e_json_get(r.json, "already_closed")));
	e2e_resp_free(&r);
	r = call("GET", "/v1/admin/invoices?month=2026-02", env.admin_key, NULL, 200);
	json_t *arr = e2e_json_get(r.json, "invoices");
	assert_int_equal(json_array_size(arr), 3);
	/* INV/2026/000001..3: flat hosting 3.000.000 + 11% = 3.330.000; fee 60.000.000 + 11%
	 * = 66.600.000; Rp 300.000 + 33.000 = 333.000 */
	int64_t totals = 0;
	for (size_t i = 0; i < 3; i++) {
		char want[32];
		snprintf(want, sizeof want, "INV/2026/%06zu", i + 1);
		assert_string_equal(e2e_json_str(json_array_get(arr, i), "number"), want);
		totals += e2e_json_int(json_array_get(arr, i), "total");
	}
	assert_int_equal(totals, 3330000 + 66600000 + 333000);
	e2e_resp_free(&r);
	r = call("POST", "/v1/admin/billing/close", env.admin_key, "{\"month\": \"2026-13\"}", 400);
	e2e_resp_free(&r);
	/* a month that has not ended is refused (the test runs before 2999) */
	r = call("POST", "/v1/admin/billing/close", env.admin_key, "{\"month\": \"2999-12\"}", 400);
	assert_non_null(strstr(e2e_error_message(&r), "not over yet"));
	e2e_resp_free(&r);
}

static void test_partner_sees_own_statement_only(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/v1/partners/%lld/statements?month=2026-02", (long long)moka_id);
	struct e2e_resp r = call("GET", path, env.moka_key, NULL, 200);
	json_t *st = e2e_json_get(r.json, "statements.0");
	assert_non_null(st);
	/* 20 × 200.000 = 4.000.000: Moka 2.800.000, Clario 1.200.000 */
	assert_int_equal(e2e_json_int(st, "gross"), 4000000);
	assert_int_equal(e2e_json_int(st, "partner_share"), 2800000);
	assert_int_equal(e2e_json_int(st, "clario_share"), 1200000);
	moka_statement = e2e_json_int(st, "id");
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/partners/%lld/statements/%lld", (long long)moka_id,
		 (long long)moka_statement);
	r = call("GET", path, env.moka_key, NULL, 200);
	json_t *lines = e2e_json_get(r.json, "lines");
	assert_int_equal(json_array_size(lines), 20);
	assert_int_equal(e2e_json_int(json_array_get(lines, 0), "clario_share"), 60000);
	e2e_resp_free(&r);
	/* Pawoon asking for Moka's statement, by either path: exactly like a missing one */
	struct e2e_resp missing = call("GET", "/v1/partners/999/statements/1", env.pawoon_key, NULL, 404);
	r = call("GET", path, env.pawoon_key, NULL, 404);
	assert_string_equal(r.body, missing.body);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/partners/%lld/statements/%lld", (long long)pawoon_id,
		 (long long)moka_statement);
	r = call("GET", path, env.pawoon_key, NULL, 404);
	assert_string_equal(e2e_error_message(&r), "no such statement");
	e2e_resp_free(&r);
	e2e_resp_free(&missing);
	/* a partner lists only itself; its contracts carry the SLA */
	r = call("GET", "/v1/partners", env.pawoon_key, NULL, 200);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "partners")), 1);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/partners/%lld/contracts", (long long)moka_id);
	r = call("GET", path, env.pawoon_key, NULL, 404);
	e2e_resp_free(&r);
	r = call("GET", path, env.moka_key, NULL, 200);
	assert_int_equal(e2e_json_int(r.json, "contracts.0.sla.first_response_hours"), 4);
	e2e_resp_free(&r);
	/* Pawoon sees its own invoices; Moka gets 404 for Pawoon's and for Budi's referrals */
	snprintf(path, sizeof path, "/v1/partners/%lld/invoices", (long long)pawoon_id);
	r = call("GET", path, env.pawoon_key, NULL, 200);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "invoices")), 2);
	assert_string_equal(e2e_json_str(r.json, "invoices.1.kind"), "oem_fee");
	e2e_resp_free(&r);
	r = call("GET", path, env.moka_key, NULL, 404);
	e2e_resp_free(&r);
	snprintf(path, sizeof path, "/v1/partners/%lld/referrals", (long long)budi_id);
	r = call("GET", path, env.moka_key, NULL, 404);
	e2e_resp_free(&r);
	/* Budi's referrals: converted in February, 15% of 300.000 = 45.000 accrued */
	snprintf(path, sizeof path, "/v1/partners/%lld/referrals", (long long)budi_id);
	r = call("GET", path, env.admin_key, NULL, 200);
	assert_int_equal(e2e_json_int(r.json, "converted"), 1);
	assert_int_equal(e2e_json_int(r.json, "balance"), 45000);
	e2e_resp_free(&r);
}

static void test_issued_invoice_refuses_edit_and_refund_credits(void **state)
{
	(void)state;
	struct e2e_resp r = call("PUT", "/v1/admin/invoices/3", env.admin_key,
				 "{\"note\": \"changed\"}", 409);
	assert_non_null(strstr(e2e_error_message(&r), "credit note"));
	e2e_resp_free(&r);
	r = call("POST", "/v1/admin/invoices/3/refund", env.admin_key,
		 "{\"reason\": \"duplicate payment\"}", 201);
	assert_int_equal(e2e_json_int(r.json, "total"), -333000);
	assert_int_equal(e2e_json_int(r.json, "corrects_id"), 3);
	e2e_resp_free(&r);
	r = call("GET", "/v1/admin/invoices/3", env.admin_key, NULL, 200);
	assert_int_equal(e2e_json_int(r.json, "total"), 333000);
	e2e_resp_free(&r);
	/* the audit log has the credit note with before and after */
	r = call("GET", "/v1/admin/audit?entity=invoice", env.admin_key, NULL, 200);
	assert_string_equal(e2e_json_str(r.json, "audit.0.action"), "invoice.credit_note");
	assert_int_equal(e2e_json_int(r.json, "audit.0.after.total"), -333000);
	e2e_resp_free(&r);
	r = call("GET", "/v1/admin/revenue?month=2026-02", env.admin_key, NULL, 200);
	/* Moka 1.200.000 + Pawoon 63.000.000 + Budi 300.000 − 300.000 = 64.200.000 */
	assert_int_equal(e2e_json_int(r.json, "total"), 64200000);
	e2e_resp_free(&r);
}

/* Two `clario billing close` processes at once (and the server running). */
static void test_concurrent_cli_close(void **state)
{
	(void)state;
	pid_t pid[2];
	for (int k = 0; k < 2; k++) {
		pid[k] = fork();
		assert_true(pid[k] >= 0);
		if (pid[k] == 0) {
			char out[256] = "";
			int rc = e2e_cli(&env, true, out, sizeof out, "billing", "close", "--month",
					 "2026-03", NULL);
			_exit(rc != 0 ? 10 : strstr(out, "already") ? 1 : 0);
		}
	}
	int created = 0, already = 0;
	for (int k = 0; k < 2; k++) {
		int ws = 0;
		assert_int_equal(waitpid(pid[k], &ws, 0), pid[k]);
		assert_true(WIFEXITED(ws));
		created += WEXITSTATUS(ws) == 0;
		already += WEXITSTATUS(ws) == 1;
	}
	assert_int_equal(created, 1);
	assert_int_equal(already, 1);
	struct e2e_resp r = call("GET", "/v1/admin/invoices?month=2026-03", env.admin_key, NULL, 200);
	/* hosting + the referred merchant: two invoices, the year's 4th and 5th (CN apart) */
	json_t *arr = e2e_json_get(r.json, "invoices");
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(e2e_json_str(json_array_get(arr, 0), "number"), "INV/2026/000004");
	assert_string_equal(e2e_json_str(json_array_get(arr, 1), "number"), "INV/2026/000005");
	e2e_resp_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/v1/partners/%lld/statements?month=2026-03", (long long)moka_id);
	r = call("GET", path, env.moka_key, NULL, 200);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "statements")), 1);
	e2e_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setup_through_admin_api),
		cmocka_unit_test(test_close_is_idempotent),
		cmocka_unit_test(test_partner_sees_own_statement_only),
		cmocka_unit_test(test_issued_invoice_refuses_edit_and_refund_credits),
		cmocka_unit_test(test_concurrent_cli_close),
	};
	return cmocka_run_group_tests_name("e2e_billing", tests, setup, teardown);
}
