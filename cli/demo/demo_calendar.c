/* Volume shaping for the demo: per-kind hourly profiles and weekday factors,
 * the Indonesian calendar of 2024-2027 (Ramadan, Idul Fitri, Nyepi, Imlek,
 * national holidays), paydays and trends. Floating point here only shapes
 * expected counts; no rupiah passes through this file. */
#include "cli/demo/demo_calendar.h"

#include "cli/demo/demo_places.h"

/* Share of a plain day's tickets per local clock hour (any scale). */
static const double profile[DEMO_KIND_COUNT][24] = {
	/*               0    1    2    3  4  5  6   7   8   9  10  11  12  13  14  15  16  17  18  19  20  21  22  23 */
	[DEMO_CAFE] = { 0.6, 0.2, 0.1, 0, 0, 0, 1, 3, 6, 7, 8, 8, 10, 10, 11, 13, 14, 12, 9, 10, 10, 8, 5, 2 },
	[DEMO_WARUNG] = { 0, 0, 0, 0, 0, 1, 6, 10, 9, 6, 6, 12, 16, 12, 6, 4, 4, 6, 9, 8, 5, 3, 1, 0 },
	[DEMO_BAKERY] = { 0, 0, 0, 0, 0, 0, 5, 12, 14, 12, 10, 7, 6, 5, 5, 7, 8, 7, 5, 4, 3, 1, 0, 0 },
	[DEMO_RESTAURANT] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 16, 13, 6, 3, 3, 6, 13, 16, 12, 6, 2, 0 },
	[DEMO_CLOUD] = { 0.5, 0.2, 0, 0, 0, 0, 0, 0, 0, 1, 3, 9, 14, 11, 6, 4, 5, 8, 12, 13, 10, 6, 3, 1 },
};

/* Monday..Sunday: offices feed warungs on weekdays, leisure fills cafés and
 * restaurants at the weekend. */
static const double weekday_factor[DEMO_KIND_COUNT][7] = {
	[DEMO_CAFE] = { 0.90, 0.88, 0.90, 0.95, 1.10, 1.30, 1.25 },
	[DEMO_WARUNG] = { 1.08, 1.06, 1.05, 1.05, 1.05, 0.90, 0.80 },
	[DEMO_BAKERY] = { 0.92, 0.90, 0.92, 0.95, 1.05, 1.20, 1.25 },
	[DEMO_RESTAURANT] = { 0.80, 0.78, 0.82, 0.90, 1.15, 1.40, 1.35 },
	[DEMO_CLOUD] = { 0.95, 0.95, 0.97, 1.00, 1.08, 1.10, 1.05 },
};

static const double month_factor[13] = {
	0, 0.95, 0.97, 1.00, 1.00, 1.00, 1.02, 1.04, 1.00, 0.98, 1.00, 1.00, 1.08,
};

/* Extra tickets in the sahur hours (02:00, 03:00) as a share of a plain day. */
static const double sahur_share[DEMO_KIND_COUNT] = { 0.02, 0.05, 0.0, 0.025, 0.05 };

/* Holidays on the same date every year. */
struct holiday {
	int m, d;
	double f[DEMO_KIND_COUNT]; /* cafe, warung, bakery, restaurant, cloud kitchen */
};

static const struct holiday fixed_holidays[] = {
	{ 12, 24, { 1.05, 0.90, 1.30, 1.10, 1.00 } },
	{ 12, 25, { 1.10, 0.70, 0.90, 1.25, 1.10 } }, /* Natal */
	{ 12, 31, { 1.15, 0.85, 1.10, 1.45, 1.30 } },
	{ 1, 1, { 1.10, 0.60, 0.80, 1.30, 1.20 } },   /* Tahun Baru */
	{ 8, 17, { 1.10, 0.70, 0.95, 1.15, 1.00 } },  /* Hari Kemerdekaan */
};

static const double imlek_factor[DEMO_KIND_COUNT] = { 1.10, 0.80, 1.25, 1.30, 1.05 };
static const double idul_adha_factor[DEMO_KIND_COUNT] = { 0.90, 0.70, 0.90, 1.10, 1.00 };

/* Feasts that move with the lunar calendars, as Indonesia observed or (2027,
 * approximately) expects them. Years outside the table get none of them.
 * Month 0 = not known. */
struct moving_year {
	int year;
	int ramadan_m, ramadan_d;     /* first fasting day */
	int eid_m, eid_d;             /* Idul Fitri: the fast ended the day before */
	int nyepi_m, nyepi_d;
	int imlek_m, imlek_d;
	int adha_m, adha_d;
};

static const struct moving_year moving[] = {
	{ 2024, 3, 12, 4, 10, 3, 11, 2, 10, 6, 17 },
	{ 2025, 3, 1, 3, 31, 3, 29, 1, 29, 6, 6 },
	{ 2026, 2, 18, 3, 20, 3, 19, 2, 17, 5, 27 },
	{ 2027, 2, 8, 3, 10, 0, 0, 2, 6, 5, 17 },
};

static day_t moving_day(int year, int m, int d)
{
	return m ? tz_days_from_civil(year, m, d) : -1;
}

/* Idul Fitri and the week after, while people are home for mudik. Warungs
 * close the first days. */
static const double lebaran[8][DEMO_KIND_COUNT] = {
	{ 0.30, 0.00, 0.35, 0.45, 0.40 }, { 0.35, 0.00, 0.40, 0.50, 0.45 },
	{ 0.45, 0.15, 0.50, 0.60, 0.55 }, { 0.55, 0.30, 0.60, 0.65, 0.65 },
	{ 0.65, 0.50, 0.70, 0.75, 0.75 }, { 0.75, 0.70, 0.80, 0.85, 0.85 },
	{ 0.85, 0.85, 0.88, 0.90, 0.90 }, { 0.92, 0.92, 0.95, 0.95, 0.95 },
};

int demo_hour_of_index(int i)
{
	return (DEMO_CUTOFF / 3600 + i) % 24;
}

double demo_period_frac(const struct demo_world *w, size_t di)
{
	return w->n_days > 1 ? (double)di / (double)(w->n_days - 1) : 0.5;
}

static double payday_factor(int mday)
{
	if (mday >= 25 || mday <= 2)
		return 1.07; /* gajian: salaries arrive around the 25th */
	if (mday >= 15 && mday <= 22)
		return 0.96; /* tanggal tua */
	return 1.0;
}

/* Whether day falls in a fasting month of the table. */
static bool is_fasting(day_t day)
{
	for (size_t i = 0; i < sizeof moving / sizeof moving[0]; i++) {
		const struct moving_year *y = &moving[i];
		if (day >= moving_day(y->year, y->ramadan_m, y->ramadan_d) &&
		    day < moving_day(y->year, y->eid_m, y->eid_d))
			return true;
	}
	return false;
}

static double moving_factor(const struct demo_day *d, int k, bool *nyepi)
{
	double f = 1.0;
	for (size_t i = 0; i < sizeof moving / sizeof moving[0]; i++) {
		const struct moving_year *y = &moving[i];
		day_t eid = moving_day(y->year, y->eid_m, y->eid_d);
		day_t since = d->day - eid;
		if (since >= 0 && since < 8)
			f *= lebaran[since][k];
		/* Kue Lebaran orders fill bakeries in the last ten days of Ramadan. */
		if (k == DEMO_BAKERY && d->day >= eid - 10 && d->day < eid)
			f *= 1.5;
		if (d->day == moving_day(y->year, y->imlek_m, y->imlek_d))
			f *= imlek_factor[k];
		if (d->day == moving_day(y->year, y->adha_m, y->adha_d))
			f *= idul_adha_factor[k];
		if (d->day == moving_day(y->year, y->nyepi_m, y->nyepi_d))
			*nyepi = true;
	}
	return f;
}

void demo_calendar_build(struct demo_world *w)
{
	w->n_days = (size_t)(w->opt.last_day - w->opt.first_day + 1);
	for (size_t i = 0; i < w->n_days; i++) {
		struct demo_day *d = &w->days[i];
		d->day = w->opt.first_day + (day_t)i;
		tz_civil_from_days(d->day, &d->year, &d->month, &d->mday);
		d->weekday = tz_weekday(d->day);
		d->fasting = is_fasting(d->day);
		d->sahur = is_fasting(d->day + 1);
		d->nyepi = false;
		for (int k = 0; k < DEMO_KIND_COUNT; k++) {
			double f = month_factor[d->month] * payday_factor(d->mday);
			for (size_t h = 0; h < sizeof fixed_holidays / sizeof fixed_holidays[0]; h++)
				if (fixed_holidays[h].m == d->month && fixed_holidays[h].d == d->mday)
					f *= fixed_holidays[h].f[k];
			d->kind_factor[k] = f * moving_factor(d, k, &d->nyepi);
		}
	}
}

/* How the fasting month moves each hour, at full effect. */
static double ramadan_hour(enum demo_kind kind, int h)
{
	static const double daytime[DEMO_KIND_COUNT] = { 0.55, 0.45, 0.80, 0.40, 0.50 };
	if (h >= 5 && h <= 15)
		return daytime[kind];
	if (h == 16)
		return kind == DEMO_BAKERY ? 1.8 : 1.1; /* takjil and ngabuburit */
	if (h == 17)
		return kind == DEMO_BAKERY ? 1.6 : 2.6; /* iftar */
	if (h == 18)
		return kind == DEMO_BAKERY ? 1.0 : 2.2;
	if (h == 19)
		return 1.4;
	if (h >= 20 && h <= 22)
		return 1.25; /* after tarawih */
	return 1.0;
}

double demo_day_hours(const struct demo_world *w, const struct demo_outlet *o, size_t di,
		      double hours[DEMO_DAY_HOURS])
{
	const struct demo_merchant *m = &w->merchants[o->merchant];
	const struct demo_day *d = &w->days[di];
	size_t n_cities;
	const struct demo_city *city = &demo_cities(&n_cities)[m->city];
	bool open = !(o->open_from && d->day < o->open_from) &&
		    !(o->closed_from && d->day >= o->closed_from && d->day <= o->closed_to) &&
		    !(d->nyepi && city->nyepi);
	double f = 0;
	if (open) {
		f = weekday_factor[m->kind][d->weekday] * d->kind_factor[m->kind] *
		    (1.0 + m->growth * (demo_period_frac(w, di) - 0.5));
		day_t since = o->open_from ? d->day - o->open_from : 1000;
		if (since < 42) /* a new outlet takes six weeks to find its customers */
			f *= 0.5 + 0.5 * (double)since / 42.0;
	}
	double sum = 0;
	for (int h = 0; h < 24; h++)
		sum += profile[m->kind][h];
	double e = city->ramadan_effect;
	double total = 0;
	for (int i = 0; i < DEMO_DAY_HOURS; i++) {
		int h = demo_hour_of_index(i);
		double v = profile[m->kind][h] / sum;
		if (d->fasting)
			v *= 1.0 + e * (ramadan_hour(m->kind, h) - 1.0);
		if (d->sahur && (h == 2 || h == 3))
			v += e * sahur_share[m->kind];
		v *= o->base * f;
		if (hours)
			hours[i] = v;
		total += v;
	}
	return total;
}
