/* PostgreSQL look-up caches and the COPY path (see internal.h): per-batch
 * ticket prefetch and a per-connection item cache spare ingest a round trip per
 * ticket and per line; in bulk mode new tickets and their refunds go to the
 * database by COPY instead of one INSERT per row. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "store/pg/internal.h"
#include "store/shared.h"

/* COPY buffers, in the order they are written (foreign keys). */
enum { B_TICKETS, B_LINES, B_DISCOUNTS, B_PAYMENTS, B_REFUNDS, B_REFUND_LINES, B_COUNT };

static const char *const copy_sql[B_COUNT] = {
	"COPY tickets (id, merchant_id, outlet_id, source, external_id, revision, status,"
	" opened_at, closed_at, channel, covers, customer_id, cashier_id, service_charge, tax,"
	" rounding, business_day, hour, digest, created_at, updated_at) FROM STDIN",
	"COPY ticket_lines (ticket_id, line_no, item_id, item_external_id, name, category, qty,"
	" unit_price, modifiers_total, modifiers_json, discount) FROM STDIN",
	"COPY ticket_discounts (ticket_id, seq, name, amount) FROM STDIN",
	"COPY payments (ticket_id, seq, method, amount, reference) FROM STDIN",
	"COPY refunds (id, ticket_id, merchant_id, outlet_id, external_id, at, amount, reason,"
	" business_day, hour, created_at) FROM STDIN",
	"COPY refund_lines (refund_id, item_id, qty, amount) FROM STDIN",
};

/* Buffered rows are written once this much is waiting. */
#define FLUSH_BYTES (8u << 20)
/* Ids reserved from a sequence per round trip. */
#define ID_BLOCK 512
/* Items remembered per connection before the cache starts over. */
#define MAX_ITEMS 200000
#define MAX_DEPTH 16

struct tentry {
	int64_t outlet_id;
	char *ext_id;
	bool present;
	bool buffered; /* its rows wait in the COPY buffers */
	struct store_ticket_ref ref;
	char **refund_ids; /* buffered refunds' external ids */
	size_t n_refund_ids;
};

struct ientry {
	int64_t merchant_id;
	char *ext_id;
	int64_t id;
};

/* Open addressing: slot holds index + 1, 0 is empty. */
struct htab {
	uint32_t *slots;
	size_t cap;
};

struct mark {
	size_t len[B_COUNT];
	/* Rows that were before this savepoint but were written by a COPY inside
	 * it: ROLLBACK TO undoes them, so they are written again. */
	struct strbuf replay[B_COUNT];
};

struct idblock {
	int64_t ids[ID_BLOCK];
	size_t n, next;
};

struct pg__cache {
	struct tentry *t;
	size_t nt, capt;
	struct htab th;
	bool t_off; /* no longer trusted in this transaction (after a savepoint rollback) */
	struct ientry *it;
	size_t ni, capi;
	struct htab ih;
	struct strbuf buf[B_COUNT];
	struct idblock tids, rids;
	struct mark marks[MAX_DEPTH];
	int depth;
	bool broken; /* a replay failed: the transaction must not commit */
};

static uint64_t hash_key(int64_t a, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)a;
	h *= 1099511628211ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static void htab_free(struct htab *h)
{
	free(h->slots);
	h->slots = NULL;
	h->cap = 0;
}

/* Finds the slot for (a, s): *found tells whether it holds that key. */
typedef bool (*key_eq)(const struct pg__cache *c, uint32_t idx, int64_t a, const char *s);

static size_t htab_slot(const struct pg__cache *c, const struct htab *h, key_eq eq, int64_t a,
			const char *s, bool *found)
{
	size_t mask = h->cap - 1, i = (size_t)hash_key(a, s) & mask;
	while (h->slots[i]) {
		if (eq(c, h->slots[i] - 1, a, s)) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
	*found = false;
	return i;
}

static bool t_eq(const struct pg__cache *c, uint32_t idx, int64_t a, const char *s)
{
	return c->t[idx].outlet_id == a && strcmp(c->t[idx].ext_id, s) == 0;
}

static bool i_eq(const struct pg__cache *c, uint32_t idx, int64_t a, const char *s)
{
	return c->it[idx].merchant_id == a && strcmp(c->it[idx].ext_id, s) == 0;
}

/* Grows h to hold n keys at most half full, re-inserting keys(0..n-1). */
static bool htab_grow(struct pg__cache *c, struct htab *h, size_t n, key_eq eq, bool tickets)
{
	if (h->cap && n * 2 < h->cap)
		return true;
	size_t cap = h->cap ? h->cap * 2 : 1024;
	while (n * 2 >= cap)
		cap *= 2;
	uint32_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	free(h->slots);
	h->slots = slots;
	h->cap = cap;
	for (size_t k = 0; k + 1 < n; k++) {
		bool found;
		int64_t a = tickets ? c->t[k].outlet_id : c->it[k].merchant_id;
		const char *s = tickets ? c->t[k].ext_id : c->it[k].ext_id;
		size_t i = htab_slot(c, h, eq, a, s, &found);
		h->slots[i] = (uint32_t)k + 1;
	}
	return true;
}

static void tentry_free(struct tentry *e)
{
	free(e->ext_id);
	for (size_t i = 0; i < e->n_refund_ids; i++)
		free(e->refund_ids[i]);
	free(e->refund_ids);
}

static void tickets_clear(struct pg__cache *c)
{
	for (size_t i = 0; i < c->nt; i++)
		tentry_free(&c->t[i]);
	c->nt = 0;
	if (c->th.slots)
		memset(c->th.slots, 0, c->th.cap * sizeof *c->th.slots);
}

static void items_clear(struct pg__cache *c)
{
	for (size_t i = 0; i < c->ni; i++)
		free(c->it[i].ext_id);
	c->ni = 0;
	if (c->ih.slots)
		memset(c->ih.slots, 0, c->ih.cap * sizeof *c->ih.slots);
}

static void buffers_clear(struct pg__cache *c)
{
	for (int b = 0; b < B_COUNT; b++)
		c->buf[b].len = 0;
	for (int d = 0; d < c->depth; d++)
		for (int b = 0; b < B_COUNT; b++)
			c->marks[d].len[b] = 0;
}

enum clario_status pg__cache_new(struct store *s, struct clario_err *err)
{
	struct pg__cache *c = calloc(1, sizeof *c);
	if (!c)
		return clario_err_set(err, CLARIO_ENOMEM, "database: out of memory");
	for (int b = 0; b < B_COUNT; b++)
		strbuf_init(&c->buf[b], (size_t)1 << 30);
	for (int d = 0; d < MAX_DEPTH; d++)
		for (int b = 0; b < B_COUNT; b++)
			strbuf_init(&c->marks[d].replay[b], (size_t)1 << 30);
	PG(s)->cache = c;
	return CLARIO_OK;
}

void pg__cache_free(struct store *s)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c)
		return;
	tickets_clear(c);
	items_clear(c);
	free(c->t);
	free(c->it);
	htab_free(&c->th);
	htab_free(&c->ih);
	for (int b = 0; b < B_COUNT; b++)
		strbuf_release(&c->buf[b]);
	for (int d = 0; d < MAX_DEPTH; d++)
		for (int b = 0; b < B_COUNT; b++)
			strbuf_release(&c->marks[d].replay[b]);
	free(c);
	PG(s)->cache = NULL;
}

static void marks_clear(struct pg__cache *c)
{
	for (int d = 0; d < MAX_DEPTH; d++)
		for (int b = 0; b < B_COUNT; b++) {
			c->marks[d].len[b] = 0;
			c->marks[d].replay[b].len = 0;
		}
	c->depth = 0;
}

void pg__cache_tx_end(struct store *s, bool rolled_back)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c)
		return;
	/* Items a rolled-back transaction added are gone again. */
	if (rolled_back)
		items_clear(c);
	tickets_clear(c);
	buffers_clear(c);
	marks_clear(c);
	c->t_off = false;
	c->broken = false;
}

/* ---- items ---- */

bool pg__cache_item(struct store *s, int64_t merchant_id, const char *ext_id, int64_t *id)
{
	struct pg__cache *c = PG(s)->cache;
	bool found = false;
	if (!c || !c->ni)
		return false;
	size_t i = htab_slot(c, &c->ih, i_eq, merchant_id, ext_id, &found);
	if (found)
		*id = c->it[c->ih.slots[i] - 1].id;
	return found;
}

void pg__cache_item_put(struct store *s, int64_t merchant_id, const char *ext_id, int64_t id)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c)
		return;
	if (c->ni >= MAX_ITEMS)
		items_clear(c);
	if (c->ni == c->capi) {
		size_t cap = c->capi ? c->capi * 2 : 256;
		struct ientry *n = realloc(c->it, cap * sizeof *n);
		if (!n)
			return; /* a cache: missing an entry only costs a round trip */
		c->it = n;
		c->capi = cap;
	}
	char *dup = strdup(ext_id);
	if (!dup)
		return;
	c->it[c->ni] = (struct ientry){merchant_id, dup, id};
	c->ni++;
	if (!htab_grow(c, &c->ih, c->ni, i_eq, false)) {
		c->ni--;
		free(dup);
		return;
	}
	bool found;
	size_t i = htab_slot(c, &c->ih, i_eq, merchant_id, ext_id, &found);
	if (!found)
		c->ih.slots[i] = (uint32_t)c->ni;
	else {
		c->ni--;
		free(dup);
	}
}

/* ---- tickets ---- */

static struct tentry *t_find(struct pg__cache *c, int64_t outlet_id, const char *ext_id)
{
	bool found = false;
	if (!c->nt)
		return NULL;
	size_t i = htab_slot(c, &c->th, t_eq, outlet_id, ext_id, &found);
	return found ? &c->t[c->th.slots[i] - 1] : NULL;
}

/* Adds (or returns the existing) entry for the key; NULL on out of memory. */
static struct tentry *t_put(struct pg__cache *c, int64_t outlet_id, const char *ext_id)
{
	struct tentry *e = t_find(c, outlet_id, ext_id);
	if (e)
		return e;
	if (c->nt == c->capt) {
		size_t cap = c->capt ? c->capt * 2 : 1024;
		struct tentry *n = realloc(c->t, cap * sizeof *n);
		if (!n)
			return NULL;
		c->t = n;
		c->capt = cap;
	}
	char *dup = strdup(ext_id);
	if (!dup)
		return NULL;
	c->t[c->nt] = (struct tentry){.outlet_id = outlet_id, .ext_id = dup};
	c->nt++;
	if (!htab_grow(c, &c->th, c->nt, t_eq, true)) {
		c->nt--;
		free(dup);
		return NULL;
	}
	bool found;
	size_t i = htab_slot(c, &c->th, t_eq, outlet_id, ext_id, &found);
	c->th.slots[i] = (uint32_t)c->nt;
	return &c->t[c->nt - 1];
}

static struct tentry *t_by_id(struct pg__cache *c, int64_t id)
{
	/* Refunds and revisions follow their ticket closely: search from the end. */
	for (size_t k = c->nt; k-- > 0;)
		if (c->t[k].present && c->t[k].ref.id == id)
			return &c->t[k];
	return NULL;
}

int pg__cache_ticket(struct store *s, int64_t outlet_id, const char *ext_id,
		     struct store_ticket_ref *out)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || c->t_off || !PG(s)->in_tx)
		return -1;
	struct tentry *e = t_find(c, outlet_id, ext_id);
	if (!e)
		return -1;
	if (!e->present)
		return 0;
	*out = e->ref;
	return 1;
}

/* A text[] or bigint[] literal for unnest: {"a","b"} with \ and " escaped. */
static bool array_text(struct strbuf *sb, const char *const *v, size_t n)
{
	if (!strbuf_append(sb, "{", 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((i && !strbuf_append(sb, ",", 1)) || !strbuf_append(sb, "\"", 1))
			return false;
		for (const char *p = v[i]; *p; p++)
			if (((*p == '"' || *p == '\\') && !strbuf_append(sb, "\\", 1)) ||
			    !strbuf_append(sb, p, 1))
				return false;
		if (!strbuf_append(sb, "\"", 1))
			return false;
	}
	return strbuf_append(sb, "}", 1);
}

static bool array_int(struct strbuf *sb, const int64_t *v, size_t n)
{
	if (!strbuf_append(sb, "{", 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strbuf_appendf(sb, "%s%" PRId64, i ? "," : "", v[i]))
			return false;
	return strbuf_append(sb, "}", 1);
}

enum clario_status pg__cache_prefetch(struct store *s, const int64_t *outlet_ids,
				      const char *const *ext_ids, size_t n, struct clario_err *err)
{
	struct pg__cache *c = PG(s)->cache;
	enum clario_status st = CLARIO_OK;
	struct strbuf ids, exts;
	PGresult *r = NULL;
	if (!c || !PG(s)->in_tx || !n)
		return CLARIO_OK;
	/* After a savepoint rollback the cache is off for this transaction. */
	if (c->t_off)
		return CLARIO_OK;
	strbuf_init(&ids, (size_t)1 << 28);
	strbuf_init(&exts, (size_t)1 << 28);
	if (!array_int(&ids, outlet_ids, n) || !array_text(&exts, ext_ids, n)) {
		st = clario_err_set(err, CLARIO_ENOMEM, "prefetching tickets: out of memory");
		goto out;
	}
	struct pg__params p = {0};
	pg__p_text(&p, ids.buf);
	pg__p_text(&p, exts.buf);
	/* Every key becomes known: absent unless a row says otherwise. Keys
	 * already cached keep their entry (it may be newer than the database:
	 * buffered, or written earlier in this transaction). */
	for (size_t i = 0; i < n; i++) {
		if (!t_put(c, outlet_ids[i], ext_ids[i])) {
			c->t_off = true;
			st = clario_err_set(err, CLARIO_ENOMEM, "prefetching tickets: out of memory");
			goto out;
		}
	}
	st = pg__run(s, P_TICKET_PREFETCH,
		"SELECT t.outlet_id, t.external_id, t.id, t.revision, t.status, t.digest,"
		" (SELECT coalesce(sum(amount), 0)::bigint FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT count(*) FROM refunds r WHERE r.ticket_id = t.id),"
		" (SELECT coalesce(min(at), 0) FROM refunds r WHERE r.ticket_id = t.id)"
		" FROM tickets t JOIN unnest($1::bigint[], $2::text[]) AS k(outlet_id, external_id)"
		" ON t.outlet_id = k.outlet_id AND t.external_id = k.external_id", &p, &r,
		"prefetching tickets", err);
	if (st != CLARIO_OK) {
		/* Entries added above would claim absence: forget them all. */
		c->t_off = true;
		goto out;
	}
	bool ok = true;
	for (int row = 0; row < PQntuples(r); row++) {
		int64_t outlet = pg__i64(r, row, 0, &ok);
		struct tentry *e = t_find(c, outlet, PQgetvalue(r, row, 1));
		if (!e || e->present || e->buffered)
			continue;
		e->present = true;
		e->ref.id = pg__i64(r, row, 2, &ok);
		e->ref.revision = pg__i64(r, row, 3, &ok);
		e->ref.status = strcmp(PQgetvalue(r, row, 4), "void") == 0 ? SALES_STATUS_VOID
									   : SALES_STATUS_CLOSED;
		pg__copy_bytes(r, row, 5, e->ref.digest, sizeof e->ref.digest);
		e->ref.refunded = pg__i64(r, row, 6, &ok);
		e->ref.n_refunds = (size_t)pg__i64(r, row, 7, &ok);
		e->ref.first_refund_at = pg__i64(r, row, 8, &ok);
	}
	if (!ok) {
		c->t_off = true;
		st = pg__bad_row("prefetching tickets", err);
	}
out:
	PQclear(r);
	strbuf_release(&ids);
	strbuf_release(&exts);
	return st;
}

void pg__cache_ticket_inserted(struct store *s, int64_t outlet_id, const char *ext_id, int64_t id,
			       const struct sales_ticket *t, const unsigned char digest[32])
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || c->t_off || !PG(s)->in_tx)
		return;
	struct tentry *e = t_put(c, outlet_id, ext_id);
	if (!e) {
		c->t_off = true; /* cannot keep it current: stop answering */
		return;
	}
	e->present = true;
	e->ref = (struct store_ticket_ref){.id = id, .revision = t->revision, .status = t->status};
	memcpy(e->ref.digest, digest, sizeof e->ref.digest);
}

void pg__cache_ticket_replaced(struct store *s, int64_t id, const struct sales_ticket *t,
			       const unsigned char digest[32])
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || c->t_off || !PG(s)->in_tx)
		return;
	struct tentry *e = t_by_id(c, id);
	if (!e)
		return;
	e->ref.revision = t->revision;
	e->ref.status = t->status;
	memcpy(e->ref.digest, digest, sizeof e->ref.digest);
}

void pg__cache_refund_added(struct store *s, int64_t ticket_id, rupiah_t amount, instant_t at)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || c->t_off || !PG(s)->in_tx)
		return;
	struct tentry *e = t_by_id(c, ticket_id);
	if (!e)
		return;
	e->ref.refunded += amount;
	if (!e->ref.n_refunds || at < e->ref.first_refund_at)
		e->ref.first_refund_at = at;
	e->ref.n_refunds++;
}

/* ---- COPY text format ---- */

static bool c_sep(struct strbuf *sb, bool last)
{
	return strbuf_append(sb, last ? "\n" : "\t", 1);
}

static bool c_int(struct strbuf *sb, int64_t v, bool last)
{
	return strbuf_appendf(sb, "%" PRId64, v) && c_sep(sb, last);
}

static bool c_text(struct strbuf *sb, const char *v, bool last)
{
	if (!v)
		return strbuf_append(sb, "\\N", 2) && c_sep(sb, last);
	for (const char *p = v; *p; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: break;
		}
		if (esc ? !strbuf_append(sb, esc, 2) : !strbuf_append(sb, p, 1))
			return false;
	}
	return c_sep(sb, last);
}

/* bytea in COPY text: \\x then hex (the backslash itself escaped). */
static bool c_bytes(struct strbuf *sb, const unsigned char *b, size_t n, bool last)
{
	if (!strbuf_append(sb, "\\\\x", 3))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strbuf_appendf(sb, "%02x", b[i]))
			return false;
	return c_sep(sb, last);
}

static enum clario_status take_id(struct store *s, struct idblock *b, enum pg__stmt_id stmt,
				  const char *sql, int64_t *id, struct clario_err *err)
{
	if (b->next == b->n) {
		PGresult *r = NULL;
		bool ok = true;
		enum clario_status st = pg__run(s, stmt, sql, NULL, &r, "reserving ids", err);
		if (st != CLARIO_OK)
			return st;
		b->n = 0;
		b->next = 0;
		for (int i = 0; i < PQntuples(r) && b->n < ID_BLOCK; i++)
			b->ids[b->n++] = pg__i64(r, i, 0, &ok);
		PQclear(r);
		if (!ok || !b->n)
			return pg__bad_row("reserving ids", err);
	}
	*id = b->ids[b->next++];
	return CLARIO_OK;
}

static enum clario_status oom(struct clario_err *err)
{
	return clario_err_set(err, CLARIO_ENOMEM, "buffering rows for COPY: out of memory");
}

static bool ticket_row(struct strbuf *sb, int64_t id, const struct sales_ticket *t,
		       const struct store_ticket_place *pl, const unsigned char digest[32],
		       int64_t now)
{
	return c_int(sb, id, false) && c_int(sb, pl->merchant_id, false) &&
	       c_int(sb, pl->outlet_id, false) && c_text(sb, t->source, false) &&
	       c_text(sb, t->ticket_id, false) && c_int(sb, t->revision, false) &&
	       c_text(sb, sales_status_name(t->status), false) &&
	       (t->opened_at ? c_int(sb, t->opened_at, false) : c_text(sb, NULL, false)) &&
	       c_int(sb, t->closed_at, false) && c_text(sb, sales_channel_name(t->channel), false) &&
	       c_int(sb, t->covers, false) && c_text(sb, t->customer_id, false) &&
	       c_text(sb, t->cashier_id, false) && c_int(sb, t->service_charge, false) &&
	       c_int(sb, t->tax, false) && c_int(sb, t->rounding, false) &&
	       c_int(sb, pl->business_day, false) && c_int(sb, pl->hour, false) &&
	       c_bytes(sb, digest, 32, false) && c_int(sb, now, false) && c_int(sb, now, true);
}

static bool line_row(struct strbuf *sb, int64_t id, size_t i, const struct sales_line *l,
		     int64_t item_id, const char *mods_json)
{
	rupiah_t mods = 0;
	for (size_t k = 0; k < l->n_modifiers; k++)
		mods += l->modifiers[k].price;
	return c_int(sb, id, false) && c_int(sb, (int64_t)i, false) && c_int(sb, item_id, false) &&
	       c_text(sb, l->item_id, false) && c_text(sb, l->name, false) &&
	       c_text(sb, l->category, false) && c_int(sb, l->qty, false) &&
	       c_int(sb, l->unit_price, false) && c_int(sb, mods, false) &&
	       c_text(sb, mods_json, false) && c_int(sb, l->discount, true);
}

enum clario_status pg__bulk_ticket(struct store *s, const struct sales_ticket *t,
				   const struct store_ticket_place *place,
				   const unsigned char digest[32], int64_t *id, struct clario_err *err)
{
	struct pg__cache *c = PG(s)->cache;
	enum clario_status st;
	if (!c || !PG(s)->bulk || !PG(s)->in_tx || c->t_off)
		return CLARIO_ENOTFOUND;
	/* Only a ticket the cache knows to be absent: the database is then sure
	 * not to hold it when the COPY runs (writers are serialised). */
	struct tentry *e = t_find(c, place->outlet_id, t->ticket_id);
	if (!e || e->present)
		return CLARIO_ENOTFOUND;
	if ((st = take_id(s, &c->tids, P_RESERVE_TICKET_IDS,
			  "SELECT nextval(pg_get_serial_sequence('tickets', 'id'))"
			  " FROM generate_series(1, 512)", id, err)))
		return st;
	int64_t now = pg__now();
	if (!ticket_row(&c->buf[B_TICKETS], *id, t, place, digest, now))
		return oom(err);
	for (size_t i = 0; i < t->n_lines; i++) {
		char *mj = store__modifiers_encode(&t->lines[i]);
		bool ok = (!t->lines[i].n_modifiers || mj) &&
			  line_row(&c->buf[B_LINES], *id, i, &t->lines[i], place->item_ids[i], mj);
		free(mj);
		if (!ok)
			return oom(err);
	}
	for (size_t i = 0; i < t->n_discounts; i++) {
		struct strbuf *sb = &c->buf[B_DISCOUNTS];
		if (!(c_int(sb, *id, false) && c_int(sb, (int64_t)i, false) &&
		      c_text(sb, t->discounts[i].name, false) && c_int(sb, t->discounts[i].amount, true)))
			return oom(err);
	}
	for (size_t i = 0; i < t->n_payments; i++) {
		struct strbuf *sb = &c->buf[B_PAYMENTS];
		if (!(c_int(sb, *id, false) && c_int(sb, (int64_t)i, false) &&
		      c_text(sb, sales_payment_name(t->payments[i].method), false) &&
		      c_int(sb, t->payments[i].amount, false) &&
		      c_text(sb, t->payments[i].reference, true)))
			return oom(err);
	}
	/* t_find's pointer is still valid: nothing was added since. */
	e->present = true;
	e->buffered = true;
	e->ref = (struct store_ticket_ref){.id = *id, .revision = t->revision, .status = t->status};
	memcpy(e->ref.digest, digest, sizeof e->ref.digest);
	return CLARIO_OK;
}

int pg__bulk_refund_exists(struct store *s, int64_t ticket_id, const char *refund_id, bool *exists)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || c->t_off || !PG(s)->in_tx)
		return 0;
	struct tentry *e = t_by_id(c, ticket_id);
	if (!e || !e->buffered)
		return 0;
	*exists = false;
	for (size_t i = 0; i < e->n_refund_ids; i++)
		if (strcmp(e->refund_ids[i], refund_id) == 0)
			*exists = true;
	return 1;
}

enum clario_status pg__bulk_refund(struct store *s, int64_t ticket_id, int64_t merchant_id,
				   int64_t outlet_id, const struct sales_refund *r, day_t business_day,
				   int hour, const struct store_refund_alloc *alloc, size_t n_alloc,
				   struct clario_err *err)
{
	struct pg__cache *c = PG(s)->cache;
	enum clario_status st;
	int64_t rid;
	if (!c || c->t_off || !PG(s)->in_tx)
		return CLARIO_ENOTFOUND;
	struct tentry *e = t_by_id(c, ticket_id);
	if (!e || !e->buffered)
		return CLARIO_ENOTFOUND;
	char **ids = realloc(e->refund_ids, (e->n_refund_ids + 1) * sizeof *ids);
	if (!ids)
		return oom(err);
	e->refund_ids = ids;
	if (!(ids[e->n_refund_ids] = strdup(r->refund_id)))
		return oom(err);
	e->n_refund_ids++;
	if ((st = take_id(s, &c->rids, P_RESERVE_REFUND_IDS,
			  "SELECT nextval(pg_get_serial_sequence('refunds', 'id'))"
			  " FROM generate_series(1, 512)", &rid, err)))
		return st;
	struct strbuf *sb = &c->buf[B_REFUNDS];
	if (!(c_int(sb, rid, false) && c_int(sb, ticket_id, false) && c_int(sb, merchant_id, false) &&
	      c_int(sb, outlet_id, false) && c_text(sb, r->refund_id, false) &&
	      c_int(sb, r->at, false) && c_int(sb, r->amount, false) && c_text(sb, r->reason, false) &&
	      c_int(sb, business_day, false) && c_int(sb, hour, false) &&
	      c_int(sb, pg__now(), true)))
		return oom(err);
	for (size_t i = 0; i < n_alloc; i++) {
		struct strbuf *lb = &c->buf[B_REFUND_LINES];
		if (!(c_int(lb, rid, false) && c_int(lb, alloc[i].item_id, false) &&
		      c_int(lb, alloc[i].qty, false) && c_int(lb, alloc[i].amount, true)))
			return oom(err);
	}
	return CLARIO_OK;
}

/* ---- flushing ---- */

bool pg__bulk_pending(const struct store *s)
{
	const struct pg__cache *c = ((const struct pg_store *)s)->cache;
	if (!c)
		return false;
	for (int b = 0; b < B_COUNT; b++)
		if (c->buf[b].len)
			return true;
	return false;
}

bool pg__bulk_exempt(enum pg__stmt_id id)
{
	/* Statements that never read or reference buffered rows. */
	switch (id) {
	case P_ITEM_UPSERT: case P_ITEM_FIND: case P_ITEM_INSERT_IF_MISSING:
	case P_ROLLUP_HOUR_ADD: case P_ROLLUP_ITEM_ADD:
	case P_BEGIN: case P_WRITE_LOCK: case P_ROLLBACK:
	case P_SAVEPOINT: case P_RELEASE: case P_ROLLBACK_TO:
	case P_RESERVE_TICKET_IDS: case P_RESERVE_REFUND_IDS:
	case P_TICKET_PREFETCH: /* buffered keys are answered by the cache */
	case P_PING:
		return true;
	default:
		/* Portable statements marked by sql_exec_rollup. */
		return id >= P_COUNT && store__sql_slot_rollup((int)(id - P_COUNT));
	}
}

static enum clario_status copy_all(struct store *s, struct strbuf *bufs, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	for (int b = 0; b < B_COUNT && st == CLARIO_OK; b++)
		if (bufs[b].len)
			st = pg__copy(s, copy_sql[b], bufs[b].buf, bufs[b].len, "writing rows by COPY",
				      err);
	return st;
}

enum clario_status pg__bulk_flush(struct store *s, struct clario_err *err)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || !pg__bulk_pending(s))
		return CLARIO_OK;
	/* Rows buffered before an open savepoint are written inside it: keep
	 * them, so a ROLLBACK TO that savepoint can write them again. */
	for (int d = 0; d < c->depth; d++)
		for (int b = 0; b < B_COUNT; b++)
			if (c->marks[d].len[b] &&
			    !strbuf_append(&c->marks[d].replay[b], c->buf[b].buf, c->marks[d].len[b]))
				return oom(err);
	enum clario_status st = copy_all(s, c->buf, err);
	buffers_clear(c);
	for (size_t i = 0; i < c->nt; i++)
		c->t[i].buffered = false;
	return st;
}

/* ---- savepoints ---- */

void pg__cache_savepoint(struct store *s)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c)
		return;
	if (c->depth < MAX_DEPTH) {
		for (int b = 0; b < B_COUNT; b++) {
			c->marks[c->depth].len[b] = c->buf[b].len;
			c->marks[c->depth].replay[b].len = 0;
		}
	} else {
		/* Deeper than tracked: rows from here on cannot be told apart. */
		c->t_off = true;
	}
	c->depth++;
}

void pg__cache_savepoint_release(struct store *s)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || !c->depth)
		return;
	c->depth--;
	/* The released level's replay rows belong to the parent now, and the
	 * parent's own replay (if its rows were flushed) already covers them. */
	if (c->depth < MAX_DEPTH)
		for (int b = 0; b < B_COUNT; b++)
			c->marks[c->depth].replay[b].len = 0;
}

void pg__cache_savepoint_rollback(struct store *s)
{
	struct pg__cache *c = PG(s)->cache;
	if (!c || !c->depth)
		return;
	c->depth--;
	/* Entries may describe writes just undone: stop trusting them. */
	c->t_off = true;
	items_clear(c);
	if (c->depth >= MAX_DEPTH) {
		c->broken = true;
		return;
	}
	struct mark *m = &c->marks[c->depth];
	for (int b = 0; b < B_COUNT; b++)
		if (c->buf[b].len > m->len[b])
			c->buf[b].len = m->len[b];
	for (size_t i = 0; i < c->nt; i++)
		c->t[i].buffered = false;
	bool replay = false;
	for (int b = 0; b < B_COUNT; b++)
		replay = replay || m->replay[b].len;
	if (replay) {
		struct clario_err ignore;
		if (copy_all(s, m->replay, &ignore) != CLARIO_OK)
			c->broken = true;
		for (int b = 0; b < B_COUNT; b++)
			m->replay[b].len = 0;
	}
}

bool pg__cache_broken(const struct store *s)
{
	const struct pg_store *ps = (const struct pg_store *)s;
	return ps->cache && ps->cache->broken;
}
