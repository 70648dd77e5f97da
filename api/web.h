/* Helpers shared by the web application's handlers (api/web*.c). */
#ifndef CLARIO_API_WEB_H
#define CLARIO_API_WEB_H

#include "accounts/embed.h"
#include "http/http.h"

/* The merchant an embed token names, if it still belongs to the token's
 * partner (else CLARIO_EUNAUTH). */
enum clario_status api_web_embed_merchant(struct store *s, const struct accounts_embed *e,
					  struct store_merchant *m, struct clario_err *err);
/* The branding object pages get ({product, powered_by, primary, accent, logo,
 * partner}) for a partner, or Clario's own for partner_id 0. */
enum clario_status api_web_brand(struct http_ctx *c, int64_t partner_id, json_t **out,
				 struct clario_err *err);
/* The partner whose branding this request shows (0: Clario). */
int64_t api_web_brand_partner(struct http_ctx *c);

#endif
