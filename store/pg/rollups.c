/* PostgreSQL: the rollup tables (per outlet hour, per item day), added to by
 * delta inside ingest's transaction, read by analytics, dumped for the rebuild
 * check in exactly the text store/sqlite/rollups.c produces. */
#include <inttypes.h>
#include <stdlib.h>

#include "base/strbuf.h"
#include "store/pg/internal.h"

enum clario_status store__pg_rollup_hour_add(struct store *s, const struct rollup_hour *d,
					     struct clario_err *err)
{
	struct pg__params p = {0};
	const int64_t v[] = {d->merchant_id, d->outlet_id, d->day, d->hour, d->gross,
			     d->line_discounts, d->ticket_discounts, d->refunds, d->tax,
			     d->service_charge, d->rounding, d->tickets, d->covers,
			     d->discounted_tickets, d->voids, d->void_gross, d->refund_count};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		pg__p_int(&p, v[i]);
	return pg__exec(s, P_ROLLUP_HOUR_ADD,
		"INSERT INTO rollup_outlet_hour AS r(merchant_id, outlet_id, day, hour, gross,"
		" line_discounts, ticket_discounts, refunds, tax, service_charge, rounding, tickets,"
		" covers, discounted_tickets, voids, void_gross, refund_count)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
		" ON CONFLICT (merchant_id, day, hour, outlet_id) DO UPDATE SET"
		" gross = r.gross + EXCLUDED.gross,"
		" line_discounts = r.line_discounts + EXCLUDED.line_discounts,"
		" ticket_discounts = r.ticket_discounts + EXCLUDED.ticket_discounts,"
		" refunds = r.refunds + EXCLUDED.refunds, tax = r.tax + EXCLUDED.tax,"
		" service_charge = r.service_charge + EXCLUDED.service_charge,"
		" rounding = r.rounding + EXCLUDED.rounding, tickets = r.tickets + EXCLUDED.tickets,"
		" covers = r.covers + EXCLUDED.covers,"
		" discounted_tickets = r.discounted_tickets + EXCLUDED.discounted_tickets,"
		" voids = r.voids + EXCLUDED.voids, void_gross = r.void_gross + EXCLUDED.void_gross,"
		" refund_count = r.refund_count + EXCLUDED.refund_count",
		&p, "updating the hour rollup", err);
}

enum clario_status store__pg_rollup_item_add(struct store *s, const struct rollup_item_day *d,
					     struct clario_err *err)
{
	struct pg__params p = {0};
	const int64_t v[] = {d->merchant_id, d->outlet_id, d->item_id, d->day, d->qty, d->gross,
			     d->discounts, d->tickets, d->refund_qty, d->refunds};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		pg__p_int(&p, v[i]);
	return pg__exec(s, P_ROLLUP_ITEM_ADD,
		"INSERT INTO rollup_item_day AS r(merchant_id, outlet_id, item_id, day, qty, gross,"
		" discounts, tickets, refund_qty, refunds)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
		" ON CONFLICT (merchant_id, day, outlet_id, item_id) DO UPDATE SET"
		" qty = r.qty + EXCLUDED.qty, gross = r.gross + EXCLUDED.gross,"
		" discounts = r.discounts + EXCLUDED.discounts, tickets = r.tickets + EXCLUDED.tickets,"
		" refund_qty = r.refund_qty + EXCLUDED.refund_qty, refunds = r.refunds + EXCLUDED.refunds",
		&p, "updating the item rollup", err);
}

/* sum(bigint) is numeric in PostgreSQL: cast back so the text is an integer. */
#define HOUR_SUMS \
	"sum(gross)::bigint, sum(line_discounts)::bigint, sum(ticket_discounts)::bigint," \
	" sum(refunds)::bigint, sum(tax)::bigint, sum(service_charge)::bigint," \
	" sum(rounding)::bigint, sum(tickets)::bigint, sum(covers)::bigint," \
	" sum(discounted_tickets)::bigint, sum(voids)::bigint, sum(void_gross)::bigint," \
	" sum(refund_count)::bigint"

static bool hour_row(const PGresult *r, int row, struct rollup_hour *h)
{
	bool ok = true;
	h->day = (day_t)pg__i64(r, row, 0, &ok);
	h->hour = (int)pg__i64(r, row, 1, &ok);
	int64_t *f[] = {&h->gross, &h->line_discounts, &h->ticket_discounts, &h->refunds, &h->tax,
			&h->service_charge, &h->rounding, &h->tickets, &h->covers,
			&h->discounted_tickets, &h->voids, &h->void_gross, &h->refund_count};
	for (int i = 0; i < (int)(sizeof f / sizeof f[0]); i++)
		*f[i] = pg__i64(r, row, i + 2, &ok);
	return ok;
}

enum clario_status store__pg_rollup_hours_query(struct store *s, int64_t merchant_id,
						int64_t outlet_id, day_t from, day_t to,
						struct rollup_hour **out, size_t *n,
						struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	struct rollup_hour *arr = NULL;
	enum clario_status st;
	*out = NULL;
	*n = 0;
	pg__p_int(&p, merchant_id);
	pg__p_int(&p, from);
	pg__p_int(&p, to);
	if (outlet_id > 0) {
		pg__p_int(&p, outlet_id);
		st = pg__run(s, P_ROLLUP_HOURS_QUERY_OUTLET,
			"SELECT day, hour, " HOUR_SUMS " FROM rollup_outlet_hour"
			" WHERE merchant_id = $1 AND day BETWEEN $2 AND $3 AND outlet_id = $4"
			" GROUP BY day, hour ORDER BY day, hour", &p, &r, "reading rollups", err);
	} else {
		st = pg__run(s, P_ROLLUP_HOURS_QUERY,
			"SELECT day, hour, " HOUR_SUMS " FROM rollup_outlet_hour"
			" WHERE merchant_id = $1 AND day BETWEEN $2 AND $3"
			" GROUP BY day, hour ORDER BY day, hour", &p, &r, "reading rollups", err);
	}
	if (st != CLARIO_OK)
		goto out;
	size_t rows = (size_t)PQntuples(r);
	arr = malloc((rows ? rows : 1) * sizeof *arr);
	if (!arr) {
		st = clario_err_set(err, CLARIO_ENOMEM, "reading rollups: out of memory");
		goto out;
	}
	for (size_t i = 0; i < rows; i++) {
		arr[i] = (struct rollup_hour){.merchant_id = merchant_id, .outlet_id = outlet_id};
		if (!hour_row(r, (int)i, &arr[i])) {
			st = pg__bad_row("reading rollups", err);
			goto out;
		}
	}
	*out = arr;
	*n = rows;
	arr = NULL;
out:
	PQclear(r);
	free(arr);
	return st;
}

enum clario_status store__pg_rollups_clear(struct store *s, struct clario_err *err)
{
	enum clario_status st = pg__run(s, P_ROLLUP_HOUR_CLEAR, "DELETE FROM rollup_outlet_hour",
					NULL, NULL, "clearing rollups", err);
	if (st == CLARIO_OK)
		st = pg__run(s, P_ROLLUP_ITEM_CLEAR, "DELETE FROM rollup_item_day", NULL, NULL,
			     "clearing rollups", err);
	return st;
}

/* Rows whose every measure is zero are left out: a revision can leave an
 * all-zero row behind that a rebuild would never create. */
static enum clario_status dump_query(struct store *s, struct strbuf *sb, enum pg__stmt_id id,
				     const char *sql, struct clario_err *err)
{
	PGresult *r = NULL;
	enum clario_status st = pg__run(s, id, sql, NULL, &r, "dumping rollups", err);
	int rows = st == CLARIO_OK ? PQntuples(r) : 0;
	int cols = st == CLARIO_OK ? PQnfields(r) : 0;
	for (int i = 0; i < rows && st == CLARIO_OK; i++) {
		for (int c = 0; c < cols && st == CLARIO_OK; c++) {
			bool ok = true;
			int64_t v = pg__i64(r, i, c, &ok);
			if (!ok)
				st = pg__bad_row("dumping rollups", err);
			else if (!strbuf_appendf(sb, "%s%lld", c ? " " : "", (long long)v))
				st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
		}
		if (st == CLARIO_OK && !strbuf_append(sb, "\n", 1))
			st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	}
	PQclear(r);
	return st;
}

enum clario_status store__pg_rollups_dump(struct store *s, char **out, struct clario_err *err)
{
	struct strbuf sb;
	strbuf_init(&sb, (size_t)1 << 34);
	*out = NULL;
	enum clario_status st = dump_query(s, &sb, P_ROLLUP_HOUR_DUMP,
		"SELECT merchant_id, outlet_id, day, hour, gross, line_discounts, ticket_discounts,"
		" refunds, tax, service_charge, rounding, tickets, covers, discounted_tickets, voids,"
		" void_gross, refund_count FROM rollup_outlet_hour"
		" WHERE gross <> 0 OR line_discounts <> 0 OR ticket_discounts <> 0 OR refunds <> 0"
		" OR tax <> 0 OR service_charge <> 0 OR rounding <> 0 OR tickets <> 0 OR covers <> 0"
		" OR discounted_tickets <> 0 OR voids <> 0 OR void_gross <> 0 OR refund_count <> 0"
		" ORDER BY merchant_id, outlet_id, day, hour", err);
	if (st == CLARIO_OK && !strbuf_append(&sb, "--\n", 3))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st == CLARIO_OK)
		st = dump_query(s, &sb, P_ROLLUP_ITEM_DUMP,
			"SELECT merchant_id, outlet_id, item_id, day, qty, gross, discounts, tickets,"
			" refund_qty, refunds FROM rollup_item_day"
			" WHERE qty <> 0 OR gross <> 0 OR discounts <> 0 OR tickets <> 0"
			" OR refund_qty <> 0 OR refunds <> 0"
			" ORDER BY merchant_id, outlet_id, item_id, day", err);
	if (st == CLARIO_OK && !(*out = strbuf_detach(&sb, NULL)))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st != CLARIO_OK)
		strbuf_release(&sb);
	return st;
}
