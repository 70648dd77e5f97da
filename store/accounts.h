/* Web accounts: users (a role bound to a tenant), sessions and password-reset
 * tokens (only their hashes are stored), partners' branding and the host names
 * that map to a partner. Records are copies the caller owns. */
#ifndef CLARIO_STORE_ACCOUNTS_H
#define CLARIO_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

#define STORE_ACCOUNTS_HASH_MAX 192 /* crypto_pwhash_STRBYTES is 128 */
#define STORE_ACCOUNTS_CSRF_MAX 64

struct store_user {
	int64_t id;
	char email[257];
	char name[129];
	char role[24];        /* clario_admin, partner_admin, merchant_owner, merchant_staff, channel_partner */
	int64_t partner_id;   /* 0 if none */
	int64_t merchant_id;  /* 0 if none */
	char pw_hash[STORE_ACCOUNTS_HASH_MAX];
};

/* Inserts u (id ignored) at instant now; *id gets the new id. A taken email is
 * CLARIO_ECONFLICT. */
enum clario_status store_accounts_user_create(struct store *s, const struct store_user *u,
					      int64_t now, int64_t *id, struct clario_err *err);
/* CLARIO_ENOTFOUND if absent. email is compared as stored (callers lower-case). */
enum clario_status store_accounts_user_by_email(struct store *s, const char *email,
						struct store_user *out, struct clario_err *err);
enum clario_status store_accounts_user_get(struct store *s, int64_t id, struct store_user *out,
					   struct clario_err *err);
enum clario_status store_accounts_user_set_password(struct store *s, int64_t id,
						    const char *pw_hash, struct clario_err *err);

/* Sessions, keyed by the hash of the id the cookie carries. */
enum clario_status store_accounts_session_insert(struct store *s, const unsigned char id_hash[32],
						 int64_t user_id, const char *csrf, int64_t now,
						 int64_t expires_at, struct clario_err *err);
/* The session's user and CSRF token if it exists and expires after now;
 * otherwise CLARIO_ENOTFOUND. */
enum clario_status store_accounts_session_get(struct store *s, const unsigned char id_hash[32],
					      int64_t now, int64_t *user_id,
					      char csrf[STORE_ACCOUNTS_CSRF_MAX], struct clario_err *err);
enum clario_status store_accounts_session_delete(struct store *s, const unsigned char id_hash[32],
						 struct clario_err *err);
/* Ends every session of a user (after a password change). */
enum clario_status store_accounts_session_delete_user(struct store *s, int64_t user_id,
						      struct clario_err *err);
/* Removes sessions that expired before now; *n gets how many. */
enum clario_status store_accounts_session_purge(struct store *s, int64_t now, int64_t *n,
						struct clario_err *err);

/* Password resets: one use, until expires_at. */
enum clario_status store_accounts_reset_insert(struct store *s, const unsigned char hash[32],
					       int64_t user_id, int64_t expires_at,
					       struct clario_err *err);
/* Marks the token used and gives its user, atomically: a second use, an
 * unknown or an expired token is CLARIO_ENOTFOUND. */
enum clario_status store_accounts_reset_consume(struct store *s, const unsigned char hash[32],
						int64_t now, int64_t *user_id,
						struct clario_err *err);

/* A partner's branding. Absent rows read as defaults (see store_accounts_branding_get). */
struct store_branding {
	int64_t partner_id;
	char product_name[65];
	bool powered_by;          /* show "powered by Clario" */
	char color_primary[8];    /* "#rrggbb" */
	char color_accent[8];
	char frame_origins[1025]; /* space-separated origins allowed to frame embeds */
	bool has_logo;
	char logo_type[32];       /* image/png, image/jpeg, image/svg+xml */
};

/* CLARIO_ENOTFOUND when the partner has no branding row. */
enum clario_status store_accounts_branding_get(struct store *s, int64_t partner_id,
					       struct store_branding *out, struct clario_err *err);
/* Inserts or updates every field but the logo. */
enum clario_status store_accounts_branding_put(struct store *s, const struct store_branding *b,
					       struct clario_err *err);
/* Sets the logo (bytes copied). The branding row must exist. */
enum clario_status store_accounts_logo_put(struct store *s, int64_t partner_id, const char *type,
					   const void *data, size_t len, struct clario_err *err);
/* *data is malloc'd (the caller frees); CLARIO_ENOTFOUND without a logo. */
enum clario_status store_accounts_logo_get(struct store *s, int64_t partner_id,
					   char type[32], void **data, size_t *len,
					   struct clario_err *err);

/* Host names ("analytics.moka.id", lower case) → partner. */
enum clario_status store_accounts_host_put(struct store *s, const char *host, int64_t partner_id,
					   struct clario_err *err);
enum clario_status store_accounts_host_partner(struct store *s, const char *host,
					       int64_t *partner_id, struct clario_err *err);

/* Dead-lettered payloads, newest first (store/console.c). raw is cut to
 * 512 bytes for display; raw_len is the full length. */
struct store_deadletter {
	int64_t id;
	int64_t received_at;
	char source[65];
	char principal[65];
	char reason[513];
	char raw[513];
	int64_t raw_len;
};
/* At most limit rows with id < before (before <= 0: from the newest). *out is
 * malloc'd; the caller frees it. */
enum clario_status store_deadletter_list(struct store *s, int64_t before, size_t limit,
					 struct store_deadletter **out, size_t *n,
					 struct clario_err *err);

/* Partners with how many merchants each has, by id (store/console.c). */
struct store_partner_row {
	int64_t id;
	char code[33];
	char name[129];
	char kind[16];
	int64_t merchants;
};
/* *out is malloc'd; the caller frees it. */
enum clario_status store_partner_list_counts(struct store *s, struct store_partner_row **out,
					     size_t *n, struct clario_err *err);

#endif
