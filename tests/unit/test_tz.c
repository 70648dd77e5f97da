/* Unit tests for base/tz: civil dates, RFC 3339, TZif zones and business days.
 * Expected values come from `date -u -d`, `TZ=... date +%z`, `zdump -v` and hand
 * arithmetic, never from the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/tz.h"

/* ---- civil dates ---------------------------------------------------- */

static void test_known_dates(void **state)
{
	(void)state;
	/* date -u -d "<date>" +%s, divided by 86400 */
	assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(tz_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(tz_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(tz_days_from_civil(2027, 2, 1), 20850);
	assert_int_equal(tz_days_from_civil(2027, 2, 28), 20877);
	assert_int_equal(tz_days_from_civil(2027, 3, 1), 20878);
	assert_int_equal(tz_days_from_civil(1600, 1, 1), -135140);
	assert_int_equal(tz_days_from_civil(1900, 2, 28), -25509);
	assert_int_equal(tz_days_from_civil(1900, 3, 1), -25508); /* 1900 not leap */
	assert_int_equal(tz_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(tz_days_from_civil(9999, 12, 31), 2932896);
	/* 2000 is a leap year: Feb 29 sits between Feb 28 and Mar 1. */
	assert_int_equal(tz_days_from_civil(2000, 3, 1) - tz_days_from_civil(2000, 2, 28), 2);

	int y, m, d;
	tz_civil_from_days(11017, &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	tz_civil_from_days(-25508, &y, &m, &d);
	assert_int_equal(y, 1900);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	tz_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

static void test_weekdays(void **state)
{
	(void)state;
	/* date -u -d <date> +%A */
	assert_int_equal(tz_weekday(20850), 0); /* 2027-02-01 Monday */
	assert_int_equal(tz_weekday(20851), 1); /* 2027-02-02 Tuesday */
	assert_int_equal(tz_weekday(20877), 6); /* 2027-02-28 Sunday */
	assert_int_equal(tz_weekday(0), 3);     /* 1970-01-01 Thursday */
	assert_int_equal(tz_weekday(-1), 2);    /* 1969-12-31 Wednesday */
	assert_int_equal(tz_weekday(-135140), 5); /* 1600-01-01 Saturday */
	assert_int_equal(tz_weekday(-719162), 0); /* 0001-01-01 Monday */
	assert_int_equal(tz_weekday(2932896), 4); /* 9999-12-31 Friday */
}

static int oracle_month_len(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

/* Walks every day from 1600-01-01 to 2400-12-31 with a calendar counter kept by
 * the test itself and checks both directions and the weekday cycle. */
static void test_civil_walk(void **state)
{
	(void)state;
	int y = 1600, m = 1, d = 1, wd = 5; /* Saturday */
	for (int32_t day = -135140; y <= 2400; day++) {
		assert_int_equal(tz_days_from_civil(y, m, d), day);
		int cy, cm, cd;
		tz_civil_from_days(day, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			fail_msg("day %d: got %d-%d-%d, want %d-%d-%d", day, cy, cm, cd, y, m, d);
		assert_int_equal(tz_weekday(day), wd);
		wd = (wd + 1) % 7;
		if (++d > oracle_month_len(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
}

static void test_civil_round_trip_wide(void **state)
{
	(void)state;
	for (int64_t day = -3000000; day <= 3000000; day += 13) {
		int y, m, d;
		tz_civil_from_days((day_t)day, &y, &m, &d);
		assert_in_range(m, 1, 12);
		assert_in_range(d, 1, 31);
		assert_int_equal(tz_days_from_civil(y, m, d), (day_t)day);
	}
	const day_t edges[] = {INT32_MIN, INT32_MAX, -719162, 2932896};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		int y, m, d;
		tz_civil_from_days(edges[i], &y, &m, &d);
		assert_int_equal(tz_days_from_civil(y, m, d), edges[i]);
	}
}

static void test_parse_date(void **state)
{
	(void)state;
	struct clario_err err = {0};
	day_t day = 0;
	assert_int_equal(tz_parse_date("2027-02-01", &day, &err), CLARIO_OK);
	assert_int_equal(day, 20850);
	assert_int_equal(tz_parse_date("2000-02-29", &day, &err), CLARIO_OK);
	assert_int_equal(day, 11016);
	assert_int_equal(tz_parse_date("1969-12-31", &day, &err), CLARIO_OK);
	assert_int_equal(day, -1);

	day = 42;
	assert_int_equal(tz_parse_date("2027-02-30", &day, &err), CLARIO_EINVAL);
	assert_int_equal(day, 42);
	assert_non_null(strstr(err.msg, "2027-02-30"));
	assert_non_null(strstr(err.msg, "28"));
	assert_int_equal(tz_parse_date("2027-13-01", &day, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "month 13"));
	assert_int_equal(tz_parse_date("1900-02-29", &day, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "day 29"));
	assert_int_equal(tz_parse_date("2027-00-10", &day, &err), CLARIO_EINVAL);
	assert_int_equal(tz_parse_date("2027-01-00", &day, &err), CLARIO_EINVAL);
	assert_int_equal(tz_parse_date("0000-01-01", &day, &err), CLARIO_EINVAL);

	const char *bad[] = {"", "2027-2-01", "2027-02-1", "27-02-01", "2027/02/01",
			     "2027-02-01 ", " 2027-02-01", "2027-02-01T00:00:00Z",
			     "+027-02-01", "2027-0a-01", "20270201", "2027-02-011"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		clario_err_clear(&err);
		assert_int_equal(tz_parse_date(bad[i], &day, &err), CLARIO_EINVAL);
		assert_int_equal(err.status, CLARIO_EINVAL);
		assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
	}
	assert_int_equal(day, 42);
}

static void test_format_date(void **state)
{
	(void)state;
	char buf[11];
	tz_format_date(20850, buf);
	assert_string_equal(buf, "2027-02-01");
	tz_format_date(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	tz_format_date(-719162, buf);
	assert_string_equal(buf, "0001-01-01");
	tz_format_date(2932896, buf);
	assert_string_equal(buf, "9999-12-31");
}

/* ---- RFC 3339 ------------------------------------------------------- */

static void test_rfc3339_ok(void **state)
{
	(void)state;
	struct clario_err err = {0};
	instant_t t = 0;
	/* date -u -d "2027-02-01T12:30:00+07:00" +%s */
	const char *same[] = {
		"2027-02-01T12:30:00+07:00", "2027-02-01T05:30:00Z", "2027-02-01T05:30:00z",
		"2027-02-01t05:30:00Z",      "2027-02-01 05:30:00Z", "2027-02-01T05:30:00.999Z",
		"2027-02-01T05:30:00.1+00:00", "2027-02-01T05:30:00-00:00",
		"2027-02-01T12:30:00.123456789+07:00",
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		t = 0;
		if (tz_parse_rfc3339(same[i], &t, &err) != CLARIO_OK)
			fail_msg("%s: %s", same[i], err.msg);
		assert_int_equal(t, 1801459800);
	}
	assert_int_equal(tz_parse_rfc3339("2027-02-01T12:30:00-05:30", &t, &err), CLARIO_OK);
	assert_int_equal(t, 1801504800);
	assert_int_equal(tz_parse_rfc3339("1970-01-01T00:00:00+07:00", &t, &err), CLARIO_OK);
	assert_int_equal(t, -25200);
	assert_int_equal(tz_parse_rfc3339("2000-02-29T00:00:00Z", &t, &err), CLARIO_OK);
	assert_int_equal(t, 951782400);
	assert_int_equal(tz_parse_rfc3339("9999-12-31T23:59:59Z", &t, &err), CLARIO_OK);
	assert_int_equal(t, 253402300799LL);
	/* A leap second is counted as :59. */
	assert_int_equal(tz_parse_rfc3339("2016-12-31T23:59:60Z", &t, &err), CLARIO_OK);
	assert_int_equal(t, 1483228799);
}

static void test_rfc3339_missing_offset(void **state)
{
	(void)state;
	struct clario_err err = {0};
	instant_t t = 7;
	assert_int_equal(tz_parse_rfc3339("2027-01-01T10:00:00", &t, &err), CLARIO_EINVAL);
	assert_int_equal(t, 7);
	assert_non_null(strstr(err.msg, "offset"));
	assert_non_null(strstr(err.msg, "\"2027-01-01T10:00:00\""));
	assert_non_null(strstr(err.msg, "add Z"));
	assert_int_equal(tz_parse_rfc3339("2027-01-01T10:00:00.5", &t, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "add Z"));
}

static void test_rfc3339_bad(void **state)
{
	(void)state;
	struct clario_err err = {0};
	instant_t t = 7;
	const char *bad[] = {
		"", "hello", "2027-02-01", "2027-02-01T12:30Z", "2027-02-01T12:30:00+7:00",
		"2027-02-01T12:30:00+0700", "2027-02-01T12:30:00+07", "2027-02-01T12:30:00Zx",
		"2027-02-01T12:30:00Z ", "2027-02-01T12:30:00.Z", "2027-02-01X12:30:00Z",
		"2027-02-01T25:00:00Z", "2027-02-01T24:00:00Z", "2027-02-01T12:60:00Z",
		"2027-02-01T12:30:61Z", "2027-02-30T12:30:00Z", "2027-13-01T12:30:00Z",
		"2027-02-00T12:30:00Z", "1969-12-31T23:59:59Z", "2027-02-01T12:30:00+24:00",
		"2027-02-01T12:30:00+07:60", "2027-02-01T12:30:00+07:00:00",
		"\xff\xfe-02-01T12:30:00Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		clario_err_clear(&err);
		if (tz_parse_rfc3339(bad[i], &t, &err) != CLARIO_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(err.status, CLARIO_EINVAL);
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(t, 7);
	/* Messages echo only printable ASCII (they end up in JSON). */
	for (const char *p = err.msg; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
	/* Long input is truncated in the message. */
	char longs[600];
	memset(longs, '9', sizeof longs - 1);
	longs[sizeof longs - 1] = '\0';
	assert_int_equal(tz_parse_rfc3339(longs, &t, &err), CLARIO_EINVAL);
	assert_true(strlen(err.msg) < 200);
}

static void test_format_rfc3339(void **state)
{
	(void)state;
	char buf[21];
	tz_format_rfc3339_utc(1801459800, buf);
	assert_string_equal(buf, "2027-02-01T05:30:00Z");
	tz_format_rfc3339_utc(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	tz_format_rfc3339_utc(-1, buf); /* date -u -d @-1 */
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	tz_format_rfc3339_utc(-86401, buf);
	assert_string_equal(buf, "1969-12-30T23:59:59Z");
	tz_format_rfc3339_utc(253402300799LL, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
}

/* ---- zones from the system tzdata ----------------------------------- */

static int32_t offset_in(const char *zone_name, instant_t t)
{
	const struct tz_zone *z = NULL;
	struct clario_err err = {0};
	if (tz_zone_get(zone_name, &z, &err) != CLARIO_OK)
		fail_msg("%s: %s", zone_name, err.msg);
	assert_string_equal(tz_zone_name(z), zone_name);
	return tz_offset_at(z, t);
}

static void test_zones_indonesia(void **state)
{
	(void)state;
	/* 2027-02-01T05:30:00Z, 2027-07-01T00:00:00Z, 2100-06-01T00:00:00Z */
	const instant_t now[] = {1801459800, 1814400000, 4115491200LL};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(offset_in("Asia/Jakarta", now[i]), 7 * 3600);
		assert_int_equal(offset_in("Asia/Makassar", now[i]), 8 * 3600);
		assert_int_equal(offset_in("Asia/Jayapura", now[i]), 9 * 3600);
	}
	/* History per `zdump -v Asia/Jakarta`: +07:30 in 1955, +09 in 1943, the
	 * switch to WIB (+07) at 1963-12-31T16:30:00Z (-189415800), and LMT/BMT
	 * gmtoff=25632 before 1924 (1800-01-01 is before the first transition). */
	assert_int_equal(offset_in("Asia/Jakarta", -460339200), 27000);
	assert_int_equal(offset_in("Asia/Jakarta", -852076800), 32400);
	assert_int_equal(offset_in("Asia/Jakarta", -189415801), 27000);
	assert_int_equal(offset_in("Asia/Jakarta", -189415800), 25200);
	assert_int_equal(offset_in("Asia/Jakarta", -5364662400LL), 25632);
	/* zdump: Jayapura went +09 -> +0930 at 1944-08-31T15:00:00Z (-799491600). */
	assert_int_equal(offset_in("Asia/Jayapura", -799491601), 32400);
	assert_int_equal(offset_in("Asia/Jayapura", -799491600), 34200);
	assert_int_equal(offset_in("Asia/Makassar", -5364662400LL), 28656);
	/* A DST zone inside the file's explicit transitions (TZ=... date +%z). */
	assert_int_equal(offset_in("America/New_York", 1801459800), -5 * 3600);
	assert_int_equal(offset_in("America/New_York", 1814400000), -4 * 3600);
	assert_int_equal(offset_in("UTC", 1801459800), 0);
	assert_int_equal(offset_in("Etc/GMT-7", 1801459800), 7 * 3600);
}

static void test_zone_cached(void **state)
{
	(void)state;
	const struct tz_zone *a = NULL, *b = NULL;
	struct clario_err err = {0};
	assert_int_equal(tz_zone_get("Asia/Jakarta", &a, &err), CLARIO_OK);
	assert_int_equal(tz_zone_get("Asia/Jakarta", &b, &err), CLARIO_OK);
	assert_ptr_equal(a, b);
}

static void test_zone_rejects(void **state)
{
	(void)state;
	struct clario_err err = {0};
	const struct tz_zone *z = NULL;
	assert_int_equal(tz_zone_get("Asia/Atlantis", &z, &err), CLARIO_EINVAL);
	assert_string_equal(err.msg, "unknown time zone \"Asia/Atlantis\"");
	assert_null(z);
	const char *bad[] = {"", "../etc/passwd", "Asia/../../etc/passwd", "/etc/passwd",
			     "Asia/Jakarta ", "Asia\\Jakarta", "Asia/Jak.arta", "Asia/Jakarta\n",
			     "Asia", /* a directory */
			     "leapseconds", /* a text file, not TZif */
			     "Asia/Jakarta/", "Asia//Jakarta/x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		clario_err_clear(&err);
		if (tz_zone_get(bad[i], &z, &err) != CLARIO_EINVAL)
			fail_msg("accepted zone \"%s\"", bad[i]);
		assert_true(err.msg[0] != '\0');
		assert_null(z);
	}
	assert_int_equal(tz_zone_get(NULL, &z, &err), CLARIO_EINVAL);
	char longname[300];
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(tz_zone_get(longname, &z, &err), CLARIO_EINVAL);
	assert_null(z);
}

/* Looks zones up from many threads at once; all must agree on one copy. */
#define THREADS 8
static const char *const thread_zones[] = {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"};

static void *zone_thread(void *arg)
{
	const struct tz_zone **seen = arg;
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < 3; i++) {
			struct clario_err err;
			const struct tz_zone *z = NULL;
			if (tz_zone_get(thread_zones[i], &z, &err) != CLARIO_OK)
				return NULL;
			if (tz_offset_at(z, 1801459800) != (int32_t)(7 + i) * 3600)
				return NULL;
			seen[i] = z;
		}
	}
	return arg;
}

static void test_zone_threads(void **state)
{
	(void)state;
	tz_cache_free(); /* make the threads race to load */
	pthread_t th[THREADS];
	const struct tz_zone *seen[THREADS][3];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, zone_thread, seen[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		void *ret = NULL;
		assert_int_equal(pthread_join(th[i], &ret), 0);
		assert_ptr_equal(ret, seen[i]);
	}
	for (int i = 1; i < THREADS; i++)
		for (int k = 0; k < 3; k++)
			assert_ptr_equal(seen[i][k], seen[0][k]);
}

/* ---- hand-built TZif files (CLARIO_ZONEINFO) ------------------------ */

struct tzif_spec {
	char version;
	uint32_t timecnt, typecnt;
	const int64_t *times;
	const uint8_t *idx;
	const int32_t *utoff;
	const uint8_t *isdst;
	const char *footer; /* without the newlines; NULL for none */
};

static size_t put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return 4;
}

static size_t put_header(uint8_t *p, char version, uint32_t timecnt, uint32_t typecnt,
			 uint32_t charcnt)
{
	memcpy(p, "TZif", 4);
	p[4] = (uint8_t)version;
	memset(p + 5, 0, 15);
	size_t o = 20;
	o += put32(p + o, 0); /* isutcnt */
	o += put32(p + o, 0); /* isstdcnt */
	o += put32(p + o, 0); /* leapcnt */
	o += put32(p + o, timecnt);
	o += put32(p + o, typecnt);
	o += put32(p + o, charcnt);
	return o;
}

/* Builds a TZif file; for version '2' the legacy block holds one bogus type
 * (+99:00-ish) so a reader that used it would fail the tests. */
static size_t build_tzif(const struct tzif_spec *s, uint8_t *p)
{
	size_t o = 0;
	size_t timesize = 4;
	if (s->version != '\0') {
		o += put_header(p + o, s->version, 0, 1, 4);
		o += put32(p + o, (uint32_t)12345);
		p[o++] = 0;
		p[o++] = 0;
		memcpy(p + o, "BAD", 4);
		o += 4;
		timesize = 8;
	}
	o += put_header(p + o, s->version, s->timecnt, s->typecnt, 4);
	for (uint32_t i = 0; i < s->timecnt; i++) {
		uint64_t v = (uint64_t)s->times[i];
		if (timesize == 8)
			o += put32(p + o, (uint32_t)(v >> 32));
		o += put32(p + o, (uint32_t)v);
	}
	for (uint32_t i = 0; i < s->timecnt; i++)
		p[o++] = s->idx[i];
	for (uint32_t k = 0; k < s->typecnt; k++) {
		o += put32(p + o, (uint32_t)s->utoff[k]);
		p[o++] = s->isdst[k];
		p[o++] = 0;
	}
	memcpy(p + o, "ABC", 4);
	o += 4;
	if (s->version != '\0' && s->footer) {
		size_t n = strlen(s->footer);
		p[o++] = '\n';
		memcpy(p + o, s->footer, n);
		o += n;
		p[o++] = '\n';
	}
	return o;
}

static void write_file(const char *dir, const char *name, const uint8_t *data, size_t len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

static void test_custom_tzif(void **state)
{
	(void)state;
	char dir[] = "/tmp/clario-tz-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sub[64];
	snprintf(sub, sizeof sub, "%s/Test", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	uint8_t buf[1024];
	size_t n;

	/* v2: type 0 is DST, so "before the first transition" must pick type 1. */
	const int64_t t2[] = {1000000, 2000000};
	const uint8_t i2[] = {2, 0};
	const int32_t u2[] = {7200, 3600, 18000};
	const uint8_t d2[] = {1, 0, 0};
	struct tzif_spec fixed = {'2', 2, 3, t2, i2, u2, d2, "<+06>-6"};
	n = build_tzif(&fixed, buf);
	write_file(sub, "Fixed", buf, n);

	/* Same data, DST footer: after the last transition, the last type holds. */
	struct tzif_spec dst = {'3', 2, 3, t2, i2, u2, d2, "XST-3XDT,M3.2.0,M11.1.0"};
	n = build_tzif(&dst, buf);
	write_file(sub, "Dst", buf, n);

	/* v1 only, 32-bit times, no footer. */
	const int64_t t1[] = {-500, 500};
	const uint8_t i1[] = {1, 0};
	const int32_t u1[] = {3600, -3600};
	const uint8_t d1[] = {0, 0};
	struct tzif_spec v1 = {'\0', 2, 2, t1, i1, u1, d1, NULL};
	n = build_tzif(&v1, buf);
	write_file(sub, "V1", buf, n);

	/* No transitions at all: the footer (or type 0) applies. */
	const int32_t u0[] = {-7200};
	const uint8_t d0[] = {0};
	struct tzif_spec none = {'2', 0, 1, NULL, NULL, u0, d0, "<-02>2"};
	n = build_tzif(&none, buf);
	write_file(sub, "None", buf, n);

	/* Broken files. */
	n = build_tzif(&fixed, buf);
	write_file(sub, "Truncated", buf, n - 30);
	const uint8_t ibad[] = {2, 3};
	struct tzif_spec badidx = {'2', 2, 3, t2, ibad, u2, d2, "<+06>-6"};
	n = build_tzif(&badidx, buf);
	write_file(sub, "BadIndex", buf, n);
	const int64_t tdesc[] = {2000000, 1000000};
	struct tzif_spec desc = {'2', 2, 3, tdesc, i2, u2, d2, "<+06>-6"};
	n = build_tzif(&desc, buf);
	write_file(sub, "Descending", buf, n);
	write_file(sub, "Text", (const uint8_t *)"hello world\n", 12);

	assert_int_equal(setenv("CLARIO_ZONEINFO", dir, 1), 0);
	const struct tz_zone *z = NULL;
	struct clario_err err = {0};

	assert_int_equal(tz_zone_get("Test/Fixed", &z, &err), CLARIO_OK);
	assert_int_equal(tz_offset_at(z, INT64_MIN), 3600);
	assert_int_equal(tz_offset_at(z, 999999), 3600);
	assert_int_equal(tz_offset_at(z, 1000000), 18000);
	assert_int_equal(tz_offset_at(z, 1999999), 18000);
	assert_int_equal(tz_offset_at(z, 2000001), 21600); /* footer <+06>-6 */
	assert_int_equal(tz_offset_at(z, INT64_MAX), 21600);

	assert_int_equal(tz_zone_get("Test/Dst", &z, &err), CLARIO_OK);
	assert_int_equal(tz_offset_at(z, 1500000), 18000);
	assert_int_equal(tz_offset_at(z, 2000000), 7200);
	assert_int_equal(tz_offset_at(z, 9000000000LL), 7200);

	assert_int_equal(tz_zone_get("Test/V1", &z, &err), CLARIO_OK);
	assert_int_equal(tz_offset_at(z, -501), 3600);
	assert_int_equal(tz_offset_at(z, -500), -3600);
	assert_int_equal(tz_offset_at(z, 0), -3600);
	assert_int_equal(tz_offset_at(z, 500), 3600);
	assert_int_equal(tz_offset_at(z, 100000), 3600);

	assert_int_equal(tz_zone_get("Test/None", &z, &err), CLARIO_OK);
	assert_int_equal(tz_offset_at(z, 0), -7200);

	const char *broken[] = {"Test/Truncated", "Test/BadIndex", "Test/Descending",
				"Test/Text", "Test/Missing", "Test"};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		z = NULL;
		if (tz_zone_get(broken[i], &z, &err) != CLARIO_EINVAL)
			fail_msg("accepted %s", broken[i]);
		assert_null(z);
		assert_non_null(strstr(err.msg, "unknown time zone"));
	}

	/* Every truncation of a good file is rejected or parsed, never a crash. */
	n = build_tzif(&fixed, buf);
	for (size_t cut = 0; cut < n; cut++) {
		write_file(sub, "Cut", buf, cut);
		tz_cache_free();
		enum clario_status st = tz_zone_get("Test/Cut", &z, &err);
		assert_true(st == CLARIO_OK || st == CLARIO_EINVAL);
	}

	assert_int_equal(unsetenv("CLARIO_ZONEINFO"), 0);
	tz_cache_free();
	const char *files[] = {"Fixed", "Dst", "V1", "None", "Truncated", "BadIndex",
			       "Descending", "Text", "Cut"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		remove_file(sub, files[i]);
	rmdir(sub);
	rmdir(dir);
}

/* ---- business days and cut-offs ------------------------------------- */

static void test_business_day(void **state)
{
	(void)state;
	const struct tz_zone *jkt = NULL;
	struct clario_err err = {0};
	assert_int_equal(tz_zone_get("Asia/Jakarta", &jkt, &err), CLARIO_OK);
	const int32_t cutoff = 4 * 3600;
	struct tz_local l;

	/* 2027-02-02 01:30 WIB = 2027-02-01T18:30:00Z: belongs to Feb 1. */
	tz_localize(jkt, cutoff, 1801506600, &l);
	assert_int_equal(l.local_day, 20851);    /* 2027-02-02 */
	assert_int_equal(l.business_day, 20850); /* 2027-02-01 */
	assert_int_equal(l.hour, 1);
	assert_int_equal(l.minute, 30);
	assert_int_equal(l.offset, 25200);

	/* 2027-02-02 04:00:00 WIB exactly = 2027-02-01T21:00:00Z: its own day. */
	tz_localize(jkt, cutoff, 1801515600, &l);
	assert_int_equal(l.local_day, 20851);
	assert_int_equal(l.business_day, 20851);
	assert_int_equal(l.hour, 4);
	assert_int_equal(l.minute, 0);

	/* One second earlier, 03:59:59 WIB: still the previous business day. */
	tz_localize(jkt, cutoff, 1801515599, &l);
	assert_int_equal(l.business_day, 20850);
	assert_int_equal(l.hour, 3);
	assert_int_equal(l.minute, 59);

	/* Without a cut-off the business day is the local date. */
	tz_localize(jkt, 0, 1801506600, &l);
	assert_int_equal(l.business_day, 20851);

	/* Before the epoch (floor division): 1969-12-31T20:00:00Z is
	 * 1970-01-01 03:00 WIB, business day 1969-12-31. */
	tz_localize(jkt, cutoff, -14400, &l);
	assert_int_equal(l.local_day, 0);
	assert_int_equal(l.business_day, -1);
	assert_int_equal(l.hour, 3);
	/* 1969-12-31T10:00:00Z is 1969-12-31 17:00 WIB. */
	tz_localize(jkt, cutoff, -50400, &l);
	assert_int_equal(l.local_day, -1);
	assert_int_equal(l.business_day, -1);
	assert_int_equal(l.hour, 17);
	assert_int_equal(l.minute, 0);

	/* Jayapura (+9): 2027-02-01T18:30:00Z is 2027-02-02 03:30 WIT. */
	const struct tz_zone *jap = NULL;
	assert_int_equal(tz_zone_get("Asia/Jayapura", &jap, &err), CLARIO_OK);
	tz_localize(jap, cutoff, 1801506600, &l);
	assert_int_equal(l.local_day, 20851);
	assert_int_equal(l.business_day, 20850);
	assert_int_equal(l.hour, 3);
	assert_int_equal(l.offset, 32400);
}

static void test_parse_cutoff(void **state)
{
	(void)state;
	struct clario_err err = {0};
	int32_t c = -1;
	assert_int_equal(tz_parse_cutoff("04:00", &c, &err), CLARIO_OK);
	assert_int_equal(c, 14400);
	assert_int_equal(tz_parse_cutoff("00:00", &c, &err), CLARIO_OK);
	assert_int_equal(c, 0);
	assert_int_equal(tz_parse_cutoff("23:59", &c, &err), CLARIO_OK);
	assert_int_equal(c, 86340);
	assert_int_equal(tz_parse_cutoff("05:30", &c, &err), CLARIO_OK);
	assert_int_equal(c, 19800);

	c = 77;
	const char *bad[] = {"24:00", "4:00", "04:60", "0400", "04:00:00", "", "ab:cd",
			     "-1:00", " 04:00", "04:00 ", "04.00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		clario_err_clear(&err);
		if (tz_parse_cutoff(bad[i], &c, &err) != CLARIO_EINVAL)
			fail_msg("accepted cut-off \"%s\"", bad[i]);
		assert_non_null(strstr(err.msg, "HH:MM"));
	}
	assert_int_equal(c, 77);
}

static int group_teardown(void **state)
{
	(void)state;
	tz_cache_free();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_civil_walk),
		cmocka_unit_test(test_civil_round_trip_wide),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_format_date),
		cmocka_unit_test(test_rfc3339_ok),
		cmocka_unit_test(test_rfc3339_missing_offset),
		cmocka_unit_test(test_rfc3339_bad),
		cmocka_unit_test(test_format_rfc3339),
		cmocka_unit_test(test_zones_indonesia),
		cmocka_unit_test(test_zone_cached),
		cmocka_unit_test(test_zone_rejects),
		cmocka_unit_test(test_zone_threads),
		cmocka_unit_test(test_custom_tzif),
		cmocka_unit_test(test_business_day),
		cmocka_unit_test(test_parse_cutoff),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
