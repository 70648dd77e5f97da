/* The importer: CSV rows -> canonical tickets -> ingest. Rows of one ticket
 * (same ticket id) become its lines; negative quantities become refunds of
 * that ticket. Tickets are held open in a small window (rows of a ticket may
 * interleave with a few others), then sent in batches, one transaction each.
 * A re-import changes nothing because ticket ids are the export's own, or for
 * exports without them a digest of the ticket's rows (see docs/import.md). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/arena.h"
#include "connectors/csv/csv.h"
#include "connectors/xlsx/xlsx.h"
#include "ingest/ingest.h"

#define NOON (12 * 3600) /* the time of a row whose export gives only a date */

struct row_in {
	uint64_t line;
	instant_t at;
	int64_t qty;       /* signed: < 0 is a refund */
	int64_t unit_sen;  /* >= 0 */
	int64_t line_sen;  /* |qty| × unit, or the export's line total; >= 0 */
	int64_t disc_sen;  /* >= 0 */
	char *item_id, *name, *category;
	char *why;         /* malloc'd reason this row is rejected, or NULL */
};

struct open_ticket {
	uint64_t key_hash;
	size_t outlet;             /* index into the merchant's outlets */
	char *ticket_id;           /* NULL: derived when closed */
	char *time_key;            /* without ticket ids: the date-time text grouping rows */
	uint64_t first_line;
	struct row_in *rows;
	size_t n_rows, cap_rows;
	enum sales_channel channel;
	char payment[65];
	bool have_tax, have_service;
	int64_t tax_sen, service_sen;
	char bad[200];             /* the first reason the ticket cannot go in */
	uint64_t bad_line;
	bool bad_rows;             /* a row of it is rejected (else the ticket as a whole is) */
};

/* Lines of the tickets in the pending batch, for reporting rejections. */
struct sent_ticket {
	uint64_t first_line;
	size_t n_rows;
	uint64_t lines[5];
};

/* A set of 64-bit hashes (open addressing, 0 = empty), for the ids of
 * tickets already closed: 16 bytes per ticket at worst. */
struct hashset {
	uint64_t *v;
	size_t cap, n;
};

struct importer {
	struct store *s;
	const struct csv_import_opts *o;
	const struct csv_profile *p;
	struct csv_import_result *res;
	int col[CSV_F_COUNT];      /* column index per field, -1 when absent */
	struct store_outlet *outlets;
	size_t n_outlets;
	const struct tz_zone **zones;
	ssize_t fixed_outlet;      /* --outlet, or the one outlet; -1 when per row */
	char last_outlet_text[SALES_MAX_ID_LEN + 1];
	ssize_t last_outlet;
	struct open_ticket *open[CSV_TICKET_WINDOW];
	size_t n_open;
	struct hashset closed;
	struct arena batch_arena;
	struct sales_ticket batch[CSV_BATCH];
	struct sent_ticket sent[CSV_BATCH];
	size_t n_batch;
	struct principal principal;
	crypto_generichash_state hash;
	int fd;
};

/* ---- small helpers ---- */

static uint64_t hash64(const char *a, size_t outlet)
{
	unsigned char h[8];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)&outlet, sizeof outlet);
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a));
	crypto_generichash_final(&st, h, sizeof h);
	uint64_t v;
	memcpy(&v, h, sizeof v);
	return v ? v : 1;
}

static bool hs_has(const struct hashset *h, uint64_t k)
{
	if (!h->cap)
		return false;
	for (size_t i = k & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
		if (h->v[i] == k)
			return true;
		if (!h->v[i])
			return false;
	}
}

static bool hs_add(struct hashset *h, uint64_t k)
{
	if ((h->n + 1) * 2 > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		uint64_t *v = calloc(cap, sizeof *v);
		if (!v)
			return false;
		for (size_t i = 0; i < h->cap; i++)
			if (h->v[i]) {
				size_t j = h->v[i] & (cap - 1);
				while (v[j])
					j = (j + 1) & (cap - 1);
				v[j] = h->v[i];
			}
		free(h->v);
		h->v = v;
		h->cap = cap;
	}
	size_t i = k & (h->cap - 1);
	while (h->v[i] && h->v[i] != k)
		i = (i + 1) & (h->cap - 1);
	if (!h->v[i]) {
		h->v[i] = k;
		h->n++;
	}
	return true;
}

static int64_t sen_to_rupiah(int64_t sen)
{
	int64_t a = sen < 0 ? -sen : sen;
	int64_t r = (a + 50) / 100;
	return sen < 0 ? -r : r;
}

static void reject(struct importer *im, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reject(struct importer *im, uint64_t line, const char *fmt, ...)
{
	struct csv_import_result *r = im->res;
	if (r->n_rejects < CSV_REJECTS_KEPT) {
		struct csv_reject *j = &r->rejects[r->n_rejects++];
		j->line = line;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(j->reason, sizeof j->reason, fmt, ap);
		va_end(ap);
	}
}

static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n = (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (*p == 0xC0 || *p == 0xC1) || *p > 0xF4)
			return false;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* The field's text in this row, trimmed into buf ("" when absent). */
static const char *field(const struct importer *im, const struct csv_row *row, enum csv_field f,
			 char *buf, size_t size)
{
	int c = im->col[f];
	buf[0] = '\0';
	if (c < 0 || (size_t)c >= row->n)
		return buf;
	const char *s = row->fields[c];
	size_t n = row->lens[c];
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* What the field's cell holds (always text for CSV). */
static enum csv_cell kind_of(const struct importer *im, const struct csv_row *row, enum csv_field f)
{
	int c = im->col[f];
	if (!row->kinds || c < 0 || (size_t)c >= row->n)
		return CSV_CELL_TEXT;
	return (enum csv_cell)row->kinds[c];
}

/* Spreadsheet numbers are plain dot-decimal text whatever the profile says. */
static enum csv_decimal dec_of(const struct importer *im, const struct csv_row *row,
			       enum csv_field f)
{
	return kind_of(im, row, f) == CSV_CELL_NUMBER ? CSV_DECIMAL_DOT : im->p->decimal;
}

/* ---- outlets ---- */

static ssize_t outlet_match(const struct importer *im, const char *text)
{
	const char *src = im->p->source;
	/* The profile's source first, then any of the merchant's outlets;
	 * external id before name. */
	for (int pass = 0; pass < 4; pass++) {
		ssize_t hit = -1;
		size_t hits = 0;
		for (size_t i = 0; i < im->n_outlets; i++) {
			const struct store_outlet *o = &im->outlets[i];
			if (pass < 2 && strcmp(o->source, src) != 0)
				continue;
			bool m = pass % 2 == 0 ? strcmp(o->external_id, text) == 0
					       : strcasecmp(o->name, text) == 0;
			if (m) {
				hit = (ssize_t)i;
				hits++;
			}
		}
		if (hits == 1)
			return hit;
		if (hits > 1)
			return -2;
	}
	return -1;
}

static enum clario_status load_outlets(struct importer *im, struct clario_err *err)
{
	struct store_merchant m;
	enum clario_status st = store_merchant_get(im->s, im->o->merchant_id, &m, err);
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_ENOTFOUND, "no such merchant");
	if (st != CLARIO_OK)
		return st;
	if ((st = store_outlet_list(im->s, m.id, &im->outlets, &im->n_outlets, err)))
		return st;
	if (!im->n_outlets)
		return clario_err_set(err, CLARIO_EINVAL, "the merchant has no outlets: add one first");
	im->zones = calloc(im->n_outlets, sizeof *im->zones);
	if (!im->zones)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	for (size_t i = 0; i < im->n_outlets; i++)
		if ((st = tz_zone_get(im->outlets[i].tz, &im->zones[i], err)))
			return st;
	im->fixed_outlet = -1;
	im->last_outlet = -1;
	if (im->o->outlet && *im->o->outlet) {
		im->fixed_outlet = outlet_match(im, im->o->outlet);
		if (im->fixed_outlet < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      im->fixed_outlet == -2
						      ? "outlet \"%s\" names several of the merchant's outlets; use its external id"
						      : "outlet \"%s\" is not one of the merchant's outlets",
					      im->o->outlet);
	} else if (im->col[CSV_F_OUTLET] < 0) {
		size_t same = 0, idx = 0;
		for (size_t i = 0; i < im->n_outlets; i++)
			if (strcmp(im->outlets[i].source, im->p->source) == 0) {
				same++;
				idx = i;
			}
		if (same == 1 || im->n_outlets == 1)
			im->fixed_outlet = (ssize_t)(same == 1 ? idx : 0);
		else
			return clario_err_set(err, CLARIO_EINVAL,
					      "the file has no outlet column and the merchant has %zu outlets: say which with --outlet (or ?outlet=)",
					      im->n_outlets);
	}
	return CLARIO_OK;
}

/* ---- the header ---- */

static enum clario_status map_columns(struct importer *im, const struct csv_row *hdr,
				      struct clario_err *err)
{
	const struct csv_profile *p = im->p;
	for (int f = 0; f < CSV_F_COUNT; f++) {
		im->col[f] = -1;
		for (size_t k = 0; k < p->n_names[f] && im->col[f] < 0; k++) {
			const char *want = p->names[f][k];
			if (want[0] == '#') {
				im->col[f] = (int)strtol(want + 1, NULL, 10) - 1;
				continue;
			}
			for (size_t c = 0; hdr && c < hdr->n; c++) {
				char name[128];
				const char *h = hdr->fields[c];
				size_t n = hdr->lens[c];
				while (n && (*h == ' ' || *h == '\t')) {
					h++;
					n--;
				}
				while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
					n--;
				if (n >= sizeof name)
					continue;
				memcpy(name, h, n);
				name[n] = '\0';
				if (strcasecmp(name, want) == 0) {
					im->col[f] = (int)c;
					break;
				}
			}
		}
	}
	static const enum csv_field required[] = {CSV_F_DATE, CSV_F_ITEM, CSV_F_QTY};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		enum csv_field f = required[i];
		if (im->col[f] < 0)
			return clario_err_set(err, CLARIO_EINVAL,
					      "the header has no %s column (profile %s looks for \"%s\"%s)",
					      csv_field_key(f), p->name, p->names[f][0],
					      p->n_names[f] > 1 ? " or its other names" : "");
	}
	if (im->col[CSV_F_PRICE] < 0 && im->col[CSV_F_LINE_TOTAL] < 0)
		return clario_err_set(err, CLARIO_EINVAL,
				      "the header has neither a unit_price nor a line_total column (profile %s)",
				      p->name);
	return CLARIO_OK;
}

/* ---- batches ---- */

static enum clario_status flush_batch(struct importer *im, struct clario_err *err)
{
	if (!im->n_batch)
		return CLARIO_OK;
	struct ingest_batch b;
	enum clario_status st = ingest_batch_wrap(im->batch, im->n_batch, &im->principal,
						  &im->batch_arena, &b, err);
	if (st == CLARIO_OK)
		st = ingest_apply(im->s, &b, err);
	for (size_t i = 0; st == CLARIO_OK && i < b.n; i++) {
		const struct ingest_result *r = &b.results[i];
		const struct sent_ticket *t = &im->sent[i];
		switch (r->outcome) {
		case INGEST_CREATED: im->res->created++; break;
		case INGEST_UPDATED: im->res->updated++; break;
		case INGEST_DUPLICATE: im->res->duplicate++; break;
		case INGEST_REJECTED: {
			im->res->rejected_tickets++;
			im->res->rejected_rows += t->n_rows;
			char lines[64] = "";
			size_t shown = t->n_rows < 5 ? t->n_rows : 5;
			size_t off = 0;
			for (size_t k = 0; k < shown && off < sizeof lines; k++)
				off += (size_t)snprintf(lines + off, sizeof lines - off, "%s%llu",
							k ? ", " : "", (unsigned long long)t->lines[k]);
			reject(im, t->first_line, "ticket \"%.80s\" (line%s %s%s): %s",
			       im->batch[i].ticket_id, t->n_rows > 1 ? "s" : "", lines,
			       t->n_rows > shown ? ", ..." : "", r->reason);
			break;
		}
		}
	}
	im->res->tickets += im->n_batch;
	im->n_batch = 0;
	arena_release(&im->batch_arena);
	return st;
}

static void free_ticket(struct open_ticket *t)
{
	for (size_t i = 0; i < t->n_rows; i++) {
		free(t->rows[i].item_id);
		free(t->rows[i].name);
		free(t->rows[i].category);
		free(t->rows[i].why);
	}
	free(t->rows);
	free(t->ticket_id);
	free(t->time_key);
	free(t);
}

/* Reports every row of a ticket that cannot go in, each once: a bad row with
 * its own reason, the others naming the row that sank the ticket. */
static void reject_ticket(struct importer *im, const struct open_ticket *t)
{
	im->res->rejected_tickets++;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct row_in *r = &t->rows[i];
		im->res->rejected_rows++;
		if (r->why)
			reject(im, r->line, "%s", r->why);
		else if (t->bad_rows)
			reject(im, r->line, "ticket \"%.80s\": not imported because its row at line %llu is rejected",
			       t->ticket_id, (unsigned long long)t->bad_line);
		else
			reject(im, r->line, "ticket \"%.80s\": %s", t->ticket_id, t->bad);
	}
}

/* A stable id for a ticket of an export without ticket ids: a digest of the
 * outlet, time and rows, so the same rows give the same id on every import. */
static enum clario_status derive_id(struct importer *im, struct open_ticket *t,
				    struct clario_err *err)
{
	crypto_generichash_state st;
	unsigned char h[16];
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	const char *ext = im->outlets[t->outlet].external_id;
	crypto_generichash_update(&st, (const unsigned char *)ext, strlen(ext) + 1);
	crypto_generichash_update(&st, (const unsigned char *)t->time_key, strlen(t->time_key) + 1);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct row_in *r = &t->rows[i];
		int64_t nums[4] = {r->qty, r->unit_sen, r->line_sen, r->disc_sen};
		crypto_generichash_update(&st, (const unsigned char *)r->item_id, strlen(r->item_id) + 1);
		crypto_generichash_update(&st, (const unsigned char *)nums, sizeof nums);
	}
	crypto_generichash_final(&st, h, sizeof h);
	char id[48];
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	/* The same rows twice at the same time are two tickets: number them. */
	for (unsigned n = 1;; n++) {
		if (n == 1)
			snprintf(id, sizeof id, "csv-%s", hex);
		else
			snprintf(id, sizeof id, "csv-%s-%u", hex, n);
		if (!hs_has(&im->closed, hash64(id, t->outlet)))
			break;
	}
	t->ticket_id = strdup(id);
	if (!t->ticket_id)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	return CLARIO_OK;
}

/* Builds the canonical ticket in the batch arena. On a ticket that cannot be
 * built, fills t->bad and returns CLARIO_OK with *built false. */
static enum clario_status build(struct importer *im, struct open_ticket *t, bool *built,
				struct clario_err *err)
{
	struct arena *a = &im->batch_arena;
	struct sales_ticket *s = &im->batch[im->n_batch];
	const struct store_outlet *o = &im->outlets[t->outlet];
	memset(s, 0, sizeof *s);
	*built = false;
	size_t n_sale = 0, n_ref = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->rows[i].qty > 0)
			n_sale++;
		else
			n_ref++;
	}
	if (!n_sale) {
		snprintf(t->bad, sizeof t->bad,
			 "only refund rows (negative quantities): the sale must be in the same file, with the same ticket id");
		t->bad_line = t->first_line;
		return CLARIO_OK;
	}
	if (n_sale > SALES_MAX_LINES || n_ref > SALES_MAX_REFUNDS) {
		snprintf(t->bad, sizeof t->bad, "more than %d sale rows or %d refund rows in one ticket",
			 SALES_MAX_LINES, SALES_MAX_REFUNDS);
		t->bad_line = t->first_line;
		return CLARIO_OK;
	}
	s->lines = arena_calloc(a, n_sale, sizeof *s->lines);
	s->refunds = n_ref ? arena_calloc(a, n_ref, sizeof *s->refunds) : NULL;
	s->payments = arena_calloc(a, 1, sizeof *s->payments);
	s->source = arena_strdup(a, o->source);
	s->outlet_id = arena_strdup(a, o->external_id);
	s->ticket_id = arena_strdup(a, t->ticket_id);
	if (!s->lines || (n_ref && !s->refunds) || !s->payments || !s->source || !s->outlet_id ||
	    !s->ticket_id)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	s->revision = 1;
	s->status = SALES_STATUS_CLOSED;
	s->channel = t->channel;
	s->closed_at = INT64_MAX;
	int64_t exact_sen = 0, sum_rupiah = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct row_in *r = &t->rows[i];
		if (r->qty <= 0)
			continue;
		struct sales_line *l = &s->lines[s->n_lines++];
		l->item_id = arena_strdup(a, r->item_id);
		l->name = arena_strdup(a, r->name);
		l->category = r->category ? arena_strdup(a, r->category) : NULL;
		if (!l->item_id || !l->name || (r->category && !l->category))
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		l->qty = (int32_t)r->qty;
		l->unit_price = sen_to_rupiah(r->unit_sen);
		l->discount = sen_to_rupiah(r->disc_sen);
		exact_sen += r->line_sen - r->disc_sen;
		sum_rupiah += l->unit_price * l->qty - l->discount;
		if (r->at < s->closed_at)
			s->closed_at = r->at;
	}
	s->tax = sen_to_rupiah(t->tax_sen);
	s->service_charge = sen_to_rupiah(t->service_sen);
	exact_sen += t->tax_sen + t->service_sen;
	sum_rupiah += s->tax + s->service_charge;
	/* Sen and unit prices derived from line totals round per line; the
	 * ticket's exact total rounds once and the difference is its rounding. */
	int64_t due = sen_to_rupiah(exact_sen);
	s->rounding = due - sum_rupiah;
	if (due > 0) {
		s->n_payments = 1;
		s->payments[0].method = csv_payment_from_text(t->payment);
		s->payments[0].amount = due;
	}
	size_t k = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct row_in *r = &t->rows[i];
		if (r->qty > 0)
			continue;
		struct sales_refund *f = &s->refunds[s->n_refunds++];
		char rid[SALES_MAX_ID_LEN + 32];
		snprintf(rid, sizeof rid, "%s:refund:%zu", t->ticket_id, ++k);
		f->refund_id = arena_strdup(a, rid);
		f->at = r->at > s->closed_at ? r->at : s->closed_at;
		f->amount = sen_to_rupiah(r->line_sen - r->disc_sen);
		f->lines = arena_calloc(a, 1, sizeof *f->lines);
		if (!f->refund_id || !f->lines)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		if (f->amount <= 0) {
			snprintf(t->bad, sizeof t->bad, "a refund row of Rp 0 or less after discount");
			t->bad_line = r->line;
			return CLARIO_OK;
		}
		f->n_lines = 1;
		f->lines[0].item_id = arena_strdup(a, r->item_id);
		f->lines[0].qty = (int32_t)-r->qty;
		f->lines[0].amount = f->amount;
		if (!f->lines[0].item_id)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	}
	struct sent_ticket *st = &im->sent[im->n_batch];
	st->first_line = t->first_line;
	st->n_rows = t->n_rows;
	for (size_t i = 0; i < t->n_rows && i < 5; i++)
		st->lines[i] = t->rows[i].line;
	*built = true;
	return CLARIO_OK;
}

/* Takes the oldest open ticket (index 0) out of the window into the batch. */
static enum clario_status close_oldest(struct importer *im, struct clario_err *err)
{
	struct open_ticket *t = im->open[0];
	memmove(&im->open[0], &im->open[1], (im->n_open - 1) * sizeof im->open[0]);
	im->n_open--;
	enum clario_status st = CLARIO_OK;
	if (!t->ticket_id && (st = derive_id(im, t, err)))
		goto out;
	if (!hs_add(&im->closed, hash64(t->ticket_id, t->outlet))) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	bool built = false;
	if (!t->bad[0] && (st = build(im, t, &built, err)))
		goto out;
	if (!built) {
		reject_ticket(im, t);
		goto out;
	}
	im->n_batch++;
	if (im->n_batch == CSV_BATCH)
		st = flush_batch(im, err);
out:
	free_ticket(t);
	return st;
}

/* ---- one row ---- */

static char *dup_or_null(const char *s)
{
	return *s ? strdup(s) : NULL;
}

static void mark_bad(struct open_ticket *t, uint64_t line, const char *reason)
{
	if (!t->bad[0]) {
		snprintf(t->bad, sizeof t->bad, "%s", reason);
		t->bad_line = line;
		t->bad_rows = true;
	}
}

static enum clario_status take_row(struct importer *im, const struct csv_row *row,
				   struct clario_err *err)
{
	char tid[SALES_MAX_ID_LEN * 2], out_text[SALES_MAX_ID_LEN * 2], date[128], tim[64];
	char item[SALES_MAX_TEXT_LEN * 2], item_id[SALES_MAX_ID_LEN * 2], cat[SALES_MAX_TEXT_LEN * 2];
	char qty_s[64], price_s[64], total_s[64], disc_s[64], chan[64], pay[64], tax_s[64], svc_s[64];
	bool empty = true;
	for (size_t i = 0; i < row->n && empty; i++)
		for (size_t k = 0; k < row->lens[i] && empty; k++)
			empty = row->fields[i][k] == ' ' || row->fields[i][k] == '\t';
	if (empty) /* spreadsheets leave ",,,," rows: not data */
		return CLARIO_OK;
	im->res->rows++;
	uint64_t line = row->line;
	field(im, row, CSV_F_TICKET_ID, tid, sizeof tid);
	field(im, row, CSV_F_OUTLET, out_text, sizeof out_text);
	field(im, row, CSV_F_DATE, date, sizeof date);
	field(im, row, CSV_F_TIME, tim, sizeof tim);
	field(im, row, CSV_F_ITEM, item, sizeof item);
	field(im, row, CSV_F_ITEM_ID, item_id, sizeof item_id);
	field(im, row, CSV_F_CATEGORY, cat, sizeof cat);
	field(im, row, CSV_F_QTY, qty_s, sizeof qty_s);
	field(im, row, CSV_F_PRICE, price_s, sizeof price_s);
	field(im, row, CSV_F_LINE_TOTAL, total_s, sizeof total_s);
	field(im, row, CSV_F_DISCOUNT, disc_s, sizeof disc_s);
	field(im, row, CSV_F_CHANNEL, chan, sizeof chan);
	field(im, row, CSV_F_PAYMENT, pay, sizeof pay);
	field(im, row, CSV_F_TAX, tax_s, sizeof tax_s);
	field(im, row, CSV_F_SERVICE, svc_s, sizeof svc_s);

	/* Which outlet and ticket the row belongs to decides what a bad value
	 * rejects: the whole ticket, never part of it. */
	char why[300] = "";
	if (kind_of(im, row, CSV_F_TICKET_ID) == CSV_CELL_ERROR ||
	    kind_of(im, row, CSV_F_OUTLET) == CSV_CELL_ERROR) {
		bool t_err = kind_of(im, row, CSV_F_TICKET_ID) == CSV_CELL_ERROR;
		im->res->rejected_rows++;
		reject(im, line, "%s: %.200s", t_err ? "ticket_id" : "outlet", t_err ? tid : out_text);
		return CLARIO_OK;
	}
	ssize_t oi = im->fixed_outlet;
	if (oi < 0) {
		if (!*out_text) {
			im->res->rejected_rows++;
			reject(im, line, "outlet: empty");
			return CLARIO_OK;
		}
		if (im->last_outlet >= 0 && strcmp(out_text, im->last_outlet_text) == 0) {
			oi = im->last_outlet;
		} else {
			oi = outlet_match(im, out_text);
			if (oi < 0) {
				im->res->rejected_rows++;
				reject(im, line, oi == -2 ? "outlet: \"%.80s\" names several outlets"
							  : "outlet: \"%.80s\" is not one of the merchant's outlets",
				       out_text);
				return CLARIO_OK;
			}
			snprintf(im->last_outlet_text, sizeof im->last_outlet_text, "%.128s", out_text);
			im->last_outlet = oi;
		}
	}
	bool have_ids = im->col[CSV_F_TICKET_ID] >= 0;
	if (have_ids && !*tid) {
		im->res->rejected_rows++;
		reject(im, line, "ticket_id: empty");
		return CLARIO_OK;
	}
	if (have_ids && (strlen(tid) > SALES_MAX_ID_LEN || !utf8_ok(tid))) {
		im->res->rejected_rows++;
		reject(im, line, "ticket_id: longer than %d bytes or not UTF-8", SALES_MAX_ID_LEN);
		return CLARIO_OK;
	}
	char time_key[200];
	snprintf(time_key, sizeof time_key, "%s %s", date, tim);
	const char *key = have_ids ? tid : time_key;
	uint64_t kh = hash64(key, (size_t)oi);

	/* Find the open ticket; without ids only the latest can continue. */
	struct open_ticket *t = NULL;
	for (size_t i = im->n_open; i-- > 0;)
		if (im->open[i]->key_hash == kh && im->open[i]->outlet == (size_t)oi) {
			t = im->open[i];
			break;
		}
	if (!t && have_ids && hs_has(&im->closed, kh)) {
		im->res->rejected_rows++;
		reject(im, line,
		       "ticket \"%.80s\" already ended earlier in the file: rows of one ticket must be within %d tickets of each other",
		       tid, CSV_TICKET_WINDOW);
		return CLARIO_OK;
	}
	enum clario_status st;
	if (!t) {
		if (!have_ids)
			while (im->n_open)
				if ((st = close_oldest(im, err)))
					return st;
		if (im->n_open == CSV_TICKET_WINDOW && (st = close_oldest(im, err)))
			return st;
		t = calloc(1, sizeof *t);
		if (!t)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->key_hash = kh;
		t->outlet = (size_t)oi;
		t->first_line = line;
		t->ticket_id = have_ids ? strdup(tid) : NULL;
		t->time_key = strdup(time_key);
		t->channel = csv_channel_from_text(chan);
		snprintf(t->payment, sizeof t->payment, "%s", pay);
		im->open[im->n_open++] = t;
		if ((have_ids && !t->ticket_id) || !t->time_key)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	}

	/* The row's values. */
	struct clario_err verr = {0};
	struct row_in r = {.line = line};
	day_t day;
	const char *rest = NULL;
	int32_t secs = NOON;
	int64_t price_sen = -1, total_sen = -1, tax_sen = 0, svc_sen = 0;
	/* A spreadsheet's date cells come as ISO text whatever the profile's
	 * date_format; a time column may hold a date-time cell. */
	bool date_cell = kind_of(im, row, CSV_F_DATE) == CSV_CELL_DATE;
	if (kind_of(im, row, CSV_F_TIME) == CSV_CELL_DATE && strchr(tim, ' '))
		memmove(tim, strchr(tim, ' ') + 1, strlen(strchr(tim, ' ')));
	static const enum csv_field used[] = {CSV_F_DATE, CSV_F_TIME, CSV_F_ITEM, CSV_F_ITEM_ID,
					      CSV_F_CATEGORY, CSV_F_QTY, CSV_F_PRICE, CSV_F_LINE_TOTAL,
					      CSV_F_DISCOUNT, CSV_F_CHANNEL, CSV_F_PAYMENT, CSV_F_TAX,
					      CSV_F_SERVICE};
	for (size_t i = 0; i < sizeof used / sizeof used[0] && !why[0]; i++)
		if (kind_of(im, row, used[i]) == CSV_CELL_ERROR) {
			char txt[200];
			snprintf(why, sizeof why, "%s: %s", csv_field_key(used[i]),
				 field(im, row, used[i], txt, sizeof txt));
		}
	/* A spreadsheet number comes rounded to the sen when it is within 1e-6
	 * of one (connectors/xlsx); anything further off is refused, not rounded. */
	static const enum csv_field money[] = {CSV_F_PRICE, CSV_F_LINE_TOTAL, CSV_F_DISCOUNT,
					       CSV_F_TAX, CSV_F_SERVICE};
	for (size_t i = 0; i < sizeof money / sizeof money[0] && !why[0]; i++) {
		char txt[200];
		const char *dot = strchr(field(im, row, money[i], txt, sizeof txt), '.');
		if (kind_of(im, row, money[i]) == CSV_CELL_NUMBER && dot && strlen(dot + 1) > 2)
			snprintf(why, sizeof why,
				 "%s: %.100s is not a whole sen (a spreadsheet amount must be within 0.000001 of a multiple of 0.01)",
				 csv_field_key(money[i]), txt);
	}
	if (why[0]) {
		/* reported below with the rest of the row's reasons */
	} else if (kind_of(im, row, CSV_F_DATE) == CSV_CELL_NUMBER) {
		snprintf(why, sizeof why,
			 "date: %.60s is a number, not a date (give the column a date format in the spreadsheet)",
			 date);
	} else if (csv_parse_date(date, date_cell ? "yyyy-mm-dd" : im->p->date_format, &day, &rest,
				  &verr)) {
		snprintf(why, sizeof why, "date: %.270s", verr.msg);
	} else if (rest && *rest && csv_parse_time(rest, &secs, &verr)) {
		snprintf(why, sizeof why, "date: %.270s", verr.msg);
	} else if ((!rest || !*rest) && im->col[CSV_F_TIME] >= 0 && csv_parse_time(tim, &secs, &verr)) {
		snprintf(why, sizeof why, "time: %.270s", verr.msg);
	} else if (!*item) {
		snprintf(why, sizeof why, "item: empty");
	} else if (strlen(item) > SALES_MAX_TEXT_LEN || strlen(cat) > SALES_MAX_TEXT_LEN ||
		   strlen(item_id) > SALES_MAX_ID_LEN) {
		snprintf(why, sizeof why, "item: a name over %d bytes or an id over %d bytes",
			 SALES_MAX_TEXT_LEN, SALES_MAX_ID_LEN);
	} else if (!utf8_ok(item) || !utf8_ok(item_id) || !utf8_ok(cat)) {
		snprintf(why, sizeof why, "item: not UTF-8 text (save the export as CSV UTF-8)");
	} else if (csv_parse_qty(qty_s, dec_of(im, row, CSV_F_QTY), &r.qty, &verr)) {
		snprintf(why, sizeof why, "quantity: %.270s", verr.msg);
	} else if (r.qty == 0 || r.qty > SALES_MAX_QTY || r.qty < -SALES_MAX_QTY) {
		snprintf(why, sizeof why, "quantity: must be 1..%d (or negative for a refund), got %s",
			 SALES_MAX_QTY, qty_s);
	} else if (*price_s && csv_parse_sen(price_s, dec_of(im, row, CSV_F_PRICE), &price_sen, &verr)) {
		snprintf(why, sizeof why, "unit_price: %.270s", verr.msg);
	} else if (*total_s && csv_parse_sen(total_s, dec_of(im, row, CSV_F_LINE_TOTAL), &total_sen, &verr)) {
		snprintf(why, sizeof why, "line_total: %.270s", verr.msg);
	} else if (!*price_s && !*total_s) {
		snprintf(why, sizeof why, "unit_price: empty (and no line_total)");
	} else if (*disc_s && csv_parse_sen(disc_s, dec_of(im, row, CSV_F_DISCOUNT), &r.disc_sen, &verr)) {
		snprintf(why, sizeof why, "discount: %.270s", verr.msg);
	} else if (*tax_s && csv_parse_sen(tax_s, dec_of(im, row, CSV_F_TAX), &tax_sen, &verr)) {
		snprintf(why, sizeof why, "tax: %.270s", verr.msg);
	} else if (*svc_s && csv_parse_sen(svc_s, dec_of(im, row, CSV_F_SERVICE), &svc_sen, &verr)) {
		snprintf(why, sizeof why, "service_charge: %.270s", verr.msg);
	}
	if (!why[0]) {
		/* A refund is a negative quantity, or a negative amount with a
		 * positive quantity (both styles exist). */
		bool neg_amount = *price_s ? price_sen < 0 : total_sen < 0;
		if (r.qty > 0 && neg_amount)
			r.qty = -r.qty;
		int64_t aq = r.qty < 0 ? -r.qty : r.qty;
		if (*price_s) {
			r.unit_sen = price_sen < 0 ? -price_sen : price_sen;
			/* Bounded first: 10^15 sen × 10^4 would not fit in int64. */
			r.line_sen = r.unit_sen <= MONEY_MAX * 100 / aq ? r.unit_sen * aq : INT64_MAX;
		} else {
			r.line_sen = total_sen < 0 ? -total_sen : total_sen;
			r.unit_sen = r.line_sen / aq; /* the remainder goes into rounding */
		}
		if (r.disc_sen < 0)
			r.disc_sen = -r.disc_sen;
		if (tax_sen < 0) /* exports show taxes of refunds negative */
			tax_sen = -tax_sen;
		if (svc_sen < 0)
			svc_sen = -svc_sen;
		if (r.line_sen > MONEY_MAX * 100)
			snprintf(why, sizeof why, "unit_price: the line's amount exceeds Rp 10^13");
		else if (r.disc_sen > r.line_sen)
			snprintf(why, sizeof why, "discount: %s is more than the line's amount", disc_s);
	}
	if (!why[0] && *tax_s) {
		if (t->have_tax && t->tax_sen != tax_sen)
			snprintf(why, sizeof why,
				 "tax: %s differs from the ticket's other rows (tax is a ticket amount repeated on its rows)",
				 tax_s);
		t->have_tax = true;
		t->tax_sen = tax_sen;
	}
	if (!why[0] && *svc_s) {
		if (t->have_service && t->service_sen != svc_sen)
			snprintf(why, sizeof why,
				 "service_charge: %s differs from the ticket's other rows (a ticket amount repeated on its rows)",
				 svc_s);
		t->have_service = true;
		t->service_sen = svc_sen;
	}
	if (!why[0]) {
		/* Local wall time in the outlet's zone -> UTC (no DST in Indonesia;
		 * the second lookup settles any zone that has it). */
		instant_t local = (instant_t)day * 86400 + secs;
		int32_t off = tz_offset_at(im->zones[oi], local);
		off = tz_offset_at(im->zones[oi], local - off);
		r.at = local - off;
	}
	if (t->n_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? t->cap_rows * 2 : 4;
		struct row_in *v = realloc(t->rows, cap * sizeof *v);
		if (!v)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->rows = v;
		t->cap_rows = cap;
	}
	if (t->n_rows >= SALES_MAX_LINES + SALES_MAX_REFUNDS) {
		/* Bounded memory: rows past the most a ticket can hold are only counted. */
		mark_bad(t, line, "too many rows for one ticket");
		im->res->rejected_rows++;
		reject(im, line, "ticket \"%.80s\": more than %d rows in one ticket", key,
		       SALES_MAX_LINES + SALES_MAX_REFUNDS);
		return CLARIO_OK;
	}
	if (why[0]) {
		mark_bad(t, line, why);
		r.why = strdup(why);
		r.item_id = strdup("");
		r.name = strdup("");
	} else {
		r.item_id = strdup(*item_id ? item_id : item);
		r.name = strdup(item);
		r.category = dup_or_null(cat);
	}
	if (!r.item_id || !r.name || (why[0] && !r.why) || (!why[0] && *cat && !r.category)) {
		free(r.item_id);
		free(r.name);
		free(r.category);
		free(r.why);
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	}
	t->rows[t->n_rows++] = r;
	return CLARIO_OK;
}

/* ---- the whole file ---- */

/* Where rows come from: the CSV reader, or a workbook's first sheet. */
struct row_source {
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
};

static enum clario_status src_next(struct row_source *src, struct csv_row *row, bool *eof,
				   struct clario_err *err)
{
	return src->xlsx ? xlsx_reader_next(src->xlsx, row, eof, err)
			 : csv_reader_next(src->csv, row, eof, err);
}

/* A workbook that cannot be read on (damaged XML or zip) also answers
 * CLARIO_EINVAL, but for good: not one bad row. */
static bool src_broken(const struct row_source *src)
{
	return src->xlsx && xlsx_reader_failed(src->xlsx);
}

static uint64_t src_bytes(const struct row_source *src)
{
	return src->xlsx ? xlsx_reader_bytes(src->xlsx) : csv_reader_bytes(src->csv);
}

/* A workbook is read by libzip at random places: its digest is taken in one
 * pass over the file first. */
static enum clario_status hash_whole(struct importer *im, struct clario_err *err)
{
	char *buf = malloc(CSV_CHUNK);
	if (!buf)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = CLARIO_OK;
	for (off_t at = 0;;) {
		ssize_t n = pread(im->fd, buf, CSV_CHUNK, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = clario_err_set(err, CLARIO_EIO, "reading the file: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		crypto_generichash_update(&im->hash, (const unsigned char *)buf, (size_t)n);
		at += n;
	}
	free(buf);
	return st;
}

static ssize_t read_and_hash(void *ctx, char *buf, size_t cap)
{
	struct importer *im = ctx;
	ssize_t n = csv_read_fd(&im->fd, buf, cap);
	if (n > 0)
		crypto_generichash_update(&im->hash, (const unsigned char *)buf, (size_t)n);
	return n;
}

enum clario_status csv_import_fd(struct store *s, int fd, const struct csv_import_opts *opts,
				 struct csv_import_result *res, struct clario_err *err)
{
	struct importer *im = calloc(1, sizeof *im);
	struct row_source src = {0};
	enum clario_status st;
	memset(res, 0, sizeof *res);
	if (!im)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	if (sodium_init() < 0) {
		free(im);
		return clario_err_set(err, CLARIO_EINTERNAL, "libsodium failed to start");
	}
	im->s = s;
	im->o = opts;
	im->p = opts->profile;
	im->res = res;
	im->fd = fd;
	arena_init(&im->batch_arena, 0);
	im->principal.kind = PRINCIPAL_MERCHANT;
	im->principal.merchant_id = opts->merchant_id;
	snprintf(im->principal.key_id, sizeof im->principal.key_id, "csv-import");
	crypto_generichash_init(&im->hash, NULL, 0, 32);

	if (xlsx_is_zip(fd)) {
		if ((st = hash_whole(im, err)) || (st = xlsx_reader_open(fd, &src.xlsx, err)))
			goto out;
	} else if ((st = csv_reader_new(read_and_hash, im, im->p->sep, &src.csv, err))) {
		goto out;
	}
	struct csv_row row;
	bool eof = false;
	struct clario_err rerr = {0};
	if (im->p->header) {
		/* The header: the first record that reads. */
		for (;;) {
			st = src_next(&src, &row, &eof, &rerr);
			if (st == CLARIO_EINVAL && !src_broken(&src))
				continue;
			if (st != CLARIO_OK) {
				*err = rerr;
				goto out;
			}
			break;
		}
		if (eof) {
			st = clario_err_set(err, CLARIO_EINVAL, "the file is empty (no header row)");
			goto out;
		}
		st = map_columns(im, &row, err);
	} else {
		st = map_columns(im, NULL, err);
	}
	if (st != CLARIO_OK || (st = load_outlets(im, err)))
		goto out;
	for (;;) {
		struct clario_err e = {0};
		st = src_next(&src, &row, &eof, &e);
		if (st == CLARIO_EINVAL && !src_broken(&src)) {
			res->rows++;
			res->rejected_rows++;
			reject(im, row.line, "%s", e.msg);
			continue;
		}
		if (st != CLARIO_OK) {
			*err = e;
			goto out;
		}
		if (eof)
			break;
		if ((st = take_row(im, &row, err)))
			goto out;
		res->bytes = src_bytes(&src);
		if (opts->progress && res->rows % 4096 == 0)
			opts->progress(opts->progress_ctx, res);
	}
	while (im->n_open)
		if ((st = close_oldest(im, err)))
			goto out;
	if ((st = flush_batch(im, err)))
		goto out;
	res->bytes = src_bytes(&src);
	unsigned char h[32];
	crypto_generichash_final(&im->hash, h, sizeof h);
	sodium_bin2hex(res->digest, sizeof res->digest, h, sizeof h);
	if (opts->progress)
		opts->progress(opts->progress_ctx, res);
out:
	for (size_t i = 0; i < im->n_open; i++)
		free_ticket(im->open[i]);
	csv_reader_free(src.csv);
	xlsx_reader_free(src.xlsx);
	arena_release(&im->batch_arena);
	free(im->closed.v);
	free(im->outlets);
	free(im->zones);
	free(im);
	return st;
}
