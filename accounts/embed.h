/* Embed tokens: a partner's back office frames a read-only view of one of its
 * merchants. Token = "v1.<payload>.<mac>", both base64url; payload names the
 * partner, merchant, view and expiry; mac is HMAC-SHA-256 under a key derived
 * from the server secret, checked in constant time. Lifetime at most 1 hour. */
#ifndef CLARIO_ACCOUNTS_EMBED_H
#define CLARIO_ACCOUNTS_EMBED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define ACCOUNTS_EMBED_MAX 320
#define ACCOUNTS_EMBED_MAX_TTL 3600
#define ACCOUNTS_SECRET_MIN 32

struct accounts_embed {
	int64_t partner_id;
	int64_t merchant_id;
	char view[24];
	int64_t expires_at;
};

/* The views a token may name ("dashboard"). */
bool accounts_embed_view_valid(const char *view);

/* Derives the signing key from the server secret (>= 32 bytes). Call once
 * before threads start. */
enum clario_status accounts_embed_init(const char *secret, size_t len, struct clario_err *err);

/* Signs e (expires_at must be after now and at most now + 1 h). */
enum clario_status accounts_embed_sign(const struct accounts_embed *e, int64_t now,
				       char out[ACCOUNTS_EMBED_MAX], struct clario_err *err);
/* Verifies token at now: a malformed, tampered or expired token is CLARIO_EUNAUTH
 * with one message. The caller still checks the merchant belongs to partner_id. */
enum clario_status accounts_embed_verify(const char *token, int64_t now,
					 struct accounts_embed *out, struct clario_err *err);

#endif
