/* Business hours in a partner's zone: elapsed business time between two
 * instants, deadlines after a budget of business time, and the SLA state of a
 * support ticket built on them. Weekends and hours outside the window do not
 * count. */
#include <stdio.h>
#include <string.h>

#include "programme/programme.h"

/* Local wall-clock seconds since the epoch -> UTC instant. Two passes settle
 * the offset even next to a transition (Indonesian zones have none today). */
static instant_t local_to_utc(const struct tz_zone *z, int64_t local)
{
	instant_t guess = local - tz_offset_at(z, local);
	return local - tz_offset_at(z, guess);
}

static day_t local_day(const struct tz_zone *z, instant_t t)
{
	struct tz_local l;
	tz_localize(z, 0, t, &l);
	return l.local_day;
}

static bool window(const struct tz_zone *z, const struct programme_hours *h, day_t d,
		   instant_t *ws, instant_t *we)
{
	if (!(h->days & (1u << tz_weekday(d))))
		return false;
	*ws = local_to_utc(z, (int64_t)d * 86400 + h->open);
	*we = local_to_utc(z, (int64_t)d * 86400 + h->close);
	return *we > *ws;
}

enum clario_status programme_hours_check(const struct programme_hours *h, struct clario_err *err)
{
	if (h->open < 0 || h->open >= 86400 || h->close <= h->open || h->close > 86400)
		return clario_err_set(err, CLARIO_EINVAL,
				      "business hours: opening must be before closing within one day");
	if ((h->days & 0x7f) == 0 || (h->days & ~0x7fu))
		return clario_err_set(err, CLARIO_EINVAL, "business days: at least one weekday");
	return CLARIO_OK;
}

static bool hhmm(const char *s, int32_t *out)
{
	if (strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*out = h * 3600 + m * 60;
	return true;
}

static int day_index(const char *s, size_t len)
{
	static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	for (int i = 0; i < 7; i++)
		if (len == 3 && strncmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

enum clario_status programme_hours_parse(const char *win, const char *days,
					 struct programme_hours *out, struct clario_err *err)
{
	char a[6], b[6];
	const char *dash = win ? strchr(win, '-') : NULL;
	if (!dash || dash - win != 5 || strlen(dash + 1) != 5)
		return clario_err_set(err, CLARIO_EINVAL, "business hours: want HH:MM-HH:MM, got \"%s\"",
				      win ? win : "");
	memcpy(a, win, 5);
	a[5] = 0;
	memcpy(b, dash + 1, 5);
	b[5] = 0;
	struct programme_hours h = {0, 0, 0};
	if (!hhmm(a, &h.open) || !hhmm(b, &h.close))
		return clario_err_set(err, CLARIO_EINVAL, "business hours: want HH:MM-HH:MM, got \"%s\"",
				      win);
	const char *p = days ? days : "mon-fri";
	while (*p) {
		const char *end = p + strcspn(p, ",");
		const char *mid = memchr(p, '-', (size_t)(end - p));
		int from = day_index(p, (size_t)((mid ? mid : end) - p));
		int to = mid ? day_index(mid + 1, (size_t)(end - mid - 1)) : from;
		if (from < 0 || to < 0 || to < from)
			return clario_err_set(err, CLARIO_EINVAL,
					      "business days: want e.g. mon-fri or mon,wed,fri, got \"%s\"",
					      days);
		for (int d = from; d <= to; d++)
			h.days |= 1u << d;
		p = *end ? end + 1 : end;
	}
	enum clario_status st = programme_hours_check(&h, err);
	if (st == CLARIO_OK)
		*out = h;
	return st;
}

int64_t programme_bh_between(const struct tz_zone *z, const struct programme_hours *h,
			     instant_t a, instant_t b)
{
	if (b <= a)
		return 0;
	int64_t sum = 0;
	day_t last = (day_t)(local_day(z, b) + 1);
	for (day_t d = (day_t)(local_day(z, a) - 1); d <= last; d++) {
		instant_t ws, we;
		if (!window(z, h, d, &ws, &we))
			continue;
		instant_t s = ws > a ? ws : a, e = we < b ? we : b;
		if (e > s)
			sum += e - s;
	}
	return sum;
}

instant_t programme_bh_add(const struct tz_zone *z, const struct programme_hours *h,
			   instant_t start, int64_t seconds)
{
	day_t d = (day_t)(local_day(z, start) - 1);
	/* Bounded: with at least one business day a week, a budget of years ends
	 * well within this many days. */
	for (int i = 0; i < 40000; i++, d++) {
		instant_t ws, we;
		if (!window(z, h, d, &ws, &we))
			continue;
		instant_t s = ws > start ? ws : start;
		if (s >= we)
			continue;
		if (seconds <= we - s)
			return s + seconds;
		seconds -= we - s;
	}
	return start;
}

static bool low_budget(int64_t used, int64_t target)
{
	return target > 0 && (target - used) * 5 < target;
}

void programme_sla_eval(const struct tz_zone *z, const struct programme_hours *h,
			const struct programme_sla_in *in, instant_t now, struct programme_sla *out)
{
	memset(out, 0, sizeof *out);
	instant_t resp_end = in->first_response ? in->first_response : now;
	instant_t res_end = in->resolved ? in->resolved : now;
	out->response_used = programme_bh_between(z, h, in->opened, resp_end);
	out->resolution_used = programme_bh_between(z, h, in->opened, res_end);
	if (in->response_target > 0) {
		out->response_due = programme_bh_add(z, h, in->opened, in->response_target);
		out->response_breached = out->response_used > in->response_target;
	}
	if (in->resolution_target > 0) {
		out->resolution_due = programme_bh_add(z, h, in->opened, in->resolution_target);
		out->resolution_breached = out->resolution_used > in->resolution_target;
	}
	if (!in->resolved)
		out->escalate = out->response_breached || out->resolution_breached ||
				(!in->first_response && low_budget(out->response_used, in->response_target)) ||
				low_budget(out->resolution_used, in->resolution_target);
}
