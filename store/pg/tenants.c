/* PostgreSQL: partners, merchants, outlets, the item catalogue, API keys and
 * dead letters — the records that say who owns what. Same results and error
 * texts as store/sqlite/tenants.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/internal.h"

static const char *const partner_kinds[] = {"pos", "accounting", "channel"};

/* Reads the id an INSERT ... RETURNING id gave back. */
static enum clario_status returned_id(const PGresult *r, int64_t *id, const char *what,
				      struct clario_err *err)
{
	bool ok = PQntuples(r) == 1;
	int64_t v = ok ? pg__i64(r, 0, 0, &ok) : 0;
	if (!ok)
		return pg__bad_row(what, err);
	if (id)
		*id = v;
	return CLARIO_OK;
}

enum clario_status store__pg_partner_create(struct store *s, const char *code, const char *name,
					    enum store_partner_kind kind, int64_t *id,
					    struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_text(&p, code);
	pg__p_text(&p, name);
	pg__p_text(&p, partner_kinds[kind]);
	pg__p_int(&p, pg__now());
	enum clario_status st = pg__run(s, P_PARTNER_CREATE,
		"INSERT INTO partners(code, name, kind, created_at) VALUES ($1, $2, $3, $4)"
		" RETURNING id", &p, &r, "creating a partner", err);
	if (st == CLARIO_ECONFLICT)
		st = clario_err_set(err, st, "partner code \"%s\" already exists", code);
	else if (st == CLARIO_OK)
		st = returned_id(r, id, "creating a partner", err);
	PQclear(r);
	return st;
}

static enum clario_status read_partner(const PGresult *r, struct store_partner *out,
				       struct clario_err *err)
{
	bool ok = true;
	if (PQntuples(r) == 0)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such partner");
	out->id = pg__i64(r, 0, 0, &ok);
	pg__copy_text(r, 0, 1, out->code, sizeof out->code);
	pg__copy_text(r, 0, 2, out->name, sizeof out->name);
	const char *k = PQgetvalue(r, 0, 3);
	out->kind = STORE_PARTNER_POS;
	for (int i = 0; i < 3; i++)
		if (strcmp(k, partner_kinds[i]) == 0)
			out->kind = (enum store_partner_kind)i;
	return ok ? CLARIO_OK : pg__bad_row("reading a partner", err);
}

enum clario_status store__pg_partner_by_code(struct store *s, const char *code,
					     struct store_partner *out, struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_text(&p, code);
	enum clario_status st = pg__run(s, P_PARTNER_BY_CODE,
		"SELECT id, code, name, kind FROM partners WHERE code = $1", &p, &r,
		"reading a partner", err);
	if (st == CLARIO_OK)
		st = read_partner(r, out, err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_partner_get(struct store *s, int64_t id, struct store_partner *out,
					 struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_int(&p, id);
	enum clario_status st = pg__run(s, P_PARTNER_GET,
		"SELECT id, code, name, kind FROM partners WHERE id = $1", &p, &r,
		"reading a partner", err);
	if (st == CLARIO_OK)
		st = read_partner(r, out, err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_merchant_create(struct store *s, int64_t partner_id, const char *name,
					     const char *kind, int64_t *id, struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	if (partner_id > 0)
		pg__p_int(&p, partner_id);
	else
		pg__p_null(&p);
	pg__p_text(&p, name);
	pg__p_text(&p, kind);
	pg__p_int(&p, pg__now());
	enum clario_status st = pg__run(s, P_MERCHANT_CREATE,
		"INSERT INTO merchants(partner_id, name, kind, created_at) VALUES ($1, $2, $3, $4)"
		" RETURNING id", &p, &r, "creating a merchant", err);
	if (st == CLARIO_OK)
		st = returned_id(r, id, "creating a merchant", err);
	PQclear(r);
	return st;
}

static bool merchant_row(const PGresult *r, int row, void *p)
{
	struct store_merchant *m = p;
	bool ok = true;
	m->id = pg__i64(r, row, 0, &ok);
	m->partner_id = pg__i64(r, row, 1, &ok);
	pg__copy_text(r, row, 2, m->name, sizeof m->name);
	pg__copy_text(r, row, 3, m->kind, sizeof m->kind);
	return ok;
}

enum clario_status store__pg_merchant_get(struct store *s, int64_t id, struct store_merchant *out,
					  struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_int(&p, id);
	enum clario_status st = pg__run(s, P_MERCHANT_GET,
		"SELECT id, coalesce(partner_id, 0), name, kind FROM merchants WHERE id = $1", &p, &r,
		"reading a merchant", err);
	if (st == CLARIO_OK && PQntuples(r) == 0)
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
	else if (st == CLARIO_OK && !merchant_row(r, 0, out))
		st = pg__bad_row("reading a merchant", err);
	PQclear(r);
	return st;
}

/* Copies every row of r into a malloc'd array via fn. */
static enum clario_status collect(const PGresult *r, size_t elem, void **out, size_t *n,
				  bool (*fn)(const PGresult *, int, void *), const char *what,
				  struct clario_err *err)
{
	int rows = PQntuples(r);
	char *arr = calloc(rows ? (size_t)rows : 1, elem);
	*out = NULL;
	*n = 0;
	if (!arr)
		return clario_err_set(err, CLARIO_ENOMEM, "%s: out of memory", what);
	for (int i = 0; i < rows; i++)
		if (!fn(r, i, arr + (size_t)i * elem)) {
			free(arr);
			return pg__bad_row(what, err);
		}
	*out = arr;
	*n = (size_t)rows;
	return CLARIO_OK;
}

enum clario_status store__pg_merchant_list(struct store *s, int64_t partner_id,
					   struct store_merchant **out, size_t *n,
					   struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	enum clario_status st;
	*out = NULL;
	*n = 0;
	if (partner_id < 0)
		st = pg__run(s, P_MERCHANT_LIST_ALL,
			"SELECT id, coalesce(partner_id, 0), name, kind FROM merchants ORDER BY id",
			NULL, &r, "listing merchants", err);
	else if (partner_id == 0)
		st = pg__run(s, P_MERCHANT_LIST_DIRECT,
			"SELECT id, 0, name, kind FROM merchants WHERE partner_id IS NULL ORDER BY id",
			NULL, &r, "listing merchants", err);
	else {
		pg__p_int(&p, partner_id);
		st = pg__run(s, P_MERCHANT_LIST_PARTNER,
			"SELECT id, partner_id, name, kind FROM merchants WHERE partner_id = $1"
			" ORDER BY id", &p, &r, "listing merchants", err);
	}
	if (st == CLARIO_OK)
		st = collect(r, sizeof **out, (void **)out, n, merchant_row, "listing merchants", err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_outlet_create(struct store *s, int64_t merchant_id, const char *source,
					   const char *external_id, const char *name, const char *tz,
					   int32_t cutoff, int64_t *id, struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_int(&p, merchant_id);
	pg__p_text(&p, source);
	pg__p_text(&p, external_id);
	pg__p_text(&p, name);
	pg__p_text(&p, tz);
	pg__p_int(&p, cutoff);
	pg__p_int(&p, pg__now());
	enum clario_status st = pg__run(s, P_OUTLET_CREATE,
		"INSERT INTO outlets(merchant_id, source, external_id, name, tz, cutoff, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", &p, &r, "creating an outlet", err);
	if (st == CLARIO_ECONFLICT)
		st = clario_err_set(err, st, "external_id: outlet \"%s\" already exists for source \"%s\"",
				    external_id, source);
	else if (st == CLARIO_OK)
		st = returned_id(r, id, "creating an outlet", err);
	PQclear(r);
	return st;
}

#define OUTLET_COLS \
	"SELECT o.id, o.merchant_id, coalesce(m.partner_id, 0), o.source, o.external_id, o.name," \
	" o.tz, o.cutoff FROM outlets o JOIN merchants m ON m.id = o.merchant_id "

static bool outlet_row(const PGresult *r, int row, void *p)
{
	struct store_outlet *o = p;
	bool ok = true;
	o->id = pg__i64(r, row, 0, &ok);
	o->merchant_id = pg__i64(r, row, 1, &ok);
	o->partner_id = pg__i64(r, row, 2, &ok);
	pg__copy_text(r, row, 3, o->source, sizeof o->source);
	pg__copy_text(r, row, 4, o->external_id, sizeof o->external_id);
	pg__copy_text(r, row, 5, o->name, sizeof o->name);
	pg__copy_text(r, row, 6, o->tz, sizeof o->tz);
	o->cutoff = (int32_t)pg__i64(r, row, 7, &ok);
	return ok;
}

static enum clario_status one_outlet(const PGresult *r, struct store_outlet *out,
				     struct clario_err *err)
{
	if (PQntuples(r) == 0)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such outlet");
	return outlet_row(r, 0, out) ? CLARIO_OK : pg__bad_row("reading an outlet", err);
}

enum clario_status store__pg_outlet_by_external(struct store *s, const char *source,
						const char *external_id, struct store_outlet *out,
						struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_text(&p, source);
	pg__p_text(&p, external_id);
	enum clario_status st = pg__run(s, P_OUTLET_BY_EXT,
		OUTLET_COLS "WHERE o.source = $1 AND o.external_id = $2", &p, &r,
		"reading an outlet", err);
	if (st == CLARIO_OK)
		st = one_outlet(r, out, err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_outlet_get(struct store *s, int64_t id, struct store_outlet *out,
					struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_int(&p, id);
	enum clario_status st = pg__run(s, P_OUTLET_GET, OUTLET_COLS "WHERE o.id = $1", &p, &r,
					"reading an outlet", err);
	if (st == CLARIO_OK)
		st = one_outlet(r, out, err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_outlet_list(struct store *s, int64_t merchant_id,
					 struct store_outlet **out, size_t *n, struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	*out = NULL;
	*n = 0;
	pg__p_int(&p, merchant_id);
	enum clario_status st = pg__run(s, P_OUTLET_LIST,
		OUTLET_COLS "WHERE o.merchant_id = $1 ORDER BY o.id", &p, &r, "listing outlets", err);
	if (st == CLARIO_OK)
		st = collect(r, sizeof **out, (void **)out, n, outlet_row, "listing outlets", err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_item_upsert(struct store *s, const struct store_item *item,
					 int64_t *id, struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	pg__p_int(&p, item->merchant_id);
	pg__p_text(&p, item->external_id);
	pg__p_text(&p, item->name);
	pg__p_text(&p, item->category[0] ? item->category : NULL);
	pg__p_int(&p, item->price);
	if (item->unit_cost >= 0)
		pg__p_int(&p, item->unit_cost);
	else
		pg__p_null(&p);
	enum clario_status st = pg__run(s, P_ITEM_UPSERT,
		"INSERT INTO items(merchant_id, external_id, name, category, price, unit_cost)"
		" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (merchant_id, external_id) DO UPDATE SET"
		" name = EXCLUDED.name, category = EXCLUDED.category, price = EXCLUDED.price,"
		" unit_cost = EXCLUDED.unit_cost RETURNING id", &p, &r, "saving an item", err);
	if (st == CLARIO_OK)
		st = returned_id(r, id, "saving an item", err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_item_ensure(struct store *s, int64_t merchant_id,
					 const struct sales_line *line, int64_t *id,
					 struct clario_err *err)
{
	struct pg__params p = {0}, q = {0};
	PGresult *r = NULL;
	if (pg__cache_item(s, merchant_id, line->item_id, id))
		return CLARIO_OK;
	pg__p_int(&p, merchant_id);
	pg__p_text(&p, line->item_id);
	enum clario_status st = pg__run(s, P_ITEM_FIND,
		"SELECT id FROM items WHERE merchant_id = $1 AND external_id = $2", &p, &r,
		"finding an item", err);
	if (st != CLARIO_OK || PQntuples(r) == 1) {
		if (st == CLARIO_OK)
			st = returned_id(r, id, "finding an item", err);
		goto out;
	}
	PQclear(r);
	r = NULL;
	pg__p_int(&q, merchant_id);
	pg__p_text(&q, line->item_id);
	pg__p_text(&q, line->name);
	pg__p_text(&q, line->category);
	pg__p_int(&q, line->unit_price);
	st = pg__run(s, P_ITEM_INSERT_IF_MISSING,
		"INSERT INTO items(merchant_id, external_id, name, category, price)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id", &q, &r,
		"adding an item to the catalogue", err);
	if (st == CLARIO_OK)
		st = returned_id(r, id, "adding an item to the catalogue", err);
out:
	if (st == CLARIO_OK)
		pg__cache_item_put(s, merchant_id, line->item_id, *id);
	PQclear(r);
	return st;
}

static const char *const key_kinds[] = {"none", "admin", "partner", "merchant"};

enum clario_status store__pg_key_insert(struct store *s, const struct store_key *k,
					const char *label, struct clario_err *err)
{
	struct pg__params p = {0};
	pg__p_text(&p, k->key_id);
	pg__p_bytes(&p, k->hash, sizeof k->hash);
	pg__p_text(&p, key_kinds[k->kind]);
	if (k->partner_id > 0)
		pg__p_int(&p, k->partner_id);
	else
		pg__p_null(&p);
	if (k->merchant_id > 0)
		pg__p_int(&p, k->merchant_id);
	else
		pg__p_null(&p);
	pg__p_text(&p, label);
	pg__p_int(&p, pg__now());
	return pg__run(s, P_KEY_INSERT,
		"INSERT INTO api_keys(key_id, hash, kind, partner_id, merchant_id, label, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)", &p, NULL, "saving an API key", err);
}

enum clario_status store__pg_key_lookup(struct store *s, const char *key_id, struct store_key *out,
					struct clario_err *err)
{
	struct pg__params p = {0};
	PGresult *r = NULL;
	bool ok = true;
	pg__p_text(&p, key_id);
	enum clario_status st = pg__run(s, P_KEY_LOOKUP,
		"SELECT hash, kind, coalesce(partner_id, 0), coalesce(merchant_id, 0),"
		" (revoked_at IS NOT NULL)::int FROM api_keys WHERE key_id = $1", &p, &r,
		"reading an API key", err);
	if (st != CLARIO_OK)
		goto out;
	if (PQntuples(r) == 0) {
		st = clario_err_set(err, CLARIO_ENOTFOUND, "no such key");
		goto out;
	}
	memset(out, 0, sizeof *out);
	snprintf(out->key_id, sizeof out->key_id, "%s", key_id);
	pg__copy_bytes(r, 0, 0, out->hash, sizeof out->hash);
	const char *kind = PQgetvalue(r, 0, 1);
	for (int i = 1; i < 4; i++)
		if (strcmp(kind, key_kinds[i]) == 0)
			out->kind = (enum principal_kind)i;
	out->partner_id = pg__i64(r, 0, 2, &ok);
	out->merchant_id = pg__i64(r, 0, 3, &ok);
	out->revoked = pg__i64(r, 0, 4, &ok) != 0;
	if (!ok)
		st = pg__bad_row("reading an API key", err);
out:
	PQclear(r);
	return st;
}

enum clario_status store__pg_deadletter_add(struct store *s, const char *source,
					    const char *principal, const char *reason,
					    const char *raw, size_t raw_len, struct clario_err *err)
{
	struct pg__params p = {0};
	/* libpq lengths are int; request bodies are capped far below this. */
	if (raw && raw_len > INT32_MAX)
		return clario_err_set(err, CLARIO_ETOOBIG, "keeping a dead letter: payload too large");
	pg__p_int(&p, pg__now());
	pg__p_text(&p, source);
	pg__p_text(&p, principal);
	pg__p_text(&p, reason);
	if (raw)
		pg__p_bytes(&p, raw, raw_len);
	else
		pg__p_null(&p);
	return pg__exec(s, P_DEADLETTER_ADD,
		"INSERT INTO dead_letters(received_at, source, principal, reason, raw)"
		" VALUES ($1, $2, $3, $4, $5)", &p, "keeping a dead letter", err);
}

enum clario_status store__pg_deadletter_count(struct store *s, int64_t *n, struct clario_err *err)
{
	PGresult *r = NULL;
	enum clario_status st = pg__run(s, P_DEADLETTER_COUNT, "SELECT count(*) FROM dead_letters",
					NULL, &r, "counting dead letters", err);
	if (st == CLARIO_OK)
		st = returned_id(r, n, "counting dead letters", err);
	PQclear(r);
	return st;
}

enum clario_status store__pg_has_tenant_data(struct store *s, bool *has, struct clario_err *err)
{
	PGresult *r = NULL;
	int64_t n = 0;
	enum clario_status st = pg__run(s, P_HAS_TENANT_DATA,
					"SELECT (EXISTS (SELECT 1 FROM partners) OR EXISTS (SELECT 1 FROM merchants)"
					" OR EXISTS (SELECT 1 FROM tickets))::int::int8",
					NULL, &r, "looking for stored data", err);
	if (st == CLARIO_OK)
		st = returned_id(r, &n, "looking for stored data", err);
	PQclear(r);
	*has = n != 0;
	return st;
}
