/* Usage events recorded cheaply: callers append to an in-memory queue (one
 * mutex, no I/O) and a background thread writes batches to the store. A full
 * queue drops the event and counts it (logged at each flush), so a burst never
 * slows a request. */
#ifndef CLARIO_PROGRAMME_RECORDER_H
#define CLARIO_PROGRAMME_RECORDER_H

#include <stdint.h>

#include "base/err.h"

struct programme_recorder;

/* Opens its own connection to db_url and starts the flusher, which writes at
 * least every flush_ms (CLARIO_USAGE_FLUSH_MS, default 1000) or at 512 events. */
enum clario_status programme_recorder_start(const char *db_url, unsigned flush_ms,
					    struct programme_recorder **out,
					    struct clario_err *err);
/* Records one use of Clario by merchant_id (via_partner_id: the partner whose
 * embedded view it was, or 0). kind: dashboard_view, export, report_download,
 * login. CLARIO_EINVAL for an unknown kind; never blocks on I/O. rec may be
 * NULL (recording off). */
enum clario_status programme_usage_record(struct programme_recorder *rec, int64_t merchant_id,
					  int64_t via_partner_id, const char *kind, int64_t at,
					  struct clario_err *err);
/* Writes everything queued now (tests, shutdown). */
enum clario_status programme_recorder_flush(struct programme_recorder *rec, struct clario_err *err);
/* Flushes, stops the thread, closes the connection. NULL is fine. */
void programme_recorder_stop(struct programme_recorder *rec);
/* Events dropped because the queue was full, since start. */
uint64_t programme_recorder_dropped(struct programme_recorder *rec);

#endif
