/* The connectors' HTTP client (libcurl): one request with bounded retries.
 * 429 waits Retry-After (capped), 5xx and transport failures back off
 * exponentially with full jitter; after the last attempt the failure is an
 * ordinary error (CLARIO_EIO) that the sync records on the connection. One
 * client per thread. */
#ifndef CLARIO_CONNECTORS_CLIENT_H
#define CLARIO_CONNECTORS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define CONNECTORS_BODY_MAX (32u << 20) /* a vendor answer larger than this is refused */

struct connectors_client;

struct connectors_resp {
	long status;   /* the final HTTP status (after retries) */
	char *body;    /* malloc'd, NUL-terminated; freed by connectors_resp_free */
	size_t len;
	unsigned attempts;
};

/* Backoff settings from the environment: CLARIO_SYNC_RETRIES (attempts,
 * default 5), CLARIO_SYNC_BACKOFF_MS (first delay, default 500),
 * CLARIO_SYNC_MAX_WAIT_S (cap on one wait incl. Retry-After, default 60). */
enum clario_status connectors_client_new(struct connectors_client **out, struct clario_err *err);
void connectors_client_free(struct connectors_client *c);

/* method GET or POST; bearer (may be NULL) sent as "Authorization: Bearer";
 * body with content_type (may be NULL). Any answer that is not 429 or 5xx is
 * returned as is (the caller judges 401/404); 429/5xx are retried; if they
 * persist, or the transport fails every time, CLARIO_EIO says so. */
enum clario_status connectors_client_do(struct connectors_client *c, const char *method,
					const char *url, const char *bearer,
					const char *content_type, const char *body,
					struct connectors_resp *out, struct clario_err *err);
void connectors_resp_free(struct connectors_resp *r);

/* URL-encodes s into out (size bytes); false if it does not fit. */
bool connectors_urlencode(const char *s, char *out, size_t size);

#endif
