/* Creates the demo's web users, branding and a host mapping, and appends the
 * e-mails and passwords to the credentials file. Passwords are random per
 * demo database; they go to that file only, never to stdout or logs. */
#include "cli/demo/demo_accounts.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/password.h"
#include "accounts/session.h"
#include "store/accounts.h"

static void random_password(char out[21])
{
	static const char abc[] = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
	for (size_t i = 0; i < 20; i++)
		out[i] = abc[randombytes_uniform(sizeof abc - 1)];
	out[20] = '\0';
}

/* The first merchant of partner index p, or -1. */
static long first_of(const struct demo_world *w, int p)
{
	for (size_t i = 0; i < w->n_merchants; i++)
		if (w->merchants[i].partner == p)
			return (long)i;
	return -1;
}

enum clario_status demo_accounts_write(struct store *s, const struct demo_world *w,
				       size_t merchant, const char *creds_path,
				       struct clario_err *err)
{
	const struct demo_merchant *big = &w->merchants[merchant];
	long pawoon_m = first_of(w, 1);
	int64_t now = (int64_t)time(NULL), id = 0, channel = 0;
	struct {
		const char *label, *email, *name, *role;
		int64_t partner, merchant;
		char pw[21];
	} users[] = {
		{"admin", "admin@clario.demo", "Clario Admin", "clario_admin", 0, 0, ""},
		{"moka_admin", "admin@moka.demo", "Moka Admin", "partner_admin", w->partners[0].id, 0, ""},
		{"pawoon_admin", "admin@pawoon.demo", "Pawoon Admin", "partner_admin", w->partners[1].id, 0, ""},
		{"owner", "owner@merchant.demo", "Merchant Owner", "merchant_owner", 0, big->id, ""},
		{"staff", "staff@merchant.demo", "Merchant Staff", "merchant_staff", 0, big->id, ""},
		{"pawoon_owner", "owner@pawoon-merchant.demo", "Pawoon Merchant Owner", "merchant_owner",
		 0, pawoon_m >= 0 ? w->merchants[pawoon_m].id : big->id, ""},
		{"channel", "partner@channel.demo", "Channel Partner", "channel_partner", 0, 0, ""},
	};
	enum clario_status st = accounts_password_init(2, 60000, err);
	/* The channel partner user is Budi Consulting's (demo_billing gave it
	 * referrals, commissions and payouts); a demo without it gets its own. */
	struct store_partner budi;
	if (st == CLARIO_OK) {
		st = store_partner_by_code(s, "budi-consulting", &budi, err);
		if (st == CLARIO_OK)
			channel = budi.id;
		else if (st == CLARIO_ENOTFOUND)
			st = store_partner_create(s, "nusantara-ref", "Nusantara Referral",
						  STORE_PARTNER_CHANNEL, &channel, err);
	}
	users[6].partner = channel;
	for (size_t i = 0; st == CLARIO_OK && i < sizeof users / sizeof *users; i++) {
		random_password(users[i].pw);
		st = accounts_user_create(s, users[i].email, users[i].name, users[i].role,
					  users[i].partner, users[i].merchant, users[i].pw, now, &id, err);
	}
	struct store_branding moka = {.partner_id = w->partners[0].id, .powered_by = true};
	snprintf(moka.product_name, sizeof moka.product_name, "Moka Analytics");
	snprintf(moka.color_primary, sizeof moka.color_primary, "#d7263d");
	snprintf(moka.color_accent, sizeof moka.color_accent, "#1b998b");
	snprintf(moka.frame_origins, sizeof moka.frame_origins, "http://127.0.0.1:8090");
	struct store_branding pawoon = {.partner_id = w->partners[1].id, .powered_by = false};
	snprintf(pawoon.product_name, sizeof pawoon.product_name, "Pawoon Analytics");
	snprintf(pawoon.color_primary, sizeof pawoon.color_primary, "#5b2a86");
	snprintf(pawoon.color_accent, sizeof pawoon.color_accent, "#f18f01");
	if (st == CLARIO_OK)
		st = store_accounts_branding_put(s, &moka, err);
	if (st == CLARIO_OK)
		st = store_accounts_branding_put(s, &pawoon, err);
	if (st == CLARIO_OK) /* try it: curl -H 'Host: analytics.pawoon.localhost' ... */
		st = store_accounts_host_put(s, "analytics.pawoon.localhost", w->partners[1].id, err);
	if (st != CLARIO_OK)
		goto out;
	FILE *f = fopen(creds_path, "a");
	if (!f) {
		st = clario_err_set(err, CLARIO_EIO, "demo: cannot append to %s: %s", creds_path,
				    strerror(errno));
		goto out;
	}
	fprintf(f, "# web sign-in (open http://127.0.0.1:8080/)\n");
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		fprintf(f, "web_%s=%s %s\n", users[i].label, users[i].email, users[i].pw);
	if (fclose(f) != 0)
		st = clario_err_set(err, CLARIO_EIO, "demo: cannot write %s", creds_path);
out:
	for (size_t i = 0; i < sizeof users / sizeof *users; i++)
		sodium_memzero(users[i].pw, sizeof users[i].pw);
	return st;
}
