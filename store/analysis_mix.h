/* Store side of the mix analyses (channel, payment, outlet comparison,
 * retention, peers): the rows those pure analyses fold, read with one portable
 * query each (store/sql.h), plus the settings they need (commission rates,
 * merchant region). Days are business days (day_t) as ingest placed them. */
#ifndef CLARIO_STORE_ANALYSIS_MIX_H
#define CLARIO_STORE_ANALYSIS_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "model/sales.h"

struct store;

/* ---- delivery-platform commission rates ---- */

#define MIX_N_PLATFORMS 3 /* gofood, grabfood, shopeefood, in that order */

struct mix_rate {
	enum sales_channel channel;
	int32_t rate_bps;    /* commission on the order's net item sales */
	rupiah_t fixed_fee;  /* per order */
	int32_t vat_bps;     /* VAT charged on the commission (0 = none) */
	bool custom;         /* the merchant's own rate, not the default */
};

/* The platforms' channels in the order every rate array uses. */
enum sales_channel store_mix_platform(size_t i);
/* Index of a platform channel, or -1 for a channel without commission. */
int store_mix_platform_index(enum sales_channel c);

/* Effective rates of a merchant (its own where set, else the default), or the
 * defaults alone when merchant_id is 0. out[i] is platform i. */
enum clario_status store_mix_rates_get(struct store *s, int64_t merchant_id,
				       struct mix_rate out[MIX_N_PLATFORMS], struct clario_err *err);
/* Sets the merchant's rate for r->channel (merchant_id 0: the default). */
enum clario_status store_mix_rate_set(struct store *s, int64_t merchant_id,
				      const struct mix_rate *r, instant_t now,
				      struct clario_err *err);
/* Drops the merchant's own rate for a channel so the default applies again. */
enum clario_status store_mix_rate_clear(struct store *s, int64_t merchant_id,
					enum sales_channel channel, struct clario_err *err);

/* ---- merchant region ---- */

#define MIX_REGION_MAX 64
enum clario_status store_mix_region_set(struct store *s, int64_t merchant_id, const char *region,
					struct clario_err *err);
/* "" when none is set. */
enum clario_status store_mix_region_get(struct store *s, int64_t merchant_id,
					char region[MIX_REGION_MAX + 1], struct clario_err *err);

/* ---- channel mix ---- */

/* Closed tickets of one channel with the same net item sales (the commission
 * base), summed: commission is charged per order, so the analysis needs each
 * distinct base with its order count. Read from the mix rollups
 * (store/rollups_mix.h): a (channel, base) may come in several rows (per
 * outlet and span) to be summed; channels without commission carry base 0;
 * item costs come in one extra row per channel with tickets 0. */
struct mix_channel_row {
	enum sales_channel channel;
	rupiah_t base;             /* one ticket's gross − line − ticket discounts */
	int64_t tickets;
	rupiah_t gross;
	rupiah_t line_discounts;
	rupiah_t ticket_discounts;
	rupiah_t known_cost;       /* Σ qty × unit cost over lines whose item has a cost */
	rupiah_t unknown_cost_gross; /* Σ line gross over lines whose item has none */
};

/* Refunds recorded on business days from..to, by the refunded ticket's channel. */
struct mix_refund_row {
	enum sales_channel channel;
	rupiah_t amount;
	int64_t count;
};

/* outlet_id 0 = all outlets. *rows and *refunds are malloc'd; caller frees. */
enum clario_status store_mix_channel_rows(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t from, day_t to, struct mix_channel_row **rows,
					  size_t *n, struct mix_refund_row **refunds, size_t *n_refunds,
					  struct clario_err *err);

/* ---- payment mix ---- */

/* Payments of closed tickets per business day and method (one row per outlet:
 * a day and method may repeat, to be summed). */
struct mix_payment_row {
	day_t day;
	enum sales_payment_method method;
	int64_t count;  /* payment entries (a split bill counts once per method) */
	rupiah_t amount;
};
enum clario_status store_mix_payment_rows(struct store *s, int64_t merchant_id, int64_t outlet_id,
					  day_t from, day_t to, struct mix_payment_row **rows,
					  size_t *n, struct clario_err *err);

/* ---- outlet comparison ---- */

/* One outlet's business day, from the hour rollups. */
struct mix_outlet_day {
	int64_t outlet_id;
	day_t day;
	rupiah_t gross;
	rupiah_t discounts; /* line + ticket */
	rupiah_t refunds;
	int64_t tickets;
	int64_t covers;
	int64_t voids;
	int64_t discounted_tickets;
	int64_t refund_count;
};
enum clario_status store_mix_outlet_days(struct store *s, int64_t merchant_id, day_t from, day_t to,
					 struct mix_outlet_day **rows, size_t *n,
					 struct clario_err *err);

/* ---- retention ---- */

/* A customer's business day with closed tickets. customer is a dense index
 * (0..n_customers−1) in customer-id order; rows come grouped by customer, days
 * ascending. Days from the merchant's first ticket to `to`, so first visits
 * before the period are known. */
struct mix_visit {
	uint32_t customer;
	day_t day;
	int32_t tickets;
	rupiah_t net; /* gross − discounts of those tickets (refunds not attributed) */
};
struct mix_visits {
	struct mix_visit *rows; /* malloc'd */
	size_t n;
	size_t n_customers;
	int64_t period_tickets;          /* closed tickets from..to */
	int64_t period_customer_tickets; /* of which carry a customer id */
};
enum clario_status store_mix_visits(struct store *s, int64_t merchant_id, int64_t outlet_id,
				    day_t from, day_t to, struct mix_visits *out,
				    struct clario_err *err);
void store_mix_visits_release(struct mix_visits *v);

/* ---- peers ---- */

/* One merchant's figures over a period, for benchmarks. */
struct mix_peer_row {
	int64_t merchant_id;
	char kind[33];
	char region[MIX_REGION_MAX + 1]; /* "" = none */
	rupiah_t gross;
	rupiah_t discounts;
	rupiah_t refunds;
	int64_t tickets;
	int64_t voids;
	int64_t delivery_tickets;
	rupiah_t prev_net;   /* net sales over the previous period of equal length */
	int64_t prev_tickets;
};
/* Every merchant of the given kind with its figures for from..to (merchants
 * without any ticket in either period included, with zeros). */
enum clario_status store_mix_peer_rows(struct store *s, const char *kind, day_t from, day_t to,
				       struct mix_peer_row **rows, size_t *n,
				       struct clario_err *err);

#endif
