/* CSV and .xlsx imports by upload: POST /v1/merchants/{id}/imports?profile=...
 * takes the export as the body (streamed to a temp file by the server; a
 * workbook is told by its content), imports it and answers with the summary;
 * GET lists the merchant's past imports with their rejected rows. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "connectors/csv/csv.h"
#include "store/imports.h"

#define LIST_LIMIT 50

bool api_spool_route(const char *method, const char *path)
{
	/* /v1/merchants/{id}/imports */
	static const char pre[] = "/v1/merchants/", post[] = "/imports";
	if (strcmp(method, "POST") != 0 || strncmp(path, pre, sizeof pre - 1) != 0)
		return false;
	const char *p = path + sizeof pre - 1;
	if (*p < '1' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return strcmp(p, post) == 0;
}

static json_t *rejects_json(const struct csv_reject *r, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s}", "line", (json_int_t)r[i].line,
						     "reason", r[i].reason));
	return arr;
}

void api_imports_post(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	const char *name = http_query(c, "profile");
	const char *mapping = http_query(c, "mapping");
	struct csv_profile profile;
	memset(&profile, 0, sizeof profile);
	if (!name) {
		http_error(c, CLARIO_EINVAL,
			   "profile: is required (moka, pawoon, olsera, qasir, kasirpintar or generic)");
		return;
	}
	if (strcmp(name, "generic") == 0) {
		if (!mapping) {
			http_error(c, CLARIO_EINVAL, "mapping: profile generic needs the mapping text");
			return;
		}
		st = csv_profile_parse(mapping, &profile, &err);
	} else {
		st = csv_profile_builtin(name, &profile, &err);
		if (st == CLARIO_ENOTFOUND)
			st = CLARIO_EINVAL;
		if (st == CLARIO_OK && mapping)
			http_error(c, CLARIO_EINVAL, "mapping: only with profile generic");
		if (st == CLARIO_OK && mapping)
			return;
	}
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	if (!c->body_file) {
		http_error(c, CLARIO_EINTERNAL, "the upload was not kept");
		return;
	}
	int fd = open(c->body_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		http_error(c, CLARIO_EINTERNAL, "the upload cannot be read back");
		return;
	}
	struct csv_import_opts opts = {
		.profile = &profile,
		.merchant_id = m.id,
		.outlet = http_query(c, "outlet"),
	};
	struct csv_import_result *res = malloc(sizeof *res);
	int64_t import_id = 0;
	if (!res) {
		close(fd);
		http_error(c, CLARIO_ENOMEM, "out of memory");
		return;
	}
	st = csv_import_run(c->store, fd, "upload", &opts, res, &import_id, &err);
	close(fd);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
	} else {
		json_t *body = json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:I, s:o}",
			"import_id", (json_int_t)import_id, "merchant_id", (json_int_t)m.id, "profile",
			profile.name, "source", profile.source, "digest", res->digest, "bytes",
			(json_int_t)res->bytes, "rows", (json_int_t)res->rows, "tickets",
			(json_int_t)res->tickets, "counts", "created", (json_int_t)res->created,
			"updated", (json_int_t)res->updated, "duplicate", (json_int_t)res->duplicate,
			"rejected", (json_int_t)res->rejected_tickets, "rejected_rows",
			(json_int_t)res->rejected_rows, "rejected",
			rejects_json(res->rejects, res->n_rejects));
		http_reply(c, 200, body);
	}
	free(res);
}

void api_imports_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_merchant m;
	struct store_import *list = NULL;
	size_t n = 0;
	enum clario_status st = api_scope_merchant(c, c->params[0], &m, &err);
	if (st == CLARIO_OK)
		st = store_imports_list(c->store, m.id, LIST_LIMIT, &list, &n, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n && st == CLARIO_OK; i++) {
		const struct store_import *x = &list[i];
		struct store_import_reject *rj = NULL;
		size_t n_rj = 0;
		st = store_imports_rejects(c->store, m.id, x->id, &rj, &n_rj, &err);
		json_t *rejected = json_array();
		for (size_t k = 0; rejected && k < n_rj; k++)
			json_array_append_new(rejected, json_pack("{s:I, s:s}", "line", (json_int_t)rj[k].line,
								  "reason", rj[k].reason));
		free(rj);
		char started[21], finished[21];
		tz_format_rfc3339_utc(x->started_at, started);
		tz_format_rfc3339_utc(x->finished_at, finished);
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I,"
				       " s:{s:I, s:I, s:I, s:I}, s:I, s:o}",
				       "id", (json_int_t)x->id, "profile", x->profile, "source", x->source,
				       "file_name", x->file_name, "digest", x->digest, "status", x->status,
				       "error", x->error, "started_at", started, "finished_at", finished,
				       "bytes", (json_int_t)x->bytes, "rows", (json_int_t)x->rows,
				       "tickets", (json_int_t)x->tickets, "counts", "created",
				       (json_int_t)x->created, "updated", (json_int_t)x->updated,
				       "duplicate", (json_int_t)x->duplicate, "rejected",
				       (json_int_t)x->rejected_tickets, "rejected_rows",
				       (json_int_t)x->rejected_rows, "rejected", rejected));
	}
	free(list);
	if (st != CLARIO_OK) {
		json_decref(arr);
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:I, s:o}", "merchant_id", (json_int_t)m.id, "imports", arr));
}
