/* POST /v1/tickets: a batch of canonical tickets into ingest, through the
 * group-commit writer; the reply (only after commit) gives one result each. */
#include "api/api.h"

static json_t *results_json(const struct ingest_batch *b)
{
	json_t *arr = json_array();
	size_t counts[4] = {0};
	for (size_t i = 0; i < b->n && arr; i++) {
		const struct ingest_result *r = &b->results[i];
		counts[r->outcome]++;
		json_t *o = json_pack("{s:I, s:s?, s:s}", "index", (json_int_t)i, "ticket_id",
				      b->tickets[i].ticket_id, "outcome", ingest_outcome_name(r->outcome));
		if (!o)
			continue;
		if (r->outcome == INGEST_REJECTED) {
			json_t *reason = json_string(r->reason);
			json_object_set_new(o, "reason", reason ? reason : json_string("invalid ticket"));
		} else {
			json_object_set_new(o, "id", json_integer(r->ticket_id));
			json_object_set_new(o, "revision", json_integer(r->revision));
			json_object_set_new(o, "refunds_added", json_integer(r->refunds_added));
		}
		json_array_append_new(arr, o);
	}
	return json_pack("{s:o, s:{s:I, s:I, s:I, s:I}}", "results", arr, "counts", "created",
			 (json_int_t)counts[INGEST_CREATED], "updated", (json_int_t)counts[INGEST_UPDATED],
			 "duplicate", (json_int_t)counts[INGEST_DUPLICATE], "rejected",
			 (json_int_t)counts[INGEST_REJECTED]);
}

void api_tickets_post(struct http_ctx *c)
{
	struct api_app *app = c->app;
	struct clario_err err = {0};
	struct arena a;
	struct ingest_batch b;
	arena_init(&a, 0);
	enum clario_status st = ingest_batch_parse(c->body, c->body_len, c->principal, &a, &b, &err);
	if (st == CLARIO_EINVAL) {
		struct clario_err derr = {0};
		if (ingest_deadletter_body(c->store, c->principal, err.msg, c->body, c->body_len, &derr))
			http_error(c, derr.status, "could not keep the rejected body: %s", derr.msg);
		else
			http_error(c, st, "%s", err.msg);
		goto out;
	}
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		goto out;
	}
	st = ingest_writer_submit(app->writer, &b, &err);
	if (st != CLARIO_OK) {
		http_error(c, st == CLARIO_EINVAL ? CLARIO_EINTERNAL : st,
			   "nothing was committed: %s", err.msg);
		goto out;
	}
	http_reply(c, 200, results_json(&b));
out:
	arena_release(&a);
}
