/* Import profiles: which column of an export holds what, and how its dates and
 * numbers are written. The built-in vendor profiles are mapping-file text,
 * parsed by the same code as a merchant's own mapping file, so this file is the
 * one table to correct when a real export shows other column names. The
 * vendors publish no export layouts (../shared/POS-APIS.md): the header names
 * below are the ones their back offices are known to show in English and
 * Indonesian, several per field, matched case-free. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/csv/csv.h"

static const char *const field_keys[CSV_F_COUNT] = {
	[CSV_F_TICKET_ID] = "ticket_id",   [CSV_F_DATE] = "date",
	[CSV_F_TIME] = "time",             [CSV_F_ITEM] = "item",
	[CSV_F_ITEM_ID] = "item_id",       [CSV_F_CATEGORY] = "category",
	[CSV_F_QTY] = "quantity",          [CSV_F_PRICE] = "unit_price",
	[CSV_F_LINE_TOTAL] = "line_total", [CSV_F_DISCOUNT] = "discount",
	[CSV_F_CHANNEL] = "channel",       [CSV_F_PAYMENT] = "payment",
	[CSV_F_OUTLET] = "outlet",         [CSV_F_TAX] = "tax",
	[CSV_F_SERVICE] = "service_charge",
};

const char *csv_field_key(enum csv_field f)
{
	return (unsigned)f < CSV_F_COUNT ? field_keys[f] : "?";
}

static const struct {
	const char *name;
	const char *text;
} builtins[] = {
	{"moka",
	 "source = moka\n"
	 "date_format = dd/mm/yyyy\n"
	 "ticket_id = Receipt Number | Receipt No | Payment No\n"
	 "date = Date | Transaction Date\n"
	 "time = Time | Transaction Time\n"
	 "outlet = Outlet | Outlet Name\n"
	 "item = Items | Item | Item Name\n"
	 "item_id = SKU | Item ID\n"
	 "category = Category | Category Name\n"
	 "quantity = Quantity | Qty\n"
	 "unit_price = Item Price | Price\n"
	 "line_total = Gross Sales\n"
	 "discount = Discounts | Discount\n"
	 "channel = Sales Type\n"
	 "payment = Payment Method | Payment Type\n"
	 "tax = Tax | Taxes\n"
	 "service_charge = Gratuity | Gratuities\n"},
	{"pawoon",
	 "source = pawoon\n"
	 "date_format = yyyy-mm-dd\n"
	 "ticket_id = Receipt Code | Kode Struk | No. Struk\n"
	 "date = Device Timestamp | Tanggal | Date\n"
	 "time = Jam | Time\n"
	 "outlet = Outlet | Nama Outlet\n"
	 "item = Product Name | Nama Produk | Produk\n"
	 "item_id = Product ID | SKU\n"
	 "category = Category | Kategori\n"
	 "quantity = Qty | Jumlah\n"
	 "unit_price = Price | Harga\n"
	 "line_total = Subtotal\n"
	 "discount = Discount | Diskon\n"
	 "channel = Sales Type | Tipe Penjualan\n"
	 "payment = Payment Method | Metode Pembayaran\n"
	 "tax = Tax | Pajak\n"
	 "service_charge = Service | Biaya Layanan\n"},
	{"olsera",
	 "source = olsera\n"
	 "date_format = yyyy-mm-dd\n"
	 "ticket_id = Order No | No Order | No. Order\n"
	 "date = Order Time | Order Date | Tanggal\n"
	 "time = Jam | Time\n"
	 "outlet = Store | Outlet\n"
	 "item = Product Name | Nama Produk\n"
	 "item_id = Product SKU | SKU\n"
	 "category = Category | Kategori\n"
	 "quantity = Qty | Jumlah\n"
	 "unit_price = Price | Harga\n"
	 "line_total = Amount | Jumlah Harga\n"
	 "discount = Discount | Diskon\n"
	 "channel = Order Source | Sumber Order\n"
	 "payment = Payment Method | Pembayaran\n"
	 "tax = Tax | Pajak\n"
	 "service_charge = Service Charge | Biaya Layanan\n"},
	{"qasir",
	 "source = qasir\n"
	 "date_format = dd/mm/yyyy\n"
	 "decimal = comma\n"
	 "ticket_id = No. Transaksi | No Transaksi | Nomor Transaksi | ID Transaksi\n"
	 "date = Tanggal | Tanggal Transaksi | Waktu Transaksi\n"
	 "time = Jam | Waktu\n"
	 "outlet = Outlet | Nama Outlet\n"
	 "item = Nama Produk | Produk\n"
	 "item_id = SKU | Kode Produk\n"
	 "category = Kategori\n"
	 "quantity = Jumlah | Qty\n"
	 "unit_price = Harga | Harga Satuan\n"
	 "line_total = Subtotal | Total Harga\n"
	 "discount = Diskon | Potongan\n"
	 "channel = Tipe Penjualan | Tipe Order\n"
	 "payment = Metode Pembayaran | Pembayaran\n"
	 "tax = Pajak\n"
	 "service_charge = Biaya Layanan | Service\n"},
	{"kasirpintar",
	 "source = kasirpintar\n"
	 "date_format = dd/mm/yyyy\n"
	 "decimal = comma\n"
	 "ticket_id = No. Nota | No Nota | Kode Transaksi | No. Transaksi\n"
	 "date = Tanggal | Tanggal Transaksi\n"
	 "time = Jam | Waktu\n"
	 "outlet = Outlet | Toko | Nama Toko\n"
	 "item = Nama Barang | Nama Produk | Produk\n"
	 "item_id = Kode Barang | SKU\n"
	 "category = Kategori\n"
	 "quantity = Jumlah | Qty\n"
	 "unit_price = Harga Jual | Harga\n"
	 "line_total = Subtotal | Total\n"
	 "discount = Diskon | Potongan\n"
	 "channel = Tipe Pesanan | Tipe Penjualan\n"
	 "payment = Metode Bayar | Metode Pembayaran | Pembayaran\n"
	 "tax = Pajak\n"
	 "service_charge = Biaya Layanan | Service\n"},
};

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static enum clario_status set_option(struct csv_profile *p, const char *key, char *val,
				     struct clario_err *err)
{
	if (strcmp(key, "source") == 0) {
		size_t n = strlen(val);
		if (n == 0 || n >= sizeof p->source)
			return clario_err_set(err, CLARIO_EINVAL, "source: 1-32 characters");
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)val[i]) && val[i] != '_' && val[i] != '-')
				return clario_err_set(err, CLARIO_EINVAL,
						      "source: letters, digits, '-' and '_' only");
		memcpy(p->source, val, n + 1);
	} else if (strcmp(key, "date_format") == 0) {
		if (!*val || strlen(val) >= sizeof p->date_format)
			return clario_err_set(err, CLARIO_EINVAL, "date_format: 1-32 characters");
		bool d = false, m = false, y = false;
		for (const char *c = val; *c; c++) {
			int l = tolower((unsigned char)*c);
			d |= l == 'd';
			m |= l == 'm';
			y |= l == 'y';
		}
		if (!d || !m || !y)
			return clario_err_set(err, CLARIO_EINVAL,
					      "date_format: needs d, m and y, like d/m/yyyy or yyyy-mm-dd");
		memcpy(p->date_format, val, strlen(val) + 1);
	} else if (strcmp(key, "decimal") == 0) {
		if (strcmp(val, "auto") == 0)
			p->decimal = CSV_DECIMAL_AUTO;
		else if (strcmp(val, "comma") == 0 || strcmp(val, ",") == 0)
			p->decimal = CSV_DECIMAL_COMMA;
		else if (strcmp(val, "dot") == 0 || strcmp(val, ".") == 0)
			p->decimal = CSV_DECIMAL_DOT;
		else
			return clario_err_set(err, CLARIO_EINVAL, "decimal: auto, comma or dot");
	} else if (strcmp(key, "separator") == 0) {
		if (strcmp(val, "auto") == 0)
			p->sep = 0;
		else if (strcmp(val, ",") == 0 || strcmp(val, "comma") == 0)
			p->sep = ',';
		else if (strcmp(val, ";") == 0 || strcmp(val, "semicolon") == 0)
			p->sep = ';';
		else if (strcmp(val, "tab") == 0)
			p->sep = '\t';
		else
			return clario_err_set(err, CLARIO_EINVAL, "separator: auto, ',', ';' or tab");
	} else if (strcmp(key, "header") == 0) {
		if (strcmp(val, "yes") == 0 || strcmp(val, "true") == 0)
			p->header = true;
		else if (strcmp(val, "no") == 0 || strcmp(val, "false") == 0)
			p->header = false;
		else
			return clario_err_set(err, CLARIO_EINVAL, "header: yes or no");
	} else {
		return CLARIO_ENOTFOUND;
	}
	return CLARIO_OK;
}

static enum clario_status set_field(struct csv_profile *p, enum csv_field f, char *val,
				    struct clario_err *err)
{
	p->n_names[f] = 0;
	for (char *save = NULL, *tok = strtok_r(val, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		char *name = trim(tok);
		if (!*name)
			continue;
		if (p->n_names[f] == CSV_MAX_NAMES)
			return clario_err_set(err, CLARIO_EINVAL, "%s: at most %d names",
					      csv_field_key(f), CSV_MAX_NAMES);
		if (strlen(name) >= sizeof p->names[f][0])
			return clario_err_set(err, CLARIO_EINVAL, "%s: a column name over 64 bytes",
					      csv_field_key(f));
		if (name[0] == '#') {
			char *end;
			errno = 0;
			long v = strtol(name + 1, &end, 10);
			if (errno || *end || v < 1 || v > CSV_MAX_FIELDS)
				return clario_err_set(err, CLARIO_EINVAL,
						      "%s: \"%s\" is not a column number #1..#%d",
						      csv_field_key(f), name, CSV_MAX_FIELDS);
		}
		snprintf(p->names[f][p->n_names[f]++], sizeof p->names[f][0], "%s", name);
	}
	if (!p->n_names[f])
		return clario_err_set(err, CLARIO_EINVAL, "%s: needs a column name", csv_field_key(f));
	return CLARIO_OK;
}

static enum clario_status parse_into(const char *text, struct csv_profile *p,
				     struct clario_err *err)
{
	char *copy = strdup(text);
	if (!copy)
		return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	enum clario_status st = CLARIO_OK;
	int lineno = 0;
	for (char *save = NULL, *ln = strtok_r(copy, "\n", &save); ln && st == CLARIO_OK;
	     ln = strtok_r(NULL, "\n", &save)) {
		/* strtok_r skips empty lines: count the line ends before this one. */
		lineno = 1;
		for (const char *c = text; c < text + (ln - copy); c++)
			lineno += *c == '\n';
		char *line = trim(ln);
		if (!*line || *line == '#') /* a comment is a whole line */
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			st = clario_err_set(err, CLARIO_EINVAL, "line %d: expected \"key = value\"", lineno);
			break;
		}
		*eq = '\0';
		char *key = trim(line), *val = trim(eq + 1);
		for (char *k = key; *k; k++)
			*k = (char)tolower((unsigned char)*k);
		struct clario_err ferr = {0};
		enum clario_status o = set_option(p, key, val, &ferr);
		if (o == CLARIO_ENOTFOUND) {
			o = CLARIO_EINVAL;
			snprintf(ferr.msg, sizeof ferr.msg, "unknown key \"%s\"", key);
			for (int f = 0; f < CSV_F_COUNT; f++)
				if (strcmp(key, field_keys[f]) == 0)
					o = set_field(p, (enum csv_field)f, val, &ferr);
		}
		if (o != CLARIO_OK)
			st = clario_err_set(err, o, "line %d: %s", lineno, ferr.msg);
	}
	free(copy);
	if (st != CLARIO_OK)
		return st;
	if (!p->n_names[CSV_F_DATE] || !p->n_names[CSV_F_ITEM] || !p->n_names[CSV_F_QTY] ||
	    (!p->n_names[CSV_F_PRICE] && !p->n_names[CSV_F_LINE_TOTAL]))
		return clario_err_set(err, CLARIO_EINVAL,
				      "a mapping needs date, item, quantity and unit_price or line_total");
	for (int f = 0; f < CSV_F_COUNT; f++)
		for (size_t i = 0; i < p->n_names[f]; i++)
			if (!p->header && p->names[f][i][0] != '#')
				return clario_err_set(err, CLARIO_EINVAL,
						      "%s: with header = no, columns are numbers like #3",
						      field_keys[f]);
	return CLARIO_OK;
}

static void defaults(struct csv_profile *p, const char *name)
{
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	snprintf(p->source, sizeof p->source, "csv");
	snprintf(p->date_format, sizeof p->date_format, "yyyy-mm-dd");
	p->decimal = CSV_DECIMAL_AUTO;
	p->header = true;
}

enum clario_status csv_profile_builtin(const char *name, struct csv_profile *out,
				       struct clario_err *err)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(name, builtins[i].name) == 0) {
			defaults(out, name);
			enum clario_status st = parse_into(builtins[i].text, out, err);
			if (st != CLARIO_OK)
				clario_err_prefix(err, "built-in profile %s", name);
			return st;
		}
	return clario_err_set(err, CLARIO_ENOTFOUND,
			      "unknown profile \"%s\" (moka, pawoon, olsera, qasir, kasirpintar or generic)",
			      name);
}

enum clario_status csv_profile_parse(const char *text, struct csv_profile *out,
				     struct clario_err *err)
{
	defaults(out, "generic");
	return parse_into(text, out, err);
}

enum clario_status csv_profile_load(const char *path, struct csv_profile *out,
				    struct clario_err *err)
{
	enum { MAX = 64 * 1024 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return clario_err_set(err, CLARIO_EINVAL, "mapping %s: %s", path, strerror(errno));
	char *buf = malloc(MAX + 1);
	size_t len = 0;
	enum clario_status st = CLARIO_OK;
	if (!buf) {
		st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = clario_err_set(err, CLARIO_EIO, "mapping %s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > MAX) {
			st = clario_err_set(err, CLARIO_ETOOBIG, "mapping %s: over 64 KiB", path);
			goto out;
		}
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		st = clario_err_set(err, CLARIO_EINVAL, "mapping %s: not a text file", path);
		goto out;
	}
	st = out->name[0] ? parse_into(buf, out, err) : csv_profile_parse(buf, out, err);
	if (st != CLARIO_OK)
		clario_err_prefix(err, "mapping %s", path);
out:
	free(buf);
	close(fd);
	return st;
}
