/* `clario users add`: web accounts for operators (the demo makes its own). The
 * password is read from standard input, never from the command line, so it
 * stays out of shell history and process lists. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accounts/password.h"
#include "accounts/session.h"
#include "cli/cli.h"
#include "cli/common.h"

static int usage(void)
{
	fprintf(stderr, "usage: clario users add --email E --name N --role ROLE [--partner CODE]"
			" [--merchant ID] [--db FILE]  (password on standard input)\n"
			"  roles: clario_admin, partner_admin, channel_partner (need --partner),"
			" merchant_owner, merchant_staff (need --merchant)\n");
	return 2;
}

int cli_users(int argc, char **argv)
{
	const char *db = NULL, *email = NULL, *name = NULL, *role = NULL, *partner = NULL,
		   *merchant_s = NULL;
	bool bad = false;
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return usage();
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--email", &email, &bad) &&
		    !cli_opt(argc, argv, &i, "--name", &name, &bad) &&
		    !cli_opt(argc, argv, &i, "--role", &role, &bad) &&
		    !cli_opt(argc, argv, &i, "--partner", &partner, &bad) &&
		    !cli_opt(argc, argv, &i, "--merchant", &merchant_s, &bad))
			return usage();
	if (bad || !email || !name || !role)
		return usage();
	int64_t merchant = 0;
	if (merchant_s && !cli_int("--merchant", merchant_s, 1, INT64_MAX, &merchant))
		return 2;
	char pw[256] = "";
	if (!fgets(pw, sizeof pw, stdin)) {
		fprintf(stderr, "clario users add: no password on standard input\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	int rc = 1;
	struct clario_err err = {0};
	struct store *s = cli_open_store(db, false);
	if (!s)
		goto out;
	int64_t partner_id = 0, id = 0;
	if (partner) {
		struct store_partner p;
		if (store_partner_by_code(s, partner, &p, &err)) {
			fprintf(stderr, "clario users add: partner %s: %s\n", partner, err.msg);
			goto out;
		}
		partner_id = p.id;
	}
	if (accounts_password_init(1, 60000, &err) ||
	    accounts_user_create(s, email, name, role, partner_id, merchant, pw, (int64_t)time(NULL),
				 &id, &err)) {
		fprintf(stderr, "clario users add: %s\n", err.msg);
		goto out;
	}
	printf("user %lld\n", (long long)id);
	rc = 0;
out:
	sodium_memzero(pw, sizeof pw);
	store_close(s);
	return rc;
}
