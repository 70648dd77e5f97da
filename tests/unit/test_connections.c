/* Unit tests of store/connections on both backends: secrets sealed at rest
 * (the raw column never holds the token; another key cannot open it), the key
 * file created 0600 beside a SQLite database, cursors, webhook ids seen once,
 * pending refunds and the connectors' dead letters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/connections.h"
#include "store/sql.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;
static int64_t M;

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static const char KEY1[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
static const char KEY2[] = "ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	setenv("CLARIO_SECRET_KEY", KEY1, 1);
	if (store_connections_key_init(DB.url, &err) || store_open(DB.url, NULL, &S, &err) ||
	    store_merchant_create(S, 0, "Kopi Senja", "cafe", &M, &err)) {
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

struct raw {
	char buf[512];
	size_t len;
};

static enum clario_status raw_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct raw *x = ctx;
	const void *b = sql_blob(r, 0, &x->len);
	if (x->len <= sizeof x->buf)
		memcpy(x->buf, b, x->len);
	return CLARIO_OK;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static void test_secrets_sealed(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t id;
	const char *sec = "{\"access_token\":\"AT-very-secret\",\"refresh_token\":\"RT-1\"}";
	ok(store_connections_put(S, M, "moka", "active", sec, 2000, NULL, 1000, &id, &err), &err);
	struct store_connection c;
	char got[STORE_CONN_SECRETS_MAX];
	ok(store_connections_get(S, M, "moka", &c, got, sizeof got, &err), &err);
	assert_string_equal(got, sec);
	assert_true(c.has_secrets);
	assert_int_equal(c.token_expires_at, 2000);
	/* At rest: nonce + MAC + ciphertext, and no trace of the token. */
	struct raw x = {0};
	ok(sql_query(S, "SELECT secrets FROM connector_connections WHERE id = $1", "raw", SQL_ARGS(SQL_I(id)),
		     raw_row, &x, &err), &err);
	assert_int_equal(x.len, 24 + 16 + strlen(sec));
	assert_false(contains(x.buf, x.len, "AT-very-secret"));
	/* A rotated token replaces the old one. */
	ok(store_connections_set_secrets(S, id, "{\"refresh_token\":\"RT-2\"}", 3000, 1001, &err), &err);
	ok(store_connections_get(S, M, "moka", &c, got, sizeof got, &err), &err);
	assert_string_equal(got, "{\"refresh_token\":\"RT-2\"}");
	/* Another key cannot open it: an error, never garbage. */
	setenv("CLARIO_SECRET_KEY", KEY2, 1);
	ok(store_connections_key_init(DB.url, &err), &err);
	assert_int_equal(store_connections_get(S, M, "moka", &c, got, sizeof got, &err), CLARIO_EINTERNAL);
	setenv("CLARIO_SECRET_KEY", KEY1, 1);
	ok(store_connections_key_init(DB.url, &err), &err);
	/* Disconnect deletes the tokens. */
	ok(store_connections_disconnect(S, id, 1002, &err), &err);
	ok(store_connections_get(S, M, "moka", &c, got, sizeof got, &err), &err);
	assert_false(c.has_secrets);
	assert_string_equal(got, "");
	assert_string_equal(c.status, "disconnected");
}

static void test_status_and_cursor(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t id;
	ok(store_connections_put(S, M, "pawoon", "active", "{}", 0, NULL, 1000, &id, &err), &err);
	ok(store_connections_failed(S, id, 1100, "vendor unavailable: HTTP 503", &err), &err);
	struct store_connection c;
	ok(store_connections_get(S, M, "pawoon", &c, NULL, 0, &err), &err);
	assert_string_equal(c.status, "error");
	assert_string_equal(c.last_error, "vendor unavailable: HTTP 503");
	ok(store_connections_synced(S, id, 1200, 60, &err), &err);
	ok(store_connections_get(S, M, "pawoon", &c, NULL, 0, &err), &err);
	assert_string_equal(c.status, "active");
	assert_string_equal(c.last_error, "");
	assert_int_equal(c.lag_seconds, 60);
	assert_int_equal(c.last_success_at, 1200);
	char cur[64];
	ok(store_connections_cursor_get(S, id, "out-a", cur, sizeof cur, &err), &err);
	assert_string_equal(cur, "");
	/* A cursor set in a rolled-back transaction never happened. */
	ok(store_begin(S, &err), &err);
	ok(store_connections_cursor_set(S, id, "out-a", "2026-11-20|2", 1300, &err), &err);
	store_rollback(S);
	ok(store_connections_cursor_get(S, id, "out-a", cur, sizeof cur, &err), &err);
	assert_string_equal(cur, "");
	ok(store_begin(S, &err), &err);
	ok(store_connections_cursor_set(S, id, "out-a", "2026-11-20|2", 1300, &err), &err);
	ok(store_commit(S, &err), &err);
	ok(store_connections_cursor_get(S, id, "out-a", cur, sizeof cur, &err), &err);
	assert_string_equal(cur, "2026-11-20|2");
}

static void test_webhook_state(void **state)
{
	(void)state;
	struct clario_err err = {0};
	bool seen;
	ok(store_connections_webhook_seen(S, "moka", "msg_1", 1, &seen, &err), &err);
	assert_false(seen);
	ok(store_connections_webhook_seen(S, "moka", "msg_1", 2, &seen, &err), &err);
	assert_true(seen);
	ok(store_connections_webhook_seen(S, "pawoon", "msg_1", 2, &seen, &err), &err);
	assert_false(seen);
	ok(store_connections_secret_set(S, "moka", "whsec_abc", 1, &err), &err);
	char sec[128];
	ok(store_connections_secret_get(S, "moka", sec, sizeof sec, &err), &err);
	assert_string_equal(sec, "whsec_abc");
	assert_int_equal(store_connections_secret_get(S, "olsera", sec, sizeof sec, &err), CLARIO_ENOTFOUND);

	ok(store_connections_pending_add(S, "moka", "G1", "t-1", "r-1", 500, 18000, 1, &err), &err);
	ok(store_connections_pending_add(S, "moka", "G1", "t-1", "r-1", 500, 18000, 2, &err), &err); /* once */
	struct store_pending_refund p[4];
	size_t n;
	ok(store_connections_pending_for(S, "moka", "G1", "t-1", p, 4, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].amount, 18000);
	ok(store_connections_pending_delete(S, p[0].id, &err), &err);
	int64_t cnt;
	ok(store_connections_pending_count(S, &cnt, &err), &err);
	assert_int_equal(cnt, 0);

	int64_t d1, d2;
	ok(store_connections_dl_add(S, "moka", "msg_9", "unknown outlet", "{\"a\":\0}", 7, 1, &d1, &err), &err);
	ok(store_connections_dl_add(S, "pawoon", "", "bad", "x", 1, 1, &d2, &err), &err);
	struct store_conn_deadletter *dl;
	ok(store_connections_dl_list(S, 0, "moka", false, &dl, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(dl[0].body_len, 7);
	assert_memory_equal(dl[0].body, "{\"a\":\0}", 7);
	store_connections_dl_free(dl, n);
	ok(store_connections_dl_replayed(S, d1, 5, &err), &err);
	ok(store_connections_dl_list(S, 0, NULL, false, &dl, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(dl[0].id, d2);
	store_connections_dl_free(dl, n);
	ok(store_connections_dl_list(S, 0, "pawoon", true, &dl, &n, &err), &err);
	assert_int_equal(n, 0); /* a pulled item, not a webhook */
	store_connections_dl_free(dl, n);
}

static void test_key_file(void **state)
{
	(void)state;
	if (DB.pg)
		return; /* the key file sits beside a SQLite file; PostgreSQL needs the variable */
	struct clario_err err = {0};
	char path[600], hex[80];
	unsetenv("CLARIO_SECRET_KEY");
	snprintf(path, sizeof path, "%s.key", DB.url);
	ok(store_connections_key_init(DB.url, &err), &err);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(hex, sizeof hex, f));
	fclose(f);
	assert_int_equal(strlen(hex), 65); /* 64 hex digits and a newline */
	/* The same key on the next start: what was sealed opens. */
	int64_t id;
	ok(store_connections_put(S, M, "olsera", "active", "{\"app_id\":\"a\"}", 0, NULL, 1, &id, &err), &err);
	store_connections_key_reset();
	ok(store_connections_key_init(DB.url, &err), &err);
	char got[64];
	struct store_connection c;
	ok(store_connections_get(S, M, "olsera", &c, got, sizeof got, &err), &err);
	assert_string_equal(got, "{\"app_id\":\"a\"}");
	unlink(path);
	setenv("CLARIO_SECRET_KEY", KEY1, 1);
	ok(store_connections_key_init(DB.url, &err), &err);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "connections"))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets_sealed),
		cmocka_unit_test(test_status_and_cursor),
		cmocka_unit_test(test_webhook_state),
		cmocka_unit_test(test_key_file),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
