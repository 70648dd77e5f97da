/* Keeping the record of an import: what was read, what went in, what did not
 * and why, so a merchant can look back at past imports. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "connectors/csv/csv.h"
#include "store/imports.h"

enum clario_status csv_import_run(struct store *s, int fd, const char *file_name,
				  const struct csv_import_opts *opts, struct csv_import_result *res,
				  int64_t *import_id, struct clario_err *err)
{
	*import_id = 0;
	struct store_import rec = {.merchant_id = opts->merchant_id};
	rec.started_at = (instant_t)time(NULL);
	enum clario_status st = csv_import_fd(s, fd, opts, res, err);
	if (st == CLARIO_ENOTFOUND || (st != CLARIO_OK && st != CLARIO_EINVAL && st != CLARIO_ETOOBIG))
		return st; /* no merchant to file it under, or the store itself failed */
	rec.finished_at = (instant_t)time(NULL);
	snprintf(rec.profile, sizeof rec.profile, "%s", opts->profile->name);
	snprintf(rec.source, sizeof rec.source, "%s", opts->profile->source);
	snprintf(rec.file_name, sizeof rec.file_name, "%s", file_name ? file_name : "");
	snprintf(rec.digest, sizeof rec.digest, "%s", res->digest);
	rec.bytes = (int64_t)res->bytes;
	rec.rows = (int64_t)res->rows;
	rec.tickets = (int64_t)res->tickets;
	rec.created = (int64_t)res->created;
	rec.updated = (int64_t)res->updated;
	rec.duplicate = (int64_t)res->duplicate;
	rec.rejected_rows = (int64_t)res->rejected_rows;
	rec.rejected_tickets = (int64_t)res->rejected_tickets;
	snprintf(rec.status, sizeof rec.status, "%s", st == CLARIO_OK ? "done" : "failed");
	snprintf(rec.error, sizeof rec.error, "%s", st == CLARIO_OK ? "" : err->msg);
	struct store_import_reject rj[CSV_REJECTS_KEPT];
	for (size_t i = 0; i < res->n_rejects; i++) {
		rj[i].line = (int64_t)res->rejects[i].line;
		snprintf(rj[i].reason, sizeof rj[i].reason, "%s", res->rejects[i].reason);
	}
	struct clario_err rerr = {0};
	enum clario_status rs = store_begin(s, &rerr);
	if (rs == CLARIO_OK)
		rs = store_imports_add(s, &rec, rj, res->n_rejects, import_id, &rerr);
	if (rs == CLARIO_OK)
		rs = store_commit(s, &rerr);
	if (rs != CLARIO_OK) {
		store_rollback(s);
		*import_id = 0;
		if (st == CLARIO_OK) {
			*err = rerr;
			clario_err_prefix(err, "the sales went in, but the import's record did not");
			return rs;
		}
	}
	return st;
}
