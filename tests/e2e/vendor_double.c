/* The vendors' test double (see vendor_double.h): generated sales rendered
 * in each vendor's format, tokens with expiry and rotation, and faults. */
#include "vendor_double.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SALES 2000
#define N_OUTLETS 2
#define DAY0 20775 /* 2026-11-18 as days since 1970-01-01 */
#define WIB (7 * 3600)

enum vendor { MOKA, PAWOON, OLSERA, N_VENDORS };
static const char *const vendor_names[] = {"moka", "pawoon", "olsera"};
static const char *const moka_outlets[N_OUTLETS] = {"442608", "442609"};
static const char *const pawoon_outlets[N_OUTLETS] = {"pw-out-a", "pw-out-b"};

static const struct {
	const char *id, *name;
	int64_t price;
} menu[] = {
	{"11", "Kopi Susu Gula Aren", 25000}, {"12", "Americano", 22000}, {"13", "Croissant", 27500},
	{"14", "Nasi Goreng", 35000},         {"15", "Es Teh Manis", 8000}, {"16", "Mie Ayam", 28000},
};
static const char *const channels[] = {"Dine In", "Take Away", "GoFood", "Grab Food", "ShopeeFood"};
static const char *const methods[] = {"cash", "qris", "gopay", "ovo", "debit"};

struct line {
	int item, qty;
	int64_t mod, disc;
};

struct sale {
	char id[48];
	int outlet, day, olsera_id;
	int64_t at, updated_at;
	int n_lines;
	struct line lines[3];
	int64_t tdisc, sc, tax_c, collected;
	int channel, method;
	bool malformed, voided, refund;
	char parent[48];
	int64_t refund_amount;
};

struct tokens {
	char access[48], refresh[48];
	int64_t access_exp;
	int issued;
};

struct vendor_double {
	struct MHD_Daemon *mhd;
	pthread_mutex_t lock;
	struct vd_config cfg;
	char url[N_VENDORS][96];
	struct sale *sales[N_VENDORS];
	int n_sales[N_VENDORS];
	struct vd_totals totals[N_VENDORS];
	struct tokens tok[N_VENDORS];
	int fail_n, fail_status, retry_after, delay_ms;
	double last_429;
	struct vd_counters c;
	uint64_t rng;
};

static uint64_t rnd(struct vendor_double *d)
{
	uint64_t z = (d->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int pick(struct vendor_double *d, int n) { return (int)(rnd(d) % (uint64_t)n); }

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t line_gross(const struct line *l) { return l->qty * (menu[l->item].price + l->mod); }

/* Generates one vendor's sales and, from them alone, its report totals. */
static void generate(struct vendor_double *d, enum vendor v)
{
	struct sale *s = calloc(MAX_SALES, sizeof *s);
	struct vd_totals *t = &d->totals[v];
	int n = 0;
	d->sales[v] = s;
	int outlets = v == OLSERA ? 1 : N_OUTLETS;
	for (int day = 0; day < d->cfg.days; day++) {
		if (day == d->cfg.empty_day)
			continue;
		for (int o = 0; o < outlets; o++)
			for (int k = 0; k < d->cfg.per_outlet && n < MAX_SALES - 4; k++) {
				struct sale *x = &s[n++];
				x->outlet = o;
				x->day = day;
				x->olsera_id = 5000 + n;
				snprintf(x->id, sizeof x->id, "%s-%d-%d-%04d", vendor_names[v], day, o, k);
				/* 07:00..21:00 local (WIB) */
				x->at = (int64_t)(DAY0 + day) * 86400 - WIB + 7 * 3600 +
					(int64_t)k * (14 * 3600 / d->cfg.per_outlet) + pick(d, 600);
				x->updated_at = x->at + 60;
				x->n_lines = 1 + pick(d, 3);
				int64_t gross = 0, ldisc = 0;
				for (int i = 0; i < x->n_lines; i++) {
					struct line *l = &x->lines[i];
					l->item = (pick(d, 6) + i) % 6;
					if (i > 0 && l->item == x->lines[0].item)
						l->item = (l->item + 1) % 6;
					l->qty = 1 + pick(d, 3);
					l->mod = v != PAWOON && pick(d, 3) == 0 ? 3000 : 0;
					l->disc = pick(d, 4) == 0 ? 1000 : 0;
					gross += line_gross(l);
					ldisc += l->disc;
				}
				x->tdisc = pick(d, 5) == 0 ? 2000 : 0;
				int64_t net = gross - ldisc - x->tdisc;
				x->sc = v == OLSERA ? 0 : net * 5 / 100;
				/* PB1 11% of (net + service): Moka's is fractional. */
				x->tax_c = (net + x->sc) * 11;
				int64_t tax = (x->tax_c + 50) / 100;
				if (v != MOKA)
					x->tax_c = tax * 100;
				x->collected = net + x->sc + tax;
				if (v == MOKA)
					x->collected = (x->collected + 50) / 100 * 100; /* cash rounding */
				x->channel = pick(d, 5);
				x->method = pick(d, 5);
				if (v == OLSERA && day == 0 && k == 1) {
					x->voided = true;
					t->voids++;
					continue;
				}
				t->tickets++;
				t->gross += gross;
				t->discounts += ldisc + x->tdisc;
				t->service += x->sc;
				t->tax += tax;
				t->tax_hundredths += x->tax_c;
				t->collected += x->collected;
			}
		if (d->cfg.with_malformed && n < MAX_SALES - 2) {
			struct sale *x = &s[n];
			*x = s[n - 1];
			snprintf(x->id, sizeof x->id, "%s-%d-bad", vendor_names[v], day);
			x->olsera_id = 9000 + day;
			x->malformed = true;
			x->updated_at += 1;
			t->malformed++;
			n++;
		}
	}
	if (v == MOKA && d->cfg.with_refund && n > 3) {
		/* A refund of the first line of the third sale, an hour later. */
		struct sale *src = &s[2], *x = &s[n++];
		*x = *src;
		snprintf(x->id, sizeof x->id, "moka-refund-1");
		snprintf(x->parent, sizeof x->parent, "%s", src->id);
		x->refund = true;
		x->at = src->at + 3600;
		x->updated_at = x->at;
		x->refund_amount = line_gross(&src->lines[0]) - src->lines[0].disc;
		t->refunds += x->refund_amount;
		t->refund_count++;
	}
	d->n_sales[v] = n;
}

/* ---- rendering ---- */

/* A decimal with two places as raw JSON number text: "-755.04". */
static json_t *raw_num(int64_t hundredths, bool negative)
{
	char b[64];
	int64_t a = hundredths < 0 ? -hundredths : hundredths;
	snprintf(b, sizeof b, "__NUM__%s%lld.%02lld", negative ? "-" : "", (long long)(a / 100),
		 (long long)(a % 100));
	return json_string(b);
}

/* Dumps j, turning "__NUM__x" strings into the bare number x. */
static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	char *w = s, *r = s;
	while (s && *r) {
		if (r[0] == '"' && strncmp(r + 1, "__NUM__", 7) == 0) {
			r += 8;
			while (*r && *r != '"')
				*w++ = *r++;
			if (*r)
				r++;
			continue;
		}
		*w++ = *r++;
	}
	if (s)
		*w = '\0';
	return s;
}

static void local_time(int64_t at, char out[20])
{
	time_t t = (time_t)(at + WIB);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

static json_t *moka_json(const struct sale *x)
{
	char at[32];
	time_t tt = (time_t)x->at;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int64_t gross = 0, ldisc = 0;
	json_t *co = json_array();
	for (int i = 0; i < x->n_lines; i++) {
		const struct line *l = &x->lines[i];
		gross += line_gross(l);
		ldisc += l->disc;
		json_t *mods = json_array();
		if (l->mod)
			json_array_append_new(mods, json_pack("{s:s, s:s, s:o}", "modifier_name", "Milk",
							      "modifier_option_name", "Oat", "price",
							      raw_num(l->mod * 100, false)));
		json_t *line = json_pack("{s:s, s:s, s:s, s:i, s:I, s:s, s:o, s:I}", "item_id",
					 menu[l->item].id, "item_name", menu[l->item].name, "category_name",
					 "Menu", "quantity", l->qty, "item_price",
					 (json_int_t)menu[l->item].price, "sales_type_name",
					 channels[x->channel], "modifiers", mods, "discount_amount",
					 (json_int_t)-l->disc);
		if (x->malformed && i == 0)
			json_object_set_new(line, "quantity", json_string("abc"));
		json_array_append_new(co, line);
	}
	json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:o, s:I, s:o, s:I, s:s, s:s, s:o}", "id",
			      x->id, "payment_no", x->id, "outlet_id", (int)strtol(moka_outlets[x->outlet], NULL, 10),
			      "created_at", at, "updated_at", (json_int_t)x->updated_at, "subtotal",
			      (json_int_t)gross, "discounts", raw_num(-(ldisc + x->tdisc) * 100, true),
			      "gratuities", (json_int_t)x->sc, "taxes", raw_num(x->tax_c, true),
			      "total_collected", (json_int_t)x->collected, "payment_type",
			      methods[x->method], "collected_by", "kasir-1", "checkouts", co);
	if (x->refund) {
		json_object_set_new(p, "parent_payment_id", json_string(x->parent));
		json_object_set_new(p, "subtotal", json_integer(-x->refund_amount));
		json_object_set_new(p, "discounts", json_integer(0));
		json_object_set_new(p, "total_collected", json_integer(-x->refund_amount));
	}
	return p;
}

static json_t *pawoon_json(const struct sale *x)
{
	char at[20];
	local_time(x->at, at);
	json_t *det = json_array();
	for (int i = 0; i < x->n_lines; i++) {
		const struct line *l = &x->lines[i];
		json_array_append_new(det, json_pack("{s:s, s:s, s:i, s:I, s:I, s:I}", "product_id",
						     menu[l->item].id, "product_name", menu[l->item].name,
						     "qty", l->qty, "price", (json_int_t)menu[l->item].price,
						     "discount", (json_int_t)l->disc, "subtotal",
						     (json_int_t)(line_gross(l) - l->disc)));
		if (x->malformed && i == 0)
			json_object_set_new(json_array_get(det, 0), "price", json_string("x"));
	}
	int64_t ldisc = 0;
	for (int i = 0; i < x->n_lines; i++)
		ldisc += x->lines[i].disc;
	int64_t cash = x->collected / 2;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:[{s:s, s:I}, {s:s, s:I}]}",
			 "id", x->id, "receipt_code", x->id, "outlet_id", pawoon_outlets[x->outlet],
			 "device_timestamp", at, "sales_type_name", channels[x->channel], "total_discount",
			 (json_int_t)(ldisc + x->tdisc), "total_service", (json_int_t)x->sc, "total_tax",
			 (json_int_t)(x->tax_c / 100), "final_amount", (json_int_t)x->collected,
			 "total_payment", (json_int_t)x->collected, "details", det, "payments",
			 "payment_method_name", "Tunai", "amount", (json_int_t)cash, "payment_method_name",
			 "QRIS", "amount", (json_int_t)(x->collected - cash));
}

static json_t *olsera_json(const struct sale *x)
{
	char at[20], amt[32], total[32];
	local_time(x->at, at);
	json_t *items = json_array();
	int64_t net = 0;
	for (int i = 0; i < x->n_lines; i++) {
		const struct line *l = &x->lines[i];
		char price[32], disc[32], addon[32], amount[32];
		snprintf(price, sizeof price, "%lld.00", (long long)menu[l->item].price);
		snprintf(disc, sizeof disc, "%lld", (long long)l->disc);
		snprintf(addon, sizeof addon, "%lld", (long long)l->mod);
		snprintf(amount, sizeof amount, "%lld", (long long)(line_gross(l) - l->disc));
		net += line_gross(l) - l->disc;
		json_t *it = json_pack("{s:i, s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "id", i + 1,
				       "product_id", (int)strtol(menu[l->item].id, NULL, 10), "product_name",
				       menu[l->item].name, "product_sku", menu[l->item].id, "qty", l->qty,
				       "price", price, "amount", amount, "discount", disc, "addon_price",
				       addon, "status", "A");
		if (x->malformed && i == 0)
			json_object_del(it, "product_id");
		json_array_append_new(items, it);
	}
	net -= x->tdisc;
	snprintf(amt, sizeof amt, "%lld", (long long)net);
	snprintf(total, sizeof total, "%lld.00", (long long)x->collected);
	/* Olsera shows no ticket discount field: the double folds it into the
	 * first item's discount so order_amount stays the items' net. */
	if (x->tdisc) {
		json_t *first = json_array_get(items, 0);
		char disc[32];
		snprintf(disc, sizeof disc, "%lld", (long long)(x->lines[0].disc + x->tdisc));
		json_object_set_new(first, "discount", json_string(disc));
	}
	char date[20];
	snprintf(date, sizeof date, "%.10s 00:00:00", at);
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:o}", "id", x->olsera_id,
			 "order_no", x->id, "order_time", at, "order_date", date, "status",
			 x->voided ? "X" : "Z", "order_amount", amt, "total_amount", total, "order_source",
			 x->channel == 1 ? "T" : "D", "is_paid", 1, "sales_by_name", "kasir", "customer_id", 0,
			 "orderitems", items);
}

/* ---- HTTP ---- */

struct req {
	char *body;
	size_t len;
};

static enum MHD_Result send_json(struct MHD_Connection *conn, unsigned status, char *text,
				 int retry_after)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), text,
								 MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (retry_after >= 0) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static char *msg(const char *m)
{
	json_t *j = json_pack("{s:s}", "message", m);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* A form or JSON field from a token request body. */
static void field(const char *body, const char *key, char *out, size_t size)
{
	out[0] = '\0';
	json_error_t e;
	json_t *j = json_loads(body, 0, &e);
	if (j) {
		const char *v = json_string_value(json_object_get(j, key));
		snprintf(out, size, "%s", v ? v : "");
		json_decref(j);
		return;
	}
	size_t k = strlen(key);
	for (const char *p = body; p && *p;) {
		if (strncmp(p, key, k) == 0 && p[k] == '=') {
			size_t n = strcspn(p + k + 1, "&");
			snprintf(out, size, "%.*s", (int)n, p + k + 1);
			return;
		}
		p = strchr(p, '&');
		if (p)
			p++;
	}
}

static char *issue(struct vendor_double *d, enum vendor v, bool with_refresh)
{
	struct tokens *t = &d->tok[v];
	t->issued++;
	snprintf(t->access, sizeof t->access, "%s-at-%d", vendor_names[v], t->issued);
	if (with_refresh)
		snprintf(t->refresh, sizeof t->refresh, "%s-rt-%d", vendor_names[v], t->issued);
	t->access_exp = (int64_t)time(NULL) + d->cfg.expires_in;
	json_t *j = json_pack("{s:s, s:s, s:i}", "access_token", t->access, "token_type", "Bearer",
			      "expires_in", d->cfg.expires_in);
	if (with_refresh)
		json_object_set_new(j, "refresh_token", json_string(t->refresh));
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

static enum MHD_Result token(struct vendor_double *d, struct MHD_Connection *conn, enum vendor v,
			     const char *body)
{
	char gt[64], a[128], b[128];
	d->c.token_requests++;
	field(body, "grant_type", gt, sizeof gt);
	if (v == MOKA && strcmp(gt, "authorization_code") == 0) {
		field(body, "code", a, sizeof a);
		if (strcmp(a, "good-code") != 0)
			return send_json(conn, 400, msg("invalid_grant"), -1);
		return send_json(conn, 200, issue(d, v, true), -1);
	}
	if (v == MOKA && strcmp(gt, "refresh_token") == 0) {
		field(body, "refresh_token", a, sizeof a);
		if (!d->tok[v].refresh[0] || strcmp(a, d->tok[v].refresh) != 0) {
			if (strncmp(a, "moka-rt-", 8) == 0)
				d->c.refresh_reuse++;
			return send_json(conn, 400, msg("invalid_grant: refresh token rotated or revoked"), -1);
		}
		d->c.refreshes++;
		return send_json(conn, 200, issue(d, v, true), -1);
	}
	if (v == PAWOON && strcmp(gt, "client_credentials") == 0) {
		field(body, "client_id", a, sizeof a);
		field(body, "client_secret", b, sizeof b);
		if (strcmp(a, "pw-client") || strcmp(b, "pw-secret"))
			return send_json(conn, 401, msg("invalid_client"), -1);
		return send_json(conn, 200, issue(d, v, false), -1);
	}
	if (v == OLSERA && strcmp(gt, "secret_key") == 0) {
		field(body, "app_id", a, sizeof a);
		field(body, "secret_key", b, sizeof b);
		if (strcmp(a, "ol-app") || strcmp(b, "ol-secret"))
			return send_json(conn, 401, msg("invalid credentials"), -1);
		char *tok = issue(d, v, true);
		json_t *j = json_pack("{s:o}", "data", json_loads(tok, 0, NULL));
		free(tok);
		char *s = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		return send_json(conn, 200, s, -1);
	}
	return send_json(conn, 400, msg("unsupported_grant_type"), -1);
}

static const char *q(struct MHD_Connection *conn, const char *k)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, k);
	return v ? v : "";
}

static long qi(struct MHD_Connection *conn, const char *k, long dflt)
{
	const char *v = q(conn, k);
	return *v ? strtol(v, NULL, 10) : dflt;
}

static bool authorized(struct vendor_double *d, struct MHD_Connection *conn, enum vendor v)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	return h && strncmp(h, "Bearer ", 7) == 0 && d->tok[v].access[0] &&
	       strcmp(h + 7, d->tok[v].access) == 0 && (int64_t)time(NULL) < d->tok[v].access_exp;
}

static int cmp_updated(const void *a, const void *b)
{
	const struct sale *x = *(const struct sale *const *)a, *y = *(const struct sale *const *)b;
	return (x->updated_at > y->updated_at) - (x->updated_at < y->updated_at);
}

static char *moka_data(struct vendor_double *d, struct MHD_Connection *conn, const char *path,
		       unsigned *status)
{
	if (strcmp(path, "/v1/businesses") == 0)
		return strdup("{\"data\":{\"businesses\":[{\"id\":77,\"name\":\"Kopi Senja\"}]}}");
	if (strcmp(path, "/v1/businesses/77/outlets") == 0)
		return strdup("{\"data\":{\"outlets\":[{\"id\":442608,\"name\":\"Senja Kemang\"},"
			      "{\"id\":442609,\"name\":\"Senja Menteng\"}]}}");
	int o = -1;
	for (int i = 0; i < N_OUTLETS; i++) {
		char p[128];
		snprintf(p, sizeof p, "/v3/outlets/%s/reports/get_latest_transactions", moka_outlets[i]);
		if (strcmp(path, p) == 0)
			o = i;
	}
	if (o < 0) {
		*status = 404;
		return msg("not found");
	}
	long per = qi(conn, "per_page", 50), since = qi(conn, "since", 0), until = qi(conn, "until", 0),
	     off = qi(conn, "offset", 0);
	const struct sale *sel[MAX_SALES];
	int n = 0;
	for (int i = 0; i < d->n_sales[MOKA]; i++) {
		const struct sale *x = &d->sales[MOKA][i];
		if (x->outlet == o && x->updated_at >= since && x->updated_at <= until)
			sel[n++] = x;
	}
	qsort(sel, (size_t)n, sizeof sel[0], cmp_updated);
	json_t *pays = json_array();
	for (long i = off; i < n && i < off + per; i++)
		json_array_append_new(pays, moka_json(sel[i]));
	bool done = off + per >= n;
	char next[512];
	snprintf(next, sizeof next, "%s/v3/outlets/%s/reports/get_latest_transactions?per_page=%ld&since=%ld&until=%ld&offset=%ld",
		 d->url[MOKA], moka_outlets[o], per, since, until, off + per);
	json_t *j = json_pack("{s:{s:o, s:s?, s:b}}", "data", "payments", pays, "next_url",
			      done ? NULL : next, "completed", done);
	char *s = dump(j);
	json_decref(j);
	return s;
}

static char *pawoon_data(struct vendor_double *d, struct MHD_Connection *conn, const char *path,
			 unsigned *status)
{
	if (strcmp(path, "/outlets") == 0)
		return strdup("{\"data\":[{\"id\":\"pw-out-a\",\"name\":\"Warung A\"},{\"id\":\"pw-out-b\",\"name\":\"Warung B\"}]}");
	if (strcmp(path, "/transactions") != 0) {
		*status = 404;
		return msg("not found");
	}
	const char *outlet = q(conn, "outlet_id"), *from = q(conn, "start_device_timestamp"),
		   *to = q(conn, "end_device_timestamp");
	long page = qi(conn, "page", 1), per = qi(conn, "per_page", 100);
	json_t *data = json_array();
	long total = 0;
	for (int i = 0; i < d->n_sales[PAWOON]; i++) {
		const struct sale *x = &d->sales[PAWOON][i];
		char at[20];
		local_time(x->at, at);
		at[10] = 'T';
		if (strcmp(pawoon_outlets[x->outlet], outlet) != 0 || strcmp(at, from) < 0 || strcmp(at, to) > 0)
			continue;
		if (total >= (page - 1) * per && total < page * per)
			json_array_append_new(data, pawoon_json(x));
		total++;
	}
	json_t *j = json_pack("{s:o, s:{s:I, s:I, s:I, s:I}}", "data", data, "meta", "count",
			      (json_int_t)json_array_size(data), "total", (json_int_t)total, "page",
			      (json_int_t)page, "per_page", (json_int_t)per);
	char *s = dump(j);
	json_decref(j);
	return s;
}

static char *olsera_data(struct vendor_double *d, struct MHD_Connection *conn, const char *path,
			 unsigned *status)
{
	if (strcmp(path, "/order/closeorder/detail") == 0) {
		long id = qi(conn, "id", -1);
		d->c.detail_requests++;
		for (int i = 0; i < d->n_sales[OLSERA]; i++)
			if (d->sales[OLSERA][i].olsera_id == id) {
				json_t *j = json_pack("{s:o}", "data", olsera_json(&d->sales[OLSERA][i]));
				char *s = dump(j);
				json_decref(j);
				return s;
			}
		*status = 404;
		return msg("order not found");
	}
	if (strcmp(path, "/order/closeorder") != 0) {
		*status = 404;
		return msg("not found");
	}
	const char *from = q(conn, "start_date"), *to = q(conn, "end_date");
	long page = qi(conn, "page", 1), per = qi(conn, "per_page", 15);
	json_t *data = json_array();
	long total = 0;
	for (int i = 0; i < d->n_sales[OLSERA]; i++) {
		const struct sale *x = &d->sales[OLSERA][i];
		char at[20];
		local_time(x->at, at);
		at[10] = '\0';
		if (strcmp(at, from) < 0 || strcmp(at, to) > 0)
			continue;
		if (total >= (page - 1) * per && total < page * per)
			json_array_append_new(data, json_pack("{s:i, s:s}", "id", x->olsera_id, "order_no", x->id));
		total++;
	}
	if (total == 0) { /* Olsera's documented answer for a day without orders */
		json_decref(data);
		*status = 404;
		return msg("Data not found");
	}
	long last = (total + per - 1) / per;
	json_t *j = json_pack("{s:o, s:{s:I, s:I, s:I}, s:{s:s?}}", "data", data, "meta", "current_page",
			      (json_int_t)page, "last_page", (json_int_t)last, "total", (json_int_t)total,
			      "links", "next", page < last ? "next" : NULL);
	char *s = dump(j);
	json_decref(j);
	return s;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	(void)version;
	struct vendor_double *d = cls;
	struct req *rq = *con_cls;
	if (!rq) {
		rq = calloc(1, sizeof *rq);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size) {
		char *b = realloc(rq->body, rq->len + *upload_size + 1);
		if (!b)
			return MHD_NO;
		memcpy(b + rq->len, upload, *upload_size);
		rq->body = b;
		rq->len += *upload_size;
		rq->body[rq->len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	enum vendor v = N_VENDORS;
	const char *path = url;
	for (int i = 0; i < N_VENDORS; i++) {
		size_t k = strlen(vendor_names[i]);
		if (url[0] == '/' && strncmp(url + 1, vendor_names[i], k) == 0 && url[k + 1] == '/') {
			v = (enum vendor)i;
			path = url + k + 1;
		}
	}
	if (v == N_VENDORS)
		return send_json(conn, 404, msg("no such vendor"), -1);
	int delay;
	pthread_mutex_lock(&d->lock);
	bool is_token = strcmp(method, "POST") == 0 &&
			(strcmp(path, "/oauth/token") == 0 || strcmp(path, "/token") == 0);
	if (is_token) {
		enum MHD_Result r = token(d, conn, v, rq->body ? rq->body : "");
		pthread_mutex_unlock(&d->lock);
		return r;
	}
	d->c.data_requests++;
	if (d->last_429 > 0) {
		double gap = now_s() - d->last_429;
		if (d->c.min_gap_after_429 == 0 || gap < d->c.min_gap_after_429)
			d->c.min_gap_after_429 = gap;
		d->last_429 = 0;
	}
	if (d->fail_n > 0) {
		d->fail_n--;
		int st = d->fail_status, ra = d->retry_after;
		if (st == 429) {
			d->c.served_429++;
			d->last_429 = now_s();
		} else {
			d->c.served_5xx++;
		}
		pthread_mutex_unlock(&d->lock);
		return send_json(conn, (unsigned)st, msg("try later"), st == 429 ? ra : -1);
	}
	if (!authorized(d, conn, v)) {
		d->c.unauthorized++;
		pthread_mutex_unlock(&d->lock);
		return send_json(conn, 401, msg("unauthorized"), -1);
	}
	unsigned status = 200;
	char *body = v == MOKA ? moka_data(d, conn, path, &status)
		   : v == PAWOON ? pawoon_data(d, conn, path, &status)
				 : olsera_data(d, conn, path, &status);
	delay = d->delay_ms;
	pthread_mutex_unlock(&d->lock);
	if (delay > 0)
		usleep((useconds_t)delay * 1000);
	return send_json(conn, status, body, -1);
}

static void done(void *cls, struct MHD_Connection *conn, void **con_cls,
		 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct req *rq = *con_cls;
	if (rq)
		free(rq->body);
	free(rq);
	*con_cls = NULL;
}

struct vendor_double *vd_start(const struct vd_config *cfg)
{
	struct vendor_double *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->rng = cfg->seed;
	pthread_mutex_init(&d->lock, NULL);
	for (int v = 0; v < N_VENDORS; v++)
		generate(d, (enum vendor)v);
	d->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
					  MHD_USE_ERROR_LOG,
				  0, NULL, NULL, handle, d, MHD_OPTION_NOTIFY_COMPLETED, done, d,
				  MHD_OPTION_SOCK_ADDR, NULL, MHD_OPTION_END);
	if (!d->mhd) {
		vd_stop(d);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d->mhd, MHD_DAEMON_INFO_BIND_PORT);
	for (int v = 0; v < N_VENDORS; v++)
		snprintf(d->url[v], sizeof d->url[v], "http://127.0.0.1:%u/%s", info->port, vendor_names[v]);
	return d;
}

void vd_stop(struct vendor_double *d)
{
	if (!d)
		return;
	if (d->mhd)
		MHD_stop_daemon(d->mhd);
	for (int v = 0; v < N_VENDORS; v++)
		free(d->sales[v]);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static int vendor_of(const char *name)
{
	for (int v = 0; v < N_VENDORS; v++)
		if (strcmp(name, vendor_names[v]) == 0)
			return v;
	return 0;
}

const char *vd_url(struct vendor_double *d, const char *vendor) { return d->url[vendor_of(vendor)]; }

void vd_totals(struct vendor_double *d, const char *vendor, struct vd_totals *out)
{
	pthread_mutex_lock(&d->lock);
	*out = d->totals[vendor_of(vendor)];
	pthread_mutex_unlock(&d->lock);
}

void vd_fail_next(struct vendor_double *d, int n, int status, int retry_after)
{
	pthread_mutex_lock(&d->lock);
	d->fail_n = n;
	d->fail_status = status;
	d->retry_after = retry_after;
	pthread_mutex_unlock(&d->lock);
}

void vd_set_expires(struct vendor_double *d, int seconds)
{
	pthread_mutex_lock(&d->lock);
	d->cfg.expires_in = seconds;
	pthread_mutex_unlock(&d->lock);
}

void vd_expire_access(struct vendor_double *d)
{
	pthread_mutex_lock(&d->lock);
	for (int v = 0; v < N_VENDORS; v++)
		d->tok[v].access_exp = 0;
	pthread_mutex_unlock(&d->lock);
}

void vd_delay_ms(struct vendor_double *d, int ms)
{
	pthread_mutex_lock(&d->lock);
	d->delay_ms = ms;
	pthread_mutex_unlock(&d->lock);
}

void vd_revoke_all(struct vendor_double *d)
{
	pthread_mutex_lock(&d->lock);
	for (int v = 0; v < N_VENDORS; v++) {
		d->tok[v].access[0] = '\0';
		d->tok[v].refresh[0] = '\0';
	}
	pthread_mutex_unlock(&d->lock);
}

void vd_counters(struct vendor_double *d, struct vd_counters *out)
{
	pthread_mutex_lock(&d->lock);
	*out = d->c;
	pthread_mutex_unlock(&d->lock);
}
