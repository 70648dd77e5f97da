/* Standard Webhooks signatures (spec v1, symmetric): webhook-signature is a
 * space-separated list of "v1,<base64 HMAC-SHA256 of id.timestamp.body>"; the
 * key is the base64 part of the secret after an optional "whsec_" prefix.
 * Pure functions, thread-safe once sodium_init has run. */
#ifndef CLARIO_CONNECTORS_WEBHOOK_SIG_H
#define CLARIO_CONNECTORS_WEBHOOK_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define WEBHOOK_SIG_TOLERANCE 300 /* seconds either side of now: the replay window */
#define WEBHOOK_SIG_MAX 128       /* "v1," + base64 of 32 bytes, with NUL */
#define WEBHOOK_SECRET_MAX 128

/* Writes "v1,<base64>" for (id, timestamp, body) into out. EINVAL on a secret
 * that is not base64 or an id/timestamp holding '.'. */
enum clario_status webhook_sig_sign(const char *secret, const char *id, const char *timestamp,
				    const char *body, size_t len, char out[WEBHOOK_SIG_MAX],
				    struct clario_err *err);

/* Verifies the three headers against body at time now. Any header missing,
 * a non-numeric timestamp, one outside ±WEBHOOK_SIG_TOLERANCE, or no valid v1
 * entry in signature: CLARIO_EUNAUTH with the reason. Constant-time compare. */
enum clario_status webhook_sig_verify(const char *secret, const char *id, const char *timestamp,
				      const char *signature, const char *body, size_t len,
				      int64_t now, struct clario_err *err);

/* A fresh random secret "whsec_<base64 of 32 bytes>". */
void webhook_sig_new_secret(char out[WEBHOOK_SECRET_MAX]);

#endif
