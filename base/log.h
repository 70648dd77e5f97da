/* Structured logging: one JSON object per line on stderr. Never pass secrets.
 * Thread-safe: each line is written with a single locked write. */
#ifndef CLARIO_BASE_LOG_H
#define CLARIO_BASE_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Free-text event: {"ts":...,"level":"info","msg":"..."} */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One line per HTTP request. principal is a kind ("admin", "partner",
 * "merchant", "none"); principal_id the numeric id of that partner/merchant or 0. */
void log_request(const char *method, const char *path, unsigned status, double duration_ms,
		 const char *principal, int64_t principal_id, uint64_t bytes_in);

#endif
