/* Helpers shared by store/billing*.c (store-private): growing a malloc'd list
 * one row at a time from a row callback. */
#ifndef CLARIO_STORE_BILLING_INTERNAL_H
#define CLARIO_STORE_BILLING_INTERNAL_H

#include <stddef.h>

#include "store/billing.h"
#include "store/sql.h"

/* A list being filled: items (malloc'd, the caller's in the end), n, capacity. */
struct store__list {
	void *items;
	size_t n, cap, size;
	void (*read)(const struct sql_row *r, void *item);
};

/* Row callback appending read(row) to the list (ctx is a struct store__list). */
enum clario_status store__list_row(void *ctx, const struct sql_row *r, struct clario_err *err);
/* Runs sql and hands the list over to *out / *n (freed on failure). */
enum clario_status store__list_query(struct store *s, const char *sql, const char *what,
				     const struct sql_val *args, size_t n_args, size_t size,
				     void (*read)(const struct sql_row *r, void *item), void **out,
				     size_t *n, struct clario_err *err);
/* One row into *item; CLARIO_ENOTFOUND (message "no such <what>") if none. */
enum clario_status store__one(struct store *s, const char *sql, const char *what,
			      const struct sql_val *args, size_t n_args,
			      void (*read)(const struct sql_row *r, void *item), void *item,
			      struct clario_err *err);

#endif
