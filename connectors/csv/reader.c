/* The streaming CSV reader (RFC 4180 plus what spreadsheet exports do): one
 * fixed chunk of input and one row's fields in memory at a time, so a file of
 * any size reads in bounded memory. A bad record is reported and skipped; the
 * reader goes on with the next one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/csv/csv.h"

#define ROW_MAX (1024 * 1024) /* bytes of one row's fields together */
#define END_OF_INPUT (-1)
#define READ_FAILED (-2)

struct csv_reader {
	csv_read_fn read;
	void *ctx;
	char buf[CSV_CHUNK];
	size_t len, pos;
	bool at_end;
	int read_errno;
	char sep;
	uint64_t line;  /* the physical line of the next byte */
	uint64_t bytes;
	char *data;     /* this row's fields, each NUL-terminated */
	size_t data_len, data_cap;
	size_t n;
	size_t offs[CSV_MAX_FIELDS];
	size_t lens[CSV_MAX_FIELDS];
	const char *ptrs[CSV_MAX_FIELDS];
	size_t field_start;
};

ssize_t csv_read_fd(void *ctx, char *buf, size_t cap)
{
	int fd = *(int *)ctx;
	for (;;) {
		ssize_t n = read(fd, buf, cap);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

ssize_t csv_read_mem(void *ctx, char *buf, size_t cap)
{
	struct csv_mem *m = ctx;
	size_t n = m->len - m->pos < cap ? m->len - m->pos : cap;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static bool fill(struct csv_reader *r)
{
	if (r->at_end)
		return false;
	ssize_t n = r->read(r->ctx, r->buf, sizeof r->buf);
	if (n <= 0) {
		r->at_end = true;
		if (n < 0)
			r->read_errno = errno ? errno : EIO;
		return false;
	}
	r->len = (size_t)n;
	r->pos = 0;
	return true;
}

static int getb(struct csv_reader *r)
{
	if (r->pos == r->len && !fill(r))
		return r->read_errno ? READ_FAILED : END_OF_INPUT;
	unsigned char c = (unsigned char)r->buf[r->pos++];
	r->bytes++;
	if (c == '\n')
		r->line++;
	return c;
}

static int peekb(struct csv_reader *r)
{
	if (r->pos == r->len && !fill(r))
		return END_OF_INPUT;
	return (unsigned char)r->buf[r->pos];
}

/* After a record-ending '\r': swallows a following '\n'; a lone '\r' ends a
 * line of its own. */
static void after_cr(struct csv_reader *r)
{
	if (peekb(r) == '\n')
		(void)getb(r);
	else
		r->line++;
}

/* Counts , ; and TAB outside quotes in the first record of the first chunk. */
static char detect_sep(const char *p, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool q = false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (c == '"')
			q = !q;
		else if (!q && (c == '\n' || c == '\r'))
			break;
		else if (!q && c == ',')
			comma++;
		else if (!q && c == ';')
			semi++;
		else if (!q && c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

enum clario_status csv_reader_new(csv_read_fn read, void *ctx, char sep, struct csv_reader **out,
				  struct clario_err *err)
{
	if (sep && sep != ',' && sep != ';' && sep != '\t')
		return clario_err_set(err, CLARIO_EINVAL, "separator: must be ',', ';' or TAB");
	struct csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return clario_err_set(err, CLARIO_ENOMEM, "csv reader: out of memory");
	r->read = read;
	r->ctx = ctx;
	r->line = 1;
	/* The first chunk decides BOM, "sep=" and the separator: read it whole
	 * even from a source that gives a few bytes at a time. */
	while (!r->at_end && r->len < sizeof r->buf) {
		ssize_t n = r->read(r->ctx, r->buf + r->len, sizeof r->buf - r->len);
		if (n <= 0) {
			r->at_end = n == 0 || r->len == 0;
			if (n < 0 && r->len == 0)
				r->read_errno = errno ? errno : EIO;
			break;
		}
		r->len += (size_t)n;
	}
	if (r->len) {
		if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
			r->pos = 3;
			r->bytes = 3;
		}
		const char *p = r->buf + r->pos;
		size_t left = r->len - r->pos;
		if (left >= 5 && strncmp(p, "sep=", 4) == 0 &&
		    (left == 5 || p[5] == '\n' || p[5] == '\r')) {
			if (!sep)
				sep = p[4];
			size_t skip = 5;
			if (skip < left && p[skip] == '\r')
				skip++;
			if (skip < left && p[skip] == '\n')
				skip++;
			r->pos += skip;
			r->bytes += skip;
			r->line++;
		}
		if (!sep)
			sep = detect_sep(r->buf + r->pos, r->len - r->pos);
	}
	r->sep = sep ? sep : ',';
	if (r->sep != ',' && r->sep != ';' && r->sep != '\t') {
		free(r);
		return clario_err_set(err, CLARIO_EINVAL, "line 1: \"sep=\" names an unsupported separator");
	}
	*out = r;
	return CLARIO_OK;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->data);
	free(r);
}

char csv_reader_sep(const struct csv_reader *r)
{
	return r->sep;
}

uint64_t csv_reader_bytes(const struct csv_reader *r)
{
	return r->bytes;
}

static bool grow(struct csv_reader *r)
{
	if (r->data_len + 1 < r->data_cap)
		return true;
	size_t cap = r->data_cap ? r->data_cap * 2 : 4096;
	char *d = realloc(r->data, cap);
	if (!d)
		return false;
	r->data = d;
	r->data_cap = cap;
	return true;
}

/* Appends one byte of the current field; false past the limits (or out of
 * memory), which rejects the row. One byte stays reserved for the NUL. */
static bool put(struct csv_reader *r, char c)
{
	if (r->data_len - r->field_start >= CSV_MAX_FIELD || r->data_len + 2 > ROW_MAX || !grow(r))
		return false;
	r->data[r->data_len++] = c;
	return true;
}

/* Closes the current field; false when the row has too many. */
static bool end_field(struct csv_reader *r)
{
	if (r->n >= CSV_MAX_FIELDS || !grow(r))
		return false;
	r->data[r->data_len++] = '\0';
	r->offs[r->n] = r->field_start;
	r->lens[r->n] = r->data_len - 1 - r->field_start;
	r->n++;
	r->field_start = r->data_len;
	return true;
}

enum state { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE, ST_SKIP, ST_SKIP_QUOTED };

enum clario_status csv_reader_next(struct csv_reader *r, struct csv_row *row, bool *eof,
				   struct clario_err *err)
{
	enum state st = ST_START;
	const char *bad = NULL;
	*eof = false;
	row->kinds = NULL; /* text only */
	r->n = 0;
	r->data_len = 0;
	r->field_start = 0;
	uint64_t start_line = r->line;
	bool any = false; /* anything of this record seen */
	for (;;) {
		int c = getb(r);
		if (c == READ_FAILED)
			return clario_err_set(err, CLARIO_EIO, "reading the file failed at line %llu: %s",
					      (unsigned long long)r->line, strerror(r->read_errno));
		if (c == END_OF_INPUT) {
			if (st == ST_QUOTED || st == ST_SKIP_QUOTED) {
				row->line = start_line;
				return clario_err_set(err, CLARIO_EINVAL,
						      "line %llu: a quoted field is not closed before the end of the file",
						      (unsigned long long)start_line);
			}
			if (st == ST_SKIP)
				break;
			if (!any) {
				*eof = true;
				row->n = 0;
				row->line = r->line;
				return CLARIO_OK;
			}
			if (!end_field(r))
				bad = "more than 256 fields";
			break;
		}
		bool nl = c == '\n' || c == '\r';
		if (nl && st != ST_QUOTED && st != ST_SKIP_QUOTED && c == '\r')
			after_cr(r);
		switch (st) {
		case ST_START:
			if (nl && !any) { /* an empty line is no record */
				start_line = r->line;
				continue;
			}
			any = true;
			if (c == '"') {
				st = ST_QUOTED;
			} else if (c == r->sep) {
				if (!end_field(r)) {
					bad = "more than 256 fields";
					st = ST_SKIP;
				}
			} else if (nl) {
				if (!end_field(r))
					bad = "more than 256 fields";
				goto done;
			} else if (!put(r, (char)c)) {
				bad = "a field longer than 64 KiB (or a row over 1 MiB)";
				st = ST_SKIP;
			} else {
				st = ST_UNQUOTED;
			}
			break;
		case ST_UNQUOTED:
			if (c == r->sep || nl) {
				if (!end_field(r)) {
					bad = "more than 256 fields";
					if (nl)
						goto done;
					st = ST_SKIP;
					break;
				}
				if (nl)
					goto done;
				st = ST_START;
			} else if (!put(r, (char)c)) { /* a stray quote here is kept as text */
				bad = "a field longer than 64 KiB (or a row over 1 MiB)";
				st = ST_SKIP;
			}
			break;
		case ST_QUOTED:
			if (c == '"') {
				st = ST_QUOTE;
			} else if (!put(r, (char)c)) {
				bad = "a field longer than 64 KiB (or a row over 1 MiB)";
				st = ST_SKIP_QUOTED;
			}
			break;
		case ST_QUOTE:
			if (c == '"') {
				if (!put(r, '"')) {
					bad = "a field longer than 64 KiB (or a row over 1 MiB)";
					st = ST_SKIP_QUOTED;
				} else {
					st = ST_QUOTED;
				}
			} else if (c == r->sep || nl) {
				if (!end_field(r)) {
					bad = "more than 256 fields";
					if (nl)
						goto done;
					st = ST_SKIP;
					break;
				}
				if (nl)
					goto done;
				st = ST_START;
			} else {
				bad = "text after a closing quote (a quote inside a quoted field must be doubled)";
				st = ST_SKIP;
			}
			break;
		case ST_SKIP:
			if (c == '"')
				st = ST_SKIP_QUOTED;
			else if (nl)
				goto done;
			break;
		case ST_SKIP_QUOTED:
			if (c == '"')
				st = ST_SKIP;
			break;
		}
	}
done:
	row->line = start_line;
	if (bad) {
		row->n = 0;
		return clario_err_set(err, CLARIO_EINVAL, "line %llu: %s",
				      (unsigned long long)start_line, bad);
	}
	for (size_t i = 0; i < r->n; i++)
		r->ptrs[i] = r->data + r->offs[i];
	row->n = r->n;
	row->fields = r->ptrs;
	row->lens = r->lens;
	return CLARIO_OK;
}
