/* Builds demo tickets: draws everything random about a ticket (channel,
 * guests, basket, customer, cashier, discounts, payment, void, refund, how it
 * is sent), then lets demo_charge compute its money. Rates are tuned so that
 * ~1% are voids, ~0.5% have refunds, ~10% carry a discount. */
#include "cli/demo/demo_ticket.h"

#include <stdio.h>
#include <string.h>

#include "cli/demo/demo_basket.h"
#include "cli/demo/demo_calendar.h"
#include "cli/demo/demo_charge.h"

static const double channel_weight[DEMO_KIND_COUNT][SALES_CHANNEL_COUNT] = {
	/*                 dine_in takeaway gofood grabfood shopeefood other */
	[DEMO_CAFE] = { 55, 30, 7, 6, 2, 0 },
	[DEMO_WARUNG] = { 60, 30, 4, 4, 2, 0 },
	[DEMO_BAKERY] = { 10, 75, 6, 6, 3, 0 },
	[DEMO_RESTAURANT] = { 78, 10, 5, 5, 2, 0 },
	[DEMO_CLOUD] = { 0, 4, 45, 36, 15, 0 },
};

static const double pay_weight[DEMO_KIND_COUNT][SALES_PAY_OTHER] = {
	/*                 cash qris gopay ovo dana shopeepay debit credit */
	[DEMO_CAFE] = { 12, 28, 12, 10, 7, 8, 14, 9 },
	[DEMO_WARUNG] = { 72, 18, 3, 2, 3, 2, 0, 0 },
	[DEMO_BAKERY] = { 35, 28, 8, 6, 5, 5, 10, 3 },
	[DEMO_RESTAURANT] = { 20, 22, 8, 7, 4, 4, 20, 15 },
	[DEMO_CLOUD] = { 30, 40, 10, 5, 5, 10, 0, 0 },
};

static const char *const refund_reasons[] = {
	"Pesanan salah", "Pesanan terlambat", "Item habis", "Pelanggan batal",
	"Makanan tidak sesuai",
};

static bool is_delivery(enum sales_channel c)
{
	return c == SALES_CHANNEL_GOFOOD || c == SALES_CHANNEL_GRABFOOD ||
	       c == SALES_CHANNEL_SHOPEEFOOD;
}

static int draw_guests(struct demo_rng *r, enum demo_kind kind, enum sales_channel ch)
{
	static const double restaurant[6] = { 15, 35, 15, 20, 8, 7 };
	static const double cafe[4] = { 45, 40, 10, 5 };
	static const double small[3] = { 70, 22, 8 };
	if (is_delivery(ch) || ch == SALES_CHANNEL_TAKEAWAY)
		return demo_rng_chance(r, 0.25) ? demo_rng_range(r, 2, 3) : 1;
	if (kind == DEMO_RESTAURANT)
		return (int)demo_rng_pick(r, restaurant, 6) + 1;
	if (kind == DEMO_CAFE)
		return (int)demo_rng_pick(r, cafe, 4) + 1;
	return (int)demo_rng_pick(r, small, 3) + 1;
}

/* QRIS keeps winning over cash through the year, as it has in Indonesia. */
static void draw_payment(struct demo_rng *r, enum demo_kind kind, enum sales_channel ch,
			 double frac, struct demo_charge_plan *plan)
{
	if (is_delivery(ch)) {
		/* The platform pays the merchant; some tills record its wallet. */
		enum sales_payment_method wallet = ch == SALES_CHANNEL_GOFOOD ? SALES_PAY_GOPAY
						   : ch == SALES_CHANNEL_GRABFOOD ? SALES_PAY_OVO
										   : SALES_PAY_SHOPEEPAY;
		plan->method[0] = demo_rng_chance(r, 0.6) ? SALES_PAY_OTHER : wallet;
		return;
	}
	double w[SALES_PAY_OTHER];
	memcpy(w, pay_weight[kind], sizeof w);
	w[SALES_PAY_CASH] *= 1.15 - 0.3 * frac;
	w[SALES_PAY_QRIS] *= 0.7 + 0.8 * frac;
	plan->method[0] = (enum sales_payment_method)demo_rng_pick(r, w, SALES_PAY_OTHER);
	plan->split = demo_rng_chance(r, 0.025);
	if (plan->split) {
		plan->method[0] = SALES_PAY_CASH;
		plan->method[1] = demo_rng_chance(r, 0.6) ? SALES_PAY_QRIS : SALES_PAY_DEBIT;
		plan->split_bps = demo_rng_range(r, 2000, 7000);
	}
}

static enum demo_promo draw_promo(struct demo_rng *r, const struct demo_merchant *m,
				  const struct demo_day *d, int hour, enum sales_channel ch,
				  int guests)
{
	if (m->payday_promo && (d->mday >= 25 || d->mday <= 1) && demo_rng_chance(r, 0.15))
		return DEMO_PROMO_GAJIAN;
	if (is_delivery(ch) && demo_rng_chance(r, 0.15))
		return DEMO_PROMO_DELIVERY;
	if (d->fasting && guests >= 2 && (hour == 17 || hour == 18) &&
	    (m->kind == DEMO_RESTAURANT || m->kind == DEMO_CAFE) && demo_rng_chance(r, 0.25))
		return DEMO_PROMO_BUKBER;
	if (m->kind != DEMO_WARUNG && demo_rng_chance(r, 0.035))
		return DEMO_PROMO_VOUCHER;
	return DEMO_PROMO_NONE;
}

/* Regulars: early customers come back most, and new ones appear through the
 * year, so cohorts and retention have something to show. */
static const char *draw_customer(struct demo_rng *r, const struct demo_ticket_ctx *ctx,
				 const struct demo_merchant *m, enum sales_channel ch,
				 struct arena *a)
{
	double share = m->kind == DEMO_CAFE || m->kind == DEMO_RESTAURANT ? 0.30
		       : m->kind == DEMO_BAKERY ? 0.15 : 0.0;
	if (is_delivery(ch) || !demo_rng_chance(r, share))
		return NULL;
	double known = m->customers * (0.25 + 0.75 * demo_period_frac(ctx->w, ctx->day_index));
	double u = demo_rng_unit(r);
	unsigned idx = (unsigned)(known * u * u);
	char buf[32];
	snprintf(buf, sizeof buf, "CUS-%03zu-%05u", ctx->w->outlets[ctx->outlet].merchant + 1, idx + 1);
	return arena_strdup(a, buf);
}

/* The morning cashier works until three, the evening one after. */
static int draw_cashier(struct demo_rng *r, const struct demo_outlet *o, int hour)
{
	int shift = hour >= 4 && hour < 15 ? 0 : 1;
	if (demo_rng_chance(r, 0.7))
		return shift;
	return demo_rng_range(r, 0, o->n_cashiers - 1);
}

static instant_t draw_opened(struct demo_rng *r, enum demo_kind kind, enum sales_channel ch,
			     instant_t closed)
{
	int32_t lo = 2, hi = 12;
	if (ch == SALES_CHANNEL_DINE_IN) {
		lo = kind == DEMO_RESTAURANT ? 25 : 8;
		hi = kind == DEMO_RESTAURANT ? 90 : 60;
	} else if (is_delivery(ch)) {
		lo = 5;
		hi = 20;
	}
	return closed - 60 * demo_rng_range(r, lo, hi) - demo_rng_range(r, 0, 59);
}

static enum clario_status build_lines(struct demo_rng *r, const struct demo_ticket_ctx *ctx,
				      int hour, int guests, struct sales_ticket *t,
				      int32_t **disc_bps, struct arena *a)
{
	const struct demo_outlet *o = &ctx->w->outlets[ctx->outlet];
	const struct demo_merchant *m = &ctx->w->merchants[o->merchant];
	const struct demo_menu *menu = demo_menu_of(m->kind);
	const struct demo_day *d = &ctx->w->days[ctx->day_index];
	struct demo_basket_line b[DEMO_MAX_BASKET];
	size_t n = demo_basket_draw(r, ctx->w, m, hour, t->channel, guests, b);
	t->lines = arena_calloc(a, n, sizeof *t->lines);
	*disc_bps = arena_calloc(a, n, sizeof **disc_bps);
	if (!t->lines || !*disc_bps)
		return CLARIO_ENOMEM;
	t->n_lines = n;
	/* Members get 10% off everything; happy hour takes 20% off drinks. */
	bool member = t->customer_id && m->member_discount && demo_rng_chance(r, 0.25);
	bool happy = m->happy_hour && d->weekday < 5 && hour >= 14 && hour <= 16 &&
		     demo_rng_chance(r, 0.4);
	for (size_t i = 0; i < n; i++) {
		const struct demo_menu_item *it = &menu->items[b[i].item];
		struct sales_line *l = &t->lines[i];
		l->item_id = it->sku;
		l->name = it->name;
		l->category = it->category;
		l->qty = b[i].qty;
		l->unit_price = m->price[b[i].item];
		struct sales_modifier mods[DEMO_MAX_LINE_MODS];
		l->n_modifiers = demo_basket_modifiers(it->modset, b[i].mods, mods);
		if (l->n_modifiers) {
			l->modifiers = arena_calloc(a, l->n_modifiers, sizeof *l->modifiers);
			if (!l->modifiers)
				return CLARIO_ENOMEM;
			memcpy(l->modifiers, mods, l->n_modifiers * sizeof *mods);
		}
		(*disc_bps)[i] = happy && it->slot == DEMO_SLOT_DRINK ? 2000 : member ? 1000 : 0;
	}
	return CLARIO_OK;
}

/* A refund of net item sales: one unit of a line (itemised) or part or all
 * of the ticket, some minutes to hours after the sale. */
static enum clario_status build_refund(struct demo_rng *r, struct sales_ticket *t,
				       struct arena *a)
{
	struct sales_totals tot;
	sales_ticket_totals(t, &tot);
	if (tot.net_items <= 0)
		return CLARIO_OK;
	struct sales_refund *rf = arena_calloc(a, 1, sizeof *rf);
	char id[SALES_MAX_ID_LEN + 1];
	snprintf(id, sizeof id, "RF-%s", t->ticket_id);
	if (!rf || !(rf->refund_id = arena_strdup(a, id)))
		return CLARIO_ENOMEM;
	int32_t minutes = is_delivery(t->channel) ? demo_rng_range(r, 30, 24 * 60)
						  : demo_rng_range(r, 5, 180);
	rf->at = t->closed_at + 60 * minutes;
	rf->reason = refund_reasons[demo_rng_below(r, sizeof refund_reasons / sizeof refund_reasons[0])];
	const struct sales_line *l = &t->lines[demo_rng_below(r, (uint32_t)t->n_lines)];
	rupiah_t unit_net = (sales_line_gross(l) - l->discount) / l->qty;
	if (demo_rng_chance(r, 0.5) && unit_net > 0) {
		rf->amount = unit_net < tot.net_items ? unit_net : tot.net_items;
		rf->lines = arena_calloc(a, 1, sizeof *rf->lines);
		if (!rf->lines)
			return CLARIO_ENOMEM;
		*rf->lines = (struct sales_refund_line){ l->item_id, 1, rf->amount };
		rf->n_lines = 1;
	} else {
		rupiah_t half = tot.net_items / 2 / 100 * 100;
		rf->amount = demo_rng_chance(r, 0.5) && half > 0 ? half : tot.net_items;
	}
	t->refunds = rf;
	t->n_refunds = 1;
	return CLARIO_OK;
}

/* The first revision a till sent before the cashier corrected it: one line
 * fewer, or one unit more of a single line. */
static enum clario_status build_draft(const struct demo_charge_plan *plan,
				      const struct demo_merchant *m, const int32_t *disc_bps,
				      const struct sales_ticket *final, struct sales_ticket *draft,
				      struct arena *a, struct clario_err *err)
{
	*draft = *final;
	draft->revision = 1;
	draft->status = SALES_STATUS_CLOSED;
	draft->refunds = NULL;
	draft->n_refunds = 0;
	draft->lines = arena_calloc(a, final->n_lines, sizeof *draft->lines);
	if (!draft->lines)
		return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for a ticket");
	memcpy(draft->lines, final->lines, final->n_lines * sizeof *draft->lines);
	if (final->n_lines > 1)
		draft->n_lines--;
	else
		draft->lines[0].qty++;
	return demo_charge_apply(plan, m, disc_bps, draft, a, err);
}

static enum clario_status plan_sending(struct demo_rng *r, const struct demo_charge_plan *plan,
				       const struct demo_merchant *m, const int32_t *disc_bps,
				       struct demo_ticket *out, struct arena *a,
				       struct clario_err *err)
{
	struct sales_ticket *t = &out->first;
	double u = demo_rng_unit(r);
	if (u < 0.002) {
		/* Revised: rev 1 now, rev 2 (sometimes a void) in the next batch, and
		 * now and then a stale rev 1 arriving after it. */
		struct sales_ticket final = *t;
		final.revision = 2;
		if (!final.n_refunds && demo_rng_chance(r, 0.2)) {
			final.status = SALES_STATUS_VOID;
			final.payments = NULL;
			final.n_payments = 0;
		}
		enum clario_status st = build_draft(plan, m, disc_bps, &final, t, a, err);
		if (st != CLARIO_OK)
			return st;
		out->later[out->n_later] = final;
		out->later_expect[out->n_later++] = INGEST_UPDATED;
		if (demo_rng_chance(r, 0.2)) {
			out->later[out->n_later] = *t;
			out->later_expect[out->n_later++] = INGEST_DUPLICATE;
		}
		out->revised = true;
		out->is_void = final.status == SALES_STATUS_VOID;
	} else if (u < 0.003) {
		out->later[out->n_later] = *t; /* a webhook retried */
		out->later_expect[out->n_later++] = INGEST_DUPLICATE;
		out->duplicated = true;
	} else if (t->n_refunds && demo_rng_chance(r, 0.5)) {
		/* The sale first, the refund with the same revision later. */
		out->later[out->n_later] = *t;
		out->later_expect[out->n_later++] = INGEST_UPDATED;
		t->refunds = NULL;
		t->n_refunds = 0;
	}
	return CLARIO_OK;
}

enum clario_status demo_ticket_build(struct demo_rng *r, const struct demo_ticket_ctx *ctx,
				     struct arena *a, struct demo_ticket *out,
				     struct clario_err *err)
{
	const struct demo_world *w = ctx->w;
	const struct demo_outlet *o = &w->outlets[ctx->outlet];
	const struct demo_merchant *m = &w->merchants[o->merchant];
	const struct demo_day *d = &w->days[ctx->day_index];
	struct sales_ticket *t = &out->first;
	memset(out, 0, sizeof *out);
	int hour = ctx->local_sec / 3600 % 24;
	char id[48];
	snprintf(id, sizeof id, "%s-%02d%02d%02d-%04u", o->prefix, d->year % 100, d->month, d->mday,
		 ctx->seq);
	t->source = o->source;
	t->outlet_id = o->external_id;
	t->ticket_id = arena_strdup(a, id);
	t->revision = 1;
	t->closed_at = (instant_t)d->day * 86400 - o->utc_offset + ctx->local_sec;
	t->channel = (enum sales_channel)demo_rng_pick(r, channel_weight[m->kind], SALES_CHANNEL_COUNT);
	t->opened_at = draw_opened(r, m->kind, t->channel, t->closed_at);
	int guests = draw_guests(r, m->kind, t->channel);
	t->covers = t->channel == SALES_CHANNEL_DINE_IN &&
			    (m->kind == DEMO_RESTAURANT || m->kind == DEMO_CAFE) ? guests : 0;
	t->customer_id = draw_customer(r, ctx, m, t->channel, a);
	int cashier = draw_cashier(r, o, hour);
	t->cashier_id = o->cashier[cashier];
	int32_t *disc_bps;
	if (!t->ticket_id || build_lines(r, ctx, hour, guests, t, &disc_bps, a) != CLARIO_OK)
		return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for a ticket");
	bool spree = cashier == o->void_cashier && d->day >= o->void_from && d->day <= o->void_to;
	t->status = demo_rng_chance(r, spree ? 0.09 : 0.009) ? SALES_STATUS_VOID : SALES_STATUS_CLOSED;
	struct demo_charge_plan plan = { .promo = draw_promo(r, m, d, hour, t->channel, guests) };
	draw_payment(r, m->kind, t->channel, demo_period_frac(w, ctx->day_index), &plan);
	enum clario_status st = demo_charge_apply(&plan, m, disc_bps, t, a, err);
	if (st != CLARIO_OK)
		return st;
	out->is_void = t->status == SALES_STATUS_VOID;
	double refund_rate = is_delivery(t->channel) ? 0.01 : 0.004;
	if (!out->is_void && demo_rng_chance(r, refund_rate)) {
		if (build_refund(r, t, a) != CLARIO_OK)
			return clario_err_set(err, CLARIO_ENOMEM, "demo: out of memory for a ticket");
		out->refunded = t->n_refunds > 0;
	}
	return plan_sending(r, &plan, m, disc_bps, out, a, err);
}
