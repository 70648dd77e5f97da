/* Pure money and calendar rules of the partner programme (see rules.h and
 * docs/billing.md). No I/O; every split goes through money_split. */
#include <stdio.h>
#include <string.h>

#include "partners/rules.h"
#include "store/billing.h"

static int32_t days_in(int year, int month)
{
	int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
	return tz_days_from_civil(ny, nm, 1) - tz_days_from_civil(year, month, 1);
}

static void month_fill(int year, int month, struct partners_month *out)
{
	out->year = year;
	out->month = month;
	out->first = tz_days_from_civil(year, month, 1);
	out->days = days_in(year, month);
	out->last = out->first + out->days - 1;
	snprintf(out->text, sizeof out->text, "%04u-%02u", (unsigned)year % 10000u,
		 (unsigned)month % 100u);
}

enum clario_status partners_month_parse(const char *s, struct partners_month *out,
					struct clario_err *err)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return clario_err_set(err, CLARIO_EINVAL, "month: must be YYYY-MM, got \"%s\"",
				      s ? s : "");
	int year = 0, month = 0;
	for (int i = 0; i < 7; i++) {
		if (i == 4)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return clario_err_set(err, CLARIO_EINVAL, "month: must be YYYY-MM, got \"%s\"", s);
		if (i < 4)
			year = year * 10 + (s[i] - '0');
		else
			month = month * 10 + (s[i] - '0');
	}
	if (year < 2000 || year > 2999 || month < 1 || month > 12)
		return clario_err_set(err, CLARIO_EINVAL,
				      "month: \"%s\" is out of range (2000-01 to 2999-12)", s);
	month_fill(year, month, out);
	return CLARIO_OK;
}

void partners_month_of(day_t d, struct partners_month *out)
{
	int y, m, dd;
	tz_civil_from_days(d, &y, &m, &dd);
	month_fill(y, m, out);
}

int partners_months_between(const struct partners_month *a, const struct partners_month *b)
{
	return (b->year - a->year) * 12 + (b->month - a->month);
}

int32_t partners_days_active(const struct partners_month *m, day_t start, day_t end,
			     const struct partners_span *pauses, size_t n_pauses)
{
	day_t from = start > m->first ? start : m->first;
	day_t to = end && end < m->last ? end : m->last;
	int32_t n = 0;
	for (day_t d = from; d <= to; d++) {
		bool paused = false;
		for (size_t i = 0; i < n_pauses && !paused; i++)
			paused = d >= pauses[i].from && d <= pauses[i].to;
		n += !paused;
	}
	return n;
}

enum clario_status partners_prorate(rupiah_t price, int32_t active, int32_t days, rupiah_t *out,
				    struct clario_err *err)
{
	if (price < 0 || price > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "price: must be 0 to %lld rupiah",
				      (long long)MONEY_MAX);
	if (days <= 0 || active < 0 || active > days)
		return clario_err_set(err, CLARIO_EINVAL,
				      "days active: %d of %d is not a valid share of a month",
				      (int)active, (int)days);
	if (active == 0) {
		*out = 0;
		return CLARIO_OK;
	}
	int64_t w[2] = {active, days - active};
	rupiah_t parts[2];
	enum clario_status st = money_split(price, w, 2, parts, err);
	if (st == CLARIO_OK)
		*out = parts[0];
	return st;
}

enum clario_status partners_split(rupiah_t gross, int32_t partner_bps, rupiah_t *partner,
				  rupiah_t *clario, struct clario_err *err)
{
	if (partner_bps < 0 || partner_bps > BPS_ONE)
		return clario_err_set(err, CLARIO_EINVAL, "split: %d basis points is not 0 to 10000",
				      (int)partner_bps);
	if (gross < -MONEY_MAX || gross > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "gross: beyond %lld rupiah",
				      (long long)MONEY_MAX);
	if (partner_bps == 0 || partner_bps == BPS_ONE || gross == 0) {
		*partner = partner_bps == BPS_ONE ? gross : 0;
		*clario = gross - *partner;
		return CLARIO_OK;
	}
	int64_t w[2] = {partner_bps, BPS_ONE - partner_bps};
	rupiah_t parts[2];
	enum clario_status st = money_split(gross, w, 2, parts, err);
	if (st == CLARIO_OK) {
		*partner = parts[0];
		*clario = parts[1];
	}
	return st;
}

rupiah_t partners_ppn(rupiah_t subtotal, int32_t ppn_bps)
{
	return money_apply_bps(subtotal, ppn_bps);
}

int partners_invoice_number(char *buf, size_t size, const char *series, int64_t year,
			    int64_t seq)
{
	return snprintf(buf, size, "%s/%04lld/%06lld", series, (long long)year, (long long)seq);
}

rupiah_t partners_hosting_fee(const char *mode, rupiah_t fee, rupiah_t minimum,
			      int64_t active_merchants)
{
	if (strcmp(mode, "flat") == 0)
		return fee;
	if (strcmp(mode, "per_merchant") == 0) {
		rupiah_t v = 0;
		if (!money_mul(fee, active_merchants, &v))
			v = MONEY_MAX;
		return v > minimum ? v : minimum;
	}
	return 0;
}

bool partners_commission_due(int index, int32_t recurring_months)
{
	if (index < 0)
		return false;
	return recurring_months == 0 ? index == 0 : index < recurring_months;
}

bool partners_within(day_t from, day_t at, int32_t window_days)
{
	return at >= from && at < from + window_days;
}

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return true;
	return false;
}

enum clario_status partners_contract_check(const struct store_contract *c, struct clario_err *err)
{
	static const char *const models[] = {"reseller", "cosell", "whitelabel", "channel"};
	static const char *const support[] = {"partner", "clario", "shared"};
	static const char *const hosting[] = {"flat", "per_merchant", "none"};
	if (!one_of(c->model, models, 4))
		return clario_err_set(err, CLARIO_EINVAL,
				      "model: must be reseller, cosell, whitelabel or channel");
	if (c->effective_from <= 0 || c->start_day <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "start / effective_from: a date is required");
	if (c->end_day && c->end_day < c->start_day)
		return clario_err_set(err, CLARIO_EINVAL, "end: must not be before start");
	if (!one_of(c->support_by, support, 3))
		return clario_err_set(err, CLARIO_EINVAL, "support: must be partner, clario or shared");
	if (c->sla_first_response_h < 0 || c->sla_resolution_h < 0 ||
	    (c->sla_resolution_h && c->sla_resolution_h < c->sla_first_response_h))
		return clario_err_set(err, CLARIO_EINVAL,
				      "sla: hours must be >= 0 and resolution >= first response");
	if (c->marketing_commitment < 0 || c->marketing_commitment > MONEY_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "marketing_commitment: 0 to %lld rupiah",
				      (long long)MONEY_MAX);
	if (strcmp(c->model, "reseller") == 0) {
		if (c->addon_price <= 0 || c->addon_price > MONEY_MAX)
			return clario_err_set(err, CLARIO_EINVAL, "addon_price: must be > 0 rupiah");
		if (c->partner_bps < 0 || c->partner_bps > BPS_ONE)
			return clario_err_set(err, CLARIO_EINVAL,
					      "partner_bps: must be 0 to 10000 basis points");
	}
	if (strcmp(c->model, "whitelabel") == 0) {
		if (c->oem_fee && (c->oem_fee < 50000000 || c->oem_fee > 100000000))
			return clario_err_set(err, CLARIO_EINVAL,
					      "oem_fee: the plan's one-time fee is Rp 50-100 juta"
					      " (50000000 to 100000000), or 0 for none");
		if (!one_of(c->hosting_mode, hosting, 3))
			return clario_err_set(err, CLARIO_EINVAL,
					      "hosting_mode: must be flat, per_merchant or none");
		if (c->hosting_fee < 0 || c->hosting_minimum < 0 || c->hosting_fee > MONEY_MAX ||
		    c->hosting_minimum > MONEY_MAX)
			return clario_err_set(err, CLARIO_EINVAL, "hosting: fees must be >= 0 rupiah");
	}
	if (strcmp(c->model, "channel") == 0) {
		if (c->commission_bps < 1000 || c->commission_bps > 2000)
			return clario_err_set(err, CLARIO_EINVAL,
					      "commission_bps: must be 1000 to 2000 (10-20%%)");
		if (c->commission_months < 0 || c->commission_months > 120)
			return clario_err_set(err, CLARIO_EINVAL,
					      "commission_months: 0 (one-time) to 120");
		if (c->clawback_days < 0 || c->clawback_days > 3650)
			return clario_err_set(err, CLARIO_EINVAL, "clawback_days: 0 to 3650");
	}
	return CLARIO_OK;
}
