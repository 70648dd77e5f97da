/* Store-backed tests of the partner programme on both backends (--pg): the
 * plan's worked examples through real closes (Moka 70/30, a merchant active 10
 * of 31 days, a 60/40 version from July, Pawoon's one-time fee plus hosting, a
 * 15% recurring commission clawed back after a refund and after churn),
 * attribution rules, a double close, two processes closing the same month at
 * once, gapless numbers, issued invoices refused edits, the audit log and
 * revenue by channel. Expected figures are worked by hand in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "partners/programme.h"
#include "store/sql.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;
static int64_t moka, pawoon, qasir, budi;
static int64_t ref1, ref2, kopi10, cosell_m;

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static day_t D(int y, int m, int d)
{
	return tz_days_from_civil(y, m, d);
}

static struct partners_actor at(int y, int m, int d)
{
	return (struct partners_actor){"test", (instant_t)D(y, m, d) * 86400 + 3600};
}

static int64_t count(const char *sql, const char *arg)
{
	struct clario_err err = {0};
	int64_t n = -1;
	ok(sql_one_int(S, sql, "counting", SQL_ARGS(SQL_T(arg)), &n, &err), &err);
	return n;
}

static int64_t merchant(int64_t partner, const char *name)
{
	struct clario_err err = {0};
	int64_t id = 0;
	ok(store_merchant_create(S, partner, name, "cafe", &id, &err), &err);
	return id;
}

static void subscribe(int64_t m, const char *source, int64_t partner, rupiah_t price, day_t start)
{
	struct clario_err err = {0};
	struct store_subscription x = {.merchant_id = m, .partner_id = partner, .price = price,
				       .start_day = start};
	snprintf(x.source, sizeof x.source, "%s", source);
	struct partners_actor a = at(2027, 1, 1);
	ok(partners_sub_add(S, &a, &x, &err), &err);
}

static struct store_statement statement(int64_t partner, const char *kind, const char *month)
{
	struct clario_err err = {0};
	struct store_statement *list = NULL, out = {0};
	size_t n = 0;
	ok(store_billing_statement_list(S, partner, month, &list, &n, &err), &err);
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].kind, kind) == 0)
			out = list[i];
	free(list);
	if (!out.id)
		fail_msg("no %s statement for partner %lld in %s", kind, (long long)partner, month);
	return out;
}

static void close_month(const char *month, int y, int m, int d)
{
	struct clario_err err = {0};
	struct partners_close_result r;
	struct partners_actor a = at(y, m, d);
	ok(partners_close(S, &a, month, &r, &err), &err);
	assert_false(r.already);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	if (store_open(DB.url, NULL, &S, &err) != CLARIO_OK) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	if (store_partner_create(S, "moka", "Moka POS", STORE_PARTNER_POS, &moka, &err) ||
	    store_partner_create(S, "pawoon", "Pawoon", STORE_PARTNER_POS, &pawoon, &err) ||
	    store_partner_create(S, "qasir", "Qasir", STORE_PARTNER_POS, &qasir, &err) ||
	    store_partner_create(S, "budi", "Budi Santoso F&B Consulting", STORE_PARTNER_CHANNEL,
				 &budi, &err)) {
		fprintf(stderr, "partners: %s\n", err.msg);
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

/* Contracts of every model, with versions and defaults. */
static void contracts(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_actor a = at(2026, 12, 15);
	/* Moka: reseller with the defaults (Rp 200.000, 7000 bps) from 2027-01-01 */
	struct store_contract c = {.partner_id = moka, .start_day = D(2027, 1, 1),
				   .sla_first_response_h = 4, .sla_resolution_h = 24,
				   .auto_renew = true};
	memcpy(c.model, "reseller", 9);
	ok(partners_contract_add(S, &a, &c, &err), &err);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.addon_price, 200000);
	assert_int_equal(c.partner_bps, 7000);
	/* v2 from mid-year: 60/40 */
	struct store_contract v2 = c;
	v2.effective_from = D(2027, 7, 1);
	v2.partner_bps = 6000;
	ok(partners_contract_add(S, &a, &v2, &err), &err);
	assert_int_equal(v2.version, 2);
	/* a second version from the same day is refused */
	struct store_contract dup = v2;
	assert_int_equal(partners_contract_add(S, &a, &dup, &err), CLARIO_ECONFLICT);
	struct store_contract got;
	ok(partners_contract_at(S, moka, D(2027, 6, 30), &got, &err), &err);
	assert_int_equal(got.partner_bps, 7000);
	ok(partners_contract_at(S, moka, D(2027, 7, 1), &got, &err), &err);
	assert_int_equal(got.partner_bps, 6000);

	/* Pawoon: white-label, Rp 75 juta once (due Feb), hosting Rp 15.000 per active
	 * merchant with a Rp 1.000.000 minimum, no "powered by Clario" */
	struct store_contract w = {.partner_id = pawoon, .start_day = D(2027, 2, 1),
				   .oem_fee = 75000000, .hosting_fee = 15000,
				   .hosting_minimum = 1000000, .powered_by = false};
	memcpy(w.model, "whitelabel", 11);
	memcpy(w.hosting_mode, "per_merchant", 13);
	memcpy(w.brand_name, "Pawoon Analytics", 17);
	ok(partners_contract_add(S, &a, &w, &err), &err);
	/* Qasir: co-sell, no split */
	struct store_contract q = {.partner_id = qasir, .start_day = D(2027, 1, 1)};
	memcpy(q.model, "cosell", 7);
	ok(partners_contract_add(S, &a, &q, &err), &err);
	/* Budi: channel, 15% recurring for 12 paid months, 90-day clawback */
	struct store_contract ch = {.partner_id = budi, .start_day = D(2027, 1, 1),
				    .commission_bps = 1500, .commission_months = 12,
				    .clawback_days = 90};
	memcpy(ch.model, "channel", 8);
	ok(partners_contract_add(S, &a, &ch, &err), &err);
	/* out-of-range terms are refused with the field named */
	struct store_contract bad = ch;
	bad.commission_bps = 3000;
	assert_int_equal(partners_contract_add(S, &a, &bad, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "commission_bps"));
	/* the version change is audited with before and after */
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = $1"
			       " AND before_json LIKE '%\"partner_bps\":7000%'"
			       " AND after_json LIKE '%\"partner_bps\":6000%'",
			       "contract.version"),
			 1);
}

static void profiles_and_referrals(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_actor a = at(2027, 1, 5);
	ok(partners_profile_set(S, &a, moka, "strategic", "active", &err), &err);
	assert_int_equal(partners_profile_set(S, &a, moka, "gold", NULL, &err), CLARIO_EINVAL);
	struct store_contact c = {.partner_id = budi};
	memcpy(c.name, "Budi Santoso", 13);
	memcpy(c.email, "budi@konsultan.id", 18);
	int64_t id;
	ok(partners_contact_add(S, &a, &c, &id, &err), &err);
	ok(partners_code_add(S, &a, budi, "BUDI15", &id, &err), &err);
	assert_int_equal(partners_code_add(S, &a, budi, "BUDI15", &id, &err), CLARIO_ECONFLICT);
	assert_int_equal(partners_code_add(S, &a, budi, "no spaces", &id, &err), CLARIO_EINVAL);

	ref1 = merchant(0, "Warung Referral Satu");
	ref2 = merchant(0, "Kedai Referral Dua");
	int64_t self = merchant(0, "Budi's Own Cafe");
	int64_t late = merchant(0, "Late Visitor Cafe");
	/* ref1 signs up with the code */
	struct store_attribution out;
	struct partners_actor signup = at(2027, 1, 20);
	ok(partners_attribute(S, &signup, ref1, "BUDI15", NULL, "owner@warung1.id", "code", &out,
			      &err), &err);
	assert_int_equal(out.partner_id, budi);
	/* attribution happens once */
	assert_int_equal(partners_attribute(S, &signup, ref1, "BUDI15", NULL, NULL, "code", &out,
					    &err),
			 CLARIO_ECONFLICT);
	/* self-referral: the merchant's e-mail is the consultant's own */
	assert_int_equal(partners_attribute(S, &signup, self, "BUDI15", NULL, "BUDI@konsultan.id",
					    "code", &out, &err),
			 CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "self-referral"));
	/* ref2 clicked a link on 2027-01-02 and signs up 2027-01-25: first touch wins */
	ok(partners_touch(S, "BUDI15", "visitor-42", "link", (instant_t)D(2027, 1, 2) * 86400, &err),
	   &err);
	ok(partners_touch(S, "BUDI15", "visitor-42", "link", (instant_t)D(2027, 1, 10) * 86400, &err),
	   &err);
	struct partners_actor signup2 = at(2027, 1, 25);
	ok(partners_attribute(S, &signup2, ref2, NULL, "visitor-42", "owner@kedai2.id", NULL, &out,
			      &err), &err);
	assert_int_equal(out.partner_id, budi);
	assert_string_equal(out.via, "link");
	/* a touch older than the 90-day window does not attribute */
	ok(partners_touch(S, "BUDI15", "visitor-old", "link", (instant_t)D(2026, 9, 1) * 86400, &err),
	   &err);
	assert_int_equal(partners_attribute(S, &signup2, late, NULL, "visitor-old", NULL, NULL, &out,
					    &err),
			 CLARIO_ENOTFOUND);
}

static void subscriptions(void **state)
{
	(void)state;
	struct clario_err err = {0};
	char name[64];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Moka Cafe %02d", i + 1);
		subscribe(merchant(moka, name), "partner", moka, 0, D(2027, 1, 1));
	}
	/* active from 22 March: 10 of March's 31 days */
	kopi10 = merchant(moka, "Kopi Sepuluh Hari");
	subscribe(kopi10, "partner", moka, 0, D(2027, 3, 22));
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "Pawoon Resto %d", i + 1);
		subscribe(merchant(pawoon, name), "partner", pawoon, 0, D(2027, 1, 15));
	}
	cosell_m = merchant(qasir, "Qasir Bakery");
	subscribe(cosell_m, "partner", qasir, 150000, D(2027, 2, 1));
	subscribe(ref1, "referral", 0, 250000, D(2027, 2, 1));
	subscribe(ref2, "referral", 0, 250000, D(2027, 2, 1));
	struct store_subscription bad = {.merchant_id = ref1, .price = 1, .start_day = D(2027, 1, 1)};
	memcpy(bad.source, "partner", 8);
	struct partners_actor a = at(2027, 1, 1);
	assert_int_equal(partners_sub_add(S, &a, &bad, &err), CLARIO_EINVAL);
	/* A direct subscription at Rp 0 would invoice nothing: refused. */
	struct store_subscription free_direct = {.merchant_id = ref1, .start_day = D(2027, 1, 1)};
	memcpy(free_direct.source, "direct", 7);
	assert_int_equal(partners_sub_add(S, &a, &free_direct, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "price"));
}

/* February 2027 (28 days). */
static void close_february(void **state)
{
	(void)state;
	close_month("2027-02", 2027, 3, 1);
	/* Moka: 20 × 200.000 = 4.000.000; 70% = 2.800.000; 30% = 1.200.000 */
	struct store_statement m = statement(moka, "revshare", "2027-02");
	assert_int_equal(m.gross, 4000000);
	assert_int_equal(m.partner_share, 2800000);
	assert_int_equal(m.clario_share, 1200000);
	assert_int_equal(count("SELECT count(*) FROM statement_lines l JOIN statements s"
			       " ON s.id = l.statement_id WHERE s.month = $1 AND s.kind = 'revshare'"
			       " AND l.clario_share = 60000 AND l.days_active = 28",
			       "2027-02"),
			 20);
	/* Pawoon: 3 active × 15.000 = 45.000 < minimum → hosting 1.000.000 + PPN 110.000;
	 * the one-time fee 75.000.000 + PPN 8.250.000 = 83.250.000 */
	assert_int_equal(count("SELECT sum(total) FROM invoices WHERE kind = 'hosting'"
			       " AND month = $1", "2027-02"), 1110000);
	assert_int_equal(count("SELECT sum(total) FROM invoices WHERE kind = 'oem_fee'"
			       " AND month = $1", "2027-02"), 83250000);
	/* direct: Qasir's co-sell merchant 150.000 (+16.500) and two referred 250.000 (+27.500) */
	assert_int_equal(count("SELECT count(*) FROM invoices WHERE kind = 'direct' AND month = $1",
			       "2027-02"), 3);
	assert_int_equal(count("SELECT sum(total) FROM invoices WHERE kind = 'direct' AND month = $1",
			       "2027-02"), 166500 + 2 * 277500);
	/* Budi: 15% of 250.000 = 37.500 per referred merchant */
	struct store_statement b = statement(budi, "commission", "2027-02");
	assert_int_equal(b.gross, 500000);
	assert_int_equal(b.partner_share, 75000);
	assert_int_equal(b.clario_share, 425000);
	rupiah_t bal;
	struct clario_err err = {0};
	ok(store_billing_balance(S, budi, &bal, &err), &err);
	assert_int_equal(bal, 75000);
	/* numbers: INV/2027/000001..000005, no gap */
	assert_int_equal(count("SELECT count(*) FROM invoices WHERE series = $1 AND year = 2027",
			       "INV"), 5);
	assert_int_equal(count("SELECT max(seq) FROM invoices WHERE series = $1 AND year = 2027",
			       "INV"), 5);
}

static void double_close_changes_nothing(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t before = count("SELECT count(*) FROM invoices WHERE month = $1", "2027-02");
	int64_t audits = count("SELECT count(*) FROM audit_log WHERE action <> $1", "");
	struct partners_close_result r;
	struct partners_actor a = at(2027, 3, 2);
	ok(partners_close(S, &a, "2027-02", &r, &err), &err);
	assert_true(r.already);
	assert_int_equal(r.invoices, 5);
	assert_int_equal(r.statements, 2);
	assert_int_equal(count("SELECT count(*) FROM invoices WHERE month = $1", "2027-02"), before);
	assert_int_equal(count("SELECT count(*) FROM statements WHERE month = $1", "2027-02"), 2);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action <> $1", ""), audits);
	assert_int_equal(partners_close(S, &a, "2027-2", &r, &err), CLARIO_EINVAL);
	/* March is not over on 2 March 2027: refused, nothing written */
	assert_int_equal(partners_close(S, &a, "2027-03", &r, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "not over yet"));
	assert_int_equal(count("SELECT count(*) FROM billing_closes WHERE month = $1", "2027-03"), 0);
}

static void issued_invoice_edit_refused(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store_invoice v;
	ok(store_billing_invoice_by_number(S, "INV/2027/000001", &v, &err), &err);
	assert_int_equal(partners_invoice_edit(S, v.id, &err), CLARIO_ECONFLICT);
	assert_non_null(strstr(err.msg, "credit note"));
	/* even a direct UPDATE is refused by the database */
	assert_int_equal(store_billing_invoice_set_note(S, v.id, "changed", &err), CLARIO_ECONFLICT);
	struct store_invoice again;
	ok(store_billing_invoice_get(S, v.id, &again, &err), &err);
	assert_string_equal(again.note, v.note);
	assert_int_equal(sql_exec(S, "DELETE FROM audit_log WHERE id > $1", "deleting audit",
				  SQL_ARGS(SQL_I(0)), NULL, &err),
			 CLARIO_ECONFLICT);
	assert_int_equal(partners_invoice_edit(S, 999999, &err), CLARIO_ENOTFOUND);
}

/* ref1's February invoice is refunded on 10 March (inside 90 days of the
 * February conversion): a credit note for −277.500 and the 37.500 clawed back. */
static void refund_claws_back_commission(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store_invoice *list = NULL;
	size_t n = 0;
	ok(store_billing_invoice_list(S, "2027-02", 0, ref1, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	struct store_invoice inv = list[0], cn;
	free(list);
	struct partners_actor a = at(2027, 3, 10);
	ok(partners_refund(S, &a, inv.id, "merchant unhappy", &cn, &err), &err);
	assert_string_equal(cn.number, "CN/2027/000001");
	assert_int_equal(cn.total, -277500);
	assert_int_equal(partners_refund(S, &a, inv.id, "again", &cn, &err), CLARIO_ECONFLICT);
	rupiah_t bal;
	ok(store_billing_balance(S, budi, &bal, &err), &err);
	assert_int_equal(bal, 37500);
	assert_int_equal(count("SELECT sum(amount) FROM commission_entries WHERE kind = $1",
			       "clawback"), -37500);
}

/* March (31 days): kopi10 active 10 days; ref2 churns on 15 March, inside the
 * 90-day window from 1 February: its February and March commissions go back. */
static void close_march_with_proration_and_churn(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_actor a = at(2027, 3, 1);
	struct store_subscription *subs = NULL;
	size_t n = 0;
	ok(store_billing_sub_list(S, 0, &subs, &n, &err), &err);
	for (size_t i = 0; i < n; i++)
		if (subs[i].merchant_id == ref2)
			ok(partners_sub_cancel(S, &a, subs[i].id, D(2027, 3, 15), &err), &err);
	free(subs);
	close_month("2027-03", 2027, 4, 1);
	/* Moka: 20 × 200.000 + 64.516 = 4.064.516; partner 2.800.000 + 45.161 = 2.845.161;
	 * Clario 1.200.000 + 19.355 = 1.219.355 */
	struct store_statement m = statement(moka, "revshare", "2027-03");
	assert_int_equal(m.gross, 4064516);
	assert_int_equal(m.partner_share, 2845161);
	assert_int_equal(m.clario_share, 1219355);
	assert_int_equal(count("SELECT count(*) FROM statement_lines WHERE days_active = 10"
			       " AND gross = 64516 AND partner_share = 45161 AND clario_share = 19355"
			       " AND days_in_month = CAST($1 AS BIGINT)", "31"), 1);
	/* no one-time fee again, hosting again */
	assert_int_equal(count("SELECT count(*) FROM invoices WHERE kind = 'oem_fee'"
			       " AND month >= $1", "2027-01"), 1);
	/* ref2: 250.000 × 15/31 = 120.967,7 → 120.968; 15% = 18.145,2 → 18.145 accrued,
	 * then February's 37.500 and March's 18.145 clawed back for churn */
	assert_int_equal(count("SELECT subtotal FROM invoices WHERE kind = 'direct' AND month = $1"
			       " AND note = 'Kedai Referral Dua'", "2027-03"), 120968);
	assert_int_equal(count("SELECT sum(amount) FROM commission_entries WHERE kind = 'clawback'"
			       " AND reason LIKE $1", "churned%"), -(37500 + 18145));
	/* Budi's balance: ref1 Feb 37.500 − 37.500 (refund) + Mar 37.500; ref2 all back */
	rupiah_t bal;
	ok(store_billing_balance(S, budi, &bal, &err), &err);
	assert_int_equal(bal, 37500);
	struct store_statement b = statement(budi, "commission", "2027-03");
	/* lines: ref1 250.000 → 37.500; ref2 120.968 → 18.145; churn −55.645 */
	assert_int_equal(b.gross, 250000 + 120968);
	assert_int_equal(b.partner_share, 37500 + 18145 - 55645);
	assert_int_equal(b.gross, b.partner_share + b.clario_share);
}

static void mid_year_version_and_payouts(void **state)
{
	(void)state;
	struct clario_err err = {0};
	close_month("2027-06", 2027, 7, 1);
	close_month("2027-07", 2027, 8, 1);
	/* 21 merchants × 200.000 = 4.200.000: June 70/30, July 60/40 */
	struct store_statement jun = statement(moka, "revshare", "2027-06");
	struct store_statement jul = statement(moka, "revshare", "2027-07");
	assert_int_equal(jun.gross, 4200000);
	assert_int_equal(jun.partner_share, 2940000);
	assert_int_equal(jun.partner_bps, 7000);
	assert_int_equal(jul.gross, 4200000);
	assert_int_equal(jul.partner_share, 2520000);
	assert_int_equal(jul.clario_share, 1680000);
	assert_int_equal(jul.partner_bps, 6000);
	/* Budi: 37.500 + June 37.500 + July 37.500 = 112.500 (March's accrual included) */
	rupiah_t bal;
	ok(store_billing_balance(S, budi, &bal, &err), &err);
	assert_int_equal(bal, 112500);
	struct partners_actor a = at(2027, 8, 2);
	int64_t n = -1;
	ok(partners_payouts_run(S, &a, 500000, &n, &err), &err);
	assert_int_equal(n, 0); /* below the threshold: nothing paid */
	ok(partners_payouts_run(S, &a, 100000, &n, &err), &err);
	assert_int_equal(n, 1);
	ok(store_billing_balance(S, budi, &bal, &err), &err);
	assert_int_equal(bal, 0);
	struct store_payout *p = NULL;
	size_t np = 0;
	ok(store_billing_payout_list(S, budi, &p, &np, &err), &err);
	assert_int_equal(np, 1);
	assert_int_equal(p[0].amount, 112500);
	assert_string_equal(p[0].status, "pending");
	ok(partners_payout_set(S, &a, p[0].id, "paid", &err), &err);
	assert_int_equal(partners_payout_set(S, &a, p[0].id, "failed", &err), CLARIO_ECONFLICT);
	free(p);
}

/* February's revenue by channel after the refund: Moka 1.200.000, Pawoon
 * 1.000.000 + 75.000.000, Budi 500.000 − 250.000, Qasir co-sell 150.000; total
 * 77.600.000. Shares in bps by largest remainder: 154.6→155, 9793.8→9794,
 * 32.2→32, 19.3→19 (add up to 10000). */
static void revenue_by_channel(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_revenue *rows = NULL;
	size_t n = 0;
	rupiah_t total = 0;
	ok(partners_revenue_month(S, "2027-02", &rows, &n, &total, &err), &err);
	assert_int_equal(total, 77600000);
	int32_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += rows[i].share_bps;
		if (rows[i].partner_id == moka) {
			assert_string_equal(rows[i].channel, "reseller");
			assert_int_equal(rows[i].revenue, 1200000);
			assert_int_equal(rows[i].share_bps, 155);
		} else if (rows[i].partner_id == pawoon) {
			assert_string_equal(rows[i].channel, "whitelabel");
			assert_int_equal(rows[i].revenue, 76000000);
			assert_int_equal(rows[i].share_bps, 9794);
		} else if (rows[i].partner_id == budi) {
			assert_string_equal(rows[i].channel, "channel");
			assert_int_equal(rows[i].revenue, 250000);
			assert_int_equal(rows[i].share_bps, 32);
		} else if (rows[i].partner_id == qasir) {
			assert_string_equal(rows[i].channel, "cosell");
			assert_int_equal(rows[i].revenue, 150000);
			assert_int_equal(rows[i].share_bps, 19);
		} else {
			assert_string_equal(rows[i].channel, "direct");
			assert_int_equal(rows[i].revenue, 0);
		}
	}
	assert_int_equal(sum, 10000);
	free(rows);
}

/* Two processes close April at the same moment: one set of documents. */
static void concurrent_close_two_processes(void **state)
{
	(void)state;
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pid[2];
	for (int k = 0; k < 2; k++) {
		pid[k] = fork();
		assert_true(pid[k] >= 0);
		if (pid[k] == 0) {
			/* the child never touches the parent's connection */
			close(go[1]);
			struct store *s = NULL;
			struct clario_err err = {0};
			char c;
			if (store_open(DB.url, NULL, &s, &err) != CLARIO_OK)
				_exit(10);
			if (read(go[0], &c, 1) != 1)
				_exit(11);
			struct partners_close_result r;
			struct partners_actor a = {"child", (instant_t)D(2027, 5, 1) * 86400};
			enum clario_status st = partners_close(s, &a, "2027-04", &r, &err);
			store_close(s);
			if (st != CLARIO_OK) {
				fprintf(stderr, "child close: %s\n", err.msg);
				_exit(12);
			}
			_exit(r.already ? 1 : 0);
		}
	}
	close(go[0]);
	usleep(300000); /* both children connected and waiting */
	assert_int_equal(write(go[1], "gg", 2), 2);
	close(go[1]);
	int created = 0, already = 0;
	for (int k = 0; k < 2; k++) {
		int ws = 0;
		assert_int_equal(waitpid(pid[k], &ws, 0), pid[k]);
		assert_true(WIFEXITED(ws));
		int code = WEXITSTATUS(ws);
		if (code == 0)
			created++;
		else if (code == 1)
			already++;
		else
			fail_msg("child exited %d", code);
	}
	assert_int_equal(created, 1);
	assert_int_equal(already, 1);
	assert_int_equal(count("SELECT count(*) FROM billing_closes WHERE month = $1", "2027-04"), 1);
	assert_int_equal(count("SELECT count(*) FROM statements WHERE month = $1"
			       " AND kind = 'revshare'", "2027-04"), 1);
	/* April: Pawoon hosting + ref1 direct + Qasir co-sell = 3 invoices */
	assert_int_equal(count("SELECT count(*) FROM invoices WHERE month = $1", "2027-04"), 3);
	/* still gapless across the year: CN apart, INV numbers 1..max */
	assert_int_equal(count("SELECT max(seq) - count(*) FROM invoices WHERE series = $1",
			       "INV"), 0);
}

/* A white-label partner billed per active merchant: a merchant with two
 * subscriptions counts once, one paused all month does not count. August 2027:
 * 2 active × Rp 100.000 = 200.000 (no minimum), + 11% = 222.000. */
static void whitelabel_counts_each_active_merchant_once(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t olsera = 0;
	ok(store_partner_create(S, "olsera", "Olsera", STORE_PARTNER_POS, &olsera, &err), &err);
	struct partners_actor a = at(2027, 7, 20);
	struct store_contract w = {.partner_id = olsera, .start_day = D(2027, 8, 1),
				   .hosting_fee = 100000, .powered_by = true};
	memcpy(w.model, "whitelabel", 11);
	memcpy(w.hosting_mode, "per_merchant", 13);
	ok(partners_contract_add(S, &a, &w, &err), &err);
	int64_t m1 = merchant(olsera, "Olsera Satu"), m2 = merchant(olsera, "Olsera Dua");
	int64_t m3 = merchant(olsera, "Olsera Tiga");
	subscribe(m1, "partner", olsera, 0, D(2027, 8, 1));
	subscribe(m1, "partner", olsera, 0, D(2027, 8, 10));
	subscribe(m2, "partner", olsera, 0, D(2027, 8, 31));
	subscribe(m3, "partner", olsera, 0, D(2027, 8, 1));
	struct store_subscription *subs = NULL;
	size_t n = 0;
	ok(store_billing_sub_list(S, olsera, &subs, &n, &err), &err);
	for (size_t i = 0; i < n; i++)
		if (subs[i].merchant_id == m3)
			ok(partners_sub_pause(S, &a, subs[i].id, D(2027, 7, 30), D(2027, 9, 2), &err),
			   &err);
	free(subs);
	close_month("2027-08", 2027, 9, 1);
	struct store_invoice *inv = NULL;
	ok(store_billing_invoice_list(S, "2027-08", olsera, 0, &inv, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(inv[0].kind, "hosting");
	assert_int_equal(inv[0].subtotal, 200000);
	assert_int_equal(inv[0].total, 222000);
	free(inv);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "billing") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contracts),
		cmocka_unit_test(profiles_and_referrals),
		cmocka_unit_test(subscriptions),
		cmocka_unit_test(close_february),
		cmocka_unit_test(double_close_changes_nothing),
		cmocka_unit_test(issued_invoice_edit_refused),
		cmocka_unit_test(refund_claws_back_commission),
		cmocka_unit_test(close_march_with_proration_and_churn),
		cmocka_unit_test(mid_year_version_and_payouts),
		cmocka_unit_test(revenue_by_channel),
		cmocka_unit_test(concurrent_close_two_processes),
		cmocka_unit_test(whitelabel_counts_each_active_merchant_once),
	};
	int rc = cmocka_run_group_tests_name(DB.pg ? "billing-pg" : "billing", tests, setup,
					     teardown);
	testdb_destroy(&DB);
	return rc;
}
