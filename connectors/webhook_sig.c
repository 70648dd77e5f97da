/* Standard Webhooks v1 (HMAC-SHA256) signing and verification with libsodium. */
#include "connectors/webhook_sig.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static enum clario_status key_of(const char *secret, unsigned char *key, size_t *klen,
				 struct clario_err *err)
{
	if (!secret)
		return clario_err_set(err, CLARIO_EUNAUTH, "no webhook secret is set for this partner");
	if (strncmp(secret, "whsec_", 6) == 0)
		secret += 6;
	if (sodium_base642bin(key, 64, secret, strlen(secret), NULL, klen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || *klen < 16)
		return clario_err_set(err, CLARIO_EINVAL, "the webhook secret is not base64 of 16-64 bytes");
	return CLARIO_OK;
}

static enum clario_status mac(const char *secret, const char *id, const char *ts, const char *body,
			      size_t len, unsigned char out[crypto_auth_hmacsha256_BYTES],
			      struct clario_err *err)
{
	unsigned char key[64];
	size_t klen = 0;
	enum clario_status st = key_of(secret, key, &klen, err);
	if (st)
		goto out;
	if (strchr(id, '.') || strchr(ts, '.')) {
		st = clario_err_set(err, CLARIO_EUNAUTH, "webhook-id and webhook-timestamp must not hold '.'");
		goto out;
	}
	crypto_auth_hmacsha256_state s;
	crypto_auth_hmacsha256_init(&s, key, klen);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&s, out);
out:
	sodium_memzero(key, sizeof key);
	return st;
}

enum clario_status webhook_sig_sign(const char *secret, const char *id, const char *timestamp,
				    const char *body, size_t len, char out[WEBHOOK_SIG_MAX],
				    struct clario_err *err)
{
	unsigned char m[crypto_auth_hmacsha256_BYTES];
	enum clario_status st = mac(secret, id, timestamp, body, len, m, err);
	if (st)
		return st;
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, WEBHOOK_SIG_MAX - 3, m, sizeof m, sodium_base64_VARIANT_ORIGINAL);
	return CLARIO_OK;
}

enum clario_status webhook_sig_verify(const char *secret, const char *id, const char *timestamp,
				      const char *signature, const char *body, size_t len,
				      int64_t now, struct clario_err *err)
{
	if (!id || !*id || !timestamp || !*timestamp || !signature || !*signature)
		return clario_err_set(err, CLARIO_EUNAUTH,
				      "webhook-id, webhook-timestamp and webhook-signature are all required");
	char *end;
	long long ts = strtoll(timestamp, &end, 10);
	if (*end || end == timestamp || timestamp[0] == '-' || timestamp[0] == '+')
		return clario_err_set(err, CLARIO_EUNAUTH, "webhook-timestamp: not a number of seconds");
	if (ts < now - WEBHOOK_SIG_TOLERANCE || ts > now + WEBHOOK_SIG_TOLERANCE)
		return clario_err_set(err, CLARIO_EUNAUTH,
				      "webhook-timestamp: %lld is outside the %d s replay window", ts,
				      WEBHOOK_SIG_TOLERANCE);
	unsigned char m[crypto_auth_hmacsha256_BYTES];
	enum clario_status st = mac(secret, id, timestamp, body, len, m, err);
	if (st)
		return st == CLARIO_EINVAL ? clario_err_set(err, CLARIO_EUNAUTH, "%s", err->msg) : st;
	/* Each space-separated entry "v1,<base64>"; other versions are skipped. */
	const char *p = signature;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > 3 && strncmp(p, "v1,", 3) == 0) {
			unsigned char got[64];
			size_t glen = 0;
			if (sodium_base642bin(got, sizeof got, p + 3, n - 3, NULL, &glen, NULL,
					      sodium_base64_VARIANT_ORIGINAL) == 0 &&
			    glen == sizeof m && sodium_memcmp(got, m, sizeof m) == 0)
				return CLARIO_OK;
		}
		p += n;
	}
	return clario_err_set(err, CLARIO_EUNAUTH, "webhook-signature: no valid v1 signature");
}

void webhook_sig_new_secret(char out[WEBHOOK_SECRET_MAX])
{
	unsigned char k[32];
	randombytes_buf(k, sizeof k);
	memcpy(out, "whsec_", 6);
	sodium_bin2base64(out + 6, WEBHOOK_SECRET_MAX - 6, k, sizeof k, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(k, sizeof k);
}
