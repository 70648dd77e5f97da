/* Test doubles of the POS vendors' APIs: one real HTTP server (libmicrohttpd,
 * loopback, its own thread) speaking Moka's, Pawoon's and Olsera's documented
 * formats (POS-APIS.md) over a generated day of sales, with the faults the
 * sync must survive: token expiry and refresh-token rotation, 429 with
 * Retry-After, 5xx, slow pages, malformed items, Olsera's 404 on empty days.
 * The double computes its own totals from its own data (the "vendor's
 * report"), independently of Clario. Thread-safe (one lock). */
#ifndef CLARIO_TESTS_E2E_VENDOR_DOUBLE_H
#define CLARIO_TESTS_E2E_VENDOR_DOUBLE_H

#include <stdbool.h>
#include <stdint.h>

/* What the vendor's own reports say for the generated sales. */
struct vd_totals {
	int64_t tickets;        /* closed sales */
	int64_t gross;          /* Σ qty × (price + modifiers) */
	int64_t discounts;      /* line + ticket discounts */
	int64_t service;
	int64_t tax;            /* Σ per-ticket tax rounded half away from zero */
	int64_t tax_hundredths; /* Σ exact tax in 1/100 rupiah, as the vendor sums it */
	int64_t collected;
	int64_t refunds;        /* net item sales given back */
	int64_t refund_count;
	int64_t voids;
	int64_t malformed;      /* items served broken on purpose (not in the totals) */
};

struct vd_config {
	uint64_t seed;
	int per_outlet;          /* sales per outlet per day */
	int days;                /* consecutive days from 2026-11-18 */
	int empty_day;           /* 0-based day with no orders (Olsera 404), -1: none */
	int expires_in;          /* access token lifetime in seconds */
	int with_refund;         /* 1: one refund of an earlier sale (Moka) */
	int with_malformed;      /* 1: one broken transaction per outlet */
};

struct vendor_double;

/* Starts on 127.0.0.1:0; the base URLs are then vd_url(d, "moka"), ... */
struct vendor_double *vd_start(const struct vd_config *cfg);
void vd_stop(struct vendor_double *d);
/* "http://127.0.0.1:PORT/moka" (or pawoon, olsera): borrowed. */
const char *vd_url(struct vendor_double *d, const char *vendor);
void vd_totals(struct vendor_double *d, const char *vendor, struct vd_totals *out);

/* Faults, each applying to the next requests of any vendor's data endpoints. */
void vd_fail_next(struct vendor_double *d, int n, int status, int retry_after);
void vd_delay_ms(struct vendor_double *d, int ms);
/* Lifetime of the tokens issued from now on. */
void vd_set_expires(struct vendor_double *d, int seconds);
/* Expires the access tokens issued so far (refresh tokens stay valid). */
void vd_expire_access(struct vendor_double *d);
/* Revokes every issued token (refresh included): the merchant must reconnect. */
void vd_revoke_all(struct vendor_double *d);

struct vd_counters {
	int token_requests, refreshes, refresh_reuse; /* reuse: an old refresh token presented */
	int data_requests, unauthorized, served_429, served_5xx;
	double min_gap_after_429;                    /* seconds between a 429 and the next request */
	int detail_requests;
};
void vd_counters(struct vendor_double *d, struct vd_counters *out);

#endif
