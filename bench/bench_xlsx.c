/* Generates the import bench's .xlsx: the sheet and shared strings XML are
 * produced chunk by chunk inside libzip source callbacks while it deflates
 * them. Text cells are shared strings, as Excel writes them, ticket ids
 * included, so a big export also has a big string table; dates are serials
 * with a date-time style, some prices carry Excel's float artefacts. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zip.h>

#include "bench/bench_xlsx.h"

/* Tickets per zipped MB, measured: about 35 bytes of zip per row, 2.5 rows a ticket. */
#define TICKETS_PER_MB 11500

static const char *const fixed[] = {
	/* 0-9: the header */
	"No. Transaksi", "Tanggal", "Outlet", "Nama Produk", "Kategori", "Jumlah", "Harga", "Diskon",
	"Tipe Penjualan", "Metode Pembayaran",
	/* 10: the outlet */
	"Kopi Senja Kemang",
	/* 11-16 items, 17-20 categories */
	"Kopi Susu Gula Aren", "Americano", "Croissant Mentega", "Nasi Goreng Kampung", "Es Teh Manis",
	"Mie Ayam &quot;Spesial&quot;", "Kopi", "Roti", "Makanan", "Minuman",
	/* 21-25 channels, 26-30 payments */
	"Dine In", "Take Away", "GoFood", "GrabFood", "ShopeeFood", "Tunai", "QRIS", "GoPay", "OVO",
	"Kartu Debit",
};
#define N_FIXED (sizeof fixed / sizeof fixed[0])
static const unsigned item_cat[6] = {17, 17, 18, 19, 20, 19};
static const char *const item_price[6] = {"25000", "22000", "29999.999999999996", "35000", "8000",
					  "28000"};
/* days before each month of 2026 (not a leap year); 2026-01-01 is serial 46023 */
static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

struct gen {
	int sst;              /* 1: the shared strings, 0: the sheet */
	uint64_t tickets;
	uint64_t next;        /* next ticket (or string) to write */
	uint64_t x, row, rows;
	char buf[1 << 16];
	size_t len, pos;
	int stage;            /* 0 head, 1 body, 2 tail, 3 done */
	uint64_t bytes;
	zip_error_t err;
};

static void put(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(g->buf + g->len, sizeof g->buf - g->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		g->len += (size_t)n;
}

/* One ticket's rows (or one block of strings) into buf. */
static void produce(struct gen *g)
{
	g->len = g->pos = 0;
	if (g->stage == 0) {
		if (g->sst) {
			put(g, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			       "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
			for (size_t i = 0; i < N_FIXED; i++)
				put(g, "<si><t>%s</t></si>", fixed[i]);
		} else {
			put(g, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			       "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
			       "<row r=\"1\">");
			for (int c = 0; c < 10; c++)
				put(g, "<c r=\"%c1\" t=\"s\"><v>%d</v></c>", 'A' + c, c);
			put(g, "</row>");
			g->row = 1;
		}
		g->stage = 1;
		return;
	}
	if (g->stage == 1) {
		while (g->next < g->tickets && g->len < sizeof g->buf - 4096) {
			uint64_t n = g->next++;
			if (g->sst) {
				put(g, "<si><t>X-%09llu</t></si>", (unsigned long long)n);
				continue;
			}
			uint64_t x = g->x;
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			g->x = x;
			int day = (int)(n / 2000 % 28) + 1, month = (int)(n / 56000 % 12) + 1;
			unsigned secs = (unsigned)((7 + x % 15) * 3600 + ((x >> 8) % 60) * 60 + (x >> 16) % 60);
			unsigned long long serial = 46023ULL + (unsigned)before[month - 1] + (unsigned)day - 1;
			/* the time as a decimal fraction of a day, 10 places */
			unsigned long long frac = ((unsigned long long)secs * 10000000000ULL + 43200) / 86400;
			int lines = 1 + (int)((x >> 24) % 4);
			unsigned ch = 21 + (unsigned)((x >> 32) % 5), pay = 26 + (unsigned)((x >> 40) % 5);
			unsigned long long tid = N_FIXED + n;
			for (int l = 0; l < lines; l++) {
				size_t it = (size_t)((x >> (44 + 3 * l)) % 6);
				int qty = 1 + (int)((x >> (50 + l)) % 3);
				unsigned long long r = ++g->row;
				put(g, "<row r=\"%llu\"><c r=\"A%llu\" t=\"s\"><v>%llu</v></c>"
				       "<c r=\"B%llu\" s=\"1\"><v>%llu.%010llu</v></c>"
				       "<c r=\"C%llu\" t=\"s\"><v>10</v></c><c r=\"D%llu\" t=\"s\"><v>%zu</v></c>"
				       "<c r=\"E%llu\" t=\"s\"><v>%u</v></c><c r=\"F%llu\"><v>%d</v></c>"
				       "<c r=\"G%llu\"><v>%s</v></c>",
				    r, r, tid, r, serial, frac, r, r, 11 + it, r, item_cat[it], r, qty, r,
				    item_price[it]);
				if (l == 0 && x % 7 == 0)
					put(g, "<c r=\"H%llu\"><v>2500</v></c>", r);
				put(g, "<c r=\"I%llu\" t=\"s\"><v>%u</v></c><c r=\"J%llu\" t=\"s\"><v>%u</v></c></row>",
				    r, ch, r, pay);
				g->rows++;
			}
		}
		if (g->next == g->tickets)
			g->stage = 2;
		return;
	}
	if (g->stage == 2) {
		put(g, g->sst ? "</sst>" : "</sheetData></worksheet>");
		g->stage = 3;
	}
}

static zip_int64_t gen_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct gen *g = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		g->next = g->rows = g->bytes = 0;
		g->stage = 0;
		g->len = g->pos = 0;
		g->x = 0x2026112312345ULL;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t done = 0;
		while (done < len) {
			if (g->pos == g->len) {
				if (g->stage == 3)
					break;
				produce(g);
				continue;
			}
			size_t k = g->len - g->pos;
			if (k > len - done)
				k = (size_t)(len - done);
			memcpy((char *)data + done, g->buf + g->pos, k);
			g->pos += k;
			done += k;
		}
		g->bytes += done;
		return (zip_int64_t)done;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->mtime = time(NULL);
		st->valid |= ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&g->err, data, len);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&g->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static int add_text(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);
	if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

int bench_xlsx_write(const char *path, uint64_t mb, struct bench_xlsx_stats *out)
{
	static struct gen sheet, sst; /* large buffers: not on the stack */
	memset(out, 0, sizeof *out);
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z)
		return -1;
	uint64_t tickets = mb * TICKETS_PER_MB;
	memset(&sheet, 0, sizeof sheet);
	memset(&sst, 0, sizeof sst);
	sheet.tickets = sst.tickets = tickets;
	sst.sst = 1;
	zip_error_init(&sheet.err);
	zip_error_init(&sst.err);
	zip_source_t *s1 = zip_source_function(z, gen_cb, &sheet);
	zip_source_t *s2 = zip_source_function(z, gen_cb, &sst);
	int rc = -1;
	if (!s1 || !s2 ||
	    add_text(z, "[Content_Types].xml",
		     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>") ||
	    add_text(z, "xl/workbook.xml",
		     "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		     "<sheets><sheet name=\"Laporan Penjualan\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>") ||
	    add_text(z, "xl/_rels/workbook.xml.rels",
		     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		     "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		     "</Relationships>") ||
	    add_text(z, "xl/styles.xml",
		     "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		     "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm:ss\"/></numFmts>"
		     "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>")) {
		zip_source_free(s1);
		zip_source_free(s2);
		goto out;
	}
	if (zip_file_add(z, "xl/worksheets/sheet1.xml", s1, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s1);
		zip_source_free(s2);
		goto out;
	}
	if (zip_file_add(z, "xl/sharedStrings.xml", s2, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s2);
		goto out;
	}
	if (zip_close(z) != 0)
		goto out;
	z = NULL;
	struct stat sb;
	if (stat(path, &sb) != 0)
		goto out;
	out->tickets = tickets;
	out->rows = sheet.rows;
	out->sheet_bytes = sheet.bytes;
	out->sst_bytes = sst.bytes;
	out->file_bytes = (uint64_t)sb.st_size;
	rc = 0;
out:
	if (z)
		zip_discard(z);
	return rc;
}
