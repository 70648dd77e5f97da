/* The migration lists each domain schema file of store/ exports, gathered by
 * store/migrations.c. Add one pair per domain. */
#ifndef CLARIO_STORE_SCHEMA_H
#define CLARIO_STORE_SCHEMA_H

#include <stddef.h>

#include "store/sql.h"

extern const struct store_migration store__billing_schema[];
extern const size_t store__billing_schema_n;
extern const struct store_migration store__programme_schema[];
extern const size_t store__programme_schema_n;
/* store/connections_schema.c: connectors (100-149). */
extern const struct store_migration store__connections_schema[];
extern const size_t store__connections_schema_n;
/* analytics (200-249): store/analysis_schema.c */
extern const struct store_migration store__analysis_schema[];
extern const size_t store__analysis_schema_n;
/* store/analysis_mix_schema.c: commission rates, merchant region (250-299). */
extern const struct store_migration store__analysis_mix_schema[];
extern const size_t store__analysis_mix_schema_n;
extern const struct store_migration store__imports_schema[];
extern const size_t store__imports_schema_n;
extern const struct store_migration store__accounts_schema[];
extern const size_t store__accounts_schema_n;
/* store/rollups_mix_schema.c: the mix analyses' rollups (252-259). */
extern const struct store_migration store__rollups_mix_schema[];
extern const size_t store__rollups_mix_schema_n;

#endif
