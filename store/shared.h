/* Helpers shared by the backends (no SQL): how a line's modifiers are kept
 * in a column. Only store/ includes this. */
#ifndef CLARIO_STORE_SHARED_H
#define CLARIO_STORE_SHARED_H

#include "model/sales.h"

/* Modifiers are kept as a JSON array on the line: they are never queried one
 * by one, and their per-unit total is stored beside them for SQL. Returns a
 * malloc'd string (free it), or NULL when the line has none or on out of memory. */
char *store__modifiers_encode(const struct sales_line *l);
/* Reads that JSON back into l->modifiers (arena memory); js may be NULL. */
enum clario_status store__modifiers_decode(struct arena *a, const char *js, struct sales_line *l);

#endif
