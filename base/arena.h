/* Arena: many small allocations freed at once (one per request or per batch).
 * Not thread-safe; one owner at a time. Allocation failure returns NULL and
 * leaves the arena usable; every arena has a hard byte limit. */
#ifndef CLARIO_BASE_ARENA_H
#define CLARIO_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used_total; /* bytes handed out, for the limit */
	size_t limit;      /* 0 = default (256 MiB) */
};

void arena_init(struct arena *a, size_t limit);
/* Frees every allocation; the arena can be reused afterwards. */
void arena_release(struct arena *a);

/* Zeroed, 16-byte aligned memory owned by the arena; NULL when out of memory
 * or over the limit. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements; NULL on overflow of n * size. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
