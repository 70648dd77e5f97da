/* `clario demo [--db FILE|URL] [--credentials FILE] [--seed N] [--force] [--end DAY]
 * [--scale PERCENT]`: fills a new SQLite file or an empty PostgreSQL database with a
 * deterministic year of Indonesian F&B sales (~600k tickets) and demo API keys. */
#include "cli/cli.h"
#include "cli/common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "cli/demo/demo_billing.h"
#include "cli/demo/demo_accounts.h"
#include "cli/demo/demo_creds.h"
#include "cli/demo/demo_gen.h"
#include "cli/demo/demo_programme.h"
#include "cli/demo/demo_mix.h"
#include "cli/demo/demo_setup.h"
#include "cli/demo/demo_world.h"
#include "store/store.h"

#define DEFAULT_END "2026-10-31" /* fixed, so the default demo never changes */
#define URL_CREDENTIALS "clario-demo.credentials" /* default for a database URL */

struct demo_args {
	const char *db;
	const char *creds; /* --credentials, or NULL for the default */
	struct demo_options opt;
	bool force;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: clario demo [--db FILE|URL] [--credentials FILE] [--seed N] [--force]\n"
		"                   [--end YYYY-MM-DD] [--scale PERCENT]\n"
		"  Creates FILE (default $CLARIO_DB or clario.db) with a year of demo sales ending\n"
		"  on --end (default " DEFAULT_END "), deterministic for a given --seed (default 1).\n"
		"  --force replaces an existing FILE; --scale 1..1000 sets the volume (default 100).\n"
		"  A postgres:// URL must name a database without Clario data (--force is refused:\n"
		"  drop and recreate the database yourself).\n"
		"  API keys are written to --credentials (default FILE.credentials, or\n"
		"  ./" URL_CREDENTIALS " for a URL).\n");
}

static int parse_args(int argc, char **argv, struct demo_args *a)
{
	const char *db_flag = NULL, *creds = NULL, *end = DEFAULT_END, *seed = NULL, *scale = NULL;
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--force") == 0) {
			a->force = true;
		} else if (!cli_opt(argc, argv, &i, "--db", &db_flag, &bad) &&
			   !cli_opt(argc, argv, &i, "--credentials", &creds, &bad) &&
			   !cli_opt(argc, argv, &i, "--end", &end, &bad) &&
			   !cli_opt(argc, argv, &i, "--seed", &seed, &bad) &&
			   !cli_opt(argc, argv, &i, "--scale", &scale, &bad)) {
			fprintf(stderr, "clario demo: unknown option: %s\n", argv[i]);
			bad = true;
		}
	}
	int64_t seed_v = 1, scale_v = 100;
	struct clario_err err = { 0 };
	if (!bad && seed)
		bad = !cli_int("--seed", seed, 0, INT64_MAX, &seed_v);
	if (!bad && scale)
		bad = !cli_int("--scale", scale, 1, 1000, &scale_v);
	if (!bad && tz_parse_date(end, &a->opt.last_day, &err) != CLARIO_OK) {
		fprintf(stderr, "clario demo: --end: %s\n", err.msg);
		bad = true;
	}
	if (bad) {
		usage(stderr);
		return 2;
	}
	a->opt.seed = (uint64_t)seed_v;
	a->opt.first_day = a->opt.last_day - 364;
	a->opt.scale_pct = (int)scale_v;
	a->db = cli_db_url(db_flag);
	a->creds = creds;
	return -1; /* go on */
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Removes the database and its SQLite side files; a missing file is fine. */
static int remove_db(const char *db)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[PATH_MAX];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		int n = snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		if (n < 0 || (size_t)n >= sizeof path) {
			fprintf(stderr, "clario demo: path too long: %s\n", db);
			return 1;
		}
		if (unlink(path) != 0 && errno != ENOENT) {
			fprintf(stderr, "clario demo: cannot remove %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static size_t largest_merchant(const struct demo_world *w, const struct demo_stats *stats)
{
	size_t best = 0;
	for (size_t i = 1; i < w->n_merchants; i++)
		if (stats->merchant_tickets[i] > stats->merchant_tickets[best])
			best = i;
	return best;
}

static void summary(const struct demo_world *w, const struct demo_stats *stats, size_t largest,
		    const char *db, const char *creds, double secs)
{
	size_t direct = 0;
	for (size_t i = 0; i < w->n_merchants; i++)
		direct += w->merchants[i].partner < 0;
	char first[11], last[11];
	tz_format_date(w->opt.first_day, first);
	tz_format_date(w->opt.last_day, last);
	printf("Clario demo ready: %s (seed %" PRIu64 ", scale %d%%)\n", db, w->opt.seed,
	       w->opt.scale_pct);
	printf("  period       %s .. %s\n", first, last);
	printf("  partners     %d\n", DEMO_N_PARTNERS);
	printf("  merchants    %zu (%zu direct)\n", w->n_merchants, direct);
	printf("  outlets      %zu\n", w->n_outlets);
	printf("  tickets      %lld (%lld void, %lld with refunds, %lld revised, %lld re-sent)\n",
	       (long long)stats->tickets, (long long)stats->voids, (long long)stats->refunds,
	       (long long)stats->revisions, (long long)stats->duplicates);
	printf("  largest      %s: %lld tickets\n", w->merchants[largest].name,
	       (long long)stats->merchant_tickets[largest]);
	printf("  took         %.1f s\n", secs);
	printf("  credentials  %s (admin, partner moka, merchant %lld %s)\n", creds,
	       (long long)w->merchants[largest].id, w->merchants[largest].name);
}

int cli_demo(int argc, char **argv)
{
	struct demo_args a = { 0 };
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = 1;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct clario_err err = { 0 };
	struct demo_world w = { 0 };
	struct demo_stats stats = { 0 };
	struct store *s = NULL;
	bool have_world = false, writing = false;
	char creds[PATH_MAX];
	bool url = strstr(a.db, "://") != NULL;
	if (url && a.force) {
		fprintf(stderr, "clario demo: --force does not apply to a database URL; drop and "
				"recreate the database yourself\n");
		goto out;
	}
	int n = a.creds ? snprintf(creds, sizeof creds, "%s", a.creds)
		: url   ? snprintf(creds, sizeof creds, "%s", URL_CREDENTIALS)
			: snprintf(creds, sizeof creds, "%s.credentials", a.db);
	if (n < 0 || (size_t)n >= sizeof creds) {
		fprintf(stderr, "clario demo: credentials path too long\n");
		goto out;
	}
	if (!url && exists(a.db) && !a.force) {
		fprintf(stderr, "clario demo: %s already exists; use --force to replace it\n", a.db);
		goto out;
	}
	if (!url && remove_db(a.db) != 0)
		goto out;
	if (demo_world_build(&w, &a.opt, &err) != CLARIO_OK)
		goto fail;
	have_world = true;
	struct store_options so = { .migrate = true, .bulk = true };
	bool has_data = false;
	if (auth_init(&err) != CLARIO_OK || store_open(a.db, &so, &s, &err) != CLARIO_OK ||
	    store_has_tenant_data(s, &has_data, &err) != CLARIO_OK)
		goto fail;
	if (has_data) {
		/* Only reachable for a URL: a file was removed above. Nothing was written. */
		fprintf(stderr, "clario demo: the database already holds Clario data (partners, "
				"merchants or tickets); give an empty database (drop and recreate it "
				"yourself)\n");
		goto out;
	}
	writing = true;
	if (demo_setup(s, &w, &err) != CLARIO_OK || demo_mix_setup(s, &w, &err) != CLARIO_OK ||
	    demo_generate(s, &w, isatty(STDERR_FILENO), &stats, &err) != CLARIO_OK ||
	    demo_billing(s, &w, &err) != CLARIO_OK ||
	    demo_programme(s, &w, &err) != CLARIO_OK)
		goto fail;
	size_t largest = largest_merchant(&w, &stats);
	if (demo_credentials_write(s, &w, largest, creds, &err) != CLARIO_OK ||
	    demo_accounts_write(s, &w, largest, creds, &err) != CLARIO_OK)
		goto fail;
	/* A URL may carry a password: do not echo it. */
	summary(&w, &stats, largest, url ? "the PostgreSQL database" : a.db, creds,
		seconds_since(&t0));
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "clario demo: %s\n", err.msg);
	if (writing && url)
		fprintf(stderr, "clario demo: the database is incomplete; drop and recreate it, "
				"then run again\n");
	else if (writing)
		fprintf(stderr, "clario demo: %s is incomplete; run again with --force\n", a.db);
out:
	if (s)
		store_close(s);
	if (have_world)
		demo_world_release(&w);
	demo_stats_release(&stats);
	return rc;
}
