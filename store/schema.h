/* The migration lists each domain schema file of store/ exports, gathered by
 * store/migrations.c. Add one pair per domain. */
#ifndef CLARIO_STORE_SCHEMA_H
#define CLARIO_STORE_SCHEMA_H

#include <stddef.h>

#include "store/sql.h"

/* analytics (200-249): store/analysis_schema.c */
extern const struct store_migration store__analysis_schema[];
extern const size_t store__analysis_schema_n;

#endif
