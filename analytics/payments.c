/* Payment mix: methods, families, previous period and trend buckets. */
#include "analytics/payments.h"

#include <stdlib.h>
#include <string.h>

#include "analytics/channels.h"

enum pay_family payments_family(enum sales_payment_method m)
{
	switch (m) {
	case SALES_PAY_CASH: return PAY_FAMILY_CASH;
	case SALES_PAY_QRIS: return PAY_FAMILY_QRIS;
	case SALES_PAY_GOPAY:
	case SALES_PAY_OVO:
	case SALES_PAY_DANA:
	case SALES_PAY_SHOPEEPAY: return PAY_FAMILY_EWALLET;
	case SALES_PAY_DEBIT:
	case SALES_PAY_CREDIT: return PAY_FAMILY_CARD;
	case SALES_PAY_OTHER:
	case SALES_PAY_COUNT: break;
	}
	return PAY_FAMILY_OTHER;
}

const char *payments_family_name(enum pay_family f)
{
	static const char *const names[PAY_FAMILY_COUNT] = {"cash", "qris", "e_wallet", "card",
							    "other"};
	return (unsigned)f < PAY_FAMILY_COUNT ? names[f] : "other";
}

const char *payments_grain_name(enum payments_grain g)
{
	return g == PAYMENTS_DAY ? "day" : g == PAYMENTS_WEEK ? "week" : "month";
}

static day_t month_end(day_t d)
{
	int y, m, md;
	tz_civil_from_days(d, &y, &m, &md);
	return (m == 12 ? tz_days_from_civil(y + 1, 1, 1) : tz_days_from_civil(y, m + 1, 1)) - 1;
}

static enum clario_status make_buckets(struct payment_mix *p, struct clario_err *err)
{
	int64_t len = (int64_t)p->to - p->from + 1;
	p->grain = len <= 31 ? PAYMENTS_DAY : len <= 182 ? PAYMENTS_WEEK : PAYMENTS_MONTH;
	size_t cap = (size_t)len; /* never more buckets than days */
	p->buckets = calloc(cap, sizeof *p->buckets);
	if (!p->buckets)
		return clario_err_set(err, CLARIO_ENOMEM, "payment mix: out of memory");
	for (day_t d = p->from; d <= p->to;) {
		day_t end = p->grain == PAYMENTS_DAY ? d : p->grain == PAYMENTS_WEEK ? d + 6 : month_end(d);
		if (end > p->to)
			end = p->to;
		p->buckets[p->n_buckets].start = d;
		p->buckets[p->n_buckets++].end = end;
		d = end + 1;
	}
	return CLARIO_OK;
}

static struct payments_bucket *bucket_of(struct payment_mix *p, day_t d)
{
	size_t lo = 0, hi = p->n_buckets;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->buckets[mid].end < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n_buckets ? &p->buckets[lo] : NULL;
}

static void shares(struct payments_figures *f, const struct payments_figures *total)
{
	f->share_bps = mix_bps(f->amount, total->amount);
	f->prev_share_bps = mix_bps(f->prev_amount, total->prev_amount);
	/* No change against a period without payments (or an empty current one). */
	f->share_change_bps = total->prev_amount > 0 && total->amount > 0
				      ? f->share_bps - f->prev_share_bps : 0;
}

enum clario_status payments_compute(const struct mix_payment_row *rows, size_t n, day_t from,
				    day_t to, struct payment_mix *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return clario_err_set(err, CLARIO_EINVAL, "to: is before from");
	out->from = from;
	out->to = to;
	out->prev_to = from - 1;
	out->prev_from = from - (to - from + 1);
	enum clario_status st = make_buckets(out, err);
	if (st != CLARIO_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		const struct mix_payment_row *r = &rows[i];
		if ((unsigned)r->method >= SALES_PAY_COUNT)
			return clario_err_set(err, CLARIO_EINVAL, "payment mix: bad row %zu", i);
		enum pay_family fam = payments_family(r->method);
		struct payments_figures *fm = &out->method[r->method], *ff = &out->family[fam];
		if (r->day >= from && r->day <= to) {
			fm->count += r->count;
			fm->amount += r->amount;
			ff->count += r->count;
			ff->amount += r->amount;
			out->total.count += r->count;
			out->total.amount += r->amount;
			struct payments_bucket *b = bucket_of(out, r->day);
			if (b) {
				b->count[fam] += r->count;
				b->amount[fam] += r->amount;
			}
		} else if (r->day >= out->prev_from && r->day <= out->prev_to) {
			fm->prev_count += r->count;
			fm->prev_amount += r->amount;
			ff->prev_count += r->count;
			ff->prev_amount += r->amount;
			out->total.prev_count += r->count;
			out->total.prev_amount += r->amount;
		}
	}
	for (int m = 0; m < SALES_PAY_COUNT; m++)
		shares(&out->method[m], &out->total);
	for (int f = 0; f < PAY_FAMILY_COUNT; f++)
		shares(&out->family[f], &out->total);
	shares(&out->total, &out->total);
	return CLARIO_OK;
}

void payments_release(struct payment_mix *p)
{
	free(p->buckets);
	p->buckets = NULL;
	p->n_buckets = 0;
}
