/* Reading .xlsx back-office exports: the first worksheet of a workbook, row by
 * row, as the same struct csv_row the CSV reader gives, so the CSV importer
 * takes either. The zip is read with libzip and the XML streamed through
 * expat in chunks; shared strings beyond a few MiB go to an unlinked temp
 * file. Numbers come out as plain decimal text, date-styled cells as ISO
 * text (see docs/import.md, "Excel files"). */
#ifndef CLARIO_CONNECTORS_XLSX_H
#define CLARIO_CONNECTORS_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "connectors/csv/csv.h"

/* Uncompressed bytes read from one part at most: beyond, the file is refused
 * (CLARIO_ETOOBIG) rather than inflated on (zip bombs). */
#define XLSX_MAX_SHEET_BYTES (4ULL << 30)          /* the worksheet: 4 GiB */
#define XLSX_MAX_STRINGS_BYTES (256ULL << 20)      /* xl/sharedStrings.xml: 256 MiB */
#define XLSX_MAX_PART_BYTES (16ULL << 20)          /* workbook, its rels, styles: 16 MiB */
#define XLSX_STRINGS_IN_MEMORY (8u << 20)          /* shared string text kept in memory; the rest spills */
#define XLSX_MAX_ROW_BYTES (1u << 20)              /* one row's text, like a CSV row */

struct xlsx_reader;

/* True when the file starts with a zip's local header ("PK\3\4", or "PK\5\6"
 * for an empty zip): how an upload or a file of any name is told to be a
 * workbook. Reads with pread: the file offset does not move. */
bool xlsx_is_zip(int fd);

/* Opens the workbook read from fd (a regular file; fd stays the caller's)
 * and reads its workbook, relationships, styles and shared strings, ready to
 * stream the first worksheet. A file that is no zip, a truncated one, or one
 * without a worksheet fails with CLARIO_EINVAL and the reason; a part over
 * its limit with CLARIO_ETOOBIG. *out is freed with xlsx_reader_free. */
enum clario_status xlsx_reader_open(int fd, struct xlsx_reader **out, struct clario_err *err);
void xlsx_reader_free(struct xlsx_reader *r);

/* The next row with any value, as csv_reader_next: row->line is the sheet's
 * row number, missing cells before a value are empty fields, and row->kinds
 * says per field what the cell held. CLARIO_EINVAL is one bad row (err says
 * why, row->line where; the next call goes on) unless xlsx_reader_failed
 * says the file cannot be read on. Any other failure is final. */
enum clario_status xlsx_reader_next(struct xlsx_reader *r, struct csv_row *row, bool *eof,
				    struct clario_err *err);
/* True once the sheet cannot be read on (damaged XML or zip, a limit): the
 * CLARIO_EINVAL or CLARIO_ETOOBIG from xlsx_reader_next was final, not one bad row. */
bool xlsx_reader_failed(const struct xlsx_reader *r);
/* A progress estimate in the file's bytes (the file's size at the end). */
uint64_t xlsx_reader_bytes(const struct xlsx_reader *r);
/* The name of the worksheet being read. */
const char *xlsx_reader_sheet(const struct xlsx_reader *r);

/* ---- cell values (pure; exposed for the tests) ---- */

enum xlsx_format { XLSX_FMT_NUMBER, XLSX_FMT_DATE, XLSX_FMT_DATETIME, XLSX_FMT_TIME };

/* What a number format shows: code is the custom format's text, or NULL for
 * a built-in id (14-17, 22, 27-36, 50-58 dates, 18-21 and 45-47 times). */
enum xlsx_format xlsx_format_kind(unsigned id, const char *code);

/* A number cell's text ("25000", "2.5E4", "24999.999999999996") as plain
 * decimal text in out: within 1e-6 of a whole sen (0.01) it is that sen
 * ("25000", "12.5"); otherwise the exact decimal ("0.333"). Text that is no
 * number, or one out of range, is copied as it is. */
void xlsx_number_text(const char *v, char *out, size_t size);

/* A date serial (days since 1899-12-30, or 1904-01-01 when date1904; the
 * fraction is the time of day) as "yyyy-mm-dd", "yyyy-mm-dd HH:MM:SS" or
 * "HH:MM:SS" by kind; a date also gets its time when the fraction is not
 * midnight. Exact: integers for the day, the seconds rounded from the decimal
 * text. A negative, non-numeric or post-9999 serial fails with the reason. */
enum clario_status xlsx_serial_text(const char *v, enum xlsx_format kind, bool date1904,
				    char out[static 20], struct clario_err *err);

/* Decodes Excel's escapes in string text in place: "_xHHHH_" is the
 * character U+HHHH ("_x000D_" a carriage return, "_x005F_" an underscore).
 * Returns the new length (the text is NUL-terminated again when shorter). */
size_t xlsx_unescape(char *s, size_t len);

#endif
