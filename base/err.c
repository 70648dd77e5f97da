/* Error struct helpers: formatting and prefixing messages with field paths. */
#include "base/err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum clario_status clario_err_set(struct clario_err *err, enum clario_status status,
				  const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->status = status;
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return status;
}

void clario_err_prefix(struct clario_err *err, const char *fmt, ...)
{
	if (!err)
		return;
	char prefix[128];
	char old[CLARIO_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* A field path ("lines[2]") joins the inner path with a dot; any other
	 * prefix is used as written. */
	size_t plen = strlen(prefix);
	const char *sep = "";
	if (plen > 0 && prefix[plen - 1] == ']' && old[0] != '[') {
		/* "qty: ..." continues the path; "must be ..." is a bare reason. */
		size_t k = 0;
		while ((old[k] >= 'a' && old[k] <= 'z') || old[k] == '_')
			k++;
		sep = k > 0 && (old[k] == ':' || old[k] == '[' || old[k] == '.') ? "." : ": ";
	}
	size_t o = 0;
	const char *parts[3] = {prefix, sep, old};
	for (int i = 0; i < 3; i++) {
		size_t n = strlen(parts[i]);
		if (n > sizeof err->msg - 1 - o)
			n = sizeof err->msg - 1 - o;
		memcpy(err->msg + o, parts[i], n);
		o += n;
	}
	err->msg[o] = '\0';
}

void clario_err_clear(struct clario_err *err)
{
	if (err) {
		err->status = CLARIO_OK;
		err->msg[0] = '\0';
	}
}

const char *clario_status_name(enum clario_status status)
{
	switch (status) {
	case CLARIO_OK: return "ok";
	case CLARIO_EINVAL: return "invalid";
	case CLARIO_ENOTFOUND: return "not_found";
	case CLARIO_ECONFLICT: return "conflict";
	case CLARIO_EFORBIDDEN: return "forbidden";
	case CLARIO_EUNAUTH: return "unauthenticated";
	case CLARIO_ETOOBIG: return "too_large";
	case CLARIO_ENOMEM: return "out_of_memory";
	case CLARIO_EIO: return "io_error";
	case CLARIO_EBUSY: return "busy";
	case CLARIO_EINTERNAL: return "internal";
	}
	return "unknown";
}
