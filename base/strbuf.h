/* strbuf: a growable byte buffer with a hard maximum, for bodies and text built
 * from outside input. Always NUL-terminated after the last byte. */
#ifndef CLARIO_BASE_STRBUF_H
#define CLARIO_BASE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;  /* owned; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* appends past max fail and change nothing */
};

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_release(struct strbuf *sb);
/* false when the result would exceed max or memory is short; nothing changes then. */
bool strbuf_append(struct strbuf *sb, const void *data, size_t len)
	__attribute__((warn_unused_result));
bool strbuf_appendf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), warn_unused_result));
/* Hands the buffer to the caller (free() it); sb is empty afterwards. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
