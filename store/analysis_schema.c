/* Analytics schema (versions 200-249): per-merchant daypart bounds, the
 * indexes behind the dashboard cache's watermark, and the rollups that spare
 * the basket and the cashier alerts a read of every ticket (202). */
#include "store/schema.h"

const struct store_migration store__analysis_schema[] = {
	{200, "analytics dayparts",
	 "CREATE TABLE analytics_dayparts ("
	 "  merchant_id INTEGER NOT NULL REFERENCES merchants(id),"
	 "  seq INTEGER NOT NULL,"
	 "  name TEXT NOT NULL,"
	 "  start_hour INTEGER NOT NULL CHECK (start_hour BETWEEN 0 AND 23),"
	 "  end_hour INTEGER NOT NULL CHECK (end_hour BETWEEN 0 AND 23),"
	 "  PRIMARY KEY (merchant_id, seq)) STRICT",
	 "CREATE TABLE analytics_dayparts ("
	 "  merchant_id BIGINT NOT NULL REFERENCES merchants(id),"
	 "  seq BIGINT NOT NULL,"
	 "  name TEXT NOT NULL,"
	 "  start_hour BIGINT NOT NULL CHECK (start_hour BETWEEN 0 AND 23),"
	 "  end_hour BIGINT NOT NULL CHECK (end_hour BETWEEN 0 AND 23),"
	 "  PRIMARY KEY (merchant_id, seq))"},
	/* The dashboard cache's watermark reads the newest write per merchant. */
	{201, "analytics watermark indexes",
	 "CREATE INDEX tickets_merchant_updated ON tickets(merchant_id, updated_at);"
	 "CREATE INDEX refunds_merchant_created ON refunds(merchant_id, created_at)",
	 "CREATE INDEX tickets_merchant_updated ON tickets(merchant_id, updated_at);"
	 "CREATE INDEX refunds_merchant_created ON refunds(merchant_id, created_at)"},
	/* Item pairs per ticket (a < b; a = b is the item's own ticket count; 0, 0
	 * counts the tickets with lines) per outlet and business day, and again
	 * per month (month = the day_t of its first day) so a year is ~12 × the
	 * pairs instead of ~365 ×. Cashier counts per outlet and day. Ingest keeps
	 * them (ingest/contrib.c); the backfill below fills them for the tickets
	 * already stored, the same way a rebuild would. */
	{202, "analytics pair and cashier rollups",
	 "CREATE TABLE rollup_pair_day ("
	 "  merchant_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, day INTEGER NOT NULL,"
	 "  item_a INTEGER NOT NULL, item_b INTEGER NOT NULL, tickets INTEGER NOT NULL,"
	 "  PRIMARY KEY (merchant_id, day, outlet_id, item_a, item_b)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_pair_month ("
	 "  merchant_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, month INTEGER NOT NULL,"
	 "  item_a INTEGER NOT NULL, item_b INTEGER NOT NULL, tickets INTEGER NOT NULL,"
	 "  PRIMARY KEY (merchant_id, month, outlet_id, item_a, item_b)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_cashier_day ("
	 "  merchant_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, cashier_id TEXT NOT NULL,"
	 "  day INTEGER NOT NULL, closed INTEGER NOT NULL, voids INTEGER NOT NULL,"
	 "  discounted INTEGER NOT NULL, refunds INTEGER NOT NULL,"
	 "  PRIMARY KEY (merchant_id, day, outlet_id, cashier_id)) STRICT, WITHOUT ROWID;"
	 "WITH l AS (SELECT DISTINCT t.id AS tid, t.merchant_id AS m, t.outlet_id AS o,"
	 "  t.business_day AS d, l.item_id AS i FROM tickets t JOIN ticket_lines l"
	 "  ON l.ticket_id = t.id WHERE t.status = 'closed')"
	 " INSERT INTO rollup_pair_day(merchant_id, outlet_id, day, item_a, item_b, tickets)"
	 " SELECT a.m, a.o, a.d, a.i, b.i, count(*) FROM l a JOIN l b ON b.tid = a.tid AND b.i >= a.i"
	 " GROUP BY a.m, a.o, a.d, a.i, b.i"
	 " UNION ALL SELECT m, o, d, 0, 0, count(DISTINCT tid) FROM l GROUP BY m, o, d;"
	 "INSERT INTO rollup_pair_month(merchant_id, outlet_id, month, item_a, item_b, tickets)"
	 " SELECT merchant_id, outlet_id, CAST(julianday(date(day * 86400, 'unixepoch',"
	 " 'start of month')) - 2440587.5 AS INTEGER), item_a, item_b, sum(tickets)"
	 " FROM rollup_pair_day GROUP BY 1, 2, 3, 4, 5;"
	 "INSERT INTO rollup_cashier_day(merchant_id, outlet_id, cashier_id, day, closed, voids,"
	 " discounted, refunds)"
	 " SELECT m, o, c, d, sum(closed), sum(voids), sum(discounted), sum(refunds) FROM ("
	 "  SELECT t.merchant_id AS m, t.outlet_id AS o, t.cashier_id AS c, t.business_day AS d,"
	 "   CASE WHEN t.status = 'closed' THEN 1 ELSE 0 END AS closed,"
	 "   CASE WHEN t.status = 'void' THEN 1 ELSE 0 END AS voids,"
	 "   CASE WHEN t.status = 'closed' AND (EXISTS (SELECT 1 FROM ticket_lines l"
	 "     WHERE l.ticket_id = t.id AND l.discount <> 0) OR EXISTS (SELECT 1 FROM"
	 "     ticket_discounts x WHERE x.ticket_id = t.id AND x.amount <> 0))"
	 "    THEN 1 ELSE 0 END AS discounted, 0 AS refunds"
	 "  FROM tickets t WHERE t.cashier_id IS NOT NULL"
	 "  UNION ALL"
	 "  SELECT r.merchant_id, r.outlet_id, t.cashier_id, r.business_day, 0, 0, 0, 1"
	 "  FROM refunds r JOIN tickets t ON t.id = r.ticket_id WHERE t.cashier_id IS NOT NULL"
	 " ) x GROUP BY m, o, c, d",
	 "CREATE TABLE rollup_pair_day ("
	 "  merchant_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL, day BIGINT NOT NULL,"
	 "  item_a BIGINT NOT NULL, item_b BIGINT NOT NULL, tickets BIGINT NOT NULL,"
	 "  PRIMARY KEY (merchant_id, day, outlet_id, item_a, item_b));"
	 "CREATE TABLE rollup_pair_month ("
	 "  merchant_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL, month BIGINT NOT NULL,"
	 "  item_a BIGINT NOT NULL, item_b BIGINT NOT NULL, tickets BIGINT NOT NULL,"
	 "  PRIMARY KEY (merchant_id, month, outlet_id, item_a, item_b));"
	 "CREATE TABLE rollup_cashier_day ("
	 "  merchant_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL, cashier_id TEXT NOT NULL,"
	 "  day BIGINT NOT NULL, closed BIGINT NOT NULL, voids BIGINT NOT NULL,"
	 "  discounted BIGINT NOT NULL, refunds BIGINT NOT NULL,"
	 "  PRIMARY KEY (merchant_id, day, outlet_id, cashier_id));"
	 "WITH l AS (SELECT DISTINCT t.id AS tid, t.merchant_id AS m, t.outlet_id AS o,"
	 "  t.business_day AS d, l.item_id AS i FROM tickets t JOIN ticket_lines l"
	 "  ON l.ticket_id = t.id WHERE t.status = 'closed')"
	 " INSERT INTO rollup_pair_day(merchant_id, outlet_id, day, item_a, item_b, tickets)"
	 " SELECT a.m, a.o, a.d, a.i, b.i, count(*) FROM l a JOIN l b ON b.tid = a.tid AND b.i >= a.i"
	 " GROUP BY a.m, a.o, a.d, a.i, b.i"
	 " UNION ALL SELECT m, o, d, 0, 0, count(DISTINCT tid) FROM l GROUP BY m, o, d;"
	 "INSERT INTO rollup_pair_month(merchant_id, outlet_id, month, item_a, item_b, tickets)"
	 " SELECT merchant_id, outlet_id, date_trunc('month', DATE '1970-01-01' + CAST(day AS INTEGER))::date"
	 " - DATE '1970-01-01', item_a, item_b, sum(tickets)"
	 " FROM rollup_pair_day GROUP BY 1, 2, 3, 4, 5;"
	 "INSERT INTO rollup_cashier_day(merchant_id, outlet_id, cashier_id, day, closed, voids,"
	 " discounted, refunds)"
	 " SELECT m, o, c, d, sum(closed), sum(voids), sum(discounted), sum(refunds) FROM ("
	 "  SELECT t.merchant_id AS m, t.outlet_id AS o, t.cashier_id AS c, t.business_day AS d,"
	 "   CASE WHEN t.status = 'closed' THEN 1 ELSE 0 END AS closed,"
	 "   CASE WHEN t.status = 'void' THEN 1 ELSE 0 END AS voids,"
	 "   CASE WHEN t.status = 'closed' AND (EXISTS (SELECT 1 FROM ticket_lines l"
	 "     WHERE l.ticket_id = t.id AND l.discount <> 0) OR EXISTS (SELECT 1 FROM"
	 "     ticket_discounts x WHERE x.ticket_id = t.id AND x.amount <> 0))"
	 "    THEN 1 ELSE 0 END AS discounted, 0 AS refunds"
	 "  FROM tickets t WHERE t.cashier_id IS NOT NULL"
	 "  UNION ALL"
	 "  SELECT r.merchant_id, r.outlet_id, t.cashier_id, r.business_day, 0, 0, 0, 1"
	 "  FROM refunds r JOIN tickets t ON t.id = r.ticket_id WHERE t.cashier_id IS NOT NULL"
	 " ) x GROUP BY m, o, c, d"},
	/* The hour rollup per day and the item rollup per month: the summary,
	 * forecast and alerts read a year as ~365 rows per outlet instead of
	 * ~365 × 15, items and menu a year as 12 months plus the edge days. The
	 * store adds to them with every hour or item delta (store/store.c). */
	{203, "analytics day and month rollups",
	 "CREATE TABLE rollup_outlet_day (merchant_id INTEGER NOT NULL, outlet_id INTEGER NOT"
	 " NULL, day INTEGER NOT NULL, gross INTEGER NOT NULL, line_discounts INTEGER NOT NULL,"
	 " ticket_discounts INTEGER NOT NULL, refunds INTEGER NOT NULL, tax INTEGER NOT NULL,"
	 " service_charge INTEGER NOT NULL, rounding INTEGER NOT NULL, tickets INTEGER NOT"
	 " NULL, covers INTEGER NOT NULL, discounted_tickets INTEGER NOT NULL, voids INTEGER"
	 " NOT NULL, void_gross INTEGER NOT NULL, refund_count INTEGER NOT NULL, PRIMARY KEY"
	 " (merchant_id, day, outlet_id)) STRICT, WITHOUT ROWID;CREATE TABLE rollup_item_month"
	 " (merchant_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, month INTEGER NOT NULL,"
	 " item_id INTEGER NOT NULL, qty INTEGER NOT NULL, gross INTEGER NOT NULL, discounts"
	 " INTEGER NOT NULL, tickets INTEGER NOT NULL, refund_qty INTEGER NOT NULL, refunds"
	 " INTEGER NOT NULL, PRIMARY KEY (merchant_id, month, outlet_id, item_id)) STRICT,"
	 " WITHOUT ROWID;INSERT INTO rollup_outlet_day(merchant_id, outlet_id, day, gross,"
	 " line_discounts, ticket_discounts, refunds, tax, service_charge, rounding, tickets,"
	 " covers, discounted_tickets, voids, void_gross, refund_count) SELECT merchant_id,"
	 " outlet_id, day, sum(gross), sum(line_discounts), sum(ticket_discounts),"
	 " sum(refunds), sum(tax), sum(service_charge), sum(rounding), sum(tickets),"
	 " sum(covers), sum(discounted_tickets), sum(voids), sum(void_gross), sum(refund_count)"
	 " FROM rollup_outlet_hour GROUP BY merchant_id, outlet_id, day;INSERT INTO"
	 " rollup_item_month(merchant_id, outlet_id, month, item_id, qty, gross, discounts,"
	 " tickets, refund_qty, refunds) SELECT merchant_id, outlet_id, CAST(julianday(date(day"
	 " * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), item_id, sum(qty),"
	 " sum(gross), sum(discounts), sum(tickets), sum(refund_qty), sum(refunds) FROM"
	 " rollup_item_day GROUP BY 1, 2, 3, 4",
	 "CREATE TABLE rollup_outlet_day (merchant_id BIGINT NOT NULL, outlet_id BIGINT NOT"
	 " NULL, day BIGINT NOT NULL, gross BIGINT NOT NULL, line_discounts BIGINT NOT NULL,"
	 " ticket_discounts BIGINT NOT NULL, refunds BIGINT NOT NULL, tax BIGINT NOT NULL,"
	 " service_charge BIGINT NOT NULL, rounding BIGINT NOT NULL, tickets BIGINT NOT NULL,"
	 " covers BIGINT NOT NULL, discounted_tickets BIGINT NOT NULL, voids BIGINT NOT NULL,"
	 " void_gross BIGINT NOT NULL, refund_count BIGINT NOT NULL, PRIMARY KEY (merchant_id,"
	 " day, outlet_id));CREATE TABLE rollup_item_month (merchant_id BIGINT NOT NULL,"
	 " outlet_id BIGINT NOT NULL, month BIGINT NOT NULL, item_id BIGINT NOT NULL, qty"
	 " BIGINT NOT NULL, gross BIGINT NOT NULL, discounts BIGINT NOT NULL, tickets BIGINT"
	 " NOT NULL, refund_qty BIGINT NOT NULL, refunds BIGINT NOT NULL, PRIMARY KEY"
	 " (merchant_id, month, outlet_id, item_id));INSERT INTO rollup_outlet_day(merchant_id,"
	 " outlet_id, day, gross, line_discounts, ticket_discounts, refunds, tax,"
	 " service_charge, rounding, tickets, covers, discounted_tickets, voids, void_gross,"
	 " refund_count) SELECT merchant_id, outlet_id, day, sum(gross), sum(line_discounts),"
	 " sum(ticket_discounts), sum(refunds), sum(tax), sum(service_charge), sum(rounding),"
	 " sum(tickets), sum(covers), sum(discounted_tickets), sum(voids), sum(void_gross),"
	 " sum(refund_count) FROM rollup_outlet_hour GROUP BY merchant_id, outlet_id,"
	 " day;INSERT INTO rollup_item_month(merchant_id, outlet_id, month, item_id, qty,"
	 " gross, discounts, tickets, refund_qty, refunds) SELECT merchant_id, outlet_id,"
	 " date_trunc('month', DATE '1970-01-01' + CAST(day AS INTEGER))::date - DATE"
	 " '1970-01-01', item_id, sum(qty), sum(gross), sum(discounts), sum(tickets),"
	 " sum(refund_qty), sum(refunds) FROM rollup_item_day GROUP BY 1, 2, 3, 4"},
	/* Net sales and tickets per outlet, month, weekday (0 = Monday) and
	 * clock hour: the heatmap of a year in ~7 × 24 rows per outlet month
	 * instead of one per open hour of every day. */
	{204, "analytics weekday-hour rollup",
	 "CREATE TABLE rollup_weekhour_month (merchant_id INTEGER NOT NULL,"
	 " outlet_id INTEGER NOT NULL, month INTEGER NOT NULL, weekday INTEGER NOT NULL,"
	 " hour INTEGER NOT NULL, net_sales INTEGER NOT NULL, tickets INTEGER NOT NULL,"
	 " PRIMARY KEY (merchant_id, month, outlet_id, weekday, hour)) STRICT, WITHOUT ROWID;"
	 "INSERT INTO rollup_weekhour_month(merchant_id, outlet_id, month, weekday, hour,"
	 " net_sales, tickets) SELECT merchant_id, outlet_id, CAST(julianday(date(day * 86400,"
	 " 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), (day + 3) % 7, hour,"
	 " sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets)"
	 " FROM rollup_outlet_hour GROUP BY 1, 2, 3, 4, 5",
	 "CREATE TABLE rollup_weekhour_month (merchant_id BIGINT NOT NULL,"
	 " outlet_id BIGINT NOT NULL, month BIGINT NOT NULL, weekday BIGINT NOT NULL,"
	 " hour BIGINT NOT NULL, net_sales BIGINT NOT NULL, tickets BIGINT NOT NULL,"
	 " PRIMARY KEY (merchant_id, month, outlet_id, weekday, hour));"
	 "INSERT INTO rollup_weekhour_month(merchant_id, outlet_id, month, weekday, hour,"
	 " net_sales, tickets) SELECT merchant_id, outlet_id, date_trunc('month', DATE"
	 " '1970-01-01' + CAST(day AS INTEGER))::date - DATE '1970-01-01', (day + 3) % 7, hour,"
	 " sum(gross - line_discounts - ticket_discounts - refunds), sum(tickets)"
	 " FROM rollup_outlet_hour GROUP BY 1, 2, 3, 4, 5"},
};
const size_t store__analysis_schema_n = sizeof store__analysis_schema /
					sizeof store__analysis_schema[0];
