/* Store-internal: the growing array the row callbacks of the store's domain
 * files append their rows to (the caller frees p). */
#ifndef CLARIO_STORE_GROW_H
#define CLARIO_STORE_GROW_H

#include <stddef.h>

struct store_grow {
	void *p;
	size_t n, cap, size; /* size: of one element, set by the caller */
};

/* Appends a zeroed element and returns it; NULL without memory (p intact). */
void *store__grow_next(struct store_grow *g);

#endif
