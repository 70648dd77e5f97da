/* Shared helpers of the commands: option parsing and opening the store. */
#ifndef CLARIO_CLI_COMMON_H
#define CLARIO_CLI_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* If argv[*i] is `name`, takes the next argument as its value (advancing *i)
 * and returns true; prints an error and sets *bad if the value is missing. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value, bool *bad);
/* Parses a decimal integer in [lo, hi]; false (with a message) otherwise. */
bool cli_int(const char *name, const char *s, int64_t lo, int64_t hi, int64_t *out);
/* Opens the store (with migrations), printing the reason on failure. */
struct store *cli_open_store(const char *db, bool bulk);

#endif
