/* .xlsx fixtures for the tests, written with libzip from the tests' own XML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "tests/lib/xlsx_fixture.h"

int xlsx_fixture_zip(const char *path, const struct xlsx_fixture_part *parts, size_t n)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z)
		return -1;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, parts[i].xml, strlen(parts[i].xml), 0);
		if (!src || zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) < 0) {
			zip_source_free(src);
			zip_discard(z);
			return -1;
		}
	}
	return zip_close(z) == 0 ? 0 : -1;
}

static char *cat(const char *a, const char *b, const char *c, const char *d, const char *e)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + strlen(e) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s%s%s", a, b, c, d, e);
	return s;
}

char *xlsx_fixture_sheet_xml(const char *rows_xml)
{
	return cat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		   "<dimension ref=\"A1\"/><sheetData>",
		   rows_xml, "</sheetData><mergeCells count=\"0\"/></worksheet>", "", "");
}

char *xlsx_fixture_sst_xml(const char *si_xml)
{
	return cat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		   "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
		   si_xml, "</sst>", "", "");
}

char *xlsx_fixture_styles_xml(const char *numfmts_xml, const char *xfs_xml)
{
	return cat("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		   "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		   "<numFmts>",
		   numfmts_xml ? numfmts_xml : "",
		   "</numFmts><fonts count=\"1\"><font/></fonts>"
		   "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>",
		   xfs_xml ? xfs_xml : "<xf numFmtId=\"0\"/>", "</cellXfs></styleSheet>");
}

int xlsx_fixture_book(const char *path, const char *sheet_file, const char *rows_xml,
		      const char *si_xml, const char *numfmts_xml, const char *xfs_xml,
		      bool date1904)
{
	char workbook[1024], rels[1024], sheet_name[128];
	snprintf(sheet_name, sizeof sheet_name, "xl/worksheets/%s", sheet_file);
	snprintf(workbook, sizeof workbook,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		 "<workbookPr%s/><sheets><sheet name=\"Penjualan\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>",
		 date1904 ? " date1904=\"1\"" : "");
	snprintf(rels, sizeof rels,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
		 "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/%s\"/>"
		 "</Relationships>",
		 sheet_file);
	char *sheet = xlsx_fixture_sheet_xml(rows_xml);
	char *sst = si_xml ? xlsx_fixture_sst_xml(si_xml) : NULL;
	char *styles = xlsx_fixture_styles_xml(numfmts_xml, xfs_xml);
	struct xlsx_fixture_part parts[6] = {
		{"[Content_Types].xml",
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
		{"xl/workbook.xml", workbook},
		{"xl/_rels/workbook.xml.rels", rels},
		{sheet_name, sheet},
		{"xl/styles.xml", styles},
		{"xl/sharedStrings.xml", sst},
	};
	int rc = -1;
	if (sheet && styles && (sst || !si_xml))
		rc = xlsx_fixture_zip(path, parts, sst ? 6 : 5);
	free(sheet);
	free(sst);
	free(styles);
	return rc;
}
