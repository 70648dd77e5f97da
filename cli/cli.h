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
 *   clario import   --profile P [--mapping F] --merchant ID [--outlet EXT] [--db F] FILE.csv
 */
#ifndef CLARIO_CLI_H
#define CLARIO_CLI_H

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_keys(int argc, char **argv);
int cli_partners(int argc, char **argv);
int cli_rollups(int argc, char **argv);
int cli_import(int argc, char **argv);

/* The database URL from --db, else $CLARIO_DB, else "clario.db". Borrowed. */
const char *cli_db_url(const char *flag_value);

#endif
