/* Reads for Clario staff: partners with their merchant counts, and
 * dead-lettered payloads with the reason each was refused. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "store/accounts.h"

static bool admin_only(struct http_ctx *c)
{
	if (c->principal->kind == PRINCIPAL_ADMIN)
		return true;
	/* Like a missing endpoint for anybody else: no hint it exists. */
	http_error(c, CLARIO_ENOTFOUND, "no such endpoint");
	return false;
}

void api_admin_partners(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_partner_row *rows = NULL;
	size_t n = 0;
	if (!admin_only(c))
		return;
	enum clario_status st = store_partner_list_counts(c->store, &rows, &n, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n && arr; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id",
						     (json_int_t)rows[i].id, "code", rows[i].code,
						     "name", rows[i].name, "kind", rows[i].kind,
						     "merchants", (json_int_t)rows[i].merchants));
	free(rows);
	http_reply(c, 200, json_pack("{s:o}", "partners", arr));
}

void api_admin_deadletters(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_deadletter *rows = NULL;
	size_t n = 0;
	if (!admin_only(c))
		return;
	const char *before_s = http_query(c, "before");
	char *end = NULL;
	long long before = before_s ? strtoll(before_s, &end, 10) : 0;
	if (before_s && (!*before_s || *end || before < 0)) {
		http_error(c, CLARIO_EINVAL, "before: must be a dead-letter id");
		return;
	}
	enum clario_status st = store_deadletter_list(c->store, before, 100, &rows, &n, &err);
	if (st != CLARIO_OK) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n && arr; i++) {
		json_t *raw = json_stringn(rows[i].raw, strlen(rows[i].raw));
		if (!raw) /* not UTF-8: say so rather than guess */
			raw = json_string("(binary payload)");
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:I}", "id",
						     (json_int_t)rows[i].id, "received_at",
						     (json_int_t)rows[i].received_at, "source",
						     rows[i].source, "principal", rows[i].principal,
						     "reason", rows[i].reason, "raw", raw, "raw_bytes",
						     (json_int_t)rows[i].raw_len));
	}
	free(rows);
	http_reply(c, 200, json_pack("{s:o}", "dead_letters", arr));
}
