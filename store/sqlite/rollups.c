/* SQLite: the rollup tables (per outlet hour, per item day), added to by delta
 * inside ingest's transaction, read by analytics, dumped for the rebuild check. */
#include <stdlib.h>

#include "base/strbuf.h"
#include "store/sqlite/internal.h"

enum clario_status store__lite_rollup_hour_add(struct store *s, const struct rollup_hour *d,
					 struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_ROLLUP_HOUR_ADD,
		"INSERT INTO rollup_outlet_hour(merchant_id, outlet_id, day, hour, gross, line_discounts,"
		" ticket_discounts, refunds, tax, service_charge, rounding, tickets, covers,"
		" discounted_tickets, voids, void_gross, refund_count)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
		" ON CONFLICT (merchant_id, day, hour, outlet_id) DO UPDATE SET"
		" gross = gross + excluded.gross,"
		" line_discounts = line_discounts + excluded.line_discounts,"
		" ticket_discounts = ticket_discounts + excluded.ticket_discounts,"
		" refunds = refunds + excluded.refunds, tax = tax + excluded.tax,"
		" service_charge = service_charge + excluded.service_charge,"
		" rounding = rounding + excluded.rounding, tickets = tickets + excluded.tickets,"
		" covers = covers + excluded.covers,"
		" discounted_tickets = discounted_tickets + excluded.discounted_tickets,"
		" voids = voids + excluded.voids, void_gross = void_gross + excluded.void_gross,"
		" refund_count = refund_count + excluded.refund_count", err);
	if (!st)
		return err->status;
	const int64_t v[] = {d->merchant_id, d->outlet_id, d->day, d->hour, d->gross,
			     d->line_discounts, d->ticket_discounts, d->refunds, d->tax,
			     d->service_charge, d->rounding, d->tickets, d->covers,
			     d->discounted_tickets, d->voids, d->void_gross, d->refund_count};
	for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		sqlite3_bind_int64(st, i + 1, v[i]);
	return lite__exec(s, st, "updating the hour rollup", err);
}

enum clario_status store__lite_rollup_item_add(struct store *s, const struct rollup_item_day *d,
					 struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_ROLLUP_ITEM_ADD,
		"INSERT INTO rollup_item_day(merchant_id, outlet_id, item_id, day, qty, gross, discounts,"
		" tickets, refund_qty, refunds) VALUES (?,?,?,?,?,?,?,?,?,?)"
		" ON CONFLICT (merchant_id, day, outlet_id, item_id) DO UPDATE SET"
		" qty = qty + excluded.qty, gross = gross + excluded.gross,"
		" discounts = discounts + excluded.discounts, tickets = tickets + excluded.tickets,"
		" refund_qty = refund_qty + excluded.refund_qty, refunds = refunds + excluded.refunds",
		err);
	if (!st)
		return err->status;
	const int64_t v[] = {d->merchant_id, d->outlet_id, d->item_id, d->day, d->qty, d->gross,
			     d->discounts, d->tickets, d->refund_qty, d->refunds};
	for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		sqlite3_bind_int64(st, i + 1, v[i]);
	return lite__exec(s, st, "updating the item rollup", err);
}

#define HOUR_SUMS \
	"sum(gross), sum(line_discounts), sum(ticket_discounts), sum(refunds), sum(tax)," \
	" sum(service_charge), sum(rounding), sum(tickets), sum(covers), sum(discounted_tickets)," \
	" sum(voids), sum(void_gross), sum(refund_count)"

static void hour_row(sqlite3_stmt *st, void *p)
{
	struct rollup_hour *h = p;
	h->day = sqlite3_column_int(st, 0);
	h->hour = sqlite3_column_int(st, 1);
	int64_t *f[] = {&h->gross, &h->line_discounts, &h->ticket_discounts, &h->refunds, &h->tax,
			&h->service_charge, &h->rounding, &h->tickets, &h->covers,
			&h->discounted_tickets, &h->voids, &h->void_gross, &h->refund_count};
	for (int i = 0; i < (int)(sizeof f / sizeof f[0]); i++)
		*f[i] = sqlite3_column_int64(st, i + 2);
}

enum clario_status store__lite_rollup_hours_query(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_hour **out, size_t *n,
					    struct clario_err *err)
{
	sqlite3_stmt *st;
	if (outlet_id > 0)
		st = lite__stmt(s, S_ROLLUP_HOURS_QUERY_OUTLET,
			"SELECT day, hour, " HOUR_SUMS " FROM rollup_outlet_hour"
			" WHERE merchant_id = ?1 AND day BETWEEN ?2 AND ?3 AND outlet_id = ?4"
			" GROUP BY day, hour ORDER BY day, hour", err);
	else
		st = lite__stmt(s, S_ROLLUP_HOURS_QUERY,
			"SELECT day, hour, " HOUR_SUMS " FROM rollup_outlet_hour"
			" WHERE merchant_id = ?1 AND day BETWEEN ?2 AND ?3"
			" GROUP BY day, hour ORDER BY day, hour", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, merchant_id);
	sqlite3_bind_int(st, 2, from);
	sqlite3_bind_int(st, 3, to);
	if (outlet_id > 0)
		sqlite3_bind_int64(st, 4, outlet_id);

	size_t cap = 256, len = 0;
	struct rollup_hour *arr = malloc(cap * sizeof *arr);
	int rc = SQLITE_NOMEM;
	while (arr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			struct rollup_hour *b = realloc(arr, cap * 2 * sizeof *arr);
			if (!b) {
				rc = SQLITE_NOMEM;
				break;
			}
			arr = b;
			cap *= 2;
		}
		arr[len] = (struct rollup_hour){.merchant_id = merchant_id, .outlet_id = outlet_id};
		hour_row(st, &arr[len]);
		len++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(arr);
		return rc == SQLITE_NOMEM ? clario_err_set(err, CLARIO_ENOMEM, "reading rollups: out of memory")
					  : lite__fail(s, rc, "reading rollups", err);
	}
	*out = arr;
	*n = len;
	return CLARIO_OK;
}

enum clario_status store__lite_rollups_clear(struct store *s, struct clario_err *err)
{
	int rc = sqlite3_exec(L(s)->db, "DELETE FROM rollup_outlet_hour; DELETE FROM rollup_item_day;",
			      NULL, NULL, NULL);
	return rc == SQLITE_OK ? CLARIO_OK : lite__fail(s, rc, "clearing rollups", err);
}

/* Rows whose every measure is zero are left out: a revision can leave an
 * all-zero row behind that a rebuild would never create. */
static enum clario_status dump_query(struct store *s, struct strbuf *sb, const char *sql,
				     struct clario_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(L(s)->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lite__fail(s, rc, "dumping rollups", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int cols = sqlite3_column_count(st);
		for (int i = 0; i < cols; i++)
			if (!strbuf_appendf(sb, "%s%lld", i ? " " : "",
					    (long long)sqlite3_column_int64(st, i))) {
				sqlite3_finalize(st);
				return clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
			}
		if (!strbuf_append(sb, "\n", 1)) {
			sqlite3_finalize(st);
			return clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CLARIO_OK : lite__fail(s, rc, "dumping rollups", err);
}

enum clario_status store__lite_rollups_dump(struct store *s, char **out, struct clario_err *err)
{
	struct strbuf sb;
	strbuf_init(&sb, (size_t)1 << 34);
	enum clario_status r = dump_query(s, &sb,
		"SELECT merchant_id, outlet_id, day, hour, gross, line_discounts, ticket_discounts,"
		" refunds, tax, service_charge, rounding, tickets, covers, discounted_tickets, voids,"
		" void_gross, refund_count FROM rollup_outlet_hour"
		" WHERE gross OR line_discounts OR ticket_discounts OR refunds OR tax OR service_charge"
		" OR rounding OR tickets OR covers OR discounted_tickets OR voids OR void_gross"
		" OR refund_count ORDER BY merchant_id, outlet_id, day, hour", err);
	if (r == CLARIO_OK && !strbuf_append(&sb, "--\n", 3))
		r = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (r == CLARIO_OK)
		r = dump_query(s, &sb,
			"SELECT merchant_id, outlet_id, item_id, day, qty, gross, discounts, tickets,"
			" refund_qty, refunds FROM rollup_item_day"
			" WHERE qty OR gross OR discounts OR tickets OR refund_qty OR refunds"
			" ORDER BY merchant_id, outlet_id, item_id, day", err);
	if (r != CLARIO_OK) {
		strbuf_release(&sb);
		return r;
	}
	*out = strbuf_detach(&sb, NULL);
	return *out ? CLARIO_OK : clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
}
