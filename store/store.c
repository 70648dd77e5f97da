/* store.h's public functions: pick a backend by URL at open, then forward each
 * call to the connection's backend. No SQL here. */
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/rollup_buffer.h"
#include "store/rollups_ext.h"

static bool is_postgres(const char *url)
{
	return url && (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0);
}

enum clario_status store_open(const char *url, const struct store_options *opts,
			      struct store **out, struct clario_err *err)
{
	*out = NULL;
	if (!url || !*url)
		return clario_err_set(err, CLARIO_EINVAL, "database: no path or URL given");
	if (is_postgres(url)) {
#ifdef CLARIO_WITH_PG
		return store__pg_open(url, opts, out, err);
#else
		return clario_err_set(err, CLARIO_EINVAL, "database: this build has no PostgreSQL backend");
#endif
	}
	return store__lite_open(url, opts, out, err);
}

void store_close(struct store *s)
{
	if (!s) /* NULL is a no-op, as with free() */
		return;
	store__rbuf_free(s);
	s->ops->close(s);
}

enum clario_status store_migrate(struct store *s, int *applied, struct clario_err *err)
{
	return s->ops->migrate(s, applied, err);
}

enum clario_status store_ping(struct store *s, struct clario_err *err)
{
	return s->ops->ping(s, err);
}

const char *store_backend_name(const struct store *s)
{
	return s->ops->backend_name(s);
}

/* Rollup deltas wait in the rollup buffer (store/rollup_buffer.h) until the
 * commit, which writes them first; savepoints and rollbacks drop theirs. */
enum clario_status store_begin(struct store *s, struct clario_err *err)
{
	enum clario_status st = s->ops->begin(s, err);
	if (st == CLARIO_OK)
		store__rbuf_begin(s);
	return st;
}

enum clario_status store_commit(struct store *s, struct clario_err *err)
{
	enum clario_status st = store__rbuf_flush(s, err);
	return st == CLARIO_OK ? s->ops->commit(s, err) : st;
}

void store_rollback(struct store *s)
{
	store__rbuf_end(s);
	s->ops->rollback(s);
}

enum clario_status store_savepoint(struct store *s, struct clario_err *err)
{
	enum clario_status st = s->ops->savepoint(s, err);
	if (st == CLARIO_OK && (st = store__rbuf_savepoint(s, err)) != CLARIO_OK)
		s->ops->savepoint_rollback(s);
	return st;
}

enum clario_status store_savepoint_release(struct store *s, struct clario_err *err)
{
	enum clario_status st = s->ops->savepoint_release(s, err);
	return st == CLARIO_OK ? store__rbuf_release(s, err) : st;
}

void store_savepoint_rollback(struct store *s)
{
	store__rbuf_rollback_to(s);
	s->ops->savepoint_rollback(s);
}

enum clario_status store_partner_create(struct store *s, const char *code, const char *name, enum store_partner_kind kind, int64_t *id, struct clario_err *err)
{
	return s->ops->partner_create(s, code, name, kind, id, err);
}

enum clario_status store_partner_by_code(struct store *s, const char *code, struct store_partner *out, struct clario_err *err)
{
	return s->ops->partner_by_code(s, code, out, err);
}

enum clario_status store_partner_get(struct store *s, int64_t id, struct store_partner *out, struct clario_err *err)
{
	return s->ops->partner_get(s, id, out, err);
}

enum clario_status store_merchant_create(struct store *s, int64_t partner_id, const char *name, const char *kind, int64_t *id, struct clario_err *err)
{
	return s->ops->merchant_create(s, partner_id, name, kind, id, err);
}

enum clario_status store_merchant_get(struct store *s, int64_t id, struct store_merchant *out, struct clario_err *err)
{
	return s->ops->merchant_get(s, id, out, err);
}

enum clario_status store_merchant_list(struct store *s, int64_t partner_id, struct store_merchant **out, size_t *n, struct clario_err *err)
{
	return s->ops->merchant_list(s, partner_id, out, n, err);
}

enum clario_status store_outlet_create(struct store *s, int64_t merchant_id, const char *source, const char *external_id, const char *name, const char *tz, int32_t cutoff, int64_t *id, struct clario_err *err)
{
	return s->ops->outlet_create(s, merchant_id, source, external_id, name, tz, cutoff, id, err);
}

enum clario_status store_outlet_by_external(struct store *s, const char *source, const char *external_id, struct store_outlet *out, struct clario_err *err)
{
	return s->ops->outlet_by_external(s, source, external_id, out, err);
}

enum clario_status store_outlet_get(struct store *s, int64_t id, struct store_outlet *out, struct clario_err *err)
{
	return s->ops->outlet_get(s, id, out, err);
}

enum clario_status store_outlet_list(struct store *s, int64_t merchant_id, struct store_outlet **out, size_t *n, struct clario_err *err)
{
	return s->ops->outlet_list(s, merchant_id, out, n, err);
}

enum clario_status store_item_upsert(struct store *s, const struct store_item *item, int64_t *id, struct clario_err *err)
{
	return s->ops->item_upsert(s, item, id, err);
}

enum clario_status store_item_ensure(struct store *s, int64_t merchant_id, const struct sales_line *line, int64_t *id, struct clario_err *err)
{
	return s->ops->item_ensure(s, merchant_id, line, id, err);
}

enum clario_status store_ticket_prefetch(struct store *s, const int64_t *outlet_ids,
					 const char *const *ext_ids, size_t n,
					 struct clario_err *err)
{
	return s->ops->ticket_prefetch(s, outlet_ids, ext_ids, n, err);
}

enum clario_status store_ticket_find(struct store *s, int64_t outlet_id, const char *ticket_ext_id, struct store_ticket_ref *out, struct clario_err *err)
{
	return s->ops->ticket_find(s, outlet_id, ticket_ext_id, out, err);
}

enum clario_status store_ticket_insert(struct store *s, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], int64_t *id, struct clario_err *err)
{
	return s->ops->ticket_insert(s, t, place, digest, id, err);
}

enum clario_status store_ticket_replace(struct store *s, int64_t id, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], struct clario_err *err)
{
	return s->ops->ticket_replace(s, id, t, place, digest, err);
}

enum clario_status store_ticket_load(struct store *s, int64_t id, struct arena *arena, struct sales_ticket *out, int64_t **item_ids, struct clario_err *err)
{
	return s->ops->ticket_load(s, id, arena, out, item_ids, err);
}

enum clario_status store_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists, struct clario_err *err)
{
	return s->ops->refund_exists(s, ticket_id, refund_id, exists, err);
}

enum clario_status store_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id, int64_t outlet_id, const struct sales_refund *r, day_t business_day, int hour, const struct store_refund_alloc *alloc, size_t n_alloc, struct clario_err *err)
{
	return s->ops->refund_insert(s, ticket_id, merchant_id, outlet_id, r, business_day, hour, alloc, n_alloc, err);
}

/* Through the rollup buffer, which also keeps each core delta's coarser
 * copies (store/rollups_ext.h). */
enum clario_status store_rollup_hour_add(struct store *s, const struct rollup_hour *d, struct clario_err *err)
{
	return store__rbuf_hour(s, d, err);
}

enum clario_status store_rollup_item_add(struct store *s, const struct rollup_item_day *d, struct clario_err *err)
{
	return store__rbuf_item(s, d, err);
}

enum clario_status store_rollup_hours_query(struct store *s, int64_t merchant_id, int64_t outlet_id, day_t from, day_t to, struct rollup_hour **out, size_t *n, struct clario_err *err)
{
	return s->ops->rollup_hours_query(s, merchant_id, outlet_id, from, to, out, n, err);
}

enum clario_status store_rollups_clear(struct store *s, struct clario_err *err)
{
	store__rbuf_discard(s); /* nothing held survives a clear */
	enum clario_status st = s->ops->rollups_clear(s, err);
	return st == CLARIO_OK ? store_rollups_ext_clear(s, err) : st;
}

enum clario_status store_ticket_ids(struct store *s, enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id), void *ctx, struct clario_err *err)
{
	return s->ops->ticket_ids(s, fn, ctx, err);
}

enum clario_status store_refund_rows(struct store *s, enum clario_status (*fn)(void *ctx, const struct store_refund_row *r), void *ctx, struct clario_err *err)
{
	return s->ops->refund_rows(s, fn, ctx, err);
}

/* The core tables' dump (per backend), then the portable tables'. */
enum clario_status store_rollups_dump(struct store *s, char **out, struct clario_err *err)
{
	char *core = NULL;
	struct strbuf sb;
	enum clario_status st = store__rbuf_sync(s, err); /* what this transaction holds */
	if (st == CLARIO_OK)
		st = s->ops->rollups_dump(s, &core, err);
	if (st != CLARIO_OK)
		return st;
	strbuf_init(&sb, (size_t)1 << 34);
	if (!strbuf_append(&sb, core, strlen(core)))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	free(core);
	if (st == CLARIO_OK)
		st = store_rollups_ext_dump(s, &sb, err);
	if (st == CLARIO_OK && !(*out = strbuf_detach(&sb, NULL)))
		st = clario_err_set(err, CLARIO_ENOMEM, "dumping rollups: out of memory");
	if (st != CLARIO_OK)
		strbuf_release(&sb);
	return st;
}

enum clario_status store_key_insert(struct store *s, const struct store_key *k, const char *label, struct clario_err *err)
{
	return s->ops->key_insert(s, k, label, err);
}

enum clario_status store_key_lookup(struct store *s, const char *key_id, struct store_key *out, struct clario_err *err)
{
	return s->ops->key_lookup(s, key_id, out, err);
}

enum clario_status store_deadletter_add(struct store *s, const char *source, const char *principal, const char *reason, const char *raw, size_t raw_len, struct clario_err *err)
{
	return s->ops->deadletter_add(s, source, principal, reason, raw, raw_len, err);
}

enum clario_status store_deadletter_count(struct store *s, int64_t *n, struct clario_err *err)
{
	return s->ops->deadletter_count(s, n, err);
}

enum clario_status store_has_tenant_data(struct store *s, bool *has, struct clario_err *err)
{
	return s->ops->has_tenant_data(s, has, err);
}
