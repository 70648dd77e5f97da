/* Creates the demo's API keys with auth_key_create and writes them where only
 * the owner can read them. The keys are secrets: they go to the file only,
 * never to stdout or the logs. */
#include "cli/demo/demo_creds.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/auth.h"

static enum clario_status write_file(const char *path, const char *text, struct clario_err *err)
{
	enum clario_status st = CLARIO_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return clario_err_set(err, CLARIO_EIO, "demo: cannot create %s: %s", path,
				      strerror(errno));
	/* An older file keeps its mode through O_TRUNC: tighten it explicitly. */
	size_t len = strlen(text), done = 0;
	if (fchmod(fd, 0600) != 0) {
		st = clario_err_set(err, CLARIO_EIO, "demo: cannot chmod %s: %s", path, strerror(errno));
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			st = clario_err_set(err, CLARIO_EIO, "demo: cannot write %s: %s", path,
					    strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
out:
	if (close(fd) != 0 && st == CLARIO_OK)
		st = clario_err_set(err, CLARIO_EIO, "demo: cannot write %s: %s", path, strerror(errno));
	return st;
}

enum clario_status demo_credentials_write(struct store *s, const struct demo_world *w,
					  size_t merchant, const char *path,
					  struct clario_err *err)
{
	const struct demo_partner *moka = &w->partners[0];
	const struct demo_merchant *m = &w->merchants[merchant];
	int64_t m_partner = m->partner >= 0 ? w->partners[m->partner].id : 0;
	char admin[AUTH_KEY_MAX], partner[AUTH_KEY_MAX], merch[AUTH_KEY_MAX];
	char text[1024];
	enum clario_status st = auth_key_create(s, PRINCIPAL_ADMIN, 0, 0, "demo admin", admin, err);
	if (st == CLARIO_OK)
		st = auth_key_create(s, PRINCIPAL_PARTNER, moka->id, 0, "demo partner moka", partner,
				     err);
	if (st == CLARIO_OK)
		st = auth_key_create(s, PRINCIPAL_MERCHANT, m_partner, m->id, "demo merchant", merch,
				     err);
	if (st != CLARIO_OK)
		goto out;
	int len = snprintf(text, sizeof text,
			   "admin_key=%s\npartner=%s\npartner_key=%s\nmerchant_id=%lld\n"
			   "merchant_name=%s\nmerchant_key=%s\n",
			   admin, moka->code, partner, (long long)m->id, m->name, merch);
	if (len < 0 || (size_t)len >= sizeof text) {
		st = clario_err_set(err, CLARIO_EINTERNAL, "demo: credentials text too long");
		goto out;
	}
	st = write_file(path, text, err);
out:
	/* The keys were on the stack: do not leave them lying around (explicit_bzero
	 * is not optimised away like a memset of a dying buffer). */
	explicit_bzero(admin, sizeof admin);
	explicit_bzero(partner, sizeof partner);
	explicit_bzero(merch, sizeof merch);
	explicit_bzero(text, sizeof text);
	return st;
}
