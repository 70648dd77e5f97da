/* libcurl requests with retry, Retry-After and jittered exponential backoff. */
#include "connectors/client.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct connectors_client {
	CURL *curl;
	unsigned retries;
	unsigned backoff_ms;
	unsigned max_wait_s;
};

static unsigned env_uint(const char *name, unsigned dflt, unsigned lo, unsigned hi)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return dflt;
	unsigned long x = strtoul(v, &end, 10);
	return *end || x < lo || x > hi ? dflt : (unsigned)x;
}

enum clario_status connectors_client_new(struct connectors_client **out, struct clario_err *err)
{
	static bool inited;
	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = true;
	}
	struct connectors_client *c = calloc(1, sizeof *c);
	if (!c || !(c->curl = curl_easy_init())) {
		free(c);
		return clario_err_set(err, CLARIO_ENOMEM, "could not create an HTTP client");
	}
	c->retries = env_uint("CLARIO_SYNC_RETRIES", 5, 1, 20);
	c->backoff_ms = env_uint("CLARIO_SYNC_BACKOFF_MS", 500, 1, 600000);
	c->max_wait_s = env_uint("CLARIO_SYNC_MAX_WAIT_S", 60, 1, 3600);
	*out = c;
	return CLARIO_OK;
}

void connectors_client_free(struct connectors_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

struct sink {
	char *buf;
	size_t len, cap;
	bool too_big;
	long retry_after;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t add = size * n;
	if (s->len + add > CONNECTORS_BODY_MAX) {
		s->too_big = true;
		return 0;
	}
	if (s->len + add + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 16384;
		while (cap < s->len + add + 1)
			cap *= 2;
		char *b = realloc(s->buf, cap);
		if (!b)
			return 0;
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, add);
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = size * n;
	if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		char tmp[32];
		size_t k = len - 12 < sizeof tmp - 1 ? len - 12 : sizeof tmp - 1;
		memcpy(tmp, p + 12, k);
		tmp[k] = '\0';
		char *end;
		long v = strtol(tmp, &end, 10);
		/* Only the delta-seconds form; an HTTP date falls back to backoff. */
		if (end != tmp && v >= 0)
			s->retry_after = v;
	}
	return len;
}

static void sleep_ms(unsigned long ms)
{
	struct timespec ts = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

enum clario_status connectors_client_do(struct connectors_client *c, const char *method,
					const char *url, const char *bearer,
					const char *content_type, const char *body,
					struct connectors_resp *out, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	struct curl_slist *hdr = NULL;
	char line[4200];
	memset(out, 0, sizeof *out);
	if (bearer) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", bearer);
		hdr = curl_slist_append(hdr, line);
	}
	if (content_type) {
		snprintf(line, sizeof line, "Content-Type: %s", content_type);
		hdr = curl_slist_append(hdr, line);
	}
	hdr = curl_slist_append(hdr, "Accept: application/json");
	char last[256] = "";
	for (unsigned attempt = 1; attempt <= c->retries; attempt++) {
		struct sink s = {.retry_after = -1};
		CURL *h = c->curl;
		curl_easy_reset(h);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, &s);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		if (strcmp(method, "POST") == 0) {
			curl_easy_setopt(h, CURLOPT_POST, 1L);
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
		}
		CURLcode rc = curl_easy_perform(h);
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		out->attempts = attempt;
		if (rc == CURLE_OK && status != 429 && status < 500) {
			out->status = status;
			out->body = s.buf ? s.buf : calloc(1, 1);
			out->len = s.len;
			if (!out->body)
				st = clario_err_set(err, CLARIO_ENOMEM, "out of memory");
			goto out;
		}
		free(s.buf);
		if (s.too_big) {
			st = clario_err_set(err, CLARIO_ETOOBIG, "%s: answer larger than %u bytes", url,
					    CONNECTORS_BODY_MAX);
			goto out;
		}
		if (rc != CURLE_OK)
			snprintf(last, sizeof last, "%s", curl_easy_strerror(rc));
		else
			snprintf(last, sizeof last, "HTTP %ld", status);
		if (attempt == c->retries)
			break;
		/* Full jitter on an exponential ceiling, or the vendor's Retry-After
		 * (never beyond max_wait_s). */
		unsigned long ceiling = (unsigned long)c->backoff_ms << (attempt - 1 < 16 ? attempt - 1 : 16);
		unsigned long wait = ceiling / 2 + randombytes_uniform((uint32_t)(ceiling / 2 + 1));
		if (status == 429 && s.retry_after >= 0)
			wait = (unsigned long)s.retry_after * 1000UL;
		if (wait > (unsigned long)c->max_wait_s * 1000UL)
			wait = (unsigned long)c->max_wait_s * 1000UL;
		sleep_ms(wait);
	}
	st = clario_err_set(err, CLARIO_EIO, "vendor unavailable: %s %s failed %u times (last: %s)",
			    method, url, c->retries, last);
out:
	curl_slist_free_all(hdr);
	return st;
}

void connectors_resp_free(struct connectors_resp *r)
{
	free(r->body);
	r->body = NULL;
}

bool connectors_urlencode(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') || strchr("-_.~", ch);
		if (o + (plain ? 1 : 3) >= size)
			return false;
		if (plain) {
			out[o++] = (char)ch;
		} else {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 15];
		}
	}
	out[o] = '\0';
	return true;
}
