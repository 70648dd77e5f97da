/* JSON line logger on stderr, escaping every string it writes. */
#include "base/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;

static const char *level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	min_level = level;
}

/* A new line object with the time and level first, so lines read in order. */
static json_t *log_line(enum log_level level)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char tbuf[40];
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(tbuf, sizeof tbuf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(tbuf + n, sizeof tbuf - n, ".%03ldZ", ts.tv_nsec / 1000000);
	json_t *obj = json_object();
	if (obj) {
		json_object_set_new(obj, "ts", json_string(tbuf));
		json_object_set_new(obj, "level", json_string(level_names[level]));
	}
	return obj;
}

static void log_emit(json_t *obj)
{
	char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (line) {
		flockfile(stderr);
		fputs(line, stderr);
		fputc('\n', stderr);
		funlockfile(stderr);
		free(line);
	}
	json_decref(obj);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_t *o = log_line(level);
	if (!o)
		return;
	json_t *m = json_string(msg);
	json_object_set_new(o, "msg", m ? m : json_string("<non-utf8 message>"));
	log_emit(o);
}

void log_request(const char *method, const char *path, unsigned status, double duration_ms,
		 const char *principal, int64_t principal_id, uint64_t bytes_in)
{
	if (LOG_INFO < min_level)
		return;
	json_t *o = log_line(LOG_INFO);
	if (!o)
		return;
	json_object_set_new(o, "msg", json_string("request"));
	json_object_set_new(o, "method", json_string(method ? method : ""));
	/* Paths come from clients: json_string rejects invalid UTF-8, so fall back. */
	json_t *p = json_string(path ? path : "");
	json_object_set_new(o, "path", p ? p : json_string("<non-utf8>"));
	json_object_set_new(o, "status", json_integer(status));
	json_object_set_new(o, "duration_ms", json_real(duration_ms));
	json_object_set_new(o, "principal", json_string(principal ? principal : "none"));
	if (principal_id)
		json_object_set_new(o, "principal_id", json_integer(principal_id));
	json_object_set_new(o, "bytes_in", json_integer((json_int_t)bytes_in));
	log_emit(o);
}
