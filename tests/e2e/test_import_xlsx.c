/* End-to-end .xlsx import through the real binary: `clario import` of a Qasir
 * workbook (under a name without .xlsx: told by content), then the same file
 * uploaded to POST /v1/merchants/{id}/imports (all duplicates; another
 * merchant's key gets 404, as before), and a damaged workbook uploaded (400
 * with the reason, kept as a failed import). /v1/merchants/{id}/summary is
 * compared with totals worked out by hand below. The workbooks are written by
 * the test with libzip (tests/lib/xlsx_fixture.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tests/lib/xlsx_fixture.h"

static const char *clario_path;
static struct e2e_env env;
static int64_t m_qasir, m_other;
static char key_qasir[E2E_KEY_MAX], key_other[E2E_KEY_MAX];
static char book[E2E_PATH_MAX + 32], damaged[E2E_PATH_MAX + 32];

/* 2026-11-01 is serial 46327 (2026-01-01 = 46023, + 304 days); 08:30 is
 * 30600 s = 0.3541666... of a day, 19:45 is 71100 s = 0.8229166...
 * Style 1 is the custom date-time "dd/mm/yyyy hh:mm".
 *
 * row 1  header: No. Transaksi, Tanggal, Outlet, Nama Produk, Jumlah, Harga,
 *        Diskon, Pajak
 * row 2  Q-1 01/11 08:30 QS-KMG Kopi Susu 2 × 25000, tax 5000
 * row 3  Q-1 01/11 08:30 QS-KMG Roti     1 × 15000, discount 1000, tax 5000
 *        -> gross 65000, discounts 1000, tax 5000
 * row 4  Q-2 01/11 19:45 QS-KMG Es Teh 3 × 7999.999999999999 (= 8000) -> gross 24000
 * row 5  Q-3 outlet "Outlet Lain": not the merchant's          -> rejected
 * row 7  Q-4 (row 6 absent) 01/11 19:45 Pisang 2 × "#DIV/0!"   -> rejected
 * Totals 2026-11-01: gross 89000, discounts 1000, net 88000, tax 5000,
 * 2 tickets; 5 rows read, 2 rejected (rows 5 and 7); one ticket rejected,
 * row 5 is rejected before it belongs to any ticket (as in CSV). */
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define N(ref, v) "<c r=\"" ref "\"><v>" v "</v></c>"
#define D(ref, v) "<c r=\"" ref "\" s=\"1\"><v>" v "</v></c>"
static const char ROWS[] =
	"<row r=\"1\">" IS("A1", "No. Transaksi") IS("B1", "Tanggal") IS("C1", "Outlet")
	IS("D1", "Nama Produk") IS("E1", "Jumlah") IS("F1", "Harga") IS("G1", "Diskon")
	IS("H1", "Pajak") "</row>"
	"<row r=\"2\">" IS("A2", "Q-1") D("B2", "46327.354166666664") IS("C2", "QS-KMG")
	IS("D2", "Kopi Susu") N("E2", "2") N("F2", "25000") N("H2", "5000") "</row>"
	"<row r=\"3\">" IS("A3", "Q-1") D("B3", "46327.354166666664") IS("C3", "QS-KMG")
	IS("D3", "Roti") N("E3", "1") N("F3", "15000") N("G3", "1000") N("H3", "5000") "</row>"
	"<row r=\"4\">" IS("A4", "Q-2") D("B4", "46327.822916666664") IS("C4", "QS-KMG")
	IS("D4", "Es Teh") N("E4", "3") N("F4", "7999.999999999999") "</row>"
	"<row r=\"5\">" IS("A5", "Q-3") D("B5", "46327.822916666664") IS("C5", "Outlet Lain")
	IS("D5", "Es Teh") N("E5", "1") N("F5", "8000") "</row>"
	"<row r=\"7\">" IS("A7", "Q-4") D("B7", "46327.822916666664") IS("C7", "QS-KMG")
	IS("D7", "Pisang") N("E7", "2") "<c r=\"F7\" t=\"e\"><v>#DIV/0!</v></c>" "</row>";

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env))
		return -1;
	if (e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "qasir", "--name", "Qasir",
		    "--kind", "pos", NULL) ||
	    e2e_server_start(&env, NULL))
		return -1;
	m_qasir = e2e_create_merchant(&env, env.admin_key, "Warung Bu Tini", "warung", "qasir");
	m_other = e2e_create_merchant(&env, env.admin_key, "Kopi Pagi", "cafe", NULL);
	if (m_qasir < 0 || m_other < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_qasir, "QS-KMG", "Bu Tini Kemang", "Asia/Jakarta",
			      "04:00", NULL) < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_qasir, "QS-UBD", "Bu Tini Ubud", "Asia/Makassar",
			      "00:00", NULL) < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_other, "KP-1", "Kopi Pagi Menteng", "Asia/Jakarta",
			      "00:00", NULL) < 0 ||
	    e2e_merchant_key(&env, m_qasir, key_qasir) || e2e_merchant_key(&env, m_other, key_other))
		return -1;
	/* No .xlsx in the name: the importer goes by the zip signature. */
	snprintf(book, sizeof book, "%s/penjualan-november.dat", env.dir);
	snprintf(damaged, sizeof damaged, "%s/damaged.xlsx", env.dir);
	if (xlsx_fixture_book(book, "sheet1.xml", ROWS, NULL,
			      "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>",
			      "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>", false) != 0)
		return -1;
	/* The same workbook cut short: its central directory is gone. */
	size_t len = 0;
	char *bytes = e2e_read_file(book, &len);
	FILE *f = fopen(damaged, "wb");
	if (!bytes || !f || fwrite(bytes, 1, len * 2 / 3, f) != len * 2 / 3)
		return -1;
	fclose(f);
	free(bytes);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

static void expect_line(const char *out, const char *needle)
{
	if (!strstr(out, needle))
		fail_msg("expected \"%s\" in the output:\n%s", needle, out);
}

static void check_totals(void)
{
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2026-11-01&to=2026-11-01",
		 (long long)m_qasir);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key_qasir, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "totals.gross_sales"), 89000);
	assert_int_equal(e2e_json_int(r.json, "totals.discounts"), 1000);
	assert_int_equal(e2e_json_int(r.json, "totals.net_sales"), 88000);
	assert_int_equal(e2e_json_int(r.json, "totals.tax"), 5000);
	assert_int_equal(e2e_json_int(r.json, "totals.tickets"), 2);
	e2e_resp_free(&r);
}

static void test_cli(void **state)
{
	(void)state;
	char out[8192], m[32];
	snprintf(m, sizeof m, "%lld", (long long)m_qasir);
	int rc = e2e_cli(&env, true, out, sizeof out, "import", "--profile", "qasir", "--merchant", m,
			 book, NULL);
	assert_int_equal(rc, 4); /* some rows rejected */
	expect_line(out, "rows: 5 read, 2 rejected");
	expect_line(out, "tickets: 2 created, 0 updated, 0 duplicate, 1 rejected"); /* row 5 has no ticket to reject */
	expect_line(out, "line 5: outlet: \"Outlet Lain\" is not one of the merchant's outlets");
	expect_line(out, "line 7: unit_price: the spreadsheet error #DIV/0! in cell F7");
	check_totals();
}

static void test_upload(void **state)
{
	(void)state;
	size_t len;
	char *body = e2e_read_file(book, &len);
	assert_non_null(body);
	char path[128], authz[E2E_KEY_MAX + 16];
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports?profile=qasir", (long long)m_qasir);
	struct e2e_resp r;

	/* Another merchant's key: as if the merchant did not exist. */
	snprintf(authz, sizeof authz, "Bearer %s", key_other);
	assert_int_equal(e2e_request(&env, "POST", path, authz, body, len, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);

	snprintf(authz, sizeof authz, "Bearer %s", key_qasir);
	assert_int_equal(e2e_request(&env, "POST", path, authz, body, len, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "rows"), 5);
	assert_int_equal(e2e_json_int(r.json, "bytes"), (int64_t)len);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 0);
	assert_int_equal(e2e_json_int(r.json, "counts.duplicate"), 2);
	assert_int_equal(e2e_json_int(r.json, "rejected_rows"), 2);
	assert_int_equal(e2e_json_int(r.json, "rejected.0.line"), 5);
	assert_int_equal(e2e_json_int(r.json, "rejected.1.line"), 7);
	e2e_resp_free(&r);
	free(body);
	check_totals();

	/* A damaged workbook: 400 with the reason, nothing lands. */
	body = e2e_read_file(damaged, &len);
	assert_non_null(body);
	assert_int_equal(e2e_request(&env, "POST", path, authz, body, len, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(e2e_error_message(&r), "damaged or truncated"));
	e2e_resp_free(&r);
	free(body);
	check_totals();

	/* The list: the failed upload on top, then the good one, then the CLI's. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports", (long long)m_qasir);
	assert_int_equal(e2e_call(&env, "GET", path, key_qasir, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "imports")), 3);
	assert_string_equal(e2e_json_str(r.json, "imports.0.status"), "failed");
	assert_non_null(strstr(e2e_json_str(r.json, "imports.0.error"), "damaged or truncated"));
	assert_string_equal(e2e_json_str(r.json, "imports.1.status"), "done");
	assert_string_equal(e2e_json_str(r.json, "imports.2.file_name"), "penjualan-november.dat");
	assert_string_equal(e2e_json_str(r.json, "imports.1.digest"),
			    e2e_json_str(r.json, "imports.2.digest"));
	e2e_resp_free(&r);
	/* and another merchant sees none of it */
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports", (long long)m_qasir);
	assert_int_equal(e2e_call(&env, "GET", path, key_other, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path))
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_upload),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
