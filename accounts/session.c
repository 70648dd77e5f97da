/* Sessions, sign-in with rate limits and dummy hashing, password resets, and
 * the mapping of roles onto principals. */
#include "accounts/session.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "accounts/password.h"

static const char *const roles[] = {"clario_admin", "partner_admin", "merchant_owner",
				    "merchant_staff", "channel_partner"};

bool accounts_role_valid(const char *role)
{
	for (size_t i = 0; role && i < sizeof roles / sizeof *roles; i++)
		if (strcmp(role, roles[i]) == 0)
			return true;
	return false;
}

static void new_token(char out[ACCOUNTS_TOKEN_MAX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, ACCOUNTS_TOKEN_MAX, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static void token_hash(const char *token, const char *domain, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token),
			   (const unsigned char *)domain, strlen(domain));
}

static bool token_wellformed(const char *t)
{
	if (!t || strlen(t) != ACCOUNTS_TOKEN_CHARS)
		return false;
	for (const char *p = t; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

bool accounts_token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la == lb && la > 0 && sodium_memcmp(a, b, la) == 0;
}

static void lower_copy(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

enum clario_status accounts_user_create(struct store *s, const char *email, const char *name,
					const char *role, int64_t partner_id, int64_t merchant_id,
					const char *password, int64_t now, int64_t *id,
					struct clario_err *err)
{
	struct store_user u = {0};
	if (!email || !strchr(email, '@') || strlen(email) >= sizeof u.email)
		return clario_err_set(err, CLARIO_EINVAL, "email: must be an e-mail address");
	if (!name || !*name || strlen(name) >= sizeof u.name)
		return clario_err_set(err, CLARIO_EINVAL, "name: is required (1-128 bytes)");
	if (!accounts_role_valid(role))
		return clario_err_set(err, CLARIO_EINVAL, "role: must be one of clario_admin,"
				      " partner_admin, merchant_owner, merchant_staff, channel_partner");
	bool needs_partner = strcmp(role, "partner_admin") == 0 || strcmp(role, "channel_partner") == 0;
	bool needs_merchant = strncmp(role, "merchant_", 9) == 0;
	if (needs_partner && partner_id <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "partner: role %s needs a partner", role);
	if (needs_merchant && merchant_id <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "merchant: role %s needs a merchant", role);
	lower_copy(u.email, sizeof u.email, email);
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.role, sizeof u.role, "%s", role);
	u.partner_id = needs_partner ? partner_id : 0;
	u.merchant_id = needs_merchant ? merchant_id : 0;
	enum clario_status st = accounts_password_hash(password, u.pw_hash, err);
	if (st == CLARIO_OK)
		st = store_accounts_user_create(s, &u, now, id, err);
	if (st == CLARIO_ECONFLICT)
		clario_err_set(err, CLARIO_ECONFLICT, "email: an account with this e-mail exists");
	sodium_memzero(u.pw_hash, sizeof u.pw_hash);
	return st;
}

enum clario_status accounts_principal_for(struct store *s, const struct store_user *u,
					  struct principal *p, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	memset(p, 0, sizeof *p);
	p->user_id = u->id;
	snprintf(p->role, sizeof p->role, "%s", u->role);
	if (strcmp(u->role, "clario_admin") == 0) {
		p->kind = PRINCIPAL_ADMIN;
	} else if (strcmp(u->role, "partner_admin") == 0 || strcmp(u->role, "channel_partner") == 0) {
		struct store_partner partner;
		p->kind = PRINCIPAL_PARTNER;
		p->partner_id = u->partner_id;
		if ((st = store_partner_get(s, u->partner_id, &partner, err)) == CLARIO_OK)
			snprintf(p->partner_code, sizeof p->partner_code, "%s", partner.code);
		/* A channel partner refers merchants; it owns none and sends no sales. */
		p->read_only = strcmp(u->role, "channel_partner") == 0;
	} else {
		struct store_merchant m;
		p->kind = PRINCIPAL_MERCHANT;
		p->merchant_id = u->merchant_id;
		if ((st = store_merchant_get(s, u->merchant_id, &m, err)) == CLARIO_OK)
			p->partner_id = m.partner_id;
		p->read_only = strcmp(u->role, "merchant_staff") == 0;
	}
	if (st == CLARIO_ENOTFOUND)
		st = clario_err_set(err, CLARIO_EUNAUTH, "the account's tenant no longer exists");
	if (st != CLARIO_OK)
		p->kind = PRINCIPAL_NONE;
	return st;
}

enum clario_status accounts_login(struct store *s, const struct accounts_login_cfg *cfg,
				  const char *email, const char *password, const char *ip,
				  const char *old_id, int64_t now, struct accounts_session *out,
				  struct clario_err *err)
{
	char akey[300], ikey[80];
	char lower[257];
	memset(out, 0, sizeof *out);
	lower_copy(lower, sizeof lower, email ? email : "");
	snprintf(akey, sizeof akey, "a:%s", lower);
	snprintf(ikey, sizeof ikey, "i:%s", ip ? ip : "");
	bool limited = ratelimit_blocked(cfg->per_account, akey, now) ||
		       ratelimit_blocked(cfg->per_ip, ikey, now);
	struct store_user u;
	enum clario_status st = store_accounts_user_by_email(s, lower, &u, err);
	if (st != CLARIO_OK && st != CLARIO_ENOTFOUND)
		return st;
	bool known = st == CLARIO_OK;
	bool ok = false;
	/* The same Argon2id work whether the account exists, and whether it is
	 * locked: neither timing nor message tells them apart. */
	if ((st = accounts_password_verify(known ? u.pw_hash : NULL, password, &ok, err)))
		return st;
	if (limited)
		return clario_err_set(err, CLARIO_EFORBIDDEN,
				      "too many sign-in attempts; wait 15 minutes and try again");
	if (!known || !ok) {
		ratelimit_fail(cfg->per_account, akey, now);
		ratelimit_fail(cfg->per_ip, ikey, now);
		return clario_err_set(err, CLARIO_EUNAUTH, "wrong e-mail or password");
	}
	ratelimit_clear(cfg->per_account, akey);
	if (old_id && (st = accounts_logout(s, old_id, err)))
		return st;
	/* Sign-ins sweep expired sessions, so the table holds about the live ones
	 * without a timer of its own on every app server. */
	int64_t purged = 0;
	if ((st = store_accounts_session_purge(s, now, &purged, err)))
		return st;
	unsigned char h[32];
	new_token(out->id);
	new_token(out->csrf);
	token_hash(out->id, "clario session v1", h);
	out->user_id = u.id;
	out->expires_at = now + cfg->session_ttl;
	st = store_accounts_session_insert(s, h, u.id, out->csrf, now, out->expires_at, err);
	if (st != CLARIO_OK)
		memset(out, 0, sizeof *out);
	return st;
}

enum clario_status accounts_session_resolve(struct store *s, const char *id, int64_t now,
					    struct principal *p, char csrf[ACCOUNTS_TOKEN_MAX],
					    struct clario_err *err)
{
	memset(p, 0, sizeof *p);
	if (!token_wellformed(id))
		return clario_err_set(err, CLARIO_EUNAUTH, "not signed in");
	unsigned char h[32];
	token_hash(id, "clario session v1", h);
	int64_t user_id = 0;
	char stored_csrf[STORE_ACCOUNTS_CSRF_MAX];
	enum clario_status st = store_accounts_session_get(s, h, now, &user_id, stored_csrf, err);
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EUNAUTH, "not signed in");
	struct store_user u;
	if (st == CLARIO_OK && (st = store_accounts_user_get(s, user_id, &u, err)) == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EUNAUTH, "not signed in");
	if (st == CLARIO_OK)
		st = accounts_principal_for(s, &u, p, err);
	if (st == CLARIO_OK)
		snprintf(csrf, ACCOUNTS_TOKEN_MAX, "%s", stored_csrf);
	return st;
}

enum clario_status accounts_logout(struct store *s, const char *id, struct clario_err *err)
{
	if (!token_wellformed(id))
		return CLARIO_OK;
	unsigned char h[32];
	token_hash(id, "clario session v1", h);
	return store_accounts_session_delete(s, h, err);
}

enum clario_status accounts_reset_start(struct store *s, const char *email, int64_t now,
					int64_t ttl, char token[ACCOUNTS_TOKEN_MAX],
					struct clario_err *err)
{
	char lower[257];
	struct store_user u;
	token[0] = '\0';
	lower_copy(lower, sizeof lower, email ? email : "");
	enum clario_status st = store_accounts_user_by_email(s, lower, &u, err);
	if (st == CLARIO_ENOTFOUND)
		return CLARIO_OK;
	if (st != CLARIO_OK)
		return st;
	unsigned char h[32];
	new_token(token);
	token_hash(token, "clario reset v1", h);
	st = store_accounts_reset_insert(s, h, u.id, now + ttl, err);
	if (st != CLARIO_OK)
		token[0] = '\0';
	return st;
}

enum clario_status accounts_reset_finish(struct store *s, const char *token,
					 const char *password, int64_t now,
					 struct clario_err *err)
{
	char hash[STORE_ACCOUNTS_HASH_MAX];
	unsigned char h[32];
	int64_t user_id = 0;
	enum clario_status st = accounts_password_check(password, err);
	if (st != CLARIO_OK)
		return st;
	if (!token_wellformed(token))
		return clario_err_set(err, CLARIO_ENOTFOUND, "the reset link is invalid, used or expired");
	/* Hash first: the slow part must not sit inside the write transaction. */
	if ((st = accounts_password_hash(password, hash, err)))
		return st;
	token_hash(token, "clario reset v1", h);
	if ((st = store_begin(s, err)))
		return st;
	st = store_accounts_reset_consume(s, h, now, &user_id, err);
	if (st == CLARIO_OK)
		st = store_accounts_user_set_password(s, user_id, hash, err);
	if (st == CLARIO_OK)
		st = store_accounts_session_delete_user(s, user_id, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	else
		store_rollback(s);
	sodium_memzero(hash, sizeof hash);
	return st;
}
