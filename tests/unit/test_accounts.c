/* Unit tests for the web accounts (accounts/, store/accounts.c): Argon2id
 * hashing and its concurrency cap, sign-in with rate limits alike for known and
 * unknown accounts, sessions (rotation, fixation, expiry, sign-out), CSRF token
 * comparison, password resets, embed token signing and verification, and the
 * branding/host/logo store. Runs on SQLite, and with --pg on PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/embed.h"
#include "accounts/password.h"
#include "accounts/ratelimit.h"
#include "accounts/session.h"
#include "store/accounts.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;
static int64_t MOKA, PAWOON, KOPI, ROTI;
#define NOW ((int64_t)1800000000) /* 2027-01-15, any fixed instant */

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	if (store_open(DB.url, NULL, &S, &err) != CLARIO_OK ||
	    accounts_password_init(2, 5000, &err) != CLARIO_OK ||
	    store_partner_create(S, "moka", "Moka", STORE_PARTNER_POS, &MOKA, &err) != CLARIO_OK ||
	    store_partner_create(S, "pawoon", "Pawoon", STORE_PARTNER_POS, &PAWOON, &err) != CLARIO_OK ||
	    store_merchant_create(S, MOKA, "Kopi", "cafe", &KOPI, &err) != CLARIO_OK ||
	    store_merchant_create(S, PAWOON, "Roti", "bakery", &ROTI, &err) != CLARIO_OK) {
		fprintf(stderr, "setup: %s\n", err.msg);
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

static void hashing_and_its_cap(void **state)
{
	(void)state;
	struct clario_err err = {0};
	char h[STORE_ACCOUNTS_HASH_MAX];
	bool match = true;
	ok(accounts_password_hash("correct horse battery", h, &err), &err);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	ok(accounts_password_verify(h, "correct horse battery", &match, &err), &err);
	assert_true(match);
	ok(accounts_password_verify(h, "correct horse batterY", &match, &err), &err);
	assert_false(match);
	ok(accounts_password_verify(NULL, "correct horse battery", &match, &err), &err);
	assert_false(match); /* the dummy never matches */
	assert_int_equal(accounts_password_hash("short", h, &err), CLARIO_EINVAL);
	/* The cap: with both slots held, a hash waits, then gives up with EBUSY. */
	ok(accounts_password_init(2, 50, &err), &err);
	ok(accounts_password_slot_take(&err), &err);
	ok(accounts_password_slot_take(&err), &err);
	assert_int_equal(accounts_password_hash("correct horse battery", h, &err), CLARIO_EBUSY);
	assert_int_equal(accounts_password_verify(h, "x", &match, &err), CLARIO_EBUSY);
	accounts_password_slot_give();
	ok(accounts_password_hash("correct horse battery", h, &err), &err);
	accounts_password_slot_give();
	ok(accounts_password_init(2, 5000, &err), &err);
}

static void tokens_compare_exactly(void **state)
{
	(void)state;
	assert_true(accounts_token_equal("abcDEF_-1", "abcDEF_-1"));
	assert_false(accounts_token_equal("abcDEF_-1", "abcDEF_-2"));
	assert_false(accounts_token_equal("abc", "abcd"));
	assert_false(accounts_token_equal("", ""));
}

static struct accounts_login_cfg login_cfg(void)
{
	return (struct accounts_login_cfg){
		.per_account = ratelimit_new(5, 900, 1024),
		.per_ip = ratelimit_new(50, 900, 1024),
		.session_ttl = 3600,
	};
}

static void free_cfg(struct accounts_login_cfg *c)
{
	ratelimit_free(c->per_account);
	ratelimit_free(c->per_ip);
}

static void sessions_rotate_expire_and_end(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct accounts_login_cfg cfg = login_cfg();
	int64_t owner, staff;
	ok(accounts_user_create(S, "Owner@Kopi.test", "Owner", "merchant_owner", 0, KOPI,
				"owner password 1", NOW, &owner, &err), &err);
	ok(accounts_user_create(S, "staff@kopi.test", "Staff", "merchant_staff", 0, KOPI,
				"staff password 1", NOW, &staff, &err), &err);
	assert_int_equal(accounts_user_create(S, "owner@kopi.test", "Again", "merchant_owner", 0, KOPI,
					      "owner password 1", NOW, &owner, &err), CLARIO_ECONFLICT);
	assert_int_equal(accounts_user_create(S, "p@x.test", "P", "partner_admin", 0, 0,
					      "partner password", NOW, &owner, &err), CLARIO_EINVAL);

	struct accounts_session a, b;
	struct principal p;
	char csrf[ACCOUNTS_TOKEN_MAX];
	/* E-mail is case-insensitive. A planted id given at sign-in is not adopted. */
	const char *planted = "PLANTEDPLANTEDPLANTEDPLANTEDPLANTEDPLANTED1";
	ok(accounts_login(S, &cfg, "OWNER@kopi.test", "owner password 1", "10.0.0.1", planted, NOW,
			  &a, &err), &err);
	assert_int_equal(strlen(a.id), ACCOUNTS_TOKEN_CHARS);
	assert_string_not_equal(a.id, planted);
	assert_int_equal(accounts_session_resolve(S, planted, NOW, &p, csrf, &err), CLARIO_EUNAUTH);
	ok(accounts_session_resolve(S, a.id, NOW + 10, &p, csrf, &err), &err);
	assert_int_equal(p.kind, PRINCIPAL_MERCHANT);
	assert_int_equal(p.merchant_id, KOPI);
	assert_int_equal(p.partner_id, MOKA);
	assert_false(p.read_only);
	assert_string_equal(csrf, a.csrf);
	/* A second sign-in presenting the first id ends it: ids rotate. */
	ok(accounts_login(S, &cfg, "owner@kopi.test", "owner password 1", "10.0.0.1", a.id, NOW, &b,
			  &err), &err);
	assert_string_not_equal(a.id, b.id);
	assert_string_not_equal(a.csrf, b.csrf);
	assert_int_equal(accounts_session_resolve(S, a.id, NOW, &p, csrf, &err), CLARIO_EUNAUTH);
	/* Expiry is the server's: one second before it works, at it not. */
	ok(accounts_session_resolve(S, b.id, b.expires_at - 1, &p, csrf, &err), &err);
	assert_int_equal(accounts_session_resolve(S, b.id, b.expires_at, &p, csrf, &err), CLARIO_EUNAUTH);
	ok(accounts_logout(S, b.id, &err), &err);
	assert_int_equal(accounts_session_resolve(S, b.id, NOW, &p, csrf, &err), CLARIO_EUNAUTH);
	/* Staff reads only. */
	ok(accounts_login(S, &cfg, "staff@kopi.test", "staff password 1", "10.0.0.1", NULL, NOW, &a,
			  &err), &err);
	ok(accounts_session_resolve(S, a.id, NOW, &p, csrf, &err), &err);
	assert_true(p.read_only);
	assert_string_equal(p.role, "merchant_staff");
	/* A sign-in after the staff session expired sweeps it away: even asked
	 * about an instant inside its lifetime, the row is gone. */
	ok(accounts_login(S, &cfg, "owner@kopi.test", "owner password 1", "10.0.0.1", NULL,
			  a.expires_at + 1, &b, &err), &err);
	assert_int_equal(accounts_session_resolve(S, a.id, NOW, &p, csrf, &err), CLARIO_EUNAUTH);
	ok(accounts_session_resolve(S, b.id, a.expires_at + 2, &p, csrf, &err), &err);
	free_cfg(&cfg);
}

static void lockout_alike_for_known_and_unknown(void **state)
{
	(void)state;
	struct clario_err err = {0}, err2 = {0};
	struct accounts_login_cfg cfg = login_cfg();
	struct accounts_session s;
	int64_t id;
	ok(accounts_user_create(S, "admin@moka.test", "Moka admin", "partner_admin", MOKA, 0,
				"moka admin password", NOW, &id, &err), &err);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(accounts_login(S, &cfg, "admin@moka.test", "wrong password", "10.0.0.2",
						NULL, NOW + i, &s, &err), CLARIO_EUNAUTH);
		assert_int_equal(accounts_login(S, &cfg, "ghost@moka.test", "wrong password", "10.0.0.3",
						NULL, NOW + i, &s, &err2), CLARIO_EUNAUTH);
		assert_string_equal(err.msg, err2.msg);
	}
	/* Locked: even the right password, with the same answer as for a ghost. */
	assert_int_equal(accounts_login(S, &cfg, "admin@moka.test", "moka admin password", "10.0.0.4",
					NULL, NOW + 10, &s, &err), CLARIO_EFORBIDDEN);
	assert_int_equal(accounts_login(S, &cfg, "ghost@moka.test", "anything at all", "10.0.0.4",
					NULL, NOW + 10, &s, &err2), CLARIO_EFORBIDDEN);
	assert_string_equal(err.msg, err2.msg);
	assert_int_equal(s.id[0], '\0');
	/* The window passes: the right password works again. */
	ok(accounts_login(S, &cfg, "admin@moka.test", "moka admin password", "10.0.0.4", NULL,
			  NOW + 901, &s, &err), &err);
	struct principal p;
	char csrf[ACCOUNTS_TOKEN_MAX];
	ok(accounts_session_resolve(S, s.id, NOW + 901, &p, csrf, &err), &err);
	assert_int_equal(p.kind, PRINCIPAL_PARTNER);
	assert_int_equal(p.partner_id, MOKA);
	assert_string_equal(p.partner_code, "moka");
	free_cfg(&cfg);
	/* Per IP: 3 failures over different accounts lock the address. */
	struct ratelimit *ip = ratelimit_new(3, 60, 64);
	for (int i = 0; i < 3; i++)
		ratelimit_fail(ip, "i:10.9.9.9", NOW);
	assert_true(ratelimit_blocked(ip, "i:10.9.9.9", NOW + 59));
	assert_false(ratelimit_blocked(ip, "i:10.9.9.9", NOW + 60));
	assert_false(ratelimit_blocked(ip, "i:10.9.9.8", NOW));
	ratelimit_free(ip);
}

static void password_reset_is_one_time(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct accounts_login_cfg cfg = login_cfg();
	struct accounts_session s;
	char token[ACCOUNTS_TOKEN_MAX], unknown[ACCOUNTS_TOKEN_MAX];
	int64_t id;
	ok(accounts_user_create(S, "reset@kopi.test", "R", "merchant_owner", 0, KOPI, "old password 1",
				NOW, &id, &err), &err);
	ok(accounts_login(S, &cfg, "reset@kopi.test", "old password 1", "10.0.1.1", NULL, NOW, &s, &err), &err);
	ok(accounts_reset_start(S, "nobody@kopi.test", NOW, 3600, unknown, &err), &err);
	assert_string_equal(unknown, "");
	ok(accounts_reset_start(S, "RESET@kopi.test", NOW, 3600, token, &err), &err);
	assert_int_equal(strlen(token), ACCOUNTS_TOKEN_CHARS);
	assert_int_equal(accounts_reset_finish(S, token, "new password 1", NOW + 3600, &err), CLARIO_ENOTFOUND);
	ok(accounts_reset_finish(S, token, "new password 1", NOW + 3599, &err), &err);
	assert_int_equal(accounts_reset_finish(S, token, "newer password 1", NOW + 5, &err), CLARIO_ENOTFOUND);
	/* The old session ended; the old password fails, the new one works. */
	struct principal p;
	char csrf[ACCOUNTS_TOKEN_MAX];
	assert_int_equal(accounts_session_resolve(S, s.id, NOW + 1, &p, csrf, &err), CLARIO_EUNAUTH);
	assert_int_equal(accounts_login(S, &cfg, "reset@kopi.test", "old password 1", "10.0.1.1", NULL,
					NOW, &s, &err), CLARIO_EUNAUTH);
	ok(accounts_login(S, &cfg, "reset@kopi.test", "new password 1", "10.0.1.1", NULL, NOW, &s, &err), &err);
	free_cfg(&cfg);
}

static void embed_tokens(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct accounts_embed e = {.partner_id = MOKA, .merchant_id = KOPI, .expires_at = NOW + 600};
	snprintf(e.view, sizeof e.view, "dashboard");
	char tok[ACCOUNTS_EMBED_MAX], bad[ACCOUNTS_EMBED_MAX];
	assert_int_equal(accounts_embed_init("too short", 9, &err), CLARIO_EINVAL);
	ok(accounts_embed_init("0123456789abcdef0123456789abcdef", 32, &err), &err);
	ok(accounts_embed_sign(&e, NOW, tok, &err), &err);
	struct accounts_embed got;
	ok(accounts_embed_verify(tok, NOW + 599, &got, &err), &err);
	assert_int_equal(got.partner_id, MOKA);
	assert_int_equal(got.merchant_id, KOPI);
	assert_string_equal(got.view, "dashboard");
	assert_int_equal(got.expires_at, NOW + 600);
	assert_int_equal(accounts_embed_verify(tok, NOW + 600, &got, &err), CLARIO_EUNAUTH);
	/* Every single-character change is refused. */
	for (size_t i = 3; i < strlen(tok); i++) {
		if (tok[i] == '.')
			continue;
		memcpy(bad, tok, sizeof bad);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_int_equal(accounts_embed_verify(bad, NOW, &got, &err), CLARIO_EUNAUTH);
	}
	/* Lifetime at most an hour; only known views. */
	e.expires_at = NOW + 3601;
	assert_int_equal(accounts_embed_sign(&e, NOW, bad, &err), CLARIO_EINVAL);
	e.expires_at = NOW + 60;
	snprintf(e.view, sizeof e.view, "admin");
	assert_int_equal(accounts_embed_sign(&e, NOW, bad, &err), CLARIO_EINVAL);
	/* Another server secret: the token is worthless. */
	ok(accounts_embed_init("another secret, also 32 bytes long!", 35, &err), &err);
	assert_int_equal(accounts_embed_verify(tok, NOW, &got, &err), CLARIO_EUNAUTH);
	assert_int_equal(accounts_embed_verify("v1.x.y", NOW, &got, &err), CLARIO_EUNAUTH);
	assert_int_equal(accounts_embed_verify(NULL, NOW, &got, &err), CLARIO_EUNAUTH);
}

static void branding_hosts_and_logos(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store_branding b = {.partner_id = PAWOON, .powered_by = false};
	snprintf(b.product_name, sizeof b.product_name, "Pawoon Analytics");
	snprintf(b.color_primary, sizeof b.color_primary, "#5b2a86");
	snprintf(b.color_accent, sizeof b.color_accent, "#f18f01");
	snprintf(b.frame_origins, sizeof b.frame_origins, "https://bo.pawoon.test");
	struct store_branding got;
	assert_int_equal(store_accounts_branding_get(S, PAWOON, &got, &err), CLARIO_ENOTFOUND);
	assert_int_equal(store_accounts_logo_put(S, PAWOON, "image/png", "x", 1, &err), CLARIO_ENOTFOUND);
	ok(store_accounts_branding_put(S, &b, &err), &err);
	b.powered_by = true;
	ok(store_accounts_branding_put(S, &b, &err), &err); /* upsert */
	ok(store_accounts_branding_get(S, PAWOON, &got, &err), &err);
	assert_string_equal(got.product_name, "Pawoon Analytics");
	assert_true(got.powered_by);
	assert_false(got.has_logo);
	assert_string_equal(got.frame_origins, "https://bo.pawoon.test");
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0};
	ok(store_accounts_logo_put(S, PAWOON, "image/png", png, sizeof png, &err), &err);
	char type[32];
	void *data;
	size_t len;
	ok(store_accounts_logo_get(S, PAWOON, type, &data, &len, &err), &err);
	assert_string_equal(type, "image/png");
	assert_int_equal(len, sizeof png);
	assert_memory_equal(data, png, sizeof png);
	free(data);
	assert_int_equal(store_accounts_logo_get(S, MOKA, type, &data, &len, &err), CLARIO_ENOTFOUND);
	int64_t pid = 0;
	ok(store_accounts_host_put(S, "analytics.pawoon.test", PAWOON, &err), &err);
	ok(store_accounts_host_partner(S, "analytics.pawoon.test", &pid, &err), &err);
	assert_int_equal(pid, PAWOON);
	assert_int_equal(store_accounts_host_partner(S, "other.test", &pid, &err), CLARIO_ENOTFOUND);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "accounts") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hashing_and_its_cap),
		cmocka_unit_test(tokens_compare_exactly),
		cmocka_unit_test(sessions_rotate_expire_and_end),
		cmocka_unit_test(lockout_alike_for_known_and_unknown),
		cmocka_unit_test(password_reset_is_one_time),
		cmocka_unit_test(embed_tokens),
		cmocka_unit_test(branding_hosts_and_logos),
	};
	int rc = cmocka_run_group_tests_name(DB.pg ? "accounts-pg" : "accounts", tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
