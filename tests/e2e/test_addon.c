/* End-to-end: a partner admin switches the analytics add-on of its merchant on
 * and off (POST /v1/partners/{id}/merchants/{mid}/addon): a subscription at
 * the reseller contract's price from today, ended today, each change audited;
 * repeats change nothing; another partner's merchant answers 404 exactly like a
 * missing one; without a reseller contract it is 409. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static const char *clario_path;
static struct e2e_env env;

static json_t *J(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("bad test JSON: %s", e.text);
	return j;
}

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

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env))
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

static void addon_path(char *buf, size_t n, int64_t partner, int64_t merchant)
{
	snprintf(buf, n, "/v1/partners/%lld/merchants/%lld/addon", (long long)partner,
		 (long long)merchant);
}

static void test_addon_on_off_scoped_audited(void **state)
{
	(void)state;
	int64_t moka = partner_id("moka"), pawoon = partner_id("pawoon");
	assert_true(moka > 0 && pawoon > 0);
	char path[160], today[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);

	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contracts", (long long)moka);
	struct e2e_resp r = call("POST", path, env.admin_key,
				 "{\"model\": \"reseller\", \"start\": \"2026-01-01\","
				 " \"addon_price\": 180000, \"annual_renewal\": true}", 201);
	e2e_resp_free(&r);
	int64_t mine = e2e_create_merchant(&env, env.moka_key, "Kopi Addon", "cafe", NULL);
	int64_t theirs = e2e_create_merchant(&env, env.pawoon_key, "Resto Lain", "restaurant", NULL);
	assert_true(mine > 0 && theirs > 0);

	/* on: a partner-sourced subscription at the contract's price from today */
	addon_path(path, sizeof path, moka, mine);
	r = call("POST", path, env.moka_key, "{\"active\": true}", 201);
	assert_true(json_is_true(e2e_json_get(r.json, "changed")));
	assert_int_equal(e2e_json_int(r.json, "subscription.price"), 180000);
	assert_string_equal(e2e_json_str(r.json, "subscription.start"), today);
	assert_true(json_is_null(e2e_json_get(r.json, "subscription.end")));
	int64_t sub = e2e_json_int(r.json, "subscription.id");
	e2e_resp_free(&r);
	r = call("POST", path, env.moka_key, "{\"active\": true}", 200); /* again: nothing new */
	assert_true(json_is_false(e2e_json_get(r.json, "changed")));
	assert_int_equal(e2e_json_int(r.json, "subscription.id"), sub);
	e2e_resp_free(&r);

	/* the billing API sees exactly one subscription for it, sourced by Moka */
	snprintf(path, sizeof path, "/v1/partners/%lld/merchants", (long long)moka);
	r = call("GET", path, env.moka_key, NULL, 200);
	json_t *subs = e2e_json_get(r.json, "subscriptions");
	int found = 0;
	for (size_t i = 0; i < json_array_size(subs); i++) {
		json_t *s = json_array_get(subs, i);
		if (e2e_json_int(s, "merchant_id") == mine) {
			found++;
			assert_string_equal(e2e_json_str(s, "source"), "partner");
		}
	}
	assert_int_equal(found, 1);
	e2e_resp_free(&r);

	/* the portal's list shows it on */
	snprintf(path, sizeof path, "/v1/partners/%lld/addon", (long long)moka);
	r = call("GET", path, env.moka_key, NULL, 200);
	json_t *ms = e2e_json_get(r.json, "merchants");
	int on = -1;
	for (size_t i = 0; i < json_array_size(ms); i++)
		if (e2e_json_int(json_array_get(ms, i), "merchant_id") == mine)
			on = json_is_true(json_object_get(json_array_get(ms, i), "addon_active"));
	assert_int_equal(on, 1);
	e2e_resp_free(&r);
	/* Pawoon cannot read Moka's list */
	r = call("GET", path, env.pawoon_key, NULL, 404);
	e2e_resp_free(&r);

	/* another partner's merchant answers like a missing one, both ways */
	addon_path(path, sizeof path, moka, theirs);
	r = call("POST", path, env.moka_key, "{\"active\": true}", 404);
	char *other = strdup(r.body);
	e2e_resp_free(&r);
	addon_path(path, sizeof path, moka, 987654);
	r = call("POST", path, env.moka_key, "{\"active\": true}", 404);
	assert_string_equal(r.body, other);
	free(other);
	e2e_resp_free(&r);
	addon_path(path, sizeof path, pawoon, mine); /* Pawoon naming Moka's merchant */
	r = call("POST", path, env.pawoon_key, "{\"active\": false}", 404);
	e2e_resp_free(&r);
	addon_path(path, sizeof path, moka, mine); /* Pawoon using Moka's partner id */
	r = call("POST", path, env.pawoon_key, "{\"active\": false}", 404);
	e2e_resp_free(&r);
	/* bad input: a reason, nothing changed */
	r = call("POST", path, env.moka_key, "{\"active\": \"yes\"}", 400);
	assert_non_null(strstr(e2e_error_message(&r), "active"));
	e2e_resp_free(&r);

	/* off: today is its last active day; again: nothing */
	r = call("POST", path, env.moka_key, "{\"active\": false}", 200);
	assert_true(json_is_true(e2e_json_get(r.json, "changed")));
	assert_string_equal(e2e_json_str(r.json, "subscription.end"), today);
	e2e_resp_free(&r);
	r = call("POST", path, env.moka_key, "{\"active\": false}", 200);
	assert_true(json_is_false(e2e_json_get(r.json, "changed")));
	e2e_resp_free(&r);
	/* on again the same day: a new subscription from tomorrow, never a day twice */
	r = call("POST", path, env.moka_key, "{\"active\": true}", 201);
	assert_true(e2e_json_int(r.json, "subscription.id") != sub);
	assert_string_not_equal(e2e_json_str(r.json, "subscription.start"), today);
	e2e_resp_free(&r);

	/* Pawoon has no reseller contract: its own merchant gets 409 with a reason */
	addon_path(path, sizeof path, pawoon, theirs);
	r = call("POST", path, env.pawoon_key, "{\"active\": true}", 409);
	assert_non_null(strstr(e2e_error_message(&r), "reseller"));
	e2e_resp_free(&r);

	/* every change is in the audit log, by Moka's key */
	r = call("GET", "/v1/admin/audit?entity=subscription", env.admin_key, NULL, 200);
	int creates = 0, cancels = 0;
	json_t *rows = e2e_json_get(r.json, "audit");
	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		const char *act = e2e_json_str(row, "action"), *who = e2e_json_str(row, "actor");
		if (!act || !who || strncmp(who, "partner:", 8) != 0)
			continue;
		creates += strcmp(act, "subscription.create") == 0;
		cancels += strcmp(act, "subscription.cancel") == 0;
	}
	assert_int_equal(creates, 2);
	assert_int_equal(cancels, 1);
	e2e_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addon_on_off_scoped_audited),
	};
	return cmocka_run_group_tests_name("e2e_addon", tests, setup, teardown);
}
