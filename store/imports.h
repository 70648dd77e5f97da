/* Import records: one row per CSV import a merchant ran (file digest, profile,
 * counts, status) and the first rejected rows of each with line and reason,
 * so a merchant can see past imports. Tenancy: every row carries merchant_id
 * and every read is by merchant. */
#ifndef CLARIO_STORE_IMPORTS_H
#define CLARIO_STORE_IMPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/tz.h"

struct store;

struct store_import {
	int64_t id;
	int64_t merchant_id;
	char profile[33];
	char source[33];
	char file_name[257];
	char digest[65];      /* BLAKE2b-256 of the file, hex */
	instant_t started_at;
	instant_t finished_at;
	int64_t bytes, rows, tickets, created, updated, duplicate;
	int64_t rejected_rows, rejected_tickets;
	char status[17];      /* "done" or "failed" */
	char error[512];      /* why a failed import stopped; "" when done */
};

struct store_import_reject {
	int64_t line;
	char reason[256];
};

/* Records an import and its kept rejected rows; call inside store_begin. */
enum clario_status store_imports_add(struct store *s, const struct store_import *imp,
				     const struct store_import_reject *rejects, size_t n_rejects,
				     int64_t *id, struct clario_err *err);
/* The merchant's latest imports first, at most limit; *out is malloc'd, the
 * caller frees it. */
enum clario_status store_imports_list(struct store *s, int64_t merchant_id, size_t limit,
				      struct store_import **out, size_t *n, struct clario_err *err);
/* The kept rejected rows of one of the merchant's imports, by line; *out is
 * malloc'd, the caller frees it. Another merchant's import gives none. */
enum clario_status store_imports_rejects(struct store *s, int64_t merchant_id, int64_t import_id,
					 struct store_import_reject **out, size_t *n,
					 struct clario_err *err);

#endif
