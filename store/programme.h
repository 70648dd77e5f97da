/* Storage of partner programme II: usage events, pilots, surveys and their
 * invitations, support terms and tickets (revenue, referrals and churn are
 * billing's: store/billing.h).
 * Instants are UTC seconds, days day_t, months year*12+month-1. Lists are
 * malloc'd arrays the caller frees. */
#ifndef CLARIO_STORE_PROGRAMME_H
#define CLARIO_STORE_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;

/* ---- usage ---- */
struct store_usage_event {
	int64_t merchant_id;
	int64_t via_partner_id; /* 0 unless seen through a partner's embedded view */
	char kind[24];          /* dashboard_view, export, report_download, login */
	int64_t at;
	int32_t day;            /* the local (Asia/Jakarta) day of at */
};
/* Inserts all events in one transaction. */
enum clario_status store_programme_usage_insert(struct store *s, const struct store_usage_event *ev,
						size_t n, struct clario_err *err);
/* Distinct (merchant, day) pairs in [from, to]; partner_id > 0 limits to that
 * partner's merchants, 0 to direct merchants, -1 all. */
struct store_usage_day {
	int64_t merchant_id;
	int32_t day;
};
enum clario_status store_programme_usage_days(struct store *s, int64_t partner_id, int32_t from,
					      int32_t to, struct store_usage_day **out, size_t *n,
					      struct clario_err *err);

/* ---- pilots ---- */
#define STORE_PILOT_MAX_CRITERIA 8
struct store_pilot_criterion {
	char metric[24];
	int64_t threshold;
};
struct store_pilot {
	int64_t id, partner_id;
	char name[129];
	int32_t start_day, end_day;
	int active_days, weeks_required, weeks_window;
	size_t n_criteria;
	struct store_pilot_criterion criteria[STORE_PILOT_MAX_CRITERIA];
};
/* Creates the pilot with its cohort and criteria in one transaction. Every
 * merchant must belong to the pilot's partner (CLARIO_EINVAL naming it). */
enum clario_status store_programme_pilot_create(struct store *s, const struct store_pilot *p,
						const int64_t *merchants, size_t n_merchants,
						int64_t now, int64_t *id, struct clario_err *err);
enum clario_status store_programme_pilot_get(struct store *s, int64_t id, struct store_pilot *out,
					     struct clario_err *err);
/* partner_id -1: all pilots. */
enum clario_status store_programme_pilot_list(struct store *s, int64_t partner_id,
					      struct store_pilot **out, size_t *n,
					      struct clario_err *err);
enum clario_status store_programme_pilot_cohort(struct store *s, int64_t pilot_id, int64_t **out,
						size_t *n, struct clario_err *err);

/* ---- surveys ---- */
struct store_survey {
	int64_t id;
	char audience[12]; /* merchant | partner */
	int64_t partner_id, pilot_id; /* 0 = none */
	char title[129];
	int64_t created_at;
};
enum clario_status store_programme_survey_create(struct store *s, struct store_survey *sv,
						 struct clario_err *err);
enum clario_status store_programme_survey_get(struct store *s, int64_t id, struct store_survey *out,
					      struct clario_err *err);
/* Invites a merchant unless it was invited to any survey after throttle_since:
 * then *skipped is set and nothing is written. */
enum clario_status store_programme_invite_merchant(struct store *s, int64_t survey_id,
						   int64_t merchant_id, int64_t partner_id,
						   const unsigned char hash[32], int64_t now,
						   int64_t throttle_since, bool *skipped,
						   struct clario_err *err);
/* Invites a partner contact (an email or name). */
enum clario_status store_programme_invite_contact(struct store *s, int64_t survey_id,
						  int64_t partner_id, const char *contact,
						  const unsigned char hash[32], int64_t now,
						  struct clario_err *err);
/* Records the one answer of the invitation with this token hash.
 * CLARIO_ENOTFOUND for an unknown hash, CLARIO_ECONFLICT if already answered. */
enum clario_status store_programme_answer(struct store *s, const unsigned char hash[32], int score,
					  const char *comment, int64_t now, struct clario_err *err);

/* One invitation as results see it. */
struct store_survey_row {
	int64_t survey_id, invite_id, merchant_id, partner_id, pilot_id;
	char audience[12];
	int64_t sent_at, answered_at; /* answered_at 0 = no answer */
	int score;
	char comment[257];
};
/* Invitations sent in [from, to) (instants), filtered: audience NULL = both,
 * partner_id -1 all, survey_id/pilot_id 0 any. */
struct store_survey_filter {
	const char *audience;
	int64_t partner_id, survey_id, pilot_id;
	int64_t from, to;
};
enum clario_status store_programme_survey_rows(struct store *s, const struct store_survey_filter *f,
					       struct store_survey_row **out, size_t *n,
					       struct clario_err *err);

/* ---- support ---- */
struct store_support_terms {
	int64_t partner_id;
	char priority[8];   /* low | normal | high | urgent */
	char handled_by[8]; /* partner | clario */
	char tz[64];
	int32_t open_s, close_s;
	unsigned days;
	int64_t response_s, resolution_s;
};
enum clario_status store_programme_terms_set(struct store *s, const struct store_support_terms *t,
					     struct clario_err *err);
/* CLARIO_ENOTFOUND when the partner has no terms for that priority. */
enum clario_status store_programme_terms_get(struct store *s, int64_t partner_id,
					     const char *priority, struct store_support_terms *out,
					     struct clario_err *err);

struct store_support_ticket {
	int64_t id, merchant_id, partner_id; /* 0 = none */
	char opened_by[12], assignee[8], priority[8];
	char subject[257];
	int64_t opened_at, first_response_at, resolved_at; /* 0 = not yet */
	char tz[64];
	int32_t open_s, close_s;
	unsigned days;
	int64_t response_s, resolution_s;
};
enum clario_status store_programme_ticket_create(struct store *s, struct store_support_ticket *t,
						 struct clario_err *err);
enum clario_status store_programme_ticket_get(struct store *s, int64_t id,
					      struct store_support_ticket *out, struct clario_err *err);
/* Sets first_response_at (only the first time) or resolved_at (also sets a
 * missing first response). CLARIO_ECONFLICT when already resolved. */
enum clario_status store_programme_ticket_mark(struct store *s, int64_t id, bool resolve,
					       int64_t at, struct clario_err *err);
/* Tickets opened in [from, to); partner_id -1 all, 0 direct. */
enum clario_status store_programme_ticket_list(struct store *s, int64_t partner_id, int64_t from,
					       int64_t to, struct store_support_ticket **out,
					       size_t *n, struct clario_err *err);

/* Merchants of partner_id created before an instant, by id. */
enum clario_status store_programme_partner_merchants(struct store *s, int64_t partner_id,
						     int64_t created_before, int64_t **out,
						     size_t *n, struct clario_err *err);

/* Every partner (id, code, name), by id. */
struct store_partner;
enum clario_status store_programme_partners(struct store *s, struct store_partner **out, size_t *n,
					    struct clario_err *err);

#endif
