/* Arena allocator: a list of chunks, bump allocation inside each. */
#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_MIN (16 * 1024)
#define ARENA_DEFAULT_LIMIT ((size_t)256 * 1024 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->used_total = 0;
	a->limit = limit ? limit : ARENA_DEFAULT_LIMIT;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t need = (size + 15u) & ~(size_t)15u;
	if (need < size || need > a->limit - a->used_total || a->used_total > a->limit)
		return NULL;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t csize = need > ARENA_CHUNK_MIN ? need : ARENA_CHUNK_MIN;
		if (c && c->size * 2 > csize && c->size < 1024 * 1024)
			csize = c->size * 2;
		c = malloc(sizeof *c + csize);
		if (!c)
			return NULL;
		c->next = a->head;
		c->size = csize;
		c->used = 0;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used_total += need;
	memset(p, 0, size);
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
