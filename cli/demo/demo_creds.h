/* Demo credentials: an admin key, a partner key for Moka and a merchant key
 * for the largest merchant, written as name=value lines to <db>.credentials
 * (mode 0600), so anyone can try the API right after `clario demo`. */
#ifndef CLARIO_CLI_DEMO_CREDS_H
#define CLARIO_CLI_DEMO_CREDS_H

#include <stddef.h>

#include "base/err.h"
#include "cli/demo/demo_world.h"
#include "store/store.h"

/* Creates the three keys and writes path (the file is replaced if it exists).
 * merchant: index of the merchant that gets the merchant key. */
enum clario_status demo_credentials_write(struct store *s, const struct demo_world *w,
					  size_t merchant, const char *path,
					  struct clario_err *err);

#endif
