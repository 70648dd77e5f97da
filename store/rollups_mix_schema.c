/* Schema of the mix analyses' own rollups (versions 252-259): kept by ingest
 * in the ticket's transaction (store/rollups_mix.c) so the channel, payment,
 * retention and peer reads never scan ticket lines. Created and backfilled
 * from the raw tickets here, so an existing database is right after upgrading. */
#include "store/schema.h"

/* Start (day_t) of the calendar month of a day_t column, per backend. */
#define LITE_MONTH(c) "(" c " - CAST(strftime('%d', " c " * 86400, 'unixepoch') AS INTEGER) + 1)"
#define PG_MONTH(c) \
	"(" c " - CAST(EXTRACT(DAY FROM DATE '1970-01-01' + CAST(" c " AS INTEGER)) AS BIGINT) + 1)"

/* Each closed or void ticket with its line and ticket-discount sums (lined = 0
 * for a ticket without lines, which the channel mix and visits leave out). */
#define TICKET_FIGURES \
	"WITH f AS (SELECT t.merchant_id, t.outlet_id, t.business_day AS day, t.channel," \
	" t.status, t.customer_id, COALESCE(l.gross, 0) AS gross, COALESCE(l.ld, 0) AS ld," \
	" COALESCE(d.td, 0) AS td, CASE WHEN l.ticket_id IS NULL THEN 0 ELSE 1 END AS lined" \
	" FROM tickets t LEFT JOIN (SELECT ticket_id," \
	"  SUM(qty * (unit_price + modifiers_total)) AS gross, SUM(discount) AS ld" \
	"  FROM ticket_lines GROUP BY ticket_id) l ON l.ticket_id = t.id" \
	" LEFT JOIN (SELECT ticket_id, SUM(amount) AS td FROM ticket_discounts" \
	"  GROUP BY ticket_id) d ON d.ticket_id = t.id) "

#define PLATFORMS "('gofood', 'grabfood', 'shopeefood')"

/* The backfill, the same SQL on both backends but for the month expression:
 * day rows from the raw tickets and refunds, month rows from the day rows. */
#define BACKFILL(MONTH) \
	TICKET_FIGURES \
	"INSERT INTO rollup_mix_sales (merchant_id, span, start, outlet_id, gross, discounts," \
	" refunds, tickets, voids, delivery_tickets, customer_tickets)" \
	" SELECT merchant_id, 0, day, outlet_id, SUM(gross), SUM(discounts), SUM(refunds)," \
	"  SUM(tickets), SUM(voids), SUM(delivery), SUM(cust) FROM (" \
	"  SELECT merchant_id, day, outlet_id," \
	"   CASE WHEN status = 'closed' THEN gross ELSE 0 END AS gross," \
	"   CASE WHEN status = 'closed' THEN ld + td ELSE 0 END AS discounts, 0 AS refunds," \
	"   CASE WHEN status = 'closed' THEN 1 ELSE 0 END AS tickets," \
	"   CASE WHEN status = 'closed' THEN 0 ELSE 1 END AS voids," \
	"   CASE WHEN status = 'closed' AND channel IN " PLATFORMS " THEN 1 ELSE 0 END AS delivery," \
	"   CASE WHEN status = 'closed' AND customer_id IS NOT NULL AND customer_id <> ''" \
	"    THEN 1 ELSE 0 END AS cust FROM f" \
	"  UNION ALL SELECT merchant_id, business_day, outlet_id, 0, 0, amount, 0, 0, 0, 0" \
	"  FROM refunds) x GROUP BY 1, 3, 4;" \
	"INSERT INTO rollup_mix_sales (merchant_id, span, start, outlet_id, gross, discounts," \
	" refunds, tickets, voids, delivery_tickets, customer_tickets)" \
	" SELECT merchant_id, 1, " MONTH("start") ", outlet_id, SUM(gross), SUM(discounts)," \
	"  SUM(refunds), SUM(tickets), SUM(voids), SUM(delivery_tickets), SUM(customer_tickets)" \
	" FROM rollup_mix_sales WHERE span = 0 GROUP BY 1, 3, 4;" \
	TICKET_FIGURES \
	"INSERT INTO rollup_mix_channel (merchant_id, span, start, outlet_id, channel, base," \
	" tickets, gross, line_discounts, ticket_discounts)" \
	" SELECT merchant_id, 0, day, outlet_id, channel," \
	"  CASE WHEN channel IN " PLATFORMS " THEN gross - ld - td ELSE 0 END," \
	"  COUNT(*), SUM(gross), SUM(ld), SUM(td)" \
	" FROM f WHERE status = 'closed' AND lined = 1 GROUP BY 1, 3, 4, 5, 6;" \
	"INSERT INTO rollup_mix_channel (merchant_id, span, start, outlet_id, channel, base," \
	" tickets, gross, line_discounts, ticket_discounts)" \
	" SELECT merchant_id, 1, " MONTH("start") ", outlet_id, channel, base, SUM(tickets)," \
	"  SUM(gross), SUM(line_discounts), SUM(ticket_discounts)" \
	" FROM rollup_mix_channel WHERE span = 0 GROUP BY 1, 3, 4, 5, 6;" \
	"INSERT INTO rollup_mix_item (merchant_id, span, start, outlet_id, channel, item_id, qty," \
	" gross)" \
	" SELECT t.merchant_id, 0, t.business_day, t.outlet_id, t.channel, l.item_id, SUM(l.qty)," \
	"  SUM(l.qty * (l.unit_price + l.modifiers_total))" \
	" FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id WHERE t.status = 'closed'" \
	" GROUP BY 1, 3, 4, 5, 6;" \
	"INSERT INTO rollup_mix_item (merchant_id, span, start, outlet_id, channel, item_id, qty," \
	" gross)" \
	" SELECT merchant_id, 1, " MONTH("start") ", outlet_id, channel, item_id, SUM(qty)," \
	"  SUM(gross) FROM rollup_mix_item WHERE span = 0 GROUP BY 1, 3, 4, 5, 6;" \
	"INSERT INTO rollup_mix_payment (merchant_id, day, outlet_id, method, entries, amount)" \
	" SELECT t.merchant_id, t.business_day, t.outlet_id, p.method, COUNT(*), SUM(p.amount)" \
	" FROM tickets t JOIN payments p ON p.ticket_id = t.id WHERE t.status = 'closed'" \
	" GROUP BY 1, 2, 3, 4;" \
	TICKET_FIGURES \
	"INSERT INTO rollup_mix_customer (merchant_id, customer_id, day, outlet_id, tickets, net)" \
	" SELECT merchant_id, customer_id, day, outlet_id, COUNT(*), SUM(gross - ld - td) FROM f" \
	" WHERE status = 'closed' AND lined = 1 AND customer_id IS NOT NULL AND customer_id <> ''" \
	" GROUP BY 1, 2, 3, 4"

/* span 0 rows are business days (start = the day), span 1 rows calendar months
 * (start = the month's first day): a period reads its whole months from the
 * month rows and its partial edges from the day rows. The channel rows keep
 * each distinct order base of the delivery platforms (commission is charged per
 * order) and base 0 for the other channels; item rows give the cost at the
 * catalogue's current unit cost when read. On PostgreSQL the keys INCLUDE the
 * measures so the reads are index-only scans in key order (no heap visits over
 * rows scattered by updates, no sort of the customer rows). */
const struct store_migration store__rollups_mix_schema[] = {
	{252, "mix rollups: sales, channel bases, channel items, payments, customer days",
	 "CREATE TABLE rollup_mix_sales (merchant_id INTEGER NOT NULL, span INTEGER NOT "
	 "NULL, start INTEGER NOT NULL, outlet_id INTEGER NOT NULL, gross INTEGER NOT NULL "
	 "DEFAULT 0, discounts INTEGER NOT NULL DEFAULT 0, refunds INTEGER NOT NULL "
	 "DEFAULT 0, tickets INTEGER NOT NULL DEFAULT 0, voids INTEGER NOT NULL DEFAULT 0, "
	 "delivery_tickets INTEGER NOT NULL DEFAULT 0, customer_tickets INTEGER NOT NULL "
	 "DEFAULT 0, PRIMARY KEY (merchant_id, span, start, outlet_id)) STRICT, WITHOUT "
	 "ROWID;"
	 "CREATE TABLE rollup_mix_channel (merchant_id INTEGER NOT NULL, span INTEGER NOT "
	 "NULL, start INTEGER NOT NULL, outlet_id INTEGER NOT NULL, channel TEXT NOT NULL, "
	 "base INTEGER NOT NULL, tickets INTEGER NOT NULL DEFAULT 0, gross INTEGER NOT "
	 "NULL DEFAULT 0, line_discounts INTEGER NOT NULL DEFAULT 0, ticket_discounts "
	 "INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (merchant_id, span, start, outlet_id, "
	 "channel, base)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_mix_item (merchant_id INTEGER NOT NULL, span INTEGER NOT "
	 "NULL, start INTEGER NOT NULL, outlet_id INTEGER NOT NULL, channel TEXT NOT NULL, "
	 "item_id INTEGER NOT NULL, qty INTEGER NOT NULL DEFAULT 0, gross INTEGER NOT NULL "
	 "DEFAULT 0, PRIMARY KEY (merchant_id, span, start, outlet_id, channel, item_id)) "
	 "STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_mix_payment (merchant_id INTEGER NOT NULL, day INTEGER NOT "
	 "NULL, outlet_id INTEGER NOT NULL, method TEXT NOT NULL, entries INTEGER NOT NULL "
	 "DEFAULT 0, amount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (merchant_id, day, "
	 "method, outlet_id)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_mix_customer (merchant_id INTEGER NOT NULL, customer_id TEXT "
	 "NOT NULL, day INTEGER NOT NULL, outlet_id INTEGER NOT NULL, tickets INTEGER NOT "
	 "NULL DEFAULT 0, net INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (merchant_id, "
	 "customer_id, day, outlet_id)) STRICT, WITHOUT ROWID;"
	 BACKFILL(LITE_MONTH),
	 "CREATE TABLE rollup_mix_sales (merchant_id BIGINT NOT NULL, span BIGINT NOT "
	 "NULL, start BIGINT NOT NULL, outlet_id BIGINT NOT NULL, gross BIGINT NOT NULL "
	 "DEFAULT 0, discounts BIGINT NOT NULL DEFAULT 0, refunds BIGINT NOT NULL DEFAULT "
	 "0, tickets BIGINT NOT NULL DEFAULT 0, voids BIGINT NOT NULL DEFAULT 0, "
	 "delivery_tickets BIGINT NOT NULL DEFAULT 0, customer_tickets BIGINT NOT NULL "
	 "DEFAULT 0, PRIMARY KEY (merchant_id, span, start, outlet_id));"
	 "CREATE TABLE rollup_mix_channel (merchant_id BIGINT NOT NULL, span BIGINT NOT "
	 "NULL, start BIGINT NOT NULL, outlet_id BIGINT NOT NULL, channel TEXT NOT NULL, "
	 "base BIGINT NOT NULL, tickets BIGINT NOT NULL DEFAULT 0, gross BIGINT NOT NULL "
	 "DEFAULT 0, line_discounts BIGINT NOT NULL DEFAULT 0, ticket_discounts BIGINT NOT "
	 "NULL DEFAULT 0, PRIMARY KEY (merchant_id, span, start, outlet_id, channel, "
	 "base) INCLUDE (tickets, gross, line_discounts, ticket_discounts));"
	 "CREATE TABLE rollup_mix_item (merchant_id BIGINT NOT NULL, span BIGINT NOT NULL, "
	 "start BIGINT NOT NULL, outlet_id BIGINT NOT NULL, channel TEXT NOT NULL, item_id "
	 "BIGINT NOT NULL, qty BIGINT NOT NULL DEFAULT 0, gross BIGINT NOT NULL DEFAULT 0, "
	 "PRIMARY KEY (merchant_id, span, start, outlet_id, channel, item_id)"
	 " INCLUDE (qty, gross));"
	 "CREATE TABLE rollup_mix_payment (merchant_id BIGINT NOT NULL, day BIGINT NOT "
	 "NULL, outlet_id BIGINT NOT NULL, method TEXT NOT NULL, entries BIGINT NOT NULL "
	 "DEFAULT 0, amount BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (merchant_id, day, "
	 "method, outlet_id) INCLUDE (entries, amount));"
	 "CREATE TABLE rollup_mix_customer (merchant_id BIGINT NOT NULL, customer_id TEXT "
	 "NOT NULL, day BIGINT NOT NULL, outlet_id BIGINT NOT NULL, tickets BIGINT NOT "
	 "NULL DEFAULT 0, net BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (merchant_id, "
	 "customer_id, day, outlet_id) INCLUDE (tickets, net));"
	 BACKFILL(PG_MONTH)},
};

const size_t store__rollups_mix_schema_n =
	sizeof store__rollups_mix_schema / sizeof store__rollups_mix_schema[0];
