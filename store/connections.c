/* The connectors' store (see connections.h): every query written once for
 * both backends, secrets sealed with crypto_secretbox before they reach SQL. */
#include "store/connections.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sql.h"

static unsigned char key[crypto_secretbox_KEYBYTES];
static bool have_key;

static enum clario_status key_from_hex(const char *hex, const char *where, struct clario_err *err)
{
	size_t n = 0;
	const char *end;
	if (sodium_hex2bin(key, sizeof key, hex, strlen(hex), " \n\r\t", &n, &end) != 0 ||
	    n != sizeof key || (*end && *end != '\n'))
		return clario_err_set(err, CLARIO_EINVAL, "%s: the secret key must be 64 hex digits", where);
	have_key = true;
	return CLARIO_OK;
}

enum clario_status store_connections_key_init(const char *db_url, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	char path[1024], hex[2 * sizeof key + 2];
	int fd = -1;
	if (sodium_init() < 0)
		return clario_err_set(err, CLARIO_EINTERNAL, "libsodium failed to initialise");
	const char *env = getenv("CLARIO_SECRET_KEY");
	if (env && *env)
		return key_from_hex(env, "CLARIO_SECRET_KEY", err);
	const char *file = getenv("CLARIO_SECRET_KEY_FILE");
	if (file && *file)
		snprintf(path, sizeof path, "%s", file);
	else if (strncmp(db_url, "postgres", 8) == 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "set CLARIO_SECRET_KEY or CLARIO_SECRET_KEY_FILE: connector tokens are encrypted at rest");
	else if ((size_t)snprintf(path, sizeof path, "%s.key", db_url) >= sizeof path)
		return clario_err_set(err, CLARIO_EINVAL, "database path too long for its key file");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		/* First use: a random key, readable by the owner only. O_EXCL so two
		 * processes starting together cannot both write one. */
		unsigned char k[sizeof key];
		randombytes_buf(k, sizeof k);
		sodium_bin2hex(hex, sizeof hex, k, sizeof k);
		sodium_memzero(k, sizeof k);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			size_t len = strlen(hex);
			hex[len] = '\n';
			bool ok = write(fd, hex, len + 1) == (ssize_t)(len + 1) && fsync(fd) == 0;
			close(fd);
			fd = -1;
			if (!ok) {
				unlink(path);
				st = clario_err_set(err, CLARIO_EIO, "%s: could not write the key file", path);
				goto out;
			}
		}
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		st = clario_err_set(err, CLARIO_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	ssize_t r = read(fd, hex, sizeof hex - 1);
	if (r < 0) {
		st = clario_err_set(err, CLARIO_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	hex[r] = '\0';
	st = key_from_hex(hex, path, err);
out:
	if (fd >= 0)
		close(fd);
	sodium_memzero(hex, sizeof hex);
	return st;
}

void store_connections_key_reset(void)
{
	sodium_memzero(key, sizeof key);
	have_key = false;
}

/* nonce || secretbox(text). *out malloc'd. */
static enum clario_status seal(const char *text, unsigned char **out, size_t *len,
			       struct clario_err *err)
{
	if (!have_key)
		return clario_err_set(err, CLARIO_EINTERNAL, "the secret key is not loaded");
	size_t n = strlen(text);
	*len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	*out = malloc(*len);
	if (!*out)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory sealing a secret");
	randombytes_buf(*out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(*out + crypto_secretbox_NONCEBYTES, (const unsigned char *)text, n,
			      *out, key);
	return CLARIO_OK;
}

static enum clario_status unseal(const void *blob, size_t len, char *out, size_t size,
				 struct clario_err *err)
{
	const unsigned char *b = blob;
	if (!have_key)
		return clario_err_set(err, CLARIO_EINTERNAL, "the secret key is not loaded");
	if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
	    len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES >= size)
		return clario_err_set(err, CLARIO_EINTERNAL, "a stored secret has a bad length");
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (crypto_secretbox_open_easy((unsigned char *)out, b + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, b, key) != 0)
		return clario_err_set(err, CLARIO_EINTERNAL,
				      "a stored secret does not decrypt with this key (was the key changed?)");
	out[n] = '\0';
	return CLARIO_OK;
}


struct conn_rows {
	struct store_connection *one;
	char *secrets;
	size_t secrets_size;
	struct store_connection *many;
	size_t n, cap;
	bool found;
};

static enum clario_status conn_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct conn_rows *c = ctx;
	struct store_connection *o = c->one;
	if (!o) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			struct store_connection *m = realloc(c->many, cap * sizeof *m);
			if (!m)
				return clario_err_set(err, CLARIO_ENOMEM, "out of memory listing connections");
			c->many = m;
			c->cap = cap;
		}
		o = &c->many[c->n++];
	}
	memset(o, 0, sizeof *o);
	c->found = true;
	o->id = sql_int(r, 0);
	o->merchant_id = sql_int(r, 1);
	sql_copy(r, 2, o->vendor, sizeof o->vendor);
	sql_copy(r, 3, o->status, sizeof o->status);
	size_t blen = 0;
	const void *blob = sql_is_null(r, 4) ? NULL : sql_blob(r, 4, &blen);
	o->has_secrets = blob && blen > 0;
	o->token_expires_at = sql_int(r, 5);
	sql_copy(r, 6, o->oauth_state, sizeof o->oauth_state);
	o->last_sync_at = sql_int(r, 7);
	o->last_success_at = sql_int(r, 8);
	o->lag_seconds = sql_int(r, 9);
	sql_copy(r, 10, o->last_error, sizeof o->last_error);
	o->updated_at = sql_int(r, 11);
	if (c->secrets) {
		c->secrets[0] = '\0';
		if (o->has_secrets)
			return unseal(blob, blen, c->secrets, c->secrets_size, err);
	}
	return CLARIO_OK;
}

enum clario_status store_connections_put(struct store *s, int64_t merchant_id, const char *vendor,
					 const char *status, const char *secrets,
					 instant_t expires_at, const char *oauth_state, instant_t now,
					 int64_t *id, struct clario_err *err)
{
	static const char SQL_SEC[] =
		"INSERT INTO connector_connections (merchant_id, vendor, status, secrets, token_expires_at,"
		" oauth_state, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT (merchant_id, vendor) DO UPDATE SET status = excluded.status,"
		" secrets = excluded.secrets, token_expires_at = excluded.token_expires_at,"
		" oauth_state = excluded.oauth_state, updated_at = excluded.updated_at RETURNING id";
	static const char SQL_NOSEC[] =
		"INSERT INTO connector_connections (merchant_id, vendor, status, oauth_state, updated_at)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id, vendor) DO UPDATE SET"
		" status = excluded.status, oauth_state = excluded.oauth_state,"
		" updated_at = excluded.updated_at RETURNING id";
	unsigned char *blob = NULL;
	size_t blen = 0;
	enum clario_status st;
	if (secrets) {
		if (strlen(secrets) >= STORE_CONN_SECRETS_MAX)
			return clario_err_set(err, CLARIO_ETOOBIG, "connection secrets: too long");
		if ((st = seal(secrets, &blob, &blen, err)))
			return st;
		st = sql_one_int(s, SQL_SEC, "saving a connection",
				 SQL_ARGS(SQL_I(merchant_id), SQL_T(vendor), SQL_T(status), SQL_B(blob, blen),
					  SQL_I(expires_at), SQL_T(oauth_state), SQL_I(now)),
				 id, err);
	} else {
		st = sql_one_int(s, SQL_NOSEC, "saving a connection",
				 SQL_ARGS(SQL_I(merchant_id), SQL_T(vendor), SQL_T(status),
					  SQL_T(oauth_state), SQL_I(now)),
				 id, err);
	}
	free(blob);
	return st;
}

enum clario_status store_connections_get(struct store *s, int64_t merchant_id, const char *vendor,
					 struct store_connection *out, char *secrets,
					 size_t secrets_size, struct clario_err *err)
{
	static const char *const SQL =
		"SELECT id, merchant_id, vendor, status, secrets, token_expires_at, coalesce(oauth_state, ''),"
		" last_sync_at, last_success_at, lag_seconds, last_error, updated_at FROM connector_connections"
		" WHERE merchant_id = $1 AND vendor = $2";
	struct conn_rows c = {.one = out, .secrets = secrets, .secrets_size = secrets_size};
	enum clario_status st = sql_query(s, SQL, "reading a connection",
					  SQL_ARGS(SQL_I(merchant_id), SQL_T(vendor)), conn_row, &c, err);
	if (st == CLARIO_OK && !c.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no %s connection for merchant %lld", vendor,
				    (long long)merchant_id);
	return st;
}

enum clario_status store_connections_by_state(struct store *s, const char *state,
					      struct store_connection *out, struct clario_err *err)
{
	static const char *const SQL =
		"SELECT id, merchant_id, vendor, status, secrets, token_expires_at, coalesce(oauth_state, ''),"
		" last_sync_at, last_success_at, lag_seconds, last_error, updated_at FROM connector_connections"
		" WHERE oauth_state = $1";
	struct conn_rows c = {.one = out};
	enum clario_status st = sql_query(s, SQL, "reading a connection by state",
					  SQL_ARGS(SQL_T(state)), conn_row, &c, err);
	if (st == CLARIO_OK && !c.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "unknown or used OAuth state");
	return st;
}

enum clario_status store_connections_list(struct store *s, const char *vendor, int64_t merchant_id,
					  struct store_connection **out, size_t *n,
					  struct clario_err *err)
{
	static const char *const SQL =
		"SELECT id, merchant_id, vendor, status, secrets, token_expires_at, coalesce(oauth_state, ''),"
		" last_sync_at, last_success_at, lag_seconds, last_error, updated_at FROM connector_connections"
		" WHERE (CAST($1 AS TEXT) IS NULL OR vendor = $1) AND ($2 = 0 OR merchant_id = $2) ORDER BY id";
	struct conn_rows c = {0};
	enum clario_status st = sql_query(s, SQL, "listing connections",
					  SQL_ARGS(SQL_T(vendor), SQL_I(merchant_id)), conn_row, &c, err);
	if (st) {
		free(c.many);
		return st;
	}
	*out = c.many;
	*n = c.n;
	return CLARIO_OK;
}

enum clario_status store_connections_set_secrets(struct store *s, int64_t id, const char *secrets,
						 instant_t expires_at, instant_t now,
						 struct clario_err *err)
{
	static const char SQL[] = "UPDATE connector_connections SET secrets = $2, token_expires_at = $3,"
				  " updated_at = $4 WHERE id = $1";
	unsigned char *blob = NULL;
	size_t blen = 0;
	int64_t changed = 0;
	enum clario_status st;
	if (strlen(secrets) >= STORE_CONN_SECRETS_MAX)
		return clario_err_set(err, CLARIO_ETOOBIG, "connection secrets: too long");
	if ((st = seal(secrets, &blob, &blen, err)))
		return st;
	st = sql_exec(s, SQL, "saving connection tokens",
		      SQL_ARGS(SQL_I(id), SQL_B(blob, blen), SQL_I(expires_at), SQL_I(now)), &changed, err);
	free(blob);
	if (st == CLARIO_OK && changed != 1)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no connection %lld", (long long)id);
	return st;
}

enum clario_status store_connections_synced(struct store *s, int64_t id, instant_t now,
					    int64_t lag_seconds, struct clario_err *err)
{
	static const char SQL[] =
		"UPDATE connector_connections SET last_sync_at = $2, last_success_at = $2, lag_seconds = $3,"
		" last_error = '', status = CASE WHEN status = 'error' THEN 'active' ELSE status END,"
		" updated_at = $2 WHERE id = $1";
	return sql_exec(s, SQL, "recording a sync", SQL_ARGS(SQL_I(id), SQL_I(now), SQL_I(lag_seconds)),
			NULL, err);
}

enum clario_status store_connections_failed(struct store *s, int64_t id, instant_t now,
					    const char *reason, struct clario_err *err)
{
	static const char SQL[] =
		"UPDATE connector_connections SET last_sync_at = $2, last_error = $3,"
		" status = CASE WHEN status = 'active' THEN 'error' ELSE status END, updated_at = $2"
		" WHERE id = $1";
	return sql_exec(s, SQL, "recording a failed sync", SQL_ARGS(SQL_I(id), SQL_I(now), SQL_T(reason)),
			NULL, err);
}

enum clario_status store_connections_set_status(struct store *s, int64_t id, const char *status,
						instant_t now, struct clario_err *err)
{
	static const char SQL[] =
		"UPDATE connector_connections SET status = $2, updated_at = $3 WHERE id = $1";
	return sql_exec(s, SQL, "changing a connection's status",
			SQL_ARGS(SQL_I(id), SQL_T(status), SQL_I(now)), NULL, err);
}

enum clario_status store_connections_disconnect(struct store *s, int64_t id, instant_t now,
						struct clario_err *err)
{
	static const char SQL[] =
		"UPDATE connector_connections SET status = 'disconnected', secrets = NULL,"
		" token_expires_at = 0, oauth_state = NULL, updated_at = $2 WHERE id = $1";
	return sql_exec(s, SQL, "disconnecting", SQL_ARGS(SQL_I(id), SQL_I(now)), NULL, err);
}

struct text_out {
	char *buf;
	size_t size;
	bool found;
	size_t len;
	bool blob;
};

static enum clario_status text_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct text_out *t = ctx;
	t->found = true;
	if (t->blob) {
		const void *b = sql_blob(r, 0, &t->len);
		return unseal(b, t->len, t->buf, t->size, err);
	}
	sql_copy(r, 0, t->buf, t->size);
	return CLARIO_OK;
}

enum clario_status store_connections_cursor_get(struct store *s, int64_t connection_id,
						const char *outlet_ext, char *out, size_t size,
						struct clario_err *err)
{
	static const char SQL[] =
		"SELECT cursor FROM connector_cursors WHERE connection_id = $1 AND outlet_ext = $2";
	struct text_out t = {.buf = out, .size = size};
	out[0] = '\0';
	return sql_query(s, SQL, "reading a sync cursor",
			 SQL_ARGS(SQL_I(connection_id), SQL_T(outlet_ext)), text_row, &t, err);
}

enum clario_status store_connections_cursor_set(struct store *s, int64_t connection_id,
						const char *outlet_ext, const char *cursor,
						instant_t now, struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_cursors (connection_id, outlet_ext, cursor, updated_at)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (connection_id, outlet_ext) DO UPDATE SET"
		" cursor = excluded.cursor, updated_at = excluded.updated_at";
	return sql_exec(s, SQL, "saving a sync cursor",
			SQL_ARGS(SQL_I(connection_id), SQL_T(outlet_ext), SQL_T(cursor), SQL_I(now)), NULL,
			err);
}

enum clario_status store_connections_secret_set(struct store *s, const char *partner_code,
						const char *secret, instant_t now,
						struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_partner_secrets (partner_code, secret, created_at) VALUES ($1, $2, $3)"
		" ON CONFLICT (partner_code) DO UPDATE SET secret = excluded.secret,"
		" created_at = excluded.created_at";
	unsigned char *blob = NULL;
	size_t blen = 0;
	enum clario_status st = seal(secret, &blob, &blen, err);
	if (st == CLARIO_OK)
		st = sql_exec(s, SQL, "saving a webhook secret",
			      SQL_ARGS(SQL_T(partner_code), SQL_B(blob, blen), SQL_I(now)), NULL, err);
	free(blob);
	return st;
}

enum clario_status store_connections_secret_get(struct store *s, const char *partner_code,
						char *out, size_t size, struct clario_err *err)
{
	static const char SQL[] = "SELECT secret FROM connector_partner_secrets WHERE partner_code = $1";
	struct text_out t = {.buf = out, .size = size, .blob = true};
	enum clario_status st = sql_query(s, SQL, "reading a webhook secret",
					  SQL_ARGS(SQL_T(partner_code)), text_row, &t, err);
	if (st == CLARIO_OK && !t.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no webhook secret for partner %s", partner_code);
	return st;
}

enum clario_status store_connections_webhook_seen(struct store *s, const char *partner_code,
						  const char *webhook_id, instant_t now,
						  bool *seen, struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_webhooks_seen (partner_code, webhook_id, received_at)"
		" VALUES ($1, $2, $3) ON CONFLICT (partner_code, webhook_id) DO NOTHING";
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, SQL, "recording a webhook id",
					 SQL_ARGS(SQL_T(partner_code), SQL_T(webhook_id), SQL_I(now)),
					 &changed, err);
	*seen = changed == 0;
	return st;
}

enum clario_status store_connections_pending_add(struct store *s, const char *source,
						 const char *outlet_ext, const char *ticket_ext,
						 const char *refund_id, instant_t at, int64_t amount,
						 instant_t now, struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_pending_refunds (source, outlet_ext, ticket_ext, refund_id, at, amount,"
		" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT (source, outlet_ext, refund_id) DO NOTHING";
	return sql_exec(s, SQL, "keeping a pending refund",
			SQL_ARGS(SQL_T(source), SQL_T(outlet_ext), SQL_T(ticket_ext), SQL_T(refund_id),
				 SQL_I(at), SQL_I(amount), SQL_I(now)),
			NULL, err);
}

struct pending_rows {
	struct store_pending_refund *out;
	size_t max, n;
};

static enum clario_status pending_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	(void)err;
	struct pending_rows *p = ctx;
	if (p->n >= p->max)
		return CLARIO_OK;
	struct store_pending_refund *o = &p->out[p->n++];
	o->id = sql_int(r, 0);
	sql_copy(r, 1, o->refund_id, sizeof o->refund_id);
	o->at = sql_int(r, 2);
	o->amount = sql_int(r, 3);
	return CLARIO_OK;
}

enum clario_status store_connections_pending_for(struct store *s, const char *source,
						 const char *outlet_ext, const char *ticket_ext,
						 struct store_pending_refund *out, size_t max,
						 size_t *n, struct clario_err *err)
{
	static const char SQL[] =
		"SELECT id, refund_id, at, amount FROM connector_pending_refunds WHERE source = $1"
		" AND outlet_ext = $2 AND ticket_ext = $3 ORDER BY at, id";
	struct pending_rows p = {.out = out, .max = max};
	enum clario_status st = sql_query(s, SQL, "reading pending refunds",
					  SQL_ARGS(SQL_T(source), SQL_T(outlet_ext), SQL_T(ticket_ext)),
					  pending_row, &p, err);
	*n = p.n;
	return st;
}

enum clario_status store_connections_pending_delete(struct store *s, int64_t id,
						    struct clario_err *err)
{
	static const char SQL[] = "DELETE FROM connector_pending_refunds WHERE id = $1";
	return sql_exec(s, SQL, "applying a pending refund", SQL_ARGS(SQL_I(id)), NULL, err);
}

enum clario_status store_connections_pending_count(struct store *s, int64_t *n,
						   struct clario_err *err)
{
	static const char SQL[] = "SELECT count(*) FROM connector_pending_refunds";
	return sql_one_int(s, SQL, "counting pending refunds", SQL_NOARGS, n, err);
}

enum clario_status store_connections_dl_add(struct store *s, const char *source,
					    const char *webhook_id, const char *reason,
					    const char *body, size_t len, instant_t now,
					    int64_t *id, struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_deadletters (source, webhook_id, reason, body, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id";
	return sql_one_int(s, SQL, "keeping a dead letter",
			   SQL_ARGS(SQL_T(source), SQL_T(webhook_id ? webhook_id : ""), SQL_T(reason),
				    SQL_B(body, len), SQL_I(now)),
			   id, err);
}

enum clario_status store_connections_dl_add_item(struct store *s, const char *source,
						 const char *reason, const char *body, size_t len,
						 instant_t now, struct clario_err *err)
{
	static const char SQL[] =
		"INSERT INTO connector_deadletters (source, webhook_id, reason, body, created_at)"
		" SELECT $1, '', $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM connector_deadletters"
		" WHERE source = $1 AND webhook_id = '' AND replayed_at = 0 AND body = $3)";
	return sql_exec(s, SQL, "keeping a dead letter",
			SQL_ARGS(SQL_T(source), SQL_T(reason), SQL_B(body, len), SQL_I(now)), NULL, err);
}

struct dl_rows {
	struct store_conn_deadletter *v;
	size_t n, cap;
};

static enum clario_status dl_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct dl_rows *d = ctx;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct store_conn_deadletter *m = realloc(d->v, cap * sizeof *m);
		if (!m)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory listing dead letters");
		d->v = m;
		d->cap = cap;
	}
	struct store_conn_deadletter *o = &d->v[d->n];
	memset(o, 0, sizeof *o);
	o->id = sql_int(r, 0);
	sql_copy(r, 1, o->source, sizeof o->source);
	sql_copy(r, 2, o->webhook_id, sizeof o->webhook_id);
	sql_copy(r, 3, o->reason, sizeof o->reason);
	size_t len = 0;
	const void *b = sql_blob(r, 4, &len);
	o->body = malloc(len + 1);
	if (!o->body)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory reading a dead letter");
	if (len)
		memcpy(o->body, b, len);
	o->body[len] = '\0';
	o->body_len = len;
	o->created_at = sql_int(r, 5);
	o->replayed_at = sql_int(r, 6);
	d->n++;
	return CLARIO_OK;
}

enum clario_status store_connections_dl_list(struct store *s, int64_t id, const char *source,
					     bool webhooks_only, struct store_conn_deadletter **out,
					     size_t *n, struct clario_err *err)
{
	static const char SQL[] =
		"SELECT id, source, webhook_id, reason, body, created_at, replayed_at FROM connector_deadletters"
		" WHERE replayed_at = 0 AND ($1 = 0 OR id = $1) AND (CAST($2 AS TEXT) IS NULL OR source = $2)"
		" AND ($3 = 0 OR webhook_id <> '') ORDER BY id";
	struct dl_rows d = {0};
	enum clario_status st = sql_query(s, SQL, "listing dead letters",
					  SQL_ARGS(SQL_I(id), SQL_T(source), SQL_I(webhooks_only)), dl_row,
					  &d, err);
	if (st) {
		store_connections_dl_free(d.v, d.n);
		return st;
	}
	*out = d.v;
	*n = d.n;
	return CLARIO_OK;
}

void store_connections_dl_free(struct store_conn_deadletter *dl, size_t n)
{
	for (size_t i = 0; dl && i < n; i++)
		free(dl[i].body);
	free(dl);
}

enum clario_status store_connections_dl_replayed(struct store *s, int64_t id, instant_t now,
						 struct clario_err *err)
{
	static const char SQL[] = "UPDATE connector_deadletters SET replayed_at = $2 WHERE id = $1";
	return sql_exec(s, SQL, "marking a dead letter replayed", SQL_ARGS(SQL_I(id), SQL_I(now)), NULL,
			err);
}
