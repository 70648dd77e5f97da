/* API keys: creation (random id and secret, shown once, BLAKE2b hash stored)
 * and authentication of an Authorization header in constant time. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"

#define KEY_PREFIX "clk_live_"
#define ID_CHARS 12     /* 60 bits: an id only needs to be unique */
#define SECRET_CHARS 52 /* 260 bits */

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

enum clario_status auth_init(struct clario_err *err)
{
	if (sodium_init() < 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "libsodium failed to initialise");
	return CLARIO_OK;
}

static void random_b32(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = b32[randombytes_uniform(32)];
	out[n] = '\0';
}

static void hash_secret(const char *secret, size_t len, unsigned char out[32])
{
	/* Domain-separated so the digest is useless for anything but this check. */
	static const unsigned char ctx[] = "clario api key v1";
	crypto_generichash(out, 32, (const unsigned char *)secret, len, ctx, sizeof ctx - 1);
}

enum clario_status auth_key_create(struct store *s, enum principal_kind kind, int64_t partner_id,
				   int64_t merchant_id, const char *label,
				   char key_out[AUTH_KEY_MAX], struct clario_err *err)
{
	struct store_key k = {.kind = kind, .partner_id = partner_id, .merchant_id = merchant_id};
	char secret[SECRET_CHARS + 1];
	if (kind == PRINCIPAL_NONE || (kind == PRINCIPAL_PARTNER && partner_id <= 0) ||
	    (kind == PRINCIPAL_MERCHANT && merchant_id <= 0))
		return clario_err_set(err, CLARIO_EINVAL, "a key needs a principal");
	random_b32(k.key_id, ID_CHARS);
	random_b32(secret, SECRET_CHARS);
	hash_secret(secret, SECRET_CHARS, k.hash);
	enum clario_status st = store_key_insert(s, &k, label, err);
	if (st == CLARIO_OK)
		snprintf(key_out, AUTH_KEY_MAX, KEY_PREFIX "%s_%s", k.key_id, secret);
	sodium_memzero(secret, sizeof secret);
	return st;
}

static bool all_b32(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(b32, s[i]))
			return false;
	return true;
}

enum clario_status auth_authenticate(struct store *s, const char *authorization,
				     struct principal *p, struct clario_err *err)
{
	static const char bearer[] = "Bearer ";
	memset(p, 0, sizeof *p);
	if (!authorization || strncasecmp(authorization, bearer, sizeof bearer - 1) != 0)
		return clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key");
	const char *key = authorization + sizeof bearer - 1;
	while (*key == ' ')
		key++;
	size_t want = sizeof KEY_PREFIX - 1 + ID_CHARS + 1 + SECRET_CHARS;
	if (strlen(key) != want || strncmp(key, KEY_PREFIX, sizeof KEY_PREFIX - 1) != 0)
		return clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key");
	const char *id = key + sizeof KEY_PREFIX - 1;
	const char *secret = id + ID_CHARS + 1;
	if (id[ID_CHARS] != '_' || !all_b32(id, ID_CHARS) || !all_b32(secret, SECRET_CHARS))
		return clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key");

	char key_id[ID_CHARS + 1];
	memcpy(key_id, id, ID_CHARS);
	key_id[ID_CHARS] = '\0';
	struct store_key stored;
	unsigned char h[32];
	hash_secret(secret, SECRET_CHARS, h);
	enum clario_status st = store_key_lookup(s, key_id, &stored, err);
	if (st == CLARIO_ENOTFOUND) {
		/* Compare against a dummy so an unknown id costs what a known one does. */
		memset(stored.hash, 0, sizeof stored.hash);
		stored.revoked = true;
	} else if (st != CLARIO_OK) {
		return st;
	}
	bool match = sodium_memcmp(h, stored.hash, sizeof h) == 0;
	if (!match || stored.revoked || stored.kind == PRINCIPAL_NONE)
		return clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key");

	p->kind = stored.kind;
	p->partner_id = stored.partner_id;
	p->merchant_id = stored.merchant_id;
	snprintf(p->key_id, sizeof p->key_id, "%s", key_id);
	if (p->kind == PRINCIPAL_PARTNER) {
		struct store_partner partner;
		if ((st = store_partner_get(s, p->partner_id, &partner, err)))
			return st == CLARIO_ENOTFOUND
				? clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key") : st;
		snprintf(p->partner_code, sizeof p->partner_code, "%s", partner.code);
	} else if (p->kind == PRINCIPAL_MERCHANT) {
		struct store_merchant m;
		if ((st = store_merchant_get(s, p->merchant_id, &m, err)))
			return st == CLARIO_ENOTFOUND
				? clario_err_set(err, CLARIO_EUNAUTH, "missing or invalid API key") : st;
		p->partner_id = m.partner_id;
	}
	return CLARIO_OK;
}
