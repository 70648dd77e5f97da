/* The partner programme commands: `clario billing ...` (close, invoices,
 * statements, refunds, revenue, payouts, settings, partner profiles,
 * subscriptions, audit), `clario contracts ...` and `clario referrals ...`.
 * Each is a thin shell over partners/programme.h; the usage text is in cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "partners/programme.h"

#define MAX_OPTS 40

/* Options as --name value pairs, and bare flags from a known list. */
struct opts {
	const char *name[MAX_OPTS];
	const char *value[MAX_OPTS];
	int n;
	const char *pos[4]; /* positional arguments */
	int n_pos;
};

static const char *const flags[] = {"--renew", "--exclusive", "--json", NULL};

static bool is_flag(const char *a)
{
	for (size_t i = 0; flags[i]; i++)
		if (strcmp(a, flags[i]) == 0)
			return true;
	return false;
}

static bool opts_parse(int argc, char **argv, int from, struct opts *o)
{
	*o = (struct opts){0};
	for (int i = from; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0) {
			if (o->n_pos == 4)
				return false;
			o->pos[o->n_pos++] = argv[i];
			continue;
		}
		if (o->n == MAX_OPTS)
			return false;
		o->name[o->n] = argv[i];
		if (is_flag(argv[i])) {
			o->value[o->n++] = "1";
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "clario: %s needs a value\n", argv[i]);
			return false;
		}
		o->value[o->n++] = argv[++i];
	}
	return true;
}

static const char *get(const struct opts *o, const char *name)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->name[i], name) == 0)
			return o->value[i];
	return NULL;
}

/* Every option given must be one of allowed (NULL-terminated). */
static bool only(const struct opts *o, const char *const *allowed)
{
	for (int i = 0; i < o->n; i++) {
		bool found = strcmp(o->name[i], "--db") == 0;
		for (size_t j = 0; allowed[j] && !found; j++)
			found = strcmp(o->name[i], allowed[j]) == 0;
		if (!found) {
			fprintf(stderr, "clario: unknown option %s\n", o->name[i]);
			return false;
		}
	}
	return true;
}

static bool int_opt(const struct opts *o, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
	const char *v = get(o, name);
	return !v || cli_int(name, v, lo, hi, out);
}

static bool day_opt(const struct opts *o, const char *name, day_t *out)
{
	const char *v = get(o, name);
	struct clario_err err = {0};
	if (v && tz_parse_date(v, out, &err) != CLARIO_OK) {
		fprintf(stderr, "clario: %s: %s\n", name, err.msg);
		return false;
	}
	return true;
}

static struct partners_actor actor(void)
{
	return (struct partners_actor){"cli", (instant_t)time(NULL)};
}

static int fail(const char *what, const struct clario_err *err)
{
	fprintf(stderr, "clario %s: %s\n", what, err->msg);
	return err->status == CLARIO_EINVAL ? 2 : 1;
}

static bool partner_id(struct store *s, const char *code, int64_t *id)
{
	struct store_partner p;
	struct clario_err err = {0};
	if (!code || store_partner_by_code(s, code, &p, &err) != CLARIO_OK) {
		fprintf(stderr, "clario: no partner with code \"%s\"\n", code ? code : "");
		return false;
	}
	*id = p.id;
	return true;
}

static void money(rupiah_t v, char *buf, size_t size)
{
	money_format(v, buf, size);
}

/* ---- clario billing ---- */

static int b_close(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_close_result r;
	struct partners_actor a = actor();
	if (!get(o, "--month")) {
		fprintf(stderr, "usage: clario billing close --month YYYY-MM\n");
		return 2;
	}
	if (partners_close(s, &a, get(o, "--month"), &r, &err) != CLARIO_OK)
		return fail("billing close", &err);
	printf("%s %s: %lld invoice(s), %lld statement(s)\n", get(o, "--month"),
	       r.already ? "was already closed (nothing changed)" : "closed", (long long)r.invoices,
	       (long long)r.statements);
	return 0;
}

static int b_invoices(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct store_invoice *v = NULL;
	size_t n = 0;
	if (store_billing_invoice_list(s, get(o, "--month"), 0, 0, &v, &n, &err))
		return fail("billing invoices", &err);
	for (size_t i = 0; i < n; i++) {
		char sub[32], tot[32];
		money(v[i].subtotal, sub, sizeof sub);
		money(v[i].total, tot, sizeof tot);
		printf("%-16s %-11s %s  subtotal %-16s total %-16s %s\n", v[i].number, v[i].kind,
		       v[i].month, sub, tot, v[i].note);
	}
	free(v);
	return 0;
}

static int b_invoice(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct store_invoice v;
	struct store_invoice_line *l = NULL;
	size_t n = 0;
	if (o->n_pos < 2) {
		fprintf(stderr, "usage: clario billing invoice NUMBER\n");
		return 2;
	}
	if (store_billing_invoice_by_number(s, o->pos[1], &v, &err) ||
	    store_billing_invoice_lines(s, v.id, &l, &n, &err))
		return fail("billing invoice", &err);
	char a[32], b[32], c[32];
	printf("%s (%s, %s) %s\n", v.number, v.kind, v.month, v.note);
	for (size_t i = 0; i < n; i++) {
		money(l[i].amount, a, sizeof a);
		printf("  %-70s %s\n", l[i].description, a);
	}
	money(v.subtotal, a, sizeof a);
	money(v.ppn, b, sizeof b);
	money(v.total, c, sizeof c);
	printf("  subtotal %s, PPN %d.%02d%% %s, total %s\n", a, v.ppn_bps / 100, v.ppn_bps % 100, b,
	       c);
	free(l);
	return 0;
}

static int b_refund(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct store_invoice v, cn;
	struct partners_actor a = actor();
	if (o->n_pos < 2) {
		fprintf(stderr, "usage: clario billing refund NUMBER [--reason TEXT]\n");
		return 2;
	}
	if (store_billing_invoice_by_number(s, o->pos[1], &v, &err) ||
	    partners_refund(s, &a, v.id, get(o, "--reason"), &cn, &err))
		return fail("billing refund", &err);
	char t[32];
	money(cn.total, t, sizeof t);
	printf("credit note %s for %s: %s\n", cn.number, v.number, t);
	return 0;
}

static int b_statements(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	int64_t pid = 0;
	if (get(o, "--partner") && !partner_id(s, get(o, "--partner"), &pid))
		return 2;
	struct store_statement *x = NULL;
	size_t n = 0;
	if (store_billing_statement_list(s, pid, get(o, "--month"), &x, &n, &err))
		return fail("billing statements", &err);
	for (size_t i = 0; i < n; i++) {
		char g[32], p[32], c[32];
		money(x[i].gross, g, sizeof g);
		money(x[i].partner_share, p, sizeof p);
		money(x[i].clario_share, c, sizeof c);
		struct store_partner_profile pp;
		if (store_billing_partner_get(s, x[i].partner_id, &pp, &err))
			return fail("billing statements", &err);
		printf("#%-5lld %s %-10s %-8s gross %-16s partner %-16s clario %s\n",
		       (long long)x[i].id, x[i].month, x[i].kind, pp.code, g, p, c);
	}
	free(x);
	return 0;
}

static int b_statement(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	int64_t id;
	if (o->n_pos < 2 || !cli_int("ID", o->pos[1], 1, INT64_MAX, &id))
		return 2;
	struct store_statement x;
	struct store_statement_line *l = NULL;
	size_t n = 0;
	if (store_billing_statement_get(s, id, &x, &err) ||
	    store_billing_statement_lines(s, id, &l, &n, &err))
		return fail("billing statement", &err);
	printf("statement #%lld %s %s (partner %lld, %d bps)\n", (long long)x.id, x.kind, x.month,
	       (long long)x.partner_id, (int)x.partner_bps);
	for (size_t i = 0; i < n; i++) {
		char g[32], p[32], c[32];
		money(l[i].gross, g, sizeof g);
		money(l[i].partner_share, p, sizeof p);
		money(l[i].clario_share, c, sizeof c);
		printf("  %-32.32s %2d/%2d days  %-14s %-14s %-14s %s\n", l[i].merchant_name,
		       (int)l[i].days_active, (int)l[i].days_in_month, g, p, c, l[i].note);
	}
	char g[32], p[32], c[32];
	money(x.gross, g, sizeof g);
	money(x.partner_share, p, sizeof p);
	money(x.clario_share, c, sizeof c);
	printf("  total gross %s, partner %s, clario %s\n", g, p, c);
	free(l);
	return 0;
}

static int b_revenue(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_revenue *r = NULL;
	size_t n = 0;
	rupiah_t total;
	if (!get(o, "--month")) {
		fprintf(stderr, "usage: clario billing revenue --month YYYY-MM\n");
		return 2;
	}
	if (partners_revenue_month(s, get(o, "--month"), &r, &n, &total, &err))
		return fail("billing revenue", &err);
	char t[32];
	for (size_t i = 0; i < n; i++) {
		money(r[i].revenue, t, sizeof t);
		printf("%-10s %-12s %-18s %3d.%02d%%\n", r[i].channel,
		       r[i].partner_code[0] ? r[i].partner_code : "-", t, r[i].share_bps / 100,
		       r[i].share_bps % 100);
	}
	money(total, t, sizeof t);
	printf("total      %-12s %s\n", "", t);
	free(r);
	return 0;
}

static int b_payouts(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_actor a = actor();
	const char *sub = o->n_pos > 1 ? o->pos[1] : "list";
	if (strcmp(sub, "run") == 0) {
		int64_t threshold = -1, n = 0;
		if (!int_opt(o, "--threshold", 0, MONEY_MAX, &threshold))
			return 2;
		if (partners_payouts_run(s, &a, threshold, &n, &err))
			return fail("billing payouts", &err);
		printf("%lld payout(s) created\n", (long long)n);
		return 0;
	}
	if (strcmp(sub, "mark") == 0) {
		int64_t id;
		if (o->n_pos < 4 || !cli_int("ID", o->pos[2], 1, INT64_MAX, &id)) {
			fprintf(stderr, "usage: clario billing payouts mark ID paid|failed\n");
			return 2;
		}
		if (partners_payout_set(s, &a, id, o->pos[3], &err))
			return fail("billing payouts", &err);
		printf("payout %lld %s\n", (long long)id, o->pos[3]);
		return 0;
	}
	struct store_payout *p = NULL;
	size_t n = 0;
	if (store_billing_payout_list(s, 0, &p, &n, &err))
		return fail("billing payouts", &err);
	for (size_t i = 0; i < n; i++) {
		char t[32];
		money(p[i].amount, t, sizeof t);
		printf("#%lld partner %lld %s %s\n", (long long)p[i].id, (long long)p[i].partner_id, t,
		       p[i].status);
	}
	free(p);
	return 0;
}

static int b_settings(struct store *s, const struct opts *o)
{
	static const struct {
		const char *opt, *key;
		int64_t dflt, hi;
	} keys[] = {
		{"--ppn-bps", "ppn_bps", PARTNERS_DEFAULT_PPN_BPS, 10000},
		{"--attribution-days", "attribution_days", PARTNERS_DEFAULT_ATTRIBUTION_DAYS, 3650},
		{"--payout-threshold", "payout_threshold", PARTNERS_DEFAULT_PAYOUT_THRESHOLD, MONEY_MAX},
	};
	struct clario_err err = {0};
	struct partners_actor a = actor();
	for (size_t i = 0; i < 3; i++) {
		int64_t v, old;
		if (!get(o, keys[i].opt))
			continue;
		if (!int_opt(o, keys[i].opt, 0, keys[i].hi, &v))
			return 2;
		if (store_billing_setting_get(s, keys[i].key, keys[i].dflt, &old, &err) ||
		    store_begin(s, &err))
			return fail("billing settings", &err);
		if (store_billing_setting_set(s, keys[i].key, v, &err) ||
		    partners_audit(s, &a, "setting.update", keys[i].key, 0,
				   json_pack("{s:I}", keys[i].key, (json_int_t)old),
				   json_pack("{s:I}", keys[i].key, (json_int_t)v), &err) ||
		    store_commit(s, &err)) {
			store_rollback(s);
			return fail("billing settings", &err);
		}
	}
	for (size_t i = 0; i < 3; i++) {
		int64_t v;
		if (store_billing_setting_get(s, keys[i].key, keys[i].dflt, &v, &err))
			return fail("billing settings", &err);
		printf("%s=%lld\n", keys[i].key, (long long)v);
	}
	return 0;
}

static int b_partner(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_actor a = actor();
	int64_t pid;
	if (o->n_pos < 2 || !partner_id(s, o->pos[1], &pid)) {
		fprintf(stderr, "usage: clario billing partner CODE [--tier T] [--status S]"
				" [--contact NAME --email E --phone P --role R]\n");
		return 2;
	}
	if ((get(o, "--tier") || get(o, "--status")) &&
	    partners_profile_set(s, &a, pid, get(o, "--tier"), get(o, "--status"), &err))
		return fail("billing partner", &err);
	if (get(o, "--contact")) {
		struct store_contact c = {.partner_id = pid};
		snprintf(c.name, sizeof c.name, "%s", get(o, "--contact"));
		snprintf(c.email, sizeof c.email, "%s", get(o, "--email") ? get(o, "--email") : "");
		snprintf(c.phone, sizeof c.phone, "%s", get(o, "--phone") ? get(o, "--phone") : "");
		snprintf(c.role, sizeof c.role, "%s", get(o, "--role") ? get(o, "--role") : "");
		int64_t id;
		if (partners_contact_add(s, &a, &c, &id, &err))
			return fail("billing partner", &err);
	}
	struct store_partner_profile p;
	struct store_contact *c = NULL;
	size_t n = 0;
	if (store_billing_partner_get(s, pid, &p, &err) ||
	    store_billing_contact_list(s, pid, &c, &n, &err))
		return fail("billing partner", &err);
	printf("%s %s (%s) tier=%s status=%s\n", p.code, p.name, p.kind, p.tier, p.status);
	for (size_t i = 0; i < n; i++)
		printf("  contact %s <%s> %s %s\n", c[i].name, c[i].email, c[i].phone, c[i].role);
	free(c);
	return 0;
}

static int b_subscribe(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_actor a = actor();
	struct store_subscription x = {0};
	if (!int_opt(o, "--merchant", 1, INT64_MAX, &x.merchant_id) ||
	    !int_opt(o, "--price", 0, MONEY_MAX, &x.price) || !day_opt(o, "--start", &x.start_day) ||
	    !day_opt(o, "--end", &x.end_day))
		return 2;
	if (get(o, "--partner") && !partner_id(s, get(o, "--partner"), &x.partner_id))
		return 2;
	snprintf(x.source, sizeof x.source, "%s", get(o, "--source") ? get(o, "--source") : "direct");
	snprintf(x.plan, sizeof x.plan, "%s", get(o, "--plan") ? get(o, "--plan") : "analytics");
	if (partners_sub_add(s, &a, &x, &err))
		return fail("billing subscribe", &err);
	printf("subscription %lld\n", (long long)x.id);
	return 0;
}

static int b_cancel_pause(struct store *s, const struct opts *o, bool pause)
{
	struct clario_err err = {0};
	struct partners_actor a = actor();
	int64_t id = 0;
	day_t end = 0, from = 0, to = 0;
	if (!int_opt(o, "--subscription", 1, INT64_MAX, &id) || !day_opt(o, "--end", &end) ||
	    !day_opt(o, "--from", &from) || !day_opt(o, "--to", &to) || !id ||
	    (!pause && !end) || (pause && (!from || !to))) {
		fprintf(stderr, "usage: clario billing cancel --subscription ID --end DATE\n"
				"       clario billing pause --subscription ID --from DATE --to DATE\n");
		return 2;
	}
	enum clario_status st = pause ? partners_sub_pause(s, &a, id, from, to, &err)
				      : partners_sub_cancel(s, &a, id, end, &err);
	if (st)
		return fail(pause ? "billing pause" : "billing cancel", &err);
	printf("subscription %lld %s\n", (long long)id, pause ? "paused" : "cancelled");
	return 0;
}

static int b_audit(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	int64_t limit = 50;
	if (!int_opt(o, "--limit", 1, 100000, &limit))
		return 2;
	struct store_audit *r = NULL;
	size_t n = 0;
	if (store_audit_list(s, NULL, 0, (size_t)limit, &r, &n, &err))
		return fail("billing audit", &err);
	for (size_t i = 0; i < n; i++) {
		char t[21];
		tz_format_rfc3339_utc(r[i].at, t);
		printf("%s %-10s %-22s %s/%lld before=%s after=%s\n", t, r[i].actor, r[i].action,
		       r[i].entity, (long long)r[i].entity_id, r[i].before[0] ? r[i].before : "-",
		       r[i].after[0] ? r[i].after : "-");
	}
	free(r);
	return 0;
}

int cli_billing(int argc, char **argv)
{
	static const char *const allowed[] = {
		"--month", "--reason", "--partner", "--threshold", "--ppn-bps", "--attribution-days",
		"--payout-threshold", "--tier", "--status", "--contact", "--email", "--phone",
		"--role", "--merchant", "--price", "--start", "--end", "--source", "--plan",
		"--subscription", "--from", "--to", "--limit", NULL};
	struct opts o;
	if (argc < 2 || !opts_parse(argc, argv, 1, &o) || !only(&o, allowed) || o.n_pos < 1) {
		fprintf(stderr, "usage: clario billing close|invoices|invoice|refund|statements|"
				"statement|revenue|payouts|settings|partner|subscribe|cancel|pause|"
				"audit [options] (see clario help)\n");
		return 2;
	}
	struct store *s = cli_open_store(cli_db_url(get(&o, "--db")), false);
	if (!s)
		return 1;
	const char *c = o.pos[0];
	int rc = strcmp(c, "close") == 0        ? b_close(s, &o)
		 : strcmp(c, "invoices") == 0   ? b_invoices(s, &o)
		 : strcmp(c, "invoice") == 0    ? b_invoice(s, &o)
		 : strcmp(c, "refund") == 0     ? b_refund(s, &o)
		 : strcmp(c, "statements") == 0 ? b_statements(s, &o)
		 : strcmp(c, "statement") == 0  ? b_statement(s, &o)
		 : strcmp(c, "revenue") == 0    ? b_revenue(s, &o)
		 : strcmp(c, "payouts") == 0    ? b_payouts(s, &o)
		 : strcmp(c, "settings") == 0   ? b_settings(s, &o)
		 : strcmp(c, "partner") == 0    ? b_partner(s, &o)
		 : strcmp(c, "subscribe") == 0  ? b_subscribe(s, &o)
		 : strcmp(c, "cancel") == 0     ? b_cancel_pause(s, &o, false)
		 : strcmp(c, "pause") == 0      ? b_cancel_pause(s, &o, true)
		 : strcmp(c, "audit") == 0      ? b_audit(s, &o)
						: -1;
	if (rc < 0) {
		fprintf(stderr, "clario billing: unknown subcommand \"%s\"\n", c);
		rc = 2;
	}
	store_close(s);
	return rc;
}

/* ---- clario contracts ---- */

static int contracts_add(struct store *s, const struct opts *o)
{
	struct clario_err err = {0};
	struct partners_actor a = actor();
	struct store_contract c = {0};
	int64_t price = 0, split = 0, first = 0, resol = 0, mkt = 0, fee = 0, hfee = 0, hmin = 0,
		comm = 0, months = 0, claw = 0;
	if (!partner_id(s, get(o, "--partner"), &c.partner_id))
		return 2;
	if (!get(o, "--model") || !day_opt(o, "--from", &c.effective_from) ||
	    !day_opt(o, "--start", &c.start_day) || !day_opt(o, "--end", &c.end_day) ||
	    !day_opt(o, "--oem-due", &c.oem_fee_due) ||
	    !int_opt(o, "--price", 1, MONEY_MAX, &price) ||
	    !int_opt(o, "--split", 0, BPS_ONE, &split) ||
	    !int_opt(o, "--sla-first", 0, 10000, &first) ||
	    !int_opt(o, "--sla-resolution", 0, 10000, &resol) ||
	    !int_opt(o, "--marketing", 0, MONEY_MAX, &mkt) ||
	    !int_opt(o, "--oem-fee", 0, MONEY_MAX, &fee) ||
	    !int_opt(o, "--hosting-fee", 0, MONEY_MAX, &hfee) ||
	    !int_opt(o, "--hosting-min", 0, MONEY_MAX, &hmin) ||
	    !int_opt(o, "--commission", 0, BPS_ONE, &comm) ||
	    !int_opt(o, "--months", 0, 120, &months) || !int_opt(o, "--clawback", 0, 3650, &claw)) {
		fprintf(stderr, "usage: clario contracts add --partner CODE --model MODEL --start DATE"
				" [options] (see clario help)\n");
		return 2;
	}
	/* A new version starts from the latest one's terms: only what is given changes. */
	struct store_contract *prev = NULL;
	size_t n_prev = 0;
	if (store_billing_contract_list(s, c.partner_id, &prev, &n_prev, &err))
		return fail("contracts add", &err);
	if (n_prev) {
		struct store_contract base = prev[n_prev - 1];
		base.effective_from = c.effective_from;
		if (get(o, "--start"))
			base.start_day = c.start_day;
		else if (!c.effective_from)
			base.effective_from = c.start_day;
		if (get(o, "--end"))
			base.end_day = c.end_day;
		if (get(o, "--oem-due"))
			base.oem_fee_due = c.oem_fee_due;
		c = base;
	}
	free(prev);
#define SET(opt, field, v) if (get(o, opt) || !n_prev) c.field = v
	snprintf(c.model, sizeof c.model, "%s", get(o, "--model"));
	if (get(o, "--support") || !n_prev)
		snprintf(c.support_by, sizeof c.support_by, "%s",
			 get(o, "--support") ? get(o, "--support") : "");
	if (get(o, "--hosting") || !n_prev)
		snprintf(c.hosting_mode, sizeof c.hosting_mode, "%s",
			 get(o, "--hosting") ? get(o, "--hosting") : "");
	if (get(o, "--brand") || !n_prev)
		snprintf(c.brand_name, sizeof c.brand_name, "%s", get(o, "--brand") ? get(o, "--brand") : "");
	SET("--renew", auto_renew, get(o, "--renew") != NULL);
	SET("--exclusive", exclusive, get(o, "--exclusive") != NULL);
	SET("--powered-by", powered_by,
	    !get(o, "--powered-by") || strcmp(get(o, "--powered-by"), "off") != 0);
	SET("--price", addon_price, price);
	SET("--split", partner_bps, (int32_t)split);
	SET("--sla-first", sla_first_response_h, (int32_t)first);
	SET("--sla-resolution", sla_resolution_h, (int32_t)resol);
	SET("--marketing", marketing_commitment, mkt);
	SET("--oem-fee", oem_fee, fee);
	SET("--hosting-fee", hosting_fee, hfee);
	SET("--hosting-min", hosting_minimum, hmin);
	SET("--commission", commission_bps, (int32_t)comm);
	SET("--months", commission_months, (int32_t)months);
	SET("--clawback", clawback_days, (int32_t)claw);
#undef SET
	if (partners_contract_add(s, &a, &c, &err))
		return fail("contracts add", &err);
	char from[11];
	tz_format_date(c.effective_from, from);
	printf("contract %lld: %s version %lld from %s\n", (long long)c.id, c.model,
	       (long long)c.version, from);
	return 0;
}

int cli_contracts(int argc, char **argv)
{
	static const char *const allowed[] = {
		"--partner", "--model", "--from", "--start", "--end", "--renew", "--price", "--split",
		"--support", "--sla-first", "--sla-resolution", "--exclusive", "--marketing",
		"--oem-fee", "--oem-due", "--hosting", "--hosting-fee", "--hosting-min",
		"--powered-by", "--brand", "--commission", "--months", "--clawback", NULL};
	struct opts o;
	if (argc < 2 || !opts_parse(argc, argv, 1, &o) || !only(&o, allowed) || o.n_pos != 1 ||
	    (strcmp(o.pos[0], "add") != 0 && strcmp(o.pos[0], "list") != 0)) {
		fprintf(stderr, "usage: clario contracts add|list [options] (see clario help)\n");
		return 2;
	}
	struct store *s = cli_open_store(cli_db_url(get(&o, "--db")), false);
	if (!s)
		return 1;
	int rc = 0;
	if (strcmp(o.pos[0], "add") == 0) {
		rc = contracts_add(s, &o);
	} else {
		int64_t pid = 0;
		struct store_contract *c = NULL;
		size_t n = 0;
		struct clario_err err = {0};
		if (get(&o, "--partner") && !partner_id(s, get(&o, "--partner"), &pid))
			rc = 2;
		else if (store_billing_contract_list(s, pid, &c, &n, &err))
			rc = fail("contracts list", &err);
		for (size_t i = 0; i < n; i++) {
			json_t *j = partners_contract_json(&c[i]);
			char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;
			printf("%s\n", txt ? txt : "(out of memory)");
			free(txt);
			json_decref(j);
		}
		free(c);
	}
	store_close(s);
	return rc;
}

/* ---- clario referrals ---- */

int cli_referrals(int argc, char **argv)
{
	static const char *const allowed[] = {"--partner", "--code", "--visitor", "--via",
					      "--merchant", "--email", NULL};
	struct opts o;
	if (argc < 2 || !opts_parse(argc, argv, 1, &o) || !only(&o, allowed) || o.n_pos != 1) {
		fprintf(stderr, "usage: clario referrals code|touch|attribute|list [options]\n");
		return 2;
	}
	struct store *s = cli_open_store(cli_db_url(get(&o, "--db")), false);
	if (!s)
		return 1;
	struct clario_err err = {0};
	struct partners_actor a = actor();
	int rc = 0;
	int64_t pid = 0, mid = 0, id = 0;
	const char *c = o.pos[0];
	if (get(&o, "--partner") && !partner_id(s, get(&o, "--partner"), &pid)) {
		rc = 2;
	} else if (strcmp(c, "code") == 0) {
		if (partners_code_add(s, &a, pid, get(&o, "--code"), &id, &err))
			rc = fail("referrals code", &err);
		else
			printf("code %s, link https://clario.id/r/%s\n", get(&o, "--code"),
			       get(&o, "--code"));
	} else if (strcmp(c, "touch") == 0) {
		if (partners_touch(s, get(&o, "--code"), get(&o, "--visitor"),
				   get(&o, "--via") ? get(&o, "--via") : "link", a.now, &err))
			rc = fail("referrals touch", &err);
	} else if (strcmp(c, "attribute") == 0) {
		struct store_attribution out;
		if (!int_opt(&o, "--merchant", 1, INT64_MAX, &mid))
			rc = 2;
		else if (partners_attribute(s, &a, mid, get(&o, "--code"), get(&o, "--visitor"),
					    get(&o, "--email"), get(&o, "--via"), &out, &err))
			rc = fail("referrals attribute", &err);
		else
			printf("merchant %lld attributed to partner %lld via %s\n", (long long)mid,
			       (long long)out.partner_id, out.via);
	} else if (strcmp(c, "list") == 0) {
		struct store_attribution *at = NULL;
		size_t n = 0;
		if (store_billing_attr_list(s, pid, &at, &n, &err))
			rc = fail("referrals list", &err);
		for (size_t i = 0; i < n; i++)
			printf("merchant %lld partner %lld via %s converted %s\n",
			       (long long)at[i].merchant_id, (long long)at[i].partner_id, at[i].via,
			       at[i].conversion_month[0] ? at[i].conversion_month : "-");
		free(at);
	} else {
		fprintf(stderr, "clario referrals: unknown subcommand \"%s\"\n", c);
		rc = 2;
	}
	store_close(s);
	return rc;
}
