/* Independent summary oracle: per-day sales figures from the raw ticket rows in
 * plain SQL (SQLite or PostgreSQL dialect; fixed Indonesian UTC offsets, the
 * outlet's cut-off), compared with what the summary endpoint answered. */
#include "oracle.h"

#include <inttypes.h>
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

/* The same in PostgreSQL: $1 from, $2 to, $3 merchant, $4 outlet (0 = all);
 * the cut-off is stored as seconds there. */
static const char oracle_pg_sql[] =
	"WITH days(day) AS (SELECT to_char(g.d, 'YYYY-MM-DD')"
	"   FROM generate_series($1::date, $2::date, interval '1 day') AS g(d)),"
	" o AS (SELECT id,"
	"   CASE tz WHEN 'Asia/Jakarta' THEN 25200 WHEN 'Asia/Makassar' THEN 28800"
	"           WHEN 'Asia/Jayapura' THEN 32400 END AS off, cutoff AS cut"
	"   FROM outlets WHERE merchant_id = $3::bigint AND ($4::bigint = 0 OR id = $4::bigint)),"
	" t AS (SELECT k.id, k.status, k.covers, k.tax, k.service_charge,"
	"   to_char(to_timestamp(k.closed_at + o.off - o.cut) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	"   AS day FROM tickets k JOIN o ON o.id = k.outlet_id WHERE k.merchant_id = $3::bigint),"
	" ln AS (SELECT t.day, SUM(l.qty * (l.unit_price + l.modifiers_total)) AS gross,"
	"   SUM(l.discount) AS ldisc FROM t JOIN ticket_lines l ON l.ticket_id = t.id"
	"   WHERE t.status = 'closed' GROUP BY t.day),"
	" td AS (SELECT t.day, SUM(d.amount) AS tdisc FROM t"
	"   JOIN ticket_discounts d ON d.ticket_id = t.id WHERE t.status = 'closed'"
	"   GROUP BY t.day),"
	" tk AS (SELECT day, SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS tickets,"
	"   SUM(CASE WHEN status = 'closed' THEN covers ELSE 0 END) AS covers,"
	"   SUM(CASE WHEN status = 'closed' THEN tax ELSE 0 END) AS tax,"
	"   SUM(CASE WHEN status = 'closed' THEN service_charge ELSE 0 END) AS svc,"
	"   SUM(CASE WHEN status = 'void' THEN 1 ELSE 0 END) AS voids FROM t GROUP BY day),"
	" rf AS (SELECT to_char(to_timestamp(r.at + o.off - o.cut) AT TIME ZONE 'UTC',"
	"   'YYYY-MM-DD') AS day, SUM(r.amount) AS amount, COUNT(*) AS n"
	"   FROM refunds r JOIN o ON o.id = r.outlet_id WHERE r.merchant_id = $3::bigint"
	"   GROUP BY 1)"
	" SELECT days.day, COALESCE(ln.gross, 0), COALESCE(ln.ldisc, 0), COALESCE(td.tdisc, 0),"
	"   COALESCE(rf.amount, 0), COALESCE(tk.tax, 0), COALESCE(tk.svc, 0),"
	"   COALESCE(tk.tickets, 0), COALESCE(tk.covers, 0), COALESCE(tk.voids, 0),"
	"   COALESCE(rf.n, 0)"
	" FROM days LEFT JOIN ln USING (day) LEFT JOIN td USING (day)"
	"   LEFT JOIN tk USING (day) LEFT JOIN rf USING (day) ORDER BY days.day";

struct day_rows {
	struct e2e_day *days;
	size_t n, cap;
};

static int int_col(const char *v, int64_t *out)
{
	if (!v)
		return -1;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (end == v || *end != '\0')
		return -1;
	*out = (int64_t)x;
	return 0;
}

static int add_day(void *ctx, int n, const char *const *v)
{
	struct day_rows *dr = ctx;
	if (n != 11)
		return -1;
	if (dr->n == dr->cap) {
		size_t ncap = dr->cap ? dr->cap * 2 : 64;
		struct e2e_day *d = realloc(dr->days, ncap * sizeof *d);
		if (!d)
			return -1;
		dr->days = d;
		dr->cap = ncap;
	}
	struct e2e_day *d = &dr->days[dr->n];
	memset(d, 0, sizeof *d);
	snprintf(d->date, sizeof d->date, "%s", v[0] ? v[0] : "");
	if (int_col(v[1], &d->gross_sales) || int_col(v[2], &d->line_discounts) ||
	    int_col(v[3], &d->ticket_discounts) || int_col(v[4], &d->refunds) ||
	    int_col(v[5], &d->tax) || int_col(v[6], &d->service_charge) ||
	    int_col(v[7], &d->tickets) || int_col(v[8], &d->covers) ||
	    int_col(v[9], &d->voids) || int_col(v[10], &d->refund_count))
		return -1;
	dr->n++;
	return 0;
}

int e2e_oracle_days(const char *db, int64_t merchant_id, int64_t outlet_id,
		    const char *from, const char *to, struct e2e_day **days, size_t *n,
		    char *why, size_t why_size)
{
	struct e2e_sql_arg args[] = {
		{.text = from},
		{.text = to},
		{.num = merchant_id},
		{.num = outlet_id > 0 ? outlet_id : 0},
	};
	struct day_rows dr = {0};
	*days = NULL;
	*n = 0;
	if (e2e_sql_rows(db, e2e_sql_is_pg(db) ? oracle_pg_sql : oracle_sql, args,
			 sizeof args / sizeof args[0], add_day, &dr, why, why_size) != 0) {
		free(dr.days);
		return -1;
	}
	*days = dr.days;
	*n = dr.n;
	return 0;
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
