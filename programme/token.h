/* Survey links: an unguessable token per invitation, of which only a hash is
 * stored, so a database leak does not leak answerable links. */
#ifndef CLARIO_PROGRAMME_TOKEN_H
#define CLARIO_PROGRAMME_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define PROGRAMME_TOKEN_LEN 44 /* "nps_" + 40 base32 characters (200 bits) */

/* Fills token (NUL-terminated) and its 32-byte hash. */
void programme_token_new(char token[PROGRAMME_TOKEN_LEN + 1], unsigned char hash[32]);
/* Hash of a presented token; false when it is not shaped like one (a forged
 * or truncated link is then refused without touching the database). */
bool programme_token_hash(const char *token, unsigned char hash[32]);

#endif
