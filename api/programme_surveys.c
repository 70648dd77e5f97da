/* NPS surveys: create one and its links (Clario staff), answer through a link
 * (public: the unguessable link is the credential; one answer each), and
 * results — NPS, mean, response rate, counts — overall, by partner, by month. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/programme.h"
#include "store/billing.h"
#include "programme/token.h"

#define THROTTLE_DAYS 90

static enum clario_status invite_merchants(struct http_ctx *c, const struct store_survey *sv,
					   const int64_t *ids, size_t n, int64_t now, json_t *invited,
					   json_t *skipped, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	for (size_t i = 0; i < n && st == CLARIO_OK; i++) {
		struct store_merchant m;
		char token[PROGRAMME_TOKEN_LEN + 1];
		unsigned char hash[32];
		bool skip = false;
		st = store_merchant_get(c->store, ids[i], &m, err);
		if (st == CLARIO_ENOTFOUND || (st == CLARIO_OK && sv->partner_id &&
					       m.partner_id != sv->partner_id)) {
			st = clario_err_set(err, CLARIO_EINVAL,
					    "merchants[%zu]: merchant %lld is not one of the partner's", i,
					    (long long)ids[i]);
			break;
		}
		programme_token_new(token, hash);
		if (st == CLARIO_OK)
			st = store_programme_invite_merchant(c->store, sv->id, m.id, m.partner_id, hash,
							     now, now - THROTTLE_DAYS * 86400LL, &skip,
							     err);
		if (st == CLARIO_OK && skip)
			json_array_append_new(skipped, json_pack("{s:I, s:s}", "merchant_id",
								 (json_int_t)m.id, "reason",
								 "asked within the last 90 days"));
		else if (st == CLARIO_OK)
			json_array_append_new(invited, json_pack("{s:I, s:s}", "merchant_id",
								 (json_int_t)m.id, "token", token));
	}
	return st;
}

void api_surveys_create(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (c->principal->kind != PRINCIPAL_ADMIN) {
		http_error(c, CLARIO_EFORBIDDEN, "only Clario staff send surveys");
		return;
	}
	json_t *body = api_body_object(c);
	if (!body)
		return;
	struct store_survey sv = {0};
	struct store_partner sp = {0};
	struct store_pilot pilot;
	int64_t now = 0, *ids = NULL;
	size_t n_ids = 0;
	json_t *invited = json_array(), *skipped = json_array();
	const char *audience = json_string_value(json_object_get(body, "audience"));
	const char *partner = json_string_value(json_object_get(body, "partner"));
	const char *title = json_string_value(json_object_get(body, "title"));
	json_t *pj = json_object_get(body, "pilot"), *ms = json_object_get(body, "merchants");
	json_t *contacts = json_object_get(body, "contacts");
	enum clario_status st = api_programme_now(c, &now, &err);
	if (st == CLARIO_OK && (!audience || (strcmp(audience, "merchant") && strcmp(audience, "partner"))))
		st = clario_err_set(&err, CLARIO_EINVAL, "audience: must be merchant or partner");
	if (st == CLARIO_OK && !partner)
		st = clario_err_set(&err, CLARIO_EINVAL, "partner: is required (a partner code)");
	if (st == CLARIO_OK &&
	    (st = store_partner_by_code(c->store, partner, &sp, &err)) == CLARIO_ENOTFOUND)
		st = clario_err_set(&err, CLARIO_EINVAL, "partner: no partner \"%s\"", partner);
	if (st == CLARIO_OK && (!title || !*title || strlen(title) > 128))
		st = clario_err_set(&err, CLARIO_EINVAL, "title: is required (1-128 bytes)");
	if (st == CLARIO_OK && pj) {
		if (!json_is_integer(pj) ||
		    store_programme_pilot_get(c->store, (int64_t)json_integer_value(pj), &pilot, &err) ||
		    pilot.partner_id != sp.id)
			st = clario_err_set(&err, CLARIO_EINVAL, "pilot: not a pilot of this partner");
		else
			sv.pilot_id = pilot.id;
	}
	if (st == CLARIO_OK) {
		snprintf(sv.audience, sizeof sv.audience, "%s", audience);
		snprintf(sv.title, sizeof sv.title, "%s", title);
		sv.partner_id = sp.id;
		sv.created_at = now;
		st = store_programme_survey_create(c->store, &sv, &err);
	}
	if (st == CLARIO_OK && strcmp(audience, "merchant") == 0) {
		if (ms) {
			if (!json_is_array(ms) || json_array_size(ms) > 10000)
				st = clario_err_set(&err, CLARIO_EINVAL, "merchants: want an array of ids");
			else if (!(ids = calloc(json_array_size(ms) + 1, sizeof *ids)))
				st = clario_err_set(&err, CLARIO_ENOMEM, "out of memory");
			for (size_t i = 0; st == CLARIO_OK && i < json_array_size(ms); i++)
				ids[n_ids++] = (int64_t)json_integer_value(json_array_get(ms, i));
		} else if (sv.pilot_id) {
			st = store_programme_pilot_cohort(c->store, sv.pilot_id, &ids, &n_ids, &err);
		} else {
			st = store_programme_partner_merchants(c->store, sp.id, INT64_MAX, &ids, &n_ids,
							       &err);
		}
		if (st == CLARIO_OK)
			st = invite_merchants(c, &sv, ids, n_ids, now, invited, skipped, &err);
	} else if (st == CLARIO_OK) {
		/* without a list: the partner's contacts kept by billing */
		json_t *kept = NULL;
		if (!contacts) {
			struct store_contact *list = NULL;
			size_t n_list = 0;
			st = store_billing_contact_list(c->store, sp.id, &list, &n_list, &err);
			kept = json_array();
			for (size_t i = 0; st == CLARIO_OK && i < n_list; i++)
				json_array_append_new(kept, json_string(list[i].email[0] ? list[i].email
											: list[i].name));
			free(list);
			json_object_set_new(body, "contacts", kept);
			contacts = kept;
		}
		if (st == CLARIO_OK && (!json_is_array(contacts) || json_array_size(contacts) == 0))
			st = clario_err_set(&err, CLARIO_EINVAL,
					    "contacts: a partner survey needs contacts (none given and"
					    " the partner has none in billing)");
		for (size_t i = 0; st == CLARIO_OK && i < json_array_size(contacts); i++) {
			const char *who = json_string_value(json_array_get(contacts, i));
			char token[PROGRAMME_TOKEN_LEN + 1];
			unsigned char hash[32];
			if (!who || !*who || strlen(who) > 256) {
				st = clario_err_set(&err, CLARIO_EINVAL, "contacts[%zu]: want a name or email", i);
				break;
			}
			programme_token_new(token, hash);
			st = store_programme_invite_contact(c->store, sv.id, sp.id, who, hash, now, &err);
			if (st == CLARIO_ECONFLICT)
				st = clario_err_set(&err, CLARIO_EINVAL, "contacts[%zu]: listed twice", i);
			if (st == CLARIO_OK)
				json_array_append_new(invited, json_pack("{s:s, s:s}", "contact", who,
									 "token", token));
		}
	}
	free(ids);
	json_decref(body);
	if (st) {
		json_decref(invited);
		json_decref(skipped);
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 201, json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)sv.id, "audience",
				     sv.audience, "partner", sp.code, "invited", invited, "skipped",
				     skipped));
}

void api_surveys_answer(struct http_ctx *c)
{
	struct clario_err err = {0};
	json_t *body = api_body_object(c);
	if (!body)
		return;
	const char *token = json_string_value(json_object_get(body, "token"));
	json_t *score = json_object_get(body, "score");
	json_t *cj = json_object_get(body, "comment");
	const char *comment = json_string_value(cj);
	unsigned char hash[32];
	enum clario_status st = CLARIO_OK;
	if (!programme_token_hash(token, hash))
		st = clario_err_set(&err, CLARIO_ENOTFOUND, "no such survey link");
	else if (!json_is_integer(score) || json_integer_value(score) < 0 ||
		 json_integer_value(score) > 10)
		st = clario_err_set(&err, CLARIO_EINVAL, "score: must be a whole number 0..10");
	else if ((cj && !json_is_null(cj) && !comment) || (comment && strlen(comment) > 2000))
		st = clario_err_set(&err, CLARIO_EINVAL, "comment: want text of at most 2000 bytes");
	else
		st = store_programme_answer(c->store, hash, (int)json_integer_value(score), comment,
					    (int64_t)time(NULL), &err);
	json_decref(body);
	if (st) {
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 201, json_pack("{s:s}", "status", "thank you"));
}

static json_t *results_json(const struct programme_survey_results *r)
{
	json_t *o = api_programme_nps_json(&r->nps);
	json_object_set_new(o, "invited", json_integer(r->invited));
	json_object_set_new(o, "response_rate_pct", api_programme_ratio_pct(r->response_rate));
	return o;
}

void api_surveys_results(struct http_ctx *c)
{
	struct clario_err err = {0};
	struct store_survey_filter f = {.from = INT64_MIN, .to = INT64_MAX};
	const char *from = http_query(c, "from"), *to = http_query(c, "to");
	const char *pilot = http_query(c, "pilot"), *survey = http_query(c, "survey");
	int32_t m0 = 0, m1 = 0;
	f.audience = http_query(c, "audience");
	enum clario_status st = api_programme_partner(c, &f.partner_id, &err);
	if (st == CLARIO_OK && f.audience && strcmp(f.audience, "merchant") &&
	    strcmp(f.audience, "partner"))
		st = clario_err_set(&err, CLARIO_EINVAL, "audience: must be merchant or partner");
	if (st == CLARIO_OK && pilot && (f.pilot_id = strtoll(pilot, NULL, 10)) <= 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "pilot: want a pilot id");
	if (st == CLARIO_OK && survey && (f.survey_id = strtoll(survey, NULL, 10)) <= 0)
		st = clario_err_set(&err, CLARIO_EINVAL, "survey: want a survey id");
	if (st == CLARIO_OK && (!from || !to))
		st = clario_err_set(&err, CLARIO_EINVAL, "from, to: are required (YYYY-MM)");
	if (st == CLARIO_OK && !(st = programme_month_parse(from, &m0, &err)) &&
	    !(st = programme_month_parse(to, &m1, &err)) && (m1 < m0 || m1 - m0 > 36))
		st = clario_err_set(&err, CLARIO_EINVAL, "to: want 0-36 months after from");
	struct programme_survey_results all;
	json_t *months = json_array(), *partners = json_array();
	if (st == CLARIO_OK) {
		f.from = programme_month_first_day(m0) * 86400LL - 7 * 3600;
		f.to = programme_month_first_day(m1 + 1) * 86400LL - 7 * 3600;
		st = programme_survey_results(c->store, &f, &all, &err);
	}
	for (int32_t m = m0; st == CLARIO_OK && m <= m1; m++) {
		struct store_survey_filter fm = f;
		struct programme_survey_results r;
		char ms[8];
		fm.from = programme_month_first_day(m) * 86400LL - 7 * 3600;
		fm.to = programme_month_first_day(m + 1) * 86400LL - 7 * 3600;
		if ((st = programme_survey_results(c->store, &fm, &r, &err)) == CLARIO_OK) {
			programme_month_format(m, ms);
			json_t *o = results_json(&r);
			json_object_set_new(o, "month", json_string(ms));
			json_array_append_new(months, o);
		}
	}
	struct store_partner *plist = NULL;
	size_t np = 0;
	if (st == CLARIO_OK)
		st = store_programme_partners(c->store, &plist, &np, &err);
	for (size_t i = 0; st == CLARIO_OK && i < np; i++) {
		if (f.partner_id > 0 && plist[i].id != f.partner_id)
			continue;
		struct store_survey_filter fp = f;
		struct programme_survey_results r;
		fp.partner_id = plist[i].id;
		if ((st = programme_survey_results(c->store, &fp, &r, &err)) == CLARIO_OK && r.invited) {
			json_t *o = results_json(&r);
			json_object_set_new(o, "partner", json_string(plist[i].code));
			json_array_append_new(partners, o);
		}
	}
	free(plist);
	if (st) {
		json_decref(months);
		json_decref(partners);
		http_error(c, st, "%s", err.msg);
		return;
	}
	http_reply(c, 200, json_pack("{s:o, s:o, s:o}", "overall", results_json(&all), "by_partner",
				     partners, "by_month", months));
}
