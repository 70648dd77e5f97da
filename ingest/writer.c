/* Group commit: one writer thread per process takes every batch waiting and
 * applies them in one transaction, so a burst of small webhook calls pays for
 * one disk sync instead of one each. Submitters block until their batch is
 * committed (or has failed). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "ingest/ingest.h"

/* Enough tickets per transaction to amortise the sync, few enough that no
 * caller waits long behind others. */
#define WRITER_MAX_TICKETS 5000

struct job {
	struct ingest_batch *batch;
	enum clario_status status;
	struct clario_err err;
	bool done;
	struct job *next;
};

struct ingest_writer {
	pthread_mutex_t mu;
	pthread_cond_t work; /* a job was queued, or stop */
	pthread_cond_t done; /* some job finished */
	struct job *head, *tail;
	bool stop;
	pthread_t thread;
	struct store *store;
};

/* Wakes the submitters of every job in list; their statuses are set already. */
static void mark_done(struct ingest_writer *w, struct job *list)
{
	pthread_mutex_lock(&w->mu);
	for (struct job *j = list, *next; j; j = next) {
		next = j->next; /* read first: once done, the submitter may free j */
		j->done = true;
	}
	pthread_cond_broadcast(&w->done);
	pthread_mutex_unlock(&w->mu);
}

/* Applies the jobs in one transaction; if that fails, each job alone, so one
 * job's storage error does not fail its neighbours. */
static void run_group(struct ingest_writer *w, struct job *list)
{
	struct clario_err err = {0};
	enum clario_status st = store_begin(w->store, &err);
	for (struct job *j = list; j && st == CLARIO_OK; j = j->next)
		st = ingest_apply_in_tx(w->store, j->batch, &err);
	if (st == CLARIO_OK)
		st = store_commit(w->store, &err);
	if (st == CLARIO_OK || !list->next) {
		if (st != CLARIO_OK)
			store_rollback(w->store);
		for (struct job *j = list; j; j = j->next) {
			j->status = st;
			if (st != CLARIO_OK)
				j->err = err;
		}
		mark_done(w, list);
		return;
	}
	store_rollback(w->store);
	log_msg(LOG_WARN, "group commit failed (%s); retrying batches one by one", err.msg);
	for (struct job *j = list; j; j = j->next)
		j->status = ingest_apply(w->store, j->batch, &j->err);
	mark_done(w, list);
}

static void *writer_main(void *arg)
{
	struct ingest_writer *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->work, &w->mu);
		if (!w->head) { /* stopping, and nothing left to do */
			pthread_mutex_unlock(&w->mu);
			break;
		}
		/* Take jobs up to the ticket budget (always at least one). */
		struct job *list = w->head, *last = w->head;
		size_t tickets = last->batch->n;
		while (last->next && tickets + last->next->batch->n <= WRITER_MAX_TICKETS) {
			last = last->next;
			tickets += last->batch->n;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->mu);
		run_group(w, list);
	}
	return NULL;
}

enum clario_status ingest_writer_new(const char *db_url, struct ingest_writer **out,
				     struct clario_err *err)
{
	struct ingest_writer *w = calloc(1, sizeof *w);
	if (!w)
		return clario_err_set(err, CLARIO_ENOMEM, "writer: out of memory");
	struct store_options o = {.migrate = false};
	enum clario_status st = store_open(db_url, &o, &w->store, err);
	if (st != CLARIO_OK) {
		free(w);
		return st;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->done, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		store_close(w->store);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->work);
		pthread_cond_destroy(&w->done);
		free(w);
		return clario_err_set(err, CLARIO_EIO, "writer: cannot start its thread");
	}
	*out = w;
	return CLARIO_OK;
}

enum clario_status ingest_writer_submit(struct ingest_writer *w, struct ingest_batch *b,
					struct clario_err *err)
{
	struct job j = {.batch = b};
	pthread_mutex_lock(&w->mu);
	if (w->stop) {
		pthread_mutex_unlock(&w->mu);
		return clario_err_set(err, CLARIO_EBUSY, "shutting down");
	}
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	pthread_cond_signal(&w->work);
	while (!j.done)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
	if (j.status != CLARIO_OK && err)
		*err = j.err;
	return j.status;
}

void ingest_writer_free(struct ingest_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	store_close(w->store);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	free(w);
}
