/* Insights: ranking and the Bahasa Indonesia / English templates. */
#include "analytics/insights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/anomaly.h"
#include "analytics/menu.h"
#include "base/tz.h"

static int cmp(const void *x, const void *y)
{
	const struct insight_finding *a = x, *b = y;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->impact != b->impact)
		return a->impact > b->impact ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->subject, b->subject);
}

void insights_rank(struct insight_finding *f, size_t n)
{
	if (n > 1)
		qsort(f, n, sizeof *f, cmp);
}

struct insight_finding *insights_add(struct insight_finding *arr, size_t *n, size_t cap)
{
	if (*n >= cap)
		return NULL;
	memset(&arr[*n], 0, sizeof arr[*n]);
	return &arr[(*n)++];
}

static struct insight_finding *list_add(struct insight_list *l, enum insight_kind kind,
					 int severity, const char *path)
{
	struct insight_finding *f = insights_add(l->f, &l->n, l->cap);
	if (f) {
		f->kind = kind;
		f->severity = severity;
		snprintf(f->path, sizeof f->path, "%s", path);
	}
	return f;
}

rupiah_t insights_price_step(const struct menu_result *m, size_t item)
{
	const struct menu_item *it = &m->items[item];
	if (it->cls > MENU_DOG || m->total_qty <= 0)
		return 0;
	/* gap = ceil((Σ CM×n − CM×Σn) ÷ Σn): the rise that reaches the average. */
	int64_t num = m->total_cm - it->cm * m->total_qty;
	if (num <= 0)
		return 0;
	int64_t gap = (num + m->total_qty - 1) / m->total_qty;
	int64_t step = (gap + INSIGHTS_PRICE_STEP - 1) / INSIGHTS_PRICE_STEP * INSIGHTS_PRICE_STEP;
	int64_t cap = it->price > 0 ? it->price / 10 / INSIGHTS_PRICE_STEP * INSIGHTS_PRICE_STEP : 0;
	if (cap < INSIGHTS_PRICE_STEP)
		return 0;
	return step < cap ? step : cap;
}

/* Impact of item i as its class's finding (see insights.h). */
static rupiah_t menu_impact(const struct menu_result *m, size_t i)
{
	const struct menu_item *it = &m->items[i];
	switch (it->cls) {
	case MENU_PLOWHORSE:
		return insights_price_step(m, i) * it->qty;
	case MENU_PUZZLE: {
		/* Whole units; the tolerance keeps 0.7 × 200 ÷ 4 at 35, not 36. */
		double missing = m->popularity_threshold_units - (double)it->qty - 1e-9;
		return missing > 0 && it->cm > 0 ? (rupiah_t)ceil(missing) * it->cm : 0;
	}
	case MENU_DOG: {
		int64_t num = m->total_cm - it->cm * m->total_qty; /* (avg − CM) × Σn */
		return num > 0 && m->total_qty > 0 ? num / m->total_qty * it->qty : 0;
	}
	default:
		return 0;
	}
}

void insights_from_menu(const struct menu_result *m, const char *const *names, const char *path,
			struct insight_list *out)
{
	static const struct { enum menu_class cls; const char *name; int severity; } classes[] = {
		{MENU_PLOWHORSE, "plowhorse", 2}, {MENU_PUZZLE, "puzzle", 1}, {MENU_DOG, "dog", 1}};
	for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
		/* The INSIGHTS_MENU_PER_CLASS largest impacts, by repeated selection
		 * (a menu has tens of items); ties keep the menu's order. */
		rupiah_t last = INT64_MAX;
		size_t last_i = 0;
		for (int k = 0; k < INSIGHTS_MENU_PER_CLASS; k++) {
			size_t best = m->n_items;
			rupiah_t best_v = 0;
			for (size_t i = 0; i < m->n_items; i++) {
				if (m->items[i].cls != classes[c].cls)
					continue;
				rupiah_t v = menu_impact(m, i);
				bool after = v < last || (v == last && i > last_i);
				if (after && (best == m->n_items || v > best_v)) {
					best = i;
					best_v = v;
				}
			}
			if (best == m->n_items)
				break;
			last = best_v;
			last_i = best;
			struct insight_finding *f = list_add(out, INSIGHT_MENU_CLASS, classes[c].severity,
							     path);
			if (!f)
				return;
			snprintf(f->subject, sizeof f->subject, "%s", names[best]);
			snprintf(f->detail, sizeof f->detail, "%s", classes[c].name);
			f->a = classes[c].cls == MENU_PLOWHORSE ? insights_price_step(m, best) : 0;
			f->b = m->items[best].qty;
			f->impact = best_v;
		}
	}
}

static int64_t to_bps(double rate)
{
	return (int64_t)llround(rate * 10000.0);
}

void insights_from_alerts(const struct anomaly_list *al, const int64_t *outlet_ids,
			  const char *const *outlet_names, size_t n_outlets, const char *path,
			  struct insight_list *out)
{
	static const char *const detail[] = {
		[ANOMALY_SALES_LOW] = "net_sales", [ANOMALY_SALES_HIGH] = "net_sales",
		[ANOMALY_CLOSED] = "net_sales", [ANOMALY_VOID_RATE] = "void_rate",
		[ANOMALY_REFUND_RATE] = "refund_rate", [ANOMALY_DISCOUNT_RATE] = "discount_rate"};
	for (size_t i = 0; i < al->n && i < INSIGHTS_ALERTS_MAX; i++) {
		const struct anomaly_alert *a = &al->a[i];
		bool rate = a->kind >= ANOMALY_VOID_RATE;
		struct insight_finding *f =
			list_add(out, INSIGHT_ANOMALY, a->kind == ANOMALY_SALES_HIGH ? 2 : 3, path);
		if (!f)
			return;
		const char *name = NULL;
		for (size_t k = 0; k < n_outlets && !name; k++)
			if (outlet_ids[k] == a->outlet_id)
				name = outlet_names[k];
		if (name)
			snprintf(f->subject, sizeof f->subject, "%s", name);
		else
			snprintf(f->subject, sizeof f->subject, "#%lld", (long long)a->outlet_id);
		snprintf(f->subject2, sizeof f->subject2, "%s", a->cashier);
		snprintf(f->detail, sizeof f->detail, "%s", detail[a->kind]);
		if (rate) {
			f->a = to_bps(a->observed);
			f->b = to_bps(a->expected);
		} else {
			f->a = (int64_t)llround(a->observed);
			f->b = (int64_t)llround(a->expected);
			f->impact = f->a > f->b ? f->a - f->b : f->b - f->a;
		}
		f->c = a->from;
	}
}

/* bps as a percentage with one decimal: "12,3%" (id) or "12.3%" (en). */
static void pct(int64_t bps, enum insight_lang lang, char buf[32])
{
	int64_t tenths = bps / 10 + ((bps % 10) * 2 >= 10 ? 1 : (bps % 10) * 2 <= -10 ? -1 : 0);
	int64_t mag = tenths < 0 ? -tenths : tenths;
	snprintf(buf, 32, "%s%lld%c%lld%%", tenths < 0 ? "-" : "", (long long)(mag / 10),
		 lang == INSIGHT_ID ? ',' : '.', (long long)(mag % 10));
}

static void rp(int64_t v, char buf[48])
{
	money_format(v, buf, 48);
}

static void count(int64_t v, enum insight_lang lang, char buf[32])
{
	/* Thousands grouped like money: "1.234" (id) or "1,234" (en). */
	char tmp[48];
	money_format(v, tmp, sizeof tmp);
	const char *digits = strstr(tmp, "Rp ");
	digits = digits ? digits + 3 : tmp;
	size_t k = 0;
	if (v < 0)
		buf[k++] = '-';
	for (; *digits && k < 31; digits++)
		buf[k++] = (*digits == '.' && lang == INSIGHT_EN) ? ',' : *digits;
	buf[k] = '\0';
}

static const char *family(const char *name, enum insight_lang lang)
{
	static const struct { const char *code, *id, *en; } fams[] = {
		{"cash", "tunai", "cash"}, {"qris", "QRIS", "QRIS"},
		{"e_wallet", "dompet digital", "e-wallets"}, {"card", "kartu", "cards"},
		{"other", "metode lain", "other methods"}};
	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++)
		if (strcmp(name, fams[i].code) == 0)
			return lang == INSIGHT_ID ? fams[i].id : fams[i].en;
	return name;
}

#define T(...) snprintf(text, ts, __VA_ARGS__)
#define A(...) snprintf(action, as, __VA_ARGS__)

static bool render_sales(const struct insight_finding *f, bool id, char *text, size_t ts,
			 char *action, size_t as)
{
	char a[48], b[48], c[32];
	rp(f->a, a);
	rp(f->b, b);
	pct(f->c < 0 ? -f->c : f->c, id ? INSIGHT_ID : INSIGHT_EN, c);
	bool up = f->c >= 0;
	if (id) {
		T("Penjualan bersih %s %s menjadi %s dibanding periode sebelumnya (%s).",
		  up ? "naik" : "turun", c, a, b);
		A(up ? "Lihat kanal dan menu yang mendorongnya, dan pastikan stoknya cukup."
		     : "Buka perbandingan kanal dan outlet untuk melihat sumber penurunannya.");
	} else {
		T("Net sales %s %s to %s against the previous period (%s).", up ? "rose" : "fell", c,
		  a, b);
		A(up ? "See which channels and items drove it and keep them in stock."
		     : "Open the channel and outlet comparisons to see where the drop comes from.");
	}
	return true;
}

static bool render_peer(const struct insight_finding *f, bool id, char *text, size_t ts,
			char *action, size_t as)
{
	enum insight_lang l = id ? INSIGHT_ID : INSIGHT_EN;
	char own[48], med[48];
	bool money = strcmp(f->detail, "average_ticket") == 0;
	if (money) {
		rp(f->b, own);
		rp(f->c, med);
	} else {
		pct(f->b, l, own);
		pct(f->c, l, med);
	}
	static const struct { const char *metric, *id, *en, *act_id, *act_en; } m[] = {
		{"average_ticket", "Rata-rata transaksi", "Your average ticket",
		 "Tawarkan tambahan dan paket di kasir untuk menaikkan nilai transaksi.",
		 "Suggest add-ons and bundles at the till to raise the ticket."},
		{"sales_growth_bps", "Pertumbuhan penjualan", "Your sales growth",
		 "Cek kanal dan menu mana yang tertinggal dibanding periode lalu.",
		 "Check which channels and items fell behind the previous period."},
		{"discount_rate_bps", "Tingkat diskon", "Your discount rate",
		 "Tinjau promo mana yang benar-benar menambah penjualan.",
		 "Review which promotions actually pay for themselves."},
		{"void_rate_bps", "Tingkat pembatalan (void)", "Your void rate",
		 "Periksa siapa yang membatalkan transaksi dan alasannya.",
		 "Check who voids tickets and why."},
		{"delivery_share_bps", "Porsi pesan-antar", "Your delivery share",
		 "Pertimbangkan membuka lebih banyak platform pesan-antar atau promosinya.",
		 "Consider listing on more delivery platforms or promoting delivery."}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		if (strcmp(f->detail, m[i].metric) != 0)
			continue;
		if (id) {
			T("%s %s berada di persentil %lld di antara usaha sejenis (median %s).", m[i].id,
			  own, (long long)f->a, med);
			A("%s", m[i].act_id);
		} else {
			T("%s of %s is at percentile %lld among similar merchants (median %s).", m[i].en,
			  own, (long long)f->a, med);
			A("%s", m[i].act_en);
		}
		return true;
	}
	return false;
}

static bool render_menu(const struct insight_finding *f, bool id, char *text, size_t ts,
			char *action, size_t as)
{
	char a[48];
	rp(f->a, a);
	const char *cls = f->detail;
	if (strcmp(cls, "star") == 0) {
		T(id ? "%s adalah Star: laris dan untung." : "%s is a Star: popular and profitable.",
		  f->subject);
		A(id ? "Pertahankan posisinya di menu dan jaga kualitasnya."
		     : "Keep it prominent on the menu and its quality steady.");
	} else if (strcmp(cls, "plowhorse") == 0) {
		T(id ? "%s adalah Plowhorse: laris tapi marginnya di bawah rata-rata."
		     : "%s is a Plowhorse: popular but below-average margin.",
		  f->subject);
		if (f->a > 0)
			A(id ? "Coba naikkan harga %s." : "Try %s more.", a);
		else
			A(id ? "Naikkan harga sedikit atau turunkan HPP-nya."
			     : "Raise the price a little or lower its cost.");
	} else if (strcmp(cls, "puzzle") == 0) {
		T(id ? "%s adalah Puzzle: untung tapi kurang laris."
		     : "%s is a Puzzle: profitable but not popular.",
		  f->subject);
		A(id ? "Promosikan: posisi menu yang lebih baik dan rekomendasi staf."
		     : "Promote it: a better place on the menu and staff suggestions.");
	} else if (strcmp(cls, "dog") == 0) {
		T(id ? "%s adalah Dog: kurang laris dan marginnya rendah."
		     : "%s is a Dog: neither popular nor profitable.",
		  f->subject);
		A(id ? "Pertimbangkan untuk mengganti atau menghapusnya dari menu."
		     : "Consider reworking it or taking it off the menu.");
	} else {
		return false;
	}
	return true;
}

static bool render_anomaly(const struct insight_finding *f, bool id, char *text, size_t ts,
			   char *action, size_t as)
{
	enum insight_lang l = id ? INSIGHT_ID : INSIGHT_EN;
	char day[11], a[48], b[48], who[96] = "";
	tz_format_date((day_t)f->c, day);
	if (f->subject2[0])
		snprintf(who, sizeof who, id ? " (kasir %s)" : " (cashier %s)", f->subject2);
	if (strcmp(f->detail, "net_sales") == 0) {
		rp(f->a, a);
		rp(f->b, b);
		T(id ? "Penjualan bersih %s%s pada %s sebesar %s, padahal perkiraannya sekitar %s."
		     : "Net sales at %s%s on %s were %s against about %s expected.",
		  f->subject, who, day, a, b);
		A(id ? "Cek apakah outlet tutup, data POS belum terkirim, atau ada acara setempat."
		     : "Check for a closure, a POS sync gap or a local event that day.");
		return true;
	}
	static const struct { const char *metric, *id, *en, *act_id, *act_en; } m[] = {
		{"void_rate", "Pembatalan (void)", "Voids",
		 "Periksa transaksi yang dibatalkan dan siapa yang menyetujuinya.",
		 "Review the voided tickets and who approved them."},
		{"refund_rate", "Refund", "Refunds", "Periksa alasan dan persetujuan refund.",
		 "Check the refund reasons and approvals."},
		{"discount_rate", "Diskon", "Discounts", "Periksa diskon apa yang dipakai dan oleh siapa.",
		 "Check which discounts were applied and by whom."}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		if (strcmp(f->detail, m[i].metric) != 0)
			continue;
		pct(f->a, l, a);
		pct(f->b, l, b);
		if (id) {
			T("%s di %s%s pada %s mencapai %s, biasanya %s.", m[i].id, f->subject, who, day, a,
			  b);
			A("%s", m[i].act_id);
		} else {
			T("%s at %s%s on %s reached %s against a usual %s.", m[i].en, f->subject, who, day,
			  a, b);
			A("%s", m[i].act_en);
		}
		return true;
	}
	return false;
}

enum clario_status insights_render(const struct insight_finding *f, enum insight_lang lang,
				   char *text, size_t ts, char *action, size_t as,
				   struct clario_err *err)
{
	bool id = lang == INSIGHT_ID, ok = true;
	char a[48], b[48], c[32], d[32];
	text[0] = action[0] = '\0';
	switch (f->kind) {
	case INSIGHT_SALES_CHANGE:
		ok = render_sales(f, id, text, ts, action, as);
		break;
	case INSIGHT_CHANNEL_MARGIN:
		pct(f->a, lang, c);
		pct(f->b, lang, d);
		pct(f->c, lang, a);
		if (id) {
			T("Pesanan %s menyisakan margin %s setelah komisi dan HPP, dibanding %s di toko.",
			  f->subject, c, d);
			A("Naikkan harga menu di %s sekitar %s agar hasil per pesanan sama, atau arahkan "
			  "pelanggan memesan langsung.", f->subject, a);
		} else {
			T("%s orders keep a %s margin after commission and item cost, against %s in store.",
			  f->subject, c, d);
			A("Raise %s menu prices by about %s to earn the same per order, or bring customers "
			  "to order directly.", f->subject, a);
		}
		break;
	case INSIGHT_UNKNOWN_COST:
		rp(f->a, a);
		pct(f->b, lang, c);
		if (id) {
			T("%s penjualan (%s) berasal dari menu tanpa HPP, jadi marginnya tidak diketahui.",
			  a, c);
			A("Isi HPP (biaya per porsi) menu-menu tersebut agar margin sebenarnya terlihat.");
		} else {
			T("%s of sales (%s) come from items without a cost, so their margin is unknown.", a,
			  c);
			A("Enter the unit cost of those items to see your true margins.");
		}
		break;
	case INSIGHT_PAYMENT_SHIFT: {
		pct(f->a, lang, c);
		pct(f->b, lang, d);
		bool up = f->a >= f->b, cash = strcmp(f->subject, "cash") == 0;
		const char *fam = family(f->subject, lang);
		if (id) {
			T("Pembayaran %s %s menjadi %s dari total, sebelumnya %s.", fam,
			  up ? "naik" : "turun", c, d);
			if (cash && up)
				A("Siapkan uang kembalian dan jadwal setor bank yang cukup.");
			else
				A("Pastikan %s tersedia di setiap kasir dan cek biaya serta waktu pencairannya.",
				  up ? fam : "pembayaran non-tunai");
		} else {
			T("Payments by %s %s to %s of the amount, from %s.", fam, up ? "rose" : "fell", c,
			  d);
			if (cash && up)
				A("Plan change and bank deposits for more cash.");
			else
				A("Keep %s available at every till and check its fees and settlement days.",
				  up ? fam : "cashless payment");
		}
		break;
	}
	case INSIGHT_OUTLET_LAGGING:
		rp(f->a, a);
		rp(f->b, b);
		pct(BPS_ONE - f->c, lang, c);
		if (id) {
			T("Outlet %s menjual %s per hari buka, %s di bawah rata-rata usaha Anda (%s).",
			  f->subject, a, c, b);
			A("Bandingkan jam buka, menu, dan jumlah staf dengan outlet terbaik Anda.");
		} else {
			T("Outlet %s sells %s per open day, %s below your average (%s).", f->subject, a, c,
			  b);
			A("Compare its hours, menu and staffing with your best outlet.");
		}
		break;
	case INSIGHT_REPEAT_RATE:
		pct(f->a, lang, c);
		count(f->b, lang, d);
		if (id) {
			T("%s dari %s pelanggan yang dikenal datang lebih dari sekali dalam periode ini.", c,
			  d);
			A("Mulai program stempel atau diskon member agar pelanggan baru kembali.");
		} else {
			T("%s of your %s known customers came back more than once in the period.", c, d);
			A("Start a simple stamp card or member discount to bring first-timers back.");
		}
		break;
	case INSIGHT_AT_RISK:
		count(f->a, lang, c);
		rp(f->b, a);
		if (id) {
			T("%s pelanggan setia (belanja %s dalam periode ini) sudah lama tidak kembali.", c, a);
			A("Kirim penawaran khusus agar mereka kembali sebelum hilang.");
		} else {
			T("%s regular customers (%s spent in the period) have not come back lately.", c, a);
			A("Send them a win-back offer before they are lost.");
		}
		break;
	case INSIGHT_PEER:
		ok = render_peer(f, id, text, ts, action, as);
		break;
	case INSIGHT_MENU_CLASS:
		ok = render_menu(f, id, text, ts, action, as);
		break;
	case INSIGHT_ANOMALY:
		ok = render_anomaly(f, id, text, ts, action, as);
		break;
	case INSIGHT_KIND_COUNT:
		ok = false;
		break;
	}
	if (!ok)
		return clario_err_set(err, CLARIO_EINVAL, "insights: no template for kind %d (%s)",
				      (int)f->kind, f->detail);
	return CLARIO_OK;
}
