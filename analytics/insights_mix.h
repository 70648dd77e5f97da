/* Producers of insight findings (analytics/insights.h) from the mix analyses
 * and the summary's period comparison: one function per analysis, each
 * appending zero or more findings to a caller's bounded array. `path` is the
 * API path with query of the analysis behind the findings (copied into them).
 * Thresholds are documented in docs/analytics-mix.md. */
#ifndef CLARIO_ANALYTICS_INSIGHTS_MIX_H
#define CLARIO_ANALYTICS_INSIGHTS_MIX_H

#include "analytics/channels.h"
#include "analytics/insights.h"
#include "analytics/outlet_compare.h"
#include "analytics/payments.h"
#include "analytics/peers.h"
#include "analytics/retention.h"
#include "analytics/summary.h"

void insights_from_summary(const struct summary *cur, const struct summary *prev,
			   const char *path, struct insight_list *out);
void insights_from_channels(const struct channel_mix *m, const char *path,
			    struct insight_list *out);
void insights_from_payments(const struct payment_mix *p, const char *path,
			    struct insight_list *out);
/* names[i]: outlet i's name. */
void insights_from_outlets(const struct outlet_compare *o, const char *const *names,
			   const char *path, struct insight_list *out);
void insights_from_retention(const struct retention *r, const char *path,
			     struct insight_list *out);
void insights_from_peers(const struct peers_result *p, const char *path,
			 struct insight_list *out);

#endif
