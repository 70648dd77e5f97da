/* clario report partners|risk and clario pilots list|report: the partner
 * programme's scorecards, concentration risk and pilot verdicts as text
 * tables, computed by programme/report.h straight from the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "programme/report.h"

static void pct(char *buf, size_t size, struct programme_ratio r)
{
	if (!r.den) {
		snprintf(buf, size, "-");
		return;
	}
	int64_t v = programme_ratio_scaled(r, 1000); /* tenths of a percent */
	snprintf(buf, size, "%s%lld.%lld%%", v < 0 ? "-" : "", (long long)(llabs(v) / 10),
		 (long long)(llabs(v) % 10));
}

static void x100(char *buf, size_t size, bool known, int64_t v)
{
	if (!known)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%s%lld.%02lld", v < 0 ? "-" : "", (long long)(llabs(v) / 100),
			 (long long)(llabs(v) % 100));
}

static void nps_cell(char *buf, size_t size, const struct programme_nps *n)
{
	char a[32], b[32];
	x100(a, sizeof a, n->answers > 0, programme_nps_x100(n));
	x100(b, sizeof b, n->answers > 0, programme_nps_mean_x100(n));
	snprintf(buf, size, "%s/%s n=%lld", a, b, (long long)n->answers);
}

static void row(const char *label, const struct programme_scorecard *s)
{
	char conv[32], adop[32], cp[32], cd[32], share[32], sla[32], mn[96], pn[96], rev[32];
	pct(conv, sizeof conv, (struct programme_ratio){s->converted, s->referrals});
	pct(adop, sizeof adop, (struct programme_ratio){s->active_merchants, s->merchants});
	pct(cp, sizeof cp, s->churn_partner);
	pct(cd, sizeof cd, s->churn_direct);
	pct(share, sizeof share, (struct programme_ratio){s->revenue, s->total_revenue});
	pct(sla, sizeof sla, (struct programme_ratio){s->sla_met, s->sla_evaluated});
	nps_cell(mn, sizeof mn, &s->merchant_nps);
	nps_cell(pn, sizeof pn, &s->partner_nps);
	money_format(s->revenue, rev, sizeof rev);
	printf("%-12s %-7s %5lld %7s %5lld %5lld/%-5lld %7s %7s %7s %18s %7s %4lld %7s  %-20s %-20s\n",
	       s->code, label, (long long)s->referrals, conv, (long long)s->new_paying,
	       (long long)s->active_merchants, (long long)s->merchants, adop, cp, cd, rev, share,
	       (long long)s->tickets, sla, mn, pn);
}

static int report_partners(struct store *st, int32_t month, const char *code)
{
	struct clario_err err = {0};
	struct programme_activity_cfg act;
	struct programme_scorecard *one = NULL, *three = NULL;
	size_t n1 = 0, n3 = 0;
	int64_t partner = -1;
	struct store_partner sp;
	if (code) {
		if (store_partner_by_code(st, code, &sp, &err)) {
			fprintf(stderr, "clario report: no partner \"%s\"\n", code);
			return 1;
		}
		partner = sp.id;
	}
	int64_t now = (int64_t)time(NULL);
	if (programme_activity_from_env(&act, &err) ||
	    programme_scorecards(st, partner, month, month, now, &act, &one, &n1, &err) ||
	    programme_scorecards(st, partner, month - 2, month, now, &act, &three, &n3, &err)) {
		fprintf(stderr, "clario report: %s\n", err.msg);
		free(one);
		return 1;
	}
	char ms[8];
	programme_month_format(month, ms);
	printf("Partner scorecards, %s (row 2: trailing 3 months)\n", ms);
	printf("%-12s %-7s %5s %7s %5s %11s %7s %7s %7s %18s %7s %4s %7s  %-20s %-20s\n", "partner",
	       "period", "refs", "conv", "new", "active/all", "adopt", "churnP", "churnD", "revenue",
	       "share", "tkts", "SLA", "merchant NPS/mean", "partner NPS/mean");
	for (size_t i = 0; i < n1 && i < n3; i++) {
		row("month", &one[i]);
		row("3 mo", &three[i]);
	}
	if (n1 && !one[0].has_revenue)
		printf("(billing has not closed %s: revenue and share show 0 until"
		       " `clario billing close --month %s`)\n", ms, ms);
	printf("\nadopt: merchants active (>= %d day/week) in >= %d of the last %d weeks."
	       " churnP/churnD: partner-sourced vs direct (subscriptions paying the day before"
	       " the period that end in it).\nRevenue: Clario's revenue of closed billing months"
	       " (`clario billing revenue`); refs/conv: referral attributions and first paid"
	       " months; new: partner-sourced merchants whose first subscription starts in the"
	       " period.\nNPS = %% 9-10 minus %% 0-6; partner NPS target: mean > 8.\n",
	       act.min_days, act.weeks_required, act.weeks_window);
	free(one);
	free(three);
	return 0;
}

static int report_risk(struct store *st, int32_t month)
{
	struct clario_err err = {0};
	struct programme_risk_cfg cfg = PROGRAMME_RISK_DEFAULT;
	struct programme_targets t = PROGRAMME_TARGETS_DEFAULT;
	struct programme_risk_report r;
	const char *w = getenv("CLARIO_RISK_WARN_PCT");
	int64_t v;
	if (w && *w) {
		if (!cli_int("CLARIO_RISK_WARN_PCT", w, 1, 30, &v))
			return 2;
		cfg.warn_bps = (int32_t)v * 100;
	}
	if (programme_risk(st, month, &cfg, &t, &r, &err)) {
		fprintf(stderr, "clario report: %s\n", err.msg);
		return 1;
	}
	char ms[8], buf[32], tot[32];
	programme_month_format(month, ms);
	printf("Revenue concentration, %s (warning above %d%%, limit %d%%)\n", ms,
	       cfg.warn_bps / 100, cfg.limit_bps / 100);
	if (!r.month_closed)
		printf("(billing has not closed %s: no revenue to judge yet)\n", ms);
	printf("%-12s %18s %18s %7s %-8s %s\n", "partner", "revenue", "total", "share", "level",
	       "above warning");
	for (size_t i = 0; i < r.n; i++) {
		struct store_partner sp;
		char since[8] = "-";
		if (r.rows[i].above_since >= 0)
			programme_month_format(r.rows[i].above_since, since);
		bool found = store_partner_get(st, r.rows[i].partner_id, &sp, &err) == CLARIO_OK;
		money_format(r.rows[i].revenue, buf, sizeof buf);
		money_format(r.rows[i].total, tot, sizeof tot);
		printf("%-12s %18s %18s %6lld.%02lld%% %-8s %d month(s) since %s\n", found ? sp.code : "?",
		       buf, tot, (long long)(r.rows[i].share_bps / 100),
		       (long long)(r.rows[i].share_bps % 100), programme_risk_name(r.rows[i].level),
		       r.rows[i].months_above_warn, since);
	}
	const struct programme_target_progress *p = &r.targets;
	money_format(p->partner_revenue, buf, sizeof buf);
	money_format(t.partner_revenue, tot, sizeof tot);
	printf("\nYear-2 targets (year to date): active partnerships %d (target %d-%d) %s;"
	       " partner revenue %s of %s (%lld%%); partner share %lld.%02lld%% (target %d%%) %s\n",
	       p->active_partnerships, t.min_partnerships, t.max_partnerships,
	       p->partnerships_ok ? "ok" : "off target", buf, tot,
	       (long long)(p->partner_revenue_progress_bps / 100),
	       (long long)(p->partner_share_bps / 100), (long long)(p->partner_share_bps % 100),
	       t.partner_share_bps / 100, p->share_ok ? "ok" : "below");
	programme_risk_free(&r);
	return 0;
}

int cli_report(int argc, char **argv)
{
	const char *db = NULL, *month_s = NULL, *partner = NULL;
	bool bad = false;
	const char *what = argc > 1 ? argv[1] : "";
	for (int i = 2; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--month", &month_s, &bad) &&
		    !cli_opt(argc, argv, &i, "--partner", &partner, &bad))
			bad = true;
	int32_t month = 0;
	struct clario_err err = {0};
	if (bad || (strcmp(what, "partners") && strcmp(what, "risk")) || !month_s) {
		fprintf(stderr, "usage: clario report (partners [--partner CODE] | risk) --month YYYY-MM"
				" [--db F]\n");
		return 2;
	}
	if (programme_month_parse(month_s, &month, &err)) {
		fprintf(stderr, "clario report: %s\n", err.msg);
		return 2;
	}
	struct store *st = cli_open_store(cli_db_url(db), false);
	if (!st)
		return 1;
	int rc = strcmp(what, "partners") == 0 ? report_partners(st, month, partner)
					       : report_risk(st, month);
	store_close(st);
	tz_cache_free();
	return rc;
}

static int pilot_report(struct store *st, int64_t id, day_t as_of)
{
	struct clario_err err = {0};
	struct programme_activity_cfg act;
	struct programme_pilot_report r;
	if (programme_activity_from_env(&act, &err) ||
	    programme_pilot_report(st, id, as_of, &act, &r, &err)) {
		fprintf(stderr, "clario pilots: %s\n", err.msg);
		return 1;
	}
	char from[11], to[11], d[11], a[32];
	tz_format_date(r.pilot.start_day, from);
	tz_format_date(r.pilot.end_day, to);
	tz_format_date(as_of, d);
	pct(a, sizeof a, r.adoption);
	printf("Pilot %lld \"%s\", %s to %s, as of %s: %lld of %zu merchants adopting (%s)\n",
	       (long long)r.pilot.id, r.pilot.name, from, to, d, (long long)r.adoption.num,
	       r.n_cohort, a);
	printf("%-18s %9s %9s %-9s  weekly trend\n", "criterion", "threshold", "value", "verdict");
	for (size_t i = 0; i < r.n_crit; i++) {
		const struct programme_criterion_state *c = &r.crit[i];
		char th[32], v[32];
		x100(th, sizeof th, true, c->threshold);
		x100(v, sizeof v, c->known, c->value);
		printf("%-18s %9s %9s %-9s ", c->metric, th, v, programme_verdict_name(c->verdict));
		for (size_t w = 0; w < r.n_weeks; w++) {
			x100(v, sizeof v, c->trend_known[w], c->trend[w]);
			printf(" %s", v);
		}
		printf("%s%s\n", c->note ? "  # " : "", c->note ? c->note : "");
	}
	printf("not adopting:");
	for (size_t i = 0; i < r.n_cohort; i++)
		if (!r.adopting[i]) {
			struct store_merchant m;
			bool found = store_merchant_get(st, r.cohort[i], &m, &err) == CLARIO_OK;
			printf(" %lld (%s)", (long long)r.cohort[i], found ? m.name : "?");
		}
	printf("\nadoption %%, lifts in %%/points, satisfaction_mean on 0-10, satisfaction_nps -100..100\n");
	programme_pilot_report_free(&r);
	return 0;
}

int cli_pilots(int argc, char **argv)
{
	const char *db = NULL, *as_of_s = NULL;
	const char *what = argc > 1 ? argv[1] : "";
	bool bad = false;
	int64_t id = 0;
	int first = strcmp(what, "report") == 0 ? 3 : 2;
	if (first == 3 && (argc < 3 || !cli_int("pilot id", argv[2], 1, INT64_MAX, &id)))
		bad = true;
	for (int i = first; i < argc && !bad; i++)
		if (!cli_opt(argc, argv, &i, "--db", &db, &bad) &&
		    !cli_opt(argc, argv, &i, "--as-of", &as_of_s, &bad))
			bad = true;
	if (bad || (strcmp(what, "report") && strcmp(what, "list"))) {
		fprintf(stderr, "usage: clario pilots (list | report ID [--as-of YYYY-MM-DD]) [--db F]\n");
		return 2;
	}
	struct clario_err err = {0};
	day_t as_of = (day_t)((int64_t)time(NULL) / 86400);
	if (as_of_s && tz_parse_date(as_of_s, &as_of, &err)) {
		fprintf(stderr, "clario pilots: --as-of: %s\n", err.msg);
		return 2;
	}
	struct store *st = cli_open_store(cli_db_url(db), false);
	if (!st)
		return 1;
	int rc = 0;
	if (first == 3) {
		rc = pilot_report(st, id, as_of);
	} else {
		struct store_pilot *list = NULL;
		size_t n = 0;
		if (store_programme_pilot_list(st, -1, &list, &n, &err)) {
			fprintf(stderr, "clario pilots: %s\n", err.msg);
			rc = 1;
		}
		for (size_t i = 0; i < n; i++) {
			char f[11], t[11];
			tz_format_date(list[i].start_day, f);
			tz_format_date(list[i].end_day, t);
			printf("%lld\t%s\t%s..%s\n", (long long)list[i].id, list[i].name, f, t);
		}
		free(list);
	}
	store_close(st);
	tz_cache_free();
	return rc;
}
