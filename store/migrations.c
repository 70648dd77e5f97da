/* The domain migrations of every part of the product, in one sorted list for
 * both backends' migration runners. Each domain owns a range of versions so
 * parts built side by side never collide:
 *   1-99 sales core (store/sqlite, store/pg)   100-199 connectors
 *   200-299 analytics   300-399 partner programme I (billing)
 *   400-499 partner programme II   500-599 web accounts, sessions, embedding
 *   600-699 operations */
#include <pthread.h>
#include <stdlib.h>

#include "store/sql.h"
#include "store/schema.h"

struct domain {
	const struct store_migration *list;
	const size_t *n;
};

/* One line per domain schema file. */
static const struct domain domains[] = {
	{NULL, NULL},
	{store__billing_schema, &store__billing_schema_n},
	{store__programme_schema, &store__programme_schema_n},
	{store__connections_schema, &store__connections_schema_n},
	{store__analysis_schema, &store__analysis_schema_n},
	{store__analysis_mix_schema, &store__analysis_mix_schema_n},
	{store__imports_schema, &store__imports_schema_n},
	{store__accounts_schema, &store__accounts_schema_n},
	{store__rollups_mix_schema, &store__rollups_mix_schema_n},
};

static struct store_migration *sorted;
static size_t n_sorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_version(const void *a, const void *b)
{
	const struct store_migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

static void build(void)
{
	size_t total = 0;
	for (size_t d = 0; d < sizeof domains / sizeof domains[0]; d++)
		if (domains[d].list)
			total += *domains[d].n;
	if (!total)
		return;
	sorted = calloc(total, sizeof *sorted);
	if (!sorted)
		abort(); /* at start-up, before any request: nothing to degrade to */
	for (size_t d = 0; d < sizeof domains / sizeof domains[0]; d++)
		for (size_t i = 0; domains[d].list && i < *domains[d].n; i++)
			sorted[n_sorted++] = domains[d].list[i];
	qsort(sorted, n_sorted, sizeof *sorted, by_version);
}

const struct store_migration *store__domain_migrations(size_t *n)
{
	pthread_once(&once, build);
	*n = n_sorted;
	return sorted;
}
