/* Store-backed tests of partner programme II on SQLite and (with --pg)
 * PostgreSQL: usage batches and the recorder, pilots and their report, survey
 * links (one answer each, reuse and forged links refused, the 90-day
 * throttle), support tickets with SLA breaches, scorecards checked against
 * independent SQL over the raw rows, and the concentration report. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partners/programme.h"
#include "programme/recorder.h"
#include "programme/report.h"
#include "programme/token.h"
#include "store/programme.h"
#include "store/sql.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;
static int64_t moka, pawoon, M[15]; /* M[0..11] moka, M[12..13] pawoon, M[14] direct */
static int64_t budi, R; /* a channel partner and the merchant it referred */
static int64_t pilot_id, survey_id;
static char tokens[10][PROGRAMME_TOKEN_LEN + 1];

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static day_t D(const char *s)
{
	day_t d = 0;
	struct clario_err err;
	if (tz_parse_date(s, &d, &err))
		fail_msg("%s", err.msg);
	return d;
}

static int64_t T(const char *s)
{
	instant_t t = 0;
	struct clario_err err;
	if (tz_parse_rfc3339(s, &t, &err))
		fail_msg("%s", err.msg);
	return t;
}

static int64_t Q(const char *sql, const struct sql_val *args, size_t n)
{
	int64_t v = -1;
	struct clario_err err;
	if (sql_one_int(S, sql, "test query", args, n, &v, &err))
		fail_msg("%s", err.msg);
	return v;
}

static enum clario_status contract(int64_t partner, const char *model, const char *support,
				   int32_t resp_h, int32_t reso_h, struct clario_err *err)
{
	struct partners_actor a = {"test", 1790000000};
	struct store_contract c = {.partner_id = partner, .start_day = D("2026-12-01"),
				   .sla_first_response_h = resp_h, .sla_resolution_h = reso_h};
	snprintf(c.model, sizeof c.model, "%s", model);
	snprintf(c.support_by, sizeof c.support_by, "%s", support);
	if (strcmp(model, "channel") == 0) {
		c.commission_bps = 1000;
		c.commission_months = 12;
	}
	return partners_contract_add(S, &a, &c, err);
}

static enum clario_status sub(int64_t merchant, const char *source, int64_t partner,
			      const char *start, const char *end, struct clario_err *err)
{
	struct partners_actor a = {"test", 1790000000};
	struct store_subscription x = {.merchant_id = merchant, .partner_id = partner,
				       .price = 249000, .start_day = D(start),
				       .end_day = end ? D(end) : 0};
	snprintf(x.source, sizeof x.source, "%s", source);
	return partners_sub_add(S, &a, &x, err);
}

/* Billing records the scorecards, pilot and risk read: Moka resells (70/30 of
 * Rp 200.000), Pawoon co-sells with shared support, Budi refers. From Dec
 * 2026: M[0..10] Moka (M[8] ends Feb 14, M[10] Feb 20), M[11] Moka from Feb
 * 10, M[12..13] Pawoon, M[14] direct, R referred by Budi from Feb 5. January
 * and February 2027 are closed. */
static enum clario_status billing_world(struct clario_err *err)
{
	struct partners_actor a = {"test", T("2027-03-02T09:00:00Z")};
	struct partners_close_result res;
	struct store_attribution at;
	int64_t code_id;
	enum clario_status st;
	if ((st = store_partner_create(S, "budi", "Budi", STORE_PARTNER_CHANNEL, &budi, err)) ||
	    (st = store_merchant_create(S, 0, "Kopi Referral", "cafe", &R, err)) ||
	    (st = contract(moka, "reseller", "partner", 4, 16, err)) ||
	    (st = contract(pawoon, "cosell", "shared", 8, 40, err)) ||
	    (st = contract(budi, "channel", "clario", 0, 0, err)))
		return st;
	for (int i = 0; i < 11 && st == CLARIO_OK; i++)
		st = sub(M[i], "partner", moka, "2026-12-01",
			 i == 8 ? "2027-02-14" : i == 10 ? "2027-02-20" : NULL, err);
	struct partners_actor signup = {"test", T("2027-02-04T09:00:00Z")};
	if (st || (st = sub(M[11], "partner", moka, "2027-02-10", NULL, err)) ||
	    (st = sub(M[12], "partner", pawoon, "2026-12-01", NULL, err)) ||
	    (st = sub(M[13], "partner", pawoon, "2026-12-01", NULL, err)) ||
	    (st = sub(M[14], "direct", 0, "2026-12-01", NULL, err)) ||
	    (st = partners_code_add(S, &signup, budi, "BUDI10", &code_id, err)) ||
	    (st = partners_attribute(S, &signup, R, "BUDI10", "visitor-r", NULL, "code", &at, err)) ||
	    (st = sub(R, "referral", 0, "2027-02-05", NULL, err)) ||
	    (st = partners_close(S, &a, "2027-01", &res, err)))
		return st;
	return partners_close(S, &a, "2027-02", &res, err);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	if (store_open(DB.url, NULL, &S, &err) ||
	    store_partner_create(S, "moka", "Moka", STORE_PARTNER_POS, &moka, &err) ||
	    store_partner_create(S, "pawoon", "Pawoon", STORE_PARTNER_POS, &pawoon, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	for (int i = 0; i < 15; i++) {
		char name[32];
		snprintf(name, sizeof name, "Kopi %d", i);
		int64_t partner = i < 12 ? moka : i < 14 ? pawoon : 0;
		if (store_merchant_create(S, partner, name, "cafe", &M[i], &err)) {
			fprintf(stderr, "setup: %s\n", err.msg);
			return -1;
		}
	}
	if (billing_world(&err)) {
		fprintf(stderr, "setup billing: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(S);
	return 0;
}

static void add_usage(int64_t merchant, const char *day)
{
	struct clario_err err;
	char ts[32];
	snprintf(ts, sizeof ts, "%sT10:00:00+07:00", day);
	struct store_usage_event e = {.merchant_id = merchant, .at = T(ts)};
	snprintf(e.kind, sizeof e.kind, "dashboard_view");
	e.day = programme_usage_day_of(e.at);
	ok(store_programme_usage_insert(S, &e, 1, &err), &err);
}

/* M[0..5] use Clario on Feb 2, 9 and 16 (three weeks); M[6] on Feb 2 and 3
 * only; M[7..9] never; the pawoon merchant M[12] every week. */
static void pilot_and_adoption(void **state)
{
	(void)state;
	struct clario_err err;
	for (int i = 0; i < 6; i++) {
		add_usage(M[i], "2027-02-02");
		add_usage(M[i], "2027-02-09");
		add_usage(M[i], "2027-02-16");
		add_usage(M[i], "2027-02-16"); /* the same day twice counts once */
	}
	add_usage(M[6], "2027-02-02");
	add_usage(M[6], "2027-02-03");
	for (int w = 0; w < 4; w++) {
		char d[16];
		snprintf(d, sizeof d, "2027-02-%02d", 2 + 7 * w);
		add_usage(M[12], d);
	}
	/* usage days are WIB days: 23:30 WIB on the 1st is still the 1st */
	assert_int_equal(programme_usage_day_of(T("2027-02-01T23:30:00+07:00")), D("2027-02-01"));
	assert_int_equal(programme_usage_day_of(T("2027-02-01T17:30:00Z")), D("2027-02-02"));

	struct store_pilot p = {.partner_id = moka, .start_day = D("2027-02-01"),
				.end_day = D("2027-05-31"), .active_days = 1, .weeks_required = 3,
				.weeks_window = 4, .n_criteria = 5};
	snprintf(p.name, sizeof p.name, "Moka pilot");
	p.criteria[0] = (struct store_pilot_criterion){"adoption", 5000};
	p.criteria[1] = (struct store_pilot_criterion){"satisfaction_mean", 700};
	p.criteria[2] = (struct store_pilot_criterion){"satisfaction_nps", 700};
	p.criteria[3] = (struct store_pilot_criterion){"retention_lift", 0};
	p.criteria[4] = (struct store_pilot_criterion){"revenue_lift", 0};
	/* a pawoon merchant cannot join a moka pilot; nothing is written */
	int64_t bad[] = {M[0], M[12]};
	assert_int_equal(store_programme_pilot_create(S, &p, bad, 2, 1, &pilot_id, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "merchants[1]"));
	assert_int_equal(Q("SELECT count(*) FROM pilots", SQL_NOARGS), 0);
	int64_t twice[] = {M[0], M[0]};
	assert_int_equal(store_programme_pilot_create(S, &p, twice, 2, 1, &pilot_id, &err), CLARIO_EINVAL);

	int64_t cohort[10];
	for (int i = 0; i < 10; i++)
		cohort[i] = M[i];
	ok(store_programme_pilot_create(S, &p, cohort, 10, 1, &pilot_id, &err), &err);

	struct programme_pilot_report r;
	struct programme_activity_cfg act = PROGRAMME_ACTIVITY_DEFAULT;
	ok(programme_pilot_report(S, pilot_id, D("2027-03-01"), &act, &r, &err), &err);
	assert_int_equal(r.n_cohort, 10);
	/* 6 of 10 adopt: 60% > 50% -> on track */
	assert_int_equal(r.adoption.num, 6);
	assert_int_equal(r.adoption.den, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(r.adopting[i], i < 6);
	assert_string_equal(r.crit[0].metric, "adoption");
	assert_true(r.crit[0].known);
	assert_int_equal(r.crit[0].value, 6000);
	assert_int_equal(r.crit[0].verdict, PROGRAMME_ON_TRACK);
	/* no answers yet: satisfaction is unknown and at risk */
	assert_false(r.crit[1].known);
	assert_int_equal(r.crit[1].verdict, PROGRAMME_AT_RISK);
	/* weeks Feb 1, 8, 15, 22 (as of Mar 1 the week of Mar 1 is included: 5) */
	assert_int_equal(r.n_weeks, 5);
	assert_int_equal(r.weeks[0], D("2027-02-01"));
	/* adoption at the end of the week of Feb 15 (as of Sunday Feb 21): window
	 * Jan 25–Feb 21, M[0..5] active 3 weeks -> 6000; at Feb 7 only one week -> 0 */
	assert_int_equal(r.crit[0].trend[0], 0);
	assert_int_equal(r.crit[0].trend[2], 6000);
	/* retention from subscriptions, Feb 1 -> Mar 1: cohort M[0..9] all paying
	 * on Feb 1, M[8] ended Feb 14 -> 9 of 10; the partner's other merchants:
	 * M[10] paying on Feb 1 and gone by Mar 1 (0 of 1; M[11] only started
	 * Feb 10, so it is not counted) -> +90 points */
	assert_true(r.crit[3].known);
	assert_int_equal(r.crit[3].value, 9000);
	assert_int_equal(r.crit[3].verdict, PROGRAMME_ON_TRACK);
	/* revenue lift over February (the closed month since the start): Clario's
	 * share of the statement lines per merchant, cohort vs the comparable
	 * non-pilot merchants (paying on Feb 1: M[10] only, not M[11]), by SQL */
	int64_t ra = Q("SELECT sum(l.clario_share) FROM statement_lines l JOIN statements s ON"
		       " s.id = l.statement_id WHERE s.month = '2027-02' AND s.kind = 'revshare'"
		       " AND l.merchant_id BETWEEN $1 AND $2", SQL_ARGS(SQL_I(M[0]), SQL_I(M[9])));
	int64_t rb = Q("SELECT sum(l.clario_share) FROM statement_lines l JOIN statements s ON"
		       " s.id = l.statement_id WHERE s.month = '2027-02' AND s.kind = 'revshare'"
		       " AND l.merchant_id = $1", SQL_ARGS(SQL_I(M[10])));
	/* nine full months of 60.000 and M[8]'s 14 of 28 days (30.000) */
	assert_int_equal(ra, 9 * 60000 + 30000);
	assert_true(r.crit[4].known);
	assert_int_equal(r.crit[4].value, (ra * 1 - rb * 10) * 10000 / (rb * 10));
	assert_int_equal(r.crit[4].verdict, PROGRAMME_ON_TRACK);
	programme_pilot_report_free(&r);
	/* before any closed month of the pilot: revenue lift unknown */
	ok(programme_pilot_report(S, pilot_id, D("2027-02-20"), &act, &r, &err), &err);
	assert_false(r.crit[4].known);
	programme_pilot_report_free(&r);

	/* after the end with adoption still 60% (as of May 31 the window is May,
	 * when nobody used it) -> missed */
	ok(programme_pilot_report(S, pilot_id, D("2027-06-15"), &act, &r, &err), &err);
	assert_int_equal(r.crit[0].value, 0);
	assert_int_equal(r.crit[0].verdict, PROGRAMME_MISSED);
	programme_pilot_report_free(&r);

	struct store_pilot *list = NULL;
	size_t n = 0;
	ok(store_programme_pilot_list(S, pawoon, &list, &n, &err), &err);
	assert_int_equal(n, 0);
	free(list);
	ok(store_programme_pilot_list(S, moka, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].n_criteria, 5);
	free(list);
}

static void surveys_and_links(void **state)
{
	(void)state;
	struct clario_err err;
	struct store_survey sv = {.partner_id = moka, .pilot_id = pilot_id,
				  .created_at = T("2027-02-15T02:00:00Z")};
	snprintf(sv.audience, sizeof sv.audience, "merchant");
	snprintf(sv.title, sizeof sv.title, "Pilot NPS");
	ok(store_programme_survey_create(S, &sv, &err), &err);
	survey_id = sv.id;
	for (int i = 0; i < 10; i++) {
		unsigned char h[32];
		bool skipped = true;
		programme_token_new(tokens[i], h);
		ok(store_programme_invite_merchant(S, sv.id, M[i], moka, h, sv.created_at,
						   sv.created_at - 90 * 86400LL, &skipped, &err), &err);
		assert_false(skipped);
	}
	/* the stored hash is not the token */
	assert_int_equal(Q("SELECT count(*) FROM survey_invites WHERE token_hash = $1",
			   SQL_ARGS(SQL_B(tokens[0], 32))), 0);
	/* 6 promoters, 2 passives, 2 detractors */
	const int scores[10] = {10, 10, 9, 9, 9, 9, 8, 7, 6, 0};
	for (int i = 0; i < 10; i++) {
		unsigned char h[32];
		assert_true(programme_token_hash(tokens[i], h));
		ok(store_programme_answer(S, h, scores[i], i == 9 ? "too slow" : NULL,
					  T("2027-02-20T03:00:00Z"), &err), &err);
	}
	/* reuse of a link is refused and changes nothing */
	unsigned char h[32];
	assert_true(programme_token_hash(tokens[0], h));
	assert_int_equal(store_programme_answer(S, h, 0, "again", T("2027-02-21T03:00:00Z"), &err),
			 CLARIO_ECONFLICT);
	assert_int_equal(Q("SELECT score FROM survey_invites WHERE merchant_id = $1",
			   SQL_ARGS(SQL_I(M[0]))), 10);
	/* a forged link of the right shape is unknown; a malformed one never parses */
	char forged[PROGRAMME_TOKEN_LEN + 1];
	unsigned char fh[32];
	programme_token_new(forged, fh);
	assert_int_equal(store_programme_answer(S, fh, 10, NULL, 1, &err), CLARIO_ENOTFOUND);
	char tampered[PROGRAMME_TOKEN_LEN + 1];
	memcpy(tampered, tokens[1], sizeof tampered);
	tampered[10] = tampered[10] == 'a' ? 'b' : 'a';
	assert_true(programme_token_hash(tampered, fh));
	assert_int_equal(store_programme_answer(S, fh, 10, NULL, 1, &err), CLARIO_ENOTFOUND);
	assert_false(programme_token_hash("nps_short", fh));
	assert_false(programme_token_hash("nps_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", fh));
	/* independent check: exactly one answer each */
	assert_int_equal(Q("SELECT count(*) FROM survey_invites WHERE answered_at IS NOT NULL",
			   SQL_NOARGS), 10);

	struct programme_survey_results res;
	struct store_survey_filter f = {.partner_id = moka, .survey_id = survey_id,
					.from = INT64_MIN, .to = INT64_MAX};
	ok(programme_survey_results(S, &f, &res, &err), &err);
	assert_int_equal(programme_nps_x100(&res.nps), 4000);
	assert_int_equal(programme_nps_mean_x100(&res.nps), 770);
	assert_int_equal(res.invited, 10);
	assert_int_equal(res.response_rate.num, 10);
	f.partner_id = pawoon;
	ok(programme_survey_results(S, &f, &res, &err), &err);
	assert_int_equal(res.invited, 0);

	/* throttle: 30 days later nobody in the cohort is asked again; 91 days later they are */
	struct store_survey sv2 = sv;
	ok(store_programme_survey_create(S, &sv2, &err), &err);
	bool skipped = false;
	int64_t later = sv.created_at + 30 * 86400LL;
	programme_token_new(forged, fh);
	ok(store_programme_invite_merchant(S, sv2.id, M[0], moka, fh, later, later - 90 * 86400LL,
					   &skipped, &err), &err);
	assert_true(skipped);
	later = sv.created_at + 91 * 86400LL;
	ok(store_programme_invite_merchant(S, sv2.id, M[0], moka, fh, later, later - 90 * 86400LL,
					   &skipped, &err), &err);
	assert_false(skipped);
	/* and only once per survey */
	programme_token_new(forged, fh);
	assert_int_equal(store_programme_invite_merchant(S, sv2.id, M[0], moka, fh, later + 1,
							 0, &skipped, &err), CLARIO_OK);
	assert_true(skipped);

	/* the pilot's satisfaction criteria now hold: mean 7.7 > 7, NPS 40 > 7 */
	struct programme_pilot_report r;
	struct programme_activity_cfg act = PROGRAMME_ACTIVITY_DEFAULT;
	ok(programme_pilot_report(S, pilot_id, D("2027-03-01"), &act, &r, &err), &err);
	assert_true(r.crit[1].known);
	assert_int_equal(r.crit[1].value, 770);
	assert_int_equal(r.crit[1].verdict, PROGRAMME_ON_TRACK);
	assert_int_equal(r.crit[2].value, 4000);
	/* trend: nothing answered by Feb 14, all by Feb 21 */
	assert_false(r.crit[1].trend_known[1]);
	assert_true(r.crit[1].trend_known[2]);
	programme_pilot_report_free(&r);

	/* partner NPS to a partner contact */
	struct store_survey ps = {.partner_id = moka, .created_at = T("2027-02-10T02:00:00Z")};
	snprintf(ps.audience, sizeof ps.audience, "partner");
	snprintf(ps.title, sizeof ps.title, "Partner NPS");
	ok(store_programme_survey_create(S, &ps, &err), &err);
	char pt[PROGRAMME_TOKEN_LEN + 1];
	unsigned char ph[32];
	programme_token_new(pt, ph);
	ok(store_programme_invite_contact(S, ps.id, moka, "ops@moka.example", ph, ps.created_at, &err),
	   &err);
	ok(store_programme_answer(S, ph, 9, NULL, T("2027-02-11T02:00:00Z"), &err), &err);
}

static void support_tickets(void **state)
{
	(void)state;
	struct clario_err err;
	struct store_support_terms t = {.partner_id = moka, .open_s = 9 * 3600, .close_s = 17 * 3600,
					.days = 0x1f, .response_s = 4 * 3600,
					.resolution_s = 16 * 3600};
	snprintf(t.priority, sizeof t.priority, "normal");
	snprintf(t.handled_by, sizeof t.handled_by, "partner");
	snprintf(t.tz, sizeof t.tz, "Asia/Jakarta");
	ok(store_programme_terms_set(S, &t, &err), &err);
	struct store_support_terms got;
	ok(store_programme_terms_get(S, moka, "normal", &got, &err), &err);
	assert_string_equal(got.handled_by, "partner");
	assert_int_equal(got.response_s, 4 * 3600);
	assert_int_equal(store_programme_terms_get(S, moka, "urgent", &got, &err), CLARIO_ENOTFOUND);

	/* #1 Friday 16:00, answered Monday 13:00 (5 business hours > 4): breach.
	 * #2 Monday 10:00, answered 11:00, resolved Tuesday 10:00 (8 h): in time.
	 * #3 pawoon, open.  #4 moka, March: outside the February scorecard. */
	struct store_support_ticket tk[4] = {0};
	const char *opened[4] = {"2027-02-05T16:00:00+07:00", "2027-02-08T10:00:00+07:00",
				 "2027-02-09T10:00:00+07:00", "2027-03-02T10:00:00+07:00"};
	for (int i = 0; i < 4; i++) {
		tk[i].merchant_id = i == 2 ? M[12] : M[i];
		tk[i].partner_id = i == 2 ? pawoon : moka;
		snprintf(tk[i].opened_by, sizeof tk[i].opened_by, "merchant");
		snprintf(tk[i].assignee, sizeof tk[i].assignee, i == 2 ? "clario" : "partner");
		snprintf(tk[i].priority, sizeof tk[i].priority, "normal");
		snprintf(tk[i].subject, sizeof tk[i].subject, "Dashboard kosong");
		snprintf(tk[i].tz, sizeof tk[i].tz, "Asia/Jakarta");
		tk[i].opened_at = T(opened[i]);
		tk[i].open_s = t.open_s;
		tk[i].close_s = t.close_s;
		tk[i].days = t.days;
		tk[i].response_s = t.response_s;
		tk[i].resolution_s = t.resolution_s;
		ok(store_programme_ticket_create(S, &tk[i], &err), &err);
	}
	ok(store_programme_ticket_mark(S, tk[0].id, false, T("2027-02-08T13:00:00+07:00"), &err), &err);
	assert_int_equal(store_programme_ticket_mark(S, tk[0].id, false, T("2027-02-08T14:00:00+07:00"),
						     &err), CLARIO_ECONFLICT);
	ok(store_programme_ticket_mark(S, tk[0].id, true, T("2027-02-09T09:30:00+07:00"), &err), &err);
	ok(store_programme_ticket_mark(S, tk[1].id, false, T("2027-02-08T11:00:00+07:00"), &err), &err);
	ok(store_programme_ticket_mark(S, tk[1].id, true, T("2027-02-09T10:00:00+07:00"), &err), &err);
	assert_int_equal(store_programme_ticket_mark(S, tk[1].id, true, T("2027-02-10T10:00:00+07:00"),
						     &err), CLARIO_ECONFLICT);
	/* a response before the ticket opened is refused */
	assert_int_equal(store_programme_ticket_mark(S, tk[2].id, false, T("2027-02-01T10:00:00+07:00"),
						     &err), CLARIO_ECONFLICT);

	struct programme_ticket_state *ts = NULL;
	size_t n = 0;
	ok(programme_tickets(S, moka, T("2027-02-01T00:00:00+07:00"), T("2027-03-01T00:00:00+07:00"),
			     T("2027-02-26T10:00:00+07:00"), &ts, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_true(ts[0].sla.response_breached);
	assert_int_equal(ts[0].sla.response_used, 5 * 3600);
	/* Fri 1 h + Mon 8 h + Tue 0.5 h = 9.5 h of 16: resolution in time */
	assert_int_equal(ts[0].sla.resolution_used, 9 * 3600 + 1800);
	assert_false(ts[0].sla.resolution_breached);
	assert_false(ts[1].sla.response_breached || ts[1].sla.resolution_breached);
	free(ts);
	/* the open pawoon ticket, seen on Feb 26: Tue 7 h + Wed..Fri 3 × 8 h... far over 16 h */
	ok(programme_tickets(S, pawoon, T("2027-02-01T00:00:00+07:00"), T("2027-03-01T00:00:00+07:00"),
			     T("2027-02-26T10:00:00+07:00"), &ts, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_true(ts[0].sla.response_breached && ts[0].sla.resolution_breached);
	assert_true(ts[0].sla.escalate);
	free(ts);
}

/* A sum over billing rows by SQL (NULL sums read as 0). */
static int64_t QS(const char *sql, const struct sql_val *args, size_t n)
{
	return Q(sql, args, n);
}

#define PARTNER_SOURCED \
	"(SELECT merchant_id FROM referral_attributions WHERE partner_id = $1 UNION" \
	" SELECT merchant_id FROM subscriptions WHERE partner_id = $1)"

static void scorecard_matches_sql(void **state)
{
	(void)state;
	struct clario_err err;
	int32_t feb;
	ok(programme_month_parse("2027-02", &feb, &err), &err);

	struct programme_scorecard *sc = NULL;
	size_t n = 0;
	struct programme_activity_cfg act = PROGRAMME_ACTIVITY_DEFAULT;
	ok(programme_scorecards(S, -1, feb, feb, T("2027-03-05T00:00:00Z"), &act, &sc, &n, &err), &err);
	assert_int_equal(n, 3);
	const struct programme_scorecard *m = &sc[0];
	assert_int_equal(m->partner_id, moka);
	int64_t from = T("2027-02-01T00:00:00+07:00"), to = T("2027-03-01T00:00:00+07:00");
	/* revenue: Clario's part of Moka's revenue-share statement (plus invoices
	 * of merchants attributed to Moka: none), by SQL over the raw rows */
	assert_true(m->has_revenue);
	assert_int_equal(m->closed_months, 1);
	int64_t moka_rev = QS("SELECT COALESCE(sum(clario_share), 0) FROM statements WHERE"
			      " kind = 'revshare' AND partner_id = $1 AND month = '2027-02'",
			      SQL_ARGS(SQL_I(moka)));
	assert_int_equal(moka_rev, QS("SELECT sum(l.clario_share) FROM statement_lines l JOIN"
				      " statements s ON s.id = l.statement_id WHERE s.partner_id = $1"
				      " AND s.month = '2027-02'", SQL_ARGS(SQL_I(moka))));
	assert_int_equal(m->revenue, moka_rev);
	int64_t total = QS("SELECT COALESCE(sum(clario_share), 0) FROM statements WHERE"
			   " kind = 'revshare' AND month = '2027-02'", SQL_NOARGS) +
			QS("SELECT COALESCE(sum(subtotal), 0) FROM invoices WHERE month = '2027-02'",
			   SQL_NOARGS);
	assert_int_equal(m->total_revenue, total);
	/* Pawoon co-sells: the invoices of its merchants */
	assert_int_equal(sc[1].revenue,
			 QS("SELECT sum(i.subtotal) FROM invoices i JOIN subscriptions x ON"
			    " x.merchant_id = i.merchant_id WHERE x.partner_id = $1 AND"
			    " i.month = '2027-02'", SQL_ARGS(SQL_I(pawoon))));
	assert_int_equal(sc[1].revenue, 2 * 249000);
	/* Budi: the invoice of the merchant it referred (Feb 5..28: 24 of 28 days) */
	assert_int_equal(sc[2].partner_id, budi);
	assert_int_equal(sc[2].revenue,
			 QS("SELECT sum(i.subtotal) FROM invoices i JOIN referral_attributions a ON"
			    " a.merchant_id = i.merchant_id WHERE a.partner_id = $1 AND"
			    " i.month = '2027-02'", SQL_ARGS(SQL_I(budi))));
	/* referrals and conversions from the attributions */
	assert_int_equal(sc[2].referrals,
			 QS("SELECT count(*) FROM referral_attributions WHERE partner_id = $1 AND"
			    " attributed_at >= $2 AND attributed_at < $3",
			    SQL_ARGS(SQL_I(budi), SQL_I(from), SQL_I(to))));
	assert_int_equal(sc[2].referrals, 1);
	assert_int_equal(sc[2].converted,
			 QS("SELECT count(*) FROM referral_attributions WHERE partner_id = $1 AND"
			    " conversion_month = '2027-02'", SQL_ARGS(SQL_I(budi))));
	assert_int_equal(sc[2].converted, 1);
	assert_int_equal(m->referrals, 0);
	/* new paying: partner-sourced merchants whose first subscription starts in
	 * February (M[11] for Moka, R for Budi) */
	const char *new_sql = "SELECT count(*) FROM (SELECT merchant_id, min(start_day) AS f FROM"
			      " subscriptions GROUP BY merchant_id) x WHERE x.f BETWEEN $2 AND $3"
			      " AND x.merchant_id IN " PARTNER_SOURCED;
	assert_int_equal(m->new_paying, QS(new_sql, SQL_ARGS(SQL_I(moka), SQL_I(D("2027-02-01")),
							   SQL_I(D("2027-02-28")))));
	assert_int_equal(m->new_paying, 1);
	assert_int_equal(sc[2].new_paying, QS(new_sql, SQL_ARGS(SQL_I(budi), SQL_I(D("2027-02-01")),
							      SQL_I(D("2027-02-28")))));
	/* churn: subscriptions paying on Jan 31 that end in February; Moka's 11
	 * of which M[8] and M[10] end; the direct M[14] stays */
	const char *start_sql = "SELECT count(*) FROM subscriptions WHERE start_day <= $2 AND"
				" (end_day IS NULL OR end_day = 0 OR end_day > $2) AND merchant_id IN "
				PARTNER_SOURCED;
	const char *churn_sql = "SELECT count(*) FROM subscriptions WHERE start_day <= $2 AND"
				" end_day > $2 AND end_day <= $3 AND merchant_id IN " PARTNER_SOURCED;
	assert_int_equal(m->churn_partner.den,
			 QS(start_sql, SQL_ARGS(SQL_I(moka), SQL_I(D("2027-01-31")))));
	assert_int_equal(m->churn_partner.num,
			 QS(churn_sql, SQL_ARGS(SQL_I(moka), SQL_I(D("2027-01-31")),
						SQL_I(D("2027-02-28")))));
	assert_int_equal(m->churn_partner.den, 11);
	assert_int_equal(m->churn_partner.num, 2);
	assert_int_equal(m->churn_direct.den,
			 QS("SELECT count(*) FROM subscriptions WHERE source = 'direct' AND"
			    " start_day <= $1 AND (end_day IS NULL OR end_day = 0 OR end_day > $1)",
			    SQL_ARGS(SQL_I(D("2027-01-31")))));
	assert_int_equal(m->churn_direct.den, 1);
	assert_int_equal(m->churn_direct.num, 0);
	/* merchants and adoption: adopters = merchants with usage in >= 3 distinct
	 * weeks of Feb 1–28 (weeks counted from Monday Feb 1) */
	assert_int_equal(m->merchants, Q("SELECT count(*) FROM merchants WHERE partner_id = $1",
					 SQL_ARGS(SQL_I(moka))));
	int64_t adopters = Q("SELECT count(*) FROM (SELECT u.merchant_id FROM (SELECT DISTINCT"
			     " merchant_id, (day - $2) / 7 AS w FROM usage_events WHERE day BETWEEN"
			     " $2 AND $3) u JOIN merchants m ON m.id = u.merchant_id WHERE"
			     " m.partner_id = $1 GROUP BY u.merchant_id HAVING count(*) >= 3) x",
			     SQL_ARGS(SQL_I(moka), SQL_I(D("2027-02-01")), SQL_I(D("2027-02-28"))));
	assert_int_equal(adopters, 6);
	assert_int_equal(m->active_merchants, adopters);
	assert_int_equal(sc[1].active_merchants, 1); /* pawoon's M[12], every week */
	/* tickets opened in February */
	assert_int_equal(m->tickets, Q("SELECT count(*) FROM support_tickets WHERE partner_id = $1"
				       " AND opened_at >= $2 AND opened_at < $3",
				       SQL_ARGS(SQL_I(moka), SQL_I(from), SQL_I(to))));
	assert_int_equal(m->tickets, 2);
	/* SLA: both judged (resolved), #1 breached its response time -> 1 of 2 */
	assert_int_equal(m->sla_evaluated, 2);
	assert_int_equal(m->sla_met, 1);
	/* merchant NPS over answers to invitations sent in February */
	int64_t promoters = Q("SELECT count(*) FROM survey_invites i JOIN surveys v ON v.id = i.survey_id"
			      " WHERE v.audience = 'merchant' AND i.partner_id = $1 AND i.score >= 9"
			      " AND i.sent_at >= $2 AND i.sent_at < $3",
			      SQL_ARGS(SQL_I(moka), SQL_I(from), SQL_I(to)));
	int64_t detractors = Q("SELECT count(*) FROM survey_invites i JOIN surveys v ON v.id = i.survey_id"
			       " WHERE v.audience = 'merchant' AND i.partner_id = $1 AND i.score <= 6"
			       " AND i.sent_at >= $2 AND i.sent_at < $3",
			       SQL_ARGS(SQL_I(moka), SQL_I(from), SQL_I(to)));
	int64_t answers = Q("SELECT count(score) FROM survey_invites i JOIN surveys v ON v.id = i.survey_id"
			    " WHERE v.audience = 'merchant' AND i.partner_id = $1"
			    " AND i.sent_at >= $2 AND i.sent_at < $3",
			    SQL_ARGS(SQL_I(moka), SQL_I(from), SQL_I(to)));
	assert_int_equal(m->merchant_nps.promoters, promoters);
	assert_int_equal(m->merchant_nps.detractors, detractors);
	assert_int_equal(m->merchant_nps.answers, answers);
	assert_int_equal(programme_nps_x100(&m->merchant_nps), (promoters - detractors) * 10000 / answers);
	assert_int_equal(m->partner_nps.answers, 1);
	assert_int_equal(m->partner_nps.score_sum, 9);
	free(sc);

	/* one partner only */
	ok(programme_scorecards(S, pawoon, feb, feb, T("2027-03-05T00:00:00Z"), &act, &sc, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(sc[0].revenue, 2 * 249000);
	assert_int_equal(sc[0].tickets, 1);
	assert_int_equal(sc[0].sla_evaluated, 1); /* open but breached: judged */
	assert_int_equal(sc[0].sla_met, 0);
	free(sc);

	/* trailing three months Dec–Feb: January is closed too, December not */
	ok(programme_scorecards(S, moka, feb - 2, feb, T("2027-03-05T00:00:00Z"), &act, &sc, &n, &err),
	   &err);
	assert_int_equal(sc[0].closed_months, 2);
	assert_int_equal(sc[0].revenue,
			 QS("SELECT sum(clario_share) FROM statements WHERE kind = 'revshare' AND"
			    " partner_id = $1 AND month IN ('2026-12', '2027-01', '2027-02')",
			    SQL_ARGS(SQL_I(moka))));
	assert_int_equal(sc[0].revenue, moka_rev + 11 * 60000);
	free(sc);
	/* a month billing has not closed has no revenue */
	ok(programme_scorecards(S, moka, feb + 1, feb + 1, T("2027-04-05T00:00:00Z"), &act, &sc, &n,
				&err), &err);
	assert_false(sc[0].has_revenue);
	assert_int_equal(sc[0].revenue, 0);
	free(sc);
}


static struct store_support_ticket assigned(int64_t partner, const char *by, const char *prio,
					    const char *at)
{
	struct clario_err err;
	struct store_support_ticket t = {.partner_id = partner, .opened_at = T(at)};
	snprintf(t.opened_by, sizeof t.opened_by, "%s", by);
	snprintf(t.priority, sizeof t.priority, "%s", prio);
	ok(programme_ticket_assign(S, &t, &err), &err);
	return t;
}

/* Assignment and SLA targets from the contract in force: Moka support_by
 * partner 4 h / 16 h, Pawoon shared 8 h / 40 h (both from 2026-12-01);
 * priorities scale the contract's "normal" hours (low x2, high /2, urgent /4);
 * business hours and zone come from the support terms. */
static void ticket_assignment(void **state)
{
	(void)state;
	struct clario_err err;
	struct store_support_terms t = {.partner_id = pawoon, .open_s = 8 * 3600,
					.close_s = 16 * 3600, .days = 0x3f, .response_s = 3600,
					.resolution_s = 2 * 3600};
	snprintf(t.priority, sizeof t.priority, "normal");
	snprintf(t.handled_by, sizeof t.handled_by, "clario");
	snprintf(t.tz, sizeof t.tz, "Asia/Makassar");
	ok(store_programme_terms_set(S, &t, &err), &err);

	struct store_support_ticket k = assigned(moka, "merchant", "normal", "2027-02-10T10:00:00Z");
	assert_string_equal(k.assignee, "partner");
	assert_int_equal(k.response_s, 4 * 3600);
	assert_int_equal(k.resolution_s, 16 * 3600);
	assert_string_equal(k.tz, "Asia/Jakarta"); /* moka's normal terms */
	k = assigned(moka, "clario", "urgent", "2027-02-10T10:00:00Z");
	assert_string_equal(k.assignee, "partner");
	assert_int_equal(k.response_s, 3600);
	assert_int_equal(k.resolution_s, 4 * 3600);
	k = assigned(moka, "merchant", "low", "2027-02-10T10:00:00Z");
	assert_int_equal(k.response_s, 8 * 3600);
	assert_int_equal(k.resolution_s, 32 * 3600);
	/* shared: the partner is first line for its merchants' tickets... */
	k = assigned(pawoon, "merchant", "normal", "2027-02-10T10:00:00Z");
	assert_string_equal(k.assignee, "partner");
	assert_int_equal(k.response_s, 8 * 3600);
	assert_int_equal(k.resolution_s, 40 * 3600);
	/* ...hours and zone from the terms, targets not (the contract wins) */
	assert_string_equal(k.tz, "Asia/Makassar");
	assert_int_equal(k.open_s, 8 * 3600);
	assert_int_equal(k.days, 0x3f);
	/* ...and Clario takes what the partner escalates or Clario opens */
	k = assigned(pawoon, "partner", "high", "2027-02-10T10:00:00Z");
	assert_string_equal(k.assignee, "clario");
	assert_int_equal(k.response_s, 4 * 3600);
	assert_int_equal(k.resolution_s, 20 * 3600);
	assert_string_equal(assigned(pawoon, "clario", "normal", "2027-02-10T10:00:00Z").assignee,
			    "clario");
	/* before the contract starts only the terms apply (pawoon: clario, 1 h) */
	k = assigned(pawoon, "merchant", "normal", "2026-11-10T10:00:00Z");
	assert_string_equal(k.assignee, "clario");
	assert_int_equal(k.response_s, 3600);
	/* a direct merchant: Clario, its default 8 h / 40 h, 09-17 Mon-Fri WIB */
	k = assigned(0, "merchant", "normal", "2027-02-10T10:00:00Z");
	assert_string_equal(k.assignee, "clario");
	assert_int_equal(k.response_s, 8 * 3600);
	assert_int_equal(k.resolution_s, 40 * 3600);
	assert_string_equal(k.tz, "Asia/Jakarta");
	assert_int_equal(k.days, 0x1f);
	struct store_support_ticket bad = {.partner_id = moka, .opened_at = 1};
	snprintf(bad.priority, sizeof bad.priority, "asap");
	assert_int_equal(programme_ticket_assign(S, &bad, &err), CLARIO_EINVAL);
}

/* Revenue per partner and total of a closed month by SQL: revenue-share
 * statements (Clario's part) and invoices before PPN. */
static int64_t month_total(const char *month)
{
	return QS("SELECT COALESCE(sum(clario_share), 0) FROM statements WHERE kind = 'revshare'"
		  " AND month = $1", SQL_ARGS(SQL_T(month))) +
	       QS("SELECT COALESCE(sum(subtotal), 0) FROM invoices WHERE month = $1",
		  SQL_ARGS(SQL_T(month)));
}

static void concentration_report(void **state)
{
	(void)state;
	struct clario_err err;
	int32_t feb;
	ok(programme_month_parse("2027-02", &feb, &err), &err);
	int64_t tot_jan = month_total("2027-01"), tot_feb = month_total("2027-02");
	int64_t moka_jan = QS("SELECT clario_share FROM statements WHERE kind = 'revshare' AND"
			      " partner_id = $1 AND month = '2027-01'", SQL_ARGS(SQL_I(moka)));
	int64_t moka_feb = QS("SELECT clario_share FROM statements WHERE kind = 'revshare' AND"
			      " partner_id = $1 AND month = '2027-02'", SQL_ARGS(SQL_I(moka)));
	int64_t direct_feb = QS("SELECT sum(subtotal) FROM invoices WHERE month = '2027-02' AND"
				" merchant_id = $1", SQL_ARGS(SQL_I(M[14])));
	int64_t direct_jan = QS("SELECT sum(subtotal) FROM invoices WHERE month = '2027-01' AND"
				" merchant_id = $1", SQL_ARGS(SQL_I(M[14])));
	/* January by hand: Moka 11 x 60.000 = 660.000, Pawoon 2 x 249.000, direct
	 * 249.000: 1.407.000, Moka 46.9% */
	assert_int_equal(moka_jan, 660000);
	assert_int_equal(tot_jan, 660000 + 2 * 249000 + 249000);
	struct programme_risk_report r;
	struct programme_risk_cfg cfg = PROGRAMME_RISK_DEFAULT;
	struct programme_targets t = PROGRAMME_TARGETS_DEFAULT;
	ok(programme_risk(S, feb, &cfg, &t, &r, &err), &err);
	assert_true(r.month_closed);
	assert_int_equal(r.n, 3); /* moka, pawoon, budi */
	assert_int_equal(r.active_partnerships, 3);
	assert_int_equal(r.rows[0].partner_id, moka);
	assert_int_equal(r.rows[0].revenue, moka_feb);
	assert_int_equal(r.rows[0].total, tot_feb);
	/* in bps, rounded half up */
	assert_int_equal(r.rows[0].share_bps, (moka_feb * 20000 + tot_feb) / (2 * tot_feb));
	assert_true(moka_feb * 10000 > 3000 * tot_feb);
	assert_int_equal(r.rows[0].level, PROGRAMME_RISK_BREACH);
	/* above the warning in January and February; December is not closed */
	assert_int_equal(r.rows[0].months_above_warn, 2);
	assert_int_equal(r.rows[0].above_since, feb - 1);
	/* Budi's one referral: far below the warning */
	assert_int_equal(r.rows[2].partner_id, budi);
	assert_int_equal(r.rows[2].level, PROGRAMME_RISK_OK);
	/* year to date Jan–Feb: partner revenue is everything but direct */
	assert_int_equal(r.targets.total_revenue, tot_jan + tot_feb);
	assert_int_equal(r.targets.partner_revenue, tot_jan + tot_feb - direct_jan - direct_feb);
	programme_risk_free(&r);
	/* custom levels: warning 45%, limit 50% -> Moka in February only warns or passes */
	struct programme_risk_cfg hi = {4500, 5000};
	ok(programme_risk(S, feb, &hi, &t, &r, &err), &err);
	assert_int_equal(r.rows[0].level, moka_feb * 10000 > 4500 * tot_feb ? PROGRAMME_RISK_WARNING
									 : PROGRAMME_RISK_OK);
	programme_risk_free(&r);
	/* March is not closed: no partner rows, nothing to warn about */
	ok(programme_risk(S, feb + 1, &cfg, &t, &r, &err), &err);
	assert_false(r.month_closed);
	assert_int_equal(r.n, 0);
	programme_risk_free(&r);
}

static void recorder_batches(void **state)
{
	(void)state;
	struct clario_err err;
	struct programme_recorder *rec = NULL;
	int64_t before = Q("SELECT count(*) FROM usage_events", SQL_NOARGS);
	ok(programme_recorder_start(DB.url, 50, &rec, &err), &err);
	for (int i = 0; i < 1500; i++)
		ok(programme_usage_record(rec, M[13], 0, i % 2 ? "export" : "login",
					  T("2027-02-03T03:00:00Z") + i, &err), &err);
	assert_int_equal(programme_usage_record(rec, M[13], 0, "hack", 1, &err), CLARIO_EINVAL);
	assert_int_equal(programme_usage_record(rec, 0, 0, "login", 1, &err), CLARIO_EINVAL);
	ok(programme_recorder_flush(rec, &err), &err);
	assert_int_equal(Q("SELECT count(*) FROM usage_events", SQL_NOARGS), before + 1500);
	/* what stop flushes is not lost either */
	ok(programme_usage_record(rec, M[13], pawoon, "report_download", T("2027-02-04T03:00:00Z"),
				  &err), &err);
	programme_recorder_stop(rec);
	assert_int_equal(Q("SELECT count(*) FROM usage_events WHERE via_partner_id = $1",
			   SQL_ARGS(SQL_I(pawoon))), 1);
	assert_int_equal(Q("SELECT count(*) FROM usage_events WHERE merchant_id = $1 AND kind = 'export'",
			   SQL_ARGS(SQL_I(M[13]))), 750);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "programme") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pilot_and_adoption),
		cmocka_unit_test(surveys_and_links),
		cmocka_unit_test(support_tickets),
		cmocka_unit_test(ticket_assignment),
		cmocka_unit_test(scorecard_matches_sql),
		cmocka_unit_test(concentration_report),
		cmocka_unit_test(recorder_batches),
	};
	int rc = cmocka_run_group_tests_name(DB.pg ? "programme-store-pg" : "programme-store", tests,
					     setup, teardown);
	testdb_destroy(&DB);
	tz_cache_free();
	return rc;
}
