/* CSV import of POS back-office exports: a streaming RFC 4180 reader, import
 * profiles (one per vendor plus a generic one driven by a mapping file), the
 * value parsers for the format quirks of Indonesian exports, and the importer
 * that groups rows into canonical tickets and sends them through ingest.
 * Everything here reads in fixed-size chunks: memory does not grow with the
 * file. Documented in docs/import.md. */
#ifndef CLARIO_CONNECTORS_CSV_H
#define CLARIO_CONNECTORS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/err.h"
#include "base/money.h"
#include "base/tz.h"
#include "model/sales.h"
#include "store/store.h"

/* ---- the reader ---- */

#define CSV_CHUNK (64 * 1024)       /* bytes read at a time */
#define CSV_MAX_FIELD (64 * 1024)   /* one field's bytes; longer fields reject the row */
#define CSV_MAX_FIELDS 256          /* fields per row; more reject the row */

/* Fills buf with up to cap bytes: returns the count, 0 at end, -1 on error
 * (errno set). */
typedef ssize_t (*csv_read_fn)(void *ctx, char *buf, size_t cap);

struct csv_reader;

/* What a field holds when it comes from a spreadsheet (connectors/xlsx): text
 * as typed, a number already in plain decimal ("25000", "2.5", dot decimal),
 * a date cell as ISO text ("yyyy-mm-dd", "yyyy-mm-dd HH:MM:SS" or "HH:MM:SS"),
 * or an error cell (the text says which). */
enum csv_cell { CSV_CELL_TEXT, CSV_CELL_NUMBER, CSV_CELL_DATE, CSV_CELL_ERROR };

/* One record. fields[i] are NUL-terminated, owned by the reader and valid until
 * the next call. line is the physical line the record starts on (1-based);
 * embedded newlines in quoted fields count, so later lines stay right (for a
 * spreadsheet: the sheet's row number). kinds is NULL for CSV (all text), else
 * an enum csv_cell per field. */
struct csv_row {
	size_t n;
	const char *const *fields;
	const size_t *lens;
	uint64_t line;
	const unsigned char *kinds;
};

/* sep: ',' ';' '\t', or 0 to detect it from the first record (the one of , ;
 * and TAB seen most often outside quotes; ',' when none). A UTF-8 BOM and an
 * Excel "sep=X" first line are understood. *out is freed with csv_reader_free. */
enum clario_status csv_reader_new(csv_read_fn read, void *ctx, char sep, struct csv_reader **out,
				  struct clario_err *err);
void csv_reader_free(struct csv_reader *r);

/* The next non-empty record. At the end *eof is true. CLARIO_EINVAL is one bad
 * record (unterminated quote, text after a closing quote, a field or row over
 * the limits): err says why and row->line where; the reader has skipped past it
 * and the next call goes on. CLARIO_EIO: the read function failed (final). */
enum clario_status csv_reader_next(struct csv_reader *r, struct csv_row *row, bool *eof,
				   struct clario_err *err);
/* The separator in use (after detection) and the bytes consumed so far. */
char csv_reader_sep(const struct csv_reader *r);
uint64_t csv_reader_bytes(const struct csv_reader *r);

/* Read functions for a file descriptor (ctx = int *) and for memory. */
ssize_t csv_read_fd(void *ctx, char *buf, size_t cap);
struct csv_mem {
	const char *data;
	size_t len, pos;
};
ssize_t csv_read_mem(void *ctx, char *buf, size_t cap);

/* ---- values (each fails with CLARIO_EINVAL and a reason naming the text) ---- */

enum csv_decimal { CSV_DECIMAL_AUTO, CSV_DECIMAL_COMMA, CSV_DECIMAL_DOT };

/* An amount in sen (1/100 rupiah), exact: "25.000,00", "Rp 25.000", "25000,5",
 * "1,250,000.50", "-5.000". More than two decimals, separators out of place
 * or anything else is rejected. */
enum clario_status csv_parse_sen(const char *s, enum csv_decimal dec, int64_t *sen,
				 struct clario_err *err);
/* A whole quantity ("2", "-1", "2,00", "3.0"); a fraction is rejected. */
enum clario_status csv_parse_qty(const char *s, enum csv_decimal dec, int64_t *qty,
				 struct clario_err *err);
/* A date by pattern: d, dd, m, mm, yy, yyyy and literal separators, case-free
 * ("d/m/yyyy", "MM-DD-YYYY", "yyyy-mm-dd"). Text after the date (a time)
 * is left at *rest. Impossible dates are rejected. */
enum clario_status csv_parse_date(const char *s, const char *pattern, day_t *day,
				  const char **rest, struct clario_err *err);
/* "H:MM", "HH:MM:SS", optionally followed by ".fff" (ignored) -> seconds
 * after midnight. Leading spaces or a 'T' are skipped. */
enum clario_status csv_parse_time(const char *s, int32_t *secs, struct clario_err *err);
/* Channel and payment words of exports ("Dine In", "Grab Food", "Tunai",
 * "QRIS"...) -> the canonical enums; unknown words give OTHER (never an error),
 * empty gives dine_in / cash. The table is in values.c. */
enum sales_channel csv_channel_from_text(const char *s);
enum sales_payment_method csv_payment_from_text(const char *s);

/* ---- profiles ---- */

enum csv_field {
	CSV_F_TICKET_ID, CSV_F_DATE, CSV_F_TIME, CSV_F_ITEM, CSV_F_ITEM_ID, CSV_F_CATEGORY,
	CSV_F_QTY, CSV_F_PRICE, CSV_F_LINE_TOTAL, CSV_F_DISCOUNT, CSV_F_CHANNEL, CSV_F_PAYMENT,
	CSV_F_OUTLET, CSV_F_TAX, CSV_F_SERVICE, CSV_F_COUNT
};
/* The key naming the field in a mapping file ("ticket_id", "unit_price", ...). */
const char *csv_field_key(enum csv_field f);

#define CSV_MAX_NAMES 6
struct csv_profile {
	char name[33];     /* "moka", "generic", ... */
	char source[33];   /* the tickets' source; outlets are looked up by it first */
	/* Per field: header names accepted (case-free, first match wins), or a
	 * 1-based column number ("#3") when header = no. */
	char names[CSV_F_COUNT][CSV_MAX_NAMES][65];
	size_t n_names[CSV_F_COUNT];
	char date_format[33];
	enum csv_decimal decimal;
	char sep;          /* 0 = detect */
	bool header;       /* the first record names the columns */
};

/* The built-in profile by name (moka, pawoon, olsera, qasir, kasirpintar);
 * CLARIO_ENOTFOUND for any other. */
enum clario_status csv_profile_builtin(const char *name, struct csv_profile *out,
				       struct clario_err *err);
/* Parses a mapping file's text (key = value lines, see docs/import.md) into a
 * "generic" profile; a bad line fails naming its number. */
enum clario_status csv_profile_parse(const char *text, struct csv_profile *out,
				     struct clario_err *err);
/* The same, reading the file at path (at most 64 KiB). If out already holds a
 * profile (out->name set, e.g. a built-in), the file changes only the keys it
 * names, so a vendor profile can be corrected for one export. */
enum clario_status csv_profile_load(const char *path, struct csv_profile *out,
				    struct clario_err *err);

/* ---- the importer ---- */

#define CSV_REJECTS_KEPT 100      /* rejected rows kept in the result, in order */
#define CSV_TICKET_WINDOW 256     /* tickets open at once: a ticket's rows must be this close */
#define CSV_BATCH 500             /* tickets per ingest transaction */

struct csv_reject {
	uint64_t line;
	char reason[256];
};

struct csv_import_result {
	uint64_t rows;             /* data rows read (header excluded) */
	uint64_t bytes;
	uint64_t tickets;          /* tickets sent to ingest */
	uint64_t created, updated, duplicate;
	uint64_t rejected_rows;    /* every row that did not go in */
	uint64_t rejected_tickets; /* tickets that did not go in */
	size_t n_rejects;          /* the first CSV_REJECTS_KEPT rejected rows */
	struct csv_reject rejects[CSV_REJECTS_KEPT];
	char digest[65];           /* BLAKE2b-256 of the file's bytes, hex */
};

/* Called now and then (every few thousand rows) and at the end. */
typedef void (*csv_progress_fn)(void *ctx, const struct csv_import_result *sofar);

struct csv_import_opts {
	const struct csv_profile *profile;
	int64_t merchant_id;
	const char *outlet;        /* every row goes to this outlet (external id or name); may be NULL */
	csv_progress_fn progress;  /* may be NULL */
	void *progress_ctx;
};

/* Imports the CSV read from fd into the merchant's sales. Rows are grouped
 * into tickets, tickets sent through ingest in batches, each batch in its own
 * transaction. Bad rows and rejected tickets are counted and the first ones
 * kept with their line and reason; the rest still go in. Fails as a whole only
 * for a file that cannot be read at all (no header, missing required columns),
 * an unknown merchant, or storage trouble (batches already committed stay:
 * a re-run completes the import without counting anything twice). */
enum clario_status csv_import_fd(struct store *s, int fd, const struct csv_import_opts *opts,
				 struct csv_import_result *res, struct clario_err *err);

/* csv_import_fd, then the import's record (counts, digest, kept rejected
 * rows; or status "failed" with the reason) in store/imports.h. *import_id
 * gets the record's id (0 when none could be kept, e.g. an unknown merchant).
 * Returns csv_import_fd's status. */
enum clario_status csv_import_run(struct store *s, int fd, const char *file_name,
				  const struct csv_import_opts *opts, struct csv_import_result *res,
				  int64_t *import_id, struct clario_err *err);

#endif
