/* Unit tests of the connectors' pure parts: exact decimals (no float ever
 * touches a rupiah), the JSON loader that keeps reals as text, the three
 * vendor adapters against hand-computed expectations, and Standard Webhooks
 * signatures with the official test vector and its negative cases. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "connectors/connectors.h"
#include "connectors/moka/moka.h"
#include "connectors/olsera/olsera.h"
#include "connectors/pawoon/pawoon.h"
#include "connectors/webhook_sig.h"

static rupiah_t dec(const char *s)
{
	rupiah_t v = -1;
	struct clario_err err = {0};
	if (connectors_decimal(s, &v, NULL, &err))
		fail_msg("%s: %s", s, err.msg);
	return v;
}

static void test_decimal(void **state)
{
	(void)state;
	assert_int_equal(dec("15000"), 15000);
	assert_int_equal(dec("-755.0125"), -755);     /* .0125 < .5 */
	assert_int_equal(dec("755.5"), 756);          /* half away from zero */
	assert_int_equal(dec("-755.5"), -756);
	assert_int_equal(dec("0.49999999999999999999"), 0); /* a double would round this to 0.5 */
	assert_int_equal(dec("2749.9999999999999999"), 2750);
	assert_int_equal(dec("1.5e3"), 1500);
	assert_int_equal(dec("12E-1"), 1);
	assert_int_equal(dec("27500.00"), 27500);
	assert_int_equal(dec(".5"), 1);
	assert_int_equal(dec("10000000000000"), MONEY_MAX);
	bool frac = false;
	rupiah_t v;
	struct clario_err err = {0};
	assert_int_equal(connectors_decimal("3.0001", &v, &frac, &err), CLARIO_OK);
	assert_true(frac);
	const char *bad[] = {"", "-", "abc", "1.2.3", "12a", "1e", "10000000000001", "1e99", "Rp 15.000", NULL};
	for (const char **b = bad; *b; b++)
		assert_int_equal(connectors_decimal(*b, &v, NULL, &err), CLARIO_EINVAL);
}

static void test_json_load_keeps_reals_exact(void **state)
{
	(void)state;
	struct clario_err err = {0};
	const char *text = "{\"a\": -755.0125, \"b\": 15000, \"c\": \"x 1.5\", \"d\": [1.5e3, \"\\\"2.5\"]}";
	json_t *j = connectors_json_load(text, strlen(text), 1 << 20, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "a")), "-755.0125");
	assert_true(json_is_integer(json_object_get(j, "b")));
	assert_string_equal(json_string_value(json_object_get(j, "c")), "x 1.5");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "d"), 0)), "1.5e3");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "d"), 1)), "\"2.5");
	json_decref(j);
	assert_null(connectors_json_load("{\"a\": 1.", 8, 1 << 20, &err));
	assert_int_equal(err.status, CLARIO_EINVAL);
	assert_null(connectors_json_load("[1, 2]", 6, 3, &err));
	assert_int_equal(err.status, CLARIO_ETOOBIG);
}

static json_t *load(const char *text)
{
	struct clario_err err = {0};
	json_t *j = connectors_json_load(text, strlen(text), 1 << 20, &err);
	if (!j)
		fail_msg("%s", err.msg);
	return j;
}

/* A Moka v3 payment: 2 × Kopi Susu 18.000 with a 3.000 oat-milk modifier, 1 ×
 * Croissant 27.500 with a 2.500 line discount, a 5.000 ticket discount, 10%
 * service and PB1 with Moka's fractional tax. By hand: gross = 2 × 21.000 +
 * 27.500 = 69.500; line discount 2.500; ticket discount 7.500 − 2.500 = 5.000;
 * net 62.000; service 6.200; tax 6.820.4 → 6.820; due 75.020; collected
 * 75.000 → rounding −20. */
static const char MOKA_PAY[] =
	"{\"id\": \"3f1c-uuid\", \"payment_no\": \"P-1\", \"outlet_id\": 442608,"
	" \"created_at\": \"2026-11-20T05:12:00Z\", \"updated_at\": 1795000000,"
	" \"subtotal\": 69500, \"discounts\": -7500.0, \"gratuities\": 6200, \"taxes\": -6820.4,"
	" \"total_collected\": 75000, \"payment_type\": \"qris\", \"payment_type_label\": \"QRIS\","
	" \"collected_by\": \"kasir-1\","
	" \"checkouts\": ["
	"  {\"item_id\": 11, \"item_name\": \"Kopi Susu\", \"item_variant_id\": 7, \"item_variant_name\": \"Iced\","
	"   \"category_name\": \"Coffee\", \"quantity\": 2, \"item_price\": 18000, \"sales_type_name\": \"Grab Food\","
	"   \"modifiers\": [{\"modifier_name\": \"Milk\", \"modifier_option_name\": \"Oat\", \"price\": 3000.0}]},"
	"  {\"item_id\": 12, \"item_name\": \"Croissant\", \"quantity\": \"1.0\", \"item_price\": 27500,"
	"   \"discount_amount\": -2500}]}";

static void test_moka_sale(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct connectors_doc d;
	struct clario_err err = {0};
	json_t *j = load(MOKA_PAY);
	if (moka_transaction(j, NULL, &a, &d, &err))
		fail_msg("%s", err.msg);
	const struct sales_ticket *t = &d.ticket;
	assert_int_equal(d.kind, CONNECTORS_DOC_SALE);
	assert_string_equal(t->ticket_id, "3f1c-uuid");
	assert_string_equal(t->outlet_id, "442608");
	assert_int_equal(t->revision, 1795000000);
	assert_int_equal(t->closed_at, 1795151520); /* 2026-11-20T05:12:00Z (date -u -d ... +%s) */
	assert_int_equal(t->n_lines, 2);
	assert_string_equal(t->lines[0].item_id, "11:7");
	assert_string_equal(t->lines[0].name, "Kopi Susu (Iced)");
	assert_int_equal(t->lines[0].qty, 2);
	assert_int_equal(t->lines[0].modifiers[0].price, 3000);
	assert_int_equal(t->lines[1].discount, 2500);
	assert_int_equal(t->channel, SALES_CHANNEL_GRABFOOD);
	assert_int_equal(t->n_discounts, 1);
	assert_int_equal(t->discounts[0].amount, 5000);
	assert_int_equal(t->service_charge, 6200);
	assert_int_equal(t->tax, 6820);
	assert_int_equal(t->rounding, -20);
	assert_int_equal(t->payments[0].method, SALES_PAY_QRIS);
	assert_int_equal(t->payments[0].amount, 75000);
	json_decref(j);
	arena_release(&a);
}

static void test_moka_refund_and_bad(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct connectors_doc d;
	struct clario_err err = {0};
	json_t *j = load("{\"id\": \"r-1\", \"outlet_id\": 442608, \"created_at\": 1795640000,"
			 " \"parent_payment_id\": \"3f1c-uuid\", \"subtotal\": -18000, \"discounts\": 0,"
			 " \"total_collected\": -19800, \"checkouts\": []}");
	assert_int_equal(moka_transaction(j, NULL, &a, &d, &err), CLARIO_OK);
	assert_int_equal(d.kind, CONNECTORS_DOC_REFUND);
	assert_string_equal(d.refund_of, "3f1c-uuid");
	assert_string_equal(d.refund.refund_id, "r-1");
	assert_int_equal(d.refund.amount, 18000);
	json_decref(j);
	/* Vendor totals that disagree by more than the rounding bound: rejected
	 * with a reason, never silently booked. */
	j = load("{\"id\": \"x\", \"outlet_id\": 1, \"created_at\": 1795640000, \"total_collected\": 50000,"
		 " \"checkouts\": [{\"item_id\": 1, \"item_name\": \"Teh\", \"quantity\": 1, \"item_price\": 10000}]}");
	assert_int_equal(moka_transaction(j, NULL, &a, &d, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "collected 50000"));
	json_decref(j);
	j = load("{\"id\": \"x\", \"outlet_id\": 1, \"created_at\": 1795640000, \"total_collected\": 10000,"
		 " \"checkouts\": [{\"item_id\": 1, \"quantity\": 1.5, \"item_price\": 10000}]}");
	assert_int_equal(moka_transaction(j, NULL, &a, &d, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "quantity"));
	json_decref(j);
	arena_release(&a);
}

static void test_moka_events(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct moka_event ev;
	struct clario_err err = {0};
	json_t *j = load("{\"header\": {\"event_name\": \"moka.transaction.created\", \"event_id\": \"e-1\","
			 " \"outlet_id\": \"G123456\", \"version\": 1, \"timestamp\": \"2026-11-20T05:12:30Z\"},"
			 " \"body\": {\"id\": \"t-9\", \"date\": \"2026-11-20T05:12:00Z\", \"subtotal\": 20000,"
			 " \"total_collected\": 22000, \"total_discount\": 0, \"total_gratuities\": 0,"
			 " \"total_taxes\": -2000.0, \"items\": [{\"id\": 5, \"name\": \"Es Teh\", \"price\": 10000,"
			 " \"quantity\": 2, \"modifiers\": [{\"id\": 1, \"name\": \"Sugar\", \"option_name\": \"Less\", \"price\": 0}]}]}}");
	assert_int_equal(moka_event_parse(j, &a, &ev, &err), CLARIO_OK);
	assert_int_equal(ev.kind, MOKA_EVENT_TRANSACTION);
	assert_string_equal(ev.doc.ticket.outlet_id, "G123456");
	assert_int_equal(ev.doc.ticket.revision, 1795151550); /* 05:12:30Z */
	assert_int_equal(ev.doc.ticket.tax, 2000);
	json_decref(j);
	j = load("{\"header\": {\"event_name\": \"moka.item.updated\", \"event_id\": \"e-2\", \"outlet_id\": \"G1\"},"
		 " \"body\": {\"id\": 5, \"name\": \"Es Teh\", \"price\": 11000, \"sales_type_items\": []}}");
	assert_int_equal(moka_event_parse(j, &a, &ev, &err), CLARIO_OK);
	assert_int_equal(ev.kind, MOKA_EVENT_ITEM);
	assert_int_equal(ev.item_price, 11000);
	json_decref(j);
	j = load("{\"header\": {\"event_name\": \"moka.unknown\", \"event_id\": \"e\", \"outlet_id\": \"G1\"}, \"body\": {}}");
	assert_int_equal(moka_event_parse(j, &a, &ev, &err), CLARIO_EINVAL);
	json_decref(j);
	arena_release(&a);
}

/* Pawoon: 3 × Nasi Goreng 25.000 (local 19:30 WIB = 12:30Z), total_discount
 * 5.000, service 3.500, tax 7.350; final 80.850 paid 50.000 cash + 30.850
 * QRIS. By hand: 75.000 − 5.000 + 3.500 + 7.350 = 80.850, rounding 0. */
static void test_pawoon(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct connectors_doc d;
	struct clario_err err = {0};
	const struct tz_zone *z;
	assert_int_equal(tz_zone_get("Asia/Jakarta", &z, &err), CLARIO_OK);
	json_t *j = load("{\"id\": \"9b2e\", \"receipt_code\": \"R-77\", \"outlet_id\": \"out-a\","
			 " \"device_timestamp\": \"2026-11-20 19:30:00\", \"sales_type_name\": \"Take Away\","
			 " \"total_discount\": 5000, \"total_service\": 3500, \"total_tax\": 7350,"
			 " \"final_amount\": 80850, \"total_payment\": 80850,"
			 " \"details\": [{\"product_id\": \"p-1\", \"product_name\": \"Nasi Goreng\", \"qty\": 3, \"price\": 25000}],"
			 " \"payments\": [{\"payment_method_name\": \"Tunai\", \"amount\": 50000},"
			 " {\"payment_method_name\": \"QRIS\", \"amount\": 30850}]}");
	if (pawoon_transaction(j, z, &a, &d, &err))
		fail_msg("%s", err.msg);
	const struct sales_ticket *t = &d.ticket;
	assert_int_equal(t->closed_at, 1795177800); /* 2026-11-20T12:30:00Z (date -u -d) */
	assert_int_equal(t->channel, SALES_CHANNEL_TAKEAWAY);
	assert_int_equal(t->discounts[0].amount, 5000);
	assert_int_equal(t->n_payments, 2);
	assert_int_equal(t->payments[0].method, SALES_PAY_CASH);
	assert_int_equal(t->payments[1].method, SALES_PAY_QRIS);
	assert_int_equal(t->rounding, 0);
	json_decref(j);
	j = load("{\"id\": \"9b2e\", \"outlet_id\": \"out-a\", \"device_timestamp\": \"2026-11-20 19:30:00\","
		 " \"final_amount\": 10, \"details\": [{\"product_id\": \"p\", \"qty\": 1, \"price\": \"abc\"}]}");
	assert_int_equal(pawoon_transaction(j, z, &a, &d, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "details[0]"));
	json_decref(j);
	arena_release(&a);
	tz_cache_free();
}

/* Olsera (money as strings): 2 × Es Kopi "18000.00" + addon "2000" each, line
 * discount "4000"; order_amount "36000" = 40.000 − 4.000; total "39600": the
 * 3.600 difference is PB1; rounding 0. A cancelled order is void. */
static void test_olsera(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct connectors_doc d;
	struct clario_err err = {0};
	const struct tz_zone *z;
	assert_int_equal(tz_zone_get("Asia/Makassar", &z, &err), CLARIO_OK);
	json_t *j = load("{\"id\": 5531, \"order_no\": \"DF0226020500000033\", \"order_time\": \"2026-11-20 08:05:00\","
			 " \"order_date\": \"2026-11-20 00:00:00\", \"status\": \"Z\", \"order_amount\": \"36000\","
			 " \"total_amount\": \"39600.00\", \"order_source\": \"D\", \"customer_id\": 0,"
			 " \"orderitems\": [{\"id\": 1, \"product_id\": 88, \"product_name\": \"Es Kopi\", \"qty\": \"2\","
			 " \"price\": \"18000.00\", \"amount\": \"36000\", \"discount\": \"4000\", \"addon_price\": \"2000\","
			 " \"status\": \"A\"}, {\"id\": 2, \"product_id\": 89, \"qty\": 1, \"price\": \"5000\", \"status\": \"X\"}]}");
	if (olsera_order(j, "store-1", z, &a, &d, &err))
		fail_msg("%s", err.msg);
	const struct sales_ticket *t = &d.ticket;
	assert_string_equal(t->ticket_id, "5531");
	assert_int_equal(t->closed_at, 1795133100); /* 08:05 WITA = 00:05Z (date -u -d) */
	assert_int_equal(t->n_lines, 1);            /* the cancelled item is left out */
	assert_int_equal(t->lines[0].modifiers[0].price, 2000);
	assert_int_equal(t->tax, 3600);
	assert_int_equal(t->rounding, 0);
	assert_null(t->customer_id);
	assert_int_equal(t->channel, SALES_CHANNEL_DINE_IN);
	json_decref(j);
	j = load("{\"id\": 1, \"order_time\": \"2026-11-20 08:05:00\", \"status\": \"X\", \"order_amount\": \"5000\","
		 " \"total_amount\": \"5000\", \"orderitems\": [{\"product_id\": 1, \"qty\": 1, \"price\": \"5000\"}]}");
	assert_int_equal(olsera_order(j, "store-1", z, &a, &d, &err), CLARIO_OK);
	assert_int_equal(d.ticket.status, SALES_STATUS_VOID);
	json_decref(j);
	arena_release(&a);
	tz_cache_free();
}

/* The official vector of PARTNERS.md §4.1 (Standard Webhooks libraries). */
static const char VSECRET[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
static const char VID[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
static const char VTS[] = "1614265330";
static const char VBODY[] = "{\"test\": 2432232314}";
static const char VSIG[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

static void test_sig_vector(void **state)
{
	(void)state;
	struct clario_err err = {0};
	char sig[WEBHOOK_SIG_MAX];
	assert_int_equal(webhook_sig_sign(VSECRET, VID, VTS, VBODY, strlen(VBODY), sig, &err), CLARIO_OK);
	assert_string_equal(sig, VSIG);
	const int64_t now = 1614265330;
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, VSIG, VBODY, strlen(VBODY), now, &err), CLARIO_OK);
	/* the secret without its prefix */
	assert_int_equal(webhook_sig_verify(VSECRET + 6, VID, VTS, VSIG, VBODY, strlen(VBODY), now, &err),
			 CLARIO_OK);
	/* junk entries before the valid one */
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, "v1, v2,abc v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
					    VBODY, strlen(VBODY), now, &err), CLARIO_OK);
	/* negatives */
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
					    VBODY, strlen(VBODY), now, &err), CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, "v1,", VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJ",
					    VBODY, strlen(VBODY), now, &err), CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, NULL, VTS, VSIG, VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, NULL, VSIG, VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, NULL, VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, "abc", VSIG, VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
	/* a changed body byte */
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, VSIG, "{\"test\": 2432232315}", strlen(VBODY),
					    now, &err), CLARIO_EUNAUTH);
	/* the replay window: exactly at ±300 s passes, one second beyond fails */
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, VSIG, VBODY, strlen(VBODY), now + 300, &err),
			 CLARIO_OK);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, VSIG, VBODY, strlen(VBODY), now + 301, &err),
			 CLARIO_EUNAUTH);
	assert_int_equal(webhook_sig_verify(VSECRET, VID, VTS, VSIG, VBODY, strlen(VBODY), now - 301, &err),
			 CLARIO_EUNAUTH);
	char fresh[WEBHOOK_SECRET_MAX];
	webhook_sig_new_secret(fresh);
	assert_int_equal(strncmp(fresh, "whsec_", 6), 0);
	assert_int_equal(webhook_sig_verify(fresh, VID, VTS, VSIG, VBODY, strlen(VBODY), now, &err),
			 CLARIO_EUNAUTH);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_json_load_keeps_reals_exact),
		cmocka_unit_test(test_moka_sale),
		cmocka_unit_test(test_moka_refund_and_bad),
		cmocka_unit_test(test_moka_events),
		cmocka_unit_test(test_pawoon),
		cmocka_unit_test(test_olsera),
		cmocka_unit_test(test_sig_vector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
