/* Partner programme II endpoints (api/programme_*.c): usage, pilots, surveys,
 * support tickets, scorecards, risk. Scoping: admin sees all, a partner only
 * its own pilots, surveys, tickets and scorecard (others answer 404), a
 * merchant only its own usage and tickets. */
#ifndef CLARIO_API_PROGRAMME_H
#define CLARIO_API_PROGRAMME_H

#include "api/api.h"
#include "programme/report.h"

/* Records a use of Clario by merchant_id through this request's principal (a
 * partner principal's use is an embedded view). Never fails the request. */
void api_programme_note_usage(struct http_ctx *c, int64_t merchant_id, const char *kind);

/* ---- shared helpers (programme_common.c) ---- */
/* The instant "now": ?at=RFC3339 when given (reports of a past or planned
 * period), else the clock. */
enum clario_status api_programme_now(struct http_ctx *c, int64_t *out, struct clario_err *err);
/* ?month=YYYY-MM (required). */
enum clario_status api_programme_month(struct http_ctx *c, int32_t *out, struct clario_err *err);
/* The partner a request may look at: a partner principal always itself (asking
 * for another is CLARIO_ENOTFOUND); admin: ?partner=CODE or -1 for all. */
enum clario_status api_programme_partner(struct http_ctx *c, int64_t *out, struct clario_err *err);
json_t *api_programme_nps_json(const struct programme_nps *n);
json_t *api_programme_ratio_pct(struct programme_ratio r);

void api_usage_post(struct http_ctx *c);
void api_pilots_create(struct http_ctx *c);
void api_pilots_list(struct http_ctx *c);
void api_pilots_report(struct http_ctx *c);
void api_surveys_create(struct http_ctx *c);
void api_surveys_answer(struct http_ctx *c);
void api_surveys_results(struct http_ctx *c);
void api_support_terms_put(struct http_ctx *c);
void api_support_create(struct http_ctx *c);
void api_support_list(struct http_ctx *c);
void api_support_respond(struct http_ctx *c);
void api_support_resolve(struct http_ctx *c);
void api_scorecards_get(struct http_ctx *c);
void api_risk_get(struct http_ctx *c);

#endif
