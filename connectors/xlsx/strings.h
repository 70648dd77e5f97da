/* The shared string table of a workbook (xl/sharedStrings.xml), kept with
 * bounded memory: XLSX_STRINGS_IN_MEMORY bytes of text in memory, the rest in
 * an unlinked temp file in $TMPDIR; 4 bytes of offset per string in memory. */
#ifndef CLARIO_CONNECTORS_XLSX_STRINGS_H
#define CLARIO_CONNECTORS_XLSX_STRINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "connectors/xlsx/xlsx.h"

struct xlsx_sst {
	uint32_t *off;      /* n + 1 offsets into the text */
	size_t n, cap;
	char *mem;          /* the text before spill_from */
	size_t mem_len, mem_cap;
	bool spilling;
	size_t spill_from;  /* offset of the temp file's first byte */
	size_t total;
	int fd;             /* the temp file, -1 until needed */
	char *wbuf;         /* write buffer of the temp file */
	size_t wlen;
};

void xlsx_sst_init(struct xlsx_sst *t);
void xlsx_sst_free(struct xlsx_sst *t);
/* Appends string number t->n. */
enum clario_status xlsx_sst_add(struct xlsx_sst *t, const char *s, size_t len,
				struct clario_err *err);
/* After the last add, before any get. */
enum clario_status xlsx_sst_done(struct xlsx_sst *t, struct clario_err *err);
/* String i into buf (NUL-terminated, *len bytes); CLARIO_EINVAL for a missing
 * index or a string that does not fit in cap. */
enum clario_status xlsx_sst_get(const struct xlsx_sst *t, size_t i, char *buf, size_t cap,
				size_t *len, struct clario_err *err);

#endif
