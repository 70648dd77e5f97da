/* Pull sync: for each active connection of a vendor, fetch what is new from
 * the vendor's API and apply it page by page, each page in one transaction
 * with the outlet's cursor, so a process killed at any moment resumes from the
 * last committed page: nothing missed, nothing counted twice (ingest makes a
 * re-fetched page a no-op). Token refresh (Moka's rotated refresh token is
 * committed before the new access token is used), retries and backoff live
 * here and in client.c; a vendor outage marks the connection "error" with the
 * reason and the sync goes on with the next connection.
 *
 * Vendor base URLs: CLARIO_MOKA_URL, CLARIO_PAWOON_URL, CLARIO_OLSERA_URL
 * (defaults are the production hosts of POS-APIS.md). Moka OAuth client:
 * CLARIO_MOKA_CLIENT_ID, CLARIO_MOKA_CLIENT_SECRET, CLARIO_MOKA_REDIRECT_URI. */
#ifndef CLARIO_CONNECTORS_SYNC_H
#define CLARIO_CONNECTORS_SYNC_H

#include "connectors/apply.h"
#include "connectors/connectors.h"
#include "store/store.h"

struct connectors_sync_opts {
	enum connectors_vendor vendor;
	int64_t merchant_id; /* 0: every merchant with a connection */
	day_t since;         /* > 0: (re)start every outlet from this day */
	bool has_since;
	instant_t now;       /* the clock (tests pin it); 0 = time(NULL) */
};

struct connectors_sync_report {
	int connections, failed, pages;
	struct connectors_counts counts;
	char last_error[CLARIO_ERR_MSG_MAX + 64];
};

/* Syncs every matching connection with status active or error. Returns
 * CLARIO_OK even when a vendor failed (see report.failed and the connection's
 * status); fails only when the store itself fails. */
enum clario_status connectors_sync(struct store *s, const struct connectors_sync_opts *o,
				   struct connectors_sync_report *rep, struct clario_err *err);

/* Base URL of a vendor's API (env or default), borrowed. */
const char *connectors_base_url(enum connectors_vendor v);

/* Moka OAuth: the consent URL for state (written into out), and the code
 * exchange that stores the first tokens of connection (merchant, "moka"). */
enum clario_status connectors_moka_authorize_url(const char *state, char *out, size_t size,
						 struct clario_err *err);
enum clario_status connectors_moka_exchange(struct store *s, int64_t merchant_id, const char *code,
					    instant_t now, struct clario_err *err);

/* The background scheduler of `clario serve`: a thread that runs a sync of
 * every vendor each interval seconds on its own connection. */
struct connectors_scheduler;
enum clario_status connectors_scheduler_start(const char *db_url, unsigned interval_s,
					      struct connectors_scheduler **out,
					      struct clario_err *err);
/* Stops after the sync in progress (if any) finishes its current page. */
void connectors_scheduler_stop(struct connectors_scheduler *sch);

#endif
