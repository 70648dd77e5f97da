/* Support tickets: opened by a merchant, a partner or Clario staff, assigned
 * and timed by the partner's contract in force (support_by, SLA hours) within
 * the business hours and zone of its support terms (programme_ticket_assign),
 * answered and resolved by the assignee's side, listed per month with breach
 * flags and the escalation list. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/programme.h"

static const char *const priorities[] = {"low", "normal", "high", "urgent"};

static int priority_index(const char *p)
{
	for (int i = 0; p && i < 4; i++)
		if (strcmp(p, priorities[i]) == 0)
			return i;
	return -1;
}

/* ?at= is honoured for Clario staff only (back-filling, demos); others act now. */
static enum clario_status act_time(struct http_ctx *c, int64_t *out, struct clario_err *err)
{
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		*out = (int64_t)time(NULL);
		return CLARIO_OK;
	}
	return api_programme_now(c, out, err);
}

void api_support_terms_put(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff set support terms");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	struct store_support_terms t = {0};
	struct store_partner sp;
	struct programme_hours h;
	const struct tz_zone *z;
	const char *partner = json_string_value(json_object_get(body, "partner"));
	const char *prio = json_string_value(json_object_get(body, "priority"));
	const char *by = json_string_value(json_object_get(body, "handled_by"));
	const char *zone = json_string_value(json_object_get(body, "timezone"));
	json_t *resp = json_object_get(body, "first_response_hours");
	json_t *reso = json_object_get(body, "resolution_hours");
	enum clario_status st = CLARIO_OK;
	if (!partner || (st = store_partner_by_code(c->store, partner, &sp, &err)) != CLARIO_OK)
		st = clario_err_set(&err, CLARIO_EINVAL, "partner: want a partner code");
	else if (priority_index(prio) < 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "priority: must be low, normal, high or urgent");
	else if (!by || (strcmp(by, "partner") && strcmp(by, "clario")))
		st = clario_err_set(&err, CLARIO_EINVAL, "handled_by: must be partner or clario");
	else if (!zone || tz_zone_get(zone, &z, &err) != CLARIO_OK)
		st = clario_err_set(&err, CLARIO_EINVAL, "timezone: want an IANA zone such as Asia/Jakarta");
	else if (!json_is_integer(resp) || json_integer_value(resp) < 0 ||
		 json_integer_value(resp) > 10000 || !json_is_integer(reso) ||
		 json_integer_value(reso) < 0 || json_integer_value(reso) > 10000)
		st = clario_err_set(&err, CLARIO_EINVAL,
				    "first_response_hours, resolution_hours: whole business hours 0..10000");
	else
		st = programme_hours_parse(json_string_value(json_object_get(body, "hours"))
						   ? json_string_value(json_object_get(body, "hours"))
						   : "09:00-17:00",
					   json_string_value(json_object_get(body, "days")), &h, &err);
	if (st == CLARIO_OK) {
		t.partner_id = sp.id;
		snprintf(t.priority, sizeof t.priority, "%s", prio);
		snprintf(t.handled_by, sizeof t.handled_by, "%s", by);
		snprintf(t.tz, sizeof t.tz, "%s", zone);
		t.open_s = h.open;
		t.close_s = h.close;
		t.days = h.days;
		t.response_s = (int64_t)json_integer_value(resp) * 3600;
		t.resolution_s = (int64_t)json_integer_value(reso) * 3600;
		st = store_programme_terms_set(c->store, &t, &err);
	}
	json_decref(body);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:s, s:s, s:s}", "partner", sp.code, "priority", t.priority,
				     "handled_by", t.handled_by));
}

static json_t *ticket_json(const struct programme_ticket_state *s)
{
	char o[21], r[21], f[21], rd[21], fd[21];
	tz_format_rfc3339_utc(s->t.opened_at, o);
	if (s->t.first_response_at)
		tz_format_rfc3339_utc(s->t.first_response_at, f);
	if (s->t.resolved_at)
		tz_format_rfc3339_utc(s->t.resolved_at, r);
	if (s->sla.response_due)
		tz_format_rfc3339_utc(s->sla.response_due, fd);
	if (s->sla.resolution_due)
		tz_format_rfc3339_utc(s->sla.resolution_due, rd);
	return json_pack(
		"{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:{s:o, s:I, s:b, s:o, s:I, s:b, s:b}}",
		"id", (json_int_t)s->t.id, "merchant_id",
		s->t.merchant_id ? json_integer(s->t.merchant_id) : json_null(), "partner_id",
		s->t.partner_id ? json_integer(s->t.partner_id) : json_null(), "opened_by",
		s->t.opened_by, "assignee", s->t.assignee, "priority", s->t.priority, "subject",
		s->t.subject, "opened_at", o, "first_response_at",
		s->t.first_response_at ? json_string(f) : json_null(), "resolved_at",
		s->t.resolved_at ? json_string(r) : json_null(), "sla", "first_response_due",
		s->sla.response_due ? json_string(fd) : json_null(), "first_response_business_seconds",
		(json_int_t)s->sla.response_used, "first_response_breached", s->sla.response_breached,
		"resolution_due", s->sla.resolution_due ? json_string(rd) : json_null(),
		"resolution_business_seconds", (json_int_t)s->sla.resolution_used,
		"resolution_breached", s->sla.resolution_breached, "escalate", s->sla.escalate);
}

void api_support_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	json_t *body = api_body_object(c);
	if (!body)
		return;
	struct store_support_ticket t = {0};
	struct store_merchant m;
	const char *prio = json_string_value(json_object_get(body, "priority"));
	const char *subject = json_string_value(json_object_get(body, "subject"));
	json_t *mj = json_object_get(body, "merchant_id");
	prio = prio ? prio : "normal";
	int pi = priority_index(prio);
	enum clario_status st = act_time(c, &t.opened_at, &err);
	if (st == CLARIO_OK && pi < 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "priority: must be low, normal, high or urgent");
	if (st == CLARIO_OK && (!subject || !*subject || strlen(subject) > 256))
		st = clario_err_set(&err, CLARIO_EINVAL, "subject: is required (1-256 bytes)");
	if (st == CLARIO_OK) {
		if (p->kind == PRINCIPAL_MERCHANT) {
			st = api_scope_merchant(c, p->merchant_id, &m, &err);
			t.merchant_id = m.id;
			t.partner_id = m.partner_id;
		} else if (mj) {
			if (!json_is_integer(mj))
				st = clario_err_set(&err, CLARIO_EINVAL, "merchant_id: want a merchant id");
			else
				st = api_scope_merchant(c, (int64_t)json_integer_value(mj), &m, &err);
			t.merchant_id = m.id;
			t.partner_id = m.partner_id;
		} else if (p->kind == PRINCIPAL_PARTNER) {
			t.partner_id = p->partner_id;
		} else {
			st = clario_err_set(&err, CLARIO_EINVAL, "merchant_id: is required for Clario staff");
		}
	}
	if (st == CLARIO_OK) {
		snprintf(t.opened_by, sizeof t.opened_by, "%s",
			 p->kind == PRINCIPAL_MERCHANT ? "merchant"
			 : p->kind == PRINCIPAL_PARTNER ? "partner" : "clario");
		snprintf(t.priority, sizeof t.priority, "%s", prio);
		snprintf(t.subject, sizeof t.subject, "%s", subject);
		st = programme_ticket_assign(c->store, &t, &err);
	}
	if (st == CLARIO_OK)
		st = store_programme_ticket_create(c->store, &t, &err);
	json_decref(body);
	struct programme_ticket_state s = {.t = t};
	if (st == CLARIO_OK) {
		struct programme_ticket_state *one = NULL;
		size_t n = 0;
		st = programme_tickets(c->store, t.partner_id, t.opened_at, t.opened_at + 1, t.opened_at,
				       &one, &n, &err);
		for (size_t i = 0; i < n; i++)
			if (one[i].t.id == t.id)
				s = one[i];
		free(one);
	}
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 201, ticket_json(&s));
}

/* The ticket if the caller may see it (another tenant's answers 404). */
static enum clario_status scoped_ticket(struct http_ctx *c, int64_t id,
					struct store_support_ticket *t, struct clario_err *err)
{
	const struct principal *p = c->principal;
	enum clario_status st = store_programme_ticket_get(c->store, id, t, err);
	bool ok = st == CLARIO_OK &&
		  (p->kind == PRINCIPAL_ADMIN ||
		   (p->kind == PRINCIPAL_PARTNER && t->partner_id == p->partner_id) ||
		   (p->kind == PRINCIPAL_MERCHANT && t->merchant_id == p->merchant_id));
	if (st == CLARIO_OK && !ok)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such support ticket");
	return st;
}

static void mark(struct http_ctx *c, bool resolve)
{
	struct clario_err err = {0};
	struct store_support_ticket t;
	int64_t at = 0;
	enum clario_status st = scoped_ticket(c, c->params[0], &t, &err);
	if (st == CLARIO_OK && c->principal->kind == PRINCIPAL_MERCHANT)
		st = clario_err_set(&err, CLARIO_EFORBIDDEN,
				    "the partner or Clario answers and resolves tickets");
	if (st == CLARIO_OK && c->principal->kind == PRINCIPAL_PARTNER &&
	    strcmp(t.assignee, "partner") != 0)
		st = clario_err_set(&err, CLARIO_EFORBIDDEN, "this ticket is Clario's to handle");
	if (st == CLARIO_OK)
		st = act_time(c, &at, &err);
	if (st == CLARIO_OK)
		st = store_programme_ticket_mark(c->store, t.id, resolve, at, &err);
	struct programme_ticket_state *one = NULL;
	size_t n = 0;
	if (st == CLARIO_OK)
		st = programme_tickets(c->store, t.partner_id, t.opened_at, t.opened_at + 1, at, &one,
				       &n, &err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++)
		if (one[i].t.id == t.id) {
			http_reply(c, 200, ticket_json(&one[i]));
			free(one);
			return;
		}
	free(one);
	if (st == CLARIO_OK)
		st = clario_err_set(&err, CLARIO_EINTERNAL, "the ticket vanished");
	http_error(c, st, "%s", err.msg);
}

void api_support_respond(struct http_ctx *c)
{
	mark(c, false);
}

void api_support_resolve(struct http_ctx *c)
{
	mark(c, true);
}

void api_support_list(struct http_ctx *c)
{
	struct clario_err err = {0};
	const struct principal *p = c->principal;
	int32_t month = 0;
	int64_t partner = -1, now = 0;
	struct programme_ticket_state *list = NULL;
	size_t n = 0;
	enum clario_status st = api_programme_month(c, &month, &err);
	if (st == CLARIO_OK && p->kind != PRINCIPAL_MERCHANT)
		st = api_programme_partner(c, &partner, &err);
	if (st == CLARIO_OK)
		st = api_programme_now(c, &now, &err);
	if (st == CLARIO_OK)
		st = programme_tickets(c->store, partner,
				       programme_month_first_day(month) * 86400LL - 7 * 3600,
				       programme_month_first_day(month + 1) * 86400LL - 7 * 3600, now,
				       &list, &n, &err);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	bool only_escalations = http_query(c, "escalations") != NULL;
	int64_t total = 0, breached = 0, escalations = 0;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (p->kind == PRINCIPAL_MERCHANT && list[i].t.merchant_id != p->merchant_id)
			continue;
		bool b = list[i].sla.response_breached || list[i].sla.resolution_breached;
		total++;
		breached += b;
		escalations += list[i].sla.escalate;
		if (!only_escalations || list[i].sla.escalate)
			json_array_append_new(arr, ticket_json(&list[i]));
	}
	free(list);
	char ms[8];
	programme_month_format(month, ms);
	http_reply(c, 200, json_pack("{s:s, s:I, s:I, s:I, s:o}", "month", ms, "total",
				     (json_int_t)total, "breached", (json_int_t)breached, "escalations",
				     (json_int_t)escalations, "tickets", arr));
}
