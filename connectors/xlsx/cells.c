/* Spreadsheet cell values as text the importer understands: number formats
 * told apart (date, time or plain number), numbers as exact decimal text and
 * date serials as ISO dates. All on the decimal text Excel wrote: no floats,
 * so money never passes through binary fractions. */
#include <stdio.h>
#include <string.h>

#include "base/tz.h"
#include "connectors/xlsx/xlsx.h"

enum xlsx_format xlsx_format_kind(unsigned id, const char *code)
{
	if (!code) {
		if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
			return XLSX_FMT_DATE;
		if (id == 22)
			return XLSX_FMT_DATETIME;
		if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
			return XLSX_FMT_TIME;
		return XLSX_FMT_NUMBER;
	}
	/* Date and time letters count only outside "quoted text", [brackets]
	 * (colours, locales; but [h] [mm] [ss] are elapsed times), \escaped
	 * characters and the _x *x padding pairs. An m is minutes next to an h
	 * or before an s, else a month. */
	bool date = false, time = false, month = false, minute_ctx = false;
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (c == '[') {
			const char *q = p + 1;
			char e = (char)(*q | 0x20);
			if (e == 'h' || e == 's' || e == 'm') {
				bool all = true;
				for (const char *k = q; *k && *k != ']'; k++)
					all = all && (*k | 0x20) == e;
				if (all) {
					time = true;
					minute_ctx = minute_ctx || e == 'h';
				}
			}
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
		} else if (c == 'y' || c == 'd') {
			date = true;
		} else if (c == 'h') {
			time = true;
			minute_ctx = true;
		} else if (c == 's') {
			time = true;
		} else if (c == 'm') {
			const char *q = p;
			while ((q[1] | 0x20) == 'm')
				q++;
			/* "mm:ss" or "h:mm": minutes */
			const char *n = q + 1;
			while (*n == ':' || *n == ' ')
				n++;
			if (minute_ctx || (*n | 0x20) == 's')
				time = true;
			else
				month = true;
			p = q;
		} else if (c == ';') {
			minute_ctx = false;
		}
	}
	date = date || month;
	if (date && time)
		return XLSX_FMT_DATETIME;
	if (date)
		return XLSX_FMT_DATE;
	if (time)
		return XLSX_FMT_TIME;
	return XLSX_FMT_NUMBER;
}

/* A number as integer and fraction digit strings: "-2.5E4" -> neg, "25000", "". */
struct dec {
	bool neg;
	char ip[48];   /* at least "0" */
	char fp[80];   /* may be "" */
};

static bool dec_parse(const char *v, struct dec *d)
{
	char dig[48];
	size_t nd = 0;
	long point = -1, exp = 0;
	const char *p = v;
	memset(d, 0, sizeof *d);
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		d->neg = *p++ == '-';
	bool any = false;
	for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
		if (*p == '.') {
			if (point >= 0)
				return false;
			point = (long)nd;
			continue;
		}
		any = true;
		if (nd == 0 && *p == '0') { /* leading zeros: only move the point */
			if (point >= 0)
				exp--;
			continue;
		}
		if (nd >= sizeof dig - 1)
			return false;
		dig[nd++] = *p;
	}
	if (!any)
		return false;
	if (point < 0)
		point = (long)nd;
	if (*p == 'e' || *p == 'E') {
		p++;
		bool eneg = false;
		if (*p == '-' || *p == '+')
			eneg = *p++ == '-';
		if (*p < '0' || *p > '9')
			return false;
		long e = 0;
		for (; *p >= '0' && *p <= '9'; p++)
			if (e < 10000)
				e = e * 10 + (*p - '0');
		exp += eneg ? -e : e;
	}
	while (*p == ' ')
		p++;
	if (*p)
		return false;
	/* value = 0.dig × 10^(point + exp) with leading zeros already folded */
	long ipos = point + exp; /* digits before the decimal point */
	if (nd == 0) {
		d->neg = false;
		d->ip[0] = '0';
		return true;
	}
	/* room for one more digit from rounding up */
	if (ipos > (long)sizeof d->ip - 2 || (long)nd - ipos > (long)sizeof d->fp - 1)
		return false;
	size_t ni = 0, nf = 0;
	for (long i = 0; i < ipos; i++)
		d->ip[ni++] = i < (long)nd ? dig[i] : '0';
	for (long i = ipos; i < 0; i++)
		d->fp[nf++] = '0';
	for (long i = ipos < 0 ? 0 : ipos; i < (long)nd; i++)
		d->fp[nf++] = dig[i];
	if (!ni)
		d->ip[ni++] = '0';
	d->ip[ni] = '\0';
	d->fp[nf] = '\0';
	return true;
}

/* Adds one to the last digit of s (a digit string), carrying; s has room for one more. */
static void digits_inc(char *s)
{
	size_t n = strlen(s);
	for (size_t i = n; i-- > 0;) {
		if (s[i] != '9') {
			s[i]++;
			return;
		}
		s[i] = '0';
	}
	memmove(s + 1, s, n + 1);
	s[0] = '1';
}

void xlsx_number_text(const char *v, char *out, size_t size)
{
	struct dec d;
	if (!dec_parse(v, &d)) {
		snprintf(out, size, "%s", v);
		return;
	}
	/* Whole sen: the 3rd-6th decimals all 0 (truncate) or all 9 (round up),
	 * i.e. within 1e-6 of a multiple of 0.01. Excel's binary artefacts
	 * (24999.999999999996, 0.30000000000000004) are of that kind. */
	size_t nf = strlen(d.fp);
	if (nf > 2) {
		char tail[5] = "0000";
		for (size_t i = 0; i < 4 && 2 + i < nf; i++)
			tail[i] = d.fp[2 + i];
		if (strcmp(tail, "0000") == 0) {
			d.fp[2] = '\0';
		} else if (strcmp(tail, "9999") == 0 && nf >= 6) {
			/* round up: the number in sen is ip fp[0..1], plus one */
			char sen[sizeof d.ip + 4];
			snprintf(sen, sizeof sen, "%s%c%c", d.ip, d.fp[0], d.fp[1]);
			digits_inc(sen);
			size_t ns = strlen(sen);
			snprintf(d.fp, sizeof d.fp, "%s", sen + ns - 2);
			sen[ns - 2] = '\0';
			snprintf(d.ip, sizeof d.ip, "%.*s", (int)sizeof d.ip - 1, sen);
		}
	}
	nf = strlen(d.fp);
	while (nf && d.fp[nf - 1] == '0')
		d.fp[--nf] = '\0';
	const char *ip = d.ip;
	while (ip[0] == '0' && ip[1])
		ip++;
	bool zero = strcmp(ip, "0") == 0 && !nf;
	snprintf(out, size, "%s%s%s%s", d.neg && !zero ? "-" : "", ip, nf ? "." : "", d.fp);
}

enum clario_status xlsx_serial_text(const char *v, enum xlsx_format kind, bool date1904,
				    char out[static 20], struct clario_err *err)
{
	struct dec d;
	if (!dec_parse(v, &d))
		return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" is not a date serial number", v);
	if (d.neg)
		return clario_err_set(err, CLARIO_EINVAL, "date serial %.40s is negative", v);
	if (strlen(d.ip) > 7)
		return clario_err_set(err, CLARIO_EINVAL, "date serial %.40s is after the year 9999", v);
	long serial = 0;
	for (const char *p = d.ip; *p; p++)
		serial = serial * 10 + (*p - '0');
	/* Seconds: round(fraction × 86400) on the first 12 decimals (1e-12 of a
	 * day is far below a second), integers only. */
	uint64_t f12 = 0;
	for (size_t i = 0; i < 12; i++)
		f12 = f12 * 10 + (uint64_t)(i < strlen(d.fp) ? d.fp[i] - '0' : 0);
	uint64_t secs = (f12 * 86400u + 500000000000u) / 1000000000000u;
	if (secs >= 86400) {
		secs -= 86400;
		serial++;
	}
	if (serial > 2958465)
		return clario_err_set(err, CLARIO_EINVAL, "date serial %.40s is after the year 9999", v);
	/* 25569 = 1970-01-01 counted from 1899-12-30; 24107 from 1904-01-01. */
	day_t day = (day_t)(serial - (date1904 ? 24107 : 25569));
	int y, mo, md;
	tz_civil_from_days(day, &y, &mo, &md);
	unsigned hh = (unsigned)(secs / 3600), mm = (unsigned)(secs / 60 % 60), ss = (unsigned)(secs % 60);
	char tmp[64]; /* the compiler cannot see the fields' ranges */
	if (kind == XLSX_FMT_TIME)
		snprintf(tmp, sizeof tmp, "%02u:%02u:%02u", hh, mm, ss);
	else if (kind == XLSX_FMT_DATETIME || secs)
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02u:%02u:%02u", y, mo, md, hh, mm, ss);
	else
		snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, md);
	snprintf(out, 20, "%.19s", tmp);
	return CLARIO_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t xlsx_unescape(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned cp = 0;
		bool esc = i + 7 <= len && s[i] == '_' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
			   s[i + 6] == '_';
		for (size_t k = 2; esc && k < 6; k++) {
			int h = hexval(s[i + k]);
			esc = h >= 0;
			cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
		}
		/* NUL and lone surrogates stay as written */
		if (!esc || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			s[o++] = s[i++];
			continue;
		}
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | (cp >> 6));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | (cp >> 12));
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	if (o < len)
		s[o] = '\0';
	return o;
}
