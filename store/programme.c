/* Partner programme II queries, written once for both backends (store/sql.h).
 * Reads fill malloc'd arrays through one growable-array helper. */
#include <stdlib.h>
#include <string.h>

#include "store/programme.h"
#include "store/sql.h"
#include "store/store.h"

struct grow {
	void *items;
	size_t n, cap, size;
};

static void *grow_next(struct grow *g, struct clario_err *err)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		void *p = realloc(g->items, cap * g->size);
		if (!p) {
			clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			return NULL;
		}
		g->items = p;
		g->cap = cap;
	}
	void *slot = (char *)g->items + g->n++ * g->size;
	memset(slot, 0, g->size);
	return slot;
}

static enum clario_status grow_done(enum clario_status st, struct grow *g, void *out, size_t *n)
{
	if (st != CLARIO_OK) {
		free(g->items);
		g->items = NULL;
		g->n = 0;
	}
	*(void **)out = g->items;
	*n = g->n;
	return st;
}

/* ---- usage ---- */

static const char USAGE_INS[] =
	"INSERT INTO usage_events (merchant_id, via_partner_id, kind, at, day)"
	" VALUES ($1, $2, $3, $4, $5)";

enum clario_status store_programme_usage_insert(struct store *s, const struct store_usage_event *ev,
						size_t n, struct clario_err *err)
{
	enum clario_status st = store_begin(s, err);
	if (st)
		return st;
	for (size_t i = 0; i < n && st == CLARIO_OK; i++)
		st = sql_exec(s, USAGE_INS, "recording a usage event",
			      SQL_ARGS(SQL_I(ev[i].merchant_id), SQL_ID(ev[i].via_partner_id),
				       SQL_T(ev[i].kind), SQL_I(ev[i].at), SQL_I(ev[i].day)),
			      NULL, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	else
		store_rollback(s);
	return st;
}

static enum clario_status usage_day_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_usage_day *d = grow_next(ctx, err);
	if (!d)
		return CLARIO_ENOMEM;
	d->merchant_id = sql_int(r, 0);
	d->day = (int32_t)sql_int(r, 1);
	return CLARIO_OK;
}

static const char USAGE_DAYS[] =
	"SELECT DISTINCT u.merchant_id, u.day FROM usage_events u"
	" JOIN merchants m ON m.id = u.merchant_id"
	" WHERE u.day BETWEEN $1 AND $2"
	"   AND (CAST($3 AS BIGINT) < 0 OR ($3 = 0 AND m.partner_id IS NULL) OR m.partner_id = $3)"
	" ORDER BY u.merchant_id, u.day";

enum clario_status store_programme_usage_days(struct store *s, int64_t partner_id, int32_t from,
					      int32_t to, struct store_usage_day **out, size_t *n,
					      struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(s, USAGE_DAYS, "reading usage days",
					  SQL_ARGS(SQL_I(from), SQL_I(to), SQL_I(partner_id)),
					  usage_day_row, &g, err);
	return grow_done(st, &g, out, n);
}

/* ---- pilots ---- */

static const char PILOT_INS[] =
	"INSERT INTO pilots (partner_id, name, start_day, end_day, active_days, weeks_required,"
	" weeks_window, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char PILOT_MERCHANT_OF[] = "SELECT coalesce(partner_id, 0) FROM merchants WHERE id = $1";
static const char PILOT_MERCHANT_INS[] =
	"INSERT INTO pilot_merchants (pilot_id, merchant_id) VALUES ($1, $2)";
static const char PILOT_CRIT_INS[] =
	"INSERT INTO pilot_criteria (pilot_id, seq, metric, threshold) VALUES ($1, $2, $3, $4)";

enum clario_status store_programme_pilot_create(struct store *s, const struct store_pilot *p,
						const int64_t *merchants, size_t n_merchants,
						int64_t now, int64_t *id, struct clario_err *err)
{
	/* Duplicates are caught here: a pipelined PostgreSQL insert would only
	 * report its conflict later, as a generic one. */
	for (size_t i = 0; i < n_merchants; i++)
		for (size_t k = 0; k < i; k++)
			if (merchants[k] == merchants[i])
				return clario_err_set(err, CLARIO_EINVAL, "merchants[%zu]: listed twice", i);
	enum clario_status st = store_begin(s, err);
	if (st)
		return st;
	st = sql_one_int(s, PILOT_INS, "creating a pilot",
			 SQL_ARGS(SQL_I(p->partner_id), SQL_T(p->name), SQL_I(p->start_day),
				  SQL_I(p->end_day), SQL_I(p->active_days), SQL_I(p->weeks_required),
				  SQL_I(p->weeks_window), SQL_I(now)),
			 id, err);
	for (size_t i = 0; i < n_merchants && st == CLARIO_OK; i++) {
		int64_t owner = -1;
		st = sql_one_int(s, PILOT_MERCHANT_OF, "reading a cohort merchant",
				 SQL_ARGS(SQL_I(merchants[i])), &owner, err);
		if (st == CLARIO_ENOTFOUND || (st == CLARIO_OK && owner != p->partner_id))
			st = clario_err_set(err, CLARIO_EINVAL,
					    "merchants[%zu]: merchant %lld is not one of the partner's",
					    i, (long long)merchants[i]);
		if (st == CLARIO_OK)
			st = sql_exec(s, PILOT_MERCHANT_INS, "adding a cohort merchant",
				      SQL_ARGS(SQL_I(*id), SQL_I(merchants[i])), NULL, err);
	}
	for (size_t i = 0; i < p->n_criteria && st == CLARIO_OK; i++)
		st = sql_exec(s, PILOT_CRIT_INS, "adding a pilot criterion",
			      SQL_ARGS(SQL_I(*id), SQL_I(i), SQL_T(p->criteria[i].metric),
				       SQL_I(p->criteria[i].threshold)),
			      NULL, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	else
		store_rollback(s);
	return st;
}

static enum clario_status pilot_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_pilot *p = grow_next(ctx, err);
	if (!p)
		return CLARIO_ENOMEM;
	p->id = sql_int(r, 0);
	p->partner_id = sql_int(r, 1);
	sql_copy(r, 2, p->name, sizeof p->name);
	p->start_day = (int32_t)sql_int(r, 3);
	p->end_day = (int32_t)sql_int(r, 4);
	p->active_days = (int)sql_int(r, 5);
	p->weeks_required = (int)sql_int(r, 6);
	p->weeks_window = (int)sql_int(r, 7);
	return CLARIO_OK;
}

static enum clario_status crit_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct store_pilot *p = ctx;
	if (p->n_criteria < STORE_PILOT_MAX_CRITERIA) {
		struct store_pilot_criterion *c = &p->criteria[p->n_criteria++];
		sql_copy(r, 0, c->metric, sizeof c->metric);
		c->threshold = sql_int(r, 1);
	}
	return CLARIO_OK;
}

static const char PILOT_SEL[] =
	"SELECT id, partner_id, name, start_day, end_day, active_days, weeks_required, weeks_window"
	" FROM pilots WHERE (CAST($1 AS BIGINT) < 0 OR partner_id = $1)"
	" AND (CAST($2 AS BIGINT) = 0 OR id = $2) ORDER BY id";
static const char CRIT_SEL[] =
	"SELECT metric, threshold FROM pilot_criteria WHERE pilot_id = $1 ORDER BY seq";

static enum clario_status pilots_read(struct store *s, int64_t partner_id, int64_t id,
				      struct store_pilot **out, size_t *n, struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(s, PILOT_SEL, "reading pilots",
					  SQL_ARGS(SQL_I(partner_id), SQL_I(id)), pilot_row, &g, err);
	struct store_pilot *list = g.items;
	for (size_t i = 0; st == CLARIO_OK && i < g.n; i++)
		st = sql_query(s, CRIT_SEL, "reading pilot criteria", SQL_ARGS(SQL_I(list[i].id)),
			       crit_row, &list[i], err);
	return grow_done(st, &g, out, n);
}

enum clario_status store_programme_pilot_get(struct store *s, int64_t id, struct store_pilot *out,
					     struct clario_err *err)
{
	struct store_pilot *list = NULL;
	size_t n = 0;
	enum clario_status st = id > 0 ? pilots_read(s, -1, id, &list, &n, err) : CLARIO_OK;
	if (st == CLARIO_OK && n == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such pilot");
	if (st == CLARIO_OK)
		*out = list[0];
	free(list);
	return st;
}

enum clario_status store_programme_pilot_list(struct store *s, int64_t partner_id,
					      struct store_pilot **out, size_t *n,
					      struct clario_err *err)
{
	return pilots_read(s, partner_id, 0, out, n, err);
}

static enum clario_status id_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	int64_t *v = grow_next(ctx, err);
	if (!v)
		return CLARIO_ENOMEM;
	*v = sql_int(r, 0);
	return CLARIO_OK;
}

enum clario_status store_programme_pilot_cohort(struct store *s, int64_t pilot_id, int64_t **out,
						size_t *n, struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(
		s, "SELECT merchant_id FROM pilot_merchants WHERE pilot_id = $1 ORDER BY merchant_id",
		"reading a pilot cohort", SQL_ARGS(SQL_I(pilot_id)), id_row, &g, err);
	return grow_done(st, &g, out, n);
}

/* ---- surveys ---- */

enum clario_status store_programme_survey_create(struct store *s, struct store_survey *sv,
						 struct clario_err *err)
{
	return sql_one_int(s,
			   "INSERT INTO surveys (audience, partner_id, pilot_id, title, created_at)"
			   " VALUES ($1, $2, $3, $4, $5) RETURNING id",
			   "creating a survey",
			   SQL_ARGS(SQL_T(sv->audience), SQL_ID(sv->partner_id), SQL_ID(sv->pilot_id),
				    SQL_T(sv->title), SQL_I(sv->created_at)),
			   &sv->id, err);
}

static enum clario_status survey_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct store_survey *sv = ctx;
	sv->id = sql_int(r, 0);
	sql_copy(r, 1, sv->audience, sizeof sv->audience);
	sv->partner_id = sql_int(r, 2);
	sv->pilot_id = sql_int(r, 3);
	sql_copy(r, 4, sv->title, sizeof sv->title);
	sv->created_at = sql_int(r, 5);
	return CLARIO_OK;
}

enum clario_status store_programme_survey_get(struct store *s, int64_t id, struct store_survey *out,
					      struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	enum clario_status st = sql_query(
		s, "SELECT id, audience, partner_id, pilot_id, title, created_at FROM surveys WHERE id = $1",
		"reading a survey", SQL_ARGS(SQL_I(id)), survey_row, out, err);
	if (st == CLARIO_OK && out->id == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such survey");
	return st;
}

static const char INVITE_INS[] =
	"INSERT INTO survey_invites (survey_id, merchant_id, partner_id, contact, token_hash, sent_at)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

enum clario_status store_programme_invite_merchant(struct store *s, int64_t survey_id,
						   int64_t merchant_id, int64_t partner_id,
						   const unsigned char hash[32], int64_t now,
						   int64_t throttle_since, bool *skipped,
						   struct clario_err *err)
{
	int64_t recent = 0;
	*skipped = false;
	enum clario_status st = store_begin(s, err);
	if (st)
		return st;
	st = sql_one_int(s,
			 "SELECT count(*) FROM survey_invites WHERE merchant_id = $1 AND sent_at > $2",
			 "checking the survey throttle", SQL_ARGS(SQL_I(merchant_id), SQL_I(throttle_since)),
			 &recent, err);
	if (st == CLARIO_OK && recent > 0)
		*skipped = true;
	else if (st == CLARIO_OK)
		st = sql_exec(s, INVITE_INS, "inviting a merchant",
			      SQL_ARGS(SQL_I(survey_id), SQL_I(merchant_id), SQL_ID(partner_id), SQL_NUL,
				       SQL_B(hash, 32), SQL_I(now)),
			      NULL, err);
	if (st == CLARIO_OK)
		st = store_commit(s, err);
	else
		store_rollback(s);
	return st;
}

enum clario_status store_programme_invite_contact(struct store *s, int64_t survey_id,
						  int64_t partner_id, const char *contact,
						  const unsigned char hash[32], int64_t now,
						  struct clario_err *err)
{
	return sql_exec(s, INVITE_INS, "inviting a partner contact",
			SQL_ARGS(SQL_I(survey_id), SQL_NUL, SQL_I(partner_id), SQL_T(contact),
				 SQL_B(hash, 32), SQL_I(now)),
			NULL, err);
}

enum clario_status store_programme_answer(struct store *s, const unsigned char hash[32], int score,
					  const char *comment, int64_t now, struct clario_err *err)
{
	int64_t changed = 0, exists = 0;
	enum clario_status st = sql_exec(
		s,
		"UPDATE survey_invites SET answered_at = $1, score = $2, comment = $3"
		" WHERE token_hash = $4 AND answered_at IS NULL",
		"recording a survey answer",
		SQL_ARGS(SQL_I(now), SQL_I(score), SQL_T(comment), SQL_B(hash, 32)), &changed, err);
	if (st == CLARIO_OK && changed == 0) {
		st = sql_one_int(s, "SELECT count(*) FROM survey_invites WHERE token_hash = $1",
				 "reading a survey link", SQL_ARGS(SQL_B(hash, 32)), &exists, err);
		if (st == CLARIO_OK)
			st = exists ? clario_err_set(err, CLARIO_ECONFLICT,
						     "this survey link has already been answered")
				    : clario_err_set(err, CLARIO_ENOTFOUND, "no such survey link");
	}
	return st;
}

static enum clario_status survey_result_row(void *ctx, const struct sql_row *r,
					    struct clario_err *err)
{
	struct store_survey_row *v = grow_next(ctx, err);
	if (!v)
		return CLARIO_ENOMEM;
	v->survey_id = sql_int(r, 0);
	v->invite_id = sql_int(r, 1);
	v->merchant_id = sql_int(r, 2);
	v->partner_id = sql_int(r, 3);
	v->pilot_id = sql_int(r, 4);
	sql_copy(r, 5, v->audience, sizeof v->audience);
	v->sent_at = sql_int(r, 6);
	v->answered_at = sql_int(r, 7);
	v->score = (int)sql_int(r, 8);
	sql_copy(r, 9, v->comment, sizeof v->comment);
	return CLARIO_OK;
}

static const char SURVEY_ROWS[] =
	"SELECT v.id, i.id, i.merchant_id, i.partner_id, v.pilot_id, v.audience, i.sent_at,"
	" i.answered_at, i.score, i.comment"
	" FROM survey_invites i JOIN surveys v ON v.id = i.survey_id"
	" WHERE (CAST($1 AS TEXT) = '' OR v.audience = $1)"
	"   AND (CAST($2 AS BIGINT) < 0 OR coalesce(i.partner_id, 0) = $2)"
	"   AND (CAST($3 AS BIGINT) = 0 OR v.id = $3) AND (CAST($4 AS BIGINT) = 0 OR v.pilot_id = $4)"
	"   AND i.sent_at >= $5 AND i.sent_at < $6"
	" ORDER BY i.sent_at, i.id";

enum clario_status store_programme_survey_rows(struct store *s, const struct store_survey_filter *f,
					       struct store_survey_row **out, size_t *n,
					       struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(
		s, SURVEY_ROWS, "reading survey results",
		SQL_ARGS(SQL_T(f->audience ? f->audience : ""), SQL_I(f->partner_id),
			 SQL_I(f->survey_id), SQL_I(f->pilot_id), SQL_I(f->from), SQL_I(f->to)),
		survey_result_row, &g, err);
	return grow_done(st, &g, out, n);
}

/* ---- support ---- */

enum clario_status store_programme_terms_set(struct store *s, const struct store_support_terms *t,
					     struct clario_err *err)
{
	return sql_exec(
		s,
		"INSERT INTO support_terms (partner_id, priority, handled_by, tz, open_s, close_s, days,"
		" response_s, resolution_s) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
		" ON CONFLICT (partner_id, priority) DO UPDATE SET handled_by = excluded.handled_by,"
		" tz = excluded.tz, open_s = excluded.open_s, close_s = excluded.close_s,"
		" days = excluded.days, response_s = excluded.response_s,"
		" resolution_s = excluded.resolution_s",
		"setting support terms",
		SQL_ARGS(SQL_I(t->partner_id), SQL_T(t->priority), SQL_T(t->handled_by), SQL_T(t->tz),
			 SQL_I(t->open_s), SQL_I(t->close_s), SQL_I(t->days), SQL_I(t->response_s),
			 SQL_I(t->resolution_s)),
		NULL, err);
}

static enum clario_status terms_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct store_support_terms *t = ctx;
	t->partner_id = sql_int(r, 0);
	sql_copy(r, 1, t->priority, sizeof t->priority);
	sql_copy(r, 2, t->handled_by, sizeof t->handled_by);
	sql_copy(r, 3, t->tz, sizeof t->tz);
	t->open_s = (int32_t)sql_int(r, 4);
	t->close_s = (int32_t)sql_int(r, 5);
	t->days = (unsigned)sql_int(r, 6);
	t->response_s = sql_int(r, 7);
	t->resolution_s = sql_int(r, 8);
	return CLARIO_OK;
}

enum clario_status store_programme_terms_get(struct store *s, int64_t partner_id,
					     const char *priority, struct store_support_terms *out,
					     struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	enum clario_status st = sql_query(
		s,
		"SELECT partner_id, priority, handled_by, tz, open_s, close_s, days, response_s,"
		" resolution_s FROM support_terms WHERE partner_id = $1 AND priority = $2",
		"reading support terms", SQL_ARGS(SQL_I(partner_id), SQL_T(priority)), terms_row, out,
		err);
	if (st == CLARIO_OK && !out->priority[0])
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no support terms for that priority");
	return st;
}

enum clario_status store_programme_ticket_create(struct store *s, struct store_support_ticket *t,
						 struct clario_err *err)
{
	return sql_one_int(
		s,
		"INSERT INTO support_tickets (merchant_id, partner_id, opened_by, assignee, priority,"
		" subject, opened_at, tz, open_s, close_s, days, response_s, resolution_s)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
		"opening a support ticket",
		SQL_ARGS(SQL_ID(t->merchant_id), SQL_ID(t->partner_id), SQL_T(t->opened_by),
			 SQL_T(t->assignee), SQL_T(t->priority), SQL_T(t->subject), SQL_I(t->opened_at),
			 SQL_T(t->tz), SQL_I(t->open_s), SQL_I(t->close_s), SQL_I(t->days),
			 SQL_I(t->response_s), SQL_I(t->resolution_s)),
		&t->id, err);
}

static enum clario_status ticket_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_support_ticket *t = grow_next(ctx, err);
	if (!t)
		return CLARIO_ENOMEM;
	t->id = sql_int(r, 0);
	t->merchant_id = sql_int(r, 1);
	t->partner_id = sql_int(r, 2);
	sql_copy(r, 3, t->opened_by, sizeof t->opened_by);
	sql_copy(r, 4, t->assignee, sizeof t->assignee);
	sql_copy(r, 5, t->priority, sizeof t->priority);
	sql_copy(r, 6, t->subject, sizeof t->subject);
	t->opened_at = sql_int(r, 7);
	t->first_response_at = sql_int(r, 8);
	t->resolved_at = sql_int(r, 9);
	sql_copy(r, 10, t->tz, sizeof t->tz);
	t->open_s = (int32_t)sql_int(r, 11);
	t->close_s = (int32_t)sql_int(r, 12);
	t->days = (unsigned)sql_int(r, 13);
	t->response_s = sql_int(r, 14);
	t->resolution_s = sql_int(r, 15);
	return CLARIO_OK;
}

static const char TICKET_SEL[] =
	"SELECT id, merchant_id, partner_id, opened_by, assignee, priority, subject, opened_at,"
	" first_response_at, resolved_at, tz, open_s, close_s, days, response_s, resolution_s"
	" FROM support_tickets"
	" WHERE (CAST($1 AS BIGINT) = 0 OR id = $1)"
	"   AND (CAST($2 AS BIGINT) < 0 OR coalesce(partner_id, 0) = $2)"
	"   AND opened_at >= $3 AND opened_at < $4 ORDER BY opened_at, id";

enum clario_status store_programme_ticket_get(struct store *s, int64_t id,
					      struct store_support_ticket *out, struct clario_err *err)
{
	struct grow g = {.size = sizeof *out};
	enum clario_status st = id > 0 ? sql_query(s, TICKET_SEL, "reading a support ticket",
						    SQL_ARGS(SQL_I(id), SQL_I(-1), SQL_I(INT64_MIN),
							     SQL_I(INT64_MAX)),
						    ticket_row, &g, err)
				       : CLARIO_OK;
	if (st == CLARIO_OK && g.n == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such support ticket");
	if (st == CLARIO_OK)
		*out = *(struct store_support_ticket *)g.items;
	free(g.items);
	return st;
}

enum clario_status store_programme_ticket_mark(struct store *s, int64_t id, bool resolve,
					       int64_t at, struct clario_err *err)
{
	int64_t changed = 0;
	enum clario_status st =
		resolve ? sql_exec(s,
				   "UPDATE support_tickets SET resolved_at = $2,"
				   " first_response_at = coalesce(first_response_at, $2)"
				   " WHERE id = $1 AND resolved_at IS NULL AND opened_at <= $2",
				   "resolving a support ticket", SQL_ARGS(SQL_I(id), SQL_I(at)),
				   &changed, err)
			: sql_exec(s,
				   "UPDATE support_tickets SET first_response_at = $2"
				   " WHERE id = $1 AND resolved_at IS NULL AND first_response_at IS NULL"
				   " AND opened_at <= $2",
				   "answering a support ticket", SQL_ARGS(SQL_I(id), SQL_I(at)),
				   &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ECONFLICT,
				    resolve ? "the ticket is already resolved (or the time is before it opened)"
					    : "the ticket already has its first response, is resolved,"
					      " or the time is before it opened");
	return st;
}

enum clario_status store_programme_ticket_list(struct store *s, int64_t partner_id, int64_t from,
					       int64_t to, struct store_support_ticket **out,
					       size_t *n, struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(s, TICKET_SEL, "reading support tickets",
					  SQL_ARGS(SQL_I(0), SQL_I(partner_id), SQL_I(from), SQL_I(to)),
					  ticket_row, &g, err);
	return grow_done(st, &g, out, n);
}

enum clario_status store_programme_partner_merchants(struct store *s, int64_t partner_id,
						     int64_t created_before, int64_t **out,
						     size_t *n, struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(
		s, "SELECT id FROM merchants WHERE partner_id = $1 AND created_at < $2 ORDER BY id",
		"reading a partner's merchants", SQL_ARGS(SQL_I(partner_id), SQL_I(created_before)),
		id_row, &g, err);
	return grow_done(st, &g, out, n);
}

/* ---- partners ---- */

static enum clario_status partner_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_partner *p = grow_next(ctx, err);
	if (!p)
		return CLARIO_ENOMEM;
	p->id = sql_int(r, 0);
	sql_copy(r, 1, p->code, sizeof p->code);
	sql_copy(r, 2, p->name, sizeof p->name);
	return CLARIO_OK;
}

enum clario_status store_programme_partners(struct store *s, struct store_partner **out, size_t *n,
					    struct clario_err *err)
{
	struct grow g = {.size = sizeof **out};
	enum clario_status st = sql_query(s, "SELECT id, code, name FROM partners ORDER BY id",
					  "reading partners", SQL_NOARGS, partner_row, &g, err);
	return grow_done(st, &g, out, n);
}
