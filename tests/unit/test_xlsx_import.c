/* Importing .xlsx exports on a real store (SQLite, and with --pg a fresh
 * PostgreSQL database): a Qasir and a Kasir Pintar layout (the built-in
 * profiles' header names) with date-time, date and time cells, text dates,
 * amounts as numbers and as text, Excel's float artefacts, an error cell and
 * other bad rows at known sheet rows. The sales that land are read back from
 * the hour rollups and compared with totals worked out by hand beside each
 * file; a re-import creates nothing; a damaged file leaves a "failed" record. */
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
#include "tests/lib/xlsx_fixture.h"

static struct testdb DB;
static struct store *S;
static int64_t m_qasir, m_kp;
static char DIR_[64];

static void ok(enum clario_status st, const struct clario_err *err)
{
	if (st != CLARIO_OK)
		fail_msg("status %d: %s", (int)st, err->msg);
}

static int setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int64_t pq, pk, oid;
	snprintf(DIR_, sizeof DIR_, "/tmp/clario-xlsx-import-XXXXXX");
	if (!mkdtemp(DIR_))
		return -1;
	if (store_open(DB.url, NULL, &S, &err) ||
	    store_partner_create(S, "qasir", "Qasir", STORE_PARTNER_POS, &pq, &err) ||
	    store_partner_create(S, "kasirpintar", "Kasir Pintar", STORE_PARTNER_POS, &pk, &err) ||
	    store_merchant_create(S, pq, "Warung Bu Tini", "warung", &m_qasir, &err) ||
	    store_merchant_create(S, pk, "Bakmi Asih", "restaurant", &m_kp, &err) ||
	    store_outlet_create(S, m_qasir, "qasir", "QS-1", "Kemang", "Asia/Jakarta", 0, &oid, &err) ||
	    store_outlet_create(S, m_kp, "kasirpintar", "BA-1", "Blok M", "Asia/Jakarta", 0, &oid, &err)) {
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
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
	return system(cmd) == 0 ? 0 : -1;
}

static enum clario_status import_file(const char *path, const char *profile_name, int64_t merchant,
				      struct csv_import_result *res, int64_t *import_id,
				      struct clario_err *err)
{
	struct csv_profile p;
	memset(&p, 0, sizeof p);
	ok(csv_profile_builtin(profile_name, &p, err), err);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct csv_import_opts o = {.profile = &p, .merchant_id = merchant};
	enum clario_status st = csv_import_run(S, fd, "export.xlsx", &o, res, import_id, err);
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

struct totals {
	int64_t gross, discounts, refunds, tax, service, tickets;
	int64_t by_hour[24]; /* gross per local hour, over the days asked */
};

static void totals(int64_t merchant, const char *from, const char *to, struct totals *t)
{
	struct clario_err err = {0};
	day_t a, b;
	ok(tz_parse_date(from, &a, &err), &err);
	ok(tz_parse_date(to, &b, &err), &err);
	struct rollup_hour *rows = NULL;
	size_t n = 0;
	ok(store_rollup_hours_query(S, merchant, 0, a, b, &rows, &n, &err), &err);
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < n; i++) {
		t->gross += rows[i].gross;
		t->discounts += rows[i].line_discounts + rows[i].ticket_discounts;
		t->refunds += rows[i].refunds;
		t->tax += rows[i].tax;
		t->service += rows[i].service_charge;
		t->tickets += rows[i].tickets;
		t->by_hour[rows[i].hour] += rows[i].gross;
	}
	free(rows);
}

/* Shared strings of the Qasir file (index: text). */
static const char QASIR_SI[] =
	"<si><t>No. Transaksi</t></si>"     /* 0 */
	"<si><t>Tanggal</t></si>"           /* 1 */
	"<si><t>Nama Produk</t></si>"       /* 2 */
	"<si><t>Kategori</t></si>"          /* 3 */
	"<si><t>Jumlah</t></si>"            /* 4 */
	"<si><t>Harga</t></si>"             /* 5 */
	"<si><t>Diskon</t></si>"            /* 6 */
	"<si><t>Tipe Penjualan</t></si>"    /* 7 */
	"<si><t>Metode Pembayaran</t></si>" /* 8 */
	"<si><t>Pajak</t></si>"             /* 9 */
	"<si><t>Biaya Layanan</t></si>"     /* 10 */
	"<si><r><t>Kopi </t></r><r><rPr><i/></rPr><t>Susu</t></r></si>" /* 11 rich text */
	"<si><t>Minuman</t></si>"           /* 12 */
	"<si><t>Dine In</t></si>"           /* 13 */
	"<si><t>Tunai</t></si>"             /* 14 */
	"<si><t>Q-1</t></si>"               /* 15 */
	"<si><t>Roti Bakar</t></si>";       /* 16 */
/* Styles: 0 General, 1 built-in 14 (date), 2 custom "dd/mm/yyyy hh:mm",
 * 3 built-in 20 (h:mm). */
static const char NUMFMTS[] = "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>";
static const char XFS[] = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
			  "<xf numFmtId=\"20\"/>";

/* 2026-01-01 is serial 46023 (2025-01-01 = 45658, + 365); 2026-11-01 is
 * 46023 + 304 = 46327 and 2026-11-02 is 46328. 10:15 = 36900 s = 0.4270833...
 * of a day; 20:15 = 72900 s = 0.84375; 12:00 = 0.5.
 *
 * row 1   header (shared strings)
 * row 2   Q-1  01/11 10:15  Kopi Susu  2 × 25000, tax 5000, Dine In, Tunai
 * row 3   Q-1  01/11 10:15  Roti Bakar 1 × 18000, discount 2000, tax 5000
 *         -> Q-1 gross 68000, discount 2000, tax 5000
 * (row 4 absent)
 * row 5   Q-2  01/11 12:00  Es Teh 3 × 4999.999999999999 (= 5000), GrabFood, QRIS
 *         -> Q-2 gross 15000
 * row 6   Q-3  price is the error #VALUE!                 -> rejected
 * row 7   Q-4  price 12.345: not a whole sen               -> rejected
 * row 8   Q-5  date 46328 as a plain number (no date style) -> rejected
 * row 9   Q-6  quantity 1.5                                 -> rejected
 * row 10  Q-7  02/11 20:15  Nasi Goreng 1 × 35000, tax 5100, service 1750
 * row 11  Q-7  02/11 20:15  Es Jeruk 2 × 8000
 * row 12  Q-7  02/11 20:15  Es Jeruk -1 × 8000: a refund of 8000
 *         -> Q-7 gross 35000 + 16000 = 51000, refunds 8000
 * Totals: gross 68000 + 15000 + 51000 = 134000; discounts 2000; refunds
 * 8000; tax 5000 + 5100 = 10100; service 1750; 3 tickets. By hour: 10 ->
 * 68000, 12 -> 15000, 20 -> 51000. Rows read 10 (2,3,5..12), 4 rejected. */
static const char QASIR_ROWS[] =
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c>"
	"<c r=\"F1\" t=\"s\"><v>5</v></c><c r=\"G1\" t=\"s\"><v>6</v></c><c r=\"H1\" t=\"s\"><v>7</v></c>"
	"<c r=\"I1\" t=\"s\"><v>8</v></c><c r=\"J1\" t=\"s\"><v>9</v></c><c r=\"K1\" t=\"s\"><v>10</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>15</v></c><c r=\"B2\" s=\"2\"><v>46327.427083333336</v></c>"
	"<c r=\"C2\" t=\"s\"><v>11</v></c><c r=\"D2\" t=\"s\"><v>12</v></c><c r=\"E2\"><v>2</v></c>"
	"<c r=\"F2\"><v>25000</v></c><c r=\"H2\" t=\"s\"><v>13</v></c><c r=\"I2\" t=\"s\"><v>14</v></c>"
	"<c r=\"J2\"><v>5000</v></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>15</v></c><c r=\"B3\" s=\"2\"><v>46327.427083333336</v></c>"
	"<c r=\"C3\" t=\"s\"><v>16</v></c><c r=\"E3\"><v>1</v></c><c r=\"F3\"><v>18000</v></c>"
	"<c r=\"G3\"><v>2000</v></c><c r=\"J3\"><v>5000</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>Q-2</t></is></c><c r=\"B5\" s=\"2\"><v>46327.5</v></c>"
	"<c r=\"C5\" t=\"inlineStr\"><is><t>Es Teh</t></is></c><c r=\"E5\"><v>3</v></c>"
	"<c r=\"F5\"><v>4999.999999999999</v></c><c r=\"H5\" t=\"inlineStr\"><is><t>GrabFood</t></is></c>"
	"<c r=\"I5\" t=\"inlineStr\"><is><t>QRIS</t></is></c></row>"
	"<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>Q-3</t></is></c><c r=\"B6\" s=\"2\"><v>46327.5</v></c>"
	"<c r=\"C6\" t=\"inlineStr\"><is><t>Es Teh</t></is></c><c r=\"E6\"><v>1</v></c>"
	"<c r=\"F6\" t=\"e\"><f>1/0+A1</f><v>#VALUE!</v></c></row>"
	"<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>Q-4</t></is></c><c r=\"B7\" s=\"2\"><v>46327.5</v></c>"
	"<c r=\"C7\" t=\"inlineStr\"><is><t>Es Teh</t></is></c><c r=\"E7\"><v>1</v></c>"
	"<c r=\"F7\"><v>12.345</v></c></row>"
	"<row r=\"8\"><c r=\"A8\" t=\"inlineStr\"><is><t>Q-5</t></is></c><c r=\"B8\"><v>46328</v></c>"
	"<c r=\"C8\" t=\"inlineStr\"><is><t>Es Teh</t></is></c><c r=\"E8\"><v>1</v></c>"
	"<c r=\"F8\"><v>5000</v></c></row>"
	"<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>Q-6</t></is></c><c r=\"B9\" s=\"2\"><v>46327.5</v></c>"
	"<c r=\"C9\" t=\"inlineStr\"><is><t>Es Teh</t></is></c><c r=\"E9\"><v>1.5</v></c>"
	"<c r=\"F9\"><v>5000</v></c></row>"
	"<row r=\"10\"><c r=\"A10\" t=\"inlineStr\"><is><t>Q-7</t></is></c><c r=\"B10\" s=\"2\"><v>46328.84375</v></c>"
	"<c r=\"C10\" t=\"inlineStr\"><is><t>Nasi Goreng</t></is></c><c r=\"E10\"><v>1</v></c>"
	"<c r=\"F10\"><v>35000</v></c><c r=\"J10\"><v>5100</v></c><c r=\"K10\"><v>1750</v></c></row>"
	"<row r=\"11\"><c r=\"A11\" t=\"inlineStr\"><is><t>Q-7</t></is></c><c r=\"B11\" s=\"2\"><v>46328.84375</v></c>"
	"<c r=\"C11\" t=\"inlineStr\"><is><t>Es Jeruk</t></is></c><c r=\"E11\"><v>2</v></c>"
	"<c r=\"F11\"><v>8000</v></c></row>"
	"<row r=\"12\"><c r=\"A12\" t=\"inlineStr\"><is><t>Q-7</t></is></c><c r=\"B12\" s=\"2\"><v>46328.84375</v></c>"
	"<c r=\"C12\" t=\"inlineStr\"><is><t>Es Jeruk</t></is></c><c r=\"E12\"><v>-1</v></c>"
	"<c r=\"F12\"><v>8000</v></c></row>";

static void check_qasir(void)
{
	struct totals t;
	totals(m_qasir, "2026-11-01", "2026-11-02", &t);
	assert_int_equal(t.gross, 134000);
	assert_int_equal(t.discounts, 2000);
	assert_int_equal(t.refunds, 8000);
	assert_int_equal(t.tax, 10100);
	assert_int_equal(t.service, 1750);
	assert_int_equal(t.tickets, 3);
	assert_int_equal(t.by_hour[10], 68000);
	assert_int_equal(t.by_hour[12], 15000);
	assert_int_equal(t.by_hour[20], 51000);
	totals(m_qasir, "2026-11-01", "2026-11-01", &t);
	assert_int_equal(t.gross, 83000);
}

static void test_qasir(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	char path[128];
	snprintf(path, sizeof path, "%s/qasir.xlsx", DIR_);
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml", QASIR_ROWS, QASIR_SI, NUMFMTS, XFS, false), 0);
	ok(import_file(path, "qasir", m_qasir, &r, &id, &err), &err);
	assert_true(id > 0);
	assert_int_equal(r.rows, 10);
	assert_int_equal(r.created, 3);
	assert_int_equal(r.rejected_tickets, 4);
	assert_int_equal(r.rejected_rows, 4);
	assert_true(has_reject(&r, 6, "unit_price: the spreadsheet error #VALUE! in cell F6"));
	assert_true(has_reject(&r, 7, "unit_price: 12.345 is not a whole sen"));
	assert_true(has_reject(&r, 8, "date: 46328 is a number, not a date"));
	assert_true(has_reject(&r, 9, "quantity:"));
	check_qasir();

	/* The record keeps the file's size and digest. */
	struct store_import *list = NULL;
	size_t n = 0;
	ok(store_imports_list(S, m_qasir, 10, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].status, "done");
	assert_string_equal(list[0].file_name, "export.xlsx");
	assert_int_equal(list[0].rejected_rows, 4);
	assert_int_equal(strlen(list[0].digest), 64);
	int fd = open(path, O_RDONLY);
	off_t size = lseek(fd, 0, SEEK_END);
	close(fd);
	assert_int_equal(list[0].bytes, (int64_t)size);
	free(list);

	/* Again: nothing new, nothing changes. */
	ok(import_file(path, "qasir", m_qasir, &r, &id, &err), &err);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.duplicate, 3);
	assert_int_equal(r.rejected_rows, 4);
	check_qasir();
}

/* Kasir Pintar: inline strings throughout, dates as text (the profile's
 * dd/mm/yyyy) with the time in a time-styled "Jam" column, one date cell.
 *
 * row 1  header
 * row 2  KP-1 "02/11/2026" Jam 0.375 (09:00) Bakmi Ayam 2 × 22000, tax 4400
 * row 3  KP-1 same             Es Teh Manis 2 × 5000, discount 1000, tax 4400
 *        -> KP-1 gross 44000 + 10000 = 54000, discount 1000, tax 4400
 * row 4  KP-2 "2/11/2026" Jam 0.5416666666666666 (46800 s = 13:00)
 *        Bakmi Spesial 1 × "Rp 30.000" (text: the profile's decimal comma)
 *        -> gross 30000
 * row 5  KP-3 "31/11/2026": no such date                     -> rejected
 * row 6  KP-4 a date cell 46328 (style 14) Jam 0.75 (18:00) Bakmi Goreng
 *        1 × 25000 -> gross 25000
 * Totals on 2026-11-02: gross 109000, discounts 1000, tax 4400, 3 tickets;
 * hours 9 -> 54000, 13 -> 30000, 18 -> 25000. */
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
static const char KP_ROWS[] =
	"<row r=\"1\">" IS("A1", "No. Nota") IS("B1", "Tanggal") IS("C1", "Jam") IS("D1", "Nama Barang")
	IS("E1", "Jumlah") IS("F1", "Harga Jual") IS("G1", "Diskon") IS("H1", "Metode Bayar")
	IS("I1", "Pajak") "</row>"
	"<row r=\"2\">" IS("A2", "KP-1") IS("B2", "02/11/2026") "<c r=\"C2\" s=\"3\"><v>0.375</v></c>"
	IS("D2", "Bakmi Ayam") "<c r=\"E2\"><v>2</v></c><c r=\"F2\"><v>22000</v></c>"
	IS("H2", "Tunai") "<c r=\"I2\"><v>4400</v></c></row>"
	"<row r=\"3\">" IS("A3", "KP-1") IS("B3", "02/11/2026") "<c r=\"C3\" s=\"3\"><v>0.375</v></c>"
	IS("D3", "Es Teh Manis") "<c r=\"E3\"><v>2</v></c><c r=\"F3\"><v>5000</v></c>"
	"<c r=\"G3\"><v>1000</v></c>" IS("H3", "Tunai") "<c r=\"I3\"><v>4400</v></c></row>"
	"<row r=\"4\">" IS("A4", "KP-2") IS("B4", "2/11/2026") "<c r=\"C4\" s=\"3\"><v>0.5416666666666666</v></c>"
	IS("D4", "Bakmi Spesial") "<c r=\"E4\"><v>1</v></c>" IS("F4", "Rp 30.000") "</row>"
	"<row r=\"5\">" IS("A5", "KP-3") IS("B5", "31/11/2026") "<c r=\"C5\" s=\"3\"><v>0.5</v></c>"
	IS("D5", "Bakmi Ayam") "<c r=\"E5\"><v>1</v></c><c r=\"F5\"><v>22000</v></c></row>"
	"<row r=\"6\">" IS("A6", "KP-4") "<c r=\"B6\" s=\"1\"><v>46328</v></c><c r=\"C6\" s=\"3\"><v>0.75</v></c>"
	IS("D6", "Bakmi Goreng") "<c r=\"E6\"><v>1</v></c><c r=\"F6\"><v>25000</v></c></row>";

static void check_kp(void)
{
	struct totals t;
	totals(m_kp, "2026-11-02", "2026-11-02", &t);
	assert_int_equal(t.gross, 109000);
	assert_int_equal(t.discounts, 1000);
	assert_int_equal(t.tax, 4400);
	assert_int_equal(t.refunds, 0);
	assert_int_equal(t.tickets, 3);
	assert_int_equal(t.by_hour[9], 54000);
	assert_int_equal(t.by_hour[13], 30000);
	assert_int_equal(t.by_hour[18], 25000);
}

static void test_kasirpintar(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id;
	char path[128];
	/* a sheet file not called sheet1.xml, no shared strings part */
	snprintf(path, sizeof path, "%s/kp.xlsx", DIR_);
	assert_int_equal(xlsx_fixture_book(path, "penjualan.xml", KP_ROWS, NULL, NUMFMTS, XFS, false), 0);
	ok(import_file(path, "kasirpintar", m_kp, &r, &id, &err), &err);
	assert_int_equal(r.rows, 5);
	assert_int_equal(r.created, 3);
	assert_int_equal(r.rejected_rows, 1);
	assert_true(has_reject(&r, 5, "date: \"31/11/2026\": no such date"));
	check_kp();
	ok(import_file(path, "kasirpintar", m_kp, &r, &id, &err), &err);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.duplicate, 3);
	check_kp();
}

/* A damaged workbook: the import fails with the reason, on record as failed;
 * nothing lands. */
static void test_damaged(void **state)
{
	(void)state;
	static struct csv_import_result r;
	struct clario_err err = {0};
	int64_t id = 0;
	char path[128];
	snprintf(path, sizeof path, "%s/cut.xlsx", DIR_);
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml", KP_ROWS, NULL, NUMFMTS, XFS, false), 0);
	int fd = open(path, O_RDWR);
	off_t size = lseek(fd, 0, SEEK_END);
	assert_int_equal(ftruncate(fd, size - 30), 0);
	close(fd);
	assert_int_equal(import_file(path, "kasirpintar", m_kp, &r, &id, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "damaged or truncated"));
	assert_true(id > 0);
	struct store_import *list = NULL;
	size_t n = 0;
	ok(store_imports_list(S, m_kp, 10, &list, &n, &err), &err);
	assert_true(n >= 1);
	assert_int_equal(list[0].id, id); /* newest first */
	assert_string_equal(list[0].status, "failed");
	assert_non_null(strstr(list[0].error, "damaged or truncated"));
	free(list);
	check_kp(); /* unchanged */
}

int main(int argc, char **argv)
{
	if (testdb_create(&DB, argc, argv, "xlsximport") != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qasir),
		cmocka_unit_test(test_kasirpintar),
		cmocka_unit_test(test_damaged),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	testdb_destroy(&DB);
	return rc;
}
