/* Web sign-in: users and roles, sessions and password resets. A session id is
 * 256 random bits carried by the cookie; only its BLAKE2b hash is stored, next
 * to a CSRF token bound to it. Sign-in always makes a new id (an id planted
 * before sign-in is never promoted), sessions expire server-side, sign-out
 * deletes the row. A role maps onto the API's principals (model/principal.h). */
#ifndef CLARIO_ACCOUNTS_SESSION_H
#define CLARIO_ACCOUNTS_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "accounts/ratelimit.h"
#include "base/err.h"
#include "model/principal.h"
#include "store/accounts.h"
#include "store/store.h"

#define ACCOUNTS_TOKEN_CHARS 43 /* 32 bytes, base64url without padding */
#define ACCOUNTS_TOKEN_MAX 64
#define ACCOUNTS_COOKIE "clario_session"

/* Which role names exist, and whether one needs a partner / a merchant. */
bool accounts_role_valid(const char *role);

/* Creates a user with a hashed password. e-mail is lower-cased; the role's
 * tenant must be given (partner_admin/channel_partner: partner_id; merchant_*:
 * merchant_id). */
enum clario_status accounts_user_create(struct store *s, const char *email, const char *name,
					const char *role, int64_t partner_id, int64_t merchant_id,
					const char *password, int64_t now, int64_t *id,
					struct clario_err *err);

/* Limits and lifetimes for sign-in. */
struct accounts_login_cfg {
	struct ratelimit *per_account;
	struct ratelimit *per_ip;
	int64_t session_ttl; /* seconds */
};

struct accounts_session {
	char id[ACCOUNTS_TOKEN_MAX];   /* the cookie value: secret, never logged */
	char csrf[ACCOUNTS_TOKEN_MAX];
	int64_t user_id;
	int64_t expires_at;
};

/* Signs in. Wrong e-mail or password: CLARIO_EUNAUTH, one message for both,
 * after the same password-hash work. Too many failures for this e-mail or this
 * ip: CLARIO_EFORBIDDEN ("too many attempts"), the same for known and unknown
 * e-mails. Hashing capacity exhausted: CLARIO_EBUSY. old_id (may be NULL) is a
 * session id the client already had: it is ended, so a planted id never
 * survives a sign-in. */
enum clario_status accounts_login(struct store *s, const struct accounts_login_cfg *cfg,
				  const char *email, const char *password, const char *ip,
				  const char *old_id, int64_t now, struct accounts_session *out,
				  struct clario_err *err);

/* Resolves a cookie value to its principal and CSRF token. An unknown, expired
 * or malformed id is CLARIO_EUNAUTH. */
enum clario_status accounts_session_resolve(struct store *s, const char *id, int64_t now,
					    struct principal *p, char csrf[ACCOUNTS_TOKEN_MAX],
					    struct clario_err *err);
/* Ends the session (no error if it is already gone). */
enum clario_status accounts_logout(struct store *s, const char *id, struct clario_err *err);

/* Fills p from a user: the role's principal kind and tenant. */
enum clario_status accounts_principal_for(struct store *s, const struct store_user *u,
					  struct principal *p, struct clario_err *err);

/* Starts a password reset for email: when the account exists, token gets the
 * one-time secret (else token is ""), valid ttl seconds. The caller answers the
 * same either way. */
enum clario_status accounts_reset_start(struct store *s, const char *email, int64_t now,
					int64_t ttl, char token[ACCOUNTS_TOKEN_MAX],
					struct clario_err *err);
/* Sets a new password with a reset token and ends every session of the user.
 * An invalid, used or expired token is CLARIO_ENOTFOUND. */
enum clario_status accounts_reset_finish(struct store *s, const char *token,
					 const char *password, int64_t now,
					 struct clario_err *err);

/* Constant-time comparison of two NUL-terminated tokens. */
bool accounts_token_equal(const char *a, const char *b);

#endif
