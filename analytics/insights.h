/* Insights feed: findings from any analysis turned into a short ranked list of
 * plain-language sentences with a suggested action, in Bahasa Indonesia or
 * English, each linking to the analysis behind it. Pure: producers build
 * `struct insight_finding`s from their analysis results, this module ranks
 * them and writes the text from one template per kind.
 *
 * Adding a source: write one producer function that fills findings of the
 * kinds below (templates exist already for menu engineering and anomaly
 * alerts), e.g. for menu engineering, per classified item:
 *     f.kind = INSIGHT_MENU_CLASS; f.subject = item name;
 *     f.detail = "plowhorse" | "puzzle" | "dog" | "star";
 *     f.a = suggested price change in rupiah (0 = none); f.b = units sold;
 *     f.severity = 2; f.impact = a × b (the gain at unchanged volume);
 *     f.path = "/v1/merchants/1/menu-engineering?from=...&to=...";
 * and for anomaly alerts, per alert:
 *     f.kind = INSIGHT_ANOMALY; f.subject = outlet name; f.subject2 = cashier
 *     (or ""); f.detail = "net_sales" | "void_rate" | "refund_rate" |
 *     "discount_rate"; f.a = observed, f.b = expected (rupiah, or basis points
 *     for rates); f.c = the business day (day_t); f.severity = 3 (or 2);
 *     f.impact = |a − b| for money, 0 for rates.
 * A new kind needs its enum value and one case in each language's template
 * (insights.c), and nothing else. */
#ifndef CLARIO_ANALYTICS_INSIGHTS_H
#define CLARIO_ANALYTICS_INSIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"

enum insight_kind {
	INSIGHT_SALES_CHANGE,     /* a = net sales, b = previous period's, c = change bps */
	INSIGHT_CHANNEL_MARGIN,   /* subject = channel; a = its margin bps, b = dine-in/takeaway
				   * margin bps, c = suggested app-price mark-up bps */
	INSIGHT_UNKNOWN_COST,     /* a = gross without cost, b = share bps */
	INSIGHT_PAYMENT_SHIFT,    /* subject = family; a = share bps now, b = before */
	INSIGHT_OUTLET_LAGGING,   /* subject = outlet; a = its net per open day, b = the
				   * merchant's, c = index bps */
	INSIGHT_REPEAT_RATE,      /* a = repeat rate bps, b = customers */
	INSIGHT_AT_RISK,          /* a = at-risk customers, b = their net sales */
	INSIGHT_PEER,             /* detail = metric name; a = percentile, b = own value,
				   * c = cohort median */
	INSIGHT_MENU_CLASS,       /* see above */
	INSIGHT_ANOMALY,          /* see above */
	INSIGHT_KIND_COUNT
};

enum insight_lang { INSIGHT_ID, INSIGHT_EN };

struct insight_finding {
	enum insight_kind kind;
	int severity;      /* 3 act now, 2 worth a look, 1 for information */
	rupiah_t impact;   /* rupiah at stake over the period (ranks within a severity) */
	char subject[128]; /* item, outlet, channel or payment family */
	char subject2[72]; /* holds a cashier id (up to 64 bytes) */
	char detail[32];
	int64_t a, b, c;   /* kind-specific, see enum insight_kind */
	char path[256];    /* API path and query of the analysis behind it */
};

/* A caller's bounded array that producers append to. */
struct insight_list {
	struct insight_finding *f;
	size_t n, cap;
};

struct menu_result;
struct anomaly_list;

/* Menu engineering producer (analysis 4). names[i] is the name of m->items[i].
 * Emits, per class, at most INSIGHTS_MENU_PER_CLASS items by impact:
 * Plowhorses (severity 2, a = insights_price_step, impact = a × units),
 * Puzzles (severity 1, impact = CM × the units missing to the popularity
 * threshold) and Dogs (severity 1, impact = (weighted average CM − CM) ×
 * units). Stars call for no change and are not emitted. */
#define INSIGHTS_MENU_PER_CLASS 3
void insights_from_menu(const struct menu_result *m, const char *const *names, const char *path,
			struct insight_list *out);

/* The suggested price rise of a Plowhorse: the rupiah that lift its CM to
 * the weighted average CM (ceil((Σ CM×n − CM×Σn) ÷ Σn), exact in integers),
 * rounded up to a Rp 500 menu step, capped at 10% of its average price
 * rounded down to Rp 500 (a larger jump risks its popularity); 0 when the
 * cap is under Rp 500 or the item is not below the average. */
#define INSIGHTS_PRICE_STEP 500
rupiah_t insights_price_step(const struct menu_result *m, size_t item);

/* Anomaly alert producer (analysis 7): the first INSIGHTS_ALERTS_MAX alerts
 * of al (sorted most unusual first). Outlet names by id from the parallel
 * arrays (an unknown id is shown as "#ID"). Severity 3, except 2 for sales
 * above expectation; rates become basis points; c = the alert's first day. */
#define INSIGHTS_ALERTS_MAX 5
void insights_from_alerts(const struct anomaly_list *al, const int64_t *outlet_ids,
			  const char *const *outlet_names, size_t n_outlets, const char *path,
			  struct insight_list *out);

/* Sorts findings: severity, then impact, both descending, then kind (stable
 * for equal keys). */
void insights_rank(struct insight_finding *f, size_t n);

/* Writes the finding's sentence (title) and suggested action in lang into the
 * buffers (NUL-terminated, truncated to size). Unknown kinds give an error. */
enum clario_status insights_render(const struct insight_finding *f, enum insight_lang lang,
				   char *text, size_t text_size, char *action, size_t action_size,
				   struct clario_err *err);

/* Bounded append of a finding into a caller's array (returns the slot or NULL
 * when full). */
struct insight_finding *insights_add(struct insight_finding *arr, size_t *n, size_t cap);

#endif
