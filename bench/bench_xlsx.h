/* The .xlsx workbook of the import bench: a Qasir-style export generated on
 * the fly and zipped by libzip, so no file of the sheet's size is ever held. */
#ifndef CLARIO_BENCH_XLSX_H
#define CLARIO_BENCH_XLSX_H

#include <stdint.h>

struct bench_xlsx_stats {
	uint64_t tickets, rows;
	uint64_t sheet_bytes, sst_bytes; /* uncompressed XML */
	uint64_t file_bytes;             /* the .xlsx */
};

/* Writes a workbook of about mb MB (zipped) at path; 0 on success. */
int bench_xlsx_write(const char *path, uint64_t mb, struct bench_xlsx_stats *st);

#endif
