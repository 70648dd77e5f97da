/* The independent oracle for summary figures: SQL over the raw ticket rows,
 * never the code under test's derived columns (business_day, hour, rollups);
 * the business day comes from closed_at / at, the zone's offset and cut-off. */
#ifndef CLARIO_TESTS_E2E_ORACLE_H
#define CLARIO_TESTS_E2E_ORACLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "sql.h"

struct e2e_day {
	char date[11]; /* YYYY-MM-DD */
	int64_t gross_sales, line_discounts, ticket_discounts, refunds, tax, service_charge;
	int64_t tickets, covers, voids, refund_count;
};

/* Figures per business day from..to (inclusive, every day listed) for the
 * merchant, or only its outlet outlet_id when > 0, from db (a SQLite path or
 * a PostgreSQL URL). *days is malloc'd; the
 * caller frees it. Returns 0, or -1 with the reason in why. */
int e2e_oracle_days(const char *db, int64_t merchant_id, int64_t outlet_id,
		    const char *from, const char *to, struct e2e_day **days, size_t *n,
		    char *why, size_t why_size);

/* Compares a summary answer (the parsed JSON) with the oracle's days: every
 * field of every day and of the totals, the derived ones (discounts, net_sales,
 * average_ticket) recomputed here. Returns 0 if all agree, else -1 with the
 * first differences in why. */
int e2e_summary_matches(const json_t *summary, const struct e2e_day *days, size_t n, char *why,
			size_t why_size);

#endif
