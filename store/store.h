/* The store: the one interface to Clario's database. Callers never see SQL.
 * A `struct store` is one connection: use it from one thread at a time (the
 * pool hands one to each worker). Backends: SQLite (a file path, the default)
 * and later PostgreSQL (postgres://...). Migrations are numbered per backend and
 * applied by store_open and `clario migrate`.
 * Records returned in structs are copies the caller owns (fixed-size fields);
 * nothing returned points into the store. Tenancy: every merchant-owned row
 * carries merchant_id; callers pass the ids that the principal is allowed. */
#ifndef CLARIO_STORE_H
#define CLARIO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "model/principal.h"
#include "model/sales.h"

struct store;

struct store_options {
	bool migrate;      /* apply pending migrations on open (default true via store_open) */
	bool bulk;         /* demo/import: relax durability (synchronous=OFF) for speed */
};

/* Opens url (a file path for SQLite). Creates the file if missing. On success
 * *out must be closed with store_close. Thread-safe (each call gives its own
 * connection). */
enum clario_status store_open(const char *url, const struct store_options *opts,
			      struct store **out, struct clario_err *err);
void store_close(struct store *s);
/* Applies pending migrations; *applied gets how many ran. */
enum clario_status store_migrate(struct store *s, int *applied, struct clario_err *err);
/* Cheap liveness check for /healthz. */
enum clario_status store_ping(struct store *s, struct clario_err *err);
/* "sqlite" or "postgres". */
const char *store_backend_name(const struct store *s);

/* Transactions. store_begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * writer never fails half-way for lack of it. Savepoints nest inside. */
enum clario_status store_begin(struct store *s, struct clario_err *err);
enum clario_status store_commit(struct store *s, struct clario_err *err);
void store_rollback(struct store *s);
enum clario_status store_savepoint(struct store *s, struct clario_err *err);
enum clario_status store_savepoint_release(struct store *s, struct clario_err *err);
void store_savepoint_rollback(struct store *s);

/* ---- partners, merchants, outlets, items ---- */

enum store_partner_kind { STORE_PARTNER_POS, STORE_PARTNER_ACCOUNTING, STORE_PARTNER_CHANNEL };

struct store_partner {
	int64_t id;
	char code[33];   /* "moka": also the source name of its tickets */
	char name[129];
	enum store_partner_kind kind;
};

struct store_merchant {
	int64_t id;
	int64_t partner_id; /* 0 = direct merchant */
	char name[257];
	char kind[33];      /* cafe, warung, bakery, restaurant, cloud_kitchen */
};

struct store_outlet {
	int64_t id;
	int64_t merchant_id;
	int64_t partner_id;  /* the merchant's partner, 0 if direct */
	char source[33];     /* where its tickets come from ("moka", "csv", "direct") */
	char external_id[SALES_MAX_ID_LEN + 1];
	char name[257];
	char tz[65];         /* IANA zone */
	int32_t cutoff;      /* business-day cut-off, seconds after local midnight */
};

enum clario_status store_partner_create(struct store *s, const char *code, const char *name,
					enum store_partner_kind kind, int64_t *id,
					struct clario_err *err);
/* CLARIO_ENOTFOUND if absent. */
enum clario_status store_partner_by_code(struct store *s, const char *code,
					 struct store_partner *out, struct clario_err *err);
enum clario_status store_partner_get(struct store *s, int64_t id, struct store_partner *out,
				     struct clario_err *err);

enum clario_status store_merchant_create(struct store *s, int64_t partner_id, const char *name,
					 const char *kind, int64_t *id, struct clario_err *err);
enum clario_status store_merchant_get(struct store *s, int64_t id, struct store_merchant *out,
				      struct clario_err *err);
/* Lists merchants, all of them (partner_id < 0) or one partner's (0 = direct).
 * *out is malloc'd; the caller frees it. */
enum clario_status store_merchant_list(struct store *s, int64_t partner_id,
				       struct store_merchant **out, size_t *n,
				       struct clario_err *err);

enum clario_status store_outlet_create(struct store *s, int64_t merchant_id, const char *source,
				       const char *external_id, const char *name, const char *tz,
				       int32_t cutoff, int64_t *id, struct clario_err *err);
/* By (source, external id): how tickets name their outlet. */
enum clario_status store_outlet_by_external(struct store *s, const char *source,
					    const char *external_id, struct store_outlet *out,
					    struct clario_err *err);
enum clario_status store_outlet_get(struct store *s, int64_t id, struct store_outlet *out,
				    struct clario_err *err);
/* A merchant's outlets; *out is malloc'd, the caller frees it. */
enum clario_status store_outlet_list(struct store *s, int64_t merchant_id,
				     struct store_outlet **out, size_t *n, struct clario_err *err);

/* Catalogue entry. unit_cost < 0 means unknown (never guessed). */
struct store_item {
	int64_t id;
	int64_t merchant_id;
	char external_id[SALES_MAX_ID_LEN + 1];
	char name[SALES_MAX_TEXT_LEN + 1];
	char category[SALES_MAX_TEXT_LEN + 1];
	rupiah_t price;
	rupiah_t unit_cost;
};

/* Inserts or updates the catalogue entry (merchant_id, external_id). */
enum clario_status store_item_upsert(struct store *s, const struct store_item *item,
				     int64_t *id, struct clario_err *err);
/* Returns the id of (merchant_id, external_id), creating it from the sale line's
 * name, category and price (cost unknown) if the catalogue lacks it. */
enum clario_status store_item_ensure(struct store *s, int64_t merchant_id,
				     const struct sales_line *line, int64_t *id,
				     struct clario_err *err);

/* ---- tickets and refunds ---- */

struct store_ticket_ref {
	int64_t id;
	int64_t revision;
	enum sales_status status;
	unsigned char digest[32];
	rupiah_t refunded;   /* Σ recorded refunds */
	size_t n_refunds;
	instant_t first_refund_at; /* earliest recorded refund, 0 if none */
};

/* Where one ticket lands: derived by ingest from the outlet's zone and cut-off. */
struct store_ticket_place {
	int64_t merchant_id;
	int64_t outlet_id;
	day_t business_day;
	int hour;
	const int64_t *item_ids; /* per line, from store_item_ensure */
};

/* Announces the tickets a batch is about to look up (outlet id and ticket
 * external id, pairwise), inside a transaction: a backend may fetch them all in
 * one round trip and answer store_ticket_find from that (PostgreSQL), or do
 * nothing (SQLite). Finds of tickets not announced still work. */
enum clario_status store_ticket_prefetch(struct store *s, const int64_t *outlet_ids,
					 const char *const *ext_ids, size_t n,
					 struct clario_err *err);
/* CLARIO_ENOTFOUND if the outlet has no such ticket. */
enum clario_status store_ticket_find(struct store *s, int64_t outlet_id, const char *ticket_ext_id,
				     struct store_ticket_ref *out, struct clario_err *err);
enum clario_status store_ticket_insert(struct store *s, const struct sales_ticket *t,
				       const struct store_ticket_place *place,
				       const unsigned char digest[32], int64_t *id,
				       struct clario_err *err);
/* Replaces the stored revision's content (lines, discounts, payments) with t's.
 * Recorded refunds stay. */
enum clario_status store_ticket_replace(struct store *s, int64_t id, const struct sales_ticket *t,
					const struct store_ticket_place *place,
					const unsigned char digest[32], struct clario_err *err);
/* Loads the stored revision of a ticket (without refunds) into arena memory;
 * item_ids gets each line's catalogue id (arena-allocated). */
enum clario_status store_ticket_load(struct store *s, int64_t id, struct arena *arena,
				     struct sales_ticket *out, int64_t **item_ids,
				     struct clario_err *err);

/* One refund's allocation to items: what ingest decided, stored as is so later
 * revisions of the ticket never move an old refund. */
struct store_refund_alloc {
	int64_t item_id;
	int32_t qty;
	rupiah_t amount;
};

/* true in *exists if (ticket, refund_id) is already recorded. */
enum clario_status store_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id,
				       bool *exists, struct clario_err *err);
enum clario_status store_refund_insert(struct store *s, int64_t ticket_id, int64_t merchant_id,
				       int64_t outlet_id, const struct sales_refund *r,
				       day_t business_day, int hour,
				       const struct store_refund_alloc *alloc, size_t n_alloc,
				       struct clario_err *err);

/* ---- rollups ---- */

/* Per outlet, business day and local clock hour. Net sales =
 * gross − line_discounts − ticket_discounts − refunds. */
struct rollup_hour {
	int64_t merchant_id;
	int64_t outlet_id;
	day_t day;
	int hour;
	rupiah_t gross;
	rupiah_t line_discounts;
	rupiah_t ticket_discounts;
	rupiah_t refunds;
	rupiah_t tax;
	rupiah_t service_charge;
	rupiah_t rounding;
	int64_t tickets;            /* closed tickets */
	int64_t covers;
	int64_t discounted_tickets; /* closed tickets with any discount */
	int64_t voids;              /* void tickets */
	rupiah_t void_gross;        /* gross of void tickets */
	int64_t refund_count;
};

/* Per outlet, item and business day. discounts include the item's share of
 * ticket-level discounts (split exactly, pro rata to line net). */
struct rollup_item_day {
	int64_t merchant_id;
	int64_t outlet_id;
	int64_t item_id;
	day_t day;
	int64_t qty;
	rupiah_t gross;
	rupiah_t discounts;
	int64_t tickets;
	int64_t refund_qty;
	rupiah_t refunds;
};

/* Adds the deltas (which may be negative) to the row with the same key,
 * creating it if absent. */
enum clario_status store_rollup_hour_add(struct store *s, const struct rollup_hour *d,
					 struct clario_err *err);
enum clario_status store_rollup_item_add(struct store *s, const struct rollup_item_day *d,
					 struct clario_err *err);

/* Hour rollups of one merchant (all outlets, or outlet_id > 0), days from..to
 * inclusive, summed over outlets: one row per (day, hour), ordered. merchant_id
 * and outlet_id of the rows are the query's. *out is malloc'd; caller frees. */
enum clario_status store_rollup_hours_query(struct store *s, int64_t merchant_id,
					    int64_t outlet_id, day_t from, day_t to,
					    struct rollup_hour **out, size_t *n,
					    struct clario_err *err);

/* Empties both rollup tables (for a rebuild; inside a transaction). */
enum clario_status store_rollups_clear(struct store *s, struct clario_err *err);
/* Calls fn for every stored ticket id, oldest first (for a rebuild). */
enum clario_status store_ticket_ids(struct store *s,
				    enum clario_status (*fn)(void *ctx, int64_t id, int64_t outlet_id),
				    void *ctx, struct clario_err *err);
/* Calls fn for every recorded refund with its placement and allocation. */
struct store_refund_row {
	int64_t merchant_id;
	int64_t outlet_id;
	day_t day;
	int hour;
	rupiah_t amount;
	const struct store_refund_alloc *alloc;
	size_t n_alloc;
};
enum clario_status store_refund_rows(struct store *s,
				     enum clario_status (*fn)(void *ctx, const struct store_refund_row *r),
				     void *ctx, struct clario_err *err);
/* A canonical text dump of both rollup tables (non-zero rows, sorted), to check
 * that kept rollups equal rebuilt ones. *out is malloc'd. */
enum clario_status store_rollups_dump(struct store *s, char **out, struct clario_err *err);

/* ---- API keys ---- */

struct store_key {
	char key_id[33];
	unsigned char hash[32];
	enum principal_kind kind;
	int64_t partner_id;   /* for PRINCIPAL_PARTNER */
	int64_t merchant_id;  /* for PRINCIPAL_MERCHANT */
	bool revoked;
};

enum clario_status store_key_insert(struct store *s, const struct store_key *k, const char *label,
				    struct clario_err *err);
/* CLARIO_ENOTFOUND if no such key id. */
enum clario_status store_key_lookup(struct store *s, const char *key_id, struct store_key *out,
				    struct clario_err *err);

/* ---- dead letters ---- */

/* Keeps a rejected payload for inspection: where it came from, why, the raw bytes. */
enum clario_status store_deadletter_add(struct store *s, const char *source, const char *principal,
					const char *reason, const char *raw, size_t raw_len,
					struct clario_err *err);
enum clario_status store_deadletter_count(struct store *s, int64_t *n, struct clario_err *err);
/* Whether any partner, merchant or ticket is stored (cheap: EXISTS, no count). */
enum clario_status store_has_tenant_data(struct store *s, bool *has, struct clario_err *err);

/* ---- connection pool (one connection per worker thread) ---- */

struct store_pool;
/* size connections at most, opened lazily. Thread-safe. */
enum clario_status store_pool_new(const char *url, size_t size, struct store_pool **out,
				  struct clario_err *err);
void store_pool_free(struct store_pool *p);
/* Blocks until a connection is free (or opens a new one); release it after use. */
enum clario_status store_pool_acquire(struct store_pool *p, struct store **out,
				      struct clario_err *err);
void store_pool_release(struct store_pool *p, struct store *s);

#endif
