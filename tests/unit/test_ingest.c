/* Unit tests for ingest: the idempotency and revision rules, refunds recorded
 * once, business days in two zones, tenancy, savepoint isolation within a batch,
 * and rebuilt rollups equal to kept ones. Runs on a real SQLite file in a
 * temporary directory or, when CLARIO_TEST_PG_URL names a PostgreSQL server,
 * on a fresh database created there for the run (`--pg` demands the latter);
 * tickets travel as JSON text through ingest_batch_parse
 * and ingest_apply with a partner principal, as they do from the API.
 *
 * The tests share one database (partner "moka" with one merchant and outlets
 * JKT-1 in Asia/Jakarta and DJJ-1 in Asia/Jayapura, cut-off 04:00; partner
 * "pawoon" with none) and each uses its own business days and ticket ids, so
 * their rollups never meet. The last test rebuilds the rollups from everything
 * the others stored. Expected numbers are hand arithmetic, never read back from
 * the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef CLARIO_WITH_PG
#include <libpq-fe.h>
#endif

#include "ingest/ingest.h"
#include "store/store.h"

/* 2027-02-01 is day 20850: `date -u -d 2027-02-01 +%s` = 1801440000 = 20850 × 86400. */
#define FEB(d) ((day_t)(20849 + (d)))

static struct {
	char dir[64];
	char path[512];       /* SQLite file, or the PostgreSQL URL of the run's database */
	char pg_admin[512];   /* CLARIO_TEST_PG_URL when on PostgreSQL, else "" */
	char pg_db[64];
	struct store *s;
	int64_t moka_id, pawoon_id, merchant_id, jkt_id, djj_id;
	struct principal moka, pawoon;
} FX;

static void check_ok(enum clario_status st, const struct clario_err *err, const char *what)
{
	if (st != CLARIO_OK)
		fail_msg("%s failed with status %d: %s", what, (int)st, err->msg);
}

#ifdef CLARIO_WITH_PG
/* Runs one fixed statement on the server named by CLARIO_TEST_PG_URL. */
static int pg_admin_exec(const char *sql)
{
	PGconn *c = PQconnectdb(FX.pg_admin);
	PGresult *r = NULL;
	int rc = -1;
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "CLARIO_TEST_PG_URL: %s", PQerrorMessage(c));
		goto out;
	}
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* CREATE DATABASE clario_test_<pid> on the server and point FX.path at it: the
 * given URL with its database name replaced (query parameters kept). */
static int pg_create_db(void)
{
	char sql[128];
	snprintf(FX.pg_db, sizeof FX.pg_db, "clario_test_%ld", (long)getpid());
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", FX.pg_db);
	if (pg_admin_exec(sql) != 0)
		return -1;
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", FX.pg_db);
	if (pg_admin_exec(sql) != 0)
		return -1;
	const char *url = FX.pg_admin;
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	size_t base = strcspn(host, "/?") + (size_t)(host - url);
	const char *query = strchr(host, '?');
	int n = snprintf(FX.path, sizeof FX.path, "%.*s/%s%s", (int)base, url, FX.pg_db,
			 query ? query : "");
	return n > 0 && (size_t)n < sizeof FX.path ? 0 : -1;
}

static void pg_drop_db(void)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", FX.pg_db);
	pg_admin_exec(sql);
}
#else
static int pg_create_db(void)
{
	fprintf(stderr, "CLARIO_TEST_PG_URL is set but this build has no PostgreSQL backend\n");
	return -1;
}

static void pg_drop_db(void)
{
}
#endif

static int group_setup(void **state)
{
	(void)state;
	struct clario_err err = {0};
	if (FX.pg_admin[0]) {
		if (pg_create_db() != 0)
			return -1;
	} else {
		snprintf(FX.dir, sizeof FX.dir, "/tmp/clario-test-ingest-XXXXXX");
		if (!mkdtemp(FX.dir))
			return -1;
		snprintf(FX.path, sizeof FX.path, "%s/clario.db", FX.dir);
	}
	struct store_options opts = {.migrate = true};
	if (store_open(FX.path, &opts, &FX.s, &err) ||
	    store_partner_create(FX.s, "moka", "Moka POS", STORE_PARTNER_POS, &FX.moka_id, &err) ||
	    store_partner_create(FX.s, "pawoon", "Pawoon", STORE_PARTNER_POS, &FX.pawoon_id, &err) ||
	    store_merchant_create(FX.s, FX.moka_id, "Kopi Kenangan Senja", "cafe", &FX.merchant_id,
				  &err) ||
	    store_outlet_create(FX.s, FX.merchant_id, "moka", "JKT-1", "Senja Kemang", "Asia/Jakarta",
				14400, &FX.jkt_id, &err) ||
	    store_outlet_create(FX.s, FX.merchant_id, "moka", "DJJ-1", "Senja Jayapura",
				"Asia/Jayapura", 14400, &FX.djj_id, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	FX.moka = (struct principal){.kind = PRINCIPAL_PARTNER, .partner_id = FX.moka_id};
	snprintf(FX.moka.partner_code, sizeof FX.moka.partner_code, "moka");
	snprintf(FX.moka.key_id, sizeof FX.moka.key_id, "key-moka");
	FX.pawoon = (struct principal){.kind = PRINCIPAL_PARTNER, .partner_id = FX.pawoon_id};
	snprintf(FX.pawoon.partner_code, sizeof FX.pawoon.partner_code, "pawoon");
	snprintf(FX.pawoon.key_id, sizeof FX.pawoon.key_id, "key-pawoon");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	store_close(FX.s);
	if (FX.pg_admin[0]) {
		pg_drop_db();
		tz_cache_free();
		return 0;
	}
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[sizeof FX.path + 16];
		snprintf(p, sizeof p, "%s%s", FX.path, suffixes[i]);
		unlink(p);
	}
	rmdir(FX.dir);
	tz_cache_free();
	return 0;
}

/* ---- building tickets ------------------------------------------------- */

/* One ticket of one line (item NASI-GORENG, qty × price), paid in cash to the
 * total due: qty × price + tax + service. */
struct tk {
	const char *outlet;   /* default JKT-1 */
	const char *id;
	int64_t rev;          /* 0: omitted (means 1) */
	bool is_void;
	const char *closed_at;
	int qty;
	rupiah_t price;
	rupiah_t tax;
	rupiah_t service;
	int covers;
	const char *refunds;  /* JSON array text, or NULL */
	const char *source;   /* or NULL */
};

static size_t put(char *buf, size_t size, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t put(char *buf, size_t size, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + off, size - off, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size - off);
	return off + (size_t)n;
}

static size_t ticket_json(char *buf, size_t size, size_t off, const struct tk *t)
{
	off = put(buf, size, off,
		  "{\"outlet_id\": \"%s\", \"ticket_id\": \"%s\", \"status\": \"%s\","
		  " \"closed_at\": \"%s\", \"channel\": \"dine_in\", \"covers\": %d,"
		  " \"lines\": [{\"item_id\": \"NASI-GORENG\", \"name\": \"Nasi Goreng\","
		  " \"category\": \"Makanan\", \"qty\": %d, \"unit_price\": %lld}],"
		  " \"tax\": %lld, \"service_charge\": %lld",
		  t->outlet ? t->outlet : "JKT-1", t->id, t->is_void ? "void" : "closed",
		  t->closed_at, t->covers, t->qty, (long long)t->price, (long long)t->tax,
		  (long long)t->service);
	if (t->rev)
		off = put(buf, size, off, ", \"revision\": %lld", (long long)t->rev);
	if (!t->is_void)
		off = put(buf, size, off, ", \"payments\": [{\"method\": \"cash\", \"amount\": %lld}]",
			  (long long)(t->qty * t->price + t->tax + t->service));
	if (t->refunds)
		off = put(buf, size, off, ", \"refunds\": %s", t->refunds);
	if (t->source)
		off = put(buf, size, off, ", \"source\": \"%s\"", t->source);
	return put(buf, size, off, "}");
}

/* ---- applying ----------------------------------------------------------- */

/* Parses body as principal p and applies it; copies the n results out. */
static void apply_body(const struct principal *p, const char *body, struct ingest_result *res,
		       size_t n)
{
	struct arena a;
	struct ingest_batch b;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = ingest_batch_parse(body, strlen(body), p, &a, &b, &err);
	if (st == CLARIO_OK && b.n != n) {
		arena_release(&a);
		fail_msg("batch has %zu tickets, expected %zu", b.n, n);
	}
	if (st == CLARIO_OK)
		st = ingest_apply(FX.s, &b, &err);
	if (st == CLARIO_OK)
		memcpy(res, b.results, n * sizeof *res);
	arena_release(&a);
	check_ok(st, &err, "ingest");
}

static struct ingest_result send_as(const struct principal *p, const struct tk *t)
{
	char body[8192];
	size_t off = put(body, sizeof body, 0, "[");
	off = ticket_json(body, sizeof body, off, t);
	put(body, sizeof body, off, "]");
	struct ingest_result res;
	apply_body(p, body, &res, 1);
	return res;
}

static struct ingest_result send1(const struct tk *t)
{
	return send_as(&FX.moka, t);
}

#define SEND(...) send1(&(struct tk){__VA_ARGS__})

static void expect_outcome_at(struct ingest_result r, enum ingest_outcome want, const char *file,
			      int line)
{
	if (r.outcome != want)
		fail_msg("%s:%d: outcome %s, expected %s (reason: \"%s\")", file, line,
			 ingest_outcome_name(r.outcome), ingest_outcome_name(want), r.reason);
}
#define expect_outcome(r, want) expect_outcome_at((r), (want), __FILE__, __LINE__)

static void expect_reason_at(struct ingest_result r, const char *needle, const char *file,
			     int line)
{
	expect_outcome_at(r, INGEST_REJECTED, file, line);
	if (!strstr(r.reason, needle))
		fail_msg("%s:%d: reason \"%s\" lacks \"%s\"", file, line, r.reason, needle);
}
#define expect_rejected(r, needle) expect_reason_at((r), (needle), __FILE__, __LINE__)

/* ---- reading back --------------------------------------------------------- */

static char *dump(void)
{
	char *out = NULL;
	struct clario_err err = {0};
	check_ok(store_rollups_dump(FX.s, &out, &err), &err, "store_rollups_dump");
	return out;
}

static void expect_dump_at(const char *before, const char *file, int line)
{
	char *now = dump();
	int same = strcmp(before, now) == 0;
	if (!same) {
		fprintf(stderr, "before:\n%s\nnow:\n%s\n", before, now);
		free(now);
		fail_msg("%s:%d: rollups changed", file, line);
	}
	free(now);
}
#define expect_dump_unchanged(before) expect_dump_at((before), __FILE__, __LINE__)

static int64_t deadletters(void)
{
	int64_t n = -1;
	struct clario_err err = {0};
	check_ok(store_deadletter_count(FX.s, &n, &err), &err, "store_deadletter_count");
	return n;
}

/* The hour rollup of one outlet, day and hour (all zero when absent). */
static struct rollup_hour hour_at(int64_t outlet_id, day_t day, int hour)
{
	struct rollup_hour *rows = NULL, h = {0};
	size_t n = 0;
	struct clario_err err = {0};
	enum clario_status st = store_rollup_hours_query(FX.s, FX.merchant_id, outlet_id, day, day,
							 &rows, &n, &err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		if (rows[i].hour == hour)
			h = rows[i];
	free(rows);
	check_ok(st, &err, "store_rollup_hours_query");
	return h;
}

/* Every hour of one outlet's day added up. */
static struct rollup_hour day_sum(int64_t outlet_id, day_t day)
{
	struct rollup_hour *rows = NULL, h = {0};
	size_t n = 0;
	struct clario_err err = {0};
	enum clario_status st = store_rollup_hours_query(FX.s, FX.merchant_id, outlet_id, day, day,
							 &rows, &n, &err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		h.gross += rows[i].gross;
		h.line_discounts += rows[i].line_discounts;
		h.ticket_discounts += rows[i].ticket_discounts;
		h.refunds += rows[i].refunds;
		h.tax += rows[i].tax;
		h.service_charge += rows[i].service_charge;
		h.rounding += rows[i].rounding;
		h.tickets += rows[i].tickets;
		h.covers += rows[i].covers;
		h.discounted_tickets += rows[i].discounted_tickets;
		h.voids += rows[i].voids;
		h.void_gross += rows[i].void_gross;
		h.refund_count += rows[i].refund_count;
	}
	free(rows);
	check_ok(st, &err, "store_rollup_hours_query");
	return h;
}

/* Compares every figure of an hour row; fields left out of want are zero. */
static void expect_hour_at(struct rollup_hour got, struct rollup_hour want, const char *file,
			   int line)
{
	const struct {
		const char *name;
		int64_t got, want;
	} f[] = {
		{"gross", got.gross, want.gross},
		{"line_discounts", got.line_discounts, want.line_discounts},
		{"ticket_discounts", got.ticket_discounts, want.ticket_discounts},
		{"refunds", got.refunds, want.refunds},
		{"tax", got.tax, want.tax},
		{"service_charge", got.service_charge, want.service_charge},
		{"rounding", got.rounding, want.rounding},
		{"tickets", got.tickets, want.tickets},
		{"covers", got.covers, want.covers},
		{"discounted_tickets", got.discounted_tickets, want.discounted_tickets},
		{"voids", got.voids, want.voids},
		{"void_gross", got.void_gross, want.void_gross},
		{"refund_count", got.refund_count, want.refund_count},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].got != f[i].want)
			fail_msg("%s:%d: %s is %lld, expected %lld", file, line, f[i].name,
				 (long long)f[i].got, (long long)f[i].want);
}
#define expect_hour(got, ...) expect_hour_at((got), (struct rollup_hour){__VA_ARGS__}, __FILE__, __LINE__)
#define expect_zero(got) expect_hour_at((got), (struct rollup_hour){0}, __FILE__, __LINE__)

static struct store_ticket_ref find_ticket(int64_t outlet_id, const char *id)
{
	struct store_ticket_ref ref = {0};
	struct clario_err err = {0};
	check_ok(store_ticket_find(FX.s, outlet_id, id, &ref, &err), &err, "store_ticket_find");
	return ref;
}

/* The stored line 0 quantity of a ticket. */
static int32_t stored_qty(int64_t ticket_id)
{
	struct arena a;
	struct sales_ticket t;
	int64_t *items;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = store_ticket_load(FX.s, ticket_id, &a, &t, &items, &err);
	int32_t qty = st == CLARIO_OK && t.n_lines == 1 ? t.lines[0].qty : -1;
	arena_release(&a);
	check_ok(st, &err, "store_ticket_load");
	return qty;
}

/* The catalogue id of line 0 of a stored ticket. */
static int64_t stored_item(int64_t ticket_id)
{
	struct arena a;
	struct sales_ticket t;
	int64_t *items = NULL;
	struct clario_err err = {0};
	arena_init(&a, 0);
	enum clario_status st = store_ticket_load(FX.s, ticket_id, &a, &t, &items, &err);
	int64_t id = st == CLARIO_OK && t.n_lines > 0 ? items[0] : -1;
	arena_release(&a);
	check_ok(st, &err, "store_ticket_load");
	return id;
}

/* The item-day rollup row of (outlet, item, day), read from the dump's second
 * part ("merchant outlet item day qty gross discounts tickets refund_qty
 * refunds"); all zero when the dump has no such row. */
static struct rollup_item_day item_day(int64_t outlet_id, int64_t item_id, day_t day)
{
	struct rollup_item_day d = {0};
	char *text = dump();
	char key[96];
	snprintf(key, sizeof key, "%lld %lld %lld %d ", (long long)FX.merchant_id,
		 (long long)outlet_id, (long long)item_id, (int)day);
	const char *p = strstr(text, "--\n");
	assert_non_null(p);
	for (p += 3; *p; p = strchr(p, '\n') + 1) {
		if (strncmp(p, key, strlen(key)) == 0) {
			long long v[6];
			int n = sscanf(p + strlen(key), "%lld %lld %lld %lld %lld %lld", &v[0], &v[1],
				       &v[2], &v[3], &v[4], &v[5]);
			assert_int_equal(n, 6);
			d = (struct rollup_item_day){.qty = v[0], .gross = v[1], .discounts = v[2],
						     .tickets = v[3], .refund_qty = v[4], .refunds = v[5]};
		}
		if (!strchr(p, '\n'))
			break;
	}
	free(text);
	return d;
}

static void expect_item_at(struct rollup_item_day got, struct rollup_item_day want,
			   const char *file, int line)
{
	if (got.qty != want.qty || got.gross != want.gross || got.discounts != want.discounts ||
	    got.tickets != want.tickets || got.refund_qty != want.refund_qty ||
	    got.refunds != want.refunds)
		fail_msg("%s:%d: item day is qty %lld gross %lld discounts %lld tickets %lld"
			 " refund_qty %lld refunds %lld; expected %lld %lld %lld %lld %lld %lld",
			 file, line, (long long)got.qty, (long long)got.gross,
			 (long long)got.discounts, (long long)got.tickets,
			 (long long)got.refund_qty, (long long)got.refunds, (long long)want.qty,
			 (long long)want.gross, (long long)want.discounts, (long long)want.tickets,
			 (long long)want.refund_qty, (long long)want.refunds);
}
#define expect_item(got, ...) \
	expect_item_at((got), (struct rollup_item_day){__VA_ARGS__}, __FILE__, __LINE__)

/* ---- idempotency and revisions ----------------------------------------- */

static void test_created_then_duplicate(void **state)
{
	(void)state;
	/* 2 × 25000 = 50000 gross; pays 50000 + 5000 + 2500 = 57500. */
	const struct tk t = {.id = "T1", .closed_at = "2027-02-03T12:30:00+07:00", .qty = 2,
			     .price = 25000, .tax = 5000, .service = 2500, .covers = 2};
	int64_t dl = deadletters();
	struct ingest_result r = send1(&t);
	expect_outcome(r, INGEST_CREATED);
	assert_true(r.ticket_id > 0);
	assert_int_equal(r.revision, 1);
	expect_hour(hour_at(FX.jkt_id, FEB(3), 12), .gross = 50000, .tax = 5000,
		    .service_charge = 2500, .tickets = 1, .covers = 2);

	char *before = dump();
	struct ingest_result again = send1(&t);
	expect_outcome(again, INGEST_DUPLICATE);
	assert_int_equal(again.ticket_id, r.ticket_id);
	assert_int_equal(again.revision, 1);
	assert_int_equal(again.refunds_added, 0);
	expect_dump_unchanged(before);
	free(before);
	assert_int_equal(deadletters(), dl);
	/* An explicit "revision": 1 is the same revision. */
	struct tk t1 = t;
	t1.rev = 1;
	expect_outcome(send1(&t1), INGEST_DUPLICATE);
}

static void test_revision_updates_once(void **state)
{
	(void)state;
	struct ingest_result r = SEND(.id = "T2", .closed_at = "2027-02-04T10:15:00+07:00", .qty = 1,
				      .price = 30000, .covers = 1);
	expect_outcome(r, INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(4), 10), .gross = 30000, .tickets = 1, .covers = 1);

	/* Revision 2: 3 × 30000 = 90000 gross, tax 9000, 3 covers; still one ticket. */
	const struct tk t2 = {.id = "T2", .rev = 2, .closed_at = "2027-02-04T10:15:00+07:00",
			      .qty = 3, .price = 30000, .tax = 9000, .covers = 3};
	struct ingest_result u = send1(&t2);
	expect_outcome(u, INGEST_UPDATED);
	assert_int_equal(u.ticket_id, r.ticket_id);
	assert_int_equal(u.revision, 2);
	expect_hour(hour_at(FX.jkt_id, FEB(4), 10), .gross = 90000, .tax = 9000, .tickets = 1,
		    .covers = 3);
	expect_zero(hour_at(FX.jkt_id, FEB(4), 11));

	char *before = dump();
	struct ingest_result again = send1(&t2);
	expect_outcome(again, INGEST_DUPLICATE);
	assert_int_equal(again.revision, 2);
	expect_dump_unchanged(before);
	free(before);
	expect_hour(hour_at(FX.jkt_id, FEB(4), 10), .gross = 90000, .tax = 9000, .tickets = 1,
		    .covers = 3);
	assert_int_equal(stored_qty(r.ticket_id), 3);
}

static void test_same_revision_other_content(void **state)
{
	(void)state;
	expect_outcome(SEND(.id = "T3", .closed_at = "2027-02-05T08:00:00+07:00", .qty = 1,
			    .price = 20000), INGEST_CREATED);
	char *before = dump();
	int64_t dl = deadletters();

	struct ingest_result r = SEND(.id = "T3", .closed_at = "2027-02-05T08:00:00+07:00", .qty = 2,
				      .price = 20000);
	expect_rejected(r, "revision: 1 already recorded with other content; send a higher revision");
	assert_int_equal(r.ticket_id, 0);
	assert_int_equal(deadletters(), dl + 1);
	expect_dump_unchanged(before);
	free(before);
	expect_hour(hour_at(FX.jkt_id, FEB(5), 8), .gross = 20000, .tickets = 1);
	assert_int_equal(stored_qty(find_ticket(FX.jkt_id, "T3").id), 1);
}

static void test_lower_revision_is_stale(void **state)
{
	(void)state;
	/* Revision 3 first: 2 × 15000 = 30000. */
	struct ingest_result r = SEND(.id = "T4", .rev = 3, .closed_at = "2027-02-06T14:00:00+07:00",
				      .qty = 2, .price = 15000);
	expect_outcome(r, INGEST_CREATED);
	assert_int_equal(r.revision, 3);
	struct store_ticket_ref ref3 = find_ticket(FX.jkt_id, "T4");
	char *before = dump();

	struct ingest_result old = SEND(.id = "T4", .rev = 2,
					.closed_at = "2027-02-06T15:00:00+07:00", .qty = 5,
					.price = 15000);
	expect_outcome(old, INGEST_DUPLICATE);
	assert_int_equal(old.ticket_id, r.ticket_id);
	assert_int_equal(old.revision, 3);
	expect_dump_unchanged(before);
	free(before);

	struct store_ticket_ref ref = find_ticket(FX.jkt_id, "T4");
	assert_int_equal(ref.revision, 3);
	assert_memory_equal(ref.digest, ref3.digest, 32);
	assert_int_equal(stored_qty(ref.id), 2);
	expect_hour(hour_at(FX.jkt_id, FEB(6), 14), .gross = 30000, .tickets = 1);
	expect_zero(hour_at(FX.jkt_id, FEB(6), 15));
}

/* ---- refunds ------------------------------------------------------------ */

#define R1_T5 "{\"refund_id\": \"R1\", \"at\": \"2027-02-08T11:00:00+07:00\", \"amount\": 10000," \
	      " \"lines\": [{\"item_id\": \"NASI-GORENG\", \"qty\": 1, \"amount\": 10000}]}"
#define R2_T5 "{\"refund_id\": \"R2\", \"at\": \"2027-02-09T02:00:00+07:00\", \"amount\": 5000," \
	      " \"reason\": \"kurang pedas\"}"

static void test_refund_recorded_once(void **state)
{
	(void)state;
	/* Sold 2027-02-07 19:00: 4 × 10000 = 40000. Refund R1 (10000) a day later
	 * at 11:00 is dated 2027-02-08 hour 11, on its own day. */
	struct ingest_result r = SEND(.id = "T5", .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4,
				      .price = 10000, .covers = 2, .refunds = "[" R1_T5 "]");
	expect_outcome(r, INGEST_CREATED);
	assert_int_equal(r.refunds_added, 1);
	expect_hour(hour_at(FX.jkt_id, FEB(7), 19), .gross = 40000, .tickets = 1, .covers = 2);
	expect_hour(day_sum(FX.jkt_id, FEB(7)), .gross = 40000, .tickets = 1, .covers = 2);
	expect_hour(hour_at(FX.jkt_id, FEB(8), 11), .refunds = 10000, .refund_count = 1);

	/* Revision 2 carries R1 again: not added twice. */
	r = SEND(.id = "T5", .rev = 2, .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4,
		 .price = 10000, .covers = 4, .refunds = "[" R1_T5 "]");
	expect_outcome(r, INGEST_UPDATED);
	assert_int_equal(r.refunds_added, 0);
	expect_hour(hour_at(FX.jkt_id, FEB(7), 19), .gross = 40000, .tickets = 1, .covers = 4);
	expect_hour(day_sum(FX.jkt_id, FEB(8)), .refunds = 10000, .refund_count = 1);

	/* Revision 3 omits R1: it stays recorded. */
	r = SEND(.id = "T5", .rev = 3, .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4,
		 .price = 10000, .covers = 5);
	expect_outcome(r, INGEST_UPDATED);
	expect_hour(day_sum(FX.jkt_id, FEB(8)), .refunds = 10000, .refund_count = 1);
	struct store_ticket_ref ref = find_ticket(FX.jkt_id, "T5");
	assert_int_equal(ref.revision, 3);
	assert_int_equal(ref.refunded, 10000);
	assert_int_equal(ref.n_refunds, 1);

	/* Revision 3 again with a new refund R2 at 02:00 on 2027-02-09: before the
	 * 04:00 cut-off, so business day 2027-02-08, hour 2. Only the refund is new,
	 * so the outcome is updated. */
	char *before = dump();
	r = SEND(.id = "T5", .rev = 3, .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4,
		 .price = 10000, .covers = 5, .refunds = "[" R2_T5 "]");
	expect_outcome(r, INGEST_UPDATED);
	assert_int_equal(r.refunds_added, 1);
	assert_int_equal(r.revision, 3);
	expect_hour(hour_at(FX.jkt_id, FEB(8), 2), .refunds = 5000, .refund_count = 1);
	expect_hour(day_sum(FX.jkt_id, FEB(8)), .refunds = 15000, .refund_count = 2);
	expect_zero(day_sum(FX.jkt_id, FEB(9)));
	expect_hour(day_sum(FX.jkt_id, FEB(7)), .gross = 40000, .tickets = 1, .covers = 5);
	free(before);

	/* Both again, and a stale revision 1 with R1: nothing changes. */
	before = dump();
	r = SEND(.id = "T5", .rev = 3, .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4,
		 .price = 10000, .covers = 5, .refunds = "[" R1_T5 ", " R2_T5 "]");
	expect_outcome(r, INGEST_DUPLICATE);
	assert_int_equal(r.refunds_added, 0);
	r = SEND(.id = "T5", .closed_at = "2027-02-07T19:00:00+07:00", .qty = 4, .price = 10000,
		 .covers = 2, .refunds = "[" R1_T5 "]");
	expect_outcome(r, INGEST_DUPLICATE);
	expect_dump_unchanged(before);
	free(before);
	ref = find_ticket(FX.jkt_id, "T5");
	assert_int_equal(ref.refunded, 15000);
	assert_int_equal(ref.n_refunds, 2);

	/* Per item: the sale on 2027-02-07 (4 × 10000); on 2027-02-08 R1's line
	 * (1 piece, 10000) plus R2 (5000, no lines: all of it to the only item,
	 * no quantity). */
	int64_t item = stored_item(ref.id);
	expect_item(item_day(FX.jkt_id, item, FEB(7)), .qty = 4, .gross = 40000, .tickets = 1);
	expect_item(item_day(FX.jkt_id, item, FEB(8)), .refund_qty = 1, .refunds = 15000);
}

static void test_refund_exceeding_rejected(void **state)
{
	(void)state;
	/* 2 × 10000 = 20000 net; R1 gives back 15000, leaving 5000. */
	expect_outcome(SEND(.id = "T6", .closed_at = "2027-02-10T13:00:00+07:00", .qty = 2,
			    .price = 10000,
			    .refunds = "[{\"refund_id\": \"R1\", \"at\": \"2027-02-10T14:00:00+07:00\","
				       " \"amount\": 15000}]"),
		       INGEST_CREATED);
	char *before = dump();
	int64_t dl = deadletters();

	/* R2 of 6000 alone is within the ticket (6000 ≤ 20000) but not within what
	 * is left (5000). */
	struct ingest_result r = SEND(.id = "T6", .closed_at = "2027-02-10T13:00:00+07:00", .qty = 2,
				      .price = 10000,
				      .refunds = "[{\"refund_id\": \"R2\", \"at\": \"2027-02-10T15:00:00+07:00\","
						 " \"amount\": 6000}]");
	expect_rejected(r, "refunds[0].amount: 6000 is more than the 5000 left");
	assert_int_equal(deadletters(), dl + 1);

	/* A revision whose net (1 × 10000) is below the 15000 refunded. */
	r = SEND(.id = "T6", .rev = 2, .closed_at = "2027-02-10T13:00:00+07:00", .qty = 1,
		 .price = 10000);
	expect_rejected(r, "10000");
	expect_rejected(r, "15000");
	assert_int_equal(deadletters(), dl + 2);
	expect_dump_unchanged(before);
	free(before);
	assert_int_equal(find_ticket(FX.jkt_id, "T6").revision, 1);

	/* Exactly what is left is fine. */
	r = SEND(.id = "T6", .closed_at = "2027-02-10T13:00:00+07:00", .qty = 2, .price = 10000,
		 .refunds = "[{\"refund_id\": \"R2\", \"at\": \"2027-02-10T15:00:00+07:00\","
			    " \"amount\": 5000}]");
	expect_outcome(r, INGEST_UPDATED);
	assert_int_equal(r.refunds_added, 1);
	expect_hour(hour_at(FX.jkt_id, FEB(10), 13), .gross = 20000, .tickets = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(10), 14), .refunds = 15000, .refund_count = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(10), 15), .refunds = 5000, .refund_count = 1);

	/* A revision that moves the sale after its first refund (14:00) would date
	 * a refund before its sale: rejected, nothing moves. */
	before = dump();
	r = SEND(.id = "T6", .rev = 3, .closed_at = "2027-02-10T14:30:00+07:00", .qty = 2,
		 .price = 10000);
	expect_rejected(r, "closed_at: is after a refund");
	expect_dump_unchanged(before);
	free(before);
	/* Moving it earlier is fine. */
	r = SEND(.id = "T6", .rev = 3, .closed_at = "2027-02-10T12:00:00+07:00", .qty = 2,
		 .price = 10000);
	expect_outcome(r, INGEST_UPDATED);
	expect_zero(hour_at(FX.jkt_id, FEB(10), 13));
	expect_hour(hour_at(FX.jkt_id, FEB(10), 12), .gross = 20000, .tickets = 1);
}

static void test_void_with_refunds_rejected(void **state)
{
	(void)state;
	expect_outcome(SEND(.id = "T7", .closed_at = "2027-02-11T09:00:00+07:00", .qty = 1,
			    .price = 30000,
			    .refunds = "[{\"refund_id\": \"R1\", \"at\": \"2027-02-11T10:00:00+07:00\","
				       " \"amount\": 10000}]"),
		       INGEST_CREATED);
	char *before = dump();
	int64_t dl = deadletters();
	struct ingest_result r = SEND(.id = "T7", .rev = 2, .is_void = true,
				      .closed_at = "2027-02-11T09:00:00+07:00", .qty = 1,
				      .price = 30000);
	expect_rejected(r, "cannot be voided");
	assert_int_equal(deadletters(), dl + 1);
	expect_dump_unchanged(before);
	free(before);
	struct store_ticket_ref ref = find_ticket(FX.jkt_id, "T7");
	assert_int_equal(ref.revision, 1);
	assert_int_equal(ref.status, SALES_STATUS_CLOSED);
	expect_hour(hour_at(FX.jkt_id, FEB(11), 9), .gross = 30000, .tickets = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(11), 10), .refunds = 10000, .refund_count = 1);
}

static void test_void_counts_in_voids(void **state)
{
	(void)state;
	/* A void ticket of 3 × 12000 = 36000 counts only as a void. */
	expect_outcome(SEND(.id = "T8", .is_void = true, .closed_at = "2027-02-12T20:45:00+07:00",
			    .qty = 3, .price = 12000, .covers = 2),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(12), 20), .voids = 1, .void_gross = 36000);

	/* A sale of 1 × 10000 voided by revision 2 moves from sales to voids. */
	expect_outcome(SEND(.id = "T8B", .closed_at = "2027-02-12T21:10:00+07:00", .qty = 1,
			    .price = 10000, .tax = 1000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(12), 21), .gross = 10000, .tax = 1000, .tickets = 1);
	expect_outcome(SEND(.id = "T8B", .rev = 2, .is_void = true,
			    .closed_at = "2027-02-12T21:10:00+07:00", .qty = 1, .price = 10000,
			    .tax = 1000),
		       INGEST_UPDATED);
	expect_hour(hour_at(FX.jkt_id, FEB(12), 21), .voids = 1, .void_gross = 10000);
	assert_int_equal(find_ticket(FX.jkt_id, "T8B").status, SALES_STATUS_VOID);

	/* The stale closed revision 1 bringing a refund cannot refund a void sale. */
	char *before = dump();
	struct ingest_result r = SEND(.id = "T8B", .closed_at = "2027-02-12T21:10:00+07:00", .qty = 1,
				      .price = 10000, .tax = 1000,
				      .refunds = "[{\"refund_id\": \"R1\", \"at\": \"2027-02-12T22:00:00+07:00\","
						 " \"amount\": 5000}]");
	expect_rejected(r, "void");
	expect_dump_unchanged(before);
	free(before);
	expect_hour(day_sum(FX.jkt_id, FEB(12)), .voids = 2, .void_gross = 46000);
}

/* ---- business time ------------------------------------------------------ */

static void test_revision_moves_business_day(void **state)
{
	(void)state;
	/* 2 × 20000 = 40000 on 2027-02-13 at 15:00, then moved to 2027-02-14 09:00. */
	expect_outcome(SEND(.id = "T9", .closed_at = "2027-02-13T15:00:00+07:00", .qty = 2,
			    .price = 20000, .service = 2000, .covers = 2),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(13), 15), .gross = 40000, .service_charge = 2000,
		    .tickets = 1, .covers = 2);
	expect_outcome(SEND(.id = "T9", .rev = 2, .closed_at = "2027-02-14T09:00:00+07:00",
			    .qty = 2, .price = 20000, .service = 2000, .covers = 2),
		       INGEST_UPDATED);
	expect_zero(day_sum(FX.jkt_id, FEB(13)));
	expect_hour(hour_at(FX.jkt_id, FEB(14), 9), .gross = 40000, .service_charge = 2000,
		    .tickets = 1, .covers = 2);
	expect_hour(day_sum(FX.jkt_id, FEB(14)), .gross = 40000, .service_charge = 2000,
		    .tickets = 1, .covers = 2);
	int64_t item = stored_item(find_ticket(FX.jkt_id, "T9").id);
	expect_item(item_day(FX.jkt_id, item, FEB(13)), .qty = 0);
	expect_item(item_day(FX.jkt_id, item, FEB(14)), .qty = 2, .gross = 40000, .tickets = 1);
}

static void test_business_day_two_zones(void **state)
{
	(void)state;
	/* 01:30 WIB on 2027-02-02 is before the 04:00 cut-off: business day
	 * 2027-02-01, hour 1. 1 × 22000. */
	expect_outcome(SEND(.id = "T10J", .closed_at = "2027-02-02T01:30:00+07:00", .qty = 1,
			    .price = 22000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(1), 1), .gross = 22000, .tickets = 1);
	expect_zero(day_sum(FX.jkt_id, FEB(2)));

	/* The same instant (18:30Z) at Jayapura (UTC+9) is 03:30 local on
	 * 2027-02-02: still before 04:00, so 2027-02-01, hour 3. 1 × 33000. */
	expect_outcome(SEND(.id = "T10P", .outlet = "DJJ-1", .closed_at = "2027-02-01T18:30:00Z",
			    .qty = 1, .price = 33000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.djj_id, FEB(1), 3), .gross = 33000, .tickets = 1);
	expect_hour(day_sum(FX.djj_id, FEB(1)), .gross = 33000, .tickets = 1);
	expect_zero(day_sum(FX.djj_id, FEB(2)));
	/* Per outlet: Jakarta's day holds only its own ticket. */
	expect_hour(day_sum(FX.jkt_id, FEB(1)), .gross = 22000, .tickets = 1);

	/* 19:00Z is 04:00 WIT on 2027-02-02, the cut-off itself: the new day,
	 * hour 4 — while in Jakarta the same instant is 02:00, still 2027-02-01. */
	expect_outcome(SEND(.id = "T10Q", .outlet = "DJJ-1", .closed_at = "2027-02-01T19:00:00Z",
			    .qty = 1, .price = 11000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.djj_id, FEB(2), 4), .gross = 11000, .tickets = 1);
	expect_outcome(SEND(.id = "T10K", .closed_at = "2027-02-01T19:00:00Z", .qty = 1,
			    .price = 12000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(1), 2), .gross = 12000, .tickets = 1);
	expect_zero(day_sum(FX.jkt_id, FEB(2)));
	/* 03:59:59 WIB is the previous day, 04:00:00 WIB the new one. */
	expect_outcome(SEND(.id = "T10L", .closed_at = "2027-02-02T03:59:59+07:00", .qty = 1,
			    .price = 1000),
		       INGEST_CREATED);
	expect_outcome(SEND(.id = "T10M", .closed_at = "2027-02-02T04:00:00+07:00", .qty = 1,
			    .price = 2000),
		       INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(1), 3), .gross = 1000, .tickets = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(2), 4), .gross = 2000, .tickets = 1);
}

/* ---- outlets and tenancy ------------------------------------------------ */

static void test_unknown_outlet(void **state)
{
	(void)state;
	char *before = dump();
	int64_t dl = deadletters();
	struct ingest_result r = SEND(.id = "T11", .outlet = "NOPE",
				      .closed_at = "2027-02-16T12:00:00+07:00", .qty = 1, .price = 1000);
	expect_rejected(r, "outlet_id: unknown outlet \"NOPE\"");
	assert_int_equal(r.ticket_id, 0);
	assert_int_equal(deadletters(), dl + 1);
	expect_dump_unchanged(before);
	free(before);
}

static void test_tenancy(void **state)
{
	(void)state;
	char *before = dump();
	int64_t dl = deadletters();
	const struct tk t = {.id = "T12", .closed_at = "2027-02-16T13:00:00+07:00", .qty = 1,
			     .price = 5000};

	/* Pawoon's key cannot see Moka's outlet: the same answer as a missing one. */
	struct ingest_result r = send_as(&FX.pawoon, &t);
	expect_rejected(r, "outlet_id: unknown outlet \"JKT-1\"");

	/* Naming Moka as the source does not help. */
	struct tk with_source = t;
	with_source.source = "moka";
	r = send_as(&FX.pawoon, &with_source);
	expect_rejected(r, "source: ");

	/* Nor does a principal with Moka's code but Pawoon's id. */
	struct principal forged = FX.pawoon;
	snprintf(forged.partner_code, sizeof forged.partner_code, "moka");
	r = send_as(&forged, &t);
	expect_rejected(r, "outlet_id: unknown outlet \"JKT-1\"");

	assert_int_equal(deadletters(), dl + 3);
	expect_dump_unchanged(before);
	free(before);
	struct store_ticket_ref ref;
	struct clario_err err = {0};
	assert_int_equal(store_ticket_find(FX.s, FX.jkt_id, "T12", &ref, &err), CLARIO_ENOTFOUND);

	/* Moka itself may send it. */
	expect_outcome(send1(&t), INGEST_CREATED);
	expect_hour(hour_at(FX.jkt_id, FEB(16), 13), .gross = 5000, .tickets = 1);
}

/* ---- batches ------------------------------------------------------------ */

static void test_batch_savepoints(void **state)
{
	(void)state;
	/* T13B: 2 × 10000 = 20000 at 11:00, R1 15000 at 11:30 leaves 5000. */
	expect_outcome(SEND(.id = "T13B", .closed_at = "2027-02-15T11:00:00+07:00", .qty = 2,
			    .price = 10000,
			    .refunds = "[{\"refund_id\": \"R1\", \"at\": \"2027-02-15T11:30:00+07:00\","
				       " \"amount\": 15000}]"),
		       INGEST_CREATED);
	int64_t dl = deadletters();

	/* One batch: A created; B's revision 2 is written (tax 2000) and then
	 * rejected by its refund R2 (6000 > 5000 left), so its savepoint must undo
	 * the replacement; C fails validation (qty 0); D created. */
	const struct tk batch[] = {
		{.id = "T13A", .closed_at = "2027-02-15T10:00:00+07:00", .qty = 1, .price = 25000},
		{.id = "T13B", .rev = 2, .closed_at = "2027-02-15T11:00:00+07:00", .qty = 2,
		 .price = 10000, .tax = 2000,
		 .refunds = "[{\"refund_id\": \"R2\", \"at\": \"2027-02-15T12:00:00+07:00\","
			    " \"amount\": 6000}]"},
		{.id = "T13C", .closed_at = "2027-02-15T10:00:00+07:00", .qty = 0, .price = 1000},
		{.id = "T13D", .closed_at = "2027-02-15T10:30:00+07:00", .qty = 2, .price = 7000},
	};
	char body[16384];
	size_t off = put(body, sizeof body, 0, "[");
	for (size_t i = 0; i < 4; i++) {
		if (i)
			off = put(body, sizeof body, off, ", ");
		off = ticket_json(body, sizeof body, off, &batch[i]);
	}
	put(body, sizeof body, off, "]");
	struct ingest_result res[4];
	apply_body(&FX.moka, body, res, 4);
	expect_outcome(res[0], INGEST_CREATED);
	expect_rejected(res[1], "refunds[0].amount: 6000 is more than the 5000 left");
	expect_rejected(res[2], "lines[0].qty");
	expect_outcome(res[3], INGEST_CREATED);
	assert_int_equal(deadletters(), dl + 2);

	/* Hour 10: A 25000 + D 2 × 7000 = 14000 → 39000, two tickets.
	 * Hour 11: B as revision 1, no tax, and R1. Hour 12: nothing (R2 undone). */
	expect_hour(hour_at(FX.jkt_id, FEB(15), 10), .gross = 39000, .tickets = 2);
	expect_hour(hour_at(FX.jkt_id, FEB(15), 11), .gross = 20000, .tickets = 1, .refunds = 15000,
		    .refund_count = 1);
	expect_zero(hour_at(FX.jkt_id, FEB(15), 12));
	struct store_ticket_ref ref = find_ticket(FX.jkt_id, "T13B");
	assert_int_equal(ref.revision, 1);
	assert_int_equal(ref.refunded, 15000);
	assert_int_equal(ref.n_refunds, 1);
	struct clario_err err = {0};
	assert_int_equal(store_ticket_find(FX.s, FX.jkt_id, "T13C", &ref, &err), CLARIO_ENOTFOUND);
}

/* ---- rebuild ------------------------------------------------------------ */

/* A write that fails inside a transaction — here a line naming an item that is
 * not in the catalogue (a foreign-key violation) — must be reported by the
 * insert or at the latest by the savepoint's release (PostgreSQL sends such
 * writes pipelined and checks them there), and rolling the savepoint back
 * must leave no trace while the transaction goes on. */
/* Bulk mode (demo, import): PostgreSQL buffers new tickets and their refunds
 * for COPY. A batch whose second ticket forces the buffer out inside its own
 * savepoint (a new revision of the first ticket loads it) and is then rejected
 * (its refund is more than is left after the first ticket's refund) must keep
 * the first ticket and its refund: ROLLBACK TO undoes that COPY, so the rows
 * written before the savepoint are written again. On SQLite the same batch
 * must give the same answer. */
static void test_bulk_rejection_after_flush(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store *bulk = NULL;
	struct store_options opts = {.migrate = false, .bulk = true};
	check_ok(store_open(FX.path, &opts, &bulk, &err), &err, "opening a bulk connection");
	char body[8192];
	size_t off = put(body, sizeof body, 0, "[");
	off = ticket_json(body, sizeof body, off,
			  &(struct tk){.id = "BULK-1", .closed_at = "2027-02-22T09:10:00+07:00",
				       .qty = 2, .price = 10000,
				       .refunds = "[{\"refund_id\": \"RA\", \"at\":"
						  " \"2027-02-22T10:00:00+07:00\", \"amount\": 15000}]"});
	off = put(body, sizeof body, off, ",");
	off = ticket_json(body, sizeof body, off,
			  &(struct tk){.id = "BULK-1", .rev = 2,
				       .closed_at = "2027-02-22T09:10:00+07:00", .qty = 2,
				       .price = 10000,
				       .refunds = "[{\"refund_id\": \"RB\", \"at\":"
						  " \"2027-02-22T10:30:00+07:00\", \"amount\": 10000}]"});
	off = put(body, sizeof body, off, ",");
	off = ticket_json(body, sizeof body, off,
			  &(struct tk){.id = "BULK-2", .closed_at = "2027-02-22T11:05:00+07:00",
				       .qty = 1, .price = 5000});
	put(body, sizeof body, off, "]");
	struct arena a;
	struct ingest_batch b;
	arena_init(&a, 0);
	check_ok(ingest_batch_parse(body, strlen(body), &FX.moka, &a, &b, &err), &err, "parse");
	assert_int_equal(b.n, 3);
	check_ok(ingest_apply(bulk, &b, &err), &err, "bulk ingest");
	expect_outcome(b.results[0], INGEST_CREATED);
	expect_rejected(b.results[1], "more than the 5000 left to refund");
	expect_outcome(b.results[2], INGEST_CREATED);
	arena_release(&a);
	store_close(bulk);
	/* Read back on the ordinary connection: revision 1 of BULK-1 with RA. */
	struct store_ticket_ref ref;
	check_ok(store_ticket_find(FX.s, FX.jkt_id, "BULK-1", &ref, &err), &err, "find BULK-1");
	assert_int_equal(ref.revision, 1);
	assert_int_equal(ref.n_refunds, 1);
	assert_int_equal(ref.refunded, 15000);
	check_ok(store_ticket_find(FX.s, FX.jkt_id, "BULK-2", &ref, &err), &err, "find BULK-2");
	/* 2 × 10.000 at 09h, RA's 15.000 at 10h, 5.000 at 11h; nothing of the
	 * rejected revision or its refund. */
	expect_hour(hour_at(FX.jkt_id, FEB(22), 9), .gross = 20000, .tickets = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(22), 10), .refunds = 15000, .refund_count = 1);
	expect_hour(hour_at(FX.jkt_id, FEB(22), 11), .gross = 5000, .tickets = 1);
}

/* In bulk mode a write that fails (here: a line naming no catalogue item)
 * may only surface when the buffered rows are written, at COMMIT at the
 * latest; the transaction then rolls back whole. */
static void test_bulk_failed_write_surfaces(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct store *bulk = NULL;
	struct store_options opts = {.migrate = false, .bulk = true};
	check_ok(store_open(FX.path, &opts, &bulk, &err), &err, "opening a bulk connection");
	struct sales_line line = {.item_id = "GHOST", .name = "Ghost", .qty = 1, .unit_price = 1000};
	struct sales_ticket t = {
		.source = "moka", .outlet_id = "JKT-1", .ticket_id = "FK-BULK", .revision = 1,
		.closed_at = 1801440000 + 86400 * 22, .lines = &line, .n_lines = 1,
	};
	const int64_t bogus_item = 987654321;
	struct store_ticket_place place = {.merchant_id = FX.merchant_id, .outlet_id = FX.jkt_id,
					   .business_day = FEB(23), .hour = 12,
					   .item_ids = &bogus_item};
	unsigned char digest[32] = {0};
	int64_t id = 0;
	const int64_t outlet = FX.jkt_id;
	const char *ext = "FK-BULK";
	check_ok(store_begin(bulk, &err), &err, "begin");
	check_ok(store_ticket_prefetch(bulk, &outlet, &ext, 1, &err), &err, "prefetch");
	enum clario_status st = store_ticket_insert(bulk, &t, &place, digest, &id, &err);
	if (st == CLARIO_OK)
		st = store_commit(bulk, &err);
	else
		store_rollback(bulk);
	assert_int_not_equal(st, CLARIO_OK);
	store_close(bulk);
	struct store_ticket_ref ref;
	assert_int_equal(store_ticket_find(FX.s, FX.jkt_id, "FK-BULK", &ref, &err), CLARIO_ENOTFOUND);
}

static void test_failed_write_surfaces(void **state)
{
	(void)state;
	struct clario_err err = {0};
	struct arena a;
	arena_init(&a, 0);
	struct sales_line line = {.item_id = "GHOST", .name = "Ghost", .qty = 1, .unit_price = 1000};
	struct sales_payment pay = {.method = SALES_PAY_CASH, .amount = 1000};
	struct sales_ticket t = {
		.source = "moka", .outlet_id = "JKT-1", .ticket_id = "FK-1", .revision = 1,
		.closed_at = 1801440000 + 86400 * 20, .lines = &line, .n_lines = 1,
		.payments = &pay, .n_payments = 1,
	};
	const int64_t bogus_item = 987654321;
	struct store_ticket_place place = {.merchant_id = FX.merchant_id, .outlet_id = FX.jkt_id,
					   .business_day = FEB(21), .hour = 12,
					   .item_ids = &bogus_item};
	unsigned char digest[32] = {0};
	int64_t id = 0;
	char *before = dump();
	check_ok(store_begin(FX.s, &err), &err, "begin");
	check_ok(store_savepoint(FX.s, &err), &err, "savepoint");
	enum clario_status st = store_ticket_insert(FX.s, &t, &place, digest, &id, &err);
	if (st == CLARIO_OK)
		st = store_savepoint_release(FX.s, &err);
	assert_int_not_equal(st, CLARIO_OK);
	store_savepoint_rollback(FX.s);
	/* The transaction is still usable and commits without the failed ticket. */
	struct rollup_hour h = {.merchant_id = FX.merchant_id, .outlet_id = FX.jkt_id,
				.day = FEB(21), .hour = 12};
	check_ok(store_rollup_hour_add(FX.s, &h, &err), &err, "a write after the rollback");
	check_ok(store_commit(FX.s, &err), &err, "commit");
	struct store_ticket_ref ref;
	assert_int_equal(store_ticket_find(FX.s, FX.jkt_id, "FK-1", &ref, &err), CLARIO_ENOTFOUND);
	expect_dump_unchanged(before); /* an all-zero rollup row is not in the dump */
	free(before);
	arena_release(&a);
}

static void test_rebuild_equals_kept(void **state)
{
	(void)state;
	char *kept = dump();
	assert_true(strlen(kept) > 3); /* the other tests left rows */
	struct clario_err err = {0};
	check_ok(ingest_rebuild_rollups(FX.s, &err), &err, "ingest_rebuild_rollups");
	expect_dump_unchanged(kept);
	free(kept);
}

/* `test_ingest --pg` is the ingest-pg test: it must run on PostgreSQL, so a
 * missing CLARIO_TEST_PG_URL fails it rather than passing on SQLite. */
int main(int argc, char **argv)
{
	const char *pg = getenv("CLARIO_TEST_PG_URL");
	bool want_pg = argc > 1 && strcmp(argv[1], "--pg") == 0;
	if (want_pg && (!pg || !*pg)) {
		fprintf(stderr, "test_ingest --pg: CLARIO_TEST_PG_URL is not set; start a cluster"
				" (scripts/pg-cluster start DIR) and pass its URL\n");
		return 1;
	}
	if (pg && *pg)
		snprintf(FX.pg_admin, sizeof FX.pg_admin, "%s", pg);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created_then_duplicate),
		cmocka_unit_test(test_revision_updates_once),
		cmocka_unit_test(test_same_revision_other_content),
		cmocka_unit_test(test_lower_revision_is_stale),
		cmocka_unit_test(test_refund_recorded_once),
		cmocka_unit_test(test_refund_exceeding_rejected),
		cmocka_unit_test(test_void_with_refunds_rejected),
		cmocka_unit_test(test_void_counts_in_voids),
		cmocka_unit_test(test_revision_moves_business_day),
		cmocka_unit_test(test_business_day_two_zones),
		cmocka_unit_test(test_unknown_outlet),
		cmocka_unit_test(test_tenancy),
		cmocka_unit_test(test_batch_savepoints),
		cmocka_unit_test(test_failed_write_surfaces),
		cmocka_unit_test(test_bulk_rejection_after_flush),
		cmocka_unit_test(test_bulk_failed_write_surfaces),
		/* Last: rebuilds from everything the tests above stored. */
		cmocka_unit_test(test_rebuild_equals_kept),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
