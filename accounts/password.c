/* Argon2id hashing behind a counting semaphore, and the dummy hash that makes
 * an unknown account cost what a known one does. */
#include "accounts/password.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static sem_t slots;
static bool slots_ready;
static unsigned wait_ms_cfg = 2000;
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static bool dummy_ok;

enum clario_status accounts_password_init(unsigned max_concurrent, unsigned wait_ms,
					  struct clario_err *err)
{
	if (sodium_init() < 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "libsodium failed to initialise");
	if (max_concurrent < 1)
		return clario_err_set(err, CLARIO_EINVAL, "password hashing needs at least one slot");
	if (slots_ready)
		sem_destroy(&slots);
	if (sem_init(&slots, 0, max_concurrent) != 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "sem_init: %s", strerror(errno));
	slots_ready = true;
	wait_ms_cfg = wait_ms;
	return CLARIO_OK;
}

enum clario_status accounts_password_slot_take(struct clario_err *err)
{
	if (!slots_ready)
		return clario_err_set(err, CLARIO_EINTERNAL, "accounts_password_init was not called");
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms_cfg / 1000;
	until.tv_nsec += (long)(wait_ms_cfg % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(&slots, &until) != 0) {
		if (errno == EINTR)
			continue;
		return clario_err_set(err, CLARIO_EBUSY, "too many sign-ins at once; try again shortly");
	}
	return CLARIO_OK;
}

void accounts_password_slot_give(void)
{
	sem_post(&slots);
}

enum clario_status accounts_password_check(const char *password, struct clario_err *err)
{
	size_t len = password ? strlen(password) : 0;
	if (len < ACCOUNTS_PASSWORD_MIN || len > ACCOUNTS_PASSWORD_MAX)
		return clario_err_set(err, CLARIO_EINVAL, "password: must be %d to %d characters",
				      ACCOUNTS_PASSWORD_MIN, ACCOUNTS_PASSWORD_MAX);
	return CLARIO_OK;
}

enum clario_status accounts_password_hash(const char *password,
					  char out[STORE_ACCOUNTS_HASH_MAX], struct clario_err *err)
{
	enum clario_status st = accounts_password_check(password, err);
	if (st != CLARIO_OK)
		return st;
	if ((st = accounts_password_slot_take(err)))
		return st;
	char h[crypto_pwhash_STRBYTES];
	int rc = crypto_pwhash_str(h, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	accounts_password_slot_give();
	if (rc != 0)
		return clario_err_set(err, CLARIO_ENOMEM, "password hashing ran out of memory");
	_Static_assert(crypto_pwhash_STRBYTES <= STORE_ACCOUNTS_HASH_MAX, "hash buffer too small");
	memcpy(out, h, sizeof h);
	return CLARIO_OK;
}

static void make_dummy(void)
{
	static const char pw[] = "not a password anybody has";
	dummy_ok = crypto_pwhash_str(dummy_hash, pw, sizeof pw - 1,
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

enum clario_status accounts_password_verify(const char *hash, const char *password, bool *ok,
					    struct clario_err *err)
{
	*ok = false;
	if (!hash) {
		pthread_once(&dummy_once, make_dummy);
		if (!dummy_ok)
			return clario_err_set(err, CLARIO_ENOMEM, "password hashing ran out of memory");
	}
	size_t len = password ? strlen(password) : 0;
	if (len > ACCOUNTS_PASSWORD_MAX)
		len = ACCOUNTS_PASSWORD_MAX; /* bounded work; such a password never matches */
	enum clario_status st = accounts_password_slot_take(err);
	if (st != CLARIO_OK)
		return st;
	int rc = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password ? password : "", len);
	accounts_password_slot_give();
	*ok = hash && rc == 0 && password && strlen(password) <= ACCOUNTS_PASSWORD_MAX;
	return CLARIO_OK;
}
