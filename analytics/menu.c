/* Kasavana & Smith menu engineering: popularity against 70 % of an equal
 * share, contribution margin against the quantity-weighted average. CM
 * comparisons are exact integer cross-multiplications, never float. */
#include "analytics/menu.h"

#include <stdlib.h>
#include <string.h>

#include "analytics/summary.h"

const char *menu_class_name(enum menu_class c)
{
	switch (c) {
	case MENU_STAR: return "star";
	case MENU_PLOWHORSE: return "plowhorse";
	case MENU_PUZZLE: return "puzzle";
	case MENU_DOG: return "dog";
	case MENU_NO_COST: return "no_cost";
	case MENU_UNSOLD: return "unsold";
	}
	return "?";
}

const char *menu_class_action(enum menu_class c)
{
	switch (c) {
	case MENU_STAR: return "Keep: hold quality and portion, give it the best menu spot, test a small price rise.";
	case MENU_PLOWHORSE: return "Reprice or re-cost: raise the price a little or cut portion/ingredient cost; pair it with a high-margin add-on.";
	case MENU_PUZZLE: return "Promote: move it to a prime menu position, rename or photograph it, have staff suggest it, or lower the price.";
	case MENU_DOG: return "Remove or rework: replace it, or raise its price and cut its cost unless it is strategic.";
	case MENU_NO_COST: return "Enter the unit cost in the catalogue to classify this item.";
	case MENU_UNSOLD: return "Not sold in the period.";
	}
	return "";
}

enum clario_status menu_compute(const struct menu_input *in, size_t n, double factor,
				struct menu_result *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(factor > 0.0 && factor <= 1.0))
		return clario_err_set(err, CLARIO_EINVAL, "factor: must be in (0, 1]");
	out->factor = factor;
	out->items = calloc(n + 1, sizeof *out->items);
	if (!out->items)
		return clario_err_set(err, CLARIO_ENOMEM, "menu: out of memory");
	out->n_items = n;
	for (size_t i = 0; i < n; i++) {
		struct menu_item *m = &out->items[i];
		m->item_id = in[i].item_id;
		m->input = i;
		m->qty = in[i].qty;
		if (in[i].qty <= 0) {
			m->cls = MENU_UNSOLD;
			continue;
		}
		m->price = summary_div_round(in[i].net, in[i].qty);
		if (in[i].unit_cost < 0) {
			m->cls = MENU_NO_COST;
			continue;
		}
		m->cm = m->price - in[i].unit_cost;
		m->total_cm = m->cm * m->qty;
		out->n_analysed++;
		out->total_qty += m->qty;
		out->total_cm += m->total_cm;
	}
	if (out->n_analysed) {
		double nn = (double)out->n_analysed;
		out->popularity_threshold_pct = factor / nn * 100.0;
		out->popularity_threshold_units = factor * (double)out->total_qty / nn;
		out->weighted_avg_cm = (double)out->total_cm / (double)out->total_qty;
	}
	for (size_t i = 0; i < n; i++) {
		struct menu_item *m = &out->items[i];
		if (m->cls != MENU_UNSOLD && m->cls != MENU_NO_COST) {
			m->mix_pct = (double)m->qty / (double)out->total_qty * 100.0;
			/* n_i ≥ factor × Σn ÷ N  ⇔  n_i × N ≥ factor × Σn */
			m->high_popularity = (double)m->qty * (double)out->n_analysed >=
					     factor * (double)out->total_qty - 1e-9;
			/* CM_i ≥ Σ(CM×n) ÷ Σn  ⇔  CM_i × Σn ≥ Σ(CM×n), exact in integers (a
			 * price of Rp 10^8 times 10^9 units still fits in int64) */
			m->high_cm = m->cm * out->total_qty >= out->total_cm;
			m->cls = m->high_popularity ? (m->high_cm ? MENU_STAR : MENU_PLOWHORSE)
						    : (m->high_cm ? MENU_PUZZLE : MENU_DOG);
		}
		out->counts[m->cls]++;
	}
	return CLARIO_OK;
}

void menu_release(struct menu_result *r)
{
	free(r->items);
	memset(r, 0, sizeof *r);
}
