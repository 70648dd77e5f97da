/* Writes the demo world's partners, merchants, catalogues and outlets to the
 * store, in one transaction, and records their store ids in the world. */
#ifndef CLARIO_CLI_DEMO_SETUP_H
#define CLARIO_CLI_DEMO_SETUP_H

#include "base/err.h"
#include "cli/demo/demo_world.h"
#include "store/store.h"

/* On failure nothing is stored (the transaction is rolled back). */
enum clario_status demo_setup(struct store *s, struct demo_world *w, struct clario_err *err);

#endif
