/* Demo data of partner programme II: a Moka pilot of 20 merchants (Feb–May
 * 2027), usage, NPS answers, support terms and tickets with some SLA breaches,
 * and the staged monthly partner figures behind scorecards and the
 * concentration report. */
#ifndef CLARIO_CLI_DEMO_PROGRAMME_H
#define CLARIO_CLI_DEMO_PROGRAMME_H

#include "cli/demo/demo_world.h"
#include "store/store.h"

enum clario_status demo_programme(struct store *s, const struct demo_world *w,
				  struct clario_err *err);

#endif
