/* tests/lib/testdb.h: throw-away SQLite files and PostgreSQL databases. */
#include "tests/lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef CLARIO_WITH_PG
#include <libpq-fe.h>

static int admin_exec(const struct testdb *db, const char *sql)
{
	PGconn *c = PQconnectdb(db->pg_admin);
	PGresult *r = NULL;
	int rc = -1;
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "CLARIO_TEST_PG_URL: %s", PQerrorMessage(c));
		goto out;
	}
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
		goto out;
	}
	rc = 0;
out:
	PQclear(r);
	PQfinish(c);
	return rc;
}
#endif

int testdb_create(struct testdb *db, int argc, char **argv, const char *name)
{
	memset(db, 0, sizeof *db);
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--pg") == 0)
			db->pg = true;
	if (!db->pg) {
		snprintf(db->dir, sizeof db->dir, "/tmp/clario-%.20s-XXXXXX", name);
		if (!mkdtemp(db->dir))
			return -1;
		snprintf(db->url, sizeof db->url, "%s/clario.db", db->dir);
		return 0;
	}
	const char *admin = getenv("CLARIO_TEST_PG_URL");
	if (!admin || !*admin) {
		fprintf(stderr, "%s --pg: CLARIO_TEST_PG_URL is not set; start a cluster with "
				"scripts/pg-cluster or run `make test`\n", name);
		return -1;
	}
#ifdef CLARIO_WITH_PG
	char sql[160];
	snprintf(db->pg_admin, sizeof db->pg_admin, "%s", admin);
	snprintf(db->pg_db, sizeof db->pg_db, "clario_t_%.20s_%ld", name, (long)getpid());
	for (char *p = db->pg_db; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db->pg_db);
	if (admin_exec(db, sql) != 0)
		return -1;
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db->pg_db);
	if (admin_exec(db, sql) != 0)
		return -1;
	/* The admin URL with its database name replaced, query parameters kept. */
	const char *host = strstr(admin, "://");
	host = host ? host + 3 : admin;
	size_t base = strcspn(host, "/?") + (size_t)(host - admin);
	const char *query = strchr(host, '?');
	int n = snprintf(db->url, sizeof db->url, "%.*s/%s%s", (int)base, admin, db->pg_db,
			 query ? query : "");
	return n > 0 && (size_t)n < sizeof db->url ? 0 : -1;
#else
	fprintf(stderr, "%s --pg: this build has no PostgreSQL backend\n", name);
	return -1;
#endif
}

void testdb_destroy(struct testdb *db)
{
	if (db->pg) {
#ifdef CLARIO_WITH_PG
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->pg_db);
		admin_exec(db, sql);
#endif
		return;
	}
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[sizeof db->url + 16];
		snprintf(p, sizeof p, "%s%s", db->url, suffixes[i]);
		unlink(p);
	}
	if (db->dir[0])
		rmdir(db->dir);
}
