/* The per-process connection pool: one connection per worker thread, opened
 * lazily, for any backend. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

struct store_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *url;
	size_t size;
	size_t opened;
	size_t n_free;
	struct store **free_list;
};

enum clario_status store_pool_new(const char *url, size_t size, struct store_pool **out,
				  struct clario_err *err)
{
	struct store_pool *p = calloc(1, sizeof *p);
	if (!p || size == 0)
		goto oom;
	p->url = strdup(url);
	p->free_list = calloc(size, sizeof *p->free_list);
	if (!p->url || !p->free_list)
		goto oom;
	p->size = size;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	*out = p;
	return CLARIO_OK;
oom:
	if (p) {
		free(p->url);
		free(p->free_list);
		free(p);
	}
	return clario_err_set(err, CLARIO_ENOMEM, "connection pool: out of memory");
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_free; i++)
		store_close(p->free_list[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->url);
	free(p->free_list);
	free(p);
}

enum clario_status store_pool_acquire(struct store_pool *p, struct store **out,
				      struct clario_err *err)
{
	pthread_mutex_lock(&p->mu);
	while (p->n_free == 0 && p->opened >= p->size)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->n_free > 0) {
		*out = p->free_list[--p->n_free];
		pthread_mutex_unlock(&p->mu);
		return CLARIO_OK;
	}
	p->opened++;
	pthread_mutex_unlock(&p->mu);
	/* Migrations ran when the server started; pooled connections skip them. */
	struct store_options o = {.migrate = false};
	enum clario_status st = store_open(p->url, &o, out, err);
	if (st != CLARIO_OK) {
		pthread_mutex_lock(&p->mu);
		p->opened--;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return st;
}

void store_pool_release(struct store_pool *p, struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&p->mu);
	p->free_list[p->n_free++] = s;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
