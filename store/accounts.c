/* Web accounts on the portable statement layer: users, sessions, reset tokens,
 * branding and host names, each query written once for both backends. */
#include "store/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "store/sql.h"

#define USER_COLS "id, email, name, role, coalesce(partner_id, 0), coalesce(merchant_id, 0), pw_hash"

static enum clario_status user_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_user *u = ctx;
	(void)err;
	u->id = sql_int(r, 0);
	sql_copy(r, 1, u->email, sizeof u->email);
	sql_copy(r, 2, u->name, sizeof u->name);
	sql_copy(r, 3, u->role, sizeof u->role);
	u->partner_id = sql_int(r, 4);
	u->merchant_id = sql_int(r, 5);
	sql_copy(r, 6, u->pw_hash, sizeof u->pw_hash);
	return CLARIO_OK;
}

enum clario_status store_accounts_user_create(struct store *s, const struct store_user *u,
					      int64_t now, int64_t *id, struct clario_err *err)
{
	static const char sql[] =
		"INSERT INTO web_users(email, name, role, partner_id, merchant_id, pw_hash, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
	return sql_one_int(s, sql, "inserting a web user",
			   SQL_ARGS(SQL_T(u->email), SQL_T(u->name), SQL_T(u->role),
				    SQL_ID(u->partner_id), SQL_ID(u->merchant_id), SQL_T(u->pw_hash),
				    SQL_I(now)),
			   id, err);
}

static enum clario_status user_one(struct store *s, const char *sql, const char *what,
				   struct sql_val arg, struct store_user *out,
				   struct clario_err *err)
{
	memset(out, 0, sizeof *out);
	enum clario_status st = sql_query(s, sql, what, &arg, 1, user_row, out, err);
	if (st == CLARIO_OK && out->id == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such user");
	return st;
}

enum clario_status store_accounts_user_by_email(struct store *s, const char *email,
						struct store_user *out, struct clario_err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM web_users WHERE email = $1";
	return user_one(s, sql, "reading a web user", SQL_T(email), out, err);
}

enum clario_status store_accounts_user_get(struct store *s, int64_t id, struct store_user *out,
					   struct clario_err *err)
{
	static const char sql[] = "SELECT " USER_COLS " FROM web_users WHERE id = $1";
	return user_one(s, sql, "reading a web user", SQL_I(id), out, err);
}

enum clario_status store_accounts_user_set_password(struct store *s, int64_t id,
						    const char *pw_hash, struct clario_err *err)
{
	static const char sql[] = "UPDATE web_users SET pw_hash = $2 WHERE id = $1";
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, sql, "setting a password",
					 SQL_ARGS(SQL_I(id), SQL_T(pw_hash)), &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such user");
	return st;
}

enum clario_status store_accounts_session_insert(struct store *s, const unsigned char id_hash[32],
						 int64_t user_id, const char *csrf, int64_t now,
						 int64_t expires_at, struct clario_err *err)
{
	static const char sql[] = "INSERT INTO web_sessions(id_hash, user_id, csrf, created_at,"
				  " expires_at) VALUES ($1, $2, $3, $4, $5)";
	return sql_exec(s, sql, "inserting a session",
			SQL_ARGS(SQL_B(id_hash, 32), SQL_I(user_id), SQL_T(csrf), SQL_I(now),
				 SQL_I(expires_at)),
			NULL, err);
}

struct session_got {
	bool found;
	int64_t user_id;
	char *csrf;
};

static enum clario_status session_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct session_got *g = ctx;
	(void)err;
	g->found = true;
	g->user_id = sql_int(r, 0);
	sql_copy(r, 1, g->csrf, STORE_ACCOUNTS_CSRF_MAX);
	return CLARIO_OK;
}

enum clario_status store_accounts_session_get(struct store *s, const unsigned char id_hash[32],
					      int64_t now, int64_t *user_id,
					      char csrf[STORE_ACCOUNTS_CSRF_MAX], struct clario_err *err)
{
	static const char sql[] =
		"SELECT user_id, csrf FROM web_sessions WHERE id_hash = $1 AND expires_at > $2";
	struct session_got g = {.csrf = csrf};
	enum clario_status st = sql_query(s, sql, "reading a session",
					  SQL_ARGS(SQL_B(id_hash, 32), SQL_I(now)), session_row, &g,
					  err);
	if (st == CLARIO_OK && !g.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such session");
	*user_id = g.user_id;
	return st;
}

enum clario_status store_accounts_session_delete(struct store *s, const unsigned char id_hash[32],
						 struct clario_err *err)
{
	static const char sql[] = "DELETE FROM web_sessions WHERE id_hash = $1";
	return sql_exec(s, sql, "deleting a session", SQL_ARGS(SQL_B(id_hash, 32)), NULL, err);
}

enum clario_status store_accounts_session_delete_user(struct store *s, int64_t user_id,
						      struct clario_err *err)
{
	static const char sql[] = "DELETE FROM web_sessions WHERE user_id = $1";
	return sql_exec(s, sql, "ending a user's sessions", SQL_ARGS(SQL_I(user_id)), NULL, err);
}

enum clario_status store_accounts_session_purge(struct store *s, int64_t now, int64_t *n,
						struct clario_err *err)
{
	static const char sql[] = "DELETE FROM web_sessions WHERE expires_at <= $1";
	return sql_exec(s, sql, "purging expired sessions", SQL_ARGS(SQL_I(now)), n, err);
}

enum clario_status store_accounts_reset_insert(struct store *s, const unsigned char hash[32],
					       int64_t user_id, int64_t expires_at,
					       struct clario_err *err)
{
	static const char sql[] =
		"INSERT INTO web_resets(token_hash, user_id, expires_at) VALUES ($1, $2, $3)";
	return sql_exec(s, sql, "inserting a password reset",
			SQL_ARGS(SQL_B(hash, 32), SQL_I(user_id), SQL_I(expires_at)), NULL, err);
}

enum clario_status store_accounts_reset_consume(struct store *s, const unsigned char hash[32],
						int64_t now, int64_t *user_id,
						struct clario_err *err)
{
	/* One UPDATE decides: of two concurrent uses only one sees used = 0. */
	static const char sql[] =
		"UPDATE web_resets SET used = 1 WHERE token_hash = $1 AND used = 0 AND expires_at > $2"
		" RETURNING user_id";
	enum clario_status st = sql_one_int(s, sql, "using a password reset",
					    SQL_ARGS(SQL_B(hash, 32), SQL_I(now)), user_id, err);
	if (st == CLARIO_ENOTFOUND)
		clario_err_set(err, CLARIO_ENOTFOUND, "the reset link is invalid, used or expired");
	return st;
}

static enum clario_status branding_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct store_branding *b = ctx;
	(void)err;
	b->partner_id = sql_int(r, 0);
	sql_copy(r, 1, b->product_name, sizeof b->product_name);
	b->powered_by = sql_int(r, 2) != 0;
	sql_copy(r, 3, b->color_primary, sizeof b->color_primary);
	sql_copy(r, 4, b->color_accent, sizeof b->color_accent);
	sql_copy(r, 5, b->frame_origins, sizeof b->frame_origins);
	b->has_logo = sql_int(r, 6) != 0;
	sql_copy(r, 7, b->logo_type, sizeof b->logo_type);
	return CLARIO_OK;
}

enum clario_status store_accounts_branding_get(struct store *s, int64_t partner_id,
					       struct store_branding *out, struct clario_err *err)
{
	static const char sql[] =
		"SELECT partner_id, product_name, powered_by, color_primary, color_accent,"
		" frame_origins, CASE WHEN logo IS NULL THEN 0 ELSE 1 END, coalesce(logo_type, '')"
		" FROM web_branding WHERE partner_id = $1";
	memset(out, 0, sizeof *out);
	enum clario_status st = sql_query(s, sql, "reading branding", SQL_ARGS(SQL_I(partner_id)),
					  branding_row, out, err);
	if (st == CLARIO_OK && out->partner_id == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no branding");
	return st;
}

enum clario_status store_accounts_branding_put(struct store *s, const struct store_branding *b,
					       struct clario_err *err)
{
	static const char sql[] =
		"INSERT INTO web_branding(partner_id, product_name, powered_by, color_primary,"
		" color_accent, frame_origins) VALUES ($1, $2, $3, $4, $5, $6)"
		" ON CONFLICT (partner_id) DO UPDATE SET product_name = excluded.product_name,"
		" powered_by = excluded.powered_by, color_primary = excluded.color_primary,"
		" color_accent = excluded.color_accent, frame_origins = excluded.frame_origins";
	return sql_exec(s, sql, "saving branding",
			SQL_ARGS(SQL_I(b->partner_id), SQL_T(b->product_name), SQL_I(b->powered_by),
				 SQL_T(b->color_primary), SQL_T(b->color_accent),
				 SQL_T(b->frame_origins)),
			NULL, err);
}

enum clario_status store_accounts_logo_put(struct store *s, int64_t partner_id, const char *type,
					   const void *data, size_t len, struct clario_err *err)
{
	static const char sql[] =
		"UPDATE web_branding SET logo = $2, logo_type = $3 WHERE partner_id = $1";
	int64_t changed = 0;
	enum clario_status st = sql_exec(s, sql, "saving a logo",
					 SQL_ARGS(SQL_I(partner_id), SQL_B(data, len), SQL_T(type)),
					 &changed, err);
	if (st == CLARIO_OK && changed == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "save the branding before the logo");
	return st;
}

struct logo_got {
	char *type;
	void *data;
	size_t len;
	bool found;
};

static enum clario_status logo_row(void *ctx, const struct sql_row *r, struct clario_err *err)
{
	struct logo_got *g = ctx;
	size_t len = 0;
	const void *p = sql_blob(r, 0, &len);
	if (sql_is_null(r, 0))
		return CLARIO_OK;
	g->data = malloc(len ? len : 1);
	if (!g->data)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory reading a logo");
	memcpy(g->data, p, len);
	g->len = len;
	g->found = true;
	sql_copy(r, 1, g->type, 32);
	return CLARIO_OK;
}

enum clario_status store_accounts_logo_get(struct store *s, int64_t partner_id,
					   char type[32], void **data, size_t *len,
					   struct clario_err *err)
{
	static const char sql[] =
		"SELECT logo, coalesce(logo_type, '') FROM web_branding WHERE partner_id = $1";
	struct logo_got g = {.type = type};
	enum clario_status st = sql_query(s, sql, "reading a logo", SQL_ARGS(SQL_I(partner_id)),
					  logo_row, &g, err);
	if (st == CLARIO_OK && !g.found)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no logo");
	if (st != CLARIO_OK) {
		free(g.data);
		g.data = NULL;
		g.len = 0;
	}
	*data = g.data;
	*len = g.len;
	return st;
}

enum clario_status store_accounts_host_put(struct store *s, const char *host, int64_t partner_id,
					   struct clario_err *err)
{
	static const char sql[] =
		"INSERT INTO web_hosts(host, partner_id) VALUES ($1, $2)"
		" ON CONFLICT (host) DO UPDATE SET partner_id = excluded.partner_id";
	return sql_exec(s, sql, "mapping a host name", SQL_ARGS(SQL_T(host), SQL_I(partner_id)),
			NULL, err);
}

enum clario_status store_accounts_host_partner(struct store *s, const char *host,
					       int64_t *partner_id, struct clario_err *err)
{
	static const char sql[] = "SELECT partner_id FROM web_hosts WHERE host = $1";
	return sql_one_int(s, sql, "reading a host name", SQL_ARGS(SQL_T(host)), partner_id, err);
}
