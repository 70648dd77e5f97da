/* Password hashing: Argon2id (libsodium crypto_pwhash_str, interactive limits).
 * Each hash costs ~64 MiB and a CPU core for ~0.1 s, so at most a fixed number
 * run at once; a caller beyond that waits briefly, then gets CLARIO_EBUSY
 * (HTTP 503) rather than letting a login storm exhaust memory. */
#ifndef CLARIO_ACCOUNTS_PASSWORD_H
#define CLARIO_ACCOUNTS_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/accounts.h"

#define ACCOUNTS_PASSWORD_MIN 10
#define ACCOUNTS_PASSWORD_MAX 256

/* Sets the cap (max_concurrent >= 1) and the wait before CLARIO_EBUSY. Call
 * once before threads start; calling again (tests) resets the slots. */
enum clario_status accounts_password_init(unsigned max_concurrent, unsigned wait_ms,
					  struct clario_err *err);
/* Checks the length rules (ACCOUNTS_PASSWORD_MIN..MAX bytes). */
enum clario_status accounts_password_check(const char *password, struct clario_err *err);
/* Hashes password into out (an encoded "$argon2id$..." string). */
enum clario_status accounts_password_hash(const char *password,
					  char out[STORE_ACCOUNTS_HASH_MAX], struct clario_err *err);
/* *ok tells whether password matches hash. hash NULL verifies against a dummy
 * hash (always false) at the same cost, so an unknown account takes as long as
 * a known one. */
enum clario_status accounts_password_verify(const char *hash, const char *password, bool *ok,
					    struct clario_err *err);

/* The slots themselves, for tests of the cap: take one (CLARIO_EBUSY after the
 * wait) and give it back. */
enum clario_status accounts_password_slot_take(struct clario_err *err);
void accounts_password_slot_give(void);

#endif
