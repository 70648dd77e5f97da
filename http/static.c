/* Static files for the web application: a strict path check (no traversal, no
 * dot files), a fixed table of types, and a size limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http/http.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
};

static bool path_ok(const char *p)
{
	if (*p != '/' || strlen(p) > 200)
		return false;
	bool seg_start = true;
	for (; *p; p++) {
		if (*p == '/') {
			if (p[1] == '/' || p[1] == '\0')
				return false;
			seg_start = true;
			continue;
		}
		if (seg_start && *p == '.')
			return false;
		seg_start = false;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return false;
	}
	return true;
}

void http_serve_file(struct http_ctx *c, const char *root, const char *url_path, size_t max)
{
	const char *type = NULL;
	const char *dot = strrchr(url_path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			type = types[i].type;
	char path[1024];
	struct stat sb;
	FILE *f = NULL;
	char *data = NULL;
	if (!type || !path_ok(url_path) ||
	    (size_t)snprintf(path, sizeof path, "%s%s", root, url_path) >= sizeof path ||
	    stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max ||
	    !(f = fopen(path, "rb")))
		goto missing;
	size_t len = (size_t)sb.st_size;
	data = malloc(len ? len : 1);
	if (!data || fread(data, 1, len, f) != len)
		goto missing;
	fclose(f);
	http_reply_raw(c, 200, type, data, len);
	c->cache = "no-cache";
	return;
missing:
	if (f)
		fclose(f);
	free(data);
	http_error(c, CLARIO_ENOTFOUND, "no such file");
}
