/* The shared string table of a workbook with bounded memory: the first few
 * MiB of text in memory, the rest in an unlinked temp file; only a 4-byte
 * offset per string stays in memory either way. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectors/xlsx/strings.h"

void xlsx_sst_init(struct xlsx_sst *t)
{
	memset(t, 0, sizeof *t);
	t->fd = -1;
}

void xlsx_sst_free(struct xlsx_sst *t)
{
	free(t->off);
	free(t->mem);
	free(t->wbuf);
	if (t->fd >= 0)
		close(t->fd);
	xlsx_sst_init(t);
}

static enum clario_status spill_flush(struct xlsx_sst *t, struct clario_err *err)
{
	size_t done = 0;
	while (done < t->wlen) {
		ssize_t n = write(t->fd, t->wbuf + done, t->wlen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return clario_err_set(err, CLARIO_EIO, "writing the shared strings' temp file: %s",
					      strerror(errno));
		done += (size_t)n;
	}
	t->wlen = 0;
	return CLARIO_OK;
}

static enum clario_status spill(struct xlsx_sst *t, const char *s, size_t len,
				struct clario_err *err)
{
	enum { WBUF = 256 * 1024 };
	if (t->fd < 0) {
		const char *dir = getenv("TMPDIR");
		char path[4096];
		snprintf(path, sizeof path, "%s/clario-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
		t->fd = mkstemp(path);
		if (t->fd < 0)
			return clario_err_set(err, CLARIO_EIO, "a temp file for the shared strings: %s",
					      strerror(errno));
		unlink(path); /* gone with the descriptor, whatever happens */
		t->wbuf = malloc(WBUF);
		if (!t->wbuf)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
	}
	while (len) {
		size_t k = WBUF - t->wlen < len ? WBUF - t->wlen : len;
		memcpy(t->wbuf + t->wlen, s, k);
		t->wlen += k;
		s += k;
		len -= k;
		enum clario_status st;
		if (t->wlen == WBUF && (st = spill_flush(t, err)))
			return st;
	}
	return CLARIO_OK;
}

enum clario_status xlsx_sst_add(struct xlsx_sst *t, const char *s, size_t len,
				struct clario_err *err)
{
	if (t->n + 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		uint32_t *v = realloc(t->off, cap * sizeof *v);
		if (!v)
			return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
		t->off = v;
		t->cap = cap;
	}
	if (t->total + len > UINT32_MAX)
		return clario_err_set(err, CLARIO_ETOOBIG, "the shared strings exceed 4 GiB of text");
	if (t->n == 0)
		t->off[0] = 0;
	enum clario_status st = CLARIO_OK;
	if (!t->spilling && t->total + len > XLSX_STRINGS_IN_MEMORY) {
		t->spilling = true; /* from here on every string goes to the file */
		t->spill_from = t->total;
	}
	if (!t->spilling) {
		if (t->total + len > t->mem_cap) {
			size_t cap = t->mem_cap ? t->mem_cap : 64 * 1024;
			while (cap < t->total + len)
				cap *= 2;
			if (cap > XLSX_STRINGS_IN_MEMORY)
				cap = XLSX_STRINGS_IN_MEMORY;
			char *m = realloc(t->mem, cap);
			if (!m)
				return clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			t->mem = m;
			t->mem_cap = cap;
		}
		memcpy(t->mem + t->total, s, len);
		t->mem_len = t->total + len;
	} else {
		if ((st = spill(t, s, len, err)))
			return st;
	}
	t->total += len;
	t->off[++t->n] = (uint32_t)t->total;
	return CLARIO_OK;
}

enum clario_status xlsx_sst_done(struct xlsx_sst *t, struct clario_err *err)
{
	if (t->fd >= 0 && t->wlen)
		return spill_flush(t, err);
	return CLARIO_OK;
}

enum clario_status xlsx_sst_get(const struct xlsx_sst *t, size_t i, char *buf, size_t cap,
				size_t *len, struct clario_err *err)
{
	if (i >= t->n)
		return clario_err_set(err, CLARIO_EINVAL, "shared string %zu does not exist (the table has %zu)",
				      i, t->n);
	size_t a = t->off[i], n = t->off[i + 1] - a;
	if (n >= cap)
		return clario_err_set(err, CLARIO_EINVAL, "a text longer than 64 KiB");
	if (t->spilling && a >= t->spill_from) {
		size_t got = 0;
		while (got < n) {
			ssize_t k = pread(t->fd, buf + got, n - got, (off_t)(a - t->spill_from + got));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return clario_err_set(err, CLARIO_EIO, "reading the shared strings' temp file: %s",
						      k < 0 ? strerror(errno) : "short read");
			got += (size_t)k;
		}
	} else {
		memcpy(buf, t->mem + a, n);
	}
	buf[n] = '\0';
	*len = n;
	return CLARIO_OK;
}
