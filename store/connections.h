/* The connectors' store: per merchant × vendor connections (status, tokens
 * encrypted at rest, expiry, last sync, lag, last error), a sync cursor per
 * (connection, vendor outlet) written in the caller's transaction together with
 * the data it covers, partner webhook secrets (encrypted: they must stay usable
 * for HMAC), webhook ids already seen, refunds waiting for their sale, and the
 * connectors' dead letters.
 *
 * Encryption: libsodium crypto_secretbox (XSalsa20-Poly1305), a random nonce
 * per value stored in front of the ciphertext. The 32-byte key comes from
 * CLARIO_SECRET_KEY (64 hex digits), else from the key file
 * CLARIO_SECRET_KEY_FILE, else from "<database file>.key" beside a SQLite
 * database (created 0600 with a random key on first use). A PostgreSQL URL
 * needs the variable or the file named. Losing the key loses the tokens (the
 * merchants reconnect), never the sales. */
#ifndef CLARIO_STORE_CONNECTIONS_H
#define CLARIO_STORE_CONNECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/tz.h"

struct store;

#define STORE_CONN_SECRETS_MAX 4096

/* Loads (or creates) the process's encryption key for db_url. Call once at
 * start-up before any secret is read or written; not thread-safe. */
enum clario_status store_connections_key_init(const char *db_url, struct clario_err *err);
/* Forgets the key (tests). */
void store_connections_key_reset(void);

struct store_connection {
	int64_t id;
	int64_t merchant_id;
	char vendor[17];
	char status[17];          /* connectors_status_name() */
	bool has_secrets;
	instant_t token_expires_at;
	char oauth_state[65];
	instant_t last_sync_at;   /* last attempt */
	instant_t last_success_at;
	int64_t lag_seconds;      /* now − newest sale seen, at the last success */
	char last_error[512];
	instant_t updated_at;
};

/* Creates the (merchant, vendor) connection or updates its status, and when
 * secrets is not NULL replaces the encrypted secrets (a JSON text of at most
 * STORE_CONN_SECRETS_MAX bytes) and their expiry; oauth_state NULL clears it. */
enum clario_status store_connections_put(struct store *s, int64_t merchant_id, const char *vendor,
					 const char *status, const char *secrets,
					 instant_t expires_at, const char *oauth_state, instant_t now,
					 int64_t *id, struct clario_err *err);
/* CLARIO_ENOTFOUND if absent. secrets (may be NULL) gets the decrypted text
 * ("" when none); a value that fails to decrypt is CLARIO_EINTERNAL. */
enum clario_status store_connections_get(struct store *s, int64_t merchant_id, const char *vendor,
					 struct store_connection *out, char *secrets,
					 size_t secrets_size, struct clario_err *err);
enum clario_status store_connections_by_state(struct store *s, const char *state,
					      struct store_connection *out, struct clario_err *err);
/* All connections of one vendor (vendor NULL: any) and merchant (0: any),
 * ordered by id. *out is malloc'd; the caller frees it. */
enum clario_status store_connections_list(struct store *s, const char *vendor, int64_t merchant_id,
					  struct store_connection **out, size_t *n,
					  struct clario_err *err);
/* Replaces the secrets only (a rotated refresh token): its own statement, so
 * callers commit it before using the new token. */
enum clario_status store_connections_set_secrets(struct store *s, int64_t id, const char *secrets,
						 instant_t expires_at, instant_t now,
						 struct clario_err *err);
/* The outcome of a sync: ok (status back to active unless paused, error
 * cleared, lag recorded) or failed (status error, reason kept). */
enum clario_status store_connections_synced(struct store *s, int64_t id, instant_t now,
					    int64_t lag_seconds, struct clario_err *err);
enum clario_status store_connections_failed(struct store *s, int64_t id, instant_t now,
					    const char *reason, struct clario_err *err);
enum clario_status store_connections_set_status(struct store *s, int64_t id, const char *status,
						instant_t now, struct clario_err *err);
/* Deletes the tokens and marks the connection disconnected (cursors stay, so
 * a reconnect resumes where the sync stopped). */
enum clario_status store_connections_disconnect(struct store *s, int64_t id, instant_t now,
						struct clario_err *err);

/* Cursor of one vendor outlet; "" when none yet. */
enum clario_status store_connections_cursor_get(struct store *s, int64_t connection_id,
						const char *outlet_ext, char *out, size_t size,
						struct clario_err *err);
/* Sets it: call inside the transaction that stores the data it covers. */
enum clario_status store_connections_cursor_set(struct store *s, int64_t connection_id,
						const char *outlet_ext, const char *cursor,
						instant_t now, struct clario_err *err);

/* A partner's webhook secret ("whsec_..."), encrypted. get: ENOTFOUND if none. */
enum clario_status store_connections_secret_set(struct store *s, const char *partner_code,
						const char *secret, instant_t now,
						struct clario_err *err);
enum clario_status store_connections_secret_get(struct store *s, const char *partner_code,
						char *out, size_t size, struct clario_err *err);

/* Records a webhook id; *seen is true if it was already recorded. */
enum clario_status store_connections_webhook_seen(struct store *s, const char *partner_code,
						  const char *webhook_id, instant_t now,
						  bool *seen, struct clario_err *err);

/* A refund whose sale has not arrived yet (kept once by refund id). */
struct store_pending_refund {
	int64_t id;
	char refund_id[129];
	instant_t at;
	int64_t amount;
};
enum clario_status store_connections_pending_add(struct store *s, const char *source,
						 const char *outlet_ext, const char *ticket_ext,
						 const char *refund_id, instant_t at, int64_t amount,
						 instant_t now, struct clario_err *err);
/* The pending refunds of one sale (at most max), oldest first. */
enum clario_status store_connections_pending_for(struct store *s, const char *source,
						 const char *outlet_ext, const char *ticket_ext,
						 struct store_pending_refund *out, size_t max,
						 size_t *n, struct clario_err *err);
enum clario_status store_connections_pending_delete(struct store *s, int64_t id,
						    struct clario_err *err);
enum clario_status store_connections_pending_count(struct store *s, int64_t *n,
						   struct clario_err *err);

/* Dead letters of the connectors: the raw body and why it failed. */
struct store_conn_deadletter {
	int64_t id;
	char source[33];
	char webhook_id[129];
	char reason[512];
	char *body;        /* malloc'd, NUL-terminated; freed by store_connections_dl_free */
	size_t body_len;
	instant_t created_at;
	instant_t replayed_at;
};
enum clario_status store_connections_dl_add(struct store *s, const char *source,
					    const char *webhook_id, const char *reason,
					    const char *body, size_t len, instant_t now,
					    int64_t *id, struct clario_err *err);
/* The same for an item of a pulled page (webhook_id ""): kept once while an
 * identical body waits unreplayed, so re-fetching a page adds nothing. */
enum clario_status store_connections_dl_add_item(struct store *s, const char *source,
						 const char *reason, const char *body, size_t len,
						 instant_t now, struct clario_err *err);
/* Not yet replayed dead letters: one id (id > 0), or one source (source not
 * NULL), or all; webhooks_only leaves out items of pulled pages (webhook_id
 * ""), which a re-sync fetches again. *out malloc'd; free with
 * store_connections_dl_free. */
enum clario_status store_connections_dl_list(struct store *s, int64_t id, const char *source,
					     bool webhooks_only, struct store_conn_deadletter **out,
					     size_t *n, struct clario_err *err);
void store_connections_dl_free(struct store_conn_deadletter *dl, size_t n);
enum clario_status store_connections_dl_replayed(struct store *s, int64_t id, instant_t now,
						 struct clario_err *err);

#endif
