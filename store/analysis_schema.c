/* Analytics schema (versions 200-249): per-merchant daypart bounds, and the
 * indexes behind the dashboard cache's watermark. */
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
};
const size_t store__analysis_schema_n = sizeof store__analysis_schema /
					sizeof store__analysis_schema[0];
