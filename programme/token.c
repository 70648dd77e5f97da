/* Survey tokens: random base32 from libsodium, hashed with BLAKE2b under a
 * fixed context so the stored hash is useless as a link. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "programme/token.h"

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
static const char ctx[] = "clario-survey-link-v1";

void programme_token_new(char token[PROGRAMME_TOKEN_LEN + 1], unsigned char hash[32])
{
	if (sodium_init() < 0)
		abort(); /* no randomness source: no safe link can be made */
	memcpy(token, "nps_", 4);
	for (size_t i = 4; i < PROGRAMME_TOKEN_LEN; i++)
		token[i] = b32[randombytes_uniform(32)];
	token[PROGRAMME_TOKEN_LEN] = 0;
	programme_token_hash(token, hash);
}

bool programme_token_hash(const char *token, unsigned char hash[32])
{
	if (!token || strlen(token) != PROGRAMME_TOKEN_LEN || strncmp(token, "nps_", 4) != 0 ||
	    strspn(token + 4, b32) != PROGRAMME_TOKEN_LEN - 4)
		return false;
	crypto_generichash(hash, 32, (const unsigned char *)token, PROGRAMME_TOKEN_LEN,
			   (const unsigned char *)ctx, sizeof ctx - 1);
	return true;
}
