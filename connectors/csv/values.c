/* The value formats of back-office exports: rupiah amounts with Indonesian or
 * English separators, whole quantities, dates by pattern, clock times, and the
 * words exports use for sales channels and payment methods (the one table to
 * correct when a vendor's export says something new). No floating point. */
#include <ctype.h>
#include <string.h>

#include "connectors/csv/csv.h"

#define SCALE 10000          /* numbers are read in 1/10000 units */
#define MAX_DECIMALS 4

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool prefix_ci(const char *s, const char *p)
{
	for (; *p; s++, p++)
		if (tolower((unsigned char)*s) != *p)
			return false;
	return true;
}

/* Parses a decimal number into units of 1/SCALE. */
static enum clario_status parse_number(const char *text, enum csv_decimal dec, int64_t *out,
				       struct clario_err *err)
{
	const char *s = skip_spaces(text);
	bool neg = false, paren = false;
	if (*s == '(') {
		paren = true;
		s = skip_spaces(s + 1);
	}
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s = skip_spaces(s + 1);
	}
	if (prefix_ci(s, "rp")) {
		s += 2;
		if (*s == '.')
			s++;
		s = skip_spaces(s);
	} else if (prefix_ci(s, "idr")) {
		s = skip_spaces(s + 3);
	}
	if (*s == '-' && !neg) {
		neg = true;
		s = skip_spaces(s + 1);
	}
	/* The number's extent: digits, '.' and ','. */
	const char *b = s;
	size_t n_dot = 0, n_comma = 0;
	const char *last_dot = NULL, *last_comma = NULL;
	while (isdigit((unsigned char)*s) || *s == '.' || *s == ',') {
		if (*s == '.') {
			n_dot++;
			last_dot = s;
		} else if (*s == ',') {
			n_comma++;
			last_comma = s;
		}
		s++;
	}
	const char *e = s;
	s = skip_spaces(s);
	if (paren) {
		if (*s != ')' || neg)
			goto bad;
		neg = true;
		s = skip_spaces(s + 1);
	}
	if (*s != '\0' || e == b || !isdigit((unsigned char)*b))
		goto bad;
	/* Which mark is the decimal one; the other groups thousands. */
	char dmark = '.', gmark = ',';
	if (dec == CSV_DECIMAL_COMMA) {
		dmark = ',';
		gmark = '.';
	} else if (dec == CSV_DECIMAL_AUTO && n_dot && n_comma) {
		dmark = last_dot > last_comma ? '.' : ',';
		gmark = dmark == '.' ? ',' : '.';
	} else if (dec == CSV_DECIMAL_AUTO && n_dot + n_comma == 1) {
		/* One mark: Indonesian exports group thousands ("25.000", "1,500"),
		 * so exactly three digits after it read as thousands, unless the
		 * integer part is a lone 0. */
		const char *m = last_dot ? last_dot : last_comma;
		bool thousands = e - m == 4 && !(m - b == 1 && *b == '0');
		dmark = thousands ? (*m == '.' ? ',' : '.') : *m;
		gmark = dmark == '.' ? ',' : '.';
	} else if (dec == CSV_DECIMAL_AUTO && (n_dot > 1 || n_comma > 1)) {
		gmark = n_dot ? '.' : ',';
		dmark = gmark == '.' ? ',' : '.';
	}
	int64_t whole = 0, frac = 0;
	int n_frac = 0, group = 0;
	bool in_frac = false, grouped = false;
	for (const char *p = b; p < e; p++) {
		if (*p == dmark) {
			if (in_frac || (grouped && group != 3) || (!grouped && group == 0))
				goto bad;
			in_frac = true;
			continue;
		}
		if (*p == gmark) {
			if (in_frac)
				goto bad;
			if (grouped ? group != 3 : group < 1 || group > 3)
				goto bad;
			grouped = true;
			group = 0;
			continue;
		}
		int d = *p - '0';
		if (in_frac) {
			if (n_frac == MAX_DECIMALS) {
				if (d != 0)
					return clario_err_set(err, CLARIO_EINVAL,
							      "\"%s\": more than %d decimals", text,
							      MAX_DECIMALS);
				continue;
			}
			frac = frac * 10 + d;
			n_frac++;
		} else {
			if (whole > MONEY_MAX)
				return clario_err_set(err, CLARIO_EINVAL, "\"%s\": too large", text);
			whole = whole * 10 + d;
			group++;
		}
	}
	if (grouped && !in_frac && group != 3)
		goto bad;
	if (in_frac && n_frac == 0)
		goto bad;
	if (whole > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "\"%s\": too large", text);
	for (int i = n_frac; i < MAX_DECIMALS; i++)
		frac *= 10;
	int64_t v = whole * SCALE + frac;
	*out = neg ? -v : v;
	return CLARIO_OK;
bad:
	return clario_err_set(err, CLARIO_EINVAL, "\"%s\" is not a number", text);
}

enum clario_status csv_parse_sen(const char *s, enum csv_decimal dec, int64_t *sen,
				 struct clario_err *err)
{
	int64_t v;
	enum clario_status st = parse_number(s, dec, &v, err);
	if (st != CLARIO_OK)
		return st;
	/* 1/10000 -> sen, half away from zero. */
	int64_t a = v < 0 ? -v : v;
	int64_t r = (a + 50) / 100;
	*sen = v < 0 ? -r : r;
	return CLARIO_OK;
}

enum clario_status csv_parse_qty(const char *s, enum csv_decimal dec, int64_t *qty,
				 struct clario_err *err)
{
	int64_t v;
	enum clario_status st = parse_number(s, dec, &v, err);
	if (st != CLARIO_OK)
		return st;
	if (v % SCALE != 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "\"%s\": a fractional quantity (only whole units are supported)", s);
	*qty = v / SCALE;
	return CLARIO_OK;
}

static int read_digits(const char **s, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (n < max && isdigit((unsigned char)**s)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = v;
	return n >= min;
}

enum clario_status csv_parse_date(const char *text, const char *pattern, day_t *day,
				  const char **rest, struct clario_err *err)
{
	const char *s = skip_spaces(text);
	int y = -1, m = -1, d = -1;
	for (const char *p = pattern; *p;) {
		char c = (char)tolower((unsigned char)*p);
		size_t run = 0;
		while (tolower((unsigned char)p[run]) == c && (c == 'd' || c == 'm' || c == 'y'))
			run++;
		if (c == 'd' || c == 'm') {
			int v;
			if (!read_digits(&s, 1, 2, &v))
				goto bad;
			if (c == 'd')
				d = v;
			else
				m = v;
			p += run;
		} else if (c == 'y') {
			int v;
			if (run == 4 ? !read_digits(&s, 4, 4, &v)
				     : run == 2 ? !read_digits(&s, 2, 2, &v) : 1)
				goto bad;
			y = run == 2 ? 2000 + v : v;
			p += run;
		} else {
			if (tolower((unsigned char)*s) != c)
				goto bad;
			s++;
			p++;
		}
	}
	if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		goto bad;
	day_t dd = tz_days_from_civil(y, m, d);
	int yy, mm, md;
	tz_civil_from_days(dd, &yy, &mm, &md);
	if (yy != y || mm != m || md != d)
		return clario_err_set(err, CLARIO_EINVAL, "\"%s\": no such date", text);
	*day = dd;
	if (rest)
		*rest = s;
	else if (*skip_spaces(s))
		goto bad;
	return CLARIO_OK;
bad:
	return clario_err_set(err, CLARIO_EINVAL, "\"%s\" is not a date of the form %s", text, pattern);
}

enum clario_status csv_parse_time(const char *text, int32_t *secs, struct clario_err *err)
{
	const char *s = skip_spaces(text);
	if (*s == 'T')
		s++;
	int h, mi, sec = 0;
	if (!read_digits(&s, 1, 2, &h) || *s++ != ':' || !read_digits(&s, 2, 2, &mi))
		goto bad;
	if (*s == ':') {
		s++;
		if (!read_digits(&s, 2, 2, &sec))
			goto bad;
		if (*s == '.' || *s == ',') { /* fractions of a second: dropped */
			s++;
			if (!isdigit((unsigned char)*s))
				goto bad;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	s = skip_spaces(s);
	if (prefix_ci(s, "am") || prefix_ci(s, "pm")) {
		if (h < 1 || h > 12)
			goto bad;
		bool pm = tolower((unsigned char)*s) == 'p';
		h = h % 12 + (pm ? 12 : 0);
		s = skip_spaces(s + 2);
	}
	if (*s || h > 23 || mi > 59 || sec > 59)
		goto bad;
	*secs = h * 3600 + mi * 60 + sec;
	return CLARIO_OK;
bad:
	return clario_err_set(err, CLARIO_EINVAL, "\"%s\" is not a time (H:MM or H:MM:SS)", text);
}

/* Lower-case letters and digits only: "Grab Food" and "grab_food" match. */
static void squash(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

/* ---- the word tables (squashed forms) ---- */

static const struct {
	const char *word;
	bool contains; /* match anywhere in the text, not the whole of it */
	enum sales_channel channel;
} channel_words[] = {
	{"", false, SALES_CHANNEL_DINE_IN},
	{"dinein", false, SALES_CHANNEL_DINE_IN},
	{"dine", false, SALES_CHANNEL_DINE_IN},
	{"d", false, SALES_CHANNEL_DINE_IN}, /* Olsera order_source "D" */
	{"makanditempat", false, SALES_CHANNEL_DINE_IN},
	{"ditempat", false, SALES_CHANNEL_DINE_IN},
	{"takeaway", false, SALES_CHANNEL_TAKEAWAY},
	{"takeout", false, SALES_CHANNEL_TAKEAWAY},
	{"ta", false, SALES_CHANNEL_TAKEAWAY},
	{"bungkus", false, SALES_CHANNEL_TAKEAWAY},
	{"bawapulang", false, SALES_CHANNEL_TAKEAWAY},
	{"pickup", false, SALES_CHANNEL_TAKEAWAY},
	{"gofood", true, SALES_CHANNEL_GOFOOD},
	{"gojek", true, SALES_CHANNEL_GOFOOD},
	{"grabfood", true, SALES_CHANNEL_GRABFOOD},
	{"grab", false, SALES_CHANNEL_GRABFOOD},
	{"shopeefood", true, SALES_CHANNEL_SHOPEEFOOD},
	{"shopee", false, SALES_CHANNEL_SHOPEEFOOD},
};

static const struct {
	const char *word;
	bool contains;
	enum sales_payment_method method;
} payment_words[] = {
	{"cash", false, SALES_PAY_CASH},
	{"tunai", false, SALES_PAY_CASH},
	{"uangtunai", false, SALES_PAY_CASH},
	{"qris", true, SALES_PAY_QRIS},
	{"gopay", true, SALES_PAY_GOPAY},
	{"ovo", false, SALES_PAY_OVO},
	{"dana", false, SALES_PAY_DANA},
	{"shopeepay", true, SALES_PAY_SHOPEEPAY},
	{"debit", true, SALES_PAY_DEBIT},
	{"edc", false, SALES_PAY_DEBIT},
	{"credit", true, SALES_PAY_CREDIT},
	{"kredit", true, SALES_PAY_CREDIT},
	{"creditcard", false, SALES_PAY_CREDIT},
	{"visa", false, SALES_PAY_CREDIT},
	{"mastercard", false, SALES_PAY_CREDIT},
};

enum sales_channel csv_channel_from_text(const char *s)
{
	char w[64];
	squash(s ? s : "", w, sizeof w);
	for (size_t i = 0; i < sizeof channel_words / sizeof channel_words[0]; i++)
		if (channel_words[i].contains ? strstr(w, channel_words[i].word) != NULL
					      : strcmp(w, channel_words[i].word) == 0)
			return channel_words[i].channel;
	return SALES_CHANNEL_OTHER;
}

enum sales_payment_method csv_payment_from_text(const char *s)
{
	char w[64];
	squash(s ? s : "", w, sizeof w);
	for (size_t i = 0; i < sizeof payment_words / sizeof payment_words[0]; i++)
		if (payment_words[i].contains ? strstr(w, payment_words[i].word) != NULL
					      : strcmp(w, payment_words[i].word) == 0)
			return payment_words[i].method;
	return SALES_PAY_OTHER;
}
