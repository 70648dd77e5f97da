/* clario: one binary for every command (serve, demo, migrate, keys, ...). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
	{"serve", cli_serve, "serve the API (and later the web app)"},
	{"demo", cli_demo, "create a demo database with a year of realistic sales"},
	{"migrate", cli_migrate, "apply pending database migrations"},
	{"keys", cli_keys, "create API keys: keys create --admin|--partner CODE|--merchant ID"},
	{"partners", cli_partners, "add partners: partners add --code C --name N"},
	{"users", cli_users, "web accounts: users add --email E --name N --role R (password on stdin)"},
	{"rollups", cli_rollups, "rebuild or check the rollups against the raw tickets"},
	{"billing", cli_billing, "partner billing: close a month, invoices, statements, revenue, payouts"},
	{"contracts", cli_contracts, "partner contracts: contracts add|list (versioned)"},
	{"referrals", cli_referrals, "referral codes, touches and attribution"},
	{"report", cli_report, "partner scorecards or concentration risk: report partners --month 2027-03"},
	{"pilots", cli_pilots, "pilots and their verdicts: pilots list | pilots report ID"},
	{"sync", cli_sync, "pull new sales from a POS vendor: sync --partner moka|pawoon|olsera"},
	{"deadletters", cli_deadletters, "list or replay failed webhook deliveries"},
	{"connectors", cli_connectors, "set a partner's webhook secret: connectors secret --partner CODE"},
	{"import", cli_import, "import a POS CSV export: import --profile P --merchant ID FILE.csv"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: clario COMMAND [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nenvironment: CLARIO_DB (database file, default clario.db),"
		   " CLARIO_LISTEN (default 127.0.0.1:8080), CLARIO_THREADS, CLARIO_MAX_BODY\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "clario: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}
