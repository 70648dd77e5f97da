/* SQLite: partners, merchants, outlets, the item catalogue, API keys and dead
 * letters — the records that say who owns what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/internal.h"

static const char *const partner_kinds[] = {"pos", "accounting", "channel"};

enum clario_status store__lite_partner_create(struct store *s, const char *code, const char *name,
					enum store_partner_kind kind, int64_t *id,
					struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_PARTNER_CREATE,
		"INSERT INTO partners(code, name, kind, created_at) VALUES (?,?,?,?)", err);
	if (!st)
		return err->status;
	lite__bind_text(st, 1, code);
	lite__bind_text(st, 2, name);
	lite__bind_text(st, 3, partner_kinds[kind]);
	sqlite3_bind_int64(st, 4, lite__now());
	enum clario_status rc = lite__exec(s, st, "creating a partner", err);
	if (rc == CLARIO_ECONFLICT)
		return clario_err_set(err, rc, "partner code \"%s\" already exists", code);
	if (rc == CLARIO_OK && id)
		*id = sqlite3_last_insert_rowid(L(s)->db);
	return rc;
}

static enum clario_status read_partner(struct store *s, sqlite3_stmt *st, struct store_partner *out,
				       struct clario_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such partner");
	}
	if (rc != SQLITE_ROW)
		return lite__fail(s, rc, "reading a partner", err);
	out->id = sqlite3_column_int64(st, 0);
	lite__copy_text(st, 1, out->code, sizeof out->code);
	lite__copy_text(st, 2, out->name, sizeof out->name);
	const char *k = (const char *)sqlite3_column_text(st, 3);
	out->kind = STORE_PARTNER_POS;
	for (int i = 0; i < 3; i++)
		if (k && strcmp(k, partner_kinds[i]) == 0)
			out->kind = (enum store_partner_kind)i;
	sqlite3_reset(st);
	return CLARIO_OK;
}

enum clario_status store__lite_partner_by_code(struct store *s, const char *code,
					 struct store_partner *out, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_PARTNER_BY_CODE,
		"SELECT id, code, name, kind FROM partners WHERE code = ?", err);
	if (!st)
		return err->status;
	lite__bind_text(st, 1, code);
	return read_partner(s, st, out, err);
}

enum clario_status store__lite_partner_get(struct store *s, int64_t id, struct store_partner *out,
				     struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_PARTNER_GET,
		"SELECT id, code, name, kind FROM partners WHERE id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	return read_partner(s, st, out, err);
}

enum clario_status store__lite_merchant_create(struct store *s, int64_t partner_id, const char *name,
					 const char *kind, int64_t *id, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_MERCHANT_CREATE,
		"INSERT INTO merchants(partner_id, name, kind, created_at) VALUES (?,?,?,?)", err);
	if (!st)
		return err->status;
	if (partner_id > 0)
		sqlite3_bind_int64(st, 1, partner_id);
	lite__bind_text(st, 2, name);
	lite__bind_text(st, 3, kind);
	sqlite3_bind_int64(st, 4, lite__now());
	enum clario_status rc = lite__exec(s, st, "creating a merchant", err);
	if (rc == CLARIO_OK && id)
		*id = sqlite3_last_insert_rowid(L(s)->db);
	return rc;
}

static void merchant_row(sqlite3_stmt *st, struct store_merchant *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->partner_id = sqlite3_column_int64(st, 1);
	lite__copy_text(st, 2, m->name, sizeof m->name);
	lite__copy_text(st, 3, m->kind, sizeof m->kind);
}

enum clario_status store__lite_merchant_get(struct store *s, int64_t id, struct store_merchant *out,
				      struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_MERCHANT_GET,
		"SELECT id, coalesce(partner_id, 0), name, kind FROM merchants WHERE id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		merchant_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "reading a merchant", err);
}

/* Collects rows of a stepped statement into a malloc'd array via fn. */
static enum clario_status collect(struct store *s, sqlite3_stmt *st, size_t elem, void **out,
				  size_t *n, void (*fn)(sqlite3_stmt *, void *), const char *what,
				  struct clario_err *err)
{
	size_t cap = 16, len = 0;
	char *arr = malloc(cap * elem);
	int rc;
	*out = NULL;
	*n = 0;
	if (!arr)
		return clario_err_set(err, CLARIO_ENOMEM, "%s: out of memory", what);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			char *bigger = realloc(arr, cap * 2 * elem);
			if (!bigger) {
				free(arr);
				sqlite3_reset(st);
				return clario_err_set(err, CLARIO_ENOMEM, "%s: out of memory", what);
			}
			arr = bigger;
			cap *= 2;
		}
		memset(arr + len * elem, 0, elem);
		fn(st, arr + len * elem);
		len++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(arr);
		return lite__fail(s, rc, what, err);
	}
	*out = arr;
	*n = len;
	return CLARIO_OK;
}

static void merchant_row_v(sqlite3_stmt *st, void *p)
{
	merchant_row(st, p);
}

enum clario_status store__lite_merchant_list(struct store *s, int64_t partner_id,
				       struct store_merchant **out, size_t *n,
				       struct clario_err *err)
{
	sqlite3_stmt *st;
	if (partner_id < 0)
		st = lite__stmt(s, S_MERCHANT_LIST_ALL,
			"SELECT id, coalesce(partner_id, 0), name, kind FROM merchants ORDER BY id", err);
	else if (partner_id == 0)
		st = lite__stmt(s, S_MERCHANT_LIST_DIRECT,
			"SELECT id, 0, name, kind FROM merchants WHERE partner_id IS NULL ORDER BY id", err);
	else {
		st = lite__stmt(s, S_MERCHANT_LIST_PARTNER,
			"SELECT id, partner_id, name, kind FROM merchants WHERE partner_id = ? ORDER BY id",
			err);
		if (st)
			sqlite3_bind_int64(st, 1, partner_id);
	}
	if (!st)
		return err->status;
	return collect(s, st, sizeof **out, (void **)out, n, merchant_row_v, "listing merchants", err);
}

enum clario_status store__lite_outlet_create(struct store *s, int64_t merchant_id, const char *source,
				       const char *external_id, const char *name, const char *tz,
				       int32_t cutoff, int64_t *id, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_OUTLET_CREATE,
		"INSERT INTO outlets(merchant_id, source, external_id, name, tz, cutoff, created_at)"
		" VALUES (?,?,?,?,?,?,?)", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, merchant_id);
	lite__bind_text(st, 2, source);
	lite__bind_text(st, 3, external_id);
	lite__bind_text(st, 4, name);
	lite__bind_text(st, 5, tz);
	sqlite3_bind_int(st, 6, cutoff);
	sqlite3_bind_int64(st, 7, lite__now());
	enum clario_status rc = lite__exec(s, st, "creating an outlet", err);
	if (rc == CLARIO_ECONFLICT)
		return clario_err_set(err, rc, "external_id: outlet \"%s\" already exists for source \"%s\"",
				      external_id, source);
	if (rc == CLARIO_OK && id)
		*id = sqlite3_last_insert_rowid(L(s)->db);
	return rc;
}

#define OUTLET_COLS \
	"SELECT o.id, o.merchant_id, coalesce(m.partner_id, 0), o.source, o.external_id, o.name," \
	" o.tz, o.cutoff FROM outlets o JOIN merchants m ON m.id = o.merchant_id "

static void outlet_row(sqlite3_stmt *st, void *p)
{
	struct store_outlet *o = p;
	o->id = sqlite3_column_int64(st, 0);
	o->merchant_id = sqlite3_column_int64(st, 1);
	o->partner_id = sqlite3_column_int64(st, 2);
	lite__copy_text(st, 3, o->source, sizeof o->source);
	lite__copy_text(st, 4, o->external_id, sizeof o->external_id);
	lite__copy_text(st, 5, o->name, sizeof o->name);
	lite__copy_text(st, 6, o->tz, sizeof o->tz);
	o->cutoff = sqlite3_column_int(st, 7);
}

static enum clario_status one_outlet(struct store *s, sqlite3_stmt *st, struct store_outlet *out,
				     struct clario_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		outlet_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such outlet");
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "reading an outlet", err);
}

enum clario_status store__lite_outlet_by_external(struct store *s, const char *source,
					    const char *external_id, struct store_outlet *out,
					    struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_OUTLET_BY_EXT,
		OUTLET_COLS "WHERE o.source = ? AND o.external_id = ?", err);
	if (!st)
		return err->status;
	lite__bind_text(st, 1, source);
	lite__bind_text(st, 2, external_id);
	return one_outlet(s, st, out, err);
}

enum clario_status store__lite_outlet_get(struct store *s, int64_t id, struct store_outlet *out,
				    struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_OUTLET_GET, OUTLET_COLS "WHERE o.id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	return one_outlet(s, st, out, err);
}

enum clario_status store__lite_outlet_list(struct store *s, int64_t merchant_id,
				     struct store_outlet **out, size_t *n, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_OUTLET_LIST,
		OUTLET_COLS "WHERE o.merchant_id = ? ORDER BY o.id", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, merchant_id);
	return collect(s, st, sizeof **out, (void **)out, n, outlet_row, "listing outlets", err);
}

enum clario_status store__lite_item_upsert(struct store *s, const struct store_item *item,
				     int64_t *id, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_ITEM_UPSERT,
		"INSERT INTO items(merchant_id, external_id, name, category, price, unit_cost)"
		" VALUES (?,?,?,?,?,?) ON CONFLICT (merchant_id, external_id) DO UPDATE SET"
		" name = excluded.name, category = excluded.category, price = excluded.price,"
		" unit_cost = excluded.unit_cost RETURNING id", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, item->merchant_id);
	lite__bind_text(st, 2, item->external_id);
	lite__bind_text(st, 3, item->name);
	lite__bind_text(st, 4, item->category[0] ? item->category : NULL);
	sqlite3_bind_int64(st, 5, item->price);
	if (item->unit_cost >= 0)
		sqlite3_bind_int64(st, 6, item->unit_cost);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && id)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "saving an item", err);
}

enum clario_status store__lite_item_ensure(struct store *s, int64_t merchant_id,
				     const struct sales_line *line, int64_t *id,
				     struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_ITEM_FIND,
		"SELECT id FROM items WHERE merchant_id = ? AND external_id = ?", err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, merchant_id);
	lite__bind_text(st, 2, line->item_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return CLARIO_OK;
	if (rc != SQLITE_DONE)
		return lite__fail(s, rc, "finding an item", err);
	st = lite__stmt(s, S_ITEM_INSERT_IF_MISSING,
		"INSERT INTO items(merchant_id, external_id, name, category, price) VALUES (?,?,?,?,?)",
		err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, merchant_id);
	lite__bind_text(st, 2, line->item_id);
	lite__bind_text(st, 3, line->name);
	lite__bind_text(st, 4, line->category);
	sqlite3_bind_int64(st, 5, line->unit_price);
	enum clario_status r = lite__exec(s, st, "adding an item to the catalogue", err);
	if (r == CLARIO_OK)
		*id = sqlite3_last_insert_rowid(L(s)->db);
	return r;
}

static const char *const key_kinds[] = {"none", "admin", "partner", "merchant"};

enum clario_status store__lite_key_insert(struct store *s, const struct store_key *k, const char *label,
				    struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_KEY_INSERT,
		"INSERT INTO api_keys(key_id, hash, kind, partner_id, merchant_id, label, created_at)"
		" VALUES (?,?,?,?,?,?,?)", err);
	if (!st)
		return err->status;
	lite__bind_text(st, 1, k->key_id);
	sqlite3_bind_blob(st, 2, k->hash, sizeof k->hash, SQLITE_TRANSIENT);
	lite__bind_text(st, 3, key_kinds[k->kind]);
	if (k->partner_id > 0)
		sqlite3_bind_int64(st, 4, k->partner_id);
	if (k->merchant_id > 0)
		sqlite3_bind_int64(st, 5, k->merchant_id);
	lite__bind_text(st, 6, label);
	sqlite3_bind_int64(st, 7, lite__now());
	return lite__exec(s, st, "saving an API key", err);
}

enum clario_status store__lite_key_lookup(struct store *s, const char *key_id, struct store_key *out,
				    struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_KEY_LOOKUP,
		"SELECT hash, kind, coalesce(partner_id, 0), coalesce(merchant_id, 0),"
		" revoked_at IS NOT NULL FROM api_keys WHERE key_id = ?", err);
	if (!st)
		return err->status;
	lite__bind_text(st, 1, key_id);
	int rc = sqlite3_step(st);
	enum clario_status r = CLARIO_OK;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		snprintf(out->key_id, sizeof out->key_id, "%s", key_id);
		if (sqlite3_column_bytes(st, 0) == (int)sizeof out->hash)
			memcpy(out->hash, sqlite3_column_blob(st, 0), sizeof out->hash);
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		for (int i = 1; i < 4; i++)
			if (kind && strcmp(kind, key_kinds[i]) == 0)
				out->kind = (enum principal_kind)i;
		out->partner_id = sqlite3_column_int64(st, 2);
		out->merchant_id = sqlite3_column_int64(st, 3);
		out->revoked = sqlite3_column_int(st, 4) != 0;
	} else if (rc == SQLITE_DONE) {
		r = clario_err_set(err, CLARIO_ENOTFOUND, "no such key");
	} else {
		r = lite__fail(s, rc, "reading an API key", err);
	}
	sqlite3_reset(st);
	return r;
}

enum clario_status store__lite_deadletter_add(struct store *s, const char *source, const char *principal,
					const char *reason, const char *raw, size_t raw_len,
					struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_DEADLETTER_ADD,
		"INSERT INTO dead_letters(received_at, source, principal, reason, raw) VALUES (?,?,?,?,?)",
		err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, lite__now());
	lite__bind_text(st, 2, source);
	lite__bind_text(st, 3, principal);
	lite__bind_text(st, 4, reason);
	if (raw)
		sqlite3_bind_blob64(st, 5, raw, raw_len, SQLITE_TRANSIENT);
	return lite__exec(s, st, "keeping a dead letter", err);
}

enum clario_status store__lite_deadletter_count(struct store *s, int64_t *n, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_DEADLETTER_COUNT, "SELECT count(*) FROM dead_letters", err);
	if (!st)
		return err->status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "counting dead letters", err);
}

enum clario_status store__lite_has_tenant_data(struct store *s, bool *has, struct clario_err *err)
{
	sqlite3_stmt *st = lite__stmt(s, S_HAS_TENANT_DATA,
				      "SELECT EXISTS (SELECT 1 FROM partners) OR EXISTS (SELECT 1 FROM merchants)"
				      " OR EXISTS (SELECT 1 FROM tickets)",
				      err);
	if (!st)
		return err->status;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CLARIO_OK : lite__fail(s, rc, "looking for stored data", err);
}
