/* What every adapter shares: vendor names, exact decimals from vendor JSON
 * (numbers never pass through a double), ids, times, the channel and payment
 * tables, and the rounding line. */
#include "connectors/connectors.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const vendor_names[] = {"moka", "pawoon", "olsera"};
static const char *const status_names[] = {"active", "paused", "disconnected", "error", "pending"};

const char *connectors_vendor_name(enum connectors_vendor v)
{
	return (unsigned)v < CONNECTORS_VENDOR_COUNT ? vendor_names[v] : "?";
}

bool connectors_vendor_parse(const char *s, enum connectors_vendor *out)
{
	for (int i = 0; s && i < CONNECTORS_VENDOR_COUNT; i++)
		if (strcmp(s, vendor_names[i]) == 0) {
			*out = (enum connectors_vendor)i;
			return true;
		}
	return false;
}

const char *connectors_status_name(enum connectors_status s)
{
	return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s] : "?";
}

bool connectors_status_parse(const char *s, enum connectors_status *out)
{
	for (size_t i = 0; s && i < sizeof status_names / sizeof status_names[0]; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum connectors_status)i;
			return true;
		}
	return false;
}

json_t *connectors_json_load(const char *text, size_t len, size_t max, struct clario_err *err)
{
	json_t *j = NULL;
	char *buf = NULL;
	if (len > max) {
		clario_err_set(err, CLARIO_ETOOBIG, "body: %zu bytes, more than the %zu allowed", len, max);
		goto out;
	}
	/* A number token of n bytes becomes at most n + 2 bytes. */
	buf = malloc(len * 3 + 1);
	if (!buf) {
		clario_err_set(err, CLARIO_ENOMEM, "out of memory reading %zu bytes", len);
		goto out;
	}
	size_t o = 0;
	bool in_str = false;
	for (size_t i = 0; i < len;) {
		char ch = text[i];
		if (in_str) {
			buf[o++] = ch;
			i++;
			if (ch == '\\' && i < len)
				buf[o++] = text[i++];
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == '"') {
			in_str = true;
			buf[o++] = ch;
			i++;
			continue;
		}
		if (ch == '-' || (ch >= '0' && ch <= '9')) {
			size_t k = i;
			bool real = false;
			while (k < len && (strchr("+-0123456789.eE", text[k]) && text[k] != '\0')) {
				if (text[k] == '.' || text[k] == 'e' || text[k] == 'E')
					real = true;
				k++;
			}
			if (real)
				buf[o++] = '"';
			memcpy(buf + o, text + i, k - i);
			o += k - i;
			if (real)
				buf[o++] = '"';
			i = k;
			continue;
		}
		buf[o++] = ch;
		i++;
	}
	json_error_t jerr;
	j = json_loadb(buf, o, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		clario_err_set(err, CLARIO_EINVAL, "not valid JSON: %s (line %d)", jerr.text, jerr.line);
out:
	free(buf);
	return j;
}

enum clario_status connectors_decimal(const char *s, rupiah_t *out, bool *fraction,
				      struct clario_err *err)
{
	/* Digits go into one string with the decimal point's position beside it,
	 * so an exponent only moves the point: no arithmetic until the end. */
	char digits[64];
	size_t nd = 0;
	long point = -1;
	bool neg = false, any = false;
	const char *p = s;
	if (!s)
		return clario_err_set(err, CLARIO_EINVAL, "is missing");
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			if (nd == 0 && *p == '0' && point < 0)
				continue; /* leading zero */
			if (nd >= sizeof digits - 1) {
				if (point >= 0)
					continue; /* fraction digits past 40: too small to matter... */
				return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" is too large", s);
			}
			digits[nd++] = *p;
		} else if (*p == '.' && point < 0) {
			point = (long)nd;
		} else {
			break;
		}
	}
	if (point < 0)
		point = (long)nd;
	if (any && (*p == 'e' || *p == 'E')) {
		char *end;
		long e = strtol(p + 1, &end, 10);
		if (end == p + 1 || e > 30 || e < -60)
			return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" has a bad exponent", s);
		point += e;
		p = end;
	}
	while (*p == ' ')
		p++;
	if (!any || *p)
		return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" is not a decimal number", s);
	int64_t v = 0;
	bool dropped = false, up = false;
	for (long i = 0; i < (long)nd; i++) {
		int d = digits[i] - '0';
		if (i < point) {
			if (v > (MONEY_MAX - d) / 10)
				return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" exceeds Rp 10^13", s);
			v = v * 10 + d;
		} else {
			if (i == point && d >= 5)
				up = true; /* half away from zero: only the first dropped digit decides */
			if (d)
				dropped = true;
		}
	}
	for (long i = (long)nd; i < point; i++) {
		if (v > MONEY_MAX / 10)
			return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" exceeds Rp 10^13", s);
		v *= 10;
	}
	if (up)
		v++;
	if (v > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "\"%.40s\" exceeds Rp 10^13", s);
	*out = neg ? -v : v;
	if (fraction)
		*fraction = dropped;
	return CLARIO_OK;
}

enum clario_status connectors_money(const json_t *obj, const char *field, rupiah_t *out,
				    struct clario_err *err)
{
	const json_t *v = json_object_get(obj, field);
	*out = 0;
	if (!v || json_is_null(v))
		return CLARIO_OK;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i > MONEY_MAX || i < -MONEY_MAX)
			return clario_err_set(err, CLARIO_EINVAL, "%s: %lld exceeds Rp 10^13", field,
					      (long long)i);
		*out = (rupiah_t)i;
		return CLARIO_OK;
	}
	if (json_is_string(v)) {
		enum clario_status st = connectors_decimal(json_string_value(v), out, NULL, err);
		if (st)
			clario_err_prefix(err, "%s: ", field);
		return st;
	}
	return clario_err_set(err, CLARIO_EINVAL, "%s: must be a number or a decimal string", field);
}

enum clario_status connectors_qty(const json_t *obj, const char *field, int32_t *out,
				  struct clario_err *err)
{
	rupiah_t v;
	bool frac = false;
	const json_t *j = json_object_get(obj, field);
	enum clario_status st = CLARIO_OK;
	if (json_is_integer(j))
		v = json_integer_value(j);
	else if (json_is_string(j))
		st = connectors_decimal(json_string_value(j), &v, &frac, err);
	else
		return clario_err_set(err, CLARIO_EINVAL, "%s: is required (a whole number)", field);
	if (st) {
		clario_err_prefix(err, "%s: ", field);
		return st;
	}
	if (v < 0)
		v = -v;
	if (frac || v < 1 || v > SALES_MAX_QTY)
		return clario_err_set(err, CLARIO_EINVAL,
				      "%s: must be a whole number between 1 and %d", field, SALES_MAX_QTY);
	*out = (int32_t)v;
	return CLARIO_OK;
}

const char *connectors_id(const json_t *obj, const char *field, struct arena *a)
{
	const json_t *v = json_object_get(obj, field);
	char buf[32];
	if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= SALES_MAX_ID_LEN)
		return arena_strdup(a, json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		return arena_strdup(a, buf);
	}
	return NULL;
}

const char *connectors_text(const json_t *obj, const char *field, struct arena *a)
{
	const char *s = json_string_value(json_object_get(obj, field));
	if (!s || !*s)
		return NULL;
	size_t n = strlen(s);
	if (n > SALES_MAX_TEXT_LEN) {
		n = SALES_MAX_TEXT_LEN;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return arena_strndup(a, s, n);
}

static bool digits_at(const char *s, int n, int *out)
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

enum clario_status connectors_time(const json_t *obj, const char *field, const struct tz_zone *zone,
				   instant_t *out, struct clario_err *err)
{
	const json_t *v = json_object_get(obj, field);
	if (json_is_integer(v)) {
		json_int_t t = json_integer_value(v);
		if (t <= 0 || t > 32503680000LL)
			return clario_err_set(err, CLARIO_EINVAL, "%s: %lld is not a plausible epoch time",
					      field, (long long)t);
		*out = (instant_t)t;
		return CLARIO_OK;
	}
	const char *s = json_string_value(v);
	if (!s)
		return clario_err_set(err, CLARIO_EINVAL, "%s: is required (a time)", field);
	size_t n = strlen(s);
	int y, mo, d, h, mi, se;
	/* A local wall-clock time with no offset: read in the outlet's zone. */
	if ((n == 19 || (n > 19 && s[19] == '.' && !strpbrk(s + 19, "Z+-"))) &&
	    digits_at(s, 4, &y) && s[4] == '-' && digits_at(s + 5, 2, &mo) && s[7] == '-' &&
	    digits_at(s + 8, 2, &d) && (s[10] == ' ' || s[10] == 'T') && digits_at(s + 11, 2, &h) &&
	    s[13] == ':' && digits_at(s + 14, 2, &mi) && s[16] == ':' && digits_at(s + 17, 2, &se)) {
		if (!zone)
			return clario_err_set(err, CLARIO_EINVAL, "%s: \"%s\" has no UTC offset", field, s);
		if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
			return clario_err_set(err, CLARIO_EINVAL, "%s: \"%s\" is not a valid time", field, s);
		instant_t local = (instant_t)tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
		/* Indonesian zones have no DST: the offset at the local time read as
		 * UTC is the offset in force. */
		*out = local - tz_offset_at(zone, local);
		return CLARIO_OK;
	}
	enum clario_status st = tz_parse_rfc3339(s, out, err);
	if (st)
		clario_err_prefix(err, "%s: ", field);
	return st;
}

/* Folds a vendor name for table lookups: lower case, no spaces, '-' or '_'. */
static void fold(const char *s, char *out, size_t size)
{
	size_t o = 0;
	for (; s && *s && o + 1 < size; s++)
		if (*s != ' ' && *s != '-' && *s != '_')
			out[o++] = (char)tolower((unsigned char)*s);
	out[o] = '\0';
}

/* THE channel table (docs/connectors.md): vendor sales-type names to channels. */
static const struct {
	const char *name;
	enum sales_channel channel;
} channel_table[] = {
	{"dinein", SALES_CHANNEL_DINE_IN},      {"makanditempat", SALES_CHANNEL_DINE_IN},
	{"d", SALES_CHANNEL_DINE_IN},           {"takeaway", SALES_CHANNEL_TAKEAWAY},
	{"bungkus", SALES_CHANNEL_TAKEAWAY},    {"t", SALES_CHANNEL_TAKEAWAY},
	{"gofood", SALES_CHANNEL_GOFOOD},       {"grabfood", SALES_CHANNEL_GRABFOOD},
	{"shopeefood", SALES_CHANNEL_SHOPEEFOOD},
};

/* THE payment table: vendor payment type / label to methods. */
static const struct {
	const char *name;
	enum sales_payment_method method;
} payment_table[] = {
	{"cash", SALES_PAY_CASH},         {"tunai", SALES_PAY_CASH},      {"qris", SALES_PAY_QRIS},
	{"gopay", SALES_PAY_GOPAY},       {"ovo", SALES_PAY_OVO},         {"dana", SALES_PAY_DANA},
	{"shopeepay", SALES_PAY_SHOPEEPAY}, {"debit", SALES_PAY_DEBIT},   {"debitcard", SALES_PAY_DEBIT},
	{"edc", SALES_PAY_DEBIT},         {"credit", SALES_PAY_CREDIT},   {"creditcard", SALES_PAY_CREDIT},
	{"card", SALES_PAY_CREDIT},
};

enum sales_channel connectors_channel(const char *vendor_name)
{
	char f[64];
	fold(vendor_name, f, sizeof f);
	for (size_t i = 0; i < sizeof channel_table / sizeof channel_table[0]; i++)
		if (strcmp(f, channel_table[i].name) == 0)
			return channel_table[i].channel;
	return vendor_name && *vendor_name ? SALES_CHANNEL_OTHER : SALES_CHANNEL_DINE_IN;
}

enum sales_payment_method connectors_payment(const char *vendor_name)
{
	char f[64];
	fold(vendor_name, f, sizeof f);
	for (size_t i = 0; i < sizeof payment_table / sizeof payment_table[0]; i++)
		if (strcmp(f, payment_table[i].name) == 0)
			return payment_table[i].method;
	return SALES_PAY_OTHER;
}

enum clario_status connectors_rounding_line(struct sales_ticket *t, rupiah_t collected,
					    struct clario_err *err)
{
	struct sales_totals tot;
	t->rounding = 0;
	sales_ticket_totals(t, &tot);
	rupiah_t drift = collected - tot.total_due;
	if (drift > SALES_MAX_ROUNDING || drift < -SALES_MAX_ROUNDING)
		return clario_err_set(err, CLARIO_EINVAL,
				      "totals: the vendor collected %lld but its lines, discounts, service and tax make %lld (off by more than Rp %d)",
				      (long long)collected, (long long)tot.total_due, SALES_MAX_ROUNDING);
	t->rounding = drift;
	return CLARIO_OK;
}
