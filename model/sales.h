/* The canonical sales model: what every POS's sales become inside Clario.
 * A ticket (one order/bill) has lines, ticket-level discounts, PB1 tax, service
 * charge, rounding, payments and refunds. Money is whole rupiah (int64), times
 * are UTC instants. Parsed tickets live in the arena passed to the parser: the
 * arena owns every string and array, the caller owns the arena.
 * The JSON shape is documented in docs/model.md. */
#ifndef CLARIO_MODEL_SALES_H
#define CLARIO_MODEL_SALES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"

enum sales_channel {
	SALES_CHANNEL_DINE_IN,
	SALES_CHANNEL_TAKEAWAY,
	SALES_CHANNEL_GOFOOD,
	SALES_CHANNEL_GRABFOOD,
	SALES_CHANNEL_SHOPEEFOOD,
	SALES_CHANNEL_OTHER,
	SALES_CHANNEL_COUNT
};

enum sales_payment_method {
	SALES_PAY_CASH,
	SALES_PAY_QRIS,
	SALES_PAY_GOPAY,
	SALES_PAY_OVO,
	SALES_PAY_DANA,
	SALES_PAY_SHOPEEPAY,
	SALES_PAY_DEBIT,
	SALES_PAY_CREDIT,
	SALES_PAY_OTHER,
	SALES_PAY_COUNT
};

enum sales_status { SALES_STATUS_CLOSED, SALES_STATUS_VOID };

/* Hard limits on one ticket, so sums cannot overflow and bodies stay bounded. */
#define SALES_MAX_LINES 500
#define SALES_MAX_MODIFIERS 20
#define SALES_MAX_PAYMENTS 20
#define SALES_MAX_DISCOUNTS 20
#define SALES_MAX_REFUNDS 50
#define SALES_MAX_QTY 10000
#define SALES_MAX_ID_LEN 128
#define SALES_MAX_TEXT_LEN 256
#define SALES_MAX_COVERS 10000
#define SALES_MAX_ROUNDING 1000 /* |rounding| in rupiah, see docs/model.md */

struct sales_modifier {
	const char *name;
	rupiah_t price; /* per unit of the line, >= 0 */
};

struct sales_line {
	const char *item_id;  /* the vendor's item id (external) */
	const char *name;
	const char *category; /* may be NULL */
	int32_t qty;          /* > 0 */
	rupiah_t unit_price;  /* before modifiers and discounts, excl. added tax */
	struct sales_modifier *modifiers;
	size_t n_modifiers;
	rupiah_t discount;    /* line discount, 0..line gross */
};

struct sales_discount {
	const char *name;
	rupiah_t amount; /* > 0, merchant-funded, ticket level */
};

struct sales_payment {
	enum sales_payment_method method;
	rupiah_t amount; /* > 0 */
	const char *reference; /* may be NULL */
};

struct sales_refund_line {
	const char *item_id; /* must be a line's item_id on the ticket */
	int32_t qty;         /* >= 0 */
	rupiah_t amount;     /* > 0, net item sales given back */
};

struct sales_refund {
	const char *refund_id; /* the vendor's refund id: a refund is recorded once */
	instant_t at;          /* dated on its own day, not the sale's */
	rupiah_t amount;       /* net item sales given back (excl. tax and service) */
	const char *reason;    /* may be NULL */
	struct sales_refund_line *lines; /* optional itemisation; sums to amount */
	size_t n_lines;
};

struct sales_ticket {
	const char *source;        /* partner code ("moka") or NULL: filled by ingest */
	const char *outlet_id;     /* the vendor's outlet id */
	const char *ticket_id;     /* the vendor's ticket id */
	int64_t revision;          /* >= 1; a higher revision replaces a lower one */
	enum sales_status status;
	instant_t opened_at;       /* 0 when unknown */
	instant_t closed_at;       /* the moment of sale: decides day and hour */
	enum sales_channel channel;
	int32_t covers;            /* guests, 0 when unknown */
	const char *customer_id;   /* may be NULL */
	const char *cashier_id;    /* may be NULL */
	struct sales_line *lines;
	size_t n_lines;
	struct sales_discount *discounts;
	size_t n_discounts;
	rupiah_t service_charge;
	rupiah_t tax;              /* PB1 restaurant tax */
	rupiah_t rounding;         /* signed; cash rounding or the vendor's own drift */
	struct sales_payment *payments;
	size_t n_payments;
	struct sales_refund *refunds;
	size_t n_refunds;
};

/* Derived amounts of one ticket. */
struct sales_totals {
	rupiah_t gross;            /* Σ qty × (unit price + modifiers) */
	rupiah_t line_discounts;
	rupiah_t ticket_discounts;
	rupiah_t net_items;        /* gross − line discounts − ticket discounts */
	rupiah_t total_due;        /* net_items + service charge + tax + rounding */
	rupiah_t paid;             /* Σ payments */
	rupiah_t refunded;         /* Σ refunds on this ticket */
};

/* Enum <-> wire names ("dine_in", "gofood", "qris", "closed", ...). The *_parse
 * functions return false for unknown names. */
const char *sales_channel_name(enum sales_channel c);
bool sales_channel_parse(const char *s, enum sales_channel *out);
const char *sales_payment_name(enum sales_payment_method m);
bool sales_payment_parse(const char *s, enum sales_payment_method *out);
const char *sales_status_name(enum sales_status s);
bool sales_status_parse(const char *s, enum sales_status *out);

/* Parses and validates one ticket from JSON. On failure returns CLARIO_EINVAL
 * (or CLARIO_ENOMEM) and err->msg names the field path and the reason, e.g.
 * "lines[2].qty: must be between 1 and 10000, got 0". Everything allocated
 * lives in arena. */
enum clario_status sales_ticket_from_json(const json_t *j, struct arena *arena,
					  struct sales_ticket *out, struct clario_err *err);

/* Checks the rules that hold across fields (sums, payments = total due, refunds
 * within what was sold, void tickets carry no refunds). Called by the parser;
 * public for tickets built in C (demo, connectors). */
enum clario_status sales_ticket_validate(const struct sales_ticket *t, struct clario_err *err);

/* Computes the derived amounts. Only valid on a validated ticket. */
void sales_ticket_totals(const struct sales_ticket *t, struct sales_totals *out);

/* Line gross: qty × (unit price + Σ modifier prices). */
rupiah_t sales_line_gross(const struct sales_line *l);

/* Canonical JSON of a ticket (new reference, NULL on out of memory). Parsing it
 * back gives an equal ticket. */
json_t *sales_ticket_to_json(const struct sales_ticket *t);

/* 32-byte digest of the ticket's content except refunds and revision: two sends
 * of the same revision with different content are told apart by it. */
void sales_ticket_digest(const struct sales_ticket *t, unsigned char out[32]);

#endif
