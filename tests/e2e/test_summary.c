/* End-to-end, randomized (fixed seed): a few hundred tickets over two outlets
 * and ten days, revisions out of order, duplicates, refunds, voids, cut-off
 * times; outcomes, summary vs model vs raw-row SQL, and `rollups check`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "oracle.h"

#define N_TICKETS 300
#define MAX_REVS 4
#define MAX_LINES 3
#define MAX_REFUNDS 2
#define N_CLIENTS 4
#define CUTOFF (4 * 3600)

static const char *clario_path;
static struct e2e_env env;
static int64_t merchant, outlet_ids[2];
static char merchant_key[E2E_KEY_MAX];
static uint64_t seed = 20270401;

static const char *const outlet_ext[2] = {"JKT-1", "JYP-1"};
static const int64_t outlet_off[2] = {7 * 3600, 9 * 3600};

static const struct {
	const char *id, *name, *category;
	int64_t price;
} menu[] = {
	{"KOPI-SUSU", "Kopi Susu Gula Aren", "Coffee", 25000},
	{"AMERICANO", "Americano", "Coffee", 22000},
	{"CROISSANT", "Croissant", "Pastry", 30000},
	{"NASGOR", "Nasi Goreng Kampung", "Food", 35000},
	{"ES-TEH", "Es Teh Manis", "Drinks", 8000},
	{"MIE-AYAM", "Mie Ayam", "Food", 28000},
};
#define N_MENU (sizeof menu / sizeof menu[0])

static const char *const channels[] = {"dine_in", "takeaway", "gofood", "grabfood", "shopeefood"};
static const char *const methods[] = {"cash", "qris", "gopay", "ovo", "debit"};

/* ---- a small fixed-seed PRNG (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in lo..hi inclusive. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(int percent)
{
	return rng_range(0, 99) < percent;
}

/* ---- calendar (proleptic Gregorian, days since 1970-01-01) ---- */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_date(int64_t day, char out[11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* RFC 3339 text of instant t written with the given offset (seconds east). */
static void format_time(int64_t t, int64_t offset, char out[32])
{
	int64_t local = t + offset;
	int64_t day = local / 86400, sec = local % 86400;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	char zone[8];
	if (offset == 0)
		snprintf(zone, sizeof zone, "Z");
	else
		snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+',
			 (int)(llabs(offset) / 3600), (int)(llabs(offset) % 3600 / 60));
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, (int)(sec / 3600),
		 (int)(sec % 3600 / 60), (int)(sec % 60), zone);
}

/* The business day (days since epoch) of instant t at an outlet. */
static int64_t business_day(int64_t t, int outlet)
{
	return (t + outlet_off[outlet] - CUTOFF) / 86400;
}

/* ---- the random tickets and their model ---- */

struct rline {
	size_t item;
	int64_t qty, mods, discount; /* mods: Σ modifier prices per unit */
};

struct rrev {
	int64_t closed_at;
	bool is_void;
	size_t n_lines;
	struct rline lines[MAX_LINES];
	int64_t ticket_discount, tax, service, rounding, covers;
	size_t n_refunds; /* carries refunds[0..n_refunds) */
	char *json;       /* the exact text sent for this revision (one ticket object) */
};

struct rrefund {
	char id[32];
	int64_t at, amount;
};

struct rticket {
	char id[24];
	int outlet;
	size_t n_revs;
	struct rrev revs[MAX_REVS];
	size_t n_refunds;
	struct rrefund refunds[MAX_REFUNDS];
};

static int64_t rev_gross(const struct rrev *r)
{
	int64_t g = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		g += r->lines[i].qty * (menu[r->lines[i].item].price + r->lines[i].mods);
	return g;
}

static int64_t rev_line_discounts(const struct rrev *r)
{
	int64_t d = 0;
	for (size_t i = 0; i < r->n_lines; i++)
		d += r->lines[i].discount;
	return d;
}

static int64_t rev_net(const struct rrev *r)
{
	return rev_gross(r) - rev_line_discounts(r) - r->ticket_discount;
}

/* A random local time on local calendar day `day` (days since epoch), leaning
 * on the hours around the cut-off, as an instant at the outlet. */
static int64_t random_sale_time(int64_t day, int outlet)
{
	int64_t tod;
	int64_t pick = rng_range(0, 99);
	if (pick < 55)
		tod = rng_range(7 * 3600, 23 * 3600 + 3599);
	else if (pick < 75)
		tod = rng_range(0, 3 * 3600 + 3599); /* after midnight: the previous business day */
	else if (pick < 85)
		tod = 1 * 3600 + 30 * 60; /* 01:30 */
	else if (pick < 93)
		tod = CUTOFF;
	else
		tod = CUTOFF - 1;
	return day * 86400 + tod - outlet_off[outlet];
}

static void random_revision(struct rrev *r, int64_t closed_at)
{
	memset(r, 0, sizeof *r);
	r->closed_at = closed_at;
	r->n_lines = (size_t)rng_range(1, MAX_LINES);
	size_t first = (size_t)rng_range(0, (int64_t)N_MENU - 1);
	for (size_t i = 0; i < r->n_lines; i++) {
		struct rline *l = &r->lines[i];
		l->item = (first + i) % N_MENU; /* distinct items on one ticket */
		l->qty = rng_range(1, 4);
		l->mods = rng_chance(30) ? rng_range(1, 3) * 2500 : 0;
		int64_t gross = l->qty * (menu[l->item].price + l->mods);
		l->discount = rng_chance(25) ? gross * rng_range(1, 20) / 100 : 0;
	}
	int64_t after_lines = rev_gross(r) - rev_line_discounts(r);
	if (after_lines >= 2000 && rng_chance(30))
		r->ticket_discount = rng_range(1, after_lines / 2000) * 500;
	int64_t net = rev_net(r);
	r->service = rng_chance(50) ? net * 5 / 100 : 0;
	r->tax = rng_chance(80) ? (net + r->service) / 10 : 0;
	r->rounding = rng_chance(20) ? rng_range(-100, 100) : 0;
	r->covers = rng_range(0, 6);
}

static json_t *time_json(int64_t t, int outlet)
{
	static const int64_t offsets[] = {0, 8 * 3600};
	char text[32];
	int64_t pick = rng_range(0, 3);
	format_time(t, pick < 2 ? outlet_off[outlet] : offsets[pick - 2], text);
	return json_string(text);
}

static char *revision_json(const struct rticket *t, size_t k)
{
	const struct rrev *r = &t->revs[k];
	json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:o, s:s, s:I}", "outlet_id",
			      outlet_ext[t->outlet], "ticket_id", t->id, "revision",
			      (json_int_t)(k + 1), "status", r->is_void ? "void" : "closed",
			      "closed_at", time_json(r->closed_at, t->outlet), "channel",
			      channels[rng_range(0, 4)], "covers", (json_int_t)r->covers);
	if (rng_chance(50))
		json_object_set_new(j, "opened_at",
				    time_json(r->closed_at - rng_range(0, 5400), t->outlet));
	json_t *lines = json_array();
	for (size_t i = 0; i < r->n_lines; i++) {
		const struct rline *l = &r->lines[i];
		json_t *jl = json_pack("{s:s, s:s, s:s, s:I, s:I}", "item_id", menu[l->item].id,
				       "name", menu[l->item].name, "category",
				       menu[l->item].category, "qty", (json_int_t)l->qty,
				       "unit_price", (json_int_t)menu[l->item].price);
		if (l->mods) {
			/* Split the per-unit modifier total into one or two modifiers. */
			json_t *mods = json_array();
			if (l->mods >= 5000 && rng_chance(50)) {
				json_array_append_new(mods, json_pack("{s:s, s:i}", "name",
								      "Extra Shot", "price", 2500));
				json_array_append_new(mods, json_pack("{s:s, s:I}", "name",
								      "Less Sugar", "price",
								      (json_int_t)(l->mods - 2500)));
			} else {
				json_array_append_new(mods, json_pack("{s:s, s:I}", "name", "Topping",
								      "price", (json_int_t)l->mods));
			}
			json_object_set_new(jl, "modifiers", mods);
		}
		if (l->discount)
			json_object_set_new(jl, "discount", json_integer(l->discount));
		json_array_append_new(lines, jl);
	}
	json_object_set_new(j, "lines", lines);
	if (r->ticket_discount)
		json_object_set_new(j, "discounts",
				    json_pack("[{s:s, s:I}]", "name", "Promo Gajian", "amount",
					      (json_int_t)r->ticket_discount));
	if (r->service)
		json_object_set_new(j, "service_charge", json_integer(r->service));
	if (r->tax)
		json_object_set_new(j, "tax", json_integer(r->tax));
	if (r->rounding)
		json_object_set_new(j, "rounding", json_integer(r->rounding));
	int64_t due = rev_net(r) + r->service + r->tax + r->rounding;
	json_t *pays = json_array();
	if (due > 20000 && rng_chance(30)) {
		int64_t first = due / 2;
		json_array_append_new(pays, json_pack("{s:s, s:I}", "method", methods[rng_range(0, 4)],
						      "amount", (json_int_t)first));
		json_array_append_new(pays, json_pack("{s:s, s:I}", "method", "cash", "amount",
						      (json_int_t)(due - first)));
	} else {
		json_array_append_new(pays, json_pack("{s:s, s:I}", "method", methods[rng_range(0, 4)],
						      "amount", (json_int_t)due));
	}
	json_object_set_new(j, "payments", pays);
	if (r->n_refunds || rng_chance(20)) {
		json_t *refunds = json_array();
		for (size_t i = 0; i < r->n_refunds; i++) {
			const struct rrefund *f = &t->refunds[i];
			char at[32];
			format_time(f->at, outlet_off[t->outlet], at);
			json_array_append_new(refunds,
					      json_pack("{s:s, s:s, s:I, s:s}", "refund_id", f->id,
							"at", at, "amount", (json_int_t)f->amount,
							"reason", "pelanggan komplain"));
		}
		json_object_set_new(j, "refunds", refunds);
	}
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return text;
}

/* One random ticket with 1–4 revisions (see the file comment). */
static void random_ticket(struct rticket *t, const char *prefix, size_t index)
{
	memset(t, 0, sizeof *t);
	snprintf(t->id, sizeof t->id, "%s-%04zu", prefix, index);
	t->outlet = (int)rng_range(0, 1);
	int64_t day = days_from_civil(2027, 4, 1) + rng_range(0, 9);
	int64_t base = random_sale_time(day, t->outlet);
	int64_t pick = rng_range(0, 99);
	t->n_revs = pick < 50 ? 1 : pick < 75 ? 2 : pick < 90 ? 3 : 4;
	for (size_t k = 0; k < t->n_revs; k++) {
		int64_t at = base;
		if (k > 0 && rng_chance(30))
			at += rng_range(-3 * 3600, 3 * 3600); /* may cross the cut-off */
		random_revision(&t->revs[k], at);
	}
	bool refunded = rng_chance(25);
	if (refunded) {
		int64_t latest = 0, min_net = INT64_MAX;
		for (size_t k = 0; k < t->n_revs; k++) {
			if (t->revs[k].closed_at > latest)
				latest = t->revs[k].closed_at;
			if (rev_net(&t->revs[k]) < min_net)
				min_net = rev_net(&t->revs[k]);
		}
		t->n_refunds = (size_t)rng_range(1, MAX_REFUNDS);
		for (size_t i = 0; i < t->n_refunds; i++) {
			struct rrefund *f = &t->refunds[i];
			snprintf(f->id, sizeof f->id, "RF-%zu", i + 1);
			f->at = latest + rng_range(60, 2 * 86400);
			f->amount = rng_range(1, min_net / 4 / 500 > 1 ? min_net / 4 / 500 : 1) * 500;
			if (f->amount * MAX_REFUNDS > min_net)
				f->amount = 1;
		}
		/* Refunds accumulate: each revision carries at least the previous one's. */
		size_t prev = 0;
		for (size_t k = 0; k < t->n_revs; k++) {
			size_t n = k + 1 == t->n_revs ? t->n_refunds
						       : (size_t)rng_range((int64_t)prev,
									   (int64_t)t->n_refunds);
			t->revs[k].n_refunds = n;
			prev = n;
		}
	} else if (rng_chance(20)) {
		t->revs[t->n_revs - 1].is_void = true;
	} else if (t->n_revs > 1 && rng_chance(10)) {
		t->revs[0].is_void = true; /* voided, then reopened by a later revision */
	}
	for (size_t k = 0; k < t->n_revs; k++)
		t->revs[k].json = revision_json(t, k);
}

static void free_tickets(struct rticket *ts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ts[i].n_revs; k++)
			free(ts[i].revs[k].json);
}

/* The expected figures per business day from..to (days since epoch) for the
 * outlet (-1 = all): the last revision of each ticket and all its refunds. */
static struct e2e_day *model_days(const struct rticket *ts, size_t n, int outlet, int64_t from,
				  int64_t to)
{
	size_t n_days = (size_t)(to - from + 1);
	struct e2e_day *days = calloc(n_days, sizeof *days);
	assert_non_null(days);
	for (size_t i = 0; i < n_days; i++)
		format_date(from + (int64_t)i, days[i].date);
	for (size_t i = 0; i < n; i++) {
		const struct rticket *t = &ts[i];
		if (outlet >= 0 && t->outlet != outlet)
			continue;
		const struct rrev *r = &t->revs[t->n_revs - 1];
		int64_t bd = business_day(r->closed_at, t->outlet);
		if (bd >= from && bd <= to) {
			struct e2e_day *d = &days[bd - from];
			if (r->is_void) {
				d->voids++;
			} else {
				d->gross_sales += rev_gross(r);
				d->line_discounts += rev_line_discounts(r);
				d->ticket_discounts += r->ticket_discount;
				d->tax += r->tax;
				d->service_charge += r->service;
				d->tickets++;
				d->covers += r->covers;
			}
		}
		for (size_t k = 0; k < t->n_refunds; k++) {
			int64_t rd = business_day(t->refunds[k].at, t->outlet);
			if (rd >= from && rd <= to) {
				days[rd - from].refunds += t->refunds[k].amount;
				days[rd - from].refund_count++;
			}
		}
	}
	return days;
}

/* ---- sending ---- */

struct send {
	size_t ticket, rev;
};

/* Every revision once, some twice or three times, shuffled. *n gets the count. */
static struct send *make_sends(const struct rticket *ts, size_t n_tickets, size_t *n)
{
	size_t cap = 0;
	for (size_t i = 0; i < n_tickets; i++)
		cap += ts[i].n_revs * 3;
	struct send *s = calloc(cap, sizeof *s);
	assert_non_null(s);
	*n = 0;
	for (size_t i = 0; i < n_tickets; i++) {
		for (size_t k = 0; k < ts[i].n_revs; k++) {
			int64_t copies = 1 + (rng_chance(30) ? 1 : 0) + (rng_chance(10) ? 1 : 0);
			for (int64_t c = 0; c < copies; c++)
				s[(*n)++] = (struct send){.ticket = i, .rev = k};
		}
	}
	for (size_t i = *n; i > 1; i--) {
		size_t j = (size_t)rng_range(0, (int64_t)i - 1);
		struct send tmp = s[i - 1];
		s[i - 1] = s[j];
		s[j] = tmp;
	}
	return s;
}

/* The body of a batch: the stored texts joined into a JSON array. */
static char *batch_text(const struct rticket *ts, const struct send *s, size_t n)
{
	size_t len = 3;
	for (size_t i = 0; i < n; i++)
		len += strlen(ts[s[i].ticket].revs[s[i].rev].json) + 1;
	char *text = malloc(len);
	assert_non_null(text);
	size_t used = 0;
	text[used++] = '[';
	for (size_t i = 0; i < n; i++) {
		const char *j = ts[s[i].ticket].revs[s[i].rev].json;
		size_t jl = strlen(j);
		if (i)
			text[used++] = ',';
		memcpy(text + used, j, jl);
		used += jl;
	}
	text[used++] = ']';
	text[used] = '\0';
	return text;
}

/* What the server must answer for one send, given what it has seen so far. */
struct seen {
	size_t max_rev; /* 0 = never seen, else 1-based */
	size_t recorded_refunds;
};

static void expect_outcome(const struct rticket *t, size_t rev, struct seen *sn,
			   const json_t *res, const char *body)
{
	const char *want;
	size_t added = 0;
	if (sn->max_rev == 0 || rev + 1 > sn->max_rev) {
		want = sn->max_rev == 0 ? "created" : "updated";
		size_t carried = t->revs[rev].n_refunds;
		if (carried > sn->recorded_refunds) {
			added = carried - sn->recorded_refunds;
			sn->recorded_refunds = carried;
		}
		sn->max_rev = rev + 1;
	} else {
		want = "duplicate";
	}
	const char *got = e2e_json_str(res, "outcome");
	if (strcmp(got, want) != 0)
		fail_msg("%s revision %zu: want %s, got %s (reason \"%s\")\nseed %llu; answer: %.2000s",
			 t->id, rev + 1, want, got, e2e_json_str(res, "reason"),
			 (unsigned long long)seed, body);
	if (e2e_json_int(res, "refunds_added") != (int64_t)added)
		fail_msg("%s revision %zu: want refunds_added %zu, got %lld (seed %llu)", t->id,
			 rev + 1, added, (long long)e2e_json_int(res, "refunds_added"),
			 (unsigned long long)seed);
	if (strcmp(want, "duplicate") != 0 &&
	    e2e_json_int(res, "revision") != (int64_t)(rev + 1))
		fail_msg("%s: want revision %zu in the result", t->id, rev + 1);
	if (strcmp(e2e_json_str(res, "ticket_id"), t->id) != 0)
		fail_msg("result for %s names ticket \"%s\"", t->id, e2e_json_str(res, "ticket_id"));
}

/* Compares the summary (merchant, each outlet, and a slice) with the model and
 * with the SQL oracle over the raw rows. */
static void check_summaries(const struct rticket *ts, size_t n)
{
	int64_t from = days_from_civil(2027, 3, 30), to = days_from_civil(2027, 4, 14);
	int64_t slices[][2] = {{from, to}, {days_from_civil(2027, 4, 3), days_from_civil(2027, 4, 5)}};
	for (size_t s = 0; s < 2; s++) {
		for (int outlet = -1; outlet < 2; outlet++) {
			char f[11], t[11], path[256], why[4096];
			format_date(slices[s][0], f);
			format_date(slices[s][1], t);
			int64_t oid = outlet < 0 ? 0 : outlet_ids[outlet];
			int nn = snprintf(path, sizeof path,
					  "/v1/merchants/%lld/summary?from=%s&to=%s",
					  (long long)merchant, f, t);
			if (oid)
				snprintf(path + nn, sizeof path - (size_t)nn, "&outlet=%lld",
					 (long long)oid);
			struct e2e_resp r;
			assert_int_equal(e2e_call(&env, "GET", path,
						  outlet < 0 ? env.moka_key : merchant_key, NULL, &r),
					 0);
			if (r.status != 200)
				fail_msg("GET %s: %ld %s", path, r.status, r.body);

			struct e2e_day *want = model_days(ts, n, outlet, slices[s][0], slices[s][1]);
			size_t n_days = (size_t)(slices[s][1] - slices[s][0] + 1);
			int bad = e2e_summary_matches(r.json, want, n_days, why, sizeof why);
			free(want);
			if (bad) {
				e2e_resp_free(&r);
				fail_msg("%s: summary differs from the model (seed %llu):%s", path,
					 (unsigned long long)seed, why);
			}
			struct e2e_day *sql;
			size_t n_sql;
			if (e2e_oracle_days(env.db, merchant, oid, f, t, &sql, &n_sql, why, sizeof why))
				fail_msg("oracle: %s", why);
			bad = e2e_summary_matches(r.json, sql, n_sql, why, sizeof why);
			free(sql);
			e2e_resp_free(&r);
			if (bad)
				fail_msg("%s: summary differs from the raw rows (seed %llu):%s", path,
					 (unsigned long long)seed, why);
		}
	}
	/* The model covered every sale and refund inside the range. */
	for (size_t i = 0; i < n; i++) {
		const struct rticket *t = &ts[i];
		int64_t bd = business_day(t->revs[t->n_revs - 1].closed_at, t->outlet);
		assert_true(bd >= from && bd <= to);
		for (size_t k = 0; k < t->n_refunds; k++) {
			int64_t rd = business_day(t->refunds[k].at, t->outlet);
			assert_true(rd >= from && rd <= to);
		}
	}
}

static struct rticket *tickets_seq, *tickets_conc;

static int setup(void **state)
{
	(void)state;
	const char *s = getenv("E2E_SEED");
	if (s && *s) {
		char *end;
		unsigned long long v = strtoull(s, &end, 10);
		if (*end == '\0')
			seed = v;
	}
	fprintf(stderr, "e2e_summary: seed %llu (set E2E_SEED to change)\n",
		(unsigned long long)seed);
	rng_state = seed;
	if (e2e_env_init(&env, clario_path) || e2e_env_setup(&env) ||
	    e2e_server_start(&env, NULL))
		return -1;
	merchant = e2e_create_merchant(&env, env.moka_key, "Kopi Senja", "cafe", NULL);
	if (merchant < 0)
		return -1;
	outlet_ids[0] = e2e_create_outlet(&env, env.moka_key, merchant, outlet_ext[0],
					  "Senopati", "Asia/Jakarta", "04:00", NULL);
	outlet_ids[1] = e2e_create_outlet(&env, env.moka_key, merchant, outlet_ext[1],
					  "Jayapura", "Asia/Jayapura", "04:00", NULL);
	if (outlet_ids[0] < 0 || outlet_ids[1] < 0 ||
	    e2e_merchant_key(&env, merchant, merchant_key))
		return -1;
	tickets_seq = calloc(N_TICKETS, sizeof *tickets_seq);
	tickets_conc = calloc(N_TICKETS, sizeof *tickets_conc);
	return tickets_seq && tickets_conc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	int rc = env.pid > 0 ? e2e_server_stop(&env) : 0;
	e2e_env_release(&env);
	if (tickets_seq)
		free_tickets(tickets_seq, N_TICKETS);
	if (tickets_conc)
		free_tickets(tickets_conc, N_TICKETS);
	free(tickets_seq);
	free(tickets_conc);
	return rc == 0 ? 0 : -1;
}

static void test_random_sequential(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TICKETS; i++)
		random_ticket(&tickets_seq[i], "S", i);
	size_t n_sends;
	struct send *sends = make_sends(tickets_seq, N_TICKETS, &n_sends);
	struct seen *seen = calloc(N_TICKETS, sizeof *seen);
	assert_non_null(seen);
	size_t pos = 0, batches = 0;
	while (pos < n_sends) {
		size_t n = (size_t)rng_range(1, 60);
		if (n > n_sends - pos)
			n = n_sends - pos;
		char *body = batch_text(tickets_seq, sends + pos, n);
		struct e2e_resp r;
		const char *key = rng_chance(50) ? env.moka_key : merchant_key;
		assert_int_equal(e2e_call(&env, "POST", "/v1/tickets", key, body, &r), 0);
		free(body);
		if (r.status != 200)
			fail_msg("POST /v1/tickets (%zu tickets): %ld %s", n, r.status, r.body);
		json_t *results = json_object_get(r.json, "results");
		assert_int_equal(json_array_size(results), n);
		for (size_t i = 0; i < n; i++) {
			const struct send *s = &sends[pos + i];
			json_t *res = json_array_get(results, i);
			assert_int_equal(e2e_json_int(res, "index"), (int64_t)i);
			expect_outcome(&tickets_seq[s->ticket], s->rev, &seen[s->ticket], res, r.body);
		}
		e2e_resp_free(&r);
		pos += n;
		batches++;
	}
	free(seen);
	free(sends);
	print_message("sent %zu tickets (%d distinct) in %zu batches\n", n_sends, N_TICKETS,
		      batches);
	check_summaries(tickets_seq, N_TICKETS);
	assert_int_equal(e2e_cli(&env, true, NULL, 0, "rollups", "check", NULL), 0);
}

/* ---- concurrent clients ---- */

struct client {
	struct e2e_env env; /* a copy sharing the server, with its own curl handle */
	const struct rticket *ts;
	const struct send *sends;
	size_t n_sends, first_batch, stride;
	size_t batch_size;
	int64_t created, updated, duplicate, rejected, busy_retries;
	char error[512];
};

static void *client_run(void *arg)
{
	struct client *c = arg;
	c->env.curl = curl_easy_init();
	if (!c->env.curl) {
		snprintf(c->error, sizeof c->error, "curl_easy_init failed");
		return NULL;
	}
	size_t n_batches = (c->n_sends + c->batch_size - 1) / c->batch_size;
	for (size_t b = c->first_batch; b < n_batches && !c->error[0]; b += c->stride) {
		size_t pos = b * c->batch_size;
		size_t n = c->n_sends - pos < c->batch_size ? c->n_sends - pos : c->batch_size;
		char *body = batch_text(c->ts, c->sends + pos, n);
		struct e2e_resp r = {0};
		for (int attempt = 0; attempt < 20; attempt++) {
			if (e2e_call(&c->env, "POST", "/v1/tickets", c->env.moka_key, body, &r)) {
				snprintf(c->error, sizeof c->error, "transport failure");
				break;
			}
			if (r.status != 503)
				break;
			c->busy_retries++; /* "busy: nothing was committed": retry */
			e2e_resp_free(&r);
			usleep(50000);
		}
		free(body);
		if (!c->error[0] && r.status != 200)
			snprintf(c->error, sizeof c->error, "POST: %ld %.400s", r.status,
				 r.body ? r.body : "");
		if (!c->error[0]) {
			c->created += e2e_json_int(r.json, "counts.created");
			c->updated += e2e_json_int(r.json, "counts.updated");
			c->duplicate += e2e_json_int(r.json, "counts.duplicate");
			c->rejected += e2e_json_int(r.json, "counts.rejected");
			if (c->rejected)
				snprintf(c->error, sizeof c->error, "rejected: %.400s", r.body);
		}
		e2e_resp_free(&r);
	}
	curl_easy_cleanup(c->env.curl);
	c->env.curl = NULL;
	return NULL;
}

static void test_random_concurrent(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TICKETS; i++)
		random_ticket(&tickets_conc[i], "C", i);
	size_t n_sends;
	struct send *sends = make_sends(tickets_conc, N_TICKETS, &n_sends);
	struct client clients[N_CLIENTS];
	pthread_t threads[N_CLIENTS];
	memset(clients, 0, sizeof clients);
	for (size_t i = 0; i < N_CLIENTS; i++) {
		clients[i].env = env;
		clients[i].ts = tickets_conc;
		clients[i].sends = sends;
		clients[i].n_sends = n_sends;
		clients[i].first_batch = i;
		clients[i].stride = N_CLIENTS;
		clients[i].batch_size = 10;
		assert_int_equal(pthread_create(&threads[i], NULL, client_run, &clients[i]), 0);
	}
	int64_t created = 0, updated = 0, duplicate = 0, busy = 0;
	for (size_t i = 0; i < N_CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		if (clients[i].error[0])
			fail_msg("client %zu: %s", i, clients[i].error);
		created += clients[i].created;
		updated += clients[i].updated;
		duplicate += clients[i].duplicate;
		busy += clients[i].busy_retries;
	}
	free(sends);
	print_message("concurrent: %zu sends: %lld created, %lld updated, %lld duplicate, "
		      "%lld busy retries\n",
		      n_sends, (long long)created, (long long)updated, (long long)duplicate,
		      (long long)busy);
	assert_int_equal(created, N_TICKETS);
	assert_int_equal(created + updated + duplicate, (int64_t)n_sends);

	/* Both data sets together. */
	struct rticket *all = calloc(2 * N_TICKETS, sizeof *all);
	assert_non_null(all);
	memcpy(all, tickets_seq, N_TICKETS * sizeof *all);
	memcpy(all + N_TICKETS, tickets_conc, N_TICKETS * sizeof *all);
	check_summaries(all, 2 * N_TICKETS);
	free(all); /* shallow copies: the texts belong to the two arrays */
	assert_int_equal(e2e_cli(&env, true, NULL, 0, "rollups", "check", NULL), 0);
}

int main(int argc, char **argv)
{
	if (e2e_parse_args(argc, argv, &clario_path) != 0)
		return 2;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_sequential),
		cmocka_unit_test(test_random_concurrent),
	};
	return cmocka_run_group_tests_name("e2e_summary", tests, setup, teardown);
}
