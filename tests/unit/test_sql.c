/* Unit tests for store/sql.h, the portable statement layer the domain files
 * use: parameters of every type, NULLs, blobs with NUL bytes, row counts,
 * constraint violations as CLARIO_ECONFLICT, pipelined writes inside a
 * transaction, NUMERIC sums read exactly, and domain migrations applied once.
 * Runs on SQLite, and with --pg on a fresh PostgreSQL database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/sql.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	if (store_open(DB.url, NULL, &S, &err) != CLARIO_OK) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	/* Portable DDL: SQLite takes any type name in a non-STRICT table. */
	if (sql_exec(S, "CREATE TABLE sqlt (id BIGINT PRIMARY KEY, name TEXT UNIQUE,"
			" amount BIGINT, raw BYTEA)", "creating sqlt", SQL_NOARGS, NULL, &err)) {
		fprintf(stderr, "create: %s\n", err.msg);
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

struct got {
	int rows;
	int64_t id[8], amount[8];
	bool amount_null[8];
	char name[8][32];
	unsigned char raw[8][8];
	size_t raw_len[8];
};

static enum clario_status collect(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct got *g = ctx;
	int i = g->rows++;
	g->id[i] = sql_int(r, 0);
	sql_copy(r, 1, g->name[i], sizeof g->name[i]);
	g->amount[i] = sql_int(r, 2);
	g->amount_null[i] = sql_is_null(r, 2);
	size_t len = 0;
	const void *b = sql_blob(r, 3, &len);
	g->raw_len[i] = len;
	if (b && len <= sizeof g->raw[i])
		memcpy(g->raw[i], b, len);
	return CLARIO_OK;
}

static const char INS[] = "INSERT INTO sqlt (id, name, amount, raw) VALUES ($1, $2, $3, $4)";
static const char SEL[] = "SELECT id, name, amount, raw FROM sqlt WHERE id >= $1 ORDER BY id";

static void values_round_trip(void **state)
{
	(void)state;
	struct clario_err err = {0};
	static const unsigned char raw[] = {0x00, 0xff, 'a', 0x00, '\n'};
	int64_t changed = -1;
	ok(sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(1), SQL_T("Es Kopi 'Aren' $1"),
					      SQL_I(INT64_C(9000000000000)), SQL_B(raw, sizeof raw)),
		    &changed, &err), &err);
	assert_int_equal(changed, 1);
	ok(sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(2), SQL_T(NULL), SQL_NUL, SQL_NUL), NULL,
		    &err), &err);
	struct got g = {0};
	ok(sql_query(S, SEL, "selecting", SQL_ARGS(SQL_I(1)), collect, &g, &err), &err);
	assert_int_equal(g.rows, 2);
	assert_int_equal(g.id[0], 1);
	assert_string_equal(g.name[0], "Es Kopi 'Aren' $1");
	assert_int_equal(g.amount[0], INT64_C(9000000000000));
	assert_false(g.amount_null[0]);
	assert_int_equal(g.raw_len[0], sizeof raw);
	assert_memory_equal(g.raw[0], raw, sizeof raw);
	assert_string_equal(g.name[1], "");
	assert_true(g.amount_null[1]);
	assert_int_equal(g.raw_len[1], 0);
}

static void conflicts_and_counts(void **state)
{
	(void)state;
	struct clario_err err = {0};
	ok(sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(10), SQL_T("dup"), SQL_I(5), SQL_NUL), NULL,
		    &err), &err);
	assert_int_equal(sql_exec(S, INS, "inserting a duplicate",
				  SQL_ARGS(SQL_I(11), SQL_T("dup"), SQL_I(5), SQL_NUL), NULL, &err),
			 CLARIO_ECONFLICT);
	assert_non_null(strstr(err.msg, "inserting a duplicate"));
	int64_t changed = -1;
	ok(sql_exec(S, "UPDATE sqlt SET amount = amount + $1 WHERE id >= $2", "updating",
		    SQL_ARGS(SQL_I(1), SQL_I(10)), &changed, &err), &err);
	assert_int_equal(changed, 1);
	int64_t v = 0;
	assert_int_equal(sql_one_int(S, "SELECT amount FROM sqlt WHERE id = $1", "reading",
				     SQL_ARGS(SQL_I(999)), &v, &err),
			 CLARIO_ENOTFOUND);
}

/* Inside a transaction PostgreSQL pipelines sql_exec; the failure of a queued
 * statement must still surface (by commit at the latest) and undo everything. */
static void pipelined_failure_rolls_back(void **state)
{
	(void)state;
	struct clario_err err = {0};
	ok(store_begin(S, &err), &err);
	enum clario_status st = sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(20), SQL_T("p1"),
								  SQL_I(1), SQL_NUL), NULL, &err);
	if (st == CLARIO_OK)
		st = sql_exec(S, INS, "inserting a duplicate in a tx",
			      SQL_ARGS(SQL_I(21), SQL_T("p1"), SQL_I(1), SQL_NUL), NULL, &err);
	if (st == CLARIO_OK)
		st = store_commit(S, &err);
	assert_int_equal(st, CLARIO_ECONFLICT);
	store_rollback(S);
	int64_t n = -1;
	ok(sql_one_int(S, "SELECT count(*) FROM sqlt WHERE id IN (20, 21)", "counting", SQL_NOARGS,
		       &n, &err), &err);
	assert_int_equal(n, 0);
}

/* sum(bigint) is NUMERIC on PostgreSQL; it must still read as an exact integer,
 * beyond the 2^53 a double would keep. */
static void sums_are_exact(void **state)
{
	(void)state;
	struct clario_err err = {0};
	ok(sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(30), SQL_T("s1"),
					      SQL_I(INT64_C(4503599627370497)), SQL_NUL), NULL, &err), &err);
	ok(sql_exec(S, INS, "inserting", SQL_ARGS(SQL_I(31), SQL_T("s2"),
					      SQL_I(INT64_C(4503599627370497)), SQL_NUL), NULL, &err), &err);
	int64_t sum = 0;
	ok(sql_one_int(S, "SELECT sum(amount) FROM sqlt WHERE id IN (30, 31)", "summing",
		       SQL_NOARGS, &sum, &err), &err);
	assert_int_equal(sum, INT64_C(9007199254740994));
	/* A fractional value is refused as an integer, not truncated. */
	assert_int_equal(sql_one_int(S, "SELECT amount / 4.0 FROM sqlt WHERE id = 10",
				     "averaging", SQL_NOARGS, &sum, &err),
			 CLARIO_EINTERNAL);
}

static void migrations_run_once(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int applied = -1;
	ok(store_migrate(S, &applied, &err), &err);
	assert_int_equal(applied, 0);
	size_t n;
	const struct store_migration *m = store__domain_migrations(&n);
	for (size_t i = 1; i < n; i++)
		assert_true(m[i - 1].version < m[i].version);
	int64_t count = -1;
	ok(sql_one_int(S, "SELECT count(*) FROM schema_migrations WHERE version >= 100", "counting",
		       SQL_NOARGS, &count, &err), &err);
	assert_int_equal(count, (int64_t)n);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "sql") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_round_trip),
		cmocka_unit_test(conflicts_and_counts),
		cmocka_unit_test(pipelined_failure_rolls_back),
		cmocka_unit_test(sums_are_exact),
		cmocka_unit_test(migrations_run_once),
	};
	int rc = cmocka_run_group_tests_name(DB.pg ? "sql-pg" : "sql", tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
