/* API keys: `clk_live_<id>_<secret>`, bound to one principal. The secret has
 * 260 bits of entropy, so a fast keyed hash (BLAKE2b-256, libsodium) is enough
 * to store it: no slow password hash on every request. The stored hash is
 * compared in constant time. Keys are shown once, at creation. */
#ifndef CLARIO_AUTH_H
#define CLARIO_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "model/principal.h"
#include "store/store.h"

#define AUTH_KEY_MAX 128

/* Must be called once before threads start (sodium_init). */
enum clario_status auth_init(struct clario_err *err);

/* Creates a key for the principal (kind + partner_id / merchant_id) and writes
 * the full key text, shown only now, into key_out. */
enum clario_status auth_key_create(struct store *s, enum principal_kind kind, int64_t partner_id,
				   int64_t merchant_id, const char *label,
				   char key_out[AUTH_KEY_MAX], struct clario_err *err);

/* Checks an Authorization header value ("Bearer clk_live_..."). On success fills
 * *p. Every failure is CLARIO_EUNAUTH with the same message, so a caller cannot
 * tell an unknown key from a wrong secret. */
enum clario_status auth_authenticate(struct store *s, const char *authorization,
				     struct principal *p, struct clario_err *err);

#endif
