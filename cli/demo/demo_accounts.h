/* Demo web accounts: one user per role (Clario admin; Moka and Pawoon partner
 * admins; owner and staff of the largest merchant and owner of a Pawoon
 * merchant; a channel partner), Moka co-branded and Pawoon white-label. Their
 * random passwords are appended to the credentials file (mode 0600). */
#ifndef CLARIO_CLI_DEMO_ACCOUNTS_H
#define CLARIO_CLI_DEMO_ACCOUNTS_H

#include <stddef.h>

#include "base/err.h"
#include "cli/demo/demo_world.h"
#include "store/store.h"

enum clario_status demo_accounts_write(struct store *s, const struct demo_world *w,
				       size_t merchant, const char *creds_path,
				       struct clario_err *err);

#endif
