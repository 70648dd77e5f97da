/* `make bench`, analytics part (clario_bench_analytics PATH/TO/clario): loads
 * the full demo into SQLite, serves it, and prints for the largest merchant
 * over 12 months: each analytics endpoint's server-side time (built fresh),
 * the dashboard's p50/p99 under 32 concurrent clients (served as users get
 * it: cached under the store watermark) and under 4 clients forcing a fresh
 * build each time, the same
 * aggregates computed by the sqlite3 shell over the same database as a ratio,
 * and the forecast's backtest MASE/WAPE for total sales and the median item. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/harness.h"

#define RUNS 7
#define CLIENTS 32
#define PER_CLIENT 20
#define FRESH_CLIENTS 4
#define FRESH_PER_CLIENT 3
#define FROM "2025-11-01"
#define TO "2026-10-31"

static char merchant_key[E2E_KEY_MAX];
static long long merchant_id;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static int read_creds(const char *path)
{
	char *text = e2e_read_file(path, NULL);
	if (!text)
		return -1;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "merchant_key=", 13))
			snprintf(merchant_key, sizeof merchant_key, "%s", line + 13);
		else if (!strncmp(line, "merchant_id=", 12))
			merchant_id = strtoll(line + 12, NULL, 10);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return merchant_key[0] && merchant_id > 0 ? 0 : -1;
}

/* GET path; *server_ms from the answer's server_ms; the JSON kept in *json if
 * asked. Returns the client-side milliseconds, or -1. */
static double call(struct e2e_env *env, const char *path, double *server_ms, json_t **json)
{
	struct e2e_resp r;
	double t0 = e2e_now();
	if (e2e_call(env, "GET", path, merchant_key, NULL, &r) != 0)
		return -1;
	double ms = (e2e_now() - t0) * 1000.0;
	if (r.status != 200) {
		fprintf(stderr, "bench: GET %s: %ld %.300s\n", path, r.status, r.body);
		e2e_resp_free(&r);
		return -1;
	}
	*server_ms = json_real_value(json_object_get(r.json, "server_ms"));
	if (json)
		*json = json_incref(r.json);
	e2e_resp_free(&r);
	return ms;
}

/* The sqlite3 shell's own timer over sql (".timer on"), summed over the
 * statements; -1 on failure. */
static double shell_ms(const char *db, const char *sql)
{
	int in[2], out[2];
	if (pipe(in) || pipe(out))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp("sqlite3", "sqlite3", db, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	FILE *w = fdopen(in[1], "w");
	fprintf(w, ".output /dev/null\n.timer on\n%s\n", sql);
	fclose(w);
	FILE *r = fdopen(out[0], "r");
	char line[512];
	double total = 0;
	while (fgets(line, sizeof line, r)) {
		const char *p = strstr(line, "Run Time: real ");
		if (p)
			total += strtod(p + 15, NULL) * 1000.0;
	}
	fclose(r);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? total : -1;
}

/* Copies src into dst with every "@M" replaced by the merchant id. */
static void expand(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	char id[24];
	snprintf(id, sizeof id, "%lld", merchant_id);
	for (const char *p = src; *p && n + sizeof id < size; p++) {
		if (p[0] == '@' && p[1] == 'M') {
			memcpy(dst + n, id, strlen(id));
			n += strlen(id);
			p++;
		} else {
			dst[n++] = *p;
		}
	}
	dst[n] = '\0';
}

struct endpoint {
	const char *name, *query, *sql;
};

/* Business days: 2025-11-01 is day 20393, 2026-10-31 day 20757; the
 * comparison reaches back to 2024-11-02 (day 20029). */
#define M "merchant_id = @M"
/* The mix analyses' aggregates (analytics 8-13), as plain SQL: the channel
 * mix grouped per ticket then per (channel, base), refunds per channel;
 * payments per day and method over the period and the previous one; outlet
 * days from the rollup; retention's ticket counts and customer visits; the
 * peer cohort's figures (two periods) and delivery tickets; insights = all of
 * them plus the summary's two periods, menu engineering and the alerts. */
#define CHANNELS_SQL \
	"SELECT channel, g - d - td, COUNT(*), SUM(g), SUM(d), SUM(td), SUM(c), SUM(u) FROM (" \
	" SELECT t.id, t.channel AS channel, SUM(l.qty * (l.unit_price + l.modifiers_total)) AS g," \
	"  SUM(l.discount) AS d, SUM(CASE WHEN i.unit_cost >= 0 THEN l.qty * i.unit_cost ELSE 0 END) AS c," \
	"  SUM(CASE WHEN i.unit_cost >= 0 THEN 0 ELSE l.qty * (l.unit_price + l.modifiers_total) END) AS u," \
	"  (SELECT COALESCE(SUM(x.amount), 0) FROM ticket_discounts x WHERE x.ticket_id = t.id) AS td" \
	" FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id JOIN items i ON i.id = l.item_id" \
	" WHERE t." M " AND t.business_day BETWEEN 20393 AND 20757 AND t.status = 'closed'" \
	" GROUP BY t.id) p GROUP BY channel, g - d - td;" \
	"SELECT t.channel, SUM(r.amount), COUNT(*) FROM refunds r JOIN tickets t ON t.id = r.ticket_id" \
	" WHERE r." M " AND r.business_day BETWEEN 20393 AND 20757 GROUP BY t.channel;"
#define PAYMENTS_SQL \
	"SELECT t.business_day, p.method, COUNT(*), SUM(p.amount) FROM tickets t JOIN payments p" \
	" ON p.ticket_id = t.id WHERE t." M " AND t.business_day BETWEEN 20028 AND 20757" \
	" AND t.status = 'closed' GROUP BY 1, 2;"
#define OUTLETS_SQL \
	"SELECT outlet_id, day, SUM(gross), SUM(line_discounts) + SUM(ticket_discounts), SUM(refunds)," \
	" SUM(tickets), SUM(covers), SUM(voids), SUM(discounted_tickets), SUM(refund_count)" \
	" FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20393 AND 20757 GROUP BY 1, 2;"
#define RETENTION_SQL \
	"SELECT COUNT(*), SUM(customer_id IS NOT NULL AND customer_id <> '') FROM tickets" \
	" WHERE " M " AND business_day BETWEEN 20393 AND 20757 AND status = 'closed';" \
	"SELECT customer_id, business_day, COUNT(*), SUM(net) FROM (SELECT t.id, t.customer_id AS" \
	" customer_id, t.business_day AS business_day, SUM(l.qty * (l.unit_price + l.modifiers_total))" \
	" - SUM(l.discount) - (SELECT COALESCE(SUM(x.amount), 0) FROM ticket_discounts x" \
	" WHERE x.ticket_id = t.id) AS net FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id" \
	" WHERE t." M " AND t.business_day <= 20757 AND t.status = 'closed' AND t.customer_id <> ''" \
	" GROUP BY t.id) GROUP BY 1, 2;"
#define PEERS_SQL \
	"SELECT r.merchant_id, SUM(r.gross), SUM(r.line_discounts) + SUM(r.ticket_discounts)," \
	" SUM(r.refunds), SUM(r.tickets), SUM(r.voids) FROM merchants m JOIN rollup_outlet_hour r" \
	" ON r.merchant_id = m.id WHERE m.kind = (SELECT kind FROM merchants WHERE id = @M)" \
	" AND r.day BETWEEN 20393 AND 20757 GROUP BY 1;" \
	"SELECT r.merchant_id, SUM(r.gross), SUM(r.line_discounts) + SUM(r.ticket_discounts)," \
	" SUM(r.refunds), SUM(r.tickets), SUM(r.voids) FROM merchants m JOIN rollup_outlet_hour r" \
	" ON r.merchant_id = m.id WHERE m.kind = (SELECT kind FROM merchants WHERE id = @M)" \
	" AND r.day BETWEEN 20028 AND 20392 GROUP BY 1;" \
	"SELECT t.merchant_id, COUNT(*) FROM merchants m JOIN tickets t ON t.merchant_id = m.id" \
	" WHERE m.kind = (SELECT kind FROM merchants WHERE id = @M) AND t.business_day" \
	" BETWEEN 20393 AND 20757 AND t.status = 'closed'" \
	" AND t.channel IN ('gofood', 'grabfood', 'shopeefood') GROUP BY 1;"
#define COMPARISON_SQL \
	"SELECT sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20393 AND 20757;" \
	"SELECT sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20028 AND 20392;" \
	"SELECT sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20029 AND 20393;"
#define MENU_SQL \
	"SELECT r.item_id, sum(qty - refund_qty), sum(gross - discounts - refunds), i.unit_cost FROM rollup_item_day r JOIN items i ON i.id = r.item_id WHERE r." M " AND day BETWEEN 20393 AND 20757 GROUP BY r.item_id;"
#define ALERTS_SQL \
	"SELECT outlet_id, day, sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets), sum(voids), sum(refund_count), sum(discounted_tickets) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20274 AND 20757 GROUP BY 1, 2;" \
	"SELECT outlet_id, cashier_id, day, sum(closed), sum(voids), sum(discounted), sum(refunds) FROM (" \
	" SELECT t.outlet_id, t.cashier_id, t.business_day AS day, t.status = 'closed' AS closed," \
	"  t.status = 'void' AS voids, t.status = 'closed' AND (EXISTS (SELECT 1 FROM ticket_lines l" \
	"  WHERE l.ticket_id = t.id AND l.discount <> 0) OR EXISTS (SELECT 1 FROM ticket_discounts d" \
	"  WHERE d.ticket_id = t.id AND d.amount <> 0)) AS discounted, 0 AS refunds FROM tickets t" \
	"  WHERE t." M " AND t.business_day BETWEEN 20337 AND 20757 AND t.cashier_id IS NOT NULL" \
	" UNION ALL SELECT r.outlet_id, t.cashier_id, r.business_day, 0, 0, 0, 1 FROM refunds r" \
	"  JOIN tickets t ON t.id = r.ticket_id WHERE r." M " AND r.business_day BETWEEN 20337 AND 20757" \
	"  AND t.cashier_id IS NOT NULL) GROUP BY 1, 2, 3;"
#define INSIGHTS_SQL \
	COMPARISON_SQL MENU_SQL ALERTS_SQL CHANNELS_SQL PAYMENTS_SQL OUTLETS_SQL RETENTION_SQL PEERS_SQL
static const struct endpoint endpoints[] = {
	{"comparison", "comparison?",
	 COMPARISON_SQL},
	{"heatmap", "heatmap?",
	 "SELECT (day + 3) % 7, hour, sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20393 AND 20757 GROUP BY 1, 2;"},
	{"items", "items?",
	 "SELECT item_id, sum(qty - refund_qty), sum(gross - discounts - refunds) FROM rollup_item_day WHERE " M " AND day BETWEEN 20028 AND 20757 GROUP BY item_id, day >= 20393;"},
	{"menu-engineering", "menu-engineering?",
	 MENU_SQL},
	{"basket", "basket?",
	 "SELECT a.item_id, b.item_id, count(DISTINCT t.id) FROM tickets t JOIN ticket_lines a ON a.ticket_id = t.id JOIN ticket_lines b ON b.ticket_id = t.id AND a.item_id < b.item_id WHERE t." M " AND t.business_day BETWEEN 20393 AND 20757 AND t.status = 'closed' GROUP BY 1, 2;"},
	{"forecast (total + 20 items)", "forecast?",
	 "SELECT day, sum(gross - line_discounts - ticket_discounts - refunds) FROM rollup_outlet_hour WHERE " M " AND day BETWEEN 20393 AND 20757 GROUP BY day;"
	 "SELECT item_id, day, sum(qty) FROM rollup_item_day WHERE " M " AND day BETWEEN 20393 AND 20757 GROUP BY item_id, day;"},
	{"alerts", "alerts?",
	 ALERTS_SQL},
	{"dashboard (fresh build)", "dashboard?fresh=1&", NULL},
	{"channels", "channels?", CHANNELS_SQL},
	{"payments", "payments?", PAYMENTS_SQL},
	{"outlet-comparison", "outlet-comparison?", OUTLETS_SQL},
	{"retention", "retention?", RETENTION_SQL},
	{"peers", "peers?", PEERS_SQL},
	{"insights (fresh)", "insights?fresh=1&", INSIGHTS_SQL},
	{"insights (as served, cached)", "insights?", NULL},
};
#define N_EP (sizeof endpoints / sizeof endpoints[0])

struct client {
	struct e2e_env env;
	const char *path;
	int n;
	double ms[PER_CLIENT], server[PER_CLIENT];
	int done;
};

static void *client_run(void *arg)
{
	struct client *c = arg;
	c->env.curl = curl_easy_init();
	for (int i = 0; i < c->n && c->env.curl; i++) {
		double s;
		double ms = call(&c->env, c->path, &s, NULL);
		if (ms < 0)
			break;
		c->ms[c->done] = ms;
		c->server[c->done] = s;
		c->done++;
	}
	if (c->env.curl)
		curl_easy_cleanup(c->env.curl);
	return NULL;
}

/* n_clients threads, each per requests of path; prints p50/p99. */
static int concurrent(struct e2e_env *env, const char *label, const char *path, int n_clients,
		      int per)
{
	struct client *cl = calloc((size_t)n_clients, sizeof *cl);
	pthread_t th[CLIENTS];
	double *ms = calloc((size_t)(n_clients * per), sizeof *ms);
	double *sv = calloc((size_t)(n_clients * per), sizeof *sv);
	size_t n = 0;
	int rc = -1;
	if (!cl || !ms || !sv)
		goto out;
	double t0 = e2e_now();
	for (int i = 0; i < n_clients; i++) {
		cl[i].env = *env;
		cl[i].path = path;
		cl[i].n = per;
		pthread_create(&th[i], NULL, client_run, &cl[i]);
	}
	for (int i = 0; i < n_clients; i++) {
		pthread_join(th[i], NULL);
		for (int k = 0; k < cl[i].done; k++) {
			ms[n] = cl[i].ms[k];
			sv[n++] = cl[i].server[k];
		}
	}
	double wall = e2e_now() - t0;
	if (n != (size_t)(n_clients * per)) {
		fprintf(stderr, "bench: %s: %zu of %d requests answered\n", label, n, n_clients * per);
		goto out;
	}
	printf("  %-38s %6zu req %7.1f req/s  server p50 %8.2f p99 %8.2f ms   client p50 %8.2f p99 %8.2f ms\n",
	       label, n, (double)n / wall, pct(sv, n, 50), pct(sv, n, 99), pct(ms, n, 50),
	       pct(ms, n, 99));
	rc = 0;
out:
	free(cl);
	free(ms);
	free(sv);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH/TO/clario\n", argv[0]);
		return 2;
	}
	struct e2e_env env;
	char creds[E2E_PATH_MAX + 32], out[4096], path[256], sql[16384];
	int rc = 1;
	if (e2e_env_init(&env, argv[1]) != 0)
		return 1;
	snprintf(creds, sizeof creds, "%s/demo.credentials", env.dir);
	printf("Clario analytics benchmark (SQLite, loopback, %ld CPUs)\nloading the full demo...\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	fflush(stdout);
	if (e2e_cli(&env, true, out, sizeof out, "demo", "--credentials", creds, NULL) != 0 ||
	    read_creds(creds) != 0 || e2e_server_start(&env, NULL) != 0)
		goto out;
	printf("\nmerchant %lld (the largest), %s..%s; server time is the answer's server_ms,\n"
	       "median of %d fresh runs after one warm-up; sqlite3 shell: the same aggregates\n"
	       "(.timer on, median of 3), ratio = server ÷ shell\n\n", merchant_id, FROM, TO, RUNS);
	printf("  %-30s %12s %12s %12s %8s\n", "endpoint", "server ms", "client ms", "sqlite3 ms",
	       "ratio");
	for (size_t e = 0; e < N_EP; e++) {
		double sv[RUNS], cl[RUNS], sh[3];
		snprintf(path, sizeof path, "/v1/merchants/%lld/%sfrom=%s&to=%s", merchant_id,
			 endpoints[e].query, FROM, TO);
		double s;
		if (call(&env, path, &s, NULL) < 0)
			goto out;
		for (int i = 0; i < RUNS; i++)
			if ((cl[i] = call(&env, path, &sv[i], NULL)) < 0)
				goto out;
		double shell = -1;
		if (endpoints[e].sql) {
			expand(sql, sizeof sql, endpoints[e].sql);
			for (int i = 0; i < 3; i++)
				sh[i] = shell_ms(env.db, sql);
			shell = pct(sh, 3, 50);
		}
		double server = pct(sv, RUNS, 50);
		if (shell > 0)
			printf("  %-30s %12.2f %12.2f %12.2f %8.2f\n", endpoints[e].name, server,
			       pct(cl, RUNS, 50), shell, server / shell);
		else
			printf("  %-30s %12.2f %12.2f %12s %8s\n", endpoints[e].name, server,
			       pct(cl, RUNS, 50), "-", "-");
		fflush(stdout);
	}
	printf("\ndashboard under concurrency:\n");
	snprintf(path, sizeof path, "/v1/merchants/%lld/dashboard?from=%s&to=%s", merchant_id, FROM, TO);
	if (concurrent(&env, "32 clients, as served (cached)", path, CLIENTS, PER_CLIENT) != 0)
		goto out;
	snprintf(path, sizeof path, "/v1/merchants/%lld/dashboard?fresh=1&from=%s&to=%s",
		 merchant_id, FROM, TO);
	if (concurrent(&env, "4 clients, fresh build every call", path, FRESH_CLIENTS,
		       FRESH_PER_CLIENT) != 0)
		goto out;
	json_t *f = NULL;
	double s;
	snprintf(path, sizeof path, "/v1/merchants/%lld/forecast?items=1000&from=%s&to=%s",
		 merchant_id, FROM, TO);
	if (call(&env, path, &s, &f) < 0)
		goto out;
	json_t *acc = json_object_get(f, "accuracy");
	printf("\nforecast backtest (8 weekly origins over the last 56 days, 7-day horizon):\n"
	       "  total net sales: MASE %.3f  WAPE %.3f\n"
	       "  median item (%lld items): MASE %.3f  WAPE %.3f\n",
	       json_real_value(json_object_get(acc, "total_mase")),
	       json_real_value(json_object_get(acc, "total_wape")),
	       (long long)json_integer_value(json_object_get(acc, "items_measured")),
	       json_real_value(json_object_get(acc, "median_item_mase")),
	       json_real_value(json_object_get(acc, "median_item_wape")));
	json_decref(f);
	rc = e2e_server_stop(&env) == 0 ? 0 : 1;
out:
	if (rc)
		fprintf(stderr, "bench: analytics failed (server log %s)\n", env.log);
	e2e_env_release(&env);
	return rc;
}
