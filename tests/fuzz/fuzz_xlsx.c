/* Fuzz target for the .xlsx reader: an input starting with "PK" is taken as
 * the workbook's bytes; any other is split at NUL bytes into the sheet XML,
 * shared strings, styles and workbook XML of a workbook zipped here with
 * libzip, so the XML handling is reached without the fuzzer having to forge
 * zips. Rows must stay within the limits and NUL-terminated; never a crash.
 * Built with clang's libFuzzer (tests/fuzz/meson.build); run_corpus.c
 * replays the corpus under gcc in `make test`. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/xlsx/xlsx.h"
#include "tests/lib/xlsx_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_book(int fd)
{
	struct xlsx_reader *r = NULL;
	struct clario_err err = {0};
	if (xlsx_reader_open(fd, &r, &err) != CLARIO_OK) {
		if (!memchr(err.msg, '\0', sizeof err.msg))
			abort();
		return;
	}
	for (int guard = 0; guard < 1000000; guard++) {
		struct csv_row row;
		bool eof = false;
		enum clario_status st = xlsx_reader_next(r, &row, &eof, &err);
		if (st == CLARIO_EINVAL && !xlsx_reader_failed(r))
			continue;
		if (st != CLARIO_OK || eof)
			break;
		if (row.n == 0 || row.n > CSV_MAX_FIELDS || !row.kinds)
			abort();
		for (size_t i = 0; i < row.n; i++) {
			if (row.lens[i] > CSV_MAX_FIELD || row.fields[i][row.lens[i]] != '\0' ||
			    row.kinds[i] > CSV_CELL_ERROR)
				abort();
			if (row.lens[i] < 100) {
				char out[160], d[20];
				xlsx_number_text(row.fields[i], out, sizeof out);
				(void)xlsx_serial_text(row.fields[i], XLSX_FMT_DATETIME, false, d, &err);
				(void)xlsx_format_kind(200, row.fields[i]);
			}
		}
	}
	(void)xlsx_reader_bytes(r);
	xlsx_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	char path[] = "/tmp/clario-fuzz-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		if (write(fd, data, size) == (ssize_t)size)
			read_book(fd);
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	/* parts: sheet \0 shared strings \0 styles \0 workbook */
	char *text = malloc(size + 1);
	if (!text) {
		unlink(path);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	const char *part[4] = {"", NULL, NULL, NULL};
	part[0] = text;
	size_t k = 1;
	for (size_t i = 0; i < size && k < 4; i++)
		if (text[i] == '\0')
			part[k++] = text + i + 1;
	const char *wb = part[3] ? part[3]
				 : "<workbook xmlns:r=\"r\"><workbookPr/><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
	struct xlsx_fixture_part parts[5] = {
		{"xl/workbook.xml", wb},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
		{"xl/worksheets/sheet1.xml", part[0]},
	};
	size_t n = 3;
	if (part[1])
		parts[n++] = (struct xlsx_fixture_part){"xl/sharedStrings.xml", part[1]};
	if (part[2])
		parts[n++] = (struct xlsx_fixture_part){"xl/styles.xml", part[2]};
	if (xlsx_fixture_zip(path, parts, n) == 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			read_book(fd);
			close(fd);
		}
	}
	unlink(path);
	free(text);
	return 0;
}
