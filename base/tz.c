/* Time: civil-date arithmetic, RFC 3339 and date parsing, and IANA time zones
 * read straight from the system's TZif files (RFC 8536) into a process-wide,
 * mutex-protected cache. No libc time-zone state (TZ, localtime) is touched. */
#include "base/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECS_PER_DAY 86400
#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_NAME_MAX 128          /* the longest real zone name is ~32 bytes */
#define TZ_FILE_MAX (256 * 1024) /* real TZif files are < 4 KiB */
#define TZ_UTOFF_LIMIT 93600     /* |UTC offset| must stay under 26 hours */
#define SHOWN_MAX 48             /* bytes of caller input echoed in messages */

/* Formatting clamps to the years 0001..9999 so the output shape never changes. */
#define DAY_MIN ((day_t)-719162)        /* 0001-01-01 */
#define DAY_MAX ((day_t)2932896)        /* 9999-12-31 */
#define INSTANT_MIN ((instant_t)-62135596800LL) /* 0001-01-01T00:00:00Z */
#define INSTANT_MAX ((instant_t)253402300799LL) /* 9999-12-31T23:59:59Z */

/* ---- small helpers ---------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

/* Reads exactly n ASCII digits; false if any is missing (stops at NUL). */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Writes v (>= 0) as exactly width digits, zero-padded. */
static void put_digits(char *p, int64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + (int)(v % 10));
		v /= 10;
	}
}

/* Copies caller input for an error message: printable ASCII only (anything else
 * becomes '?', so messages stay valid UTF-8 for JSON), truncated with "...". */
static void show_input(const char *s, char out[SHOWN_MAX])
{
	size_t o = 0;
	if (!s) {
		memcpy(out, "(null)", sizeof "(null)");
		return;
	}
	for (; *s && o < SHOWN_MAX - 4; s++) {
		unsigned char c = (unsigned char)*s;
		out[o++] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? (char)c : '?';
	}
	if (*s) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- civil dates ------------------------------------------------------ */

/* Counts in 400-year eras (146097 days each) with years starting on March 1,
 * so the leap day is the last day of the counting year. Day 0 of era 0 is
 * 0000-03-01, which is 719468 days before 1970-01-01. */
day_t tz_days_from_civil(int year, int month, int mday)
{
	int64_t y = (int64_t)year - (month <= 2 ? 1 : 0);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                        /* 0..399 */
	int64_t mp = (month + 9) % 12;                      /* March = 0 .. February = 11 */
	int64_t doy = (153 * mp + 2) / 5 + mday - 1;        /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
	return (day_t)(era * 146097 + doe - 719468);
}

void tz_civil_from_days(day_t day, int *year, int *month, int *mday)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                      /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;                                    /* 0..11 */
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	*year = (int)y;
	*month = (int)m;
	*mday = (int)d;
}

int tz_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)floor_mod((int64_t)day + 3, 7);
}

enum clario_status tz_parse_date(const char *s, day_t *out, struct clario_err *err)
{
	char shown[SHOWN_MAX];
	show_input(s, shown);
	int y, m, d;
	if (!s || !read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d) || s[10] != '\0')
		return clario_err_set(err, CLARIO_EINVAL,
				      "date \"%s\": expected YYYY-MM-DD", shown);
	if (y < 1)
		return clario_err_set(err, CLARIO_EINVAL,
				      "date \"%s\": year %04d is not 0001..9999", shown, y);
	if (m < 1 || m > 12)
		return clario_err_set(err, CLARIO_EINVAL,
				      "date \"%s\": month %02d is not 01..12", shown, m);
	int dim = days_in_month(y, m);
	if (d < 1 || d > dim)
		return clario_err_set(err, CLARIO_EINVAL,
				      "date \"%s\": day %02d does not exist in %04d-%02d "
				      "(it has %d days)", shown, d, y, m, dim);
	*out = tz_days_from_civil(y, m, d);
	return CLARIO_OK;
}

void tz_format_date(day_t day, char buf[static 11])
{
	if (day < DAY_MIN)
		day = DAY_MIN;
	if (day > DAY_MAX)
		day = DAY_MAX;
	int y, m, d;
	tz_civil_from_days(day, &y, &m, &d);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = '\0';
}

/* ---- RFC 3339 --------------------------------------------------------- */

enum clario_status tz_parse_rfc3339(const char *s, instant_t *out, struct clario_err *err)
{
	char shown[SHOWN_MAX];
	show_input(s, shown);
	int y, mo, d, h, mi, sec;
	if (!s || !read_digits(s, 4, &y) || s[4] != '-' || !read_digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !read_digits(s + 11, 2, &h) ||
	    s[13] != ':' || !read_digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !read_digits(s + 17, 2, &sec))
		goto bad_shape;

	const char *p = s + 19;
	if (*p == '.') { /* fractional seconds: at least one digit, truncated */
		p++;
		if (*p < '0' || *p > '9')
			goto bad_shape;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	int32_t offset;
	if (*p == '\0') {
		return clario_err_set(err, CLARIO_EINVAL,
				      "not an RFC 3339 timestamp with offset: \"%s\" "
				      "(add Z or +07:00)", shown);
	} else if (*p == 'Z' || *p == 'z') {
		offset = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!read_digits(p + 1, 2, &oh) || p[3] != ':' || !read_digits(p + 4, 2, &om))
			goto bad_shape;
		if (oh > 23 || om > 59)
			return clario_err_set(err, CLARIO_EINVAL,
					      "timestamp \"%s\": offset %c%02d:%02d is out of "
					      "range", shown, *p, oh, om);
		offset = (int32_t)(oh * 3600 + om * 60);
		if (*p == '-')
			offset = -offset;
		p += 6;
	} else {
		goto bad_shape;
	}
	if (*p != '\0')
		goto bad_shape;

	if (y < 1970 || y > 9999)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": year %04d is not 1970..9999", shown, y);
	if (mo < 1 || mo > 12)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": month %02d is not 01..12", shown, mo);
	int dim = days_in_month(y, mo);
	if (d < 1 || d > dim)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": day %02d does not exist in %04d-%02d "
				      "(it has %d days)", shown, d, y, mo, dim);
	if (h > 23)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": hour %02d is not 00..23", shown, h);
	if (mi > 59)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": minute %02d is not 00..59", shown, mi);
	if (sec > 60)
		return clario_err_set(err, CLARIO_EINVAL,
				      "timestamp \"%s\": second %02d is not 00..60", shown, sec);
	if (sec == 60) /* a leap second: counted as the last second of the minute */
		sec = 59;

	int64_t days = tz_days_from_civil(y, mo, d);
	*out = days * SECS_PER_DAY + h * 3600 + mi * 60 + sec - offset;
	return CLARIO_OK;

bad_shape:
	return clario_err_set(err, CLARIO_EINVAL,
			      "not an RFC 3339 timestamp: \"%s\" (expected like "
			      "2027-02-01T12:30:00+07:00)", shown);
}

void tz_format_rfc3339_utc(instant_t t, char buf[static 21])
{
	if (t < INSTANT_MIN)
		t = INSTANT_MIN;
	if (t > INSTANT_MAX)
		t = INSTANT_MAX;
	int64_t day = floor_div(t, SECS_PER_DAY);
	int64_t sod = t - day * SECS_PER_DAY;
	tz_format_date((day_t)day, buf);
	buf[10] = 'T';
	put_digits(buf + 11, sod / 3600, 2);
	buf[13] = ':';
	put_digits(buf + 14, sod / 60 % 60, 2);
	buf[16] = ':';
	put_digits(buf + 17, sod % 60, 2);
	buf[19] = 'Z';
	buf[20] = '\0';
}

/* ---- time zones (TZif, RFC 8536) -------------------------------------- */

struct tz_zone {
	struct tz_zone *next; /* cache list */
	char *name;
	size_t count;         /* transitions */
	int64_t *times;       /* strictly ascending */
	int32_t *offsets;     /* UTC offset in force from times[i] on */
	int32_t initial;      /* before the first transition */
	bool has_fixed_tail;  /* footer is a fixed offset (no DST rule) */
	int32_t fixed_tail;   /* ... in force after the last transition */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz_zone *cache_head;

struct tzif_header {
	char version; /* '\0', '2', '3', '4' */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

#define TZIF_HEADER_LEN 44

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
	uint64_t hi = be32(p), lo = be32(p + 4);
	return (int64_t)(hi << 32 | lo);
}

static bool tzif_read_header(const uint8_t *p, size_t len, struct tzif_header *h)
{
	if (len < TZIF_HEADER_LEN || memcmp(p, "TZif", 4) != 0)
		return false;
	h->version = (char)p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return true;
}

/* Bytes of the data block that follows a header, for 4- or 8-byte times. */
static uint64_t tzif_block_len(const struct tzif_header *h, uint64_t timesize)
{
	return (uint64_t)h->timecnt * timesize + h->timecnt + (uint64_t)h->typecnt * 6 +
	       h->charcnt + (uint64_t)h->leapcnt * (timesize + 4) + h->isstdcnt + h->isutcnt;
}

/* Parses a POSIX TZ footer that is a plain fixed offset ("WIB-7", "<+07>-7",
 * "UTC0", "<+0530>-5:30"): only then is *out set and true returned. Anything
 * with a DST part (e.g. "EST5EDT,M3.2.0,M11.1.0") returns false. */
static bool posix_fixed_offset(const char *s, size_t len, int32_t *out)
{
	size_t i = 0;
	if (i < len && s[i] == '<') {
		size_t start = ++i;
		while (i < len && s[i] != '>')
			i++;
		if (i >= len || i - start < 3)
			return false;
		i++;
	} else {
		size_t start = i;
		while (i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			i++;
		if (i - start < 3)
			return false;
	}
	int sign = 1;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		i++;
	}
	int32_t parts[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++) {
		if (k > 0) {
			if (i >= len || s[i] != ':')
				break;
			i++;
		}
		size_t start = i;
		int32_t v = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start)
			return false;
		parts[k] = v;
	}
	if (i != len) /* a DST name and rule follow */
		return false;
	if (parts[0] > 24 || parts[1] > 59 || parts[2] > 59)
		return false;
	/* POSIX counts hours west of Greenwich: "WIB-7" is UTC+7. */
	*out = (int32_t)(-sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]));
	return true;
}

/* Builds a zone from a whole TZif file. Returns CLARIO_EINVAL when the bytes
 * are not a usable TZif file, CLARIO_ENOMEM on allocation failure. */
static enum clario_status tzif_parse(const uint8_t *buf, size_t len, const char *name,
				     struct tz_zone **out)
{
	struct tzif_header h;
	if (!tzif_read_header(buf, len, &h))
		return CLARIO_EINVAL;
	uint64_t timesize = 4;
	size_t pos = TZIF_HEADER_LEN;
	if (h.version >= '2') {
		/* Skip the legacy 32-bit block; use the second header's 64-bit data. */
		uint64_t skip = tzif_block_len(&h, 4);
		if (skip > len - pos)
			return CLARIO_EINVAL;
		pos += (size_t)skip;
		if (!tzif_read_header(buf + pos, len - pos, &h))
			return CLARIO_EINVAL;
		pos += TZIF_HEADER_LEN;
		timesize = 8;
	}
	uint64_t block = tzif_block_len(&h, timesize);
	if (block > len - pos || h.typecnt == 0 || h.typecnt > 256)
		return CLARIO_EINVAL;

	const uint8_t *times = buf + pos;
	const uint8_t *idx = times + (size_t)(h.timecnt * timesize);
	const uint8_t *types = idx + h.timecnt;
	size_t count = h.timecnt;

	/* Validate the time types. */
	int32_t utoff[256];
	bool isdst[256];
	for (size_t k = 0; k < h.typecnt; k++) {
		const uint8_t *tt = types + k * 6;
		utoff[k] = (int32_t)be32(tt);
		if (utoff[k] <= -TZ_UTOFF_LIMIT || utoff[k] >= TZ_UTOFF_LIMIT || tt[4] > 1)
			return CLARIO_EINVAL;
		isdst[k] = tt[4] == 1;
	}

	size_t name_len = strlen(name);
	struct tz_zone *z = calloc(1, sizeof *z);
	if (!z)
		return CLARIO_ENOMEM;
	z->name = malloc(name_len + 1);
	z->times = malloc((count ? count : 1) * sizeof *z->times);
	z->offsets = malloc((count ? count : 1) * sizeof *z->offsets);
	enum clario_status result = CLARIO_ENOMEM;
	if (!z->name || !z->times || !z->offsets)
		goto out;
	memcpy(z->name, name, name_len + 1);
	z->count = count;

	result = CLARIO_EINVAL;
	for (size_t i = 0; i < count; i++) {
		const uint8_t *tp = times + i * timesize;
		z->times[i] = timesize == 8 ? be64(tp) : (int64_t)(int32_t)be32(tp);
		if (i > 0 && z->times[i] <= z->times[i - 1])
			goto out;
		if (idx[i] >= h.typecnt)
			goto out;
		z->offsets[i] = utoff[idx[i]];
	}
	/* Before the first transition: the first standard-time type, else type 0. */
	z->initial = utoff[0];
	for (size_t k = 0; k < h.typecnt; k++) {
		if (!isdst[k]) {
			z->initial = utoff[k];
			break;
		}
	}
	/* Version 2+ footer: "\n<POSIX TZ string>\n". */
	pos += (size_t)block;
	if (h.version >= '2' && pos < len && buf[pos] == '\n') {
		const char *tzs = (const char *)buf + pos + 1;
		const char *nl = memchr(tzs, '\n', len - pos - 1);
		if (nl)
			z->has_fixed_tail =
				posix_fixed_offset(tzs, (size_t)(nl - tzs), &z->fixed_tail);
	}
	*out = z;
	return CLARIO_OK;
out:
	free(z->name);
	free(z->times);
	free(z->offsets);
	free(z);
	return result;
}

/* Reads a whole regular file of at most TZ_FILE_MAX bytes. ENOENT-like
 * failures (and non-regular files) return CLARIO_ENOTFOUND. */
static enum clario_status read_small_file(const char *path, uint8_t **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return (errno == ENOENT || errno == ENOTDIR || errno == ELOOP ||
			errno == ENAMETOOLONG) ? CLARIO_ENOTFOUND : CLARIO_EIO;
	enum clario_status result = CLARIO_ENOTFOUND;
	uint8_t *buf = NULL;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		result = CLARIO_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto out;
	result = CLARIO_ETOOBIG;
	if (st.st_size > TZ_FILE_MAX)
		goto out;
	size_t size = (size_t)st.st_size;
	result = CLARIO_ENOMEM;
	buf = malloc(size ? size : 1);
	if (!buf)
		goto out;
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* error, or the file shrank: parse what we have */
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	buf = NULL;
	result = CLARIO_OK;
out:
	free(buf);
	close(fd);
	return result;
}

static bool zone_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' || strstr(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '+' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

/* Loads one zone from disk; the caller holds cache_lock. */
static enum clario_status zone_load(const char *name, struct tz_zone **out,
				    struct clario_err *err)
{
	const char *dir = getenv("CLARIO_ZONEINFO");
	if (!dir || !*dir)
		dir = TZ_DEFAULT_DIR;
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		return clario_err_set(err, CLARIO_EINVAL, "unknown time zone \"%s\"", name);

	uint8_t *data = NULL;
	size_t len = 0;
	enum clario_status st = read_small_file(path, &data, &len);
	if (st == CLARIO_ENOTFOUND || st == CLARIO_ETOOBIG)
		return clario_err_set(err, CLARIO_EINVAL, "unknown time zone \"%s\"", name);
	if (st == CLARIO_ENOMEM)
		return clario_err_set(err, st, "time zone \"%s\": out of memory", name);
	if (st != CLARIO_OK)
		return clario_err_set(err, CLARIO_EIO, "time zone \"%s\": cannot read %s",
				      name, path);
	st = tzif_parse(data, len, name, out);
	free(data);
	if (st == CLARIO_ENOMEM)
		return clario_err_set(err, st, "time zone \"%s\": out of memory", name);
	if (st != CLARIO_OK)
		return clario_err_set(err, CLARIO_EINVAL,
				      "unknown time zone \"%s\" (not a valid TZif file)", name);
	return CLARIO_OK;
}

enum clario_status tz_zone_get(const char *name, const struct tz_zone **out,
			       struct clario_err *err)
{
	if (!name || !zone_name_ok(name)) {
		char shown[SHOWN_MAX];
		show_input(name, shown);
		return clario_err_set(err, CLARIO_EINVAL,
				      "time zone \"%s\": not a zone name like Asia/Jakarta",
				      shown);
	}
	enum clario_status result = CLARIO_OK;
	pthread_mutex_lock(&cache_lock);
	struct tz_zone *z = cache_head;
	while (z && strcmp(z->name, name) != 0)
		z = z->next;
	if (!z) {
		/* Loading under the lock keeps one copy per zone; files are tiny. */
		result = zone_load(name, &z, err);
		if (result == CLARIO_OK) {
			z->next = cache_head;
			cache_head = z;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	if (result == CLARIO_OK)
		*out = z;
	return result;
}

const char *tz_zone_name(const struct tz_zone *zone)
{
	return zone->name;
}

int32_t tz_offset_at(const struct tz_zone *zone, instant_t t)
{
	if (zone->count == 0)
		return zone->has_fixed_tail ? zone->fixed_tail : zone->initial;
	if (t < zone->times[0])
		return zone->initial;
	/* Last transition at or before t. */
	size_t lo = 0, hi = zone->count; /* times[lo] <= t < times[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (zone->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	/* After the last transition the footer's TZ string governs. We honour it
	 * only when it is a fixed offset; a DST rule (not used by any Indonesian
	 * zone: WIB/WITA/WIT have no DST) falls back to the last transition's type,
	 * which is right for fixed zones and approximate for DST zones beyond the
	 * file's explicit transitions (Debian ships "fat" files, listed to 2037). */
	if (lo == zone->count - 1 && zone->has_fixed_tail)
		return zone->fixed_tail;
	return zone->offsets[lo];
}

void tz_localize(const struct tz_zone *zone, int32_t cutoff_seconds, instant_t t,
		 struct tz_local *out)
{
	if (t < INSTANT_MIN)
		t = INSTANT_MIN;
	if (t > INSTANT_MAX)
		t = INSTANT_MAX;
	int32_t offset = tz_offset_at(zone, t);
	int64_t local = t + offset;
	int64_t day = floor_div(local, SECS_PER_DAY);
	int64_t sod = local - day * SECS_PER_DAY;
	out->local_day = (day_t)day;
	out->business_day = (day_t)floor_div(local - cutoff_seconds, SECS_PER_DAY);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->offset = offset;
}

enum clario_status tz_parse_cutoff(const char *s, int32_t *out, struct clario_err *err)
{
	int h, m;
	if (!s || !read_digits(s, 2, &h) || s[2] != ':' || !read_digits(s + 3, 2, &m) ||
	    s[5] != '\0' || h > 23 || m > 59) {
		char shown[SHOWN_MAX];
		show_input(s, shown);
		return clario_err_set(err, CLARIO_EINVAL,
				      "cut-off \"%s\": expected HH:MM from 00:00 to 23:59",
				      shown);
	}
	*out = (int32_t)(h * 3600 + m * 60);
	return CLARIO_OK;
}

void tz_cache_free(void)
{
	pthread_mutex_lock(&cache_lock);
	struct tz_zone *z = cache_head;
	cache_head = NULL;
	pthread_mutex_unlock(&cache_lock);
	while (z) {
		struct tz_zone *next = z->next;
		free(z->name);
		free(z->times);
		free(z->offsets);
		free(z);
		z = next;
	}
}
