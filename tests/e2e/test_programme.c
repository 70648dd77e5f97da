/* End-to-end: partner programme II over real HTTP against the real binary —
 * usage recorded through the batch queue, pilots and their report, survey links
 * answered once (reuse and forged links refused), the 90-day throttle, support
 * tickets with SLA breaches, scorecards checked against SQL on the database,
 * and the concentration report; every object scoped to its tenant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "sql.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t M[12], pawoon_merchant, pilot_id;
static char merchant_key[E2E_KEY_MAX];
static char tokens[10][64];

static int setup(void **state)
{
	(void)state;
	static const char *const extra[] = {"CLARIO_USAGE_FLUSH_MS=50", NULL};
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) || e2e_server_start(&env, extra))
		return -1;
	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof name, "Kopi Moka %d", i);
		if ((M[i] = e2e_create_merchant(&env, env.moka_key, name, "cafe", NULL)) < 0)
			return -1;
	}
	pawoon_merchant = e2e_create_merchant(&env, env.pawoon_key, "Bakso Pawoon", "restaurant", NULL);
	if (pawoon_merchant < 0 || e2e_merchant_key(&env, M[0], merchant_key))
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

static long call(const char *method, const char *path, const char *key, const char *body,
		 json_t **out)
{
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, method, path, key, body, &r), 0);
	long status = r.status;
	if (out) {
		*out = r.json;
		r.json = NULL;
	}
	e2e_resp_free(&r);
	return status;
}

static int64_t scalar(const char *sql, const char *param)
{
	return e2e_sql_scalar(env.db, sql, param);
}

static void test_usage(void **state)
{
	(void)state;
	char body[128];
	assert_int_equal(call("POST", "/v1/usage", merchant_key, "{\"kind\":\"login\"}", NULL), 202);
	assert_int_equal(call("POST", "/v1/usage", merchant_key, "{\"kind\":\"export\"}", NULL), 202);
	assert_int_equal(call("POST", "/v1/usage", merchant_key, "{\"kind\":\"hack\"}", NULL), 400);
	assert_int_equal(call("POST", "/v1/usage", env.admin_key, "{\"kind\":\"login\"}", NULL), 403);
	/* a partner's embedded view of its own merchant counts; of another's is 404 */
	snprintf(body, sizeof body, "{\"kind\":\"dashboard_view\",\"merchant_id\":%lld}", (long long)M[1]);
	assert_int_equal(call("POST", "/v1/usage", env.moka_key, body, NULL), 202);
	snprintf(body, sizeof body, "{\"kind\":\"dashboard_view\",\"merchant_id\":%lld}",
		 (long long)pawoon_merchant);
	assert_int_equal(call("POST", "/v1/usage", env.moka_key, body, NULL), 404);
	/* a merchant naming another merchant is 404 too */
	snprintf(body, sizeof body, "{\"kind\":\"login\",\"merchant_id\":%lld}", (long long)M[1]);
	assert_int_equal(call("POST", "/v1/usage", merchant_key, body, NULL), 404);
	/* viewing the dashboard is usage */
	char path[128];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2026-01-01&to=2026-01-07",
		 (long long)M[0]);
	assert_int_equal(call("GET", path, merchant_key, NULL, NULL), 200);
	/* the batch lands shortly (flush every 50 ms) */
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)M[0]);
	int64_t n = 0;
	for (int i = 0; i < 100 && n < 3; i++) {
		n = scalar("SELECT count(*) FROM usage_events WHERE merchant_id = CAST(?1 AS INTEGER)", id);
		if (n < 3)
			usleep(50000);
	}
	assert_int_equal(n, 3);
	assert_int_equal(scalar("SELECT count(*) FROM usage_events WHERE merchant_id = CAST(?1 AS INTEGER)"
				" AND kind = 'dashboard_view'", id), 1);
	snprintf(id, sizeof id, "%lld", (long long)M[1]);
	for (int i = 0; i < 100 && scalar("SELECT count(*) FROM usage_events WHERE via_partner_id IS NOT"
					  " NULL AND merchant_id = CAST(?1 AS INTEGER)", id) < 1; i++)
		usleep(50000);
	assert_int_equal(scalar("SELECT count(*) FROM usage_events WHERE via_partner_id IS NOT NULL"
				" AND merchant_id = CAST(?1 AS INTEGER)", id), 1);
}

static void test_pilot(void **state)
{
	(void)state;
	char body[1024], path[128];
	int len = snprintf(body, sizeof body, "{\"partner\":\"moka\",\"name\":\"Moka pilot\","
			   "\"start\":\"2027-02-01\",\"end\":\"2027-05-31\",\"merchants\":[");
	for (int i = 0; i < 10; i++)
		len += snprintf(body + len, sizeof body - (size_t)len, "%s%lld", i ? "," : "", (long long)M[i]);
	snprintf(body + len, sizeof body - (size_t)len, "]}");
	/* only staff create pilots; a cohort needs 10-20 merchants of the partner */
	assert_int_equal(call("POST", "/v1/pilots", env.moka_key, body, NULL), 403);
	assert_int_equal(call("POST", "/v1/pilots", env.admin_key,
			      "{\"partner\":\"moka\",\"name\":\"x\",\"start\":\"2027-02-01\","
			      "\"end\":\"2027-05-31\",\"merchants\":[1,2,3]}", NULL), 400);
	json_t *j = NULL;
	assert_int_equal(call("POST", "/v1/pilots", env.admin_key, body, &j), 201);
	pilot_id = e2e_json_int(j, "id");
	assert_string_equal(e2e_json_str(j, "criteria.0.metric"), "adoption");
	assert_string_equal(e2e_json_str(j, "criteria.1.measure"), "mean score on the 0-10 scale");
	json_decref(j);

	snprintf(path, sizeof path, "/v1/pilots/%lld/report?as_of=2027-03-01", (long long)pilot_id);
	assert_int_equal(call("GET", path, env.pawoon_key, NULL, NULL), 404);
	assert_int_equal(call("GET", path, merchant_key, NULL, NULL), 404);
	assert_int_equal(call("GET", path, env.moka_key, NULL, &j), 200);
	/* no usage in February 2027: nobody adopts, all ten listed, at risk */
	assert_int_equal(e2e_json_int(j, "cohort"), 10);
	assert_int_equal(e2e_json_int(j, "adopting"), 0);
	assert_int_equal(json_array_size(e2e_json_get(j, "not_adopting")), 10);
	assert_string_equal(e2e_json_str(j, "criteria.0.verdict"), "at_risk");
	assert_int_equal(json_array_size(e2e_json_get(j, "criteria.0.trend")), 5);
	json_decref(j);
	assert_int_equal(call("GET", "/v1/pilots", env.pawoon_key, NULL, &j), 200);
	assert_int_equal(json_array_size(e2e_json_get(j, "pilots")), 0);
	json_decref(j);
}

static void test_surveys(void **state)
{
	(void)state;
	char body[1024];
	json_t *j = NULL;
	snprintf(body, sizeof body, "{\"audience\":\"merchant\",\"partner\":\"moka\",\"pilot\":%lld,"
		 "\"title\":\"Pilot NPS\"}", (long long)pilot_id);
	assert_int_equal(call("POST", "/v1/surveys?at=2027-02-15T02:00:00Z", env.moka_key, body, NULL), 403);
	assert_int_equal(call("POST", "/v1/surveys?at=2027-02-15T02:00:00Z", env.admin_key, body, &j), 201);
	assert_int_equal(json_array_size(e2e_json_get(j, "invited")), 10);
	for (int i = 0; i < 10; i++) {
		char k[32];
		snprintf(k, sizeof k, "invited.%d.token", i);
		snprintf(tokens[i], sizeof tokens[i], "%s", e2e_json_str(j, k));
		assert_int_equal(strlen(tokens[i]), 44);
	}
	json_decref(j);
	/* answers through the links, no API key: 6 promoters, 2 passives, 2 detractors */
	const int scores[10] = {10, 9, 9, 9, 10, 9, 7, 8, 3, 6};
	for (int i = 0; i < 10; i++) {
		snprintf(body, sizeof body, "{\"token\":\"%s\",\"score\":%d,\"comment\":\"ok\"}", tokens[i],
			 scores[i]);
		assert_int_equal(call("POST", "/v1/survey-answers", NULL, body, NULL), 201);
	}
	/* reuse, forged, malformed, out of range */
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"score\":0}", tokens[0]);
	assert_int_equal(call("POST", "/v1/survey-answers", NULL, body, NULL), 409);
	char forged[64];
	snprintf(forged, sizeof forged, "%s", tokens[1]);
	forged[20] = forged[20] == 'a' ? 'b' : 'a';
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"score\":10}", forged);
	assert_int_equal(call("POST", "/v1/survey-answers", NULL, body, NULL), 404);
	assert_int_equal(call("POST", "/v1/survey-answers", NULL, "{\"token\":\"nps_x\",\"score\":10}",
			      NULL), 404);
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"score\":11}", tokens[1]);
	assert_int_equal(call("POST", "/v1/survey-answers", NULL, body, NULL), 400);
	assert_int_equal(scalar("SELECT count(*) FROM survey_invites WHERE answered_at IS NOT NULL", NULL), 10);
	assert_int_equal(scalar("SELECT score FROM survey_invites WHERE id = (SELECT min(id) FROM survey_invites)",
				NULL), 10);

	/* results: NPS 40, mean (10+9+9+9+10+9+7+8+3+6)/10 = 8.0 */
	assert_int_equal(call("GET", "/v1/surveys/results?from=2027-02&to=2027-03", env.moka_key, NULL, &j),
			 200);
	assert_true(json_real_value(e2e_json_get(j, "overall.nps")) == 40.0);
	assert_true(json_real_value(e2e_json_get(j, "overall.mean_score")) == 8.0);
	assert_int_equal(e2e_json_int(j, "overall.promoters"), 6);
	assert_int_equal(e2e_json_int(j, "overall.detractors"), 2);
	assert_true(json_real_value(e2e_json_get(j, "overall.response_rate_pct")) == 100.0);
	assert_string_equal(e2e_json_str(j, "by_month.0.month"), "2027-02");
	assert_int_equal(e2e_json_int(j, "by_month.1.answers"), 0);
	json_decref(j);
	assert_int_equal(call("GET", "/v1/surveys/results?from=2027-02&to=2027-03&partner=moka",
			      env.pawoon_key, NULL, NULL), 404);
	assert_int_equal(call("GET", "/v1/surveys/results?from=2027-02&to=2027-03", env.pawoon_key, NULL,
			      &j), 200);
	assert_int_equal(e2e_json_int(j, "overall.answers"), 0);
	json_decref(j);
	/* asked again a month later: everyone skipped (90-day throttle) */
	snprintf(body, sizeof body, "{\"audience\":\"merchant\",\"partner\":\"moka\",\"pilot\":%lld,"
		 "\"title\":\"Again\"}", (long long)pilot_id);
	assert_int_equal(call("POST", "/v1/surveys?at=2027-03-15T02:00:00Z", env.admin_key, body, &j), 201);
	assert_int_equal(json_array_size(e2e_json_get(j, "invited")), 0);
	assert_int_equal(json_array_size(e2e_json_get(j, "skipped")), 10);
	json_decref(j);
	/* a partner survey without a list asks the partner's contacts kept by
	 * billing; with none kept it is refused */
	assert_int_equal(call("POST", "/v1/surveys", env.admin_key,
			      "{\"audience\":\"partner\",\"partner\":\"pawoon\",\"title\":\"P\"}",
			      NULL), 400);
	char path[96];
	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contacts",
		 (long long)scalar("SELECT id FROM partners WHERE code = ?1", "pawoon"));
	assert_int_equal(call("POST", path, env.admin_key,
			      "{\"name\": \"Dewi\", \"email\": \"dewi@pawoon.example\"}", NULL), 201);
	assert_int_equal(call("POST", "/v1/surveys", env.admin_key,
			      "{\"audience\":\"partner\",\"partner\":\"pawoon\",\"title\":\"P\"}",
			      &j), 201);
	assert_int_equal(json_array_size(e2e_json_get(j, "invited")), 1);
	assert_string_equal(e2e_json_str(j, "invited.0.contact"), "dewi@pawoon.example");
	json_decref(j);
}

static void test_support(void **state)
{
	(void)state;
	json_t *j = NULL;
	assert_int_equal(call("POST", "/v1/support-terms", env.admin_key,
			      "{\"partner\":\"moka\",\"priority\":\"normal\",\"handled_by\":\"partner\","
			      "\"timezone\":\"Asia/Jakarta\",\"hours\":\"09:00-17:00\",\"days\":\"mon-fri\","
			      "\"first_response_hours\":4,\"resolution_hours\":16}", NULL), 200);
	assert_int_equal(call("POST", "/v1/support-terms", env.admin_key,
			      "{\"partner\":\"moka\",\"priority\":\"normal\",\"handled_by\":\"partner\","
			      "\"timezone\":\"Mars/Base\",\"first_response_hours\":4,"
			      "\"resolution_hours\":16}", NULL), 400);
	/* the merchant opens one now: the partner handles it */
	assert_int_equal(call("POST", "/v1/support-tickets", merchant_key,
			      "{\"subject\":\"Grafik kosong\"}", &j), 201);
	assert_string_equal(e2e_json_str(j, "assignee"), "partner");
	assert_string_equal(e2e_json_str(j, "opened_by"), "merchant");
	int64_t mine = e2e_json_int(j, "id");
	json_decref(j);
	char path[128], body[256];
	snprintf(path, sizeof path, "/v1/support-tickets/%lld/respond", (long long)mine);
	assert_int_equal(call("POST", path, env.pawoon_key, NULL, NULL), 404);
	assert_int_equal(call("POST", path, merchant_key, NULL, NULL), 403);
	assert_int_equal(call("POST", path, env.moka_key, NULL, NULL), 200);
	assert_int_equal(call("POST", path, env.moka_key, NULL, NULL), 409);

	/* staff back-fill one opened Friday 2027-02-05 16:00 WIB (09:00Z), answered
	 * Monday 13:00 WIB (06:00Z): 5 business hours against 4 -> breached */
	snprintf(body, sizeof body, "{\"merchant_id\":%lld,\"subject\":\"Sync gagal\"}", (long long)M[2]);
	assert_int_equal(call("POST", "/v1/support-tickets?at=2027-02-05T09:00:00Z", env.admin_key, body,
			      &j), 201);
	int64_t late = e2e_json_int(j, "id");
	assert_string_equal(e2e_json_str(j, "sla.first_response_due"), "2027-02-08T05:00:00Z");
	json_decref(j);
	snprintf(path, sizeof path, "/v1/support-tickets/%lld/respond?at=2027-02-08T06:00:00Z",
		 (long long)late);
	assert_int_equal(call("POST", path, env.admin_key, NULL, &j), 200);
	assert_true(json_is_true(e2e_json_get(j, "sla.first_response_breached")));
	assert_int_equal(e2e_json_int(j, "sla.first_response_business_seconds"), 5 * 3600);
	json_decref(j);
	snprintf(path, sizeof path, "/v1/support-tickets/%lld/resolve?at=2027-02-09T03:00:00Z",
		 (long long)late);
	assert_int_equal(call("POST", path, env.admin_key, NULL, NULL), 200);

	assert_int_equal(call("GET", "/v1/support-tickets?month=2027-02", env.moka_key, NULL, &j), 200);
	assert_int_equal(e2e_json_int(j, "total"), 1);
	assert_int_equal(e2e_json_int(j, "breached"), 1);
	json_decref(j);
	assert_int_equal(call("GET", "/v1/support-tickets?month=2027-02", env.pawoon_key, NULL, &j), 200);
	assert_int_equal(e2e_json_int(j, "total"), 0);
	json_decref(j);
	/* the merchant sees its own tickets only (not M[2]'s) */
	assert_int_equal(call("GET", "/v1/support-tickets?month=2027-02", merchant_key, NULL, &j), 200);
	assert_int_equal(e2e_json_int(j, "total"), 0);
	json_decref(j);
}

static void subscribe(int64_t merchant, const char *source, const char *partner,
		      const char *start, const char *end)
{
	char body[256];
	snprintf(body, sizeof body,
		 "{\"merchant_id\": %lld, \"source\": \"%s\", \"partner\": %s%s%s, \"price\": 249000,"
		 " \"start\": \"%s\"%s%s%s}",
		 (long long)merchant, source, partner ? "\"" : "", partner ? partner : "null",
		 partner ? "\"" : "", start, end ? ", \"end\": \"" : "", end ? end : "",
		 end ? "\"" : "");
	assert_int_equal(call("POST", "/v1/admin/subscriptions", env.admin_key, body, NULL), 201);
}

/* Billing figures behind the scorecard and the risk report: Moka resells from
 * 2026-09-01 (Rp 200.000, 70/30: Clario 60.000 a full month) to M[0..3], M[3]
 * ends Oct 15, M[4] starts Oct 1; the Pawoon merchant is billed directly
 * (249.000). September and October are closed through /v1/admin. */
static void test_scorecards_and_risk(void **state)
{
	(void)state;
	json_t *j = NULL;
	char path[96];
	snprintf(path, sizeof path, "/v1/admin/partners/%lld/contracts",
		 (long long)scalar("SELECT id FROM partners WHERE code = ?1", "moka"));
	assert_int_equal(call("POST", path, env.admin_key,
			      "{\"model\": \"reseller\", \"start\": \"2026-09-01\", \"support_by\":"
			      " \"clario\", \"sla_first_response_hours\": 2, \"sla_resolution_hours\": 10}",
			      NULL), 201);
	/* from now the contract assigns Moka's tickets: Clario, 2 business hours
	 * (Moka's terms still give the hours: opened Monday 2026-10-05 09:00 WIB,
	 * due 11:00 WIB = 04:00Z), though the terms say the partner */
	char body[160];
	snprintf(body, sizeof body, "{\"subject\":\"Export\",\"merchant_id\":%lld}", (long long)M[0]);
	assert_int_equal(call("POST", "/v1/support-tickets?at=2026-10-05T02:00:00Z", env.admin_key,
			      body, &j), 201);
	assert_string_equal(e2e_json_str(j, "assignee"), "clario");
	assert_string_equal(e2e_json_str(j, "sla.first_response_due"), "2026-10-05T04:00:00Z");
	assert_string_equal(e2e_json_str(j, "sla.resolution_due"), "2026-10-06T04:00:00Z");
	json_decref(j);
	for (int i = 0; i < 4; i++)
		subscribe(M[i], "partner", "moka", "2026-09-01", i == 3 ? "2026-10-15" : NULL);
	subscribe(M[4], "partner", "moka", "2026-10-01", NULL);
	subscribe(pawoon_merchant, "direct", NULL, "2026-09-01", NULL);
	assert_int_equal(call("POST", "/v1/admin/billing/close", env.admin_key,
			      "{\"month\": \"2026-09\"}", NULL), 201);
	assert_int_equal(call("POST", "/v1/admin/billing/close", env.admin_key,
			      "{\"month\": \"2026-10\"}", NULL), 201);

	assert_int_equal(call("GET", "/v1/scorecards?month=2026-10&at=2026-11-05T00:00:00Z",
			      env.moka_key, NULL, &j), 200);
	assert_int_equal(json_array_size(e2e_json_get(j, "scorecards")), 1);
	assert_string_equal(e2e_json_str(j, "scorecards.0.partner"), "moka");
	/* checked against the billing rows in the database */
	int64_t moka_oct = scalar("SELECT clario_share FROM statements WHERE kind = 'revshare' AND"
				  " month = ?1", "2026-10");
	int64_t total_oct = moka_oct + scalar("SELECT sum(subtotal) FROM invoices WHERE month = ?1",
					      "2026-10");
	/* M[0..2] and M[4] a full month, M[3] 15 of 31 days */
	assert_int_equal(moka_oct, 4 * 60000 + scalar("SELECT l.clario_share FROM statement_lines l"
						      " JOIN statements s ON s.id = l.statement_id"
						      " WHERE s.month = '2026-10' AND l.days_active"
						      " < l.days_in_month", NULL));
	assert_int_equal(e2e_json_int(j, "scorecards.0.month.revenue"), moka_oct);
	assert_int_equal(e2e_json_int(j, "scorecards.0.month.total_revenue"), total_oct);
	assert_int_equal(total_oct - moka_oct, 249000);
	assert_int_equal(e2e_json_int(j, "scorecards.0.month.new_paying_merchants"), 1);
	/* merchants registered by the end of October (all of them came later) */
	assert_int_equal(e2e_json_int(j, "scorecards.0.month.merchants"),
			 scalar("SELECT count(*) FROM merchants WHERE created_at < 1793466000 AND"
				" partner_id = (SELECT id FROM partners WHERE code = ?1)", "moka"));
	assert_int_equal(e2e_json_int(j, "scorecards.0.month.support_tickets"),
			 scalar("SELECT count(*) FROM support_tickets WHERE opened_at >= 1790787600"
				" AND opened_at < 1793466000 AND partner_id ="
				" (SELECT id FROM partners WHERE code = ?1)", "moka"));
	/* paying on Sep 30: M[0..3], of which M[3] ends in October -> 75%; direct 100% */
	assert_true(json_real_value(e2e_json_get(j, "scorecards.0.month.retention.partner_sourced_pct")) == 75.0);
	assert_true(json_real_value(e2e_json_get(j, "scorecards.0.month.retention.direct_pct")) == 100.0);
	/* trailing three months Aug–Oct: September's 4 x 60.000 as well */
	assert_int_equal(e2e_json_int(j, "scorecards.0.trailing_3_months.revenue"),
			 moka_oct + 240000);
	assert_int_equal(e2e_json_int(j, "scorecards.0.trailing_3_months.revenue"),
			 scalar("SELECT sum(clario_share) FROM statements WHERE kind = ?1", "revshare"));
	json_decref(j);
	assert_int_equal(call("GET", "/v1/scorecards?month=2026-10&partner=pawoon", env.moka_key, NULL,
			      NULL), 404);
	/* the staged figures are gone */
	assert_int_equal(call("POST", "/v1/partner-months", env.admin_key,
			      "{\"partner\":\"moka\",\"month\":\"2026-10\",\"revenue\":1}", NULL), 404);

	/* Moka: 240.000 of 489.000 in September (49%), over half in October */
	assert_int_equal(call("GET", "/v1/risk?month=2026-10", env.moka_key, NULL, NULL), 403);
	assert_int_equal(call("GET", "/v1/risk?month=2026-10", env.admin_key, NULL, &j), 200);
	assert_string_equal(e2e_json_str(j, "partners.0.partner"), "moka");
	assert_int_equal(e2e_json_int(j, "partners.0.revenue"), moka_oct);
	assert_int_equal(e2e_json_int(j, "partners.0.total_revenue"), total_oct);
	assert_string_equal(e2e_json_str(j, "partners.0.level"), "breach");
	assert_int_equal(e2e_json_int(j, "partners.0.months_above_warning"), 2);
	assert_string_equal(e2e_json_str(j, "partners.0.above_warning_since"), "2026-09");
	json_decref(j);
	assert_int_equal(call("GET", "/v1/risk?month=2026-10&warn_pct=55&limit_pct=60", env.admin_key,
			      NULL, &j), 200);
	assert_string_equal(e2e_json_str(j, "partners.0.level"), "ok");
	json_decref(j);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_pilot),
		cmocka_unit_test(test_surveys),
		cmocka_unit_test(test_support),
		cmocka_unit_test(test_scorecards_and_risk),
	};
	return cmocka_run_group_tests_name("e2e_programme", tests, setup, teardown);
}
