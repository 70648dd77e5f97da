/* Login rate limiting: failed attempts counted per key (an account's e-mail,
 * a client IP) in a fixed window. Known and unknown accounts are counted the
 * same, so a lock-out says nothing about which accounts exist. In memory, per
 * process: a restart forgets (documented in docs/web.md). Thread-safe. */
#ifndef CLARIO_ACCOUNTS_RATELIMIT_H
#define CLARIO_ACCOUNTS_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

/* max failures per window_s seconds; slots bounds the memory (oldest entries
 * are forgotten first when full). NULL when out of memory. */
struct ratelimit *ratelimit_new(unsigned max, int64_t window_s, unsigned slots);
void ratelimit_free(struct ratelimit *rl);
/* Whether key has reached max failures in the window ending at now. */
bool ratelimit_blocked(struct ratelimit *rl, const char *key, int64_t now);
void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now);
/* Forgets key's failures (after a successful sign-in). */
void ratelimit_clear(struct ratelimit *rl, const char *key);

#endif
