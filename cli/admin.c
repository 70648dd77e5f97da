/* Small admin commands: migrate, keys create, partners add, rollups
 * rebuild/check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "ingest/ingest.h"

int cli_migrate(int argc, char **argv)
{
	const char *db = NULL;
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad)) {
			fprintf(stderr, "usage: clario migrate [--db FILE]\n");
			return 2;
		}
	if (bad)
		return 2;
	struct clario_err err = {0};
	struct store_options o = {.migrate = false};
	struct store *s = NULL;
	int applied = 0;
	if (store_open(cli_db_url(db), &o, &s, &err) || store_migrate(s, &applied, &err)) {
		fprintf(stderr, "clario migrate: %s\n", err.msg);
		store_close(s);
		return 1;
	}
	printf("%d migration(s) applied to %s\n", applied, cli_db_url(db));
	store_close(s);
	return 0;
}

int cli_keys(int argc, char **argv)
{
	const char *db = NULL, *partner = NULL, *merchant = NULL, *label = NULL;
	bool admin = false, bad = false;
	if (argc < 2 || strcmp(argv[1], "create") != 0)
		goto usage;
	for (int i = 2; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--admin") == 0)
			admin = true;
		else if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
			 !cli_opt(argc, argv, &i, "--partner", &partner, &bad) &&
			 !cli_opt(argc, argv, &i, "--merchant", &merchant, &bad) &&
			 !cli_opt(argc, argv, &i, "--label", &label, &bad))
			goto usage;
	}
	if (bad || admin + (partner != NULL) + (merchant != NULL) != 1)
		goto usage;

	struct clario_err err = {0};
	if (auth_init(&err)) {
		fprintf(stderr, "clario keys: %s\n", err.msg);
		return 1;
	}
	struct store *s = cli_open_store(cli_db_url(db), false);
	if (!s)
		return 1;
	enum principal_kind kind = PRINCIPAL_ADMIN;
	int64_t partner_id = 0, merchant_id = 0;
	enum clario_status st = CLARIO_OK;
	if (partner) {
		struct store_partner p;
		kind = PRINCIPAL_PARTNER;
		st = store_partner_by_code(s, partner, &p, &err);
		if (st == CLARIO_ENOTFOUND)
			clario_err_set(&err, st, "no partner with code \"%s\" (clario partners add)", partner);
		partner_id = p.id;
	} else if (merchant) {
		struct store_merchant m;
		kind = PRINCIPAL_MERCHANT;
		if (!cli_int("--merchant", merchant, 1, INT64_MAX, &merchant_id)) {
			store_close(s);
			return 2;
		}
		st = store_merchant_get(s, merchant_id, &m, &err);
		if (st == CLARIO_ENOTFOUND)
			clario_err_set(&err, st, "no merchant with id %s", merchant);
	}
	char key[AUTH_KEY_MAX];
	if (st == CLARIO_OK)
		st = auth_key_create(s, kind, partner_id, merchant_id, label, key, &err);
	store_close(s);
	if (st != CLARIO_OK) {
		fprintf(stderr, "clario keys: %s\n", err.msg);
		return 1;
	}
	fprintf(stderr, "new %s key (shown once; store it now):\n", principal_kind_name(kind));
	printf("%s\n", key);
	return 0;
usage:
	fprintf(stderr, "usage: clario keys create (--admin | --partner CODE | --merchant ID)"
			" [--label TEXT] [--db FILE]\n");
	return 2;
}

int cli_partners(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *name = NULL, *kind = "pos";
	bool bad = false;
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		goto usage;
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--code", &code, &bad) &&
		    !cli_opt(argc, argv, &i, "--name", &name, &bad) &&
		    !cli_opt(argc, argv, &i, "--kind", &kind, &bad))
			goto usage;
	if (bad || !code || !name)
		goto usage;
	enum store_partner_kind k;
	if (strcmp(kind, "pos") == 0)
		k = STORE_PARTNER_POS;
	else if (strcmp(kind, "accounting") == 0)
		k = STORE_PARTNER_ACCOUNTING;
	else if (strcmp(kind, "channel") == 0)
		k = STORE_PARTNER_CHANNEL;
	else
		goto usage;
	size_t clen = strlen(code);
	for (size_t i = 0; i < clen; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
		      code[i] == '_' || code[i] == '-')) {
			fprintf(stderr, "clario partners: --code uses a-z, 0-9, _ and - only\n");
			return 2;
		}
	if (clen == 0 || clen > 32) {
		fprintf(stderr, "clario partners: --code must be 1-32 characters\n");
		return 2;
	}
	struct store *s = cli_open_store(cli_db_url(db), false);
	if (!s)
		return 1;
	struct clario_err err = {0};
	int64_t id;
	enum clario_status st = store_partner_create(s, code, name, k, &id, &err);
	store_close(s);
	if (st != CLARIO_OK) {
		fprintf(stderr, "clario partners: %s\n", err.msg);
		return 1;
	}
	printf("%lld\n", (long long)id);
	return 0;
usage:
	fprintf(stderr, "usage: clario partners add --code CODE --name NAME"
			" [--kind pos|accounting|channel] [--db FILE]\n");
	return 2;
}

int cli_rollups(int argc, char **argv)
{
	const char *db = NULL;
	bool bad = false, check;
	if (argc < 2 || (strcmp(argv[1], "rebuild") != 0 && strcmp(argv[1], "check") != 0))
		goto usage;
	check = strcmp(argv[1], "check") == 0;
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad))
			goto usage;
	if (bad)
		goto usage;
	struct store *s = cli_open_store(cli_db_url(db), false);
	if (!s)
		return 1;
	struct clario_err err = {0};
	char *kept = NULL, *rebuilt = NULL;
	int rc = 1;
	/* check: dump, rebuild, dump again and compare. A rebuild is correct by
	 * construction, so leaving it in place is harmless either way. */
	if (check && store_rollups_dump(s, &kept, &err))
		goto out;
	if (ingest_rebuild_rollups(s, &err))
		goto out;
	if (check) {
		if (store_rollups_dump(s, &rebuilt, &err))
			goto out;
		if (strcmp(kept, rebuilt) != 0) {
			fprintf(stderr, "clario rollups check: kept rollups differ from a rebuild"
					" (the rollups are now rebuilt)\n");
			goto out;
		}
		printf("rollups match a rebuild from the raw tickets\n");
	} else {
		printf("rollups rebuilt\n");
	}
	rc = 0;
out:
	if (rc && err.msg[0])
		fprintf(stderr, "clario rollups: %s\n", err.msg);
	free(kept);
	free(rebuilt);
	store_close(s);
	return rc;
usage:
	fprintf(stderr, "usage: clario rollups (rebuild | check) [--db FILE]\n");
	return 2;
}
