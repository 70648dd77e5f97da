/* clario import: a POS back-office CSV or .xlsx export into a merchant's sales, with
 * progress on a terminal and a summary of what went in and what did not. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "connectors/csv/csv.h"

#define SHOWN_REJECTS 20

struct progress {
	uint64_t total;
	struct timespec last;
	bool drawn;
};

static void on_progress(void *ctx, const struct csv_import_result *r)
{
	struct progress *p = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double dt = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
	if (p->drawn && dt < 0.2 && r->bytes < p->total)
		return;
	p->last = now;
	p->drawn = true;
	unsigned pct = p->total ? (unsigned)(r->bytes * 100 / p->total) : 0;
	fprintf(stderr, "\r  %llu rows  %.1f / %.1f MB  %3u%%  (%llu rejected)",
		(unsigned long long)r->rows, (double)r->bytes / 1e6, (double)p->total / 1e6, pct,
		(unsigned long long)r->rejected_rows);
	fflush(stderr);
}

static int usage(void)
{
	fprintf(stderr,
		"usage: clario import --profile moka|pawoon|olsera|qasir|kasirpintar|generic\n"
		"                     [--mapping FILE] --merchant ID [--outlet EXT_ID|NAME] [--db F] FILE.csv|FILE.xlsx\n"
		"  --mapping is required with generic and corrects a built-in profile otherwise\n"
		"  (docs/import.md). An .xlsx workbook (told by content) is read from its first\n"
		"  worksheet. Exit status: 0 all rows in, 4 some rows rejected, 1 failed.\n");
	return 2;
}

int cli_import(int argc, char **argv)
{
	const char *db = NULL, *profile_name = NULL, *mapping = NULL, *merchant = NULL,
		   *outlet = NULL, *path = NULL;
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		if (cli_opt(argc, argv, &i, "--db", &db, &bad) ||
		    cli_opt(argc, argv, &i, "--profile", &profile_name, &bad) ||
		    cli_opt(argc, argv, &i, "--mapping", &mapping, &bad) ||
		    cli_opt(argc, argv, &i, "--merchant", &merchant, &bad) ||
		    cli_opt(argc, argv, &i, "--outlet", &outlet, &bad))
			continue;
		if (argv[i][0] == '-' || path)
			return usage();
		path = argv[i];
	}
	if (bad || !profile_name || !merchant || !path)
		return usage();
	int64_t merchant_id;
	if (!cli_int("--merchant", merchant, 1, INT64_MAX, &merchant_id))
		return 2;

	struct clario_err err = {0};
	struct csv_profile profile;
	memset(&profile, 0, sizeof profile);
	if (strcmp(profile_name, "generic") == 0) {
		if (!mapping) {
			fprintf(stderr, "clario import: --profile generic needs --mapping FILE\n");
			return 2;
		}
	} else if (csv_profile_builtin(profile_name, &profile, &err)) {
		fprintf(stderr, "clario import: %s\n", err.msg);
		return 2;
	}
	if (mapping && csv_profile_load(mapping, &profile, &err)) {
		fprintf(stderr, "clario import: %s\n", err.msg);
		return 1;
	}

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "clario import: %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct stat sb;
	struct progress prog = {.total = fstat(fd, &sb) == 0 ? (uint64_t)sb.st_size : 0};
	clock_gettime(CLOCK_MONOTONIC, &prog.last);
	/* On PostgreSQL a bulk store writes new tickets by COPY, as durable as
	 * any commit; on SQLite bulk would turn off fsync, which a merchant's
	 * live database must keep. */
	const char *url = cli_db_url(db);
	struct store *s = cli_open_store(url, strncmp(url, "postgres", 8) == 0);
	if (!s) {
		close(fd);
		return 1;
	}
	struct csv_import_opts opts = {
		.profile = &profile,
		.merchant_id = merchant_id,
		.outlet = outlet,
		.progress = isatty(STDERR_FILENO) ? on_progress : NULL,
		.progress_ctx = &prog,
	};
	static struct csv_import_result res; /* large: not on the stack */
	int64_t import_id = 0;
	const char *base = strrchr(path, '/');
	enum clario_status st = csv_import_run(s, fd, base ? base + 1 : path, &opts, &res,
					       &import_id, &err);
	close(fd);
	store_close(s);
	if (prog.drawn)
		fputc('\n', stderr);
	if (st != CLARIO_OK) {
		fprintf(stderr, "clario import: %s\n", err.msg);
		if (res.rows)
			fprintf(stderr, "clario import: stopped after %llu rows; tickets already committed stay, and running the same import again completes it\n",
				(unsigned long long)res.rows);
		return 1;
	}
	printf("import %lld: %s (profile %s, source %s) into merchant %lld\n", (long long)import_id,
	       path, profile.name, profile.source, (long long)merchant_id);
	printf("rows: %llu read, %llu rejected; %llu bytes, digest %s\n",
	       (unsigned long long)res.rows, (unsigned long long)res.rejected_rows,
	       (unsigned long long)res.bytes, res.digest);
	printf("tickets: %llu created, %llu updated, %llu duplicate, %llu rejected\n",
	       (unsigned long long)res.created, (unsigned long long)res.updated,
	       (unsigned long long)res.duplicate, (unsigned long long)res.rejected_tickets);
	for (size_t i = 0; i < res.n_rejects && i < SHOWN_REJECTS; i++)
		printf("  line %llu: %s\n", (unsigned long long)res.rejects[i].line, res.rejects[i].reason);
	if (res.rejected_rows > SHOWN_REJECTS)
		printf("  ... %llu more rejected rows (the first %d are kept with the import: GET /v1/merchants/%lld/imports)\n",
		       (unsigned long long)(res.rejected_rows - SHOWN_REJECTS), CSV_REJECTS_KEPT,
		       (long long)merchant_id);
	return res.rejected_rows ? 4 : 0;
}
