/* The .xlsx reader against workbooks written here with libzip from XML text
 * (tests/lib/xlsx_fixture.c): shared strings with rich text and phonetic
 * runs, inline strings, skipped cells and rows, dates by built-in and custom
 * styles, the 1904 system, Excel's float artefacts, error cells, a sheet not
 * called sheet1.xml, damaged and incomplete zips, the part limit, and shared
 * strings spilling to the temp file. Expected values are worked out by hand
 * in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/xlsx/xlsx.h"
#include "tests/lib/xlsx_fixture.h"

static char DIR_[64];

static void path_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", DIR_, name);
}

static struct xlsx_reader *open_ok(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct xlsx_reader *r = NULL;
	struct clario_err err = {0};
	enum clario_status st = xlsx_reader_open(fd, &r, &err);
	close(fd); /* the reader keeps its own descriptor */
	if (st != CLARIO_OK)
		fail_msg("open %s: %s", path, err.msg);
	return r;
}

static enum clario_status open_fail(const char *path, struct clario_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct xlsx_reader *r = NULL;
	enum clario_status st = xlsx_reader_open(fd, &r, err);
	close(fd);
	assert_int_not_equal(st, CLARIO_OK);
	assert_null(r);
	return st;
}

static void next_ok(struct xlsx_reader *r, struct csv_row *row)
{
	bool eof = true;
	struct clario_err err = {0};
	enum clario_status st = xlsx_reader_next(r, row, &eof, &err);
	if (st != CLARIO_OK)
		fail_msg("next: %s", err.msg);
	assert_false(eof);
}

static void expect_eof(struct xlsx_reader *r)
{
	struct csv_row row;
	bool eof = false;
	struct clario_err err = {0};
	assert_int_equal(xlsx_reader_next(r, &row, &eof, &err), CLARIO_OK);
	assert_true(eof);
}

static void field_is(const struct csv_row *row, size_t i, const char *text, enum csv_cell kind)
{
	assert_true(i < row->n);
	assert_string_equal(row->fields[i], text);
	assert_int_equal(row->lens[i], strlen(text));
	assert_int_equal(row->kinds[i], kind);
}

/* ---- pure conversions ---- */

static void test_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"25000", "25000"},
		{"2.5E4", "25000"},                    /* exponent */
		{"2.5e+4", "25000"},
		{"24999.999999999996", "25000"},       /* binary artefact: 4e-12 below */
		{"0.30000000000000004", "0.3"},        /* 4e-17 above */
		{"1234.5600000001", "1234.56"},
		{"0.0099999999", "0.01"},              /* rounds up across the point */
		{"99.999999", "100"},                  /* 1e-6 below 100: within */
		{"12.5", "12.5"},
		{"-5000", "-5000"},
		{"-0.0000001", "0"},                   /* no negative zero */
		{"1E-7", "0"},
		{"0", "0"},
		{"007", "7"},
		{"1.005", "1.005"},                    /* half a sen: not a whole sen, kept exact */
		{"0.333333333333333", "0.333333333333333"},
		{"99.99999", "99.99999"},              /* 1e-5 off a sen: outside 1e-6, kept */
		{"1.23E-2", "0.0123"},                 /* decimals 3-6 "2300": not a whole sen */
		{"abc", "abc"},                        /* not a number: as it is */
		{"1E+400", "1E+400"},                  /* out of range: as it is */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[160];
		xlsx_number_text(cases[i].in, out, sizeof out);
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("%s -> %s, want %s", cases[i].in, out, cases[i].out);
	}
}

static void test_formats(void **state)
{
	(void)state;
	assert_int_equal(xlsx_format_kind(0, NULL), XLSX_FMT_NUMBER);
	assert_int_equal(xlsx_format_kind(3, NULL), XLSX_FMT_NUMBER);
	assert_int_equal(xlsx_format_kind(14, NULL), XLSX_FMT_DATE);
	assert_int_equal(xlsx_format_kind(17, NULL), XLSX_FMT_DATE);
	assert_int_equal(xlsx_format_kind(18, NULL), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_kind(21, NULL), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_kind(22, NULL), XLSX_FMT_DATETIME);
	assert_int_equal(xlsx_format_kind(45, NULL), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_kind(47, NULL), XLSX_FMT_TIME);
	assert_int_equal(xlsx_format_kind(49, NULL), XLSX_FMT_NUMBER); /* "@" text */
	static const struct {
		const char *code;
		enum xlsx_format want;
	} cases[] = {
		{"dd/mm/yyyy", XLSX_FMT_DATE},
		{"d-mmm-yy", XLSX_FMT_DATE},
		{"[$-421]d mmmm yyyy", XLSX_FMT_DATE},
		{"yyyy-mm-dd hh:mm:ss", XLSX_FMT_DATETIME},
		{"m/d/yy h:mm AM/PM", XLSX_FMT_DATETIME},
		{"h:mm", XLSX_FMT_TIME},
		{"mm:ss", XLSX_FMT_TIME},
		{"[h]:mm:ss", XLSX_FMT_TIME},
		{"#,##0", XLSX_FMT_NUMBER},
		{"\"Rp\"#,##0.00", XLSX_FMT_NUMBER},
		{"[$Rp-421]#,##0", XLSX_FMT_NUMBER},
		{"0.00 \"days\"", XLSX_FMT_NUMBER},      /* letters in quotes do not count */
		{"[Red]0.00;[Blue]-0.00", XLSX_FMT_NUMBER},
		{"0\\d", XLSX_FMT_NUMBER},               /* an escaped d */
		{"General", XLSX_FMT_NUMBER},
		{"0.00E+00", XLSX_FMT_NUMBER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (xlsx_format_kind(200, cases[i].code) != cases[i].want)
			fail_msg("format %s: %d, want %d", cases[i].code,
				 (int)xlsx_format_kind(200, cases[i].code), (int)cases[i].want);
}

static void test_serials(void **state)
{
	(void)state;
	char out[20];
	struct clario_err err = {0};
	/* 2025-01-01 is serial 45658 (Excel's own). Jan..Oct 2025 have
	 * 31+28+31+30+31+30+31+31+30+31 = 304 days, so 2025-11-01 = 45962. */
	assert_int_equal(xlsx_serial_text("45962", XLSX_FMT_DATE, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "2025-11-01");
	assert_int_equal(xlsx_serial_text("45962", XLSX_FMT_DATETIME, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "2025-11-01 00:00:00");
	/* .604166666664 day × 86400 = 52199.99999... -> 52200 s = 14:30:00 */
	assert_int_equal(xlsx_serial_text("45962.604166666664", XLSX_FMT_DATETIME, false, out, &err),
			 CLARIO_OK);
	assert_string_equal(out, "2025-11-01 14:30:00");
	/* a date-only style still shows a time it hides: 0.25 day = 06:00 */
	assert_int_equal(xlsx_serial_text("45962.25", XLSX_FMT_DATE, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "2025-11-01 06:00:00");
	/* 4.59625E4 = 45962.5: noon */
	assert_int_equal(xlsx_serial_text("4.59625E4", XLSX_FMT_DATETIME, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "2025-11-01 12:00:00");
	assert_int_equal(xlsx_serial_text("0.75", XLSX_FMT_TIME, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "18:00:00");
	/* 0.49999999999999994 × 86400 = 43199.99999999999 -> 43200 = 12:00:00 */
	assert_int_equal(xlsx_serial_text("0.49999999999999994", XLSX_FMT_TIME, false, out, &err),
			 CLARIO_OK);
	assert_string_equal(out, "12:00:00");
	/* 23:59:59.9999 rounds to the next midnight: the next day */
	assert_int_equal(xlsx_serial_text("45962.999999999", XLSX_FMT_DATETIME, false, out, &err),
			 CLARIO_OK);
	assert_string_equal(out, "2025-11-02 00:00:00");
	/* 1904 system: 1904-01-01 is 1462 days after 1899-12-30, so
	 * 45962 - 1462 = 44500 is 2025-11-01 there. */
	assert_int_equal(xlsx_serial_text("44500", XLSX_FMT_DATE, true, out, &err), CLARIO_OK);
	assert_string_equal(out, "2025-11-01");
	assert_int_equal(xlsx_serial_text("0", XLSX_FMT_DATE, true, out, &err), CLARIO_OK);
	assert_string_equal(out, "1904-01-01");
	/* 1970-01-01 is serial 25569 */
	assert_int_equal(xlsx_serial_text("25569", XLSX_FMT_DATE, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "1970-01-01");
	assert_int_equal(xlsx_serial_text("2958465", XLSX_FMT_DATE, false, out, &err), CLARIO_OK);
	assert_string_equal(out, "9999-12-31");
	assert_int_equal(xlsx_serial_text("2958466", XLSX_FMT_DATE, false, out, &err), CLARIO_EINVAL);
	assert_int_equal(xlsx_serial_text("-1", XLSX_FMT_DATE, false, out, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "negative"));
	assert_int_equal(xlsx_serial_text("x", XLSX_FMT_DATE, false, out, &err), CLARIO_EINVAL);
}

/* ---- whole workbooks ---- */

/* Shared strings: 0 "Tanggal", 1 "Kopi Susu" in two rich-text runs with a
 * phonetic run that is not part of it, 2 "  spasi " (xml:space), 3 "Teh &
 * Roti" (an entity), 4 "01/11/2025" (a date kept as text), 5 "Nasi\r\nGoreng_x"
 * (Excel's escapes: _x000D_ a CR, _x005F_ an underscore; a real newline). */
static const char SI[] =
	"<si><t>Tanggal</t></si>"
	"<si><r><rPr><b/></rPr><t>Kopi </t></r><r><t xml:space=\"preserve\">Susu</t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>KOPI</t></rPh></si>"
	"<si><t xml:space=\"preserve\">  spasi </t></si>"
	"<si><t>Teh &amp; Roti</t></si>"
	"<si><t>01/11/2025</t></si>"
	"<si><t>Nasi_x000D_\nGoreng_x005F_x</t></si>";
/* Styles: 0 General, 1 built-in 14 (date), 2 custom 164 "dd/mm/yyyy hh:mm",
 * 3 built-in 20 (h:mm), 4 custom 165 "#,##0.00" (a number). */
static const char NUMFMTS[] = "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>"
			      "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00\"/>";
static const char XFS[] = "<xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
			  "<xf numFmtId=\"164\"/><xf numFmtId=\"20\"/><xf numFmtId=\"165\"/>";

static void test_book(void **state)
{
	(void)state;
	char path[128];
	path_of(path, sizeof path, "book.xlsx");
	const char *rows =
		/* row 2 (row 1 is absent): A2 shared 0, C2 shared 1 (B2 skipped) */
		"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c></row>"
		/* row 3: inline string, str formula, boolean, shared 2 and 3 */
		"<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Es Teh</t></is></c>"
		"<c r=\"B3\" t=\"str\"><f>A3&amp;\"!\"</f><v>Es Teh!</v></c>"
		"<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"s\"><v>2</v></c>"
		"<c r=\"E3\" t=\"s\"><v>3</v></c><c r=\"F3\" t=\"s\"><v>5</v></c>"
		"<c r=\"G3\" t=\"inlineStr\"><is><t>_x00e9_t_x00E9_ _x20AC_ _xZZZZ_ _x0000_</t></is></c></row>"
		/* row 4: a styled empty cell only: no row at all */
		"<row r=\"4\"><c r=\"A4\" s=\"1\"/></row>"
		/* row 6: dates by style 1 (date), 2 (custom date-time), 3 (time),
		 * a number with style 4, an artefact, and the text date */
		"<row r=\"6\"><c r=\"A6\" s=\"1\"><v>45962</v></c>"
		"<c r=\"B6\" s=\"2\"><v>45962.604166666664</v></c>"
		"<c r=\"C6\" s=\"3\"><v>0.3125</v></c>"
		"<c r=\"D6\" s=\"4\"><v>25000</v></c>"
		"<c r=\"E6\"><v>24999.999999999996</v></c>"
		"<c r=\"F6\" t=\"s\"><v>4</v></c></row>"
		/* row 7: an error cell; no r attributes on the cells: A, B */
		"<row r=\"7\"><c t=\"e\"><v>#N/A</v></c><c><v>2.5E4</v></c></row>"
		/* a row without r follows row 7: it is row 8 */
		"<row><c r=\"B8\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>";
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml", rows, SI, NUMFMTS, XFS, false), 0);
	struct xlsx_reader *r = open_ok(path);
	assert_string_equal(xlsx_reader_sheet(r), "Penjualan");
	struct csv_row row;

	next_ok(r, &row);
	assert_int_equal(row.line, 2);
	assert_int_equal(row.n, 3);
	field_is(&row, 0, "Tanggal", CSV_CELL_TEXT);
	field_is(&row, 1, "", CSV_CELL_TEXT);
	field_is(&row, 2, "Kopi Susu", CSV_CELL_TEXT);

	next_ok(r, &row);
	assert_int_equal(row.line, 3);
	assert_int_equal(row.n, 7);
	field_is(&row, 0, "Es Teh", CSV_CELL_TEXT);
	field_is(&row, 1, "Es Teh!", CSV_CELL_TEXT);
	field_is(&row, 2, "TRUE", CSV_CELL_TEXT);
	field_is(&row, 3, "  spasi ", CSV_CELL_TEXT);
	field_is(&row, 4, "Teh & Roti", CSV_CELL_TEXT);
	field_is(&row, 5, "Nasi\r\nGoreng_x", CSV_CELL_TEXT);
	/* U+00E9 is C3 A9, U+20AC is E2 82 AC; no hex or NUL: kept as written */
	field_is(&row, 6, "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC _xZZZZ_ _x0000_", CSV_CELL_TEXT);

	next_ok(r, &row);
	assert_int_equal(row.line, 6);
	assert_int_equal(row.n, 6);
	field_is(&row, 0, "2025-11-01", CSV_CELL_DATE);
	field_is(&row, 1, "2025-11-01 14:30:00", CSV_CELL_DATE);
	field_is(&row, 2, "07:30:00", CSV_CELL_DATE); /* 0.3125 × 24 h = 7.5 h */
	field_is(&row, 3, "25000", CSV_CELL_NUMBER);
	field_is(&row, 4, "25000", CSV_CELL_NUMBER);
	field_is(&row, 5, "01/11/2025", CSV_CELL_TEXT);

	next_ok(r, &row);
	assert_int_equal(row.line, 7);
	assert_int_equal(row.n, 2);
	assert_int_equal(row.kinds[0], CSV_CELL_ERROR);
	assert_non_null(strstr(row.fields[0], "#N/A"));
	assert_non_null(strstr(row.fields[0], "A7"));
	field_is(&row, 1, "25000", CSV_CELL_NUMBER);

	next_ok(r, &row);
	assert_int_equal(row.line, 8);
	assert_int_equal(row.n, 2);
	field_is(&row, 0, "", CSV_CELL_TEXT);
	field_is(&row, 1, "ab", CSV_CELL_TEXT);

	expect_eof(r);
	expect_eof(r); /* and stays there */
	xlsx_reader_free(r);
}

/* The 1904 date system, a sheet file that is not sheet1.xml, prefixed
 * element names (some generators write x:row), a bad row among good ones. */
static void test_1904_and_odd_names(void **state)
{
	(void)state;
	char path[128];
	path_of(path, sizeof path, "b1904.xlsx");
	const char *rows =
		"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44500</v></c></row>"
		/* a shared string index past the table (it has 5) */
		"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>9</v></c></row>"
		/* a bad cell reference */
		"<row r=\"3\"><c r=\"3A\"><v>1</v></c></row>"
		"<row r=\"4\"><c r=\"A4\"><v>4</v></c></row>";
	assert_int_equal(xlsx_fixture_book(path, "lembar-data.xml", rows, SI, NUMFMTS, XFS, true), 0);
	struct xlsx_reader *r = open_ok(path);
	struct csv_row row;
	next_ok(r, &row);
	field_is(&row, 0, "2025-11-01", CSV_CELL_DATE); /* 44500 + 1462 = 45962 */
	bool eof = false;
	struct clario_err err = {0};
	assert_int_equal(xlsx_reader_next(r, &row, &eof, &err), CLARIO_EINVAL);
	assert_int_equal(row.line, 2);
	assert_non_null(strstr(err.msg, "shared string 9"));
	assert_false(xlsx_reader_failed(r));
	assert_int_equal(xlsx_reader_next(r, &row, &eof, &err), CLARIO_EINVAL);
	assert_int_equal(row.line, 3);
	assert_non_null(strstr(err.msg, "3A"));
	next_ok(r, &row);
	assert_int_equal(row.line, 4);
	field_is(&row, 0, "4", CSV_CELL_NUMBER);
	expect_eof(r);
	xlsx_reader_free(r);

	/* x: prefixes everywhere, as .NET's Open XML SDK writes them */
	path_of(path, sizeof path, "prefixed.xlsx");
	struct xlsx_fixture_part parts[] = {
		{"xl/workbook.xml",
		 "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		 "<x:sheets><x:sheet name=\"Hidden\" sheetId=\"1\" state=\"hidden\" r:id=\"R1\"/>"
		 "<x:sheet name=\"Data\" sheetId=\"2\" r:id=\"R2\"/></x:sheets></x:workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"R1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/hidden.xml\"/>"
		 "<Relationship Id=\"R2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
		 "</Relationships>"},
		{"xl/worksheets/hidden.xml",
		 "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
		 "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>secret</x:t></x:is></x:c></x:row>"
		 "</x:sheetData></x:worksheet>"},
		{"xl/worksheets/data.xml",
		 "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
		 "<x:row r=\"5\"><x:c r=\"B5\" t=\"inlineStr\"><x:is><x:t>visible</x:t></x:is></x:c></x:row>"
		 "</x:sheetData></x:worksheet>"},
	};
	assert_int_equal(xlsx_fixture_zip(path, parts, sizeof parts / sizeof parts[0]), 0);
	r = open_ok(path); /* no styles, no shared strings: fine */
	assert_string_equal(xlsx_reader_sheet(r), "Data");
	next_ok(r, &row);
	assert_int_equal(row.line, 5);
	assert_int_equal(row.n, 2);
	field_is(&row, 1, "visible", CSV_CELL_TEXT);
	expect_eof(r);
	xlsx_reader_free(r);
}

static void test_broken_files(void **state)
{
	(void)state;
	char path[128];
	struct clario_err err = {0};

	/* zip magic, then garbage */
	path_of(path, sizeof path, "garbage.xlsx");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("PK\x03\x04 this is not a zip at all, only its first four bytes", f);
	fclose(f);
	int fd = open(path, O_RDONLY);
	assert_true(xlsx_is_zip(fd));
	close(fd);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "damaged or truncated"));

	/* a good book cut in half: the central directory is gone */
	path_of(path, sizeof path, "cut.xlsx");
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml", "<row r=\"1\"><c><v>1</v></c></row>", SI,
					   NUMFMTS, XFS, false),
			 0);
	fd = open(path, O_RDWR);
	off_t size = lseek(fd, 0, SEEK_END);
	assert_int_equal(ftruncate(fd, size / 2), 0);
	close(fd);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "damaged or truncated"));

	/* a zip that is no workbook */
	path_of(path, sizeof path, "other.xlsx");
	struct xlsx_fixture_part doc[] = {{"word/document.xml", "<document/>"}};
	assert_int_equal(xlsx_fixture_zip(path, doc, 1), 0);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "no xl/workbook.xml"));

	/* the workbook names a sheet the zip does not hold */
	path_of(path, sizeof path, "nosheet.xlsx");
	struct xlsx_fixture_part missing[] = {
		{"xl/workbook.xml",
		 "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/gone.xml\"/></Relationships>"},
	};
	assert_int_equal(xlsx_fixture_zip(path, missing, 2), 0);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "xl/worksheets/gone.xml"));

	/* a workbook whose only sheet is a chart sheet */
	path_of(path, sizeof path, "chart.xlsx");
	struct xlsx_fixture_part chart[] = {
		{"xl/workbook.xml",
		 "<workbook xmlns:r=\"r\"><sheets><sheet name=\"C\" r:id=\"rId1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships><Relationship Id=\"rId1\" Type=\"x/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>"},
	};
	assert_int_equal(xlsx_fixture_zip(path, chart, 2), 0);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "no worksheet"));

	/* a DOCTYPE (entity expansion attacks need one) */
	path_of(path, sizeof path, "dtd.xlsx");
	struct xlsx_fixture_part dtd[] = {
		{"xl/workbook.xml", "<!DOCTYPE workbook [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>"},
	};
	assert_int_equal(xlsx_fixture_zip(path, dtd, 1), 0);
	assert_int_equal(open_fail(path, &err), CLARIO_EINVAL);
	assert_non_null(strstr(err.msg, "DOCTYPE"));

	/* sheet XML broken after a good row: the row, then a final error */
	path_of(path, sizeof path, "badxml.xlsx");
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml",
					   "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</c></row>",
					   NULL, NULL, NULL, false),
			 0);
	struct xlsx_reader *r = open_ok(path);
	struct csv_row row;
	next_ok(r, &row);
	assert_int_equal(row.line, 1);
	bool eof = false;
	assert_int_equal(xlsx_reader_next(r, &row, &eof, &err), CLARIO_EINVAL);
	assert_true(xlsx_reader_failed(r));
	assert_non_null(strstr(err.msg, "bad XML"));
	xlsx_reader_free(r);
}

/* A part over its limit: 17 MiB of styles (whitespace, a few KiB zipped). */
static void test_part_limit(void **state)
{
	(void)state;
	char path[128];
	path_of(path, sizeof path, "bomb.xlsx");
	size_t n = (17u << 20);
	char *styles = malloc(n + 64);
	assert_non_null(styles);
	memcpy(styles, "<styleSheet>", 12);
	memset(styles + 12, ' ', n);
	memcpy(styles + 12 + n, "</styleSheet>", 14);
	char *sheet = xlsx_fixture_sheet_xml("<row r=\"1\"><c><v>1</v></c></row>");
	struct xlsx_fixture_part parts[] = {
		{"xl/workbook.xml",
		 "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
		{"xl/worksheets/sheet1.xml", sheet},
		{"xl/styles.xml", styles},
	};
	assert_int_equal(xlsx_fixture_zip(path, parts, 4), 0);
	struct clario_err err = {0};
	assert_int_equal(open_fail(path, &err), CLARIO_ETOOBIG);
	assert_non_null(strstr(err.msg, "xl/styles.xml"));
	assert_non_null(strstr(err.msg, "16 MiB"));
	free(styles);
	free(sheet);
}

/* More shared string text than XLSX_STRINGS_IN_MEMORY: the later strings come
 * back from the temp file. 300,000 strings "s<number>-" padded to 40 bytes
 * = 12 MB of text, so strings past ~209,715 (8 MiB / 40) are spilled. */
static void test_spill(void **state)
{
	(void)state;
	enum { N = 300000, W = 40 };
	char path[128];
	path_of(path, sizeof path, "spill.xlsx");
	size_t cap = (size_t)N * (W + 16) + 64;
	char *si = malloc(cap);
	assert_non_null(si);
	size_t len = 0;
	for (unsigned i = 0; i < N; i++)
		len += (size_t)snprintf(si + len, cap - len, "<si><t>s%-*u-</t></si>", W - 2, i);
	const char *rows = "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>209714</v></c>"
			   "<c t=\"s\"><v>209715</v></c><c t=\"s\"><v>299999</v></c></row>"
			   "<row r=\"2\"><c t=\"s\"><v>300000</v></c></row>";
	assert_int_equal(xlsx_fixture_book(path, "sheet1.xml", rows, si, NULL, NULL, false), 0);
	free(si);
	struct xlsx_reader *r = open_ok(path);
	struct csv_row row;
	next_ok(r, &row);
	char want[64];
	unsigned idx[] = {0, 209714, 209715, 299999};
	for (size_t k = 0; k < 4; k++) {
		snprintf(want, sizeof want, "s%-*u-", W - 2, idx[k]);
		field_is(&row, k, want, CSV_CELL_TEXT);
	}
	bool eof = false;
	struct clario_err err = {0};
	assert_int_equal(xlsx_reader_next(r, &row, &eof, &err), CLARIO_EINVAL);
	assert_int_equal(row.line, 2);
	xlsx_reader_free(r);
}

int main(void)
{
	snprintf(DIR_, sizeof DIR_, "/tmp/clario-xlsx-XXXXXX");
	if (!mkdtemp(DIR_))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),     cmocka_unit_test(test_formats),
		cmocka_unit_test(test_serials),     cmocka_unit_test(test_book),
		cmocka_unit_test(test_1904_and_odd_names), cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_part_limit),  cmocka_unit_test(test_spill),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
