/* GET /healthz: is the process up and does the database answer. */
#include "api/api.h"

void api_health(struct http_ctx *c)
{
	struct clario_err err = {0};
	if (store_ping(c->store, &err) != CLARIO_OK) {
		http_reply(c, 503, json_pack("{s:s, s:s}", "status", "unavailable", "store", err.msg));
		return;
	}
	http_reply(c, 200, json_pack("{s:s, s:s}", "status", "ok", "store",
				     store_backend_name(c->store)));
}
