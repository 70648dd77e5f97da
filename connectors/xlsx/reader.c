/* The .xlsx reader: finds the first worksheet through the workbook and its
 * relationships, reads the styles (which cells are dates) and shared strings,
 * then streams the sheet's XML in chunks, stopping expat at each row end so
 * one row at a time is in memory. */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "connectors/xlsx/strings.h"
#include "connectors/xlsx/xlsx.h"

#define CHUNK (64 * 1024)
#define MAX_SHEETS 64
#define MAX_RELS 256
#define MAX_CUSTOM_FMTS 1024
#define MAX_STYLES 65536
#define MAX_COL 16384 /* XFD */

struct sheet_ref {
	char name[64];
	char rid[64];
	bool hidden;
};

struct rel {
	char id[64];
	char target[256];
	bool worksheet;
};

struct xlsx_reader {
	zip_t *zip;
	zip_file_t *sheet;
	XML_Parser xp;
	char *chunk;
	uint64_t file_size, sheet_size, sheet_read;
	bool suspended, final, done, failed;
	struct clario_err fail; /* set by a handler that stopped the parser */
	char sheet_name[64];
	char sheet_path[300];

	/* workbook, rels, styles (while opening) */
	bool date1904;
	struct sheet_ref sheets[MAX_SHEETS];
	size_t n_sheets;
	struct rel rels[MAX_RELS];
	size_t n_rels;
	unsigned fmt_id[MAX_CUSTOM_FMTS];
	unsigned char fmt_kind[MAX_CUSTOM_FMTS];
	size_t n_fmts;
	unsigned char *style_kind; /* enum xlsx_format per cellXfs index */
	size_t n_styles, cap_styles;
	int in_cellxfs;

	struct xlsx_sst sst;
	/* text being collected: a shared string (<si>) or a cell's value */
	char *text;
	size_t text_len;
	bool text_over;
	int in_si, in_t, in_rph, in_v, in_is;

	/* the row being built */
	uint64_t row_num;
	bool in_row, in_c;
	long cell_col;
	char cell_type[16];
	size_t cell_style;
	bool cell_has_value;
	char row_bad[200];
	char *data;                /* fields, NUL-separated */
	size_t data_len;
	size_t offs[CSV_MAX_FIELDS];
	size_t lens[CSV_MAX_FIELDS];
	const char *ptrs[CSV_MAX_FIELDS];
	unsigned char kinds[CSV_MAX_FIELDS];
	size_t n;
	bool row_ready;
	long last_col;
	char *scratch;             /* CSV_MAX_FIELD + 1 */
};

/* ---- small helpers ---- */

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void stop(struct xlsx_reader *r, enum clario_status st, const char *msg)
{
	if (!r->failed) {
		r->failed = true;
		clario_err_set(&r->fail, st, "%s", msg);
	}
	XML_StopParser(r->xp, XML_FALSE);
}

static void text_reset(struct xlsx_reader *r)
{
	r->text_len = 0;
	r->text_over = false;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;
	bool want = (r->in_t && !r->in_rph) || r->in_v;
	if (!want || len <= 0)
		return;
	if (r->text_len + (size_t)len > CSV_MAX_FIELD) {
		r->text_over = true;
		return;
	}
	memcpy(r->text + r->text_len, s, (size_t)len);
	r->text_len += (size_t)len;
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	/* No part of a workbook has a DTD; one is an entity expansion attack. */
	stop(ud, CLARIO_EINVAL, "the workbook's XML has a DOCTYPE, which no .xlsx has");
}

static XML_Parser new_parser(struct xlsx_reader *r, XML_StartElementHandler start,
			     XML_EndElementHandler end)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	r->xp = p;
	return p;
}

/* Streams a whole part through parser p; CLARIO_ENOTFOUND when the zip has no such part. */
static enum clario_status parse_part(struct xlsx_reader *r, const char *name, uint64_t cap,
				     XML_Parser p, struct clario_err *err)
{
	zip_int64_t idx = zip_name_locate(r->zip, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return clario_err_set(err, CLARIO_ENOTFOUND, "%s is missing", name);
	zip_file_t *f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return clario_err_set(err, CLARIO_EINVAL, "%s cannot be read: %s", name,
				      zip_strerror(r->zip));
	enum clario_status st = CLARIO_OK;
	uint64_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, r->chunk, CHUNK);
		if (n < 0) {
			st = clario_err_set(err, CLARIO_EINVAL, "%s cannot be read (damaged or truncated file): %s",
					    name, zip_file_strerror(f));
			break;
		}
		total += (uint64_t)n;
		if (total > cap) {
			st = clario_err_set(err, CLARIO_ETOOBIG,
					    "%s inflates to more than %llu MiB: refused (the limit guards against zip bombs)",
					    name, (unsigned long long)(cap >> 20));
			break;
		}
		if (XML_Parse(p, r->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (r->failed) {
				*err = r->fail;
				st = r->fail.status;
			} else {
				st = clario_err_set(err, CLARIO_EINVAL, "%s: bad XML at line %lu: %s", name,
						    (unsigned long)XML_GetCurrentLineNumber(p),
						    XML_ErrorString(XML_GetErrorCode(p)));
			}
			break;
		}
		if (n == 0)
			break;
	}
	zip_fclose(f);
	return st;
}

/* ---- xl/workbook.xml and its relationships ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && r->n_sheets < MAX_SHEETS) {
		struct sheet_ref *s = &r->sheets[r->n_sheets++];
		const char *nm = attr(atts, "name"), *id = attr(atts, "id"), *state = attr(atts, "state");
		snprintf(s->name, sizeof s->name, "%s", nm ? nm : "");
		snprintf(s->rid, sizeof s->rid, "%s", id ? id : "");
		s->hidden = state && strcmp(state, "visible") != 0;
	}
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	if (strcmp(local(name), "Relationship") != 0 || r->n_rels == MAX_RELS)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
	if (!id || !target)
		return;
	struct rel *l = &r->rels[r->n_rels++];
	snprintf(l->id, sizeof l->id, "%s", id);
	snprintf(l->target, sizeof l->target, "%s", target);
	size_t tl = type ? strlen(type) : 0;
	l->worksheet = tl >= 10 && strcmp(type + tl - 10, "/worksheet") == 0;
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

/* The first visible worksheet (else the first worksheet) in workbook order. */
static enum clario_status find_sheet(struct xlsx_reader *r, struct clario_err *err)
{
	enum clario_status st;
	XML_Parser p = new_parser(r, wb_start, no_end);
	if (!p)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	st = parse_part(r, "xl/workbook.xml", XLSX_MAX_PART_BYTES, p, err);
	XML_ParserFree(p);
	r->xp = NULL;
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EINVAL,
				      "not an Excel workbook: the zip has no xl/workbook.xml (is it an .xlsx?)");
	if (st)
		return st;
	if (!(p = new_parser(r, rels_start, no_end)))
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	st = parse_part(r, "xl/_rels/workbook.xml.rels", XLSX_MAX_PART_BYTES, p, err);
	XML_ParserFree(p);
	r->xp = NULL;
	if (st == CLARIO_ENOTFOUND)
		return clario_err_set(err, CLARIO_EINVAL,
				      "the workbook has no xl/_rels/workbook.xml.rels: its sheets cannot be found");
	if (st)
		return st;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n_sheets; i++) {
			const struct sheet_ref *s = &r->sheets[i];
			if (pass == 0 && s->hidden)
				continue;
			for (size_t k = 0; k < r->n_rels; k++) {
				const struct rel *l = &r->rels[k];
				if (!l->worksheet || strcmp(l->id, s->rid) != 0)
					continue;
				/* Targets are relative to xl/, or absolute from the package root. */
				if (l->target[0] == '/')
					snprintf(r->sheet_path, sizeof r->sheet_path, "%s", l->target + 1);
				else
					snprintf(r->sheet_path, sizeof r->sheet_path, "xl/%s", l->target);
				snprintf(r->sheet_name, sizeof r->sheet_name, "%s", s->name);
				return CLARIO_OK;
			}
		}
	return clario_err_set(err, CLARIO_EINVAL, "the workbook has no worksheet (%zu sheet%s listed, none a worksheet)",
			      r->n_sheets, r->n_sheets == 1 ? "" : "s");
}

/* ---- xl/styles.xml: which cell styles show dates or times ---- */

static unsigned parse_uint(const char *s)
{
	unsigned long v = s ? strtoul(s, NULL, 10) : 0;
	return v > 1000000 ? 1000000 : (unsigned)v;
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "numFmt") == 0 && r->n_fmts < MAX_CUSTOM_FMTS) {
		const char *code = attr(atts, "formatCode");
		r->fmt_id[r->n_fmts] = parse_uint(attr(atts, "numFmtId"));
		r->fmt_kind[r->n_fmts] = (unsigned char)xlsx_format_kind(0, code ? code : "");
		r->n_fmts++;
	} else if (strcmp(n, "cellXfs") == 0) {
		r->in_cellxfs++;
	} else if (strcmp(n, "xf") == 0 && r->in_cellxfs && r->n_styles < MAX_STYLES) {
		if (r->n_styles == r->cap_styles) {
			size_t cap = r->cap_styles ? r->cap_styles * 2 : 64;
			unsigned char *v = realloc(r->style_kind, cap);
			if (!v) {
				stop(r, CLARIO_ENOMEM, "out of memory");
				return;
			}
			r->style_kind = v;
			r->cap_styles = cap;
		}
		unsigned id = parse_uint(attr(atts, "numFmtId"));
		enum xlsx_format k = xlsx_format_kind(id, NULL);
		for (size_t i = 0; i < r->n_fmts; i++)
			if (r->fmt_id[i] == id)
				k = (enum xlsx_format)r->fmt_kind[i];
		r->style_kind[r->n_styles++] = (unsigned char)k;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	if (strcmp(local(name), "cellXfs") == 0 && r->in_cellxfs)
		r->in_cellxfs--;
}

/* ---- xl/sharedStrings.xml ---- */

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	(void)atts;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		r->in_si = 1;
		text_reset(r);
	} else if (strcmp(n, "t") == 0 && r->in_si) {
		r->in_t++;
	} else if (strcmp(n, "rPh") == 0) {
		r->in_rph++; /* phonetic guide text: not part of the string */
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "t") == 0 && r->in_t) {
		r->in_t--;
	} else if (strcmp(n, "rPh") == 0 && r->in_rph) {
		r->in_rph--;
	} else if (strcmp(n, "si") == 0 && r->in_si) {
		r->in_si = 0;
		struct clario_err e = {0};
		/* An over-long string is kept cut at the limit plus one byte, so
		 * a cell using it is rejected as too long, not silently cut. */
		size_t len = r->text_over ? CSV_MAX_FIELD + 1 : xlsx_unescape(r->text, r->text_len);
		if (xlsx_sst_add(&r->sst, r->text, len, &e))
			stop(r, e.status, e.msg);
	}
}

/* ---- the worksheet ---- */

/* "BC12" -> column 54 (0-based); -1 for a bad reference. */
static long ref_col(const char *ref)
{
	long c = 0;
	const char *p = ref;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > MAX_COL)
			return -1;
	}
	if (p == ref || *p < '0' || *p > '9')
		return -1;
	return c - 1;
}

static void row_bad(struct xlsx_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row_bad(struct xlsx_reader *r, const char *fmt, ...)
{
	if (r->row_bad[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->row_bad, sizeof r->row_bad, fmt, ap);
	va_end(ap);
}

/* Appends field number r->n with this text and kind. */
static bool put_field(struct xlsx_reader *r, const char *s, size_t len, enum csv_cell kind)
{
	if (r->n == CSV_MAX_FIELDS) {
		row_bad(r, "more than %d columns", CSV_MAX_FIELDS);
		return false;
	}
	if (r->data_len + len + 1 > XLSX_MAX_ROW_BYTES) {
		row_bad(r, "a row over 1 MiB of text");
		return false;
	}
	r->offs[r->n] = r->data_len;
	r->lens[r->n] = len;
	r->kinds[r->n] = (unsigned char)kind;
	memcpy(r->data + r->data_len, s, len);
	r->data[r->data_len + len] = '\0';
	r->data_len += len + 1;
	r->n++;
	return true;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "row") == 0) {
		const char *rn = attr(atts, "r");
		uint64_t num = rn ? strtoull(rn, NULL, 10) : 0;
		r->row_num = num ? num : r->row_num + 1;
		r->in_row = true;
		r->n = 0;
		r->data_len = 0;
		r->row_bad[0] = '\0';
		r->last_col = -1;
	} else if (strcmp(n, "c") == 0 && r->in_row) {
		r->in_c = true;
		r->cell_has_value = false;
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		r->cell_col = ref ? ref_col(ref) : r->last_col + 1;
		if (r->cell_col < 0) {
			row_bad(r, "a cell reference \"%.20s\" that is no column and row", ref);
			r->cell_col = r->last_col + 1;
		} else if (r->cell_col <= r->last_col) {
			row_bad(r, "cell %.20s is out of order in its row", ref ? ref : "?");
		}
		r->last_col = r->cell_col;
		snprintf(r->cell_type, sizeof r->cell_type, "%s", t ? t : "n");
		r->cell_style = s ? parse_uint(s) : 0;
		text_reset(r);
	} else if (r->in_c && strcmp(n, "v") == 0) {
		r->in_v = 1;
		r->cell_has_value = true;
	} else if (r->in_c && strcmp(n, "is") == 0) {
		r->in_is = 1;
		r->cell_has_value = true;
	} else if (r->in_is && strcmp(n, "t") == 0) {
		r->in_t++;
	} else if (r->in_is && strcmp(n, "rPh") == 0) {
		r->in_rph++;
	}
}

/* The cell's column letters for messages ("C"). */
static void col_name(long col, char out[8])
{
	char tmp[8];
	size_t n = 0;
	for (long c = col + 1; c > 0 && n < sizeof tmp - 1; c = (c - 1) / 26)
		tmp[n++] = (char)('A' + (c - 1) % 26);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void end_cell(struct xlsx_reader *r)
{
	r->in_c = false;
	if (!r->cell_has_value || r->row_bad[0])
		return; /* a styled but empty cell is no value */
	char cn[8];
	col_name(r->cell_col, cn);
	if (r->cell_col >= CSV_MAX_FIELDS) {
		row_bad(r, "a value in column %s, past the %d columns read", cn, CSV_MAX_FIELDS);
		return;
	}
	if (r->text_over) {
		row_bad(r, "cell %s%llu: a text longer than 64 KiB", cn, (unsigned long long)r->row_num);
		return;
	}
	while (r->n < (size_t)r->cell_col) /* blanks for skipped cells */
		if (!put_field(r, "", 0, CSV_CELL_TEXT))
			return;
	r->text[r->text_len] = '\0';
	const char *t = r->cell_type;
	struct clario_err e = {0};
	if (strcmp(t, "s") == 0) {
		char *end = NULL;
		unsigned long long i = strtoull(r->text, &end, 10);
		size_t len = 0;
		if (end == r->text || *end)
			row_bad(r, "cell %s%llu: a shared string index \"%.20s\" that is no number", cn,
				(unsigned long long)r->row_num, r->text);
		else if (xlsx_sst_get(&r->sst, (size_t)i, r->scratch, CSV_MAX_FIELD + 1, &len, &e))
			row_bad(r, "cell %s%llu: %s", cn, (unsigned long long)r->row_num, e.msg);
		else
			put_field(r, r->scratch, len, CSV_CELL_TEXT);
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		put_field(r, r->text, xlsx_unescape(r->text, r->text_len), CSV_CELL_TEXT);
	} else if (strcmp(t, "b") == 0) {
		bool yes = strcmp(r->text, "1") == 0 || strcmp(r->text, "true") == 0;
		put_field(r, yes ? "TRUE" : "FALSE", yes ? 4 : 5, CSV_CELL_TEXT);
	} else if (strcmp(t, "e") == 0) {
		char msg[80];
		int k = snprintf(msg, sizeof msg, "the spreadsheet error %.40s in cell %s%llu", r->text, cn,
				 (unsigned long long)r->row_num);
		put_field(r, msg, (size_t)k < sizeof msg ? (size_t)k : sizeof msg - 1, CSV_CELL_ERROR);
	} else if (strcmp(t, "d") == 0) {
		/* An ISO 8601 date cell: "2025-01-02T10:30:00[.000][Z]" */
		char iso[20];
		size_t k = 0;
		for (; k < 19 && r->text[k] && r->text[k] != '.' && r->text[k] != 'Z'; k++)
			iso[k] = r->text[k] == 'T' ? ' ' : r->text[k];
		iso[k] = '\0';
		put_field(r, iso, k, CSV_CELL_DATE);
	} else {
		enum xlsx_format f = r->cell_style < r->n_styles ? (enum xlsx_format)r->style_kind[r->cell_style]
								: XLSX_FMT_NUMBER;
		if (f == XLSX_FMT_NUMBER) {
			char num[160];
			xlsx_number_text(r->text, num, sizeof num);
			put_field(r, num, strlen(num), CSV_CELL_NUMBER);
		} else {
			char d[20];
			if (xlsx_serial_text(r->text, f, r->date1904, d, &e)) {
				char msg[160];
				int k = snprintf(msg, sizeof msg, "cell %s%llu: %s", cn,
						 (unsigned long long)r->row_num, e.msg);
				put_field(r, msg, (size_t)k < sizeof msg ? (size_t)k : sizeof msg - 1,
					  CSV_CELL_ERROR);
			} else {
				put_field(r, d, strlen(d), CSV_CELL_DATE);
			}
		}
	}
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	const char *n = local(name);
	if (strcmp(n, "v") == 0 && r->in_v) {
		r->in_v = 0;
	} else if (strcmp(n, "t") == 0 && r->in_t) {
		r->in_t--;
	} else if (strcmp(n, "rPh") == 0 && r->in_rph) {
		r->in_rph--;
	} else if (strcmp(n, "is") == 0 && r->in_is) {
		r->in_is = 0;
	} else if (strcmp(n, "c") == 0 && r->in_c) {
		end_cell(r);
	} else if (strcmp(n, "row") == 0 && r->in_row) {
		r->in_row = false;
		if (r->n || r->row_bad[0]) {
			r->row_ready = true;
			XML_StopParser(r->xp, XML_TRUE); /* hand this row out, resume after */
		}
	} else if (strcmp(n, "sheetData") == 0) {
		r->done = true; /* what follows (merged cells, print setup) is not data */
		XML_StopParser(r->xp, XML_FALSE);
	}
}

/* ---- open / next / free ---- */

bool xlsx_is_zip(int fd)
{
	unsigned char m[4];
	/* a local file header, or the end record of an empty zip */
	return pread(fd, m, sizeof m, 0) == (ssize_t)sizeof m && m[0] == 'P' && m[1] == 'K' &&
	       ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6));
}

enum clario_status xlsx_reader_open(int fd, struct xlsx_reader **out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	*out = NULL;
	struct xlsx_reader *r = calloc(1, sizeof *r);
	if (!r)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	xlsx_sst_init(&r->sst);
	r->chunk = malloc(CHUNK);
	r->text = malloc(CSV_MAX_FIELD + 1);
	r->scratch = malloc(CSV_MAX_FIELD + 1);
	r->data = malloc(XLSX_MAX_ROW_BYTES);
	if (!r->chunk || !r->text || !r->scratch || !r->data) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	struct stat sb;
	if (fstat(fd, &sb) == 0)
		r->file_size = (uint64_t)sb.st_size;
	int dfd = dup(fd);
	if (dfd < 0) {
		st = clario_err_set(err, CLARIO_EIO, "dup: %s", strerror(errno));
		goto out;
	}
	int zerr = 0;
	r->zip = zip_fdopen(dfd, ZIP_CHECKCONS, &zerr);
	if (!r->zip) {
		close(dfd);
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		st = clario_err_set(err, CLARIO_EINVAL,
				    "not a readable .xlsx: the zip is damaged or truncated (%s)",
				    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if ((st = find_sheet(r, err)))
		goto out;
	XML_Parser p = new_parser(r, styles_start, styles_end);
	if (!p) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	st = parse_part(r, "xl/styles.xml", XLSX_MAX_PART_BYTES, p, err);
	XML_ParserFree(p);
	r->xp = NULL;
	if (st == CLARIO_ENOTFOUND) /* no styles: every number is a number */
		st = CLARIO_OK;
	if (st)
		goto out;
	if (!(p = new_parser(r, sst_start, sst_end))) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	st = parse_part(r, "xl/sharedStrings.xml", XLSX_MAX_STRINGS_BYTES, p, err);
	XML_ParserFree(p);
	r->xp = NULL;
	r->in_t = r->in_rph = 0;
	if (st == CLARIO_ENOTFOUND) /* inline strings only */
		st = CLARIO_OK;
	if (st || (st = xlsx_sst_done(&r->sst, err)))
		goto out;

	zip_stat_t zs;
	zip_int64_t idx = zip_name_locate(r->zip, r->sheet_path, ZIP_FL_NOCASE);
	if (idx < 0) {
		st = clario_err_set(err, CLARIO_EINVAL, "the workbook names sheet \"%s\" at %s, which the zip does not hold",
				    r->sheet_name, r->sheet_path);
		goto out;
	}
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE))
		r->sheet_size = zs.size;
	r->sheet = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!r->sheet) {
		st = clario_err_set(err, CLARIO_EINVAL, "%s cannot be read: %s", r->sheet_path,
				    zip_strerror(r->zip));
		goto out;
	}
	if (!new_parser(r, sheet_start, sheet_end)) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
out:
	if (st != CLARIO_OK) {
		xlsx_reader_free(r);
		return st;
	}
	*out = r;
	return CLARIO_OK;
}

void xlsx_reader_free(struct xlsx_reader *r)
{
	if (!r)
		return;
	if (r->xp)
		XML_ParserFree(r->xp);
	if (r->sheet)
		zip_fclose(r->sheet);
	if (r->zip)
		zip_discard(r->zip);
	xlsx_sst_free(&r->sst);
	free(r->style_kind);
	free(r->chunk);
	free(r->text);
	free(r->scratch);
	free(r->data);
	free(r);
}

enum clario_status xlsx_reader_next(struct xlsx_reader *r, struct csv_row *row, bool *eof,
				    struct clario_err *err)
{
	*eof = false;
	row->n = 0;
	row->kinds = NULL;
	for (;;) {
		if (r->row_ready) {
			r->row_ready = false;
			row->line = r->row_num;
			if (r->row_bad[0])
				return clario_err_set(err, CLARIO_EINVAL, "row %llu: %s",
						      (unsigned long long)r->row_num, r->row_bad);
			for (size_t i = 0; i < r->n; i++)
				r->ptrs[i] = r->data + r->offs[i];
			row->n = r->n;
			row->fields = r->ptrs;
			row->lens = r->lens;
			row->kinds = r->kinds;
			return CLARIO_OK;
		}
		if (r->failed) {
			*err = r->fail;
			return r->fail.status;
		}
		if (r->done) {
			*eof = true;
			row->line = r->row_num;
			return CLARIO_OK;
		}
		enum XML_Status xs;
		if (r->suspended) {
			xs = XML_ResumeParser(r->xp);
		} else {
			zip_int64_t n = zip_fread(r->sheet, r->chunk, CHUNK);
			if (n < 0) {
				r->failed = true;
				clario_err_set(&r->fail, CLARIO_EINVAL,
					       "%s cannot be read after row %llu (damaged or truncated file): %s",
					       r->sheet_path, (unsigned long long)r->row_num,
					       zip_file_strerror(r->sheet));
				continue;
			}
			r->sheet_read += (uint64_t)n;
			if (r->sheet_read > XLSX_MAX_SHEET_BYTES) {
				r->failed = true;
				clario_err_set(&r->fail, CLARIO_ETOOBIG,
					       "%s inflates to more than %llu GiB: refused (the limit guards against zip bombs)",
					       r->sheet_path, (unsigned long long)(XLSX_MAX_SHEET_BYTES >> 30));
				continue;
			}
			r->final = n == 0;
			xs = XML_Parse(r->xp, r->chunk, (int)n, r->final);
		}
		r->suspended = xs == XML_STATUS_SUSPENDED;
		if (xs == XML_STATUS_ERROR && !r->done && !r->failed) {
			r->failed = true;
			clario_err_set(&r->fail, CLARIO_EINVAL, "%s: bad XML at line %lu: %s", r->sheet_path,
				       (unsigned long)XML_GetCurrentLineNumber(r->xp),
				       XML_ErrorString(XML_GetErrorCode(r->xp)));
		}
		if (xs == XML_STATUS_OK && r->final && !r->row_ready)
			r->done = true;
	}
}

uint64_t xlsx_reader_bytes(const struct xlsx_reader *r)
{
	if (r->done)
		return r->file_size;
	if (!r->sheet_size)
		return 0;
	/* an estimate only: the share of the sheet inflated so far */
	double share = (double)r->sheet_read / (double)r->sheet_size;
	uint64_t b = (uint64_t)(share * (double)r->file_size);
	return b < r->file_size ? b : r->file_size - 1;
}

bool xlsx_reader_failed(const struct xlsx_reader *r)
{
	return r->failed;
}

const char *xlsx_reader_sheet(const struct xlsx_reader *r)
{
	return r->sheet_name;
}
