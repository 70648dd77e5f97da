/* SQLite schema, as numbered migrations applied in order inside one write
 * transaction each; schema_migrations records what ran. Never edit a shipped
 * migration: add the next number. */
#include <stdio.h>
#include <time.h>

#include "store/sqlite/internal.h"
#include "store/sql.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

static const struct migration migrations[] = {
	{1, "sales core",
	 "CREATE TABLE partners ("
	 "  id INTEGER PRIMARY KEY,"
	 "  code TEXT NOT NULL UNIQUE,"
	 "  name TEXT NOT NULL,"
	 "  kind TEXT NOT NULL CHECK (kind IN ('pos','accounting','channel')),"
	 "  created_at INTEGER NOT NULL) STRICT;"
	 "CREATE TABLE merchants ("
	 "  id INTEGER PRIMARY KEY,"
	 "  partner_id INTEGER REFERENCES partners(id),"
	 "  name TEXT NOT NULL,"
	 "  kind TEXT NOT NULL,"
	 "  created_at INTEGER NOT NULL) STRICT;"
	 "CREATE INDEX merchants_partner ON merchants(partner_id);"
	 "CREATE TABLE outlets ("
	 "  id INTEGER PRIMARY KEY,"
	 "  merchant_id INTEGER NOT NULL REFERENCES merchants(id),"
	 "  source TEXT NOT NULL,"
	 "  external_id TEXT NOT NULL,"
	 "  name TEXT NOT NULL,"
	 "  tz TEXT NOT NULL,"
	 "  cutoff INTEGER NOT NULL CHECK (cutoff >= 0 AND cutoff < 86400),"
	 "  created_at INTEGER NOT NULL,"
	 "  UNIQUE (source, external_id)) STRICT;"
	 "CREATE INDEX outlets_merchant ON outlets(merchant_id);"
	 "CREATE TABLE items ("
	 "  id INTEGER PRIMARY KEY,"
	 "  merchant_id INTEGER NOT NULL REFERENCES merchants(id),"
	 "  external_id TEXT NOT NULL,"
	 "  name TEXT NOT NULL,"
	 "  category TEXT,"
	 "  price INTEGER NOT NULL,"
	 "  unit_cost INTEGER,"
	 "  UNIQUE (merchant_id, external_id)) STRICT;"
	 "CREATE TABLE tickets ("
	 "  id INTEGER PRIMARY KEY,"
	 "  merchant_id INTEGER NOT NULL REFERENCES merchants(id),"
	 "  outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
	 "  source TEXT NOT NULL,"
	 "  external_id TEXT NOT NULL,"
	 "  revision INTEGER NOT NULL,"
	 "  status TEXT NOT NULL CHECK (status IN ('closed','void')),"
	 "  opened_at INTEGER,"
	 "  closed_at INTEGER NOT NULL,"
	 "  channel TEXT NOT NULL,"
	 "  covers INTEGER NOT NULL,"
	 "  customer_id TEXT,"
	 "  cashier_id TEXT,"
	 "  service_charge INTEGER NOT NULL,"
	 "  tax INTEGER NOT NULL,"
	 "  rounding INTEGER NOT NULL,"
	 "  business_day INTEGER NOT NULL,"
	 "  hour INTEGER NOT NULL,"
	 "  digest BLOB NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  updated_at INTEGER NOT NULL,"
	 "  UNIQUE (outlet_id, external_id)) STRICT;"
	 "CREATE INDEX tickets_merchant_day ON tickets(merchant_id, business_day);"
	 "CREATE TABLE ticket_lines ("
	 "  id INTEGER PRIMARY KEY,"
	 "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	 "  line_no INTEGER NOT NULL,"
	 "  item_id INTEGER NOT NULL REFERENCES items(id),"
	 "  item_external_id TEXT NOT NULL,"
	 "  name TEXT NOT NULL,"
	 "  category TEXT,"
	 "  qty INTEGER NOT NULL,"
	 "  unit_price INTEGER NOT NULL,"
	 "  modifiers_total INTEGER NOT NULL,"
	 "  modifiers_json TEXT,"
	 "  discount INTEGER NOT NULL) STRICT;"
	 "CREATE INDEX ticket_lines_ticket ON ticket_lines(ticket_id);"
	 "CREATE TABLE ticket_discounts ("
	 "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	 "  seq INTEGER NOT NULL,"
	 "  name TEXT,"
	 "  amount INTEGER NOT NULL,"
	 "  PRIMARY KEY (ticket_id, seq)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE payments ("
	 "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
	 "  seq INTEGER NOT NULL,"
	 "  method TEXT NOT NULL,"
	 "  amount INTEGER NOT NULL,"
	 "  reference TEXT,"
	 "  PRIMARY KEY (ticket_id, seq)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE refunds ("
	 "  id INTEGER PRIMARY KEY,"
	 "  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
	 "  merchant_id INTEGER NOT NULL REFERENCES merchants(id),"
	 "  outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
	 "  external_id TEXT NOT NULL,"
	 "  at INTEGER NOT NULL,"
	 "  amount INTEGER NOT NULL,"
	 "  reason TEXT,"
	 "  business_day INTEGER NOT NULL,"
	 "  hour INTEGER NOT NULL,"
	 "  created_at INTEGER NOT NULL,"
	 "  UNIQUE (ticket_id, external_id)) STRICT;"
	 "CREATE INDEX refunds_merchant_day ON refunds(merchant_id, business_day);"
	 "CREATE TABLE refund_lines ("
	 "  refund_id INTEGER NOT NULL REFERENCES refunds(id),"
	 "  item_id INTEGER NOT NULL REFERENCES items(id),"
	 "  qty INTEGER NOT NULL,"
	 "  amount INTEGER NOT NULL) STRICT;"
	 "CREATE INDEX refund_lines_refund ON refund_lines(refund_id);"
	 "CREATE TABLE rollup_outlet_hour ("
	 "  merchant_id INTEGER NOT NULL,"
	 "  outlet_id INTEGER NOT NULL,"
	 "  day INTEGER NOT NULL,"
	 "  hour INTEGER NOT NULL,"
	 "  gross INTEGER NOT NULL DEFAULT 0,"
	 "  line_discounts INTEGER NOT NULL DEFAULT 0,"
	 "  ticket_discounts INTEGER NOT NULL DEFAULT 0,"
	 "  refunds INTEGER NOT NULL DEFAULT 0,"
	 "  tax INTEGER NOT NULL DEFAULT 0,"
	 "  service_charge INTEGER NOT NULL DEFAULT 0,"
	 "  rounding INTEGER NOT NULL DEFAULT 0,"
	 "  tickets INTEGER NOT NULL DEFAULT 0,"
	 "  covers INTEGER NOT NULL DEFAULT 0,"
	 "  discounted_tickets INTEGER NOT NULL DEFAULT 0,"
	 "  voids INTEGER NOT NULL DEFAULT 0,"
	 "  void_gross INTEGER NOT NULL DEFAULT 0,"
	 "  refund_count INTEGER NOT NULL DEFAULT 0,"
	 "  PRIMARY KEY (merchant_id, day, hour, outlet_id)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE rollup_item_day ("
	 "  merchant_id INTEGER NOT NULL,"
	 "  outlet_id INTEGER NOT NULL,"
	 "  item_id INTEGER NOT NULL,"
	 "  day INTEGER NOT NULL,"
	 "  qty INTEGER NOT NULL DEFAULT 0,"
	 "  gross INTEGER NOT NULL DEFAULT 0,"
	 "  discounts INTEGER NOT NULL DEFAULT 0,"
	 "  tickets INTEGER NOT NULL DEFAULT 0,"
	 "  refund_qty INTEGER NOT NULL DEFAULT 0,"
	 "  refunds INTEGER NOT NULL DEFAULT 0,"
	 "  PRIMARY KEY (merchant_id, day, outlet_id, item_id)) STRICT, WITHOUT ROWID;"
	 "CREATE TABLE api_keys ("
	 "  key_id TEXT PRIMARY KEY,"
	 "  hash BLOB NOT NULL,"
	 "  kind TEXT NOT NULL CHECK (kind IN ('admin','partner','merchant')),"
	 "  partner_id INTEGER REFERENCES partners(id),"
	 "  merchant_id INTEGER REFERENCES merchants(id),"
	 "  label TEXT,"
	 "  created_at INTEGER NOT NULL,"
	 "  revoked_at INTEGER) STRICT;"
	 "CREATE TABLE dead_letters ("
	 "  id INTEGER PRIMARY KEY,"
	 "  received_at INTEGER NOT NULL,"
	 "  source TEXT,"
	 "  principal TEXT,"
	 "  reason TEXT NOT NULL,"
	 "  raw BLOB) STRICT;"},
};

#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])

static bool is_applied(struct store *s, int version)
{
	sqlite3_stmt *st = NULL;
	bool yes = false;
	if (sqlite3_prepare_v2(L(s)->db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1,
			       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int(st, 1, version);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/* Applies one migration unless it already ran; *ran says whether it did. */
static enum clario_status apply(struct store *s, int version, const char *name, const char *sql,
				bool *ran, struct clario_err *err)
{
	*ran = false;
	/* Re-checked under the write lock: two processes may start at once. */
	int rc = sqlite3_exec(L(s)->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return lite__fail(s, rc, "starting a migration", err);
	if (is_applied(s, version)) {
		sqlite3_exec(L(s)->db, "ROLLBACK", NULL, NULL, NULL);
		return CLARIO_OK;
	}
	rc = sqlite3_exec(L(s)->db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_stmt *ins = NULL;
		rc = sqlite3_prepare_v2(L(s)->db, "INSERT INTO schema_migrations VALUES (?1, ?2, ?3)",
					-1, &ins, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int(ins, 1, version);
			sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 3, lite__now());
			rc = sqlite3_step(ins);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
		sqlite3_finalize(ins);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(L(s)->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum clario_status st = lite__fail(s, rc, "applying a migration", err);
		clario_err_prefix(err, "migration %d (%s): ", version, name);
		sqlite3_exec(L(s)->db, "ROLLBACK", NULL, NULL, NULL);
		return st;
	}
	*ran = true;
	return CLARIO_OK;
}

enum clario_status lite__migrate(struct store *s, int *applied, struct clario_err *err)
{
	enum clario_status st;
	int rc = sqlite3_exec(L(s)->db,
			      "CREATE TABLE IF NOT EXISTS schema_migrations ("
			      " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			      " applied_at INTEGER NOT NULL) STRICT",
			      NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return lite__fail(s, rc, "creating schema_migrations", err);
	int count = 0;
	bool ran;
	/* The sales core first (versions below 100), then the domains' in order. */
	for (size_t i = 0; i < N_MIGRATIONS; i++) {
		const struct migration *m = &migrations[i];
		if ((st = apply(s, m->version, m->name, m->sql, &ran, err)))
			return st;
		count += ran;
	}
	size_t n_dom;
	const struct store_migration *dom = store__domain_migrations(&n_dom);
	for (size_t i = 0; i < n_dom; i++) {
		if ((st = apply(s, dom[i].version, dom[i].name, dom[i].sqlite, &ran, err)))
			return st;
		count += ran;
	}
	if (applied)
		*applied = count;
	return CLARIO_OK;
}
