/* The partner programme's tables (migrations 300-399): partner profiles and
 * contacts, versioned contracts, subscriptions, invoices and statements, the
 * referral and commission ledger, payouts and the append-only audit log. */
#include "store/schema.h"

/* One DDL text for both backends: I is the integer type, PK the id column. */
#define BILLING_DDL(I, PK, X)                                                                       \
	"ALTER TABLE partners ADD COLUMN tier TEXT NOT NULL DEFAULT 'tactical';"                    \
	"ALTER TABLE partners ADD COLUMN status TEXT NOT NULL DEFAULT 'active';"                    \
	"CREATE TABLE partner_contacts (id " PK ", partner_id " I " NOT NULL REFERENCES partners(id)," \
	"  name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL, role TEXT NOT NULL,"        \
	"  created_at " I " NOT NULL)" X ";"                                                          \
	"CREATE TABLE billing_settings (key TEXT PRIMARY KEY, value " I " NOT NULL)" X ";"           \
	"CREATE TABLE contracts (id " PK ", partner_id " I " NOT NULL REFERENCES partners(id),"      \
	"  model TEXT NOT NULL CHECK (model IN ('reseller','cosell','whitelabel','channel')),"       \
	"  version " I " NOT NULL, effective_from " I " NOT NULL, start_day " I " NOT NULL,"         \
	"  end_day " I ", auto_renew " I " NOT NULL, addon_price " I " NOT NULL,"                    \
	"  partner_bps " I " NOT NULL, support_by TEXT NOT NULL, sla_first_response_h " I " NOT NULL," \
	"  sla_resolution_h " I " NOT NULL, exclusive " I " NOT NULL,"                                 \
	"  marketing_commitment " I " NOT NULL, oem_fee " I " NOT NULL, oem_fee_due " I ","          \
	"  hosting_mode TEXT NOT NULL, hosting_fee " I " NOT NULL, hosting_minimum " I " NOT NULL,"  \
	"  powered_by " I " NOT NULL, brand_name TEXT NOT NULL, commission_bps " I " NOT NULL,"      \
	"  commission_months " I " NOT NULL, clawback_days " I " NOT NULL,"                          \
	"  created_at " I " NOT NULL, created_by TEXT NOT NULL,"                                     \
	"  UNIQUE (partner_id, version), UNIQUE (partner_id, effective_from))" X ";"                 \
	"CREATE TABLE subscriptions (id " PK ", merchant_id " I " NOT NULL REFERENCES merchants(id)," \
	"  plan TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('partner','direct','referral')),"\
	"  partner_id " I " REFERENCES partners(id), price " I " NOT NULL,"                         \
	"  start_day " I " NOT NULL, end_day " I ", created_at " I " NOT NULL)" X ";"               \
	"CREATE INDEX subscriptions_merchant ON subscriptions(merchant_id);"                         \
	"CREATE TABLE subscription_pauses (id " PK ","                                               \
	"  subscription_id " I " NOT NULL REFERENCES subscriptions(id),"                             \
	"  from_day " I " NOT NULL, to_day " I " NOT NULL)" X ";"                                   \
	"CREATE TABLE billing_closes (month TEXT PRIMARY KEY, closed_at " I " NOT NULL,"            \
	"  closed_by TEXT NOT NULL, invoices " I " NOT NULL, statements " I " NOT NULL)" X ";"       \
	"CREATE TABLE number_sequences (series TEXT NOT NULL, year " I " NOT NULL,"                 \
	"  last " I " NOT NULL, PRIMARY KEY (series, year))" X ";"                                   \
	"CREATE TABLE invoices (id " PK ", number TEXT NOT NULL UNIQUE, series TEXT NOT NULL,"       \
	"  year " I " NOT NULL, seq " I " NOT NULL,"                                                 \
	"  kind TEXT NOT NULL CHECK (kind IN ('direct','hosting','oem_fee','credit_note')),"         \
	"  partner_id " I " REFERENCES partners(id), merchant_id " I " REFERENCES merchants(id),"    \
	"  month TEXT NOT NULL, subtotal " I " NOT NULL, ppn_bps " I " NOT NULL, ppn " I " NOT NULL," \
	"  total " I " NOT NULL, corrects_id " I " REFERENCES invoices(id), note TEXT NOT NULL,"     \
	"  issued_at " I " NOT NULL, UNIQUE (series, year, seq))" X ";"                              \
	"CREATE INDEX invoices_month ON invoices(month);"                                            \
	"CREATE TABLE invoice_lines (invoice_id " I " NOT NULL REFERENCES invoices(id),"            \
	"  n " I " NOT NULL, description TEXT NOT NULL, qty " I " NOT NULL,"                         \
	"  unit_price " I " NOT NULL, amount " I " NOT NULL, PRIMARY KEY (invoice_id, n))" X ";"     \
	"CREATE TABLE statements (id " PK ", kind TEXT NOT NULL CHECK (kind IN ('revshare','commission')),"\
	"  partner_id " I " NOT NULL REFERENCES partners(id), contract_id " I " REFERENCES contracts(id),"\
	"  month TEXT NOT NULL, partner_bps " I " NOT NULL, gross " I " NOT NULL,"                   \
	"  partner_share " I " NOT NULL, clario_share " I " NOT NULL, created_at " I " NOT NULL,"   \
	"  UNIQUE (kind, partner_id, month))" X ";"                                                  \
	"CREATE TABLE statement_lines (statement_id " I " NOT NULL REFERENCES statements(id),"      \
	"  n " I " NOT NULL, merchant_id " I " NOT NULL REFERENCES merchants(id),"                   \
	"  days_active " I " NOT NULL, days_in_month " I " NOT NULL, gross " I " NOT NULL,"          \
	"  partner_share " I " NOT NULL, clario_share " I " NOT NULL, note TEXT NOT NULL,"           \
	"  PRIMARY KEY (statement_id, n))" X ";"                                                     \
	"CREATE TABLE referral_codes (id " PK ", partner_id " I " NOT NULL REFERENCES partners(id),"\
	"  code TEXT NOT NULL UNIQUE, created_at " I " NOT NULL)" X ";"                              \
	"CREATE TABLE referral_touches (id " PK ", code_id " I " NOT NULL REFERENCES referral_codes(id),"\
	"  visitor TEXT NOT NULL, via TEXT NOT NULL CHECK (via IN ('code','link','api')),"           \
	"  at " I " NOT NULL)" X ";"                                                                  \
	"CREATE INDEX referral_touches_visitor ON referral_touches(visitor, at);"                    \
	"CREATE TABLE referral_attributions (merchant_id " I " PRIMARY KEY REFERENCES merchants(id)," \
	"  partner_id " I " NOT NULL REFERENCES partners(id),"                                       \
	"  touch_id " I " REFERENCES referral_touches(id), via TEXT NOT NULL,"                       \
	"  attributed_at " I " NOT NULL, conversion_month TEXT)" X ";"                               \
	"CREATE TABLE commission_entries (id " PK ", partner_id " I " NOT NULL REFERENCES partners(id),"\
	"  merchant_id " I " NOT NULL REFERENCES merchants(id), month TEXT NOT NULL,"                \
	"  kind TEXT NOT NULL CHECK (kind IN ('accrual','clawback')), amount " I " NOT NULL,"        \
	"  invoice_id " I " REFERENCES invoices(id), reason TEXT NOT NULL, created_at " I " NOT NULL,"\
	"  UNIQUE (kind, partner_id, merchant_id, month))" X ";"                                     \
	"CREATE TABLE payouts (id " PK ", partner_id " I " NOT NULL REFERENCES partners(id),"       \
	"  amount " I " NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending','paid','failed')),"\
	"  created_at " I " NOT NULL, updated_at " I " NOT NULL)" X ";"                              \
	"CREATE TABLE audit_log (id " PK ", at " I " NOT NULL, actor TEXT NOT NULL,"                 \
	"  action TEXT NOT NULL, entity TEXT NOT NULL, entity_id " I " NOT NULL,"                    \
	"  before_json TEXT, after_json TEXT)" X ";"

/* Issued invoices, their lines, statements and the audit log never change:
 * the database itself refuses, whatever code path tries. */
#define SQLITE_FREEZE(T)                                                                       \
	"CREATE TRIGGER " T "_no_update BEFORE UPDATE ON " T                                       \
	" BEGIN SELECT RAISE(ABORT, '" T " rows are immutable once written'); END;"                \
	"CREATE TRIGGER " T "_no_delete BEFORE DELETE ON " T                                       \
	" BEGIN SELECT RAISE(ABORT, '" T " rows are immutable once written'); END;"
#define PG_FREEZE(T)                                                                           \
	"CREATE TRIGGER " T "_frozen BEFORE UPDATE OR DELETE ON " T                                \
	" FOR EACH ROW EXECUTE FUNCTION billing_frozen();"

static const char sqlite_v300[] =
	BILLING_DDL("INTEGER", "INTEGER PRIMARY KEY", " STRICT")
	SQLITE_FREEZE("invoices") SQLITE_FREEZE("invoice_lines") SQLITE_FREEZE("statements")
	SQLITE_FREEZE("statement_lines") SQLITE_FREEZE("audit_log");

static const char pg_v300[] =
	BILLING_DDL("BIGINT", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "")
	"CREATE FUNCTION billing_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
	"RAISE EXCEPTION '% rows are immutable once written', TG_TABLE_NAME "
	"USING ERRCODE = '23000'; END $$;"
	PG_FREEZE("invoices") PG_FREEZE("invoice_lines") PG_FREEZE("statements")
	PG_FREEZE("statement_lines") PG_FREEZE("audit_log");

const struct store_migration store__billing_schema[] = {
	{300, "partner programme: contracts, subscriptions, invoices, referrals, audit", sqlite_v300,
	 pg_v300},
};
const size_t store__billing_schema_n = sizeof store__billing_schema / sizeof store__billing_schema[0];
