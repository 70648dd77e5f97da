/* Errors: a status code plus a message the caller owns, filled by the callee.
 * Every function that can fail returns enum clario_status (0 = ok) and, when it
 * fails, writes one human-readable reason (which field, why) into *err. */
#ifndef CLARIO_BASE_ERR_H
#define CLARIO_BASE_ERR_H

#include <stddef.h>

enum clario_status {
	CLARIO_OK = 0,
	CLARIO_EINVAL,    /* the input is wrong: the message says which field and why */
	CLARIO_ENOTFOUND, /* the thing does not exist (or is not visible to the caller) */
	CLARIO_ECONFLICT, /* the input contradicts what is stored */
	CLARIO_EFORBIDDEN,/* the caller may not do this */
	CLARIO_EUNAUTH,   /* the caller is not authenticated */
	CLARIO_ETOOBIG,   /* an input exceeds a hard limit */
	CLARIO_ENOMEM,    /* an allocation failed; the operation changed nothing */
	CLARIO_EIO,       /* storage or network failed; the operation changed nothing */
	CLARIO_EBUSY,     /* try again later (database locked, shutting down) */
	CLARIO_EINTERNAL, /* a bug: an invariant did not hold */
};

#define CLARIO_ERR_MSG_MAX 512

struct clario_err {
	enum clario_status status;
	char msg[CLARIO_ERR_MSG_MAX];
};

/* Fills err (if not NULL) and returns status, so callers can write
 * `return clario_err_set(err, CLARIO_EINVAL, "lines[%zu].qty: must be > 0", i);` */
enum clario_status clario_err_set(struct clario_err *err, enum clario_status status,
				  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the message already in err with "prefix: " (for nested field paths). */
void clario_err_prefix(struct clario_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void clario_err_clear(struct clario_err *err);

/* A short stable name for a status ("invalid", "not_found", ...), used in JSON. */
const char *clario_status_name(enum clario_status status);

#endif
