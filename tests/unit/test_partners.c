/* Unit tests for partners/rules (pure): the plan's worked examples by hand,
 * proration by day, pauses, PPN, invoice numbers, hosting fees, commission
 * periods, contract checks, and a seeded property loop showing that splits and
 * prorations never lose or invent a rupiah. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "partners/rules.h"
#include "store/billing.h"

static uint64_t rng_state = 0xC1A510DEADBEEFULL;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

/* 20 Moka merchants, a full month at Rp 200.000, 70/30: Rp 4.000.000 of which
 * Rp 2.800.000 to Moka and Rp 1.200.000 to Clario, Rp 60.000 per merchant. */
static void moka_twenty_merchants(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_month m;
	ok(partners_month_parse("2027-02", &m, &err), &err);
	assert_int_equal(m.days, 28);
	rupiah_t gross = 0, moka = 0, clario = 0;
	for (int i = 0; i < 20; i++) {
		rupiah_t g, p, c;
		int32_t days = partners_days_active(&m, m.first - 40, 0, NULL, 0);
		assert_int_equal(days, 28);
		ok(partners_prorate(200000, days, m.days, &g, &err), &err);
		ok(partners_split(g, 7000, &p, &c, &err), &err);
		assert_int_equal(g, 200000);
		assert_int_equal(p, 140000);
		assert_int_equal(c, 60000);
		gross += g;
		moka += p;
		clario += c;
	}
	assert_int_equal(gross, 4000000);
	assert_int_equal(moka, 2800000);
	assert_int_equal(clario, 1200000);
}

/* Active 10 of 31 days: 200000 × 10/31 = 64516.13 → Rp 64.516 (remainder .13
 * stays below half); 70% of 64516 = 45161.2 → Rp 45.161, Clario Rp 19.355. */
static void ten_of_thirty_one_days(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_month m;
	ok(partners_month_parse("2027-03", &m, &err), &err);
	assert_int_equal(m.days, 31);
	day_t start = tz_days_from_civil(2027, 3, 22);
	assert_int_equal(partners_days_active(&m, start, 0, NULL, 0), 10);
	rupiah_t g, p, c;
	ok(partners_prorate(200000, 10, 31, &g, &err), &err);
	assert_int_equal(g, 64516);
	ok(partners_split(g, 7000, &p, &c, &err), &err);
	assert_int_equal(p, 45161);
	assert_int_equal(c, 19355);
	/* 60/40: 64516 × 0.6 = 38709.6 → 38710, Clario 25806 */
	ok(partners_split(g, 6000, &p, &c, &err), &err);
	assert_int_equal(p, 38710);
	assert_int_equal(c, 25806);
	/* half a rupiah rounds up: 3 × 1/2 = 1.5 → 2 */
	ok(partners_prorate(3, 1, 2, &g, &err), &err);
	assert_int_equal(g, 2);
}

static void days_with_end_and_pauses(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_month m;
	ok(partners_month_parse("2027-04", &m, &err), &err);
	day_t start = tz_days_from_civil(2027, 4, 5), end = tz_days_from_civil(2027, 4, 20);
	/* 5..20 April = 16 days; a pause 10..12 April takes 3 */
	struct partners_span p = {tz_days_from_civil(2027, 4, 10), tz_days_from_civil(2027, 4, 12)};
	assert_int_equal(partners_days_active(&m, start, end, NULL, 0), 16);
	assert_int_equal(partners_days_active(&m, start, end, &p, 1), 13);
	/* ended before the month, started after it */
	assert_int_equal(partners_days_active(&m, start - 60, start - 40, NULL, 0), 0);
	assert_int_equal(partners_days_active(&m, m.last + 1, 0, NULL, 0), 0);
	/* leap February */
	ok(partners_month_parse("2028-02", &m, &err), &err);
	assert_int_equal(m.days, 29);
}

static void ppn_numbers_hosting_commission(void **state)
{
	(void)state;
	/* 11% of Rp 250.000 = 27.500; of Rp 64.516 = 7096.76 → 7.097 */
	assert_int_equal(partners_ppn(250000, 1100), 27500);
	assert_int_equal(partners_ppn(64516, 1100), 7097);
	assert_int_equal(partners_ppn(-250000, 1100), -27500);
	char buf[32];
	partners_invoice_number(buf, sizeof buf, "INV", 2027, 123);
	assert_string_equal(buf, "INV/2027/000123");
	/* 3 merchants × 15.000 = 45.000 < minimum 1.000.000; 100 × 15.000 = 1.500.000 */
	assert_int_equal(partners_hosting_fee("per_merchant", 15000, 1000000, 3), 1000000);
	assert_int_equal(partners_hosting_fee("per_merchant", 15000, 1000000, 100), 1500000);
	assert_int_equal(partners_hosting_fee("flat", 5000000, 0, 3), 5000000);
	assert_int_equal(partners_hosting_fee("none", 5000000, 0, 3), 0);
	/* recurring 12 months: paid months 1..12 (index 0..11); one-time: only the first */
	assert_true(partners_commission_due(0, 12));
	assert_true(partners_commission_due(11, 12));
	assert_false(partners_commission_due(12, 12));
	assert_true(partners_commission_due(0, 0));
	assert_false(partners_commission_due(1, 0));
	assert_true(partners_within(100, 100, 90));
	assert_true(partners_within(100, 189, 90));
	assert_false(partners_within(100, 190, 90));
	assert_false(partners_within(100, 99, 90));
}

static void bad_input_is_refused(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct partners_month m;
	assert_int_equal(partners_month_parse("2027-13", &m, &err), CLARIO_EINVAL);
	assert_int_equal(partners_month_parse("27-02", &m, &err), CLARIO_EINVAL);
	assert_int_equal(partners_month_parse("2027/02", &m, &err), CLARIO_EINVAL);
	assert_int_equal(partners_month_parse(NULL, &m, &err), CLARIO_EINVAL);
	rupiah_t a, b;
	assert_int_equal(partners_split(100, 10001, &a, &b, &err), CLARIO_EINVAL);
	assert_int_equal(partners_prorate(100, 32, 31, &a, &err), CLARIO_EINVAL);
	assert_int_equal(partners_prorate(-1, 1, 31, &a, &err), CLARIO_EINVAL);
	struct store_contract c = {.effective_from = 1, .start_day = 1, .commission_bps = 2500};
	memcpy(c.model, "channel", 8);
	memcpy(c.support_by, "partner", 8);
	assert_int_equal(partners_contract_check(&c, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "commission_bps"));
	c.commission_bps = 1500;
	assert_int_equal(partners_contract_check(&c, &err), CLARIO_OK);
	memcpy(c.model, "whitelabel", 11);
	memcpy(c.hosting_mode, "flat", 5);
	c.oem_fee = 10000000; /* Rp 10 juta: below the plan's 50-100 juta */
	assert_int_equal(partners_contract_check(&c, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "oem_fee"));
}

/* Property: over random amounts and splits, the two shares add up to the gross
 * exactly and each is within one rupiah of the exact fraction; a prorated
 * amount and its complement add up to the price. */
static void splits_never_lose_a_rupiah(void **state)
{
	(void)state;
	struct clario_err err = {0};
	for (int i = 0; i < 200000; i++) {
		rupiah_t gross = (rupiah_t)(rng_next() % (uint64_t)MONEY_MAX);
		if (i % 3 == 0)
			gross %= 1000000;
		if (i % 7 == 0)
			gross = -gross;
		int32_t bps = (int32_t)(rng_next() % 10001);
		rupiah_t p, c;
		ok(partners_split(gross, bps, &p, &c, &err), &err);
		assert_int_equal(p + c, gross);
		/* |p × 10000 − gross × bps| < 10000, computed in 128 bits */
		__int128 diff = (__int128)p * 10000 - (__int128)gross * bps;
		assert_true(diff < 10000 && diff > -10000);
		int32_t days = 28 + (int32_t)(rng_next() % 4);
		int32_t active = (int32_t)(rng_next() % (uint64_t)(days + 1));
		rupiah_t price = gross < 0 ? -gross : gross;
		rupiah_t part, rest;
		ok(partners_prorate(price, active, days, &part, &err), &err);
		ok(partners_prorate(price, days - active, days, &rest, &err), &err);
		__int128 d2 = (__int128)part * days - (__int128)price * active;
		assert_true(d2 <= days && d2 >= -days);
		/* the two prorations of complementary days differ from the price by at
		 * most the one rupiah a tie can hand to both */
		assert_true(part + rest - price >= 0 && part + rest - price <= 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(moka_twenty_merchants),
		cmocka_unit_test(ten_of_thirty_one_days),
		cmocka_unit_test(days_with_end_and_pauses),
		cmocka_unit_test(ppn_numbers_hosting_commission),
		cmocka_unit_test(bad_input_is_refused),
		cmocka_unit_test(splits_never_lose_a_rupiah),
	};
	return cmocka_run_group_tests_name("partners", tests, NULL, NULL);
}
