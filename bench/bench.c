/* `make bench` (clario_bench PATH/TO/clario [PATH/TO/pg-cluster]): per backend
 * (SQLite; PostgreSQL in a throw-away cluster) loads the demo, serves it, and
 * prints one table: demo load, summary and dashboard latency over a year, ingest tickets/s. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/harness.h"

#define SUMMARY_WARMUP 20
#define SUMMARY_RUNS 300
#define BATCH_TICKETS 20000
#define BATCH_SIZE 100
#define BATCH_CLIENTS 4
#define SINGLE_TICKETS 3000
#define SINGLE_CLIENTS 8
#define MAX_CLIENTS 8
/* Both backends load the full demo year (PostgreSQL through COPY), so their
 * figures compare like for like. */
#define PG_SCALE "100"
/* The dashboard: built from scratch (?fresh=1) a few times, then from its cache. */
#define DASH_FRESH_RUNS 10
#define DASH_CACHED_RUNS 200
#define PG_DATABASE "clario_bench"

struct credentials {
	char partner[64];
	char partner_key[E2E_KEY_MAX];
	char merchant_key[E2E_KEY_MAX];
	long long merchant_id;
};

struct latency {
	double *ms;
	size_t n, cap;
};

static void latency_add(struct latency *l, double ms)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		double *d = realloc(l->ms, cap * sizeof *d);
		if (!d)
			return;
		l->ms = d;
		l->cap = cap;
	}
	l->ms[l->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Nearest-rank percentile of the sorted samples. */
static double percentile(const struct latency *l, double p)
{
	if (l->n == 0)
		return 0;
	size_t rank = (size_t)(p / 100.0 * (double)l->n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > l->n)
		rank = l->n;
	return l->ms[rank - 1];
}

static void copy_value(char *dst, size_t size, const char *value)
{
	size_t n = strcspn(value, "\r\n");
	if (n >= size)
		n = size - 1;
	memcpy(dst, value, n);
	dst[n] = '\0';
}

static int read_credentials(const char *path, struct credentials *c)
{
	char *text = e2e_read_file(path, NULL);
	if (!text) {
		fprintf(stderr, "bench: cannot read %s\n", path);
		return -1;
	}
	memset(c, 0, sizeof *c);
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *eq = strchr(line, '=');
		if (eq) {
			*eq = '\0';
			const char *v = eq + 1;
			if (!strcmp(line, "partner"))
				copy_value(c->partner, sizeof c->partner, v);
			else if (!strcmp(line, "partner_key"))
				copy_value(c->partner_key, sizeof c->partner_key, v);
			else if (!strcmp(line, "merchant_key"))
				copy_value(c->merchant_key, sizeof c->merchant_key, v);
			else if (!strcmp(line, "merchant_id")) {
				char *end;
				c->merchant_id = strtoll(v, &end, 10);
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	if (!c->partner_key[0] || !c->merchant_key[0] || c->merchant_id <= 0) {
		fprintf(stderr, "bench: %s lacks partner_key, merchant_key or merchant_id\n", path);
		return -1;
	}
	return 0;
}

/* ---- summary latency ---- */

static int bench_summary(struct e2e_env *env, const struct credentials *c, struct latency *l,
			 json_t **last_totals)
{
	char path[160];
	snprintf(path, sizeof path, "/v1/merchants/%lld/summary?from=2025-11-01&to=2026-10-31",
		 c->merchant_id);
	for (int i = 0; i < SUMMARY_WARMUP + SUMMARY_RUNS; i++) {
		struct e2e_resp r;
		double t0 = e2e_now();
		if (e2e_call(env, "GET", path, c->merchant_key, NULL, &r) != 0)
			return -1;
		double ms = (e2e_now() - t0) * 1000.0;
		if (r.status != 200) {
			fprintf(stderr, "bench: GET %s: %ld %.300s\n", path, r.status, r.body);
			e2e_resp_free(&r);
			return -1;
		}
		if (i >= SUMMARY_WARMUP)
			latency_add(l, ms);
		if (i + 1 == SUMMARY_WARMUP + SUMMARY_RUNS)
			*last_totals = json_incref(json_object_get(r.json, "totals"));
		e2e_resp_free(&r);
	}
	qsort(l->ms, l->n, sizeof *l->ms, cmp_double);
	return 0;
}

/* Latency of GET path with key: warmup calls, then runs measured (sorted). */
static int bench_get(struct e2e_env *env, const char *key, const char *path, int warmup, int runs,
		     struct latency *l)
{
	for (int i = 0; i < warmup + runs; i++) {
		struct e2e_resp r;
		double t0 = e2e_now();
		if (e2e_call(env, "GET", path, key, NULL, &r) != 0)
			return -1;
		double ms = (e2e_now() - t0) * 1000.0;
		long status = r.status;
		if (status != 200)
			fprintf(stderr, "bench: GET %s: %ld %.300s\n", path, r.status, r.body);
		e2e_resp_free(&r);
		if (status != 200)
			return -1;
		if (i >= warmup)
			latency_add(l, ms);
	}
	qsort(l->ms, l->n, sizeof *l->ms, cmp_double);
	return l->n ? 0 : -1;
}

/* ---- ingest throughput ---- */

struct ingest_run {
	const char *name;
	char **bodies; /* one request body each */
	size_t n_bodies, tickets_per_body;
	int clients;
	atomic_size_t next;
	atomic_llong created;
	atomic_llong busy;
	atomic_int failed;
	struct latency lat[MAX_CLIENTS];
	double wall_s;
	const struct e2e_env *env;
	const char *key;
};

struct worker {
	struct ingest_run *run;
	int index;
};

static const char *const items[][2] = {
	{"BK-KOPI", "Kopi Susu"}, {"BK-TEH", "Es Teh Manis"},  {"BK-NASGOR", "Nasi Goreng"},
	{"BK-MIE", "Mie Ayam"},   {"BK-ROTI", "Roti Bakar"},   {"BK-AMER", "Americano"},
};
static const long long prices[] = {25000, 8000, 35000, 28000, 18000, 22000};

/* A valid synthetic ticket: 1–3 lines, PB1 10%, paid in full. */
static json_t *synthetic_ticket(const char *phase, size_t n)
{
	char id[48], at[40];
	snprintf(id, sizeof id, "%s-%zu", phase, n);
	/* Spread over 30 days of January 2027, 10:00–21:59 WIB. */
	snprintf(at, sizeof at, "2027-01-%02zuT%02zu:%02zu:%02zu+07:00", 1 + n % 30,
		 10 + (n / 30) % 12, (n / 360) % 60, n % 60);
	json_t *lines = json_array();
	long long net = 0;
	size_t n_lines = 1 + n % 3;
	for (size_t i = 0; i < n_lines; i++) {
		size_t k = (n + i * 7) % 6;
		long long qty = 1 + (long long)((n + i) % 3);
		net += qty * prices[k];
		json_array_append_new(lines, json_pack("{s:s, s:s, s:I, s:I}", "item_id", items[k][0],
						       "name", items[k][1], "qty", (json_int_t)qty,
						       "unit_price", (json_int_t)prices[k]));
	}
	long long tax = net / 10;
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:I, s:[{s:s, s:I}]}", "outlet_id",
			 "BENCH-1", "ticket_id", id, "closed_at", at, "channel",
			 n % 4 == 0 ? "gofood" : "dine_in", "covers", (int)(1 + n % 4), "lines",
			 lines, "tax", (json_int_t)tax, "payments", "method",
			 n % 2 ? "qris" : "cash", "amount", (json_int_t)(net + tax));
}

static char **make_bodies(const char *phase, size_t n_tickets, size_t per_body, size_t *n_bodies)
{
	*n_bodies = (n_tickets + per_body - 1) / per_body;
	char **bodies = calloc(*n_bodies, sizeof *bodies);
	if (!bodies)
		return NULL;
	for (size_t b = 0; b < *n_bodies; b++) {
		json_t *arr = json_array();
		for (size_t i = 0; i < per_body && b * per_body + i < n_tickets; i++)
			json_array_append_new(arr, synthetic_ticket(phase, b * per_body + i));
		bodies[b] = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		if (!bodies[b])
			return bodies;
	}
	return bodies;
}

static void free_bodies(char **bodies, size_t n)
{
	if (!bodies)
		return;
	for (size_t i = 0; i < n; i++)
		free(bodies[i]);
	free(bodies);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct ingest_run *run = w->run;
	struct e2e_env env = *run->env; /* shares the server; its own connection */
	env.curl = curl_easy_init();
	if (!env.curl) {
		run->failed = 1;
		return NULL;
	}
	for (;;) {
		size_t b = atomic_fetch_add(&run->next, 1);
		if (b >= run->n_bodies || run->failed)
			break;
		for (int attempt = 0;; attempt++) {
			struct e2e_resp r;
			double t0 = e2e_now();
			int rc = e2e_call(&env, "POST", "/v1/tickets", run->key, run->bodies[b], &r);
			double ms = (e2e_now() - t0) * 1000.0;
			if (rc == 0 && r.status == 503 && attempt < 50) {
				run->busy++;
				e2e_resp_free(&r);
				usleep(2000);
				continue;
			}
			if (rc != 0 || r.status != 200) {
				fprintf(stderr, "bench: %s: POST /v1/tickets: %ld %.300s\n", run->name,
					r.status, r.body ? r.body : "(no answer)");
				run->failed = 1;
			} else {
				run->created += e2e_json_int(r.json, "counts.created");
				latency_add(&run->lat[w->index], ms);
			}
			e2e_resp_free(&r);
			break;
		}
	}
	curl_easy_cleanup(env.curl);
	return NULL;
}

static int run_ingest(struct ingest_run *run)
{
	pthread_t th[MAX_CLIENTS];
	struct worker w[MAX_CLIENTS];
	double t0 = e2e_now();
	int started = 0;
	for (int i = 0; i < run->clients; i++) {
		w[i] = (struct worker){.run = run, .index = i};
		if (pthread_create(&th[i], NULL, worker_run, &w[i]) != 0) {
			run->failed = 1;
			break;
		}
		started++;
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	run->wall_s = e2e_now() - t0;
	long long want = (long long)(run->n_bodies * run->tickets_per_body);
	if (!run->failed && run->created != want) {
		fprintf(stderr, "bench: %s: %lld tickets created, %lld sent\n", run->name,
			(long long)run->created, want);
		run->failed = 1;
	}
	return run->failed ? -1 : 0;
}

/* All clients' request latencies, sorted, into out. */
static void merge_latency(struct ingest_run *run, struct latency *out)
{
	for (int i = 0; i < run->clients; i++) {
		for (size_t k = 0; k < run->lat[i].n; k++)
			latency_add(out, run->lat[i].ms[k]);
		free(run->lat[i].ms);
		run->lat[i] = (struct latency){0};
	}
	qsort(out->ms, out->n, sizeof *out->ms, cmp_double);
}


/* What one backend measured. */
struct result {
	const char *name;
	const char *scale; /* demo --scale, percent */
	bool ok;
	long long demo_tickets, year_tickets;
	double demo_s, p50, p99, max;
	double dash_fresh_p50, dash_fresh_max, dash_p50, dash_p99;
	double tps[2], req_p50[2], req_p99[2];
	long long busy[2];
};

/* "  tickets      N (...)" in the demo's summary. */
static long long demo_ticket_count(const char *out)
{
	const char *p = strstr(out, "\n  tickets ");
	if (!p)
		return -1;
	p += strlen("\n  tickets ");
	return strtoll(p, NULL, 10);
}

/* Runs the demo on env->db, serves it and measures; fills res. */
static int bench_backend(struct e2e_env *env, const char *creds_path, struct result *res)
{
	int rc = -1;
	struct latency summary_lat = {0};
	json_t *totals = NULL;
	struct ingest_run runs[2] = {
		{.name = "batches of 100", .tickets_per_body = BATCH_SIZE, .clients = BATCH_CLIENTS},
		{.name = "single-ticket calls", .tickets_per_body = 1, .clients = SINGLE_CLIENTS},
	};
	struct latency run_lat[2] = {{0}, {0}};
	char out[4096];
	struct credentials cred;

	printf("%s: loading the demo (scale %s%%)...\n", res->name, res->scale);
	fflush(stdout);
	double t0 = e2e_now();
	if (e2e_cli(env, true, out, sizeof out, "demo", "--scale", res->scale, "--credentials",
		    creds_path, NULL) != 0)
		goto out;
	res->demo_s = e2e_now() - t0;
	res->demo_tickets = demo_ticket_count(out);
	if (read_credentials(creds_path, &cred) != 0)
		goto out;
	printf("%s: demo took %.1f s (%lld tickets; partner %s, merchant %lld); measuring...\n",
	       res->name, res->demo_s, res->demo_tickets, cred.partner, cred.merchant_id);
	fflush(stdout);
	if (e2e_server_start(env, NULL) != 0)
		goto out;
	if (bench_summary(env, &cred, &summary_lat, &totals) != 0)
		goto out;
	res->p50 = percentile(&summary_lat, 50);
	res->p99 = percentile(&summary_lat, 99);
	res->max = summary_lat.ms[summary_lat.n - 1];
	res->year_tickets = (long long)e2e_json_int(totals, "tickets");
	char dpath[200];
	struct latency fresh = {0}, cached = {0};
	snprintf(dpath, sizeof dpath,
		 "/v1/merchants/%lld/dashboard?from=2025-11-01&to=2026-10-31&fresh=1", cred.merchant_id);
	int drc = bench_get(env, cred.merchant_key, dpath, 1, DASH_FRESH_RUNS, &fresh);
	dpath[strlen(dpath) - strlen("&fresh=1")] = '\0';
	if (drc == 0)
		drc = bench_get(env, cred.merchant_key, dpath, 5, DASH_CACHED_RUNS, &cached);
	if (drc == 0) {
		res->dash_fresh_p50 = percentile(&fresh, 50);
		res->dash_fresh_max = fresh.ms[fresh.n - 1];
		res->dash_p50 = percentile(&cached, 50);
		res->dash_p99 = percentile(&cached, 99);
	}
	free(fresh.ms);
	free(cached.ms);
	if (drc != 0)
		goto out;

	int64_t merchant = e2e_create_merchant(env, cred.partner_key, "Bench Cafe", "cafe", NULL);
	if (merchant < 0 || e2e_create_outlet(env, cred.partner_key, merchant, "BENCH-1",
					      "Bench Senopati", "Asia/Jakarta", "04:00", NULL) < 0)
		goto out;
	runs[0].bodies = make_bodies("BATCH", BATCH_TICKETS, BATCH_SIZE, &runs[0].n_bodies);
	runs[1].bodies = make_bodies("SINGLE", SINGLE_TICKETS, 1, &runs[1].n_bodies);
	if (!runs[0].bodies || !runs[1].bodies)
		goto out;
	for (int i = 0; i < 2; i++) {
		runs[i].env = env;
		runs[i].key = cred.partner_key;
		if (run_ingest(&runs[i]) != 0)
			goto out;
		merge_latency(&runs[i], &run_lat[i]);
		res->tps[i] = (double)runs[i].created / runs[i].wall_s;
		res->req_p50[i] = percentile(&run_lat[i], 50);
		res->req_p99[i] = percentile(&run_lat[i], 99);
		res->busy[i] = (long long)runs[i].busy;
	}
	int stop = e2e_server_stop(env);
	if (stop != 0) {
		fprintf(stderr, "bench: %s: the server exited with %d\n", res->name, stop);
		goto out;
	}
	res->ok = true;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "bench: %s failed (server log: %s; set E2E_KEEP=1 to keep it)\n",
			res->name, env->log);
	json_decref(totals);
	free(summary_lat.ms);
	for (int i = 0; i < 2; i++) {
		free_bodies(runs[i].bodies, runs[i].n_bodies);
		free(run_lat[i].ms);
		for (int k = 0; k < MAX_CLIENTS; k++)
			free(runs[i].lat[k].ms);
	}
	return rc;
}

/* Runs argv (argv[0] looked up in PATH) without a shell; its stdout, trimmed of
 * trailing newlines, into out (may be NULL). 0 if it exited with 0. */
static int run_cmd(char *const argv[], char *out, size_t out_size)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0;
	char buf[512];
	for (;;) {
		ssize_t n = read(fd[0], buf, sizeof buf);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && out && len + 1 < out_size; i++)
			out[len++] = buf[i];
	}
	close(fd[0]);
	if (out && out_size) {
		out[len] = '\0';
		while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
			out[--len] = '\0';
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		return -1;
	}
	return 0;
}

/* Starts a cluster under pg_dir with pg_cluster, creates PG_DATABASE and puts
 * its URL into url. */
static int pg_start(char *pg_cluster, char *pg_dir, char *url, size_t url_size)
{
	char base[E2E_PATH_MAX];
	char *start[] = {pg_cluster, (char *)"start", pg_dir, NULL};
	if (run_cmd(start, base, sizeof base) != 0)
		return -1;
	char *create[] = {(char *)"psql", base, (char *)"-qAtc",
			  (char *)"CREATE DATABASE " PG_DATABASE, NULL};
	if (run_cmd(create, NULL, 0) != 0)
		return -1;
	char *slash = strrchr(base, '/');
	if (!slash || strncmp(base, "postgres://", 11) != 0)
		return -1;
	*slash = '\0';
	int n = snprintf(url, url_size, "%s/" PG_DATABASE, base);
	return n < 0 || (size_t)n >= url_size ? -1 : 0;
}

static void row_f(const char *label, const struct result *r, size_t n, size_t off, int prec)
{
	printf("  %-34s", label);
	for (size_t i = 0; i < n; i++) {
		if (r[i].ok)
			printf(" %14.*f", prec, *(const double *)(const void *)((const char *)&r[i] + off));
		else
			printf(" %14s", "-");
	}
	printf("\n");
}

static void print_table(const struct result *r, size_t n)
{
	printf("\n  %-34s", "");
	for (size_t i = 0; i < n; i++)
		printf(" %14s", r[i].name);
	printf("\n  %-34s", "demo scale (% of the full year)");
	for (size_t i = 0; i < n; i++)
		printf(" %13s%%", r[i].scale);
	printf("\n  %-34s", "tickets in the demo");
	for (size_t i = 0; i < n; i++)
		printf(" %14lld", r[i].ok ? r[i].demo_tickets : 0);
	printf("\n");
	row_f("demo load time, s", r, n, offsetof(struct result, demo_s), 1);
	printf("  %-34s", "demo load, tickets/s");
	for (size_t i = 0; i < n; i++)
		printf(" %14.0f", r[i].ok ? (double)r[i].demo_tickets / r[i].demo_s : 0.0);
	printf("\n");
	row_f("summary p50 ms (365 days)", r, n, offsetof(struct result, p50), 2);
	row_f("summary p99 ms", r, n, offsetof(struct result, p99), 2);
	row_f("summary max ms", r, n, offsetof(struct result, max), 2);
	row_f("dashboard built, p50 ms (a year)", r, n, offsetof(struct result, dash_fresh_p50), 1);
	row_f("dashboard built, max ms", r, n, offsetof(struct result, dash_fresh_max), 1);
	row_f("dashboard cached, p50 ms", r, n, offsetof(struct result, dash_p50), 2);
	row_f("dashboard cached, p99 ms", r, n, offsetof(struct result, dash_p99), 2);
	row_f("ingest tickets/s, batches 100 x4", r, n, offsetof(struct result, tps[0]), 0);
	row_f("  request p50 ms", r, n, offsetof(struct result, req_p50[0]), 2);
	row_f("  request p99 ms", r, n, offsetof(struct result, req_p99[0]), 2);
	row_f("ingest tickets/s, single x8", r, n, offsetof(struct result, tps[1]), 0);
	row_f("  request p50 ms", r, n, offsetof(struct result, req_p50[1]), 2);
	row_f("  request p99 ms", r, n, offsetof(struct result, req_p99[1]), 2);
	printf("  %-34s", "503 busy answers (retried)");
	for (size_t i = 0; i < n; i++)
		printf(" %14lld", r[i].ok ? r[i].busy[0] + r[i].busy[1] : 0);
	printf("\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s PATH/TO/clario [PATH/TO/pg-cluster]\n", argv[0]);
		return 2;
	}
	char *pg_cluster = argc == 3 ? argv[2] : NULL;
	double t_start = e2e_now();
	int result = 1;
	struct e2e_env env[2];
	bool have_env[2] = {false, false};
	char pg_dir[] = "/tmp/clario-bench-pg.XXXXXX";
	bool have_pg = false;
	struct result res[2] = {{.name = "SQLite", .scale = "100"},
				{.name = "PostgreSQL", .scale = PG_SCALE}};
	char creds[2][E2E_PATH_MAX + 32];

	printf("Clario benchmark (loopback, %ld CPUs)\n", sysconf(_SC_NPROCESSORS_ONLN));
	fflush(stdout);
	for (int b = 0; b < 2; b++) {
		if (b == 1 && !pg_cluster) {
			printf("PostgreSQL: skipped (no pg-cluster script given)\n");
			break;
		}
		if (e2e_env_init(&env[b], argv[1]) != 0)
			goto out;
		have_env[b] = true;
		int len = snprintf(creds[b], sizeof creds[b], "%s/demo.credentials", env[b].dir);
		if (len < 0 || (size_t)len >= sizeof creds[b])
			goto out;
		if (b == 0) {
			char db[sizeof env[b].db];
			len = snprintf(db, sizeof db, "%s/demo.db", env[b].dir);
			if (len < 0 || (size_t)len >= sizeof db)
				goto out;
			memcpy(env[b].db, db, sizeof db);
		} else {
			if (!mkdtemp(pg_dir)) {
				perror("bench: mkdtemp");
				goto out;
			}
			have_pg = true;
			if (pg_start(pg_cluster, pg_dir, env[b].db, sizeof env[b].db) != 0)
				goto out;
		}
		if (bench_backend(&env[b], creds[b], &res[b]) != 0)
			goto out;
	}
	result = 0;
out:
	if (have_pg) {
		char *stop[] = {pg_cluster, (char *)"stop", pg_dir, NULL};
		if (run_cmd(stop, NULL, 0) != 0)
			result = 1;
	}
	for (int b = 0; b < 2; b++)
		if (have_env[b])
			e2e_env_release(&env[b]);
	printf("\nsummary: GET /v1/merchants/ID/summary from=2025-11-01 to=2026-10-31 for the demo's\n"
	       "  largest merchant: %d sequential requests after %d warm-up, one keep-alive connection.\n"
	       "dashboard: GET /v1/merchants/ID/dashboard for the same year: %d built from scratch\n"
	       "  (?fresh=1), then %d answered from its cache (nothing changed in between).\n"
	       "ingest: POST /v1/tickets, partner key, a fresh merchant and outlet: %d tickets in\n"
	       "  batches of %d (%d clients), then %d single-ticket calls (%d clients).\n",
	       SUMMARY_RUNS, SUMMARY_WARMUP, DASH_FRESH_RUNS, DASH_CACHED_RUNS, BATCH_TICKETS, BATCH_SIZE, BATCH_CLIENTS,
	       SINGLE_TICKETS, SINGLE_CLIENTS);
	print_table(res, 2);
	printf("\ntotal wall time: %.1f s%s\n", e2e_now() - t_start, result ? " (FAILED)" : "");
	return result;
}
