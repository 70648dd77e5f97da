/* Option parsing and store opening shared by the commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"

const char *cli_db_url(const char *flag_value)
{
	if (flag_value && *flag_value)
		return flag_value;
	const char *env = getenv("CLARIO_DB");
	return env && *env ? env : "clario.db";
}

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad)
{
	if (strcmp(argv[*i], name) != 0)
		return false;
	if (*i + 1 >= argc) {
		fprintf(stderr, "clario: %s needs a value\n", name);
		*bad = true;
		return true;
	}
	*value = argv[++*i];
	return true;
}

bool cli_int(const char *name, const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *s == '\0' || *end || v < lo || v > hi) {
		fprintf(stderr, "clario: %s must be an integer from %lld to %lld, got \"%s\"\n", name,
			(long long)lo, (long long)hi, s);
		return false;
	}
	*out = v;
	return true;
}

struct store *cli_open_store(const char *db, bool bulk)
{
	struct store *s = NULL;
	struct clario_err err = {0};
	struct store_options o = {.migrate = true, .bulk = bulk};
	if (store_open(db, &o, &s, &err) != CLARIO_OK) {
		fprintf(stderr, "clario: %s: %s\n", db, err.msg);
		return NULL;
	}
	return s;
}
