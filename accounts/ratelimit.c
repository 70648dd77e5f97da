/* A fixed-size open-addressed table of (keyed hash of key → failures, window
 * start) under one mutex. Keys are hashed so e-mails are not kept in memory. */
#include "accounts/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PROBE 8

struct entry {
	unsigned char h[16];
	bool used;
	unsigned fails;
	int64_t start;
};

struct ratelimit {
	pthread_mutex_t lock;
	unsigned max;
	int64_t window;
	unsigned n;
	unsigned char key[crypto_shorthash_KEYBYTES];
	struct entry *e;
};

struct ratelimit *ratelimit_new(unsigned max, int64_t window_s, unsigned slots)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);
	if (!rl || sodium_init() < 0)
		goto fail;
	rl->e = calloc(slots ? slots : 1, sizeof *rl->e);
	if (!rl->e)
		goto fail;
	pthread_mutex_init(&rl->lock, NULL);
	rl->max = max;
	rl->window = window_s;
	rl->n = slots ? slots : 1;
	randombytes_buf(rl->key, sizeof rl->key);
	return rl;
fail:
	if (rl)
		free(rl->e);
	free(rl);
	return NULL;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->e);
	free(rl);
}

/* The entry for key, or (create) a free, expired or the oldest slot in its probe
 * range. Called with the lock held. */
static struct entry *find(struct ratelimit *rl, const char *key, int64_t now, bool create)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), rl->key, sizeof rl->key);
	uint64_t idx;
	memcpy(&idx, h, sizeof idx);
	struct entry *victim = NULL;
	for (unsigned i = 0; i < PROBE; i++) {
		struct entry *e = &rl->e[(idx + i) % rl->n];
		if (e->used && memcmp(e->h, h, sizeof h) == 0)
			return e;
		bool stale = !e->used || now - e->start >= rl->window;
		if (!victim || (stale && victim->used) || (e->used && victim->used && e->start < victim->start))
			victim = e;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof *victim);
	memcpy(victim->h, h, sizeof h);
	victim->used = true;
	victim->start = now;
	return victim;
}

bool ratelimit_blocked(struct ratelimit *rl, const char *key, int64_t now)
{
	pthread_mutex_lock(&rl->lock);
	struct entry *e = find(rl, key, now, false);
	bool blocked = e && now - e->start < rl->window && e->fails >= rl->max;
	pthread_mutex_unlock(&rl->lock);
	return blocked;
}

void ratelimit_fail(struct ratelimit *rl, const char *key, int64_t now)
{
	pthread_mutex_lock(&rl->lock);
	struct entry *e = find(rl, key, now, true);
	if (now - e->start >= rl->window) {
		e->start = now;
		e->fails = 0;
	}
	e->fails++;
	pthread_mutex_unlock(&rl->lock);
}

void ratelimit_clear(struct ratelimit *rl, const char *key)
{
	pthread_mutex_lock(&rl->lock);
	struct entry *e = find(rl, key, 0, false);
	if (e)
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&rl->lock);
}
