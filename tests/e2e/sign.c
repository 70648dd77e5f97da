/* Standard Webhooks signing for the e2e tests, written from the spec with
 * libsodium directly (not Clario's webhook_sig.c), so the test checks Clario's
 * verifier against an independent signer. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int e2e_test_sign(const char *secret, const char *id, long long ts, const char *body, char *out,
		  size_t size);

int e2e_test_sign(const char *secret, const char *id, long long ts, const char *body, char *out,
		  size_t size)
{
	unsigned char key[64], mac[crypto_auth_hmacsha256_BYTES];
	size_t klen = 0;
	if (sodium_init() < 0 || strncmp(secret, "whsec_", 6) != 0 ||
	    sodium_base642bin(key, sizeof key, secret + 6, strlen(secret + 6), NULL, &klen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	char head[256];
	snprintf(head, sizeof head, "%s.%lld.", id, ts);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)head, strlen(head));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	if (size < 4 + sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, size - 3, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	return 0;
}
