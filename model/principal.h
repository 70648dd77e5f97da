/* Principals: who is calling. Every API request acts as exactly one of these,
 * decided once by http/auth from the API key, and every query is scoped by it. */
#ifndef CLARIO_MODEL_PRINCIPAL_H
#define CLARIO_MODEL_PRINCIPAL_H

#include <stdbool.h>
#include <stdint.h>

enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_ADMIN, PRINCIPAL_PARTNER, PRINCIPAL_MERCHANT };

struct principal {
	enum principal_kind kind;
	int64_t partner_id;    /* PRINCIPAL_PARTNER: the partner; MERCHANT: its partner or 0 */
	int64_t merchant_id;   /* PRINCIPAL_MERCHANT only */
	char partner_code[33]; /* PRINCIPAL_PARTNER: the partner's code, the tickets' source */
	char key_id[33];       /* the API key used (not secret), for logs and audit */
	/* Web sessions and embed tokens (accounts/): the signed-in user (0 for an
	 * API key), the role name, and whether only reads are allowed (merchant
	 * staff, embedded views). */
	int64_t user_id;
	char role[24];
	bool read_only;
};

/* "admin", "partner", "merchant" or "none". */
const char *principal_kind_name(enum principal_kind k);

#endif
