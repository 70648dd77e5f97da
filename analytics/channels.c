/* Channel mix: per-order commission folded into per-channel figures. */
#include "analytics/channels.h"

#include <string.h>

#include "analytics/summary.h"

int32_t mix_bps(int64_t num, int64_t den)
{
	if (den <= 0)
		return 0;
	/* Rates are bounded far below int32 in practice; clamp rather than wrap. */
	int64_t v = summary_div_round(num * BPS_ONE, den);
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

void channels_order_cost(rupiah_t base, const struct mix_rate *r, rupiah_t *commission,
			 rupiah_t *fee, rupiah_t *vat)
{
	*commission = money_apply_bps(base > 0 ? base : 0, r->rate_bps);
	*fee = r->fixed_fee;
	*vat = money_apply_bps(*commission + *fee, r->vat_bps);
}

static void add(struct channel_figures *t, const struct channel_figures *f)
{
	t->tickets += f->tickets;
	t->gross += f->gross;
	t->discounts += f->discounts;
	t->refunds += f->refunds;
	t->refund_count += f->refund_count;
	t->commission += f->commission;
	t->fixed_fees += f->fixed_fees;
	t->commission_vat += f->commission_vat;
	t->item_cost += f->item_cost;
	t->unknown_cost_gross += f->unknown_cost_gross;
}

static void finish(struct channel_figures *f, rupiah_t all_net)
{
	f->net_sales = f->gross - f->discounts - f->refunds;
	f->platform_cost = f->commission + f->fixed_fees + f->commission_vat;
	f->margin = f->net_sales - f->platform_cost - f->item_cost;
	f->net_share_bps = mix_bps(f->net_sales, all_net);
	f->margin_bps = mix_bps(f->margin, f->net_sales);
	f->unknown_cost_bps = mix_bps(f->unknown_cost_gross, f->gross);
}

enum clario_status channels_compute(const struct mix_channel_row *rows, size_t n,
				    const struct mix_refund_row *refunds, size_t n_refunds,
				    const struct mix_rate rates[MIX_N_PLATFORMS], struct channel_mix *out,
				    struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	memcpy(out->rates, rates, sizeof out->rates);
	for (int c = 0; c < SALES_CHANNEL_COUNT; c++)
		out->ch[c].channel = (enum sales_channel)c;
	for (size_t i = 0; i < n; i++) {
		const struct mix_channel_row *r = &rows[i];
		if ((unsigned)r->channel >= SALES_CHANNEL_COUNT || r->tickets < 0)
			return clario_err_set(err, CLARIO_EINVAL, "channel mix: bad row %zu", i);
		struct channel_figures *f = &out->ch[r->channel];
		f->tickets += r->tickets;
		f->gross += r->gross;
		f->discounts += r->line_discounts + r->ticket_discounts;
		f->item_cost += r->known_cost;
		f->unknown_cost_gross += r->unknown_cost_gross;
		int p = store_mix_platform_index(r->channel);
		if (p >= 0) {
			rupiah_t c, fee, vat;
			channels_order_cost(r->base, &rates[p], &c, &fee, &vat);
			f->commission += c * r->tickets;
			f->fixed_fees += fee * r->tickets;
			f->commission_vat += vat * r->tickets;
		}
	}
	for (size_t i = 0; i < n_refunds; i++) {
		if ((unsigned)refunds[i].channel >= SALES_CHANNEL_COUNT)
			return clario_err_set(err, CLARIO_EINVAL, "channel mix: bad refund row %zu", i);
		out->ch[refunds[i].channel].refunds += refunds[i].amount;
		out->ch[refunds[i].channel].refund_count += refunds[i].count;
	}
	for (int c = 0; c < SALES_CHANNEL_COUNT; c++)
		add(&out->total, &out->ch[c]);
	out->total.channel = SALES_CHANNEL_COUNT;
	finish(&out->total, 0);
	rupiah_t all = out->total.net_sales;
	for (int c = 0; c < SALES_CHANNEL_COUNT; c++)
		finish(&out->ch[c], all);
	finish(&out->total, all);
	return CLARIO_OK;
}
