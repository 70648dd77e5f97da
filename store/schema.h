/* The migration lists each domain schema file of store/ exports, gathered by
 * store/migrations.c. Add one pair per domain. */
#ifndef CLARIO_STORE_SCHEMA_H
#define CLARIO_STORE_SCHEMA_H

#include <stddef.h>

#include "store/sql.h"

extern const struct store_migration store__accounts_schema[];
extern const size_t store__accounts_schema_n;

#endif
