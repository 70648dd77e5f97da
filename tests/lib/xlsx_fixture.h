/* Writing .xlsx fixtures for the tests: a zip made with libzip from XML text
 * the test writes itself, so the reader under test is checked against an
 * independent writer. */
#ifndef CLARIO_TESTS_XLSX_FIXTURE_H
#define CLARIO_TESTS_XLSX_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

struct xlsx_fixture_part {
	const char *name;   /* path inside the zip */
	const char *xml;    /* its text */
};

/* Writes the parts into a new zip at path; 0 on success. */
int xlsx_fixture_zip(const char *path, const struct xlsx_fixture_part *parts, size_t n);

/* A one-sheet workbook: the sheet at xl/worksheets/<sheet_file> (e.g.
 * "sheet1.xml"), sheetData rows given as XML (rows_xml), with shared strings
 * (the <si> elements; NULL for none) and cellXfs styles (the <xf> elements,
 * custom numFmts as <numFmt> elements; NULL for none). 0 on success. */
int xlsx_fixture_book(const char *path, const char *sheet_file, const char *rows_xml,
		      const char *si_xml, const char *numfmts_xml, const char *xfs_xml,
		      bool date1904);

/* The shared strings part text for si_xml (malloc'd), and the same for the
 * sheet and styles: exposed for tests that assemble unusual books. */
char *xlsx_fixture_sheet_xml(const char *rows_xml);
char *xlsx_fixture_sst_xml(const char *si_xml);
char *xlsx_fixture_styles_xml(const char *numfmts_xml, const char *xfs_xml);

#endif
