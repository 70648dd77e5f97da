/* Embed token signing and verification with libsodium's HMAC-SHA-256. */
#include "accounts/embed.h"

#include <errno.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
static bool key_set;

bool accounts_embed_view_valid(const char *view)
{
	return view && strcmp(view, "dashboard") == 0;
}

enum clario_status accounts_embed_init(const char *secret, size_t len, struct clario_err *err)
{
	if (sodium_init() < 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "libsodium failed to initialise");
	if (!secret || len < ACCOUNTS_SECRET_MIN)
		return clario_err_set(err, CLARIO_EINVAL, "the server secret must have at least %d bytes",
				      ACCOUNTS_SECRET_MIN);
	static const unsigned char ctx[] = "clario embed token key v1";
	crypto_generichash(key, sizeof key, (const unsigned char *)secret, len, ctx, sizeof ctx - 1);
	/* The secret keys the derivation, the context is the message: swap so a
	 * short secret is not used as a key directly. */
	crypto_generichash(key, sizeof key, ctx, sizeof ctx - 1, key, sizeof key);
	key_set = true;
	return CLARIO_OK;
}

enum clario_status accounts_embed_sign(const struct accounts_embed *e, int64_t now,
				       char out[ACCOUNTS_EMBED_MAX], struct clario_err *err)
{
	if (!key_set)
		return clario_err_set(err, CLARIO_EINTERNAL, "embed: no signing key");
	if (!accounts_embed_view_valid(e->view))
		return clario_err_set(err, CLARIO_EINVAL, "view: must be \"dashboard\"");
	if (e->expires_at <= now || e->expires_at - now > ACCOUNTS_EMBED_MAX_TTL)
		return clario_err_set(err, CLARIO_EINVAL, "expires_in: must be 1 to %d seconds",
				      ACCOUNTS_EMBED_MAX_TTL);
	char payload[128];
	int plen = snprintf(payload, sizeof payload, "%lld:%lld:%s:%lld", (long long)e->partner_id,
			    (long long)e->merchant_id, e->view, (long long)e->expires_at);
	if (plen < 0 || (size_t)plen >= sizeof payload)
		return clario_err_set(err, CLARIO_EINTERNAL, "embed: payload too long");
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)payload, (unsigned long long)plen, key);
	char p64[200], m64[64];
	sodium_bin2base64(p64, sizeof p64, (const unsigned char *)payload, (size_t)plen,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(m64, sizeof m64, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, ACCOUNTS_EMBED_MAX, "v1.%s.%s", p64, m64);
	return CLARIO_OK;
}

static bool parse_i64(const char *s, const char *end, int64_t *out)
{
	char buf[24];
	if (end <= s || (size_t)(end - s) >= sizeof buf)
		return false;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	char *e;
	errno = 0;
	long long v = strtoll(buf, &e, 10);
	if (errno || *e || v <= 0)
		return false;
	*out = v;
	return true;
}

enum clario_status accounts_embed_verify(const char *token, int64_t now,
					 struct accounts_embed *out, struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	const char *bad = "the embed token is invalid or expired";
	if (!key_set || !token || strncmp(token, "v1.", 3) != 0 || strlen(token) >= ACCOUNTS_EMBED_MAX)
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	const char *p64 = token + 3;
	const char *dot = strchr(p64, '.');
	if (!dot)
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	unsigned char payload[160], mac[crypto_auth_hmacsha256_BYTES + 1];
	size_t plen = 0, mlen = 0;
	const char *end = NULL;
	if (sodium_base642bin(payload, sizeof payload - 1, p64, (size_t)(dot - p64), NULL, &plen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || end != dot ||
	    sodium_base642bin(mac, sizeof mac, dot + 1, strlen(dot + 1), NULL, &mlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || *end ||
	    mlen != crypto_auth_hmacsha256_BYTES)
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	if (crypto_auth_hmacsha256_verify(mac, payload, plen, key) != 0)
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	payload[plen] = '\0';
	/* Signed by us, so well-formed unless the format changed: still parse strictly. */
	const char *s = (const char *)payload;
	const char *c1 = strchr(s, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	const char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
	if (!c3 || !parse_i64(s, c1, &out->partner_id) || !parse_i64(c1 + 1, c2, &out->merchant_id) ||
	    (size_t)(c3 - c2 - 1) >= sizeof out->view ||
	    !parse_i64(c3 + 1, s + plen, &out->expires_at))
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	memcpy(out->view, c2 + 1, (size_t)(c3 - c2 - 1));
	out->view[c3 - c2 - 1] = '\0';
	if (out->expires_at <= now || !accounts_embed_view_valid(out->view)) {
		memset(out, 0, sizeof *out);
		return clario_err_set(err, CLARIO_EUNAUTH, "%s", bad);
	}
	return CLARIO_OK;
}
