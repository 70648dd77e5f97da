/* Pull sync of Moka, Pawoon and Olsera (see sync.h). Each page: fetch, adapt,
 * then one transaction with the documents, the bad items' dead letters and the
 * outlet's next cursor. Cursors: Moka "next=<next_url>" while paging, then
 * "since=<epoch>"; Pawoon and Olsera "<YYYY-MM-DD>|<page>". */
#include "connectors/sync.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "connectors/client.h"
#include "connectors/moka/moka.h"
#include "connectors/olsera/olsera.h"
#include "connectors/pawoon/pawoon.h"
#include "store/connections.h"

#define REFRESH_MARGIN 300 /* refresh a token this many seconds before it expires */
#define MOKA_OVERLAP 300   /* each Moka pass re-reads this much of the last one */
#define DEFAULT_DAYS 7     /* first sync without --since: this many days back */
#define PAGE_DOCS_MAX 1000

struct bad {
	char *raw;
	char reason[CLARIO_ERR_MSG_MAX];
};

struct sync_ctx {
	struct store *s;
	struct connectors_client *http;
	const struct connectors_sync_opts *o;
	struct connectors_sync_report *rep;
	struct store_connection conn;
	json_t *sec;          /* decrypted secrets */
	instant_t now;
	instant_t newest;     /* newest sale seen this run */
	const char *vendor;
	/* the page being built */
	struct arena a;
	struct connectors_doc docs[PAGE_DOCS_MAX];
	size_t n_docs;
	struct bad bad[PAGE_DOCS_MAX];
	size_t n_bad;
};

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

const char *connectors_base_url(enum connectors_vendor v)
{
	switch (v) {
	case CONNECTORS_MOKA: return env_or("CLARIO_MOKA_URL", "https://api.mokapos.com");
	case CONNECTORS_PAWOON: return env_or("CLARIO_PAWOON_URL", "https://open-api.pawoon.com");
	default: return env_or("CLARIO_OLSERA_URL", "https://api-open.olsera.co.id/api/open-api/v1/id");
	}
}

static int page_size(void)
{
	const char *v = getenv("CLARIO_SYNC_PAGE_SIZE");
	long n = v ? strtol(v, NULL, 10) : 100;
	return n >= 1 && n <= PAGE_DOCS_MAX ? (int)n : 100;
}

static const char *sec_str(struct sync_ctx *c, const char *k)
{
	const char *v = json_string_value(json_object_get(c->sec, k));
	return v ? v : "";
}

/* Commits the secrets at once, in their own statement: a rotated refresh
 * token must be durable before anything uses it. */
static enum clario_status save_secrets(struct sync_ctx *c, instant_t expires_at,
				       struct clario_err *err)
{
	char *text = json_dumps(c->sec, JSON_COMPACT);
	if (!text)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = store_connections_set_secrets(c->s, c->conn.id, text, expires_at,
							      c->now, err);
	free(text);
	if (st == CLARIO_OK)
		c->conn.token_expires_at = expires_at;
	return st;
}

/* Reads a JSON answer (numbers kept exact). */
static enum clario_status parse(const struct connectors_resp *r, const char *what, json_t **out,
				struct clario_err *err)
{
	*out = connectors_json_load(r->body, r->len, CONNECTORS_BODY_MAX, err);
	if (!*out) {
		clario_err_prefix(err, "%s: ", what);
		return CLARIO_EIO;
	}
	return CLARIO_OK;
}

/* ---- tokens ---- */

static enum clario_status take_token(struct sync_ctx *c, const struct connectors_resp *r,
				     const char *who, bool rotating, struct clario_err *err)
{
	json_t *j = NULL;
	enum clario_status st;
	if (r->status == 400 || r->status == 401 || r->status == 403) {
		return clario_err_set(err, CLARIO_EUNAUTH,
				      "%s refused our credentials (HTTP %ld): reconnect the merchant", who,
				      r->status);
	}
	if (r->status != 200)
		return clario_err_set(err, CLARIO_EIO, "%s token endpoint answered HTTP %ld", who, r->status);
	if ((st = parse(r, "token answer", &j, err)))
		return st;
	const json_t *d = json_object_get(j, "data");
	if (!json_is_object(d) || !json_object_get(d, "access_token"))
		d = j;
	const char *at = json_string_value(json_object_get(d, "access_token"));
	const char *rt = json_string_value(json_object_get(d, "refresh_token"));
	json_int_t exp = json_integer_value(json_object_get(d, "expires_in"));
	if (!at || !*at || (rotating && (!rt || !*rt))) {
		st = clario_err_set(err, CLARIO_EIO, "%s token answer lacks %s", who,
				    !at || !*at ? "access_token" : "refresh_token");
		goto out;
	}
	json_object_set_new(c->sec, "access_token", json_string(at));
	if (rt && *rt)
		json_object_set_new(c->sec, "refresh_token", json_string(rt));
	st = save_secrets(c, c->now + (exp > 0 ? exp : 3600), err);
out:
	json_decref(j);
	return st;
}

static enum clario_status token(struct sync_ctx *c, bool force, struct clario_err *err)
{
	if (!force && *sec_str(c, "access_token") && c->conn.token_expires_at - c->now > REFRESH_MARGIN)
		return CLARIO_OK;
	enum connectors_vendor v = c->o->vendor;
	char url[1024], form[2048], e1[600], e2[600], e3[600];
	struct connectors_resp r;
	enum clario_status st;
	const char *base = connectors_base_url(v);
	if (v == CONNECTORS_MOKA) {
		if (!connectors_urlencode(sec_str(c, "refresh_token"), e1, sizeof e1) ||
		    !connectors_urlencode(env_or("CLARIO_MOKA_CLIENT_ID", ""), e2, sizeof e2) ||
		    !connectors_urlencode(env_or("CLARIO_MOKA_CLIENT_SECRET", ""), e3, sizeof e3))
			return clario_err_set(err, CLARIO_EINVAL, "Moka credentials too long");
		snprintf(url, sizeof url, "%s/oauth/token", base);
		snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s&client_id=%s&client_secret=%s",
			 e1, e2, e3);
		st = connectors_client_do(c->http, "POST", url, NULL, "application/x-www-form-urlencoded",
					  form, &r, err);
	} else if (v == CONNECTORS_PAWOON) {
		json_t *b = json_pack("{s:s, s:s, s:s}", "grant_type", "client_credentials", "client_id",
				      sec_str(c, "client_id"), "client_secret", sec_str(c, "client_secret"));
		char *body = b ? json_dumps(b, JSON_COMPACT) : NULL;
		json_decref(b);
		if (!body)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		snprintf(url, sizeof url, "%s/oauth/token", base);
		st = connectors_client_do(c->http, "POST", url, NULL, "application/json", body, &r, err);
		free(body);
	} else {
		if (!connectors_urlencode(sec_str(c, "app_id"), e1, sizeof e1) ||
		    !connectors_urlencode(sec_str(c, "secret_key"), e2, sizeof e2))
			return clario_err_set(err, CLARIO_EINVAL, "Olsera credentials too long");
		snprintf(url, sizeof url, "%s/token", base);
		snprintf(form, sizeof form, "app_id=%s&secret_key=%s&grant_type=secret_key", e1, e2);
		st = connectors_client_do(c->http, "POST", url, NULL, "application/x-www-form-urlencoded",
					  form, &r, err);
	}
	if (st)
		return st;
	st = take_token(c, &r, c->vendor, v == CONNECTORS_MOKA, err);
	connectors_resp_free(&r);
	return st;
}

/* GET with the bearer token; one re-authentication on 401. *status gets the
 * final HTTP status; *out the parsed body when it is 2xx. */
static enum clario_status get(struct sync_ctx *c, const char *url, long *status, json_t **out,
			      struct clario_err *err)
{
	enum clario_status st;
	struct connectors_resp r = {0};
	*out = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		if ((st = token(c, attempt > 0, err)))
			return st;
		if ((st = connectors_client_do(c->http, "GET", url, sec_str(c, "access_token"), NULL, NULL,
					       &r, err)))
			return st;
		if (r.status != 401)
			break;
		connectors_resp_free(&r);
	}
	*status = r.status;
	if (r.status >= 200 && r.status < 300)
		st = parse(&r, url, out, err);
	else if (r.status == 401)
		st = clario_err_set(err, CLARIO_EUNAUTH, "%s: still 401 after a fresh token", url);
	connectors_resp_free(&r);
	return st;
}

/* ---- pages ---- */

static void page_reset(struct sync_ctx *c)
{
	for (size_t i = 0; i < c->n_bad; i++)
		free(c->bad[i].raw);
	c->n_bad = 0;
	c->n_docs = 0;
	arena_release(&c->a);
	arena_init(&c->a, 0);
}

static void page_bad(struct sync_ctx *c, const json_t *item, const struct clario_err *why)
{
	if (c->n_bad >= PAGE_DOCS_MAX)
		return;
	struct bad *b = &c->bad[c->n_bad++];
	b->raw = json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(b->reason, sizeof b->reason, "%s", why->msg);
}

static void page_doc(struct sync_ctx *c, enum clario_status st, const json_t *item,
		     const struct clario_err *why)
{
	if (st != CLARIO_OK) {
		page_bad(c, item, why);
		return;
	}
	const struct connectors_doc *d = &c->docs[c->n_docs++];
	if (d->kind == CONNECTORS_DOC_SALE && d->ticket.closed_at > c->newest)
		c->newest = d->ticket.closed_at;
}

/* One transaction: documents, dead letters of bad items, the cursor. */
static enum clario_status page_commit(struct sync_ctx *c, const char *outlet_ext, const char *cursor,
				      struct clario_err *err)
{
	enum clario_status st;
	struct connectors_counts pc = {0};
	if ((st = store_begin(c->s, err)))
		return st;
	st = connectors_apply_in_tx(c->s, c->vendor, c->docs, c->n_docs, c->now, &pc, err);
	for (size_t i = 0; st == CLARIO_OK && i < c->n_bad; i++) {
		const char *raw = c->bad[i].raw ? c->bad[i].raw : "";
		st = store_connections_dl_add_item(c->s, c->vendor, c->bad[i].reason, raw, strlen(raw),
						   c->now, err);
	}
	if (st == CLARIO_OK)
		st = store_connections_cursor_set(c->s, c->conn.id, outlet_ext, cursor, c->now, err);
	if (st == CLARIO_OK)
		st = store_commit(c->s, err);
	if (st) {
		store_rollback(c->s);
		return st;
	}
	struct connectors_counts *t = &c->rep->counts;
	t->created += pc.created;
	t->updated += pc.updated;
	t->duplicate += pc.duplicate;
	t->rejected += pc.rejected + (int)c->n_bad;
	t->refunds_added += pc.refunds_added;
	t->refunds_pending += pc.refunds_pending;
	if (!t->first_reject[0])
		snprintf(t->first_reject, sizeof t->first_reject, "%s",
			 pc.first_reject[0] ? pc.first_reject : c->n_bad ? c->bad[0].reason : "");
	c->rep->pages++;
	return CLARIO_OK;
}

/* The Clario outlet of a vendor outlet, created for the merchant on first
 * sight (zone Asia/Jakarta, midnight cut-off: correct them in Clario). */
static enum clario_status ensure_outlet(struct sync_ctx *c, const char *ext, const char *name,
					struct store_outlet *o, struct clario_err *err)
{
	enum clario_status st = store_outlet_by_external(c->s, c->vendor, ext, o, err);
	if (st == CLARIO_ENOTFOUND) {
		int64_t id;
		if ((st = store_outlet_create(c->s, c->conn.merchant_id, c->vendor, ext,
					      name && *name ? name : ext, "Asia/Jakarta", 0, &id, err)))
			return st;
		st = store_outlet_get(c->s, id, o, err);
	}
	if (st == CLARIO_OK && o->merchant_id != c->conn.merchant_id)
		st = clario_err_set(err, CLARIO_ECONFLICT, "%s outlet %s belongs to another merchant",
				    c->vendor, ext);
	return st;
}

/* The array of records in a vendor answer: data itself, or data's first array
 * member, or [data] when data is one record. Borrowed. */
static const json_t *records(const json_t *root, json_t **tmp)
{
	const json_t *d = json_object_get(root, "data");
	const char *k;
	json_t *v;
	*tmp = NULL;
	if (json_is_array(d))
		return d;
	if (json_is_object(d)) {
		json_object_foreach((json_t *)(uintptr_t)d, k, v)
			if (json_is_array(v))
				return v;
		*tmp = json_array();
		json_array_append((*tmp), (json_t *)(uintptr_t)d);
		return *tmp;
	}
	return NULL;
}

/* ---- Moka ---- */

/* An integer query parameter of a URL (the pass bounds inside a next_url). */
static bool url_param(const char *url, const char *name, long long *out)
{
	size_t k = strlen(name);
	for (const char *p = strchr(url, '?'); p; p = strchr(p + 1, '&'))
		if (strncmp(p + 1, name, k) == 0 && p[k + 1] == '=') {
			char *end;
			*out = strtoll(p + k + 2, &end, 10);
			return end != p + k + 2;
		}
	return false;
}

static enum clario_status moka_outlet(struct sync_ctx *c, const char *ext, const char *name,
				      struct clario_err *err)
{
	struct store_outlet o;
	char cursor[2048], url[2048], next[2048];
	enum clario_status st = ensure_outlet(c, ext, name, &o, err);
	if (st)
		return st;
	if ((st = store_connections_cursor_get(c->s, c->conn.id, ext, cursor, sizeof cursor, err)))
		return st;
	const char *base = connectors_base_url(CONNECTORS_MOKA);
	long long since = c->now - DEFAULT_DAYS * 86400LL, until = c->now;
	if (c->o->has_since)
		since = (long long)c->o->since * 86400LL - 14 * 3600; /* the day in any Indonesian zone */
	else if (strncmp(cursor, "since=", 6) == 0)
		since = strtoll(cursor + 6, NULL, 10);
	if (!c->o->has_since && strncmp(cursor, "next=", 5) == 0) {
		/* Resuming a pass: it ends where it was going to end, and the next
		 * pass starts from there (not from now: nothing in between is lost). */
		snprintf(url, sizeof url, "%s", cursor + 5);
		if (!url_param(url, "until", &until) && !url_param(url, "since", &until))
			until = c->now - DEFAULT_DAYS * 86400LL;
	} else
		snprintf(url, sizeof url,
			 "%s/v3/outlets/%s/reports/get_latest_transactions?per_page=%d&since=%lld&until=%lld"
			 "&time_filter=updated_at&reorder_type=ASC",
			 base, ext, page_size(), since, until);
	for (int guard = 0; guard < 100000; guard++) {
		json_t *j = NULL, *tmp = NULL;
		long status = 0;
		if ((st = get(c, url, &status, &j, err)))
			return st;
		if (status != 200) {
			json_decref(j);
			return clario_err_set(err, CLARIO_EIO, "Moka transactions answered HTTP %ld", status);
		}
		const json_t *d = json_object_get(j, "data");
		const json_t *pays = json_object_get(d, "payments");
		bool completed = json_is_true(json_object_get(d, "completed"));
		const char *nu = json_string_value(json_object_get(d, "next_url"));
		if (!json_is_array(pays) || (!completed && (!nu || !*nu))) {
			json_decref(j);
			return clario_err_set(err, CLARIO_EIO,
					      "Moka transactions: malformed page (payments, next_url, completed)");
		}
		page_reset(c);
		for (size_t i = 0; i < json_array_size(pays) && i < PAGE_DOCS_MAX; i++) {
			struct clario_err e = {0};
			const json_t *p = json_array_get(pays, i);
			page_doc(c, moka_transaction(p, ext, &c->a, &c->docs[c->n_docs], &e), p, &e);
		}
		if (completed)
			snprintf(next, sizeof next, "since=%lld", until - MOKA_OVERLAP);
		else if (strncmp(nu, "http", 4) == 0)
			snprintf(next, sizeof next, "next=%s", nu);
		else
			snprintf(next, sizeof next, "next=%s%s", base, nu);
		json_decref(tmp);
		json_decref(j);
		if ((st = page_commit(c, ext, next, err)))
			return st;
		if (completed)
			return CLARIO_OK;
		snprintf(url, sizeof url, "%s", next + 5);
	}
	return clario_err_set(err, CLARIO_EIO, "Moka: too many pages");
}

static enum clario_status moka_run(struct sync_ctx *c, struct clario_err *err)
{
	const char *base = connectors_base_url(CONNECTORS_MOKA);
	char url[1024];
	json_t *j = NULL, *tmp = NULL, *k = NULL, *tmp2 = NULL;
	long status;
	enum clario_status st;
	snprintf(url, sizeof url, "%s/v1/businesses", base);
	if ((st = get(c, url, &status, &j, err)))
		goto out;
	const json_t *biz = records(j, &tmp);
	const char *bid = NULL;
	char bbuf[64];
	const json_t *b0 = json_array_get(biz, 0);
	json_t *idv = json_object_get(b0, "id");
	if (json_is_integer(idv))
		snprintf(bbuf, sizeof bbuf, "%lld", (long long)json_integer_value(idv)), bid = bbuf;
	else if (json_is_string(idv))
		bid = json_string_value(idv);
	if (status != 200 || !bid) {
		st = clario_err_set(err, CLARIO_EIO, "Moka businesses: no business in the answer (HTTP %ld)",
				    status);
		goto out;
	}
	snprintf(url, sizeof url, "%s/v1/businesses/%s/outlets", base, bid);
	if ((st = get(c, url, &status, &k, err)))
		goto out;
	const json_t *outs = records(k, &tmp2);
	if (status != 200 || !outs) {
		st = clario_err_set(err, CLARIO_EIO, "Moka outlets: HTTP %ld", status);
		goto out;
	}
	for (size_t i = 0; i < json_array_size(outs); i++) {
		struct arena a;
		arena_init(&a, 0);
		const json_t *o = json_array_get(outs, i);
		const char *ext = connectors_id(o, "id", &a);
		const char *name = json_string_value(json_object_get(o, "name"));
		st = ext ? moka_outlet(c, ext, name, err)
			 : clario_err_set(err, CLARIO_EIO, "Moka outlets[%zu]: no id", i);
		arena_release(&a);
		if (st)
			break;
	}
out:
	json_decref(tmp);
	json_decref(tmp2);
	json_decref(j);
	json_decref(k);
	return st;
}

/* ---- Pawoon and Olsera: by local day and page ---- */

static day_t today_in(const char *zone_name, instant_t now)
{
	const struct tz_zone *z;
	struct clario_err e;
	struct tz_local loc;
	if (tz_zone_get(zone_name, &z, &e))
		return (day_t)(now / 86400);
	tz_localize(z, 0, now, &loc);
	return loc.local_day;
}

static void day_cursor(const char *cursor, const struct sync_ctx *c, day_t today, day_t *day, long *page)
{
	*day = today - DEFAULT_DAYS;
	*page = 1;
	struct clario_err e;
	char d[11];
	if (c->o->has_since) {
		*day = c->o->since;
		return;
	}
	if (strlen(cursor) > 11 && cursor[10] == '|') {
		memcpy(d, cursor, 10);
		d[10] = '\0';
		day_t x;
		long p = strtol(cursor + 11, NULL, 10);
		if (tz_parse_date(d, &x, &e) == CLARIO_OK && p >= 1) {
			*day = x;
			*page = p;
		}
	}
}

static void next_cursor(char *out, size_t size, day_t day, long page, long last_page, day_t today)
{
	char d[11];
	if (page < last_page) {
		tz_format_date(day, d);
		snprintf(out, size, "%s|%ld", d, page + 1);
	} else {
		tz_format_date(day < today ? day + 1 : day, d);
		snprintf(out, size, "%s|1", d);
	}
}

static enum clario_status pawoon_outlet(struct sync_ctx *c, const char *ext, const char *name,
					struct clario_err *err)
{
	struct store_outlet o;
	char cursor[256], url[1024], next[256], ds[11];
	const struct tz_zone *z;
	enum clario_status st = ensure_outlet(c, ext, name, &o, err);
	if (st || (st = tz_zone_get(o.tz, &z, err)) ||
	    (st = store_connections_cursor_get(c->s, c->conn.id, ext, cursor, sizeof cursor, err)))
		return st;
	day_t today = today_in(o.tz, c->now), day;
	long page;
	day_cursor(cursor, c, today, &day, &page);
	const char *base = connectors_base_url(CONNECTORS_PAWOON);
	while (day <= today) {
		json_t *j = NULL;
		long status = 0;
		tz_format_date(day, ds);
		snprintf(url, sizeof url,
			 "%s/transactions?outlet_id=%s&start_device_timestamp=%sT00:00:00"
			 "&end_device_timestamp=%sT23:59:59&page=%ld&per_page=%d",
			 base, ext, ds, ds, page, page_size());
		if ((st = get(c, url, &status, &j, err)))
			return st;
		if (status != 200) {
			json_decref(j);
			return clario_err_set(err, CLARIO_EIO, "Pawoon transactions answered HTTP %ld", status);
		}
		const json_t *data = json_object_get(j, "data"), *meta = json_object_get(j, "meta");
		json_int_t total = json_integer_value(json_object_get(meta, "total"));
		json_int_t per = json_integer_value(json_object_get(meta, "per_page"));
		if (!json_is_array(data) || per <= 0 || total < 0) {
			json_decref(j);
			return clario_err_set(err, CLARIO_EIO, "Pawoon transactions: malformed page (data, meta)");
		}
		long last_page = total ? (long)((total + per - 1) / per) : 1; /* no last_page: computed */
		page_reset(c);
		for (size_t i = 0; i < json_array_size(data) && i < PAGE_DOCS_MAX; i++) {
			struct clario_err e = {0};
			const json_t *t = json_array_get(data, i);
			page_doc(c, pawoon_transaction(t, z, &c->a, &c->docs[c->n_docs], &e), t, &e);
		}
		json_decref(j);
		next_cursor(next, sizeof next, day, page, last_page, today);
		if ((st = page_commit(c, ext, next, err)))
			return st;
		if (page < last_page) {
			page++;
		} else {
			if (day == today)
				break;
			day++;
			page = 1;
		}
	}
	return CLARIO_OK;
}

static enum clario_status pawoon_run(struct sync_ctx *c, struct clario_err *err)
{
	char url[1024];
	json_t *j = NULL;
	long status;
	snprintf(url, sizeof url, "%s/outlets", connectors_base_url(CONNECTORS_PAWOON));
	enum clario_status st = get(c, url, &status, &j, err);
	if (st)
		return st;
	const json_t *outs = json_object_get(j, "data");
	if (status != 200 || !json_is_array(outs)) {
		json_decref(j);
		return clario_err_set(err, CLARIO_EIO, "Pawoon outlets: HTTP %ld or no data", status);
	}
	for (size_t i = 0; i < json_array_size(outs) && !st; i++) {
		struct arena a;
		arena_init(&a, 0);
		const json_t *o = json_array_get(outs, i);
		const char *ext = connectors_id(o, "id", &a);
		st = ext ? pawoon_outlet(c, ext, json_string_value(json_object_get(o, "name")), err)
			 : clario_err_set(err, CLARIO_EIO, "Pawoon outlets[%zu]: no id", i);
		arena_release(&a);
	}
	json_decref(j);
	return st;
}

static enum clario_status olsera_run(struct sync_ctx *c, struct clario_err *err)
{
	struct store_outlet o;
	char cursor[256], url[1024], next[256], ds[11];
	const struct tz_zone *z;
	/* One store per token: the connection's store name, else its app id. */
	const char *ext = *sec_str(c, "store") ? sec_str(c, "store") : sec_str(c, "app_id");
	enum clario_status st = ensure_outlet(c, ext, ext, &o, err);
	if (st || (st = tz_zone_get(o.tz, &z, err)) ||
	    (st = store_connections_cursor_get(c->s, c->conn.id, ext, cursor, sizeof cursor, err)))
		return st;
	day_t today = today_in(o.tz, c->now), day;
	long page;
	day_cursor(cursor, c, today, &day, &page);
	const char *base = connectors_base_url(CONNECTORS_OLSERA);
	while (day <= today) {
		json_t *j = NULL;
		long status = 0, last_page = 1;
		tz_format_date(day, ds);
		snprintf(url, sizeof url, "%s/order/closeorder?start_date=%s&end_date=%s&page=%ld&per_page=%d",
			 base, ds, ds, page, page_size());
		if ((st = get(c, url, &status, &j, err)))
			return st;
		page_reset(c);
		if (status == 200) {
			const json_t *data = json_object_get(j, "data");
			json_int_t lp = json_integer_value(json_object_get(json_object_get(j, "meta"), "last_page"));
			if (!json_is_array(data)) {
				json_decref(j);
				return clario_err_set(err, CLARIO_EIO, "Olsera closeorder: malformed page (data)");
			}
			last_page = lp > 0 ? (long)lp : 1;
			for (size_t i = 0; i < json_array_size(data) && i < PAGE_DOCS_MAX; i++) {
				char durl[1024];
				struct clario_err e = {0};
				json_t *dj = NULL;
				long ds_status = 0;
				const json_t *row = json_array_get(data, i);
				const char *oid = connectors_id(row, "id", &c->a);
				if (!oid) {
					clario_err_set(&e, CLARIO_EINVAL, "id: is required");
					page_bad(c, row, &e);
					continue;
				}
				snprintf(durl, sizeof durl, "%s/order/closeorder/detail?id=%s", base, oid);
				if ((st = get(c, durl, &ds_status, &dj, err))) {
					json_decref(j);
					return st;
				}
				if (ds_status != 200) {
					clario_err_set(&e, CLARIO_EINVAL, "detail of order %s: HTTP %ld", oid, ds_status);
					page_bad(c, row, &e);
				} else {
					const json_t *det = json_object_get(dj, "data");
					page_doc(c, olsera_order(det ? det : dj, ext, z, &c->a, &c->docs[c->n_docs], &e),
						 det ? det : dj, &e);
				}
				json_decref(dj);
			}
		} else if (status != 404) { /* 404 = a day without orders */
			json_decref(j);
			return clario_err_set(err, CLARIO_EIO, "Olsera closeorder answered HTTP %ld", status);
		}
		json_decref(j);
		next_cursor(next, sizeof next, day, page, last_page, today);
		if ((st = page_commit(c, ext, next, err)))
			return st;
		if (page < last_page) {
			page++;
		} else {
			if (day == today)
				break;
			day++;
			page = 1;
		}
	}
	return CLARIO_OK;
}

/* ---- one connection, all of them ---- */

static enum clario_status sync_one(struct sync_ctx *c, struct clario_err *err)
{
	char secrets[STORE_CONN_SECRETS_MAX];
	enum clario_status st = store_connections_get(c->s, c->conn.merchant_id, c->vendor, &c->conn,
						      secrets, sizeof secrets, err);
	if (st)
		return st;
	json_error_t je;
	c->sec = json_loads(secrets[0] ? secrets : "{}", 0, &je);
	sodium_memzero(secrets, sizeof secrets);
	if (!json_is_object(c->sec))
		return clario_err_set(err, CLARIO_EINTERNAL, "connection secrets are not a JSON object");
	c->newest = 0;
	switch (c->o->vendor) {
	case CONNECTORS_MOKA: st = moka_run(c, err); break;
	case CONNECTORS_PAWOON: st = pawoon_run(c, err); break;
	default: st = olsera_run(c, err); break;
	}
	json_decref(c->sec);
	c->sec = NULL;
	return st;
}

enum clario_status connectors_sync(struct store *s, const struct connectors_sync_opts *o,
				   struct connectors_sync_report *rep, struct clario_err *err)
{
	struct store_connection *list = NULL;
	size_t n = 0;
	memset(rep, 0, sizeof *rep);
	struct sync_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	arena_init(&c->a, 0);
	c->s = s;
	c->o = o;
	c->rep = rep;
	c->now = o->now ? o->now : (instant_t)time(NULL);
	c->vendor = connectors_vendor_name(o->vendor);
	enum clario_status st = connectors_client_new(&c->http, err);
	if (st == CLARIO_OK)
		st = store_connections_list(s, c->vendor, o->merchant_id, &list, &n, err);
	for (size_t i = 0; st == CLARIO_OK && i < n; i++) {
		if (strcmp(list[i].status, "active") != 0 && strcmp(list[i].status, "error") != 0)
			continue;
		struct clario_err e = {0};
		c->conn = list[i];
		rep->connections++;
		enum clario_status one = sync_one(c, &e);
		page_reset(c);
		if (one == CLARIO_OK) {
			int64_t lag = c->newest ? c->now - c->newest
					       : c->conn.lag_seconds + (c->conn.last_success_at
									      ? c->now - c->conn.last_success_at : 0);
			st = store_connections_synced(s, c->conn.id, c->now, lag < 0 ? 0 : lag, err);
		} else {
			rep->failed++;
			snprintf(rep->last_error, sizeof rep->last_error, "merchant %lld: %s",
				 (long long)c->conn.merchant_id, e.msg);
			log_msg(LOG_WARN, "sync %s merchant %lld failed: %s", c->vendor,
				(long long)c->conn.merchant_id, e.msg);
			st = store_connections_failed(s, c->conn.id, c->now, e.msg, err);
		}
	}
	free(list);
	page_reset(c);
	arena_release(&c->a);
	connectors_client_free(c->http);
	free(c);
	return st;
}

/* ---- Moka OAuth consent ---- */

enum clario_status connectors_moka_authorize_url(const char *state, char *out, size_t size,
						 struct clario_err *err)
{
	char id[512], redirect[1024], st[256];
	if (!connectors_urlencode(env_or("CLARIO_MOKA_CLIENT_ID", ""), id, sizeof id) ||
	    !connectors_urlencode(env_or("CLARIO_MOKA_REDIRECT_URI", ""), redirect, sizeof redirect) ||
	    !connectors_urlencode(state, st, sizeof st))
		return clario_err_set(err, CLARIO_EINVAL, "Moka OAuth settings too long");
	if (!*id || !*redirect)
		return clario_err_set(err, CLARIO_EINVAL,
				      "Moka is not configured: set CLARIO_MOKA_CLIENT_ID, CLARIO_MOKA_CLIENT_SECRET and CLARIO_MOKA_REDIRECT_URI");
	if ((size_t)snprintf(out, size,
			     "%s/oauth/authorize?client_id=%s&response_type=code&redirect_uri=%s&state=%s",
			     connectors_base_url(CONNECTORS_MOKA), id, redirect, st) >= size)
		return clario_err_set(err, CLARIO_EINVAL, "Moka authorize URL too long");
	return CLARIO_OK;
}

enum clario_status connectors_moka_exchange(struct store *s, int64_t merchant_id, const char *code,
					    instant_t now, struct clario_err *err)
{
	char url[1024], form[4096], e1[1024], e2[600], e3[600], e4[1100];
	struct connectors_resp r = {0};
	struct connectors_client *http = NULL;
	struct sync_ctx *c = NULL;
	enum clario_status st;
	if (!connectors_urlencode(code, e1, sizeof e1) ||
	    !connectors_urlencode(env_or("CLARIO_MOKA_CLIENT_ID", ""), e2, sizeof e2) ||
	    !connectors_urlencode(env_or("CLARIO_MOKA_CLIENT_SECRET", ""), e3, sizeof e3) ||
	    !connectors_urlencode(env_or("CLARIO_MOKA_REDIRECT_URI", ""), e4, sizeof e4))
		return clario_err_set(err, CLARIO_EINVAL, "code: too long");
	snprintf(url, sizeof url, "%s/oauth/token", connectors_base_url(CONNECTORS_MOKA));
	snprintf(form, sizeof form,
		 "grant_type=authorization_code&code=%s&client_id=%s&client_secret=%s&redirect_uri=%s", e1,
		 e2, e3, e4);
	if ((st = connectors_client_new(&http, err)))
		return st;
	if ((st = connectors_client_do(http, "POST", url, NULL, "application/x-www-form-urlencoded", form,
				       &r, err)))
		goto out;
	c = calloc(1, sizeof *c);
	if (!c || !(c->sec = json_object())) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	c->s = s;
	c->now = now;
	if ((st = store_connections_get(s, merchant_id, "moka", &c->conn, NULL, 0, err)))
		goto out;
	if ((st = take_token(c, &r, "moka", true, err)))
		goto out;
	int64_t id;
	st = store_connections_put(s, merchant_id, "moka", "active", NULL, 0, NULL, now, &id, err);
out:
	if (c)
		json_decref(c->sec);
	free(c);
	connectors_resp_free(&r);
	connectors_client_free(http);
	return st;
}

/* ---- scheduler ---- */

struct connectors_scheduler {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	unsigned interval_s;
	char db_url[1024];
};

static void *scheduler_main(void *arg)
{
	struct connectors_scheduler *sch = arg;
	pthread_mutex_lock(&sch->lock);
	while (!sch->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += sch->interval_s;
		while (!sch->stop && pthread_cond_timedwait(&sch->cond, &sch->lock, &until) == 0)
			;
		if (sch->stop)
			break;
		pthread_mutex_unlock(&sch->lock);
		struct store *s = NULL;
		struct clario_err err = {0};
		if (store_open(sch->db_url, NULL, &s, &err) == CLARIO_OK) {
			for (int v = 0; v < CONNECTORS_VENDOR_COUNT; v++) {
				struct connectors_sync_opts o = {.vendor = (enum connectors_vendor)v};
				struct connectors_sync_report rep;
				if (connectors_sync(s, &o, &rep, &err))
					log_msg(LOG_WARN, "scheduled sync of %s: %s",
						connectors_vendor_name((enum connectors_vendor)v), err.msg);
				else if (rep.connections)
					log_msg(LOG_INFO, "scheduled sync of %s: %d connection(s), %d failed, %d new",
						connectors_vendor_name((enum connectors_vendor)v), rep.connections,
						rep.failed, rep.counts.created);
			}
			store_close(s);
		} else {
			log_msg(LOG_WARN, "scheduled sync: %s", err.msg);
		}
		pthread_mutex_lock(&sch->lock);
	}
	pthread_mutex_unlock(&sch->lock);
	return NULL;
}

enum clario_status connectors_scheduler_start(const char *db_url, unsigned interval_s,
					      struct connectors_scheduler **out,
					      struct clario_err *err)
{
	struct connectors_scheduler *sch = calloc(1, sizeof *sch);
	if (!sch)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	sch->interval_s = interval_s ? interval_s : 300;
	snprintf(sch->db_url, sizeof sch->db_url, "%s", db_url);
	pthread_mutex_init(&sch->lock, NULL);
	pthread_cond_init(&sch->cond, NULL);
	if (pthread_create(&sch->thread, NULL, scheduler_main, sch) != 0) {
		free(sch);
		return clario_err_set(err, CLARIO_EINTERNAL, "could not start the sync scheduler");
	}
	*out = sch;
	return CLARIO_OK;
}

void connectors_scheduler_stop(struct connectors_scheduler *sch)
{
	if (!sch)
		return;
	pthread_mutex_lock(&sch->lock);
	sch->stop = true;
	pthread_cond_signal(&sch->cond);
	pthread_mutex_unlock(&sch->lock);
	pthread_join(sch->thread, NULL);
	pthread_mutex_destroy(&sch->lock);
	pthread_cond_destroy(&sch->cond);
	free(sch);
}
