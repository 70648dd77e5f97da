/* `make bench`, CSV part: generates a Qasir-style export of about 200 MB
 * (CLARIO_BENCH_CSV_MB to change), imports it with `clario import` into a
 * fresh SQLite database and prints rows/s, tickets/s and the import's peak
 * resident memory (ru_maxrss of the child from wait4), then imports it again
 * (every ticket a duplicate). The same for an .xlsx workbook of about 50 MB
 * zipped (CLARIO_BENCH_XLSX_MB; 0 skips it), written by libzip from XML
 * generated on the fly (bench_xlsx.c). The memory figure is the point: it must not grow
 * with the file beyond the store's page cache and 8-32 bytes per ticket.
 * The child's CPU time is printed too: wall time depends on the machine's load. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_xlsx.h"
#include "tests/e2e/harness.h"

static const struct {
	const char *name, *category, *price;
} menu[] = {
	{"Kopi Susu Gula Aren", "Kopi", "25.000"}, {"Americano", "Kopi", "22.000"},
	{"Croissant Mentega", "Roti", "30.000,00"}, {"Nasi Goreng Kampung", "Makanan", "35.000"},
	{"Es Teh Manis", "Minuman", "8.000"},      {"Mie Ayam \"Spesial\"", "Makanan", "28.000"},
};
static const char *const channels[] = {"Dine In", "Take Away", "GoFood", "GrabFood", "ShopeeFood"};
static const char *const payments[] = {"Tunai", "QRIS", "GoPay", "OVO", "Kartu Debit"};

/* Writes the file; returns the tickets and rows written. */
static int generate(const char *path, uint64_t target, uint64_t *tickets, uint64_t *rows,
		    uint64_t *bytes)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	static char buf[1 << 20];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	uint64_t x = 0x2026112312345ULL, n = 0, r = 0;
	long pos = fprintf(f, "\xEF\xBB\xBFNo. Transaksi;Tanggal;Jam;Outlet;Nama Produk;Kategori;Jumlah;"
			      "Harga;Diskon;Tipe Penjualan;Metode Pembayaran;Pajak\r\n");
	uint64_t written = (uint64_t)pos;
	while (written < target) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int day = (int)(n / 2000 % 28) + 1, month = (int)(n / 56000 % 12) + 1;
		int hh = 7 + (int)(x % 15), mm = (int)((x >> 8) % 60), ss = (int)((x >> 16) % 60);
		int lines = 1 + (int)((x >> 24) % 4);
		const char *ch = channels[(x >> 32) % 5], *pay = payments[(x >> 40) % 5];
		for (int l = 0; l < lines; l++) {
			size_t it = (size_t)((x >> (44 + 3 * l)) % 6);
			int qty = 1 + (int)((x >> (50 + l)) % 3);
			int w = fprintf(f, "Q-%09llu;%02d/%02d/2026;%02d:%02d:%02d;Kopi Senja Kemang;\"%s\";%s;%d;%s;%s;%s;%s;%s\r\n",
					(unsigned long long)n, day, month, hh, mm, ss,
					strchr(menu[it].name, '"') ? "Mie Ayam \"\"Spesial\"\"" : menu[it].name,
					menu[it].category, qty, menu[it].price, l == 0 && x % 7 == 0 ? "2.500" : "",
					ch, pay, "");
			if (w < 0) {
				fclose(f);
				return -1;
			}
			written += (uint64_t)w;
			r++;
		}
		n++;
	}
	if (fclose(f) != 0)
		return -1;
	*tickets = n;
	*rows = r;
	*bytes = written;
	return 0;
}

static int run_import_profile(struct e2e_env *env, const char *profile, const char *csv,
			      const char *merchant, double *secs, double *cpu, long *maxrss_kb,
			      char *out, size_t out_size);

/* Runs clario import and measures it. Returns its exit status or -1. */
static int run_import(struct e2e_env *env, const char *csv, const char *merchant, double *secs,
		      double *cpu, long *maxrss_kb, char *out, size_t out_size)
{
	return run_import_profile(env, "qasir", csv, merchant, secs, cpu, maxrss_kb, out, out_size);
}

static int run_import_profile(struct e2e_env *env, const char *profile, const char *csv,
			      const char *merchant, double *secs, double *cpu, long *maxrss_kb,
			      char *out, size_t out_size)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	double t0 = e2e_now();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execl(env->clario, env->clario, "import", "--profile", profile, "--merchant", merchant,
		      "--db", env->db, csv, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd[0], out + len, out_size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*secs = e2e_now() - t0;
	*maxrss_kb = ru.ru_maxrss;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH/TO/clario\n", argv[0]);
		return 2;
	}
	uint64_t mb = 200;
	const char *env_mb = getenv("CLARIO_BENCH_CSV_MB");
	if (env_mb && *env_mb)
		mb = strtoull(env_mb, NULL, 10);
	struct e2e_env env;
	int rc = 1;
	if (e2e_env_init(&env, argv[1]) || e2e_env_setup(&env) ||
	    e2e_cli(&env, true, NULL, 0, "partners", "add", "--code", "qasir", "--name", "Qasir",
		    "--kind", "pos", NULL) ||
	    e2e_server_start(&env, NULL))
		goto out;
	int64_t m = e2e_create_merchant(&env, env.admin_key, "Kopi Senja", "cafe", "qasir");
	if (m < 0 || e2e_create_outlet(&env, env.admin_key, m, "QS-1", "Kopi Senja Kemang",
				       "Asia/Jakarta", "04:00", NULL) < 0)
		goto out;
	if (e2e_server_stop(&env) != 0)
		goto out;
	char csv[E2E_PATH_MAX + 16], merchant[32];
	snprintf(csv, sizeof csv, "%s/export.csv", env.dir);
	snprintf(merchant, sizeof merchant, "%lld", (long long)m);
	uint64_t tickets, rows, bytes;
	printf("\nCSV import: generating a %llu MB Qasir-style export...\n", (unsigned long long)mb);
	fflush(stdout);
	if (generate(csv, mb * 1000 * 1000, &tickets, &rows, &bytes)) {
		fprintf(stderr, "bench: cannot write %s: %s\n", csv, strerror(errno));
		goto out;
	}
	printf("  %llu rows, %llu tickets, %.1f MB\n", (unsigned long long)rows,
	       (unsigned long long)tickets, (double)bytes / 1e6);
	static char out[16384];
	for (int pass = 0; pass < 2; pass++) {
		double secs, cpu;
		long rss;
		int st = run_import(&env, csv, merchant, &secs, &cpu, &rss, out, sizeof out);
		char want[96];
		snprintf(want, sizeof want, "tickets: %llu created", pass ? 0ULL : (unsigned long long)tickets);
		if (st != 0 || !strstr(out, want)) {
			fprintf(stderr, "bench: clario import exited %d; expected \"%s\" in:\n%s\n", st, want, out);
			goto out;
		}
		printf("  %-34s %7.1f s (cpu %6.1f s)  %8.0f rows/s  %7.0f tickets/s  peak RSS %6.1f MB\n",
		       pass ? "re-import (all duplicates), SQLite" : "clario import, SQLite", secs, cpu,
		       (double)rows / secs, (double)tickets / secs, (double)rss / 1024.0);
		fflush(stdout);
	}

	uint64_t xmb = 50;
	const char *env_xmb = getenv("CLARIO_BENCH_XLSX_MB");
	if (env_xmb && *env_xmb)
		xmb = strtoull(env_xmb, NULL, 10);
	if (xmb) {
		char xlsx[E2E_PATH_MAX + 16];
		snprintf(xlsx, sizeof xlsx, "%s/export.xlsx", env.dir);
		printf("\nXLSX import: generating a Qasir-style workbook of about %llu MB zipped...\n",
		       (unsigned long long)xmb);
		fflush(stdout);
		struct bench_xlsx_stats xs;
		double g0 = e2e_now();
		if (bench_xlsx_write(xlsx, xmb, &xs)) {
			fprintf(stderr, "bench: cannot write %s\n", xlsx);
			goto out;
		}
		printf("  %llu rows, %llu tickets, %.1f MB zipped (sheet %.1f MB + shared strings %.1f MB of XML), written in %.1f s\n",
		       (unsigned long long)xs.rows, (unsigned long long)xs.tickets,
		       (double)xs.file_bytes / 1e6, (double)xs.sheet_bytes / 1e6,
		       (double)xs.sst_bytes / 1e6, e2e_now() - g0);
		for (int pass = 0; pass < 2; pass++) {
			double secs, cpu;
			long rss;
			int st = run_import_profile(&env, "qasir", xlsx, merchant, &secs, &cpu, &rss, out,
						    sizeof out);
			char want[96];
			snprintf(want, sizeof want, "tickets: %llu created",
				 pass ? 0ULL : (unsigned long long)xs.tickets);
			if (st != 0 || !strstr(out, want)) {
				fprintf(stderr, "bench: clario import exited %d; expected \"%s\" in:\n%s\n", st,
					want, out);
				goto out;
			}
			printf("  %-34s %7.1f s (cpu %6.1f s)  %8.0f rows/s  %7.0f tickets/s  peak RSS %6.1f MB\n",
			       pass ? "xlsx re-import (all duplicates)" : "clario import .xlsx, SQLite", secs,
			       cpu, (double)xs.rows / secs, (double)xs.tickets / secs, (double)rss / 1024.0);
			fflush(stdout);
		}
	}
	rc = 0;
out:
	if (env.pid > 0)
		e2e_server_stop(&env);
	e2e_env_release(&env);
	return rc;
}
