/* Fuzz target for the CSV reader and the value parsers of the import: any
 * bytes, read whole and one byte at a time, must give the same records,
 * records within the limits and NUL-terminated, and never a crash. Built
 * with clang's libFuzzer (tests/fuzz/meson.build); run_corpus.c replays the
 * corpus under gcc in `make test`. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "connectors/csv/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssize_t read_small(void *ctx, char *buf, size_t cap)
{
	struct csv_mem *m = ctx;
	size_t n = (m->pos * 7 + 1) % 5 + 1; /* 1..5 bytes: edges everywhere */
	return csv_read_mem(ctx, buf, cap < n ? cap : n);
}

/* Hashes the records so the two reads can be compared without keeping them. */
static uint64_t read_all(const uint8_t *data, size_t size, char sep, csv_read_fn fn, int exercise)
{
	struct csv_mem m = {.data = (const char *)data, .len = size};
	struct csv_reader *r = NULL;
	struct clario_err err = {0};
	uint64_t h = 1469598103934665603ULL;
	if (csv_reader_new(fn, &m, sep, &r, &err) != CLARIO_OK)
		return 0;
	for (int guard = 0; guard < 1000000; guard++) {
		struct csv_row row;
		bool eof = false;
		enum clario_status st = csv_reader_next(r, &row, &eof, &err);
		h = (h ^ (uint64_t)st ^ row.line) * 1099511628211ULL;
		if (st == CLARIO_EINVAL)
			continue;
		if (st != CLARIO_OK || eof)
			break;
		if (row.n == 0 || row.n > CSV_MAX_FIELDS)
			abort();
		for (size_t i = 0; i < row.n; i++) {
			if (row.lens[i] > CSV_MAX_FIELD || row.fields[i][row.lens[i]] != '\0')
				abort();
			for (size_t k = 0; k < row.lens[i]; k++)
				h = (h ^ (unsigned char)row.fields[i][k]) * 1099511628211ULL;
			h = (h ^ 0x100) * 1099511628211ULL;
			if (exercise && row.lens[i] < 200) {
				int64_t v;
				day_t d;
				int32_t t;
				const char *rest;
				(void)csv_parse_sen(row.fields[i], CSV_DECIMAL_AUTO, &v, &err);
				(void)csv_parse_sen(row.fields[i], CSV_DECIMAL_COMMA, &v, &err);
				(void)csv_parse_qty(row.fields[i], CSV_DECIMAL_DOT, &v, &err);
				(void)csv_parse_date(row.fields[i], "d/m/yyyy", &d, &rest, &err);
				(void)csv_parse_date(row.fields[i], "yyyy-mm-dd", &d, NULL, &err);
				(void)csv_parse_time(row.fields[i], &t, &err);
				(void)csv_channel_from_text(row.fields[i]);
				(void)csv_payment_from_text(row.fields[i]);
			}
		}
	}
	h ^= csv_reader_bytes(r);
	csv_reader_free(r);
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	char sep = size && data[0] == 'S' ? ';' : 0;
	uint64_t whole = read_all(data, size, sep, csv_read_mem, 1);
	uint64_t bits = read_all(data, size, sep, read_small, 0);
	/* Chunking must not change what is read. A first chunk is read whole
	 * either way, so only inputs over one chunk could differ: none may. */
	if (whole != bits)
		abort();
	return 0;
}
