/* End-to-end CSV import through the real binary: `clario import` of a
 * hand-written Qasir export full of format quirks and of a generic export with
 * a mapping file, the upload endpoint (tenancy, authentication, the import
 * list), and a generated Kasir Pintar export of a thousand tickets with
 * interleaved rows. Each time /v1/merchants/{id}/summary is compared with
 * totals worked out by hand (in the comments) or computed while generating
 * the file; a re-import changes nothing; rejected rows come back with their
 * line numbers while the good rows land. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "harness.h"

#ifndef CSV_FIXTURES
#error "CSV_FIXTURES must name tests/fixtures/csv"
#endif

static const char *clario_path;
static struct e2e_env env;
static int64_t m_qasir, m_direct, m_kp;
static char key_qasir[E2E_KEY_MAX], key_direct[E2E_KEY_MAX], key_kp[E2E_KEY_MAX];

/* Uploads spool into a directory of the test's own, so the test can see
 * that nothing is left behind; the upload limit is small enough to test. */
static char spool_dir[E2E_PATH_MAX + 16];
#define MAX_UPLOAD 400000

static int spool_env(void)
{
	static char tmpdir[E2E_PATH_MAX + 32];
	snprintf(spool_dir, sizeof spool_dir, "%s/spool", env.dir);
	snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", spool_dir);
	if (mkdir(spool_dir, 0700) != 0)
		return -1;
	static char limit[64];
	snprintf(limit, sizeof limit, "CLARIO_MAX_UPLOAD=%d", MAX_UPLOAD);
	const char *const extra[] = {tmpdir, limit, NULL};
	return e2e_server_start(&env, extra);
}

static bool spool_empty_now(void)
{
	DIR *d = opendir(spool_dir);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			empty = false;
	closedir(d);
	return empty;
}

/* The server removes an upload's temp file when the request completes, which
 * may be just after the client has its answer: wait up to 5 s. */
static bool spool_empty(void)
{
	for (int i = 0; i < 500; i++) {
		if (spool_empty_now())
			return true;
		struct timespec ts = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return false;
}

static int setup(void **state)
{
	(void)state;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env))
		return -1;
	if (e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "qasir", "--name", "Qasir",
		    "--kind", "pos", NULL) ||
	    e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "kasirpintar", "--name",
		    "Kasir Pintar", "--kind", "pos", NULL) ||
	    spool_env())
		return -1;
	m_qasir = e2e_create_merchant(&env, env.admin_key, "Warung Bu Tini", "warung", "qasir");
	m_direct = e2e_create_merchant(&env, env.admin_key, "Kopi Pagi", "cafe", NULL);
	m_kp = e2e_create_merchant(&env, env.admin_key, "Bakmi Asih", "restaurant", "kasirpintar");
	if (m_qasir < 0 || m_direct < 0 || m_kp < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_qasir, "QS-KMG", "Bu Tini Kemang", "Asia/Jakarta",
			      "04:00", NULL) < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_qasir, "QS-UBD", "Bu Tini Ubud", "Asia/Makassar",
			      "00:00", NULL) < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_direct, "KP-1", "Kopi Pagi Menteng", "Asia/Jakarta",
			      "00:00", NULL) < 0 ||
	    e2e_create_outlet(&env, env.admin_key, m_kp, "BA-1", "Bakmi Asih Blok M", "Asia/Jakarta",
			      "04:00", NULL) < 0 ||
	    e2e_merchant_key(&env, m_qasir, key_qasir) || e2e_merchant_key(&env, m_direct, key_direct) ||
	    e2e_merchant_key(&env, m_kp, key_kp))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	return rc == 0 ? 0 : -1;
}

struct totals {
	int64_t gross, discounts, refunds, net, tax, service, tickets, refund_count;
};

static void summary(int64_t merchant, const char *key, const char *from, const char *to,
		    const char *day, struct totals *t)
{
	char path[256];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=%s&to=%s", (long long)merchant,
		 from, to);
	struct e2e_resp r;
	assert_int_equal(e2e_call(&env, "GET", path, key, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	const json_t *f = e2e_json_get(r.json, "totals");
	if (day) {
		json_t *days = e2e_json_get(r.json, "days");
		size_t i;
		json_t *d;
		f = NULL;
		json_array_foreach(days, i, d)
			if (strcmp(e2e_json_str(d, "date"), day) == 0)
				f = d;
	}
	assert_non_null(f);
	t->gross = e2e_json_int(f, "gross_sales");
	t->discounts = e2e_json_int(f, "discounts");
	t->refunds = e2e_json_int(f, "refunds");
	t->net = e2e_json_int(f, "net_sales");
	t->tax = e2e_json_int(f, "tax");
	t->service = e2e_json_int(f, "service_charge");
	t->tickets = e2e_json_int(f, "tickets");
	t->refund_count = e2e_json_int(f, "refund_count");
	e2e_resp_free(&r);
}

static int import_cli(const char *profile, const char *mapping, int64_t merchant, const char *file,
		      char *out, size_t out_size)
{
	char m[32];
	snprintf(m, sizeof m, "%lld", (long long)merchant);
	if (mapping)
		return e2e_cli(&env, true, out, out_size, "import", "--profile", profile, "--mapping",
			       mapping, "--merchant", m, file, NULL);
	return e2e_cli(&env, true, out, out_size, "import", "--profile", profile, "--merchant", m,
		       file, NULL);
}

static void expect_line(const char *out, const char *needle)
{
	if (!strstr(out, needle))
		fail_msg("expected \"%s\" in the output:\n%s", needle, out);
}

/* tests/fixtures/csv/qasir_quirks.csv, by hand (BOM, ';', CRLF, decimal
 * comma, dd/mm/yyyy, times with and without seconds, "Rp" prefixes):
 *   line 2-3  Q-001 Kemang 01/11 08:15  Kopi Susu 2 × 25.000 + Roti "Bakar"
 *             1 × 15.000,00 disc 1.000; tax 5.500, service 5.000 (repeated per row)
 *             gross 65000, discounts 1000
 *   line 4-5  Q-002 Kemang 01/11 09:30:45  Es Teh 3 × 8.000, then -1: refund 8000
 *   line 6-7  Q-003 Kemang 02/11 02:30 (before the 04:00 cut-off: business day
 *             01/11) "Nasi Goreng<CRLF>Spesial" 1 × 32.500,50 disc 2.500:
 *             unit price rounds to 32501 (half away), due 30000,50 -> 30001
 *   line 8    Q-004 Ubud (Asia/Makassar) 02/11 12:00  Pisang 4 × 5.000 = 20000
 *   line 9    Q-005 31/11: no such date                    -> rejected
 *   line 10-11 Q-006: line 11 quantity "dua"               -> both rejected
 *   line 12   Q-007 only a refund row                      -> rejected
 *   line 13   ";;;;" an empty row, not data
 *   line 14   Q-008 outlet "Outlet Lain" unknown            -> rejected
 *   line 15   Q-009 Kemang 02/11 21:05:09 Kopi 1 × Rp 25.000 disc Rp 5.000, tax 2.000
 * Days 01/11: gross 65000 + 24000 + 32501 = 121501; 02/11: 20000 + 25000 = 45000.
 * Total gross 166501, discounts 1000 + 2500 + 5000 = 8500, refunds 8000,
 * net 166501 - 8500 - 8000 = 150001, tax 7500, service 5000, 5 tickets.
 * Rows 12 read (13 lines minus the empty one), 5 rejected. */
static void check_qasir_totals(void)
{
	struct totals t;
	summary(m_qasir, key_qasir, "2026-11-01", "2026-11-02", NULL, &t);
	assert_int_equal(t.gross, 166501);
	assert_int_equal(t.discounts, 8500);
	assert_int_equal(t.refunds, 8000);
	assert_int_equal(t.net, 150001);
	assert_int_equal(t.tax, 7500);
	assert_int_equal(t.service, 5000);
	assert_int_equal(t.tickets, 5);
	assert_int_equal(t.refund_count, 1);
	summary(m_qasir, key_qasir, "2026-11-01", "2026-11-02", "2026-11-01", &t);
	assert_int_equal(t.gross, 121501);
	summary(m_qasir, key_qasir, "2026-11-01", "2026-11-02", "2026-11-02", &t);
	assert_int_equal(t.gross, 45000);
}

static void test_qasir_quirks(void **state)
{
	(void)state;
	char out[8192];
	int rc = import_cli("qasir", NULL, m_qasir, CSV_FIXTURES "/qasir_quirks.csv", out, sizeof out);
	assert_int_equal(rc, 4); /* some rows rejected */
	expect_line(out, "rows: 12 read, 5 rejected");
	expect_line(out, "tickets: 5 created, 0 updated, 0 duplicate, 3 rejected");
	expect_line(out, "line 9: date: \"31/11/2026\": no such date");
	expect_line(out, "line 11: quantity: \"dua\" is not a number");
	expect_line(out, "line 10: ticket \"Q-006\": not imported because its row at line 11 is rejected");
	expect_line(out, "line 12: ticket \"Q-007\": only refund rows");
	expect_line(out, "line 14: outlet: \"Outlet Lain\" is not one of the merchant's outlets");
	check_qasir_totals();

	/* The same file again: nothing changes. */
	rc = import_cli("qasir", NULL, m_qasir, CSV_FIXTURES "/qasir_quirks.csv", out, sizeof out);
	assert_int_equal(rc, 4);
	expect_line(out, "tickets: 0 created, 0 updated, 5 duplicate, 3 rejected");
	check_qasir_totals();
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void test_upload(void **state)
{
	(void)state;
	size_t len;
	char *body = e2e_read_file(CSV_FIXTURES "/qasir_quirks.csv", &len);
	assert_non_null(body);
	char path[128], authz[E2E_KEY_MAX + 16];
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports?profile=qasir", (long long)m_qasir);
	struct e2e_resp r;

	/* No key: refused before the body is read. */
	assert_int_equal(e2e_request(&env, "POST", path, NULL, body, len, &r), 0);
	assert_int_equal(r.status, 401);
	e2e_resp_free(&r);
	/* Another merchant's key: the same answer as a missing merchant. */
	snprintf(authz, sizeof authz, "Bearer %s", key_direct);
	assert_int_equal(e2e_request(&env, "POST", path, authz, body, len, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
	/* An unknown profile. */
	snprintf(authz, sizeof authz, "Bearer %s", key_qasir);
	char bad[128];
	snprintf(bad, sizeof bad, "/v1/merchants/%lld/imports?profile=square", (long long)m_qasir);
	assert_int_equal(e2e_request(&env, "POST", bad, authz, body, len, &r), 0);
	assert_int_equal(r.status, 400);
	e2e_resp_free(&r);

	/* The merchant's own upload: all duplicates of the CLI import. */
	assert_int_equal(e2e_request(&env, "POST", path, authz, body, len, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "rows"), 12);
	assert_int_equal(e2e_json_int(r.json, "bytes"), (int64_t)len);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), 0);
	assert_int_equal(e2e_json_int(r.json, "counts.duplicate"), 5);
	assert_int_equal(e2e_json_int(r.json, "counts.rejected"), 3);
	assert_int_equal(e2e_json_int(r.json, "rejected_rows"), 5);
	/* Rejected rows in file order of their tickets' end: 9, 10, 11, 12, 14. */
	json_t *rej = e2e_json_get(r.json, "rejected");
	assert_int_equal(json_array_size(rej), 5);
	int64_t lines[5];
	for (size_t i = 0; i < 5; i++)
		lines[i] = e2e_json_int(json_array_get(rej, i), "line");
	qsort(lines, 5, sizeof lines[0], cmp_i64);
	static const int64_t want[5] = {9, 10, 11, 12, 14};
	assert_memory_equal(lines, want, sizeof want);
	e2e_resp_free(&r);
	free(body);
	check_qasir_totals();

	/* The list: three imports (two by CLI, one upload), newest first, with
	 * their rejected rows. */
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports", (long long)m_qasir);
	assert_int_equal(e2e_call(&env, "GET", path, key_qasir, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(e2e_json_get(r.json, "imports")), 3);
	assert_string_equal(e2e_json_str(r.json, "imports.0.file_name"), "upload");
	assert_string_equal(e2e_json_str(r.json, "imports.2.file_name"), "qasir_quirks.csv");
	assert_int_equal(e2e_json_int(r.json, "imports.2.counts.created"), 5);
	assert_string_equal(e2e_json_str(r.json, "imports.2.status"), "done");
	assert_string_equal(e2e_json_str(r.json, "imports.0.digest"),
			    e2e_json_str(r.json, "imports.2.digest"));
	assert_int_equal(e2e_json_int(r.json, "imports.0.rejected.0.line"), 9);
	e2e_resp_free(&r);
	/* Over CLARIO_MAX_UPLOAD: 413, and no temp file is left behind by any
	 * of the uploads. */
	char *big = malloc(MAX_UPLOAD + 1000);
	assert_non_null(big);
	memset(big, 'x', MAX_UPLOAD + 1000);
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports?profile=qasir", (long long)m_qasir);
	assert_int_equal(e2e_request(&env, "POST", path, authz, big, MAX_UPLOAD + 1000, &r), 0);
	assert_int_equal(r.status, 413);
	e2e_resp_free(&r);
	free(big);
	assert_true(spool_empty());
	snprintf(path, sizeof path, "/v1/merchants/%lld/imports", (long long)m_qasir);
	/* Another merchant sees none of them. */
	assert_int_equal(e2e_call(&env, "GET", path, key_direct, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	e2e_resp_free(&r);
}

/* tests/fixtures/csv/generic.csv with generic_mapping.txt, by hand: no ticket
 * ids, so consecutive rows at the same time are one ticket:
 *   08:15  Latte 2 (60,000.00) + Croissant 1 (30,000)         gross 90000
 *   09:00:10  Latte 1 (30000, disc 5,000) twice                gross 60000, disc 10000
 *   10:00  Americano 3 (66,000.50): unit 22000, rounding +1    gross 66000
 *   08:15 again, after others: a ticket of its own, Latte 2    gross 60000
 * 4 tickets, gross 276000, discounts 10000, net 266000. */
static void test_generic(void **state)
{
	(void)state;
	char out[8192];
	for (int pass = 0; pass < 2; pass++) {
		int rc = import_cli("generic", CSV_FIXTURES "/generic_mapping.txt", m_direct,
				    CSV_FIXTURES "/generic.csv", out, sizeof out);
		assert_int_equal(rc, 0);
		expect_line(out, "rows: 6 read, 0 rejected");
		expect_line(out, pass == 0 ? "tickets: 4 created, 0 updated, 0 duplicate, 0 rejected"
					   : "tickets: 0 created, 0 updated, 4 duplicate, 0 rejected");
		struct totals t;
		summary(m_direct, key_direct, "2026-11-01", "2026-11-01", NULL, &t);
		assert_int_equal(t.gross, 276000);
		assert_int_equal(t.discounts, 10000);
		assert_int_equal(t.net, 266000);
		assert_int_equal(t.tickets, 4);
	}
	/* Usage errors: generic without a mapping, a missing file. */
	char m[32];
	snprintf(m, sizeof m, "%lld", (long long)m_direct);
	assert_int_equal(e2e_cli(&env, true, NULL, 0, "import", "--profile", "generic", "--merchant",
				 m, CSV_FIXTURES "/generic.csv", NULL),
			 2);
	assert_int_equal(import_cli("qasir", NULL, m_direct, CSV_FIXTURES "/nope.csv", NULL, 0), 1);
	/* The Qasir profile on the generic file: its columns are not there. */
	assert_int_equal(import_cli("qasir", NULL, m_direct, CSV_FIXTURES "/generic.csv", NULL, 0), 1);
	assert_true(e2e_file_contains(env.cli_log, "the header has no date column"));
}

/* ---- a generated Kasir Pintar export ---- */

static uint64_t rng = 0x5eed2026;
static int64_t rnd(int64_t lo, int64_t hi)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return lo + (int64_t)(rng % (uint64_t)(hi - lo + 1));
}

/* 25000 -> "25.000" (Indonesian grouping). */
static void idr(int64_t v, char *buf, size_t size)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)v);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n && o + 2 < size; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

struct gen_row {
	char text[256];
};

static void test_generated(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int64_t price;
	} menu[] = {{"Bakmi Ayam", 28000}, {"Bakmi Babat", 32000}, {"Pangsit Goreng", 18000},
		    {"Es Jeruk", 12000},   {"Teh Tawar", 5000},    {"Kerupuk", 3500}};
	enum { TICKETS = 1000 };
	struct strbuf_like {
		char *p;
		size_t len, cap;
	} f = {.cap = 1 << 20};
	f.p = malloc(f.cap);
	assert_non_null(f.p);
#define EMIT(...) (f.len += (size_t)snprintf(f.p + f.len, f.cap - f.len, __VA_ARGS__))
	EMIT("No. Nota;Tanggal;Jam;Nama Barang;Jumlah;Harga Jual;Diskon;Metode Bayar\n");
	int64_t gross = 0, disc = 0, refunds = 0, tickets = 0, refund_count = 0;
	int64_t bad_tickets = 0, line = 1;
	int64_t first_bad_line = 0;
	for (int t = 0; t < TICKETS; t += 2) {
		/* Two tickets' rows interleaved, as some exports sort by item. */
		struct gen_row rows[2][6];
		int n_rows[2] = {0, 0};
		for (int k = 0; k < 2; k++) {
			int id = t + k;
			bool bad = id % 250 == 7;
			int day = (int)rnd(1, 10), hh = (int)rnd(7, 21), mm = (int)rnd(0, 59);
			int lines = (int)rnd(1, 4);
			bool discounted = rnd(0, 4) == 0;
			int64_t tg = 0, td = 0;
			size_t first_item = 0;
			for (int l = 0; l < lines; l++) {
				size_t it = (size_t)rnd(0, 5);
				int64_t qty = rnd(1, 3), d = discounted && l == 0 ? rnd(1, 3) * 500 : 0;
				char price[32], ds[32], qs[32];
				idr(menu[it].price, price, sizeof price);
				idr(d, ds, sizeof ds);
				/* quantity "x" on a bad ticket's first row: all of it is rejected */
				snprintf(qs, sizeof qs, "%lld", (long long)qty);
				if (l == 0)
					first_item = it;
				snprintf(rows[k][n_rows[k]++].text, 256,
					 "KP-%05d;%02d/11/2026;%02d:%02d;%s;%s;%s,00;%s;Tunai\n", id, day,
					 hh, mm, menu[it].name, bad && l == 0 ? "x" : qs, price,
					 d ? ds : "");
				tg += qty * menu[it].price;
				td += d;
			}
			bool refund = !discounted && !bad && rnd(0, 9) == 0;
			if (refund) {
				char price[32];
				idr(menu[first_item].price, price, sizeof price);
				snprintf(rows[k][n_rows[k]++].text, 256,
					 "KP-%05d;%02d/11/2026;%02d:%02d;%s;-1;%s;;Tunai\n", id, day, hh, mm,
					 menu[first_item].name, price);
			}
			if (bad) {
				bad_tickets++;
				continue;
			}
			tickets++;
			gross += tg;
			disc += td;
			if (refund) {
				refunds += menu[first_item].price;
				refund_count++;
			}
		}
		/* Interleave: a0 b0 a1 b1 ... */
		for (int i = 0; i < 6; i++)
			for (int k = 0; k < 2; k++)
				if (i < n_rows[k]) {
					line++;
					if (strstr(rows[k][i].text, ";x;") && !first_bad_line)
						first_bad_line = line;
					EMIT("%s", rows[k][i].text);
				}
		assert_true(f.len + 4096 < f.cap);
	}
#undef EMIT
	char path[E2E_PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/kasirpintar.csv", env.dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(f.p, 1, f.len, fp), f.len);
	assert_int_equal(fclose(fp), 0);

	/* Upload it as the merchant. */
	char url[128], authz[E2E_KEY_MAX + 16];
	snprintf(url, sizeof url, "/v1/merchants/%lld/imports?profile=kasirpintar", (long long)m_kp);
	snprintf(authz, sizeof authz, "Bearer %s", key_kp);
	struct e2e_resp r;
	assert_int_equal(e2e_request(&env, "POST", url, authz, f.p, f.len, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(e2e_json_int(r.json, "counts.created"), tickets);
	assert_int_equal(e2e_json_int(r.json, "counts.rejected"), bad_tickets);
	assert_int_equal(e2e_json_int(r.json, "rows"), line - 1);
	assert_int_equal(e2e_json_int(r.json, "rejected_rows") > 0, 1);
	/* The first rejected row reported is the first bad quantity's line. */
	assert_int_equal(e2e_json_int(r.json, "rejected.0.line"), first_bad_line);
	e2e_resp_free(&r);

	struct totals t;
	summary(m_kp, key_kp, "2026-11-01", "2026-11-10", NULL, &t);
	assert_int_equal(t.tickets, tickets);
	assert_int_equal(t.gross, gross);
	assert_int_equal(t.discounts, disc);
	assert_int_equal(t.refunds, refunds);
	assert_int_equal(t.refund_count, refund_count);
	assert_int_equal(t.net, gross - disc - refunds);

	/* The CLI on the same file: nothing new. */
	char out[8192];
	assert_int_equal(import_cli("kasirpintar", NULL, m_kp, path, out, sizeof out), 4);
	char want[128];
	snprintf(want, sizeof want, "tickets: 0 created, 0 updated, %lld duplicate", (long long)tickets);
	expect_line(out, want);
	summary(m_kp, key_kp, "2026-11-01", "2026-11-10", NULL, &t);
	assert_int_equal(t.gross, gross);
	assert_int_equal(t.refunds, refunds);
	free(f.p);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path))
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qasir_quirks),
		cmocka_unit_test(test_upload),
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_generated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
