/* The clario commands. Each takes the argv after the command name and returns
 * the process exit status (0 ok, 1 failure, 2 usage). Shared option handling:
 * --db FILE (default $CLARIO_DB, else "clario.db").
 *
 *   clario serve    [--db F] [--listen HOST:PORT] [--threads N] [--ready-file F]
 *   clario migrate  [--db F]
 *   clario demo     [--db F] [--seed N] [--force]
 *   clario keys create (--admin | --partner CODE | --merchant ID) [--label T] [--db F]
 *   clario partners add --code C --name N [--kind pos|accounting|channel] [--db F]
 *   clario rollups (rebuild | check) [--db F]
 *   clario users add --email E --name N --role R [--partner C] [--merchant ID] [--db F]
 *   clario billing close --month YYYY-MM | invoices [--month M] | invoice NUMBER
 *                  | refund NUMBER [--reason T] | statements [--partner C] [--month M]
 *                  | statement ID | revenue --month M | payouts [run [--threshold N]
 *                  | mark ID paid|failed] | settings [--ppn-bps N] [--attribution-days N]
 *                  [--payout-threshold N] | partner CODE [--tier T] [--status S]
 *                  [--contact NAME --email E --phone P --role R]
 *                  | subscribe --merchant ID --source partner|direct|referral
 *                  [--partner C] [--price N] --start DATE [--end DATE] [--plan P]
 *                  | cancel --subscription ID --end DATE
 *                  | pause --subscription ID --from DATE --to DATE | audit [--limit N]
 *   clario contracts add --partner C --model reseller|cosell|whitelabel|channel --start DATE
 *                  [--from DATE] [--end DATE] [--renew] [--price N] [--split BPS]
 *                  [--support partner|clario|shared] [--sla-first H] [--sla-resolution H]
 *                  [--exclusive] [--marketing N] [--oem-fee N] [--oem-due DATE]
 *                  [--hosting flat|per_merchant|none] [--hosting-fee N] [--hosting-min N]
 *                  [--powered-by on|off] [--brand NAME] [--commission BPS] [--months N]
 *                  [--clawback DAYS] | list [--partner C]
 *   clario referrals code --partner C --code X | touch --code X --visitor V [--via link|code]
 *                  | attribute --merchant ID (--code X | --visitor V) [--email E] | list
 *   clario report (partners [--partner CODE] | risk) --month YYYY-MM [--db F]
 *   clario pilots (list | report ID [--as-of YYYY-MM-DD]) [--db F]
 *   clario sync --partner moka|pawoon|olsera [--merchant ID] [--since DATE] [--db F]
 *   clario deadletters (list | replay) [--id N | --source S] [--db F]
 *   clario connectors secret --partner CODE [--db F]
 *   clario import   --profile P [--mapping F] --merchant ID [--outlet EXT] [--db F] FILE.csv|FILE.xlsx
 */
#ifndef CLARIO_CLI_H
#define CLARIO_CLI_H

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_keys(int argc, char **argv);
int cli_partners(int argc, char **argv);
int cli_rollups(int argc, char **argv);
int cli_users(int argc, char **argv);
int cli_billing(int argc, char **argv);
int cli_contracts(int argc, char **argv);
int cli_referrals(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_pilots(int argc, char **argv);
int cli_sync(int argc, char **argv);
int cli_deadletters(int argc, char **argv);
int cli_connectors(int argc, char **argv);
int cli_import(int argc, char **argv);

/* The database URL from --db, else $CLARIO_DB, else "clario.db". Borrowed. */
const char *cli_db_url(const char *flag_value);

#endif
