/* The connectors' commands:
 *   clario sync --partner moka|pawoon|olsera [--merchant ID] [--since DATE]
 *   clario deadletters list [--source S]
 *   clario deadletters replay [--id N | --source S]
 *   clario connectors secret --partner CODE   (a new webhook secret, printed once)
 * Each prints one line of counts; the exit status is 1 when anything failed. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "connectors/sync.h"
#include "connectors/webhook.h"
#include "connectors/webhook_sig.h"
#include "store/connections.h"

/* Opens the store and loads the token key beside it. */
static struct store *open_with_key(const char *db, const char *cmd)
{
	struct clario_err err = {0};
	db = cli_db_url(db);
	if (store_connections_key_init(db, &err)) {
		fprintf(stderr, "clario %s: %s\n", cmd, err.msg);
		return NULL;
	}
	return cli_open_store(db, false);
}

int cli_sync(int argc, char **argv)
{
	const char *db = NULL, *partner = NULL, *merchant = NULL, *since = NULL;
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--partner", &partner, &bad) &&
		    !cli_opt(argc, argv, &i, "--merchant", &merchant, &bad) &&
		    !cli_opt(argc, argv, &i, "--since", &since, &bad))
			goto usage;
	struct connectors_sync_opts o = {0};
	if (bad || !partner || !connectors_vendor_parse(partner, &o.vendor))
		goto usage;
	int64_t mid = 0;
	if (merchant && !cli_int("merchant", merchant, 1, INT64_MAX, &mid))
		return 2;
	o.merchant_id = mid;
	struct clario_err err = {0};
	if (since) {
		if (tz_parse_date(since, &o.since, &err)) {
			fprintf(stderr, "clario sync: --since: %s\n", err.msg);
			return 2;
		}
		o.has_since = true;
	}
	struct store *s = open_with_key(db, "sync");
	if (!s)
		return 1;
	struct connectors_sync_report rep;
	enum clario_status st = connectors_sync(s, &o, &rep, &err);
	store_close(s);
	tz_cache_free();
	if (st) {
		fprintf(stderr, "clario sync: %s\n", err.msg);
		return 1;
	}
	printf("connections=%d failed=%d pages=%d created=%d updated=%d duplicate=%d rejected=%d"
	       " refunds_added=%d refunds_pending=%d\n",
	       rep.connections, rep.failed, rep.pages, rep.counts.created, rep.counts.updated,
	       rep.counts.duplicate, rep.counts.rejected, rep.counts.refunds_added,
	       rep.counts.refunds_pending);
	if (rep.failed)
		fprintf(stderr, "clario sync: %s\n", rep.last_error);
	if (rep.counts.first_reject[0])
		fprintf(stderr, "clario sync: first rejection: %s\n", rep.counts.first_reject);
	return rep.failed ? 1 : 0;
usage:
	fprintf(stderr, "usage: clario sync --partner moka|pawoon|olsera [--merchant ID] [--since YYYY-MM-DD] [--db FILE]\n");
	return 2;
}

int cli_deadletters(int argc, char **argv)
{
	const char *db = NULL, *id_s = NULL, *source = NULL;
	bool bad = false;
	if (argc < 2 || (strcmp(argv[1], "replay") != 0 && strcmp(argv[1], "list") != 0))
		goto usage;
	bool replay = strcmp(argv[1], "replay") == 0;
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--id", &id_s, &bad) &&
		    !cli_opt(argc, argv, &i, "--source", &source, &bad))
			goto usage;
	int64_t id = 0;
	if (bad || (id_s && source) || (id_s && !cli_int("id", id_s, 1, INT64_MAX, &id)))
		goto usage;
	struct store *s = open_with_key(db, "deadletters");
	if (!s)
		return 1;
	struct clario_err err = {0};
	struct store_conn_deadletter *dl = NULL;
	size_t n = 0;
	int rc = 0, applied = 0, failed = 0;
	if (store_connections_dl_list(s, id, source, replay, &dl, &n, &err)) {
		fprintf(stderr, "clario deadletters: %s\n", err.msg);
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (!replay) {
			printf("%lld\t%s\t%s\t%s\n", (long long)dl[i].id, dl[i].source, dl[i].webhook_id,
			       dl[i].reason);
			continue;
		}
		enum connectors_vendor v;
		struct connectors_webhook_result r;
		if (!connectors_vendor_parse(dl[i].source, &v)) {
			fprintf(stderr, "dead letter %lld: unknown source %s\n", (long long)dl[i].id, dl[i].source);
			failed++;
			continue;
		}
		instant_t now = (instant_t)time(NULL);
		if (connectors_webhook_handle(s, v, dl[i].webhook_id, dl[i].body, dl[i].body_len, now, true,
					      &r, &err) ||
		    (r.outcome != CONNECTORS_WEBHOOK_DEADLETTER &&
		     store_connections_dl_replayed(s, dl[i].id, now, &err))) {
			fprintf(stderr, "clario deadletters: %s\n", err.msg);
			rc = 1;
			goto out;
		}
		if (r.outcome == CONNECTORS_WEBHOOK_DEADLETTER) {
			fprintf(stderr, "dead letter %lld still fails: %s\n", (long long)dl[i].id, r.reason);
			failed++;
		} else {
			applied++;
		}
	}
	if (replay)
		printf("replayed=%d failed=%d\n", applied, failed);
	rc = failed ? 1 : rc;
out:
	store_connections_dl_free(dl, n);
	store_close(s);
	tz_cache_free();
	return rc;
usage:
	fprintf(stderr, "usage: clario deadletters (list | replay) [--id N | --source S] [--db FILE]\n");
	return 2;
}

int cli_connectors(int argc, char **argv)
{
	const char *db = NULL, *partner = NULL;
	bool bad = false;
	if (argc < 2 || strcmp(argv[1], "secret") != 0)
		goto usage;
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--partner", &partner, &bad))
			goto usage;
	if (bad || !partner)
		goto usage;
	struct store *s = open_with_key(db, "connectors");
	if (!s)
		return 1;
	struct clario_err err = {0};
	struct store_partner p;
	char secret[WEBHOOK_SECRET_MAX];
	webhook_sig_new_secret(secret);
	enum clario_status st = store_partner_by_code(s, partner, &p, &err);
	if (st == CLARIO_OK)
		st = store_connections_secret_set(s, partner, secret, (instant_t)time(NULL), &err);
	store_close(s);
	if (st) {
		fprintf(stderr, "clario connectors: %s\n", err.msg);
		return 1;
	}
	printf("%s\n", secret);
	sodium_memzero(secret, sizeof secret);
	return 0;
usage:
	fprintf(stderr, "usage: clario connectors secret --partner CODE [--db FILE]\n");
	return 2;
}
