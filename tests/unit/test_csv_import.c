/* The importer's edge cases on a real store (SQLite, and with --pg a fresh
 * PostgreSQL database): amounts too large to multiply, a discount over its
 * line, tax rows that disagree, rows of one ticket further apart than the
 * open-ticket window, identical tickets without ids (derived ids -1 and -2),
 * a ticket over the row limit, refunds, and the import record kept in
 * store/imports. Expected counts are worked out by hand beside each file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/csv/csv.h"
#include "store/imports.h"
#include "store/store.h"
#include "tests/lib/testdb.h"

static struct testdb DB;
static struct store *S;
static int64_t merchant;

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t pid, oid;
	if (store_open(DB.url, NULL, &S, &err) ||
	    store_partner_create(S, "qasir", "Qasir", STORE_PARTNER_POS, &pid, &err) ||
	    store_merchant_create(S, pid, "Warung Bu Tini", "warung", &merchant, &err) ||
	    store_outlet_create(S, merchant, "qasir", "QS-1", "Kemang", "Asia/Jakarta", 0, &oid, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(S);
	tz_cache_free();
	return 0;
}

static const char MAPPING[] = "source = qasir\n"
			      "date_format = yyyy-mm-dd\n"
			      "ticket_id = id\n"
			      "date = date\n"
			      "item = item\n"
			      "quantity = qty\n"
			      "unit_price = price\n"
			      "discount = disc\n"
			      "tax = tax\n";

static const char MAPPING_NO_IDS[] = "source = qasir\n"
				     "date = date\n"
				     "item = item\n"
				     "quantity = qty\n"
				     "unit_price = price\n";

/* Imports text with the mapping into the merchant, into *res. */
static enum clario_status import_text(const char *mapping, const char *text,
				      struct csv_import_result *res, int64_t *import_id,
				      struct clario_err *err)
{
	struct csv_profile p;
	ok(csv_profile_parse(mapping, &p, err), err);
	char path[] = "/tmp/clario-csv-import-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	struct csv_import_opts o = {.profile = &p, .merchant_id = merchant};
	enum clario_status st = csv_import_run(S, fd, "t.csv", &o, res, import_id, err);
	close(fd);
	return st;
}

static bool has_reject(const struct csv_import_result *r, uint64_t line, const char *needle)
{
	for (size_t i = 0; i < r->n_rejects; i++)
		if (r->rejects[i].line == line && strstr(r->rejects[i].reason, needle))
			return true;
	return false;
}

static void test_bad_values(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	/* line 2   A-1 fine                                  -> created
	 * line 3   A-2 price 9.999.999.999.999 × 10000: over Rp 10^13 -> rejected
	 * line 4   A-3 discount 30.000 on a 25.000 line      -> rejected
	 * lines 5-6 A-4 tax 1.000 then 2.000: rows disagree   -> both rejected
	 * lines 7-8 A-5 a sale of 2 and a refund of 1         -> created, one refund */
	const char *csv = "id,date,item,qty,price,disc,tax\n"
			  "A-1,2026-11-01 10:00,Kopi,1,25.000,,\n"
			  "A-2,2026-11-01 10:00,Kopi,10000,9.999.999.999.999,,\n"
			  "A-3,2026-11-01 10:00,Kopi,1,25.000,30.000,\n"
			  "A-4,2026-11-01 10:00,Kopi,1,25.000,,1.000\n"
			  "A-4,2026-11-01 10:00,Teh,1,5.000,,2.000\n"
			  "A-5,2026-11-01 11:00,Teh,2,5.000,,\n"
			  "A-5,2026-11-01 11:30,Teh,-1,5.000,,\n";
	ok(import_text(MAPPING, csv, &r, &id, &err), &err);
	assert_true(id > 0);
	assert_int_equal(r.rows, 7);
	assert_int_equal(r.created, 2);
	assert_int_equal(r.rejected_tickets, 3);
	assert_int_equal(r.rejected_rows, 4);
	assert_true(has_reject(&r, 3, "exceeds Rp 10^13"));
	assert_true(has_reject(&r, 4, "discount: 30.000 is more than the line's amount"));
	assert_true(has_reject(&r, 6, "tax: 2.000 differs"));
	assert_true(has_reject(&r, 5, "because its row at line 6 is rejected"));

	/* The record: counts and the four rejected rows by line. */
	struct store_import *list = NULL;
	size_t n = 0;
	ok(store_imports_list(S, merchant, 10, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_int_equal(list[0].created, 2);
	assert_int_equal(list[0].rejected_rows, 4);
	assert_string_equal(list[0].status, "done");
	assert_string_equal(list[0].profile, "generic");
	assert_int_equal(strlen(list[0].digest), 64);
	free(list);
	struct store_import_reject *rj = NULL;
	ok(store_imports_rejects(S, merchant, id, &rj, &n, &err), &err);
	assert_int_equal(n, 4);
	assert_int_equal(rj[0].line, 3);
	assert_int_equal(rj[3].line, 6);
	free(rj);
	/* Another merchant's view of it: nothing. */
	ok(store_imports_rejects(S, merchant + 1000, id, &rj, &n, &err), &err);
	assert_int_equal(n, 0);
	free(rj);
}

static void test_window(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	/* W-0's first row, then 256 other tickets, then W-0 again: by then W-0
	 * has left the window of 256 open tickets, so its second row (line 259)
	 * is rejected; the first row went in as a ticket of its own. */
	size_t cap = 64 * 1024, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "id,date,item,qty,price,disc,tax\n");
	len += (size_t)snprintf(csv + len, cap - len, "W-0,2026-11-02 09:00,Kopi,1,25.000,,\n");
	for (int i = 1; i <= CSV_TICKET_WINDOW; i++)
		len += (size_t)snprintf(csv + len, cap - len, "W-%d,2026-11-02 09:00,Teh,1,5.000,,\n", i);
	len += (size_t)snprintf(csv + len, cap - len, "W-0,2026-11-02 09:00,Roti,1,15.000,,\n");
	ok(import_text(MAPPING, csv, &r, &id, &err), &err);
	assert_int_equal(r.created, CSV_TICKET_WINDOW + 1);
	assert_int_equal(r.rejected_rows, 1);
	assert_true(has_reject(&r, (uint64_t)CSV_TICKET_WINDOW + 3, "already ended earlier"));

	/* 255 tickets between the rows: still within the window, one ticket. */
	len = 0;
	len += (size_t)snprintf(csv + len, cap - len, "id,date,item,qty,price,disc,tax\n");
	len += (size_t)snprintf(csv + len, cap - len, "V-0,2026-11-03 09:00,Kopi,1,25.000,,\n");
	for (int i = 1; i < CSV_TICKET_WINDOW; i++)
		len += (size_t)snprintf(csv + len, cap - len, "V-%d,2026-11-03 09:00,Teh,1,5.000,,\n", i);
	len += (size_t)snprintf(csv + len, cap - len, "V-0,2026-11-03 09:00,Roti,1,15.000,,\n");
	ok(import_text(MAPPING, csv, &r, &id, &err), &err);
	assert_int_equal(r.created, CSV_TICKET_WINDOW);
	assert_int_equal(r.rejected_rows, 0);
	free(csv);
}

static void test_derived_ids(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	/* No ticket ids: lines 2 and 4 are the same sale at the same second but
	 * not adjacent, so two tickets (ids csv-H and csv-H-2); line 3 another.
	 * Imported twice: the second time all three are duplicates. */
	const char *csv = "date,item,qty,price\n"
			  "2026-11-04 08:00:00,Kopi,1,25.000\n"
			  "2026-11-04 08:00:05,Teh,1,5.000\n"
			  "2026-11-04 08:00:00,Kopi,1,25.000\n";
	ok(import_text(MAPPING_NO_IDS, csv, &r, &id, &err), &err);
	assert_int_equal(r.created, 3);
	ok(import_text(MAPPING_NO_IDS, csv, &r, &id, &err), &err);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.duplicate, 3);
}

static void test_too_many_rows(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	/* 560 rows of one ticket: the ticket holds at most 550 rows (500 sale
	 * lines + 50 refunds), so all 560 rows are rejected, and memory stays
	 * bounded. */
	size_t cap = 64 * 1024, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "id,date,item,qty,price,disc,tax\n");
	for (int i = 0; i < 560; i++)
		len += (size_t)snprintf(csv + len, cap - len, "BIG,2026-11-05 12:00,Kopi,1,25.000,,\n");
	ok(import_text(MAPPING, csv, &r, &id, &err), &err);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.rejected_tickets, 1);
	assert_int_equal(r.rejected_rows, 560);
	assert_true(has_reject(&r, 552, "more than 550 rows"));
	free(csv);
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "csvimport") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_derived_ids),
		cmocka_unit_test(test_too_many_rows),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
