/* The partner programme's demo data (see demo_programme.h). Deterministic: a
 * fixed-seed generator, so every `clario demo` shows the same figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/demo/demo_programme.h"
#include "partners/programme.h"
#include "programme/report.h"
#include "programme/token.h"
#include "store/billing.h"
#include "store/programme.h"

#define PILOT_SIZE 20
#define WIB (7 * 3600)

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t below)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % below);
}

static int64_t at_wib(day_t d, int hour, int minute)
{
	return (int64_t)d * 86400 + hour * 3600 + minute * 60 - WIB;
}

static day_t date(int y, int m, int d)
{
	return tz_days_from_civil(y, m, d);
}

static const char *const extra_names[] = {
	"Kopi Tuku Cipete", "Warung Nasi Bu Ratna", "Roti Bakar 88", "Es Teh Nusantara",
	"Kedai Kopi Kulo", "Mie Gacoan Lokal", "Soto Betawi H. Mamat", "Bakmi Ahong",
	"Ayam Geprek Mbak Sri", "Sate Khas Senayan Mini", "Kopi Kenangan Teman", "Dapur Cokelat Ibu",
	"Nasi Uduk Kebon Kacang", "Martabak Pecenongan 65", "Bubur Ayam Barito", "Pempek Palembang Cek Ida",
	"Kopi Janji Jiwa Rumah", "Gudeg Yu Djum Cabang", "Bakso Solo Samrat", "Lontong Sayur Medan",
};

static enum clario_status pilot_cohort(struct store *s, const struct demo_world *w, int64_t moka,
				       int64_t cohort[PILOT_SIZE], int64_t *extra,
				       struct clario_err *err)
{
	size_t n = 0;
	for (size_t i = 0; i < w->n_merchants && n < PILOT_SIZE; i++)
		if (w->merchants[i].partner == 0)
			cohort[n++] = w->merchants[i].id;
	/* Moka brought more merchants than the sales demo holds: they join here,
	 * and the rest of the names stay outside the pilot as its comparison group. */
	enum clario_status st = CLARIO_OK;
	for (size_t k = 0; k < sizeof extra_names / sizeof *extra_names && st == CLARIO_OK; k++) {
		int64_t id = 0;
		st = store_merchant_create(s, moka, extra_names[k], "cafe", &id, err);
		extra[k] = id;
		if (n < PILOT_SIZE)
			cohort[n++] = id;
	}
	return st;
}

/* Usage Jan–Jun 2027: adopters use Clario on 1–5 days a week, the others now
 * and then. */
static enum clario_status usage(struct store *s, const int64_t *ids, size_t n, int64_t via,
				unsigned adopters_pct, struct clario_err *err)
{
	day_t from = date(2027, 1, 4), to = date(2027, 6, 27);
	struct store_usage_event *ev = calloc(4096, sizeof *ev);
	size_t k = 0;
	enum clario_status st = ev ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	static const char *const kinds[] = {"dashboard_view", "dashboard_view", "login", "export",
					    "report_download"};
	for (size_t i = 0; i < n && st == CLARIO_OK; i++) {
		bool adopter = rnd(100) < adopters_pct;
		for (day_t d = from; d <= to && st == CLARIO_OK; d++) {
			uint32_t chance = adopter ? 45 : 6;
			if (rnd(100) >= chance)
				continue;
			struct store_usage_event *e = &ev[k++];
			memset(e, 0, sizeof *e);
			e->merchant_id = ids[i];
			e->via_partner_id = rnd(3) == 0 ? via : 0;
			snprintf(e->kind, sizeof e->kind, "%s", kinds[rnd(5)]);
			e->at = at_wib(d, 8 + (int)rnd(13), (int)rnd(60));
			e->day = d;
			if (k == 4096) {
				st = store_programme_usage_insert(s, ev, k, err);
				k = 0;
			}
		}
	}
	if (st == CLARIO_OK && k)
		st = store_programme_usage_insert(s, ev, k, err);
	free(ev);
	return st;
}

static enum clario_status terms(struct store *s, int64_t partner, const char *by, const char *tz,
				int64_t resp_h, int64_t reso_h, struct clario_err *err)
{
	static const char *const prio[] = {"low", "normal", "high", "urgent"};
	static const int64_t factor[] = {2, 1, 1, 1};
	static const int64_t divide[] = {1, 1, 2, 4};
	enum clario_status st = CLARIO_OK;
	for (int i = 0; i < 4 && st == CLARIO_OK; i++) {
		struct store_support_terms t = {.partner_id = partner, .open_s = 9 * 3600,
						.close_s = 17 * 3600, .days = 0x1f};
		snprintf(t.priority, sizeof t.priority, "%s", prio[i]);
		snprintf(t.handled_by, sizeof t.handled_by, "%s", by);
		snprintf(t.tz, sizeof t.tz, "%s", tz);
		t.response_s = resp_h * 3600 * factor[i] / divide[i];
		t.resolution_s = reso_h * 3600 * factor[i] / divide[i];
		st = store_programme_terms_set(s, &t, err);
	}
	return st;
}

static const char *const subjects[] = {
	"Penjualan kemarin belum muncul", "Grafik jam sibuk kosong", "Export CSV gagal",
	"Laporan bulanan tidak terkirim", "Menu baru tidak terbaca", "Sinkronisasi Moka terlambat",
	"Angka refund berbeda dengan POS", "Tidak bisa login",
};

/* Tickets Feb–May 2027: most answered within hours, a few left over a weekend
 * or for days (the SLA breaches). */
static enum clario_status tickets(struct store *s, const struct demo_world *w, struct clario_err *err)
{
	static const char *const prio[] = {"normal", "normal", "normal", "high", "low", "urgent"};
	enum clario_status st = CLARIO_OK;
	day_t from = date(2027, 2, 1);
	for (int i = 0; i < 60 && st == CLARIO_OK; i++) {
		const struct demo_merchant *m = &w->merchants[rnd((uint32_t)w->n_merchants)];
		struct store_support_ticket t = {0};
		t.merchant_id = m->id;
		t.partner_id = m->partner >= 0 ? w->partners[m->partner].id : 0;
		snprintf(t.opened_by, sizeof t.opened_by, "%s",
			 rnd(4) == 0 ? "partner" : rnd(6) == 0 ? "clario" : "merchant");
		snprintf(t.priority, sizeof t.priority, "%s", prio[rnd(6)]);
		snprintf(t.subject, sizeof t.subject, "%s", subjects[rnd(8)]);
		day_t d = (day_t)(from + (day_t)rnd(118));
		t.opened_at = at_wib(d, 7 + (int)rnd(14), (int)rnd(60));
		if ((st = programme_ticket_assign(s, &t, err)))
			break;
		if ((st = store_programme_ticket_create(s, &t, err)))
			break;
		/* one in six answered late (after 1-4 days), the rest within 0.5-3 h */
		bool late = rnd(6) == 0;
		int64_t resp = late ? (int64_t)(86400 * (1 + rnd(4))) : (int64_t)(1800 + rnd(9000));
		int64_t reso = resp + (late ? (int64_t)(86400 * (1 + rnd(3))) : (int64_t)(3600 + rnd(86400)));
		if (rnd(12) == 0)
			continue; /* still open */
		st = store_programme_ticket_mark(s, t.id, false, t.opened_at + resp, err);
		if (st == CLARIO_OK && rnd(10) != 0)
			st = store_programme_ticket_mark(s, t.id, true, t.opened_at + reso, err);
	}
	return st;
}

static enum clario_status survey(struct store *s, const char *audience, int64_t partner,
				 int64_t pilot, const char *title, int64_t sent,
				 const int64_t *merchants, size_t n, const char *const *contacts,
				 size_t n_contacts, unsigned answer_pct, int mood,
				 struct clario_err *err)
{
	struct store_survey sv = {.partner_id = partner, .pilot_id = pilot, .created_at = sent};
	snprintf(sv.audience, sizeof sv.audience, "%s", audience);
	snprintf(sv.title, sizeof sv.title, "%s", title);
	enum clario_status st = store_programme_survey_create(s, &sv, err);
	size_t total = merchants ? n : n_contacts;
	static const char *const comments[] = {"Sangat membantu untuk atur stok", "Grafiknya jelas",
					       "Kadang data telat masuk", NULL, NULL,
					       "Perlu laporan per shift"};
	for (size_t i = 0; i < total && st == CLARIO_OK; i++) {
		char token[PROGRAMME_TOKEN_LEN + 1];
		unsigned char hash[32];
		bool skipped = false;
		programme_token_new(token, hash);
		if (merchants)
			st = store_programme_invite_merchant(s, sv.id, merchants[i], partner, hash, sent,
							     sent - 90 * 86400LL, &skipped, err);
		else
			st = store_programme_invite_contact(s, sv.id, partner, contacts[i], hash, sent, err);
		if (st || skipped || rnd(100) >= answer_pct)
			continue;
		int score = mood + (int)rnd(5) - 2;
		score = score < 0 ? 0 : score > 10 ? 10 : score;
		st = store_programme_answer(s, hash, score, comments[rnd(6)],
					    sent + 3600 * (1 + (int64_t)rnd(72)), err);
	}
	return st;
}

/* Moka sells Clario to more merchants than the sales demo holds: beside the
 * 20 extra names, a roll-out of merchants without POS history (subscriptions
 * only) from February 2027, while some direct merchants leave. */
#define ROLLOUT 18

static enum clario_status moka_sub(struct store *s, int64_t merchant, int64_t moka, day_t start,
				   day_t end, struct clario_err *err)
{
	struct partners_actor a = {"demo", (instant_t)(start - 1) * 86400 + 9 * 3600};
	struct store_subscription x = {.merchant_id = merchant, .partner_id = moka,
				       .price = 249000, .start_day = start, .end_day = end};
	memcpy(x.source, "partner", sizeof "partner");
	return partners_sub_add(s, &a, &x, err);
}

/* Subscriptions for the programme's merchants, then billing's closes of
 * 2026-11..2027-06 so the pilot, scorecards and the concentration rule read
 * real revenue: Moka's share climbs past 25% in April 2027 and 30% in May. */
static enum clario_status billing_months(struct store *s, const struct demo_world *w,
					 const int64_t *extra, size_t n_extra,
					 struct clario_err *err)
{
	int64_t moka = w->partners[0].id;
	enum clario_status st = CLARIO_OK;
	/* the 20 extra names from January; two of the comparison group leave in March */
	for (size_t i = 0; i < n_extra && st == CLARIO_OK; i++)
		st = moka_sub(s, extra[i], moka, date(2027, 1, 1 + (int)(i % 10)),
			      i >= n_extra - 2 ? date(2027, 3, 15) : 0, err);
	/* Moka's roll-out after the pilot's first month: 4 merchants in March, 8
	 * in April, 6 in May (Moka's share of Clario's revenue: ~21%, ~26%, ~32%) */
	for (int i = 0; i < ROLLOUT && st == CLARIO_OK; i++) {
		char name[64];
		int64_t id = 0;
		snprintf(name, sizeof name, "Moka Outlet Partner %02d", i + 1);
		st = store_merchant_create(s, moka, name, "cafe", &id, err);
		if (st == CLARIO_OK)
			st = moka_sub(s, id, moka, date(2027, i < 4 ? 3 : i < 12 ? 4 : 5, 1 + i % 5), 0,
				      err);
	}
	/* some direct merchants leave in April and May */
	struct store_subscription *subs = NULL;
	size_t n_subs = 0, left = 0;
	if (st == CLARIO_OK)
		st = store_billing_sub_list(s, 0, &subs, &n_subs, err);
	for (size_t i = 0; i < n_subs && st == CLARIO_OK && left < 8; i++) {
		if (strcmp(subs[i].source, "direct") != 0 || subs[i].end_day)
			continue;
		struct partners_actor a = {"demo", (instant_t)date(2027, 3, 20) * 86400};
		st = partners_sub_cancel(s, &a, subs[i].id,
					 left % 2 ? date(2027, 4, 30) : date(2027, 3, 31), err);
		left++;
	}
	free(subs);
	for (int m = 11; m <= 18 && st == CLARIO_OK; m++) {
		char month[8];
		int y = m <= 12 ? 2026 : 2027, mm = m <= 12 ? m : m - 12;
		snprintf(month, sizeof month, "%04d-%02d", y % 10000, mm % 100);
		day_t next = mm == 12 ? date(y + 1, 1, 1) : date(y, mm + 1, 1);
		struct partners_actor a = {"demo", (instant_t)next * 86400 + 9 * 3600};
		struct partners_close_result r;
		st = partners_close(s, &a, month, &r, err);
	}
	return st;
}

enum clario_status demo_programme(struct store *s, const struct demo_world *w,
				  struct clario_err *err)
{
	int64_t moka = w->partners[0].id, pawoon = w->partners[1].id, cohort[PILOT_SIZE];
	int64_t pilot_id = 0;
	struct store_merchant *all = NULL;
	size_t n_all = 0;
	static const char *const moka_contacts[] = {"partnership@moka.example", "support@moka.example",
						    "product@moka.example"};
	static const char *const pawoon_contacts[] = {"bd@pawoon.example", "cs@pawoon.example"};
	int64_t extra[sizeof extra_names / sizeof *extra_names];
	enum clario_status st = pilot_cohort(s, w, moka, cohort, extra, err);
	struct store_pilot p = {.partner_id = moka, .start_day = date(2027, 2, 1),
				.end_day = date(2027, 5, 31), .active_days = 1, .weeks_required = 3,
				.weeks_window = 4, .n_criteria = 5};
	snprintf(p.name, sizeof p.name, "Moka Analytics powered by Clario — pilot");
	p.criteria[0] = (struct store_pilot_criterion){"adoption", 5000};
	p.criteria[1] = (struct store_pilot_criterion){"satisfaction_mean", 700};
	p.criteria[2] = (struct store_pilot_criterion){"satisfaction_nps", 0};
	p.criteria[3] = (struct store_pilot_criterion){"retention_lift", 0};
	p.criteria[4] = (struct store_pilot_criterion){"revenue_lift", 0};
	if (st == CLARIO_OK)
		st = store_programme_pilot_create(s, &p, cohort, PILOT_SIZE, at_wib(date(2027, 1, 20), 10, 0),
						  &pilot_id, err);
	if (st == CLARIO_OK)
		st = usage(s, cohort, PILOT_SIZE, moka, 65, err);
	if (st == CLARIO_OK)
		st = store_merchant_list(s, -1, &all, &n_all, err);
	int64_t *rest = st ? NULL : calloc(n_all + 1, sizeof *rest);
	int64_t *pawoon_ids = st ? NULL : calloc(n_all + 1, sizeof *pawoon_ids);
	size_t n_rest = 0, n_pawoon = 0;
	if (st == CLARIO_OK && (!rest || !pawoon_ids))
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; st == CLARIO_OK && i < n_all; i++) {
		bool in = false;
		for (size_t c = 0; c < PILOT_SIZE; c++)
			in |= cohort[c] == all[i].id;
		if (!in)
			rest[n_rest++] = all[i].id;
		if (all[i].partner_id == pawoon)
			pawoon_ids[n_pawoon++] = all[i].id;
	}
	/* everyone outside the pilot uses Clario less */
	if (st == CLARIO_OK)
		st = usage(s, rest, n_rest, 0, 35, err);
	if (st == CLARIO_OK)
		st = survey(s, "merchant", pawoon, 0, "NPS Pawoon merchants April 2027",
			    at_wib(date(2027, 4, 12), 10, 0), pawoon_ids, n_pawoon, NULL, 0, 70, 7, err);
	free(rest);
	free(pawoon_ids);
	free(all);
	if (st == CLARIO_OK)
		st = survey(s, "merchant", moka, pilot_id, "Pilot NPS — March 2027",
			    at_wib(date(2027, 3, 15), 10, 0), cohort, PILOT_SIZE, NULL, 0, 80, 8, err);
	if (st == CLARIO_OK)
		st = survey(s, "partner", moka, 0, "Partner NPS Q1 2027", at_wib(date(2027, 3, 22), 10, 0),
			    NULL, 0, moka_contacts, 3, 100, 8, err);
	if (st == CLARIO_OK)
		st = survey(s, "partner", pawoon, 0, "Partner NPS Q1 2027",
			    at_wib(date(2027, 3, 22), 10, 0), NULL, 0, pawoon_contacts, 2, 100, 7, err);
	if (st == CLARIO_OK)
		st = terms(s, moka, "partner", "Asia/Jakarta", 4, 16, err);
	if (st == CLARIO_OK)
		st = terms(s, pawoon, "clario", "Asia/Jakarta", 8, 40, err);
	if (st == CLARIO_OK)
		st = tickets(s, w, err);
	if (st == CLARIO_OK)
		st = billing_months(s, w, extra, sizeof extra / sizeof *extra, err);
	if (st == CLARIO_OK)
		printf("  programme    Moka pilot %lld (20 merchants, 2027-02-01..2027-05-31), surveys,"
		       " tickets, usage; try: clario report partners --month 2027-03\n",
		       (long long)pilot_id);
	return st;
}
