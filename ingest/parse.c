/* Turning a request body into a batch: one JSON array, each element parsed and
 * validated on its own so one bad ticket does not sink the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

static enum clario_status batch_alloc(size_t n, const struct principal *p, struct arena *a,
				      struct ingest_batch *b, struct clario_err *err)
{
	memset(b, 0, sizeof *b);
	b->principal = *p;
	b->n = n;
	b->tickets = arena_calloc(a, n, sizeof *b->tickets);
	b->parsed = arena_calloc(a, n, sizeof *b->parsed);
	b->results = arena_calloc(a, n, sizeof *b->results);
	if (!b->tickets || !b->parsed || !b->results)
		return clario_err_set(err, CLARIO_ENOMEM, "batch: out of memory");
	return CLARIO_OK;
}

enum clario_status ingest_batch_parse(const char *body, size_t len, const struct principal *p,
				      struct arena *a, struct ingest_batch *b,
				      struct clario_err *err)
{
	json_error_t jerr;
	enum clario_status st = CLARIO_OK;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return clario_err_set(err, CLARIO_EINVAL,
				      "body is not valid JSON: %s (line %d, column %d)", jerr.text,
				      jerr.line, jerr.column);
	if (!json_is_array(root)) {
		st = clario_err_set(err, CLARIO_EINVAL, "body must be a JSON array of tickets");
		goto out;
	}
	size_t n = json_array_size(root);
	if (n == 0) {
		st = clario_err_set(err, CLARIO_EINVAL, "body holds no tickets");
		goto out;
	}
	if (n > INGEST_MAX_TICKETS) {
		st = clario_err_set(err, CLARIO_EINVAL, "at most %d tickets per call, got %zu",
				    INGEST_MAX_TICKETS, n);
		goto out;
	}
	if ((st = batch_alloc(n, p, a, b, err)))
		goto out;
	b->raw = arena_calloc(a, n, sizeof *b->raw);
	if (!b->raw) {
		st = clario_err_set(err, CLARIO_ENOMEM, "batch: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *el = json_array_get(root, i);
		struct clario_err terr = {0};
		enum clario_status one = sales_ticket_from_json(el, a, &b->tickets[i], &terr);
		if (one == CLARIO_ENOMEM) {
			*err = terr;
			st = one;
			goto out;
		}
		b->parsed[i] = one == CLARIO_OK;
		if (!b->parsed[i]) {
			/* Keep what we could read of the ids for the reply. */
			const char *tid = json_string_value(json_object_get(el, "ticket_id"));
			b->tickets[i].ticket_id = tid ? arena_strdup(a, tid) : NULL;
			b->results[i].outcome = INGEST_REJECTED;
			snprintf(b->results[i].reason, sizeof b->results[i].reason, "%s", terr.msg);
			char *raw = json_dumps(el, JSON_COMPACT | JSON_ENCODE_ANY);
			b->raw[i] = raw ? arena_strdup(a, raw) : NULL;
			free(raw);
		}
	}
out:
	json_decref(root);
	return st;
}

enum clario_status ingest_batch_wrap(struct sales_ticket *tickets, size_t n,
				     const struct principal *p, struct arena *a,
				     struct ingest_batch *b, struct clario_err *err)
{
	enum clario_status st = batch_alloc(n ? n : 1, p, a, b, err);
	if (st != CLARIO_OK)
		return st;
	b->n = n;
	/* Tickets built in C pass the same checks as parsed ones. */
	for (size_t i = 0; i < n; i++) {
		struct clario_err terr = {0};
		b->tickets[i] = tickets[i];
		b->parsed[i] = sales_ticket_validate(&tickets[i], &terr) == CLARIO_OK;
		if (!b->parsed[i]) {
			b->results[i].outcome = INGEST_REJECTED;
			snprintf(b->results[i].reason, sizeof b->results[i].reason, "%s", terr.msg);
		}
	}
	return CLARIO_OK;
}
