/* Backend interface: what each database backend (SQLite, PostgreSQL) provides
 * behind store.h. A connection is a backend's struct whose first member is
 * struct store; store.c forwards every public call through its ops table.
 * Only store/ includes this. */
#ifndef CLARIO_STORE_BACKEND_H
#define CLARIO_STORE_BACKEND_H

#include "store/sql.h"
#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	enum clario_status (*migrate)(struct store *s, int *applied, struct clario_err *err);
	enum clario_status (*ping)(struct store *s, struct clario_err *err);
	const char *(*backend_name)(const struct store *s);
	enum clario_status (*begin)(struct store *s, struct clario_err *err);
	enum clario_status (*commit)(struct store *s, struct clario_err *err);
	void (*rollback)(struct store *s);
	enum clario_status (*savepoint)(struct store *s, struct clario_err *err);
	enum clario_status (*savepoint_release)(struct store *s, struct clario_err *err);
	void (*savepoint_rollback)(struct store *s);
	enum clario_status (*partner_create)(struct store *s, const char *code, const char *name, enum store_partner_kind kind, int64_t *id, struct clario_err *err);
	enum clario_status (*partner_by_code)(struct store *s, const char *code, struct store_partner *out, struct clario_err *err);
	enum clario_status (*partner_get)(struct store *s, int64_t id, struct store_partner *out, struct clario_err *err);
	enum clario_status (*merchant_create)(struct store *s, int64_t partner_id, const char *name, const char *kind, int64_t *id, struct clario_err *err);
	enum clario_status (*merchant_get)(struct store *s, int64_t id, struct store_merchant *out, struct clario_err *err);
	enum clario_status (*merchant_list)(struct store *s, int64_t partner_id, struct store_merchant **out, size_t *n, struct clario_err *err);
	enum clario_status (*outlet_create)(struct store *s, int64_t merchant_id, const char *source, const char *external_id, const char *name, const char *tz, int32_t cutoff, int64_t *id, struct clario_err *err);
	enum clario_status (*outlet_by_external)(struct store *s, const char *source, const char *external_id, struct store_outlet *out, struct clario_err *err);
	enum clario_status (*outlet_get)(struct store *s, int64_t id, struct store_outlet *out, struct clario_err *err);
	enum clario_status (*outlet_list)(struct store *s, int64_t merchant_id, struct store_outlet **out, size_t *n, struct clario_err *err);
	enum clario_status (*item_upsert)(struct store *s, const struct store_item *item, int64_t *id, struct clario_err *err);
	enum clario_status (*item_ensure)(struct store *s, int64_t merchant_id, const struct sales_line *line, int64_t *id, struct clario_err *err);
	enum clario_status (*ticket_prefetch)(struct store *s, const int64_t *outlet_ids, const char *const *ext_ids, size_t n, struct clario_err *err);
	enum clario_status (*ticket_find)(struct store *s, int64_t outlet_id, const char *ticket_ext_id, struct store_ticket_ref *out, struct clario_err *err);
	enum clario_status (*ticket_insert)(struct store *s, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], int64_t *id, struct clario_err *err);
	enum clario_status (*ticket_replace)(struct store *s, int64_t id, const struct sales_ticket *t, const struct store_ticket_place *place, const unsigned char digest[32], struct clario_err *err);
	enum clario_status (*ticket_load)(struct store *s, int64_t id, struct arena *arena, struct sales_ticket *out, int64_t **item_ids, struct clario_err *err);
	enum clario_status (*refund_exists)(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists, struct clario_err *err);
	enum clario_status (*refund_insert)(struct store *s, int64_t ticket_id, int64_t merchant_id, int64_t outlet_id, const struct sales_refund *r, day_t business_day, int hour, const struct store_refund_alloc *alloc, size_t n_alloc, struct clario_err *err);
	enum clario_status (*rollup_hour_add)(struct store *s, const struct rollup_hour *d, struct clario_err *err);
	enum clario_status (*rollup_item_add)(struct store *s, const struct rollup_item_day *d, struct clario_err *err);
	enum clario_status (*rollup_hours_query)(struct store *s, int64_t merchant_id, int64_t outlet_id, day_t from, day_t to, struct rollup_hour **out, size_t *n, struct clario_err *err);
	enum clario_status (*rollups_clear)(struct store *s, struct clario_err *err);
	enum clario_status (*ticket_ids)(struct store *s, enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id), void *ctx, struct clario_err *err);
	enum clario_status (*refund_rows)(struct store *s, enum clario_status (*fn)(void *ctx, const struct store_refund_row *r), void *ctx, struct clario_err *err);
	enum clario_status (*rollups_dump)(struct store *s, char **out, struct clario_err *err);
	enum clario_status (*key_insert)(struct store *s, const struct store_key *k, const char *label, struct clario_err *err);
	enum clario_status (*key_lookup)(struct store *s, const char *key_id, struct store_key *out, struct clario_err *err);
	enum clario_status (*deadletter_add)(struct store *s, const char *source, const char *principal, const char *reason, const char *raw, size_t raw_len, struct clario_err *err);
	enum clario_status (*deadletter_count)(struct store *s, int64_t *n, struct clario_err *err);
	enum clario_status (*has_tenant_data)(struct store *s, bool *has, struct clario_err *err);
	/* store/sql.h: fn NULL and rows false for sql_exec. */
	enum clario_status (*sql_run)(struct store *s, const char *sql, const char *what, const struct sql_val *args, size_t n_args, sql_row_fn fn, void *ctx, int64_t *changed, bool rows, struct clario_err *err);
};

struct rollup_buffer;

struct store {
	const struct store_ops *ops;
	struct rollup_buffer *rbuf; /* owned: rollup deltas of the open transaction */
};

/* Each backend's opener; store_open picks one by the URL. */
enum clario_status store__lite_open(const char *url, const struct store_options *opts,
				    struct store **out, struct clario_err *err);
#ifdef CLARIO_WITH_PG
enum clario_status store__pg_open(const char *url, const struct store_options *opts,
				  struct store **out, struct clario_err *err);
#endif

#endif
