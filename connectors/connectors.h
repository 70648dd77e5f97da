/* Connectors: pull and push of sales from the POS vendors with an API (Moka,
 * Pawoon, Olsera). This header holds what every adapter shares: the vendor and
 * connection-status enums, exact decimal money from vendor JSON, and the
 * document an adapter produces (a sale ticket or a refund of one). Adapters
 * only translate; ingest decides created/updated/duplicate. Everything an
 * adapter allocates lives in the arena the caller passes and owns. */
#ifndef CLARIO_CONNECTORS_H
#define CLARIO_CONNECTORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "model/sales.h"

enum connectors_vendor { CONNECTORS_MOKA, CONNECTORS_PAWOON, CONNECTORS_OLSERA, CONNECTORS_VENDOR_COUNT };

/* A connection's state: active (synced and pushed), paused (kept, not synced),
 * disconnected (tokens deleted), error (the last sync failed: last_error says
 * why; the next scheduled sync retries). */
enum connectors_status {
	CONNECTORS_ACTIVE,
	CONNECTORS_PAUSED,
	CONNECTORS_DISCONNECTED,
	CONNECTORS_ERROR,
	CONNECTORS_PENDING, /* Moka: consent started, no token yet */
};

/* "moka", "pawoon", "olsera": also the partner code and ticket source. */
const char *connectors_vendor_name(enum connectors_vendor v);
bool connectors_vendor_parse(const char *s, enum connectors_vendor *out);
const char *connectors_status_name(enum connectors_status s);
bool connectors_status_parse(const char *s, enum connectors_status *out);

/* Loads vendor JSON so that no number ever becomes a double: every number with
 * a fraction or exponent is turned into a JSON string of its exact text before
 * jansson sees it; integers stay integers. New reference or NULL with err set
 * (CLARIO_EINVAL with jansson's reason, CLARIO_ETOOBIG above max bytes). */
json_t *connectors_json_load(const char *text, size_t len, size_t max, struct clario_err *err);

/* Exact decimal text ("-755.0125", "15000", "1.5e3") to whole rupiah, rounded
 * half away from zero; *fraction (may be NULL) is set when digits were dropped.
 * Rejects anything that is not a plain decimal number, and |value| > MONEY_MAX. */
enum clario_status connectors_decimal(const char *s, rupiah_t *out, bool *fraction,
				      struct clario_err *err);
/* A money field of a vendor object: absent or null gives 0; an integer, or a
 * string holding a decimal (Olsera sends strings, Moka fractional reals). The
 * field name goes into the error. */
enum clario_status connectors_money(const json_t *obj, const char *field, rupiah_t *out,
				    struct clario_err *err);
/* The same, for a quantity that must be whole and within 1..SALES_MAX_QTY
 * (after abs when allow_negative). */
enum clario_status connectors_qty(const json_t *obj, const char *field, int32_t *out,
				  struct clario_err *err);
/* A string or integer id field as text in arena; NULL when absent/empty. */
const char *connectors_id(const json_t *obj, const char *field, struct arena *a);
/* A text field copied into arena and cut to SALES_MAX_TEXT_LEN bytes (at a
 * UTF-8 boundary); NULL when absent. */
const char *connectors_text(const json_t *obj, const char *field, struct arena *a);
/* A time field: an integer (epoch seconds), an RFC 3339 string, or a local
 * "YYYY-MM-DD HH:MM:SS" / "YYYY-MM-DDTHH:MM:SS" read in zone (which may be
 * NULL when the vendor always sends an offset). */
enum clario_status connectors_time(const json_t *obj, const char *field, const struct tz_zone *zone,
				   instant_t *out, struct clario_err *err);

/* Channel and payment-method names as vendors spell them ("Grab Food",
 * "GoFood", "Take Away", "QRIS", "gopay"): one table for every vendor,
 * compared case-insensitively ignoring spaces, '-' and '_'. Unknown names map
 * to OTHER (never rejected: a new channel must not lose a sale). */
enum sales_channel connectors_channel(const char *vendor_name);
enum sales_payment_method connectors_payment(const char *vendor_name);

/* What an adapter makes of one vendor document. */
enum connectors_doc_kind { CONNECTORS_DOC_SALE, CONNECTORS_DOC_REFUND };

struct connectors_doc {
	enum connectors_doc_kind kind;
	struct sales_ticket ticket;   /* DOC_SALE: the ticket, validated */
	/* DOC_REFUND: refund of ticket `refund_of` at outlet `outlet_id` */
	const char *outlet_id;
	const char *refund_of;
	struct sales_refund refund;
	int64_t version;              /* the vendor's modified time, for ordering */
};

/* Sets ticket.rounding to what makes the vendor's collected total hold (the
 * documented "rounding line"): collected − (net items + service + tax). A drift
 * beyond SALES_MAX_ROUNDING means the vendor's totals do not add up: EINVAL. */
enum clario_status connectors_rounding_line(struct sales_ticket *t, rupiah_t collected,
					    struct clario_err *err);

#endif
