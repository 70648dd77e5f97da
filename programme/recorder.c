/* The usage queue and its flusher thread (see recorder.h). The flusher swaps
 * the queue out under the mutex and writes outside it, so recording never
 * waits for the database. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "programme/recorder.h"
#include "programme/report.h"
#include "store/programme.h"
#include "store/store.h"

#define QUEUE_MAX 100000
#define BATCH 512

struct programme_recorder {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_mutex_t write_mu; /* one writer at a time on the connection */
	pthread_t thread;
	struct store *store;
	struct store_usage_event *q;
	size_t n, cap;
	unsigned flush_ms;
	bool stopping;
	uint64_t dropped, dropped_logged;
};

static const char *const kinds[] = {"dashboard_view", "export", "report_download", "login"};

enum clario_status programme_usage_record(struct programme_recorder *rec, int64_t merchant_id,
					  int64_t via_partner_id, const char *kind, int64_t at,
					  struct clario_err *err)
{
	bool ok = false;
	for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++)
		ok |= strcmp(kind, kinds[i]) == 0;
	if (!ok)
		return clario_err_set(err, CLARIO_EINVAL,
				      "kind: must be dashboard_view, export, report_download or login");
	if (merchant_id <= 0)
		return clario_err_set(err, CLARIO_EINVAL, "merchant: must be a merchant id");
	if (!rec)
		return CLARIO_OK;
	pthread_mutex_lock(&rec->mu);
	if (rec->n == rec->cap && rec->cap < QUEUE_MAX) {
		size_t cap = rec->cap ? rec->cap * 2 : 1024;
		void *p = realloc(rec->q, cap * sizeof *rec->q);
		if (p) {
			rec->q = p;
			rec->cap = cap;
		}
	}
	if (rec->n < rec->cap) {
		struct store_usage_event *e = &rec->q[rec->n++];
		memset(e, 0, sizeof *e);
		e->merchant_id = merchant_id;
		e->via_partner_id = via_partner_id;
		memcpy(e->kind, kind, strlen(kind) + 1);
		e->at = at;
		e->day = programme_usage_day_of(at);
		if (rec->n >= BATCH)
			pthread_cond_signal(&rec->cv);
	} else {
		rec->dropped++;
	}
	pthread_mutex_unlock(&rec->mu);
	return CLARIO_OK;
}

enum clario_status programme_recorder_flush(struct programme_recorder *rec, struct clario_err *err)
{
	if (!rec)
		return CLARIO_OK;
	pthread_mutex_lock(&rec->write_mu);
	pthread_mutex_lock(&rec->mu);
	struct store_usage_event *batch = rec->q;
	size_t n = rec->n;
	uint64_t dropped = rec->dropped - rec->dropped_logged;
	rec->dropped_logged = rec->dropped;
	rec->q = NULL;
	rec->n = rec->cap = 0;
	pthread_mutex_unlock(&rec->mu);
	enum clario_status st = n ? store_programme_usage_insert(rec->store, batch, n, err) : CLARIO_OK;
	if (st)
		log_msg(LOG_ERROR, "usage: %zu events not recorded: %s", n, err->msg);
	if (dropped)
		log_msg(LOG_WARN, "usage: %llu events dropped (queue full)", (unsigned long long)dropped);
	free(batch);
	pthread_mutex_unlock(&rec->write_mu);
	return st;
}

static void *flusher(void *arg)
{
	struct programme_recorder *rec = arg;
	pthread_mutex_lock(&rec->mu);
	while (!rec->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += rec->flush_ms / 1000;
		ts.tv_nsec += (long)(rec->flush_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (rec->n < BATCH)
			pthread_cond_timedwait(&rec->cv, &rec->mu, &ts);
		pthread_mutex_unlock(&rec->mu);
		struct clario_err err = {0};
		programme_recorder_flush(rec, &err);
		pthread_mutex_lock(&rec->mu);
	}
	pthread_mutex_unlock(&rec->mu);
	return NULL;
}

enum clario_status programme_recorder_start(const char *db_url, unsigned flush_ms,
					    struct programme_recorder **out,
					    struct clario_err *err)
{
	struct programme_recorder *rec = calloc(1, sizeof *rec);
	if (!rec)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	rec->flush_ms = flush_ms ? flush_ms : 1000;
	pthread_mutex_init(&rec->mu, NULL);
	pthread_mutex_init(&rec->write_mu, NULL);
	pthread_cond_init(&rec->cv, NULL);
	enum clario_status st = store_open(db_url, NULL, &rec->store, err);
	if (st == CLARIO_OK && pthread_create(&rec->thread, NULL, flusher, rec) != 0) {
		store_close(rec->store);
		st = clario_err_set(err, CLARIO_EIO, "usage: cannot start the flusher thread");
	}
	if (st) {
		pthread_cond_destroy(&rec->cv);
		pthread_mutex_destroy(&rec->mu);
		pthread_mutex_destroy(&rec->write_mu);
		free(rec);
		return st;
	}
	*out = rec;
	return CLARIO_OK;
}

uint64_t programme_recorder_dropped(struct programme_recorder *rec)
{
	pthread_mutex_lock(&rec->mu);
	uint64_t d = rec->dropped;
	pthread_mutex_unlock(&rec->mu);
	return d;
}

void programme_recorder_stop(struct programme_recorder *rec)
{
	if (!rec)
		return;
	pthread_mutex_lock(&rec->mu);
	rec->stopping = true;
	pthread_cond_signal(&rec->cv);
	pthread_mutex_unlock(&rec->mu);
	pthread_join(rec->thread, NULL);
	struct clario_err err = {0};
	programme_recorder_flush(rec, &err);
	store_close(rec->store);
	pthread_cond_destroy(&rec->cv);
	pthread_mutex_destroy(&rec->mu);
	pthread_mutex_destroy(&rec->write_mu);
	free(rec->q);
	free(rec);
}
