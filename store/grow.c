/* The row callbacks' growing array (store/grow.h). */
#include "store/grow.h"

#include <stdlib.h>
#include <string.h>

void *store__grow_next(struct store_grow *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		void *p = realloc(g->p, cap * g->size);
		if (!p)
			return NULL;
		g->p = p;
		g->cap = cap;
	}
	void *e = (char *)g->p + g->n++ * g->size;
	memset(e, 0, g->size);
	return e;
}
