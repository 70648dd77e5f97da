/* A fresh database for one test program: a SQLite file in a temporary
 * directory, or (with --pg) a new database on the PostgreSQL server named by
 * CLARIO_TEST_PG_URL, dropped at the end. Shared by every store-backed test. */
#ifndef CLARIO_TESTS_TESTDB_H
#define CLARIO_TESTS_TESTDB_H

#include <stdbool.h>

struct testdb {
	bool pg;
	char dir[64];
	char url[512];      /* SQLite file path or the run database's URL */
	char pg_admin[512];
	char pg_db[64];
};

/* Reads argv for --pg. Fails (prints why, returns -1) when --pg is given and
 * CLARIO_TEST_PG_URL is unset: a PostgreSQL test must never pass by skipping.
 * name tags the temporary directory or database. */
int testdb_create(struct testdb *db, int argc, char **argv, const char *name);
void testdb_destroy(struct testdb *db);

#endif
