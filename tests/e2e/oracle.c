/* Independent summary oracle: recomputes per-day sales figures from the raw
 * ticket rows with plain SQL (fixed Indonesian UTC offsets, cut-off from the
 * outlet row) and compares them with what the summary endpoint answered. */
#include "oracle.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ?1 from, ?2 to, ?3 merchant, ?4 outlet (0 = all). Indonesia has no DST, so
 * each zone is a fixed offset; the cut-off may be stored as seconds or "HH:MM". */
static const char oracle_sql[] =
	"WITH RECURSIVE "
	" days(day) AS (SELECT date(?1) UNION ALL "
	"   SELECT date(day, '+1 day') FROM days WHERE day < date(?2)),"
	" o AS (SELECT id,"
	"   CASE tz WHEN 'Asia/Jakarta' THEN 25200 WHEN 'Asia/Makassar' THEN 28800"
	"           WHEN 'Asia/Jayapura' THEN 32400 END AS off,"
	"   CASE typeof(cutoff) WHEN 'integer' THEN cutoff"
	"     WHEN 'text' THEN CAST(substr(cutoff, 1, 2) AS INTEGER) * 3600"
	"                    + CAST(substr(cutoff, 4, 2) AS INTEGER) * 60 END AS cut"
	"   FROM outlets WHERE merchant_id = ?3 AND (?4 = 0 OR id = ?4)),"
	" t AS (SELECT k.id, k.status, k.covers, k.tax, k.service_charge,"
	"   date(k.closed_at + o.off - o.cut, 'unixepoch') AS day"
	"   FROM tickets k JOIN o ON o.id = k.outlet_id WHERE k.merchant_id = ?3),"
	" ln AS (SELECT t.day, SUM(l.qty * (l.unit_price + l.modifiers_total)) AS gross,"
	"   SUM(l.discount) AS ldisc FROM t JOIN ticket_lines l ON l.ticket_id = t.id"
	"   WHERE t.status = 'closed' GROUP BY t.day),"
	" td AS (SELECT t.day, SUM(d.amount) AS tdisc FROM t"
	"   JOIN ticket_discounts d ON d.ticket_id = t.id WHERE t.status = 'closed'"
	"   GROUP BY t.day),"
	" tk AS (SELECT day, SUM(status = 'closed') AS tickets,"
	"   SUM(CASE WHEN status = 'closed' THEN covers ELSE 0 END) AS covers,"
	"   SUM(CASE WHEN status = 'closed' THEN tax ELSE 0 END) AS tax,"
	"   SUM(CASE WHEN status = 'closed' THEN service_charge ELSE 0 END) AS svc,"
	"   SUM(status = 'void') AS voids FROM t GROUP BY day),"
	" rf AS (SELECT date(r.at + o.off - o.cut, 'unixepoch') AS day,"
	"   SUM(r.amount) AS amount, COUNT(*) AS n"
	"   FROM refunds r JOIN o ON o.id = r.outlet_id WHERE r.merchant_id = ?3 GROUP BY 1)"
	" SELECT days.day, IFNULL(ln.gross, 0), IFNULL(ln.ldisc, 0), IFNULL(td.tdisc, 0),"
	"   IFNULL(rf.amount, 0), IFNULL(tk.tax, 0), IFNULL(tk.svc, 0), IFNULL(tk.tickets, 0),"
	"   IFNULL(tk.covers, 0), IFNULL(tk.voids, 0), IFNULL(rf.n, 0)"
	" FROM days LEFT JOIN ln USING (day) LEFT JOIN td USING (day)"
	"   LEFT JOIN tk USING (day) LEFT JOIN rf USING (day) ORDER BY days.day";

static sqlite3 *open_ro(const char *db_path, char *why, size_t why_size)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(why, why_size, "open %s: %s", db_path, db ? sqlite3_errmsg(db) : "?");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 10000);
	return db;
}

int e2e_oracle_days(const char *db_path, int64_t merchant_id, int64_t outlet_id,
		    const char *from, const char *to, struct e2e_day **days, size_t *n,
		    char *why, size_t why_size)
{
	*days = NULL;
	*n = 0;
	sqlite3 *db = open_ro(db_path, why, why_size);
	if (!db)
		return -1;
	sqlite3_stmt *st = NULL;
	int result = -1;
	size_t cap = 0;
	if (sqlite3_prepare_v2(db, oracle_sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(why, why_size, "prepare: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, merchant_id);
	sqlite3_bind_int64(st, 4, outlet_id > 0 ? outlet_id : 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct e2e_day *d = realloc(*days, ncap * sizeof *d);
			if (!d) {
				snprintf(why, why_size, "out of memory");
				goto out;
			}
			*days = d;
			cap = ncap;
		}
		struct e2e_day *d = &(*days)[*n];
		memset(d, 0, sizeof *d);
		const unsigned char *date = sqlite3_column_text(st, 0);
		snprintf(d->date, sizeof d->date, "%s", date ? (const char *)date : "");
		d->gross_sales = sqlite3_column_int64(st, 1);
		d->line_discounts = sqlite3_column_int64(st, 2);
		d->ticket_discounts = sqlite3_column_int64(st, 3);
		d->refunds = sqlite3_column_int64(st, 4);
		d->tax = sqlite3_column_int64(st, 5);
		d->service_charge = sqlite3_column_int64(st, 6);
		d->tickets = sqlite3_column_int64(st, 7);
		d->covers = sqlite3_column_int64(st, 8);
		d->voids = sqlite3_column_int64(st, 9);
		d->refund_count = sqlite3_column_int64(st, 10);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		snprintf(why, why_size, "step: %s", sqlite3_errmsg(db));
		goto out;
	}
	result = 0;
out:
	if (result != 0) {
		free(*days);
		*days = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return result;
}

/* Appends one difference to why (keeps the first ones that fit). */
static void note(char *why, size_t why_size, int *count, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note(char *why, size_t why_size, int *count, const char *fmt, ...)
{
	(*count)++;
	size_t used = strlen(why);
	if (used + 2 >= why_size)
		return;
	if (used) {
		why[used++] = ';';
		why[used] = '\0';
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why + used, why_size - used, fmt, ap);
	va_end(ap);
}

/* Average ticket = net ÷ tickets rounded half up (defined here for net ≥ 0;
 * a negative net day, possible with late refunds, is not compared). */
static bool average_ticket(int64_t net, int64_t tickets, int64_t *avg)
{
	if (tickets <= 0) {
		*avg = 0;
		return true;
	}
	if (net < 0)
		return false;
	*avg = (2 * net + tickets) / (2 * tickets);
	return true;
}

static void compare_fields(const json_t *obj, const char *where, const struct e2e_day *d,
			   char *why, size_t why_size, int *count)
{
	int64_t net = d->gross_sales - d->line_discounts - d->ticket_discounts - d->refunds;
	struct {
		const char *name;
		int64_t want;
	} fields[] = {
		{"gross_sales", d->gross_sales},
		{"line_discounts", d->line_discounts},
		{"ticket_discounts", d->ticket_discounts},
		{"discounts", d->line_discounts + d->ticket_discounts},
		{"refunds", d->refunds},
		{"net_sales", net},
		{"tax", d->tax},
		{"service_charge", d->service_charge},
		{"tickets", d->tickets},
		{"covers", d->covers},
		{"voids", d->voids},
		{"refund_count", d->refund_count},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		json_t *v = json_object_get(obj, fields[i].name);
		if (!json_is_integer(v)) {
			note(why, why_size, count, " %s.%s: missing or not an integer", where,
			     fields[i].name);
			continue;
		}
		int64_t got = (int64_t)json_integer_value(v);
		if (got != fields[i].want)
			note(why, why_size, count, " %s.%s: summary %" PRId64 ", expected %" PRId64,
			     where, fields[i].name, got, fields[i].want);
	}
	int64_t avg;
	if (average_ticket(net, d->tickets, &avg)) {
		json_t *v = json_object_get(obj, "average_ticket");
		if (!json_is_integer(v) || (int64_t)json_integer_value(v) != avg)
			note(why, why_size, count,
			     " %s.average_ticket: summary %s%" PRId64 ", expected %" PRId64, where,
			     json_is_integer(v) ? "" : "(not an integer) ",
			     json_is_integer(v) ? (int64_t)json_integer_value(v) : 0, avg);
	}
}

int e2e_summary_matches(const json_t *summary, const struct e2e_day *days, size_t n, char *why,
			size_t why_size)
{
	int count = 0;
	why[0] = '\0';
	json_t *jdays = json_object_get(summary, "days");
	if (!json_is_array(jdays)) {
		snprintf(why, why_size, "summary has no days array");
		return -1;
	}
	if (json_array_size(jdays) != n)
		note(why, why_size, &count, " %zu days in the summary, %zu expected",
		     json_array_size(jdays), n);
	struct e2e_day total = {.date = "totals"};
	for (size_t i = 0; i < n; i++) {
		const struct e2e_day *d = &days[i];
		total.gross_sales += d->gross_sales;
		total.line_discounts += d->line_discounts;
		total.ticket_discounts += d->ticket_discounts;
		total.refunds += d->refunds;
		total.tax += d->tax;
		total.service_charge += d->service_charge;
		total.tickets += d->tickets;
		total.covers += d->covers;
		total.voids += d->voids;
		total.refund_count += d->refund_count;
		json_t *jd = json_array_get(jdays, i);
		if (!jd)
			continue;
		const char *date = json_string_value(json_object_get(jd, "date"));
		if (!date || strcmp(date, d->date) != 0) {
			note(why, why_size, &count, " days[%zu].date: summary %s, expected %s", i,
			     date ? date : "(none)", d->date);
			continue;
		}
		compare_fields(jd, d->date, d, why, why_size, &count);
	}
	json_t *totals = json_object_get(summary, "totals");
	if (!json_is_object(totals))
		note(why, why_size, &count, " no totals object");
	else
		compare_fields(totals, "totals", &total, why, why_size, &count);
	return count ? -1 : 0;
}

int64_t e2e_sql_scalar(const char *db_path, const char *sql, const char *param)
{
	char why[256];
	sqlite3 *db = open_ro(db_path, why, sizeof why);
	if (!db) {
		fprintf(stderr, "e2e: %s\n", why);
		return -1;
	}
	sqlite3_stmt *st = NULL;
	int64_t result = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "e2e: prepare %s: %s\n", sql, sqlite3_errmsg(db));
		goto out;
	}
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		result = sqlite3_column_int64(st, 0);
	else
		fprintf(stderr, "e2e: step %s: %s\n", sql, sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return result;
}
